"""Start-up to the first drawn grid: cnai-pay (seed data) against a bare Textual app, side by side.

    /tmp/venv/bin/python benchmarks/startup.py            # 20 rounds
    /tmp/venv/bin/python benchmarks/startup.py --runs 20

Each round starts, as separate child processes with a fresh interpreter (cold
imports, warm OS file cache and .pyc files), in an order that alternates from
round to round:

- bare:       benchmarks/_startup_bare.py — Header, Input, DataTable (11 rows ×
              19 columns, filled in on_mount), Footer with 7 keys; headless,
              80×24: as many rows, columns and keys as cnai-pay shows there.
- bare + dialog: the same with `--dialog`: a modal like cnai-pay's first-run
              welcome opens over the table, and the frame counts once both are
              drawn; the first start is also given against it (same widgets).
- cnai-pay:   benchmarks/_startup_cnai.py — `cnai_pay.cli.main([])`, the
              console script's own path (argument parsing, then `run_app`:
              `load_catalog` of the shipped seed data, import of the UI,
              `CnaiPayApp(catalog)`), with the app run headless at 80×24. The
              catalog cache is warm: it was written by one untimed run before,
              and a saved profile makes it a returning user's start (normal use).
- cnai-pay, warm, installed: the warm start from a wheel of this checkout
              installed (with `pip install --target`) in a temp folder, as
              the README's `pip install .` installs it: the wheel also carries
              the stylesheets as Textual parses them (tui/parsed_css.py), which
              an editable checkout parses at every start.
- cnai-pay, first start: the same wheel
              (with `pip install --target`) in a temp folder, with an empty
              CNAI_PAY_HOME and no profile: a user's first start after
              installing. The wheel carries the data validated at build time,
              so nothing is parsed or validated; the app opens on its first-run
              start. `--no-wheel` leaves this variant out (building takes ~30 s).
- cnai-pay, validating: the editable checkout with an empty CNAI_PAY_HOME, so
              the data is parsed and validated with pydantic: the start after
              the data changed (`--data DIR`, or an edited data/), not a user's.
- cnai-pay at --src DIR (warm cache): another checkout's src/ first on the
              path, to measure an older version in the same rounds.
- python -c pass: the interpreter alone, for reference.

Ratios are paired: each round's cnai-pay time divided by the same round's bare
app time, and the median of those ratios is printed (not a ratio of medians).

Both app runners exit just after the first frame Textual displays
(`App.post_display_hook`) in which the table (cnai-pay: the `#grid` widget of
its default screen, watched from the moment the screen composes it) has
rendered its lines with rows in it (i.e. the grid has been rendered by the
compositor; headless mode skips only writing the escape codes to a terminal).

The machine is shared and has 2 cores, so wall times are noisy: the
children's CPU time (user + sys, from getrusage) is printed too.

Figures: the wall time of the whole child process, measured by this script
(spawn → exit), and the same less the app's own shutdown after its first frame
(the child's `app_exited − grid_painted`): spawn → first drawn frame, which is
what a user waits for. The runners print their marks and leave with
os._exit right after app.run() returns, skipping the interpreter's
finalisation (module and object teardown, ~150 ms here) that no user waits
for before seeing the grid. Secondary: the children's own perf_counter() marks,
in ms since their first line ran (after interpreter start-up).
CNAI_PAY_HOME points at temp folders, so nothing touches the real home.

Bytecode: by default the children run with PYTHONPYCACHEPREFIX set to a temp
folder (and PYTHONDONTWRITEBYTECODE removed), and an untimed run of every
variant fills it first, so every module, cnai_pay's included, loads from
.pyc as it does after `pip install` (which compiles). Nothing is written next
to the sources. `--no-pyc` keeps the environment as it is: where
PYTHONDONTWRITEBYTECODE=1 is set (as in this project's sandbox) and cnai_pay
is installed editable, its modules are then compiled from source at every
start while Textual's come precompiled from site-packages, which is unfair
to cnai-pay.
"""

from __future__ import annotations

import argparse
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
PY = sys.executable


PYC: dict[str, str] = {}  # extra environment for the children's bytecode cache


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(args: list[str], home: str, path: str | None = None) -> tuple[float, dict[str, float]]:
    env = dict(os.environ, CNAI_PAY_HOME=home)
    if path:
        env["PYTHONPATH"] = path
    env.pop("NO_COLOR", None)
    if PYC:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(PYC)
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.run([PY, *args], env=env, capture_output=True, text=True, cwd=home)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    marks = json.loads(proc.stdout.strip().splitlines()[-1]) if args[0].endswith(".py") else {}
    marks["cpu"] = children_cpu() - cpu
    return wall, marks


def quartiles(values: list[float]) -> str:
    low, _, high = statistics.quantiles(values, n=4)
    return f"{low:.2f}–{high:.2f}"


def install_wheel(scratch: Path) -> str:
    """This checkout built as a wheel and installed into a folder of its own; returns the folder."""
    wheels, target = scratch / "wheel", scratch / "installed"
    pip = [PY, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(HERE.parent)], check=True)
    (wheel,) = wheels.glob("cnai_pay-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--no-compile", "--target", str(target), str(wheel)], check=True)
    return str(target)


def main() -> int:
    parser = argparse.ArgumentParser(description="Start-up to first drawn grid: cnai-pay vs a bare Textual app.")
    parser.add_argument("--runs", type=int, default=20, help="rounds (each runs every variant once); at least 10")
    parser.add_argument(
        "--no-pyc",
        action="store_true",
        help="keep the environment's bytecode setting (with PYTHONDONTWRITEBYTECODE=1 and an "
        "editable install, cnai_pay is compiled from source at every start)",
    )
    parser.add_argument("--no-wheel", action="store_true", help="leave out the installed wheel's first start")
    parser.add_argument("--src", type=Path, help="also measure this checkout's src/ (warm cache), e.g. an older commit")
    args = parser.parse_args()

    cnai = [str(HERE / "_startup_cnai.py")]
    bare = [str(HERE / "_startup_bare.py")]

    def empty_home() -> str:
        return tempfile.mkdtemp(prefix="cnai-empty-", dir=scratch)

    with tempfile.TemporaryDirectory(prefix="cnai-startup-") as scratch:
        variants = {
            "bare Textual app": lambda warm: run_child(bare, warm),
            "cnai-pay (warm cache)": lambda warm: run_child(cnai, warm),
        }
        if not args.no_wheel:
            installed = install_wheel(Path(scratch))
            variants["bare + dialog"] = lambda warm: run_child([*bare, "--dialog"], warm)
            variants["cnai-pay (warm, installed)"] = lambda warm: run_child(cnai, warm_installed, installed)
            variants["cnai-pay (first start)"] = lambda warm: run_child(cnai, empty_home(), installed)
        variants["cnai-pay (validating)"] = lambda warm: run_child(cnai, empty_home())
        if args.src:
            older = str(args.src.resolve() / "src")
            variants[f"at {args.src.name} (warm)"] = lambda warm: run_child(cnai, warm_older, older)
        variants["python -c pass"] = lambda warm: run_child(["-c", "pass"], warm)
        walls: dict[str, list[float]] = {name: [] for name in variants}
        marks: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
        warm = tempfile.mkdtemp(prefix="cnai-warm-", dir=scratch)
        # The everyday start: a returning user, whose profile was saved by the first run (without
        # one the app opens on the first-run start, which the first-start variant measures).
        from cnai_pay.profile import Profile, save_profile

        assert save_profile(Path(warm), Profile()) == ""
        warm_installed = tempfile.mkdtemp(prefix="cnai-warm-installed-", dir=scratch)  # its own cache
        assert save_profile(Path(warm_installed), Profile()) == ""
        warm_older = tempfile.mkdtemp(prefix="cnai-warm-older-", dir=scratch)  # its own cache format
        assert save_profile(Path(warm_older), Profile()) == ""
        if not args.no_pyc:
            PYC["PYTHONPYCACHEPREFIX"] = str(Path(scratch) / "pycache")
        # Untimed: fills the bytecode cache and writes the catalog cache into the warm home.
        for name in [*variants, "cnai-pay (warm cache)"] + [n for n in variants if n.startswith("at ")]:
            variants[name](warm)
        names = list(variants)
        for round_ in range(args.runs):
            order = names if round_ % 2 == 0 else names[::-1]
            for name in order:
                wall, child_marks = variants[name](warm)
                walls[name].append(wall)
                marks[name].append(child_marks)

    print(
        f"start-up to first drawn grid, {args.runs} alternating rounds, headless 80×24, Python {sys.version.split()[0]}"
    )
    print(
        "bytecode: "
        + (
            f"as the environment has it (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})"
            if args.no_pyc
            else "cached (PYTHONPYCACHEPREFIX in a temp folder, filled by an untimed run), as after `pip install`"
        )
    )
    print(
        f"{'ms':24} {'median':>8} {'min':>8} {'max':>8} {'CPU':>8}   (wall time of the child process; "
        "CPU = its median user+sys time)"
    )
    for name in names:
        values = walls[name]
        cpu = statistics.median(m["cpu"] for m in marks[name])
        print(
            f"{name:24} {statistics.median(values) * 1000:8.0f} {min(values) * 1000:8.0f} "
            f"{max(values) * 1000:8.0f} {cpu * 1000:8.0f}"
        )
    bare_walls = walls["bare Textual app"]
    interp_walls = walls["python -c pass"]
    for name in names[1:-1]:
        paired = [value / base for value, base in zip(walls[name], bare_walls, strict=True)]
        bare_less = [
            (value - interp) / (base - interp)
            for value, base, interp in zip(walls[name], bare_walls, interp_walls, strict=True)
        ]
        cpu_paired = [m["cpu"] / b["cpu"] for m, b in zip(marks[name], marks["bare Textual app"], strict=True)]
        print(
            f"paired ratio {name} / bare: median {statistics.median(paired):.2f} "
            f"(quartiles {quartiles(paired)}; without interpreter start-up: {statistics.median(bare_less):.2f}; "
            f"CPU time: {statistics.median(cpu_paired):.2f})"
        )
    # Spawn to the first drawn frame: the whole process less the app's own shutdown after it.
    print("\nto the first drawn frame (the process's wall time less the app's shutdown after the frame):")
    painted = {
        name: [w - (m["app_exited"] - m["grid_painted"]) for w, m in zip(walls[name], marks[name], strict=True)]
        for name in names[:-1]
    }
    bare_painted = statistics.median(painted["bare Textual app"])
    for name in names[1:-1]:
        paired = [value / base for value, base in zip(painted[name], painted["bare Textual app"], strict=True)]
        print(
            f"paired ratio {name} / bare: median {statistics.median(paired):.2f} (quartiles {quartiles(paired)}; "
            f"{statistics.median(painted[name]) * 1000:.0f} ms against {bare_painted * 1000:.0f})"
        )
    if "bare + dialog" in names:
        # The first start shows the welcome dialog over the grid: against a bare app showing the same.
        first, dialog = "cnai-pay (first start)", "bare + dialog"
        for what, values in (("whole process", walls), ("to the first drawn frame", painted)):
            paired = [value / base for value, base in zip(values[first], values[dialog], strict=True)]
            print(
                f"paired ratio {first} / {dialog}, {what}: median {statistics.median(paired):.2f} "
                f"(quartiles {quartiles(paired)})"
            )

    print("\nchild marks, median ms since the runner's first line (interpreter start-up not included):")
    for name in names[:-1]:
        keys = [k for k in dict.fromkeys(k for m in marks[name] for k in m) if k != "cpu"]
        parts = []
        for key in keys:
            values = [m[key] for m in marks[name] if key in m]
            parts.append(f"{key} {statistics.median(values) * 1000:.0f}")
        print(f"  {name:24} " + " · ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
