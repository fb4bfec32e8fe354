"""Load a data folder into a Catalog: read, validate, cross-check, cache.

Loading collects every problem it finds (file, entry, field) instead of
stopping at the first, so `cnai-pay data check` can list them all and the app
can show them cleanly. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from .. import fileio, paths
from ..collector import collector_paused
from ..domain.catalog import Catalog
from . import cache
from .names import DATA_FILES
from .problems import DataError, Problem

__all__ = ["DATA_FILES", "DataError", "Problem", "load_catalog", "validate_catalog"]


def load_catalog(folder: Path | str | None = None, use_cache: bool = True) -> Catalog:
    """Load, validate and cross-check a data folder. Raises DataError with every problem."""
    with collector_paused():
        return _load_catalog(folder, use_cache)


def _load_catalog(folder: Path | str | None, use_cache: bool) -> Catalog:
    folder = Path(folder) if folder is not None else paths.shipped_data_dir()
    if not fileio.is_folder(folder):
        problem = "is not a folder" if fileio.there(folder) else "does not exist"
        raise DataError(folder, [Problem(str(folder), "", "", problem)])
    if not use_cache:
        return validate_catalog(folder)
    key = cache.FolderKey(folder)
    if folder == paths.shipped_data_dir():
        # The wheel carries the shipped data validated when it was built.
        shipped_key = key.get()
        prebuilt = cache.read_prebuilt(folder, shipped_key) if shipped_key is not None else None
        if prebuilt is not None:
            return prebuilt
    cache_path = cache.cache_path(paths.cache_dir(), folder)
    cached = cache.read(cache_path, key, folder) if fileio.exists(cache_path) else None
    if cached is not None:
        return cached
    catalog = validate_catalog(folder)  # the key of a large folder is worked out meanwhile
    written_key = key.get()
    if written_key is not None:
        cache.write(cache_path, catalog, written_key, key.stamp, key.code)
    return catalog


def validate_catalog(folder: Path, today: dt.date | None = None) -> Catalog:
    """Always validate, never use the cache: for `data check` and for the cache itself."""
    with collector_paused():
        return _validate_catalog(folder, today)


def _validate_catalog(folder: Path, today: dt.date | None) -> Catalog:
    # Imported here: a start from the cache needs neither the parser nor the checks.
    from .reader import parse_entries
    from .references import check_references, items

    problems: list[Problem] = []
    invalid_ids: dict[str, set[str]] = defaultdict(set)
    parsed = parse_entries(folder, problems, invalid_ids)
    check_references(parsed, problems, invalid_ids, today)
    if problems:
        raise DataError(folder, problems)
    return Catalog(
        folder=folder,
        dataset=items(parsed, "dataset")[0],
        platforms=items(parsed, "platform"),
        methods=items(parsed, "method"),
        sources={s.id: s for s in items(parsed, "source")},
        claims=items(parsed, "claim"),
        refund_claims=items(parsed, "refund"),
        billing=items(parsed, "billing"),
        card_rules=items(parsed, "card_rule"),
        fees=items(parsed, "fee"),
        providers=items(parsed, "provider"),
        provider_facts=items(parsed, "provider_fact"),
        declines=items(parsed, "decline"),
        steps=items(parsed, "step"),
        models=items(parsed, "model"),
        own_prices=items(parsed, "price"),
        price_sources={s.id: s for s in items(parsed, "price_source")},
        price_data=next(iter(items(parsed, "price_data")), None),
    )
