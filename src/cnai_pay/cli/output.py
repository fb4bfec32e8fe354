"""Writing to the terminal or a pipe: colour when wanted, ASCII marks when the glyphs cannot be encoded."""

from __future__ import annotations

import os
import sys

from ..domain.model import Status
from ..domain.vocabulary import ASCII_GLYPHS, BRANDLESS_MARK, GLYPHS
from ..text import clean_text, display_width

# Colour only reinforces the glyph and word; callers turn it off for pipes, NO_COLOR and TERM=dumb.
STATUS_SGR = {
    Status.SUPPORTED: "32",
    Status.NOT_SUPPORTED: "31",
    Status.CONDITIONAL: "33",
    Status.UNKNOWN: "2",
}
BOLD, DIM, REVERSE, UNDERLINE, ITALIC = "1", "2", "7", "4", "3"

# Each glyph's ASCII stand-in keeps its meaning: Y, N, ~ and ? never collide, nor do the marks
# (° alone would become the unknown's "?"). Where text is laid out in columns (tables, the app)
# a stand-in takes the columns its glyph took: "…" is one column, so one dot.
_ASCII = str.maketrans(
    {
        **{GLYPHS[s]: ASCII_GLYPHS[s] for s in Status},
        BRANDLESS_MARK: "^",
        "×": "x",
        "·": "-",
        "—": "-",
        "–": "-",
        "…": ".",
        "─": "-",
        "●": "*",
        "⚠": "!",
        "→": "->",
        "↑": "^",
        "↓": "v",
        "✎": "note:",
    }
)


ASCII_ERRORS = "cnai-pay-ascii"


# In the app every character holds its cells on the screen: a wider stand-in would push the rest of
# the line to the right. These take one column where the commands' prose spells them out.
_ONE_COLUMN = {"→": ">", "✎": "#"}


def _ascii_stand_in(char: str) -> str:
    """What a character the output cannot encode is written as: its stand-in, never a bare '?' for a
    mark, and exactly as wide as the character was on the screen."""
    width = display_width(char)
    stand_in = _ONE_COLUMN.get(char) or _stand_in(char)
    return stand_in[:width] + " " * (width - len(stand_in)) if len(stand_in) != width else stand_in


def _stand_in(char: str) -> str:
    import unicodedata

    mapped = char.translate(_ASCII)
    if mapped != char:
        return mapped
    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing: the app's rules and borders
        name = unicodedata.name(char, "")
        return "-" if "HORIZONTAL" in name else "|" if "VERTICAL" in name else "+"
    if 0x2580 <= code <= 0x259F:  # block elements: scroll bars
        return "|" if "EIGHTH" in unicodedata.name(char, "") else "#"
    if unicodedata.category(char) == "Zs":
        return " "
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def _ascii_errors(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_ascii_stand_in(ch) for ch in text), error.end


def plain_terminal(stream: object = None) -> bool:
    """The terminal takes no colour (TERM=dumb, NO_COLOR) or cannot encode the glyphs."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb" or needs_ascii(stream)


def degrade_streams() -> None:
    """For the app, as for the commands: where the glyphs cannot be encoded, their ASCII stand-ins
    (through an encoding error handler on the terminal's streams), and no colour on a plain terminal."""
    import codecs

    if not plain_terminal(sys.__stdout__) and not plain_terminal(sys.__stderr__):
        return
    os.environ["NO_COLOR"] = "1"  # Textual reads it when first imported
    try:
        codecs.lookup_error(ASCII_ERRORS)
    except LookupError:
        codecs.register_error(ASCII_ERRORS, _ascii_errors)
    for stream in (sys.__stdout__, sys.__stderr__):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and needs_ascii(stream):
            reconfigure(errors=ASCII_ERRORS)


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
