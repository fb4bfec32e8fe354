"""The price library's data: the copy `prices update` saved, else the one the package ships.

A saved copy is a folder holding `data.json` (genai-prices' own provider list, as its updater
fetches it) and `about.json` (when and from where it was fetched). `CNAI_PAY_PRICE_DATA` names
such a folder to use instead: tests point it at a small fixture, never at the shipped data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..domain.catalog import Catalog
from ..value_classes import frozen

if TYPE_CHECKING:
    from .plain import PlainProvider

ENV_PRICE_DATA = "CNAI_PAY_PRICE_DATA"
DATA_NAME = "data.json"
ABOUT_NAME = "about.json"
# Far above the library's own file (a few MB): anything bigger is not price data.
MAX_PRICE_BYTES = 64 * 1024 * 1024


class PriceDataError(Exception):
    """Price data that cannot be read or validated; the message is one line for the user."""


@frozen
class PriceTable:
    """The providers by id (prices/plain.py's records), and what the prices are: where from and how old."""

    providers: dict[str, PlainProvider]
    origin: str
    url: str
    as_of: dt.date | None

    def provider(self, provider_id: str | None) -> PlainProvider | None:
        return self.providers.get(provider_id) if provider_id else None


def saved_folder() -> Path:
    """Where `prices update` keeps the fetched data."""
    return paths.cache_dir() / "prices"


def parse_providers(raw: Any) -> list[Any]:
    """Validate a provider list in genai-prices' format with the library's own validator."""
    # The library's updater validates what it fetches with this function; it is not public, so the
    # package is pinned exactly and a change of it fails here with a clear message, not later.
    from genai_prices import types

    if not isinstance(raw, list):
        raise PriceDataError("the price data is not a list of providers")
    try:
        return list(types._providers_from_raw(raw))
    except AttributeError:  # pragma: no cover - only with an unpinned library
        raise PriceDataError("this genai-prices release cannot read price data files") from None
    except Exception as exc:  # pydantic's errors are long: the first one, where it is
        raise PriceDataError(f"the price data is not valid: {_first_error(exc)}") from None


def _first_error(exc: Exception) -> str:
    """Pydantic's first error as 'at 3 > models > 2 > input_mtok: Input should be a finite number'."""
    from ..text import clean_text

    errors = getattr(exc, "errors", None)
    try:
        first = errors()[0] if callable(errors) else None
    except Exception:  # not pydantic's kind of error after all
        first = None
    if isinstance(first, dict) and first.get("msg"):
        where = " > ".join(str(part) for part in first.get("loc", ()))[:120]
        return clean_text(f"at {where}: {first['msg']}" if where else str(first["msg"]))
    text = str(exc).strip()
    return clean_text(text.splitlines()[0] if text else type(exc).__name__)


def read_bounded(path: Path) -> bytes:
    """A saved file's bytes; a FIFO or device planted there is refused (OSError), never waited on."""
    from .. import fileio

    return fileio.read_bytes(path, MAX_PRICE_BYTES)


def _unreadable(path: Path, exc: BaseException) -> str:
    from ..fileio import ReadError, shown

    if isinstance(exc, ReadError):  # its message already names the file
        return str(exc)
    if isinstance(exc, RecursionError):  # JSON nested past what the decoder can follow
        return f"{shown(path)} is not price data: it is nested too deeply"
    if isinstance(exc, FileNotFoundError):
        return f"{shown(path)} is missing"
    return f"{shown(path)} cannot be read ({exc})"


def read_about(folder: Path) -> dict[str, Any]:
    try:
        about = json.loads(read_bounded(folder / ABOUT_NAME))
    except (OSError, ValueError, RecursionError) as exc:
        raise PriceDataError(_unreadable(folder / ABOUT_NAME, exc)) from None
    if not isinstance(about, dict) or not isinstance(about.get("fetched_on"), str):
        raise PriceDataError(f"{folder / ABOUT_NAME} does not say when the data was fetched")
    return about


def _about_table(folder: Path, about: dict[str, Any], providers: dict[str, Any]) -> PriceTable:
    try:
        fetched = dt.date.fromisoformat(about["fetched_on"][:10])
    except ValueError:
        fetched = None
    url = str(about.get("url", ""))
    return PriceTable(providers, "genai-prices data (updated copy)", url, fetched)


def load_folder(folder: Path) -> PriceTable:
    """A saved copy, validated by genai-prices unless the cache holds its extract (keyed by its exact bytes)."""
    from . import extract

    about = read_about(folder)
    try:
        extract_key = extract.key(extract.folder_source(folder, (DATA_NAME, ABOUT_NAME), MAX_PRICE_BYTES))
    except OSError:
        extract_key = None
    if extract_key is not None:
        found = extract.read(extract.user_path("folder", extract_key), extract_key)
        if found is not None:
            return _about_table(folder, about, found)
    try:
        raw = json.loads(read_bounded(folder / DATA_NAME))
    except (OSError, ValueError, RecursionError) as exc:
        raise PriceDataError(_unreadable(folder / DATA_NAME, exc)) from None
    providers = _plain(parse_providers(raw))
    if extract_key is not None:
        extract.write(extract.user_path("folder", extract_key), list(providers.values()), extract_key)
    return _about_table(folder, about, providers)


def _plain(providers: list[Any]) -> dict[str, Any]:
    from .plain import PriceOutOfBounds, from_library

    try:
        return {p.id: from_library(p) for p in providers}
    except PriceOutOfBounds as exc:
        raise PriceDataError(str(exc)) from None


def _bundled_table(catalog: Catalog, providers: dict[str, Any], version: str) -> PriceTable:
    data = catalog.price_data
    source = catalog.price_sources.get(data.source) if data else None
    # The data file dates the release it names; another installed release is of unknown age.
    as_of = data.as_of if data is not None and data.version == version else None
    return PriceTable(providers, f"genai-prices {version} data", source.url if source else "", as_of)


def load_bundled(catalog: Catalog) -> PriceTable:
    """The package's own data: from the wheel's extract, else the user's, else the library itself."""
    from . import extract

    version = extract.library_version()
    extract_key = extract.key("bundled", version) if version else None
    if version is not None and extract_key is not None:
        found = extract.read(extract.shipped_path(), extract_key, own=False) or extract.read(
            extract.user_path("bundled", extract_key), extract_key
        )
        if found is not None:
            return _bundled_table(catalog, found, version)
    from genai_prices import __version__, data_snapshot

    providers = _plain(data_snapshot.get_snapshot().providers)
    if extract_key is not None and version == __version__:
        extract.write(extract.user_path("bundled", extract_key), list(providers.values()), extract_key)
    return _bundled_table(catalog, providers, __version__)


def load_price_table(catalog: Catalog) -> PriceTable:
    """The fixture folder when set, else the saved update, else the package's own data."""
    override = os.environ.get(ENV_PRICE_DATA)
    if override:
        return load_folder(Path(override))
    from ..fileio import exists

    folder = saved_folder()
    # fileio.exists: Path.exists raises on a home named past the limit (Python 3.11).
    if exists(folder / DATA_NAME):
        try:
            return load_folder(folder)
        except PriceDataError:
            pass  # a damaged saved copy: the package's own data still answers
    return load_bundled(catalog)
