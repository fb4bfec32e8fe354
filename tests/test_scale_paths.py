"""The paths that keep large catalogues fast give the answers of the plain scans they replace."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.topup import money
from cnai_pay.routes import Route, _rank_notes, plan_routes, rank_key
from cnai_pay.text import display_width, truncate

COUNTRIES = (None, "DE", "MY", "US", "SG")


def rank_notes_by_scan(routes: list[Route]) -> list[Route]:
    """The rank notes as first written: every route with unknown fees compared with every other."""
    noted = []
    for index, route in enumerate(routes):
        if route.fees_stated or route.billed_after_use:
            noted.append(route)
            continue
        known = [
            r
            for r in routes
            if (r.score, r.conditional) == (route.score, route.conditional) and r.fees_stated and not r.billed_after_use
        ]
        before = [r for r in known if routes.index(r) < index]
        after = [r for r in known if routes.index(r) > index]
        note = ""
        if after:
            other = after[0]
            note = (
                f"placed before {other.platform.name} × {other.method_label} ({money(other.total, other.currency)}) "
                "on its top-up alone: its fees are not stated, so it may cost more"
            )
        elif before:
            other = before[-1]
            note = (
                f"placed after {other.platform.name} × {other.method_label}, whose total with its known fees "
                f"({money(other.total, other.currency)}) is no more than this route's top-up"
            )
        noted.append(replace(route, rank_note=note) if note else route)
    return noted


def test_rank_notes_match_the_scan_for_every_wallet_and_country(mini: Catalog) -> None:
    method_ids = [m.id for m in mini.methods]
    wallets = [
        frozenset(method_ids),
        *(frozenset({m}) for m in method_ids),
        *map(frozenset, itertools.pairwise(method_ids)),
    ]
    providers = frozenset(p.id for p in mini.providers)
    notes: set[str] = set()
    for wallet, country in itertools.product(wallets, COUNTRIES):
        plan = plan_routes(mini, wallet, providers, country)
        unnoted = sorted((replace(r, rank_note="") for r in plan.routes), key=rank_key)
        assert _rank_notes(unnoted) == rank_notes_by_scan(unnoted) == plan.routes
        # With every other route's fees flipped between stated and not, routes with unknown fees
        # sit beside ones with known fees whatever the fixture's fees are; reversed, the routes
        # with known fees come first: the other note.
        flipped = [replace(r, fees_stated=not r.fees_stated) if i % 2 else r for i, r in enumerate(unnoted)]
        for routes in (flipped, flipped[::-1], unnoted[::-1]):
            noted = _rank_notes(routes)
            assert noted == rank_notes_by_scan(routes)
            notes.update(r.rank_note.split(" ")[1] for r in noted if r.rank_note)
    assert notes == {"before", "after"}


def display_width_by_scan(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text
    )


@given(st.text(max_size=40) | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_display_width_matches_the_scan(text: str) -> None:
    assert display_width(text) == display_width_by_scan(text)
    assert display_width_by_scan(truncate(text, 10)) <= 10
