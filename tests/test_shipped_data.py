"""Invariants of the shipped data, never its contents: facts change, these rules do not.

No test here names a platform, counts rows or pins a date, so adding or
correcting a fact in `data/` never breaks a test; the proof test adds a whole
platform to a copy and runs the same checks on it.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from cnai_pay import clock
from cnai_pay.cli import main
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import Basis
from cnai_pay.loading import DataError, validate_catalog
from cnai_pay.loading.reader import FILES
from cnai_pay.paths import shipped_data_dir

from .conftest import TODAY

SRC = Path(__file__).resolve().parents[1] / "src"
ID_TABLES = ("platform", "method", "source", "fee", "provider", "decline", "step")


def _newest_date(value: object) -> dt.date:
    """The latest date anywhere in a parsed TOML value."""
    if isinstance(value, dt.date):
        return value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return max((_newest_date(child) for child in children), default=dt.date.min)


@pytest.fixture(autouse=True)
def clock_at_the_shipped_data_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped data may be newer than the suite's fixed day: check it on the day it was last read."""
    from cnai_pay.prices.table import ENV_PRICE_DATA

    newest = max(
        _newest_date(tomllib.loads(path.read_text(encoding="utf-8"))) for path in shipped_data_dir().glob("*.toml")
    )
    monkeypatch.setenv(clock.ENV_TODAY, max(newest, TODAY).isoformat())
    # The shipped model rules are checked against the shipped price data, not the fixture's.
    monkeypatch.delenv(ENV_PRICE_DATA, raising=False)


def loaded(folder: Path) -> Catalog:
    try:
        return validate_catalog(folder)
    except DataError as exc:
        pytest.fail(str(exc))


def raw_ids(folder: Path) -> dict[str, list[str]]:
    """Every id of every table, read straight from the TOML (the catalogue would hide duplicates)."""
    found: dict[str, list[str]] = {}
    for file, tables in FILES.items():
        document = tomllib.loads((folder / file).read_text(encoding="utf-8"))
        for table, _, _ in tables:
            if table in ID_TABLES:
                found[table] = [entry["id"] for entry in document.get(table, [])]
    return found


def violations(folder: Path) -> tuple[Catalog, list[str]]:
    """The folder's catalogue, and every way it breaks the rules each data folder we ship must keep."""
    catalog = loaded(folder)
    today = dt.date.today()
    found: list[str] = []

    # Ids are unique within their table.
    for table, ids in raw_ids(folder).items():
        found += [f"{table} id {i!r} is used {n} times" for i, n in Counter(ids).items() if n > 1]

    # Every source is cited by at least one record.
    cited = catalog.cited_source_ids()
    found += [f"source {s!r} is cited by no record" for s in catalog.sources if s not in cited]

    # Every claim resolves: its platform, method and source exist; so does every other reference.
    for record in catalog.cited_records():
        for field, known in (
            ("platform", catalog.platform_by_id),
            ("method", catalog.method_by_id),
            ("source", catalog.sources),
        ):
            value = getattr(record, field, None)
            if value is not None and value not in known:
                found.append(f"{type(record).__name__} names unknown {field} {value!r}")

    # Dates are real dates, and none is in the future.
    if not isinstance(catalog.dataset.as_of, dt.date) or catalog.dataset.as_of > today:
        found.append(f"dataset as_of {catalog.dataset.as_of} is not a date up to today")
    for source in catalog.sources.values():
        if not isinstance(source.read_on, dt.date) or source.read_on > today:
            found.append(f"source {source.id!r} read_on {source.read_on} is not a date up to today")
        if source.page_date != "undated" and not isinstance(source.page_date, dt.date):
            found.append(f"source {source.id!r} page_date {source.page_date!r} is neither a date nor undated")
        if source.dated is not None and source.dated > source.read_on:
            found.append(f"source {source.id!r} page_date is after read_on")

    # An inferred claim names the list the method is missing from.
    found += [
        f"inferred claim {c.platform} × {c.method} names no list"
        for c in catalog.claims
        if c.basis is Basis.INFERRED and not c.from_list
    ]
    # The grid's heads: each one distinct, none reading as another word (AI in an app about AI APIs).
    heads = Counter(m.head.lower() for m in catalog.methods)
    found += [f"column head {head!r} is used {n} times" for head, n in heads.items() if n > 1]
    found += [f"column head {m.head!r} reads as another word" for m in catalog.methods if m.head.upper() in {"AI"}]
    return catalog, found


def test_the_shipped_data_keeps_every_invariant() -> None:
    catalog, found = violations(shipped_data_dir())
    assert catalog.platforms and catalog.methods and catalog.claims
    assert not found, "the shipped data breaks its invariants:\n" + "\n".join(found)


def test_the_shipped_data_checks_clean_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "check", str(shipped_data_dir())]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK: {shipped_data_dir()}: ") and out.count("\n") == 1


PROOF_PLATFORM = """
[[platform]]
id = "proof_ai"
name = "Proof AI"
kind = "direct"
site = "https://proof.example"
operator = "Proof Labs"
summary = "A platform added in a test, to prove that data alone adds a row."
"""
PROOF_SOURCE = """
[[source]]
id = "proof_payments"
title = "Proof AI: payment methods"
publisher = "Proof Labs"
url = "https://proof.example/docs/payments"
kind = "official"
page_date = 2026-10-01
read_on = 2026-11-01
"""
PROOF_CLAIMS = """
[[claim]]
platform = "proof_ai"
method = "{first}"
status = "supported"
note = "Listed on the payment page."
source = "proof_payments"
basis = "stated"

[[claim]]
platform = "proof_ai"
method = "{second}"
status = "not_supported"
note = "Missing from the payment page's list."
source = "proof_payments"
basis = "inferred"
from_list = "the payment page's list of methods"
"""
PROOF_BILLING = """
[[billing]]
platform = "proof_ai"
model = "prepaid"
minimum = 5
currency = "USD"
note = "Prepaid balance, at least 5 USD."
source = "proof_payments"
"""
PROOF_REFUND = """
[[refund]]
platform = "proof_ai"
policy = "refundable"
window_days = 14
note = "Unused balance is refunded within 14 days."
source = "proof_payments"
"""


def test_a_new_platform_needs_only_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = loaded(shipped_data_dir())
    first, second = shipped.methods[0].id, shipped.methods[1].id
    copy = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), copy)
    for file, text in [
        ("platforms.toml", PROOF_PLATFORM),
        ("sources.toml", PROOF_SOURCE),
        ("claims.toml", PROOF_CLAIMS.format(first=first, second=second)),
        ("billing.toml", PROOF_BILLING),
        ("refunds.toml", PROOF_REFUND),
    ]:
        with (copy / file).open("a", encoding="utf-8") as handle:
            handle.write(text)

    # The same checks; the new platform adds no violation of its own (the shipped data's test reports its own).
    catalog, found = violations(copy)
    assert found == violations(shipped_data_dir())[1]
    assert len(catalog.platforms) == len(shipped.platforms) + 1
    assert catalog.refund_possible("proof_ai")

    assert main(["grid", "--data", str(copy), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == len(shipped.platforms) + 1
    [row] = [row for row in data["platforms"] if row["id"] == "proof_ai"]
    assert (row["name"], row["kind"], row["refund_possible"]) == ("Proof AI", "direct", True)
    assert row["cells"][first] == {
        "basis": "stated",
        "disputed": False,
        "resolved_for_country": False,
        "sources": ["proof_payments"],
        "status": "supported",
    }
    assert row["cells"][second]["status"] == "not_supported" and row["cells"][second]["basis"] == "inferred"
    others = [m.id for m in shipped.methods[2:]]
    assert all(row["cells"][m]["status"] == "unknown" for m in others)


# -- no data id is written into the code ---------------------------------------------------


def enum_values(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are members of an Enum: vocabulary, not data ids."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            (isinstance(base, ast.Name) and base.id.endswith("Enum"))
            or (isinstance(base, ast.Attribute) and base.attr.endswith("Enum"))
            for base in node.bases
        ):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                    found.add(id(statement.value))
    return found


def literal_ids(source: str, ids: set[str]) -> list[tuple[int, str]]:
    """(line, id) for every string literal in `source` that is exactly one of `ids`."""
    tree = ast.parse(source)
    vocabulary = enum_values(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in ids
        and id(node) not in vocabulary
    )


def test_the_scan_finds_a_hard_coded_id() -> None:
    code = (
        'class Kind(str, Enum):\n    CRYPTO = "crypto"\n\n'
        'def f(m):\n    return m.id == "visa" or m.kind == \'crypto\' or "visa card" in m.name\n'
    )
    assert literal_ids(code, {"visa", "crypto"}) == [(5, "crypto"), (5, "visa")]


def test_no_platform_or_method_id_is_written_in_the_code() -> None:
    catalog = loaded(shipped_data_dir())
    ids = {p.id for p in catalog.platforms} | {m.id for m in catalog.methods}
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 20
    found = [
        f"{path.relative_to(SRC)}:{line}: {value!r}"
        for path in files
        for line, value in literal_ids(path.read_text(encoding="utf-8"), ids)
    ]
    assert not found, "data ids written into the code:\n" + "\n".join(found)


# -- the model catalogue ----------------------------------------------------------------


def test_every_shipped_model_rule_matches_an_offering() -> None:
    """Against the price data the app ships with (genai-prices' own and prices.toml), never a fixture."""
    from cnai_pay import clock
    from cnai_pay.prices.sellers import offerings
    from cnai_pay.prices.table import load_price_table

    catalog = loaded(shipped_data_dir())
    table = load_price_table(catalog)
    assert table.origin.startswith("genai-prices") and table.as_of is not None
    assert catalog.models
    unmatched = [
        f"{model.id} on {offer.platform.id}"
        for model in catalog.models
        for offer in offerings(catalog, table, model, clock.today())
        # Unpriced only where the library does not cover the platform, and then with the reason.
        if offer.offer_id is None or (offer.quote is None and (offer.platform.prices_provider or not offer.unpriced))
    ]
    assert not unmatched, "rules matching nothing: " + ", ".join(unmatched)
    assert all(len(offerings(catalog, table, m, clock.today())) == len(m.offers) for m in catalog.models)
