"""Checks learnt from the third audit of the data: the kinds of error it found, caught at `data check`.

Each rule names one class of error: a fact from a product-only page that does
not name its product, a brand cell written from a page that names no brand, a
fee described in prose but missing as a fee, a source title carrying text
scraped from around the page, an expiry flag on a platform-level row whose
page is about one product. Plus the shape of the fields that express the fixes.
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import attrgetter
from typing import Any

from ..domain.model import MethodKind
from .problems import Problem
from .reader import UNREADABLE, Parsed

# A note saying, in the data's own words, that the page named no card brand.
_NO_BRAND = re.compile(
    r"brands? (is |was |are )?not (given|named)|names? no (card )?brands?|no brand is named|without naming a brand",
    re.IGNORECASE,
)
# A percentage in a sentence about a fee: "a card fee of 5.5%", "5% fee".
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_FEE_WORD = re.compile(r"\bfees?\b", re.IGNORECASE)
# What sites and trackers add around a page's own title.
_SCRAPED_TITLE = re.compile(
    r"\s[·|–—-]\s*(Issue #\d+|Pull Request #\d+|GitHub|Medium|Reddit|YouTube|Stack Overflow)\b"
    r"|\s·\s[\w.-]+/[\w.-]+\s*$"
    r"|\s[|·]\s*(Home|Blog|Docs|Help Cent(er|re))\s*$"
    r"|(…|\.\.\.|Read more|Continue reading)\s*$",
    re.IGNORECASE,
)
PRODUCT_TABLES = ("claim", "refund", "billing")


def _sources(parsed: Parsed) -> dict[str, Any]:
    return {s.id: s for s in parsed["source"].records}


def _check_targets(parsed: Parsed, problems: list[Problem], methods: dict[str, Any]) -> None:
    """A claim or fee names a method or kinds of method, never both, never neither."""
    rows = parsed["claim"]
    for at, claim in enumerate(rows.records):
        if (claim.method is None) == (claim.kind is None):
            problems.append(rows.problem(at, "method", "give either method or kind (a page naming no brand)"))
    rows = parsed["fee"]
    for at, fee in enumerate(rows.records):
        if (fee.method is None) == (not fee.kinds):
            problems.append(rows.problem(at, "method", "give either method or kinds (a fee on every card)"))
        if fee.minimum and not fee.currency:
            problems.append(rows.problem(at, "currency", "a minimum fee needs its currency"))
    if UNREADABLE in methods:
        return
    rows = parsed["provider_fact"]
    for at, fact in enumerate(rows.records):
        for network in fact.networks:
            method = methods.get(network)
            if method is None:
                problems.append(rows.problem(at, "networks", f"names unknown method {network!r}"))
            elif method.kind is not MethodKind.CARD_NETWORK:
                problems.append(rows.problem(at, "networks", f"{network!r} is not a card network"))


def _check_products(parsed: Parsed, problems: list[Problem]) -> None:
    sources = _sources(parsed)
    for table in PRODUCT_TABLES:
        rows = parsed[table]
        for at, item in enumerate(rows.records):
            source = sources.get(item.source)
            if source is None or source.product is None or item.product is not None:
                continue
            if table == "refund" and item.balance_expires is not None:
                problems.append(
                    rows.problem(
                        at,
                        "balance_expires",
                        f"an expiry flag on a platform-level row, but {source.id!r} is about {source.product} "
                        "only: name the product in `product`",
                    )
                )
            else:
                problems.append(
                    rows.problem(
                        at,
                        "product",
                        f"{source.id!r} is about {source.product} only: this {table} must name its product",
                    )
                )


def _check_brandless(parsed: Parsed, problems: list[Problem], methods: dict[str, Any]) -> None:
    # Thousands of claims share a few notes: each distinct note is searched once.
    says_no_brand: dict[str, bool] = {}
    rows = parsed["claim"]
    # (A methods file that cannot be read stands in as a method of None.)
    brands = {name for name, method in methods.items() if method and method.kind is MethodKind.CARD_NETWORK}
    claims = rows.records
    # Only the claims on a brand, picked out in C.
    for at in compress(count(), map(brands.__contains__, map(attrgetter("method"), claims))):
        claim = claims[at]
        found = says_no_brand.get(claim.note)
        if found is None:
            # Every wording the rule knows says "brand" (no other letters fold to its own).
            found = says_no_brand[claim.note] = (
                "brand" in claim.note.lower() and _NO_BRAND.search(claim.note) is not None
            )
        if found:
            problems.append(
                rows.problem(
                    at,
                    "method",
                    "the note says the page names no brand: put the claim on the kind "
                    '(kind = "card_network") so the cell shows it, not on one brand',
                )
            )


def _described_fees(parsed: Parsed) -> list[tuple[str, str, str, str, float]]:
    """(file, label, field, platform, percent) for each fee a note, rule or decline describes."""
    found: list[tuple[str, str, str, str, float]] = []
    # The percentages each distinct text gives (most notes repeat on thousands of entries).
    percents: dict[str, list[float]] = {}
    for table, fields in (
        ("card_rule", ("note",)),
        ("claim", ("note",)),
        ("billing", ("note",)),
        ("decline", ("reason",)),
    ):
        rows = parsed[table]
        for at, item in enumerate(rows.records):
            platform = getattr(item, "platform", None)
            if not platform:
                continue
            for field_name in fields:
                text = getattr(item, field_name)
                if "%" not in text:  # no percentage, whatever the words: most notes
                    continue
                given = percents.get(text)
                if given is None:
                    given = percents[text] = (
                        [float(m.group(1)) for m in _PERCENT.finditer(text)] if _FEE_WORD.search(text) else []
                    )
                found.extend((rows.file, str(rows.label(at)), field_name, platform, percent) for percent in given)
    return found


def _check_described_fees(parsed: Parsed, problems: list[Problem]) -> None:
    fees = parsed["fee"]
    for file, label, field_name, platform, percent in _described_fees(parsed):
        if not any(f.platform == platform and abs(f.percent - percent) < 1e-9 for f in fees.records):
            problems.append(
                Problem(
                    file,
                    label,
                    field_name,
                    f"describes a {percent:g}% fee on {platform!r} that no [[fee]] gives: "
                    "add it to fees.toml so budgets and routes count it",
                )
            )


def _check_titles(parsed: Parsed, problems: list[Problem]) -> None:
    rows = parsed["source"]
    for at, source in enumerate(rows.records):
        match = _SCRAPED_TITLE.search(source.title)
        if match:
            problems.append(
                rows.problem(
                    at,
                    "title",
                    f"ends with text scraped from around the page ({match.group(0).strip()!r}): "
                    "keep the page's own title",
                )
            )


def check_audit_rules(parsed: Parsed, problems: list[Problem], method_ids: set[str]) -> None:
    methods: dict[str, Any] = {m.id: m for m in parsed["method"].records}
    if UNREADABLE in method_ids:
        methods[UNREADABLE] = None
    _check_targets(parsed, problems, methods)
    _check_products(parsed, problems)
    _check_brandless(parsed, problems, methods)
    _check_described_fees(parsed, problems)
    _check_titles(parsed, problems)
