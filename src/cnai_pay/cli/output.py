"""Writing to the terminal or a pipe: colour when wanted, ASCII marks when the glyphs cannot be encoded."""

from __future__ import annotations

import os
import sys

from ..domain.model import Status
from ..domain.vocabulary import ASCII_GLYPHS, GLYPHS
from ..text import clean_text

# Colour only reinforces the glyph and word; callers turn it off for pipes, NO_COLOR and TERM=dumb.
STATUS_SGR = {
    Status.SUPPORTED: "32",
    Status.NOT_SUPPORTED: "31",
    Status.CONDITIONAL: "33",
    Status.UNKNOWN: "2",
}
BOLD, DIM, REVERSE, UNDERLINE, ITALIC = "1", "2", "7", "4", "3"

# Each glyph's ASCII stand-in keeps its meaning: Y, N, ~ and ? never collide.
_ASCII = str.maketrans(
    {
        **{GLYPHS[s]: ASCII_GLYPHS[s] for s in Status},
        "×": "x",
        "·": "-",
        "—": "-",
        "–": "-",
        "…": "...",
        "─": "-",
        "●": "*",
        "⚠": "!",
        "→": "->",
        "↑": "^",
        "↓": "v",
        "✎": "note:",
    }
)


def paint(text: str, color: bool, *codes: str) -> str:
    if not color or not codes:
        return text
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


def use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def needs_ascii(stream: object = None) -> bool:
    encoding = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        "".join(GLYPHS.values()).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def emit(text: str) -> None:
    """Write to stdout; where the glyphs cannot be encoded, their ASCII stand-ins."""
    if needs_ascii():
        text = text.translate(_ASCII)
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        text = text.encode(encoding, errors="replace").decode(encoding, errors="replace")
    sys.stdout.write(text)
    sys.stdout.flush()


def emit_document(text: str) -> None:
    """Write a file's text to stdout (`-o -`) as UTF-8 bytes: the same document whatever the terminal's encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's capture): it takes the text as it is
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def warn(text: str) -> None:
    """A message on stderr, safe whatever stderr can encode (and silent when it is closed).

    Messages quote paths and values from files: control characters never reach the terminal.
    """
    if sys.stderr is None:
        return
    text = clean_text(text, newlines=True)
    encoding = getattr(sys.stderr, "encoding", None) or "ascii"
    if needs_ascii(sys.stderr):
        text = text.translate(_ASCII)
    sys.stderr.write(text.encode(encoding, errors="replace").decode(encoding, errors="replace") + "\n")
    sys.stderr.flush()
