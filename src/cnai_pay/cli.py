"""The `cnai-pay` command: starts the app, or answers from the shell without it.

Only `run_app` imports the UI, so the other commands stay fast and Textual-free.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .catalog import Catalog, DataError, load_catalog

EXIT_OK = 0
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cnai-pay",
        description="Which card or wallet pays for DeepSeek, Qwen, GLM and their gateways, with sources.",
    )
    parser.add_argument("--version", action="version", version=f"cnai-pay {__version__}")
    parser.add_argument("--data", metavar="DIR", type=Path, help="load the facts from another data folder")
    return parser


def load_or_explain(folder: Path | None) -> Catalog | None:
    try:
        return load_catalog(folder)
    except DataError as exc:
        print(f"cnai-pay: {exc}", file=sys.stderr)
        return None


def run_app(catalog: Catalog) -> int:
    from .tui.app import CnaiPayApp

    CnaiPayApp(catalog).run()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    catalog = load_or_explain(args.data)
    if catalog is None:
        return EXIT_USAGE
    return run_app(catalog)


if __name__ == "__main__":
    sys.exit(main())
