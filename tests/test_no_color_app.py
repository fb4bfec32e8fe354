"""NO_COLOR (and TERM=dumb, which sets it): the app draws no colour at all, and what colour told
apart is told by text style: the grid's cursor, a table's highlighted row, a wallet match."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable

from .conftest import move_to
from .tui_helpers import grid_cell_style


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # Textual reads it when the app is made


async def _wallet(pilot: Any, mini: Any, *wanted: str) -> None:
    """Tick methods in the wallet picker (its rows are the methods in data order) and close it."""
    await pilot.press("w")
    await pilot.pause()
    row = 0
    for index in sorted([m.id for m in mini.methods].index(w) for w in wanted):
        await pilot.press(*["down"] * (index - row), "space")
        row = index
    await pilot.press("escape")
    await pilot.pause()


def _drawn(widget: Widget) -> list[list[Segment]]:
    """The widget's lines as they reach the terminal (the App's line filters applied)."""
    width, height = widget.outer_size
    return [list(strip) for strip in widget.render_lines(Region(0, 0, width, height))]


def _coloured(widget: Widget) -> list[str]:
    return [
        segment.text
        for line in _drawn(widget)
        for segment in line
        if segment.style is not None
        and any(colour is not None and not colour.is_default for colour in (segment.style.color, segment.style.bgcolor))
    ]


def _reversed_rows(table: DataTable[Any]) -> list[str]:
    return ["".join(s.text for s in line) for line in _drawn(table) if any(s.style and s.style.reverse for s in line)]


async def test_no_widget_draws_a_colour(app_factory: Any, mini: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("down", "space")
        for keys in ([], ["escape"], ["u"]):
            await pilot.press(*keys)
            await pilot.pause()
            for widget in [app.screen, *app.screen.walk_children(Widget)]:
                if widget.display and widget.outer_size.area:
                    assert _coloured(widget) == [], (keys, widget)


async def test_the_grid_cursor_and_wallet_marks_stand_out_without_colour(app_factory: Any, mini: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await _wallet(pilot, mini, "paypal")
        await move_to(pilot, "alpha", "visa")
        cursor = grid_cell_style(app, "Alpha AI", "visa")
        assert cursor.reverse and cursor.bold
        # A wallet match is underlined: reverse is the cursor's alone.
        mark = grid_cell_style(app, "Gamma Gate", "paypal")
        assert mark.underline and not mark.reverse
        plain = grid_cell_style(app, "Alpha AI", "amex")
        assert not plain.reverse and not plain.underline
        await move_to(pilot, "gamma", "paypal")
        assert grid_cell_style(app, "Gamma Gate", "paypal").reverse
        assert not grid_cell_style(app, "Alpha AI", "visa").reverse


async def test_a_tables_highlighted_row_stands_out_without_colour(app_factory: Any, mini: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _wallet(pilot, mini, "visa", "paypal")
        await pilot.press("u")
        await pilot.pause()
        table = app.screen.query_one("#routes-table", DataTable)
        assert table.has_focus
        for _ in range(2):
            platform, method = (str(cell) for cell in table.get_row_at(table.cursor_row)[1:3])
            highlighted = _reversed_rows(table)
            assert len(highlighted) == 1 and platform in highlighted[0] and method in highlighted[0]
            await pilot.press("down")
            await pilot.pause()
