"""Snapshots of the routes pane at 80 columns (conditions and flags wrapped in their rows) and of the
next steps after a decline (reviewed by eye, as PNG, before accepting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cnai_pay.profile import Profile, save_profile

from .conftest import mini_app
from .tui_helpers import plan_checklist

WALLET = Profile(country="DE", wallet=["visa", "amex", "paypal", "virtual_card"], providers=["cardco"])


def test_routes_80x24_with_every_method(snap_compare, tmp_path: Path) -> None:
    assert save_profile(tmp_path, WALLET) == ""

    async def run_before(pilot: Any) -> None:
        await pilot.press("u")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_next_steps_after_a_decline_100x30(snap_compare, tmp_path: Path) -> None:
    assert save_profile(tmp_path, WALLET) == ""

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("down", "enter", "tab", "enter", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 30), run_before=run_before)
