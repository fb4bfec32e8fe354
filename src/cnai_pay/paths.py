"""Every folder the program reads or writes, resolved in one place.

`CNAI_PAY_HOME` puts the user's state and the cache under one folder of the
user's choice (tests point it at a temporary folder); otherwise platformdirs
gives the platform's usual places. The shipped facts live inside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cnai-pay"
HOME_ENV = "CNAI_PAY_HOME"


def home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    if not value:
        return None
    try:
        return Path(value).expanduser()
    except RuntimeError:  # `~name` of no known user: the folder as written
        return Path(value)


def shipped_data_dir() -> Path:
    """The data shipped inside the package, or the repository's `data/` in a source checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    # Editable installs run from src/ and do not copy the data into the package.
    return Path(__file__).resolve().parents[2] / "data"


def state_dir() -> Path:
    """Where the user's own files live: the autosaved checklist, the profile."""
    override = home_override()
    if override is not None:
        return override
    import platformdirs  # only needed when no override is set

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where the validated catalogue is cached; losing it only costs time."""
    override = home_override()
    if override is not None:
        return override / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def inside(folder: Path, path: Path) -> bool:
    """True when `path` stays inside `folder` once `..` and links are resolved."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):  # OSError: a working folder deleted meanwhile cannot be resolved
        return False
    return True
