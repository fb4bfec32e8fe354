"""A top-up's money: the budget with its fees, how amounts read, and the defaults the sources give.

Shared by the checklist and the route planner, so neither reaches into the other.
"""

from __future__ import annotations

from ..value_classes import frozen
from .catalog import Catalog
from .model import BillingFact, Fee

# The guide's advice is to test a platform with a small first top-up; used when no official minimum is known.
FALLBACK_AMOUNT = 5.0
FALLBACK_CURRENCY = "USD"


def budget(
    amount: float, fee_percent: float, fixed_fee: float = 0.0, fee_minimum: float = 0.0, unfloored: float = 0.0
) -> float:
    """What must be available on the card: the top-up plus the fees, rounded up to the cent.

    `fee_minimum` floors the part of `fee_percent` it belongs to; `unfloored` is the part it does
    not (another party's percentage on the same top-up).
    """
    floored = max(fee_percent - unfloored, 0.0)
    fees = max(amount * floored / 100, fee_minimum) + amount * unfloored / 100 + fixed_fee
    cents = -(-round((amount + fees) * 100, 6) // 1)  # ceil, tolerant of float noise
    return float(cents / 100)


def number(value: float) -> str:
    return f"{value:g}"


def money(value: float, currency: str) -> str:
    return f"{value:.2f} {currency}" if value != int(value) else f"{int(value)} {currency}"


def fees_text(
    fee_percent: float,
    fixed_fee: float,
    currency: str,
    fee_minimum: float = 0.0,
    stated: bool = True,
    unfloored: float = 0.0,
    unknown: tuple[str, ...] = (),
) -> str:
    """'5.5% (at least 0.80 USD) + 2% + 0.30 USD': each unit summed apart; where a party's fees are
    not stated, never a bare '0%' ('fees not stated', or '2% + platform fees not stated')."""
    if not stated and not fee_percent and not fixed_fee and not fee_minimum:
        return "fees not stated"
    if fee_minimum:
        text = f"{number(fee_percent - unfloored)}% (at least {money(fee_minimum, currency)})"
        text += f" + {number(unfloored)}%" if unfloored else ""
    else:
        text = f"{number(fee_percent)}%"
    text = f"{text} + {money(fixed_fee, currency)}" if fixed_fee else text
    return text if stated else f"{text} + {' and '.join(unknown) or 'other'} fees not stated"


def default_amount(catalog: Catalog, platform_id: str, method_id: str, country: str | None = None) -> tuple[float, str]:
    return amount_for(catalog.minimum_topup(platform_id, method_id, country))


def amount_for(minimum: BillingFact | None) -> tuple[float, str]:
    """The first top-up for an official minimum (`Catalog.minimum_topup`), else the guide's test amount."""
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
    """The percentage and fixed fee the sources give for this method, card provider and platform
    together, else 0 (see `fee_terms`)."""
    terms = fee_terms(catalog, platform_id, method_id, provider_id, currency, country)
    return terms.percent, terms.fixed


@frozen
class FeeTerms:
    """The fees a budget adds, and whether every party's side of them is known at all."""

    percent: float
    fixed: float
    # The smallest fee charged when the percentage comes to less (OpenRouter: 0.80 USD on cards).
    minimum: float
    # False when a party's fee for this top-up is not known: the budget is then a floor.
    stated: bool
    # The part of `percent` that `minimum` does not floor: another party's fee on the same top-up
    # (Wise's 2% beside OpenRouter's 5.5%, at least 0.80 USD).
    unfloored: float = 0.0
    # Whose fees are not known, in words ("platform", "Revolut's"); empty when `stated`.
    unknown: tuple[str, ...] = ()


@frozen
class _Party:
    percent: float
    fixed: float
    minimum: float


def _party_terms(fees: list[Fee], currency: str) -> _Party | None:
    """One party's charge on a top-up; None when part of it is in another currency (it cannot be counted).

    Several of a party's fees (Wise's 2% account funding and its 0.5% conversion per the guide) are
    sources' views of what it charges: the highest of each is taken, so the budget covers the worst
    case they describe.
    """
    if any(f.currency not in (None, currency) and (f.fixed or f.minimum) for f in fees):
        return None
    return _Party(
        max(f.percent for f in fees),
        max((f.fixed or 0.0 for f in fees), default=0.0),
        max((f.minimum or 0.0 for f in fees), default=0.0),
    )


def fee_terms(
    catalog: Catalog,
    platform_id: str,
    method_id: str,
    provider_id: str = "",
    currency: str = FALLBACK_CURRENCY,
    country: str | None = None,
) -> FeeTerms:
    """The fees on one top-up: the card issuer's and the platform's add up.

    The issuer's are a provider's fees (Wise's) or, failing those, fees on the method wherever it is
    used (a conversion fee on virtual cards); the platform's are those it charges at checkout.

    Percentages are summed, fixed parts are summed, and the two are never mixed. A party's minimum
    floors its own percentage only. Where two parties each have a minimum, the largest is applied as
    a floor and the others are added whole, so the budget is never short.
    """
    provider = next((p for p in catalog.providers if p.id == provider_id), None)
    fees = catalog.fees_for(platform_id, method_id, provider_id, country)
    return sum_fees(fees, currency, provider.name if provider is not None else "")


def sum_fees(fees: list[Fee], currency: str, provider_name: str = "") -> FeeTerms:
    """`fee_terms` on fees already chosen; `provider_name`: the user's card provider, if any."""
    groups: dict[str, list[Fee]] = {}
    for fee in fees:
        party = "platform" if fee.platform is not None else "issuer"
        groups.setdefault(party, []).append(fee)
    parties = {name: _party_terms(group, currency) for name, group in groups.items()}
    counted = [p for p in parties.values() if p is not None]
    floored = max((p for p in counted if p.minimum), key=lambda p: p.minimum, default=None)
    percent = sum(p.percent for p in counted)
    fixed = sum(p.fixed for p in counted) + sum(p.minimum for p in counted if p.minimum and p is not floored)
    # A party's fees in another currency cannot be counted in this one: they read as not stated.
    unknown = []
    if (provider_name and "issuer" not in parties) or ("issuer" in parties and parties["issuer"] is None):
        unknown.append(f"{provider_name}'s" if provider_name else "the card issuer's")
    # A provider's fee (Wise's conversion) says nothing of what the platform adds at checkout.
    if parties.get("platform") is None:
        unknown.append("platform")
    return FeeTerms(
        percent,
        fixed,
        floored.minimum if floored else 0.0,
        not unknown,
        percent - floored.percent if floored else 0.0,
        tuple(unknown),
    )
