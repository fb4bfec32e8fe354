"""The vocabulary of the domain: platforms, payment methods, sources and claims.

The records are plain frozen dataclasses so that using a catalog never needs
pydantic; `catalog.validate_catalog` validates data files against these very
types with pydantic, which reads the `Rules` in their annotations. Every
record forbids unknown fields, so a typo in a data file is reported instead of
silently ignored. Nothing here imports Textual or pydantic.
"""

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal, Optional, Union


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


def record(cls: type) -> type:
    """A frozen dataclass that rejects unknown fields when pydantic validates it."""
    cls.__pydantic_config__ = {"extra": "forbid"}
    return dataclass(frozen=True, kw_only=True)(cls)


Id = Annotated[str, Rules(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Text = Annotated[str, Rules(strip_whitespace=True, min_length=1)]
Currency = Annotated[str, Rules(pattern=r"^[A-Z]{3}$")]
NonNegative = Annotated[float, Rules(ge=0)]


class Status(str, Enum):
    SUPPORTED = "supported"
    NOT_SUPPORTED = "not_supported"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"

    @property
    def glyph(self) -> str:
        return _GLYPHS[self]

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_GLYPHS = {
    Status.SUPPORTED: "✓",
    Status.NOT_SUPPORTED: "✗",
    Status.CONDITIONAL: "◐",
    Status.UNKNOWN: "?",
}
# Short words for grid cells; long labels for prose and legends.
_WORDS = {
    Status.SUPPORTED: "yes",
    Status.NOT_SUPPORTED: "no",
    Status.CONDITIONAL: "cond",
    Status.UNKNOWN: "unkn",
}
_LABELS = {
    Status.SUPPORTED: "supported",
    Status.NOT_SUPPORTED: "not supported",
    Status.CONDITIONAL: "conditional",
    Status.UNKNOWN: "unknown",
}
DISPUTED_MARK = "!"


class SourceKind(str, Enum):
    OFFICIAL = "official"
    VENDOR_BLOG = "vendor_blog"
    GUIDE = "guide"
    REPORT = "report"

    @property
    def authority(self) -> int:
        """Higher outranks lower when sources disagree."""
        return _AUTHORITY[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_AUTHORITY = {
    SourceKind.OFFICIAL: 3,
    SourceKind.VENDOR_BLOG: 2,
    SourceKind.GUIDE: 1,
    SourceKind.REPORT: 1,
}


class PlatformKind(str, Enum):
    DIRECT = "direct"
    GATEWAY = "gateway"


class MethodGroup(str, Enum):
    CARD_NETWORK = "card_network"
    CARD_TYPE = "card_type"
    WALLET = "wallet"
    OTHER = "other"


class RefundPolicy(str, Enum):
    REFUNDABLE = "refundable"
    NOT_REFUNDABLE = "not_refundable"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            RefundPolicy.REFUNDABLE: "refundable",
            RefundPolicy.NOT_REFUNDABLE: "not refundable",
            RefundPolicy.UNKNOWN: "unknown",
            RefundPolicy.NOT_APPLICABLE: "n/a: billed after use",
        }[self]


class BillingModel(str, Enum):
    PREPAID = "prepaid"
    POSTPAID = "postpaid"
    SUBSCRIPTION = "subscription"


class CardTopic(str, Enum):
    CARDS = "cards"
    THREE_D_SECURE = "three_d_secure"
    VIRTUAL_CARDS = "virtual_cards"
    PREPAID_CARDS = "prepaid_cards"
    BILLING_ADDRESS = "billing_address"
    PREAUTH_HOLD = "preauth_hold"
    RECURRING = "recurring"
    PROCESSOR = "processor"

    @property
    def label(self) -> str:
        return {
            CardTopic.CARDS: "cards",
            CardTopic.THREE_D_SECURE: "3-D Secure",
            CardTopic.VIRTUAL_CARDS: "virtual cards",
            CardTopic.PREPAID_CARDS: "prepaid cards",
            CardTopic.BILLING_ADDRESS: "billing address",
            CardTopic.PREAUTH_HOLD: "pre-authorisation hold",
            CardTopic.RECURRING: "recurring payments",
            CardTopic.PROCESSOR: "payment processor",
        }[self]


class CardRuleKind(str, Enum):
    REQUIRED = "required"
    MAY_BE_REQUIRED = "may_be_required"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    INFO = "info"


@record
class DataSet:
    title: Text
    as_of: dt.date
    schema_version: Annotated[int, Rules(ge=1)]


@record
class Platform:
    id: Id
    name: Text
    kind: PlatformKind
    site: Text
    operator: Text
    summary: Text
    also_known_as: tuple[Text, ...] = ()


@record
class Method:
    id: Id
    name: Text
    short: Annotated[str, Rules(min_length=1, max_length=6)]
    group: MethodGroup
    is_card: bool = False


@record
class Source:
    id: Id
    title: Text
    publisher: Text
    url: Text
    kind: SourceKind
    page_date: Union[dt.date, Literal["undated"]]
    read_on: dt.date
    note: Optional[Text] = None

    @property
    def dated(self) -> dt.date | None:
        return self.page_date if isinstance(self.page_date, dt.date) else None

    @property
    def page_date_text(self) -> str:
        return self.page_date.isoformat() if self.dated else "undated"

    def age_days(self, today: dt.date) -> int | None:
        return (today - self.dated).days if self.dated else None


@record
class Claim:
    platform: Id
    method: Id
    status: Status
    note: Text
    source: Id
    # True when the claim was reconstructed from the guide's prose because its
    # comparison table lost its marks.
    from_prose: bool = False


@record
class RefundClaim:
    platform: Id
    policy: RefundPolicy
    window_days: Optional[Annotated[int, Rules(ge=0)]] = None
    conditions: Optional[Text] = None
    balance_expires: Optional[bool] = None
    note: Text
    source: Id
    from_prose: bool = False


@record
class BillingFact:
    platform: Id
    model: BillingModel
    minimum: Optional[NonNegative] = None
    currency: Optional[Currency] = None
    method: Optional[Id] = None
    note: Text
    source: Id


@record
class CardRule:
    platform: Id
    topic: CardTopic
    rule: CardRuleKind
    note: Text
    source: Id


@record
class Fee:
    id: Id
    method: Id
    provider: Optional[Id] = None
    platform: Optional[Id] = None
    percent: Annotated[float, Rules(ge=0, le=100)]
    fixed: Optional[NonNegative] = None
    currency: Optional[Currency] = None
    region: Optional[Text] = None
    note: Text
    source: Id


@record
class Provider:
    id: Id
    name: Text
    method: Id
    card_type: Text
    site: Text


@record
class ProviderFact:
    provider: Id
    topic: Literal["card_type", "fees", "reliability", "recommendation", "setup"]
    text: Text
    steps: tuple[Text, ...] = ()
    region: Optional[Text] = None
    source: Id


@record
class Decline:
    id: Id
    reason: Text
    fixes: Annotated[tuple[Text, ...], Rules(min_length=1)]
    platform: Optional[Id] = None
    method: Optional[Id] = None
    source: Id


Condition = Literal[
    "card",
    "paypal",
    "wallet",
    "crypto",
    "virtual_card",
    "prepaid_card",
    "no_refund",
    "refund_window",
    "refuses_3ds",
    "refuses_virtual",
    "billing_address",
    "preauth_hold",
    "requires_recurring",
    "prepaid_billing",
    "postpaid_billing",
    "not_supported",
    "disputed",
]


@record
class StepTemplate:
    id: Id
    # May use {platform}, {method}, {minimum}, {amount}, {fee_percent}, {budget}.
    text: Text
    when: tuple[Condition, ...] = ()
    warning: bool = False
    # A step restating a fact found elsewhere in the data (a refused card type,
    # a refund rule) may omit it: it then cites the facts that selected it.
    source: Optional[Id] = None
