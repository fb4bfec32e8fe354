"""Pilot tests of how routes read: the deciding condition in the routes pane and the peek, and a table
that fits 80 columns by wrapping instead of cutting its flags off."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from cnai_pay.cli import main
from cnai_pay.domain.catalog import Catalog
from cnai_pay.profile import Profile, save_profile
from cnai_pay.routes import plan_routes, route_key
from cnai_pay.tui import browser
from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen
from cnai_pay.tui.screens.confirm import ConfirmScreen
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.grid import GridScreen
from cnai_pay.tui.screens.next_steps import NextStepsScreen
from cnai_pay.tui.screens.outcome import OutcomeScreen
from cnai_pay.tui.screens.routes import RoutesScreen
from cnai_pay.tui.widgets.cell_preview import CellPreview
from cnai_pay.tui.widgets.next_step import NextStep
from cnai_pay.tui.widgets.routes_peek import RoutesPeek, fitted

from .conftest import MINI, extended_catalog, make_app, move_to
from .tui_helpers import flat, grid_screen, lines, plan_checklist, resize, seen

EVERY_METHOD = ["visa", "amex", "paypal", "virtual_card"]


def with_wallet(tmp_path: Path) -> None:
    # Germany: Beta's Amex resolves to yes there, and Gamma's PayPal stays conditional.
    save_profile(tmp_path / "state", Profile(country="DE", wallet=EVERY_METHOD, providers=["cardco"]))


async def test_at_80_columns_the_routes_table_wraps_its_conditions_and_flags(
    app_factory, mini: Catalog, tmp_path: Path
) -> None:
    with_wallet(tmp_path)
    plan = plan_routes(mini, frozenset(EVERY_METHOD), frozenset({"cardco"}), "DE")
    conditional = next(r for r in plan.routes if r.caveat == "verified PayPal accounts only")
    assert any(r.flags for r in plan.routes)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoutesScreen)
        table = screen.query_one(DataTable)
        # Nothing to scroll sideways to: every column is on screen.
        assert table.max_scroll_x == 0 and table.virtual_size.width <= table.size.width
        # Each row holds its whole condition and flags, wrapped over as many lines as they need.
        for index, route in enumerate(plan.routes):
            shown = flat(str(table.get_row_at(index)[-1]))
            assert "…" not in shown
            assert route.caveat in shown and all(flag.text in shown for flag in route.flags)
        assert any(table.rows[key].height > 1 for key in table.rows)
        # The condition is drawn too, on the conditional route's row, once the cursor brings it into view.
        await pilot.press(*["down"] * plan.routes.index(conditional))
        await pilot.pause()
        assert "verified PayPal accounts only" in flat("\n".join(lines(table)))
        assert "Condition: verified PayPal accounts only" in str(screen.query_one("#routes-detail").render())


async def test_the_routes_table_is_laid_out_again_for_a_new_width(app_factory, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert all(row.height == 1 for row in table.rows.values())
        await pilot.press("down", "down")
        await resize(pilot, 80, 24)
        assert table.max_scroll_x == 0 and any(row.height > 1 for row in table.rows.values())
        assert table.cursor_row == 2


async def test_the_peek_under_the_grid_names_a_routes_condition(app_factory, mini: Catalog, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    plan = plan_routes(mini, frozenset(EVERY_METHOD), frozenset({"cardco"}), "DE")
    number = next(n for n, r in enumerate(plan.routes, start=1) if r.caveat == "verified PayPal accounts only")
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        peek = grid_screen(app).query_one(RoutesPeek)
        row = next(line for line in str(peek.render()).splitlines() if line.lstrip().startswith(f"{number}."))
        assert "Gamma Gate × PayPal" in row and row.endswith("· verified PayPal accounts only")


async def test_a_peek_too_short_for_every_route_says_how_many_more(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    shutil.copytree(MINI, folder)
    many = [f"extra{n:02}" for n in range(30)]
    catalog = extended_catalog(
        folder,
        {
            "platforms.toml": "".join(
                f'[[platform]]\nid = "{p}"\nname = "Extra {p[5:]}"\nkind = "direct"\nsite = "{p}.example"\n'
                f'operator = "Extra"\nsummary = "One more."\n\n'
                for p in many
            ),
            "claims.toml": "".join(
                f'[[claim]]\nplatform = "{p}"\nmethod = "visa"\nstatus = "supported"\nnote = "Cards work."\n'
                f'source = "extras"\nbasis = "stated"\n\n'
                for p in many
            ),
            "sources.toml": '[[source]]\nid = "extras"\ntitle = "Extra pages"\npublisher = "Extra"\n'
            'url = "https://extra.example/pay"\nkind = "official"\npage_date = 2026-05-12\nread_on = 2026-06-01\n',
        },
    )
    state = tmp_path / "state"
    assert save_profile(state, Profile(wallet=["visa"], country="DE")) == ""
    total = len(plan_routes(catalog, frozenset({"visa"}), frozenset(), "DE").routes)
    app = make_app(catalog, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        peek = grid_screen(app).query_one(RoutesPeek)
        lines = str(peek.render()).splitlines()
        assert 1 < len(lines) <= peek.size.height < total
        # The last row says what was left out instead of stopping at a route without a word.
        assert lines[-1].strip() == f"… {total - (len(lines) - 1)} more: u lists them all"


async def test_a_tall_peek_uses_its_rows_for_each_routes_top_up_and_what_would_open_the_rest(
    app_factory, mini: Catalog, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    assert save_profile(state, Profile(wallet=["paypal"], country="DE")) == ""
    plan = plan_routes(mini, frozenset({"paypal"}), frozenset(), "DE")
    app = app_factory()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        peek = grid_screen(app).query_one(RoutesPeek)
        shown = str(peek.render()).splitlines()
        assert [line for line in shown if "first top-up:" in line] == [
            f"      first top-up: {route.cost_text}" for route in plan.routes
        ]
        assert "Not known to work with your wallet:" in shown
        assert all(f"  {opening.text}" in shown for opening in plan.closed)


def test_fitted_keeps_a_row_for_the_more_line_only_when_something_is_left_out() -> None:
    assert fitted(3, 5) == 3 and fitted(5, 5) == 5 and fitted(6, 5) == 4 and fitted(4, 0) == 0 and fitted(2, -3) == 0


# -- after a decline -----------------------------------------------------------------------------------


async def record_decline(pilot: Any, reason: bool = True) -> None:
    """d, "It was declined", the first reason in the list (or none), ctrl+s."""
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OutcomeScreen)
    await pilot.press("down", "enter")
    await pilot.pause()
    if reason:
        await pilot.press("tab", "enter", "down", "enter")
        await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_a_decline_shows_what_to_do_and_p_plans_the_next_route(
    app_factory, mini: Catalog, tmp_path: Path
) -> None:
    with_wallet(tmp_path)
    plan = plan_routes(mini, frozenset(EVERY_METHOD), frozenset({"cardco"}), "DE")
    keys = [route_key(r) for r in plan.routes]
    tried = keys.index(("alpha", "visa", ""))
    following = plan.routes[tried + 1]
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await record_decline(pilot)
        screen = app.screen
        assert isinstance(screen, NextStepsScreen)
        assert grid_screen(app).checklist_controller.checklist.outcome.reason == "bank_blocks"  # type: ignore[union-attr]
        shown = flat(seen(screen.query_one("#next-steps")))
        assert "Declined on Alpha AI × Visa" in shown
        assert "The bank blocks international payments → Tell the bank a day ahead." in shown
        assert f"{following.platform.name} × {following.method_label}" in shown
        await pilot.press("p")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, ChecklistSetupScreen) and len(app.screen_stack) == 2
        assert setup.choice_key() == route_key(following)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen)
        checklist = grid_screen(app).checklist_controller.checklist
        assert checklist is not None and checklist.key == route_key(following)


async def test_a_decline_without_a_reason_points_to_the_list_and_esc_goes_back(app_factory, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await record_decline(pilot, reason=False)
        assert isinstance(app.screen, NextStepsScreen)
        assert "No reason chosen" in flat(seen(app.screen.query_one("#next-steps")))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen)
        assert grid_screen(app).checklist_controller.checklist.key == ("alpha", "visa", "")  # type: ignore[union-attr]


# -- Enter on a source ----------------------------------------------------------------------------------


async def test_enter_on_a_claim_in_the_evidence_asks_before_opening_its_page(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(browser, "open_url", lambda url: opened.append(url) or True)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press("enter")
        await pilot.pause()
        # Asked, with the address shown; the safe answer (Stay) is the one Enter presses.
        assert isinstance(app.screen, ConfirmScreen)
        assert "https://beta.example/help/payment" in flat(seen(app.screen)) and opened == []
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen) and opened == []
        # The second claim, then a yes.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "https://guide.example/payments" in flat(seen(app.screen))
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen) and opened == ["https://guide.example/payments"]


def test_cnai_pay_evidence_and_sources_print_the_addresses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evidence", "--data", str(MINI), "beta", "amex"]) == 0
    evidence = capsys.readouterr().out
    assert "https://beta.example/help/payment" in evidence and "https://guide.example/payments" in evidence
    assert main(["sources", "--data", str(MINI)]) == 0
    assert "https://delta.example/help/checkout" in capsys.readouterr().out


# -- the layout -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 90, 100, 110, 120])
async def test_the_next_step_hint_never_runs_past_the_right_edge(app_factory, width: int) -> None:
    app = app_factory()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        hint = grid_screen(app).query_one(NextStep)
        drawn = lines(hint)
        assert len(drawn) == 1 and drawn[0].startswith(" Next: g your country")
        said = drawn[0].strip()
        # The whole hint, the hint without the steps' names, or those words cut with an ellipsis:
        # never a line the edge cuts off.
        assert said in (str(hint.hint), str(hint.short_hint)) or said.endswith("…"), said
        if width >= 120:
            assert said == str(hint.short_hint)


def blank_run(drawn: list[str]) -> int:
    """The longest run of empty lines in what a widget draws."""
    longest = run = 0
    for line in drawn:
        run = run + 1 if not line.strip() else 0
        longest = max(longest, run)
    return longest


@pytest.mark.parametrize("size", [(120, 40), (160, 50), (200, 50)])
@pytest.mark.parametrize("wallet", [False, True])
async def test_no_block_of_empty_rows_between_the_grid_and_the_preview(
    app_factory, tmp_path: Path, size: tuple[int, int], wallet: bool
) -> None:
    if wallet:
        with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = grid_screen(app)
        shown_grid, preview = screen.query_one("#grid"), screen.query_one(CellPreview)
        for cell in (("alpha", "visa"), ("beta", "amex")):  # a cell with one claim, then one with two
            await move_to(pilot, *cell)
            await pilot.pause()
            # The grid is as tall as its rows; the preview starts right under it and is as tall as what it says.
            assert preview.region.y - shown_grid.region.bottom <= 1
            assert blank_run(lines(shown_grid)) <= 1 and blank_run(lines(preview)) <= 1
            drawn = lines(preview)
            assert drawn[-1].strip(), drawn
        # Never more than its share of the rows, whatever the cell says.
        assert preview.region.height <= size[1] * 0.3 + 1


# -- plain words, the precise term one key away ---------------------------------------------------------


async def test_the_evidence_says_how_a_claim_is_known_in_plain_words_and_t_shows_the_terms(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()
        claims = app.screen.query_one("#evidence-claims")
        plain = flat(seen(claims))
        assert "the platform's own page: the page says so" in plain and "a third-party guide: the page says so" in plain
        assert "stated" not in plain
        await pilot.press("down", "t")
        await pilot.pause()
        precise = flat(seen(claims))
        assert "stated · applies all but MY" in precise and "the page says so" not in precise
        assert claims.highlighted == 1  # the cursor stays on the claim it was on
        await pilot.press("t")
        await pilot.pause()
        assert flat(seen(claims)) == plain


async def test_the_routes_pane_gives_the_reason_in_plain_words_with_the_terms_beside(
    app_factory, tmp_path: Path
) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        detail = str(app.screen.query_one("#routes-detail").render())
        assert "the platform's own page: the page says so (Beta payment methods; official, stated)" in detail


async def test_the_routes_detail_names_the_first_closed_platforms_and_how_many_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cnai_pay.tui.screens import routes as routes_screen

    save_profile(tmp_path / "state", Profile(country="DE", wallet=["virtual_card"]))
    catalog = extended_catalog(shutil.copytree(MINI, tmp_path / "data"), {})
    plan = plan_routes(catalog, frozenset({"virtual_card"}), frozenset(), "DE")
    assert len(plan.closed) > 2 and len(plan.routes) > 1
    monkeypatch.setattr(routes_screen, "CLOSED_SHOWN", 2)
    app = make_app(catalog, tmp_path / "state")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoutesScreen)
        detail = str(screen.query_one("#routes-detail").render())
        closed = detail.split("Not known to work with your wallet\n")[1].splitlines()
        assert closed == [
            *(f"• {o.text}" for o in plan.closed[:2]),
            f"… {len(plan.closed) - 2} more: `cnai-pay routes --all` lists them",
        ]
        # The list is the same under every route: built once, not at each move of the cursor.
        tail = screen.detail_tail
        await pilot.press("down")
        await pilot.pause()
        assert screen.detail_tail is tail and plan.routes[1].platform.name in str(
            screen.query_one("#routes-detail").render()
        )
