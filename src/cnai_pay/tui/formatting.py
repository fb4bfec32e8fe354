"""Small Rich-text helpers shared by the panes: citing a source, a status, a heading."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from ..catalog import STALE_AFTER_DAYS
from ..model import Source, Status

# Colour only reinforces the glyph and word; NO_COLOR turns it off.
STATUS_STYLES = {
    Status.SUPPORTED: "green",
    Status.NOT_SUPPORTED: "red",
    Status.CONDITIONAL: "yellow",
    Status.UNKNOWN: "dim",
}


def status_text(status: Status, long: bool = True) -> Text:
    return Text.assemble((f"{status.glyph} {status.label if long else status.word}", STATUS_STYLES[status]))


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
