"""Snapshot tests of the main views at fixed sizes, on the fixture catalogue (reviewed by eye before accepting).

Each test builds its own app with its files in the test's temp folder, so no
state leaks between snapshots; the date is fixed, so the data's age is too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import mini_app, move_to


def test_grid_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(80, 24))


def test_grid_120x40(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(120, 40))


def test_grid_filtered_with_wallet(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        # The wallet picker lists the methods in data order: Visa, American Express, PayPal, …
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("down", "space", "down", "space", "escape")
        await pilot.pause()
        await move_to(pilot, "gamma", "amex")

    assert snap_compare(mini_app(tmp_path), terminal_size=(120, 30), run_before=run_before)


def test_grid_country_my_100x30(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("g", *"MY", "enter")
        await pilot.pause()
        await move_to(pilot, "beta", "amex")

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_evidence_beta_amex(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()  # run_before starts before the grid is mounted
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 34), run_before=run_before)


async def _open_gamma_amex_checklist(pilot) -> None:
    await pilot.pause()  # run_before starts before the grid is mounted
    await move_to(pilot, "gamma", "amex")
    await pilot.press("p")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    # Tick the first step, then tab into the steps and put their cursor on the third.
    await pilot.press("space", "tab", "down", "down")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()


def test_checklist_open_120x40(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(120, 40), run_before=_open_gamma_amex_checklist)


def test_checklist_open_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(80, 24), run_before=_open_gamma_amex_checklist)


@pytest.mark.parametrize("key", ["v", "r", "t", "s", "question_mark"])
def test_pane_100x30(snap_compare, tmp_path: Path, key: str) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 30), press=[key])


def test_grid_no_color(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without colour every status still reads as glyph + word.
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 24))


def test_setup_dialog_no_color(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without colour the dialog's focus is drawn by style: the platform's drop-down open in a frame,
    # its highlighted row bold and underlined, the main button underlined.
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await pilot.pause()  # run_before starts before the grid is mounted
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_grid_light_theme(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 24), run_before=run_before)


def test_too_small_20x6(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=(20, 6))
