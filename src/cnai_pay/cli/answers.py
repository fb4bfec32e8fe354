"""A command's answer printed again, as it is, while nothing it was made from has changed.

`grid`, `routes`, `evidence`, `models` and `sources` only read: the same command line, in the
same working folder, environment and terminal, as the same user, on the same day, over the same
files, prints the same text. What such a command printed is kept beside the cache
(`answers.txt`) under a key of all of those but the files (hashed: the environment may hold
secrets), with the paths it was made from and their stamp: the package's code and data, the
data folder's files, the saved profile, the folders ahead of the standard library on the import
path (a module put there would be imported instead), and for a price the saved price data, the
installed genai-prices and the folders ahead of it. A stamp holds each file's inode, size,
modification and change times and whether this process may read it, taken before the command
ran and found the same after it. Only a line that starts with one of those commands is looked
up. While the key and the stamp still match, the text is printed without building the parser or
loading the catalogue: a repeated command costs about what Python's start does.

Any change makes a new answer, which only costs time: a variable this package never reads, a
`touch` of a data file, the next day. An answer is kept only when its command succeeded, wrote
nothing to stderr and only text to stdout, and none of its files changed in the two seconds
before it started (`kept_texts.racy`); a kept text that would not print safely (a control or invisible
character other than a colour code) is never printed from the file, which is read as if planted
(cli/kept_texts.py). `data check` is never answered from here: it validates.
"""

from __future__ import annotations

import os
import stat
import sys

from .. import clock, paths
from .._version import __version__
from ..digest import blake2b
from .kept_texts import KeptTexts, prints_safely, racy, run_context

# Not typing.TYPE_CHECKING: an answer is printed without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator, Sequence

ANSWERS_FILE = "answers.txt"
KEPT_COMMANDS = frozenset({"grid", "routes", "evidence", "models", "sources"})
_FORMAT = "cnai-pay answers 2\n"  # 2: each entry says its length
# Read whole on every run of a reading command: a few answers of the shipped data's size fit many times.
_KEPT = KeptTexts(ANSWERS_FILE, _FORMAT, most=32, limit=1024 * 1024)
# Characters (at most four bytes each in the file): a generated catalogue's grid is made again.
_MOST_TEXT = 64 * 1024
# Paths stamped for one answer (the package has about 150): past it, none is kept.
_MOST_FILES = 2_000
_MOST_WATCHED = 64  # paths an entry names (a few, and the import path's folders)
_COUNTS = frozenset(str(count) for count in range(1, _MOST_WATCHED + 1))  # as an entry spells them
_FIELD = "\x00"  # between an entry's stamp, its files and its text: no path holds one
# How much of a watched path its stamp covers: everything under it, its own entries, or itself.
# And, for a folder on the import path ("modules:NAME,NAME:folder"), every entry of it that would be
# imported as one of the modules named (NAME, NAME.py, NAME.cpython-311-….so), each as a tree.
TREE, ENTRIES, ITSELF, MODULES = "tree", "entries", "itself", "modules"
# What a stamp holds of a file; the times are what a change always moves.
_MODE, _MTIME, _CTIME = 0, 4, 5
_EFFECTIVE = os.access in os.supports_effective_ids  # access as this process is, not its real user


def key(arguments: Sequence[str]) -> str | None:
    """The key an answer to `arguments` is kept under here; None when there can be none.

    Only a line that starts with a command that reads can have one: whatever a file holds, no
    other command (`data check`, `checklist`, `prices update`) is ever answered from it.
    """
    if not arguments or arguments[0] not in KEPT_COMMANDS:
        return None
    try:
        where = os.getcwd()
    except OSError:  # a working folder deleted
        return None
    context = run_context()
    if context is None:
        return None
    shown = [
        _FORMAT,
        __version__,
        list(arguments),
        where,
        context,  # `_rows` checks access too, for a capability dropped
        clock.machine_day(),  # and CNAI_PAY_TODAY is in the environment
        paths.shipped_data_text(),
    ]
    return blake2b(repr(shown).encode("utf-8", "backslashreplace"), digest_size=20).hexdigest()


def lookup(answer_key: str) -> str | None:
    """The text kept under `answer_key`, if its files are as they were and it prints safely."""
    entry = _KEPT.lookup(answer_key)
    if entry is None:
        return None
    kept_stamp, _, rest = entry.partition(_FIELD)
    count_text, _, rest = rest.partition(_FIELD)
    if count_text not in _COUNTS:
        return None
    count = int(count_text)
    *files, text = rest.split(_FIELD, count)
    if len(files) != count or stamp(files) != kept_stamp or not prints_safely(text):
        return None
    return text


def run_kept(answer_key: str, args: argparse.Namespace, run: Callable[[], int]) -> int:
    """`run()`, the command's handler, keeping what it printed when that is an answer to keep."""
    try:
        files = watched(args)
        started = clock.machine_time_ns()
        before = _rows(files)
    except OSError:  # the working folder deleted since the key was made
        return run()
    out, err = _Recording(sys.stdout), _Recording(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        status = run()
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
    text = "".join(out.written)
    if (
        status == 0
        and before is not None
        and out.text_only
        and not err.written
        and len(text) <= _MOST_TEXT
        and prints_safely(text)
    ):
        # The modules the command imported, which a file ahead of theirs on the path would replace:
        # known only now (a change of one during the run is seen by the two-second rule). Stamped
        # after the files, in one walk: the files' rows must be those they had before the run.
        try:
            files = [*files, *_modules_ahead()]
        except OSError:  # the working folder deleted meanwhile
            return status
        after = _rows(files)
        if (
            after is not None
            and after[0][: len(before[0])] == before[0]
            and not racy(after[1], started)
            and len(files) <= _MOST_WATCHED
        ):
            flush = getattr(out.stream, "flush", None)
            if flush is not None:
                flush()  # first: `> cache/answers.txt` is then the user's file, left alone
            _KEPT.keep(answer_key, _FIELD.join([_digest(after[0]), str(len(files)), *files, text]))
    return status


def watched(args: argparse.Namespace) -> list[str]:
    """The files and folders an answer to `args` is made from, each as "depth:path"."""
    from ..profile import PROFILE_NAME

    where = os.getcwd()
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shipped = paths.shipped_data_text()
    data = getattr(args, "data", None)
    # Joined, never normalised: "link/../d" is where the link's target's parent says, as the loader opens it.
    data_folder = os.path.join(where, data) if data is not None else shipped
    files = [
        f"{TREE}:{package}",
        f"{ENTRIES}:{data_folder}",
        f"{ITSELF}:{os.path.join(paths.state_dir(), PROFILE_NAME)}",
    ]
    # A module put in a folder ahead of the standard library on the import path (the working folder
    # of `python -m`, PYTHONPATH) would be imported instead of the library's: each is watched for a
    # new entry; and, for a price, each folder ahead of genai-prices.
    ahead_of: str | None = os.path.dirname(os.__file__)
    if args.command == "models" or getattr(args, "model", None):
        from ..prices.extract import library_files
        from ..prices.table import ENV_PRICE_DATA, saved_folder

        if data_folder != shipped:
            files.append(f"{ENTRIES}:{shipped}")  # the price extract a wheel ships
        files.append(f"{TREE}:{saved_folder()}")
        library = library_files()
        files.extend(f"{TREE}:{path}" for path in library)
        ahead_of = os.path.dirname(library[0]) if library else None
        override = os.environ.get(ENV_PRICE_DATA)
        if override:
            files.append(f"{TREE}:{os.path.join(where, override)}")
    files.extend(f"{ITSELF}:{folder}" for folder in _folders_ahead(where, ahead_of))
    return files


def _folders_ahead(where: str, ahead_of: str | None) -> list[str]:
    folders = []
    for entry in sys.path:
        folder = os.path.join(where, entry)
        if folder == ahead_of:
            break
        folders.append(folder)
    return folders


def _modules_ahead() -> list[str]:
    """A "modules:" path for each folder ahead of the standard library on the import path: a module
    put there, or one there edited, would be imported in place of the one this answer was made with."""
    imported = set()
    for name, module in list(sys.modules.items()):
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        # Built in and frozen modules are found before the path is looked at.
        if "." not in name and name.isidentifier() and origin not in ("built-in", "frozen"):
            imported.add(name)
    names = ",".join(sorted(imported))
    return [f"{MODULES}:{names}:{folder}" for folder in _folders_ahead(os.getcwd(), os.path.dirname(os.__file__))]


def stamp(files: Sequence[str]) -> str | None:
    """A digest of the state of each watched path, to its depth; None past `_MOST_FILES` paths."""
    found = _rows(files)
    return _digest(found[0]) if found is not None else None


def _digest(rows: list[object]) -> str:
    return blake2b(repr(rows).encode("utf-8", "backslashreplace"), digest_size=20).hexdigest()


def _rows(files: Sequence[str]) -> tuple[list[object], int] | None:
    """The state of each watched path, to its depth, a row a path, in order; and the latest
    modification or change time among them (ns)."""
    rows: list[object] = []
    newest = 0
    for depth, top in _tops(files):
        if depth not in (TREE, ENTRIES, ITSELF):
            return None
        pending = [top]
        while pending:
            path = pending.pop()
            state = _state(path)
            below_top = path != top
            if below_top and depth == ENTRIES and stat.S_ISDIR(state[-1][_MODE]):
                state = ((stat.S_IFDIR,),)  # a folder beside the files (a .git): nothing of it is read
            else:
                for times in state:
                    if len(times) > _CTIME:  # not the kind and error of a path that is not there
                        newest = max(newest, times[_MTIME], times[_CTIME])
                if depth != TREE and stat.S_ISREG(state[-1][_MODE]):
                    # Readable as this process is, with its groups and capabilities: a file one can
                    # no longer read must not still be answered for.
                    state = (*state, (os.access(path, os.R_OK, effective_ids=_EFFECTIVE),))
            rows.append((path, state))
            if len(rows) > _MOST_FILES:
                return None
            # The top is followed when it is a link (a data folder often is); no link below it is.
            is_folder = stat.S_ISDIR(state[-1][_MODE]) and not (below_top and stat.S_ISLNK(state[0][_MODE]))
            if depth == ITSELF or (below_top and depth == ENTRIES) or not is_folder:
                continue
            try:
                names = os.listdir(path)
            except OSError as exc:
                rows.append((path, "unlisted", exc.errno))
                continue
            below = sorted((name for name in names if name != "__pycache__"), reverse=True)
            pending.extend(os.path.join(path, name) for name in below)
    return rows, newest


def _tops(files: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Each watched path as (depth, path); a "modules:" one as a tree for each of its entries that
    would be imported as one of its modules, and the folder's listing of them."""
    for watched_path in files:
        depth, _, top = watched_path.partition(":")
        if depth != MODULES:
            yield depth, top
            continue
        names, _, folder = top.partition(":")
        wanted = set(names.split(","))
        try:
            found = sorted(name for name in os.listdir(folder) if name.partition(".")[0] in wanted)
        except OSError:
            found = []
        yield ITSELF, folder
        for name in found:
            yield TREE, os.path.join(folder, name)


def _state(path: str) -> tuple[tuple[int, ...], ...]:
    """A file's kind, device, inode, size and times, and its target's too when it is a link; the
    kind 0 and the error's number when it cannot be looked at."""
    try:
        own = os.lstat(path)
    except OSError as exc:
        return ((0, exc.errno or 0),)
    if not stat.S_ISLNK(own.st_mode):
        return (_times(own),)
    try:
        return (_times(own), _times(os.stat(path)))
    except OSError as exc:
        return (_times(own), (0, exc.errno or 0))


def _times(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_mode, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


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
