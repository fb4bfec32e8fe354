"""Checks on the model catalogue and our own prices: known platforms and sources, one model per
alias, and rules that name something to match.

Rules on platforms the price library covers are checked against the library's data by
`cnai_pay.prices.checks` (in `data check` only: loading that data is slow).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.model_names import normalised
from .problems import Problem
from .reader import UNREADABLE, Parsed


def _known(parsed: Parsed, table: str, ids: dict[str, set[str]]) -> set[str]:
    return ids.get(table) or {item.id for item in parsed[table].records}


def _check_catalogue(parsed: Parsed, problems: list[Problem], platforms: set[str]) -> None:
    sources = {s.id for s in parsed["price_source"].records}
    seen_ids: set[str] = set()
    names: dict[str, str] = {}
    rows = parsed["model"]
    for at, model in enumerate(rows.records):
        if model.id in seen_ids:
            problems.append(rows.problem(at, "id", f"duplicate id {model.id!r}"))
        seen_ids.add(model.id)
        own: set[str] = set()
        for name in (model.id, model.name, *model.aliases):
            key = normalised(name)
            owner = names.get(key)
            if owner is not None and owner != model.id:
                problems.append(rows.problem(at, "aliases", f"{name!r} already names model {owner!r}"))
            elif key in own and name in model.aliases:
                problems.append(rows.problem(at, "aliases", f"{name!r} is given twice"))
            names.setdefault(key, model.id)
            own.add(key)
        ruled: set[str] = set()
        for rule in model.offers:
            if rule.source is not None and rule.source not in sources:
                problems.append(rows.problem(at, "offers", f"names unknown price_source {rule.source!r}"))
            if UNREADABLE not in platforms and rule.platform not in platforms:
                problems.append(rows.problem(at, "offers", f"names unknown platform {rule.platform!r}"))
            if rule.platform in ruled:
                problems.append(rows.problem(at, "offers", f"a second rule for platform {rule.platform!r}"))
            ruled.add(rule.platform)


def _check_own_prices(parsed: Parsed, problems: list[Problem], platforms: set[str], today: dt.date) -> None:
    sources = {s.id for s in parsed["price_source"].records}
    rows = parsed["price_source"]
    for at, source in enumerate(rows.records):
        if source.read_on > today:
            problems.append(rows.problem(at, "read_on", f"is in the future (today is {today.isoformat()})"))
        if source.dated and source.dated > source.read_on:
            problems.append(rows.problem(at, "page_date", "is after the date the page was read"))
    seen: set[tuple[str, str]] = set()
    rows = parsed["price"]
    for at, price in enumerate(rows.records):
        if UNREADABLE not in platforms and price.platform not in platforms:
            problems.append(rows.problem(at, "platform", f"names unknown platform {price.platform!r}"))
        if price.source not in sources:
            problems.append(rows.problem(at, "source", f"names unknown price_source {price.source!r}"))
        key = (price.platform, price.offer.lower())
        if key in seen:
            problems.append(rows.problem(at, "offer", "a second price for this offering"))
        seen.add(key)
        starts = [tier.from_tokens for tier in price.tiers]
        if starts != sorted(set(starts)):
            problems.append(rows.problem(at, "tiers", "must start at growing token counts"))
    rows = parsed["price_data"]
    for at, data in enumerate(rows.records):
        if data.source not in sources:
            problems.append(rows.problem(at, "source", f"names unknown price_source {data.source!r}"))
        if data.as_of > today:
            problems.append(rows.problem(at, "as_of", f"is in the future (today is {today.isoformat()})"))


def _check_rules_have_prices(parsed: Parsed, problems: list[Problem]) -> None:
    """A rule on a platform the library does not cover must name one of our own prices."""
    valid = {p.id: p for p in parsed["platform"].records}
    own = {(p.platform, p.offer.lower()) for p in parsed["price"].records}
    rows = parsed["model"]
    for at, model in enumerate(rows.records):
        for rule in model.offers:
            platform = valid.get(rule.platform)
            # An unknown or invalid platform is reported once, above or by its own entry.
            if platform is None or platform.prices_provider:
                continue
            # Without a price, the rule says where the platform lists the model and why no price is known.
            if not any((rule.platform, offer.lower()) in own for offer in rule.ids) and not (
                rule.source and rule.price_note
            ):
                problems.append(
                    rows.problem(
                        at,
                        "offers",
                        f"the rule for {rule.platform!r} matches nothing in the price data "
                        f"(no price in prices.toml for {', '.join(rule.ids)}); give the page that lists it "
                        "as `source` and why its price is not known as `price_note`",
                    )
                )


def check_models(
    parsed: Parsed, problems: list[Problem], ids: dict[str, Any], today: dt.date, prices_read: bool = True
) -> None:
    """`prices_read`: False when prices.toml could not be read (its one problem is enough)."""
    platforms = _known(parsed, "platform", ids)
    _check_catalogue(parsed, problems, platforms)
    _check_own_prices(parsed, problems, platforms, today)
    if prices_read:
        _check_rules_have_prices(parsed, problems)
