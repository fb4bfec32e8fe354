"""Shown instead of a broken layout when the terminal is below the smallest usable size."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 40
MIN_HEIGHT = 12


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """Covers everything; the app removes it as soon as the terminal is large enough again."""

    # The message says q quits: a modal screen hides the app's own keys, so it binds q itself.
    BINDINGS = [Binding("q", "app.quit", "Quit"), Binding("ctrl+q", "app.quit", "Quit", show=False)]

    def compose(self) -> ComposeResult:
        yield Static(self.message(self.app.size.width, self.app.size.height), id="too-small")

    @staticmethod
    def message(width: int, height: int) -> str:
        return f"Terminal too small ({width}×{height}). cnai-pay needs {MIN_WIDTH}×{MIN_HEIGHT}: enlarge it. q quits."

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(self.message(width, height))
