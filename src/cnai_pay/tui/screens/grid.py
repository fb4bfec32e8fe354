"""The main screen: the filter bar, the status line, the grid, the checklist panel and their keys.

State flows one way: the filter is a reactive attribute whose watcher redraws; the checklist is
its controller's (`ChecklistController`), which redraws the panel and saves on every change and
reaches the screen only through `ChecklistHost`; the wallet and country in the filter are a view
of the profile, whose one owner (`Settings`) every change goes through; widgets post messages up
and the screen answers by setting that state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from ...checklist.store import ChecklistStore
from ...domain.cards import own_card
from ...domain.catalog import Catalog
from ...domain.filters import GridFilter, filter_platforms, selling
from ...domain.model import PlatformKind
from ...domain.regions import normalise_country
from ...domain.vocabulary import short_legend_items
from ...profile import Profile
from ...settings import Settings
from ..actions import GRID_ACTIONS, STEP_ACTIONS, bindings
from ..breakpoints import preset_breakpoints
from ..checklist_controller import ChecklistController
from ..checklist_host import ResultT
from ..key_order import when_keys_settled
from ..messages import CellChosen, CellHighlighted, FilterDone
from ..widgets.app_header import AppHeader
from ..widgets.cell_preview import CellPreview
from ..widgets.checklist_panel import ChecklistPanel
from ..widgets.filter_bar import FilterInput
from ..widgets.head_key import HeadKey
from ..widgets.key_footer import KeyFooter
from ..widgets.next_step import NextStep
from ..widgets.platform_grid import PlatformGrid
from ..widgets.routes_peek import RoutesPeek
from ..widgets.status_line import StatusLine
from ..widgets.step_list import StepList

if TYPE_CHECKING:
    from .welcome import StartAnswer

KIND_CYCLE = (None, PlatformKind.DIRECT, PlatformKind.GATEWAY)
# Non-breaking spaces inside each item: a narrow terminal wraps between items, never inside one.
LEGEND = "  ".join(item.replace(" ", "\u00a0") for item in short_legend_items())


class GridScreen(Screen[None]):
    # Below 20 lines the preview gives its five lines back to the grid (see app.tcss): at the
    # smallest size, 40×12, it left the grid its header and not one platform.
    # From 36 lines the routes join the grid and the legend keys the heads (see app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall"), (36, "-roomy")]
    # From the registry, in the order the footer keeps them when it is short of room.
    BINDINGS = bindings(GRID_ACTIONS)
    # The grid has the focus from the start: Textual's default, the first focusable widget (the
    # filter), would hand it over once mounted and restyle both, and rebuild the footer, for nothing.
    AUTO_FOCUS = "#grid"

    grid_filter: reactive[GridFilter] = reactive(GridFilter, init=False)

    def __init__(
        self,
        catalog: Catalog,
        store: ChecklistStore,
        today: dt.date,
        settings: Settings,
        export_folder: Path,
        checklist_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.today = today
        self.settings = settings
        # The wallet picker's choice while it is open: saved once, when it closes.
        self.picked: tuple[frozenset[str], frozenset[str]] | None = None
        # What x last cleared (the filter, the saved wallet and card providers), for z to put back.
        self.cleared: tuple[GridFilter, frozenset[str], frozenset[str]] | None = None
        self.filter_scheduled = False
        self.preview_scheduled = False
        # For the status line's description of the filters, long and short.
        self.method_names = {m.id: m.name for m in catalog.methods}
        self.method_shorts = {m.id: m.short for m in catalog.methods}
        self.set_reactive(
            GridScreen.grid_filter,
            GridFilter(wallet=self.known_wallet(), country=settings.country, providers=settings.providers),
        )
        self.checklist_controller = ChecklistController(self, catalog, store, settings, export_folder, checklist_file)

    def compose(self) -> ComposeResult:
        preset_breakpoints(self)
        yield AppHeader()
        yield FilterInput(id="filter")
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            with Vertical(id="grid-column"):
                grid = PlatformGrid(self.catalog, id="grid")
                yield grid
                yield CellPreview(self.catalog, id="preview")
                yield RoutesPeek(self.catalog, id="routes-peek")
                # In the grid's column, so it never runs under the checklist panel.
                yield Static(LEGEND, id="legend", markup=False)
                yield HeadKey(grid, id="head-key")
            # The checklist panel joins on first use (see `panel`): less to build at start-up.
        yield NextStep(id="next-step")
        yield KeyFooter()

    def footer_hidden(self) -> set[str]:
        """Keys the footer leaves out for now: the step keys before there is a checklist."""
        return set(STEP_ACTIONS) if self.checklist_controller.checklist is None else set()

    def footer_order(self) -> list[str]:
        """The footer's keys, most wanted first: with a checklist, its step keys come right after the filter."""
        declared = [b.action for b in self.BINDINGS if isinstance(b, Binding)]
        if self.checklist_controller.checklist is None:
            return declared
        steps = [a for a in declared if a in STEP_ACTIONS]
        return [declared[0], *steps, *(a for a in declared[1:] if a not in STEP_ACTIONS)]

    def on_mount(self) -> None:
        self.query_one(NextStep).show(self.settings.saved)
        self.refresh_grid()
        self.update_preview()
        self.checklist_controller.restore()

    # -- the checklist: its controller's; what it needs of the screen (`ChecklistHost`) -------------

    def action_checklist(self, name: str) -> None:
        """Every checklist key of the registry (`checklist_action`) runs here."""
        self.checklist_controller.run(name)

    def open_screen(self, screen: Screen[ResultT], answer: Callable[[ResultT | None], None] | None = None) -> None:
        self.app.push_screen(screen, answer)

    def call_from_thread(self, callback: Callable[[], None]) -> None:
        self.app.call_from_thread(callback)

    def checklist_panel(self) -> ChecklistPanel | None:
        found = self.query(ChecklistPanel)
        return found.first(ChecklistPanel) if found else None

    def mount_checklist_panel(self, panel: ChecklistPanel) -> None:
        self.query_one("#body").mount(panel)

    def focus_grid(self) -> None:
        self.query_one("#grid").focus()

    # -- filtering ---------------------------------------------------------------

    def watch_grid_filter(self) -> None:
        self.refresh_grid()

    def set_filter(self, **changes: Any) -> None:
        self.grid_filter = replace(self.grid_filter, **changes)

    def refresh_grid(self) -> None:
        flt = self.grid_filter
        platforms = filter_platforms(self.catalog, flt)
        self.query_one(PlatformGrid).show(platforms, flt)
        # Before the preview is redrawn for the cursor: it answers for the user's card as the grid does.
        self.query_one(CellPreview).providers = flt.providers
        sold = selling(self.catalog, flt)
        model_name = sold.label if sold else None
        self.query_one(RoutesPeek).show(flt.wallet, self.settings.providers, flt.country)
        self.query_one(StatusLine).show(
            len(platforms),
            len(self.catalog.platforms),
            flt.describe(self.method_names, model_name),
            self.catalog.age_text(self.today),
            self.catalog.is_stale(self.today),
            flt.country,
            flt.describe(self.method_shorts, model_name),
        )

    @on(FilterInput.Changed, "#filter")
    def typed(self, event: FilterInput.Changed) -> None:
        event.stop()
        # Keys typed faster than the grid redraws are folded into one update: the callback
        # runs after the key events already waiting, so no keystroke waits for a stale grid.
        if not self.filter_scheduled:
            self.filter_scheduled = True
            self.call_later(self.apply_typed_filter)

    def apply_typed_filter(self) -> None:
        self.filter_scheduled = False
        # Read the input itself: it holds every key applied so far, in order.
        self.set_filter(text=self.query_one(FilterInput).value)

    @on(FilterDone)
    def filter_done(self, message: FilterDone) -> None:
        message.stop()
        if message.cleared:
            self.apply_typed_filter()
        self.query_one(PlatformGrid).focus()

    def action_focus_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def action_pick_accepts(self) -> None:
        from .method_picker import MethodPickerScreen

        def changed(chosen: frozenset[str], _providers: frozenset[str]) -> None:
            self.set_filter(accepts=chosen)

        self.app.push_screen(
            MethodPickerScreen(
                "Accepts",
                "Show platforms that accept every ticked method.",
                self.catalog.methods,
                self.grid_filter.accepts,
                changed,
            )
        )

    def action_pick_wallet(self) -> None:
        from .method_picker import Choice, MethodPickerScreen

        def changed(chosen: frozenset[str], providers: frozenset[str]) -> None:
            self.picked = (chosen, providers)
            self.set_filter(wallet=chosen)  # shown at once; saved when the picker closes

        def closed(choice: Choice | None) -> None:
            self.picked = None
            if choice is not None:
                self.remember(wallet=choice[0], providers=choice[1])

        self.app.push_screen(
            MethodPickerScreen(
                "My wallet",
                "Tick what you have (and who issued your cards): platforms taking at least one stay, "
                "the matching cells stand out, and u ranks your routes. Remembered.",
                self.catalog.methods,
                self.grid_filter.wallet,
                changed,
                self.catalog.providers,
                self.settings.providers,
            ),
            closed,
        )

    def toggle_method(self, which: str, method_id: str) -> None:
        current: frozenset[str] = getattr(self.grid_filter, which)
        if which == "wallet":
            self.remember(wallet=current ^ {method_id})  # the wallet is the profile's: saved
        else:
            self.set_filter(**{which: current ^ {method_id}})

    def action_cycle_kind(self) -> None:
        index = KIND_CYCLE.index(self.grid_filter.kind)
        self.set_filter(kind=KIND_CYCLE[(index + 1) % len(KIND_CYCLE)])

    def action_set_kind(self, kind: str) -> None:
        self.set_filter(kind=PlatformKind(kind) if kind else None)

    @on(StepList.Clicked)
    def step_clicked(self, message: StepList.Clicked) -> None:
        message.stop()
        self.checklist_controller.tick_step()

    def action_head_key(self) -> None:
        from .head_key import HeadKeyScreen

        self.app.push_screen(HeadKeyScreen(self.catalog))

    def action_toggle_refundable(self) -> None:
        self.set_filter(refundable=not self.grid_filter.refundable)

    def action_clear_filters(self) -> None:
        before = (self.grid_filter, self.settings.wallet, self.settings.providers)
        if (
            before[0] == GridFilter(country=self.grid_filter.country, providers=self.grid_filter.providers)
            and not before[1]
            and not before[2]
        ):
            self.notify("No filter to clear.", timeout=4)
            return
        self.query_one(FilterInput).value = ""
        self.set_filter(text="", accepts=frozenset(), kind=None, refundable=False)
        # The wallet is the profile's: cleared here, it is cleared there too (w ticks it again).
        self.remember(wallet=frozenset(), providers=frozenset())
        self.cleared = before
        what = "Every filter and your saved wallet cleared" if before[1] else "Every filter cleared"
        self.notify(f"{what}: z puts them back.", title="Cleared", timeout=10)

    def action_undo_clear(self) -> None:
        if self.cleared is None:
            self.notify("Nothing to put back: z undoes the last x.", severity="warning", timeout=5)
            return
        flt, wallet, providers = self.cleared
        self.cleared = None
        self.query_one(FilterInput).value = flt.text
        self.set_filter(text=flt.text, accepts=flt.accepts, kind=flt.kind, refundable=flt.refundable)
        self.remember(wallet=wallet, providers=providers)
        self.notify("Filters and wallet put back.", timeout=5)

    # -- the country ---------------------------------------------------------------

    def action_set_country(self) -> None:
        from .text_prompt import TextPromptScreen

        def check(text: str) -> str:
            if text.strip() and normalise_country(text) is None:
                return f"{text.strip()[:20]!r} is not an ISO 3166 two-letter country code (DE, MY, US…)."
            return ""

        def chosen(text: str | None) -> None:
            if text is not None:
                self.set_country(text)

        self.app.push_screen(
            TextPromptScreen(
                "Your country",
                "An ISO 3166 code such as DE, MY or US; empty to unset. Cells that depend on the "
                "region are then resolved for it.",
                self.grid_filter.country or "",
                "DE",
                check=check,
            ),
            chosen,
        )

    def set_country(self, text: str) -> bool:
        code = normalise_country(text) if text.strip() else ""
        if code is None:
            self.notify(f"{text.strip()[:20]!r} is not an ISO 3166 country code.", severity="error", markup=False)
            return False
        self.remember(country=code)
        return True

    # -- the profile: its owner is `settings`; the filter shows its wallet and country ---------

    def known_wallet(self) -> frozenset[str]:
        return frozenset(m for m in self.settings.wallet if m in self.catalog.method_by_id)

    def remember(self, **changes: Any) -> None:
        """Change the profile through its owner, show it, and save it off the UI thread."""
        pending = self.settings.update(**changes)
        self.query_one(NextStep).show(self.settings.saved)
        if "wallet" in changes or "country" in changes or "providers" in changes:
            self.set_filter(
                wallet=self.known_wallet(), country=self.settings.country, providers=self.settings.providers
            )
        self.save_profile_now(pending)

    def save_profile_now(self, pending: tuple[int, Profile] | None) -> None:
        if pending is not None:
            self.run_worker(partial(self.write_profile, *pending), thread=True, group="profile", exit_on_error=False)

    def write_profile(self, generation: int, profile: Profile) -> None:
        problem = self.settings.write(generation, profile)
        if problem:
            self.app.call_from_thread(self.notify, problem, severity="warning", markup=False)

    def on_unmount(self) -> None:
        # Quitting with the wallet picker still open: what was ticked is kept all the same.
        if self.picked is not None:
            pending = self.settings.update(wallet=self.picked[0], providers=self.picked[1])
            if pending is not None:
                self.settings.write(*pending)

    def learn(self, step: str) -> None:
        """A step of the flow was taken: the hint moves on to the next one."""
        if step not in self.settings.saved.learned:
            self.remember(learned=[*self.settings.saved.learned, step])

    def take_start(self, answer: StartAnswer | None) -> bool:
        """The first-run answer saved (a skip too: the start is not asked again); True to show the routes."""
        if answer is None:
            self.save_profile_now(self.settings.touch())
            return False
        self.remember(country=answer.country, wallet=sorted(answer.methods), providers=sorted(answer.providers))
        self.set_filter(country=answer.country or None, wallet=answer.methods)
        return bool(answer.methods)

    # -- preview and evidence -------------------------------------------------------------

    @on(CellHighlighted)
    def cell_highlighted(self, message: CellHighlighted) -> None:
        message.stop()
        # A fast scroll posts one message per row: the preview is drawn once, after the keys waiting.
        if not self.preview_scheduled:
            self.preview_scheduled = True
            when_keys_settled(self.app, lambda: self.call_later(self.update_preview))

    def update_preview(self) -> None:
        self.preview_scheduled = False
        self.query_one(CellPreview).show(self.query_one(PlatformGrid).selected_cell())

    @on(CellChosen)
    def cell_chosen(self, message: CellChosen) -> None:
        message.stop()
        self.action_show_evidence()

    def action_show_evidence(self) -> None:
        from .evidence import EvidenceScreen

        cell = self.query_one(PlatformGrid).selected_cell()
        if cell is None:
            self.notify("Move the cursor onto a payment-method cell to see its evidence.", severity="warning")
            return
        own = own_card(self.catalog, cell.platform.id, cell.method.id, self.grid_filter.providers, cell.country)
        self.app.push_screen(EvidenceScreen(self.catalog, cell, own))

    def country(self) -> str | None:
        return self.grid_filter.country

    def selected_checklist_target(self) -> tuple[str, str, str] | None:
        cell = self.query_one(PlatformGrid).selected_cell()
        if cell is None:
            return None
        # The card the grid answered for: the plan is for that card, with its fees.
        own = own_card(self.catalog, cell.platform.id, cell.method.id, self.grid_filter.providers, cell.country)
        return cell.platform.id, cell.method.id, own.provider.id if own else ""
