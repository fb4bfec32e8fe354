"""Where a checklist went that an app could not save when it was closed: said at the next start.

A second app on the same folder opens read-only. When its terminal closes while it holds ticks it
could not save, they are exported without asking (`tui/stop_signals.py`); this note in the user's
folder keeps where, so the next app that starts on the folder says so, once.
"""

from __future__ import annotations

from pathlib import Path

from .. import fileio
from ..errors import ExportError
from ..text import clean_text

NOTE_NAME = "exported-on-close.txt"
# The newest this many are kept and said; the note is read with a bound like every file.
_KEPT = 10
_NOTE_LIMIT = 64 * 1024


def remember(folder: Path, exported: Path) -> None:
    """Adds `exported` to the note in `folder` (the checklists' own, which the apps share); a note
    that cannot be written only costs the message."""
    note = folder / NOTE_NAME
    kept = [*_lines(note), str(exported)][-_KEPT:]
    try:
        fileio.atomic_write(note, "".join(f"{line}\n" for line in kept), private=True)
    except (OSError, ExportError):
        pass


def take(folder: Path) -> list[str]:
    """The files noted in `folder` since the last start, as they may be shown; the note is then removed."""
    note = folder / NOTE_NAME
    lines = _lines(note)
    if lines:
        try:
            note.unlink()
        except OSError:
            pass
    return [clean_text(line) for line in lines]


def _lines(note: Path) -> list[str]:
    try:
        text = fileio.read_text(note, _NOTE_LIMIT)
    except OSError:  # none yet, or not one to read (a folder, a pipe, too large)
        return []
    return [line for line in text.splitlines() if line.strip()][-_KEPT:]
