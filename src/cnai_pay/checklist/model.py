"""The checklist itself: steps, budget and the rules for amounts, shared by the app and the CLI."""

from __future__ import annotations

import datetime as dt
import math
import re

from .. import clock
from ..domain.topup import budget, fees_text, money
from ..errors import ChecklistError as ChecklistError
from ..errors import ExportError as ExportError
from ..errors import NewerSchemaError as NewerSchemaError
from ..text import quoted
from ..value_classes import mutable

SCHEMA_VERSION = 2
# Large enough for any first top-up, small enough that the arithmetic stays exact.
MAX_AMOUNT = 1_000_000.0
MAX_STEPS = 100
MAX_NOTE = 2_000
MAX_TEXT = 1_000
MAX_STEP_SOURCES = 50


@mutable
class Step:
    id: str
    text: str
    done: bool = False
    note: str = ""
    warning: bool = False
    sources: tuple[str, ...] = ()


OUTCOMES = ("worked", "declined")


@mutable
class Outcome:
    """How the first top-up went, dated: could become a user report in the data."""

    result: str  # one of OUTCOMES
    recorded: dt.datetime
    reason: str = ""  # a troubleshooting id, when declined
    note: str = ""


@mutable
class Checklist:
    platform_id: str
    platform_name: str
    method_id: str
    method_name: str
    amount: float
    currency: str
    fee_percent: float
    minimum_text: str
    data_as_of: dt.date
    steps: list[Step]
    created: dt.datetime
    updated: dt.datetime
    provider_id: str = ""
    # A fixed part of the fees, in the checklist's currency (PayPal's 0.30 USD, a network fee).
    fixed_fee: float = 0.0
    country: str = ""
    outcome: Outcome | None = None
    schema_version: int = SCHEMA_VERSION
    # The smallest fee charged (OpenRouter's 0.80 USD on cards), when the percentage comes to less.
    fee_minimum: float = 0.0
    # False when no source states the platform's fees for this method: the budget is then a floor.
    fees_stated: bool = True
    # The part of fee_percent the minimum does not floor: the card provider's fee beside the
    # platform's (Wise's 2% beside OpenRouter's 5.5%, at least 0.80 USD).
    fee_unfloored: float = 0.0

    @property
    def budget(self) -> float:
        return budget(self.amount, self.fee_percent, self.fixed_fee, self.fee_minimum, self.fee_unfloored)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def fees_text(self) -> str:
        return fees_text(
            self.fee_percent, self.fixed_fee, self.currency, self.fee_minimum, self.fees_stated, self.fee_unfloored
        )

    @property
    def budget_text(self) -> str:
        total = money(self.budget, self.currency)
        total = total if self.fees_stated else f"at least {total}"
        return f"{money(self.amount, self.currency)} + {self.fees_text} = {total}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform_id, self.method_id, self.provider_id)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def source_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for step in self.steps:
            seen.update(dict.fromkeys(step.sources))
        return list(seen)


def _finite(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # a whole number too large for a float (a TOML file may hold one)
        return False


def check_amount(value: float, what: str = "the amount") -> float:
    """The one rule for amounts, shared by the app's dialog, the CLI and the file loader."""
    if not _finite(value) or not 0 < value <= MAX_AMOUNT:
        raise ChecklistError(f"{what} must be a number above 0 and at most {MAX_AMOUNT:,.0f}")
    if round(value, 2) == 0:  # shown and budgeted in cents: it would read as 0
        raise ChecklistError(f"{what} {value:g} rounds to 0.00; the smallest amount is 0.01")
    return float(value)


def check_fee_percent(value: float) -> float:
    if not _finite(value) or not 0 <= value <= 100:
        raise ChecklistError("the fee must be a percentage from 0 to 100")
    return float(value)


def check_fixed_fee(value: float) -> float:
    if not _finite(value) or not 0 <= value <= MAX_AMOUNT:
        raise ChecklistError(f"the fixed fee must be a number from 0 to {MAX_AMOUNT:,.0f}")
    if value and round(value, 2) == 0:
        raise ChecklistError(f"the fixed fee {value:g} rounds to 0.00; write 0 or at least 0.01")
    return float(value)


_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Thousands groups that cannot be a decimal comma: several groups, or groups then a decimal point.
_GROUPED = re.compile(r"\d{1,3}(,\d{3}){2,}|\d{1,3}(,\d{3})+\.\d+")
# One comma before exactly three digits: "1,000" is a thousand to some and one to others.
_AMBIGUOUS = re.compile(r"[1-9]\d{0,2},\d{3}")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
# A dot between thousands, as much of Europe writes them: "1.234,5", "1.234.567".
_DOT_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,}(,\d+)?")


def read_number(text: str) -> float:
    """The one reading of a number typed by a user (the app's dialog, the CLI); raises ChecklistError.

    "5", "2.5", "1e3", "1 000", "1,000.50", "1,000,000"; "2,5" and "2,50" are a decimal
    comma. "1,000" could be a thousand or one: it is refused, with both readings shown.
    """
    cleaned = text.strip().replace("_", "").replace(" ", "").replace("\u00a0", "")
    if _AMBIGUOUS.fullmatch(cleaned):
        whole, decimal = cleaned.replace(",", ""), cleaned.replace(",", ".")
        raise ChecklistError(
            f"{quoted(text.strip())} could mean {whole} (comma between thousands) or {float(decimal):g} "
            f"(decimal comma); write {whole} or {float(decimal):g}"
        )
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(cleaned):
        cleaned = cleaned.replace(",", ".")
    if _DOT_GROUPED.fullmatch(cleaned):
        # Refused, not guessed: here a dot is the decimal point, and "1.234" alone means 1.234.
        european = cleaned.replace(".", "").replace(",", ".")
        raise ChecklistError(
            f"{quoted(text.strip())} could mean {european} (dot between thousands"
            f"{', decimal comma' if ',' in cleaned else ''}), "
            f"but a dot here is the decimal point; write {european}"
        )
    if not _PLAIN.fullmatch(cleaned):
        raise ChecklistError(f"{quoted(text.strip())} is not a number")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ChecklistError(f"{quoted(text.strip())} is not a finite number")
    return value


def parse_number(text: str) -> float | None:
    """`read_number`, or None when the text is not one unambiguous number."""
    try:
        return read_number(text)
    except ChecklistError:
        return None


def utc_now() -> dt.datetime:
    return clock.now()
