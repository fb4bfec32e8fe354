"""Checks across entries and files: ids, references, dates, regions, lists and step templates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import compress, count
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

from .. import clock
from ..domain.conditions import ConditionError, parse_condition, template_problems
from ..domain.model import Basis
from ..domain.regions import is_known
from .addresses import check_addresses
from .audit_rules import check_audit_rules
from .model_checks import check_models
from .problems import Problem
from .reader import UNREADABLE, Parsed, Rows

ID_TABLES = ("platform", "method", "source", "provider", "fee", "decline", "step")
# (table, field, target table, may be empty)
REFERENCES = [
    *(
        (t, "platform", "platform", t in ("fee", "decline"))
        for t in ("claim", "refund", "billing", "card_rule", "fee", "decline")
    ),
    # A claim or fee may name a kind of method instead (a page that names no brand).
    *(
        (t, "method", "method", t in ("billing", "decline", "claim", "fee"))
        for t in ("claim", "billing", "fee", "decline", "provider")
    ),
    *(
        (t, "source", "source", False)
        for t in ("claim", "refund", "billing", "card_rule", "fee", "provider_fact", "decline")
    ),
    ("step", "source", "source", True),
    ("platform", "source", "source", True),
    ("fee", "provider", "provider", True),
    ("provider_fact", "provider", "provider", False),
]
SCOPED_TABLES = ("claim", "billing", "card_rule", "fee", "provider_fact")


def _ids(parsed: Parsed, problems: list[Problem], invalid_ids: dict[str, set[str]]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for table in ID_TABLES:
        seen: set[str] = set()
        rows = parsed[table]
        for at, item in enumerate(rows.records):
            if item.id in seen:
                problems.append(rows.problem(at, "id", f"duplicate id {item.id!r}"))
            seen.add(item.id)
        ids[table] = seen | invalid_ids[table]
    return ids


def _check_links(
    parsed: Parsed, problems: list[Problem], ids: dict[str, set[str]], invalid_ids: dict[str, set[str]]
) -> None:
    """Every reference names an existing entry; references to entries that failed are counted once."""
    knock_on: Counter[str] = Counter()
    for table, field_name, target, optional in REFERENCES:
        if UNREADABLE in ids[target]:
            continue
        rows = parsed[table]
        # The distinct values first, in C: at 10,000 platforms a per-entry loop took most of a second.
        values = set(map(attrgetter(field_name), rows.records))
        if optional:
            values.discard(None)
        if values <= ids[target] and values.isdisjoint(invalid_ids[target]):
            continue  # every reference is to a valid entry: nothing to report
        for at, item in enumerate(rows.records):
            value = getattr(item, field_name)
            if value is None and optional:
                continue
            if value in invalid_ids[target]:
                knock_on[f"{target} {value!r}"] += 1
            elif value not in ids[target]:
                known = ", ".join(sorted(ids[target])) or "none"
                problems.append(rows.problem(at, field_name, f"names unknown {target} {value!r} (known: {known})"))
    if knock_on:
        names = ", ".join(f"{name} ({times}×)" for name, times in sorted(knock_on.items()))
        problems.append(Problem("(references)", "", "", f"not checked, since the entry failed above: {names}"))


def _check_claims(parsed: Parsed, problems: list[Problem], ids: dict[str, set[str]]) -> None:
    sources = {s.id: s for s in parsed["source"].records if s.covers is not None}
    if _claims_may_fail(parsed["claim"]):
        _check_each_claim(parsed, problems)
    if not sources:
        return  # only a source with `covers` can be cited for a platform it does not cover
    for table in ("claim", "refund", "billing", "card_rule", "fee", "provider_fact", "decline"):
        rows = parsed[table]
        # Only the entries citing such a source, picked out in C.
        citing = map(sources.__contains__, map(attrgetter("source"), rows.records))
        for at in compress(count(), citing):
            item = rows.records[at]
            source = sources.get(item.source)
            platform = getattr(item, "platform", None)
            # An unknown platform is reported once, by the link check, not again here.
            if (
                source is not None
                and source.covers is not None
                and platform
                and platform not in source.covers
                and platform in ids["platform"]
            ):
                problems.append(
                    rows.problem(
                        at,
                        "source",
                        f"{source.id!r} does not cover platform {platform!r} "
                        f"(it covers: {', '.join(source.covers) or 'none'})",
                    )
                )


def _claims_may_fail(rows: Rows) -> bool:
    """False when no claim can fail `_check_each_claim`: its checks on whole columns, in C."""
    claims = rows.records
    # Every cell's hash distinct means every cell distinct; a shared hash (a second claim for the
    # cell, or rarely two cells) is settled by the exact check. A set of ints, not of millions of tuples.
    cells = zip(
        map(attrgetter("platform"), claims), map(attrgetter("method"), claims), map(attrgetter("source"), claims)
    )
    if len(set(map(hash, cells))) != len(claims):
        return True
    pairs = set(zip(map(attrgetter("basis"), claims), map(bool, map(attrgetter("from_list"), claims))))
    if any((basis is Basis.INFERRED) != listed for basis, listed in pairs):
        return True
    return any(claim.outside is not None and not claim.scoped for claim in claims if claim.outside is not None)


def _check_each_claim(parsed: Parsed, problems: list[Problem]) -> None:
    seen: set[tuple[str, str, str]] = set()
    rows = parsed["claim"]
    for at, claim in enumerate(rows.records):
        key = (claim.platform, claim.method, claim.source)
        if key in seen:
            problems.append(rows.problem(at, "source", "a second claim from the same source for this cell"))
        seen.add(key)
        if claim.basis is Basis.INFERRED and not claim.from_list:
            problems.append(rows.problem(at, "from_list", "an inferred claim must name the list it rests on"))
        if claim.from_list and claim.basis is not Basis.INFERRED:
            problems.append(rows.problem(at, "from_list", "only an inferred claim names a list"))
        if claim.outside is not None and not claim.scoped:
            problems.append(rows.problem(at, "outside", "needs regions or except_regions to be outside of"))


def _check_sources(parsed: Parsed, problems: list[Problem], today: dt.date) -> None:
    rows = parsed["source"]
    for at, source in enumerate(rows.records):
        if source.dated and source.dated > source.read_on:
            problems.append(rows.problem(at, "page_date", "is after the date the page was read"))
        if source.read_on > today:
            problems.append(rows.problem(at, "read_on", f"is in the future (today is {today.isoformat()})"))
        parts = urlsplit(source.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(rows.problem(at, "url", "must be a full http(s) address"))
        elif parts.path in ("", "/") and not parts.query and not parts.fragment and not source.front_page:
            problems.append(
                rows.problem(
                    at,
                    "url",
                    "is a bare domain or front page; cite the page itself "
                    "(or set front_page = true and say why in the note)",
                )
            )
        if source.front_page and not source.note:
            problems.append(rows.problem(at, "note", "must say why only the front page can be cited"))
    rows = parsed["dataset"]
    for at, dataset in enumerate(rows.records):
        if dataset.as_of > today:
            problems.append(rows.problem(at, "as_of", f"is in the future (today is {today.isoformat()})"))


def _check_regions(parsed: Parsed, problems: list[Problem]) -> None:
    for table in SCOPED_TABLES:
        rows = parsed[table]
        # A few distinct scopes repeat on thousands of facts: each is checked once.
        scopes = set(map(attrgetter("regions", "except_regions"), rows.records))
        if all(not (a and b) and all(map(is_known, a + b)) for a, b in scopes):
            continue
        for at, item in enumerate(rows.records):
            if item.regions and item.except_regions:
                problems.append(rows.problem(at, "regions", "give regions or except_regions, not both"))
            for field_name in ("regions", "except_regions"):
                wrong = [code for code in getattr(item, field_name) if not is_known(code)]
                if wrong:
                    problems.append(
                        rows.problem(
                            at,
                            field_name,
                            f"{', '.join(map(repr, wrong))} is not an ISO 3166 country code or a known group (EU, EEA)",
                        )
                    )


def _check_steps(parsed: Parsed, problems: list[Problem], ids: dict[str, set[str]]) -> None:
    rows = parsed["step"]
    for at, step in enumerate(rows.records):
        for message in template_problems(step.text):
            problems.append(rows.problem(at, "text", message))
        for text in step.when:
            try:
                condition = parse_condition(text)
            except ConditionError as exc:
                problems.append(rows.problem(at, "when", str(exc)))
                continue
            if condition.name == "method" and UNREADABLE not in ids["method"]:
                unknown = [v for v in condition.values if v not in ids["method"]]
                if unknown:
                    names = ", ".join(map(repr, unknown))
                    problems.append(rows.problem(at, "when", f"names unknown method {names}"))


def check_references(
    parsed: Parsed, problems: list[Problem], invalid_ids: dict[str, set[str]], today: dt.date | None = None
) -> None:
    today = today or clock.today()
    ids = _ids(parsed, problems, invalid_ids)
    _check_links(parsed, problems, ids, invalid_ids)
    _check_claims(parsed, problems, ids)
    _check_sources(parsed, problems, today)
    _check_regions(parsed, problems)
    _check_steps(parsed, problems, ids)
    check_addresses(parsed, problems)
    check_models(parsed, problems, ids, today, prices_read=UNREADABLE not in invalid_ids["price"])
    check_audit_rules(parsed, problems, ids["method"])


def items(parsed: Parsed, table: str) -> list[Any]:
    return parsed[table].records
