"""Every claim behind one cell, for `cnai-pay evidence`."""

from __future__ import annotations

from ..domain.cards import OwnCard, card_explanation
from ..domain.catalog import Catalog, Cell
from ..domain.evidence import claim_facts, disagreement, platform_line, verdict
from ..domain.model import Source, Status
from ..domain.vocabulary import GLYPHS, LABELS, NO_CLAIM, PROSE_NOTE, RANKING_RULE, SOURCE_KIND_LABELS
from ..text import wrap
from .output import BOLD, DIM, ITALIC, STATUS_SGR, UNDERLINE, paint


def _source_lines(source: Source, width: int | None, color: bool) -> list[str]:
    indent = "   "
    lines = [paint(line, color, BOLD) for line in wrap(f"{source.title} — {source.publisher}", width, indent)]
    facts = f"{SOURCE_KIND_LABELS[source.kind]} · {source.page_dated} · read {source.read_on.isoformat()}"
    lines.extend(paint(line, color, DIM) for line in wrap(facts, width, indent))
    lines.extend(paint(line, color, UNDERLINE) for line in wrap(source.url, width, indent, cut=False))
    if source.note:
        lines.extend(wrap(f"about the source: {source.note}", width, indent))
    return lines


def render_evidence(
    catalog: Catalog, cell: Cell, width: int | None = 80, color: bool = False, card: OwnCard | None = None
) -> str:
    """Every claim behind one cell, strongest first, with its source; for the user's own card
    (a Wise card), the card's answer, what decided it, and the rules or claims that did."""
    if card is not None:
        cell = card.answer.cell
    status = cell.status
    lines = [paint(line, color, BOLD) for line in wrap(f"{cell.platform.name} × {cell.method.name}", width)]
    lines.extend(paint(line, color, DIM) for line in wrap(platform_line(cell.platform), width))
    if card is not None:
        said_card = f"your {card.provider.name} card: {card.description} → {verdict(cell, short=True)}"
        lines.extend(
            paint(line, color, STATUS_SGR[status]) for line in wrap(said_card[0].upper() + said_card[1:], width)
        )
        for line in card_explanation(catalog, card):
            lines.extend(wrap(line, width))
    else:
        lines.extend(paint(line, color, STATUS_SGR[status]) for line in wrap(verdict(cell), width))
        said = disagreement(cell)
        if said:
            lines.extend(wrap(said, width))
    lines.append("")
    refused = f"{GLYPHS[Status.NOT_SUPPORTED]} {LABELS[Status.NOT_SUPPORTED]}"
    for rule in card.answer.refusals if card is not None else ():
        lines.extend(wrap(f"card rule: {refused} — {rule.note}", width, "   ", first="•  "))
        lines.extend(_source_lines(catalog.sources[rule.source], width, color))
        lines.append("")
    if not cell.claims and not (card is not None and card.answer.refusals):
        lines.extend(wrap(NO_CLAIM, width))
        lines.append("")
    for number, ranked in enumerate(cell.claims, start=1):
        label = f"{GLYPHS[ranked.value]} {LABELS[ranked.value]}"
        wrapped = wrap(f"{label} — {ranked.claim.note}", width, "   ", first=f"{number}. ")
        if color:
            wrapped[0] = wrapped[0].replace(label, paint(label, True, STATUS_SGR[ranked.value]), 1)
        lines.extend(wrapped)
        lines.extend(
            paint(line, color, ITALIC) for line in wrap(" · ".join(claim_facts(ranked, cell.country)), width, "   ")
        )
        if ranked.claim.from_prose:
            lines.extend(paint(line, color, ITALIC) for line in wrap(PROSE_NOTE, width, "   "))
        lines.extend(_source_lines(ranked.source, width, color))
        lines.append("")
    lines.extend(paint(line, color, DIM) for line in wrap("Rule: " + RANKING_RULE, width))
    return "\n".join(lines) + "\n"
