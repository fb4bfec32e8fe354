"""The terminal's width for the commands' output and help.

`shutil.get_terminal_size` would do, but importing shutil costs about 4 ms (it brings bz2, lzma
and fnmatch) of commands that answer in tens of milliseconds; this is its rule for the columns.
"""

from __future__ import annotations

import os
import sys

FALLBACK_COLUMNS = 80


def columns() -> int:
    """COLUMNS when it is a positive whole number, else the terminal behind stdout, else 80."""
    try:
        wanted = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        wanted = 0
    if wanted > 0:
        return wanted
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return FALLBACK_COLUMNS
    return size.columns if size.columns > 0 else FALLBACK_COLUMNS
