"""Models: pick or type a model; every platform selling it, with its prices per million tokens,
where each price comes from and how old it is, and the payment cell for the wallet and country.

Enter on a seller opens the evidence for its payment cell; `i` the price's details and source;
`p` starts the checklist with the best way to pay there; `u` the routes to the model.
The price data is loaded when the pane opens, never before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.catalog import Catalog
from ...domain.model_names import normalised
from ...domain.offers import ModelEntry
from ...prices.quote import Quote
from ...prices.sellers import Seller, TokenMix, model_sellers
from ...prices.table import PriceDataError, PriceTable, load_price_table
from ...text import clean_text
from ..messages import StartChecklist
from ..widgets.row_table import RowTable
from .pane import PaneScreen

UNKNOWN = "?"


def _rate(rate: object) -> str:
    return getattr(rate, "text", UNKNOWN) if rate is not None else UNKNOWN


class ModelsScreen(PaneScreen):
    PANE_TITLE = "Models: who sells it, for how much, and can you pay there"
    CSS_PATH = str(Path(__file__).with_name("models.tcss"))
    # Below 100 columns the list of models narrows so the sellers' columns keep their room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("enter", "evidence", "Evidence", tooltip="Every claim behind the highlighted seller's payment cell"),
        Binding("i", "price", "Price", tooltip="Where the highlighted price comes from, its date, tiers and hours"),
        Binding("p", "plan", "Plan", tooltip="Start the checklist there with your best way to pay"),
        Binding("u", "routes", "Routes", tooltip="The routes with your wallet, narrowed to this model"),
        Binding("slash", "focus_search", "Search", tooltip="Type a model's name or alias"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        today: dt.date,
        wallet: frozenset[str],
        providers: frozenset[str],
        country: str | None,
        select: str | None = None,
    ) -> None:
        super().__init__(catalog)
        self.today = today
        self.wallet = wallet
        self.providers = providers
        self.country = country
        self.mix = TokenMix()
        self.model: ModelEntry | None = catalog.model_names.by_id.get(select or "") or (
            catalog.models[0] if catalog.models else None
        )
        self.sellers: list[Seller] = []
        self.table: PriceTable | None = None
        self.problem = ""
        try:
            self.table = load_price_table(catalog)
        except PriceDataError as exc:
            self.problem = f"The price data cannot be used: {exc}"

    def compose_pane(self) -> ComposeResult:
        with Horizontal(id="models-body"):
            with Vertical(id="models-side"):
                yield Input(placeholder="model", id="models-search")
                yield OptionList(id="models-list")
            with Vertical(id="models-main"):
                yield Static(id="models-summary", markup=False)
                yield RowTable(id="models-table")
                with VerticalScroll(id="models-detail-scroll"):
                    yield Static(id="models-detail", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#models-table", DataTable)
        # No rank column: the rows are in rank order, and the summary says how they are ranked.
        for label, key in (
            ("Platform", "platform"),
            ("In", "input"),
            ("Out", "output"),
            ("Cached", "cached"),
            (self.mix_label, "mix"),
            ("Pay", "pay"),
            ("Price date", "date"),
        ):
            table.add_column(label, key=key)
        self.fill_models("")
        self.show_model()
        table.focus()

    @property
    def mix_label(self) -> str:
        return f"{self.mix.input_millions:g}M+{self.mix.output_millions:g}M"

    # -- the list of models --------------------------------------------------------------

    def fill_models(self, text: str) -> None:
        wanted = normalised(text)
        names = self.catalog.model_names
        shown = [
            m
            for m in self.catalog.models
            if not wanted or any(wanted in normalised(n) for n in (m.id, m.name, m.family, *m.aliases))
        ]
        options = self.query_one("#models-list", OptionList)
        options.clear_options()
        # Text, not str: an option's str is read as markup, and a model's name is as the data writes it.
        options.add_options(Option(Text(clean_text(f"{m.name} ({len(names.platforms(m))})")), id=m.id) for m in shown)
        if self.model is not None and self.model in shown:
            options.highlighted = shown.index(self.model)

    @on(Input.Changed, "#models-search")
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        self.fill_models(event.value)
        found = self.catalog.model_names.find(event.value)
        if found is not None and found is not self.model:
            self.model = found
            self.show_model()

    @on(Input.Submitted, "#models-search")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#models-list", OptionList)
        if options.option_count:
            options.highlighted = options.highlighted or 0
            self.choose(options.get_option_at_index(options.highlighted or 0).id)
        self.query_one("#models-table", DataTable).focus()

    @on(OptionList.OptionHighlighted, "#models-list")
    def model_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.choose(event.option.id)

    @on(OptionList.OptionSelected, "#models-list")
    def model_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id)
        self.query_one("#models-table", DataTable).focus()

    def choose(self, model_id: str | None) -> None:
        model = self.catalog.model_names.by_id.get(model_id or "")
        if model is not None and model is not self.model:
            self.model = model
            self.show_model()

    def action_focus_search(self) -> None:
        self.query_one("#models-search", Input).focus()

    # -- the sellers of the model ------------------------------------------------------------

    def show_model(self) -> None:
        table = self.query_one("#models-table", DataTable)
        table.clear()
        model = self.model
        if model is None or self.table is None:
            self.sellers = []
            self.query_one("#models-summary", Static).update(self.problem or "No model in the data.")
            self.show_detail()
            return
        self.sellers = model_sellers(
            self.catalog, self.table, model, self.wallet, self.providers, self.country, self.today, self.mix
        )
        names = [self.catalog.method_by_id[m].name for m in sorted(self.wallet) if m in self.catalog.method_by_id]
        wallet = ", ".join(names) or "no wallet (w on the grid)"
        where = self.country or "no country (g on the grid)"
        self.query_one("#models-summary", Static).update(
            f"{model.name} ({model.maker}) · {len(self.sellers)} sellers · USD per 1M tokens · "
            f"{wallet} · {where} · payable first, then by {self.mix.text} · ? unknown"
        )
        for seller in self.sellers:
            quote = seller.offering.quote
            cost = seller.cost(self.mix)
            cell = seller.cell
            table.add_row(
                Text(seller.platform.name, style="bold"),
                Text(_rate(quote.input) if quote else UNKNOWN),
                Text(_rate(quote.output) if quote else UNKNOWN),
                Text(_rate(quote.cached_input) if quote else UNKNOWN),
                Text(f"{cost:.2f}" if cost is not None else UNKNOWN),
                Text(cell.text, style=self.status_style(cell.status)) if cell else Text("no wallet", style="dim"),
                self.date_text(quote),
                key=seller.platform.id,
            )
        self.show_detail()

    def date_text(self, quote: Quote | None) -> Text:
        if quote is None or quote.as_of is None:
            return Text("unknown", style="dim")
        stale = quote.stale(self.today)
        return Text(quote.as_of.isoformat() + (" old" if stale else ""), style=self.named_style("old") if stale else "")

    def selected(self) -> Seller | None:
        table = self.query_one("#models-table", DataTable)
        if not self.sellers or table.row_count == 0:
            return None
        return self.sellers[min(table.cursor_row, len(self.sellers) - 1)]

    @on(DataTable.RowHighlighted, "#models-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    @on(DataTable.RowSelected, "#models-table")
    def chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_evidence()

    def show_detail(self) -> None:
        seller = self.selected()
        text = Text()
        if seller is None:
            if self.model is not None and self.table is not None:
                text.append("No platform in the data is known to sell this model.\n")
        else:
            offering = seller.offering
            text.append(
                f"{seller.platform.name} · {offering.offer_id or 'not found in the price data'}\n", style="bold"
            )
            quote = offering.quote
            if quote is None:
                text.append(f"Price not known: {clean_text(offering.unpriced or 'no price in the data')[:300]}.\n")
            else:
                text.append(f"Price from {quote.origin}, {quote.basis}, as of {quote.age_text(self.today)}\n")
                for line in quote.details()[:4]:
                    text.append(f"• {clean_text(line)[:200]}\n")
            for variant in offering.variants:
                text.append(f"• also {variant}: a different offering with its own limits, not this one\n")
            if seller.cell is not None:
                how = seller.route.method_label if seller.route else seller.cell.method.name
                text.append(f"Pay with {how}: {seller.cell.text}\n")
            text.append("Enter: payment evidence · i: price source · p: plan · u: routes\n", style="dim")
        self.query_one("#models-detail", Static).update(text)

    # -- actions ---------------------------------------------------------------------

    def action_evidence(self) -> None:
        from ...domain.cards import card_of
        from .evidence import EvidenceScreen

        seller = self.selected()
        if seller is not None and seller.cell is not None:
            route = seller.route
            card = None
            if route is not None and route.provider is not None:
                card = card_of(self.catalog, route.platform.id, route.provider, seller.cell.country)
            self.app.push_screen(EvidenceScreen(self.catalog, seller.cell, card))
        elif seller is not None:
            self.notify("No wallet set: press w on the grid and tick what you have.", timeout=4)

    def action_price(self) -> None:
        from .price_detail import PriceDetailScreen

        seller = self.selected()
        if seller is not None:
            self.app.push_screen(PriceDetailScreen(self.catalog, seller.offering, self.today))

    def action_plan(self) -> None:
        seller = self.selected()
        if seller is None:
            return
        if seller.route is None or not seller.payable:
            self.notify(f"No method in your wallet is known to work on {seller.platform.name}.", timeout=4)
            return
        route = seller.route
        self.post_message(
            StartChecklist(route.platform.id, route.method.id, route.provider.id if route.provider else "")
        )

    def action_routes(self) -> None:
        from .routes import RoutesScreen

        if self.model is not None:
            self.app.push_screen(RoutesScreen(self.catalog, self.wallet, self.providers, self.country, self.model))
