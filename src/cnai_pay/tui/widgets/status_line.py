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
        self.text = Text()

    def render(self) -> Text:
        return self.text

    def show(self, shown: int, total: int, filters: list[str], age_text: str, stale: bool,
             country: str | None = None) -> None:
        # The data's age comes right after the count, so a long filter never pushes it out of sight.
        text = Text()
        text.append(f"{shown} of {total} platforms", style="bold")
        text.append(" · ")
        text.append(age_text, style=self.named_style("old") if stale else "dim")
        if country:
            text.append(f" · for {country}", style="bold")
        if filters:
            text.append(" · filters: ")
            text.append(" · ".join(filters), style="italic")
            text.append(" (x clears)", style="dim")
        self.text = text
        self.refresh()
