"""Pilot tests of the models pane (`m`), the grid filter by model and the routes narrowed to a model."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList

from cnai_pay.profile import Profile, save_profile
from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.grid import GridScreen
from cnai_pay.tui.screens.models import ModelsScreen
from cnai_pay.tui.screens.price_detail import PriceDetailScreen
from cnai_pay.tui.screens.routes import RoutesScreen

from .tui_helpers import grid_rows, status


def rows(screen: ModelsScreen) -> list[tuple[str, ...]]:
    table = screen.query_one("#models-table", DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def with_wallet(tmp_path: Path) -> None:
    save_profile(tmp_path / "state", Profile(country="DE", wallet=["visa"]))


async def test_the_filter_keeps_the_platforms_selling_a_model(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", *"orbit two")
        await pilot.pause()
        assert [row.split()[0] for row in grid_rows(app)] == ["Alpha", "Gamma"]
        assert "selling Orbit 2" in status(app)


async def test_m_opens_the_models_pane_ranked_payable_first_then_price(app_factory, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModelsScreen) and screen.model is not None and screen.model.id == "nova-one"
        assert rows(screen) == [
            ("Alpha AI", "0.28", "0.42", "0.028", "1.26", "✓ yes", "2026-11-10"),
            ("Beta Cloud", "0.40+", "1.20+", "?", "2.40", "✓ yes", "2026-05-01 old"),
            ("Gamma Gate", "0.26", "0.38", "?", "1.16", "? unkn", "2026-11-10"),
            ("Delta Relay", "1.00", "3.00", "?", "6.00", "✗ no*", "2026-11-10"),
        ]
        summary = str(screen.query_one("#models-summary").render())
        assert "Nova One (Alpha Labs) · 4 sellers" in summary and "Visa · DE" in summary
        # Typing a model's alias in the search picks it.
        await pilot.press("slash", *"orbit two")
        await pilot.pause()
        assert screen.model.id == "orbit-2" and [r[0] for r in rows(screen)] == ["Alpha AI", "Gamma Gate"]
        options = screen.query_one("#models-list", OptionList)
        assert options.option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        detail = str(screen.query_one("#models-detail").render())
        assert "main price 00:30–16:30 UTC" in detail and "off-peak outside 00:30–16:30 UTC" in detail


async def test_the_pane_keys_evidence_price_plan_and_routes(app_factory, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the payment evidence of the first seller
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        assert (app.screen.cell.platform.id, app.screen.cell.method.id) == ("alpha", "visa")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "down", "i")  # Gamma: its price and the free variant beside it
        await pilot.pause()
        assert isinstance(app.screen, PriceDetailScreen)
        shown = str(app.screen.query_one("#price-detail").render())
        assert "Cached input: unknown" in shown and "alpha/nova-one:free: a different offering" in shown
        assert "https://gamma.example/models" in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        routes = app.screen
        assert isinstance(routes, RoutesScreen) and routes.PANE_TITLE.startswith("Routes to Nova One")
        table = routes.query_one(DataTable)
        assert table.row_count and all(r.platform.id in {"alpha", "beta", "gamma", "delta"} for r in routes.plan.routes)
        assert "3M+1M tokens" in [str(c.label) for c in table.columns.values()]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("up", "up", "p")  # plan on Alpha with the best method: Visa
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, ChecklistSetupScreen) and len(app.screen_stack) == 2
        assert setup.choice_key() == ("alpha", "visa", "")


async def test_p_on_a_platform_the_wallet_cannot_pay_says_why(app_factory, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down", "down", "down", "p")  # Delta refuses Visa
        await pilot.pause()
        assert isinstance(app.screen, ModelsScreen)
        assert any(
            "No method in your wallet is known to work on Delta Relay" in str(n.message) for n in app._notifications
        )


async def test_routes_from_the_grid_narrow_to_the_model_the_filter_names(app_factory, tmp_path: Path) -> None:
    with_wallet(tmp_path)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"orbit 2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen)
        await pilot.press("u")
        await pilot.pause()
        routes = app.screen
        assert isinstance(routes, RoutesScreen) and routes.model_costs
        assert {r.platform.id for r in routes.plan.routes} <= {"alpha", "gamma"}
        assert routes.model_costs["alpha"] == "1.91 USD"
