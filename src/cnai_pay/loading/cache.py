"""The validated-catalogue cache: plain JSON data, never code.

Validation builds pydantic's schemas, which costs more than everything else at
start-up. A catalogue validated once is written as lines of JSON of plain values
(every record an object of all its fields, dates in ISO form, kinds by their
value): a header naming each field and its number of lines, then each field, a
long list a piece of records to a line, so a large cache is read and decoded a
line at a time, never held whole; a last line holds the checksum of all the lines
before it, so a file changed after it was written is refused whole. Each line starts with its length, so it is read
whole in one go, with no search for where it ends and no copy. It is rebuilt into the very record types on
the next start. Reading it runs nothing the file says: a large file is decoded
by msgspec against the records' own annotations (types, enums, literals,
required fields), which builds the records directly; a small one (the shipped
data) by the standard library, then rebuilt here from the same annotations with
every plain value's type checked.
The few fields msgspec cannot take (a source's `date | Literal["undated"]`) are
rebuilt that way too. A planted or damaged file can at worst fail to load (it
is then ignored and the data validated afresh).

The file is keyed by the exact bytes of the data files, every module of the
domain and of the loader, the package version and the Python version, so any
edit to the data or the code validates afresh. A cache folder (or file) that
another user owns, or that others may write, is neither read nor written.

The same format carries the shipped data pre-validated inside the wheel
(`PREBUILT_NAME`, written by the build hook in hatch_build.py). The list-per-
record helpers (`_record_encoder`, `_record_decoder`) are the price extract's
format (prices/), not this one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import gc
import io
import json
import math
import operator
import os
import re
import sys
import threading
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import fileio
from ..digest import blake2b
from ..domain.catalog import Catalog
from ..text import CONTROL
from .names import DATA_FILES, OPTIONAL_DATA_FILES

_PACKAGE = Path(__file__).resolve().parent.parent
# The code whose change must never meet an old cache (text.py holds the characters data refuses).
_CODE_FOLDERS = ("domain", "loading", "checklist")
_CODE_MODULES = ("text.py",)
# 2: records as objects of their fields, dates in ISO form, decoded by msgspec.
# 3: the same values on lines: a header, then each field, a long list a piece of records per line.
# 4: the same lines, each after its length.
# 5: the header names the code that wrote it (`code_key`).
# 6: a last line holds the checksum of every line before it.
FORMAT = "cnai-pay catalogue cache 6"
PREBUILT_NAME = "prevalidated.json"
_CACHE_GLOB = "catalog-*.json"

Convert = Callable[[Any], Any]
_HASH_CHUNK = 8 * 1024 * 1024
# A cache is the data folder's records as JSON: every field written, defaults too, so about 1.5
# times the TOML (99 MB for 68 MB at 10,000 platforms). Its read is bounded by the folder it
# caches, with room to spare, never by a fixed size a large catalogue outgrows.
CACHE_PER_DATA_BYTE = 4


def _code_files() -> list[Path]:
    files: list[Path] = []
    for folder in _CODE_FOLDERS:
        files.extend(sorted((_PACKAGE / folder).glob("*.py")))
    return files + [_PACKAGE / name for name in _CODE_MODULES]


def digest(folder: Path, version: str | None = None) -> str | None:
    """The cache key for a data folder, or None when a file cannot be read (no caching then).

    JSON reads the same on every Python, so unlike a pickle the key leaves the Python
    version out: a wheel built on one Python starts pre-validated on another.
    """
    if version is None:
        version = _version()
    try:
        key: Any = _hasher(sum(_size(folder / name) for name in DATA_FILES))
        key.update(code_key(version).encode())
        for name in sorted(DATA_FILES):
            path = folder / name
            if name in OPTIONAL_DATA_FILES and not path.exists():
                key.update(name.encode() + b"\0\1absent\0")
                continue
            # The bounded reader: a FIFO or a device among the data files never blocks here. A piece
            # at a time: the same key, without holding a 600 MB file (100,000 platforms) whole.
            key.update(name.encode() + b"\0")
            for chunk in fileio.read_chunks(path, fileio.STREAM_LIMIT, _HASH_CHUNK):
                key.update(chunk)
            key.update(b"\0")
    except OSError:
        return None
    hexdigest: str = key.hexdigest()
    return hexdigest[:24]


@functools.cache
def code_key(version: str) -> str:
    """The part of the key the code decides: the format, the package version, every module of the
    domain, the loader and the checklist, and the text rules. Written in the header too, so a cache
    left by other code (after an upgrade) is refused at its first line, not once all of it is
    decoded (5 s at 100,000 platforms)."""
    key = blake2b(f"{FORMAT}|{version}".encode(), digest_size=12)
    for code in _code_files():
        key.update(code.name.encode() + b"\0" + code.read_bytes())
    return key.hexdigest()


def _version() -> str:
    from .. import __version__  # reads package metadata: only when the cache is consulted

    return str(__version__)


def stamp(folder: Path) -> str:
    """The data files' sizes and modification times, written in the cache's header.

    Never the key (the bytes are): a cache whose stamp matches the files is decoded while the key
    is worked out beside it and checked once both are done; one whose stamp differs waits for
    the key and is refused at its first line when it was made from other bytes.
    """
    return _stamp_and_size(folder)[0]


def _stamp_and_size(folder: Path) -> tuple[str, int]:
    """The `stamp` and the data files' total size, from one look at each file."""
    parts, size = [], 0
    for name in sorted(DATA_FILES):
        try:
            info = os.stat(folder / name)
        except OSError:  # an optional file the folder lacks; one that is unreadable fails in `digest`
            parts.append(f"{name}:-")
            continue
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        size += info.st_size
    return "|".join(parts), size


class FolderKey:
    """A data folder's cache key (`digest`) and `stamp`. For a large folder the key is worked out
    in a thread, which spends its time reading and hashing with the interpreter's lock released,
    so it runs beside the cache's decoding, or beside the validation when there is no cache."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.stamp, size = _stamp_and_size(folder)
        self._key: str | None = None
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        version = version or _version()
        try:
            self.code = code_key(version)
        except OSError:  # a module that cannot be read: the key will be None, nothing is cached
            self.code = ""
        if size < _LARGE_DATA:
            self._key = digest(folder, version)  # milliseconds: no thread for the shipped data
            return
        self._thread = threading.Thread(target=self._work, args=(folder, version), name="cache key", daemon=True)
        self._thread.start()

    def _work(self, folder: Path, version: str) -> None:
        try:
            self._key = digest(folder, version)
        except BaseException as exc:  # raised where the key is asked for, as without a thread
            self._failure = exc

    def get(self) -> str | None:
        """The key, once worked out; None when a data file cannot be read (no caching then)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            raise self._failure
        return self._key


class KnownKey:
    """A key already known (the shipped data's, a test's): checked at the header, as no stamp matches."""

    stamp = ""
    code = ""  # the key itself is checked at the header

    def __init__(self, key: str) -> None:
        self._key = key

    def get(self) -> str:
        return self._key


Key = FolderKey | KnownKey


# From this much data the key is SHA-1 (OpenSSL's, twice as fast as BLAKE2 on 60 MB here), whose
# import costs ~3 ms that a start on the shipped data would feel. Not for security: a key names
# a cache in a folder that is the user's alone; two data folders that share one would each be
# the same maker's validated data.
_LARGE_DATA = 4 * 1024 * 1024


def _hasher(size: int) -> Any:
    if size < _LARGE_DATA:
        return blake2b(b"blake2b|", digest_size=16)
    import hashlib

    return hashlib.sha1(b"sha1|", usedforsecurity=False)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # an optional file the folder lacks; one that is unreadable fails below
        return 0


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
    hints = field_types(cls)
    fields = [(f.name, _encoder(hints[f.name])) for f in dataclasses.fields(cls)]

    def encode(record: Any) -> list[Any]:
        return [getattr(record, name) if enc is None else enc(getattr(record, name)) for name, enc in fields]

    return encode


@functools.cache
def _record_decoder(cls: type) -> Convert:
    hints = field_types(cls)
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
    hints = field_types(Catalog)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(Catalog) if f.init and f.name not in ("folder",)]


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


# -- the catalogue's format: records as objects, written and read by their annotations ------


def _without_extras(hint: Any) -> Any:
    """`hint` with every Annotated[T, …] inside it replaced by T."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return _without_extras(args[0])
    if not args or origin is typing.Literal:
        return hint
    plain = tuple(_without_extras(arg) for arg in args)
    if plain == args:
        return hint
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, plain)
    return origin[plain]


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """Each field's type, without Annotated's extras: typing.get_type_hints(cls), faster.

    The records' annotations are strings (postponed evaluation), resolved here in the record's
    own module, which is code, never data; get_type_hints does the same through typing's
    machinery, about 8 ms of a start for the catalogue's records.
    """
    try:
        return {
            f.name: _resolved(f.type, cls.__module__) if isinstance(f.type, str) else _without_extras(f.type)
            for f in dataclasses.fields(cls)
        }
    except NameError:  # a name from another module (an inherited field): typing's way
        return typing.get_type_hints(cls)


@functools.cache
def _resolved(annotation: str, module: str) -> Any:
    """An annotation's type, once per text and module: the records repeat a few dozen (`Id | None`)."""
    return _without_extras(eval(annotation, vars(sys.modules[module])))


def _plain_types(hint: Any) -> frozenset[type] | None:
    """The types a value of `hint` may have when JSON gives it as it is (str, bool, int, or None)."""
    arms = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    if all(arm in (str, bool, int, type(None)) for arm in arms):
        return frozenset(arms)
    return None


def _rebuilder(hint: Any) -> Convert:
    """How to rebuild a value of type `hint` from plain JSON values, checking their types.

    For a small cache file, and for the fields msgspec cannot decode in a large one.
    """
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = typing.get_args(hint)
        literals = [a for a in arms if typing.get_origin(a) is typing.Literal]
        values = {v for lit in literals for v in typing.get_args(lit)}
        others = [_rebuilder(a) for a in arms if a is not type(None) and a not in literals]
        optional = type(None) in arms

        def union(v: Any) -> Any:
            if (v is None and optional) or (type(v) in (str, int, bool) and v in values):
                return v
            if len(others) != 1:
                raise TypeError(f"the cache cannot carry {hint}")
            return others[0](v)

        return union
    if origin is typing.Literal:
        allowed = set(typing.get_args(hint))

        def literal(v: Any) -> Any:
            if type(v) not in (str, int, bool) or v not in allowed:
                raise ValueError(f"{v!r} is not one of {sorted(map(str, allowed))}")
            return v

        return literal
    if origin is tuple or origin is list:
        item = _rebuilder(typing.get_args(hint)[0])
        item_types = _plain_types(typing.get_args(hint)[0])
        sequence = origin

        def items(v: Any) -> Any:
            if type(v) is not list:
                raise TypeError("a list of the wrong shape")
            if not v:  # most regions, aliases, steps: none
                return sequence()
            if item_types is None:
                return sequence(map(item, v))
            if not set(map(type, v)) <= item_types:
                raise TypeError("a list with a value of the wrong type")
            return sequence(v)

        return items
    if origin is dict:
        key_type, value_type = typing.get_args(hint)
        if key_type is not str:
            raise TypeError(f"the cache cannot carry {hint}")
        value = _rebuilder(value_type)

        def mapping(v: Any) -> Any:
            if type(v) is not dict:
                raise TypeError("a mapping of the wrong shape")
            return {k: value(x) for k, x in v.items()}

        return mapping
    if hint is bool or hint is str:
        plain = hint

        def exact(v: Any) -> Any:
            if type(v) is not plain:
                raise TypeError(f"a {type(v).__name__} where a {plain.__name__} belongs")
            return v

        return exact
    if hint is int or hint is float:
        allowed_types = (int,) if hint is int else (int, float)

        def number(v: Any) -> Any:
            if type(v) not in allowed_types:
                raise TypeError(f"a {type(v).__name__} where a number belongs")
            if hint is int:
                return v
            if not math.isfinite(as_float := float(v)):  # json reads NaN, Infinity and 1e400: msgspec none
                raise ValueError("a number out of range")
            return as_float

        return number
    if hint is dt.date:

        def date(v: Any) -> Any:
            if type(v) is not str or len(v) != 10:
                raise ValueError("a date of the wrong shape")
            return dt.date.fromisoformat(v)

        return date
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {member.value: member for member in hint}.__getitem__
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_rebuilder(hint)
    raise TypeError(f"the cache cannot carry {hint}")


@functools.cache
def _record_rebuilder(cls: type) -> Convert:
    hints = field_types(cls)
    names = frozenset(f.name for f in dataclasses.fields(cls))
    # Fields JSON gives as they are, checked by type a group at a time (most of a record's fields);
    # the others converted one by one.
    by_types: dict[frozenset[type], list[str]] = {}
    converting: list[tuple[str, Convert]] = []
    for f in dataclasses.fields(cls):
        allowed = _plain_types(hints[f.name])
        if allowed is None:
            converting.append((f.name, _rebuilder(hints[f.name])))
        else:
            by_types.setdefault(allowed, []).append(f.name)
    checks = [(operator.itemgetter(*group, group[0]), allowed) for allowed, group in by_types.items()]

    def rebuild(row: Any) -> Any:
        # Every field, as the cache writes them, and no other.
        if type(row) is not dict or row.keys() != names:
            raise ValueError(f"a {cls.__name__} of the wrong shape")
        for values_of, allowed in checks:
            if not set(map(type, values_of(row))) <= allowed:
                raise TypeError(f"a {cls.__name__} with a value of the wrong type")
        for name, convert in converting:
            row[name] = convert(row[name])
        return cls(**row)

    return rebuild


def dumps(catalog: Catalog, key: str, stamp: str = "", code: str = "") -> bytes:
    """The catalogue as the cache's lines of JSON (see `dump_pieces`)."""
    return b"".join(dump_pieces(catalog, key, stamp=stamp, code=code))


# Records on one line of the cache: a line is decoded and dropped before the next is read, so
# 100,000 platforms' cache (about 1 GB) is never held whole, when written or read.
_RECORDS_PER_PIECE = 20_000


def dump_pieces(
    catalog: Catalog, key: str, per_piece: int = _RECORDS_PER_PIECE, stamp: str = "", code: str = ""
) -> Iterator[bytes]:
    """The cache a line at a time: a header (the key, the data's `stamp`, the `code_key` of the code
    that writes it, each field and its number of lines), then each field's value as JSON, a list
    `per_piece` records to a line, then the checksum of those lines (`trailer`). Written by
    msgspec straight from the records: dates in ISO form, kinds by their value, tuples as lists.
    JSON escapes every new line inside a text, so a line ends only where a value does. (msgspec
    would write a NaN or an infinity as null; validated data has none, its Rules refuse them.)
    """
    import msgspec

    encode = msgspec.json.encode
    # Those whose names start with "_" are filled as the catalogue is used: not part of the facts.
    fields = [(name, getattr(catalog, name)) for name, _hint in _catalog_fields() if not name.startswith("_")]
    pieces = [[name, _lines_of(value, per_piece)] for name, value in fields]

    def lines() -> Iterator[bytes]:
        yield encode({"format": FORMAT, "key": key, "stamp": stamp, "code": code, "pieces": pieces})
        for _name, value in fields:
            if _lines_of(value, per_piece) == 1:
                yield encode(value)
                continue
            for start in range(0, len(value), per_piece):
                yield encode(value[start : start + per_piece])

    line_sum = _LineSum()
    for line in lines():
        line_sum.update(line)
        yield from _framed(line)
    yield from _framed(line_sum.trailer())


class _LineSum:
    """CRC-32 of the lines, in order: it finds a changed line, not one changed on purpose with its
    sum made again (the cache folder is the user's alone). At 4 GB/s here it costs about 25 ms of
    a 10,000-platform load; BLAKE2 (0.8 GB/s) would cost over a second at 100,000, and summing in
    a thread kept lines waiting for it (up to 90 MiB more at the peak)."""

    def __init__(self) -> None:
        self._sum = 0

    def update(self, line: bytes) -> None:
        self._sum = zlib.crc32(line, self._sum)

    def trailer(self) -> bytes:
        return b'{"crc32":"%08x"}' % self._sum


def trailer(lines: Iterable[bytes]) -> bytes:
    """The last line of a cache of `lines` (the header first): their sum, so a line changed
    after the file was written (damaged, or edited by hand) refuses the whole file."""
    line_sum = _LineSum()
    for line in lines:
        line_sum.update(line)
    return line_sum.trailer()


# Before each line: its length in bytes, in twelve digits, and a space.
_FRAME = 13


def _framed(line: bytes) -> tuple[bytes, bytes, bytes]:
    """A line as the file holds it, in pieces: a long line is written without a copy of it."""
    return b"%012d " % len(line), line, b"\n"


def _lines_of(value: Any, per_piece: int) -> int:
    return max(1, -(-len(value) // per_piece)) if type(value) is list else 1


# Below this size a cache is decoded by the standard library and rebuilt here: the shipped data
# (tens of KB) loads in milliseconds either way, and start-up then never imports msgspec (whose
# imports cost more than that decoding). Above it, msgspec: several times faster on big files.
MSGSPEC_FROM = 1024 * 1024


# Deleted before the character check: no multi-byte UTF-8 sequence holds one of these bytes.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
# JSON's short escapes of control characters: backspace, form feed, carriage return.
_CONTROL_ESCAPE = re.compile(rb"\\[bfr]")


def holds_clean_text(data: bytes) -> bool:
    """No control, bidirectional or invisible character in the JSON `data`, raw or escaped.

    Validation refuses them in every text of the data, so a cache that holds one was not written
    from validated data (edited, planted): it is refused, as the data check would refuse the
    text, and none of it reaches the terminal.
    """
    # What is left once printable ASCII is deleted is a few per cent of the file, with every
    # multi-byte character whole: the character check runs on that alone (30 ms for 100 MB).
    try:
        if CONTROL.search(data.translate(None, _PRINTABLE_ASCII).decode("utf-8")):
            return False
    except UnicodeDecodeError:
        return False
    if b"\\" not in data:
        return True  # no escape at all (a single-byte search, 0.2 s faster than the checks below at 100 MB)
    # Written backslashes gone (left to right, as JSON reads them), every backslash left starts an
    # escape; quotes and newlines are the common ones, so only the \u escapes are read one by one.
    escapes = data.replace(b"\\\\", b"")
    if _CONTROL_ESCAPE.search(escapes):
        return False
    at = escapes.find(b"\\u")
    while at != -1:
        try:
            code = int(escapes[at + 2 : at + 6], 16)
        except ValueError:
            return False
        if CONTROL.match(chr(code)):
            return False
        if 0xD800 <= code <= 0xDFFF:  # a surrogate: only as a pair's first half, its second next
            try:
                low = int(escapes[at + 8 : at + 12], 16) if escapes[at + 6 : at + 8] == b"\\u" else -1
            except ValueError:
                return False
            if code > 0xDBFF or not 0xDC00 <= low <= 0xDFFF:
                return False
            # The character the pair spells (tags and other invisible ones lie above U+FFFF).
            if CONTROL.match(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))):
                return False
            at += 6
        at = escapes.find(b"\\u", at + 6)
    return True


def loads(data: bytes, key: str, folder: Path) -> Catalog | None:
    """The catalogue in `data`, or None when it is not a cache of this key in this format."""
    return _load(io.BytesIO(data).read, len(data), KnownKey(key), folder)


def _load(read: Callable[[int], bytes], size: int, key: Key, folder: Path) -> Catalog | None:
    """The catalogue in the `size` bytes that `read` gives, or None (see `loads`)."""
    # Hundreds of thousands of new records: the collector would only rescan them, doubling the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        decoders = _piece_decoders() if size >= MSGSPEC_FROM else _piece_rebuilders()
        values = _values(_lines(read, size), key, decoders)
        return None if values is None else Catalog(folder=folder, **values)
    # msgspec's errors are ValueErrors; a read that fails half way is an OSError.
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError, OSError):
        return None  # damaged, planted or from other code: validated afresh
    finally:
        if collecting:
            gc.enable()


def _lines(read: Callable[[int], bytes], size: int) -> Iterator[bytes]:
    """The lines of a file of `size` bytes that `read` gives, each read whole by the length before it.

    ValueError where that does not hold: a length that is not twelve digits and a space, one
    past the end of the file, a line not ended by a new line, or part of a line at the end.
    """
    at = 0
    while at < size:
        head = read(_FRAME)
        if len(head) != _FRAME or head[-1:] != b" " or not head[:-1].isdigit():
            raise ValueError("a cache line without its length")
        length = int(head[:-1])
        if length > size - at - _FRAME - 1:
            raise ValueError("a cache line longer than the file")  # never allocated
        line = read(length)
        if len(line) != length or read(1) != b"\n":
            raise ValueError("a cache line of another length than it says")
        at += _FRAME + length + 1
        yield line


Decode = Callable[[bytes], Any]


def _values(lines: Iterator[bytes], key: Key, decoders: dict[str, Decode]) -> dict[str, Any] | None:
    """The catalogue's fields from the cache's lines; None when they are not a cache of this key.

    Every line is checked for hostile text before it is decoded, the lines must be exactly
    those the header names (none missing, none more), and their sum the one the last line holds.
    """
    first = next(lines, b"")
    header = _header(first, decoders)
    if header is None:
        return None
    written_key, written_stamp, written_code, pieces = header
    if key.code and written_code != key.code:
        return None  # written by other code: never this key, whatever the data
    # The data's stamp unchanged: decoded while the key is worked out, and checked after.
    if written_stamp != key.stamp and written_key != key.get():
        return None
    values: dict[str, Any] = {}
    line_sum = _LineSum()
    line_sum.update(first)
    for name, count in pieces:
        decode = decoders[name]
        for _ in range(count):
            line = next(lines, None)
            if line is None or not holds_clean_text(line):
                return None
            line_sum.update(line)
            value = decode(line)
            if name in values:  # the next piece of a long list
                values[name].extend(value)
            else:
                values[name] = value
    if next(lines, None) != line_sum.trailer() or next(lines, None) is not None or written_key != key.get():
        return None
    return values


_REQUIRED = frozenset({"format", "key", "stamp", "code", "pieces"})


def _header(line: bytes, decoders: dict[str, Decode]) -> tuple[str, str, str, list[tuple[str, int]]] | None:
    """The key, stamp, code and (field, number of lines) the header names, checked; None when it is no header."""
    if not holds_clean_text(line):
        return None
    header = json.loads(line)
    if type(header) is not dict or header.keys() != _REQUIRED or header["format"] != FORMAT:
        return None
    if any(type(header[name]) is not str for name in ("key", "stamp", "code")) or type(header["pieces"]) is not list:
        return None
    pieces: list[tuple[str, int]] = []
    for piece in header["pieces"]:
        if type(piece) is not list or len(piece) != 2 or piece[0] not in decoders or type(piece[1]) is not int:
            return None
        name, count = piece
        if count < 1 or (count > 1 and name not in _list_fields()):
            return None
        pieces.append((name, count))
    names = [name for name, _ in pieces]
    if len(set(names)) != len(names) or not _required_fields() <= set(names):
        return None  # as a decoding of the whole: no field twice, none required missing
    return header["key"], header["stamp"], header["code"], pieces


@functools.cache
def _required_fields() -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(Catalog) if f.init and f.name != "folder" and _required(f))


@functools.cache
def _list_fields() -> frozenset[str]:
    return frozenset(name for name, hint in _catalog_fields() if typing.get_origin(hint) is list)


@functools.cache
def _piece_decoders() -> dict[str, Decode]:
    """For a large cache: each field's line decoded by msgspec against the records' annotations
    (types, enums, literals, required fields), which builds the records in C, without their
    __init__ (which only stores the fields), several times faster than rebuilding each one here.
    A field whose type msgspec cannot take is decoded plain and rebuilt (and checked) by `_rebuilder`.
    """
    import msgspec

    decoders: dict[str, Decode] = {}
    for name, hint in _catalog_fields():
        if name.startswith("_"):
            continue  # never written
        try:
            decoders[name] = msgspec.json.Decoder(hint).decode
        except TypeError:  # `date | Literal["undated"]`, in a source
            decoders[name] = functools.partial(_decode_plain, msgspec.json.decode, _rebuilder(hint))
    return decoders


def _decode_plain(decode: Decode, rebuild: Convert, line: bytes) -> Any:
    return rebuild(decode(line))


@functools.cache
def _piece_rebuilders() -> dict[str, Decode]:
    """For a small cache (the shipped data): each field's line decoded by the standard library and
    rebuilt here, every plain value's type checked; start-up then never imports msgspec."""
    return {
        name: functools.partial(_decode_plain, json.loads, _rebuilder(hint))
        for name, hint in _catalog_fields()
        if not name.startswith("_")
    }


# -- the cache folder -------------------------------------------------------------------


def folder_refusal(folder: Path) -> str:
    """'' when the cache folder may be used, else why not (another user's, or writable by others)."""
    if not fileio.exists(folder):  # Path.exists raises on a name past the limit (Python 3.11)
        return ""
    return "" if fileio.own_safe(folder) else f"the cache folder {fileio.shown(folder)} is not yours alone"


def cache_path(folder: Path, data_folder: Path) -> Path:
    """The cache of `data_folder` in the cache folder `folder`: named by where the data is (its key
    is inside), so it can be opened before the key is worked out."""
    where = os.fsencode(os.path.abspath(data_folder))
    return folder / f"catalog-{blake2b(b'folder|' + where, digest_size=12).hexdigest()}.json"


def read(path: Path, key: Key, data_folder: Path) -> Catalog | None:
    if folder_refusal(path.parent) or not fileio.own_safe(path):
        return None
    try:
        file = fileio.LimitedFile(path, cache_limit(data_folder))
    except OSError:
        return None
    # A line at a time (a piece of records): the whole file is never held next to its records.
    with file:
        return _load(file.read, file.size, key, data_folder)


def cache_limit(data_folder: Path) -> int:
    """The largest cache file read for `data_folder`: never below the data floor, larger with the data."""
    size = 0
    for name in DATA_FILES:
        try:
            size += (data_folder / name).stat().st_size
        except OSError:
            continue
    return max(fileio.DATA_LIMIT, CACHE_PER_DATA_BYTE * size)


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
    fileio.atomic_write(out, dumps(validate_catalog(data_folder), key, code=code_key(version)))


def write(path: Path, catalog: Catalog, key: str, stamp: str = "", code: str = "") -> None:
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
        fileio.atomic_write(
            path, dump_pieces(catalog, key, stamp=stamp, code=code), private=True, durable=False, follow_links=False
        )
    except (OSError, TypeError, ValueError):
        pass  # the cache only saves time; the app works without it
