"""Filter latency: keystroke → updated grid on screen, for the seed data and 1,000 and 10,000 synthetic platforms.

    /tmp/venv/bin/python benchmarks/filter_latency.py            # all three sizes
    /tmp/venv/bin/python benchmarks/filter_latency.py --sizes 11 1000 --reps 3

The smallest size is the shipped seed data alone (11 platforms today; it was 6
before the data grew, and no smaller folder can be made from the real data).
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
`pilot.press(key)`. The app's `post_display_hook` (Textual calls it at the end
of every screen update, once the changed widgets' lines have been rendered
into it; in headless mode the only thing skipped is writing the escape codes
to a terminal) notes the time of every paint, and the grid's `render_lines`
(the `#grid` widget of `app.screen`) is wrapped to know whether a paint
redrew the grid.

- "keystroke → grid redrawn" (the headline figure): the end of the first
  paint after t0 that redrew the grid while the filter shows the typed text
  and the grid holds exactly the expected platforms (the grid's `shown` ids
  == `filter_platforms(catalog, GridFilter(text=...))` ids, and its row_count
  agrees). It includes Textual's screen-update timer and any work the grid
  defers, i.e. what a user sees. If the grid loads a long
  result in steps, the first paint whose first screenful is right counts, and
  "every row loaded" is printed separately.
- "first paint after the grid's data changed": the first paint at which the
  data is right, whether or not the grid itself was redrawn in it (the
  filter line and status line usually are): roughly the filter handler plus
  one frame. Printed for comparison; it flatters the grid.
- "CPU time per keystroke": process CPU time from the key until the app is
  idle again (two `pilot.pause()` after the grid is right). It includes the
  pilot's own polling, see the 6-platform figure for that floor. Work left
  after the grid is right delays the next keystroke, so at typing speed this
  decides whether keys queue up.
- "inside refresh_grid": time spent in the grid screen's `refresh_grid` per
  keystroke (the filter + handing the rows to the grid + the status line),
  when the screen has that method.

`pilot.pause()` is only used to poll; its own 20 ms idle waits are not counted.

"Burst": the whole query is posted to the app as key events at once (a fast
typist or a key storm), and the time from the first key to the first paint that shows the
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
    from cnai_pay.loading import load_catalog

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
    from textual import events

    from cnai_pay.domain.filters import GridFilter, filter_platforms
    from cnai_pay.loading import load_catalog
    from cnai_pay.tui.app import CnaiPayApp

    catalog = load_catalog(folder)  # cached by time_loads
    expected = {
        prefix: [p.id for p in filter_platforms(catalog, GridFilter(text=prefix))]
        for prefix in [query[:i] for i in range(len(query) + 1)]
    }
    # A returning user's start (no first-run welcome): the grid and its filter are what is timed.
    app = CnaiPayApp(catalog, today=TODAY, state_folder=state, export_folder=state, welcome=False)
    result: dict = {
        "data": [],
        "keys": [],
        "keys_complete": [],
        "keys_cpu": [],
        "refresh_grid": [],
        "clear": [],
        "clear_complete": [],
        "burst": None,
        "counts": {},
    }

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen  # the grid screen: it holds the filter, the grid and their state
        grid = screen.query_one("#grid")
        filt = screen.query_one("#filter")
        filt.cursor_blink = False
        target: dict = {"prefix": None, "since": 0.0, "data": None, "visible": None, "complete": None, "cpu": 0.0}

        def state_of(prefix: str) -> tuple[bool, bool]:
            """(the rows in view are right, every row is loaded) for the filter text `prefix`."""
            want = expected[prefix]
            if filt.value != prefix:
                return False, False
            shown = getattr(grid, "shown", None)
            rows = getattr(grid, "row_count", None)
            if rows is None:
                rows = len(shown) if shown is not None else -1
            complete = rows == len(want) and (shown is None or [p.id for p in shown] == want)
            if shown is None:
                return complete, complete
            # The grid may load a long result in steps: the first screenful counts as visible.
            in_view = min(len(want), max(1, grid.size.height))
            visible = rows >= in_view and [p.id for p in shown] == want
            return visible, complete

        # Count the grid's own renders: a paint only counts if it redrew the grid.
        grid_renders = [0, 0]  # renders so far, renders at the previous paint
        original_render_lines = grid.render_lines

        def counted_render_lines(*args, **kwargs):
            grid_renders[0] += 1
            return original_render_lines(*args, **kwargs)

        grid.render_lines = counted_render_lines

        def timed_paint() -> None:  # called by Textual at the end of every screen update
            now = time.perf_counter()
            redrawn = grid_renders[0] != grid_renders[1]
            grid_renders[1] = grid_renders[0]
            if target["prefix"] is None or target["complete"] is not None or now < target["since"]:
                return
            visible, complete = state_of(target["prefix"])
            if visible and target["data"] is None:
                target["data"] = now  # the grid's data is right at this paint, redrawn or not
            if not redrawn:
                return
            if visible and target["visible"] is None:
                target["visible"] = now
            if complete:
                target["complete"] = now
                if target["visible"] is None:
                    target["visible"] = now

        app.post_display_hook = timed_paint

        grid_cpu: list[float] = []
        if hasattr(screen, "refresh_grid"):
            original_refresh = screen.refresh_grid

            def timed_refresh(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return original_refresh(*args, **kwargs)
                finally:
                    grid_cpu.append(time.perf_counter() - start)

            screen.refresh_grid = timed_refresh

        def expect(prefix: str) -> float:
            """Start waiting for `prefix` (before the key is sent); returns t0."""
            now = time.perf_counter()
            target.update(prefix=prefix, since=now, data=None, visible=None, complete=None, cpu=time.process_time())
            return now

        async def wait_for(since: float, timeout: float = 60.0) -> tuple[float | None, float | None, float]:
            """(visible, complete, CPU) in seconds after `since`; None if not reached.

            The time of the first paint at which the data was right (the grid maybe not yet
            redrawn) goes into result["data"].
            """
            while target["complete"] is None:
                if time.perf_counter() - since > timeout:
                    break
                await pilot.pause()
            hits = [target[k] - since if target[k] is not None else None for k in ("visible", "complete")]
            target["prefix"] = None
            result["data"].append(target["data"] - since if target["data"] is not None else None)
            # Work left after the grid is right (anything deferred to idle) delays the next key:
            # let the app go idle and count the CPU time spent since the key.
            await pilot.pause()
            await pilot.pause()
            return hits[0], hits[1], time.process_time() - target["cpu"]

        for _ in range(reps):
            await pilot.press("slash")
            await pilot.pause()
            typed = ""
            for char in query:
                typed += char
                grid_cpu.clear()
                t0 = expect(typed)
                await pilot.press(key_name(char))
                visible, complete, cpu = await wait_for(t0)
                result["keys"].append(visible)
                result["keys_complete"].append(complete)
                result["keys_cpu"].append(cpu)
                result["refresh_grid"].append(sum(grid_cpu) if grid_cpu else None)
                result["counts"][typed] = len(expected[typed])
            t0 = expect("")
            await pilot.press("escape")
            visible, complete, _ = await wait_for(t0)
            result["clear"].append(visible)
            result["clear_complete"].append(complete)

        # Burst: every key of the query at once, no waiting in between.
        await pilot.press("slash")
        await pilot.pause()
        grid_cpu.clear()
        t0 = expect(query)
        for char in query:
            app.post_message(events.Key(key_name(char), char))  # as the pilot does, without waiting
        visible, complete, _ = await wait_for(t0)
        result["burst"] = {
            "latency": visible,
            "complete": complete,
            "rebuilds": len(grid_cpu),
            "rebuild_cpu": sum(grid_cpu),
        }
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


def summary(values: list[float | None]) -> str:
    done = [v for v in values if v is not None]
    if not done:
        return "n/a"
    text = (
        f"median {fmt_ms(statistics.median(done))} ms · p95 {fmt_ms(percentile(done, 95))} ms · "
        f"max {fmt_ms(max(done))} ms · n={len(done)}"
    )
    missing = len(values) - len(done)
    return text + (f" · {missing} not reached within 60 s" if missing else "")


def report(data: dict, query: str) -> None:
    size = data["size"]
    loads = data["loads"]
    print(f"\n== {size:,} platforms ==")
    print(
        f"load: cold (use_cache=False) {loads['cold']:.2f} s · first start (validate + write cache) "
        f"{loads['first_start']:.2f} s · cached {loads['cached']:.2f} s"
    )
    counts = " → ".join(f"{data['counts'][query[:i]]}" for i in range(1, len(query) + 1))
    print(f"rows shown while typing {query!r}: {counts}")
    print(f"keystroke → grid redrawn:      {summary(data['keys'])}")
    if data["keys_complete"] != data["keys"]:
        print(f"keystroke → every row loaded:  {summary(data['keys_complete'])}")
    print(f"CPU time per keystroke:        {summary(data['keys_cpu'])}  (all work until idle)")
    typed = [d for i, d in enumerate(data["data"]) if i % (len(query) + 1) < len(query)][: len(data["keys"])]
    print(f"(keystroke → first paint after the grid's data changed, not yet redrawn: {summary(typed)})")
    cpu = [c for c in data["refresh_grid"] if c is not None]
    if cpu:
        print(
            f"  inside refresh_grid (filter + rebuild): median {fmt_ms(statistics.median(cpu))} ms · "
            f"p95 {fmt_ms(percentile(cpu, 95))} ms"
        )
    per_key: dict[int, list[float]] = {}
    for i, latency in enumerate(data["keys"]):
        if latency is not None:
            per_key.setdefault(i % len(query), []).append(latency)
    print(
        "  per key, median ms: "
        + "  ".join(f"{query[: k + 1]!r}:{statistics.median(vs) * 1000:.0f}" for k, vs in sorted(per_key.items()))
    )
    print(f"Esc (clear → full grid) → redrawn: {summary(data['clear'])}")
    if data["clear_complete"] != data["clear"]:
        print(f"Esc → every row loaded:            {summary(data['clear_complete'])}")
    burst = data["burst"]
    if burst:
        line = (
            f"burst of {len(query)} keys at once → final grid redrawn: {fmt_ms(burst['latency'])} ms, "
            f"{burst['rebuilds']} call(s) of refresh_grid taking {fmt_ms(burst['rebuild_cpu'])} ms"
        )
        if burst["complete"] != burst["latency"]:
            line += f"; every row loaded at {fmt_ms(burst['complete'])} ms"
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description="Filter latency of the real app on synthetic catalogues.")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=None, help="catalogue sizes (default: the seed data, 1000, 10000)"
    )
    parser.add_argument("--query", default=DEFAULT_QUERY)
    parser.add_argument("--reps", type=int, default=5, help="times the query is typed (capped to 2 at 10,000+)")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child(int(args.child[0]), Path(args.child[1]), args.query, args.reps)
        return 0

    from synthetic import real_platform_count, write_synthetic

    sizes = args.sizes or [real_platform_count(), 1000, 10000]
    print(f"query typed one key at a time: {args.query!r}; size 120×40; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="cnai-synth-") as tmp:
        for size in sizes:
            folder = write_synthetic(size, Path(tmp) / f"data-{size}")
            reps = min(args.reps, 2) if size >= 10000 else args.reps
            proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(size),
                    str(folder),
                    "--query",
                    args.query,
                    "--reps",
                    str(reps),
                ],
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                print(f"\n== {size:,} platforms: the child failed ==\n{proc.stderr[-3000:]}")
                continue
            report(json.loads(proc.stdout.strip().splitlines()[-1]), args.query)
    return 0


if __name__ == "__main__":
    sys.exit(main())
