"""plan_routes on the mini fixture: what is ruled out, what is demoted, the cost order, providers, postpaid
billing and what would open the platforms a wallet cannot pay."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import Status
from cnai_pay.loading import validate_catalog
from cnai_pay.routes import DISPUTED_PENALTY, STATED_POINTS, Route, RoutePlan, plan_routes

from .conftest import TODAY, extended_catalog

EVERY_METHOD = frozenset({"visa", "amex", "paypal", "virtual_card"})

# Added to a copy of the mini fixture: a second card provider with fees of its own, a gateway that takes
# virtual cards only, a platform no source covers, and a second-hand claim to weigh against a stated one.
EXTENSION = {
    "platforms.toml": """
[[platform]]
id = "epsilon"
name = "Epsilon Pay"
kind = "gateway"
site = "epsilon.example"
operator = "Epsilon Co"
summary = "A gateway that takes virtual cards only."

[[platform]]
id = "zeta"
name = "Zeta Models"
kind = "direct"
site = "zeta.example"
operator = "Zeta Corp"
summary = "No source says how to pay."
""",
    "sources.toml": """
[[source]]
id = "epsilon_help"
title = "Epsilon help"
publisher = "Epsilon Co"
url = "https://epsilon.example/help"
kind = "official"
page_date = 2026-05-20
read_on = 2026-06-01
""",
    "claims.toml": """
[[claim]]
platform = "epsilon"
method = "virtual_card"
status = "supported"
note = "Virtual cards only."
source = "epsilon_help"
basis = "stated"

[[claim]]
platform = "gamma"
method = "visa"
status = "supported"
note = "Said to take Visa since it takes Amex."
source = "guide"
basis = "second_hand"
from_prose = true
""",
    "virtual_cards.toml": """
[[provider]]
id = "plasticard"
name = "PlastiCard"
method = "virtual_card"
card_type = "prepaid card"
site = "https://plasticard.example"
""",
    "fees.toml": """
[[fee]]
id = "plasti_fee"
method = "virtual_card"
provider = "plasticard"
percent = 3
fixed = 1
currency = "USD"
note = "PlastiCard's own fee."
source = "guide"
""",
}


@pytest.fixture
def extended(mini_copy: Path) -> Catalog:
    return extended_catalog(mini_copy, EXTENSION)


def plan(
    catalog: Catalog,
    wallet: set[str] | frozenset[str],
    providers: set[str] | frozenset[str] = frozenset(),
    country: str | None = None,
) -> RoutePlan:
    return plan_routes(catalog, frozenset(wallet), frozenset(providers), country)


def keys(routes: list[Route]) -> list[tuple[str, str]]:
    return [(r.platform.id, r.method.id) for r in routes]


def find(result: RoutePlan, platform_id: str, method_id: str, provider_id: str | None = None) -> Route:
    found = [
        r
        for r in result.routes
        if (r.platform.id, r.method.id) == (platform_id, method_id)
        and (r.provider.id if r.provider else None) == provider_id
    ]
    assert len(found) == 1, (platform_id, method_id, provider_id, keys(result.routes))
    return found[0]


def rank(result: RoutePlan, route: Route) -> int:
    return result.routes.index(route)


def flag_texts(route: Route) -> list[str]:
    return [flag.text for flag in route.flags]


def openings(result: RoutePlan) -> dict[str, str]:
    return {o.platform.id: o.text for o in result.closed}


# -- ruled out by the country ------------------------------------------------------------------


def test_a_route_the_country_rules_out_is_absent(mini: Catalog) -> None:
    # Beta lists Amex for every contracting entity but the Malaysian one.
    in_my = plan(mini, {"amex"}, country="MY")
    assert ("beta", "amex") not in keys(in_my.routes)
    assert in_my.country == "MY"
    # With Amex only, Beta is closed in Malaysia: Visa is what would open it.
    assert openings(in_my)["beta"] == "Visa would open Beta Cloud"

    in_de = plan(mini, {"amex"}, country="DE")
    beta_amex = find(in_de, "beta", "amex")
    assert beta_amex.cell.status is Status.SUPPORTED and beta_amex.cell.regional
    assert "for DE" in beta_amex.reason
    assert "beta" not in openings(in_de)


def test_without_a_country_the_regional_claim_leaves_a_disputed_route(mini: Catalog) -> None:
    route = find(plan(mini, {"amex"}), "beta", "amex")
    assert route.cell.status is Status.CONDITIONAL and route.cell.disputed
    assert not route.cell.regional and " for " not in route.reason


def test_a_method_the_data_rules_out_everywhere_gives_no_route(mini: Catalog) -> None:
    # Delta's checkout lists PayPal and crypto only (inferred); Beta refuses virtual cards.
    assert ("delta", "visa") not in keys(plan(mini, {"visa"}).routes)
    assert ("beta", "virtual_card") not in keys(plan(mini, {"virtual_card"}).routes)


def test_only_wallet_methods_make_routes(mini: Catalog) -> None:
    result = plan(mini, {"paypal"})
    assert {r.method.id for r in result.routes} == {"paypal"}
    assert result.wallet == frozenset({"paypal"})
    assert plan(mini, set()).routes == []


# -- demoted by a card rule, a dispute, a weak claim or no claim at all -------------------------------


def test_three_d_secure_refusal_demotes_a_cheaper_otherwise_equal_route(mini: Catalog) -> None:
    result = plan(mini, {"visa", "amex"})
    alpha_visa = find(result, "alpha", "visa")
    gamma_amex = find(result, "gamma", "amex")
    # The same status, deciding source and basis; Alpha's first top-up (2 USD) is cheaper than Gamma's (5 USD).
    assert alpha_visa.cell.status is gamma_amex.cell.status is Status.SUPPORTED
    assert alpha_visa.cell.deciding is not None and gamma_amex.cell.deciding is not None
    assert alpha_visa.cell.deciding.source.id == gamma_amex.cell.deciding.source.id == "guide"
    assert alpha_visa.cell.deciding.basis is gamma_amex.cell.deciding.basis
    assert alpha_visa.total < gamma_amex.total
    # Alpha refuses 3-D Secure: the flag costs it the place the price would give it.
    three_ds = [f for f in alpha_visa.flags if f.text == "3-D Secure payments fail"]
    assert len(three_ds) == 1 and three_ds[0].sources == ("alpha_faq",)
    assert alpha_visa.score == gamma_amex.score - three_ds[0].penalty
    assert rank(result, alpha_visa) > rank(result, gamma_amex)


def test_a_card_rule_only_flags_card_methods(mini: Catalog) -> None:
    result = plan(mini, {"visa", "paypal"})
    assert "3-D Secure payments fail" in flag_texts(find(result, "alpha", "visa"))
    assert not find(result, "alpha", "paypal").flags


def test_a_required_three_d_secure_is_flagged_but_not_penalised(mini: Catalog) -> None:
    route = find(plan(mini, {"visa"}, country="DE"), "beta", "visa")
    flag = next(f for f in route.flags if f.text == "3-D Secure required")
    assert flag.penalty == 0 and flag.sources == ("beta_docs",)
    # The rule is scoped to Malaysia and the EU: a user in the US is not told about it.
    assert "3-D Secure required" not in flag_texts(find(plan(mini, {"visa"}, country="US"), "beta", "visa"))


def test_a_disputed_route_ranks_below_the_same_platform_undisputed(mini: Catalog) -> None:
    result = plan(mini, {"visa", "amex"}, country="DE")
    visa, amex = find(result, "beta", "visa"), find(result, "beta", "amex")
    # Both supported for DE by the same official page, both billed after use: only the dispute differs.
    assert visa.cell.status is amex.cell.status is Status.SUPPORTED
    assert amex.cell.disputed and not visa.cell.disputed and visa.total == amex.total == 0
    assert amex.score == visa.score - DISPUTED_PENALTY
    assert rank(result, amex) > rank(result, visa)
    disagree = next(f for f in amex.flags if f.text == "sources disagree")
    assert set(disagree.sources) == {"beta_docs", "guide"}


def test_a_weak_claim_ranks_below_a_stated_one(extended: Catalog) -> None:
    result = plan(extended, {"visa", "amex"})
    weak, stated = find(result, "gamma", "visa"), find(result, "gamma", "amex")
    assert weak.cell.status is stated.cell.status is Status.SUPPORTED and weak.total == stated.total
    assert weak.cell.weak and not stated.cell.weak
    assert weak.score == stated.score - STATED_POINTS
    assert rank(result, weak) > rank(result, stated)
    flag = next(f for f in weak.flags if f.text.startswith("deciding claim"))
    assert flag.text == "deciding claim second-hand" and flag.sources == ("guide",)


def test_unknown_routes_come_after_every_known_one(mini: Catalog) -> None:
    result = plan(mini, EVERY_METHOD)
    statuses = [r.cell.status for r in result.routes]
    first_unknown = statuses.index(Status.UNKNOWN)
    assert all(s is Status.UNKNOWN for s in statuses[first_unknown:])
    assert all(s in (Status.SUPPORTED, Status.CONDITIONAL) for s in statuses[:first_unknown])
    for route in result.routes[first_unknown:]:
        assert "no source says" in flag_texts(route)
        assert route.reason.endswith("no source in the data says either way")
    # A conditional route ranks below every supported one of the same source strength.
    assert rank(result, find(result, "gamma", "paypal")) > rank(result, find(result, "gamma", "amex"))


def test_the_order_is_score_then_cost(mini: Catalog) -> None:
    result = plan(mini, EVERY_METHOD, country="DE")
    for before, after in zip(result.routes, result.routes[1:]):
        assert (-before.score, before.total) <= (-after.score, after.total), (before.cell, after.cell)


def test_ties_are_broken_by_cost(mini: Catalog) -> None:
    result = plan(mini, {"visa", "paypal"})
    beta_visa, alpha_paypal = find(result, "beta", "visa"), find(result, "alpha", "paypal")
    # Both supported and stated by an official page: Beta bills after use, Alpha wants 2 USD first.
    assert beta_visa.score == alpha_paypal.score
    assert (beta_visa.total, alpha_paypal.total) == (0.0, 2.0)
    assert keys(result.routes)[:2] == [("beta", "visa"), ("alpha", "paypal")]
    # Among the unknown, too: nothing up front, then 5 USD, then 5 USD plus the card's fee.
    unknown = [r for r in plan(mini, EVERY_METHOD).routes if r.score == 5]
    assert keys(unknown) == [("beta", "paypal"), ("gamma", "visa"), ("gamma", "virtual_card")]


# -- costs: providers and billing models --------------------------------------------------------------


def test_a_provider_method_gives_one_route_per_chosen_provider_with_its_fees(extended: Catalog) -> None:
    both = plan(extended, {"virtual_card"}, {"cardco", "plasticard"})
    platforms = {r.platform.id for r in both.routes}
    assert platforms == {"alpha", "gamma", "delta", "epsilon", "zeta"}  # Beta refuses virtual cards
    for platform_id in platforms:
        cardco = find(both, platform_id, "virtual_card", "cardco")
        plasti = find(both, platform_id, "virtual_card", "plasticard")
        # The shared conversion fee for CardCo; PlastiCard's own, higher one with its fixed part.
        assert (cardco.fee_percent, cardco.fixed_fee) == (1.5, 0.0)
        assert (plasti.fee_percent, plasti.fixed_fee) == (3.0, 1.0)
        assert cardco.amount == plasti.amount and cardco.total < plasti.total
        assert cardco.score == plasti.score and rank(both, cardco) < rank(both, plasti)
    epsilon = find(both, "epsilon", "virtual_card", "plasticard")
    assert epsilon.method_label == "Virtual card (PlastiCard)"
    # PlastiCard's fee is known, Epsilon's own is not: the total is a floor.
    expected = "5 USD + 3% + 1 USD + platform fees not stated = at least 6.15 USD (no official minimum)"
    assert epsilon.cost_text == expected

    one = plan(extended, {"virtual_card"}, {"plasticard"})
    assert {r.provider.id for r in one.routes if r.provider} == {"plasticard"}
    assert len(one.routes) == len(both.routes) // 2


def test_a_provider_method_without_a_chosen_provider_gives_one_plain_route(mini: Catalog) -> None:
    result = plan(mini, {"virtual_card"})
    assert all(r.provider is None for r in result.routes)
    assert len(keys(result.routes)) == len(set(keys(result.routes)))
    chosen = plan(mini, {"virtual_card"}, {"cardco"})
    assert [r.provider.id if r.provider else None for r in chosen.routes] == ["cardco"] * len(result.routes)
    assert find(chosen, "gamma", "virtual_card", "cardco").method_label == "Virtual card (CardCo)"


def test_a_postpaid_platform_costs_nothing_up_front(mini: Catalog) -> None:
    result = plan(mini, {"visa", "paypal"})
    for route in result.routes:
        postpaid = route.platform.id == "beta"
        assert route.billed_after_use is postpaid
        if postpaid:
            assert route.total == 0.0 and route.cost_text == "nothing up front: billed after use"
        else:
            assert route.total > 0 and "billed after use" not in route.cost_text
    alpha = find(result, "alpha", "paypal")
    # Alpha is prepaid with an official minimum of 2 USD; Delta states none, so 5 USD is assumed.
    # No source gives Alpha's fee for PayPal: the cost is a floor, never "+ 0%".
    assert alpha.official_minimum and alpha.cost_text == "2 USD + fees not stated = at least 2 USD"
    delta = find(result, "delta", "paypal")
    assert not delta.official_minimum and delta.cost_text.endswith("(no official minimum)")


# -- what would open the rest ------------------------------------------------------------------------------


def test_closed_lists_platforms_the_wallet_cannot_pay_with_the_cheapest_opening(mini: Catalog) -> None:
    result = plan(mini, {"visa"})
    # Gamma's Visa cell is unknown: a route, but not an opening; Delta refuses Visa.
    assert openings(result) == {
        "gamma": "American Express would open Gamma Gate",
        "delta": "PayPal would open Delta Relay",
    }
    assert all(o.route is not None and o.route.method.id not in result.wallet for o in result.closed)
    # Alpha takes Visa and PayPal: open, so not listed.
    assert "alpha" not in openings(plan(mini, {"paypal"}))


def test_a_provider_card_would_open_a_platform(extended: Catalog) -> None:
    result = plan(extended, {"visa", "amex"})
    opened = openings(result)
    # Epsilon takes virtual cards only: the cheaper of the two providers' cards opens it.
    assert opened["epsilon"] == "a CardCo card would open Epsilon Pay"
    epsilon = next(o for o in result.closed if o.platform.id == "epsilon")
    assert epsilon.route is not None and epsilon.route.provider is not None
    assert epsilon.route.provider.id == "cardco"
    assert opened["delta"] == "PayPal would open Delta Relay"
    assert opened["zeta"] == "no method in the data is known to work on Zeta Models"
    assert next(o for o in result.closed if o.platform.id == "zeta").route is None


def test_every_platform_is_open_or_closed(mini: Catalog) -> None:
    for size in range(len(EVERY_METHOD) + 1):
        for wallet in combinations(sorted(EVERY_METHOD), size):
            result = plan(mini, set(wallet))
            known = {r.platform.id for r in result.routes if r.cell.status is not Status.UNKNOWN}
            closed = {o.platform.id for o in result.closed}
            assert known.isdisjoint(closed)
            assert known | closed == {p.id for p in mini.platforms}


# -- every flag rests on sources the catalogue has -------------------------------------------------------


@pytest.mark.parametrize("country", [None, "DE", "MY", "US"])
def test_every_flag_names_sources_in_the_catalogue(mini: Catalog, extended: Catalog, country: str | None) -> None:
    for catalog in (mini, extended):
        providers = {p.id for p in catalog.providers}
        result = plan(catalog, EVERY_METHOD, providers, country)
        opening_routes = [o.route for o in result.closed if o.route is not None]
        for route in [*result.routes, *opening_routes]:
            for flag in route.flags:
                assert flag.text
                assert all(source in catalog.sources for source in flag.sources), (route.cell, flag)
            if route.cell.status is not Status.UNKNOWN:
                assert route.cell.source_ids and all(s in catalog.sources for s in route.cell.source_ids)


def test_a_provider_fact_for_the_users_country_is_noted_once(mini_copy: Path) -> None:
    with (mini_copy / "virtual_cards.toml").open("a", encoding="utf-8") as handle:
        handle.write("""
[[provider_fact]]
provider = "cardco"
topic = "setup"
text = "New cards are paused for this country."
source = "guide"
regions = ["US"]
""")
    catalog = validate_catalog(mini_copy, today=TODAY)
    wallet = frozenset({"virtual_card"})
    in_us = plan_routes(catalog, wallet, frozenset({"cardco"}), country="US")
    in_de = plan_routes(catalog, wallet, frozenset({"cardco"}), country="DE")
    assert [note.text for note in in_us.notes] == ["CardCo in US: New cards are paused for this country."]
    assert in_us.notes[0].sources == ("guide",)
    assert in_de.notes == ()
    # Said once for the plan, not repeated as a risk on every route.
    assert not any("paused" in flag.text for route in in_us.routes for flag in route.flags)
