"""Snapshot tests of the main views at fixed sizes (reviewed by eye before accepting)."""

from __future__ import annotations

import pytest

from cnai_pay.catalog import load_catalog
from cnai_pay.tui.app import CnaiPayApp

from .conftest import TODAY


def shipped_app() -> CnaiPayApp:
    return CnaiPayApp(load_catalog(), today=TODAY)


def test_grid_80x24(snap_compare) -> None:
    assert snap_compare(shipped_app(), terminal_size=(80, 24))


def test_grid_120x40(snap_compare) -> None:
    assert snap_compare(shipped_app(), terminal_size=(120, 40))


def test_grid_filtered_with_wallet(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("slash", "q", "enter")
        pilot.app.set_filter(wallet=frozenset({"paypal", "amex"}))

    assert snap_compare(shipped_app(), terminal_size=(120, 30), run_before=run_before)


def test_evidence_qwen_amex(snap_compare) -> None:
    # Qwen is the second row; American Express the third method column.
    assert snap_compare(shipped_app(), terminal_size=(100, 34), press=["down", "right", "right", "enter"])


async def _open_together_visa_checklist(pilot) -> None:
    await pilot.press(*["down"] * 5, "p")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("space", "down", "down")
    await pilot.pause()


def test_checklist_open_120x40(snap_compare) -> None:
    assert snap_compare(shipped_app(), terminal_size=(120, 40), run_before=_open_together_visa_checklist)


def test_checklist_open_80x24(snap_compare) -> None:
    assert snap_compare(shipped_app(), terminal_size=(80, 24), run_before=_open_together_visa_checklist)


@pytest.mark.parametrize("key", ["v", "r", "t", "s", "question_mark"])
def test_pane_100x30(snap_compare, key: str) -> None:
    assert snap_compare(shipped_app(), terminal_size=(100, 30), press=[key])


def test_grid_no_color(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without colour every status still reads as glyph + word.
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(shipped_app(), terminal_size=(100, 24))


def test_grid_light_theme(snap_compare) -> None:
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"

    assert snap_compare(shipped_app(), terminal_size=(100, 24), run_before=run_before)


def test_too_small_20x6(snap_compare) -> None:
    assert snap_compare(shipped_app(), terminal_size=(20, 6))
