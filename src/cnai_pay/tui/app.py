"""The cnai-pay Textual application: the grid, its filters and the screens reached from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ..catalog import Catalog, GridFilter
from ..model import PlatformKind
from .commands import FilterCommands
from .screens.evidence import EvidenceScreen
from .screens.method_picker import MethodPickerScreen
from .widgets.filter_bar import FilterInput
from .widgets.platform_grid import PlatformGrid
from .widgets.status_line import StatusLine

KIND_CYCLE = (None, PlatformKind.DIRECT, PlatformKind.GATEWAY)
# Actions that act on the grid; disabled (and hidden from the footer) on other screens.
GRID_ACTIONS = {
    "focus_filter", "pick_accepts", "pick_wallet", "cycle_kind", "set_kind", "toggle_refundable",
    "clear_filters", "show_evidence",
}
LEGEND = "✓ yes  ✗ no  ◐ conditional  ? unknown  ! disputed  ·  Enter: evidence"


class CnaiPayApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "cnai-pay"
    SUB_TITLE = "paying for Chinese AI APIs from abroad"
    COMMANDS = App.COMMANDS | {FilterCommands}

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="filter"),
        Binding("a", "pick_accepts", "Accepts", id="accepts"),
        Binding("w", "pick_wallet", "Wallet", id="wallet"),
        Binding("k", "cycle_kind", "Kind", id="kind"),
        Binding("b", "toggle_refundable", "Refund ok", id="refundable"),
        Binding("x", "clear_filters", "Clear", id="clear"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, catalog: Catalog, today: dt.date | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        # Injected so that the data's age on screen is deterministic in tests.
        self.today = today or dt.date.today()
        self.grid_filter = GridFilter()

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(id="filter")
        yield StatusLine(id="status")
        yield PlatformGrid(self.catalog, id="grid")
        yield Static(LEGEND, id="legend")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_grid()
        self.query_one(PlatformGrid).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GRID_ACTIONS and len(self.screen_stack) > 1:
            return False
        return True

    # -- filtering -----------------------------------------------------------

    def set_filter(self, **changes) -> None:
        self.grid_filter = replace(self.grid_filter, **changes)
        self.refresh_grid()

    def refresh_grid(self) -> None:
        platforms = self.catalog.filter_platforms(self.grid_filter)
        self.query_one(PlatformGrid).show(platforms, self.grid_filter)
        names = {m.id: m.name for m in self.catalog.methods}
        self.query_one(StatusLine).show(
            len(platforms),
            len(self.catalog.platforms),
            self.grid_filter.describe(names),
            self.catalog.age_text(self.today),
            self.catalog.is_stale(self.today),
        )

    def on_input_changed(self, event: FilterInput.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.set_filter(text=event.value)

    def on_filter_input_leave(self, event: FilterInput.Leave) -> None:
        self.query_one(PlatformGrid).focus()

    def action_focus_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def action_pick_accepts(self) -> None:
        self.push_screen(
            MethodPickerScreen(
                "Accepts",
                "Show platforms that accept every ticked method.",
                self.catalog.methods,
                self.grid_filter.accepts,
                lambda chosen: self.set_filter(accepts=chosen),
            )
        )

    def action_pick_wallet(self) -> None:
        self.push_screen(
            MethodPickerScreen(
                "My wallet",
                "Tick what you have: platforms taking at least one stay, and the matching cells stand out.",
                self.catalog.methods,
                self.grid_filter.wallet,
                lambda chosen: self.set_filter(wallet=chosen),
            )
        )

    def toggle_method(self, which: str, method_id: str) -> None:
        current: frozenset[str] = getattr(self.grid_filter, which)
        self.set_filter(**{which: current ^ {method_id}})

    def action_cycle_kind(self) -> None:
        index = KIND_CYCLE.index(self.grid_filter.kind)
        self.set_filter(kind=KIND_CYCLE[(index + 1) % len(KIND_CYCLE)])

    def action_set_kind(self, kind: str) -> None:
        self.set_filter(kind=PlatformKind(kind) if kind else None)

    def action_toggle_refundable(self) -> None:
        self.set_filter(refundable=not self.grid_filter.refundable)

    def action_clear_filters(self) -> None:
        self.query_one(FilterInput).value = ""
        self.set_filter(text="", accepts=frozenset(), wallet=frozenset(), kind=None, refundable=False)

    # -- screens ---------------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_show_evidence()

    def action_show_evidence(self) -> None:
        cell = self.query_one(PlatformGrid).selected_cell()
        if cell is None:
            self.notify("Move the cursor onto a payment-method cell to see its evidence.", severity="warning")
            return
        self.push_screen(EvidenceScreen(cell))
