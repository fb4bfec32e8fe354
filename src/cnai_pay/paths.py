"""Every folder the program reads or writes, resolved in one place.

`CNAI_PAY_HOME` puts the user's state and the cache under one folder of the
user's choice (tests point it at a temporary folder); otherwise platformdirs
gives the platform's usual places. The shipped facts live inside the package.
"""

from __future__ import annotations

import os
import sys

# Not typing.TYPE_CHECKING, and pathlib only inside the functions that return a Path: `--help`
# answers from its saved text (cli/help_cache.py) with the `_text` forms alone, and importing
# pathlib would be a third of what it takes.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "cnai-pay"
HOME_ENV = "CNAI_PAY_HOME"


def _home_text() -> str | None:
    value = os.environ.get(HOME_ENV)
    # `~name` of no known user stays as written.
    return os.path.expanduser(value) if value else None


def shipped_data_text() -> str:
    """The data shipped inside the package, or the repository's `data/` in a source checkout."""
    package = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(package, "data")
    if os.path.isdir(packaged):
        return packaged
    # Editable installs run from src/ and do not copy the data into the package.
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data")


def shipped_data_dir() -> Path:
    from pathlib import Path

    return Path(shipped_data_text())


def state_dir() -> Path:
    """Where the user's own files live: the autosaved checklist, the profile."""
    from pathlib import Path

    override = _home_text()
    if override is not None:
        return Path(override)
    import platformdirs  # only needed when no override is set

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir_text() -> str:
    """Where the validated catalogue is cached; losing it only costs time."""
    override = _home_text()
    if override is not None:
        return os.path.join(override, "cache")
    import platformdirs

    return str(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_dir_guess() -> str:
    """`cache_dir_text()` without importing platformdirs, for a reader: on Linux its XDG rule.

    platformdirs' import costs pathlib, tempfile and shutil: more than the help that reads
    its saved text from here (cli/help_cache.py). A guess that misses (a home it would treat
    otherwise) finds no file there, and that reader builds its answer instead; a writer uses
    `cache_dir()`. Elsewhere, platformdirs' own answer.
    """
    override = _home_text()
    if override is not None:
        return os.path.join(override, "cache")
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, APP_NAME)
    return cache_dir_text()


def cache_dir() -> Path:
    from pathlib import Path

    return Path(cache_dir_text())


def inside(folder: Path, path: Path) -> bool:
    """True when `path` stays inside `folder` once `..` and links are resolved."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):  # OSError: a working folder deleted meanwhile cannot be resolved
        return False
    return True
