"""Hardening: tiny terminals, a long random key storm, warnings as errors, a guarded Textual crash."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Region

from cnai_pay.checklist.store import ChecklistStore
from cnai_pay.tui.screens.too_small import TooSmallScreen
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel

from .conftest import MINI, TODAY, move_to
from .tui_helpers import flat, grid_rows, grid_screen, resize, seen, text_of

ALL = ["Alpha AI", "Beta Cloud", "Gamma Gate", "Delta Relay"]


async def test_too_small_terminal_says_so_and_recovers(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Terminal too small (20×6)" in text_of(app, "#too-small")
        # Drawn in a colour of its own, not in the background's (it once was, when the app
        # started too small).
        line = app.screen.query_one("#too-small").render_lines(Region(0, 0, 20, 1))[0]
        words = next(segment for segment in line if "too" in segment.text)
        assert words.style.color is not None and words.style.color != words.style.bgcolor
        await pilot.press("v", "slash", "x")  # keys do nothing underneath meanwhile
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen) and len(app.screen_stack) == 2
        await resize(pilot, 30, 10)
        assert "Terminal too small (30×10)" in text_of(app, "#too-small")
        await resize(pilot, 80, 24)
        assert not isinstance(app.screen, TooSmallScreen)
        assert grid_rows(app) == ALL


# Each screen, and a word of what it shows (it may be cut to fit, never missing): the panes, then
# the dialogs and the checklist, in two tests that run side by side.
SCREENS_AT_40X12 = {
    "panes": (
        ("enter", "Alpha AI"),
        ("v", "Before you open"),
        ("r", "Sorted by"),
        ("t", "decline reason"),
        ("s", "4 sources"),
        ("question_mark", "How to read"),
    ),
    "dialogs": (
        ("a", "Accepts"),
        ("w", "wallet"),
        ("g", "Your country"),
        ("p", "Prepare a first"),
    ),
}


@pytest.mark.parametrize("group", SCREENS_AT_40X12)
async def test_every_screen_draws_at_40x12(app_factory, tmp_path: Path, group: str) -> None:
    app = app_factory()
    async with app.run_test(size=(40, 12)) as pilot:
        # The grid itself: every platform, in compact cells, with no preview to crowd it out.
        assert grid_rows(app) == ALL
        for key, shows in SCREENS_AT_40X12[group]:
            await pilot.press(key)
            if key in ("v", "r", "t", "s", "question_mark"):  # panes: their lists and scrolls get page keys
                await pilot.press("down", "pagedown")
            await pilot.pause()
            assert not isinstance(app.screen, TooSmallScreen) and len(app.screen_stack) == 2, key
            assert shows in flat(seen(app.screen)), key
            # Esc closes what the arrows opened (a dropdown in the set-up dialog), then the screen.
            for _ in range(3):
                if len(app.screen_stack) > 1:
                    await pilot.press("escape")
                    await pilot.pause()
            assert len(app.screen_stack) == 1, key
        if group != "dialogs":
            return
        await pilot.press("p", "ctrl+s")
        await pilot.pause()
        await pilot.press("space", "n", *"ok", "ctrl+s", "e", "escape")
        await pilot.pause()
        panel = flat(seen(grid_screen(app).query_one(ChecklistPanel)))
        assert "Checklist: Alpha AI × Visa" in panel and "1 of 3" in panel and "[x] Tell your bank" in panel
        await app.workers.wait_for_complete()
    saved = tomllib.loads((tmp_path / "state" / "checklist.toml").read_text(encoding="utf-8"))
    assert saved["steps"][0]["done"] and saved["steps"][0]["note"] == "ok"


# Everything a user might press, except the keys that quit: (key name, character typed).
STORM_KEYS = (
    [(c, c) for c in "abcdefghijklmnoprstuvwxyz0123456789"]
    + [
        ("slash", "/"),
        ("question_mark", "?"),
        ("exclamation_mark", "!"),
        ("minus", "-"),
        ("full_stop", "."),
        ("space", " "),
        ("enter", "\r"),
        ("escape", "\x1b"),
        ("tab", "\t"),
    ]
    + [
        (key, None)
        for key in (
            "shift+tab",
            "up",
            "down",
            "left",
            "right",
            "pageup",
            "pagedown",
            "home",
            "end",
            "backspace",
            "delete",
            "ctrl+p",
            "ctrl+s",
        )
    ]
)


# Six storms of 150 keys, side by side (900 in all, no single test long): another seed is
# another mix of keys, sizes and screens.
@pytest.mark.parametrize("seed", [20261126, 20261202, 20261203, 20261204, 20261205, 20261206])
async def test_key_storm_leaves_the_app_alive_and_the_checklist_loadable(
    app_factory, mini, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    state = tmp_path / "state"
    app = app_factory()
    # Scroll animations would make every key wait; the storm is about state, not motion.
    app.animation_level = "none"
    # Random letters in the command palette can choose Textual's own Quit (a clean exit, not a
    # crash) or Screenshot (a file in the working folder): leave those two out of this app's palette.
    system_commands = app.get_system_commands
    app.get_system_commands = lambda screen: (
        command for command in system_commands(screen) if command.title not in ("Quit", "Screenshot")
    )
    async with app.run_test(size=(100, 30)) as pilot:
        # Start with a checklist so ticks and notes are part of the storm.
        await move_to(pilot, "gamma", "amex")
        await pilot.press("p", "ctrl+s")
        await pilot.pause()
        # 150 keys in bursts of 30 posted faster than they are handled, as a real storm
        # arrives, with a resize between 20×6 and 200×60 after the first 60.
        for burst in range(5):
            if burst % 5 == 2:
                await pilot.resize_terminal(rng.randint(20, 200), rng.randint(6, 60))
            for _ in range(30):
                key, character = rng.choice(STORM_KEYS)
                app.post_message(events.Key(key, character))
            await pilot.pause()
            assert app.is_running and app.return_code is None
        await resize(pilot, 100, 30)
        # Back to the grid: it still answers keys and draws its rows.
        while len(app.screen_stack) > 1:
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("escape", "x")
        await pilot.pause()
        assert app.is_running and grid_rows(app) == ALL
        await app.workers.wait_for_complete()
    # Whatever the storm did to the checklist, the saved file reads back.
    restored = ChecklistStore(state, mini).restore()
    assert restored.message == ""
    assert restored.checklist is None or restored.checklist.steps


def test_app_runs_with_warnings_as_errors(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import asyncio, datetime as dt, pathlib, sys
        from cnai_pay.loading import load_catalog
        from cnai_pay.tui.app import CnaiPayApp
        sys.path.insert(0, sys.argv[4])
        from tests import pilot_pace  # the suite's key pace, here too
        assert pilot_pace.install()

        async def main():
            folder = pathlib.Path(sys.argv[1])
            catalog = load_catalog(pathlib.Path(sys.argv[2]), use_cache=False)
            app = CnaiPayApp(catalog, today=dt.date.fromisoformat(sys.argv[3]), state_folder=folder,
                             export_folder=folder, welcome=False)
            async with app.run_test(size=(100, 30)) as pilot:
                for keys in (["slash", "q", "enter"], ["w", "space", "escape"], ["enter", "enter", "escape",
                             "escape"], ["v", "escape"], ["r", "w", "escape"], ["t", "p", "escape", "escape"],
                             ["s", "escape"], ["question_mark", "escape"], ["g", "escape"],
                             ["x", "p", "ctrl+s", "space", "n", "ctrl+s", "e", "enter", "escape"]):
                    await pilot.press(*keys)
                    await pilot.pause()
                await app.workers.wait_for_complete()
            assert app.return_code in (None, 0), app.return_code
            assert (folder / "checklist.toml").exists()

        asyncio.run(main())
        print("ok")
        """
    )
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            script,
            str(tmp_path),
            str(MINI),
            TODAY.isoformat(),
            str(Path(__file__).parent.parent),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-3000:]


async def test_page_keys_on_an_option_list_without_room_do_not_crash() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import OptionList

    import cnai_pay.tui.app  # noqa: F401  (applies the guard)

    class Tiny(App[None]):
        CSS = "OptionList { height: 0; }"

        def compose(self) -> ComposeResult:
            yield OptionList("one", "two", "three")

    app = Tiny()
    async with app.run_test(size=(30, 8)) as pilot:
        options = app.query_one(OptionList)
        options.highlighted = 1
        options.action_page_down()
        options.action_page_up()
        await pilot.pause()
        # Nothing moved, and the list still answers.
        assert options.highlighted == 1
        options.highlighted = 2
        assert options.get_option_at_index(options.highlighted).prompt == "three"
