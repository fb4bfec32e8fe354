"""The caveat that decides a conditional route, and where such a route ranks beside equal ones that need
no condition (on the mini fixture, extended with two platforms whose routes score the same)."""

from __future__ import annotations

import csv
import io
import json
from itertools import combinations
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import Status
from cnai_pay.routes import Route, RoutePlan, next_route, plan_routes, route_key

from .conftest import MINI, extended_catalog

# Eta takes Visa by its own page, which a guide disputes; Theta takes Visa on business accounts only.
# The dispute costs Eta what the condition costs Theta, so the two routes score the same, and Theta's
# first top-up is the cheaper of the two.
EXTENSION = {
    "platforms.toml": """
[[platform]]
id = "eta"
name = "Eta Models"
kind = "direct"
site = "eta.example"
operator = "Eta Co"
summary = "Takes Visa; a guide says otherwise."

[[platform]]
id = "theta"
name = "Theta AI"
kind = "direct"
site = "theta.example"
operator = "Theta Ltd"
summary = "Takes Visa on business accounts."

[[platform]]
id = "iota"
name = "Iota Chat"
kind = "direct"
site = "iota.example"
operator = "Iota Inc"
summary = "A conditional claim that names no condition."
""",
    "sources.toml": """
[[source]]
id = "eta_help"
title = "Eta help"
publisher = "Eta Co"
url = "https://eta.example/help"
kind = "official"
page_date = 2026-05-20
read_on = 2026-06-01

[[source]]
id = "roundup"
title = "A round-up of payment methods"
publisher = "Roundup Site"
url = "https://roundup.example/pay"
kind = "guide"
page_date = 2026-05-01
read_on = 2026-06-01

[[source]]
id = "theta_help"
title = "Theta billing"
publisher = "Theta Ltd"
url = "https://theta.example/billing"
kind = "official"
page_date = 2026-05-20
read_on = 2026-06-01
""",
    "claims.toml": """
[[claim]]
platform = "eta"
method = "visa"
status = "supported"
note = "Visa is listed."
source = "eta_help"
basis = "stated"

[[claim]]
platform = "eta"
method = "visa"
status = "not_supported"
note = "The round-up says Eta takes no cards."
source = "roundup"
basis = "stated"

[[claim]]
platform = "theta"
method = "visa"
status = "conditional"
condition = "business accounts only"
note = "Cards can be added once the account is verified as a business."
source = "theta_help"
basis = "stated"

[[claim]]
platform = "iota"
method = "visa"
status = "conditional"
note = "Cards work when the bank allows payments abroad."
source = "roundup"
basis = "stated"
""",
    "billing.toml": """
[[billing]]
platform = "eta"
model = "prepaid"
minimum = 20
currency = "USD"
note = "A 20 USD minimum."
source = "eta_help"
""",
}


@pytest.fixture
def extended(mini_copy: Path) -> Catalog:
    return extended_catalog(mini_copy, EXTENSION)


def find(plan: RoutePlan, platform_id: str, method_id: str) -> Route:
    found = [r for r in plan.routes if (r.platform.id, r.method.id) == (platform_id, method_id) and not r.provider]
    assert len(found) == 1, (platform_id, method_id)
    return found[0]


def test_a_conditional_route_shows_the_condition_its_claim_names(mini: Catalog) -> None:
    route = find(plan_routes(mini, frozenset({"paypal"})), "gamma", "paypal")
    assert route.conditional and route.caveat == "verified PayPal accounts only"


def test_a_route_that_needs_nothing_has_no_caveat(mini: Catalog) -> None:
    route = find(plan_routes(mini, frozenset({"paypal"})), "alpha", "paypal")
    assert route.cell.status is Status.SUPPORTED and not route.conditional and route.caveat == ""


def test_without_a_named_condition_the_claims_note_is_the_caveat(extended: Catalog) -> None:
    route = find(plan_routes(extended, frozenset({"visa"})), "iota", "visa")
    assert route.caveat == "Cards work when the bank allows payments abroad."


def test_a_claim_for_some_regions_says_the_route_depends_on_the_country(mini: Catalog) -> None:
    # Beta lists Amex everywhere but Malaysia: without a country that is the caveat; with one, there is none.
    route = find(plan_routes(mini, frozenset({"amex"})), "beta", "amex")
    assert route.caveat == "all but MY: depends on your country"
    assert find(plan_routes(mini, frozenset({"amex"}), country="DE"), "beta", "amex").caveat == ""


def test_a_conditional_route_ranks_after_an_equally_likely_one_that_needs_no_condition(extended: Catalog) -> None:
    plan = plan_routes(extended, frozenset({"visa"}))
    eta, theta = find(plan, "eta", "visa"), find(plan, "theta", "visa")
    assert eta.score == theta.score and theta.total < eta.total
    assert theta.conditional and not eta.conditional
    assert plan.routes.index(eta) < plan.routes.index(theta)


@pytest.mark.parametrize("wallet", [{"visa"}, {"visa", "paypal", "amex"}, {"paypal", "virtual_card"}])
@pytest.mark.parametrize("country", [None, "DE", "MY"])
def test_no_conditional_route_sits_before_an_equal_one_without_a_condition(
    extended: Catalog, wallet: set[str], country: str | None
) -> None:
    routes = plan_routes(extended, frozenset(wallet), frozenset({"cardco"}), country).routes
    for first, second in combinations(routes, 2):
        if first.score == second.score:
            assert not (first.conditional and not second.conditional), (first.platform.id, second.platform.id)


def test_cnai_pay_routes_prints_the_condition_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    def routes(*args: str) -> str:
        assert main(["routes", "--data", str(MINI), "--wallet", "paypal", *args]) == 0
        return capsys.readouterr().out

    table = routes("--width", "200")
    gamma = table[table.index("Gamma Gate × PayPal") :]
    assert "condition: verified PayPal accounts only" in gamma.split("\n\n")[0]
    data = json.loads(routes("--format", "json"))
    conditions = {r["platform"]: r["condition"] for r in data["routes"]}
    assert conditions["gamma"] == "verified PayPal accounts only" and conditions["alpha"] is None
    rows = {row["platform"]: row for row in csv.DictReader(io.StringIO(routes("--format", "csv")))}
    assert rows["gamma"]["condition"] == "verified PayPal accounts only" and rows["alpha"]["condition"] == ""
    assert "| verified PayPal accounts only |" in routes("--format", "markdown")


# -- the route to try after a decline -------------------------------------------------------------------


def test_the_next_route_follows_the_declined_one_in_the_ranking(mini: Catalog) -> None:
    plan = plan_routes(mini, frozenset({"visa", "paypal", "amex"}), country="DE")
    keys = [route_key(r) for r in plan.routes]
    for index, key in enumerate(keys[:-1]):
        assert next_route(plan, key) is plan.routes[index + 1]
    assert next_route(plan, keys[-1]) is None


def test_a_declined_route_outside_the_wallet_leads_to_the_likeliest_route(mini: Catalog) -> None:
    plan = plan_routes(mini, frozenset({"paypal"}), country="DE")
    assert ("alpha", "visa", "") not in [route_key(r) for r in plan.routes]
    assert next_route(plan, ("alpha", "visa", "")) is plan.routes[0]
    assert next_route(plan_routes(mini, frozenset()), ("alpha", "visa", "")) is None
