"""Small Rich-text builders shared by the panes: citing a source, a heading.

Every piece of text from the data or a file goes in as plain text (never
parsed as markup) with its control characters removed.
"""

from __future__ import annotations

import datetime as dt

from rich.style import Style
from rich.text import Text

from ..domain.catalog import STALE_AFTER_DAYS
from ..domain.model import Source
from ..domain.vocabulary import SOURCE_KIND_LABELS
from ..text import clean_text


def plain(text: str, style: str | Style = "") -> Text:
    """Text shown as written: no markup, no control characters."""
    return Text(clean_text(text), style=style)


def citation(source: Source) -> Text:
    """'— Title (kind, page date)': enough to judge a fact at a glance."""
    return Text.assemble(
        ("— ", "dim"),
        (source.title, "italic"),
        (f" ({SOURCE_KIND_LABELS[source.kind]}, {source.page_date_text})", "dim"),
    )


def source_block(source: Source, indent: str = "") -> Text:
    """Title, publisher, kind, dates and URL on separate lines."""
    text = Text()
    text.append(indent)
    text.append(source.title, style="bold")
    text.append(f" — {source.publisher}\n")
    text.append(indent)
    text.append(
        f"{SOURCE_KIND_LABELS[source.kind]} · {source.page_dated} · read {source.read_on.isoformat()}\n",
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
