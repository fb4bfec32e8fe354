"""The base of the detail panes: a title, the pane's content, the footer, and Esc to go back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from ...domain.catalog import Catalog
from ..breakpoints import preset_breakpoints
from ..styled import StatusStyled
from ..widgets.app_header import AppHeader
from ..widgets.key_footer import KeyFooter


class PaneScreen(StatusStyled, Screen[None]):
    PANE_TITLE = ""
    # Below 20 rows the panes drop their explanatory footers to keep the content in sight.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    # Textual collects component classes from DOM classes only: restate the mixin's.
    COMPONENT_CLASSES = StatusStyled.COMPONENT_CLASSES
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        preset_breakpoints(self)
        yield AppHeader()
        yield from self.compose_pane()
        yield KeyFooter()

    def compose_pane(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = self.PANE_TITLE
