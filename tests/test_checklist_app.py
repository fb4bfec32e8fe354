"""Pilot tests of the checklist panel: plan, tick, note, export, open, restart, and files that fight back."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from cnai_pay.checklist import codec, files, steps
from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen
from cnai_pay.tui.screens.confirm import ConfirmScreen
from cnai_pay.tui.screens.export_dialog import ExportScreen
from cnai_pay.tui.screens.note_editor import NoteEditorScreen
from cnai_pay.tui.screens.text_prompt import TextPromptScreen
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel

from .conftest import move_to
from .tui_helpers import flat, grid_rows, grid_screen, lines, plan_checklist, seen, text_of, toasts

ALPHA_VISA_STEPS = [
    "Tell your bank a day ahead.",
    "Top up 2 USD first (minimum: 2 USD (official)).",
    # No source states Alpha's fees for Visa: the budget is a floor, never "+ 0%".
    "Have at least 2 USD available.",
]


def panel(app) -> str:
    """Everything the checklist panel draws, wrapped lines joined."""
    return flat(seen(grid_screen(app).query_one(ChecklistPanel)))


def panel_shown(app) -> bool:
    found = grid_screen(app).query(ChecklistPanel)
    return bool(found) and found.first().display


async def saved(app, path: Path) -> dict:
    """The autosaved file once the background write is done."""
    await app.workers.wait_for_complete()
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def write_note(pilot, note: str) -> None:
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NoteEditorScreen)
    # A terminal delivers a paste to the app, which hands it to the focused widget.
    pilot.app.post_message(events.Paste(note))
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def open_file(pilot, path: Path) -> None:
    """i, then the path as if pasted into the prompt, then enter."""
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TextPromptScreen)
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def export_to(pilot, typed: str) -> ExportScreen:
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportScreen)
    dialog.query_one(Input).value = typed
    await pilot.press("enter")
    await pilot.pause()
    return dialog


async def test_plan_tick_note_export_and_restore(app_factory, tmp_path: Path) -> None:
    state = tmp_path / "state"
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        shown = panel(app)
        assert "Checklist: Alpha AI × Visa" in shown and "0 of 3 done" in shown
        assert all(f"[ ] {step}" in shown for step in ALPHA_VISA_STEPS)
        await pilot.press("space")
        await pilot.pause()
        assert f"[x] {ALPHA_VISA_STEPS[0]}" in panel(app) and "1 of 3 done" in panel(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*"called", "ctrl+s")
        await pilot.pause()
        assert "✎ called" in panel(app)
        document = await saved(app, state / "checklist.toml")
        assert document["steps"][0]["done"] and document["steps"][0]["note"] == "called"

        target = tmp_path / "export.toml"
        await export_to(pilot, str(target))
        assert not isinstance(app.screen, ExportScreen)
        exported = tomllib.loads(target.read_text(encoding="utf-8"))
        assert exported["platform"]["id"] == "alpha" and exported["steps"][0]["note"] == "called"
        # Hiding the panel is remembered for the next start, and so is showing it.
        await pilot.press("c")
        await pilot.pause()
        assert not panel_shown(app)
        await pilot.press("c")
        await pilot.pause()
        assert panel_shown(app)

    again = app_factory()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert panel_shown(again)
        shown = panel(again)
        assert "Checklist: Alpha AI × Visa" in shown and "1 of 3 done" in shown
        assert f"[x] {ALPHA_VISA_STEPS[0]}" in shown and "✎ called" in shown


async def test_a_burst_of_ticks_then_quit_leaves_the_last_tick_on_disk(app_factory, tmp_path: Path) -> None:
    # Keys faster than the writes: each write may skip for a newer one, but the newest always lands.
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("tab")
        await pilot.press("space", "down", "space", "down", "space", "up", "space", "q")
        await pilot.pause()
    document = tomllib.loads((tmp_path / "state" / "checklist.toml").read_text(encoding="utf-8"))
    assert [step["done"] for step in document["steps"]] == [True, False, True]
    assert document["progress"]["done"] == 2 and not app.store.unsaved


async def test_pasted_multi_line_note_keeps_its_lines(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await write_note(pilot, "first line\r\nsecond line\n\tthird, indented")
        assert not isinstance(app.screen, NoteEditorScreen)
        drawn = lines(grid_screen(app).query_one("#checklist-steps"))
        assert any(line.strip() == "✎ first line" for line in drawn)
        assert any(line.strip() == "second line" for line in drawn)
        assert any(line.strip() == "third, indented" for line in drawn)
        document = await saved(app, tmp_path / "state" / "checklist.toml")
        assert document["steps"][0]["note"] == "first line\nsecond line\n third, indented"
        # Opening the editor again shows the note as saved, line by line.
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "first line\nsecond line\n third, indented"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditorScreen)


async def test_export_refuses_overwrite_until_confirmed_and_reports_bad_paths(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    target = tmp_path / "existing.toml"
    target.write_text("keep me", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        dialog = await export_to(pilot, str(tmp_path / "no" / "such" / "folder.toml"))
        assert app.screen is dialog and "does not exist" in text_of(app, "#prompt-message")
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "exists. Press enter again" in text_of(app, "#prompt-message")
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        assert tomllib.loads(target.read_text(encoding="utf-8"))["method"]["id"] == "visa"


async def test_export_to_a_folder_path_writes_the_default_name_inside(app_factory, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await plan_checklist(pilot, "gamma", "amex")
        await export_to(pilot, f"{folder}/")
        assert not isinstance(app.screen, ExportScreen)
        written = folder / "cnai-pay-gamma-amex.toml"
        assert [p.name for p in folder.iterdir()] == [written.name]
        assert tomllib.loads(written.read_text(encoding="utf-8"))["platform"]["id"] == "gamma"
        assert any(f"Exported to {written}" in t for t in toasts(app))


async def test_not_supported_combination_warns(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await move_to(pilot, "delta", "visa")
        await pilot.press("p")
        await pilot.pause()
        assert "✗ The data says Delta Relay does not accept Visa." in text_of(app, "#setup-verdict")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[ ] ⚠ The data says Delta Relay does not take Visa." in panel(app)
        assert any("does not accept Visa" in t for t in toasts(app))


async def test_corrupt_saved_checklist_is_set_aside_and_app_starts(app_factory, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "checklist.toml").write_text("this is = = not toml", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert any("Saved checklist was unreadable" in t and "kept as" in t for t in toasts(app))
        await pilot.press("c")
        await pilot.pause()
        assert "No checklist yet." in panel(app)
    aside = list(state.glob("checklist.toml.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "this is = = not toml"


async def test_open_exported_checklist_from_command_line_option(app_factory, mini, tmp_path: Path) -> None:
    exported = tmp_path / "shared.toml"
    checklist = steps.build_checklist(mini, "gamma", "paypal")
    checklist.steps[0].done = True
    files.export_checklist(checklist, mini, exported)
    app = app_factory(checklist_file=exported)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert panel_shown(app)
        shown = panel(app)
        assert "Checklist: Gamma Gate × PayPal" in shown and f"1 of {len(checklist.steps)} done" in shown
        assert f"[x] {checklist.steps[0].text}" in shown


async def test_opening_an_older_copy_asks_before_replacing(app_factory, mini, tmp_path: Path) -> None:
    older = tmp_path / "older.toml"
    checklist = steps.build_checklist(mini, "alpha", "visa")
    checklist.created = checklist.updated = checklist.updated.replace(year=2020)
    files.export_checklist(checklist, mini, older)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("space")
        await pilot.pause()
        await open_file(pilot, older)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Replace newer progress?" in seen(app.screen)
        await pilot.press("n")
        await pilot.pause()
        assert "1 of 3 done" in panel(app)
        await open_file(pilot, older)
        await pilot.press("y")
        await pilot.pause()
        assert "0 of 3 done" in panel(app)


async def test_replacing_a_checklist_keeps_the_old_one(app_factory, tmp_path: Path) -> None:
    state = tmp_path / "state"
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("space")
        await plan_checklist(pilot, "beta", "visa")
        assert "Checklist: Beta Cloud × Visa" in panel(app)
    # Kept among the saved checklists under its own readable name, ticks and all.
    assert files.load_checklist(state / "checklists" / "alpha.visa.toml").done_count == 1


async def test_tab_before_the_panel_was_ever_shown_opens_it_on_the_steps(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        assert panel_shown(app) and app.focused is app.screen.query_one("#checklist-steps")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#grid")


async def test_grid_stays_usable_with_panel_open(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        assert panel_shown(app)
        await pilot.press("slash", *"gam", "enter")
        await pilot.pause()
        assert grid_rows(app) == ["Gamma Gate"]
        await pilot.press("c")
        await pilot.pause()
        assert not panel_shown(app) and grid_rows(app) == ["Gamma Gate"]


async def test_setup_dialog_keeps_the_typed_amount_and_fees(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChecklistSetupScreen)
        dialog.query_one("#setup-amount", Input).value = "7"
        dialog.query_one("#setup-fee", Input).value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Budget 7 USD + 3% = 7.21 USD" in panel(app)
        assert "Top up 7 USD first" in panel(app)
        await pilot.press("o")
        await pilot.pause()
        assert app.screen.query_one("#setup-amount", Input).value == "7"
        assert app.screen.query_one("#setup-fee", Input).value == "3"
        app.screen.query_one("#setup-amount", Input).value = "1e307"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistSetupScreen)
        assert "at most" in text_of(app, "#setup-message")


async def test_unwritable_state_folder_keeps_the_app_running(app_factory, tmp_path: Path) -> None:
    # The state folder's place is taken by a file: nothing can be saved there.
    (tmp_path / "state").write_text("x", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 of 3 done" in panel(app)
        # No lock can be taken there: read-only from the start, with the reason shown.
        assert any("lock file cannot be written" in t and "read-only" in t for t in toasts(app))
    assert (tmp_path / "state").read_text(encoding="utf-8") == "x"


async def test_checklist_from_other_data_opens_and_can_be_replaced(app_factory, mini, tmp_path: Path) -> None:
    exported = tmp_path / "other.toml"
    document = codec.dumps(steps.build_checklist(mini, "gamma", "visa"))
    exported.write_text(document.replace('id = "gamma"', 'id = "nosuch"'), encoding="utf-8")
    app = app_factory(checklist_file=exported)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "Checklist: Gamma Gate × Visa" in panel(app)
        assert any("names a platform or method the loaded data does not know" in t for t in toasts(app))
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistSetupScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The unknown platform is replaced by the data's first one.
        assert "Checklist: Alpha AI × Visa" in panel(app)


async def test_square_brackets_show_as_written(app_factory, mini, tmp_path: Path) -> None:
    target = tmp_path / "my checklist [final].toml"
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await write_note(pilot, "[bold]not bold[/bold] [link=x]")
        assert "✎ [bold]not bold[/bold] [link=x]" in panel(app)
        await export_to(pilot, str(target))
        assert any(f"Exported to {target}" in t for t in toasts(app))
        # A step text with markup-like brackets, as a hand edit or another version could write.
        document = target.read_text(encoding="utf-8")
        target.write_text(
            document.replace("Tell your bank a day ahead.", "Call [red]the bank[/] [b]"), encoding="utf-8"
        )
        await open_file(pilot, target)
        shown = panel(app)
        assert "Call [red]the bank[/] [b]" in shown
        assert "✎ [bold]not bold[/bold] [link=x]" in shown
        assert any(f"Opened {target}" in t for t in toasts(app))


async def test_control_characters_in_an_imported_step_are_not_shown(app_factory, mini, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.toml"
    checklist = steps.build_checklist(mini, "alpha", "visa")
    checklist.steps[0].text = "Tell \u001b]0;owned\u0007your bank\u009b2J today"
    checklist.steps[0].note = "line\u001b[31m one\nline two"
    files.export_checklist(checklist, mini, hostile)
    assert "\\u001b" in hostile.read_text(encoding="utf-8")  # the file really carries them
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_file(pilot, hostile)
        shown = panel(app)
        assert "Tell ]0;ownedyour bank2J today" in shown
        assert "✎ line[31m one" in shown
        assert not any(ch in shown for ch in "\u001b\u0007\u009b")


async def test_a_second_app_on_the_same_state_is_read_only(app_factory, tmp_path: Path) -> None:
    saved_file = tmp_path / "state" / "checklist.toml"
    first = app_factory()
    async with first.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        before = (await saved(first, saved_file), saved_file.read_bytes())[1]

        second = app_factory()
        async with second.run_test(size=(120, 40), notifications=True) as other:
            await other.pause()
            assert second.store.save_path is None
            assert any("this one is read-only" in t for t in toasts(second))
            # The panel was left open by the first one: the profile is shared.
            assert panel_shown(second) and "0 of 3 done" in panel(second)
            await other.press("space")
            await other.pause()
            await second.workers.wait_for_complete()
            assert "1 of 3 done" in panel(second)
            assert saved_file.read_bytes() == before
        # The first one still owns the file and saves to it.
        assert "0 of 3 done" in panel(first)
        await pilot.press("space")
        document = await saved(first, saved_file)
        assert document["steps"][0]["done"]
