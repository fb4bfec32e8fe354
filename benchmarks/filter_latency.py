"""Filter latency: keystroke → updated grid on screen, for synthetic catalogues of 6, 1,000 and 10,000 platforms.

    /tmp/venv/bin/python benchmarks/filter_latency.py            # all three sizes
    /tmp/venv/bin/python benchmarks/filter_latency.py --sizes 6 1000 --reps 3

For each size the script writes a synthetic data folder (benchmarks/synthetic.py)
and then, in a fresh child process (so one size's heap does not slow the next):

1. Load times through the normal loader, with CNAI_PAY_HOME pointing at an
   empty temp folder: "cold" = `load_catalog(folder, use_cache=False)` (parse
   + validate + cross-check, what `data check` pays); "first start" =
   `load_catalog(folder)` with an empty cache (the same plus writing the
   cache); "cached" = `load_catalog(folder)` once the cache exists (digest
   the files + unpickle), median of 3.
2. The real `CnaiPayApp` started headless with `app.run_test(size=(120, 40))`.
   `/` focuses the filter, then the query (default "nimbus 04") is typed one
   key at a time with `pilot.press(key)`; after the last key, Esc clears the
   filter and the sequence is repeated (--reps times; fewer at 10,000).

What one keystroke's latency is, exactly: t0 = perf_counter() just before
`pilot.press(key)`. The screen's `_compositor_refresh` (the step that renders
the changed widgets' lines into the screen update; in headless mode the only
thing skipped is writing the escape codes to a terminal) is wrapped to note
the time of every paint. The latency is the end of the first paint, after t0,
at which the filter shows the typed text and the grid holds exactly the
expected platforms (PlatformGrid.shown ids == Catalog.filter_platforms(...)
for that text, and DataTable.row_count agrees). `pilot.pause()` is only used
to poll; its own 20 ms idle waits are not counted. The time includes Textual's
screen-update timer (up to 1/60 s after the change), i.e. what a user sees.
Also reported: the CPU time spent inside `app.refresh_grid` per keystroke
(the filter + grid rebuild alone), when the app has that method.

"Burst": the whole query is sent as key events at once (a fast typist or a
key storm), and the time from the first key to the first paint that shows the
final result is reported, with the number of grid rebuilds it took. If stale
work is cancelled, the burst costs little more than one keystroke.

The Input's cursor blink is switched off so that its timer does not add paints.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DEFAULT_QUERY = "nimbus 04"
TODAY = dt.date(2026, 11, 26)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation): the value below which pct % of the samples lie."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def key_name(char: str) -> str:
    return "space" if char == " " else char


# ---------------------------------------------------------------------------
# The child: one catalogue size


def time_loads(folder: Path) -> dict[str, float]:
    from cnai_pay.catalog import load_catalog

    start = time.perf_counter()
    load_catalog(folder, use_cache=False)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    load_catalog(folder)  # empty cache: validates and writes it
    first = time.perf_counter() - start
    cached = []
    for _ in range(3):
        start = time.perf_counter()
        load_catalog(folder)
        cached.append(time.perf_counter() - start)
    return {"cold": cold, "first_start": first, "cached": statistics.median(cached)}


async def drive(folder: Path, query: str, reps: int, state: Path) -> dict:
    from cnai_pay.catalog import GridFilter, load_catalog
    from cnai_pay.tui.app import CnaiPayApp
    from cnai_pay.tui.widgets.platform_grid import PlatformGrid

    catalog = load_catalog(folder)  # cached by time_loads
    expected = {
        prefix: [p.id for p in catalog.filter_platforms(GridFilter(text=prefix))]
        for prefix in [query[:i] for i in range(len(query) + 1)]
    }
    app = CnaiPayApp(catalog, today=TODAY, state_folder=state, export_folder=state)
    result: dict = {"keys": [], "refresh_grid": [], "clear": [], "burst": None, "counts": {}}

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = app.query_one(PlatformGrid)
        filt = app.query_one("#filter")
        filt.cursor_blink = False
        screen = app.screen

        paints: list[float] = []
        target: dict = {"prefix": None, "since": 0.0, "hit": None}

        def matches(prefix: str) -> bool:
            want = expected[prefix]
            shown = getattr(grid, "shown", None)
            if filt.value != prefix or grid.row_count != len(want):
                return False
            return shown is None or [p.id for p in shown] == want

        original_paint = screen._compositor_refresh

        def timed_paint() -> None:
            original_paint()
            now = time.perf_counter()
            paints.append(now)
            if target["prefix"] is not None and target["hit"] is None and now >= target["since"]:
                if matches(target["prefix"]):
                    target["hit"] = now

        screen._compositor_refresh = timed_paint

        grid_cpu: list[float] = []
        if hasattr(app, "refresh_grid"):
            original_refresh = app.refresh_grid

            def timed_refresh(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return original_refresh(*args, **kwargs)
                finally:
                    grid_cpu.append(time.perf_counter() - start)

            app.refresh_grid = timed_refresh

        def expect(prefix: str) -> float:
            """Start waiting for `prefix` (before the key is sent); returns t0."""
            now = time.perf_counter()
            target.update(prefix=prefix, since=now, hit=None)
            return now

        async def wait_for(since: float, timeout: float = 60.0) -> float | None:
            while target["hit"] is None:
                if time.perf_counter() - since > timeout:
                    return None
                await pilot.pause()
            return target["hit"] - since

        for rep in range(reps):
            await pilot.press("slash")
            await pilot.pause()
            typed = ""
            for char in query:
                typed += char
                grid_cpu.clear()
                t0 = expect(typed)
                await pilot.press(key_name(char))
                latency = await wait_for(t0)
                result["keys"].append(latency)
                result["refresh_grid"].append(sum(grid_cpu) if grid_cpu else None)
                result["counts"][typed] = len(expected[typed])
            t0 = expect("")
            await pilot.press("escape")
            result["clear"].append(await wait_for(t0))

        # Burst: every key of the query at once, no waiting in between.
        await pilot.press("slash")
        await pilot.pause()
        grid_cpu.clear()
        from textual import events

        t0 = expect(query)
        for char in query:
            event = events.Key(key_name(char), char)
            event.set_sender(app)
            app._driver.send_message(event)
        latency = await wait_for(t0)
        result["burst"] = {"latency": latency, "rebuilds": len(grid_cpu), "rebuild_cpu": sum(grid_cpu)}
        await pilot.press("escape")
        await pilot.pause()
    return result


def child(size: int, folder: Path, query: str, reps: int) -> None:
    with tempfile.TemporaryDirectory(prefix="cnai-bench-home-") as home:
        os.environ["CNAI_PAY_HOME"] = home
        loads = time_loads(folder)
        state = Path(home) / "state"
        state.mkdir()
        run = asyncio.run(drive(folder, query, reps, state))
    print(json.dumps({"size": size, "loads": loads, **run}))


# ---------------------------------------------------------------------------
# The parent


def fmt_ms(value: float | None) -> str:
    return "   n/a" if value is None else f"{value * 1000:6.1f}"


def report(data: dict, query: str) -> None:
    size = data["size"]
    keys = [k for k in data["keys"] if k is not None]
    timeouts = len(data["keys"]) - len(keys)
    cpu = [c for c in data["refresh_grid"] if c is not None]
    loads = data["loads"]
    print(f"\n== {size:,} platforms ==")
    print(f"load: cold (use_cache=False) {loads['cold']:.2f} s · first start (validate + write cache) "
          f"{loads['first_start']:.2f} s · cached {loads['cached']:.2f} s")
    counts = " → ".join(f"{data['counts'][query[:i]]}" for i in range(1, len(query) + 1))
    print(f"rows shown while typing {query!r}: {counts}")
    if keys:
        print(f"keystroke → grid painted: median {fmt_ms(statistics.median(keys))} ms · "
              f"p95 {fmt_ms(percentile(keys, 95))} ms · max {fmt_ms(max(keys))} ms · n={len(keys)}"
              + (f" · {timeouts} timed out" if timeouts else ""))
    if cpu:
        print(f"  of which refresh_grid (filter + rebuild): median {fmt_ms(statistics.median(cpu))} ms · "
              f"p95 {fmt_ms(percentile(cpu, 95))} ms")
    per_key = {}
    for i, latency in enumerate(data["keys"]):
        per_key.setdefault(i % len(query), []).append(latency)
    print("  per key (median ms): " + "  ".join(
        f"{query[:k + 1]!r}:{statistics.median([v for v in vs if v is not None] or [float('nan')]) * 1000:.0f}"
        for k, vs in per_key.items()))
    clears = [c for c in data["clear"] if c is not None]
    if clears:
        print(f"Esc (clear → full grid) → painted: median {fmt_ms(statistics.median(clears))} ms")
    burst = data["burst"]
    if burst:
        print(f"burst of {len(query)} keys at once → final grid painted: {fmt_ms(burst['latency'])} ms, "
              f"{burst['rebuilds']} grid rebuild(s), {fmt_ms(burst['rebuild_cpu'])} ms inside refresh_grid")


def main() -> int:
    parser = argparse.ArgumentParser(description="Filter latency of the real app on synthetic catalogues.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 1000, 10000])
    parser.add_argument("--query", default=DEFAULT_QUERY)
    parser.add_argument("--reps", type=int, default=5, help="times the query is typed (capped to 2 at 10,000+)")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child(int(args.child[0]), Path(args.child[1]), args.query, args.reps)
        return 0

    from synthetic import write_synthetic

    print(f"query typed one key at a time: {args.query!r}; size 120×40; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="cnai-synth-") as tmp:
        for size in args.sizes:
            folder = write_synthetic(size, Path(tmp) / f"data-{size}")
            reps = min(args.reps, 2) if size >= 10000 else args.reps
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(size), str(folder), "--query", args.query,
                 "--reps", str(reps)],
                capture_output=True, text=True,
            )
            if proc.returncode != 0:
                print(f"\n== {size:,} platforms: the child failed ==\n{proc.stderr[-3000:]}")
                continue
            report(json.loads(proc.stdout.strip().splitlines()[-1]), args.query)
    return 0


if __name__ == "__main__":
    sys.exit(main())
