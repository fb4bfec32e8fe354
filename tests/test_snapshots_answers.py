"""Snapshot tests of the answer views on the mini fixture: the grid at two sizes, the routes pane for a
remembered wallet and country, and the preview on a disputed cell (reviewed by eye before accepting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cnai_pay.profile import Profile, save_profile

from .conftest import mini_app, move_to


def test_grid_160x50(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(160, 50))


def test_routes_for_visa_and_paypal_in_de(snap_compare, tmp_path: Path) -> None:
    # Set as the app would have saved it: the wallet picker and the country prompt write this file.
    assert save_profile(tmp_path, Profile(country="DE", wallet=["paypal", "visa"])) == ""

    async def run_before(pilot: Any) -> None:
        await pilot.press("u")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(110, 34), run_before=run_before)


def test_preview_on_beta_amex(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()  # run_before starts before the grid screen is composed
        await move_to(pilot, "beta", "amex")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 28), run_before=run_before)
