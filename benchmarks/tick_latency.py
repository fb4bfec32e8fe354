"""Tick latency at the largest checklist the app accepts.

    python benchmarks/tick_latency.py [--ticks N]

Builds a checklist at the limits (`MAX_STEPS` steps with `MAX_TEXT` characters
of text and a `MAX_NOTE`-character note each), saves it as the autosave in a
temporary CNAI_PAY_HOME, starts the app headless at 120×40 with the panel open
and presses space N times, moving down between ticks. Each sample is the time
from the key press to the screen having processed it and redrawn (Pilot's
press plus a pause), so it is an upper bound on what a user waits. The write
to disk happens in a worker thread and is timed separately. Prints medians;
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def big_checklist(small: bool = False) -> object:
    from cnai_pay.checklist.model import MAX_NOTE, MAX_STEPS, MAX_TEXT, Checklist, Step

    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    words = ("top up only what you need before checking the refund terms " * 40)[: (80 if small else MAX_TEXT - 10)]
    note = ("a pasted note line that goes on\n" * 200)[: (0 if small else MAX_NOTE)]
    steps = [Step(f"step-{i}", f"{i} {words}", note=note) for i in range(12 if small else MAX_STEPS)]
    return Checklist("alpha", "Alpha AI", "visa", "Visa", 5.0, "USD", 0.0, "", now.date(), steps, now, now)


async def measure(ticks: int, small: bool = False) -> tuple[list[float], list[float], list[float]]:
    from cnai_pay.checklist.codec import dumps
    from cnai_pay.checklist.store import ChecklistStore
    from cnai_pay.loading import load_catalog
    from cnai_pay.profile import Profile, save_profile
    from cnai_pay.tui.app import CnaiPayApp

    folder = Path(os.environ["CNAI_PAY_HOME"])
    folder.mkdir(parents=True, exist_ok=True)
    checklist = big_checklist(small)
    text = dumps(checklist)  # type: ignore[arg-type]
    (folder / "checklist.toml").write_text(text, encoding="utf-8")
    save_profile(folder, Profile(panel_open=True))
    print(f"checklist file: {len(text) / 1e6:.1f} MB")

    store = ChecklistStore(folder / "write-test")
    writes = []
    for _ in range(5):
        start = time.perf_counter()
        store.save(checklist)  # type: ignore[arg-type]
        writes.append(time.perf_counter() - start)

    data = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini"
    app = CnaiPayApp(load_catalog(data, use_cache=False), state_folder=folder, export_folder=folder)
    samples, handler = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid: Any = app.screen
        grid.query_one("#checklist-steps").focus()
        await pilot.pause()
        for _ in range(ticks):
            start = time.perf_counter()
            grid.action_tick_step()  # what the key runs, on the event loop: tick, panel, snapshot
            handler.append(time.perf_counter() - start)
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            await pilot.press("space")
            await pilot.pause()
            samples.append(time.perf_counter() - start)
            await app.workers.wait_for_complete()
            await pilot.press("down")
        await app.workers.wait_for_complete()
    return samples, writes, handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=40)
    args = parser.parse_args()
    for label, small in (("12 short steps", True), ("at the limits", False)):
        with tempfile.TemporaryDirectory(prefix="cnai-pay-tick-") as home:
            os.environ["CNAI_PAY_HOME"] = home
            samples, writes, handler = asyncio.run(measure(args.ticks, small))
        ms = sorted(s * 1000 for s in samples)
        print(
            f"{label}: tick handler on the event loop: median {statistics.median(handler) * 1000:.1f} ms, "
            f"max {max(handler) * 1000:.1f} ms"
        )
        print(
            f"{label}: key to redrawn screen (Pilot press + pause), {len(ms)} ticks: median "
            f"{statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms"
        )
        print(f"{label}: autosave write (worker thread): median {statistics.median(writes) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
