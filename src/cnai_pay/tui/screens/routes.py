"""Routes: the ways to pay with the wallet and country set, ranked; Enter shows the evidence,
p starts the checklist for the highlighted route."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ...domain.catalog import Catalog
from ...domain.offers import ModelEntry
from ...routes import Opening, Openings, Route, RoutePlan, plan_routes, planned
from ...text import display_width
from ..fit_columns import fit_widths, wrapped
from ..messages import StartChecklist
from ..widgets.paged_table import PagedTable, Row
from .pane import PaneScreen

# The table's vertical scrollbar, kept free so that a long list never pushes the last column out.
SCROLLBAR = 2
# How many routes the column widths are measured on.
SAMPLE = 500
# How many platforms the wallet cannot pay the detail names: at 10,000 platforms, thousands of
# lines no one scrolls through, laid out again at each move of the cursor; the command lists all.
CLOSED_SHOWN = 30
# From this many platforms a plan not made yet is made in a worker: it takes about 0.09 s for
# each thousand platforms, most of a second at 10,000, longer than a pane may take to open.
PLAN_IN_WORKER_FROM = 2000
# What the pane holds while its plan is made: no route, nothing closed.
_EMPTY_PLAN = RoutePlan([], Openings([], lambda platform: Opening(platform, None)), frozenset(), frozenset(), None)


class RoutesScreen(PaneScreen):
    PANE_TITLE = "Routes: the ways to pay you have, ranked"
    BINDINGS = [
        Binding("enter", "evidence", "Evidence", tooltip="Every claim behind the highlighted route's cell"),
        Binding("p", "plan", "Plan", tooltip="Start the checklist for the highlighted route"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        wallet: frozenset[str],
        providers: frozenset[str],
        country: str | None,
        model: ModelEntry | None = None,
    ) -> None:
        super().__init__(catalog)
        # The width the table was last laid out for: a resize to another width lays it out again.
        self.table_width = 0
        self.widths: list[int] = []
        self.asked = (wallet, providers, country)
        self.model = model
        # The notes and the closed platforms under every route's detail: the same for each, built once.
        self.detail_tail: Text | None = None
        # Narrowed to a model: only the platforms selling it, with the model's price as the cost.
        self.model_costs: dict[str, str] = {}
        if model is not None:
            self.PANE_TITLE = f"Routes to {model.name}: the ways to pay you have, ranked"
        # A plan already made, or quick to make, is there before the pane is drawn; one that takes
        # longer (a catalogue of thousands) is made in a worker while the pane says so, and Esc works.
        plan = planned(catalog, *self.asked)
        if plan is None and len(catalog.platforms) < PLAN_IN_WORKER_FROM:
            plan = plan_routes(catalog, *self.asked)
        self.plan: RoutePlan = self.narrowed(plan) if plan is not None else _EMPTY_PLAN

    @property
    def ranking(self) -> bool:
        """The plan is still being made (in a worker)."""
        return self.plan is _EMPTY_PLAN

    def narrowed(self, plan: RoutePlan) -> RoutePlan:
        if self.model is None:
            return plan
        from .route_model import narrow_to_model

        narrowed, self.model_costs = narrow_to_model(self.catalog, plan, self.model)
        return narrowed

    def compose_pane(self) -> ComposeResult:
        yield Static(id="routes-summary", markup=False)
        yield PagedTable[int](id="routes-table")
        with VerticalScroll(id="routes-detail-scroll"):
            yield Static(id="routes-detail", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.ranking:
            count = len(self.catalog.platforms)
            self.query_one("#routes-summary", Static).update(
                f"Ranking your routes on {count:,} platforms… Esc goes back; the ranking goes on and is kept."
            )
            self.make_plan()
            return
        self.show_plan()

    @work(thread=True, exit_on_error=False, group="routes-plan")
    def make_plan(self) -> None:
        plan = plan_routes(self.catalog, *self.asked)  # kept by `planned` for the next opening
        self.app.call_from_thread(self.planned, plan)

    def planned(self, plan: RoutePlan) -> None:
        if not self.is_attached:  # gone back before the ranking ended
            return
        self.plan = self.narrowed(plan)
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.plan
        names = [self.catalog.method_by_id[m].name for m in sorted(plan.wallet) if m in self.catalog.method_by_id]
        summary = (
            f"Wallet: {', '.join(names) or 'empty (w on the grid ticks what you have)'} · "
            f"{'country ' + plan.country if plan.country else 'no country (g on the grid sets it)'} · "
            f"{len(plan.routes)} routes, likeliest first, then cheapest · * no official minimum: "
            "the amount is the guide's suggested first test"
        )
        self.query_one("#routes-summary", Static).update(summary)
        self.fill_table(self.app.size.width)
        self.query_one(PagedTable).focus()
        self.show_detail()

    def on_resize(self, event: events.Resize) -> None:
        if not self.ranking:
            self.fill_table(event.size.width)

    def fill_table(self, width: int) -> None:
        """The columns fitted to the width (names and the condition and flags wrap in them); the
        rows are built a page at a time as the cursor nears them (thousands at a large catalogue)."""
        if width == self.table_width:
            return
        self.table_width = width
        table: PagedTable[int] = self.query_one(PagedTable)
        row = table.cursor_row
        table.clear(columns=True)
        labels = ["#", "Platform", "Method", "Status", "First top-up"]
        labels += ["3M+1M tokens"] * bool(self.model_costs) + ["Condition · flags"]
        # Names and flags wrap; the rank, the status and the costs never do.
        floors = [None, 10, 10, None, None] + [None] * bool(self.model_costs) + [display_width(labels[-1])]
        # Widths from the first rows: a longer cell further down wraps in its column all the same.
        sample = [self.route_cells(number, route) for number, route in enumerate(self.plan.routes[:SAMPLE], start=1)]
        natural = [
            max([display_width(label), *(display_width(cells[column]) for cells in sample)])
            for column, label in enumerate(labels)
        ]
        padding = 2 * table.cell_padding * len(labels)
        self.widths = fit_widths(natural, floors, width - padding - SCROLLBAR)
        for label, column_width in zip(labels, self.widths, strict=True):
            table.add_column(label, width=column_width)
        table.show(range(len(self.plan.routes)), self.route_row)
        if self.plan.routes:
            row = min(row, len(self.plan.routes) - 1)
            table.add_page(up_to=row + 1)
            table.move_cursor(row=row)

    def route_row(self, index: int) -> Row:
        route = self.plan.routes[index]
        cells = self.route_cells(index + 1, route)
        shown = [
            wrapped(cell, column_width, style)
            for cell, column_width, style in zip(cells, self.widths, self.route_styles(route), strict=True)
        ]
        return shown, str(index)

    def route_cells(self, number: int, route: Route) -> list[str]:
        flags = " · ".join(
            [route.caveat] * bool(route.caveat) + ["; ".join(f.text for f in route.flags)] * bool(route.flags)
        )
        return [
            str(number),
            route.platform.name,
            route.method_label,
            route.cell.text,
            route.short_cost,
            *([self.model_costs.get(route.platform.id, "?")] if self.model_costs else []),
            flags,
        ]

    def route_styles(self, route: Route) -> list[Style | str]:
        styles: list[Style | str] = ["", "bold", "", self.status_style(route.cell.status), ""]
        return styles + [""] * (bool(self.model_costs) + 1)

    def selected(self) -> Route | None:
        table = self.query_one(DataTable)
        if not self.plan.routes or table.row_count == 0:
            return None
        return self.plan.routes[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    @on(DataTable.RowSelected)
    def chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_evidence()

    def show_detail(self) -> None:
        route = self.selected()
        text = Text()
        if route is not None:
            text.append(f"{route.platform.name} × {route.method_label}\n", style="bold")
            text.append(route.plain_reason + "\n")
            if route.caveat:
                text.append(f"Condition: {route.caveat}\n", style="bold")
            text.append(f"First top-up: {route.cost_text}\n")
            for flag in route.flags:
                sources = ", ".join(self.catalog.sources[s].title for s in flag.sources if s in self.catalog.sources)
                text.append(f"• {flag.text}" + (f" — {sources}" if sources else "") + "\n")
            text.append("Enter: evidence · p: start the checklist for this route\n", style="dim")
        elif not self.plan.wallet:
            text.append("Your wallet is empty: press w on the grid and tick the cards and wallets you have.\n")
        else:
            text.append("None of your methods is known to work anywhere in the data.\n")
        text.append_text(self.closed_text())
        self.query_one("#routes-detail", Static).update(text)

    def closed_text(self) -> Text:
        """The notes on the user's cards, then what would open each platform the wallet cannot pay."""
        if self.detail_tail is None:
            text = self.detail_tail = Text()
            for note in self.plan.notes:
                text.append(f"\nNote: {note.text}\n", style="italic")
            closed = self.plan.closed
            if closed:
                text.append("\nNot known to work with your wallet\n", style="bold underline")
                for opening in closed[:CLOSED_SHOWN]:
                    text.append(f"• {opening.text}\n")
                if len(closed) > CLOSED_SHOWN:
                    text.append(
                        f"… {len(closed) - CLOSED_SHOWN} more: `cnai-pay routes --all` lists them\n", style="dim"
                    )
        return self.detail_tail

    def no_route(self) -> None:
        """A footer key with no route to act on says why, instead of doing nothing."""
        if self.ranking:
            why = "Still ranking your routes: a moment."
        elif not self.plan.wallet:
            why = "No route: your wallet is empty. Esc, then w on the grid ticks the cards and wallets you have."
        else:
            why = "No route: none of your methods is known to work anywhere in the data."
        self.notify(why, severity="warning", markup=False)

    def action_evidence(self) -> None:
        from ...domain.cards import card_of
        from .evidence import EvidenceScreen

        route = self.selected()
        if route is None:
            self.no_route()
            return
        card = card_of(self.catalog, route.platform.id, route.provider, route.cell.country) if route.provider else None
        self.app.push_screen(EvidenceScreen(self.catalog, route.cell, card))

    def action_plan(self) -> None:
        route = self.selected()
        if route is None:
            self.no_route()
        else:
            self.post_message(
                StartChecklist(route.platform.id, route.method.id, route.provider.id if route.provider else "")
            )
