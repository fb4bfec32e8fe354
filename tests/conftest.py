"""Shared fixtures: a fixed date, redirected user folders, the mini and shipped catalogues."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from cnai_pay.catalog import Catalog, load_catalog

TODAY = dt.date(2026, 11, 26)
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real home directory and its data folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("CNAI_PAY_HOME", str(home / "cnai-pay"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def mini() -> Catalog:
    return load_catalog(MINI)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini data folder, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target
