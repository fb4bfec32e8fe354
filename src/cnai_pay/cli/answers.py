"""A command's answer printed again, as it is, while nothing it was made from has changed.

`grid`, `routes`, `evidence`, `models` and `sources` only read: the same command line, in the
same working folder, environment and terminal, on the same day, over the same files, prints the
same text. What such a command printed is kept beside the cache (`answers.txt`) under a key of
all of those but the files (hashed: the environment may hold secrets), with the files it was
made from (the package's code and data, the data folder, the saved profile, and for a price the
saved price data and the installed genai-prices) and their stamp: each file's inode, size and
modification and change times, taken before the command ran and found the same after it. While
the key and the stamp still match, the text is printed without building the parser or loading
the catalogue: a repeated command costs about what Python's start does.

Any change makes a new answer, which only costs time: a variable this package never reads, a
`touch` of a data file, the next day. An answer is kept only when its command succeeded, wrote
nothing to stderr and only text to stdout; a kept text that would not print safely (a control
or invisible character other than a colour code) is never printed from the file, which is read
as if planted (cli/kept_texts.py). `data check` is never answered from here: it validates.
"""

from __future__ import annotations

import os
import stat
import sys

from .. import clock, paths
from .._version import __version__
from ..digest import blake2b
from . import terminal
from .kept_texts import KeptTexts

# Not typing.TYPE_CHECKING: an answer is printed without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

ANSWERS_FILE = "answers.txt"
KEPT_COMMANDS = frozenset({"grid", "routes", "evidence", "models", "sources"})
_FORMAT = "cnai-pay answers 1\n"
_KEPT = KeptTexts(ANSWERS_FILE, _FORMAT, most=32, limit=8 * 1024 * 1024)
_MOST_TEXT = 256 * 1024  # characters: a generated catalogue's grid is made again, not kept
# Files stamped for one answer: past it (a data folder in a home full of files) none is kept.
_MOST_FILES = 20_000
_FIELD = "\x00"  # between an entry's stamp, its files and its text: no path holds one


def key(arguments: Sequence[str]) -> str | None:
    """The key an answer to `arguments` is kept under here; None when there can be none."""
    try:
        where = os.getcwd()
        streams = [_stream(sys.stdout), _stream(sys.stderr)]
    except (OSError, ValueError, AttributeError):  # a working folder deleted, a stream closed
        return None
    shown = [
        _FORMAT,
        __version__,
        sys.version,
        sys.executable,
        sys.path,
        list(arguments),
        where,
        sorted(os.environ.items()),
        streams,
        terminal.columns(),
        clock.machine_day(),  # and CNAI_PAY_TODAY is in the environment
        paths.shipped_data_text(),
    ]
    return blake2b(repr(shown).encode("utf-8", "backslashreplace"), digest_size=20).hexdigest()


def _stream(stream: object) -> list[object]:
    if stream is None:
        raise ValueError("closed")
    isatty = getattr(stream, "isatty", None)
    return [bool(isatty and isatty()), getattr(stream, "encoding", None), getattr(stream, "errors", None)]


def lookup(answer_key: str) -> str | None:
    """The text kept under `answer_key`, if its files are as they were and it prints safely."""
    entry = _KEPT.lookup(answer_key)
    if entry is None:
        return None
    kept_stamp, _, rest = entry.partition(_FIELD)
    count_text, _, rest = rest.partition(_FIELD)
    if not (count_text.isascii() and count_text.isdigit() and 0 < int(count_text) <= 64):
        return None
    *files, text = rest.split(_FIELD, int(count_text))
    if len(files) != int(count_text) or stamp(files) != kept_stamp or not printable(text):
        return None
    return text


def run_kept(answer_key: str, args: argparse.Namespace, run: Callable[[], int]) -> int:
    """`run()`, the command's handler, keeping what it printed when that is an answer to keep."""
    files = watched(args)
    before = stamp(files)
    out, err = _Recording(sys.stdout), _Recording(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        status = run()
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
    text = "".join(out.written)
    if status == 0 and before is not None and out.text_only and not err.written and len(text) <= _MOST_TEXT:
        if printable(text) and stamp(files) == before:
            _KEPT.keep(answer_key, _FIELD.join([before, str(len(files)), *files, text]))
    return status


def watched(args: argparse.Namespace) -> list[str]:
    """The files and folders an answer to `args` is made from."""
    from ..profile import PROFILE_NAME

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = getattr(args, "data", None)
    files = [
        package,
        os.path.abspath(data) if data is not None else paths.shipped_data_text(),
        os.path.join(paths.state_dir(), PROFILE_NAME),
    ]
    if args.command == "models" or getattr(args, "model", None):
        from ..prices.extract import library_files
        from ..prices.table import ENV_PRICE_DATA, saved_folder

        files.append(paths.shipped_data_text())  # the price extract a wheel ships, whatever --data says
        files.append(str(saved_folder()))
        files.extend(str(path) for path in library_files())
        override = os.environ.get(ENV_PRICE_DATA)
        if override:
            files.append(os.path.abspath(override))
    return files


def stamp(files: Sequence[str]) -> str | None:
    """A digest of each file's state, and of every file under each folder; None past `_MOST_FILES`."""
    rows: list[object] = []
    for top in files:
        pending = [top]
        while pending:
            path = pending.pop()
            state = _state(path)
            rows.append((path, state))
            if len(rows) > _MOST_FILES:
                return None
            # The top is followed when it is a link (a data folder often is); no link below it is.
            if stat.S_ISDIR(state[-1][0]) and (path == top or not stat.S_ISLNK(state[0][0])):
                try:
                    names = os.listdir(path)
                except OSError as exc:
                    rows.append((path, "unlisted", exc.errno))
                    continue
                below = sorted((name for name in names if name != "__pycache__"), reverse=True)
                pending.extend(os.path.join(path, name) for name in below)
    return blake2b(repr(rows).encode("utf-8", "backslashreplace"), digest_size=20).hexdigest()


def _state(path: str) -> tuple[tuple[int, ...], ...]:
    """A file's kind, inode, size and times, and its target's too when it is a link."""
    try:
        own = os.lstat(path)
    except OSError as exc:
        return ((0, exc.errno or 0),)
    shown = [own]
    if stat.S_ISLNK(own.st_mode):
        try:
            shown.append(os.stat(path))
        except OSError as exc:
            return (_times(own), (0, exc.errno or 0))
    return tuple(_times(info) for info in shown)


def _times(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_mode, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def printable(text: str) -> bool:
    """No control or invisible character in `text` but new lines and colour codes (SGR)."""
    first, *coloured = text.split("\x1b[")
    pieces = [first]
    for part in coloured:
        codes, end, rest = part.partition("m")
        if not end or codes.strip("0123456789;"):
            return False
        pieces.append(rest)
    return all(line.isprintable() for piece in pieces for line in piece.split("\n"))


class _Recording:
    """Stands in for stdout or stderr while a command runs: writes go through and are remembered."""

    # What a text stream's user reads without writing around it.
    _PASSED = frozenset({"flush", "isatty", "encoding", "errors", "closed", "writable"})

    def __init__(self, stream: object) -> None:
        self.stream = stream
        self.written: list[str] = []
        self.text_only = True

    def write(self, text: str) -> int:
        self.written.append(text)
        written: int = self.stream.write(text)  # type: ignore[attr-defined]
        return written

    def __getattr__(self, name: str) -> object:
        if name not in self._PASSED:  # the buffer, the file descriptor: bytes this cannot see
            self.text_only = False
        return getattr(self.stream, name)
