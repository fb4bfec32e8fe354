"""Loading, validation errors, the status rule and the filters."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from cnai_pay.catalog import DataError, GridFilter, RankedClaim, load_catalog, resolve
from cnai_pay.cli import main
from cnai_pay.model import PlatformKind, RefundPolicy, Source, SourceKind, Status

from .conftest import TODAY


def problems_of(folder: Path) -> list:
    with pytest.raises(DataError) as info:
        load_catalog(folder)
    return info.value.problems


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# -- data errors ---------------------------------------------------------------


def test_toml_syntax_error_names_file_and_line(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "supported"\nnote = "PayPal', 'status = "supported\nnote = "PayPal')
    [problem] = problems_of(mini_copy)
    assert problem.file == "claims.toml"
    assert problem.line == 12
    assert "TOML syntax error" in problem.message
    assert "claims.toml, line 12" in str(problem)


def test_missing_required_field_names_entry_and_field(mini_copy: Path) -> None:
    replace_in(mini_copy / "platforms.toml", 'site = "gamma.example"\n', "")
    [problem] = problems_of(mini_copy)
    assert (problem.file, problem.entry, problem.field) == ("platforms.toml", "platform #3 (gamma)", "site")
    assert "required" in problem.message


def test_status_outside_vocabulary(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    [problem] = problems_of(mini_copy)
    assert problem.field == "status"
    assert "'maybe'" in problem.message and "supported" in problem.message
    assert problem.entry == "claim #4 (beta × amex)"


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ('platform = "delta"\nmethod = "paypal"', 'platform = "omega"\nmethod = "paypal"', "platform", "unknown platform 'omega'"),
        ('method = "paypal"\nstatus = "supported"\nnote = "PayPal at', 'method = "cash"\nstatus = "supported"\nnote = "PayPal at', "method", "unknown method 'cash'"),
        ('note = "PayPal at checkout."\nsource = "guide"', 'note = "PayPal at checkout."\nsource = "blog"', "source", "unknown source 'blog'"),
    ],
)
def test_claim_naming_unknown_id(mini_copy: Path, old: str, new: str, field: str, words: str) -> None:
    replace_in(mini_copy / "claims.toml", old, new)
    [problem] = problems_of(mini_copy)
    assert problem.file == "claims.toml"
    assert problem.entry.startswith("claim #8")
    assert problem.field == field
    assert words in problem.message


def test_duplicate_id(mini_copy: Path) -> None:
    replace_in(mini_copy / "methods.toml", 'id = "amex"', 'id = "visa"')
    problems = problems_of(mini_copy)
    duplicate = [p for p in problems if "duplicate" in p.message]
    assert duplicate and duplicate[0].file == "methods.toml" and duplicate[0].field == "id"
    assert "'visa'" in duplicate[0].message


@pytest.mark.parametrize("bad", ['"2026-13-40"', '"last May"'])
def test_malformed_date(mini_copy: Path, bad: str) -> None:
    replace_in(mini_copy / "sources.toml", "page_date = 2026-05-30", f"page_date = {bad}")
    [problem] = problems_of(mini_copy)
    assert (problem.file, problem.entry, problem.field) == ("sources.toml", "source #2 (beta_docs)", "page_date")


def test_unknown_field_is_reported(mini_copy: Path) -> None:
    replace_in(mini_copy / "platforms.toml", 'site = "alpha.example"', 'site = "alpha.example"\nwebsite = "x"')
    [problem] = problems_of(mini_copy)
    assert problem.field == "website" and "not a known field" in problem.message


def test_every_problem_is_collected(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    replace_in(mini_copy / "refunds.toml", 'platform = "gamma"', 'platform = "zeta"')
    (mini_copy / "fees.toml").unlink()
    files = sorted(p.file for p in problems_of(mini_copy))
    assert files == ["claims.toml", "fees.toml", "refunds.toml"]


def test_bad_data_exits_2_without_traceback(mini_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    assert main(["--data", str(mini_copy)]) == 2
    err = capsys.readouterr().err
    assert "claims.toml" in err and "claim #4 (beta × amex)" in err and "status" in err
    assert "Traceback" not in err


def test_missing_data_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err


# -- the status rule -------------------------------------------------------------


def source(kind: SourceKind, page_date: str | dt.date) -> Source:
    return Source(
        id=f"s_{kind.value}_{page_date}", title="t", publisher="p", url="https://x", kind=kind,
        page_date=page_date, read_on=TODAY,
    )


def test_rule_official_outranks_newer_guide() -> None:
    claims = [
        RankedClaim(Status.NOT_SUPPORTED, source(SourceKind.GUIDE, dt.date(2026, 9, 1)), None),
        RankedClaim(Status.CONDITIONAL, source(SourceKind.OFFICIAL, dt.date(2026, 1, 1)), None),
    ]
    status, disputed, ranked = resolve(claims, Status.UNKNOWN)
    assert status is Status.CONDITIONAL and disputed
    assert ranked[0].source.kind is SourceKind.OFFICIAL


def test_rule_newer_wins_among_equals_and_undated_is_last() -> None:
    claims = [
        RankedClaim(Status.SUPPORTED, source(SourceKind.OFFICIAL, "undated"), None),
        RankedClaim(Status.NOT_SUPPORTED, source(SourceKind.OFFICIAL, dt.date(2026, 1, 8)), None),
        RankedClaim(Status.CONDITIONAL, source(SourceKind.OFFICIAL, dt.date(2026, 6, 5)), None),
    ]
    status, disputed, ranked = resolve(claims, Status.UNKNOWN)
    assert status is Status.CONDITIONAL and disputed
    assert [c.value for c in ranked] == [Status.CONDITIONAL, Status.NOT_SUPPORTED, Status.SUPPORTED]


def test_rule_agreement_is_not_disputed_and_no_claim_is_unknown() -> None:
    agree = [
        RankedClaim(Status.SUPPORTED, source(SourceKind.GUIDE, dt.date(2026, 5, 12)), None),
        RankedClaim(Status.SUPPORTED, source(SourceKind.OFFICIAL, "undated"), None),
    ]
    assert resolve(agree, Status.UNKNOWN)[:2] == (Status.SUPPORTED, False)
    assert resolve([], Status.UNKNOWN)[:2] == (Status.UNKNOWN, False)


def test_vendor_blog_outranks_report() -> None:
    claims = [
        RankedClaim(Status.NOT_SUPPORTED, source(SourceKind.REPORT, dt.date(2026, 10, 1)), None),
        RankedClaim(Status.SUPPORTED, source(SourceKind.VENDOR_BLOG, "undated"), None),
    ]
    assert resolve(claims, Status.UNKNOWN)[:2] == (Status.SUPPORTED, True)


def test_mini_cells_follow_the_rule(mini) -> None:
    assert mini.cell("beta", "amex").text == "◐ cond!"
    assert mini.cell("alpha", "visa").text == "✓ yes"
    assert mini.cell("gamma", "visa").status is Status.UNKNOWN and not mini.cell("gamma", "visa").claims
    assert mini.refunds["alpha"].policy is RefundPolicy.REFUNDABLE and mini.refunds["alpha"].disputed


# -- filters -----------------------------------------------------------------------


def ids(platforms) -> list[str]:
    return [p.id for p in platforms]


def test_text_filter_several_words_all_match(mini) -> None:
    assert ids(mini.filter_platforms(GridFilter(text="GATE"))) == ["gamma", "delta"]
    assert ids(mini.filter_platforms(GridFilter(text="gateway  relay"))) == ["delta"]
    assert ids(mini.filter_platforms(GridFilter(text="direct beta"))) == ["beta"]
    assert ids(mini.filter_platforms(GridFilter(text="betanet"))) == ["beta"]
    assert ids(mini.filter_platforms(GridFilter(text="nothing here"))) == []
    assert ids(mini.filter_platforms(GridFilter(text="   "))) == ["alpha", "beta", "gamma", "delta"]


def test_accepts_requires_every_method(mini) -> None:
    assert ids(mini.filter_platforms(GridFilter(accepts=frozenset({"amex"})))) == ["beta", "gamma"]
    assert ids(mini.filter_platforms(GridFilter(accepts=frozenset({"amex", "visa"})))) == ["beta"]


def test_wallet_keeps_platforms_taking_any_and_marks_cells(mini) -> None:
    flt = GridFilter(wallet=frozenset({"paypal", "amex"}))
    assert ids(mini.filter_platforms(flt)) == ["alpha", "beta", "gamma", "delta"]
    flt = GridFilter(wallet=frozenset({"paypal"}))
    assert ids(mini.filter_platforms(flt)) == ["alpha", "delta"]
    assert mini.highlighted("alpha", flt) == {"paypal"}
    assert mini.highlighted("beta", GridFilter(wallet=frozenset({"paypal", "amex", "virtual_card"}))) == {"amex"}


def test_kind_and_refund_filters(mini) -> None:
    assert ids(mini.filter_platforms(GridFilter(kind=PlatformKind.GATEWAY))) == ["gamma", "delta"]
    assert ids(mini.filter_platforms(GridFilter(refundable=True))) == ["alpha", "gamma"]
    both = GridFilter(refundable=True, kind=PlatformKind.DIRECT, text="alpha")
    assert ids(mini.filter_platforms(both)) == ["alpha"]
    assert both.describe({}) == ['text "alpha"', "kind direct", "refund possible"]


def test_data_age_and_staleness(mini) -> None:
    assert mini.age_days(TODAY) == 178 and not mini.is_stale(TODAY)
    later = TODAY + dt.timedelta(days=3)
    assert mini.is_stale(later) and "older than 180 days" in mini.age_text(later)


# -- the shipped data ----------------------------------------------------------------


def test_shipped_data_loads_with_every_source_cited(shipped) -> None:
    assert {p.id for p in shipped.platforms} == {"deepseek", "qwen", "glm", "evolink", "east_signal", "together"}
    method_ids = {m.id for m in shipped.methods}
    assert {"visa", "mastercard", "amex", "discover", "unionpay", "jcb", "paypal", "alipay", "wechat_pay",
            "virtual_card", "prepaid_card", "crypto", "bank_transfer"} <= method_ids
    assert set(shipped.sources) == shipped.cited_source_ids()
    assert all(s.read_on == dt.date(2026, 11, 26) for s in shipped.sources.values())


def test_shipped_guide_claims_come_from_prose(shipped) -> None:
    guide_claims = [c for c in shipped.claims if shipped.sources[c.source].kind is SourceKind.GUIDE]
    assert guide_claims and all(c.from_prose for c in guide_claims)


def test_shipped_disputes_include_the_known_contradictions(shipped) -> None:
    amex = shipped.cell("qwen", "amex")
    assert amex.disputed and amex.status is Status.CONDITIONAL
    assert amex.claims[0].source.kind is SourceKind.OFFICIAL
    assert shipped.cell("together", "paypal").status is Status.NOT_SUPPORTED
    assert shipped.cell("together", "paypal").disputed
    assert shipped.cell("qwen", "virtual_card").status is Status.NOT_SUPPORTED
    assert shipped.refunds["deepseek"].disputed
    assert shipped.refunds["deepseek"].policy is RefundPolicy.REFUNDABLE


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, cnai_pay.model, cnai_pay.catalog, cnai_pay.cli; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or m.startswith('cnai_pay.tui')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_syntax_error_in_sources_is_reported_once(mini_copy: Path) -> None:
    replace_in(mini_copy / "sources.toml", 'kind = "guide"', 'kind = "guide')
    problems = problems_of(mini_copy)
    assert [p.file for p in problems] == ["sources.toml"]
    assert "TOML syntax error" in problems[0].message


def test_empty_tables_are_problems(mini_copy: Path) -> None:
    (mini_copy / "platforms.toml").write_text("# nothing yet\n", encoding="utf-8")
    (mini_copy / "methods.toml").write_text("method = []\n", encoding="utf-8")
    problems = problems_of(mini_copy)
    assert {(p.file, p.entry) for p in problems if "no entries" in p.message} == {
        ("platforms.toml", "platform"), ("methods.toml", "method")}
