"""Turning what the user typed (ids, names, short names, country codes) into records, or a clear usage error."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from ..domain.catalog import Catalog
from ..domain.filters import GridFilter
from ..domain.model import Method, Platform, PlatformKind, Provider, Source
from ..domain.regions import normalise_country
from ..text import quoted


class UsageError(Exception):
    """A mistake in the command line the user can fix (unknown id, existing file…)."""


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def _closest(token: str, choices: dict[str, str]) -> str | None:
    """The id whose id or name is closest to `token` (choices: lower-cased label → id)."""
    import difflib  # only on a typo: a command spelled right answers without it

    match = difflib.get_close_matches(token.strip().lower(), list(choices), n=1, cutoff=0.5)
    return choices[match[0]] if match else None


def _resolve(what: str, token: str, items: Sequence[T], names: Callable[[T], list[str]]) -> T:
    """The item whose id or one of whose names is `token` (any case), else a clear usage error."""
    labels: dict[str, str] = {}
    for entry in items:
        for name in [entry.id, *names(entry)]:
            labels.setdefault(name.lower(), entry.id)
    found = labels.get(token.strip().lower())
    if found is None:
        guess = _closest(token, labels)
        hint = f"; did you mean {guess!r}?" if guess else "."
        valid = ", ".join(entry.id for entry in items)
        raise UsageError(f"unknown {what} {quoted(token)}{hint}\nvalid {what}s: {valid}")
    return next(item for item in items if item.id == found)


def resolve_platform(catalog: Catalog, token: str) -> Platform:
    return _resolve("platform", token, catalog.platforms, lambda p: [p.name, *p.also_known_as])


def resolve_method(
    catalog: Catalog, token: str, option: str = "", takes_provider: bool = False, listed: Sequence[str] = ()
) -> Method:
    """`option` (e.g. "--wallet"), `takes_provider` and the other methods `listed` with `token`
    shape the hint when `token` names a provider instead of a method."""
    try:
        return _resolve("method", token, catalog.methods, lambda m: [m.name, m.short])
    except UsageError:
        provider = next((p for p in catalog.providers if token.strip().lower() in (p.id, p.name.lower())), None)
        if provider is None or provider.method not in catalog.method_by_id:
            raise
    given = f"{option} " if option else ""
    methods = ",".join(dict.fromkeys(provider.method if t == token else t.strip() for t in listed or [token]))
    hint = f"{given}{methods}" + (f" --provider {provider.id}" if takes_provider else "")
    elsewhere = "" if takes_provider else f" (`cnai-pay routes` takes --provider {provider.id})"
    raise UsageError(
        f"{provider.name} is a provider of {catalog.method_by_id[provider.method].name}, not a method; "
        f"did you mean {hint}?{elsewhere}"
    )


def resolve_source(catalog: Catalog, token: str) -> Source:
    return _resolve("source", token, list(catalog.sources.values()), lambda s: [s.title])


def resolve_provider(catalog: Catalog, token: str, method: Method) -> Provider:
    providers = catalog.providers_for(method.id)
    if not providers:
        raise UsageError(f"--provider does not apply to {method.name}: no provider in the data issues it")
    return _resolve("provider", token, providers, lambda p: [p.name])


def country_arg(text: str) -> str:
    """An argparse type: an ISO 3166 country code, any case."""
    code = normalise_country(text)
    if code is None:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not an ISO 3166 two-letter country code (e.g. DE)")
    return code


def build_filter(catalog: Catalog, args: argparse.Namespace, country: str | None) -> GridFilter:
    """The command line's filter options as the app's GridFilter."""
    accepts = frozenset(resolve_method(catalog, token, "--accepts").id for token in args.accepts)
    tokens = [t for value in args.wallet for t in value.split(",") if t.strip()]
    wallet = frozenset(resolve_method(catalog, token, "--wallet", listed=tokens).id for token in tokens)
    return GridFilter(
        text=args.search,
        accepts=accepts,
        wallet=wallet,
        kind=PlatformKind(args.kind) if args.kind else None,
        refundable=args.refundable,
        country=country,
    )
