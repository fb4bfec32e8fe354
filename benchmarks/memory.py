"""Peak memory of the app at start: seed data and 10,000 synthetic platforms.

    /tmp/venv/bin/python benchmarks/memory.py
    /tmp/venv/bin/python benchmarks/memory.py --sizes 1000 10000

Each figure comes from a fresh child process (benchmarks/_memory_child.py)
that starts the real CnaiPayApp headless at 120×40 with the given catalogue,
and exits at the first refresh that shows the filled grid:

- peak RSS: the child's peak resident set size (VmHWM in /proc/self/status;
  not getrusage's ru_maxrss, which on Linux inherits the forking parent's
  high-water mark), everything included: interpreter, Textual, the catalogue,
  the grid, the pickle buffer or the TOML text while loading.
- RSS at paint: resident size at the first drawn grid (/proc/self/status).
- tracemalloc peak / at paint: Python allocations only, traced from the
  child's first line (a separate run, as tracing slows the program down).

"warm cache" = the validated catalogue is read from the pickle cache, as in
normal use; "cold cache" = CNAI_PAY_HOME is empty, so the TOML files are
parsed and validated (and the cache written). A bare Textual app with the same
kinds and counts of widgets (a DataTable of 11 rows × 19 columns, a footer of
10 keys, as cnai-pay shows at 120×40) is measured for reference. CNAI_PAY_HOME always points at a temp
folder. Synthetic folders are loaded with the loader's file-size cap lifted
(see synthetic.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def child(args: list[str], home: str, pyc: str) -> dict:
    env = dict(os.environ, CNAI_PAY_HOME=home, PYTHONPYCACHEPREFIX=pyc)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.run(
        [sys.executable, str(HERE / "_memory_child.py"), *args], env=env, capture_output=True, text=True, cwd=home
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description="Peak memory of cnai-pay at start.")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10000],
        help="synthetic catalogue sizes besides the seed data (default: 10000)",
    )
    args = parser.parse_args()

    from synthetic import real_platform_count, write_synthetic

    rows = []
    with tempfile.TemporaryDirectory(prefix="cnai-memory-") as tmp:
        pyc = str(Path(tmp) / "pycache")
        warm_home = tempfile.mkdtemp(dir=tmp)
        # Untimed: fill the bytecode cache (Textual, cnai_pay, pydantic for validation).
        child(["bare"], warm_home, pyc)
        child(["cnai", "seed"], tempfile.mkdtemp(dir=tmp), pyc)
        rows.append(
            ("bare Textual app", child(["bare"], warm_home, pyc), child(["bare", "--tracemalloc"], warm_home, pyc))
        )
        catalogues = [(f"seed data ({real_platform_count()})", "seed")]
        for size in args.sizes:
            folder = write_synthetic(size, Path(tmp) / f"data-{size}")
            catalogues.append((f"{size:,} platforms", str(folder)))
        for label, folder in catalogues:
            cold_home = tempfile.mkdtemp(dir=tmp)
            cold = child(["cnai", folder], cold_home, pyc)  # validates and writes the cache
            rows.append((f"{label}, cold cache", cold, None))
            warm = child(["cnai", folder], cold_home, pyc)
            traced = child(["cnai", folder, "--tracemalloc", "--top", "8"], cold_home, pyc)
            rows.append((f"{label}, warm cache", warm, traced))

    print(f"peak memory at start (first drawn grid), headless 120×40, Python {sys.version.split()[0]}")
    print(
        f"{'':34} {'peak RSS':>10} {'RSS@paint':>10} {'traced peak':>12} {'traced@paint':>13} "
        f"{'load':>7} {'to paint':>9}"
    )
    for label, plain, traced in rows:
        peak = f"{traced['traced_peak_mib']:.0f} MiB" if traced else "-"
        current = f"{traced['traced_current_mib']:.0f} MiB" if traced else "-"
        load = f"{plain['load_s']:.2f} s" if "load_s" in plain else "-"
        paint = f"{plain['paint_s']:.2f} s" if "paint_s" in plain else "-"
        print(
            f"{label:34} {mib(plain['peak_rss_kib']):>10} {mib(plain['rss_at_paint_kib']):>10} "
            f"{peak:>12} {current:>13} {load:>7} {paint:>9}"
        )
    for label, _, traced in rows:
        if traced and traced.get("top") and label.startswith(tuple(f"{s:,}" for s in args.sizes)):
            print(f"\nlargest live allocations at exit, {label} (tracemalloc, by file):")
            for filename, size in traced["top"]:
                print(f"  {size:8.1f} MiB  {filename}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
