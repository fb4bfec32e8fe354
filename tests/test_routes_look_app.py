"""Pilot tests of how routes read: the deciding condition in the routes pane and the peek, and a table
that fits 80 columns by wrapping instead of cutting its flags off."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from cnai_pay.domain.catalog import Catalog
from cnai_pay.profile import Profile, save_profile
from cnai_pay.routes import plan_routes
from cnai_pay.tui.screens.routes import RoutesScreen
from cnai_pay.tui.widgets.routes_peek import RoutesPeek

from .tui_helpers import flat, grid_screen, lines

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
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
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
