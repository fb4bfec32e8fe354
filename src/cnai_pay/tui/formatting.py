"""Small Rich-text helpers shared by the panes: citing a source, a status, a heading."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from ..catalog import STALE_AFTER_DAYS
from ..model import Source, Status

# Colour only reinforces the glyph and word. Under NO_COLOR the terminal shows
# colours as greys, and a red "✗ no" turns nearly invisible, so colour is dropped
# from the styles instead (bold, italic and reverse stay).
STATUS_STYLES = {
    Status.SUPPORTED: "green",
    Status.NOT_SUPPORTED: "red",
    Status.CONDITIONAL: "yellow",
    Status.UNKNOWN: "dim",
}
_ATTRIBUTES = {"bold", "italic", "underline", "reverse", "strike", "not"}
_use_colour = True


def set_colour(enabled: bool) -> None:
    global _use_colour
    _use_colour = enabled


def tint(style: str) -> str:
    """The style as given, or without its colours when colour is off."""
    if _use_colour:
        return style
    return " ".join(word for word in style.split() if word in _ATTRIBUTES)


def status_style(status: Status) -> str:
    return tint(STATUS_STYLES[status])


def status_text(status: Status) -> Text:
    return Text.assemble((f"{status.glyph} {status.label}", status_style(status)))


def citation(source: Source) -> Text:
    """'Title (kind, page date)' — enough to judge a fact at a glance."""
    return Text.assemble(
        ("— ", "dim"), (source.title, "italic"), (f" ({source.kind.label}, {source.page_date_text})", "dim")
    )


def source_block(source: Source, indent: str = "") -> Text:
    """Title, publisher, kind, dates and URL on separate lines."""
    text = Text()
    text.append(indent)
    text.append(source.title, style="bold")
    text.append(f" — {source.publisher}\n")
    text.append(indent)
    text.append(
        f"{source.kind.label} · page dated {source.page_date_text} · read {source.read_on.isoformat()}\n",
        style="dim",
    )
    text.append(indent)
    text.append(source.url, style="underline")
    return text


def is_old(source: Source, today: dt.date) -> bool:
    age = source.age_days(today)
    return age is not None and age > STALE_AFTER_DAYS


def heading(text: str) -> Text:
    # A styled span, not a base style: text appended after it stays plain.
    return Text.assemble((text, "bold underline"))
