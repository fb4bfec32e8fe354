"""`--help` answered with the text the same help printed last time, while nothing it shows has changed.

Building the parser to print help costs argparse, pathlib and the grammar: about as much as
Python's own start again. What the top level's or a command's help prints changes only with
the code, the terminal's width, the output's encoding, the language argparse's words are in
and the data's ids, so the text printed is kept beside the cache under a key made of all of
those, and printed as it is while the key still matches. Only the plain forms are kept
(`--help`, `-h`, `grid --help`, `data check -h`): any other option on the line, `--data DIR`
among them, builds the help again. The file is the user's own, yet treated as planted: one
owned by someone else, over its limit, not a regular file, or holding a text that would not
print safely (a control or invisible character) is ignored, and help is built as before.
"""

from __future__ import annotations

import os
import sys

from .. import fileio, paths
from .._version import __version__
from . import terminal

# Not typing.TYPE_CHECKING: this module answers without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

HELP_FILE = "help.txt"
_LIMIT = 1024 * 1024
_KEPT = 24  # texts kept: the top level and each command, at a width or two
_FORMAT = "cnai-pay help 1\n"
# Starts each kept text (ASCII's record separator): no help holds one, and a text that did is not kept.
_SEPARATOR = "\x1e"
_LANGUAGE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # what gettext reads to translate argparse's words
_HELP_FLAGS = ("-h", "--help")
_CODE_FOLDERS = ("", "cli", "domain")  # the package's modules the parser and its choices come from


def files_stamp(folder: str, suffix: str = ".toml") -> list[list[object]]:
    """Name, size and time of each file in `folder` ending with `suffix`, by name.

    Every such file, not the loader's list: importing the loader would cost what this saves.
    """
    stamp: list[list[object]] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(suffix):
            info = entry.stat()
            stamp.append([entry.name, info.st_size, info.st_mtime_ns])
    return stamp


def key(arguments: Sequence[str]) -> str | None:
    """The key the help these arguments ask for is kept under; None when they are not a plain help."""
    words = list(arguments[:-1])
    if not arguments or arguments[-1] not in _HELP_FLAGS or len(words) > 2:
        return None
    if not all(word.isascii() and word.isalpha() for word in words):
        return None
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = paths.shipped_data_text()
    try:
        code = [[folder, files_stamp(os.path.join(package, folder), ".py")] for folder in _CODE_FOLDERS]
        ids = files_stamp(data)
    except OSError:
        return None
    stream = sys.stdout
    shown = [
        __version__,
        list(arguments),
        terminal.columns(),
        getattr(stream, "encoding", None),
        getattr(stream, "errors", None),
        [os.environ.get(name) for name in _LANGUAGE],
        os.path.realpath(data),
        ids,
        code,
    ]
    return repr(shown)  # one line: repr escapes every newline a name could hold


def _printable(text: str) -> bool:
    return all(line.isprintable() for line in text.split("\n"))


def _kept_texts(folder: str) -> list[tuple[str, str]]:
    """The (key, text) pairs in `folder`'s file, newest first; none when it is not ours or not whole."""
    path = os.path.join(folder, HELP_FILE)
    try:
        if os.stat(path).st_uid != os.getuid():
            return []
        body = fileio.read_bytes(path, _LIMIT).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    head, *entries = body.split(_SEPARATOR)
    if head != _FORMAT:
        return []
    return [(entry_key, text) for entry_key, _, text in (entry.partition("\n") for entry in entries)]


def lookup(help_key: str) -> str | None:
    """The text kept under `help_key`, if it prints safely."""
    for entry_key, text in _kept_texts(paths.cache_dir_guess()):
        if entry_key == help_key:
            return text if _printable(text) else None
    return None


def keep(help_key: str, text: str) -> None:
    """Keeps `text` under `help_key`, newest first; losing it only costs the next help its time."""
    if _SEPARATOR in text or not _printable(text):
        return
    folder = paths.cache_dir()
    others = [(k, t) for k, t in _kept_texts(str(folder)) if k != help_key][: _KEPT - 1]
    body = _FORMAT + "".join(f"{_SEPARATOR}{k}\n{t}" for k, t in [(help_key, text), *others])
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fileio.atomic_write(folder / HELP_FILE, body, private=True, follow_links=False)
    except OSError:  # ExportError among them: a full disk, a read-only cache
        pass
