"""The checklist's one owner: the open checklist, the panel beside the grid, the dialogs that change
it, and saving it through the store.

The screen it works for (`ChecklistHost`) keeps no copy of the checklist: it asks `checklist`, and
runs the checklist's keys through `run`. Every change goes through `change`, which redraws the
panel, refreshes the keys when a checklist comes or goes, and autosaves off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import fileio
from ..checklist.model import Checklist, ChecklistError, Outcome, Step, utc_now
from ..checklist.names import Key
from ..checklist.store import ChecklistStore, SavedChecklist
from ..domain.catalog import Catalog
from ..domain.model import Status
from ..settings import Settings
from .checklist_host import ChecklistHost
from .widgets.checklist_panel import ChecklistPanel

if TYPE_CHECKING:
    from .screens.checklist_setup import ChecklistChoice
    from .screens.checklists import ChecklistsScreen

NO_CHECKLIST = "No checklist yet: put the cursor on a cell and press p, or press u for your ranked routes."
UNKNOWN_IDS = (
    "This checklist names a platform or method the loaded data does not know; its steps "
    "are kept as they are, and o starts a new one."
)


class ChecklistController:
    """Owns the open checklist and its files; talks to its screen only through `ChecklistHost`."""

    def __init__(
        self,
        host: ChecklistHost,
        catalog: Catalog,
        store: ChecklistStore,
        settings: Settings,
        export_folder: Path,
        checklist_file: Path | None = None,
    ) -> None:
        self.host = host
        self.catalog = catalog
        self.store = store
        # Read here (the panel's state, the wallet for the next route); changed only through the host.
        self.settings = settings
        self.export_folder = export_folder
        # Opened once restored: the file given on the command line.
        self.checklist_file = checklist_file
        self._checklist: Checklist | None = None
        # The checklist keys of the action registry (`checklist_action`), by name.
        self.actions: dict[str, Callable[[], None]] = {
            "plan_from_cell": self.plan_from_cell,
            "switch_focus": self.switch_focus,
            "tick_step": self.tick_step,
            "note_step": self.note_step,
            "toggle_checklist": self.toggle_checklist,
            "record_outcome": self.record_outcome,
            "export_checklist": self.export_checklist,
            "choose_checklist": self.choose_checklist,
            "import_checklist": self.import_checklist,
            "list_checklists": self.list_checklists,
        }

    def run(self, name: str) -> None:
        """Run the checklist key `name` (a key of `actions`)."""
        self.actions[name]()

    # -- state -----------------------------------------------------------------

    @property
    def checklist(self) -> Checklist | None:
        """The open checklist: the only copy the app keeps."""
        return self._checklist

    def change(self, checklist: Checklist | None) -> None:
        """Make `checklist` the open one (or the same one, changed): redrawn, then saved."""
        old, self._checklist = self._checklist, checklist
        self.redraw(old, checklist)
        if checklist is not None:
            self.save(checklist)

    def restore(self) -> None:
        """At start: the autosaved checklist as it was (nothing to save), then the file given to open."""
        restored = self.store.restore()
        if restored.message:
            self.host.notify(restored.message, severity="warning", timeout=15, markup=False)
        if restored.checklist is not None:
            self._checklist = restored.checklist
            if self.settings.panel_open:
                self.show_panel()
        if self.checklist_file is not None:
            self.open_checklist_file(self.checklist_file)

    def redraw(self, old: Checklist | None, checklist: Checklist | None) -> None:
        panel = self.panel()
        if panel is not None:
            panel.show(checklist)
        if (old is None) != (checklist is None):
            self.host.refresh_bindings()  # the step keys come or go; a tick changes no binding

    def save(self, checklist: Checklist) -> None:
        """Autosave off the event loop; an older snapshot never replaces a newer one."""
        if self.store.save_path is None:
            self.store.unsaved = True  # read-only or autosave off: quitting will offer an export
            return
        generation, copy = self.store.snapshot(checklist)
        self.host.run_worker(
            partial(self._write, generation, copy), thread=True, group="autosave", name="autosave", exit_on_error=False
        )

    def _write(self, generation: int, copy: Checklist) -> None:
        result = self.store.write_snapshot(generation, copy)
        if not result.ok:
            self.host.call_from_thread(
                partial(self.host.notify, result.message, severity="error", timeout=15, markup=False)
            )

    def touch(self, checklist: Checklist) -> None:
        checklist.updated = utc_now()
        self.change(checklist)

    def ready_for_steps(self) -> bool:
        """True when a step key can act; else opens the panel or says why it cannot."""
        if self.checklist is None:
            self.host.notify(NO_CHECKLIST, severity="warning")
            return False
        if not self.panel_open:
            self.show_panel()
            self.host.notify("The checklist is open beside the grid: tab moves to its steps.", timeout=6)
            return False
        return True

    def switch_focus(self) -> None:
        if not self.panel_open:
            self.show_panel()
        panel = self.panel()
        if panel is not None and not panel.has_focus_within:
            panel.focus_steps()
        else:
            self.host.focus_grid()

    # -- the panel ---------------------------------------------------------------

    def panel(self) -> ChecklistPanel | None:
        """The checklist panel; None until first shown."""
        return self.host.checklist_panel()

    def made_panel(self) -> ChecklistPanel:
        """The checklist panel, made on first use."""
        panel = self.host.checklist_panel()
        if panel is None:
            reasons = {decline.id: decline.reason for decline in self.catalog.declines}
            panel = ChecklistPanel(self.checklist, reasons, id="checklist")
            self.host.mount_checklist_panel(panel)
        return panel

    @property
    def panel_open(self) -> bool:
        panel = self.panel()
        return panel is not None and bool(panel.display)

    def show_panel(self) -> None:
        panel = self.made_panel()
        panel.display = True
        panel.show_count(self.store.count_saved(self.checklist))
        self.host.refresh_bindings()

    def toggle_checklist(self) -> None:
        panel = self.panel()
        if panel is None:
            self.show_panel()
        else:
            panel.display = not panel.display
            if not panel.display and panel.has_focus_within:
                self.host.focus_grid()
            self.host.refresh_bindings()
        self.host.remember(panel_open=self.panel_open)

    # -- making one --------------------------------------------------------------------

    def replace_checklist(self, new: Checklist) -> None:
        """Open another checklist; the open one is kept in the state folder, not thrown away:
        among the saved checklists, or (replaced by one for the same pair) under previous/."""
        old = self.checklist
        if old is not None and old is not new:
            kept = self.store.keep_previous(old) if old.key == new.key else self.store.file_away(old)
            if not kept.ok:
                self.host.notify(kept.message, severity="error", timeout=15, markup=False)
                return
            if kept.message:
                self.host.notify(kept.message, timeout=10, markup=False)
        self.change(new)
        self.show_panel()

    # -- every saved checklist: one per platform x method ---------------------------------

    def list_checklists(self) -> None:
        from .screens.checklists import ChecklistsScreen

        def delete(entry: SavedChecklist) -> None:
            self.ask_delete(entry, listing)

        listing = ChecklistsScreen(self.store.list_saved(self.checklist), self.catalog, delete)

        def chosen(key: Key | None) -> None:
            if key is not None:
                self.open_kept(key)

        self.host.open_screen(listing, chosen)

    def open_kept(self, key: Key) -> bool:
        """Open the saved checklist for `key`, the open one saved first; False when it stays as it was."""
        current = self.checklist
        if current is not None and current.key == key:
            self.show_panel()
            return True
        opened = self.store.open_saved(key)
        if opened.message:
            self.host.notify(opened.message, severity="warning", timeout=15, markup=False)
        if opened.checklist is None:
            return False
        if current is not None:
            filed = self.store.file_away(current)
            if not filed.ok:
                self.host.notify(filed.message, severity="error", timeout=15, markup=False)
                return False
        loaded = opened.checklist
        # As its file holds it: nothing changed that a save must record, only the open one moves.
        self._checklist = loaded
        self.redraw(current, loaded)
        if self.store.save_path is not None:
            self.save(loaded)
        self.show_panel()
        self.warn_if_unknown(loaded)
        done, total = loaded.done_count, len(loaded.steps)
        self.host.notify(
            f"{loaded.platform_name} × {loaded.method_name}: {done} of {total} steps done.",
            title="Checklist opened",
            timeout=6,
            markup=False,
        )
        return True

    def ask_delete(self, entry: SavedChecklist, listing: ChecklistsScreen) -> None:
        """Asked first (Enter keeps it); the list and the panel follow the store."""
        from .screens.checklists import entry_names
        from .screens.confirm import ConfirmScreen

        platform, method = entry_names(entry, self.catalog)
        what = f"{entry.progress_text} done" if entry.checklist is not None else "unreadable"
        opened = " It is the open one: the panel empties." if entry.current else ""

        def answer(delete: bool | None) -> None:
            if not delete:
                return
            result = self.store.delete_saved(entry)
            if not result.ok:
                self.host.notify(f"Not deleted: {result.message}", severity="error", timeout=10, markup=False)
                return
            if entry.current:
                self.change(None)
            panel = self.panel()
            if panel is not None:
                panel.show_count(self.store.count_saved(self.checklist))
            if listing.is_current:
                listing.deleted(entry)
            self.host.notify(f"Deleted the checklist for {platform} × {method}.", timeout=6, markup=False)

        self.host.open_screen(
            ConfirmScreen(
                "Delete this checklist?",
                f"{platform} × {method} ({what}) is deleted for good; export it first (e) to keep a copy.{opened}",
                "Delete",
                "Keep it",
                safe="no",
            ),
            answer,
        )

    def plan_from_cell(self) -> None:
        target = self.host.selected_checklist_target()
        if target is None:
            self.host.notify("Move the cursor onto a payment-method cell first.", severity="warning")
            return
        self.open_setup(*target)

    def choose_checklist(self) -> None:
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
        target = self.host.selected_checklist_target()
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
        from .screens.checklist_setup import ChecklistSetupScreen

        self.host.open_screen(
            ChecklistSetupScreen(
                self.catalog,
                platform_id,
                method_id,
                provider_id,
                amount,
                fee_percent,
                fixed_fee,
                country=self.host.country(),
            ),
            self.apply_choice,
        )

    def apply_choice(self, choice: ChecklistChoice | None) -> None:
        if choice is None:
            return
        catalog, current = self.catalog, self.checklist
        country = self.host.country()
        key = (choice.platform_id, choice.method_id, choice.provider_id)
        kept = self.store.find_saved(key) if current is None or current.key != key else None
        if current is not None and current.key == key:
            self.rebudget(choice)
        elif kept is not None and kept.checklist is not None:
            self.ask_start_over(kept, choice)
        else:
            if kept is not None:  # unreadable: set aside before a new one takes its name
                self.host.notify(self.store.open_saved(key).message, severity="warning", timeout=15, markup=False)
            self.start_new(choice)
        cell = catalog.cell(choice.platform_id, choice.method_id, country)
        if cell.status is Status.NOT_SUPPORTED:
            self.host.notify(
                f"The data says {cell.platform.name} does not accept {cell.method.name}: "
                "read the warning at the top of the checklist.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def rebudget(self, choice: ChecklistChoice) -> None:
        current = self.checklist
        if current is not None:
            from ..checklist import steps  # the checklist's steps are built when one is planned

            self.change(steps.rebudget(self.catalog, current, choice.amount, choice.fee_percent, choice.fixed_fee))
            self.show_panel()

    def start_new(self, choice: ChecklistChoice) -> None:
        from ..checklist import steps

        self.replace_checklist(
            steps.build_checklist(
                self.catalog,
                choice.platform_id,
                choice.method_id,
                choice.amount,
                choice.fee_percent,
                choice.provider_id,
                fixed_fee=choice.fixed_fee,
                country=self.host.country(),
            )
        )

    def ask_start_over(self, kept: SavedChecklist, choice: ChecklistChoice) -> None:
        """A checklist for that platform and method exists: open it (Enter), or start over after asking."""
        from .screens.confirm import ConfirmScreen

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
                self.host.notify(backup.message, severity="error", timeout=15, markup=False)
                return
            self.start_new(choice)
            if backup.message:
                self.host.notify(f"Started over. {backup.message}", timeout=10, markup=False)

        self.host.open_screen(
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

    def tick_step(self) -> None:
        if not self.ready_for_steps():
            return
        step = self.selected_step()
        checklist = self.checklist
        if step is not None and checklist is not None:
            step.done = not step.done
            self.touch(checklist)

    def note_step(self) -> None:
        from .screens.note_editor import NoteEditorScreen

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

        self.host.open_screen(NoteEditorScreen(step.text, step.note, keep=save_note), save_note)

    # -- the outcome -----------------------------------------------------------------

    def record_outcome(self) -> None:
        from .screens.outcome import OutcomeScreen

        checklist = self.checklist
        if checklist is None:
            self.host.notify(NO_CHECKLIST, severity="warning")
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

        self.host.open_screen(OutcomeScreen(checklist, declines), recorded)

    def show_next_steps(self, checklist: Checklist) -> None:
        """After a decline: the reason's troubleshooting entry and the next route in the user's ranking."""
        from ..routes import next_route, plan_routes
        from .screens.next_steps import NextStepsScreen

        wallet = frozenset(m for m in self.settings.wallet if m in self.catalog.method_by_id)
        plan = plan_routes(self.catalog, wallet, self.settings.providers, self.host.country())
        reason = checklist.outcome.reason if checklist.outcome else ""
        decline = next((d for d in self.catalog.declines if d.id == reason), None)
        tried = f"{checklist.platform_name} × {checklist.method_name}"
        self.host.open_screen(NextStepsScreen(self.catalog, tried, decline, plan, next_route(plan, checklist.key)))

    # -- files: export, import, and opening a checklist exported earlier ---------------------

    def export_checklist(self) -> None:
        self.export_then(None)

    def export_then(self, after: Callable[[], object] | None) -> None:
        """Open the export dialog; once a file is written, run `after` (quitting, say)."""
        from .screens.export_dialog import ExportScreen

        checklist = self.checklist
        if checklist is None:
            self.host.notify(NO_CHECKLIST, severity="warning")
            return

        def done(path: str | None) -> None:
            if path:
                self.host.notify(f"Exported to {path}", title="Checklist exported", markup=False)
                if after is not None:
                    after()

        from ..checklist import files  # the checklist's files: once one is exported or opened

        default = files.default_export_path(checklist, self.export_folder)
        self.host.open_screen(ExportScreen(checklist, self.catalog, default), done)

    def import_checklist(self) -> None:
        from .screens.text_prompt import TextPromptScreen

        folder = self.export_folder

        def chosen(path: str | None) -> None:
            if path and path.strip():
                typed = fileio.user_path(path.strip())
                self.open_checklist_file(typed if typed.is_absolute() else folder / typed)

        self.host.open_screen(
            TextPromptScreen(
                "Open a checklist",
                f"Path of a checklist exported by cnai-pay (relative to {folder})",
                placeholder="checklist.toml",
            ),
            chosen,
        )

    def open_checklist_file(self, path: Path) -> None:
        from ..checklist import codec, files

        try:
            loaded = files.load_checklist(path)
        except ChecklistError as exc:
            self.host.notify(f"Could not open the checklist: {exc}", severity="error", timeout=15, markup=False)
            return
        current = self.checklist
        if current is not None and codec.dumps(current) == codec.dumps(loaded):
            self.host.notify(f"{path} holds the checklist already open: nothing to change.", markup=False)
            return
        if current is not None and self.store.older_than_current(current, loaded):
            from .screens.confirm import ConfirmScreen

            def answer(replace_newer: bool | None) -> None:
                if replace_newer:
                    self._opened(path, loaded)

            self.host.open_screen(
                ConfirmScreen(
                    "Replace newer progress?",
                    f"{path} was saved {loaded.updated:%Y-%m-%d %H:%M}, before your current checklist for the same "
                    f"platform and method ({current.updated:%Y-%m-%d %H:%M}). Replace it? The current one is "
                    "kept under previous/.",
                    "Replace",
                    "Keep mine",
                ),
                answer,
            )
            return
        kept = self.store.find_saved(loaded.key) if current is None or current.key != loaded.key else None
        if kept is not None and kept.checklist is not None and codec.dumps(kept.checklist) != codec.dumps(loaded):
            from .screens.confirm import ConfirmScreen

            def replace_kept(replace_it: bool | None) -> None:
                if replace_it is False:
                    self.open_kept(kept.key)
                elif replace_it and kept.checklist is not None:
                    backup = self.store.keep_previous(kept.checklist)
                    if backup.ok:
                        self._opened(path, loaded)
                    else:
                        self.host.notify(backup.message, severity="error", timeout=15, markup=False)

            self.host.open_screen(
                ConfirmScreen(
                    "Replace your saved checklist?",
                    f"You have a checklist for {loaded.platform_name} × {loaded.method_name} "
                    f"({kept.progress_text} done, changed {kept.changed_text}). Open {path} in its place "
                    "(yours is kept under previous/), or open yours?",
                    "Open the file",
                    "Open mine",
                    cancel=True,
                    safe="no",
                ),
                replace_kept,
            )
            return
        self._opened(path, loaded)

    def _opened(self, path: Path, loaded: Checklist) -> None:
        self.replace_checklist(loaded)
        self.host.notify(f"Opened {path}", markup=False)
        self.warn_if_unknown(loaded)

    def warn_if_unknown(self, checklist: Checklist) -> None:
        """A checklist made with other data: said once it is open."""
        catalog = self.catalog
        if checklist.platform_id not in catalog.platform_by_id or checklist.method_id not in catalog.method_by_id:
            self.host.notify(UNKNOWN_IDS, severity="warning", timeout=15)
