"""One line under the filter: how many platforms are shown, the active filters and the data's age."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    """Redrawn in place on every filter change; its size never changes, so no new layout is needed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = Text()

    def render(self) -> Text:
        return self.text

    def show(self, shown: int, total: int, filters: list[str], age_text: str, stale: bool) -> None:
        text = Text()
        text.append(f"{shown} of {total} platforms", style="bold")
        if filters:
            text.append(" · filters: ")
            text.append(" · ".join(filters), style="italic")
            text.append(" (x clears)", style="dim")
        text.append(" · ")
        text.append(age_text, style="bold red" if stale else "dim")
        self.text = text
        self.refresh()
