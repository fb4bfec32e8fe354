"""The grid screen's checklist half: keys, the side panel, dialogs, and saving through the store."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from ...checklist import steps
from ...checklist.model import Checklist, Outcome, Step, utc_now
from ...domain.model import Status
from ..widgets.checklist_panel import ChecklistPanel

if TYPE_CHECKING:
    from .checklist_setup import ChecklistChoice

NO_CHECKLIST = "No checklist yet: put the cursor on a cell and press p, or press u for your ranked routes."


class ChecklistActions:
    """Mixed into GridScreen, which provides `catalog`, `store`, `checklist` and the widget API."""

    def _screen(self) -> Any:
        return self  # the GridScreen this is mixed into

    # -- state -----------------------------------------------------------------

    def restore_checklist(self) -> None:
        screen = self._screen()
        restored = screen.store.restore()
        if restored.message:
            screen.notify(restored.message, severity="warning", timeout=15, markup=False)
        if restored.checklist is not None:
            screen.set_reactive(type(screen).checklist, restored.checklist)
            if screen.profile.panel_open:
                self.show_panel()
        if screen.checklist_file is not None:
            screen.open_checklist_file(screen.checklist_file)

    def watch_checklist(self, old: Checklist | None, checklist: Checklist | None) -> None:
        screen = self._screen()
        panel = self.panel()
        if panel is not None:
            panel.show(checklist)
        if (old is None) != (checklist is None):
            screen.refresh_bindings()  # the step keys come or go; a tick changes no binding
        if checklist is not None:
            self.save(checklist)

    def save(self, checklist: Checklist) -> None:
        """Autosave off the event loop; an older snapshot never replaces a newer one."""
        screen = self._screen()
        if screen.store.save_path is None:
            screen.store.unsaved = True  # read-only or autosave off: quitting will offer an export
            return
        generation, copy = screen.store.snapshot(checklist)
        screen.run_worker(
            partial(self._write, generation, copy), thread=True, group="autosave", name="autosave", exit_on_error=False
        )

    def _write(self, generation: int, copy: Checklist) -> None:
        screen = self._screen()
        result = screen.store.write_snapshot(generation, copy)
        if not result.ok:
            screen.app.call_from_thread(screen.notify, result.message, severity="error", timeout=15, markup=False)

    def touch(self, checklist: Checklist) -> None:
        checklist.updated = utc_now()
        self._screen().checklist = checklist

    def ready_for_steps(self) -> bool:
        """True when a step key can act; else opens the panel or says why it cannot."""
        screen = self._screen()
        if screen.checklist is None:
            screen.notify(NO_CHECKLIST, severity="warning")
            return False
        if not self.panel_open:
            self.show_panel()
            screen.notify("The checklist is open beside the grid: tab moves to its steps.", timeout=6)
            return False
        return True

    def action_switch_focus(self) -> None:
        screen = self._screen()
        if not self.panel_open:
            self.show_panel()
        panel = self.panel()
        if panel is not None and not panel.has_focus_within:
            screen.query_one("#checklist-steps").focus()
        else:
            screen.query_one("#grid").focus()

    # -- the panel ---------------------------------------------------------------

    def panel(self, create: bool = False) -> ChecklistPanel | None:
        """The checklist panel, made on first use; None when it does not exist yet."""
        screen = self._screen()
        found = screen.query(ChecklistPanel)
        if found:
            return found.first(ChecklistPanel)
        if not create:
            return None
        reasons = {decline.id: decline.reason for decline in screen.catalog.declines}
        panel = ChecklistPanel(screen.checklist, reasons, id="checklist")
        screen.query_one("#body").mount(panel)
        return panel

    @property
    def panel_open(self) -> bool:
        panel = self.panel()
        return panel is not None and bool(panel.display)

    def show_panel(self) -> None:
        panel = self.panel(create=True)
        assert panel is not None
        panel.display = True
        self._screen().refresh_bindings()

    def action_toggle_checklist(self) -> None:
        screen = self._screen()
        panel = self.panel()
        if panel is None:
            self.show_panel()
        else:
            panel.display = not panel.display
            if not panel.display and panel.has_focus_within:
                screen.query_one("#grid").focus()
            screen.refresh_bindings()
        screen.remember(panel_open=self.panel_open)

    # -- making one --------------------------------------------------------------------

    def replace_checklist(self, new: Checklist) -> None:
        """Start another checklist; the current one is kept in the state folder, not thrown away."""
        screen = self._screen()
        old = screen.checklist
        if old is not None and old is not new:
            kept = screen.store.keep_previous(old)
            if not kept.ok:
                screen.notify(kept.message, severity="error", timeout=15, markup=False)
                return
            if kept.message:
                screen.notify(kept.message, timeout=10, markup=False)
        screen.checklist = new
        self.show_panel()

    def action_plan_from_cell(self) -> None:
        target = self._screen().selected_checklist_target()
        if target is None:
            self._screen().notify("Move the cursor onto a payment-method cell first.", severity="warning")
            return
        self.open_setup(*target)

    def action_choose_checklist(self) -> None:
        screen = self._screen()
        current = screen.checklist
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
        target = screen.selected_checklist_target()
        self.open_setup(*(target or (screen.catalog.platforms[0].id, screen.catalog.methods[0].id)))

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

        screen = self._screen()
        screen.app.push_screen(
            ChecklistSetupScreen(
                screen.catalog,
                platform_id,
                method_id,
                provider_id,
                amount,
                fee_percent,
                fixed_fee,
                country=screen.grid_filter.country,
            ),
            self.apply_choice,
        )

    def apply_choice(self, choice: ChecklistChoice | None) -> None:
        if choice is None:
            return
        screen = self._screen()
        catalog, current = screen.catalog, screen.checklist
        country = screen.grid_filter.country
        if current is not None and current.key == (choice.platform_id, choice.method_id, choice.provider_id):
            screen.checklist = steps.rebudget(catalog, current, choice.amount, choice.fee_percent, choice.fixed_fee)
            self.show_panel()
        else:
            self.replace_checklist(
                steps.build_checklist(
                    catalog,
                    choice.platform_id,
                    choice.method_id,
                    choice.amount,
                    choice.fee_percent,
                    choice.provider_id,
                    fixed_fee=choice.fixed_fee,
                    country=country,
                )
            )
        cell = catalog.cell(choice.platform_id, choice.method_id, country)
        if cell.status is Status.NOT_SUPPORTED:
            screen.notify(
                f"The data says {cell.platform.name} does not accept {cell.method.name}: "
                "read the warning at the top of the checklist.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- steps -------------------------------------------------------------------------

    def selected_step(self) -> Step | None:
        panel = self.panel()
        checklist = self._screen().checklist
        step_id = panel.selected_step_id() if panel is not None else None
        return checklist.step(step_id) if checklist and step_id else None

    def action_tick_step(self) -> None:
        if not self.ready_for_steps():
            return
        step = self.selected_step()
        checklist = self._screen().checklist
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
            checklist = self._screen().checklist
            if note is not None and checklist is not None and step in checklist.steps:
                step.note = note
                self.touch(checklist)

        self._screen().app.push_screen(NoteEditorScreen(step.text, step.note), save_note)

    # -- the outcome -----------------------------------------------------------------

    def action_record_outcome(self) -> None:
        from .outcome import OutcomeScreen

        screen = self._screen()
        checklist = screen.checklist
        if checklist is None:
            screen.notify(NO_CHECKLIST, severity="warning")
            return
        declines = [
            d
            for d in screen.catalog.declines
            if d.platform in (None, checklist.platform_id) and d.method in (None, checklist.method_id)
        ]

        def recorded(outcome: Outcome | None) -> None:
            current = screen.checklist
            if outcome is not None and current is not None:
                current.outcome = outcome
                self.touch(current)
                if not self.panel_open:
                    self.show_panel()

        screen.app.push_screen(OutcomeScreen(checklist, declines), recorded)
