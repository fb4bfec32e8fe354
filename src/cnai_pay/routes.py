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

import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import field, replace
from typing import overload

from .collector import collector_paused
from .domain.cards import OWN_TYPE_TOPIC, card_answer, card_networks
from .domain.catalog import Catalog, Cell
from .domain.model import (
    BillingModel,
    CardRule,
    CardRuleKind,
    CardTopic,
    Fee,
    Method,
    MethodKind,
    Platform,
    Provider,
    RefundPolicy,
    Scoped,
    Status,
)
from .domain.regions import applies_in, scope_text
from .domain.topup import FeeTerms, amount_for, budget, fees_text, money, sum_fees
from .domain.vocabulary import (
    BASIS_LABELS,
    BASIS_PLAIN,
    GLYPHS,
    LABELS,
    SOURCE_KIND_LABELS,
    SOURCE_KIND_PLAIN,
)
from .value_classes import frozen

STATUS_POINTS = {Status.SUPPORTED: 40, Status.CONDITIONAL: 25, Status.UNKNOWN: 5}
STATED_POINTS = 10
DISPUTED_PENALTY = 15


@frozen
class Flag:
    """A risk, with the ids of the sources it rests on."""

    text: str
    sources: tuple[str, ...]
    penalty: int = 0


@frozen
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
    # For a provider's card: which of the platform's cells or rules decided (see domain.cards).
    card_note: str = ""
    # The smallest fee (a percentage with a floor), and whether the platform's fees are stated at all.
    minimum_fee: float = 0.0
    fees_stated: bool = True
    # Why the route sits where it does beside one with known fees (set by `plan_routes`).
    rank_note: str = ""
    # The part of fee_percent the minimum fee does not floor (the card provider's beside the
    # platform's), and whose fees are not known ("platform", "Revolut's").
    unfloored_fee: float = 0.0
    unknown_fees: tuple[str, ...] = ()

    @property
    def platform(self) -> Platform:
        return self.cell.platform

    @property
    def method(self) -> Method:
        return self.cell.method

    # The score once worked out: a plan asks each of tens of thousands of routes for it more than once.
    _score: int | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def score(self) -> int:
        points = self._score
        if points is None:
            points = STATUS_POINTS.get(self.cell.status, 0)
            deciding = self.cell.deciding
            if deciding is not None:
                # Stronger evidence ranks higher: an official page over a blog over a guide; stated over the rest.
                points += 3 * deciding.source.kind.authority + (STATED_POINTS if not deciding.weak else 0)
            if self.cell.disputed:
                points -= DISPUTED_PENALTY
            points -= sum(flag.penalty for flag in self.flags)
            object.__setattr__(self, "_score", points)
        return points

    @property
    def total(self) -> float:
        """The top-up with its fees; where the platform's fees are not stated, what it costs at least."""
        if self.billed_after_use:
            return 0.0
        return budget(self.amount, self.fee_percent, self.fixed_fee, self.minimum_fee, self.unfloored_fee)

    @property
    def method_label(self) -> str:
        return f"{self.method.name} ({self.provider.name})" if self.provider else self.method.name

    @property
    def cost_text(self) -> str:
        if self.billed_after_use:
            return "nothing up front: billed after use"
        fees = fees_text(
            self.fee_percent,
            self.fixed_fee,
            self.currency,
            self.minimum_fee,
            self.fees_stated,
            self.unfloored_fee,
            self.unknown_fees,
        )
        total = money(self.total, self.currency)
        text = f"{money(self.amount, self.currency)} + {fees} = {total if self.fees_stated else 'at least ' + total}"
        return text if self.official_minimum else text + " (no official minimum)"

    @property
    def short_cost(self) -> str:
        """The total alone, for a table: '5.48 USD', with '*' when no official minimum backs the amount."""
        if self.billed_after_use:
            return "billed after use"
        total = money(self.total, self.currency) if self.fees_stated else "≥ " + money(self.total, self.currency)
        return total + ("" if self.official_minimum else " *")

    @property
    def caveat(self) -> str:
        """What a conditional route takes to go through, in a few words from its deciding claim; '' when
        it needs nothing: the claim's `condition`, else the product or regions it is limited to, else its note."""
        cell, deciding = self.cell, self.cell.deciding
        if cell.status is not Status.CONDITIONAL or deciding is None:
            return ""
        claim = deciding.claim
        condition = getattr(claim, "condition", None)
        if condition:
            return str(condition)
        if deciding.product:
            return f"only for {deciding.product}"
        if isinstance(claim, Scoped) and claim.scoped and getattr(claim, "status", None) is not Status.CONDITIONAL:
            # No country set: a claim for some regions reads as conditional (see ranking.status_for).
            said = scope_text(claim) if getattr(claim, "status", None) is Status.SUPPORTED else "in some countries"
            return f"{said}: depends on your country"
        return str(getattr(claim, "note", ""))

    @property
    def conditional(self) -> bool:
        """The route goes through only under a condition (an account type, a region, a product)."""
        return self.cell.status is Status.CONDITIONAL

    @property
    def reason(self) -> str:
        """One line: the status for the user and how it is known."""
        return self.explained(plain=False)

    @property
    def plain_reason(self) -> str:
        """The reason in plain words, the precise terms after the source's title."""
        return self.explained(plain=True)

    def explained(self, plain: bool) -> str:
        cell = self.cell
        said = f"{GLYPHS[cell.status]} {LABELS[cell.status]}"
        if cell.country and cell.regional:
            said += f" for {cell.country}"
        deciding = cell.deciding
        if deciding is None:
            return said + ": no source in the data says either way"
        kind, basis = SOURCE_KIND_LABELS[deciding.source.kind], BASIS_LABELS[deciding.basis]
        if plain:
            text = (
                f"{said}: {SOURCE_KIND_PLAIN[deciding.source.kind]}: {BASIS_PLAIN[deciding.basis]}"
                f" ({deciding.source.title}; {kind}, {basis})"
            )
        else:
            text = f"{said}: {kind} source, {basis} ({deciding.source.title})"
        if cell.brandless:
            text += "; the page names no card brand, it speaks of cards in general"
        if cell.product:
            text += f"; it holds only for {cell.product}"
        return text


@frozen
class Opening:
    """What would open a platform the wallet cannot pay: a method (and provider) not yet held."""

    platform: Platform
    route: Route | None
    # Where the suggested network may be what the user's card already is (no source names its network).
    note: str = ""

    @property
    def text(self) -> str:
        if self.route is None:
            return f"no method in the data is known to work on {self.platform.name}"
        what = f"a {self.route.provider.name} card" if self.route.provider else self.route.method.name
        deciding = self.route.cell.deciding
        # A suggestion resting on a weak claim says so, so it does not read as a sure way in.
        weak = (
            f" ({BASIS_LABELS[deciding.basis]}, {SOURCE_KIND_LABELS[deciding.source.kind]} only)"
            if deciding and deciding.weak
            else ""
        )
        note = f" ({self.note})" if self.note else ""
        return f"{what} would open {self.platform.name}{weak}{note}"


class Openings(Sequence[Opening]):
    """The platforms the wallet cannot pay, in catalogue order, each with what would open it, worked
    out when first read: trying every other method on each of them was half a plan's time at 10,000
    platforms, and a screen shows a few. Narrowed copies share what was worked out."""

    def __init__(self, platforms: Sequence[Platform], find: Callable[[Platform], Opening]) -> None:
        self.platforms = tuple(platforms)
        self._find = find
        self._found: dict[str, Opening] = {}

    def __len__(self) -> int:
        return len(self.platforms)

    @overload
    def __getitem__(self, index: int) -> Opening: ...

    @overload
    def __getitem__(self, index: slice) -> list[Opening]: ...

    def __getitem__(self, index: int | slice) -> Opening | list[Opening]:
        if isinstance(index, slice):
            return [self._opening(platform) for platform in self.platforms[index]]
        return self._opening(self.platforms[index])

    def __iter__(self) -> Iterator[Opening]:
        return (self._opening(platform) for platform in self.platforms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Openings({len(self)} platforms)"

    def _opening(self, platform: Platform) -> Opening:
        found = self._found.get(platform.id)
        if found is None:
            found = self._found[platform.id] = self._find(platform)
        return found

    def only(self, platform_ids: Collection[str]) -> Openings:
        """The same, for these platforms alone (those selling a model)."""
        narrowed = Openings([p for p in self.platforms if p.id in platform_ids], self._find)
        narrowed._found = self._found
        return narrowed


@frozen
class RoutePlan:
    routes: list[Route]
    closed: Openings
    wallet: frozenset[str]
    providers: frozenset[str]
    country: str | None
    # What the sources say about the user's card providers in their country, once for every route.
    notes: tuple[Flag, ...] = ()


def _cell_flags(cell: Cell) -> list[Flag]:
    flags: list[Flag] = []
    if not cell.disputed and cell.status is not Status.UNKNOWN and not (cell.claims and cell.claims[0].weak):
        return flags  # most cells: one source, stated, or sources that agree
    if cell.disputed:
        flags.append(Flag("sources disagree", tuple(cell.source_ids)))
    deciding = cell.deciding
    if deciding is not None and deciding.weak:
        flags.append(Flag(f"deciding claim {BASIS_LABELS[deciding.basis]}", (deciding.source.id,)))
    if cell.status is Status.UNKNOWN:
        flags.append(Flag("no source says", ()))
    return flags


def _rule_flags(platform: Platform, method: Method, rules: list[CardRule]) -> list[Flag]:
    """The flags from the platform's card rules (for the user's country) on this method's topics."""
    flags: list[Flag] = []
    own = OWN_TYPE_TOPIC.get(method.kind)
    for rule in rules:
        if rule.topic not in method.card_rules:
            continue
        if rule.rule is CardRuleKind.REFUSED and rule.topic is own:
            flags.append(Flag(f"{platform.name} refuses {method.name.lower()}s", (rule.source,), 30))
        elif rule.rule is CardRuleKind.REFUSED and rule.topic is CardTopic.THREE_D_SECURE:
            flags.append(Flag("3-D Secure payments fail", (rule.source,), 10))
        elif rule.topic is CardTopic.RECURRING and rule.rule in (CardRuleKind.REQUIRED, CardRuleKind.MAY_BE_REQUIRED):
            flags.append(Flag("needs a card that allows recurring charges", (rule.source,), 5))
        elif rule.topic is CardTopic.THREE_D_SECURE and rule.rule is CardRuleKind.REQUIRED:
            flags.append(Flag("3-D Secure required", (rule.source,)))
    return flags


def _refund_flags(catalog: Catalog, platform: Platform) -> tuple[Flag, ...]:
    refund = catalog.refunds[platform.id]
    if refund.policy not in (RefundPolicy.NOT_REFUNDABLE, RefundPolicy.UNKNOWN):
        return ()
    return (
        Flag(
            "unused balance not refundable" if refund.policy is RefundPolicy.NOT_REFUNDABLE else "refunds unknown",
            tuple(c.source.id for c in refund.claims[:1]),
            1,
        ),
    )


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


def route_cell(
    catalog: Catalog, platform: Platform, method: Method, provider: Provider | None, country: str | None
) -> tuple[Cell, str]:
    """The cell a route stands on: for a provider's card, the one its network and card rules give."""
    if provider is None:
        return catalog.cell(platform.id, method.id, country), ""
    answer = card_answer(catalog, platform.id, provider, country)
    return answer.cell, answer.decided_by


class RouteCosts:
    """The parts of a route that are the same for many routes, for one country, worked out once a plan:
    the fees that may apply to a method and card, summed once for each distinct set (a catalogue has
    a few fees, a plan tens of thousands of routes), and each platform's billing, refund and card rules."""

    def __init__(self, catalog: Catalog, country: str | None) -> None:
        self.catalog, self.country = catalog, country
        # One pass over the billing facts: `Catalog.billing_model` is postpaid where any fact is, and
        # `Catalog.minimum_topup` can only find a minimum where `minimum_facts` gives one.
        self.postpaid = {b.platform for b in catalog.billing if b.model is BillingModel.POSTPAID}
        self.with_minimums = {
            b.platform for b in catalog.billing if b.minimum is not None and b.model is not BillingModel.POSTPAID
        }
        self.provider_names: dict[str, str] = {}
        for provider in catalog.providers:
            self.provider_names.setdefault(provider.id, provider.name)
        self._candidates: dict[tuple[str, str], tuple[list[Fee], dict[str, list[Fee]], dict[int, int]]] = {}
        self._sums: dict[tuple[object, ...], FeeTerms] = {}
        self._refund_flags: dict[str, tuple[Flag, ...]] = {}
        self._card_rules: dict[str, list[CardRule]] = {}

    def fees(self, platform_id: str, method_id: str, provider_id: str, currency: str) -> FeeTerms:
        """`domain.topup.fee_terms`, looked up."""
        key = (method_id, provider_id)
        found = self._candidates.get(key)
        if found is None:
            candidates = self.catalog.fees_on_any_platform(method_id, provider_id, self.country)
            own: dict[str, list[Fee]] = defaultdict(list)
            for fee in candidates:
                if fee.platform is not None:
                    own[fee.platform].append(fee)
            general = [f for f in candidates if f.platform is None]
            found = self._candidates[key] = (general, dict(own), {id(f): i for i, f in enumerate(candidates)})
        general, own, position = found
        name = self.provider_names.get(provider_id, "")
        if platform_id in own:
            fees = sorted([*general, *own[platform_id]], key=lambda f: position[id(f)])
            summed_key: tuple[object, ...] = (tuple(map(id, fees)), currency, name)
        else:  # the fees every platform has: the same sum for each
            fees, summed_key = general, (method_id, provider_id, currency)
        terms = self._sums.get(summed_key)
        if terms is None:
            terms = self._sums[summed_key] = sum_fees(fees, currency, name)
        return terms

    def route(self, cell: Cell, provider: Provider | None, card_note: str) -> Route:
        platform, method = cell.platform, cell.method
        catalog, platform_id = self.catalog, platform.id
        refund_flags = self._refund_flags.get(platform_id)
        if refund_flags is None:
            refund_flags = self._refund_flags[platform_id] = _refund_flags(catalog, platform)
        rules = self._card_rules.get(platform_id)
        if rules is None:
            rules = self._card_rules[platform_id] = catalog.card_rules_for(platform_id, country=self.country)
        minimum = (
            catalog.minimum_topup(platform_id, method.id, self.country) if platform_id in self.with_minimums else None
        )
        amount, currency = amount_for(minimum)
        fees = self.fees(platform_id, method.id, provider.id if provider else "", currency)
        return Route(
            cell,
            provider,
            (*_cell_flags(cell), *(_rule_flags(platform, method, rules) if rules else ()), *refund_flags),
            amount,
            currency,
            fees.percent,
            fees.fixed,
            minimum is not None,
            platform_id in self.postpaid,
            card_note,
            fees.minimum,
            fees.stated,
            unfloored_fee=fees.unfloored,
            unknown_fees=fees.unknown,
        )


def _options(catalog: Catalog, method: Method, providers: frozenset[str] | None) -> list[Provider | None]:
    """The providers to consider for a method: the user's (or all, when `providers` is None)."""
    issued = catalog.providers_for(method.id)
    if not issued:
        return [None]
    chosen = [p for p in issued if providers is None or p.id in providers]
    return list(chosen) or [None]


def rank_key(route: Route) -> tuple[int, bool, float, bool, str, str]:
    """Likeliest first, a route that needs a condition after an equally likely one that needs none, then
    cheapest; a route whose fees are unknown is costed at its floor, and goes after an equal route with
    known fees only where that one's whole total is no higher."""
    unknown = not route.fees_stated and not route.billed_after_use
    return (
        -route.score,
        route.conditional,
        route.total,
        unknown,
        route.platform.name.lower(),
        route.method_label.lower(),
    )


def _rank_notes(routes: list[Route]) -> list[Route]:
    """Say why a route with unknown fees sits before or after an equally likely one with known fees."""
    # The positions of the routes with known fees, by how likely they are: looked up, not searched,
    # so thousands of routes cost no more than a pass (a search per route grew with the square).
    known: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for index, route in enumerate(routes):
        if route.fees_stated and not route.billed_after_use:
            known[(route.score, route.conditional)].append(index)
    noted = []
    for index, route in enumerate(routes):
        if route.fees_stated or route.billed_after_use:
            noted.append(route)
            continue
        group = known.get((route.score, route.conditional), [])
        split = bisect_right(group, index)
        note = ""
        if split < len(group):
            other = routes[group[split]]
            note = (
                f"placed before {other.platform.name} × {other.method_label} ({money(other.total, other.currency)}) "
                "on its top-up alone: its fees are not stated, so it may cost more"
            )
        elif split:
            other = routes[group[split - 1]]
            note = (
                f"placed after {other.platform.name} × {other.method_label}, whose total with its known fees "
                f"({money(other.total, other.currency)}) is no more than this route's top-up"
            )
        noted.append(replace(route, rank_note=note) if note else route)
    return noted


def _may_already_be(catalog: Catalog, route: Route | None, unsourced: list[Provider], country: str | None) -> str:
    """A card network suggested to a user whose card's network is unknown: it may be that very card."""
    if route is None or route.provider is not None or route.method.kind is not MethodKind.CARD_NETWORK:
        return ""
    # Only where the platform does not refuse the user's card whatever its network.
    names = [
        p.name
        for p in unsourced
        if card_answer(catalog, route.platform.id, p, country).cell.status is not Status.NOT_SUPPORTED
    ]
    if not names:
        return ""
    return f"your {' or '.join(names)} card may already be one: no source in the data names its network"


def _opening(
    catalog: Catalog,
    costs: RouteCosts,
    platform: Platform,
    held: Collection[str],
    unsourced: list[Provider],
) -> Opening:
    """The cheapest among the likeliest methods not held that the platform accepts."""
    country = costs.country
    candidates = []
    for method in catalog.methods:
        if method.id in held:
            continue
        for provider in _options(catalog, method, None):
            # The platform's answer for that very card (a provider's card: its network and card rules).
            cell, card_note = route_cell(catalog, platform, method, provider, country)
            if cell.accepts:
                candidates.append(costs.route(cell, provider, card_note))
    # A sure method first, then what it costs.
    candidates.sort(key=lambda r: (r.cell.status is not Status.SUPPORTED, r.total, -r.score))
    best = candidates[0] if candidates else None
    return Opening(platform, best, _may_already_be(catalog, best, unsourced, country))


# The plans last made, for one catalogue: the routes pane, the peek under the grid, the models pane
# and a decline's next steps ask for the same wallet's plan, which at 10,000 platforms takes most
# of a second to make. A catalogue never changes once loaded. Plans are made on the UI thread and
# in a worker (the routes pane at a large catalogue): the lock guards the memo, not the making.
_PLANS_KEPT = 4
_plans: tuple[Catalog, dict[tuple[frozenset[str], frozenset[str], str | None], RoutePlan]] | None = None
_plans_lock = threading.Lock()


def planned(
    catalog: Catalog, wallet: frozenset[str], providers: frozenset[str] = frozenset(), country: str | None = None
) -> RoutePlan | None:
    """The plan already made for this wallet and country, or None. Shared: read it, never change it."""
    with _plans_lock:
        if _plans is None or _plans[0] is not catalog:
            return None
        return _plans[1].get((frozenset(wallet), frozenset(providers), country))


def plan_routes(
    catalog: Catalog, wallet: frozenset[str], providers: frozenset[str] = frozenset(), country: str | None = None
) -> RoutePlan:
    """The user's routes, ranked: made once for each wallet, card providers and country (see
    `planned`). Shared between its callers: read it, never change it."""
    global _plans
    key = (frozenset(wallet), frozenset(providers), country)
    found = planned(catalog, *key)
    if found is not None:
        return found
    plan = _plan_routes(catalog, *key)
    with _plans_lock:
        if _plans is None or _plans[0] is not catalog:
            _plans = (catalog, {})
        kept = _plans[1]
        kept[key] = plan
        while len(kept) > _PLANS_KEPT:
            del kept[next(iter(kept))]  # the oldest first: dicts keep their order
    return plan


@collector_paused()  # tens of thousands of routes at 10,000 platforms, all kept
def _plan_routes(
    catalog: Catalog, wallet: frozenset[str], providers: frozenset[str] = frozenset(), country: str | None = None
) -> RoutePlan:
    costs = RouteCosts(catalog, country)
    options = [(m, _options(catalog, m, providers)) for m in catalog.methods if m.id in wallet]
    routes: list[Route] = []
    for platform in catalog.platforms:
        for method, choices in options:
            for provider in choices:
                cell, card_note = route_cell(catalog, platform, method, provider, country)
                if cell.status is not Status.NOT_SUPPORTED:  # else ruled out for this user
                    routes.append(costs.route(cell, provider, card_note))
    routes.sort(key=rank_key)
    routes = _rank_notes(routes)
    # What the user's cards already are (a Wise card is a Visa): never suggested as what would open the rest.
    held = set(wallet) | {
        n
        for p in catalog.providers
        if p.id in providers and p.method in wallet
        for n in card_networks(catalog, p, country)
    }
    # The user's cards whose network no source names: never assumed to be, nor not to be, a Visa.
    unsourced = [
        p
        for p in catalog.providers
        if p.id in providers and p.method in wallet and not card_networks(catalog, p, country)
    ]
    open_ids = {r.platform.id for r in routes if r.cell.status is not Status.UNKNOWN}
    closed = Openings(
        [p for p in catalog.platforms if p.id not in open_ids],
        lambda platform: _opening(catalog, costs, platform, held, unsourced),
    )
    return RoutePlan(routes, closed, wallet, providers, country, tuple(provider_notes(catalog, providers, country)))


def route_key(route: Route) -> tuple[str, str, str]:
    """(platform, method, card provider or ''): the same key a checklist has."""
    return (route.platform.id, route.method.id, route.provider.id if route.provider else "")


def next_route(plan: RoutePlan, tried: tuple[str, str, str]) -> Route | None:
    """The route to try after `tried` failed: the next in the plan's order, or, when `tried` is not
    among the plan's routes (a cell planned from outside the wallet), the likeliest one."""
    keys = [route_key(route) for route in plan.routes]
    if tried in keys:
        following = plan.routes[keys.index(tried) + 1 :]
        return following[0] if following else None
    return plan.routes[0] if plan.routes else None
