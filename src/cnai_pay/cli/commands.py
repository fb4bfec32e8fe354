"""The shell commands: each takes parsed arguments and returns an exit status."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace

from .. import clock
from ..domain.catalog import Cell
from ..domain.filters import filter_platforms
from ..domain.model import Status
from ..domain.vocabulary import LABELS
from ..loading import DataError, load_catalog
from .arguments import (
    EXIT_OK,
    EXIT_USAGE,
    _provider_id,
    catalog_of,
    country_of,
    saved_profile,
    wallet_tokens,
    width_of,
)
from .lookup import UsageError, build_filter, resolve_method, resolve_platform, resolve_provider
from .output import emit, use_color, warn
from .parser import ROUTES_TABLE_LIMIT


def cmd_grid(args: argparse.Namespace) -> int:
    from . import table

    catalog = catalog_of(args)
    profile = saved_profile(args)
    if not args.wallet:
        args.wallet = [",".join(m for m in profile.wallet if m in catalog.method_by_id)]
    # The cards the profile says the user holds: their columns answer for those cards, as in the app.
    flt = replace(build_filter(catalog, args, country_of(args)), providers=frozenset(profile.providers))
    platforms = filter_platforms(catalog, flt)
    if args.format == "table":
        emit(
            table.render_table(
                catalog, platforms, flt, clock.today(), width=width_of(args), color=use_color(args.color)
            )
        )
        return EXIT_OK
    from . import formats  # csv and json, which the table does without

    if args.format == "json":
        emit(formats.render_json(catalog, platforms, flt))
    elif args.format == "csv":
        emit(formats.render_csv(catalog, platforms, flt))
    else:
        emit(formats.render_markdown(catalog, platforms, flt, clock.today()))
    return EXIT_OK


def cmd_routes(args: argparse.Namespace) -> int:
    from ..routes import plan_routes
    from . import routes_output

    catalog = catalog_of(args)
    profile = saved_profile(args)
    tokens = wallet_tokens(args) or [m for m in profile.wallet if m in catalog.method_by_id]
    if not tokens:
        raise UsageError("no wallet: give --wallet METHOD,... (or tick your methods with w in the app)")
    wallet = frozenset(
        resolve_method(catalog, token, "--wallet", takes_provider=True, listed=tokens).id for token in tokens
    )
    # Saved providers only count for a method in this wallet: a --wallet without cards must not fail on them.
    provider_tokens = args.provider or [
        p.id for p in catalog.providers if p.id in profile.providers and p.method in wallet
    ]
    providers = frozenset(_provider_id(catalog, token, wallet) for token in provider_tokens)
    plan = plan_routes(catalog, wallet, providers, country_of(args))
    if getattr(args, "model", None):
        from .models_commands import routes_for_model

        return routes_for_model(args, catalog, plan)
    if args.format == "json":
        emit(routes_output.render_json(catalog, plan))
    elif args.format == "csv":
        emit(routes_output.render_csv(catalog, plan))
    elif args.format == "markdown":
        emit(routes_output.render_markdown(catalog, plan))
    else:
        limit = None if args.all else ROUTES_TABLE_LIMIT
        emit(routes_output.render_table(catalog, plan, width_of(args), use_color(args.color), limit))
    return EXIT_OK


def cmd_evidence(args: argparse.Namespace) -> int:
    from .evidence import render_evidence

    catalog = catalog_of(args)
    platform = resolve_platform(catalog, args.platform)
    method = resolve_method(catalog, args.method)
    country = country_of(args)
    cell = catalog.cell(platform.id, method.id, country)
    # The card the user holds (--provider, else the profile's) is answered as that card, as in the app.
    from ..domain.cards import own_card

    held = [resolve_provider(catalog, args.provider, method).id] if args.provider else saved_profile(args).providers
    card = own_card(catalog, platform.id, method.id, held, country)
    emit(render_evidence(catalog, cell, width=width_of(args), color=use_color(args.color), card=card))
    return EXIT_OK


def cmd_data_check(args: argparse.Namespace) -> int:
    from .data_check import check_summary

    folder = args.folder if args.folder is not None else getattr(args, "data", None)
    try:
        catalog = load_catalog(folder, use_cache=False)
    except DataError as exc:
        count = len(exc.problems)
        lines = [f"{exc.folder}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  - {problem}" for problem in exc.problems)
        emit("\n".join(lines) + "\n")
        return EXIT_USAGE
    if catalog.models:
        from .models_commands import check_prices

        if not check_prices(catalog, catalog.folder):
            return EXIT_USAGE
    emit(check_summary(catalog) + "\n")
    return EXIT_OK


def cell_warning(cell: Cell) -> str:
    """The note both a file and standard output get when the data advises against the cell."""
    if cell.status not in (Status.NOT_SUPPORTED, Status.UNKNOWN) and not cell.disputed:
        return ""
    state = LABELS[cell.status] + (", disputed" if cell.disputed else "")
    return (
        f"cnai-pay checklist: note: the data says {state} for {cell.platform.name} × {cell.method.name}; "
        f"see `cnai-pay evidence {cell.platform.id} {cell.method.id}`"
    )


def cmd_checklist(args: argparse.Namespace) -> int:
    from ..checklist.codec import dumps
    from ..checklist.files import export_checklist, export_path
    from ..checklist.steps import build_checklist
    from ..fileio import shown
    from .output import emit_document

    catalog = catalog_of(args)
    platform = resolve_platform(catalog, args.platform)
    method = resolve_method(catalog, args.method, "--method", takes_provider=True)
    provider_id = resolve_provider(catalog, args.provider, method).id if args.provider else ""
    country = country_of(args)
    # The same builder and exporter as the app's `e` key, so the file is the same.
    checklist = build_checklist(
        catalog,
        platform.id,
        method.id,
        amount=args.amount,
        fee_percent=args.fee_percent,
        provider_id=provider_id,
        fixed_fee=args.fixed_fee,
        country=country,
    )
    # A provider's card is judged as routes judge it: its network and the platform's card rules.
    provider = next((p for p in catalog.providers if p.id == provider_id), None)
    if provider is not None:
        from ..domain.cards import card_answer

        answer = card_answer(catalog, platform.id, provider, country)
        warning = cell_warning(answer.cell)
        warning = warning and f"{warning} ({provider.name}: {answer.decided_by})"
    else:
        warning = cell_warning(catalog.cell(platform.id, method.id, country))
    if str(args.output) == "-":
        emit_document(dumps(checklist, catalog))
    else:
        target = export_path(checklist, args.output)
        try:
            written = export_checklist(checklist, catalog, target, overwrite=args.force)
        except FileExistsError:
            raise UsageError(f"{shown(target)} already exists; add --force to replace it") from None
        emit(
            f"wrote {shown(written)}: {platform.name} × {method.name}, {len(checklist.steps)} steps, "
            f"budget {checklist.budget_text}\n"
        )
    if warning:
        warn(warning)
    return EXIT_OK


def _imported_when_run(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A handler from another module of this package, imported only when its command runs."""

    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Callable[[argparse.Namespace], int] = getattr(import_module(f".{module}", __package__), name)
        return handler(args)

    return run


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "grid": cmd_grid,
    "routes": cmd_routes,
    "evidence": cmd_evidence,
    "data check": cmd_data_check,
    "checklist": cmd_checklist,
    "completion": _imported_when_run("completion", "cmd_completion"),
    "sources": _imported_when_run("sources", "cmd_sources"),
    "models": _imported_when_run("models_commands", "cmd_models"),
    "prices update": _imported_when_run("models_commands", "cmd_prices_update"),
}
