"""The paths that keep large catalogues fast give the answers of the plain scans they replace."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cnai_pay.domain.cards import OWN_TYPE_TOPIC, card_networks
from cnai_pay.domain.catalog import Catalog, Cell
from cnai_pay.domain.model import BillingModel, CardRuleKind, CardTopic, RefundPolicy, Status
from cnai_pay.domain.topup import default_amount, fee_terms, money
from cnai_pay.domain.vocabulary import BASIS_LABELS
from cnai_pay.loading import validate_catalog
from cnai_pay.routes import (
    Flag,
    Opening,
    Openings,
    Route,
    RouteCosts,
    _may_already_be,
    _options,
    _rank_notes,
    plan_routes,
    rank_key,
    route_cell,
)
from cnai_pay.text import display_width, truncate

from .conftest import FIXTURES, TODAY

COUNTRIES = (None, "DE", "MY", "US", "SG")


def rank_notes_by_scan(routes: list[Route]) -> list[Route]:
    """The rank notes as first written: every route with unknown fees compared with every other."""
    noted = []
    for index, route in enumerate(routes):
        if route.fees_stated or route.billed_after_use:
            noted.append(route)
            continue
        known = [
            r
            for r in routes
            if (r.score, r.conditional) == (route.score, route.conditional) and r.fees_stated and not r.billed_after_use
        ]
        before = [r for r in known if routes.index(r) < index]
        after = [r for r in known if routes.index(r) > index]
        note = ""
        if after:
            other = after[0]
            note = (
                f"placed before {other.platform.name} × {other.method_label} ({money(other.total, other.currency)}) "
                "on its top-up alone: its fees are not stated, so it may cost more"
            )
        elif before:
            other = before[-1]
            note = (
                f"placed after {other.platform.name} × {other.method_label}, whose total with its known fees "
                f"({money(other.total, other.currency)}) is no more than this route's top-up"
            )
        noted.append(replace(route, rank_note=note) if note else route)
    return noted


def test_rank_notes_match_the_scan_for_every_wallet_and_country(mini: Catalog) -> None:
    method_ids = [m.id for m in mini.methods]
    wallets = [
        frozenset(method_ids),
        *(frozenset({m}) for m in method_ids),
        *map(frozenset, itertools.pairwise(method_ids)),
    ]
    providers = frozenset(p.id for p in mini.providers)
    notes: set[str] = set()
    for wallet, country in itertools.product(wallets, COUNTRIES):
        plan = plan_routes(mini, wallet, providers, country)
        unnoted = sorted((replace(r, rank_note="") for r in plan.routes), key=rank_key)
        assert _rank_notes(unnoted) == rank_notes_by_scan(unnoted) == plan.routes
        # With every other route's fees flipped between stated and not, routes with unknown fees
        # sit beside ones with known fees whatever the fixture's fees are; reversed, the routes
        # with known fees come first: the other note.
        flipped = [replace(r, fees_stated=not r.fees_stated) if i % 2 else r for i, r in enumerate(unnoted)]
        for routes in (flipped, flipped[::-1], unnoted[::-1]):
            noted = _rank_notes(routes)
            assert noted == rank_notes_by_scan(routes)
            notes.update(r.rank_note.split(" ")[1] for r in noted if r.rank_note)
    assert notes == {"before", "after"}


def display_width_by_scan(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text
    )


@given(st.text(max_size=40) | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_display_width_matches_the_scan(text: str) -> None:
    assert display_width(text) == display_width_by_scan(text)
    assert display_width_by_scan(truncate(text, 10)) <= 10


# -- the routes plan: looked up once a plan, opened when read -------------------------------------


def flags_by_scan(catalog: Catalog, cell: Cell, country: str | None) -> list[Flag]:
    """A route's flags as first written: every rule and the refund asked of the catalogue per route."""
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


def route_by_scan(catalog: Catalog, platform, method, provider, country: str | None) -> Route:
    """A route as first made: its cell, amount, fees, minimum, billing and flags each asked for."""
    cell, card_note = route_cell(catalog, platform, method, provider, country)
    amount, currency = default_amount(catalog, platform.id, method.id, country)
    fees = fee_terms(catalog, platform.id, method.id, provider.id if provider else "", currency, country)
    return Route(
        cell,
        provider,
        tuple(flags_by_scan(catalog, cell, country)),
        amount,
        currency,
        fees.percent,
        fees.fixed,
        catalog.minimum_topup(platform.id, method.id, country) is not None,
        catalog.billing_model(platform.id) is BillingModel.POSTPAID,
        card_note,
        fees.minimum,
        fees.stated,
        unfloored_fee=fees.unfloored,
        unknown_fees=fees.unknown,
    )


def plan_by_scan(
    catalog: Catalog, wallet: frozenset[str], providers: frozenset[str], country: str | None
) -> tuple[list[Route], list[Opening]]:
    """The routes and openings as first planned: every route made in full, every closed platform
    tried with every method not held, at once."""
    routes = [
        route
        for platform in catalog.platforms
        for method in catalog.methods
        if method.id in wallet
        for provider in _options(catalog, method, providers)
        if (route := route_by_scan(catalog, platform, method, provider, country)).cell.status
        is not Status.NOT_SUPPORTED
    ]
    routes = _rank_notes(sorted(routes, key=rank_key))
    held = set(wallet) | {
        n
        for p in catalog.providers
        if p.id in providers and p.method in wallet
        for n in card_networks(catalog, p, country)
    }
    unsourced = [
        p
        for p in catalog.providers
        if p.id in providers and p.method in wallet and not card_networks(catalog, p, country)
    ]
    open_ids = {r.platform.id for r in routes if r.cell.status is not Status.UNKNOWN}
    closed = []
    for platform in catalog.platforms:
        if platform.id in open_ids:
            continue
        candidates = [
            route
            for method in catalog.methods
            if method.id not in held
            for provider in _options(catalog, method, None)
            if (route := route_by_scan(catalog, platform, method, provider, country)).cell.accepts
        ]
        candidates.sort(key=lambda r: (r.cell.status is not Status.SUPPORTED, r.total, -r.score))
        best = candidates[0] if candidates else None
        closed.append(Opening(platform, best, _may_already_be(catalog, best, unsourced, country)))
    return routes, closed


def fixture_catalogues(mini: Catalog) -> list[Catalog]:
    # The audit fixture has a fee on one platform alone, a brand-less claim and product-scoped claims.
    return [mini, validate_catalog(FIXTURES / "audit", today=TODAY)]


def test_a_plan_gives_the_routes_and_openings_of_the_plain_scan(mini: Catalog) -> None:
    compared = 0
    for catalog in fixture_catalogues(mini):
        method_ids = [m.id for m in catalog.methods]
        provider_ids = [p.id for p in catalog.providers]
        wallets = [
            frozenset(),
            frozenset(method_ids),
            *(frozenset({m}) for m in method_ids),
            *map(frozenset, itertools.pairwise(method_ids)),
        ]
        provider_sets = [frozenset(), frozenset(provider_ids), *(frozenset({p}) for p in provider_ids)]
        for wallet, providers, country in itertools.product(wallets, provider_sets, COUNTRIES):
            plan = plan_routes(catalog, wallet, providers, country)
            routes, closed = plan_by_scan(catalog, wallet, providers, country)
            assert plan.routes == routes
            assert list(plan.closed) == closed
            assert [o.platform for o in closed] == list(plan.closed.platforms)
            compared += len(routes) + len(closed)
    assert compared > 1000


def test_route_costs_give_the_fee_terms_of_the_plain_lookup(mini: Catalog) -> None:
    catalogues = fixture_catalogues(mini)
    assert any(f.platform is not None for c in catalogues for f in c.fees)  # a platform's own fee, too
    for catalog in catalogues:
        for country in COUNTRIES:
            costs = RouteCosts(catalog, country)
            for platform, method in itertools.product(catalog.platforms, catalog.methods):
                for provider in ["", *(p.id for p in catalog.providers)]:
                    for currency in ("USD", "CNY"):
                        expected = fee_terms(catalog, platform.id, method.id, provider, currency, country)
                        assert costs.fees(platform.id, method.id, provider, currency) == expected


def test_openings_are_worked_out_once_and_only_when_read(mini: Catalog) -> None:
    asked: list[str] = []

    def find(platform):
        asked.append(platform.id)
        return Opening(platform, None)

    openings = Openings(mini.platforms, find)
    assert len(openings) == len(mini.platforms) and openings and not asked
    first = openings[0]
    assert openings[:2] == [first, Opening(mini.platforms[1], None)]
    assert asked == [mini.platforms[0].id, mini.platforms[1].id]
    narrowed = openings.only({mini.platforms[1].id, mini.platforms[-1].id})
    assert list(narrowed.platforms) == [mini.platforms[1], mini.platforms[-1]]
    assert list(narrowed) == [Opening(p, None) for p in narrowed.platforms]
    # The narrowed copy shares what was worked out: only the last platform was new.
    assert asked == [mini.platforms[0].id, mini.platforms[1].id, mini.platforms[-1].id]
    assert openings[-1] is narrowed[-1]
    assert openings == [Opening(p, None) for p in mini.platforms] and not Openings([], find)
