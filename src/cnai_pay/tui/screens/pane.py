"""The base of the detail panes: a title, the pane's content, the footer, and Esc to go back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...catalog import Catalog


class PaneScreen(Screen):
    PANE_TITLE = ""
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_pane()
        yield Footer()

    def compose_pane(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = self.PANE_TITLE
