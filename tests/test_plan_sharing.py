"""Plans made once and shared; cells decided in one pass; the routes pane ranking in a worker."""

from __future__ import annotations

import copy
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from cnai_pay import routes
from cnai_pay.domain.cards import card_description, card_of
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import Status
from cnai_pay.domain.ranking import decide_cell, named_first, rank_cell_claims, resolve
from cnai_pay.profile import Profile, save_profile
from cnai_pay.tui.screens import routes as routes_screen
from cnai_pay.tui.screens.grid import GridScreen
from cnai_pay.tui.screens.routes import RoutesScreen

WALLET = frozenset({"visa", "amex", "paypal", "virtual_card"})
COUNTRIES = (None, "DE", "SG", "US", "CN", "BR")


def test_decide_cell_gives_what_ranking_resolving_and_naming_gave(mini: Catalog) -> None:
    seen_disputed = seen_several = False
    for platform in mini.platforms:
        for method in mini.methods:
            claims = mini.cell_claims(platform.id, method.id)
            for country in COUNTRIES:
                ranked = rank_cell_claims(((c, mini.sources[c.source]) for c in claims), country)
                status, disputed, ordered = resolve(ranked, Status.UNKNOWN)
                ordered = named_first(ordered)
                if ordered:
                    status = ordered[0].value
                assert decide_cell(claims, mini.sources, country) == (status, disputed, tuple(ordered))
                seen_disputed |= disputed
                seen_several |= len(ordered) > 1
    assert seen_disputed and seen_several  # the fixture reaches the sorting and the dispute


def test_a_cell_answered_for_another_method_is_replace(mini: Catalog) -> None:
    cell = next(c for c in mini.cells("DE") if c.claims)
    other = mini.methods[-1]
    assert cell.answered(other, Status.CONDITIONAL) == replace(cell, method=other, status=Status.CONDITIONAL)


def test_a_card_is_described_the_same_on_every_platform(mini: Catalog) -> None:
    provider = mini.providers[0]
    for platform in mini.platforms:
        for country in COUNTRIES:
            assert card_of(mini, platform.id, provider, country).description == card_description(
                mini, provider, country
            )


def test_a_plan_is_made_once_for_each_wallet_and_country(mini: Catalog) -> None:
    other = copy.copy(mini)  # another catalogue: never served the first one's plans
    assert routes.planned(other, WALLET, frozenset(), "JP") is None
    first = routes.plan_routes(other, WALLET, frozenset(), "JP")
    assert routes.planned(other, WALLET, frozenset(), "JP") is first
    assert routes.plan_routes(other, set(WALLET), frozenset(), "JP") is first  # type: ignore[arg-type]
    assert routes.plan_routes(other, WALLET, frozenset(), "FR") is not first
    assert routes.planned(mini, WALLET, frozenset(), "JP") is None
    # Only the last few are kept, the oldest going first.
    for country in ("AA", "AB", "AC", "AD"):
        routes.plan_routes(other, WALLET, frozenset(), country)
    assert routes.planned(other, WALLET, frozenset(), "JP") is None
    assert routes.planned(other, WALLET, frozenset(), "AD") is not None
    # The same answers as a plan made afresh.
    fresh = routes._plan_routes(other, WALLET, frozenset(), "AD")
    assert routes.planned(other, WALLET, frozenset(), "AD") == fresh


@pytest.fixture
def held_ranking(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every routes pane ranks in a worker, which waits until the test lets it go on."""
    go = threading.Event()
    real = routes.plan_routes

    def held(*args: Any) -> routes.RoutePlan:
        if threading.current_thread() is not threading.main_thread():
            assert go.wait(20)
        return real(*args)

    monkeypatch.setattr(routes_screen, "PLAN_IN_WORKER_FROM", 0)
    monkeypatch.setattr(routes_screen, "plan_routes", held)
    monkeypatch.setattr(routes, "_plans", None)  # nothing planned yet in this process
    return go


async def _until(pilot: Any, done: Any) -> None:
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


async def test_the_routes_pane_opens_at_once_and_ranks_in_a_worker(
    app_factory: Any, tmp_path: Path, held_ranking: threading.Event
) -> None:
    save_profile(tmp_path / "state", Profile(country="DE", wallet=sorted(WALLET)))
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoutesScreen) and screen.ranking
        summary = str(screen.query_one("#routes-summary", Static).render())
        assert "Ranking your routes on 4 platforms" in summary
        await pilot.press("enter")  # nothing to act on yet: said, not ignored
        await pilot.pause()
        assert "Still ranking your routes" in [n.message for n in app._notifications][-1]
        held_ranking.set()
        await _until(pilot, lambda: not screen.ranking)
        await pilot.pause()
        summary = str(screen.query_one("#routes-summary", Static).render())
        assert f"{len(screen.plan.routes)} routes, likeliest first" in summary and screen.plan.routes
        assert screen.query_one(routes_screen.PagedTable).row_count == len(screen.plan.routes)


async def test_esc_while_ranking_goes_back_and_the_ranking_is_kept(
    app_factory: Any, tmp_path: Path, held_ranking: threading.Event
) -> None:
    save_profile(tmp_path / "state", Profile(country="DE", wallet=sorted(WALLET)))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen)
        held_ranking.set()
        catalog = app.screen.catalog
        await _until(pilot, lambda: routes.planned(catalog, WALLET, frozenset(), "DE") is not None)
        await pilot.press("u")  # made already: shown at once, no worker
        await pilot.pause()
        assert isinstance(app.screen, RoutesScreen) and not app.screen.ranking and app.screen.plan.routes
