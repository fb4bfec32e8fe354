"""Routes: the ways to pay a user has, ranked by how likely they are to go through, then by cost.

A route is a platform × a method from the user's wallet (with the card
provider, for a method a provider issues) that the data does not rule out for
the user's country. It is ranked by the cell's status for that country, how
strongly the deciding claim is known, disputes, and the card rules that bite,
then by what a first minimal top-up costs (amount + fees, in the platform's
currency). Every flag names the claims or rules it comes from. Platforms the
wallet cannot pay are listed with the cheapest method that would open them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .domain.catalog import Catalog, Cell
from .domain.model import (
    BillingModel,
    CardRuleKind,
    CardTopic,
    Method,
    MethodKind,
    Platform,
    Provider,
    RefundPolicy,
    Status,
)
from .domain.regions import applies_in
from .domain.topup import budget, default_amount, default_fees, money
from .domain.vocabulary import BASIS_LABELS, GLYPHS, LABELS, SOURCE_KIND_LABELS

STATUS_POINTS = {Status.SUPPORTED: 40, Status.CONDITIONAL: 25, Status.UNKNOWN: 5}
STATED_POINTS = 10
DISPUTED_PENALTY = 15
# The card-type topic that, refused, rules out a method of that kind.
OWN_TYPE_TOPIC = {MethodKind.VIRTUAL_CARD: CardTopic.VIRTUAL_CARDS, MethodKind.PREPAID_CARD: CardTopic.PREPAID_CARDS}


@dataclass(frozen=True)
class Flag:
    """A risk, with the ids of the sources it rests on."""

    text: str
    sources: tuple[str, ...]
    penalty: int = 0


@dataclass(frozen=True)
class Route:
    cell: Cell
    provider: Provider | None
    flags: tuple[Flag, ...]
    amount: float
    currency: str
    fee_percent: float
    fixed_fee: float
    official_minimum: bool
    # Postpaid: nothing is paid up front, the platform charges after use.
    billed_after_use: bool = False

    @property
    def platform(self) -> Platform:
        return self.cell.platform

    @property
    def method(self) -> Method:
        return self.cell.method

    @property
    def score(self) -> int:
        points = STATUS_POINTS.get(self.cell.status, 0)
        deciding = self.cell.deciding
        if deciding is not None:
            # Stronger evidence ranks higher: an official page over a blog over a guide; stated over the rest.
            points += 3 * deciding.source.kind.authority + (STATED_POINTS if not deciding.weak else 0)
        if self.cell.disputed:
            points -= DISPUTED_PENALTY
        return points - sum(flag.penalty for flag in self.flags)

    @property
    def total(self) -> float:
        return 0.0 if self.billed_after_use else budget(self.amount, self.fee_percent, self.fixed_fee)

    @property
    def method_label(self) -> str:
        return f"{self.method.name} ({self.provider.name})" if self.provider else self.method.name

    @property
    def cost_text(self) -> str:
        if self.billed_after_use:
            return "nothing up front: billed after use"
        fees = f"{self.fee_percent:g}%" + (f" + {money(self.fixed_fee, self.currency)}" if self.fixed_fee else "")
        text = f"{money(self.amount, self.currency)} + {fees} = {money(self.total, self.currency)}"
        return text if self.official_minimum else text + " (no official minimum)"

    @property
    def short_cost(self) -> str:
        """The total alone, for a table: '5.48 USD', with '*' when no official minimum backs the amount."""
        if self.billed_after_use:
            return "billed after use"
        return money(self.total, self.currency) + ("" if self.official_minimum else " *")

    @property
    def reason(self) -> str:
        """One line: the status for the user and how it is known."""
        cell = self.cell
        said = f"{GLYPHS[cell.status]} {LABELS[cell.status]}"
        if cell.country and cell.regional:
            said += f" for {cell.country}"
        deciding = cell.deciding
        if deciding is None:
            return said + ": no source in the data says either way"
        return (
            f"{said}: {SOURCE_KIND_LABELS[deciding.source.kind]} source, {BASIS_LABELS[deciding.basis]}"
            f" ({deciding.source.title})"
        )


@dataclass(frozen=True)
class Opening:
    """What would open a platform the wallet cannot pay: a method (and provider) not yet held."""

    platform: Platform
    route: Route | None

    @property
    def text(self) -> str:
        if self.route is None:
            return f"no method in the data is known to work on {self.platform.name}"
        what = f"a {self.route.provider.name} card" if self.route.provider else self.route.method.name
        return f"{what} would open {self.platform.name}"


@dataclass(frozen=True)
class RoutePlan:
    routes: list[Route]
    closed: list[Opening]
    wallet: frozenset[str]
    providers: frozenset[str]
    country: str | None
    # What the sources say about the user's card providers in their country, once for every route.
    notes: tuple[Flag, ...] = ()


def _flags(catalog: Catalog, cell: Cell, country: str | None) -> list[Flag]:
    platform, method = cell.platform, cell.method
    flags: list[Flag] = []
    if cell.disputed:
        flags.append(Flag("sources disagree", tuple(cell.source_ids)))
    if cell.weak and cell.deciding is not None:
        flags.append(Flag(f"deciding claim {BASIS_LABELS[cell.deciding.basis]}", (cell.deciding.source.id,)))
    if cell.status is Status.UNKNOWN:
        flags.append(Flag("no source says", ()))
    own = OWN_TYPE_TOPIC.get(method.kind)
    for rule in catalog.rules_for_method(platform.id, method, country):
        if rule.rule is CardRuleKind.REFUSED and rule.topic is own:
            flags.append(Flag(f"{platform.name} refuses {method.name.lower()}s", (rule.source,), 30))
        elif rule.rule is CardRuleKind.REFUSED and rule.topic is CardTopic.THREE_D_SECURE:
            flags.append(Flag("3-D Secure payments fail", (rule.source,), 10))
        elif rule.topic is CardTopic.RECURRING and rule.rule in (CardRuleKind.REQUIRED, CardRuleKind.MAY_BE_REQUIRED):
            flags.append(Flag("needs a card that allows recurring charges", (rule.source,), 5))
        elif rule.topic is CardTopic.THREE_D_SECURE and rule.rule is CardRuleKind.REQUIRED:
            flags.append(Flag("3-D Secure required", (rule.source,)))
    refund = catalog.refunds[platform.id]
    if refund.policy in (RefundPolicy.NOT_REFUNDABLE, RefundPolicy.UNKNOWN):
        flags.append(
            Flag(
                "unused balance not refundable" if refund.policy is RefundPolicy.NOT_REFUNDABLE else "refunds unknown",
                tuple(c.source.id for c in refund.claims[:1]),
                1,
            )
        )
    return flags


def provider_notes(catalog: Catalog, providers: frozenset[str], country: str | None) -> list[Flag]:
    """What the sources say about the user's card providers in their country alone (a paused card, say)."""
    if country is None:
        return []
    return [
        Flag(f"{name} in {country}: {fact.text}", (fact.source,))
        for provider_id, name in ((p.id, p.name) for p in catalog.providers if p.id in providers)
        for fact in catalog.provider_facts
        if fact.provider == provider_id
        and fact.regions
        and applies_in(fact, country)
        and fact.topic in ("setup", "reliability")
    ]


def make_route(
    catalog: Catalog, platform: Platform, method: Method, provider: Provider | None, country: str | None
) -> Route:
    cell = catalog.cell(platform.id, method.id, country)
    amount, currency = default_amount(catalog, platform.id, method.id, country)
    percent, fixed = default_fees(catalog, platform.id, method.id, provider.id if provider else "", currency, country)
    return Route(
        cell,
        provider,
        tuple(_flags(catalog, cell, country)),
        amount,
        currency,
        percent,
        fixed,
        catalog.minimum_topup(platform.id, method.id, country) is not None,
        catalog.billing_model(platform.id) is BillingModel.POSTPAID,
    )


def _options(catalog: Catalog, method: Method, providers: frozenset[str] | None) -> list[Provider | None]:
    """The providers to consider for a method: the user's (or all, when `providers` is None)."""
    issued = catalog.providers_for(method.id)
    if not issued:
        return [None]
    chosen = [p for p in issued if providers is None or p.id in providers]
    return list(chosen) or [None]


def rank_key(route: Route) -> tuple[int, float, str, str]:
    return (-route.score, route.total, route.platform.name.lower(), route.method_label.lower())


def plan_routes(
    catalog: Catalog, wallet: frozenset[str], providers: frozenset[str] = frozenset(), country: str | None = None
) -> RoutePlan:
    methods = [m for m in catalog.methods if m.id in wallet]
    routes: list[Route] = []
    for platform in catalog.platforms:
        for method in methods:
            if catalog.cell(platform.id, method.id, country).status is Status.NOT_SUPPORTED:
                continue  # ruled out for this user
            routes.extend(
                make_route(catalog, platform, method, provider, country)
                for provider in _options(catalog, method, providers)
            )
    routes.sort(key=rank_key)
    open_ids = {r.platform.id for r in routes if r.cell.status is not Status.UNKNOWN}
    closed = []
    for platform in catalog.platforms:
        if platform.id in open_ids:
            continue
        candidates = [
            make_route(catalog, platform, method, provider, country)
            for method in catalog.methods
            if method.id not in wallet and catalog.cell(platform.id, method.id, country).accepts
            for provider in _options(catalog, method, None)
        ]
        # The cheapest among the likeliest: a sure method first, then what it costs.
        candidates.sort(key=lambda r: (r.cell.status is not Status.SUPPORTED, r.total, -r.score))
        closed.append(Opening(platform, candidates[0] if candidates else None))
    return RoutePlan(routes, closed, wallet, providers, country, tuple(provider_notes(catalog, providers, country)))
