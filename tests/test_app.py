"""Pilot tests of the grid screen: the keys do what the footer says, and the screen shows it."""

from __future__ import annotations

import tomllib

from textual.message import Message

from cnai_pay.tui.messages import CellHighlighted
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.method_picker import MethodPickerScreen
from cnai_pay.tui.screens.text_prompt import TextPromptScreen
from cnai_pay.tui.widgets.filter_bar import FilterInput
from cnai_pay.tui.widgets.key_footer import KeyFooter
from cnai_pay.tui.widgets.platform_grid import PlatformGrid

from .conftest import move_to
from .tui_helpers import grid, grid_cell, grid_cell_style, grid_rows, grid_screen, lines, status, text

ALL = ["Alpha AI", "Beta Cloud", "Gamma Gate", "Delta Relay"]


async def tick_in_picker(pilot, method_ids: list[str], wanted: str) -> None:
    """Tick one method in an open method picker: its row is the method's place in the data."""
    assert isinstance(pilot.app.screen, MethodPickerScreen)
    await pilot.press(*["down"] * method_ids.index(wanted), "space", "escape")
    await pilot.pause()


async def test_typing_filters_rows_and_count_and_esc_restores(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        assert grid_rows(app) == ALL and status(app).startswith("4 of 4 platforms")
        await pilot.press("slash", *"gate")
        assert isinstance(app.focused, FilterInput)
        await pilot.pause()
        assert grid_rows(app) == ["Gamma Gate", "Delta Relay"]
        assert status(app).startswith("2 of 4 platforms") and 'filters: text "gate"' in status(app)
        # Letters that are grid keys elsewhere (a, w, k, x, q) only type while the input has focus.
        await pilot.press("space", *"relay", "q", "w")
        await pilot.pause()
        assert app.query_one(FilterInput).value == "gate relayqw" and len(app.screen_stack) == 1
        assert grid_rows(app) == [] and "No platform matches the filters" in "\n".join(lines(grid(app)))
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert grid_rows(app) == ["Delta Relay"]
        await pilot.press("escape")
        await pilot.pause()
        assert grid_rows(app) == ALL and "filters" not in status(app)
        assert isinstance(app.focused, PlatformGrid)
        assert app.query_one(FilterInput).value == ""


async def test_enter_keeps_filter_and_moves_to_grid(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"beta", "enter")
        await pilot.pause()
        assert isinstance(app.focused, PlatformGrid)
        assert grid_rows(app) == ["Beta Cloud"] and 'text "beta"' in status(app)
        # Another name the platform is known by matches too.
        await pilot.press("slash", "escape", "slash", *"betanet", "enter")
        await pilot.pause()
        assert grid_rows(app) == ["Beta Cloud"]


async def test_wallet_picker_filters_marks_and_is_saved(app_factory, mini, tmp_path) -> None:
    app = app_factory()
    methods = [m.id for m in mini.methods]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await tick_in_picker(pilot, methods, "paypal")
        # Beta has no PayPal claim; Gamma takes it with a condition, which still counts.
        assert grid_rows(app) == ["Alpha AI", "Gamma Gate", "Delta Relay"]
        assert "wallet PayPal" in status(app)
        # The matching cells stand out in reverse video, the others do not.
        assert grid_cell(app, "Alpha AI", "paypal") == "✓ yes"
        assert grid_cell(app, "Gamma Gate", "paypal") == "◐ cond"
        assert grid_cell_style(app, "Alpha AI", "paypal").reverse
        assert grid_cell_style(app, "Gamma Gate", "paypal").reverse
        assert not grid_cell_style(app, "Delta Relay", "amex").reverse
    saved = tomllib.loads((tmp_path / "state" / "profile.toml").read_text(encoding="utf-8"))
    assert saved["wallet"] == ["paypal"]


async def test_accepts_kind_refund_and_clear(app_factory, mini) -> None:
    app = app_factory()
    methods = [m.id for m in mini.methods]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await tick_in_picker(pilot, methods, "amex")
        # Beta's Amex is conditional (disputed), Gamma's supported: both accept it.
        assert grid_rows(app) == ["Beta Cloud", "Gamma Gate"] and "accepts Amex" in status(app)
        await pilot.press("y")
        await pilot.pause()
        assert grid_rows(app) == ["Beta Cloud"] and "kind direct" in status(app)
        await pilot.press("y")
        await pilot.pause()
        assert grid_rows(app) == ["Gamma Gate"] and "kind gateway" in status(app)
        await pilot.press("b")
        await pilot.pause()
        assert grid_rows(app) == ["Gamma Gate"] and "refund possible" in status(app)
        await pilot.press("x")
        await pilot.pause()
        assert grid_rows(app) == ALL
        assert "filters" not in status(app)


async def test_refund_filter_alone(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert grid_rows(app) == ["Alpha AI", "Gamma Gate"] and "2 of 4 platforms" in status(app)


async def test_enter_on_cell_shows_evidence_with_source_url(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        summary = text(app.screen.query_one("#evidence-summary"))
        assert summary.startswith("Beta Cloud × American Express")
        assert "disputed" in summary and "A third-party guide" in summary
        claims = "\n".join(lines(app.screen.query_one("#evidence-claims")))
        assert "https://beta.example/help/payment" in claims and "https://guide.example/payments" in claims
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EvidenceScreen)
        assert grid(app).selected_cell().method.id == "amex"
        assert grid_cell(app, "Beta Cloud", "amex") == "◐ cond!"


async def test_cursor_stays_on_platform_through_filtering(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "gamma", "amex")
        await pilot.press("slash", *"gam", "enter")
        await pilot.pause()
        assert grid_rows(app) == ["Gamma Gate"]
        cell = grid(app).selected_cell()
        assert (cell.platform.id, cell.method.id) == ("gamma", "amex")
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert grid_rows(app) == ALL
        cell = grid(app).selected_cell()
        assert (cell.platform.id, cell.method.id) == ("gamma", "amex")


async def test_grid_posts_cell_highlighted_on_every_move(app_factory) -> None:
    seen: list[CellHighlighted] = []

    def hook(message: Message) -> None:
        # The hook sees a message at every pump it bubbles through: keep each one once.
        if isinstance(message, CellHighlighted) and not any(message is m for m in seen):
            seen.append(message)

    app = app_factory()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        seen.clear()
        await move_to(pilot, "beta", "amex")
        assert [(m.cell.platform.id, m.cell.method.id) for m in seen] == [("beta", "visa"), ("beta", "amex")]
        # The message carries the cell the grid draws under the cursor, and the preview follows it.
        assert seen[-1].cell.text == grid_cell(app, "Beta Cloud", "amex") == "◐ cond!"
        await pilot.pause()
        assert text(grid_screen(app).query_one("#preview")).startswith(
            "Beta Cloud × American Express: ◐ conditional · ! disputed"
        )
        seen.clear()
        await move_to(pilot, "delta", "visa")
        assert (seen[-1].cell.platform.id, seen[-1].cell.method.id) == ("delta", "visa")
        assert seen[-1].cell.text == grid_cell(app, "Delta Relay", "visa") == "✗ no*"
        # Filtering every row away leaves no cell under the cursor.
        seen.clear()
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert grid_rows(app) == [] and seen and seen[-1].cell is None


async def test_country_resolves_region_scoped_cells_and_is_remembered(app_factory, tmp_path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        assert grid_cell(app, "Beta Cloud", "amex") == "◐ cond!" and "for " not in status(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press(*"MY", "enter")
        await pilot.pause()
        assert grid_cell(app, "Beta Cloud", "amex") == "✗ no@"
        assert status(app).startswith("4 of 4 platforms") and "for MY" in status(app)
        # Cells that do not depend on the region are unchanged.
        assert grid_cell(app, "Gamma Gate", "amex") == "✓ yes"
    profile = tomllib.loads((tmp_path / "state" / "profile.toml").read_text(encoding="utf-8"))
    assert profile["country"] == "MY"

    again = app_factory()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "for MY" in status(again) and grid_cell(again, "Beta Cloud", "amex") == "✗ no@"
        # Unset it again: an empty answer.
        await pilot.press("g", "backspace", "backspace", "enter")
        await pilot.pause()
        assert "for " not in status(again) and grid_cell(again, "Beta Cloud", "amex") == "◐ cond!"


async def test_unknown_country_is_refused_and_changes_nothing(app_factory, tmp_path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("g", *"ZZ", "enter")
        await pilot.pause()
        # The dialog stays open with the reason, so the typed code can be corrected.
        assert isinstance(app.screen, TextPromptScreen)
        message = str(app.screen.query_one("#prompt-message").render())
        assert "'ZZ' is not an ISO 3166 two-letter country code" in message
        await pilot.press("escape")
        await pilot.pause()
        assert "for " not in status(app) and grid_cell(app, "Beta Cloud", "amex") == "◐ cond!"
    assert not (tmp_path / "state" / "profile.toml").exists()


async def test_palette_reaches_filter_actions(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"accepts amer", "enter")
        await pilot.pause()
        assert grid_rows(app) == ["Beta Cloud", "Gamma Gate"] and "accepts Amex" in status(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"kind gate", "enter")
        await pilot.pause()
        assert grid_rows(app) == ["Gamma Gate"] and "kind gateway" in status(app)


async def test_footer_shows_the_grid_keys_and_the_palette(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        keys = [key.text for key in grid_screen(app).query_one(KeyFooter).shown]
        for shown in ("/ Filter", "g Country", "c Checklist", "p Plan", "? Help", "q Quit", "^p palette"):
            assert shown in keys, (shown, keys)


async def test_small_terminal_draws_the_grid(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("slash", "q", "escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.focused, PlatformGrid)
        assert grid_rows(app)[:2] == ["Alpha AI", "Beta Cloud"]
        # Too narrow for words: each cell is its glyph and its strongest mark, the legend spells them out.
        assert grid_cell(app, "Beta Cloud", "amex") == "◐!"
        await move_to(pilot, "delta", "virtual_card")
        assert "Delta Relay" in grid_rows(app)
        assert grid_cell(app, "Delta Relay", "virtual_card") == "?"
        assert grid_cell(app, "Delta Relay", "visa") == "✗*"
