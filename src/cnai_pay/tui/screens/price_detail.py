"""One offering's price in full: where it comes from, how old it is, tiers, hours and variants."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.catalog import Catalog
from ...prices.sellers import Offering
from ...text import clean_text
from .pane import PaneScreen


class PriceDetailScreen(PaneScreen):
    def __init__(self, catalog: Catalog, offering: Offering, today: dt.date) -> None:
        super().__init__(catalog)
        self.offering = offering
        self.today = today
        self.PANE_TITLE = f"Price: {offering.model.name} on {offering.platform.name}"

    def compose_pane(self) -> ComposeResult:
        with VerticalScroll(id="price-detail-scroll"):
            yield Static(self.detail(), id="price-detail", markup=False)

    def detail(self) -> Text:
        offering = self.offering
        text = Text()
        text.append(f"{offering.model.name} on {offering.platform.name}\n", style="bold")
        text.append(f"Offering: {offering.offer_id or 'none of the rule ids is in the price data'}\n\n")
        quote = offering.quote
        if quote is None:
            why = clean_text(offering.unpriced or "no price in the data for this offering")
            text.append(f"Price: not known. {why[:1].upper()}{why[1:]}; nothing is guessed.\n")
            return text
        for label, rate in (("Input", quote.input), ("Output", quote.output), ("Cached input", quote.cached_input)):
            text.append(f"{label}: {rate.text if rate else 'unknown'} USD per million tokens\n")
        if quote.free:
            text.append("A free offering.\n")
        for line in quote.details():
            text.append(f"• {clean_text(line)}\n")
        for variant in offering.variants:
            text.append(f"• also {variant}: a different offering with its own limits, not this one\n")
        stale = quote.stale(self.today)
        text.append("\nSource: ", style="bold")
        text.append(f"{quote.origin}, {quote.basis}\n")
        text.append(f"{quote.url or 'no address'}\n")
        text.append(f"As of {quote.age_text(self.today)}\n", style=self.named_style("old") if stale else "")
        text.append("Newer prices: cnai-pay prices update (the only command that uses the network)\n", style="dim")
        return text
