"""A one-line progress bar with its count, redrawn in place: a tick never asks for a new layout."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

BAR_WIDTH = 16


class ProgressLine(Widget):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.done = 0
        self.total = 0

    def render(self) -> Text:
        filled = round(BAR_WIDTH * self.done / self.total) if self.total else 0
        text = Text("█" * filled, style="bold")
        text.append("░" * (BAR_WIDTH - filled), style="dim")
        text.append(f" {self.done} of {self.total} done")
        return text

    def show(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.refresh()
