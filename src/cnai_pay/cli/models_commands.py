"""`cnai-pay models`, `routes --model`, `prices update` and the price checks of `data check`.

The price data is imported here only inside the commands that show prices: `cnai-pay models`
without a model, like every other command, never loads it.
"""

from __future__ import annotations

import argparse

from .. import clock
from ..domain.catalog import Catalog
from ..domain.offers import ModelEntry
from .arguments import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, catalog_of, country_of, saved_profile, wallet_tokens, width_of
from .lookup import UsageError, _closest, resolve_method
from .output import emit, use_color, warn


def resolve_model(catalog: Catalog, token: str) -> ModelEntry:
    model = catalog.model_names.find(token)
    if model is not None:
        return model
    from ..domain.model_names import normalised
    from ..text import quoted

    labels = {normalised(n): m.id for m in catalog.models for n in (m.id, m.name, *m.aliases)}
    guess = _closest(normalised(token), labels)
    hint = f"; did you mean {guess!r}?" if guess else "."
    known = ", ".join(m.id for m in catalog.models) or "none in the data"
    raise UsageError(f"unknown model {quoted(token)}{hint}\nvalid models: {known}")


def parse_tokens(text: str) -> object:
    """argparse type for --tokens IN:OUT."""
    from ..prices.sellers import parse_mix

    try:
        return parse_mix(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _wallet(catalog: Catalog, args: argparse.Namespace) -> tuple[frozenset[str], frozenset[str]]:
    """The wallet and card providers: the flags, else the saved profile (as `routes` does)."""
    from .arguments import _provider_id

    profile = saved_profile(args)
    tokens = wallet_tokens(args) or [m for m in profile.wallet if m in catalog.method_by_id]
    wallet = frozenset(resolve_method(catalog, token).id for token in tokens)
    provider_tokens = args.provider or [
        p.id for p in catalog.providers if p.id in profile.providers and p.method in wallet
    ]
    return wallet, frozenset(_provider_id(catalog, token, wallet) for token in provider_tokens)


def _price_table(catalog: Catalog):  # type: ignore[no-untyped-def]
    from ..prices.table import PriceDataError, load_price_table

    try:
        return load_price_table(catalog)
    except PriceDataError as exc:
        raise UsageError(f"the price data cannot be used: {exc}") from None


def cmd_models(args: argparse.Namespace) -> int:
    from . import models_output

    catalog = catalog_of(args)
    if not args.model:
        emit(models_output.render_families(catalog, args.format, width_of(args)))
        return EXIT_OK
    from ..prices.sellers import TokenMix, model_sellers

    model = resolve_model(catalog, args.model)
    wallet, providers = _wallet(catalog, args)
    country = country_of(args)
    mix = args.tokens or TokenMix()
    table = _price_table(catalog)
    today = clock.today()
    found = model_sellers(catalog, table, model, wallet, providers, country, today, mix)
    view = models_output.SellersView(catalog, model, found, wallet, providers, country, mix, today)
    emit(models_output.render_sellers(view, args.format, width_of(args), use_color(args.color)))
    return EXIT_OK


def routes_for_model(args: argparse.Namespace, catalog: Catalog, plan: object) -> int:
    """`routes --model`: only the platforms selling the model, each with the model's cost."""
    from ..prices.sellers import TokenMix, offerings
    from ..routes import RoutePlan
    from . import models_output

    assert isinstance(plan, RoutePlan)
    model = resolve_model(catalog, args.model)
    mix = args.tokens or TokenMix()
    today = clock.today()
    offers = offerings(catalog, _price_table(catalog), model, today)
    view = models_output.ModelRoutes.build(catalog, model, plan, offers, mix, today)
    emit(models_output.render_model_routes(view, args.format, width_of(args), use_color(args.color)))
    return EXIT_OK


def cmd_prices_update(args: argparse.Namespace) -> int:
    from ..prices.table import PriceDataError
    from ..prices.update import update_prices

    try:
        result = update_prices(args.url, timeout=args.timeout)
    except PriceDataError as exc:
        warn(f"cnai-pay prices update: {exc}; the prices in use are unchanged")
        return EXIT_FAILURE
    emit(result + "\n")
    return EXIT_OK


def check_prices(catalog: Catalog, folder: object) -> bool:
    """`data check`'s price rules; prints the problems and returns False when there are any."""
    try:
        from ..prices.checks import price_problems

        table = _price_table(catalog)
    except ModuleNotFoundError as exc:  # genai-prices missing from this environment
        warn(f"cnai-pay data check: the model rules cannot be checked against the prices ({exc}); reinstall cnai-pay")
        return False
    problems = price_problems(catalog, table, clock.today())
    if problems:
        count = len(problems)
        lines = [f"{folder}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  - {problem}" for problem in problems)
        emit("\n".join(lines) + "\n")
        return False
    return True


__all__ = ["EXIT_USAGE", "check_prices", "cmd_models", "cmd_prices_update", "routes_for_model"]
