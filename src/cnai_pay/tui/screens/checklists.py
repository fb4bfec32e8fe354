"""Every saved checklist, one per platform and method: Enter opens one, Del deletes one after asking.

The screen only shows the list and the user's choice; the checklist's controller owns the checklist and
does the switching (saving the open one first) and the deleting through the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...checklist.names import Key, saved_name
from ...checklist.store import SavedChecklist
from ...domain.catalog import Catalog
from ...text import clean_text, truncate
from ..actions import MOVEMENT, bindings

OPEN_MARK = "●"
HINT = "One checklist per platform and payment method. Enter opens one; the open one is saved first."
KEYS = "enter open · del delete (asks first) · esc back"
PROGRESS_WIDTH = 12  # "12/100 steps"
DATE_WIDTH = 12  # "2026-11-30" and a gap


def entry_names(entry: SavedChecklist, catalog: Catalog) -> tuple[str, str]:
    """The platform and the method in words: from the checklist, or from the data for an unreadable file."""
    if entry.checklist is not None:
        method_name = entry.checklist.method_name
        provider = next((p.name for p in catalog.providers if p.id == entry.key[2]), entry.key[2])
        return entry.checklist.platform_name, f"{method_name} ({provider})" if entry.key[2] else method_name
    platform = catalog.platform_by_id.get(entry.key[0])
    method = catalog.method_by_id.get(entry.key[1])
    return (platform.name if platform else entry.key[0]), (method.name if method else entry.key[1])


def entry_row(entry: SavedChecklist, catalog: Catalog, widths: tuple[int, int]) -> Text:
    platform, method = entry_names(entry, catalog)
    row = Text()
    row.append(f"{OPEN_MARK if entry.current else ' '} ", style="bold")
    row.append(truncate(platform, widths[0]).ljust(widths[0]) + "  ", style="bold" if entry.current else "")
    row.append(truncate(method, widths[1]).ljust(widths[1]) + "  ")
    if entry.checklist is None:
        row.append(f"unreadable: {truncate(clean_text(entry.problem), 60)}", style="italic")
        return row
    row.append(entry.progress_text.ljust(PROGRESS_WIDTH))
    row.append(entry.changed_text.ljust(DATE_WIDTH), style="dim")
    if entry.checklist.outcome is not None:
        row.append(entry.checklist.outcome.result, style="italic")
    return row


def heading_row(widths: tuple[int, int]) -> str:
    """The columns' names, over the rows and as wide as them."""
    names = ("Platform".ljust(widths[0]), "Method".ljust(widths[1]), "Done".ljust(PROGRESS_WIDTH - 2))
    return "  ".join(names) + "  " + "Changed".ljust(DATE_WIDTH) + "Outcome"


class ChecklistsScreen(ModalScreen[Key | None]):
    """Dismisses with the key of the checklist to open, or None (Esc)."""

    CSS_PATH = str(Path(__file__).with_name("checklists.tcss"))
    # A modal screen has none of the App's keys: the movement keys are bound here again.
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("delete,x", "delete", "Delete", show=False),
        *bindings(MOVEMENT),
    ]

    def __init__(
        self,
        entries: list[SavedChecklist],
        catalog: Catalog,
        delete: Callable[[SavedChecklist], None],
    ) -> None:
        super().__init__()
        self.entries = {saved_name(entry.key): entry for entry in entries}
        self.catalog = catalog
        # Asks, deletes through the store and calls `deleted` back: the checklist's controller owns the checklists.
        self.delete = delete

    def compose(self) -> ComposeResult:
        with Vertical(id="checklists"):
            yield Label(self.heading(), id="checklists-title", markup=False)
            yield Label(HINT, id="checklists-hint", markup=False)
            yield Label(heading_row(self.widths()), id="checklists-columns", markup=False)
            yield OptionList(*self.options(), id="checklists-list")
            yield Label(KEYS, id="checklists-keys", markup=False)

    def heading(self) -> str:
        count = len(self.entries)
        return f"Your checklists ({count})" if count else "Your checklists: none yet (p on a grid cell starts one)"

    def widths(self) -> tuple[int, int]:
        """The platform and method columns: as wide as their longest name, within bounds."""
        names = [entry_names(entry, self.catalog) for entry in self.entries.values()]
        platform = max((len(p) for p, _ in names), default=0)
        method = max((len(m) for _, m in names), default=0)
        return (min(22, max(8, platform)), min(24, max(6, method)))

    def options(self) -> list[Option]:
        widths = self.widths()
        return [Option(entry_row(entry, self.catalog, widths), id=name) for name, entry in self.entries.items()]

    def selected(self) -> SavedChecklist | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return self.entries.get(option_id or "")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.entries.get(event.option.id or "")
        if entry is not None and entry.checklist is not None:
            self.dismiss(entry.key)
        elif entry is not None:
            self.notify(f"Not opened: {clean_text(entry.problem)}", severity="warning", markup=False)

    def action_delete(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.delete(entry)

    def deleted(self, entry: SavedChecklist) -> None:
        """The store removed it: its row goes, the cursor stays where it was."""
        self.entries.pop(saved_name(entry.key), None)
        options = self.query_one(OptionList)
        keep = options.highlighted or 0
        options.clear_options()
        options.add_options(self.options())
        if options.option_count:
            options.highlighted = min(keep, options.option_count - 1)
        self.query_one("#checklists-title", Label).update(self.heading())
        self.query_one("#checklists-columns", Label).update(heading_row(self.widths()))

    def action_back(self) -> None:
        self.dismiss(None)
