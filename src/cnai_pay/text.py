"""Plain-text helpers shared by the command line and the app: safe text, widths, wrapping.

Text from a file (data, a checklist) never reaches the terminal raw: control
characters, escape sequences among them, are removed before it is shown or
printed. No Textual, no Rich.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# The bidirectional marks and overrides and the characters that show as nothing: zero-width
# spaces and joiners, line separators, the byte-order mark, the soft hyphen, the Hangul fillers,
# variation selectors, tags and the other format characters Unicode says to ignore. As escapes
# (a regex class's body), for this module's patterns and the data's own (`domain.model`).
INVISIBLE = (
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    r"\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# With the C0 and C1 control characters and DEL, a tab and a new line aside: what no text from a
# file may hold (the data's rules and the cache's check read this class too).
CONTROL_CHARACTERS = rf"\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}"
CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
_CONTROL_NO_NEWLINE = re.compile(rf"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")

GAP = "  "


def clean_text(text: str, newlines: bool = False) -> str:
    """`text` with control characters removed (tabs become spaces; newlines kept when asked)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if newlines:
        return CONTROL.sub("", text)
    return _CONTROL_NO_NEWLINE.sub("", text.replace("\n", " "))


# The longest a value the user typed is quoted back in a message: a 100,000-character id
# echoed whole is not "one clear line".
QUOTED_WIDTH = 60


def visible(text: str) -> str:
    """`text` with every character that would not show as itself spelled as an escape (`\\x1b`, `\\u202e`).

    For values quoted back in a message: removing an invisible character would make the value
    look like the one it failed to be ("unknown method 'visa'" for a zero-width space in it).
    A surrogate (a byte of a command-line argument that was not UTF-8) shows as that byte.
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(repr(ch)[1:-1])
    return "".join(out)


def quoted(text: str) -> str:
    """What the user typed, as a message quotes it: quoted, hidden characters escaped, cut to QUOTED_WIDTH."""
    # A bounded prefix first: a 100,000-character value is never escaped whole.
    return "'" + truncate(visible(text[: QUOTED_WIDTH * 2]), QUOTED_WIDTH) + "'"


def display_width(text: str) -> int:
    """Terminal columns taken by `text` (wide East Asian characters count twice)."""
    if text.isascii():  # no ASCII character is wide or combining: the common case, without a loop
        return len(text)
    return _wide_width(text)


@functools.lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    # Tables measure the same few glyph cells (✓ yes, ✗ no…) hundreds of times.
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def truncate(text: str, width: int) -> str:
    """Cut `text` to at most `width` columns, ending with … when cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int | None, indent: str = "", first: str | None = None, cut: bool = True) -> list[str]:
    """Wrap prose at word boundaries, never mid-word.

    A single word wider than `width` is cut with … when `cut` (tables must fit),
    or left whole (a URL in the evidence must stay copyable). `first` replaces
    `indent` on the first line.
    """
    first = indent if first is None else first
    if width is None:
        return [first + text]
    import textwrap

    lines = textwrap.wrap(
        text,
        width=max(width, len(first) + 1, len(indent) + 1),
        initial_indent=first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first]
    return [truncate(line, width) for line in lines] if cut else lines


def flow(items: Sequence[str], width: int | None, sep: str = GAP) -> list[str]:
    """Pack short items into lines no wider than `width`, breaking only between items."""
    if width is None:
        return [sep.join(items)]
    lines: list[str] = []
    current = ""
    for item in items:
        item = truncate(item, width)
        candidate = f"{current}{sep}{item}" if current else item
        if current and display_width(candidate) > width:
            lines.append(current)
            current = item
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines
