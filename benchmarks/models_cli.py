"""`cnai-pay models MODEL` against `python -c pass`: paired, alternating child processes.

    python benchmarks/models_cli.py [--rounds N] [--model kimi-k2]

Each round runs both commands once, in alternating order, as fresh processes with a
warm catalogue cache in a temporary CNAI_PAY_HOME; prints the medians and their ratio.
The price data loads from the genai-prices package the app ships with.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--model", default="kimi-k2")
    args = parser.parse_args()
    env = {**os.environ, "CNAI_PAY_HOME": tempfile.mkdtemp(prefix="cnai-pay-bench-")}
    env.pop("CNAI_PAY_PRICE_DATA", None)
    models = [sys.executable, "-m", "cnai_pay", "models", args.model, "--no-profile", "--wallet", "visa"]
    bare = [sys.executable, "-c", "pass"]
    timed(models, env)  # fills the catalogue cache and the OS file cache
    runs: dict[str, list[float]] = {"models": [], "pass": []}
    for round_ in range(args.rounds):
        pair = [("models", models), ("pass", bare)]
        for name, command in pair if round_ % 2 == 0 else reversed(pair):
            runs[name].append(timed(command, env))
    medians = {name: statistics.median(times) for name, times in runs.items()}
    print(f"rounds: {args.rounds} (paired, alternating)")
    print(f"python -c pass:             median {medians['pass'] * 1000:.0f} ms")
    print(f"cnai-pay models {args.model}: median {medians['models'] * 1000:.0f} ms")
    print(f"ratio: {medians['models'] / medians['pass']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
