"""Pilot tests for the checklist panel: tick, note, export, restart, bad files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cnai_pay import checklist as cl
from cnai_pay.tui.app import CnaiPayApp
from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen
from cnai_pay.tui.screens.export_dialog import ExportScreen
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel

from .conftest import TODAY


def make_app(catalog, state: Path, **kwargs) -> CnaiPayApp:
    return CnaiPayApp(catalog, today=TODAY, state_folder=state, export_folder=state.parent, **kwargs)


async def plan_together_visa(pilot) -> None:
    """Together AI is the sixth row, Visa the first method column: p opens the set-up, ctrl+s creates."""
    await pilot.press(*["down"] * 5, "p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChecklistSetupScreen)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_plan_tick_note_export_and_restore(shipped, tmp_path: Path) -> None:
    state = tmp_path / "state"
    app = make_app(shipped, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_together_visa(pilot)
        assert app.panel_open and app.checklist.platform_id == "together"
        first = app.checklist.steps[0].id
        await pilot.press("space")
        assert app.checklist.step(first).done
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"rang the bank", "enter")
        await pilot.pause()
        assert app.checklist.step(first).note == "rang the bank"
        saved = tomllib.loads((state / "checklist.toml").read_text(encoding="utf-8"))
        assert saved["steps"][0]["done"] and saved["steps"][0]["note"] == "rang the bank"

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "export.toml"
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        exported = tomllib.loads(target.read_text(encoding="utf-8"))
        assert exported["platform"]["id"] == "together" and exported["steps"][0]["note"] == "rang the bank"

    again = make_app(shipped, state)
    async with again.run_test(size=(120, 40)) as pilot:
        assert again.checklist is not None
        assert again.checklist.step(first).done and again.checklist.step(first).note == "rang the bank"
        await pilot.press("c")
        assert again.panel_open


async def test_export_refuses_overwrite_until_confirmed_and_reports_bad_paths(shipped, tmp_path: Path) -> None:
    app = make_app(shipped, tmp_path / "state")
    target = tmp_path / "existing.toml"
    target.write_text("keep me", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_together_visa(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("Input").value = str(tmp_path / "no" / "such" / "folder.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "does not exist" in str(dialog.query_one("#prompt-message").render())
        dialog.query_one("Input").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "exists" in str(dialog.query_one("#prompt-message").render())
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        assert tomllib.loads(target.read_text(encoding="utf-8"))["method"]["id"] == "visa"
        assert app.is_running


async def test_not_supported_combination_warns(shipped, tmp_path: Path) -> None:
    app = make_app(shipped, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        # Together AI × PayPal: the sixth row, seventh method column.
        await pilot.press(*["down"] * 5, *["right"] * 6, "p")
        await pilot.pause()
        verdict = str(app.screen.query_one("#setup-verdict").render())
        assert "does not accept PayPal" in verdict
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.checklist.steps[0].id == "method_not_accepted"
        assert any("does not accept" in n.message for n in app._notifications)


async def test_corrupt_saved_checklist_is_set_aside_and_app_starts(shipped, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "checklist.toml").write_text("this is = = not toml", encoding="utf-8")
    app = make_app(shipped, state)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.checklist is None
        messages = [n.message for n in app._notifications]
        assert any("kept as" in m for m in messages)
    assert len(list(state.glob("checklist.toml.corrupt-*"))) == 1


async def test_open_exported_checklist_from_command_line_option(shipped, tmp_path: Path) -> None:
    exported = tmp_path / "shared.toml"
    checklist = cl.build_checklist(shipped, "deepseek", "paypal")
    checklist.steps[0].done = True
    cl.export_checklist(checklist, shipped, exported)
    app = make_app(shipped, tmp_path / "state", checklist_file=exported)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.panel_open and app.checklist.platform_id == "deepseek" and app.checklist.steps[0].done
        panel_text = str(app.query_one("#checklist-title").render())
        assert "DeepSeek × PayPal" in panel_text


async def test_replacing_a_checklist_keeps_the_old_one(shipped, tmp_path: Path) -> None:
    state = tmp_path / "state"
    app = make_app(shipped, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_together_visa(pilot)
        await pilot.press("space")
        await pilot.press("up", "p")  # East Signal × Visa
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.checklist.platform_id == "east_signal"
    kept = list((state / "previous").glob("checklist-together-visa-*.toml"))
    assert len(kept) == 1 and cl.load_checklist(kept[0]).done_count == 1


async def test_grid_stays_usable_with_panel_open(shipped, tmp_path: Path) -> None:
    app = make_app(shipped, tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await plan_together_visa(pilot)
        await pilot.press("slash", *"qwen", "enter")
        assert [p.id for p in app.query_one("PlatformGrid").shown] == ["qwen"]
        await pilot.press("c")
        assert not app.query_one(ChecklistPanel).display


async def test_setup_dialog_keeps_the_typed_amount_and_fees(shipped, tmp_path: Path) -> None:
    app = make_app(shipped, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_together_visa(pilot)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#setup-amount").value = "7"
        dialog.query_one("#setup-fee").value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (app.checklist.amount, app.checklist.fee_percent) == (7.0, 3.0)
        await pilot.press("o")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#setup-amount").value == "7"
        assert app.screen.query_one("#setup-fee").value == "3"
        app.screen.query_one("#setup-amount").value = "1e307"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistSetupScreen)
        assert "at most" in str(app.screen.query_one("#setup-message").render())


async def test_unwritable_data_folder_keeps_the_app_running(shipped, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    app = make_app(shipped, blocker)
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_together_visa(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert app.is_running and app.checklist.steps[0].done
        assert any("Could not save" in n.message for n in app._notifications)


async def test_checklist_from_other_data_opens_and_can_be_replaced(shipped, tmp_path: Path) -> None:
    exported = tmp_path / "other.toml"
    text = cl.dumps(cl.build_checklist(shipped, "qwen", "visa"))
    exported.write_text(text.replace('id = "qwen"', 'id = "nosuch"'), encoding="utf-8")
    app = make_app(shipped, tmp_path / "state", checklist_file=exported)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.checklist.platform_id == "nosuch"
        await pilot.press("space", "o")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistSetupScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.checklist.platform_id == shipped.platforms[0].id
