"""`cnai-pay models MODEL` against `python -c pass`: paired, alternating child processes.

    python benchmarks/models_cli.py [--rounds N] [--model kimi-k2] [--base DIR]

Each round runs every variant once, in an order that alternates from round to round, as
fresh processes with a warm catalogue cache in a temporary CNAI_PAY_HOME and a warm bytecode
cache (PYTHONPYCACHEPREFIX), as after `pip install`:

- `python -c pass`;
- `cnai-pay models MODEL` as a repeated line runs it: printing the answer it kept last time
  (cli/answers.py);
- the same made afresh (the kept answers removed before each run), with the price extract in
  place (the wheel ships one; an editable install writes it to the cache on first use, which the
  warm-up run does);
- the same with the extract removed too, so genai-prices itself answers (the state before the
  extract existed);
- `cnai-pay grid` made afresh, the cost of a command that shows no price, for reference;
- with `--base DIR`, `models MODEL` (extract) and `grid` from another checkout's `src/`, in the
  same rounds, with a home and bytecode cache of their own (a before beside an after).

Prints the run count, each variant's median and its ratio to `python -c pass`.
The price data is genai-prices' own (the release the app ships with), not the tests' fixture.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--model", default="kimi-k2")
    parser.add_argument("--base", type=Path, help="a checkout whose models and grid run in the same rounds")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="cnai-pay-bench-"))
    # A bytecode cache of their own, filled by the warm-up runs: the modules load from .pyc as after
    # `pip install` (this sandbox sets PYTHONDONTWRITEBYTECODE, which would recompile them every run).
    env = {**os.environ, "CNAI_PAY_HOME": str(home), "PYTHONPYCACHEPREFIX": str(home / "pyc")}
    env.pop("CNAI_PAY_PRICE_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cnai = [sys.executable, "-m", "cnai_pay"]
    models = [*cnai, "models", args.model, "--no-profile", "--wallet", "visa"]
    variants = {
        "python -c pass": [sys.executable, "-c", "pass"],
        f"models {args.model} (kept answer)": models,
        f"models {args.model} (extract)": models,
        f"models {args.model} (genai-prices)": models,
        "grid (no prices)": [*cnai, "grid", "--no-profile"],
    }
    envs = dict.fromkeys(variants, env)
    # A home of its own, whose kept answer the other variants' removals leave alone.
    kept_env = {**env, "CNAI_PAY_HOME": str(home / "kept")}
    envs[f"models {args.model} (kept answer)"] = kept_env
    timed(models, kept_env)  # its catalogue cache, extract and answer
    if args.base:
        base_home = home / "base"
        base_env = {**env, "CNAI_PAY_HOME": str(base_home), "PYTHONPYCACHEPREFIX": str(base_home / "pyc")}
        base_env["PYTHONPATH"] = str(args.base.resolve() / "src")
        grid = variants["grid (no prices)"]
        base_variants = {f"base models {args.model} (extract)": models, "base grid (no prices)": grid}
        variants |= base_variants
        envs |= dict.fromkeys(base_variants, base_env)
        timed(models, base_env)  # its extract and bytecode
    # Fills the catalogue cache, the price extract, the bytecode cache (genai-prices' too) and the OS file cache.
    timed(models, env)  # no extract yet: genai-prices answers (and is compiled) and the extract is written
    timed(models, env)
    for name in variants:
        if name != "python -c pass":
            timed(variants[name], envs[name])
    runs: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_ in range(args.rounds):
        for name in names if round_ % 2 == 0 else reversed(names):
            if not name.endswith("(kept answer)"):  # made afresh, as a first run of its line
                for home_folder in {home, home / "base"}:
                    (home_folder / "cache" / "answers.txt").unlink(missing_ok=True)
            if name.endswith("(genai-prices)"):
                for extract in (home / "cache").glob("prices-*.json"):
                    extract.unlink()
            runs[name].append(timed(variants[name], envs[name]))
            if name.endswith("(genai-prices)"):  # the variant after it reads an extract again
                timed(models, env)  # and keeps the answer the next kept run prints
    medians = {name: statistics.median(times) for name, times in runs.items()}
    bare = medians["python -c pass"]
    print(f"rounds: {args.rounds} (paired, alternating); runs per variant: {args.rounds}")
    for name, median in medians.items():
        print(f"{name:<34} median {median * 1000:5.0f} ms  ratio {median / bare:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
