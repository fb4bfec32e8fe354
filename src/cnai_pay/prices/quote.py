"""A price per million tokens for one offering, as the user should read it.

Tiers (a dearer rate once a request's input passes a size), prices that apply only at certain
hours (DeepSeek's off-peak discount, peak surcharges) and cached-input prices are kept apart
from the plain price, so none of them is ever shown as if it were the plain price.
"""

from __future__ import annotations

import datetime as dt

from ..domain.offers import OwnPrice
from ..value_classes import frozen

STALE_PRICE_DAYS = 90
MINUTES_A_DAY = 24 * 60


@frozen
class Rate:
    """USD per million tokens; `tiers`: (from this many input tokens in a request, the rate then)."""

    base: float
    tiers: tuple[tuple[int, float], ...] = ()

    @property
    def text(self) -> str:
        return money(self.base) + ("+" if self.tiers else "")


@frozen
class HoursPrice:
    """A price that applies in a daily window instead of the main one."""

    window: str
    input: Rate | None
    output: Rate | None
    cached_input: Rate | None
    cheaper: bool

    @property
    def text(self) -> str:
        what = "off-peak" if self.cheaper else "peak"
        return f"{what} {self.window}: {pair_text(self.input, self.output)}"


@frozen
class Quote:
    input: Rate | None
    output: Rate | None
    cached_input: Rate | None
    # Where the price comes from (library data or a source's title), its address and date.
    origin: str
    url: str
    as_of: dt.date | None
    basis: str
    # The hours the main price is for, when other hours have their own price.
    main_hours: str = ""
    at_hours: tuple[HoursPrice, ...] = ()
    note: str = ""
    # A price the source lists with a start date still ahead.
    upcoming: str = ""

    @property
    def free(self) -> bool:
        return self.input is not None and self.output is not None and self.input.base == 0 == self.output.base

    @property
    def tiered(self) -> bool:
        return any(r is not None and r.tiers for r in (self.input, self.output, self.cached_input))

    def cost(self, input_millions: float, output_millions: float) -> float | None:
        """What the mix costs at the main, first-tier rates; None when either rate is unknown."""
        if self.input is None or self.output is None:
            return None
        return self.input.base * input_millions + self.output.base * output_millions

    def age_days(self, today: dt.date) -> int | None:
        return (today - self.as_of).days if self.as_of else None

    def stale(self, today: dt.date) -> bool:
        age = self.age_days(today)
        return age is None or age > STALE_PRICE_DAYS

    def age_text(self, today: dt.date) -> str:
        age = self.age_days(today)
        if age is None or self.as_of is None:
            return "date unknown"
        if age < 0:  # dated after the day shown (a fixed day in screenshots and tests)
            return self.as_of.isoformat()
        text = f"{self.as_of.isoformat()} ({age} day{'s' if age != 1 else ''} old)"
        return text + (f", stale: older than {STALE_PRICE_DAYS} days" if age > STALE_PRICE_DAYS else "")

    def details(self) -> list[str]:
        """Everything beyond the plain price, one short line each."""
        lines: list[str] = []
        if self.main_hours:
            lines.append(f"main price {self.main_hours}")
        lines.extend(h.text for h in self.at_hours)
        for label, rate in (("input", self.input), ("output", self.output), ("cached input", self.cached_input)):
            if rate is not None and rate.tiers:
                steps = ", ".join(f"{money(price)} from {_tokens(start)}" for start, price in rate.tiers)
                lines.append(
                    f"{label} tiered by request size: {money(rate.base)} up to {_tokens(rate.tiers[0][0])}, {steps}"
                )
        if self.upcoming:
            lines.append(self.upcoming)
        if self.note:
            lines.append(self.note)
        return lines


def money(value: float) -> str:
    """USD per million tokens with every digit that matters: 0.135 stays 0.135, 6 reads 6.00."""
    # A price too small for four decimals is still a price: never shown as 0.00, which reads as free.
    if 0 < value < 0.00005:
        return "<0.0001"
    # + 0.0: a -0.0 in the data reads 0.00, not -0.00.
    whole, _, decimals = f"{value + 0.0:.4f}".partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}"


def _tokens(count: int) -> str:
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}M tokens"
    return f"{count // 1000}K tokens" if count >= 1000 else f"{count} tokens"


def pair_text(input_rate: Rate | None, output_rate: Rate | None) -> str:
    return f"{input_rate.text if input_rate else '?'} in / {output_rate.text if output_rate else '?'} out"


# -- from our own data ---------------------------------------------------------


def own_quote(price: OwnPrice, origin: str, url: str, as_of: dt.date | None, basis: str) -> Quote:
    def rate(base: float | None, pick: str) -> Rate | None:
        if base is None:
            return None
        tiers = tuple((t.from_tokens, getattr(t, pick) + 0.0) for t in price.tiers if getattr(t, pick) is not None)
        # + 0.0: a -0.0 in the data is 0 in every output, JSON included, not only on screen.
        return Rate(base + 0.0, tiers)

    return Quote(
        rate(price.input, "input"),
        rate(price.output, "output"),
        rate(price.cached_input, "cached_input"),
        origin,
        url,
        as_of,
        basis,
        note=price.note or "",
    )
