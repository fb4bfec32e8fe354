"""How claims decide a cell: source kind, then how the claim is known, then page date; and regions.

The rule (also shown to users as `vocabulary.RANKING_RULE`): the most
authoritative source kind wins (official > vendor blog > guide = report);
within a kind, a stated claim outranks an inferred or second-hand one, which
outranks one person's report; among equals the newest page, undated pages last.
A cell is disputed when its claims do not all say the same thing, whatever
their rank, so a disagreement stays visible. No claim at all means unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any, TypeVar

from ..value_classes import frozen
from .model import Basis, Claim, Source, Status
from .regions import applies_in

V = TypeVar("V")
_RANK = itemgetter(0)


@frozen(slots=True)
class RankedClaim:
    """A claim of any kind (cell, refund) with the value it gives here and its source."""

    value: Any
    source: Source
    claim: Any

    @property
    def basis(self) -> Basis:
        return getattr(self.claim, "basis", Basis.STATED)

    @property
    def rank(self) -> tuple[int, int, dt.date]:
        return (self.source.kind.authority, self.basis.strength, self.source.dated or dt.date.min)

    @property
    def weak(self) -> bool:
        return self.basis is not Basis.STATED

    @property
    def scoped(self) -> bool:
        return bool(getattr(self.claim, "regions", ()) or getattr(self.claim, "except_regions", ()))

    @property
    def brandless(self) -> bool:
        """The claim is on a kind of method (its page named no brand), inherited by this cell."""
        return getattr(self.claim, "kind", None) is not None

    @property
    def product(self) -> str | None:
        """The product or plan the claim holds for, when it is not the platform's API balance."""
        return getattr(self.claim, "product", None)


def rank_claims(claims: Iterable[RankedClaim]) -> list[RankedClaim]:
    """Strongest first, by kind, then basis, then page date."""
    return sorted(claims, key=lambda c: c.rank, reverse=True)


def resolve(claims: Iterable[RankedClaim], unknown: V) -> tuple[V, bool, list[RankedClaim]]:
    """Turn claims into (value, disputed, ranked claims)."""
    ranked = rank_claims(claims)
    if not ranked:
        return unknown, False, []
    disputed = len({c.value for c in ranked}) > 1
    return ranked[0].value, disputed, ranked


def status_for(claim: Claim, country: str | None) -> Status | None:
    """What a claim says for a user in `country`; None when it says nothing there.

    Without a country, a claim scoped to regions reads as conditional: it holds
    for some users only. A claim scoped to a product (Coding Plan renewals) is
    never a plain answer for the platform: "supported" reads as conditional,
    and "not supported" for one product says nothing about the rest.
    """
    if claim.product is not None:
        if claim.status is Status.SUPPORTED:
            return Status.CONDITIONAL
        if claim.status is Status.NOT_SUPPORTED:
            return None
    if not claim.scoped:
        return claim.status
    if country is None:
        return Status.CONDITIONAL
    if applies_in(claim, country):
        return claim.status
    return claim.outside


def rank_cell_claims(claims: Iterable[tuple[Claim, Source]], country: str | None) -> list[RankedClaim]:
    ranked = []
    for claim, source in claims:
        value = status_for(claim, country)
        if value is not None:
            ranked.append(RankedClaim(value, source, claim))
    return ranked


def decide_cell(
    claims: Sequence[Claim], sources: Mapping[str, Source], country: str | None
) -> tuple[Status, bool, tuple[RankedClaim, ...]]:
    """A cell's (status, disputed, ranked claims): `rank_cell_claims`, `resolve` and `named_first`
    in one pass, each claim's rank worked out once; a cell is resolved tens of thousands of times
    in a plan at 10,000 platforms."""
    keyed: list[tuple[tuple[int, int, dt.date], RankedClaim]] = []
    for claim in claims:
        value = status_for(claim, country)
        if value is None:
            continue
        source = sources[claim.source]
        page = source.page_date
        rank = (source.kind.authority, claim.basis.strength, page if isinstance(page, dt.date) else dt.date.min)
        keyed.append((rank, RankedClaim(value, source, claim)))
    if not keyed:
        return Status.UNKNOWN, False, ()
    if len(keyed) == 1:
        only = keyed[0][1]
        return only.value, False, (only,)
    keyed.sort(key=_RANK, reverse=True)  # stable, as `rank_claims`: equals keep their data order
    ordered = named_first([ranked for _, ranked in keyed])
    disputed = len({c.value for c in ordered}) > 1
    return ordered[0].value, disputed, tuple(ordered)


def named_first(ranked: list[RankedClaim]) -> list[RankedClaim]:
    """A page that names the brand decides over a brand-less one ("all major cards") it contradicts.

    The brand-less claim still counts, so the cell shows as disputed.
    """
    if not ranked or not ranked[0].brandless:
        return ranked
    top = ranked[0]
    named = next((c for c in ranked if not c.brandless and c.value != top.value), None)
    if named is None:
        return ranked
    return [named, *(c for c in ranked if c is not named)]
