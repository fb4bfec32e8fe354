"""Read the data folder's TOML files and validate every entry against the domain's records."""

from __future__ import annotations

import marshal
import os
import pickle
import re
import struct
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# tomli's compiled parser reads a large data folder about three times faster than the
# standard library's tomllib (the same parser, in pure Python), and raises the same errors.
# An environment installed before tomli became a dependency still checks data, only slower.
try:
    import tomli
except ModuleNotFoundError:  # pragma: no cover - depends on the environment
    import tomllib as tomli  # type: ignore[no-redef]

from .. import fileio
from ..domain.model import (
    BillingFact,
    CardRule,
    Claim,
    DataSet,
    Decline,
    Fee,
    Method,
    Platform,
    Provider,
    ProviderFact,
    RefundClaim,
    Source,
    StepTemplate,
)
from ..domain.offers import ModelEntry, OwnPrice, PriceData
from .names import OPTIONAL_DATA_FILES
from .problems import EntryLabel, Problem, entry_label, validation_problems

# Without these the app has nothing to show.
REQUIRED_TABLES = {"platform", "method", "source", "claim"}
# Stands in the set of known ids of a table whose file could not be read at all.
UNREADABLE = "\0unreadable"

# file name (see names.DATA_FILES) → (table name, record, is an array of tables)
FILES: dict[str, list[tuple[str, type, bool]]] = {
    "dataset.toml": [("dataset", DataSet, False)],
    "platforms.toml": [("platform", Platform, True)],
    "methods.toml": [("method", Method, True)],
    "sources.toml": [("source", Source, True)],
    "claims.toml": [("claim", Claim, True)],
    "refunds.toml": [("refund", RefundClaim, True)],
    "billing.toml": [("billing", BillingFact, True)],
    "card_rules.toml": [("card_rule", CardRule, True)],
    "fees.toml": [("fee", Fee, True)],
    "virtual_cards.toml": [("provider", Provider, True), ("provider_fact", ProviderFact, True)],
    "troubleshooting.toml": [("decline", Decline, True)],
    "checklist_steps.toml": [("step", StepTemplate, True)],
    "models.toml": [("model", ModelEntry, True)],
    "prices.toml": [("price_data", PriceData, False), ("price", OwnPrice, True), ("price_source", Source, True)],
}
# The largest data file read whatever the catalogue's size; anything bigger is not a fact file.
MAX_FILE_BYTES = 128 * 1024 * 1024
# A larger catalogue may have larger files: this much more per platform (a platform's claims for
# every method at most take a few kilobytes), so 100,000 platforms load and a stray huge file does not.
BYTES_PER_PLATFORM = 64 * 1024

# A file of one array of tables at least twice this big is parsed and validated a piece of about
# this size at a time: 100,000 platforms' claims (600 MB of TOML) parsed whole took over 4 GiB.
# 1 MB: a piece's parse sent back by the helper fits in the pipe between the two processes.
PIECE_BYTES = 1024 * 1024


class Rows:
    """One table's validated entries in file order: the file they are in, their records, and each
    entry's label, made only when a problem names the entry.

    A label and a (file, label, record) row for every entry held 400 MB at 100,000 platforms
    (2.5 million claims) and cost a tenth of a second to build at 10,000. Iterating gives
    those rows, each label made as it is reached: for the small tables, and for a large one
    only once a check on its whole columns has found something to report.
    """

    __slots__ = ("_array", "_indexes", "file", "records", "table")

    def __init__(self, table: str) -> None:
        self.table = table
        self.file = ""
        self.records: list[Any] = []
        self._array = True
        # Each record's entry number in the file; None while the record at i is entry i.
        self._indexes: list[int] | None = None

    def extend(self, file: str, records: list[Any], start: int, array: bool = True) -> None:
        """Records of the entries from number `start` on, one after another."""
        self.file, self._array = file, array
        if self._indexes is None and start != len(self.records):
            self._indexes = list(range(len(self.records)))
        if self._indexes is not None:
            self._indexes.extend(range(start, start + len(records)))
        self.records.extend(records)

    def truncate(self, length: int) -> None:
        del self.records[length:]
        if self._indexes is not None:
            del self._indexes[length:]

    def label(self, position: int) -> str | EntryLabel:
        """The label of the record at `position`, as a problem names it."""
        if not self._array:
            return f"[{self.table}]"
        index = position if self._indexes is None else self._indexes[position]
        return EntryLabel(self.table, index, self.records[position])

    def problem(self, position: int, field: str, message: str) -> Problem:
        """A problem with the entry of the record at `position`."""
        return Problem(self.file, self.label(position), field, message)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[tuple[str, str | EntryLabel, Any]]:
        for position, record in enumerate(self.records):
            yield self.file, self.label(position), record


class Parsed(dict[str, Rows]):
    """Each table's validated entries; a table with none has empty rows."""

    def __missing__(self, table: str) -> Rows:
        rows = self[table] = Rows(table)
        return rows


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path, problems: list[Problem], limit: int = MAX_FILE_BYTES) -> dict[str, Any] | None:
    try:
        text = fileio.read_text(path, limit)
    except FileNotFoundError:
        problems.append(Problem(path.name, "", "", "the file is missing"))
        return None
    except OSError as exc:
        # The reader's message starts with the path; the problem already names the file.
        problems.append(Problem(path.name, "", "", str(exc).removeprefix(fileio.shown(path)).strip()))
        return None
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        line = int(match.group(1)) if match else None
        problems.append(Problem(path.name, "", "", f"TOML syntax error: {message}", line))
        return None
    except RecursionError:
        problems.append(Problem(path.name, "", "", "is nested too deeply to read"))
        return None


class _NotInPieces(Exception):
    """The file cannot be read a piece at a time exactly as it reads whole: it is read whole."""


def toml_pieces(path: Path, table: str, limit: int) -> Iterator[tuple[dict[str, Any], bool]]:
    """The TOML document at `path`, an array of `table`s, parsed a piece of about PIECE_BYTES at a time.

    Each piece but the first starts at a `[[table]]` line and must hold nothing but `table`
    entries; the first must be followed legally by one more `[[table]]` (an array of tables,
    not a static array). Parsing is then the whole file's: a piece that parses alone ends
    between statements, so the next one starts a new entry. Raises _NotInPieces (at any
    piece) for anything else: a syntax error, an entry cut inside a multi-line string, text
    that is not UTF-8, a file that grew; the file is then read whole, which gives the usual
    problem with its line. Raises OSError when the file cannot be read at all.

    With a second core, a helper process parses pieces meanwhile (see `_PieceHelper`); the
    pieces come in file order whoever parsed them, each with whether the names its entries
    repeat are one object each already (the helper's are, see `_share_names`).
    """
    header = f"\n[[{table}]]\n".encode()
    with fileio.LimitedFile(path, limit) as file:
        helper = _PieceHelper.start(file.fileno())
        try:
            yield from _in_order(_cut_pieces(file, header), helper, table, header)
        finally:
            helper.stop()


# Pieces lent to the helper at most at once: one it parses, one it takes next (and its answer
# waiting in the pipe), so it need not wait for this process between two pieces.
_LENT_AT_MOST = 2
# Pieces parsed here while the helper is still at work, held before their turn at most.
_AHEAD_AT_MOST = 2


def _in_order(
    pieces: Iterator[_Piece], helper: _PieceHelper, table: str, header: bytes
) -> Iterator[tuple[dict[str, Any], bool]]:
    """The pieces' documents in file order: the helper's, and those parsed here while it works.

    The helper is kept lent pieces ahead of the one waited for. Waiting for its answer, this
    process parses the next piece itself instead, as long as the answer is not there yet: each
    side parses as much as it has time for, whatever the speed of either.
    """
    # In file order: [piece, document or None while the helper has it, parsed here ahead].
    waiting: deque[list[Any]] = deque()
    lent = ahead = 0
    while True:
        while lent < _LENT_AT_MOST and helper.process is not None and (piece := next(pieces, None)):
            if helper.send(piece):
                waiting.append([piece, None, False])
                lent += 1
            else:  # the first piece (checked against what follows it), or a helper gone
                waiting.append([piece, _piece(piece, table, header), False])
                break
        if not waiting:
            piece = next(pieces, None)
            if piece is None:
                return
            waiting.append([piece, _piece(piece, table, header), False])
        piece, document, parsed_ahead = waiting.popleft()
        if document is None:
            while ahead < _AHEAD_AT_MOST and not helper.answered() and (later := next(pieces, None)):
                waiting.append([later, _piece(later, table, header), True])
                ahead += 1
            document, shared = helper.receive(piece, table, header)
            lent -= 1
        else:
            shared = False
            ahead -= parsed_ahead
        yield document, shared
        del document


# A piece of a file: its bytes, whether it is the first, and where it starts in the file.
_Piece = tuple[bytes, bool, int]


def _cut_pieces(file: fileio.LimitedFile, header: bytes) -> Iterator[_Piece]:
    """Each piece of the file, cut before a `header` line."""
    pending = b""
    first = True
    offset = 0
    try:
        while chunk := file.read(PIECE_BYTES):
            pending += chunk
            cut = pending.rfind(header, 1)
            if cut == -1:
                if len(pending) > 4 * PIECE_BYTES:
                    raise _NotInPieces  # entries this large (or no such lines): not worth the copies
                continue
            piece, pending = pending[: cut + 1], pending[cut + 1 :]
            yield piece, first, offset
            first = False
            offset += len(piece)
    except fileio.ReadError as exc:
        if first:
            raise  # nothing read yet: the usual message
        raise _NotInPieces from exc
    if first:
        raise _NotInPieces  # one piece: nothing to gain
    if pending:
        yield pending, False, offset


# The helper: reads (offset, length) requests on stdin, reads that part of the file open as the
# descriptor it is given, and answers each with its length, a status byte and the document,
# marshalled or pickled (nothing, for text tomli refuses or a part no longer there), its entries'
# names shared as `_share_names` does (marshal writes an object met again as a reference to it,
# so this process reads one string for each). Only tomli and the standard library: it starts in
# a few tens of milliseconds, this package unread.
_HELPER = """
import marshal, os, pickle, struct, sys
try:
    import tomli
except ModuleNotFoundError:
    import tomllib as tomli
file, names = int(sys.argv[1]), sys.argv[2].split(",")
read, write = sys.stdin.buffer.read, sys.stdout.buffer.write
while True:
    head = read(16)
    if len(head) < 16:
        break
    offset, size = struct.unpack("<QQ", head)
    data = b""
    while len(data) < size and (part := os.pread(file, size - len(data), offset + len(data))):
        data += part
    try:
        if len(data) != size:
            raise ValueError("the file is shorter than it was")
        document = tomli.loads(data.decode("utf-8"))
    except (ValueError, RecursionError, MemoryError):
        answer = b"N"
    else:
        shared = {}
        for entries in document.values():
            for item in entries if type(entries) is list else ():
                for name in names if type(item) is dict else ():
                    value = item.get(name)
                    if type(value) is str:
                        item[name] = shared.setdefault(value, value)
        try:  # ten times faster to write than a pickle; it carries no dates or times
            answer = b"M" + marshal.dumps(document)
        except ValueError:
            answer = b"P" + pickle.dumps(document, 5)
    write(struct.pack("<Q", len(answer)) + answer)
    sys.stdout.buffer.flush()
"""


class _PieceHelper:
    """A second process that parses pieces of a large file while this one validates others.

    Parsing (tomli's, holding the interpreter's lock) is half of a large first start, and a
    thread could not run beside it. A plain child process, started once per large file (no
    fork: this process has threads, the cache key's) and handed the open file: a request is
    a piece's place in it, so a request never waits, and the pipe it answers in holds a
    piece's answer, so the helper goes on to its next piece before this process reads it.
    Where there is no second core, no process can be started, or the helper fails, a piece
    is parsed here; either way `_piece` decides what the parsed text is.
    """

    def __init__(self, process: Any) -> None:
        self.process = process

    @classmethod
    def start(cls, file: int) -> _PieceHelper:
        if _cores() < 2 or os.name != "posix":  # elsewhere no file can be handed to a child
            return cls(None)
        import subprocess
        import sys

        try:
            process = subprocess.Popen(
                # The same interpreter and environment: the same tomli as this process. -P: nothing
                # from the working folder (`-c` would import a tomli.py planted there).
                [sys.executable, "-P", "-c", _HELPER, str(file), ",".join(_NAME_FIELDS)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                bufsize=0,
                pass_fds=(file,),
            )
        except (OSError, ValueError):  # no processes here: parsed in this one
            return cls(None)
        try:  # room in the pipe for an answer (a 1 MB piece's is about 0.9 MB): Linux only
            import fcntl

            if process.stdout is not None:
                fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        except (ImportError, AttributeError, OSError):
            pass
        return cls(process)

    def send(self, piece: _Piece) -> bool:
        """Give the helper a piece to parse; False when it cannot take it (parsed here then)."""
        data, first, offset = piece
        if self.process is None or first:  # the first piece is checked against what follows it: here
            return False
        try:
            self.process.stdin.write(struct.pack("<QQ", offset, len(data)))
        except (OSError, ValueError):
            self.stop()
            return False
        return True

    def answered(self) -> bool:
        """Whether the answer asked for next has begun to arrive (or the helper is gone)."""
        if self.process is None:
            return True
        import select

        try:
            return bool(select.select([self.process.stdout], [], [], 0)[0])
        except (OSError, ValueError):  # no select on pipes here: wait for it
            return True

    def receive(self, piece: _Piece, table: str, header: bytes) -> tuple[dict[str, Any], bool]:
        """The document of the piece sent earliest: the helper's, or parsed here when the helper failed;
        and whether its names are shared already (the helper's are)."""
        answer = self._answer()
        return _piece(piece, table, header, parsed=answer), answer is not None

    def _answer(self) -> Any:
        if self.process is None:
            return None
        try:
            head = _read_exactly(self.process.stdout, 8)
            size = struct.unpack("<Q", head)[0] if len(head) == 8 else 0
            answer = _read_exactly(self.process.stdout, size) if size else b""
        except (OSError, ValueError, struct.error, MemoryError):
            answer = b""
            size = 0
        if answer[:1] == b"N":
            return _UNPARSABLE
        load = _HELPER_FORMATS.get(answer[:1])
        if load is not None and len(answer) == size:
            try:
                return load(memoryview(answer)[1:])  # from our own helper, which ran no code from the data
            except Exception:  # a helper cut short: parsed here
                pass
        self.stop()
        return None

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            process.wait(timeout=5)
        except Exception:
            process.kill()
            process.wait()


def _read_exactly(stream: Any, size: int) -> bytes:
    """`size` bytes from an unbuffered pipe, fewer only when it closes first."""
    parts: list[bytes] = []
    while size > 0 and (part := stream.read(size)):
        parts.append(part)
        size -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


# What the helper answers for text tomli refuses: the file is then read whole, for its problem.
_UNPARSABLE = object()
# How the helper's answers are read, by their first byte.
_HELPER_FORMATS: dict[bytes, Any] = {b"M": marshal.loads, b"P": pickle.loads}
# The pipe the helper answers in, where Linux lets it be resized (its most for a user, by default).
_PIPE_BYTES = 1024 * 1024


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _piece(piece: _Piece, table: str, header: bytes, parsed: Any = None) -> dict[str, Any]:
    """The piece's document: `parsed`, the helper's parse of a later piece's text, or parsed here."""
    data, first, _ = piece
    if parsed is _UNPARSABLE:
        raise _NotInPieces
    try:
        if first:
            text = data.decode("utf-8-sig") + header[1:].decode()
            document = tomli.loads(text)
            entries = document.get(table)
            if not isinstance(entries, list) or entries.pop() != {}:
                raise _NotInPieces
            return document
        document = parsed if parsed is not None else tomli.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        raise _NotInPieces from None
    if document.keys() != {table}:
        raise _NotInPieces
    return document


def _table_entries(file: str, table: str, raw: Any, is_array: bool, problems: list[Problem]) -> list[Any] | None:
    """The raw entries of one table, or None (with a problem) when its shape is wrong."""
    if raw is None:
        if not is_array:
            problems.append(Problem(file, f"[{table}]", "", "the table is missing"))
        elif table in REQUIRED_TABLES:
            problems.append(Problem(file, table, "", f"has no entries; at least one [[{table}]] is needed"))
        return None
    if is_array and not isinstance(raw, list):
        problems.append(Problem(file, table, "", f"must be an array of tables ([[{table}]])"))
        return None
    items = raw if is_array else [raw]
    if is_array and not items and table in REQUIRED_TABLES:
        problems.append(Problem(file, table, "", f"has no entries; at least one [[{table}]] is needed"))
    return items


def parse_entries(folder: Path, problems: list[Problem], invalid_ids: dict[str, set[str]]) -> Parsed:
    """Validate every entry of every file; returns table → [(file, label, record)].

    The ids of entries that failed validation go into `invalid_ids`, so that
    references to them are not reported a second time as unknown.
    """
    parsed = Parsed()
    limit = MAX_FILE_BYTES
    for file, tables in FILES.items():
        if file in OPTIONAL_DATA_FILES and not (folder / file).exists():
            continue
        if len(tables) == 1 and tables[0][2] and _size(folder / file) >= 2 * PIECE_BYTES:
            # Everything this file adds, to be taken back if it has to be read whole after all.
            table = tables[0][0]
            shared: dict[str, str] = {}
            marks = len(problems), len(parsed[table]), set(invalid_ids[table])
            try:
                index = 0
                for piece, names_shared in toml_pieces(folder / file, table, limit):
                    _unknown_tables(file, piece, {table}, problems)
                    items = piece[table]
                    if not names_shared:
                        _share_names(items, shared)
                    _validate(file, table, tables[0][1], True, items, index, parsed, problems, invalid_ids)
                    index += len(items)
                    del piece, items
                if table == "platform":
                    limit = max(limit, len(parsed[table]) * BYTES_PER_PLATFORM)
                continue
            except (_NotInPieces, OSError):
                # Read whole below: the same records, or the problem (with its line), or why the
                # file cannot be read.
                del problems[marks[0] :]
                parsed[table].truncate(marks[1])
                invalid_ids[table] = marks[2]
        document = read_toml(folder / file, problems, limit)
        if document is None:
            # Nothing in this file could be read: references to it are not checked either,
            # so one syntax error does not also report every entry that cites the file.
            for table, _, _ in tables:
                invalid_ids[table].add(UNREADABLE)
            continue
        _unknown_tables(file, document, {table for table, _, _ in tables}, problems)
        for table, model, is_array in tables:
            items = _table_entries(file, table, document.get(table), is_array, problems)
            if items is None:
                continue
            _validate(file, table, model, is_array, items, 0, parsed, problems, invalid_ids)
            if table == "platform":
                limit = max(limit, len(parsed[table]) * BYTES_PER_PLATFORM)
    return parsed


# Fields naming another entry or a kind: a few thousand names repeated on millions of entries.
_NAME_FIELDS = ("platform", "method", "source", "provider", "kind", "from_list", "product", "currency")


def _share_names(items: list[Any], shared: dict[str, str]) -> None:
    """One string object for each name the entries repeat (validation keeps them as they are).

    Each entry parsed has its own copy of every name: at 100,000 platforms, hundreds of MB
    held by the records for the same few thousand names.
    """
    for item in items:
        if type(item) is not dict:
            continue
        for name in _NAME_FIELDS:
            value = item.get(name)
            if type(value) is str:
                item[name] = shared.setdefault(value, value)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _unknown_tables(file: str, document: dict[str, Any], known: set[str], problems: list[Problem]) -> None:
    for key in document:
        if key not in known:
            problems.append(Problem(file, "", key, f"is not a known table (expected {', '.join(sorted(known))})"))


# One adapter per record, and one per list of them: building a TypeAdapter costs milliseconds.
_ADAPTERS: dict[tuple[type, bool], Any] = {}


def _validate(
    file: str,
    table: str,
    model: type,
    is_array: bool,
    items: list[Any],
    start: int,
    parsed: Parsed,
    problems: list[Problem],
    invalid_ids: dict[str, set[str]],
) -> None:
    """Validate `items` (the entries from number `start` of `table` on) into `parsed[table]`."""
    # Imported here: only validation needs pydantic, and it is slow to import.
    from pydantic import TypeAdapter, ValidationError

    rows = parsed[table]
    if is_array:
        whole = _ADAPTERS.get((model, True))
        if whole is None:
            whole = _ADAPTERS[model, True] = TypeAdapter(list[model])  # type: ignore[valid-type]
        try:
            # All at once, in pydantic's own loop; only a list with a bad entry goes one by one.
            records = whole.validate_python(items)
        except ValidationError:
            pass
        else:
            rows.extend(file, records, start)
            return
    adapter = _ADAPTERS.get((model, False))
    if adapter is None:
        adapter = _ADAPTERS[model, False] = TypeAdapter(model)
    for index, item in enumerate(items, start):
        try:
            record = adapter.validate_python(item)
        except ValidationError as exc:
            label = entry_label(table, index, item) if is_array else f"[{table}]"
            problems.extend(validation_problems(file, label, exc))
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid_ids[table].add(item["id"])
            continue
        rows.extend(file, [record], index, is_array)
