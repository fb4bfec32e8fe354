"""The validated-catalogue cache.

Validation builds pydantic's schemas, which costs more than everything else at
start-up. A catalogue validated once is pickled under the cache folder, keyed
by the exact bytes of the data files, every module of the domain and of the
loader, the package version and the Python version, so any edit to the data or
the code validates afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from ..domain.catalog import Catalog
from .names import DATA_FILES, OPTIONAL_DATA_FILES

_PACKAGE = Path(__file__).resolve().parent.parent
# The code whose change must never meet an old pickle.
_CODE_FOLDERS = ("domain", "loading", "checklist")


def _code_files() -> list[Path]:
    files: list[Path] = []
    for folder in _CODE_FOLDERS:
        files.extend(sorted((_PACKAGE / folder).glob("*.py")))
    return files


def digest(folder: Path) -> str | None:
    """The cache key for a data folder, or None when a file cannot be read (no caching then)."""
    from .. import __version__  # reads package metadata: only when the cache is consulted

    key = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    try:
        for code in _code_files():
            key.update(code.name.encode() + b"\0" + code.read_bytes())
        for name in sorted(DATA_FILES):
            path = folder / name
            absent = name in OPTIONAL_DATA_FILES and not path.exists()
            key.update(name.encode() + b"\0" + (b"\1absent" if absent else path.read_bytes()) + b"\0")
    except OSError:
        return None
    return key.hexdigest()[:24]


def read(path: Path, folder: Path) -> Catalog | None:
    try:
        with path.open("rb") as handle:
            catalog = pickle.load(handle)
    except Exception:  # a stale or damaged cache is simply rebuilt
        return None
    if not isinstance(catalog, Catalog):
        return None
    catalog.folder = folder
    return catalog


def write(path: Path, catalog: Catalog) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # the cache only saves time; the app works without it
