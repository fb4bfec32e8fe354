"""The records of the domain: platforms, payment methods, sources, claims and rules.

Records are plain frozen dataclasses so that using a catalogue never needs
pydantic; `loading` validates data files against these very types with
pydantic, which reads the `Rules` in their annotations. Every record forbids
unknown fields, so a typo in a data file is reported instead of ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Annotated, Any, Literal, TypeVar, dataclass_transform

from ..text import CONTROL_CHARACTERS as CONTROL_CHARACTERS
from ..value_classes import frozen
from .kinds import (
    Basis as Basis,
)
from .kinds import (
    BillingModel as BillingModel,
)
from .kinds import (
    CardRuleKind as CardRuleKind,
)
from .kinds import (
    CardTopic as CardTopic,
)
from .kinds import (
    MethodKind as MethodKind,
)
from .kinds import (
    PlatformKind as PlatformKind,
)
from .kinds import (
    RefundPolicy as RefundPolicy,
)
from .kinds import (
    SourceKind as SourceKind,
)

# The kinds live in their own module; they are re-exported here with the records that use them.
from .kinds import (
    Status as Status,
)


class Rules:
    """Constraints for pydantic to apply to the annotated field (min_length, pattern, ge, …).

    Pydantic calls `__get_pydantic_core_schema__` when it validates, so this
    module stays importable, and fast, without it.
    """

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema.update(self.constraints)
        return schema


_Record = TypeVar("_Record", bound=type)


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: _Record) -> _Record:
    """A frozen dataclass that rejects unknown fields when pydantic validates it."""
    cls.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    # Slots: a large catalogue holds hundreds of thousands of these.
    return frozen(kw_only=True, slots=True)(cls)


ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID_MAX = 40
Id = Annotated[str, Rules(pattern=ID_PATTERN, max_length=ID_MAX)]
_WHOLE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def is_id(value: object) -> bool:
    """The one id check outside pydantic: the whole string (`$` alone would let a trailing newline by)."""
    return isinstance(value, str) and len(value) <= ID_MAX and _WHOLE_ID.fullmatch(value) is not None


# Text from data files: trimmed, never empty, and short enough to lay out.
# Control characters (escape sequences among them) are refused: data text reaches the terminal.
# Bidirectional overrides and invisible characters are refused too: they hide what text (an address) says.
NO_CONTROLS = rf"^[^{CONTROL_CHARACTERS}]*$"
Text = Annotated[str, Rules(strip_whitespace=True, min_length=1, max_length=2000, pattern=NO_CONTROLS)]
# A name or a title is one line, with no tab either: a table's row and a column's head hold it.
NO_BREAKS = rf"^[^\t\n\r{CONTROL_CHARACTERS}]*$"
Line = Annotated[str, Rules(strip_whitespace=True, min_length=1, max_length=2000, pattern=NO_BREAKS)]
Currency = Annotated[str, Rules(pattern=r"^[A-Z]{3}$")]
# Amounts in data: finite and below anything a first top-up could sensibly be.
AMOUNT_MAX = 1_000_000
Amount = Annotated[float, Rules(ge=0, le=AMOUNT_MAX, allow_inf_nan=False)]
RegionCode = Annotated[str, Rules(pattern=r"^[A-Z]{2,3}$")]
Regions = tuple[RegionCode, ...]


@record
class DataSet:
    title: Line
    as_of: dt.date
    schema_version: Annotated[int, Rules(ge=1)]


@record
class Platform:
    id: Id
    name: Line
    kind: PlatformKind
    site: Line
    operator: Line
    summary: Text
    also_known_as: tuple[Line, ...] = ()
    # The page the summary's facts come from, when it states more than the name and site.
    source: Id | None = None
    # Which provider of the genai-prices package this platform is, when it covers it (see prices/).
    prices_provider: Id | None = None


@record
class Method:
    id: Id
    name: Line
    short: Annotated[str, Rules(min_length=1, max_length=6, pattern=NO_BREAKS)]
    kind: MethodKind
    # The card-rule topics that bear on this method (a virtual card: 3-D Secure, virtual cards…).
    card_rules: tuple[CardTopic, ...] = ()
    # Two characters for the compact grid's column heads, where 17 methods share 80 columns.
    tiny: Annotated[str, Rules(min_length=1, max_length=2, pattern=NO_BREAKS)] | None = None

    @property
    def is_card(self) -> bool:
        return self.kind.is_card

    @property
    def head(self) -> str:
        """The compact column head: `tiny`, else the first two characters of `short`."""
        return self.tiny or self.short[:2]


@record
class Source:
    id: Id
    title: Line
    publisher: Line
    url: Line
    kind: SourceKind
    page_date: dt.date | Literal["undated"]
    read_on: dt.date
    note: Text | None = None
    # The platforms the source is about; a claim about any other platform is reported.
    covers: tuple[Id, ...] | None = None
    # The only address known for the page is its site's front page (said so in `note`).
    front_page: bool = False
    # The page is about this product or plan only (Coding Plan, Token Plan credits…), not the
    # platform's API balance: every claim, refund or billing entry citing it must name the product.
    product: Text | None = None

    @property
    def dated(self) -> dt.date | None:
        return self.page_date if isinstance(self.page_date, dt.date) else None

    @property
    def page_date_text(self) -> str:
        return self.page_date.isoformat() if isinstance(self.page_date, dt.date) else "undated"

    @property
    def page_dated(self) -> str:
        """'page dated 2026-05-30', or 'page undated': the same words in the app and the CLI."""
        return f"page dated {self.page_date_text}" if self.dated else "page undated"

    def age_days(self, today: dt.date) -> int | None:
        return (today - self.dated).days if self.dated else None


@record
class Scoped:
    """Where a fact applies: only in `regions`, or everywhere but `except_regions`."""

    regions: Regions = ()
    except_regions: Regions = ()

    @property
    def scoped(self) -> bool:
        return bool(self.regions or self.except_regions)


@record
class Claim(Scoped):
    platform: Id
    # The method the claim is about; or, with `kind` instead, every method of that kind, for a
    # page that names no brand ("all major credit cards"): brand cells inherit it with their own mark.
    method: Id | None = None
    kind: MethodKind | None = None
    # What holds inside the claim's scope (everywhere when it has none).
    status: Status
    note: Text
    source: Id
    basis: Basis
    # For an inferred claim: the list the method is missing from.
    from_list: Text | None = None
    # What holds outside the scope, when the source says so.
    outside: Status | None = None
    # Rebuilt from the guide's prose because its comparison table lost its marks.
    from_prose: bool = False
    # The claim holds for this product or plan only (Coding Plan renewals…), not for API top-ups.
    product: Text | None = None
    # On a conditional claim: what it takes, in a few words ("enterprise accounts only"); a route shows it.
    condition: Annotated[str, Rules(strip_whitespace=True, min_length=1, max_length=60, pattern=NO_BREAKS)] | None = (
        None
    )


@record
class RefundClaim(Scoped):
    platform: Id
    policy: RefundPolicy
    window_days: Annotated[int, Rules(ge=0, le=3650)] | None = None
    conditions: Text | None = None
    balance_expires: bool | None = None
    note: Text
    source: Id
    basis: Basis = Basis.STATED
    from_prose: bool = False
    # What the row is about when it is one product only ("unused prepaid resource packages").
    product: Text | None = None


@record
class BillingFact(Scoped):
    platform: Id
    model: BillingModel
    minimum: Amount | None = None
    currency: Currency | None = None
    method: Id | None = None
    # The minimum applies to this product or plan only, not to the API balance.
    product: Text | None = None
    note: Text
    source: Id
    basis: Basis = Basis.STATED


@record
class CardRule(Scoped):
    platform: Id
    topic: CardTopic
    rule: CardRuleKind
    note: Text
    source: Id
    basis: Basis = Basis.STATED


@record
class Fee(Scoped):
    id: Id
    # The method charged; or, with `kinds` instead, every method of those kinds (a fee on all cards).
    method: Id | None = None
    kinds: tuple[MethodKind, ...] = ()
    provider: Id | None = None
    platform: Id | None = None
    percent: Annotated[float, Rules(ge=0, le=100, allow_inf_nan=False)]
    fixed: Amount | None = None
    # The smallest fee charged, in `currency`, when the percentage comes to less.
    minimum: Amount | None = None
    currency: Currency | None = None
    note: Text
    source: Id
    basis: Basis = Basis.STATED


@record
class Provider:
    id: Id
    name: Line
    # The payment method the provider issues (a virtual card).
    method: Id
    card_type: Line
    site: Line


ProviderTopic = Literal["card_type", "fees", "reliability", "recommendation", "setup"]


@record
class ProviderFact(Scoped):
    provider: Id
    topic: ProviderTopic
    text: Text
    steps: tuple[Text, ...] = ()
    source: Id
    basis: Basis = Basis.STATED
    # On a card_type fact: the card networks (method ids) the provider's cards run on, one of
    # which the user's card is (a Wise card is a Visa or a Mastercard), and how it is funded.
    networks: tuple[Id, ...] = ()
    funding: Literal["debit", "credit", "prepaid"] | None = None


@record
class Decline:
    id: Id
    reason: Text
    fixes: Annotated[tuple[Text, ...], Rules(min_length=1)]
    platform: Id | None = None
    method: Id | None = None
    source: Id


@record
class StepTemplate:
    id: Id
    # May use the placeholders in `checklist.steps.PLACEHOLDERS`.
    text: Text
    # Every condition must hold; see `checklist.steps` for the condition language.
    when: tuple[Annotated[str, Rules(min_length=1, max_length=80, pattern=NO_CONTROLS)], ...] = ()
    warning: bool = False
    # A step restating a fact found elsewhere in the data may omit it: it then
    # cites the facts that selected it.
    source: Id | None = None
