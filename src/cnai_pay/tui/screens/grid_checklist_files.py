"""The grid screen's checklist files: export, import, and opening a checklist exported earlier."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...checklist import codec, files
from ...checklist.model import Checklist, ChecklistError
from .grid_checklist import NO_CHECKLIST, UNKNOWN_IDS, ChecklistActions


class ChecklistFileActions(ChecklistActions):
    """The grid screen's checklist files, on top of its checklist half."""

    def action_export_checklist(self) -> None:
        self.export_then(None)

    def export_then(self, after: Callable[[], object] | None) -> None:
        """Open the export dialog; once a file is written, run `after` (quitting, say)."""
        from .export_dialog import ExportScreen

        if self.checklist is None:
            self.notify(NO_CHECKLIST, severity="warning")
            return

        def done(path: str | None) -> None:
            if path:
                self.notify(f"Exported to {path}", title="Checklist exported", markup=False)
                if after is not None:
                    after()

        default = files.default_export_path(self.checklist, self.export_folder)
        self.app.push_screen(ExportScreen(self.checklist, self.catalog, default), done)

    def action_import_checklist(self) -> None:
        from .text_prompt import TextPromptScreen

        folder: Path = self.export_folder

        def chosen(path: str | None) -> None:
            if path and path.strip():
                typed = Path(path.strip()).expanduser()
                self.open_checklist_file(typed if typed.is_absolute() else folder / typed)

        self.app.push_screen(
            TextPromptScreen(
                "Open a checklist",
                f"Path of a checklist exported by cnai-pay (relative to {folder})",
                placeholder="checklist.toml",
            ),
            chosen,
        )

    def open_checklist_file(self, path: Path) -> None:
        try:
            loaded = files.load_checklist(path)
        except ChecklistError as exc:
            self.notify(f"Could not open the checklist: {exc}", severity="error", timeout=15, markup=False)
            return
        current = self.checklist
        if current is not None and codec.dumps(current) == codec.dumps(loaded):
            self.notify(f"{path} holds the checklist already open: nothing to change.", markup=False)
            return
        if current is not None and self.store.older_than_current(current, loaded):
            from .confirm import ConfirmScreen

            def answer(replace_newer: bool | None) -> None:
                if replace_newer:
                    self._opened(path, loaded)

            self.app.push_screen(
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
            from .confirm import ConfirmScreen

            def replace_kept(replace_it: bool | None) -> None:
                if replace_it is False:
                    self.open_kept(kept.key)
                elif replace_it and kept.checklist is not None:
                    backup = self.store.keep_previous(kept.checklist)
                    if backup.ok:
                        self._opened(path, loaded)
                    else:
                        self.notify(backup.message, severity="error", timeout=15, markup=False)

            self.app.push_screen(
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
        self.notify(f"Opened {path}", markup=False)
        catalog = self.catalog
        if loaded.platform_id not in catalog.platform_by_id or loaded.method_id not in catalog.method_by_id:
            self.notify(UNKNOWN_IDS, severity="warning", timeout=15)
