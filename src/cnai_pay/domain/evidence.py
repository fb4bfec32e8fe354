"""Sentences about a cell and its claims, shared by `cnai-pay evidence` and the app's evidence pane."""

from __future__ import annotations

from ..domain.model import Platform
from .catalog import Cell
from .ranking import RankedClaim
from .regions import applies_in, scope_text
from .vocabulary import (
    BASIS_LABELS,
    BASIS_PLAIN,
    BRANDLESS_MARK,
    BRANDLESS_NOTE,
    DISPUTED_MARK,
    GLYPHS,
    LABELS,
    REGION_MARK,
    SOURCE_KIND_LABELS,
    SOURCE_KIND_PLAIN,
    WEAK_MARK,
    WEAK_NOTE,
)


def platform_line(platform: Platform) -> str:
    """Who runs the platform, what it is, and its site: the evidence header."""
    return f"{platform.summary} Run by {platform.operator} · {platform.site} · {platform.kind.value}"


def verdict(cell: Cell, short: bool = False) -> str:
    """'◐ conditional · ! disputed · * inferred from a list · @ resolved for DE' (shorter with `short`)."""
    parts = [f"{GLYPHS[cell.status]} {LABELS[cell.status]}"]
    if cell.disputed:
        parts.append(f"{DISPUTED_MARK} disputed" + ("" if short else ": the sources disagree"))
    if cell.weak and cell.deciding is not None:
        basis = BASIS_LABELS[cell.deciding.basis]
        parts.append(f"{WEAK_MARK} {basis}" if short else f"{WEAK_MARK} {WEAK_NOTE} ({basis})")
    if cell.brandless:
        parts.append(f"{BRANDLESS_MARK} no brand named" if short else f"{BRANDLESS_MARK} {BRANDLESS_NOTE}")
    if cell.product:
        parts.append(f"only for {cell.product}")
    if cell.regional:
        parts.append(
            f"{REGION_MARK} for {cell.country}"
            if short
            else f"{REGION_MARK} resolved for your country ({cell.country})"
        )
    elif cell.country is None and cell.deciding is not None and cell.deciding.scoped:
        parts.append("depends on your country (g)" if short else "depends on your country: set one to resolve it")
    return " · ".join(parts)


def disagreement(cell: Cell) -> str:
    if not cell.disputed:
        return ""
    said = "; ".join(
        f"{c.source.title} ({SOURCE_KIND_LABELS[c.source.kind]}) says {LABELS[c.value]}" for c in cell.claims
    )
    return f"The sources disagree: {said}."


def claim_facts(ranked: RankedClaim, country: str | None, plain: bool = False) -> list[str]:
    """How a claim is known and where it applies, in short phrases (how it is known in plain words,
    with `plain`, and the source's kind with it)."""
    claim = ranked.claim
    if plain:
        facts = [f"{SOURCE_KIND_PLAIN[ranked.source.kind]}: {BASIS_PLAIN[ranked.basis]}"]
    else:
        facts = [BASIS_LABELS[ranked.basis]]
    if ranked.brandless:
        facts.append(f"said of {claim.kind.value.replace('_', ' ')}s in general: the page names no brand")
    if ranked.product:
        facts.append(f"holds only for {ranked.product}")
    if getattr(claim, "from_list", None):
        facts.append(f"the list: {claim.from_list}")
    scope = scope_text(claim) if hasattr(claim, "regions") else ""
    if scope:
        text = f"applies {scope}"
        if getattr(claim, "outside", None) is not None:
            text += f"; elsewhere {LABELS[claim.outside]}"
        if country:
            text += f" (you: {country}, {'inside' if applies_in(claim, country) else 'outside'})"
        facts.append(text)
    return facts
