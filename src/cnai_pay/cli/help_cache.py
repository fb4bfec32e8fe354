"""`--help` answered with the text the same help printed last time, while nothing it shows has changed.

Building the parser to print help costs argparse, pathlib and the grammar: about as much as
Python's own start again. What the top level's or a command's help prints changes only with
the code, the data's ids and how it runs (the interpreter, whose argparse words and wraps help
its own way, the environment, the language among it, the terminal, its width and encoding), so
the text printed is kept beside the cache under a key made of all of those (hashed), and printed
as it is while the key still matches; not when a file it stamps changed in the last two seconds
(it may change again with the same times). Only the plain forms are kept
(`--help`, `-h`, `grid --help`, `data check -h`): any other option on the line, `--data DIR`
among them, builds the help again. The file is the user's own, yet treated as planted: one
owned by someone else, over its limit, not a regular file, or holding a text that would not
print safely (a control or invisible character) is ignored, and help is built as before.
"""

from __future__ import annotations

import os

from .. import paths
from .._version import __version__
from ..digest import blake2b
from .kept_texts import KeptTexts, prints_safely, racy, run_context

# Not typing.TYPE_CHECKING: this module answers without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

HELP_FILE = "help.txt"
# The top level's and each command's help, at a width or two.
_KEPT = KeptTexts(HELP_FILE, "cnai-pay help 2\n", most=24, limit=1024 * 1024)
_HELP_FLAGS = ("-h", "--help")
_CODE_FOLDERS = ("", "cli", "domain")  # the package's modules the parser and its choices come from


def files_stamp(folder: str, suffix: str = ".toml") -> list[list[object]]:
    """Name, inode, size and times of each file in `folder` ending with `suffix`, by name.

    Every such file, not the loader's list: importing the loader would cost what this saves.
    """
    stamp: list[list[object]] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(suffix):
            info = entry.stat()
            stamp.append([entry.name, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns])
    return stamp


def newest(stamp: Sequence[Sequence[object]]) -> int:
    """The latest time in a `files_stamp`, to tell whether what was made from it may be kept (`racy`)."""
    return max((time for row in stamp for time in row[3:] if isinstance(time, int)), default=0)


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
    # The interpreter among them: another Python's argparse words and wraps help its own way.
    context = run_context()
    if context is None or racy(max([newest(ids), *(newest(stamp) for _, stamp in code)])):
        return None  # a file changed just now: the help is made, and not kept
    shown = [__version__, list(arguments), context, os.path.realpath(data), ids, code]
    return blake2b(repr(shown).encode("utf-8", "backslashreplace"), digest_size=20).hexdigest()


def lookup(help_key: str) -> str | None:
    """The text kept under `help_key`, if it prints safely."""
    text = _KEPT.lookup(help_key)
    return text if text is not None and prints_safely(text) else None


def keep(help_key: str, text: str) -> None:
    """Keeps `text` under `help_key`; losing it only costs the next help its time."""
    if prints_safely(text):
        _KEPT.keep(help_key, text)
