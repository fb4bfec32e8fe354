"""The vocabulary of the domain: platforms, payment methods, sources and claims.

Every model forbids unknown fields so that a typo in a data file is reported
instead of silently ignored. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


def _parse_page_date(value: object) -> dt.date | Literal["undated"]:
    if isinstance(value, dt.date):
        return value
    if value == "undated":
        return "undated"
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD) nor the word \"undated\"")


class DataSet(Strict):
    title: Text
    as_of: dt.date
    schema_version: int = Field(ge=1)


class Platform(Strict):
    id: Id
    name: Text
    kind: PlatformKind
    site: Text
    operator: Text
    also_known_as: tuple[Text, ...] = ()
    summary: Text


class Method(Strict):
    id: Id
    name: Text
    short: Annotated[str, StringConstraints(min_length=1, max_length=6)]
    group: MethodGroup
    is_card: bool = False


class Source(Strict):
    id: Id
    title: Text
    publisher: Text
    url: Text
    kind: SourceKind
    page_date: dt.date | Literal["undated"]
    read_on: dt.date
    note: Text | None = None

    @field_validator("page_date", mode="before")
    @classmethod
    def _page_date(cls, value: object) -> object:
        return _parse_page_date(value)

    @property
    def dated(self) -> dt.date | None:
        return self.page_date if isinstance(self.page_date, dt.date) else None

    @property
    def page_date_text(self) -> str:
        return self.page_date.isoformat() if self.dated else "undated"

    def age_days(self, today: dt.date) -> int | None:
        return (today - self.dated).days if self.dated else None


class Claim(Strict):
    platform: Id
    method: Id
    status: Status
    note: Text
    source: Id
    # True when the claim was reconstructed from the guide's prose because its
    # comparison table lost its marks.
    from_prose: bool = False


class RefundClaim(Strict):
    platform: Id
    policy: RefundPolicy
    window_days: int | None = Field(default=None, ge=0)
    conditions: Text | None = None
    balance_expires: bool | None = None
    note: Text
    source: Id
    from_prose: bool = False


class BillingFact(Strict):
    platform: Id
    model: BillingModel
    minimum: float | None = Field(default=None, ge=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    method: Id | None = None
    note: Text
    source: Id


class CardRule(Strict):
    platform: Id
    topic: CardTopic
    rule: CardRuleKind
    note: Text
    source: Id


class Fee(Strict):
    id: Id
    method: Id
    provider: Id | None = None
    platform: Id | None = None
    percent: float = Field(ge=0, le=100)
    fixed: float | None = Field(default=None, ge=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    region: Text | None = None
    note: Text
    source: Id


class Provider(Strict):
    id: Id
    name: Text
    method: Id
    card_type: Text
    site: Text


class ProviderFact(Strict):
    provider: Id
    topic: Literal["card_type", "fees", "reliability", "recommendation", "setup"]
    text: Text
    steps: tuple[Text, ...] = ()
    region: Text | None = None
    source: Id


class Decline(Strict):
    id: Id
    reason: Text
    fixes: tuple[Text, ...] = Field(min_length=1)
    platform: Id | None = None
    method: Id | None = None
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
    "prepaid_billing",
    "postpaid_billing",
    "not_supported",
    "disputed",
]


class StepTemplate(Strict):
    id: Id
    # May use {platform}, {method}, {minimum}, {amount}, {fee_percent}, {budget}.
    text: Text
    when: tuple[Condition, ...] = ()
    warning: bool = False
    # A step restating a fact found elsewhere in the data (a refused card type,
    # a refund rule) may omit it: it then cites the facts that selected it.
    source: Id | None = None
