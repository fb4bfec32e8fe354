"""The third audit's rules on the `audit` fixture: product-scoped claims, brand-less card statements,
a card provider's network, unknown fees, and the `data check` rules that catch each error class."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from cnai_pay.checklist.steps import build_checklist
from cnai_pay.domain.cards import card_answer
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.evidence import verdict
from cnai_pay.domain.filters import GridFilter, filter_platforms
from cnai_pay.domain.model import Status
from cnai_pay.loading import DataError, validate_catalog
from cnai_pay.routes import _rank_notes, plan_routes, rank_key

from .conftest import FIXTURES, TODAY

AUDIT = FIXTURES / "audit"


@pytest.fixture(scope="module")
def audit() -> Catalog:
    return validate_catalog(AUDIT, today=TODAY)


# -- product-scoped claims and refunds ------------------------------------------------------------


def test_a_claim_for_one_product_is_never_a_plain_answer(audit: Catalog) -> None:
    cell = audit.cell("alpha", "amex")
    assert cell.status is Status.CONDITIONAL and cell.product == "Alpha Plan renewals"
    assert "only for Alpha Plan renewals" in verdict(cell)


def test_a_refund_for_one_product_says_so_and_the_refundable_filter_leaves_it_out(audit: Catalog) -> None:
    delta = audit.refunds["delta"]
    assert delta.headline == "refundable: unused prepaid packages only"
    assert not audit.refund_possible("delta") and audit.refund_possible("gamma")
    shown = [p.id for p in filter_platforms(audit, GridFilter(refundable=True))]
    assert "delta" not in shown and "gamma" in shown


# -- brand-less statements ----------------------------------------------------------------------------


def test_a_page_naming_no_brand_decides_brand_cells_with_its_own_mark(audit: Catalog) -> None:
    visa = audit.cell("gamma", "visa")
    assert visa.status is Status.SUPPORTED and visa.brandless and visa.text == "✓ yes°"
    assert "names no card brand" in verdict(visa)
    # A claim on the kind is one claim, not a copy per brand.
    assert sum(1 for c in audit.claims if c.platform == "gamma" and c.kind is not None) == 1


def test_a_page_naming_the_brand_decides_over_a_brandless_one_it_contradicts(audit: Catalog) -> None:
    visa = audit.cell("delta", "visa")
    assert visa.status is Status.NOT_SUPPORTED and not visa.brandless and visa.disputed


# -- a virtual card has a network ----------------------------------------------------------------------


def test_a_card_on_a_platform_refusing_virtual_cards_is_refused_whatever_its_network(audit: Catalog) -> None:
    cardco = audit.providers[0]
    answer = card_answer(audit, "beta", cardco, None)
    assert answer.cell.status is Status.NOT_SUPPORTED and "refuses virtual cards" in answer.decided_by
    # Beta takes Visa, yet a CardCo card (a Visa) is still refused there.
    assert audit.cell("beta", "visa").status is Status.SUPPORTED


def test_a_card_on_a_platform_that_takes_its_network_gets_that_cells_answer(audit: Catalog) -> None:
    cardco = audit.providers[0]
    answer = card_answer(audit, "alpha", cardco, None)
    assert audit.cell("alpha", "virtual_card").status is Status.UNKNOWN
    assert answer.cell.status is Status.SUPPORTED and answer.cell.method.id == "virtual_card"
    assert "Visa cell decides" in answer.decided_by


def test_routes_and_checklist_give_the_same_card_answer_and_never_suggest_what_the_card_is(audit: Catalog) -> None:
    plan = plan_routes(audit, frozenset({"virtual_card"}), frozenset({"cardco"}))
    alpha = next(r for r in plan.routes if r.platform.id == "alpha")
    assert alpha.cell.status is Status.SUPPORTED and alpha.card_note
    assert all(r.platform.id != "beta" for r in plan.routes)
    beta = next(o for o in plan.closed if o.platform.id == "beta")
    # The card is already a Visa, and Beta refuses virtual cards: neither is offered as the way in.
    assert beta.route is not None and beta.route.method.id not in ("visa", "virtual_card")
    assert beta.text.startswith("American Express would open Beta Cloud")


# -- unknown fees ------------------------------------------------------------------------------------------


def test_an_unknown_fee_is_never_zero_in_a_budget(audit: Catalog) -> None:
    checklist = build_checklist(audit, "alpha", "paypal")
    assert checklist.budget_text == "2 USD + fees not stated = at least 2 USD"
    assert checklist.step("budget").text == "Have at least 2 USD available."
    known = build_checklist(audit, "gamma", "amex")
    assert known.budget_text == "1 USD + 4% (at least 0.50 USD) = 1.50 USD"


def test_a_fee_the_user_gives_is_known(audit: Catalog) -> None:
    checklist = build_checklist(audit, "alpha", "paypal", fee_percent=2.0)
    assert checklist.fees_stated and checklist.budget_text == "2 USD + 2% = 2.04 USD"


def test_unknown_fees_rank_after_an_equal_route_only_where_its_known_total_is_lower(audit: Catalog) -> None:
    plan = plan_routes(audit, frozenset({"amex", "paypal"}))
    gamma = next(r for r in plan.routes if (r.platform.id, r.method.id) == ("gamma", "amex"))
    alpha = next(r for r in plan.routes if (r.platform.id, r.method.id) == ("alpha", "paypal"))
    assert gamma.score == alpha.score and gamma.fees_stated and not alpha.fees_stated
    # Gamma's whole total (1.50 USD) is below Alpha's top-up alone (2 USD): Gamma first, and Alpha says why.
    assert plan.routes.index(gamma) < plan.routes.index(alpha)
    assert alpha.cost_text == "2 USD + fees not stated = at least 2 USD"
    assert alpha.rank_note.startswith("placed after Gamma Gate × American Express")
    # Where the known total is higher, the route with unknown fees is not pushed down, and says why.
    dearer = replace(gamma, amount=10.0)
    ranked = _rank_notes(sorted([dearer, alpha], key=rank_key))
    assert [r.platform.id for r in ranked] == ["alpha", "gamma"]
    assert "its fees are not stated, so it may cost more" in ranked[0].rank_note


# -- data check: one broken fixture per error class ---------------------------------------------------------


def broken(tmp_path: Path, file: str, old: str, new: str) -> str:
    folder = tmp_path / "audit"
    shutil.copytree(AUDIT, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate_catalog(folder, today=TODAY)
    return str(caught.value)


def test_check_catches_a_product_scoped_fact_without_its_product(tmp_path: Path) -> None:
    message = broken(tmp_path, "claims.toml", 'product = "Alpha Plan renewals"\n', "")
    assert "'alpha_plan_faq' is about Alpha Plan only: this claim must name its product" in message


def test_check_catches_a_brand_cell_decided_by_a_brandless_statement(tmp_path: Path) -> None:
    message = broken(
        tmp_path,
        "claims.toml",
        'kind = "card_network"\nstatus = "supported"\nnote = "All major',
        'method = "visa"\nstatus = "supported"\nnote = "No brand is named: all major',
    )
    assert "the note says the page names no brand" in message


def test_check_catches_a_fee_described_but_missing_as_a_fee(tmp_path: Path) -> None:
    message = broken(
        tmp_path,
        "card_rules.toml",
        'note = "Virtual cards are refused."',
        'note = "Virtual cards are refused; cards pay a 3% fee."',
    )
    assert "describes a 3% fee on 'beta' that no [[fee]] gives" in message


def test_check_catches_a_source_title_with_scraped_text(tmp_path: Path) -> None:
    message = broken(tmp_path, "sources.toml", 'title = "Gamma FAQ"', 'title = "Gamma FAQ · Issue #12 · gamma/docs"')
    assert "field 'title': ends with text scraped from around the page" in message


def test_check_catches_an_expiry_flag_on_a_platform_row_whose_source_is_about_a_product(tmp_path: Path) -> None:
    message = broken(
        tmp_path,
        "refunds.toml",
        'product = "unused prepaid packages"\nnote = "Unused prepaid packages are refunded."\n'
        'source = "delta_checkout"',
        'balance_expires = true\nnote = "Plan credits expire."\nsource = "alpha_plan_faq"',
    )
    assert "field 'balance_expires': an expiry flag on a platform-level row" in message


def test_the_cli_checklist_judges_a_providers_card_as_routes_do(capsys: pytest.CaptureFixture[str]) -> None:
    from cnai_pay.cli import main

    args = ["checklist", "--data", str(AUDIT), "--no-profile", "--method", "virtual_card", "--provider", "cardco"]
    assert main([*args, "--platform", "beta", "--output", "-"]) == 0
    out, err = capsys.readouterr()
    assert "Beta Cloud refuses virtual cards, whatever their network" in err
    assert main([*args, "--platform", "alpha", "--output", "-"]) == 0
    out, err = capsys.readouterr()
    # Alpha's virtual-card cell is unknown, but a CardCo card is a Visa, which Alpha takes: no warning.
    assert err == "" and "fee_percent = 1.5" in out


def test_the_datas_own_fees_passed_back_unchanged_stay_not_stated(audit: Catalog) -> None:
    # The app's setup dialog hands back the default fees it showed: they are still the data's.
    checklist = build_checklist(audit, "alpha", "paypal", fee_percent=0.0, fixed_fee=0.0)
    assert not checklist.fees_stated and checklist.budget_text.endswith("= at least 2 USD")
