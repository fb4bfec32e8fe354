"""Time to open every detail pane, and `cnai-pay routes`, at the seed data, 1,000 and 10,000 platforms.

    python benchmarks/panes.py [--sizes 11,1000,10000] [--reps 3]

Each size runs in its own child process with a temporary CNAI_PAY_HOME. The
child loads the catalogue from a warm cache, starts the real `CnaiPayApp`
headless at 120×40 with a wallet of Visa, Mastercard and a virtual card
(Wise) and the country DE, then for each pane: opens it the way its key does
(`app.action_open_pane`), waits for the first screen update after the pane
is mounted (Textual's `App.post_display_hook`), and goes back with Esc. A
pane's first opening builds the catalogue's indexes it uses: that opening is
the figure that counts, and it is printed apart from the median of the
later ones. The routes pane at a large catalogue ranks in a worker once drawn: the time until
its routes are shown is printed too. `cnai-pay routes` (the same wallet and country) is run as a
child process of its own, after one untimed run that fills the cache: made afresh (its kept
answers removed before each run), then as a repeated line runs it (an answer over 64 K
characters is not kept, and made each time).
Prints every figure; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WALLET = ["visa", "mastercard", "virtual_card"]
PROVIDERS = ["wise"]
COUNTRY = "DE"
PANES = ("routes", "cards", "refunds", "trouble", "sources", "models", "help")


async def drive(folder: Path, state: Path, reps: int) -> dict[str, dict[str, list[float]]]:
    from cnai_pay.loading import load_catalog
    from cnai_pay.profile import Profile, save_profile
    from cnai_pay.tui.app import CnaiPayApp

    save_profile(state, Profile(country=COUNTRY, wallet=WALLET, providers=PROVIDERS))
    catalog = load_catalog(folder)
    app = CnaiPayApp(catalog, state_folder=state, export_folder=state)
    times: dict[str, list[float]] = {name: [] for name in PANES}
    cpu: dict[str, list[float]] = {name: [] for name in PANES}
    # The routes pane at a large catalogue opens at once and ranks in a worker: until its routes show.
    ranked: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = app.screen
        painted: dict[str, float | None] = {"at": None}

        def on_paint() -> None:
            if painted["at"] is None and app.screen is not grid and app.screen.is_mounted:
                painted["at"] = time.perf_counter()

        app.post_display_hook = on_paint
        for _ in range(reps):
            for name in PANES:
                painted["at"] = None
                start, cpu_start = time.perf_counter(), time.process_time()
                app.action_open_pane(name)
                # Polled with sleeps, not pilot.pause(): that gives up after 30 s of busy widgets.
                while painted["at"] is None and time.perf_counter() - start < 600:
                    await asyncio.sleep(0.01)
                times[name].append((painted["at"] or time.perf_counter()) - start)
                cpu[name].append(time.process_time() - cpu_start)
                if name == "routes":
                    while getattr(app.screen, "ranking", False) and time.perf_counter() - start < 600:
                        await asyncio.sleep(0.01)
                    await pilot.pause()
                    ranked.append(time.perf_counter() - start)
                app.pop_screen()
                while app.screen is not grid:
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.2)
    return {"wall": times, "cpu": cpu, "ranked": ranked}


def child(folder: Path, reps: int) -> None:
    from cnai_pay.loading import load_catalog

    with tempfile.TemporaryDirectory(prefix="cnai-pay-panes-") as state:
        load_catalog(folder)  # fills the cache: the app starts from it, as on a second start
        times = asyncio.run(drive(folder, Path(state), reps))
    print(json.dumps(times))


def cli_routes(folder: Path, home: str, runs: int, made: bool) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system of the child) times of `runs` runs of `cnai-pay routes`: `made`
    afresh (the kept answers removed before each), or as a repeated line runs it (cli/answers.py)."""
    command = [sys.executable, "-m", "cnai_pay", "routes", "--data", str(folder), "--country", COUNTRY]
    for method in WALLET:
        command += ["--wallet", method]
    for provider in PROVIDERS:
        command += ["--provider", provider]
    env = {**os.environ, "CNAI_PAY_HOME": home}
    subprocess.run(command, env=env, check=True, capture_output=True)  # fills the cache
    times, cpu = [], []
    for _ in range(runs):
        if made:
            Path(home, "cache", "answers.txt").unlink(missing_ok=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="11,1000,10000")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.reps)
        return 0
    from synthetic import write_synthetic

    print(f"wallet {', '.join(WALLET)} (card provider {', '.join(PROVIDERS)}), country {COUNTRY}, 120×40")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="cnai-pay-panes-") as tmp:
            folder = write_synthetic(size, Path(tmp) / "data")
            env = {**os.environ, "CNAI_PAY_HOME": str(Path(tmp) / "home")}
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(folder), "--reps", str(args.reps)],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(f"\n{size:,} platforms: the run failed: {done.stderr.strip()[-2000:]}")
                continue
            times = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"\n{size:,} platforms: time to open a pane, first / median of the next {args.reps - 1} "
                "(wall; the process's CPU time in brackets)"
            )
            for name, values in times["wall"].items():
                spent = times["cpu"][name]
                later = statistics.median(values[1:]) if len(values) > 1 else values[0]
                later_cpu = statistics.median(spent[1:]) if len(spent) > 1 else spent[0]
                print(
                    f"  {name:<8} {values[0] * 1000:8.0f} ms ({spent[0] * 1000:.0f}) / "
                    f"{later * 1000:6.0f} ms ({later_cpu * 1000:.0f})"
                )
            shown = times["ranked"]
            later_shown = statistics.median(shown[1:] or shown)
            print(f"  routes ranked and shown: first {shown[0] * 1000:.0f} ms, then {later_shown * 1000:.0f} ms")
            for made, how in ((True, "made"), (False, "its kept answer, when it has one")):
                routes, routes_cpu = cli_routes(folder, str(Path(tmp) / "home-cli"), 3, made)
                print(
                    f"  `cnai-pay routes` ({how}): median {statistics.median(routes):.2f} s "
                    f"({', '.join(f'{t:.2f}' for t in routes)}); CPU median {statistics.median(routes_cpu):.2f} s "
                    f"({', '.join(f'{t:.2f}' for t in routes_cpu)})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
