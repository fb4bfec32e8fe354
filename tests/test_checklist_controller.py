"""The checklist's controller on its own: a fake screen (`ChecklistHost`) records what it is asked to
show, and no app runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.notifications import SeverityLevel
from textual.screen import Screen

from cnai_pay.checklist import files
from cnai_pay.checklist.model import Checklist
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.checklist.store import ChecklistStore
from cnai_pay.domain.catalog import Catalog
from cnai_pay.settings import Settings
from cnai_pay.tui.actions import GRID_ACTIONS
from cnai_pay.tui.checklist_controller import NO_CHECKLIST, ChecklistController
from cnai_pay.tui.checklist_host import ChecklistHost
from cnai_pay.tui.screens.checklist_setup import ChecklistChoice, ChecklistSetupScreen
from cnai_pay.tui.screens.confirm import ConfirmScreen
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel


class FakeHost:
    """Stands in for the grid screen: records toasts, pushed screens and saved panel states."""

    def __init__(self, target: tuple[str, str, str] | None = None) -> None:
        self.target = target
        self.toasts: list[tuple[SeverityLevel, str]] = []
        self.pushed: list[tuple[Screen[Any], Callable[[Any], None] | None]] = []
        self.panel: ChecklistPanel | None = None
        self.bindings_refreshed = 0
        self.remembered: list[bool] = []
        self.threads = 0

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.toasts.append((severity, message))

    def open_screen(self, screen: Screen[Any], answer: Callable[[Any], None] | None = None) -> None:
        self.pushed.append((screen, answer))

    def run_worker(
        self,
        work: Callable[[], None],
        *,
        name: str | None = "",
        group: str = "default",
        exit_on_error: bool = True,
        thread: bool = False,
    ) -> object:
        assert thread, "the checklist is saved off the UI thread"
        work()  # at once: the test reads the file it wrote
        return None

    def call_from_thread(self, callback: Callable[[], None]) -> None:
        self.threads += 1
        callback()

    def refresh_bindings(self) -> None:
        self.bindings_refreshed += 1

    def checklist_panel(self) -> ChecklistPanel | None:
        return self.panel

    def mount_checklist_panel(self, panel: ChecklistPanel) -> None:
        self.panel = panel

    def focus_grid(self) -> None:
        pass

    def selected_checklist_target(self) -> tuple[str, str, str] | None:
        return self.target

    def country(self) -> str | None:
        return None

    def remember(self, *, panel_open: bool) -> None:
        self.remembered.append(panel_open)

    def answer(self, result: object) -> None:
        """Dismiss the screen pushed last with `result`, as the user would."""
        _screen, answer = self.pushed.pop()
        assert answer is not None
        answer(result)


def controller(mini: Catalog, state: Path, host: FakeHost | None = None) -> tuple[ChecklistController, FakeHost]:
    host = host or FakeHost()
    typed: ChecklistHost = host  # the fake is a host as the protocol says, or mypy would refuse this
    store = ChecklistStore(state, mini)
    made = ChecklistController(typed, mini, store, Settings.load(state, use_saved=False), state / "exports")
    return made, host


def test_every_checklist_key_of_the_registry_runs_on_the_controller(mini: Catalog, tmp_path: Path) -> None:
    made, _host = controller(mini, tmp_path)
    declared = {spec.action for spec in GRID_ACTIONS if spec.action.startswith("checklist(")}
    assert declared == {f"checklist('{name}')" for name in made.actions}


def test_step_keys_without_a_checklist_say_why_and_open_nothing(mini: Catalog, tmp_path: Path) -> None:
    made, host = controller(mini, tmp_path)
    for name in ("tick_step", "note_step", "record_outcome", "export_checklist"):
        made.run(name)
    assert host.toasts == [("warning", NO_CHECKLIST)] * 4 and host.pushed == []


def test_planning_from_a_cell_opens_the_set_up_and_the_choice_opens_a_saved_checklist(
    mini: Catalog, tmp_path: Path
) -> None:
    made, host = controller(mini, tmp_path, FakeHost(target=("alpha", "visa", "")))
    made.run("plan_from_cell")
    assert isinstance(host.pushed[-1][0], ChecklistSetupScreen)
    host.answer(ChecklistChoice("alpha", "visa", "", 10.0, 0.0, 0.0))
    checklist = made.checklist
    assert checklist is not None and checklist.key == ("alpha", "visa", "")
    # Shown beside the grid, its keys brought in, and autosaved through the worker.
    assert host.panel is not None and host.panel.display and host.bindings_refreshed
    assert files.load_checklist(tmp_path / "checklist.toml").key == checklist.key


def test_planning_with_no_cell_under_the_cursor_says_so(mini: Catalog, tmp_path: Path) -> None:
    made, host = controller(mini, tmp_path)
    made.run("plan_from_cell")
    assert host.pushed == [] and host.toasts[-1][0] == "warning"


def ticked_then_replaced(made: ChecklistController, mini: Catalog) -> Checklist:
    """Alpha × Visa with a step ticked, then Beta × Visa opened in its place; returns the first."""
    first = build_checklist(mini, "alpha", "visa")
    first.steps[0].done = True
    made.replace_checklist(first)
    made.replace_checklist(build_checklist(mini, "beta", "visa"))
    return first


def test_replacing_a_checklist_keeps_the_old_one(mini: Catalog, tmp_path: Path) -> None:
    made, _host = controller(mini, tmp_path)
    first = ticked_then_replaced(made, mini)
    current = made.checklist
    assert current is not None and current.platform_id == "beta"
    kept = made.store.find_saved(first.key)
    assert kept is not None and kept.checklist is not None and kept.checklist.done_count == 1


def test_a_failed_keep_leaves_the_open_checklist_open(mini: Catalog, tmp_path: Path) -> None:
    made, host = controller(mini, tmp_path)
    first = build_checklist(mini, "alpha", "visa")
    made.replace_checklist(first)
    made.store.saved_folder.write_text("a file where the folder goes", encoding="utf-8")
    made.replace_checklist(build_checklist(mini, "beta", "visa"))
    assert made.checklist is first
    severity, message = host.toasts[-1]
    assert severity == "error" and "nothing was replaced" in message


def test_bindings_follow_a_checklist_coming_or_going_not_a_change(mini: Catalog, tmp_path: Path) -> None:
    made, host = controller(mini, tmp_path)
    checklist = build_checklist(mini, "alpha", "visa")
    made.change(checklist)
    assert host.bindings_refreshed == 1
    made.touch(checklist)
    assert host.bindings_refreshed == 1
    made.change(None)
    assert host.bindings_refreshed == 2 and made.checklist is None


def test_a_failed_autosave_is_said_on_the_event_loop(mini: Catalog, tmp_path: Path) -> None:
    made, host = controller(mini, tmp_path)
    (tmp_path / "checklist.toml").mkdir()  # a folder where the file goes: the write fails
    made.change(build_checklist(mini, "alpha", "visa"))
    assert host.threads == 1 and host.toasts[-1][0] == "error"
    assert made.store.unsaved


def test_an_exported_file_for_a_kept_checklist_asks_before_replacing_it(mini: Catalog, tmp_path: Path) -> None:
    made, host = controller(mini, tmp_path)
    kept = ticked_then_replaced(made, mini)
    exported = files.export_checklist(build_checklist(mini, "alpha", "visa"), mini, tmp_path / "alpha.toml")
    made.open_checklist_file(exported)
    assert isinstance(host.pushed[-1][0], ConfirmScreen)
    host.answer(False)  # "Open mine"
    opened: Checklist | None = made.checklist
    assert opened is not None and opened.key == kept.key and opened.done_count == 1


@pytest.mark.parametrize("name", ["list_checklists", "choose_checklist", "import_checklist"])
def test_the_keys_that_open_a_dialog_open_one(mini: Catalog, tmp_path: Path, name: str) -> None:
    made, host = controller(mini, tmp_path)
    made.run(name)
    assert len(host.pushed) == 1 and host.toasts == []
