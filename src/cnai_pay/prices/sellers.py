"""Every platform that sells a model, its price, and whether the user can pay there.

Which offering on a platform is the model is the catalogue's rule; the price is the price
library's for the platforms it covers (the platform's `prices_provider`), else our own
sourced price, else unknown. The payment cell is the one the routes rank first for the
user's wallet and country, so the grid, the routes and this list never disagree.
"""

from __future__ import annotations

import datetime as dt

from ..domain.catalog import Catalog, Cell
from ..domain.model import Platform, Status
from ..domain.offers import ModelEntry, OfferRule
from ..domain.vocabulary import BASIS_LABELS
from ..routes import Route, RoutePlan, plan_routes
from ..text import quoted
from ..value_classes import frozen
from .plain import MatchRuleError, PlainModel, library_quote
from .quote import Quote, own_quote
from .table import PriceTable

# What "a typical token mix" is when the user gives none: three input tokens to one output
# token, the blend price trackers commonly quote (in millions of tokens).
TYPICAL_MIX = (3.0, 1.0)


@frozen
class TokenMix:
    input_millions: float = TYPICAL_MIX[0]
    output_millions: float = TYPICAL_MIX[1]
    # Given by the user (then shown as a monthly cost), not the default.
    given: bool = False

    @property
    def text(self) -> str:
        return f"{self.input_millions:g}M input + {self.output_millions:g}M output tokens"


def parse_mix(text: str) -> TokenMix:
    """'10:2' is 10 million input and 2 million output tokens; ValueError with a readable message."""
    from ..checklist.model import ChecklistError, read_number

    parts = text.split(":")
    if len(parts) != 2:
        raise ValueError(f"{quoted(text)} is not IN:OUT in millions of tokens (e.g. 10:2)")
    try:
        # The one reading of a typed number, as for amounts: "1,000" is refused with both readings.
        values = [read_number(part) for part in parts]
    except ChecklistError as exc:
        raise ValueError(f"{quoted(text)} is not IN:OUT in millions of tokens (e.g. 10:2): {exc}") from None
    if any(not (0 <= v <= 1_000_000) for v in values) or sum(values) == 0:
        raise ValueError(f"{quoted(text)}: give millions of tokens between 0 and 1000000, not both 0")
    return TokenMix(values[0], values[1], given=True)


@frozen
class Offering:
    model: ModelEntry
    platform: Platform
    # The platform's id for the model, or None when its prices list none of the rule's ids.
    offer_id: str | None
    quote: Quote | None
    # Other offerings of the same id with their own terms (`:free`, `:batch`): never this one.
    variants: tuple[str, ...] = ()
    # Why the price is not known, when it is not: one line for the user, never a zero.
    unpriced: str = ""


def _library_offering(
    catalog: Catalog, table: PriceTable, model: ModelEntry, platform: Platform, ids: tuple[str, ...], today: dt.date
) -> Offering:
    provider = table.provider(platform.prices_provider)
    if provider is None:
        why = f"{table.origin} has no provider {platform.prices_provider!r}"
        return Offering(model, platform, None, None, unpriced=why)
    by_id = {m.id.lower(): m for m in provider.models}
    for wanted in ids:
        found = by_id.get(wanted.lower())
        if found is None and ":" not in wanted:
            # The library's own matching rule (`deepseek-r1` is its `deepseek-reasoner`), never a variant.
            found = next((m for m in provider.models if ":" not in m.id and _matches(m, wanted)), None)
        if found is not None:
            prefix = found.id.lower() + ":"
            variants = tuple(sorted(m.id for m in provider.models if m.id.lower().startswith(prefix)))
            urls = provider.pricing_urls or [table.url]
            try:
                quote = library_quote(found, table.origin, urls[0] if urls else "", table.as_of, today)
            except ValueError:  # an extract edited by hand: its price is unknown, not guessed
                return Offering(model, platform, found.id, None, variants, f"its price in {table.origin} is damaged")
            return Offering(model, platform, found.id, quote, variants)
    return Offering(model, platform, None, None, unpriced=f"{table.origin} lists none of {', '.join(ids)}")


def _matches(model: PlainModel, wanted: str) -> bool:
    try:
        return model.is_match(wanted)
    except MatchRuleError:  # a rule the library would not write: it matches nothing
        return False


def _own_offering(catalog: Catalog, model: ModelEntry, platform: Platform, rule: OfferRule) -> Offering:
    prices = {p.offer.lower(): p for p in catalog.own_prices if p.platform == platform.id}
    for wanted in rule.ids:
        price = prices.get(wanted.lower())
        if price is not None:
            source = catalog.price_sources[price.source]
            quote = own_quote(
                price, source.title, source.url, source.dated or source.read_on, BASIS_LABELS[price.basis]
            )
            return Offering(model, platform, price.offer, quote)
    return Offering(model, platform, rule.ids[0] if rule.source else None, None, unpriced=unpriced(catalog, rule))


def unpriced(catalog: Catalog, rule: OfferRule) -> str:
    """Why a platform the price library does not cover has no price: the rule's note and listing."""
    platform = catalog.platform_by_id[rule.platform]
    why = f"the price library does not cover {platform.name} and no sourced price is recorded"
    source = catalog.price_sources.get(rule.source) if rule.source else None
    if source is None:
        return why
    return f"{rule.price_note or why}; listed in {source.title}, read {source.read_on.isoformat()}: {source.url}"


def offerings(catalog: Catalog, table: PriceTable, model: ModelEntry, today: dt.date) -> list[Offering]:
    """One offering per platform the model's rules name, in the rules' order."""
    found = []
    for rule in model.offers:
        platform = catalog.platform_by_id.get(rule.platform)
        if platform is None:
            continue
        if platform.prices_provider:
            found.append(_library_offering(catalog, table, model, platform, rule.ids, today))
        else:
            found.append(_own_offering(catalog, model, platform, rule))
    return found


@frozen
class Seller:
    offering: Offering
    # The best way to pay there with the user's wallet, when one is not ruled out.
    route: Route | None
    # The payment cell shown: the route's, else a wallet method's refusal; None without a wallet.
    cell: Cell | None

    @property
    def platform(self) -> Platform:
        return self.offering.platform

    @property
    def payable(self) -> bool:
        return self.cell is not None and self.cell.accepts

    def cost(self, mix: TokenMix) -> float | None:
        quote = self.offering.quote
        return quote.cost(mix.input_millions, mix.output_millions) if quote else None


def _refusal(catalog: Catalog, platform: Platform, wallet: frozenset[str], country: str | None) -> Cell | None:
    cells = [catalog.cell(platform.id, m.id, country) for m in catalog.methods if m.id in wallet]
    return next((c for c in cells if c.status is Status.NOT_SUPPORTED), cells[0] if cells else None)


def rank_key(seller: Seller, mix: TokenMix) -> tuple[bool, bool, float, str]:
    """Payable for the user first, then by the mix's price (unknown prices last), then by name."""
    cost = seller.cost(mix)
    return (not seller.payable, cost is None, cost if cost is not None else 0.0, seller.platform.name.lower())


def sellers(
    catalog: Catalog,
    offers: list[Offering],
    plan: RoutePlan,
    mix: TokenMix = TokenMix(),
) -> list[Seller]:
    best: dict[str, Route] = {}
    for route in plan.routes:  # ranked: the first route of a platform is its best
        best.setdefault(route.platform.id, route)
    found = []
    for offer in offers:
        chosen = best.get(offer.platform.id)
        cell = chosen.cell if chosen is not None else _refusal(catalog, offer.platform, plan.wallet, plan.country)
        found.append(Seller(offer, chosen, cell))
    found.sort(key=lambda s: rank_key(s, mix))
    return found


def model_sellers(
    catalog: Catalog,
    table: PriceTable,
    model: ModelEntry,
    wallet: frozenset[str],
    providers: frozenset[str],
    country: str | None,
    today: dt.date,
    mix: TokenMix = TokenMix(),
) -> list[Seller]:
    plan = plan_routes(catalog, wallet, providers, country)
    return sellers(catalog, offerings(catalog, table, model, today), plan, mix)
