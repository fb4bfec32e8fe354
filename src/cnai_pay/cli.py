"""The `cnai-pay` command: starts the app, or answers from the shell without it.

Only `run_app` imports the UI, so the other commands stay fast and Textual-free.

    cnai-pay                                   start the app
    cnai-pay grid [filters] [--format F]       the platform × method grid
    cnai-pay evidence PLATFORM METHOD          every claim behind one cell
    cnai-pay data check [DIR]                  validate a data folder, list every problem
    cnai-pay checklist --platform P --method M --output FILE
                                               write a first-top-up checklist as TOML

Exit status: 0 success, 2 usage or data errors, 1 when a file cannot be
written; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .catalog import Catalog, DataError, GridFilter, load_catalog
from .model import Method, Platform, PlatformKind

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in the command line the user can fix (unknown id, existing file…)."""


# ---------------------------------------------------------------------------
# Parsing


def _checked(check_name: str):
    """An argparse type that applies the checklist's own rule, so the app and the CLI agree."""

    def convert(text: str) -> float:
        from . import checklist

        value = checklist.parse_number(text)
        if value is None:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number")
        try:
            return getattr(checklist, check_name)(value)
        except checklist.ChecklistError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = check_name.removeprefix("check_")  # argparse names the type in its messages
    return convert


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the width cannot be negative")
    return value


GRID_EPILOG = """\
formats:
  table     fitted to the terminal: full method names, else short names, else
            one block per platform; each cell is glyph + word (✓ yes, ✗ no,
            ◐ cond, ? unkn) with ! when the sources disagree
  csv       header: platform,kind,<method ids>; one row per platform (its id);
            each cell is the status value (supported, not_supported,
            conditional, unknown) followed by ! when the sources disagree
  json      per platform and method: status, disputed, sources (ids); plus the
            data set's as_of date and the active filter; keys sorted, stable
  markdown  a pipe table with glyph + word, then the legend and the data's age

example:
  cnai-pay grid --wallet visa,paypal --kind gateway --format markdown
"""


def build_parser() -> argparse.ArgumentParser:
    # Options every level accepts: `cnai-pay grid --data DIR` and `cnai-pay --data DIR grid` both work.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--version", action="version", version=f"cnai-pay {__version__}")
    common.add_argument(
        "--data", metavar="DIR", type=Path, default=argparse.SUPPRESS,
        help="load the facts from another data folder (default: the shipped data)",
    )

    parser = argparse.ArgumentParser(
        prog="cnai-pay",
        parents=[common],
        description="Which card or wallet pays for DeepSeek, Qwen, GLM and their gateways, with sources. "
        "Without a command, starts the terminal app.",
        epilog="Run `cnai-pay COMMAND --help` for a command's options.",
    )
    parser.add_argument(
        "--checklist", metavar="FILE", type=Path,
        help="start the app with a checklist exported earlier, to carry on with it",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    grid = commands.add_parser(
        "grid", parents=[common], help="print the platform × payment-method grid",
        description="Print the platform × payment-method grid, with the same filters as the app.",
        epilog=GRID_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grid.add_argument("--accepts", metavar="METHOD", action="append", default=[],
                      help="only platforms that take METHOD (repeat: they must take all of them)")
    grid.add_argument("--wallet", metavar="METHOD,...", action="append", default=[],
                      help="the methods you have: only platforms that take at least one of them")
    grid.add_argument("--kind", choices=[k.value for k in PlatformKind], help="only direct platforms or gateways")
    grid.add_argument("--refundable", action="store_true", help="only platforms that refund unused balance")
    grid.add_argument("--search", metavar="TEXT", default="",
                      help="platform name contains every word of TEXT (case-insensitive)")
    grid.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table",
                      help="output format (default: table)")
    _add_display_options(grid)
    grid.set_defaults(handler=cmd_grid)

    evidence = commands.add_parser(
        "evidence", parents=[common], help="every claim and source behind one grid cell",
        description="Print every claim behind one grid cell, most authoritative first, with its source.",
        epilog="example:\n  cnai-pay evidence qwen amex", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evidence.add_argument("platform", metavar="PLATFORM", help="platform id or name (e.g. qwen)")
    evidence.add_argument("method", metavar="METHOD", help="payment method id, name or short name (e.g. amex)")
    _add_display_options(evidence)
    evidence.set_defaults(handler=cmd_evidence)

    data = commands.add_parser("data", parents=[common], help="work with data folders",
                               description="Work with data folders.")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", title="actions", required=True)
    check = data_commands.add_parser(
        "check", parents=[common], help="validate a data folder and list every problem",
        description="Validate a data folder and list every problem (file, entry, field). "
        "Exit status 0 when clean, 2 otherwise.",
        epilog="example:\n  cnai-pay data check ./data", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("folder", metavar="DIR", nargs="?", type=Path,
                       help="the folder to check (default: --data, else the shipped data)")
    check.set_defaults(handler=cmd_data_check)

    checklist = commands.add_parser(
        "checklist", parents=[common], help="write a first-top-up checklist as TOML",
        description="Write the checklist for a first, minimal top-up as TOML: the same file the app exports.",
        epilog="example:\n  cnai-pay checklist --platform deepseek --method visa --amount 5 --output deepseek.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    checklist.add_argument("--platform", required=True, help="platform id or name")
    checklist.add_argument("--method", required=True, help="payment method id, name or short name")
    checklist.add_argument("--amount", type=_checked("check_amount"),
                           help="the first top-up amount (default: the platform's minimum, else 5)")
    checklist.add_argument("--fee-percent", type=_checked("check_fee_percent"),
                           help="fees as a percentage of the amount (default: the highest the sources give)")
    checklist.add_argument("--fixed-fee", type=_checked("check_fixed_fee"),
                           help="a fixed fee on top, in the checklist's currency (default: from the sources)")
    checklist.add_argument("--provider", metavar="ID", help="the virtual-card provider (with --method virtual_card)")
    checklist.add_argument("--output", "-o", metavar="FILE", type=Path, required=True,
                           help="where to write the TOML ('-' prints it instead)")
    checklist.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    checklist.set_defaults(handler=cmd_checklist)
    return parser


def _add_display_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour: auto (a terminal without NO_COLOR), always or never")
    sub.add_argument("--width", metavar="N", type=_width,
                     help="lay out for N columns (default: the terminal's width; 0: no limit)")


# ---------------------------------------------------------------------------
# Helpers


def load_or_explain(folder: Path | None) -> Catalog | None:
    try:
        return load_catalog(folder)
    except DataError as exc:
        print(f"cnai-pay: {exc}", file=sys.stderr)
        return None


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _width_of(args: argparse.Namespace) -> int | None:
    if args.width is not None:
        return args.width or None
    return max(1, shutil.get_terminal_size().columns)


def _closest(token: str, choices: dict[str, str]) -> str | None:
    """The id whose id or name is closest to `token` (choices: lower-cased label → id)."""
    import difflib

    match = difflib.get_close_matches(token.strip().lower(), list(choices), n=1, cutoff=0.5)
    return choices[match[0]] if match else None


def _unknown(kind: str, token: str, ids: list[str], labels: dict[str, str]) -> UsageError:
    guess = _closest(token, labels)
    hint = f"; did you mean {guess!r}?" if guess else "."
    return UsageError(f"unknown {kind} {token!r}{hint}\nvalid {kind}s: {', '.join(ids)}")


def _resolve(what: str, token: str, items: Sequence, names: Callable[[object], list[str]]):
    """The item whose id or one of whose names is `token` (any case), else a clear usage error."""
    labels: dict[str, str] = {}
    for item in items:
        for name in [item.id, *names(item)]:
            labels.setdefault(name.lower(), item.id)
    found = labels.get(token.strip().lower())
    if found is None:
        raise _unknown(what, token, [item.id for item in items], labels)
    return next(item for item in items if item.id == found)


def resolve_platform(catalog: Catalog, token: str) -> Platform:
    return _resolve("platform", token, catalog.platforms, lambda p: [p.name])


def resolve_method(catalog: Catalog, token: str) -> Method:
    return _resolve("method", token, catalog.methods, lambda m: [m.name, m.short])


def resolve_provider(catalog: Catalog, token: str) -> str:
    return _resolve("provider", token, catalog.providers, lambda p: [p.name]).id


def build_filter(catalog: Catalog, args: argparse.Namespace) -> GridFilter:
    """The command line's filter options as the app's GridFilter."""
    accepts = frozenset(resolve_method(catalog, token).id for token in args.accepts)
    wallet_tokens = [t for value in args.wallet for t in value.split(",") if t.strip()]
    wallet = frozenset(resolve_method(catalog, token).id for token in wallet_tokens)
    return GridFilter(
        text=args.search,
        accepts=accepts,
        wallet=wallet,
        kind=PlatformKind(args.kind) if args.kind else None,
        refundable=args.refundable,
    )


def emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _catalog(args: argparse.Namespace) -> Catalog:
    return load_catalog(getattr(args, "data", None))


# ---------------------------------------------------------------------------
# Commands


def cmd_grid(args: argparse.Namespace) -> int:
    from . import grid_output

    catalog = _catalog(args)
    flt = build_filter(catalog, args)
    platforms = catalog.filter_platforms(flt)
    if args.format == "json":
        emit(grid_output.render_json(catalog, platforms, flt))
    elif args.format == "csv":
        emit(grid_output.render_csv(catalog, platforms))
    elif args.format == "markdown":
        emit(grid_output.render_markdown(catalog, platforms, flt, dt.date.today()))
    else:
        emit(grid_output.render_table(
            catalog, platforms, flt, dt.date.today(), width=_width_of(args), color=_use_color(args.color)
        ))
    return EXIT_OK


def cmd_evidence(args: argparse.Namespace) -> int:
    from . import grid_output

    catalog = _catalog(args)
    platform = resolve_platform(catalog, args.platform)
    method = resolve_method(catalog, args.method)
    cell = catalog.cell(platform.id, method.id)
    emit(grid_output.render_evidence(cell, width=_width_of(args), color=_use_color(args.color)))
    return EXIT_OK


def cmd_data_check(args: argparse.Namespace) -> int:
    from . import grid_output

    folder = args.folder if args.folder is not None else getattr(args, "data", None)
    try:
        catalog = load_catalog(folder, use_cache=False)
    except DataError as exc:
        count = len(exc.problems)
        lines = [f"{exc.folder}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  - {problem}" for problem in exc.problems)
        emit("\n".join(lines) + "\n")
        return EXIT_USAGE
    emit(grid_output.check_summary(catalog) + "\n")
    return EXIT_OK


def cmd_checklist(args: argparse.Namespace) -> int:
    from .checklist import build_checklist, dumps, export_checklist

    catalog = _catalog(args)
    platform = resolve_platform(catalog, args.platform)
    method = resolve_method(catalog, args.method)
    provider_id = ""
    if args.provider:
        if method.id != "virtual_card":
            raise UsageError("--provider only applies with --method virtual_card")
        provider_id = resolve_provider(catalog, args.provider)
    # The same builder and exporter as the app's `e` key, so the file is the same.
    checklist = build_checklist(
        catalog, platform.id, method.id, amount=args.amount, fee_percent=args.fee_percent, provider_id=provider_id,
        fixed_fee=args.fixed_fee,
    )
    cell = catalog.cell(platform.id, method.id)
    if str(args.output) == "-":
        emit(dumps(checklist, catalog))
        return EXIT_OK
    if args.output.expanduser().is_dir():
        raise UsageError(f"{args.output} is a folder; give the file to write, e.g. {args.output / 'checklist.toml'}")
    try:
        written = export_checklist(checklist, catalog, args.output, overwrite=args.force)
    except FileExistsError:
        raise UsageError(f"{args.output} already exists; add --force to replace it") from None
    done = f"wrote {written}: {platform.name} × {method.name}, {len(checklist.steps)} steps, budget {checklist.budget_text}"
    emit(done + "\n")
    if cell.status.value in ("not_supported", "unknown") or cell.disputed:
        state = cell.status.label + (", disputed" if cell.disputed else "")
        print(f"cnai-pay checklist: note: the data says {state} for {platform.name} × {method.name}; "
              f"see `cnai-pay evidence {platform.id} {method.id}`", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------------------
# Entry point


def run_app(catalog: Catalog, checklist_file: Path | None = None) -> int:
    import gc

    # Start-up allocates many long-lived objects and frees almost none: the collector only
    # costs time here. The app turns it back on, with those objects frozen, once it is drawn.
    gc.disable()
    from .tui.app import CnaiPayApp

    if checklist_file is not None and not checklist_file.expanduser().is_file():
        print(f"cnai-pay: --checklist {checklist_file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    CnaiPayApp(catalog, checklist_file=checklist_file).run()
    return EXIT_OK


def _quiet_stdout() -> None:
    """After a broken pipe (`cnai-pay grid | head`), point stdout at /dev/null so exit is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _ensure_encodable() -> None:
    """Glyphs on a terminal that cannot show them become '?' instead of a UnicodeEncodeError."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗◐×·—…─".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (argparse already printed why)
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)

    if args.command is None:
        catalog = load_or_explain(getattr(args, "data", None))
        if catalog is None:
            return EXIT_USAGE
        return run_app(catalog, args.checklist)

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        _ensure_encodable()
        return handler(args)
    except UsageError as exc:
        print(f"cnai-pay {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        print(f"cnai-pay: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_FAILURE
    except OSError as exc:
        print(f"cnai-pay {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
