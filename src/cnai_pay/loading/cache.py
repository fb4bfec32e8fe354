"""The validated-catalogue cache: plain JSON data, never code.

Validation builds pydantic's schemas, which costs more than everything else at
start-up. A catalogue validated once is written as JSON of plain values (every
record a list of its fields, dates as day numbers, kinds by their value) and
rebuilt into the very record types on the next start. Reading it runs nothing
the file says: JSON only yields strings, numbers and lists, and the rebuilding
is driven by the records' own annotations, so a planted file can at worst fail
to load (it is then ignored and the data validated afresh).

The file is keyed by the exact bytes of the data files, every module of the
domain and of the loader, the package version and the Python version, so any
edit to the data or the code validates afresh. A cache folder (or file) that
another user owns, or that others may write, is neither read nor written.

The same format carries the shipped data pre-validated inside the wheel
(`PREBUILT_NAME`, written by the build hook in hatch_build.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import gc
import hashlib
import json
import os
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import fileio
from ..domain.catalog import Catalog
from .names import DATA_FILES, OPTIONAL_DATA_FILES

_PACKAGE = Path(__file__).resolve().parent.parent
# The code whose change must never meet an old cache.
_CODE_FOLDERS = ("domain", "loading", "checklist")
FORMAT = "cnai-pay catalogue cache 1"
PREBUILT_NAME = "prevalidated.json"
_CACHE_GLOB = "catalog-*.json"

Convert = Callable[[Any], Any]


def _code_files() -> list[Path]:
    files: list[Path] = []
    for folder in _CODE_FOLDERS:
        files.extend(sorted((_PACKAGE / folder).glob("*.py")))
    return files


def digest(folder: Path, version: str | None = None) -> str | None:
    """The cache key for a data folder, or None when a file cannot be read (no caching then).

    JSON reads the same on every Python, so unlike a pickle the key leaves the Python
    version out: a wheel built on one Python starts pre-validated on another.
    """
    if version is None:
        from .. import __version__  # reads package metadata: only when the cache is consulted

        version = str(__version__)
    key = hashlib.sha256(f"{FORMAT}|{version}".encode())
    try:
        for code in _code_files():
            key.update(code.name.encode() + b"\0" + code.read_bytes())
        for name in sorted(DATA_FILES):
            path = folder / name
            if name in OPTIONAL_DATA_FILES and not path.exists():
                key.update(name.encode() + b"\0\1absent\0")
                continue
            # The bounded reader: a FIFO or a device among the data files never blocks here.
            key.update(name.encode() + b"\0" + fileio.read_bytes(path, fileio.DATA_LIMIT) + b"\0")
    except OSError:
        return None
    return key.hexdigest()[:24]


# -- the format: records to plain values and back, driven by the annotations -------------


def _is_optional(hint: Any) -> tuple[bool, list[Any]]:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return len(args) < len(typing.get_args(hint)), args


def _encoder(hint: Any) -> Convert | None:
    """How to turn a value of type `hint` into JSON; None when it is JSON already."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        optional, arms = _is_optional(hint)
        converters = [_encoder(arm) for arm in arms]
        if all(c is None for c in converters):
            return None
        if len(converters) == 1:  # `Record | None`: the record's own encoder, None kept as null
            only = converters[0]
            assert only is not None
            return lambda v: None if v is None else only(v)
        return _encode_any
    if origin in (tuple, list):
        item = _encoder(typing.get_args(hint)[0])
        return None if item is None else (lambda values: [item(v) for v in values])
    if origin is dict:
        value = _encoder(typing.get_args(hint)[1])
        return lambda mapping: [[k, v if value is None else value(v)] for k, v in mapping.items()]
    if hint in (str, int, float, bool) or not isinstance(hint, type):
        return None
    if dataclasses.is_dataclass(hint):
        return _record_encoder(hint)
    if hint is dt.date or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return _encode_any
    return None


def _encode_any(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _decoder(hint: Any) -> Convert | None:
    """How to rebuild a value of type `hint` from JSON; None when JSON is the value."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        optional, arms = _is_optional(hint)
        decoders = [(arm, _decoder(arm)) for arm in arms]
        if all(d is None for _, d in decoders):
            return None
        if len(decoders) == 1:
            only = decoders[0][1]
            assert only is not None
            return lambda v: None if v is None else only(v)
        # `date | Literal["undated"]`: a day number is the date, anything else the literal.
        date_arm = next((d for arm, d in decoders if arm is dt.date), None)
        if date_arm is None:
            raise TypeError(f"the cache cannot carry {hint}")
        return lambda v: date_arm(v) if isinstance(v, int) and not isinstance(v, bool) else v
    if origin is tuple or origin is list:
        item = _decoder(typing.get_args(hint)[0])
        if origin is list:
            return list if item is None else (lambda values: [item(v) for v in values])
        return tuple if item is None else (lambda values: tuple(item(v) for v in values))
    if origin is dict:
        value = _decoder(typing.get_args(hint)[1])
        return lambda pairs: {k: v if value is None else value(v) for k, v in pairs}
    if hint in (str, int, float, bool) or not isinstance(hint, type):  # plain JSON, or a Literal
        return None
    if dataclasses.is_dataclass(hint):
        return _record_decoder(hint)
    if hint is dt.date:
        return dt.date.fromordinal
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {member.value: member for member in hint}.__getitem__
    if hint in (str, int, float, bool) or typing.get_origin(hint) is typing.Literal:
        return None
    raise TypeError(f"the cache cannot carry {hint}")


@functools.cache
def _record_encoder(cls: type) -> Convert:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _encoder(hints[f.name])) for f in dataclasses.fields(cls)]

    def encode(record: Any) -> list[Any]:
        return [getattr(record, name) if enc is None else enc(getattr(record, name)) for name, enc in fields]

    return encode


@functools.cache
def _record_decoder(cls: type) -> Convert:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    converting = [(i, dec) for i, f in enumerate(dataclasses.fields(cls)) if (dec := _decoder(hints[f.name]))]

    def decode(row: list[Any]) -> Any:
        if type(row) is not list or len(row) != len(names):
            raise ValueError(f"a {cls.__name__} of the wrong shape")
        for index, dec in converting:
            row[index] = dec(row[index])
        return cls(**dict(zip(names, row)))

    return decode


def _catalog_fields() -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(Catalog)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(Catalog) if f.init and f.name not in ("folder",)]


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def dumps(catalog: Catalog, key: str) -> bytes:
    body: dict[str, Any] = {"format": FORMAT, "key": key}
    for name, hint in _catalog_fields():
        if name.startswith("_"):
            continue  # filled as the catalogue is used, not part of the facts
        encode = _encoder(hint)
        value = getattr(catalog, name)
        body[name] = value if encode is None else encode(value)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def loads(data: bytes, key: str, folder: Path) -> Catalog | None:
    """The catalogue in `data`, or None when it is not a cache of this key in this format."""
    # Hundreds of thousands of new records: the collector would only rescan them, doubling the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        body = json.loads(data)
        if not isinstance(body, dict) or body.get("format") != FORMAT or body.get("key") != key:
            return None
        required = {f.name for f in dataclasses.fields(Catalog) if f.init and _required(f)}
        values: dict[str, Any] = {"folder": folder}
        for name, hint in _catalog_fields():
            if name not in body:
                if name in required:
                    return None
                continue
            decode = _decoder(hint)
            values[name] = body[name] if decode is None else decode(body[name])
        return Catalog(**values)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError):
        return None  # damaged, planted or from other code: validated afresh
    finally:
        if collecting:
            gc.enable()


# -- the cache folder -------------------------------------------------------------------


def _own_safe(path: Path) -> bool:
    """True when `path` belongs to this user and nobody else may write it."""
    if not hasattr(os, "getuid"):  # pragma: no cover - not POSIX
        return True
    try:
        info = path.lstat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def folder_refusal(folder: Path) -> str:
    """'' when the cache folder may be used, else why not (another user's, or writable by others)."""
    if not folder.exists():
        return ""
    return "" if _own_safe(folder) else f"the cache folder {fileio.shown(folder)} is not yours alone"


def cache_path(folder: Path, key: str) -> Path:
    return folder / f"catalog-{key}.json"


def read(path: Path, key: str, data_folder: Path) -> Catalog | None:
    if folder_refusal(path.parent) or not _own_safe(path):
        return None
    try:
        data = fileio.read_bytes(path, fileio.DATA_LIMIT)
    except OSError:
        return None
    return loads(data, key, data_folder)


def read_prebuilt(data_folder: Path, key: str) -> Catalog | None:
    """The shipped data as validated when the package was built, if it matches the files."""
    try:
        data = fileio.read_bytes(data_folder / PREBUILT_NAME, fileio.DATA_LIMIT)
    except OSError:
        return None
    return loads(data, key, data_folder)


def write_prebuilt(data_folder: Path, out: Path, version: str) -> None:
    """Validate `data_folder` and write it pre-validated to `out` (the wheel's build hook calls this)."""
    from . import validate_catalog

    key = digest(data_folder, version)
    if key is None:
        raise OSError(f"the data in {data_folder} cannot be read")
    fileio.atomic_write(out, dumps(validate_catalog(data_folder), key))


def write(path: Path, catalog: Catalog, key: str) -> None:
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
        if folder_refusal(folder):
            return
        for old in folder.glob(_CACHE_GLOB):
            if old != path:
                old.unlink(missing_ok=True)
        for old in folder.glob("catalog-*.pickle"):  # the old, unsafe format: never read, now removed
            old.unlink(missing_ok=True)
        fileio.atomic_write(path, dumps(catalog, key), private=True)
    except (OSError, TypeError, ValueError):
        pass  # the cache only saves time; the app works without it
