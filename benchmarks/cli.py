"""Every CLI command against `python -c pass`, in paired, alternating rounds.

    python benchmarks/cli.py [--rounds 15] [--src DIR] [--base DIR] [--data DIR]

Each round runs every command once as a fresh child process, in an order that
alternates from round to round, and divides each command's wall time by the
`python -c pass` of the same round: the figure is the median of those paired
ratios (with the median times). A command runs the way the console script
runs it (`cnai_pay.cli.console`, or `sys.exit(main())` in a checkout older than it) on the shipped data
unless --data is given, from a warm validated-data cache in a temporary
CNAI_PAY_HOME and with a shared bytecode cache filled by an untimed run, as
after `pip install`. `--src DIR` puts another checkout's `src/` first on the
path, to measure an older version on the same machine one run after the
other; `--base DIR` runs another checkout's commands in the same rounds as this one's (each with
its own home and bytecode cache), so a before and an after meet the same load on a shared
machine. `grid`, `routes`, `evidence` and `models` are each timed twice: as a repeated line runs
them (printing the answer kept last time, cli/answers.py), and "(made)", with the kept answers
removed before each run, as the first run of a line or a run after any change does. Also times,
in the same rounds, one `import` of the standard library modules `grid` (made) imports and
`python -c pass` does not: the floor under a data command. Prints every figure, and the CPU
time (user + system) of each; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONSOLE_SCRIPT = (
    "import re, sys; from cnai_pay import cli\ncli.console() if hasattr(cli, 'console') else sys.exit(cli.main())"
)


# The commands that only read: each is timed twice, printing the answer it kept last time (cli/answers.py)
# and, with the kept answers removed before the run, making it (the first run of that line, or after a change).
ANSWERS = ("grid", "routes", "evidence", "models")
MADE = " (made)"


def commands(data: Path | None) -> dict[str, list[str]]:
    folder = ["--data", str(data)] if data else []
    found = {
        "--version": ["--version"],
        "--help": ["--help"],
        "grid": ["grid", "--width", "100", "--no-profile", *folder],
        "routes": ["routes", "--wallet", "visa,virtual_card", "--country", "DE", "--no-profile", *folder],
        "evidence": ["evidence", "deepseek", "visa", "--no-profile", *folder],
        # A model of the shipped data, with the price extract the first run leaves.
        **({} if data else {"models": ["models", "kimi-k2", "--no-profile", "--wallet", "visa"]}),
        "data check": ["data", "check", *([str(data)] if data else [])],
    }
    for name in ANSWERS:
        if name in found:
            found[name + MADE] = found[name]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--src", type=Path, help="a checkout whose src/ is imported instead")
    parser.add_argument("--base", type=Path, help="a checkout whose commands run in the same rounds, named 'base'")
    parser.add_argument("--data", type=Path, help="a data folder instead of the shipped data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnai-pay-cli-") as tmp:
        checkouts = {"": ("this", args.src)} | ({"base ": ("base", args.base)} if args.base else {})
        envs = {label: _env(Path(tmp) / name, src) for label, (name, src) in checkouts.items()}
        # A home of their own for the answers made: removing its kept answers leaves the others'.
        made_envs = {label: _env(Path(tmp) / f"{name}-made", src) for label, (name, src) in checkouts.items()}
        bare = [sys.executable, "-c", "pass"]
        runs: dict[str, tuple[list[str], dict[str, str]]] = {"python -c pass": (bare, envs[""])}
        for label, env in envs.items():
            for name, argv in commands(args.data).items():
                runs[label + name] = (
                    [sys.executable, "-c", CONSOLE_SCRIPT, *argv],
                    made_envs[label] if name.endswith(MADE) else env,
                )
        for command, env in runs.values():  # untimed: fills the bytecode and the validated-data caches
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _forget_answers(made_envs[""])
        floor = _standard_library_of(*runs["grid" + MADE])
        runs["stdlib of grid"] = ([sys.executable, "-c", "import " + ", ".join(floor)], envs[""])
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for round_number in range(args.rounds):
            for name in names if round_number % 2 == 0 else reversed(names):
                command, env = runs[name]
                if name.endswith(MADE):
                    _forget_answers(env)
                start = time.perf_counter()
                child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                _, _, usage = os.wait4(child.pid, 0)
                times[name].append(time.perf_counter() - start)
                cpu[name].append(usage.ru_utime + usage.ru_stime)
    base = times["python -c pass"]
    base_cpu = cpu["python -c pass"]
    print(f"{args.rounds} paired rounds; ratio = median of (command / python -c pass of the same round)")
    for name, values in times.items():
        ratio = statistics.median(v / b for v, b in zip(values, base))
        cpu_ratio = statistics.median(v / b for v, b in zip(cpu[name], base_cpu))
        print(
            f"  {name:<23} median {statistics.median(values) * 1000:6.0f} ms   ratio {ratio:5.2f}"
            f"   cpu {statistics.median(cpu[name]) * 1000:6.0f} ms   ratio {cpu_ratio:5.2f}"
        )
    return 0


def _standard_library_of(command: list[str], env: dict[str, str]) -> list[str]:
    """The standard library modules that `command` imports and `python -c pass` does not.

    Timed as one `import` line, they are the floor under a command: what it costs before a line
    of the package runs (the console script's `re` included).
    """

    def imported(argv: list[str]) -> list[str]:
        done = subprocess.run([sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True)
        rows = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
        return [name for name in rows[1:] if all(part.isidentifier() for part in name.split("."))]

    at_start = set(imported(["-c", "pass"]))
    standard = [
        name for name in imported(command[1:]) if name not in at_start and name.split(".")[0] in sys.stdlib_module_names
    ]
    # Names the import system only tried (another platform's own module, `nt`).
    return [name for name in standard if importlib.util.find_spec(name.split(".")[0]) is not None]


def _forget_answers(env: dict[str, str]) -> None:
    Path(env["CNAI_PAY_HOME"], "cache", "answers.txt").unlink(missing_ok=True)


def _env(folder: Path, src: Path | None) -> dict[str, str]:
    """A home and a bytecode cache of its own; `src`'s modules first on the path when given."""
    env = {**os.environ, "CNAI_PAY_HOME": str(folder / "home"), "PYTHONPYCACHEPREFIX": str(folder / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src:
        env["PYTHONPATH"] = str(src.resolve() / "src")
    return env


if __name__ == "__main__":
    sys.exit(main())
