"""The shell commands: each takes parsed arguments and returns an exit status."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from collections.abc import Callable

from ..domain.catalog import Catalog, Cell
from ..domain.filters import filter_platforms
from ..domain.model import Status
from ..domain.vocabulary import LABELS
from ..loading import DataError, load_catalog
from .lookup import UsageError, build_filter, resolve_method, resolve_platform, resolve_provider
from .output import emit, use_color, warn

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def width_of(args: argparse.Namespace) -> int | None:
    if args.width is not None:
        return int(args.width) or None
    return max(1, shutil.get_terminal_size().columns)


def catalog_of(args: argparse.Namespace) -> Catalog:
    return load_catalog(getattr(args, "data", None))


def country_of(args: argparse.Namespace) -> str | None:
    return getattr(args, "country", None)


def cmd_grid(args: argparse.Namespace) -> int:
    from . import formats, table

    catalog = catalog_of(args)
    flt = build_filter(catalog, args, country_of(args))
    platforms = filter_platforms(catalog, flt)
    if args.format == "json":
        emit(formats.render_json(catalog, platforms, flt))
    elif args.format == "csv":
        emit(formats.render_csv(catalog, platforms, flt))
    elif args.format == "markdown":
        emit(formats.render_markdown(catalog, platforms, flt, dt.date.today()))
    else:
        emit(table.render_table(catalog, platforms, flt, dt.date.today(), width=width_of(args),
                                color=use_color(args.color)))
    return EXIT_OK


def cmd_evidence(args: argparse.Namespace) -> int:
    from .evidence import render_evidence

    catalog = catalog_of(args)
    platform = resolve_platform(catalog, args.platform)
    method = resolve_method(catalog, args.method)
    cell = catalog.cell(platform.id, method.id, country_of(args))
    emit(render_evidence(catalog, cell, width=width_of(args), color=use_color(args.color)))
    return EXIT_OK


def cmd_data_check(args: argparse.Namespace) -> int:
    from .evidence import check_summary

    folder = args.folder if args.folder is not None else getattr(args, "data", None)
    try:
        catalog = load_catalog(folder, use_cache=False)
    except DataError as exc:
        count = len(exc.problems)
        lines = [f"{exc.folder}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  - {problem}" for problem in exc.problems)
        emit("\n".join(lines) + "\n")
        return EXIT_USAGE
    emit(check_summary(catalog) + "\n")
    return EXIT_OK


def cell_warning(cell: Cell) -> str:
    """The note both a file and standard output get when the data advises against the cell."""
    if cell.status not in (Status.NOT_SUPPORTED, Status.UNKNOWN) and not cell.disputed:
        return ""
    state = LABELS[cell.status] + (", disputed" if cell.disputed else "")
    return (f"cnai-pay checklist: note: the data says {state} for {cell.platform.name} × {cell.method.name}; "
            f"see `cnai-pay evidence {cell.platform.id} {cell.method.id}`")


def cmd_checklist(args: argparse.Namespace) -> int:
    from ..checklist.codec import dumps
    from ..checklist.files import export_checklist, export_path
    from ..checklist.steps import build_checklist

    catalog = catalog_of(args)
    platform = resolve_platform(catalog, args.platform)
    method = resolve_method(catalog, args.method)
    provider_id = resolve_provider(catalog, args.provider, method).id if args.provider else ""
    country = country_of(args)
    # The same builder and exporter as the app's `e` key, so the file is the same.
    checklist = build_checklist(
        catalog, platform.id, method.id, amount=args.amount, fee_percent=args.fee_percent, provider_id=provider_id,
        fixed_fee=args.fixed_fee, country=country,
    )
    warning = cell_warning(catalog.cell(platform.id, method.id, country))
    if str(args.output) == "-":
        emit(dumps(checklist, catalog))
    else:
        target = export_path(checklist, args.output)
        try:
            written = export_checklist(checklist, catalog, target, overwrite=args.force)
        except FileExistsError:
            raise UsageError(f"{target} already exists; add --force to replace it") from None
        emit(f"wrote {written}: {platform.name} × {method.name}, {len(checklist.steps)} steps, "
             f"budget {checklist.budget_text}\n")
    if warning:
        warn(warning)
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "grid": cmd_grid,
    "evidence": cmd_evidence,
    "data check": cmd_data_check,
    "checklist": cmd_checklist,
}
