"""Shared fixtures: a fixed date, redirected user folders, the fixture catalogue and one app factory.

The app's clock (`cnai_pay.clock`) is fixed at TODAY for every test, in this process and in
the CLI subprocesses (through the environment). To prove that no test leans on the machine,
the machine's own wall clock is moved more than a year ahead for the whole session and the
time zone is set to one fourteen hours from UTC: a test that read the real date, or a local
one, would fail on every run, not only on some later day.

Every behaviour and snapshot test runs on `tests/fixtures/mini`, never on the
shipped facts, so editing `data/` cannot break them; `test_shipped_data.py`
checks the shipped data's invariants only.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from hypothesis import settings

from cnai_pay import clock
from cnai_pay.domain.catalog import Catalog
from cnai_pay.loading import load_catalog

from . import parsed_css, pilot_pace

TODAY = dt.date(2026, 11, 26)

# Property tests: the same examples on every run (a failure reproduces, as the seeded loops they
# replace did), no example database left in the working folder, and no per-example deadline on
# a machine shared with other work.
settings.register_profile("cnai-pay", derandomize=True, database=None, deadline=None)
settings.load_profile("cnai-pay")
FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
# How far the machine's wall clock is moved ahead for the session (see the module's docstring).
CLOCK_AHEAD = dt.timedelta(days=400)


def pytest_configure(config: pytest.Config) -> None:
    parsed_css.install()
    pilot_pace.install()
    os.environ["TZ"] = "Pacific/Kiritimati"
    # Session fixtures (the catalogue) load before any test's own fixtures run: a CNAI_PAY_TODAY
    # left in the shell that started the suite must not reach them either.
    os.environ[clock.ENV_TODAY] = TODAY.isoformat()
    time.tzset()
    traveller = time_machine.travel(dt.datetime.now(dt.UTC) + CLOCK_AHEAD, tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


_TRAVELLER = pytest.StashKey[time_machine.travel]()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real home directory, its data folders and its cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("CNAI_PAY_HOME", str(home / "cnai-pay"))
    # Nor from the terminal the suite runs in: its width, its colour and encoding settings reach the
    # CLI in this process and every app or CLI started in a subprocess. A test that wants them sets them.
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PYTHONIOENCODING", "TEXTUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv(clock.ENV_TODAY, TODAY.isoformat())
    # Prices come from a small fixture table, never from the price package's shipped data.
    monkeypatch.setenv("CNAI_PAY_PRICE_DATA", str(FIXTURES / "prices"))
    # A relative path typed in a dialog or given to the CLI lands in the temp folder too.
    monkeypatch.chdir(home)
    return home


@pytest.fixture(scope="session")
def mini() -> Catalog:
    # No cache: a session fixture outlives the per-test home, so it must not write one.
    return load_catalog(MINI, use_cache=False)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini data folder, for tests that break or extend it."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def extended_catalog(folder: Path, extension: dict[str, str]) -> Catalog:
    """The data in `folder` with each file's extra TOML appended, loaded and validated."""
    from cnai_pay.loading import validate_catalog

    for name, text in extension.items():
        with (folder / name).open("a", encoding="utf-8") as file:
            file.write("\n" + text)
    return validate_catalog(folder, today=TODAY)


def make_app(catalog: Catalog, state: Path | None = None, **kwargs: Any) -> Any:
    """The app on fixed data and date, with its files in `state` (a temp folder)."""
    from cnai_pay.tui.app import CnaiPayApp

    kwargs.setdefault("welcome", False)  # the first-run start only where a test asks for it
    return CnaiPayApp(catalog, today=TODAY, state_folder=state, export_folder=state, **kwargs)


def mini_app(state: Path) -> Any:
    """The app on a fresh load of the fixture catalogue: for snapshot tests, which build their own."""
    return make_app(load_catalog(MINI, use_cache=False), state)


@pytest.fixture
def app_factory(mini: Catalog, tmp_path: Path) -> Callable[..., Any]:
    """Build the app on the mini catalogue with its files in this test's temp folder."""

    def build(catalog: Catalog | None = None, **kwargs: Any) -> Any:
        return make_app(catalog or mini, tmp_path / "state", **kwargs)

    return build


async def move_to(pilot: Any, platform_id: str, method_id: str) -> None:
    """Put the grid's cursor on a cell by ids, the way a user would: with arrow keys."""
    from cnai_pay.tui.widgets.platform_grid import PlatformGrid

    grid = pilot.app.screen.query_one(PlatformGrid)
    rows = [p.id for p in grid.shown]
    columns = [m.id for m in grid.catalog.methods]
    assert platform_id in rows and method_id in columns, (platform_id, method_id)
    row, column = grid.cursor
    target_row, target_column = rows.index(platform_id), columns.index(method_id)
    keys = ["down"] * (target_row - row) if target_row >= row else ["up"] * (row - target_row)
    keys += ["right"] * (target_column - column) if target_column >= column else ["left"] * (column - target_column)
    await pilot.press(*keys)
    await pilot.pause()
    cell = grid.selected_cell()
    assert cell is not None and (cell.platform.id, cell.method.id) == (platform_id, method_id)


def assert_child_prints_ok(code: str) -> None:
    """Run `code` in a fresh interpreter (its imports and collector its own); it must print ok."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr
