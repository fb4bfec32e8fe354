"""Tick latency at the largest checklist the app accepts.

    python benchmarks/tick_latency.py [--ticks N] [--data DIR]

Builds a checklist at the limits (`MAX_STEPS` steps with `MAX_TEXT` characters
of text and a `MAX_NOTE`-character note each), saves it as the autosave in a
temporary CNAI_PAY_HOME, starts the app headless at 120×40 with the panel open
and presses space N times (100 by default), moving down between ticks. Each
sample is the time from the key press to the end of the first screen update
after the tick's handler ran (Textual's `App.post_display_hook`): key to
redrawn step, taken inside the app, so Pilot's own waiting is not counted.
Printed as p50 / p99 / max, with the collector's runs that started inside a
tick's handler, between a key and its redrawn step, and anywhere in the run,
with the longest pauses (`gc.callbacks`). CPU time is the whole process's
(every thread): per tick from the key to the redrawn step, and over the run.
The write to disk happens in a worker thread and is timed separately. `--data
DIR` runs on another catalogue (a synthetic one of 10,000 platforms, say)
instead of the test fixture. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def big_checklist(small: bool = False, platform: tuple[str, str] = ("alpha", "Alpha AI")) -> object:
    from cnai_pay.checklist.model import MAX_NOTE, MAX_STEPS, MAX_TEXT, Checklist, Step

    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    words = ("top up only what you need before checking the refund terms " * 40)[: (80 if small else MAX_TEXT - 10)]
    note = ("a pasted note line that goes on\n" * 200)[: (0 if small else MAX_NOTE)]
    steps = [Step(f"step-{i}", f"{i} {words}", note=note) for i in range(12 if small else MAX_STEPS)]
    return Checklist(*platform, "visa", "Visa", 5.0, "USD", 0.0, "", now.date(), steps, now, now)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def measure(ticks: int, small: bool = False, data: Path | None = None) -> dict[str, Any]:
    from cnai_pay.checklist.codec import dumps
    from cnai_pay.checklist.store import ChecklistStore
    from cnai_pay.loading import load_catalog
    from cnai_pay.profile import Profile, save_profile
    from cnai_pay.tui.app import CnaiPayApp

    folder = Path(os.environ["CNAI_PAY_HOME"])
    folder.mkdir(parents=True, exist_ok=True)
    fixture = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini"
    catalog = load_catalog(data or fixture)
    first = catalog.platforms[0]
    checklist = big_checklist(small, (first.id, first.name))
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

    app = CnaiPayApp(catalog, state_folder=folder, export_folder=folder)
    samples: list[float] = []
    handler: list[float] = []
    cpu: list[float] = []
    pauses: list[float] = []
    in_handler = {"now": False, "collections": 0}
    in_tick = {"now": False, "collections": 0, "full": 0, "longest": 0.0}
    collector = {"started": 0.0}

    def on_collect(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collector["started"] = time.perf_counter()
            in_handler["collections"] += in_handler["now"]
            in_tick["collections"] += in_tick["now"]
            in_tick["full"] += in_tick["now"] and info["generation"] == 2
        else:
            pauses.append(time.perf_counter() - collector["started"])
            if in_tick["now"]:
                in_tick["longest"] = max(in_tick["longest"], pauses[-1])

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid: Any = app.screen
        grid.query_one("#checklist-steps").focus()
        await pilot.pause()
        controller = grid.checklist_controller
        tick = controller.actions["tick_step"]
        mark: dict[str, float | None] = {"handled": None, "painted": None, "painted_cpu": None}

        def timed_tick() -> None:  # what the key runs, on the event loop: tick, panel, snapshot
            in_handler["now"] = True
            start = time.perf_counter()
            try:
                tick()
            finally:
                handler.append(time.perf_counter() - start)
                in_handler["now"] = False
                mark["handled"] = time.perf_counter()

        def on_paint() -> None:
            if mark["handled"] is not None and mark["painted"] is None:
                mark["painted"] = time.perf_counter()
                mark["painted_cpu"] = time.process_time()
                in_tick["now"] = False

        controller.actions["tick_step"] = timed_tick
        app.post_display_hook = on_paint
        gc.callbacks.append(on_collect)
        run_cpu = time.process_time()
        try:
            for _ in range(ticks):
                mark.update(handled=None, painted=None, painted_cpu=None)
                start, start_cpu = time.perf_counter(), time.process_time()
                in_tick["now"] = True
                await pilot.press("space")
                while mark["painted"] is None and time.perf_counter() - start < 10:
                    await pilot.pause()
                in_tick["now"] = False
                samples.append((mark["painted"] or time.perf_counter()) - start)
                cpu.append((mark["painted_cpu"] or time.process_time()) - start_cpu)
                await app.workers.wait_for_complete()
                await pilot.press("down")
            await app.workers.wait_for_complete()
            run_cpu = time.process_time() - run_cpu
        finally:
            gc.callbacks.remove(on_collect)
    return {
        "samples": samples,
        "writes": writes,
        "handler": handler,
        "cpu": cpu,
        "run_cpu": run_cpu,
        "collections_in_handler": in_handler["collections"],
        "collections_in_tick": in_tick["collections"],
        "full_collections_in_tick": in_tick["full"],
        "longest_pause_in_tick": in_tick["longest"],
        "collections": len(pauses),
        "longest_pause": max(pauses, default=0.0),
        "platforms": len(catalog.platforms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=100)
    parser.add_argument("--data", type=Path, help="a data folder instead of the test fixture")
    args = parser.parse_args()
    for label, small in (("12 short steps", True), ("at the limits", False)):
        with tempfile.TemporaryDirectory(prefix="cnai-pay-tick-") as home:
            os.environ["CNAI_PAY_HOME"] = home
            result = asyncio.run(measure(args.ticks, small, args.data))
        ms = [s * 1000 for s in result["samples"]]
        handler = result["handler"]
        print(f"{label} ({result['platforms']:,} platforms):")
        print(
            f"  key to redrawn step, {len(ms)} ticks: p50 {percentile(ms, 50):.1f} ms, "
            f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms"
        )
        print(
            f"  tick handler on the event loop: median {statistics.median(handler) * 1000:.1f} ms, "
            f"max {max(handler) * 1000:.1f} ms; collector runs inside it: {result['collections_in_handler']}; "
            f"longest collector pause in the run: {result['longest_pause'] * 1000:.1f} ms"
        )
        cpu = [c * 1000 for c in result["cpu"]]
        print(
            f"  CPU, all threads: key to redrawn step median {statistics.median(cpu):.1f} ms, "
            f"p99 {percentile(cpu, 99):.1f} ms; the whole run {result['run_cpu']:.2f} s"
        )
        print(
            f"  collector: {result['collections']} runs in the run, {result['collections_in_tick']} of them "
            f"from a key to its redrawn step ({result['full_collections_in_tick']} full, the longest "
            f"{result['longest_pause_in_tick'] * 1000:.1f} ms)"
        )
        print(f"  autosave write (worker thread): median {statistics.median(result['writes']) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
