"""Nothing lost, nothing garbled, in the running app: keys in bursts, failed saves, older files,
crashes, and terminals that cannot show colour or glyphs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from textual import events

from cnai_pay.checklist.codec import dumps, loads
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.cli import main
from cnai_pay.tui.screens.confirm import ConfirmScreen
from cnai_pay.tui.screens.export_dialog import ExportScreen

from .conftest import MINI, move_to
from .tui_helpers import grid_screen


async def test_backspace_in_a_burst_keeps_its_place(app_factory: Any) -> None:
    """`abc`, backspace, `def` arriving in one read (a slow SSH link) filter by "abdef", not "abcde"."""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        for key in ["a", "b", "c", "backspace", "d", "e", "f"]:
            app.post_message(events.Key(key, None if key == "backspace" else key))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "abdef"
        assert grid_screen(app).grid_filter.text == "abdef"


async def test_a_failed_save_makes_quit_offer_an_export(app_factory: Any, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "alpha", "visa")
        await pilot.press("p", "ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        saved = app.store.folder / "checklist.toml"
        # Stand-in for a folder that turned read-only: a folder where the file should be.
        saved.unlink()
        saved.mkdir()
        await pilot.press("space")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "not saved" in str(app.screen.query_one(".dialog-message").render())
        await pilot.press("y")  # export first
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    assert not app.is_running
    exported = tmp_path / "state" / "cnai-pay-alpha-visa.toml"
    assert loads(exported.read_text(encoding="utf-8")).done_count == 1


async def test_opening_an_older_export_for_the_same_cell_asks_first(
    app_factory: Any, mini: Any, tmp_path: Path
) -> None:
    import datetime as dt

    older = build_checklist(mini, "alpha", "visa", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    export = tmp_path / "older.toml"
    export.write_text(dumps(older), encoding="utf-8")
    newer = build_checklist(mini, "alpha", "visa", now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    newer.steps[0].done = True
    state = tmp_path / "state"
    state.mkdir()
    (state / "checklist.toml").write_text(dumps(newer), encoding="utf-8")
    app = app_factory(checklist_file=export)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep mine
        await pilot.pause()
        assert grid_screen(app).checklist_controller.checklist.done_count == 1


def test_a_crash_in_the_app_ends_with_one_line_and_status_1(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from cnai_pay.loading import load_catalog
        from cnai_pay.tui.app import CnaiPayApp

        class Broken(CnaiPayApp):
            def on_mount(self) -> None:
                super().on_mount()
                raise KeyError("boom")

        app = Broken(load_catalog(Path({str(MINI)!r}), use_cache=False), state_folder=Path({str(tmp_path)!r}))
        app.run(headless=True, size=(80, 24))
        sys.exit(app.return_code or 0)
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CNAI_PAY_HOME": str(tmp_path)},
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"cnai-pay: unexpected error: KeyError: 'boom' (details in {tmp_path / 'crash.log'})"]
    assert "Traceback" in (tmp_path / "crash.log").read_text(encoding="utf-8")


def test_term_dumb_gets_no_colour(monkeypatch: Any, capsys: Any) -> None:
    import cnai_pay.cli.output as output

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: True, raising=False)
    assert output.use_color("auto") is False
    assert main(["grid", "--data", str(MINI), "--width", "100", "--no-profile"]) == 0
    assert "\x1b[" not in capsys.readouterr().out


async def test_a_note_over_the_limit_is_not_saved_and_says_why(app_factory: Any) -> None:
    from textual.widgets import TextArea

    from cnai_pay.checklist.model import MAX_NOTE
    from cnai_pay.tui.screens.note_editor import NoteEditorScreen

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "alpha", "visa")
        await pilot.press("p", "ctrl+s")
        await pilot.pause()
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        app.screen.query_one(TextArea).text = "x" * (MAX_NOTE + 5)
        await pilot.pause()
        message = str(app.screen.query_one("#note-message").render())
        assert "5 too many to save" in message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)  # still open: nothing was cut or saved
        await pilot.press("escape")
        await pilot.pause()
        assert all(step.note == "" for step in grid_screen(app).checklist_controller.checklist.steps)
