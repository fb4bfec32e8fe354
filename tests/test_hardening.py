"""Hardening: tiny terminals, a long random key storm, warnings as errors."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

from textual import events

from cnai_pay import checklist as cl
from cnai_pay.tui.app import CnaiPayApp
from cnai_pay.tui.screens.too_small import TooSmallScreen
from cnai_pay.tui.widgets.platform_grid import PlatformGrid

from .conftest import TODAY


def make_app(catalog, state: Path) -> CnaiPayApp:
    return CnaiPayApp(catalog, today=TODAY, state_folder=state, export_folder=state)


async def test_too_small_terminal_says_so_and_recovers(shipped, tmp_path: Path) -> None:
    app = make_app(shipped, tmp_path)
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small (20×6)" in str(app.screen.query_one("#too-small").render())
        await pilot.press("v", "slash", "x")  # keys do nothing underneath meanwhile
        assert isinstance(app.screen, TooSmallScreen) and len(app.screen_stack) == 2
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert app.query_one(PlatformGrid).row_count == len(shipped.platforms)


async def test_every_screen_draws_at_40x12(shipped, tmp_path: Path) -> None:
    app = make_app(shipped, tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        for keys in (["enter"], ["v"], ["r"], ["t"], ["s"], ["question_mark"], ["a"], ["w"], ["p"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert not isinstance(app.screen, TooSmallScreen)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("p", "ctrl+s", "c", "space", "n", *"ok", "enter", "e", "escape")
        await pilot.pause()
        assert app.is_running and app.checklist is not None


# Everything a user might press, except the keys that quit: (key name, character typed).
STORM_KEYS = (
    [(c, c) for c in "abcdefghijklmnoprstuvwxyz0123456789"]
    + [("slash", "/"), ("question_mark", "?"), ("exclamation_mark", "!"), ("minus", "-"), ("full_stop", "."),
       ("space", " "), ("enter", "\r"), ("escape", "\x1b"), ("tab", "\t")]
    + [(key, None) for key in ("shift+tab", "up", "down", "left", "right", "pageup", "pagedown", "home", "end",
                               "backspace", "delete", "ctrl+p", "ctrl+s")]
)


async def test_key_storm_leaves_the_app_alive_and_the_checklist_loadable(shipped, tmp_path: Path) -> None:
    rng = random.Random(20261126)
    state = tmp_path / "state"
    app = make_app(shipped, state)
    # Scroll animations would make every key wait; the storm is about state, not motion.
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        # Start with a checklist so ticks and notes are part of the storm.
        await pilot.press(*["down"] * 5, "p", "ctrl+s")
        # 3,000 keys in bursts of 30 posted faster than they are handled, as a real storm
        # arrives, with a resize between 20×6 and 200×60 every 300 keys.
        for burst in range(100):
            if burst % 10 == 5:
                await pilot.resize_terminal(rng.randint(20, 200), rng.randint(6, 60))
            for _ in range(30):
                key, character = rng.choice(STORM_KEYS)
                app.post_message(events.Key(key, character))
            await pilot.pause()
            assert app.is_running and app.return_code is None
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.is_running and app._exception is None
    restored = cl.restore(state)
    assert restored.message == ""
    assert restored.checklist is None or restored.checklist.steps


def test_app_runs_with_warnings_as_errors(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import asyncio, datetime as dt, pathlib, sys
        from cnai_pay.catalog import load_catalog
        from cnai_pay.tui.app import CnaiPayApp

        async def main():
            folder = pathlib.Path(sys.argv[1])
            app = CnaiPayApp(load_catalog(), today=dt.date(2026, 11, 26), state_folder=folder,
                             export_folder=folder)
            async with app.run_test(size=(100, 30)) as pilot:
                for keys in (["slash", "q", "enter"], ["w", "space", "escape"], ["enter", "enter", "escape",
                             "escape"], ["v", "escape"], ["r", "w", "escape"], ["t", "p", "escape", "escape"],
                             ["s", "escape"], ["question_mark", "escape"], ["x", "p", "ctrl+s", "space", "e",
                             "enter", "escape"]):
                    await pilot.press(*keys)
                    await pilot.pause()
            assert app.return_code in (None, 0), app.return_code

        asyncio.run(main())
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-3000:]


async def test_page_keys_on_an_option_list_without_room_do_not_crash() -> None:
    from textual.app import App
    from textual.widgets import OptionList

    import cnai_pay.tui.app  # noqa: F401  (applies the guard)

    class Tiny(App):
        CSS = "OptionList { height: 0; }"

        def compose(self):
            yield OptionList("one", "two", "three")

    app = Tiny()
    async with app.run_test(size=(30, 8)) as pilot:
        options = app.query_one(OptionList)
        options.highlighted = 1
        options.action_page_down()
        options.action_page_up()
        await pilot.pause()
        assert app.is_running
