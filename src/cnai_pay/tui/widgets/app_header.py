"""The app's header line: its name, then what the screen on top is about.

Our own rather than Textual's Header, whose icon draws as a missing glyph in many
terminal fonts and whose centred title reads as a demo.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class AppHeader(Horizontal):
    def __init__(self) -> None:
        super().__init__()
        # Kept, not queried: the screen may be popped while a title update is on its way.
        self.title_label = Static("", id="header-title", markup=False)

    def compose(self) -> ComposeResult:
        yield Static(" cnai-pay ", id="header-brand", markup=False)
        yield self.title_label

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self.show_title)

    def show_title(self, title: str | None) -> None:
        self.title_label.update(title or self.app.sub_title)
