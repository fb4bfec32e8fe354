"""A top-up's money: the budget with its fees, how amounts read, and the defaults the sources give.

Shared by the checklist and the route planner, so neither reaches into the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog

# The guide's advice is to test a platform with a small first top-up; used when no official minimum is known.
FALLBACK_AMOUNT = 5.0
FALLBACK_CURRENCY = "USD"


def budget(amount: float, fee_percent: float, fixed_fee: float = 0.0, fee_minimum: float = 0.0) -> float:
    """What must be available on the card: the top-up plus the fees, rounded up to the cent."""
    total = amount + max(amount * fee_percent / 100, fee_minimum) + fixed_fee
    cents = -(-round(total * 100, 6) // 1)  # ceil, tolerant of float noise
    return float(cents / 100)


def number(value: float) -> str:
    return f"{value:g}"


def money(value: float, currency: str) -> str:
    return f"{value:.2f} {currency}" if value != int(value) else f"{int(value)} {currency}"


def fees_text(
    fee_percent: float, fixed_fee: float, currency: str, fee_minimum: float = 0.0, stated: bool = True
) -> str:
    """'5.5% (at least 0.80 USD)'; where the platform's fees are not stated, never a bare '0%'."""
    if not stated and not fee_percent and not fixed_fee:
        return "fees not stated"
    text = f"{number(fee_percent)}%"
    if fee_minimum:
        text += f" (at least {money(fee_minimum, currency)})"
    text = f"{text} + {money(fixed_fee, currency)}" if fixed_fee else text
    return text if stated else text + " + platform fees not stated"


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
    terms = fee_terms(catalog, platform_id, method_id, provider_id, currency, country)
    return terms.percent, terms.fixed


@dataclass(frozen=True)
class FeeTerms:
    """The fees a budget adds, and whether the platform's side of them is known at all."""

    percent: float
    fixed: float
    # The smallest fee charged when the percentage comes to less (OpenRouter: 0.80 USD on cards).
    minimum: float
    # False when no source gives the platform's own fee for this method: the budget is a floor.
    stated: bool


def fee_terms(
    catalog: Catalog,
    platform_id: str,
    method_id: str,
    provider_id: str = "",
    currency: str = FALLBACK_CURRENCY,
    country: str | None = None,
) -> FeeTerms:
    fees = catalog.fees_for(platform_id, method_id, provider_id, country)
    percent = max((f.percent for f in fees), default=0.0)
    # A fixed part or a minimum only counts in the checklist's own currency.
    fixed = max((f.fixed for f in fees if f.fixed and f.currency in (None, currency)), default=0.0)
    minimum = max((f.minimum for f in fees if f.minimum and f.currency in (None, currency)), default=0.0)
    # A provider's fee (Wise's conversion) says nothing of what the platform adds at checkout.
    stated = any(f.provider is None for f in fees)
    return FeeTerms(percent, fixed, minimum, stated)
