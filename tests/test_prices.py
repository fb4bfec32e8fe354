"""The model catalogue and prices on fixture data: matching rules, quotes, ranking, the filter, checks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.filters import GridFilter, filter_platforms
from cnai_pay.loading import DataError, validate_catalog
from cnai_pay.prices.checks import price_problems
from cnai_pay.prices.quote import money
from cnai_pay.prices.sellers import TokenMix, model_sellers, offerings, parse_mix
from cnai_pay.prices.table import ABOUT_NAME, PriceDataError, load_folder, load_price_table

from .conftest import FIXTURES, TODAY


@pytest.fixture
def table(mini: Catalog):  # type: ignore[no-untyped-def]
    return load_price_table(mini)


def test_one_model_three_ids_and_a_free_variant_that_is_not_it(mini: Catalog, table) -> None:  # type: ignore[no-untyped-def]
    model = mini.model_names.find("Nova One")
    assert model is not None
    found = {o.platform.id: o for o in offerings(mini, table, model, TODAY)}
    assert {p: o.offer_id for p, o in found.items()} == {
        "alpha": "nova-one",
        "gamma": "alpha/nova-one",
        "delta": "AlphaLabs/Nova-One-Instruct",
        "beta": "nova-one-latest",
    }
    # The free variant is listed beside the offering, never taken for it.
    assert found["gamma"].variants == ("alpha/nova-one:free",)
    assert found["gamma"].quote is not None and not found["gamma"].quote.free
    assert (found["gamma"].quote.input.base, found["gamma"].quote.output.base) == (0.26, 0.38)
    # Our own price for the platform the library does not cover, with its source and tiers.
    beta = found["beta"].quote
    assert beta is not None and beta.origin == "A third party's price table" and beta.basis == "second-hand"
    assert beta.input.tiers == ((256000, 1.2),) and beta.tiered


def test_a_rule_naming_only_the_free_variant_matches_nothing(mini: Catalog, table, mini_copy: Path) -> None:  # type: ignore[no-untyped-def]
    models = mini_copy / "models.toml"
    models.write_text(models.read_text().replace('ids = ["alpha/nova-one"]', 'ids = ["alpha/nova-one:paid"]'))
    catalog = validate_catalog(mini_copy)
    problems = price_problems(catalog, table, TODAY)
    assert [(p.entry, p.field) for p in problems] == [("model 'nova-one'", "offers")]
    assert "matches nothing in the price data" in problems[0].message


def test_the_library_match_logic_finds_an_alias_id(mini: Catalog, table, mini_copy: Path) -> None:  # type: ignore[no-untyped-def]
    models = mini_copy / "models.toml"
    models.write_text(models.read_text().replace('ids = ["orbit-2"]', 'ids = ["orbit-2-latest"]'))
    catalog = validate_catalog(mini_copy)
    model = catalog.model_names.find("orbit 2")
    [alpha] = [o for o in offerings(catalog, table, model, TODAY) if o.platform.id == "alpha"]
    assert alpha.offer_id == "orbit-2"  # the library's own rule: starts_with "orbit-2-"


def test_hours_and_tiers_are_kept_apart_from_the_plain_price(mini: Catalog, table) -> None:  # type: ignore[no-untyped-def]
    model = mini.model_names.find("orbit-2")
    found = {o.platform.id: o.quote for o in offerings(mini, table, model, TODAY)}
    alpha = found["alpha"]
    # 00:30-16:30 UTC covers most of the day: that is the main price; the rest of the day is off-peak.
    assert (alpha.input.base, alpha.output.base, alpha.cached_input.base) == (0.27, 1.1, 0.07)
    assert alpha.main_hours == "00:30–16:30 UTC"
    [other] = alpha.at_hours
    assert (
        other.cheaper
        and other.input.base == 0.135
        and other.text == "off-peak outside 00:30–16:30 UTC: 0.135 in / 0.55 out"
    )
    gamma = found["gamma"]
    assert gamma.input.text == "1.20+" and gamma.tiered
    assert "input tiered by request size: 1.20 up to 32K tokens, 2.40 from 32K tokens" in gamma.details()


def test_price_dates_and_staleness(mini: Catalog, table) -> None:  # type: ignore[no-untyped-def]
    quotes = {o.platform.id: o.quote for o in offerings(mini, table, mini.model_names.find("nova1"), TODAY)}
    assert quotes["alpha"].as_of == dt.date(2026, 11, 10) and not quotes["alpha"].stale(TODAY)
    assert quotes["alpha"].age_text(TODAY) == "2026-11-10 (16 days old)"
    assert quotes["beta"].stale(TODAY)
    assert quotes["beta"].age_text(TODAY).endswith("stale: older than 90 days")


def test_ranking_is_payable_first_then_price(mini: Catalog, table) -> None:  # type: ignore[no-untyped-def]
    model = mini.model_names.find("nova one")
    ranked = model_sellers(mini, table, model, frozenset({"visa"}), frozenset(), "DE", TODAY)
    payable = [s for s in ranked if s.payable]
    assert ranked[: len(payable)] == payable and payable and len(payable) < len(ranked)
    costs = [s.cost(TokenMix()) for s in payable]
    assert costs == sorted(costs)
    rest = [s.cost(TokenMix()) for s in ranked[len(payable) :]]
    assert rest == sorted(rest)
    # A dearer mix of output tokens can reorder the payable sellers; the order always follows the cost.
    heavy = model_sellers(mini, table, model, frozenset({"visa"}), frozenset(), "DE", TODAY, parse_mix("0:10"))
    assert [s.cost(parse_mix("0:10")) for s in heavy if s.payable] == sorted(
        s.cost(parse_mix("0:10")) for s in heavy if s.payable
    )
    # Without a wallet nothing is payable, and the payment is unknown rather than refused.
    none = model_sellers(mini, table, model, frozenset(), frozenset(), None, TODAY)
    assert all(s.cell is None and not s.payable for s in none)
    assert [s.platform.id for s in none] == ["gamma", "alpha", "beta", "delta"]


def test_the_token_mix_is_read_strictly() -> None:
    assert parse_mix("10:2") == TokenMix(10, 2, given=True)
    assert parse_mix("2,5:0") == TokenMix(2.5, 0, given=True)
    for bad in ("10", "a:b", "0:0", "-1:2", "1:2:3"):
        with pytest.raises(ValueError):
            parse_mix(bad)


def test_money_keeps_the_digits_that_matter() -> None:
    assert [money(v) for v in (6, 0.135, 0.2288, 0.0028, 1.2)] == ["6.00", "0.135", "0.2288", "0.0028", "1.20"]
    # Positive but under four decimals: shown as such, never as a free 0.00; zero stays 0.00.
    assert [money(v) for v in (1e-9, 0.00004, 0.00005, 0.0, -0.0)] == ["<0.0001", "<0.0001", "0.0001", "0.00", "0.00"]


def test_the_grid_filter_matches_model_names_and_aliases(mini: Catalog) -> None:
    for text in ("Nova One", "nova-one", "NOVA 1", "nova1"):
        shown = filter_platforms(mini, GridFilter(text=text))
        assert {p.id for p in shown} == {"alpha", "beta", "gamma", "delta"}, text
    assert {p.id for p in filter_platforms(mini, GridFilter(text="orbit two"))} == {"alpha", "gamma"}
    assert GridFilter(text="orbit two").describe({}, "Orbit 2") == ["selling Orbit 2"]
    # Text that names no model still searches the platforms.
    assert [p.id for p in filter_platforms(mini, GridFilter(text="betanet"))] == ["beta"]


def test_data_check_reports_the_catalogue_problems(mini_copy: Path) -> None:
    models = mini_copy / "models.toml"
    text = models.read_text()
    text = text.replace('aliases = ["orbit two"]', 'aliases = ["nova 1"]')
    text = text.replace('platform = "delta"', 'platform = "omega"')
    models.write_text(text)
    prices = mini_copy / "prices.toml"
    prices.write_text(prices.read_text().replace('source = "beta_price_table"', 'source = "nowhere"'))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    found = sorted((p.file, p.entry, p.field, p.message) for p in caught.value.problems)
    assert found == [
        ("models.toml", "model #1 (nova-one)", "offers", "names unknown platform 'omega'"),
        ("models.toml", "model #2 (orbit-2)", "aliases", "'nova 1' already names model 'nova-one'"),
        ("prices.toml", "price #1 (beta)", "source", "names unknown price_source 'nowhere'"),
    ]


def test_a_rule_without_a_price_on_an_uncovered_platform_is_reported(mini_copy: Path) -> None:
    models = mini_copy / "models.toml"
    models.write_text(models.read_text().replace('ids = ["nova-one-latest"]', 'ids = ["nova-two"]'))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    [problem] = caught.value.problems
    assert "the rule for 'beta' matches nothing in the price data" in problem.message


def test_a_folder_without_models_loads_with_none(mini_copy: Path) -> None:
    (mini_copy / "models.toml").unlink()
    (mini_copy / "prices.toml").unlink()
    catalog = validate_catalog(mini_copy)
    assert catalog.models == [] and catalog.price_data is None
    assert catalog.model_names.find("nova one") is None


def test_unknown_provider_is_reported(mini: Catalog, mini_copy: Path, table) -> None:  # type: ignore[no-untyped-def]
    platforms = mini_copy / "platforms.toml"
    platforms.write_text(platforms.read_text().replace('"deltacloud"', '"nocloud"'))
    problems = price_problems(validate_catalog(mini_copy), table, TODAY)
    assert [(p.entry, p.field) for p in problems][0] == ("platform 'delta'", "prices_provider")


def test_a_saved_copy_that_is_damaged_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "prices"
    folder.mkdir()
    (folder / "data.json").write_text(json.dumps([{"id": "x", "models": "no"}]))
    (folder / ABOUT_NAME).write_text(json.dumps({"fetched_on": "2026-11-01"}))
    with pytest.raises(PriceDataError) as caught:
        load_folder(folder)
    assert str(caught.value).startswith("the price data is not valid") and "\n" not in str(caught.value)
    (folder / ABOUT_NAME).write_text("{}")
    with pytest.raises(PriceDataError, match="does not say when"):
        load_folder(folder)
    assert load_folder(FIXTURES / "prices").as_of == dt.date(2026, 11, 10)


def test_a_negative_zero_in_our_own_prices_is_zero_in_every_output() -> None:
    import datetime as dt
    import math

    from cnai_pay.domain.offers import OwnPrice
    from cnai_pay.prices.quote import own_quote

    price = OwnPrice(platform="alpha", offer="a-model", input=-0.0, output=1.5, cached_input=-0.0, source="guide")
    quote = own_quote(price, "our data", "https://example.org/p", dt.date(2026, 11, 1), "stated")
    rates = [r for r in (quote.input, quote.output, quote.cached_input) if r is not None]
    assert rates and all(math.copysign(1, r.base) == 1 for r in rates)
