"""Full collections wait for a pause in the input; the collector's thresholds are given back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from cnai_pay.collector import BACKSTOP, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def full_runs() -> Iterator[list[int]]:
    """How many full collections started, and the thresholds as they were before the test."""
    thresholds = gc.get_threshold()
    runs: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            runs.append(1)

    gc.callbacks.append(seen)
    try:
        yield runs
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*thresholds)


def make_due(collector: IdleCollector) -> None:
    assert collector.found is not None
    for _ in range(collector.found[2]):
        gc.collect(1)  # each collection of the younger generations counts towards the next full one


def test_a_full_collection_waits_for_a_pause_in_the_input(full_runs: list[int]) -> None:
    clock = Clock()
    collector = IdleCollector(quiet=1.0, clock=clock)
    collector.start()
    make_due(collector)
    assert collector.due
    collector.busy()
    clock.now += 0.5
    assert not collector.collect_if_idle() and not full_runs  # typing: not yet
    clock.now += 0.6
    assert collector.collect_if_idle() and len(full_runs) == 1
    assert not collector.due and not collector.collect_if_idle()  # nothing more to do while idle
    collector.stop()


def test_only_full_collections_are_held_back_and_the_thresholds_come_back(full_runs: list[int]) -> None:
    before = gc.get_threshold()
    collector = IdleCollector()
    collector.start()
    collector.start()  # twice: still the thresholds found the first time
    young, middle, full = gc.get_threshold()
    assert (young, middle) == before[:2] and full == before[2] * BACKSTOP
    collector.stop()
    assert gc.get_threshold() == before
    collector.stop()
    assert gc.get_threshold() == before and not collector.due


def test_not_started_it_never_collects(full_runs: list[int]) -> None:
    clock = Clock()
    collector = IdleCollector(clock=clock)
    clock.now += 60
    assert not collector.collect_if_idle() and not full_runs


async def test_the_app_holds_full_collections_back_while_keys_come(app_factory) -> None:
    before = gc.get_threshold()
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        # The collector is set once the first frame is drawn, which may come just after a pause.
        for _ in range(200):
            await pilot.pause(0.01)
            if app.collector.found is not None:
                break
        assert gc.get_threshold()[2] == before[2] * BACKSTOP
        app.collector.last_input = 0.0
        await pilot.press("down")
        assert app.collector.last_input > 0.0  # a key counts as input
    assert gc.get_threshold() == before
