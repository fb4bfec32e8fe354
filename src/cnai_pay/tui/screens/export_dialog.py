"""Export the checklist to TOML: propose a path, confirm before overwriting, report failures in place."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from ...checklist.files import export_checklist, export_path
from ...checklist.model import Checklist, ChecklistError
from ...domain.catalog import Catalog
from ...fileio import user_path
from ...text import clean_text
from .text_prompt import TextPromptScreen


class ExportScreen(TextPromptScreen):
    """Dismisses with the written path; stays open with a message when it cannot write."""

    def __init__(self, checklist: Checklist, catalog: Catalog, default_path: Path) -> None:
        # A folder whose name has control characters cannot be shown as it is: the field then
        # offers the file name alone, which is taken in that folder all the same.
        shown = clean_text(str(default_path))
        super().__init__(
            "Export checklist to TOML",
            f"Default: {shown}",
            value=str(default_path) if shown == str(default_path) else default_path.name,
        )
        self.checklist = checklist
        self.catalog = catalog
        self.default_path = default_path
        self.confirm_for: Path | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        self.confirm_for = None

    def submit(self, value: str) -> None:
        if not value.strip():
            self.set_message("Type a file path.", error=True)
            return
        typed = user_path(value.strip())
        # A relative path is taken in the folder the default points at, not wherever the app was started.
        if not typed.is_absolute():
            typed = self.default_path.parent / typed
        path = export_path(self.checklist, str(typed) + ("/" if value.strip().endswith("/") else ""))
        try:
            written = export_checklist(self.checklist, self.catalog, path, overwrite=self.confirm_for == path)
        except FileExistsError:
            self.confirm_for = path
            self.set_message(f"{path} exists. Press enter again to replace it, or change the path.", error=True)
            return
        except (ChecklistError, OSError) as exc:
            self.set_message(str(exc), error=True)
            return
        self.dismiss(str(written))
