"""Snapshot of the list of saved checklists (reviewed by eye as PNG before accepting)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cnai_pay.checklist import codec
from cnai_pay.checklist.model import Outcome
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.loading import load_catalog

from .conftest import MINI, mini_app

WHEN = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def _saved_checklists(state: Path) -> None:
    """The open one (Gamma × Amex) and three kept ones, one declined, one with a card provider."""
    catalog = load_catalog(MINI, use_cache=False)
    kept = state / "checklists"
    kept.mkdir(parents=True)
    open_one = build_checklist(catalog, "gamma", "amex", now=WHEN + dt.timedelta(days=3))
    (state / "checklist.toml").write_text(codec.dumps(open_one, catalog), encoding="utf-8")
    alpha = build_checklist(catalog, "alpha", "visa", now=WHEN + dt.timedelta(days=2))
    alpha.steps[0].done = True
    beta = build_checklist(catalog, "beta", "visa", now=WHEN)
    for step in beta.steps:
        step.done = True
    beta.outcome = Outcome("declined", WHEN, "bank_blocks")
    provider = catalog.providers[0]
    card = build_checklist(catalog, "delta", provider.method, provider_id=provider.id, now=WHEN + dt.timedelta(days=1))
    for checklist in (alpha, beta, card):
        name = ".".join(part for part in checklist.key if part) + ".toml"
        (kept / name).write_text(codec.dumps(checklist, catalog), encoding="utf-8")


def test_the_list_of_checklists_100x30(snap_compare, tmp_path: Path) -> None:
    _saved_checklists(tmp_path)

    async def run_before(pilot) -> None:
        await pilot.pause()  # run_before starts before the grid is mounted
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(mini_app(tmp_path), terminal_size=(100, 30), run_before=run_before)
