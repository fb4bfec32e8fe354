"""Catalogue load time and peak memory at 10,000 and 100,000 platforms: first start and cached.

    python benchmarks/load.py [--sizes 10000,100000] [--runs 3] [--src DIR]

For each size a synthetic folder is written (`synthetic.py`), then each run
is a fresh child process that imports `cnai_pay.loading` and times
`load_catalog(folder)`: *first start* with an empty cache folder (parse,
validate, write the cache), *cached* with the cache that run left, and
*after an upgrade* with that cache again but as another version of the code
would meet it (the package version the cache key reads is changed in the
child): the stale cache is refused and the data validated afresh. The
child reports the load's wall time, the number of collector runs during it
(`gc.callbacks`), and its peak resident memory (`VmHWM`). `--src DIR` imports
another checkout's `src/` instead, to measure an older version one run after
the other. Prints every figure; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = """
import gc, json, sys, time
runs = []
gc.callbacks.append(lambda phase, info: runs.append(1) if phase == "start" else None)
from cnai_pay.loading import cache, load_catalog, reader
reader.MAX_FILE_BYTES = max(reader.MAX_FILE_BYTES, int(sys.argv[2]))  # an older version had a fixed cap
if sys.argv[3]:
    cache._version = lambda: sys.argv[3]  # the cache on disk was written by another version
runs.clear()  # the imports' own collections do not count
start, cpu = time.perf_counter(), time.process_time()
catalog = load_catalog(sys.argv[1])
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
report = {"seconds": elapsed, "cpu": cpu, "collections": len(runs), "peak_kib": peak}
print(json.dumps(report | {"claims": len(catalog.claims)}))
"""


def run_child(folder: Path, env: dict[str, str], cap: int, version: str = "") -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(cap), version],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path)
    parser.add_argument("--keep", type=Path, help="write (or reuse) the synthetic folders under this folder")
    args = parser.parse_args()
    from synthetic import write_synthetic

    base = args.keep or Path(tempfile.mkdtemp(prefix="cnai-pay-load-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = base / f"data-{size}"
            if not (folder / "claims.toml").exists():
                write_synthetic(size, folder)
            mb = sum(p.stat().st_size for p in folder.glob("*.toml")) / 1e6
            print(f"\n{size:,} platforms ({mb:.0f} MB of TOML), {args.runs} runs of each")
            results: dict[str, list[dict]] = {"first start": [], "cached": [], "after an upgrade": []}
            for _ in range(args.runs):
                home = Path(tempfile.mkdtemp(prefix="cnai-pay-load-home-"))
                env = {**os.environ, "CNAI_PAY_HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
                if args.src:
                    env["PYTHONPATH"] = str(args.src.resolve() / "src")
                cap = 2 * max(p.stat().st_size for p in folder.glob("*.toml"))
                results["first start"].append(run_child(folder, env, cap))
                results["cached"].append(run_child(folder, env, cap))
                results["after an upgrade"].append(run_child(folder, env, cap, version="0.0.0+other"))
                shutil.rmtree(home, ignore_errors=True)
            for mode, values in results.items():
                errors = [v["error"] for v in values if "error" in v]
                timed = [v for v in values if "error" not in v]
                if errors:
                    print(f"  {mode:<16} failed: {errors[0]}")
                if timed:
                    each = ", ".join(f"{v['seconds']:.2f}" for v in timed)
                    cpu = statistics.median(v["cpu"] for v in timed)
                    print(
                        f"  {mode:<16} median {statistics.median(v['seconds'] for v in timed):7.2f} s ({each}), "
                        f"CPU {cpu:.2f} s; "
                        f"peak {max(v['peak_kib'] for v in timed) / 1024:6.0f} MiB; "
                        f"collections during the load: {max(v['collections'] for v in timed)}"
                    )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
