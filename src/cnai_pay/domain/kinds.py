"""The kinds the records choose from: statuses, source kinds, evidence bases, method kinds, rules."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    SUPPORTED = "supported"
    NOT_SUPPORTED = "not_supported"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"


class SourceKind(str, Enum):
    OFFICIAL = "official"
    VENDOR_BLOG = "vendor_blog"
    GUIDE = "guide"
    REPORT = "report"

    @property
    def authority(self) -> int:
        """Higher outranks lower when sources disagree."""
        return _AUTHORITY[self]


_AUTHORITY = {SourceKind.OFFICIAL: 3, SourceKind.VENDOR_BLOG: 2, SourceKind.GUIDE: 1, SourceKind.REPORT: 1}


class Basis(str, Enum):
    """How a claim is known."""

    STATED = "stated"
    INFERRED = "inferred"
    SECOND_HAND = "second_hand"
    REPORTED = "reported"

    @property
    def strength(self) -> int:
        """Within a source kind, higher outranks lower."""
        return _STRENGTH[self]


_STRENGTH = {Basis.STATED: 3, Basis.INFERRED: 2, Basis.SECOND_HAND: 2, Basis.REPORTED: 1}


class PlatformKind(str, Enum):
    DIRECT = "direct"
    GATEWAY = "gateway"


class MethodKind(str, Enum):
    CARD_NETWORK = "card_network"
    WALLET = "wallet"
    VIRTUAL_CARD = "virtual_card"
    PREPAID_CARD = "prepaid_card"
    CRYPTO = "crypto"
    BANK_TRANSFER = "bank_transfer"

    @property
    def is_card(self) -> bool:
        return self in (MethodKind.CARD_NETWORK, MethodKind.VIRTUAL_CARD, MethodKind.PREPAID_CARD)


class RefundPolicy(str, Enum):
    REFUNDABLE = "refundable"
    NOT_REFUNDABLE = "not_refundable"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


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


class CardRuleKind(str, Enum):
    REQUIRED = "required"
    MAY_BE_REQUIRED = "may_be_required"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    INFO = "info"
