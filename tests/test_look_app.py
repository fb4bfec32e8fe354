"""Pilot tests for how the app looks and first meets the user: the first frame, the first run,
the hint, the head key, the theme and the mouse."""

from __future__ import annotations

from typing import Any

import pytest

from cnai_pay.tui.widgets.grid_layout import choose_layout
from cnai_pay.tui.widgets.platform_grid import PlatformGrid

from . import tui_helpers as ui


@pytest.mark.parametrize("size", [(120, 40), (44, 20)])
async def test_the_first_painted_frame_has_the_final_layout(
    app_factory: Any, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    drawn: list[str] = []
    render_line = PlatformGrid.render_line

    def recording(self: PlatformGrid, y: int) -> Any:
        strip = render_line(self, y)
        if y == 0:
            drawn.append(self.grid_layout.mode)
        return strip

    monkeypatch.setattr(PlatformGrid, "render_line", recording)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        grid = ui.grid(app)
        final = choose_layout(grid._layouts, grid.scrollable_content_region.width).mode
        assert drawn, "the grid was never drawn"
        assert set(drawn) == {final}, drawn
