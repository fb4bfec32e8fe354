"""The cnai-pay Textual application: the grid, its filters and the screens reached from it."""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import replace

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static

from .. import checklist as cl
from ..catalog import Catalog, GridFilter
from ..model import PlatformKind, Status
from . import formatting, textual_fixes
from .commands import FilterCommands
from .screens.too_small import TooSmallScreen, too_small
from .widgets.filter_bar import FilterInput
from .widgets.platform_grid import PlatformGrid
from .widgets.status_line import StatusLine

if TYPE_CHECKING:
    from .screens.checklist_setup import ChecklistChoice

textual_fixes.apply()

KIND_CYCLE = (None, PlatformKind.DIRECT, PlatformKind.GATEWAY)
# Actions that act on the grid; disabled (and hidden from the footer) on other screens.
GRID_ACTIONS = {
    "focus_filter", "pick_accepts", "pick_wallet", "cycle_kind", "set_kind", "toggle_refundable",
    "clear_filters", "show_evidence", "plan_from_cell", "toggle_checklist", "tick_step", "note_step",
    "export_checklist", "choose_checklist", "import_checklist", "open_pane",
}
PANES = {
    "cards": ("Virtual cards", "Wise, Revolut, Payoneer; where virtual cards and 3-D Secure are refused"),
    "refunds": ("Refunds", "Unused money, windows, minimum top-ups and billing per platform"),
    "trouble": ("Troubleshooting", "What to do when a payment is declined"),
    "sources": ("Sources", "Every source with its kind and dates, and the facts resting on it"),
    "help": ("Help", "Every key by pane, and how to read a cell"),
}
# Checklist actions that need a checklist in the open panel.
STEP_ACTIONS = {"tick_step", "note_step", "export_checklist"}
LEGEND = "✓ yes  ✗ no  ◐ conditional  ? unknown  ! disputed  ·  Enter: evidence"


class CnaiPayApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "cnai-pay"
    SUB_TITLE = "paying for Chinese AI APIs from abroad"
    COMMANDS = App.COMMANDS | {FilterCommands}

    BINDINGS = [
        Binding(
            "slash", "focus_filter", "Filter",
            tooltip="Type to narrow the platforms by name, id or kind",
            id="filter",
        ),
        Binding(
            "a", "pick_accepts", "Accepts",
            tooltip="Keep platforms that accept every ticked method",
            id="accepts",
        ),
        Binding(
            "w", "pick_wallet", "Wallet",
            tooltip="Tick the methods you have: keep platforms taking any, mark the cells",
            id="wallet",
        ),
        Binding(
            "k", "cycle_kind", "Kind",
            tooltip="Cycle the platform kind: any, direct, gateway",
            id="kind",
        ),
        Binding(
            "b", "toggle_refundable", "Refund",
            tooltip="Only platforms whose unused balance can be refunded",
            id="refundable",
        ),
        Binding("x", "clear_filters", "Clear", tooltip="Clear every filter", id="clear"),
        Binding(
            "c", "toggle_checklist", "Checklist",
            tooltip="Show or hide the checklist beside the grid",
            id="checklist",
        ),
        Binding(
            "p", "plan_from_cell", "Plan",
            tooltip="Prepare a first top-up with the selected platform and method",
            id="plan",
        ),
        Binding(
            "space", "tick_step", "Tick",
            tooltip="Tick or untick the selected checklist step",
            id="tick",
        ),
        Binding("n", "note_step", "Note", tooltip="Add a note to the selected checklist step", id="note"),
        Binding(
            "e", "export_checklist", "Export",
            tooltip="Export the checklist to a TOML file",
            id="export",
        ),
        Binding("o", "choose_checklist", "Choose platform and method for the checklist", id="choose", show=False),
        Binding("i", "import_checklist", "Open an exported checklist", id="import", show=False),
        Binding(
            "v", "open_pane('cards')", "Cards",
            tooltip="Virtual cards: Wise, Revolut, Payoneer, and where they are refused",
            id="pane-cards",
        ),
        Binding(
            "r", "open_pane('refunds')", "Refunds",
            tooltip="Refunds, minimum top-ups and billing per platform",
            id="pane-refunds",
        ),
        Binding(
            "t", "open_pane('trouble')", "Trouble",
            tooltip="What to do when a payment is declined",
            id="pane-trouble",
        ),
        Binding(
            "s", "open_pane('sources')", "Sources",
            tooltip="Every source, its dates, and the facts resting on it",
            id="pane-sources",
        ),
        Binding("question_mark", "open_pane('help')", "Help", tooltip="This help", id="help"),
        Binding("q", "quit", "Quit", tooltip="Quit cnai-pay", id="quit"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        today: dt.date | None = None,
        state_folder: Path | None = None,
        checklist_file: Path | None = None,
        export_folder: Path | None = None,
    ) -> None:
        super().__init__()
        formatting.set_colour(not self.no_color)
        self.catalog = catalog
        # Injected so that the data's age on screen is deterministic in tests.
        self.today = today or dt.date.today()
        self.grid_filter = GridFilter()
        self.typed_filter = ""
        self.filter_scheduled = False
        self.state_folder = state_folder or cl.state_dir()
        self.checklist_file = checklist_file
        self.export_folder = export_folder or Path.cwd()
        self.checklist: cl.Checklist | None = None
        # None when no file can safely be written (see checklist.restore).
        self.save_path: Path | None = self.state_folder / cl.SAVED_NAME

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(id="filter")
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            yield PlatformGrid(self.catalog, id="grid")
            # The checklist panel joins on first use (see `panel`): less to build at start-up.
        yield Static(LEGEND, id="legend")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_grid()
        self.query_one(PlatformGrid).focus()
        restored = cl.restore(self.state_folder)
        self.checklist, self.save_path = restored.checklist, restored.save_path
        if restored.message:
            self.notify(restored.message, severity="warning", timeout=15)
        if self.checklist_file is not None:
            self.open_checklist_file(self.checklist_file)
        self.call_after_refresh(self.after_first_paint)

    def after_first_paint(self) -> None:
        # The start-up objects (the catalog above all) live as long as the app: keep the
        # collector from walking them again, and turn it back on if the launcher paused it.
        gc.freeze()
        gc.enable()

    def on_resize(self, event: events.Resize) -> None:
        small = too_small(event.size.width, event.size.height)
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif isinstance(self.screen, TooSmallScreen):
            if small:
                self.screen.show_size(event.size.width, event.size.height)
            else:
                self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen):
            # Only quitting makes sense until the terminal is enlarged.
            return action == "quit"
        if action in GRID_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action in STEP_ACTIONS and (self.checklist is None or not self.panel_open):
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
            # Keys typed faster than the grid redraws are folded into one update: the callback
            # runs after the key events already waiting, so no keystroke waits for a stale grid.
            self.typed_filter = event.value
            if not self.filter_scheduled:
                self.filter_scheduled = True
                self.call_later(self.apply_typed_filter)

    def apply_typed_filter(self) -> None:
        self.filter_scheduled = False
        self.set_filter(text=self.typed_filter)

    def on_filter_input_leave(self, event: FilterInput.Leave) -> None:
        self.query_one(PlatformGrid).focus()

    def action_focus_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def action_pick_accepts(self) -> None:
        from .screens.method_picker import MethodPickerScreen

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
        from .screens.method_picker import MethodPickerScreen

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

    def on_platform_grid_cell_selected(self, event: PlatformGrid.CellSelected) -> None:
        event.stop()
        self.action_show_evidence()

    def action_open_pane(self, name: str) -> None:
        self.open_pane(name)

    def open_pane(self, name: str, source_id: str | None = None) -> None:
        """Open a detail pane on top of the grid; Esc comes back to the grid as it was."""
        # Panes are imported when first opened: nothing of them is needed to draw the grid.
        from .screens.help import HelpScreen
        from .screens.refunds import RefundsScreen
        from .screens.sources import SourcesScreen
        from .screens.troubleshooting import TroubleshootingScreen
        from .screens.virtual_cards import VirtualCardsScreen

        if name == "cards":
            screen = VirtualCardsScreen(self.catalog)
        elif name == "refunds":
            screen = RefundsScreen(self.catalog)
        elif name == "trouble":
            screen = TroubleshootingScreen(self.catalog)
        elif name == "sources":
            screen = SourcesScreen(self.catalog, self.today, select=source_id)
        elif name == "help":
            screen = HelpScreen(self.catalog, self.help_sections())
        else:
            return
        self.push_screen(screen)

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        """The keys of every pane, read from the classes' own bindings."""
        from .screens.checklist_setup import ChecklistSetupScreen
        from .screens.evidence import EvidenceScreen
        from .screens.method_picker import MethodPickerScreen
        from .screens.pane import PaneScreen
        from .screens.refunds import RefundsScreen
        from .screens.troubleshooting import TroubleshootingScreen

        def bindings(*owners: type) -> list[Binding]:
            found: dict[str, Binding] = {}
            for owner in owners:
                for binding in owner.BINDINGS:
                    if isinstance(binding, Binding):
                        found[binding.key] = binding
            return list(found.values())

        return [
            ("Grid", bindings(CnaiPayApp) + [Binding("enter", "", "Evidence for the selected cell"),
                                             Binding("ctrl+p", "", "Command palette: every action by name")]),
            ("Text filter (after /)", bindings(FilterInput)),
            ("Checklist set-up dialog", bindings(ChecklistSetupScreen)),
            ("Method pickers (a, w)", bindings(MethodPickerScreen)),
            ("Evidence", bindings(EvidenceScreen)),
            ("Refunds", bindings(PaneScreen, RefundsScreen)),
            ("Troubleshooting", bindings(PaneScreen, TroubleshootingScreen)),
            ("Virtual cards, Sources, Help", bindings(PaneScreen)),
        ]

    def action_show_evidence(self) -> None:
        from .screens.evidence import EvidenceScreen

        cell = self.query_one(PlatformGrid).selected_cell()
        if cell is None:
            self.notify("Move the cursor onto a payment-method cell to see its evidence.", severity="warning")
            return
        self.push_screen(EvidenceScreen(self.catalog, cell))

    # -- the checklist -----------------------------------------------------------

    def panel(self, create: bool = False):
        """The checklist panel, made on first use; None when it does not exist yet."""
        from .widgets.checklist_panel import ChecklistPanel

        found = self.query(ChecklistPanel)
        if found:
            return found.first()
        if not create:
            return None
        panel = ChecklistPanel(self.checklist, id="checklist")
        self.query_one("#body").mount(panel)
        return panel

    @property
    def panel_open(self) -> bool:
        panel = self.panel()
        return panel is not None and bool(panel.display)

    def set_checklist(self, checklist: cl.Checklist | None, touched: bool = True) -> None:
        """Show the checklist and save it at once: every change is autosaved."""
        if checklist is not None and touched:
            checklist.updated = cl.utc_now().replace(microsecond=0)
        self.checklist = checklist
        panel = self.panel()
        if panel is not None:
            panel.show(checklist)
        self.refresh_bindings()
        if checklist is None or self.save_path is None:
            return
        try:
            cl.autosave(checklist, self.save_path, self.catalog)
        except cl.ChecklistError as exc:
            self.notify(f"Could not save the checklist: {exc}. It stays open; export it to keep it.",
                        severity="error", timeout=15)

    def replace_checklist(self, new: cl.Checklist) -> None:
        """Start another checklist; the current one is kept in the state folder, not thrown away."""
        old = self.checklist
        if old is not None and (old.done_count or any(s.note for s in old.steps)):
            stamp = cl.utc_now().strftime("%Y%m%d-%H%M%S")
            kept = self.state_folder / "previous" / f"checklist-{old.platform_id}-{old.method_id}-{stamp}.toml"
            try:
                cl.autosave(old, kept, self.catalog)
                self.notify(f"The previous checklist was kept at {kept}", timeout=10)
            except cl.ChecklistError as exc:
                self.notify(f"Could not keep the previous checklist ({exc}); nothing was replaced.",
                            severity="error", timeout=15)
                return
        self.set_checklist(new)
        self.show_panel()

    def show_panel(self) -> None:
        self.panel(create=True).display = True
        self.refresh_bindings()

    def action_toggle_checklist(self) -> None:
        panel = self.panel()
        if panel is None:
            self.show_panel()
            return
        panel.display = not panel.display
        if not panel.display and panel.has_focus_within:
            self.query_one(PlatformGrid).focus()
        self.refresh_bindings()

    def action_plan_from_cell(self) -> None:
        cell = self.query_one(PlatformGrid).selected_cell()
        if cell is None:
            self.notify("Move the cursor onto a payment-method cell first.", severity="warning")
            return
        self.open_setup(cell.platform.id, cell.method.id)

    def action_choose_checklist(self) -> None:
        current = self.checklist
        if current is not None:
            self.open_setup(current.platform_id, current.method_id, current.provider_id,
                            current.amount, current.fee_percent, current.fixed_fee)
        else:
            cell = self.query_one(PlatformGrid).selected_cell()
            platform = cell.platform.id if cell else self.catalog.platforms[0].id
            method = cell.method.id if cell else self.catalog.methods[0].id
            self.open_setup(platform, method)

    def open_setup(self, platform_id: str, method_id: str, provider_id: str = "",
                   amount: float | None = None, fee_percent: float | None = None,
                   fixed_fee: float | None = None) -> None:
        from .screens.checklist_setup import ChecklistSetupScreen

        self.push_screen(
            ChecklistSetupScreen(self.catalog, platform_id, method_id, provider_id, amount, fee_percent, fixed_fee),
            self.apply_choice,
        )

    def apply_choice(self, choice: "ChecklistChoice | None") -> None:
        if choice is None:
            return
        current = self.checklist
        same = current is not None and (current.platform_id, current.method_id, current.provider_id) == (
            choice.platform_id, choice.method_id, choice.provider_id)
        if same:
            self.set_checklist(cl.rebudget(self.catalog, current, choice.amount, choice.fee_percent, choice.fixed_fee))
            self.show_panel()
        else:
            self.replace_checklist(cl.build_checklist(
                self.catalog, choice.platform_id, choice.method_id, choice.amount, choice.fee_percent,
                choice.provider_id, fixed_fee=choice.fixed_fee,
            ))
        cell = self.catalog.cell(choice.platform_id, choice.method_id)
        if cell.status is Status.NOT_SUPPORTED:
            self.notify(f"The data says {cell.platform.name} does not accept {cell.method.name}: "
                        "read the warning at the top of the checklist.", severity="warning", timeout=10)

    def selected_step(self) -> cl.Step | None:
        panel = self.panel()
        step_id = panel.selected_step_id() if panel is not None else None
        return self.checklist.step(step_id) if self.checklist and step_id else None

    def action_tick_step(self) -> None:
        step = self.selected_step()
        if step is not None:
            step.done = not step.done
            self.set_checklist(self.checklist)

    def action_note_step(self) -> None:
        from .screens.text_prompt import TextPromptScreen

        step = self.selected_step()
        if step is None:
            return

        def save_note(note: str | None) -> None:
            if note is not None and self.checklist is not None and step in self.checklist.steps:
                step.note = note.strip()
                self.set_checklist(self.checklist)

        self.push_screen(TextPromptScreen("Note for this step", step.text, step.note, "your note"), save_note)

    def action_export_checklist(self) -> None:
        from .screens.export_dialog import ExportScreen

        if self.checklist is None:
            self.notify("No checklist yet: put the cursor on a cell and press p.", severity="warning")
            return

        def done(path: str | None) -> None:
            if path:
                self.notify(f"Exported to {path}", title="Checklist exported")

        default = cl.default_export_path(self.checklist, self.export_folder)
        self.push_screen(ExportScreen(self.checklist, self.catalog, default), done)

    def action_import_checklist(self) -> None:
        from .screens.text_prompt import TextPromptScreen

        def chosen(path: str | None) -> None:
            if path:
                self.open_checklist_file(Path(path))

        self.push_screen(TextPromptScreen(
            "Open a checklist", "Path of a checklist exported by cnai-pay", placeholder="checklist.toml"), chosen)

    def open_checklist_file(self, path: Path) -> None:
        try:
            loaded = cl.load_checklist(path)
        except cl.ChecklistError as exc:
            self.notify(f"Could not open the checklist: {exc}", severity="error", timeout=15)
            return
        self.replace_checklist(loaded)
        self.notify(f"Opened {path}")
        if loaded.platform_id not in self.catalog.platform_by_id or loaded.method_id not in self.catalog.method_by_id:
            self.notify("This checklist names a platform or method the loaded data does not know; its steps "
                        "are kept as they are, and o starts a new one.", severity="warning", timeout=15)
