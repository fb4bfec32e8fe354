"""A top-up's money: the budget with its fees, how amounts read, and the defaults the sources give.

Shared by the checklist and the route planner, so neither reaches into the other.
"""

from __future__ import annotations

from .catalog import Catalog

# The guide's advice is to test a platform with a small first top-up; used when no official minimum is known.
FALLBACK_AMOUNT = 5.0
FALLBACK_CURRENCY = "USD"


def budget(amount: float, fee_percent: float, fixed_fee: float = 0.0) -> float:
    """What must be available on the card: the top-up plus the fees, rounded up to the cent."""
    total = amount * (1 + fee_percent / 100) + fixed_fee
    cents = -(-round(total * 100, 6) // 1)  # ceil, tolerant of float noise
    return float(cents / 100)


def number(value: float) -> str:
    return f"{value:g}"


def money(value: float, currency: str) -> str:
    return f"{value:.2f} {currency}" if value != int(value) else f"{int(value)} {currency}"


def fees_text(fee_percent: float, fixed_fee: float, currency: str) -> str:
    text = f"{number(fee_percent)}%"
    return f"{text} + {money(fixed_fee, currency)}" if fixed_fee else text


def default_amount(catalog: Catalog, platform_id: str, method_id: str, country: str | None = None) -> tuple[float, str]:
    minimum = catalog.minimum_topup(platform_id, method_id, country)
    if minimum is not None and minimum.minimum:
        return float(minimum.minimum), minimum.currency or FALLBACK_CURRENCY
    return FALLBACK_AMOUNT, FALLBACK_CURRENCY


def default_fees(
    catalog: Catalog,
    platform_id: str,
    method_id: str,
    provider_id: str = "",
    currency: str = FALLBACK_CURRENCY,
    country: str | None = None,
) -> tuple[float, float]:
    """The highest percentage and fixed fee the sources give for this method, card provider and
    platform, else 0. Highest, because the budget must cover the worst case they describe.
    """
    fees = catalog.fees_for(platform_id, method_id, provider_id, country)
    percent = max((f.percent for f in fees), default=0.0)
    # A fixed part only counts in the checklist's own currency.
    fixed = max((f.fixed for f in fees if f.fixed and f.currency in (None, currency)), default=0.0)
    return percent, fixed
