"""Loading a data folder: every problem named by file, entry, field (and line), and each data-check rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.loading import DataError, Problem, load_catalog, validate_catalog

from .conftest import MINI, TODAY


def problems_of(folder: Path, today: dt.date = TODAY) -> list[Problem]:
    with pytest.raises(DataError) as info:
        validate_catalog(folder, today=today)
    return info.value.problems


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_to(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def check(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str, str]:
    code = main(["data", "check", str(folder)])
    out, err = capsys.readouterr()
    return code, out, err


# -- data errors name file, entry, field and line ---------------------------------------


def test_toml_syntax_error_names_file_and_line(mini_copy: Path) -> None:
    claims = mini_copy / "claims.toml"
    replace_in(
        claims, 'status = "supported"\nnote = "PayPal is listed."', 'status = "supported\nnote = "PayPal is listed."'
    )
    line = claims.read_text(encoding="utf-8").splitlines().index('status = "supported') + 1
    [problem] = problems_of(mini_copy)
    assert (problem.file, problem.line) == ("claims.toml", line)
    assert "TOML syntax error" in problem.message
    assert str(problem).startswith(f"claims.toml, line {line}: TOML syntax error")


def test_syntax_error_reports_the_file_once_not_every_citation(mini_copy: Path) -> None:
    replace_in(mini_copy / "sources.toml", 'kind = "guide"', 'kind = "guide')
    problems = problems_of(mini_copy)
    assert [p.file for p in problems] == ["sources.toml"]
    assert "TOML syntax error" in problems[0].message


@pytest.mark.parametrize("name", sorted(path.name for path in MINI.glob("*.toml")))
def test_any_file_that_cannot_be_read_is_its_one_problem_and_the_checks_go_on(mini_copy: Path, name: str) -> None:
    # Every check runs without the file's entries (its ids stand as unreadable): none may fail on that.
    append_to(mini_copy / name, "\n[[broken]]\nid = \n")
    problems = problems_of(mini_copy)
    assert [p.file for p in problems] == [name]
    assert "TOML syntax error" in problems[0].message


def test_missing_required_field_names_entry_and_field(mini_copy: Path) -> None:
    replace_in(mini_copy / "platforms.toml", 'site = "gamma.example"\n', "")
    problem, knock_on = problems_of(mini_copy)
    assert (problem.file, problem.entry, problem.field) == ("platforms.toml", "platform #3 (gamma)", "site")
    assert str(problem) == "platforms.toml, platform #3 (gamma), field 'site': is required but missing"
    # The five entries naming gamma are not checked again, and say so in one line.
    assert str(knock_on) == "(references): not checked, since the entry failed above: platform 'gamma' (5×)"


def test_status_outside_the_vocabulary(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    [problem] = problems_of(mini_copy)
    assert (problem.file, problem.entry, problem.field) == ("claims.toml", "claim #4 (beta × amex)", "status")
    assert "'maybe' is not allowed" in problem.message and "'not_supported'" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            'platform = "delta"\nmethod = "paypal"',
            'platform = "omega"\nmethod = "paypal"',
            "platform",
            "names unknown platform 'omega' (known: alpha, beta, delta, gamma)",
        ),
        (
            'method = "paypal"\nstatus = "supported"\nnote = "PayPal at',
            'method = "cash"\nstatus = "supported"\nnote = "PayPal at',
            "method",
            "names unknown method 'cash'",
        ),
        (
            'note = "PayPal at checkout."\nsource = "guide"',
            'note = "PayPal at checkout."\nsource = "blog"',
            "source",
            "names unknown source 'blog'",
        ),
    ],
)
def test_claim_naming_an_unknown_id(mini_copy: Path, old: str, new: str, field: str, words: str) -> None:
    replace_in(mini_copy / "claims.toml", old, new)
    [problem] = problems_of(mini_copy)
    assert problem.file == "claims.toml" and problem.entry.startswith("claim #8 (")
    assert problem.field == field and words in problem.message


def test_duplicate_id(mini_copy: Path) -> None:
    replace_in(mini_copy / "methods.toml", 'id = "amex"', 'id = "visa"')
    duplicates = [p for p in problems_of(mini_copy) if "duplicate" in p.message]
    assert [(p.file, p.entry, p.field, p.message) for p in duplicates] == [
        ("methods.toml", "method #2 (visa)", "id", "duplicate id 'visa'")
    ]


@pytest.mark.parametrize("bad", ['"2026-13-40"', '"last May"'])
def test_malformed_date(mini_copy: Path, bad: str) -> None:
    replace_in(mini_copy / "sources.toml", "page_date = 2026-05-30", f"page_date = {bad}")
    problem, knock_on = problems_of(mini_copy)
    assert (problem.file, problem.entry, problem.field) == ("sources.toml", "source #2 (beta_docs)", "page_date")
    assert "valid date" in problem.message and "'undated'" in problem.message
    assert knock_on.message == "not checked, since the entry failed above: source 'beta_docs' (7×)"


def test_unknown_field_is_reported(mini_copy: Path) -> None:
    replace_in(mini_copy / "platforms.toml", 'site = "alpha.example"', 'site = "alpha.example"\nwebsite = "x"')
    problem, _ = problems_of(mini_copy)
    assert (problem.entry, problem.field, problem.message) == ("platform #1 (alpha)", "website", "is not a known field")


def test_unknown_table_is_reported(mini_copy: Path) -> None:
    append_to(mini_copy / "fees.toml", '\n[[fees]]\nid = "x"\n')
    [problem] = problems_of(mini_copy)
    assert (problem.file, problem.field) == ("fees.toml", "fees")
    assert problem.message == "is not a known table (expected fee)"


def test_every_problem_is_collected(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    replace_in(mini_copy / "refunds.toml", 'platform = "gamma"', 'platform = "zeta"')
    (mini_copy / "fees.toml").unlink()
    problems = problems_of(mini_copy)
    # The unknown platform is named once: not again as one the guide does not cover.
    assert sorted(p.file for p in problems) == ["claims.toml", "fees.toml", "refunds.toml"]
    assert any(p.file == "fees.toml" and p.message == "the file is missing" for p in problems)


def test_empty_tables_are_problems(mini_copy: Path) -> None:
    (mini_copy / "platforms.toml").write_text("# nothing yet\n", encoding="utf-8")
    (mini_copy / "methods.toml").write_text("method = []\n", encoding="utf-8")
    problems = problems_of(mini_copy)
    assert {(p.file, p.entry) for p in problems if "no entries" in p.message} == {
        ("platforms.toml", "platform"),
        ("methods.toml", "method"),
    }


def test_load_catalog_raises_the_same_problems_as_validation(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    with pytest.raises(DataError) as info:
        load_catalog(mini_copy)
    assert [str(p) for p in info.value.problems] == [str(p) for p in problems_of(mini_copy)]
    assert "1 problem:" in str(info.value) and "claim #4 (beta × amex)" in str(info.value)


def test_bad_data_exits_2_without_traceback(mini_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(mini_copy / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    assert main(["--data", str(mini_copy), "grid"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "claims.toml, claim #4 (beta × amex), field 'status'" in err and "Traceback" not in err


def test_missing_data_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "nowhere"), "grid"]) == 2
    assert "nowhere: does not exist" in capsys.readouterr().err


# -- each data-check rule on a broken copy of the mini fixture -----------------------------

Break = Callable[[Path], None]


def cover_too_little(folder: Path) -> None:
    replace_in(
        folder / "sources.toml", 'covers = ["alpha", "beta", "gamma", "delta"]', 'covers = ["alpha", "beta", "gamma"]'
    )


def bare_domain(folder: Path) -> None:
    replace_in(folder / "sources.toml", 'url = "https://alpha.example/faq"', 'url = "https://alpha.example/"')


def page_after_reading(folder: Path) -> None:
    replace_in(folder / "sources.toml", "page_date = 2026-05-30", "page_date = 2026-06-02")


def read_in_future(folder: Path) -> None:
    replace_in(
        folder / "sources.toml",
        "page_date = 2026-05-20\nread_on = 2026-06-01",
        "page_date = 2026-05-20\nread_on = 2999-01-01",
    )


def as_of_in_future(folder: Path) -> None:
    replace_in(folder / "dataset.toml", "as_of = 2026-06-01", "as_of = 2999-01-01")


def unknown_region(folder: Path) -> None:
    replace_in(folder / "card_rules.toml", 'regions = ["MY", "EU"]', 'regions = ["MY", "XX"]')


def inferred_without_list(folder: Path) -> None:
    replace_in(
        folder / "claims.toml", 'from_list = "the two methods on Delta\'s checkout page: PayPal and crypto"\n', ""
    )


def unknown_placeholder(folder: Path) -> None:
    replace_in(
        folder / "checklist_steps.toml", 'text = "Tell your bank a day ahead."', 'text = "Tell {bank} a day ahead."'
    )


def unknown_condition(folder: Path) -> None:
    replace_in(folder / "checklist_steps.toml", 'when = ["method:paypal"]', 'when = ["wallet:paypal"]')


def infinite_minimum(folder: Path) -> None:
    replace_in(folder / "billing.toml", "minimum = 2", "minimum = inf")


def nan_percent(folder: Path) -> None:
    replace_in(folder / "fees.toml", "percent = 1.5", "percent = nan")


def huge_minimum(folder: Path) -> None:
    replace_in(folder / "billing.toml", 'model = "postpaid"', 'model = "postpaid"\nminimum = 1e308')


def control_characters(folder: Path) -> None:
    replace_in(folder / "platforms.toml", 'name = "Beta Cloud"', 'name = "Beta\\u001b[2J Cloud"')


# (break, file, entry, field, words in the message)
RULES: list[tuple[Break, str, str, str, str]] = [
    (
        cover_too_little,
        "claims.toml",
        "claim #8 (delta × paypal)",
        "source",
        "'guide' does not cover platform 'delta' (it covers: alpha, beta, gamma)",
    ),
    (bare_domain, "sources.toml", "source #3 (alpha_faq)", "url", "is a bare domain or front page"),
    (page_after_reading, "sources.toml", "source #2 (beta_docs)", "page_date", "is after the date the page was read"),
    (read_in_future, "sources.toml", "source #4 (delta_checkout)", "read_on", "is in the future (today is 2026-11-26)"),
    (as_of_in_future, "dataset.toml", "[dataset]", "as_of", "is in the future (today is 2026-11-26)"),
    (
        unknown_region,
        "card_rules.toml",
        "card_rule #3 (beta × three_d_secure)",
        "regions",
        "'XX' is not an ISO 3166 country code or a known group (EU, EEA)",
    ),
    (
        inferred_without_list,
        "claims.toml",
        "claim #9 (delta × visa)",
        "from_list",
        "an inferred claim must name the list it rests on",
    ),
    (unknown_placeholder, "checklist_steps.toml", "step #3 (notify_bank)", "text", "uses unknown placeholder {bank}"),
    (unknown_condition, "checklist_steps.toml", "step #5 (paypal_verify)", "when", "unknown condition 'wallet:paypal'"),
    (infinite_minimum, "billing.toml", "billing #1 (alpha)", "minimum", "must be a finite number"),
    (nan_percent, "fees.toml", "fee #1 (vc_fee)", "percent", "must be a finite number"),
    (huge_minimum, "billing.toml", "billing #2 (beta)", "minimum", "less than or equal to 1000000"),
    (control_characters, "platforms.toml", "platform #2 (beta)", "name", "contains a control"),
]


@pytest.mark.parametrize(("breaker", "file", "entry", "field", "words"), RULES, ids=[r[0].__name__ for r in RULES])
def test_each_rule_names_file_entry_and_field(
    mini_copy: Path, breaker: Break, file: str, entry: str, field: str, words: str
) -> None:
    breaker(mini_copy)
    problems = [p for p in problems_of(mini_copy) if p.file != "(references)"]
    assert [(p.file, p.entry, p.field) for p in problems] == [(file, entry, field)]
    assert words in problems[0].message


def test_the_unbroken_fixture_passes_every_rule(mini_copy: Path) -> None:
    catalog = validate_catalog(mini_copy, today=TODAY)
    assert [p.id for p in catalog.platforms] == ["alpha", "beta", "gamma", "delta"]


def test_front_page_with_a_note_is_accepted(mini_copy: Path) -> None:
    replace_in(
        mini_copy / "sources.toml",
        'url = "https://alpha.example/faq"',
        'url = "https://alpha.example"\nfront_page = true\nnote = "Only the front page is on record."',
    )
    source = validate_catalog(mini_copy, today=TODAY).sources["alpha_faq"]
    assert source.url == "https://alpha.example" and source.front_page


def test_front_page_without_a_note_must_say_why(mini_copy: Path) -> None:
    replace_in(
        mini_copy / "sources.toml",
        'url = "https://alpha.example/faq"',
        'url = "https://alpha.example"\nfront_page = true',
    )
    [problem] = problems_of(mini_copy)
    assert (problem.entry, problem.field) == ("source #3 (alpha_faq)", "note")
    assert problem.message == "must say why only the front page can be cited"


def test_a_url_without_a_scheme_is_refused(mini_copy: Path) -> None:
    replace_in(mini_copy / "sources.toml", 'url = "https://alpha.example/faq"', 'url = "alpha.example/faq"')
    [problem] = problems_of(mini_copy)
    assert (problem.field, problem.message) == ("url", "must be a full http(s) address")


def test_dates_in_the_future_depend_on_today(mini_copy: Path) -> None:
    """Read on 2026-06-01 is fine on that day and in the future the day before."""
    assert validate_catalog(mini_copy, today=dt.date(2026, 6, 1)).dataset.as_of == dt.date(2026, 6, 1)
    problems = problems_of(mini_copy, today=dt.date(2026, 5, 31))
    assert sorted((p.entry, p.field) for p in problems) == [
        ("[dataset]", "as_of"),
        ("source #1 (guide)", "read_on"),
        ("source #2 (beta_docs)", "read_on"),
        ("source #3 (alpha_faq)", "read_on"),
        ("source #4 (delta_checkout)", "read_on"),
    ]
    assert all(p.message == "is in the future (today is 2026-05-31)" for p in problems)


def test_a_list_on_a_stated_claim_is_refused(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'note = "Cards work."', 'note = "Cards work."\nfrom_list = "a list"')
    [problem] = problems_of(mini_copy)
    assert (problem.entry, problem.field, problem.message) == (
        "claim #1 (alpha × visa)",
        "from_list",
        "only an inferred claim names a list",
    )


def test_outside_needs_a_scope(mini_copy: Path) -> None:
    replace_in(mini_copy / "claims.toml", 'note = "Cards work."', 'note = "Cards work."\noutside = "not_supported"')
    [problem] = problems_of(mini_copy)
    assert (problem.field, problem.message) == ("outside", "needs regions or except_regions to be outside of")


def test_step_condition_naming_an_unknown_method(mini_copy: Path) -> None:
    replace_in(mini_copy / "checklist_steps.toml", 'when = ["method:paypal"]', 'when = ["method:paypall"]')
    [problem] = problems_of(mini_copy)
    assert (problem.entry, problem.field, problem.message) == (
        "step #5 (paypal_verify)",
        "when",
        "names unknown method 'paypall'",
    )


def test_an_empty_claims_file(mini_copy: Path) -> None:
    (mini_copy / "claims.toml").write_text("", encoding="utf-8")
    [problem] = problems_of(mini_copy)
    assert (problem.file, problem.entry) == ("claims.toml", "claim")
    assert problem.message == "has no entries; at least one [[claim]] is needed"


def test_knock_on_references_fold_into_one_line(mini_copy: Path) -> None:
    """A platform that fails validation is reported once; what refers to it is one summary line."""
    control_characters(mini_copy)
    problems = problems_of(mini_copy)
    assert len(problems) == 2
    assert (problems[0].entry, problems[0].field) == ("platform #2 (beta)", "name")
    assert problems[1].file == "(references)"
    # Four claims, a refund, a billing entry and two card rules name beta.
    assert problems[1].message == "not checked, since the entry failed above: platform 'beta' (8×)"
    assert not any("unknown platform 'beta'" in p.message for p in problems)


def test_no_control_character_reaches_the_terminal(mini_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Ids, keys and names from a hostile data folder are printed without their escape sequences."""
    replace_in(mini_copy / "platforms.toml", 'id = "gamma"', 'id = "gam\\u001b[2Jma"')
    replace_in(
        mini_copy / "fees.toml", 'note = "A conversion fee."', 'note = "A conversion fee."\n"x\\u001b]0;t\\u0007" = 1'
    )
    code, out, err = check(capsys, mini_copy)
    assert code == 2
    assert "platforms.toml, platform #3 (gam[2Jma), field 'id'" in out
    assert "fees.toml, fee #1 (vc_fee), field 'x]0;t': is not a known field" in out
    assert not any(ch in out + err for ch in "\x1b\x07")


# -- all problems at once, from the command line -------------------------------------------


def test_data_check_lists_every_problem_at_once(mini_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for breaker, *_ in RULES:
        breaker(mini_copy)
    problems = problems_of(mini_copy)
    code, out, err = check(capsys, mini_copy)
    assert code == 2 and err == "" and "Traceback" not in out
    lines = out.splitlines()
    assert lines[0] == f"{mini_copy}: {len(problems)} problems"
    listed = lines[1:]
    assert listed == [f"  - {p}" for p in problems]
    for _, file, entry, field, words in RULES:
        prefix = f"  - {file}, {entry}, field '{field}': "
        assert any(line.startswith(prefix) and words in line for line in listed), entry
    # The control-character name's knock-on is one line, not eight.
    assert sum("(references)" in line for line in listed) == 1
    assert len(listed) == len(RULES) + 1


def test_data_check_clean_folder(capsys: pytest.CaptureFixture[str], mini_copy: Path) -> None:
    code, out, _ = check(capsys, mini_copy)
    assert code == 0
    assert out == (
        f"OK: {mini_copy}: 4 platforms, 4 methods, 4 sources, 10 claims (1 inferred, 9 stated), "
        "1 disputed cell; data as of 2026-06-01\n"
    )


def test_data_check_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = check(capsys, tmp_path / "nowhere")
    assert code == 2 and "nowhere: does not exist" in out
