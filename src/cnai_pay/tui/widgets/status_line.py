"""One line under the filter: how many platforms are shown, the filters, the country and the data's age."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from ..styled import StatusStyled


class StatusLine(StatusStyled, Widget):
    """Redrawn in place on every filter change; its size never changes, so no new layout is needed."""

    COMPONENT_CLASSES = StatusStyled.COMPONENT_CLASSES

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The line in full, and shorter (short method names, fewer words) for a narrow terminal.
        self.texts = (Text(), Text())

    def render(self) -> Text:
        full, short = self.texts
        return full if full.cell_len <= self.size.width - 2 else short

    def show(
        self,
        shown: int,
        total: int,
        filters: list[str],
        age_text: str,
        stale: bool,
        country: str | None = None,
        short_filters: list[str] | None = None,
    ) -> None:
        self.texts = (
            self.line(f"{shown} of {total} platforms", filters, age_text, stale, country, "filters: ", " (x clears)"),
            self.line(
                f"{shown}/{total}",
                short_filters or filters,
                age_text.replace("data as of ", "data "),
                stale,
                country,
                "",
                "",
            ),
        )
        self.refresh()

    def line(
        self, count: str, filters: list[str], age_text: str, stale: bool, country: str | None, label: str, hint: str
    ) -> Text:
        # The data's age comes right after the count, so a long filter never pushes it out of sight.
        text = Text()
        text.append(count, style="bold")
        text.append(" · ")
        text.append(age_text, style=self.named_style("old") if stale else "dim")
        if country:
            text.append(f" · for {country}", style="bold")
        if filters:
            text.append(f" · {label}")
            text.append(" · ".join(filters), style="italic")
            text.append(hint, style="dim")
        return text
