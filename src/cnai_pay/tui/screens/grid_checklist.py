"""The grid screen's checklist half: the checklist itself, the side panel, dialogs, and saving through the store."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.reactive import reactive
from textual.screen import Screen

from ...checklist import steps
from ...checklist.model import Checklist, Outcome, Step, utc_now
from ...checklist.store import ChecklistStore, SavedChecklist
from ...domain.catalog import Catalog
from ...domain.model import Status
from ...settings import Settings
from ..widgets.checklist_panel import ChecklistPanel

if TYPE_CHECKING:
    from .checklist_setup import ChecklistChoice

NO_CHECKLIST = "No checklist yet: put the cursor on a cell and press p, or press u for your ranked routes."
UNKNOWN_IDS = (
    "This checklist names a platform or method the loaded data does not know; its steps "
    "are kept as they are, and o starts a new one."
)


class ChecklistActions(Screen[None]):
    """The grid screen's checklist half: it owns the checklist; the grid screen sets what it reads."""

    # Replaced or touched on every change; the watcher redraws the panel and saves.
    checklist: reactive[Checklist | None] = reactive(None, always_update=True, init=False)
    # Set by the grid screen.
    catalog: Catalog
    store: ChecklistStore
    settings: Settings
    checklist_file: Path | None
    export_folder: Path

    def selected_checklist_target(self) -> tuple[str, str, str] | None:
        """The platform and method under the grid's cursor, and the provider of the user's card of it ('' if none)."""
        raise NotImplementedError

    def country(self) -> str | None:
        raise NotImplementedError

    def remember(self, **changes: Any) -> None:
        raise NotImplementedError

    def open_checklist_file(self, path: Path) -> None:
        raise NotImplementedError

    # -- state -----------------------------------------------------------------

    def restore_checklist(self) -> None:
        restored = self.store.restore()
        if restored.message:
            self.notify(restored.message, severity="warning", timeout=15, markup=False)
        if restored.checklist is not None:
            self.set_reactive(ChecklistActions.checklist, restored.checklist)
            if self.settings.panel_open:
                self.show_panel()
        if self.checklist_file is not None:
            self.open_checklist_file(self.checklist_file)

    def watch_checklist(self, old: Checklist | None, checklist: Checklist | None) -> None:
        self.redraw_checklist(old, checklist)
        if checklist is not None:
            self.save(checklist)

    def redraw_checklist(self, old: Checklist | None, checklist: Checklist | None) -> None:
        panel = self.panel()
        if panel is not None:
            panel.show(checklist)
        if (old is None) != (checklist is None):
            self.refresh_bindings()  # the step keys come or go; a tick changes no binding

    def save(self, checklist: Checklist) -> None:
        """Autosave off the event loop; an older snapshot never replaces a newer one."""
        if self.store.save_path is None:
            self.store.unsaved = True  # read-only or autosave off: quitting will offer an export
            return
        generation, copy = self.store.snapshot(checklist)
        self.run_worker(
            partial(self._write, generation, copy), thread=True, group="autosave", name="autosave", exit_on_error=False
        )

    def _write(self, generation: int, copy: Checklist) -> None:
        result = self.store.write_snapshot(generation, copy)
        if not result.ok:
            self.app.call_from_thread(self.notify, result.message, severity="error", timeout=15, markup=False)

    def touch(self, checklist: Checklist) -> None:
        checklist.updated = utc_now()
        self.checklist = checklist

    def ready_for_steps(self) -> bool:
        """True when a step key can act; else opens the panel or says why it cannot."""
        if self.checklist is None:
            self.notify(NO_CHECKLIST, severity="warning")
            return False
        if not self.panel_open:
            self.show_panel()
            self.notify("The checklist is open beside the grid: tab moves to its steps.", timeout=6)
            return False
        return True

    def action_switch_focus(self) -> None:
        if not self.panel_open:
            self.show_panel()
        panel = self.panel()
        if panel is not None and not panel.has_focus_within:
            self.query_one("#checklist-steps").focus()
        else:
            self.query_one("#grid").focus()

    # -- the panel ---------------------------------------------------------------

    def panel(self, create: bool = False) -> ChecklistPanel | None:
        """The checklist panel, made on first use; None when it does not exist yet."""
        found = self.query(ChecklistPanel)
        if found:
            return found.first(ChecklistPanel)
        if not create:
            return None
        reasons = {decline.id: decline.reason for decline in self.catalog.declines}
        panel = ChecklistPanel(self.checklist, reasons, id="checklist")
        self.query_one("#body").mount(panel)
        return panel

    @property
    def panel_open(self) -> bool:
        panel = self.panel()
        return panel is not None and bool(panel.display)

    def show_panel(self) -> None:
        panel = self.panel(create=True)
        assert panel is not None
        panel.display = True
        panel.show_count(self.store.count_saved(self.checklist))
        self.refresh_bindings()

    def action_toggle_checklist(self) -> None:
        panel = self.panel()
        if panel is None:
            self.show_panel()
        else:
            panel.display = not panel.display
            if not panel.display and panel.has_focus_within:
                self.query_one("#grid").focus()
            self.refresh_bindings()
        self.remember(panel_open=self.panel_open)

    # -- making one --------------------------------------------------------------------

    def replace_checklist(self, new: Checklist) -> None:
        """Open another checklist; the open one is kept in the state folder, not thrown away:
        among the saved checklists, or (replaced by one for the same pair) under previous/."""
        old = self.checklist
        if old is not None and old is not new:
            kept = self.store.keep_previous(old) if old.key == new.key else self.store.file_away(old)
            if not kept.ok:
                self.notify(kept.message, severity="error", timeout=15, markup=False)
                return
            if kept.message:
                self.notify(kept.message, timeout=10, markup=False)
        self.checklist = new
        self.show_panel()

    # -- every saved checklist: one per platform x method ---------------------------------

    def action_list_checklists(self) -> None:
        from .checklists import ChecklistsScreen

        screen = ChecklistsScreen(self.store.list_saved(self.checklist), self.catalog, self.ask_delete)

        def chosen(key: tuple[str, str, str] | None) -> None:
            if key is not None:
                self.open_kept(key)

        self.app.push_screen(screen, chosen)

    def open_kept(self, key: tuple[str, str, str]) -> bool:
        """Open the saved checklist for `key`, the open one saved first; False when it stays as it was."""
        current = self.checklist
        if current is not None and current.key == key:
            self.show_panel()
            return True
        opened = self.store.open_saved(key)
        if opened.message:
            self.notify(opened.message, severity="warning", timeout=15, markup=False)
        if opened.checklist is None:
            return False
        if current is not None:
            filed = self.store.file_away(current)
            if not filed.ok:
                self.notify(filed.message, severity="error", timeout=15, markup=False)
                return False
        loaded = opened.checklist
        # As its file holds it: nothing changed that a save must record, only the open one moves.
        self.set_reactive(ChecklistActions.checklist, loaded)
        self.redraw_checklist(current, loaded)
        if self.store.save_path is not None:
            self.save(loaded)
        self.show_panel()
        if loaded.platform_id not in self.catalog.platform_by_id or loaded.method_id not in self.catalog.method_by_id:
            self.notify(UNKNOWN_IDS, severity="warning", timeout=15)
        done, total = loaded.done_count, len(loaded.steps)
        self.notify(
            f"{loaded.platform_name} × {loaded.method_name}: {done} of {total} steps done.",
            title="Checklist opened",
            timeout=6,
            markup=False,
        )
        return True

    def ask_delete(self, entry: SavedChecklist) -> None:
        """Asked first (Enter keeps it); the list and the panel follow the store."""
        from .checklists import ChecklistsScreen, entry_names
        from .confirm import ConfirmScreen

        platform, method = entry_names(entry, self.catalog)
        what = f"{entry.progress_text} done" if entry.checklist is not None else "unreadable"
        opened = " It is the open one: the panel empties." if entry.current else ""

        def answer(delete: bool | None) -> None:
            if not delete:
                return
            result = self.store.delete_saved(entry)
            if not result.ok:
                self.notify(f"Not deleted: {result.message}", severity="error", timeout=10, markup=False)
                return
            if entry.current:
                self.checklist = None
            panel = self.panel()
            if panel is not None:
                panel.show_count(self.store.count_saved(self.checklist))
            if isinstance(self.app.screen, ChecklistsScreen):
                self.app.screen.deleted(entry)
            self.notify(f"Deleted the checklist for {platform} × {method}.", timeout=6, markup=False)

        self.app.push_screen(
            ConfirmScreen(
                "Delete this checklist?",
                f"{platform} × {method} ({what}) is deleted for good; export it first (e) to keep a copy.{opened}",
                "Delete",
                "Keep it",
                safe="no",
            ),
            answer,
        )

    def action_plan_from_cell(self) -> None:
        target = self.selected_checklist_target()
        if target is None:
            self.notify("Move the cursor onto a payment-method cell first.", severity="warning")
            return
        self.open_setup(*target)

    def action_choose_checklist(self) -> None:
        current = self.checklist
        if current is not None:
            self.open_setup(
                current.platform_id,
                current.method_id,
                current.provider_id,
                current.amount,
                current.fee_percent,
                current.fixed_fee,
            )
            return
        target = self.selected_checklist_target()
        self.open_setup(*(target or (self.catalog.platforms[0].id, self.catalog.methods[0].id)))

    def open_setup(
        self,
        platform_id: str,
        method_id: str,
        provider_id: str = "",
        amount: float | None = None,
        fee_percent: float | None = None,
        fixed_fee: float | None = None,
    ) -> None:
        from .checklist_setup import ChecklistSetupScreen

        self.app.push_screen(
            ChecklistSetupScreen(
                self.catalog,
                platform_id,
                method_id,
                provider_id,
                amount,
                fee_percent,
                fixed_fee,
                country=self.country(),
            ),
            self.apply_choice,
        )

    def apply_choice(self, choice: ChecklistChoice | None) -> None:
        if choice is None:
            return
        catalog, current = self.catalog, self.checklist
        country = self.country()
        key = (choice.platform_id, choice.method_id, choice.provider_id)
        kept = self.store.find_saved(key) if current is None or current.key != key else None
        if current is not None and current.key == key:
            self.rebudget(choice)
        elif kept is not None and kept.checklist is not None:
            self.ask_start_over(kept, choice)
        else:
            if kept is not None:  # unreadable: set aside before a new one takes its name
                self.notify(self.store.open_saved(key).message, severity="warning", timeout=15, markup=False)
            self.start_new(choice)
        cell = catalog.cell(choice.platform_id, choice.method_id, country)
        if cell.status is Status.NOT_SUPPORTED:
            self.notify(
                f"The data says {cell.platform.name} does not accept {cell.method.name}: "
                "read the warning at the top of the checklist.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def rebudget(self, choice: ChecklistChoice) -> None:
        current = self.checklist
        if current is not None:
            self.checklist = steps.rebudget(self.catalog, current, choice.amount, choice.fee_percent, choice.fixed_fee)
            self.show_panel()

    def start_new(self, choice: ChecklistChoice) -> None:
        self.replace_checklist(
            steps.build_checklist(
                self.catalog,
                choice.platform_id,
                choice.method_id,
                choice.amount,
                choice.fee_percent,
                choice.provider_id,
                fixed_fee=choice.fixed_fee,
                country=self.country(),
            )
        )

    def ask_start_over(self, kept: SavedChecklist, choice: ChecklistChoice) -> None:
        """A checklist for that platform and method exists: open it (Enter), or start over after asking."""
        from .confirm import ConfirmScreen

        saved = kept.checklist
        assert saved is not None

        def answer(open_it: bool | None) -> None:
            if open_it is None:
                return
            if open_it:
                if self.open_kept(kept.key) and (choice.amount, choice.fee_percent, choice.fixed_fee) != (
                    saved.amount,
                    saved.fee_percent,
                    saved.fixed_fee,
                ):
                    self.rebudget(choice)
                return
            backup = self.store.keep_previous(saved)
            if not backup.ok:
                self.notify(backup.message, severity="error", timeout=15, markup=False)
                return
            self.start_new(choice)
            if backup.message:
                self.notify(f"Started over. {backup.message}", timeout=10, markup=False)

        self.app.push_screen(
            ConfirmScreen(
                "You already have this checklist",
                f"{saved.platform_name} × {saved.method_name}: {kept.progress_text} done, last changed "
                f"{kept.changed_text}. Open it (ticks and notes kept, the budget you chose applied), or "
                "start over (the old one is kept under previous/)?",
                "Open it",
                "Start over",
                cancel=True,
                safe="yes",
            ),
            answer,
        )

    # -- steps -------------------------------------------------------------------------

    def selected_step(self) -> Step | None:
        panel = self.panel()
        checklist = self.checklist
        step_id = panel.selected_step_id() if panel is not None else None
        return checklist.step(step_id) if checklist and step_id else None

    def action_tick_step(self) -> None:
        if not self.ready_for_steps():
            return
        step = self.selected_step()
        checklist = self.checklist
        if step is not None and checklist is not None:
            step.done = not step.done
            self.touch(checklist)

    def action_note_step(self) -> None:
        from .note_editor import NoteEditorScreen

        if not self.ready_for_steps():
            return
        step = self.selected_step()
        if step is None:
            return

        def save_note(note: str | None) -> None:
            checklist = self.checklist
            if note is not None and checklist is not None and step in checklist.steps:
                step.note = note
                self.touch(checklist)

        self.app.push_screen(NoteEditorScreen(step.text, step.note), save_note)

    # -- the outcome -----------------------------------------------------------------

    def action_record_outcome(self) -> None:
        from .outcome import OutcomeScreen

        checklist = self.checklist
        if checklist is None:
            self.notify(NO_CHECKLIST, severity="warning")
            return
        declines = [
            d
            for d in self.catalog.declines
            if d.platform in (None, checklist.platform_id) and d.method in (None, checklist.method_id)
        ]

        def recorded(outcome: Outcome | None) -> None:
            current = self.checklist
            if outcome is not None and current is not None:
                current.outcome = outcome
                self.touch(current)
                if not self.panel_open:
                    self.show_panel()
                if outcome.result == "declined":
                    self.show_next_steps(current)

        self.app.push_screen(OutcomeScreen(checklist, declines), recorded)

    def show_next_steps(self, checklist: Checklist) -> None:
        """After a decline: the reason's troubleshooting entry and the next route in the user's ranking."""
        from ...routes import next_route, plan_routes
        from .next_steps import NextStepsScreen

        wallet = frozenset(m for m in self.settings.wallet if m in self.catalog.method_by_id)
        plan = plan_routes(self.catalog, wallet, self.settings.providers, self.country())
        reason = checklist.outcome.reason if checklist.outcome else ""
        decline = next((d for d in self.catalog.declines if d.id == reason), None)
        tried = f"{checklist.platform_name} × {checklist.method_name}"
        self.app.push_screen(NextStepsScreen(self.catalog, tried, decline, plan, next_route(plan, checklist.key)))
