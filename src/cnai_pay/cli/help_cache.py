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

from .. import paths
from .._version import __version__
from . import terminal
from .kept_texts import KeptTexts, prints_safely

# Not typing.TYPE_CHECKING: this module answers without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

HELP_FILE = "help.txt"
# The top level's and each command's help, at a width or two.
_KEPT = KeptTexts(HELP_FILE, "cnai-pay help 2\n", most=24, limit=1024 * 1024)
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


def lookup(help_key: str) -> str | None:
    """The text kept under `help_key`, if it prints safely."""
    text = _KEPT.lookup(help_key)
    return text if text is not None and prints_safely(text) else None


def keep(help_key: str, text: str) -> None:
    """Keeps `text` under `help_key`; losing it only costs the next help its time."""
    if prints_safely(text):
        _KEPT.keep(help_key, text)
