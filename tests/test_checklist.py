"""The checklist: steps chosen from data fields, the budget, the strict codec, safe files and the store."""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnai_pay.checklist import codec
from cnai_pay.checklist.files import (
    atomic_write,
    export_checklist,
    export_path,
    load_checklist,
    write_checklist,
)
from cnai_pay.checklist.model import (
    MAX_AMOUNT,
    MAX_NOTE,
    MAX_STEPS,
    SCHEMA_VERSION,
    Checklist,
    ChecklistError,
    ExportError,
    NewerSchemaError,
    Outcome,
    Step,
    budget,
    check_amount,
    parse_number,
)
from cnai_pay.checklist.steps import build_checklist, minimum_text, rebudget
from cnai_pay.checklist.store import ChecklistStore
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import ID_PATTERN
from cnai_pay.domain.topup import default_fees
from cnai_pay.loading import validate_catalog

from .conftest import TODAY

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


def step_ids(checklist: Checklist) -> list[str]:
    return [s.id for s in checklist.steps]


def append_to(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# -- steps from data fields ------------------------------------------------------------


def test_steps_for_a_card_on_a_prepaid_platform(mini: Catalog) -> None:
    alpha = build_checklist(mini, "alpha", "visa", now=NOW)
    assert step_ids(alpha) == ["notify_bank", "topup", "budget"]
    assert (alpha.amount, alpha.currency, alpha.fee_percent) == (2.0, "USD", 0.0)
    assert alpha.step("topup").text == "Top up 2 USD first (minimum: 2 USD (official))."
    # The step's own source, and the fact that selected it.
    assert alpha.step("notify_bank").sources == ("guide",)
    assert alpha.step("topup").sources == ("alpha_faq",)
    assert all("{" not in s.text for s in alpha.steps)


def test_warnings_come_first_and_name_the_platform(mini: Catalog) -> None:
    beta = build_checklist(mini, "beta", "virtual_card", now=NOW)
    assert step_ids(beta) == ["not_supported", "virtual_refused", "notify_bank", "budget"]
    assert [s.warning for s in beta.steps] == [True, True, False, False]
    assert beta.step("not_supported").text == "The data says Beta Cloud does not take Virtual card."
    assert beta.minimum_text == "none: billed after use"
    # The sourced virtual-card fee is the default, so the budget covers it.
    # The card's conversion fee is known, Beta's own is not: the budget is a floor.
    assert beta.fee_percent == 1.5 and beta.step("budget").text == "Have at least 5.08 USD available."


def test_a_wallet_gets_wallet_steps_and_no_card_steps(mini: Catalog) -> None:
    paypal = build_checklist(mini, "delta", "paypal", now=NOW)
    assert step_ids(paypal) == ["paypal_verify", "wallet_abroad", "topup_no_minimum", "budget"]
    assert paypal.step("wallet_abroad").text == "Check that your PayPal account works abroad."


def test_new_methods_get_steps_from_their_kind_without_code(mini_copy: Path) -> None:
    append_to(
        mini_copy / "methods.toml",
        """
[[method]]
id = "apple_pay"
name = "Apple Pay"
short = "Apple"
kind = "wallet"

[[method]]
id = "usdt"
name = "USDT"
short = "USDT"
kind = "crypto"
""",
    )
    append_to(
        mini_copy / "claims.toml",
        """
[[claim]]
platform = "alpha"
method = "apple_pay"
status = "supported"
note = "Apple Pay is listed."
source = "alpha_faq"
basis = "stated"

[[claim]]
platform = "delta"
method = "usdt"
status = "supported"
note = "USDT on the checkout page."
source = "delta_checkout"
basis = "stated"
""",
    )
    catalog = validate_catalog(mini_copy, today=TODAY)
    assert catalog.cell("alpha", "apple_pay").text == "✓ yes" and catalog.cell("delta", "usdt").text == "✓ yes"

    apple = build_checklist(catalog, "alpha", "apple_pay", now=NOW)
    assert step_ids(apple) == ["wallet_abroad", "topup", "budget"]
    assert apple.step("wallet_abroad").text == "Check that your Apple Pay account works abroad."

    usdt = build_checklist(catalog, "delta", "usdt", now=NOW)
    assert step_ids(usdt) == ["crypto_network", "topup_no_minimum", "budget"]
    assert usdt.step("crypto_network").text == "Send USDT only on the network the checkout names."
    assert usdt.step("crypto_network").sources == ("guide",)


def test_rule_condition_follows_the_platforms_card_rules(mini: Catalog) -> None:
    gamma = build_checklist(mini, "gamma", "visa", now=NOW)
    assert gamma.step("billing_address").text == "Type the billing address exactly."
    assert gamma.step("billing_address").sources == ("guide",)
    # Alpha has no billing-address rule; a wallet is not concerned by card rules.
    assert build_checklist(mini, "alpha", "visa", now=NOW).step("billing_address") is None
    assert build_checklist(mini, "gamma", "paypal", now=NOW).step("billing_address") is None


def test_refused_condition_needs_a_refusal_on_a_topic_of_the_method(mini: Catalog) -> None:
    refused = build_checklist(mini, "beta", "virtual_card", now=NOW).step("virtual_refused")
    assert refused is not None and refused.warning and refused.sources == ("beta_docs",)
    assert refused.text == "Beta Cloud refuses virtual cards."
    # Visa's card rules do not include virtual cards; gamma refuses nothing.
    assert build_checklist(mini, "beta", "visa", now=NOW).step("virtual_refused") is None
    assert build_checklist(mini, "gamma", "virtual_card", now=NOW).step("virtual_refused") is None


def test_rule_conditions_follow_the_country(mini_copy: Path) -> None:
    append_to(
        mini_copy / "checklist_steps.toml",
        '\n[[step]]\nid = "three_d_secure"\ntext = "Turn on 3-D Secure."\nwhen = ["rule:three_d_secure"]\n',
    )
    catalog = validate_catalog(mini_copy, today=TODAY)
    # Beta requires 3-D Secure for cards from Malaysia and the EU only.
    assert build_checklist(catalog, "beta", "visa", now=NOW, country="DE").step("three_d_secure") is not None
    assert build_checklist(catalog, "beta", "visa", now=NOW, country="US").step("three_d_secure") is None
    assert build_checklist(catalog, "beta", "visa", now=NOW).step("three_d_secure") is not None


def test_country_resolves_the_cell_behind_the_steps(mini: Catalog) -> None:
    my = build_checklist(mini, "beta", "amex", now=NOW, country="MY")
    assert my.country == "MY" and my.steps[0].id == "not_supported"
    assert build_checklist(mini, "beta", "amex", now=NOW, country="DE").step("not_supported") is None


def test_unknown_ids_are_refused(mini: Catalog) -> None:
    with pytest.raises(ChecklistError, match="unknown platform 'nope'"):
        build_checklist(mini, "nope", "visa")
    with pytest.raises(ChecklistError, match="unknown payment method 'cash'"):
        build_checklist(mini, "alpha", "cash")


# -- minimum and budget -------------------------------------------------------------------


def test_minimum_text_official_postpaid_and_none(mini: Catalog) -> None:
    assert minimum_text(mini, "alpha") == "2 USD (official)"
    assert minimum_text(mini, "beta") == "none: billed after use"
    assert minimum_text(mini, "gamma") == "none stated by the platform in any source we have"
    gamma = build_checklist(mini, "gamma", "visa", now=NOW)
    assert gamma.step("topup_no_minimum").text == (
        "No official minimum (none stated by the platform in any source we have); the budget assumes 5 USD."
    )


def test_minimum_text_shows_reports_with_their_scope(mini_copy: Path) -> None:
    append_to(
        mini_copy / "billing.toml",
        """
[[billing]]
platform = "gamma"
model = "prepaid"
minimum = 10
currency = "USD"
note = "One user topped up 10 USD from Germany."
source = "guide"
basis = "reported"
regions = ["EU"]

[[billing]]
platform = "gamma"
model = "prepaid"
minimum = 20
currency = "USD"
product = "the Pro plan"
note = "The Pro plan starts at 20 USD."
source = "guide"
""",
    )
    catalog = validate_catalog(mini_copy, today=TODAY)
    said = (
        "none stated by the platform; other sources: 10 USD (one person's report, only EU); "
        "20 USD (guide, for the Pro plan)"
    )
    assert minimum_text(catalog, "gamma", "visa") == said
    gamma = build_checklist(catalog, "gamma", "visa", now=NOW)
    # A report is never quoted as the amount to top up.
    assert gamma.minimum_text == said and gamma.amount == 5.0
    assert gamma.step("topup") is None and said in gamma.step("topup_no_minimum").text


def test_budget_arithmetic() -> None:
    assert budget(5, 0) == 5.0
    assert budget(5, 2) == 5.10
    assert budget(10, 3.5) == 10.35
    assert budget(1, 0.33) == 1.01  # rounded up to the cent
    assert budget(0, 10) == 0.0
    assert budget(5, 0, 1) == 6.0
    assert budget(1, 3.5, 0.3) == 1.34


def test_budget_in_the_steps_and_its_text(mini: Catalog) -> None:
    alpha = build_checklist(mini, "alpha", "visa", amount=20, fee_percent=1.5, fixed_fee=0.3, now=NOW)
    assert alpha.budget == 20.6
    assert alpha.budget_text == "20 USD + 1.5% + 0.30 USD = 20.60 USD"
    assert alpha.step("budget").text == "Have 20.60 USD available."
    assert alpha.step("topup").text.startswith("Top up 20 USD first")


def test_default_fees_are_the_highest_sourced(mini: Catalog) -> None:
    assert default_fees(mini, "gamma", "virtual_card") == (1.5, 0.0)
    assert default_fees(mini, "gamma", "visa") == (0.0, 0.0)


def test_rebudget_keeps_ticks_notes_and_unknown_steps(mini: Catalog) -> None:
    alpha = build_checklist(mini, "alpha", "visa", now=NOW)
    alpha.steps[0].done = True
    alpha.steps[0].note = "Bank called on Monday"
    alpha.steps.append(Step("my_own", "Ask finance for approval", done=True))
    changed = rebudget(mini, alpha, 12, 1, now=NOW)
    assert changed.steps[0].done and changed.steps[0].note == "Bank called on Monday"
    assert changed.step("my_own").text == "Ask finance for approval" and changed.step("my_own").done
    assert changed.step("budget").text == "Have 12.12 USD available."


@pytest.mark.parametrize("bad", [0, -1, 1e307, 10**400, float("nan"), float("inf"), True])
def test_amounts_out_of_range_are_refused(mini: Catalog, bad: float) -> None:
    with pytest.raises(ChecklistError, match="above 0 and at most 1,000,000"):
        check_amount(bad)
    with pytest.raises(ChecklistError):
        build_checklist(mini, "alpha", "visa", amount=bad)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,000", None),  # a thousand or one: refused (see test_an_ambiguous_amount_shows_both_readings)
        ("1,000,000", 1000000.0),
        ("0,500", 0.5),
        ("2,5", 2.5),
        ("2,50", 2.5),
        ("1,000.50", 1000.5),
        (" 5 ", 5.0),
        ("1e3", 1000.0),
        ("1_000", 1000.0),
        ("abc", None),
        ("inf", None),
        ("nan", None),
        ("1e400", None),
        ("", None),
        ("1,0000", 1.0),  # four digits after the comma: only a decimal comma
        ("1.2.3", None),
    ],
)
def test_parse_number(typed: str, value: float | None) -> None:
    assert parse_number(typed) == value


# -- the codec ----------------------------------------------------------------------------


@pytest.fixture
def worked(mini: Catalog) -> Checklist:
    """A checklist with ticks, a multi-line note and an outcome."""
    checklist = build_checklist(mini, "alpha", "paypal", now=NOW, country="DE")
    checklist.steps[0].done = True
    checklist.steps[0].note = "银行已通知 — Bank notified ✓ «ok»\nsecond line [bold]not markup[/]"
    checklist.outcome = Outcome("declined", NOW, "bank_blocks", "Declined twice.\nThen it worked.")
    return checklist


def test_round_trip(worked: Checklist, mini: Catalog) -> None:
    text = codec.dumps(worked, mini)
    assert codec.loads(text) == worked
    document = tomllib.loads(text)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["platform"] == {"id": "alpha", "name": "Alpha AI"}
    assert document["country"] == "DE"
    assert document["progress"] == {"done": 1, "total": len(worked.steps)}
    assert [s["id"] for s in document["steps"]] == step_ids(worked)
    assert {s["id"] for s in document["sources"]} == set(worked.source_ids())
    assert document["outcome"]["reason"] == "bank_blocks"


@pytest.fixture
def saved_text(worked: Checklist, mini: Catalog) -> str:
    return codec.dumps(worked, mini)


def set_value(text: str, key: str, value: str, count: int = 1) -> str:
    changed, found = re.subn(rf"(?m)^{re.escape(key)} = .*$", lambda _: f"{key} = {value}", text, count=count)
    assert found, key
    return changed


def cut_before_last_step(text: str) -> str:
    return text[: text.rindex("[[steps]]")]


def more_steps(text: str, count: int) -> str:
    extra = "".join(
        f'\n[[steps]]\nid = "s{n}"\ntext = "t"\ndone = false\nnote = ""\nwarning = false\nsources = []\n'
        for n in range(count)
    )
    return text[: text.index("[[sources]]")] + extra


HOSTILE = [
    (
        "duplicate step ids",
        lambda t: t.replace('id = "wallet_abroad"', 'id = "paypal_verify"'),
        "step id 'paypal_verify' appears more than once",
    ),
    ("infinite amount", lambda t: set_value(t, "amount", "inf"), "the amount must be a number above 0"),
    ("1e308 amount", lambda t: set_value(t, "amount", "1e308"), "at most 1,000,000"),
    ("huge whole amount", lambda t: set_value(t, "amount", "9" * 400), "at most 1,000,000"),
    ("nan fee", lambda t: set_value(t, "fee_percent", "nan"), "percentage from 0 to 100"),
    ("infinite fixed fee", lambda t: set_value(t, "fixed_fee", "-inf"), "the fixed fee must be a number"),
    (
        "path-like step id",
        lambda t: t.replace('id = "topup"', 'id = "x/../../tmp/owned"'),
        "id 'x/../../tmp/owned' is not a valid id",
    ),
    ("path-like platform id", lambda t: t.replace('id = "alpha"', 'id = "../../etc"'), "platform: id"),
    ("cut short at a line end", cut_before_last_step, "it was cut short"),
    (
        "over-long note",
        lambda t: t.replace('note = ""\n', 'note = "' + "x" * (MAX_NOTE + 1) + '"\n', 1),
        f"steps #2: note is longer than {MAX_NOTE:,} characters",
    ),
    ("too many steps", lambda t: more_steps(t, MAX_STEPS), f"a checklist holds at most {MAX_STEPS}"),
    ("text schema version", lambda t: set_value(t, "schema_version", '"2"'), "whole-number schema_version"),
    ("schema version 0", lambda t: set_value(t, "schema_version", "0"), "not one cnai-pay ever wrote"),
    ("lower-case currency", lambda t: set_value(t, "currency", '"usd"'), "three capital letters"),
    ("country not a code", lambda t: set_value(t, "country", '"Germany"'), "two-letter country code"),
    (
        "steps not tables",
        lambda t: t.replace("[[steps]]", "[[other]]"),
        "steps is missing",
    ),
    ("not TOML", lambda t: t + "\n= =\n", "not valid TOML"),
    ("deep nesting", lambda t: "x = " + "[" * 50_000 + "]" * 50_000, "nested too deeply"),
]


@pytest.mark.parametrize(("mutate", "words"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused(saved_text: str, mutate, words: str) -> None:
    with pytest.raises(ChecklistError) as info:
        codec.loads(mutate(saved_text))
    assert words in str(info.value)
    assert not isinstance(info.value, NewerSchemaError)


def test_a_file_cut_inside_a_step_is_refused(saved_text: str) -> None:
    last = saved_text.rindex("[[steps]]")
    cut = saved_text[: saved_text.index("\n", last) + 1] + 'id = "budget"\n'
    with pytest.raises(ChecklistError, match="is missing"):
        codec.loads(cut)


def test_a_newer_schema_is_its_own_error(saved_text: str) -> None:
    with pytest.raises(NewerSchemaError, match="newer cnai-pay"):
        codec.loads(set_value(saved_text, "schema_version", str(SCHEMA_VERSION + 1)))


def test_control_characters_are_stripped_and_note_newlines_kept(saved_text: str) -> None:
    text = saved_text.replace('text = "Verify your PayPal account."', 'text = "Verify\\u001b[2J your\\nPayPal\\u202e."')
    first_note = re.search(r'note = """\n银行已通知.*?"""', text, re.DOTALL)
    assert first_note is not None
    text = text.replace(first_note.group(0), 'note = "line one\\u001b[31m\\u0007\\r\\nline two"')
    loaded = codec.loads(text)
    assert loaded.step("paypal_verify").text == "Verify[2J your PayPal."
    assert loaded.steps[0].note == "line one[31m\nline two"


# -- the fuzz: only ChecklistError ever escapes ------------------------------------------

FUZZ_NUMBERS = [
    "inf",
    "-inf",
    "nan",
    "+nan",
    "1e308",
    "-1e308",
    "9" * 400,
    "-" + "9" * 400,
    "0",
    "-0.0",
    "1",
    "3",
    "99",
    "1_000_001",
    "0x7fffffffffffffff",
    "true",
]
FUZZ_VALUES = [
    *FUZZ_NUMBERS,
    '"[bold]x[/]"',
    '"[/]"',
    '"[link=file:///etc/passwd]x[/link]"',
    '"\\u001b[2J\\u001b[H"',
    '"\\u001b]0;owned\\u0007"',
    '"\\u202eevil"',
    '""',
    '"x/../../tmp/owned"',
    '"../.."',
    '"/etc/passwd"',
    '"a\\\\b"',
    "[]",
    "{}",
    "[1, 2]",
    '["a", 1]',
    "{a = 1}",
    '{ id = "x" }',
    "2026-01-01",
    "2026-01-01T00:00:00",
    "2026-01-01T00:00:00Z",
    "00:00:00",
    '"' + "x" * 5000 + '"',
    "[" * 300 + "]" * 300,
    "{a = " * 200 + "1" + "}" * 200,
]
NUMBER_KEYS = ["amount", "fee_percent", "fixed_fee", "total", "done", "schema_version"]
FUZZ_LINES = [
    "[bold]",
    "[/]",
    "[[steps]]",
    '[[steps]]\nid = "topup"',
    "[outcome]",
    "[progress]\ntotal = 1",
    "[budget]",
    "schema_version = 2",
    "x = 1",
    "\x1b[2J",
    "[a.b.c.d.e.f]",
    "steps = []",
]


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    # Mostly values in an otherwise valid file, so the checks past the TOML parser are reached.
    choice = rng.choices(range(10), weights=[4, 1, 1, 1, 1, 1, 1, 1, 4, 1])[0]
    index = rng.randrange(len(lines))
    if choice == 0:  # a hostile value for some key
        key_lines = [n for n, line in enumerate(lines) if " = " in line] or [index]
        n = rng.choice(key_lines)
        lines[n] = lines[n].split(" = ", 1)[0] + " = " + rng.choice(FUZZ_VALUES)
    elif choice == 1:  # a hostile line
        lines.insert(index, rng.choice(FUZZ_LINES))
    elif choice == 2:  # lose a line
        del lines[index]
    elif choice == 3:  # cut at a line end
        lines = lines[:index]
    elif choice == 4:  # cut anywhere
        return text[: rng.randrange(len(text) + 1)]
    elif choice == 5:  # a step twice
        start = text.find("[[steps]]")
        end = text.find("[[steps]]", start + 1)
        return text[:end] + text[start:end] + text[end:] if 0 <= start < end else text
    elif choice == 6:  # random characters somewhere
        noise = "".join(
            chr(rng.choice([rng.randrange(32), rng.randrange(32, 127), rng.randrange(127, 0x3000)]))
            for _ in range(rng.randrange(1, 12))
        )
        position = rng.randrange(len(text) + 1)
        return text[:position] + noise + text[position:]
    elif choice == 7:  # another schema version
        value = rng.choice(["1", "2", "3", "-5", "2.0", '"2"', "9" * 30])
        return re.sub(r"(?m)^schema_version = .*$", lambda _: f"schema_version = {value}", text, count=1)
    elif choice == 8:  # a hostile number where a number belongs
        key, value = rng.choice(NUMBER_KEYS), rng.choice(FUZZ_NUMBERS)
        return re.sub(rf"(?m)^{key} = .*$", lambda _: f"{key} = {value}", text, count=1)
    else:  # deep nesting instead of the steps
        depth = rng.choice([10, 500, 5000])
        lines.insert(index, "steps = " + "[" * depth + "]" * depth)
    return "\n".join(lines)


# Hypothesis drives the mutations (the same examples every run, see conftest) and shrinks a
# failing one; the saved text is the same for every example.
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rng=st.randoms(use_true_random=False), noise=st.integers(0, 9))
def test_fuzz_only_checklist_errors_escape(saved_text: str, rng: random.Random, noise: int) -> None:
    allowed = re.compile(ID_PATTERN)
    if noise == 9:  # now and then, pure noise
        text = "".join(chr(rng.randrange(0x250)) for _ in range(rng.randrange(200)))
    else:
        text = saved_text
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            text = mutate(rng, text)
    try:
        loaded = codec.loads(text)
    except ChecklistError as exc:
        assert str(exc)
        return
    # What loads is safe to show and to save.
    assert all(allowed.match(s.id) for s in loaded.steps)
    assert allowed.match(loaded.platform_id) and allowed.match(loaded.method_id)
    assert math.isfinite(loaded.amount) and 0 < loaded.amount <= MAX_AMOUNT
    assert len({s.id for s in loaded.steps}) == len(loaded.steps) <= MAX_STEPS
    shown = [loaded.platform_name, loaded.method_name, loaded.minimum_text, *(s.text for s in loaded.steps)]
    assert not any(ch < " " or "\x7f" <= ch <= "\x9f" or "\u202a" <= ch <= "\u202e" for value in shown for ch in value)
    notes = [s.note for s in loaded.steps] + ([loaded.outcome.note] if loaded.outcome else [])
    assert not any(ch in note for note in notes for ch in "\x1b\x07\r\u202e")


# -- files --------------------------------------------------------------------------------


def test_atomic_write_keeps_a_symlink_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "real" / "checklist.toml"
    target.parent.mkdir()
    target.write_text("old = true\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    atomic_write(link, "new = true\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new = true\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["checklist.toml"]  # no temp file left


def test_atomic_write_failure_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "checklist.toml"
    target.write_text("old = true\n", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError):
        atomic_write(target, "new = true\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old = true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["checklist.toml"]


def test_export_refuses_a_fifo_even_with_overwrite(mini: Catalog, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    checklist = build_checklist(mini, "alpha", "visa", now=NOW)
    for overwrite in (False, True):
        with pytest.raises(ExportError, match="not a regular file"):
            export_checklist(checklist, mini, fifo, overwrite=overwrite)
    assert fifo.is_fifo()


def test_export_never_overwrites_unless_told(mini: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("precious", encoding="utf-8")
    checklist = build_checklist(mini, "alpha", "visa", now=NOW)
    with pytest.raises(FileExistsError):
        export_checklist(checklist, mini, target)
    assert target.read_text(encoding="utf-8") == "precious"
    export_checklist(checklist, mini, target, overwrite=True)
    assert load_checklist(target) == checklist


def test_export_to_a_missing_folder_or_a_folder(mini: Catalog, tmp_path: Path) -> None:
    checklist = build_checklist(mini, "alpha", "visa", now=NOW)
    with pytest.raises(ExportError, match="does not exist"):
        export_checklist(checklist, mini, tmp_path / "missing" / "x.toml")
    with pytest.raises(ExportError, match="is a folder"):
        export_checklist(checklist, mini, tmp_path, overwrite=True)
    assert list(tmp_path.iterdir()) == []


def test_export_path_for_a_folder_adds_the_default_name(mini: Catalog, tmp_path: Path) -> None:
    checklist = build_checklist(mini, "beta", "visa", now=NOW)
    assert export_path(checklist, f"{tmp_path}/new/") == tmp_path / "new" / "cnai-pay-beta-visa.toml"
    assert export_path(checklist, tmp_path) == tmp_path / "cnai-pay-beta-visa.toml"
    assert export_path(checklist, tmp_path / "mine.toml") == tmp_path / "mine.toml"


def test_written_files_get_ordinary_permissions(mini: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    export_checklist(build_checklist(mini, "alpha", "visa", now=NOW), mini, target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o600)
    export_checklist(build_checklist(mini, "beta", "visa", now=NOW), mini, target, overwrite=True)
    assert target.stat().st_mode & 0o777 == 0o600


def test_load_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(ChecklistError, match="is not a regular file"):
        load_checklist(fifo)
    with pytest.raises(ChecklistError, match="is not a regular file"):
        load_checklist(tmp_path)
    with pytest.raises(ChecklistError, match="does not exist"):
        load_checklist(tmp_path / "missing.toml")


def test_load_names_the_file_in_its_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 2\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=re.escape(f"{bad}: platform is missing")):
        load_checklist(bad)


# -- the store ----------------------------------------------------------------------------


def test_restore_sets_a_damaged_file_aside(tmp_path: Path) -> None:
    saved = tmp_path / "checklist.toml"
    saved.write_text("schema_version = 2\nsteps = [[[\n", encoding="utf-8")
    restored = ChecklistStore(tmp_path).restore()
    assert restored.checklist is None
    kept = list(tmp_path.glob("checklist.toml.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "schema_version = 2\nsteps = [[[\n"
    assert "unreadable" in restored.message and str(kept[0]) in restored.message
    assert not saved.exists()


def test_restore_of_nothing_is_quiet(tmp_path: Path) -> None:
    restored = ChecklistStore(tmp_path).restore()
    assert restored.checklist is None and restored.message == ""


def test_saved_checklist_restores_exactly(worked: Checklist, mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path / "state", mini)
    assert store.save(worked).ok and not store.unsaved
    restored = ChecklistStore(tmp_path / "state", mini).restore()
    assert restored.checklist == worked and restored.message == ""


def test_a_newer_schema_file_is_left_untouched(worked: Checklist, mini: Catalog, tmp_path: Path) -> None:
    saved = tmp_path / "checklist.toml"
    newer = set_value(codec.dumps(worked, mini), "schema_version", str(SCHEMA_VERSION + 7))
    saved.write_text(newer, encoding="utf-8")
    store = ChecklistStore(tmp_path, mini)
    restored = store.restore()
    assert restored.checklist is None and "newer cnai-pay" in restored.message and "left untouched" in restored.message
    fallback = tmp_path / f"checklist.schema{SCHEMA_VERSION}.toml"
    assert store.save_path == fallback
    assert store.save(build_checklist(mini, "beta", "visa", now=NOW)).ok
    assert saved.read_text(encoding="utf-8") == newer
    again = ChecklistStore(tmp_path, mini).restore()
    assert again.checklist is not None and again.checklist.platform_id == "beta"
    assert saved.read_text(encoding="utf-8") == newer


def test_keep_previous_keeps_identical_content_once(worked: Checklist, mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    first = store.keep_previous(worked)
    second = store.keep_previous(worked)
    kept = list((tmp_path / "previous").iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("checklist-alpha-paypal-")
    assert first.ok and "was kept at" in first.message and str(kept[0]) in first.message
    assert second.ok and "already kept" in second.message
    assert load_checklist(kept[0]) == worked
    # A checklist without any work in it is not worth keeping.
    untouched = build_checklist(mini, "beta", "visa", now=NOW)
    assert store.keep_previous(untouched).message == ""
    assert len(list((tmp_path / "previous").iterdir())) == 1


def test_a_second_store_on_the_same_folder_is_read_only(mini: Catalog, tmp_path: Path) -> None:
    first, second = ChecklistStore(tmp_path, mini), ChecklistStore(tmp_path, mini)
    try:
        assert first.acquire() == ""
        reason = second.acquire()
        assert f"process {os.getpid()}" in reason and "read-only" in reason
        assert second.save_path is None
        result = second.save(build_checklist(mini, "alpha", "visa", now=NOW))
        assert not result.ok and result.message == reason
        assert not (tmp_path / "checklist.toml").exists()
    finally:
        first.release()
        second.release()


def test_an_older_snapshot_never_replaces_a_newer_one(mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    checklist = build_checklist(mini, "alpha", "visa", now=NOW)
    older = store.snapshot(checklist)
    checklist.steps[0].done = True
    newer = store.snapshot(checklist)
    assert store.write_snapshot(*newer).ok and not store.unsaved
    assert store.write_snapshot(*older).ok
    assert load_checklist(tmp_path / "checklist.toml").steps[0].done
    # In order, each write lands.
    checklist.steps[1].done = True
    assert store.save(checklist).ok
    assert load_checklist(tmp_path / "checklist.toml").done_count == 2


def test_write_checklist_reads_back(worked: Checklist, mini: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    write_checklist(worked, target, mini)
    assert load_checklist(target) == worked
