"""Snapshots of the models pane at the two sizes the app is checked at (reviewed by eye before accepting)."""

from __future__ import annotations

from pathlib import Path

from cnai_pay.profile import Profile, save_profile

from .conftest import mini_app


async def _open_models(pilot) -> None:
    await pilot.pause()  # run_before starts before the grid is mounted
    await pilot.press("m")
    await pilot.pause()


def _app(tmp_path: Path):  # type: ignore[no-untyped-def]
    save_profile(tmp_path, Profile(country="DE", wallet=["visa"]))
    return mini_app(tmp_path)


def test_models_pane_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=_open_models)


def test_models_pane_120x40(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_open_models)
