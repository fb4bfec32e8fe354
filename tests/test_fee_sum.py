"""Fees on one top-up add up: the card issuer's and the platform's are summed (not the larger taken),
percentages and fixed amounts apart, a minimum floors only its own party's percentage, and a fee
nobody states keeps the total a floor ("at least"), never a silent 0."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnai_pay.checklist.codec import dumps, loads
from cnai_pay.checklist.steps import build_checklist, rebudget
from cnai_pay.cli import main
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import Fee
from cnai_pay.domain.topup import budget, fees_text, sum_fees
from cnai_pay.loading import validate_catalog

from .conftest import FIXTURES, TODAY

AUDIT = FIXTURES / "audit"


@pytest.fixture(scope="module")
def audit() -> Catalog:
    return validate_catalog(AUDIT, today=TODAY)


percents = st.decimals(min_value=0, max_value=20, places=2).map(float)
amounts = st.decimals(min_value=0, max_value=50, places=2).map(float)
top_ups = st.decimals(min_value="0.01", max_value=10_000, places=2).map(float)


def fee(percent: float, fixed: float = 0.0, minimum: float = 0.0, platform: str | None = None, **more: object) -> Fee:
    return Fee(
        id="f",
        method="virtual_card",
        platform=platform,
        percent=percent,
        fixed=fixed or None,
        minimum=minimum or None,
        currency="USD" if fixed or minimum else None,
        note="A fee.",
        source="s",
        **more,  # type: ignore[arg-type]
    )


def cents_up(value: float) -> float:
    return math.ceil(round(value * 100, 6)) / 100


def total(amount: float, fees: list[Fee]) -> float:
    terms = sum_fees(fees, "USD")
    return budget(amount, terms.percent, terms.fixed, terms.minimum, terms.unfloored)


@settings(max_examples=50)  # small sums: fifty cases cover them, and the suite stays quick
@given(top_ups, percents, amounts, amounts, percents, amounts)
def test_an_issuer_and_a_platform_fee_add_up(
    amount: float, p1: float, fixed1: float, minimum1: float, p2: float, fixed2: float
) -> None:
    issuer = fee(p1, fixed1, minimum1, provider="cardco")
    platform = fee(p2, fixed2, platform="gamma")
    terms = sum_fees([issuer, platform], "USD", "CardCo")
    # Each unit summed apart: percentages with percentages, fixed amounts with fixed amounts.
    assert math.isclose(terms.percent, p1 + p2) and math.isclose(terms.fixed, fixed1 + fixed2)
    assert terms.stated and terms.unknown == ()
    # With one minimum the budget is exact: each party's own charge, added.
    expected = amount + max(amount * p1 / 100, minimum1) + fixed1 + amount * p2 / 100 + fixed2
    assert total(amount, [issuer, platform]) == cents_up(expected)
    # Never less than either party would charge alone (the old rule took the larger of the two).
    assert total(amount, [issuer, platform]) >= max(total(amount, [issuer]), total(amount, [platform]))


@settings(max_examples=50)
@given(top_ups, percents, amounts, percents, amounts)
def test_two_minimums_never_leave_the_budget_short(
    amount: float, p1: float, minimum1: float, p2: float, minimum2: float
) -> None:
    fees = [fee(p1, minimum=minimum1, provider="cardco"), fee(p2, minimum=minimum2, platform="gamma")]
    exact = amount + max(amount * p1 / 100, minimum1) + max(amount * p2 / 100, minimum2)
    assert cents_up(exact) <= total(amount, fees) <= cents_up(exact + min(minimum1, minimum2)) + 0.01


@settings(max_examples=50)
@given(st.lists(percents, min_size=1, max_size=4), percents)
def test_one_partys_fees_are_views_of_one_charge_the_highest_counts(issuer: list[float], platform: float) -> None:
    terms = sum_fees([*(fee(p, provider="cardco") for p in issuer), fee(platform, platform="gamma")], "USD")
    assert math.isclose(terms.percent, max(issuer) + platform)


@settings(max_examples=50)
@given(percents, amounts)
def test_an_unstated_platform_fee_is_unknown_never_zero(percent: float, fixed: float) -> None:
    terms = sum_fees([fee(percent, fixed, provider="cardco")], "USD", "CardCo")
    assert not terms.stated and terms.unknown == ("platform",)
    text = fees_text(terms.percent, terms.fixed, "USD", terms.minimum, terms.stated, terms.unfloored, terms.unknown)
    assert text.endswith("fees not stated")
    assert "platform fees not stated" in text or (not percent and not fixed and text == "fees not stated")


def test_nothing_stated_for_the_card_or_the_platform_says_so() -> None:
    terms = sum_fees([], "USD", "CardCo")
    assert (terms.percent, terms.fixed, terms.unknown) == (0, 0, ("CardCo's", "platform"))
    assert fees_text(0, 0, "USD", stated=False, unknown=terms.unknown) == "fees not stated"
    platform_only = sum_fees([fee(5.5, minimum=0.8, platform="gamma")], "USD", "CardCo")
    shown = fees_text(5.5, 0, "USD", 0.8, platform_only.stated, 0, platform_only.unknown)
    assert shown == "5.5% (at least 0.80 USD) + CardCo's fees not stated"


def test_a_fixed_part_in_another_currency_is_not_counted_as_zero() -> None:
    euro = Fee(id="f", method="paypal", platform="gamma", percent=2, fixed=1, currency="EUR", note="A fee.", source="s")
    terms = sum_fees([euro], "USD")
    assert not terms.stated and terms.unknown == ("platform",) and terms.fixed == 0


def test_a_minimum_floors_its_own_percentage_only_in_the_text() -> None:
    assert fees_text(7.5, 0, "USD", 0.8, unfloored=2) == "5.5% (at least 0.80 USD) + 2%"
    assert fees_text(7.5, 0.3, "USD") == "7.5% + 0.30 USD"


# -- the checklist's budget line and `cnai-pay checklist` ------------------------------------------------


def test_the_checklist_budget_adds_the_card_fee_to_the_platforms(audit: Catalog) -> None:
    # Gamma charges 4% on cards, at least 0.50 USD; a virtual card costs 1.5% on top, wherever it is used.
    checklist = build_checklist(audit, "gamma", "virtual_card", provider_id="cardco")
    assert checklist.budget_text == "1 USD + 4% (at least 0.50 USD) + 1.5% = 1.52 USD"
    assert checklist.step("budget").text == "Have 1.52 USD available."
    # Kept through the exported file, and through a new amount with the same fees.
    again = loads(dumps(checklist, audit))
    assert again.budget_text == checklist.budget_text and again.fee_unfloored == 1.5
    bigger = rebudget(audit, checklist, 100, checklist.fee_percent)
    assert bigger.budget_text == "100 USD + 4% (at least 0.50 USD) + 1.5% = 105.50 USD"


def test_cnai_pay_checklist_prints_the_summed_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", str(AUDIT), "--no-profile", "checklist", "--platform", "gamma", "--method", "virtual_card"]
    assert main([*argv, "--provider", "cardco", "-o", str(tmp_path / "out.toml")]) == 0
    assert "budget 1 USD + 4% (at least 0.50 USD) + 1.5% = 1.52 USD" in capsys.readouterr().out
    assert "fee_unfloored = 1.5" in (tmp_path / "out.toml").read_text(encoding="utf-8")
