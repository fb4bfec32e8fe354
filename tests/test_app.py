"""Pilot tests: the keys do what the footer says."""

from __future__ import annotations

from cnai_pay.tui.app import CnaiPayApp
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.widgets.filter_bar import FilterInput
from cnai_pay.tui.widgets.platform_grid import PlatformGrid
from cnai_pay.tui.widgets.status_line import StatusLine

from .conftest import TODAY


def make_app(catalog) -> CnaiPayApp:
    return CnaiPayApp(catalog, today=TODAY)


def rows(app: CnaiPayApp) -> list[str]:
    return [p.id for p in app.query_one(PlatformGrid).shown]


def status(app: CnaiPayApp) -> str:
    return str(app.query_one(StatusLine).render())


async def test_typing_filters_rows_and_count_and_esc_restores(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "4 of 4 platforms" in status(app)
        await pilot.press("slash", *"gate")
        assert isinstance(app.focused, FilterInput)
        assert rows(app) == ["gamma", "delta"]
        assert "2 of 4 platforms" in status(app)
        # Letters that are grid keys elsewhere (a, w, k, x, q) only type while the input has focus.
        await pilot.press("space", *"relay")
        assert rows(app) == ["delta"] and app.is_running and len(app.screen_stack) == 1
        await pilot.press("escape")
        assert rows(app) == ["alpha", "beta", "gamma", "delta"]
        assert isinstance(app.focused, PlatformGrid)
        assert app.query_one(FilterInput).value == ""


async def test_enter_keeps_filter_and_moves_to_grid(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"beta", "enter")
        assert isinstance(app.focused, PlatformGrid)
        assert rows(app) == ["beta"] and 'text "beta"' in status(app)


async def test_wallet_picker_filters_and_marks(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        # The third method in the mini catalogue is PayPal.
        await pilot.press("down", "down", "space", "escape")
        await pilot.pause()
        assert app.grid_filter.wallet == {"paypal"}
        assert rows(app) == ["alpha", "delta"]
        assert "wallet PayPal" in status(app)


async def test_accepts_kind_refund_and_clear(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("down", "space", "escape")  # American Express
        await pilot.pause()
        assert rows(app) == ["beta", "gamma"]
        await pilot.press("k")
        assert rows(app) == ["beta"] and "kind direct" in status(app)
        await pilot.press("k")
        assert rows(app) == ["gamma"]
        await pilot.press("b")
        assert rows(app) == ["gamma"] and "refund possible" in status(app)
        await pilot.press("x")
        assert rows(app) == ["alpha", "beta", "gamma", "delta"]
        assert "filters" not in status(app)


async def test_enter_on_cell_shows_evidence_with_source_url(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "right", "enter")  # Beta Cloud × Amex
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        from cnai_pay.tui.screens.evidence import evidence_text

        text = str(evidence_text(app.screen.cell))
        assert str(app.screen.query_one("#evidence-summary").render()).startswith("Beta Cloud × American Express")
        assert "Beta Cloud × American Express" in text
        assert "https://beta.example/help/payment" in text
        assert "disputed" in text and "A third-party guide" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EvidenceScreen)
        assert app.query_one(PlatformGrid).selected_cell().method.id == "amex"


async def test_cursor_stays_on_platform_through_filtering(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down", "right")  # Gamma × Amex
        await pilot.press("slash", *"gam", "enter")
        grid = app.query_one(PlatformGrid)
        assert grid.selected_cell().platform.id == "gamma"
        await pilot.press("slash", "escape")
        assert grid.selected_cell().platform.id == "gamma" and grid.selected_cell().method.id == "amex"


async def test_palette_reaches_filter_actions(mini) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Accepts: American", "enter")
        await pilot.pause()
        assert app.grid_filter.accepts == {"amex"}
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"kind gateway", "enter")
        await pilot.pause()
        assert rows(app) == ["gamma"]


async def test_small_terminal_draws(shipped) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("slash", "q", "escape", "enter")
        await pilot.pause()
        assert app.is_running
