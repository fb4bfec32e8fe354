"""What the commands read from their arguments: the catalogue, the profile, the country, the wallet.

Shared by every command module, so none has to import another's handlers.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .. import paths
from ..domain.catalog import Catalog
from ..loading import load_catalog
from .lookup import UsageError
from .output import warn

if TYPE_CHECKING:
    from ..profile import Profile
    from ..settings import Settings

from . import terminal
from .exits import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE"]  # the statuses, for the commands that import them here


def width_of(args: argparse.Namespace) -> int | None:
    if args.width is not None:
        return int(args.width) or None
    return max(1, terminal.columns())


def catalog_of(args: argparse.Namespace) -> Catalog:
    return load_catalog(getattr(args, "data", None))


def settings_of(args: argparse.Namespace) -> Settings:
    """The saved profile with this command's own flags (--country, --no-profile), read once.

    A command only reads it: a damaged file is reported and left where it is for the app.
    """
    from ..settings import Settings

    found: Settings | None = getattr(args, "_settings", None)
    if found is None:
        found = Settings.load(
            paths.state_dir(),
            country=getattr(args, "country", None),
            use_saved=not getattr(args, "no_profile", False),
            read_only=True,
        )
        if found.message:
            warn(f"cnai-pay: {found.message}")
        args._settings = found
    return found


def saved_profile(args: argparse.Namespace) -> Profile:
    """The profile the app saved, unless --no-profile."""
    return settings_of(args).saved


def country_of(args: argparse.Namespace) -> str | None:
    return getattr(args, "country", None) or settings_of(args).country


def wallet_tokens(args: argparse.Namespace) -> list[str]:
    return [t for value in args.wallet for t in value.split(",") if t.strip()]


def _provider_id(catalog: Catalog, token: str, wallet: frozenset[str]) -> str:
    for method_id in sorted(wallet):
        issued = catalog.providers_for(method_id)
        found = next((p for p in issued if token.strip().lower() in (p.id, p.name.lower())), None)
        if found is not None:
            return found.id
    issuers = sorted({p.method for p in catalog.providers})
    raise UsageError(
        f"--provider {token!r}: no provider of that name issues a method in your wallet "
        f"(providers issue: {', '.join(issuers) or 'nothing in the data'})"
    )
