"""Where a checklist went that an app could not save when it was closed: said at the next start.

A second app on the same folder opens read-only. When its terminal closes while it holds ticks it
could not save, they are exported without asking (`tui/stop_signals.py`); this note in the user's
folder keeps where, so the next app that starts on the folder says so, once.

Two apps may close at once, and one may start as another closes: a path is added by appending
one line in a single write, and the note is taken by renaming it away before it is read, so
neither loses the other's line. Each line is a JSON string (a folder's name may hold a new line).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .. import fileio
from ..text import clean_text

NOTE_NAME = "exported-on-close.txt"
# The newest this many are said; the note is read with a bound like every file.
_KEPT = 10
_NOTE_LIMIT = 64 * 1024
_APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def remember(folder: Path, exported: Path) -> None:
    """Adds `exported` to the note in `folder` (the checklists' own, which the apps share); a note
    that cannot be written only costs the message. Never through a link planted as the note."""
    line = (json.dumps(str(exported), ensure_ascii=True) + "\n").encode("ascii")
    try:
        handle = os.open(folder / NOTE_NAME, _APPEND, 0o600)
    except OSError:  # a link, a folder that cannot be written
        return
    try:
        if stat.S_ISREG(os.fstat(handle).st_mode):
            os.write(handle, line)
    except OSError:
        pass
    finally:
        os.close(handle)


def take(folder: Path) -> list[str]:
    """The files noted in `folder` since the last start, as they may be shown; the note is then gone."""
    note = folder / NOTE_NAME
    taken = folder / f".{NOTE_NAME}.{os.getpid()}.taken"
    try:
        if not stat.S_ISREG(os.lstat(note).st_mode):
            return []  # a link or anything else planted there is neither read nor removed
        os.replace(note, taken)  # a line appended from now on starts a new note
    except OSError:
        return []
    try:
        text = fileio.read_text(taken, _NOTE_LIMIT)
    except OSError:
        text = ""
    finally:
        try:
            taken.unlink()
        except OSError:
            pass
    return [clean_text(path) for path in _paths(text)][-_KEPT:]


def _paths(text: str) -> list[str]:
    paths = []
    for line in text.splitlines():
        try:
            path = json.loads(line)
        except ValueError:
            continue  # damaged, or not written here
        if isinstance(path, str) and path.strip():
            paths.append(path)
    return paths
