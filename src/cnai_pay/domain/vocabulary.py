"""The words and marks the program shows, shared by the command line and the app.

Every status reads as glyph + word, so nothing depends on colour. Where the
terminal cannot encode the glyphs, `ASCII_GLYPHS` keeps each meaning distinct
(never '?' for everything, which would read as "unknown").
"""

from __future__ import annotations

from .model import Basis, BillingModel, CardRuleKind, CardTopic, RefundPolicy, SourceKind, Status

GLYPHS = {
    Status.SUPPORTED: "✓",
    Status.NOT_SUPPORTED: "✗",
    Status.CONDITIONAL: "◐",
    Status.UNKNOWN: "?",
}
ASCII_GLYPHS = {
    Status.SUPPORTED: "Y",
    Status.NOT_SUPPORTED: "N",
    Status.CONDITIONAL: "~",
    Status.UNKNOWN: "?",
}
# Short words for grid cells; long labels for prose and legends.
WORDS = {
    Status.SUPPORTED: "yes",
    Status.NOT_SUPPORTED: "no",
    Status.CONDITIONAL: "cond",
    Status.UNKNOWN: "unkn",
}
LABELS = {
    Status.SUPPORTED: "supported",
    Status.NOT_SUPPORTED: "not supported",
    Status.CONDITIONAL: "conditional",
    Status.UNKNOWN: "unknown",
}
MEANINGS = {
    Status.SUPPORTED: "a source says the platform takes it",
    Status.NOT_SUPPORTED: "a source says it does not",
    Status.CONDITIONAL: "it works with a caveat: region, card type, 3-D Secure…",
    Status.UNKNOWN: "no source in the data says either way",
}
DISPUTED_MARK = "!"
# The deciding claim is not stated by its source (inferred, second-hand or reported).
WEAK_MARK = "*"
# The cell was resolved for the user's country from a region-scoped claim.
REGION_MARK = "@"
# The deciding page named no card brand ("all major credit cards"): the cell inherits a claim on its kind.
BRANDLESS_MARK = "°"
BRANDLESS_NOTE = "the deciding page names no card brand; this brand inherits what it says of cards in general"

SOURCE_KIND_LABELS = {
    SourceKind.OFFICIAL: "official",
    SourceKind.VENDOR_BLOG: "vendor blog",
    SourceKind.GUIDE: "guide",
    SourceKind.REPORT: "report",
}
BASIS_LABELS = {
    Basis.STATED: "stated",
    Basis.INFERRED: "inferred from a list",
    Basis.SECOND_HAND: "second-hand",
    Basis.REPORTED: "one person's report",
}
# The same, in plain words, where a user meets them first (the precise term is one key away).
BASIS_PLAIN = {
    Basis.STATED: "the page says so",
    Basis.INFERRED: "left out of a list the page gives",
    Basis.SECOND_HAND: "someone else quoting the platform",
    Basis.REPORTED: "one person's experience",
}
SOURCE_KIND_PLAIN = {
    SourceKind.OFFICIAL: "the platform's own page",
    SourceKind.VENDOR_BLOG: "a vendor's blog",
    SourceKind.GUIDE: "a third-party guide",
    SourceKind.REPORT: "a user's report",
}
REFUND_LABELS = {
    RefundPolicy.REFUNDABLE: "refundable",
    RefundPolicy.NOT_REFUNDABLE: "not refundable",
    RefundPolicy.UNKNOWN: "unknown",
    RefundPolicy.NOT_APPLICABLE: "n/a: billed after use",
}
REFUND_GLYPHS = {
    RefundPolicy.REFUNDABLE: "✓",
    RefundPolicy.NOT_REFUNDABLE: "✗",
    RefundPolicy.UNKNOWN: "?",
    RefundPolicy.NOT_APPLICABLE: "–",
}
BILLING_LABELS = {
    BillingModel.PREPAID: "prepaid",
    BillingModel.POSTPAID: "postpaid",
    BillingModel.SUBSCRIPTION: "subscription",
}
TOPIC_LABELS = {
    CardTopic.CARDS: "cards",
    CardTopic.THREE_D_SECURE: "3-D Secure",
    CardTopic.VIRTUAL_CARDS: "virtual cards",
    CardTopic.PREPAID_CARDS: "prepaid cards",
    CardTopic.BILLING_ADDRESS: "billing address",
    CardTopic.PREAUTH_HOLD: "pre-authorisation hold",
    CardTopic.RECURRING: "recurring payments",
    CardTopic.PROCESSOR: "payment processor",
}
# `!` is kept for "disputed": a requirement is marked with its own glyph.
RULE_WORDS = {
    CardRuleKind.REFUSED: "✗ refused",
    CardRuleKind.REQUIRED: "● required",
    CardRuleKind.MAY_BE_REQUIRED: "◐ may be required",
    CardRuleKind.ACCEPTED: "✓ accepted",
    CardRuleKind.INFO: "· note",
}

RANKING_RULE = (
    "Official pages outrank vendor blogs, which outrank guides and user reports; within a kind, what a page "
    "states outranks what is inferred from a list or quoted second-hand, which outranks one person's report; "
    "among equals the newest page wins. A cell is disputed when its sources disagree."
)
PROSE_NOTE = "from the guide's prose (its comparison table lost its marks)"
NO_CLAIM = "No source in the data says anything about this combination, so it is unknown."
WEAK_NOTE = "the deciding claim is not stated by its source"
EVIDENCE_HINT = "Why a cell says so: cnai-pay evidence PLATFORM METHOD"
NO_MATCH = "No platform matches this filter."


def legend_items() -> list[str]:
    """The legend as short items, for a line under the grid (CLI and app)."""
    items = [f"{GLYPHS[s]} {WORDS[s]} = {LABELS[s]}" for s in Status]
    items.append(f"{DISPUTED_MARK} = sources disagree")
    items.append(f"{WEAK_MARK} = not stated by the deciding source")
    items.append(f"{REGION_MARK} = resolved for your country")
    items.append(f"{BRANDLESS_MARK} = the source named no card brand")
    return items


def short_legend_items() -> list[str]:
    """The legend for a narrow screen: the same meanings in fewer words."""
    items = [f"{GLYPHS[s]} {LABELS[s] if s is Status.UNKNOWN else WORDS[s]}" for s in Status]
    items += [f"{DISPUTED_MARK} disputed", f"{WEAK_MARK} not stated", f"{REGION_MARK} for your country"]
    items.append(f"{BRANDLESS_MARK} no brand")  # the source named none; the full legend says so
    return items


def cell_marks(disputed: bool, weak: bool, regional: bool = False, brandless: bool = False) -> str:
    return (
        (DISPUTED_MARK if disputed else "")
        + (WEAK_MARK if weak else "")
        + (REGION_MARK if regional else "")
        + (BRANDLESS_MARK if brandless else "")
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
