"""Pilot tests of many checklists: side by side, the list's keys, starting over, deleting, the lock."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from cnai_pay.checklist import codec, files
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen
from cnai_pay.tui.screens.checklists import ChecklistsScreen
from cnai_pay.tui.screens.confirm import ConfirmScreen
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel

from .conftest import move_to
from .tui_helpers import flat, grid_screen, plan_checklist, seen, toasts


def panel(app) -> str:
    return flat(seen(grid_screen(app).query_one(ChecklistPanel)))


def listed(app) -> list[str]:
    """The rows of the list of checklists, as drawn."""
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_list(pilot) -> ChecklistsScreen:
    await pilot.press("C")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChecklistsScreen)
    return pilot.app.screen


async def two_checklists(pilot) -> None:
    """Alpha × Visa with its first step ticked, then Beta × Visa open with nothing ticked."""
    await plan_checklist(pilot, "alpha", "visa")
    await pilot.press("space")
    await plan_checklist(pilot, "beta", "visa")
    await pilot.pause()


async def test_two_checklists_side_by_side_keep_their_ticks(app_factory, tmp_path: Path) -> None:
    state = tmp_path / "state"
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await two_checklists(pilot)
        assert "Checklist: Beta Cloud × Visa" in panel(app) and "0 of" in panel(app)
        assert grid_screen(app).query_one(ChecklistPanel).border_subtitle == "2 checklists · C lists them"
        await open_list(pilot)
        rows = listed(app)
        assert len(rows) == 2 and rows[0].startswith("● Beta Cloud") and "0/" in rows[0]
        assert "Alpha AI" in rows[1] and "1/3 steps" in rows[1] and "2026-11-26" in rows[1]
        await pilot.press("down", "enter")  # Alpha, the second row
        await pilot.pause()
        assert not isinstance(app.screen, ChecklistsScreen)
        assert "Checklist: Alpha AI × Visa" in panel(app) and "1 of 3" in panel(app)
        assert any("Checklist opened" in t for t in toasts(app))
        # Tick there too, then back to Beta: each keeps its own ticks.
        await pilot.press("tab", "down", "space")
        await pilot.pause()
        await open_list(pilot)
        assert listed(app)[0].startswith("● Alpha AI") and "2/3 steps" in listed(app)[0]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Checklist: Beta Cloud × Visa" in panel(app) and "0 of" in panel(app)
        await app.workers.wait_for_complete()
    # On disk: the open one autosaved, the other under its readable name.
    assert files.load_checklist(state / "checklist.toml").platform_id == "beta"
    assert files.load_checklist(state / "checklists" / "alpha.visa.toml").done_count == 2
    # And after a restart both are there as they were.
    again = app_factory()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Checklist: Beta Cloud × Visa" in panel(again)
        await open_list(pilot)
        rows = listed(again)
        assert len(rows) == 2 and "Beta Cloud" in rows[0] and "Alpha AI" in rows[1] and "2/3 steps" in rows[1]


async def test_the_lists_keys(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_list(pilot)
        assert "none yet" in flat(seen(app.screen))
        await pilot.press("escape")
        await pilot.pause()
        await two_checklists(pilot)
        await plan_checklist(pilot, "gamma", "visa")
        await open_list(pilot)
        options = app.screen.query_one(OptionList)
        # j and k move like the arrows; Esc goes back and changes nothing.
        await pilot.press("j", "j")
        assert options.highlighted == 2
        await pilot.press("k")
        assert options.highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChecklistsScreen) and "Gamma Gate × Visa" in panel(app)
        # Del asks first, and Enter on the question keeps the checklist.
        await open_list(pilot)
        await pilot.press("down", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistsScreen) and len(listed(app)) == 3
        # x too; y deletes: its row goes, the open one stays open.
        doomed = listed(app)[options.highlighted].strip().split("  ")[0]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        rows = listed(app)
        assert len(rows) == 2 and not any(doomed in row for row in rows)
        assert "Gamma Gate × Visa" in panel(app)
        # Deleting the open one empties the panel; the other stays listed.
        await pilot.press("up", "delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(listed(app)) == 1 and "Gamma" not in listed(app)[0]
        await pilot.press("escape")
        await pilot.pause()
        assert grid_screen(app).checklist_controller.checklist is None and "No checklist yet" in panel(app)
        await app.workers.wait_for_complete()
    state = app.store.folder
    assert not (state / "checklist.toml").exists()
    assert len(list((state / "checklists").iterdir())) == 1


async def plan_again(pilot, platform_id: str, method_id: str, answer: str) -> str:
    """p on a cell that has a checklist, ctrl+s in the set-up dialog, then `answer` to the question asked."""
    await move_to(pilot, platform_id, method_id)
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChecklistSetupScreen)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)
    asked = flat(seen(pilot.app.screen))
    await pilot.press(answer)
    await pilot.pause()
    return asked


async def test_planning_a_pair_that_has_a_checklist_opens_it(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await two_checklists(pilot)
        # p on Alpha × Visa again: asked, and Enter opens the one with the tick.
        assert "1/3 steps done" in await plan_again(pilot, "alpha", "visa", "enter")
        assert "Checklist: Alpha AI × Visa" in panel(app) and "1 of 3" in panel(app)
        # Esc on the question changes nothing.
        await plan_again(pilot, "beta", "visa", "escape")
        assert "Checklist: Alpha AI × Visa" in panel(app)
        # Starting over is chosen, never defaulted to.
        await plan_again(pilot, "beta", "visa", "n")
        assert "Checklist: Beta Cloud × Visa" in panel(app)
        # Starting Alpha over: the one with the tick is kept under previous/, and the toast says where.
        await plan_again(pilot, "alpha", "visa", "n")
        assert "Checklist: Alpha AI × Visa" in panel(app) and "0 of 3" in panel(app)
        assert any("Started over" in t and "previous" in t for t in toasts(app))
        await app.workers.wait_for_complete()
    state = tmp_path / "state"
    kept = list((state / "previous").glob("checklist-alpha-visa-*.toml"))
    assert len(kept) == 1 and files.load_checklist(kept[0]).done_count == 1


async def test_a_second_app_lists_and_opens_every_checklist_read_only(app_factory, tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = app_factory()
    async with first.run_test(size=(120, 40)) as pilot:
        await two_checklists(pilot)
        await first.workers.wait_for_complete()
        before = {p.name: p.read_bytes() for p in state.rglob("*.toml")}
        assert {"checklist.toml", "alpha.visa.toml"} <= set(before)

        second = app_factory()
        async with second.run_test(size=(120, 40), notifications=True) as other:
            await other.pause()
            assert second.store.save_path is None
            await open_list(other)
            assert len(listed(second)) == 2
            await other.press("down", "enter")
            await other.pause()
            assert "Checklist: Alpha AI × Visa" in panel(second) and "1 of 3" in panel(second)
            # A tick here is not saved; switching away would lose it, so it is refused.
            await other.press("tab", "down", "space")
            await other.pause()
            assert "2 of 3" in panel(second), panel(second)
            assert second.store.unsaved
            await open_list(other)
            await other.press("down", "enter")
            await other.pause()
            assert "Checklist: Alpha AI × Visa" in panel(second)
            assert any("read-only" in t and "export it first" in t for t in toasts(second)), toasts(second)
            # Nor can it delete.
            await open_list(other)
            await other.press("delete", "y")
            await other.pause()
            assert any("Not deleted" in t for t in toasts(second))
            await second.workers.wait_for_complete()
            assert {p.name: p.read_bytes() for p in state.rglob("*.toml")} == before
        # The first still owns both files.
        await open_list(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Checklist: Alpha AI × Visa" in panel(first)
        await first.workers.wait_for_complete()
    assert files.load_checklist(state / "checklist.toml").platform_id == "alpha"
    assert files.load_checklist(state / "checklists" / "beta.visa.toml").platform_id == "beta"


async def test_the_previous_versions_checklists_are_listed_on_first_start(app_factory, mini, tmp_path: Path) -> None:
    state = tmp_path / "state"
    (state / "previous").mkdir(parents=True)
    old = build_checklist(mini, "gamma", "visa")
    old.steps[0].done = True
    (state / "previous" / "checklist-gamma-visa-0123456789.toml").write_text(codec.dumps(old, mini), "utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert any("1 earlier checklist" in t for t in toasts(app))
        await open_list(pilot)
        assert len(listed(app)) == 1 and "Gamma Gate" in listed(app)[0] and "1/" in listed(app)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert "Checklist: Gamma Gate × Visa" in panel(app)


async def test_opening_an_export_for_a_kept_pair_asks_first(app_factory, mini, tmp_path: Path) -> None:
    from textual.widgets import Input

    exported = tmp_path / "alpha-visa.toml"
    exported.write_text(codec.dumps(build_checklist(mini, "alpha", "visa"), mini), encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await two_checklists(pilot)  # Alpha × Visa kept with a tick, Beta open

        async def open_export(answer: str) -> None:
            await pilot.press("i")
            await pilot.pause()
            app.screen.query_one(Input).value = str(exported)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen) and "1/3 steps done" in flat(seen(app.screen))
            await pilot.press(answer)
            await pilot.pause()

        # Enter opens the kept one, with its tick.
        await open_export("enter")
        assert "Checklist: Alpha AI × Visa" in panel(app) and "1 of 3" in panel(app)
        await open_list(pilot)
        await pilot.press("down", "enter")  # back to Beta: Alpha is kept again
        await pilot.pause()
        # y opens the file in its place; the kept one goes under previous/.
        await open_export("y")
        assert "Checklist: Alpha AI × Visa" in panel(app) and "0 of 3" in panel(app)
        await app.workers.wait_for_complete()
    kept = list((tmp_path / "state" / "previous").glob("checklist-alpha-visa-*.toml"))
    assert len(kept) == 1 and files.load_checklist(kept[0]).done_count == 1
