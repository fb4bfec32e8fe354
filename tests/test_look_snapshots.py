"""Snapshots of the first run and of the grid at its largest size, in the project's own look
(each looked at as PNG before being accepted)."""

from __future__ import annotations

from pathlib import Path

from cnai_pay.loading import load_catalog

from .conftest import MINI, make_app


def test_first_run_80x24(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*"de", "tab", *"visa paypal")
        await pilot.pause()

    app = make_app(load_catalog(MINI, use_cache=False), tmp_path, welcome=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_grid_200x50(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.screen.set_filter(wallet=frozenset({"visa", "paypal"}))
        await pilot.pause()

    app = make_app(load_catalog(MINI, use_cache=False), tmp_path)
    assert snap_compare(app, terminal_size=(200, 50), run_before=run_before)
