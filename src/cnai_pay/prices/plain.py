"""The part of genai-prices' data the app uses, as plain records (ids, match rules, rates, dates),
and the price they give for a day.

Importing the library's data takes about half a second (its types pull in pydantic and httpx),
so the records are taken from it once and kept as plain JSON (prices/extract.py). The match
rule is kept in the library's own JSON shape (`{"or": [{"equals": ...}, ...]}`) and evaluated
here with the library's semantics; tests/test_price_extract.py checks every answer against
the library on the fixture table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from typing import Any

from ..domain.model import AMOUNT_MAX
from ..loading import cache
from ..text import clean_text
from ..value_classes import frozen
from .quote import MINUTES_A_DAY, HoursPrice, Quote, Rate, pair_text


class MatchRuleError(ValueError):
    """A match rule in a shape the library does not write."""


class PriceOutOfBounds(ValueError):
    """A price that is not finite, negative or above MAX_RATE; the message is one line for the user."""


@frozen(slots=True)
class PlainPrice:
    """USD per million tokens, as the library lists them for one period of time."""

    input: Rate | None
    output: Rate | None
    cached_input: Rate | None


@frozen(slots=True)
class PlainCondition:
    """A price and when it holds: from a day on, or in a daily window (`HH:MM` UTC); else always."""

    prices: PlainPrice
    start_date: dt.date | None = None
    start_time: str | None = None
    end_time: str | None = None

    @property
    def window(self) -> bool:
        return self.start_time is not None and self.end_time is not None


@frozen(slots=True)
class PlainModel:
    id: str
    # The library's match rule as JSON text: read only when an id is not found as it is.
    match: str
    # The conditions as JSON text in the catalogue cache's format: of the two thousand models
    # only the few shown are rebuilt into records, which is what keeps reading an extract fast.
    prices: str

    def is_match(self, model_ref: str) -> bool:
        """The library's ModelInfo.is_match: the rule applied to the id in lower case."""
        try:
            rule = json.loads(self.match)
        except ValueError:
            raise MatchRuleError(f"the match rule of {self.id!r} is not JSON") from None
        return clause_matches(rule, model_ref.lower())

    @property
    def conditions(self) -> tuple[PlainCondition, ...]:
        """The prices and when each holds; ValueError when the text is not such a list."""
        try:
            rows = json.loads(self.prices)
            if not isinstance(rows, list):
                raise ValueError("not a list")
            decode = cache._record_decoder(PlainCondition)
            conditions = tuple(decode(row) for row in rows)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError) as exc:
            raise ValueError(f"the prices of {self.id!r} cannot be read ({exc})") from None
        if not all(_well_formed(c) for c in conditions):
            raise ValueError(f"the prices of {self.id!r} are not numbers")
        return conditions


def _well_formed(condition: PlainCondition) -> bool:
    """The values a price is read from are of their types (the format rebuilds shapes, not types)."""
    prices = condition.prices
    for rate in (prices.input, prices.output, prices.cached_input):
        if rate is not None and not (_number(rate.base) and all(_number(s) and _number(p) for s, p in rate.tiers)):
            return False
    times = (condition.start_time, condition.end_time)
    return all(t is None or (isinstance(t, str) and _HHMM.fullmatch(t)) for t in times)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_HHMM = re.compile(r"[0-2][0-9]:[0-5][0-9]")


@frozen(slots=True)
class PlainProvider:
    id: str
    pricing_urls: tuple[str, ...]
    models: tuple[PlainModel, ...]


def clause_matches(clause: Any, text: str) -> bool:
    """One clause of the library's match logic (genai_prices.types.Clause*), with its semantics."""
    if not isinstance(clause, dict) or len(clause) != 1:
        raise MatchRuleError("a match clause is not an object with one key")
    [(kind, value)] = clause.items()
    if kind in ("or", "and"):
        if not isinstance(value, list):
            raise MatchRuleError(f"a match clause {kind!r} does not hold a list")
        results = (clause_matches(part, text) for part in value)
        return any(results) if kind == "or" else all(results)
    if not isinstance(value, str):
        raise MatchRuleError(f"a match clause {kind!r} does not hold text")
    if kind == "equals":
        return text.lower() == value.lower()
    if kind == "starts_with":
        return text.lower().startswith(value.lower())
    if kind == "ends_with":
        return text.lower().endswith(value.lower())
    if kind == "contains":
        return value.lower() in text.lower()
    if kind == "regex":
        return bool(re.search(value, text))
    raise MatchRuleError(f"unknown match clause {kind!r}")


# -- the price shown: the library's rule for which price holds, from the records -------


def _window(condition: PlainCondition) -> tuple[str, int]:
    start, end = condition.start_time or "00:00", condition.end_time or "00:00"
    minutes = _minutes(end) - _minutes(start)
    return f"{start}–{end} UTC", minutes % MINUTES_A_DAY


def _minutes(hhmm: str) -> int:
    hours, _, minutes = hhmm.partition(":")
    return int(hours) * 60 + int(minutes)


def _rates(price: PlainPrice) -> tuple[Rate | None, Rate | None, Rate | None]:
    return price.input, price.output, price.cached_input


def library_quote(model: PlainModel, origin: str, url: str, as_of: dt.date | None, today: dt.date) -> Quote:
    """The price genai-prices gives for `today`, its windows and tiers kept apart."""
    conditions = model.conditions
    if not conditions:  # the library lists the model with no price at all
        return Quote(None, None, None, origin, url, as_of, "second-hand")
    windows: list[tuple[str, int, PlainPrice]] = []
    upcoming = ""
    # The library's rule: the last price whose condition holds wins, else the first.
    base = conditions[0].prices
    for condition in conditions:
        if condition.start_date is not None:
            if condition.start_date <= today:
                base = condition.prices
            else:
                upcoming = f"from {condition.start_date.isoformat()}: {pair_text(*_rates(condition.prices)[:2])}"
        elif condition.window:
            text, minutes = _window(condition)
            windows.append((text, minutes, condition.prices))
        else:
            base = condition.prices
    main = base
    main_hours = ""
    others: list[tuple[str, PlainPrice]] = [(text, p) for text, _, p in windows]
    window_minutes = sum(minutes for _, minutes, _ in windows)
    if windows and len(windows) == 1 and window_minutes > MINUTES_A_DAY / 2:
        # The window covers most of the day: its price is the main one, the rest of the day the other.
        text, _, main = windows[0]
        main_hours = text
        others = [(f"outside {text}", base)]
    elif windows:
        main_hours = "outside " + ", ".join(text for text, _, _ in windows)
    main_input, main_output, main_cached = _rates(main)
    at_hours = []
    for text, other in others:
        other_input, other_output, other_cached = _rates(other)
        cheaper = bool(other_input and main_input and other_input.base < main_input.base)
        at_hours.append(HoursPrice(text, other_input, other_output, other_cached, cheaper))
    return Quote(
        main_input,
        main_output,
        main_cached,
        origin,
        url,
        as_of,
        # The package copies each provider's pricing page: second-hand, like LiteLLM's table.
        "second-hand",
        main_hours=main_hours,
        at_hours=tuple(at_hours),
        # The library's own comments are its maintainers' prose, not shown as ours.
        upcoming=upcoming,
    )


# -- from the library's own types (only where the library is imported anyway) ----------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _clause_json(clause: Any) -> Any:
    # Every clause type has one field; `or_`/`and_` are "or"/"and" in the library's JSON.
    name = dataclasses.fields(clause)[0].name
    value = getattr(clause, name)
    key = name.rstrip("_")
    return {key: [_clause_json(part) for part in value] if isinstance(value, list) else value}


# The bounds prices.toml's own prices keep (domain/model.py's Amount), for fetched data too.
MAX_RATE = float(AMOUNT_MAX)


def _amount(value: Any) -> float:
    """A rate as a float, refused unless finite and between 0 and MAX_RATE (the validator allows 1e308, -5)."""
    number = float(value)
    if not (math.isfinite(number) and 0 <= number <= MAX_RATE):
        raise PriceOutOfBounds(f"the price data is not valid: a price of {number!r} USD per million tokens")
    return number + 0.0  # -0.0 reads as 0


def _rate(value: Any) -> Rate | None:
    if value is None:
        return None
    tiers = getattr(value, "tiers", None)
    if tiers is not None:
        return Rate(_amount(value.base), tuple((int(t.start), _amount(t.price)) for t in tiers))
    return Rate(_amount(value))


def _price(model_price: Any) -> PlainPrice:
    return PlainPrice(
        _rate(getattr(model_price, "input_mtok", None)),
        _rate(getattr(model_price, "output_mtok", None)),
        _rate(getattr(model_price, "cache_read_mtok", None)),
    )


def _utc_hhmm(value: dt.time) -> str:
    if value.tzinfo is not None:
        value = dt.datetime.combine(dt.date(1970, 1, 1), value).astimezone(dt.UTC).time()
    return f"{value:%H:%M}"


def _condition(conditional: Any) -> PlainCondition:
    from genai_prices import types

    constraint = conditional.constraint
    prices = _price(conditional.prices)
    if isinstance(constraint, types.StartDateConstraint):
        return PlainCondition(prices, start_date=constraint.start_date)
    if isinstance(constraint, types.TimeOfDateConstraint):
        return PlainCondition(
            prices, start_time=_utc_hhmm(constraint.start_time), end_time=_utc_hhmm(constraint.end_time)
        )
    return PlainCondition(prices)


def from_library(provider: Any) -> PlainProvider:
    """A genai_prices.types.Provider as plain records; a single price is one condition that always holds."""
    from genai_prices import types

    encode = cache._record_encoder(PlainCondition)
    models = []
    for model in provider.models:
        if isinstance(model.prices, types.ModelPrice):
            conditions: tuple[PlainCondition, ...] = (PlainCondition(_price(model.prices)),)
        else:
            conditions = tuple(_condition(c) for c in model.prices)
        match = _json(_clause_json(model.match))
        models.append(PlainModel(clean_text(model.id), match, _json([encode(c) for c in conditions])))
    # Fetched or planted data is not ours: its ids and addresses are printed, so never raw.
    urls = tuple(clean_text(url) for url in provider.pricing_urls or ())
    return PlainProvider(clean_text(provider.id), urls, tuple(models))
