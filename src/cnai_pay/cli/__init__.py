"""The `cnai-pay` command: starts the app, or answers from the shell without it.

Only `run_app` imports the UI, so the other commands stay fast and Textual-free.
Exit status: 0 success, 2 usage or data errors, 1 when something else fails
(a file cannot be written, output is closed); never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import ChecklistError
from ..loading import DataError
from .commands import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, HANDLERS
from .lookup import UsageError
from .output import warn
from .parser import build_parser

__all__ = ["main"]


def _has_terminal() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def run_app(args: argparse.Namespace) -> int:
    if not _has_terminal():
        warn(
            "cnai-pay: the app needs a terminal; in scripts use a command such as `cnai-pay grid` "
            "(see `cnai-pay --help`)"
        )
        return EXIT_USAGE
    checklist_file: Path | None = args.checklist
    if checklist_file is not None and not checklist_file.expanduser().is_file():
        warn(f"cnai-pay: --checklist {checklist_file}: no such file")
        return EXIT_USAGE
    import gc

    from ..loading import load_catalog

    catalog = load_catalog(getattr(args, "data", None))
    # Start-up allocates many long-lived objects and frees almost none: the collector only
    # costs time here. The app turns it back on, with those objects frozen, once it is drawn.
    gc.disable()
    from ..tui.app import CnaiPayApp

    app = CnaiPayApp(
        catalog,
        checklist_file=checklist_file,
        country=getattr(args, "country", None),
        use_profile=not getattr(args, "no_profile", False),
    )
    app.run()
    return int(app.return_code or 0)


def _quiet_stdout() -> None:
    """After a broken pipe (`cnai-pay grid | head`), point stdout at /dev/null so exit is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        return run_app(args)
    handler: Callable[[argparse.Namespace], int] = args.handler
    if sys.stdout is None:
        raise OSError("standard output is closed")
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(HANDLERS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (argparse already printed why)
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    what = "cnai-pay" + (f" {args.command}" if args.command else "")
    try:
        return _run(args)
    except UsageError as exc:
        warn(f"{what}: {exc}")
        return EXIT_USAGE
    except DataError as exc:
        warn(f"cnai-pay: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_FAILURE
    except (OSError, ChecklistError) as exc:
        warn(f"{what}: {exc}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the promise is one line, never a traceback
        warn(f"{what}: unexpected error: {type(exc).__name__}: {exc}")
        return EXIT_FAILURE
