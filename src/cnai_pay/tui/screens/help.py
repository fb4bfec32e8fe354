"""Every key, by pane, read from the real bindings so the list cannot drift; and how to read a cell."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.catalog import Catalog
from ...domain.model import Status
from ...domain.vocabulary import (
    DISPUTED_MARK,
    GLYPHS,
    LABELS,
    MEANINGS,
    RANKING_RULE,
    REGION_MARK,
    WEAK_MARK,
    WEAK_NOTE,
    WORDS,
)
from ..actions import APP_ACTIONS, GRID_ACTIONS, PALETTE_KEY, ActionSpec
from ..flow import steps_text
from ..rich_text import heading
from ..widgets.filter_bar import FilterInput
from .checklist_setup import ChecklistSetupScreen
from .evidence import EvidenceScreen
from .method_picker import MethodPickerScreen
from .note_editor import NoteEditorScreen
from .pane import PaneScreen
from .refunds import RefundsScreen
from .routes import RoutesScreen
from .sources import SourcesScreen
from .troubleshooting import TroubleshootingScreen


def _bindings(*owners: type) -> list[Binding]:
    found: dict[str, Binding] = {}
    for owner in owners:
        entries: list[BindingType] = list(getattr(owner, "BINDINGS", []))
        for binding in entries:
            if isinstance(binding, Binding):
                found[binding.key] = binding
    return list(found.values())


def grid_keys(grid: tuple[ActionSpec, ...] = GRID_ACTIONS) -> list[Binding]:
    """The grid's keys from the action registry: its own, the App's, then those a widget handles."""
    listed = [spec for spec in grid if spec.bound] + list(APP_ACTIONS) + [spec for spec in grid if not spec.bound]
    return [spec.binding() for spec in [*listed, PALETTE_KEY]]


def help_sections(grid: tuple[ActionSpec, ...] = GRID_ACTIONS) -> list[tuple[str, list[Binding]]]:
    """The keys of every screen: the grid's from the registry, the others from the classes' own bindings."""
    return [
        ("Grid", grid_keys(grid)),
        ("Text filter (after /)", _bindings(FilterInput)),
        ("Checklist set-up dialog", _bindings(ChecklistSetupScreen)),
        ("Note editor (n)", _bindings(NoteEditorScreen)),
        ("Method pickers (a, w)", _bindings(MethodPickerScreen)),
        ("Evidence", _bindings(EvidenceScreen)),
        ("Routes (u)", _bindings(PaneScreen, RoutesScreen)),
        ("Refunds", _bindings(PaneScreen, RefundsScreen)),
        ("Troubleshooting", _bindings(PaneScreen, TroubleshootingScreen)),
        ("Sources", _bindings(PaneScreen, SourcesScreen) + [Binding("enter", "", "Open the page (asks first)")]),
        ("Virtual cards, Help", _bindings(PaneScreen)),
    ]


def start_here() -> Text:
    text = heading("Start here: four steps from the grid to a first payment")
    text.append("\n")
    text.append_text(steps_text())
    text.append("\nThe line above the footer says which step comes next until each was done once.\n")
    return text


class HelpScreen(PaneScreen):
    PANE_TITLE = "Help"

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.sections = help_sections()
        # (section, keys, what it does) for every row shown, in order.
        self.rows: list[tuple[str, str, str]] = []

    def compose_pane(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            # Start here: the flow first, the reference after it.
            yield Static(start_here(), id="help-start")
            yield Static(id="help-legend")
            for title, bindings in self.sections:
                yield Static(heading(title), classes="help-heading")
                yield Static(self.keys_table(title, bindings), classes="help-section")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#help-legend", Static).update(self.legend())
        self.query_one("#help-scroll").focus()

    def key_names(self, binding: Binding) -> str:
        names = []
        for key in binding.key.split(","):
            single = Binding(key.strip(), binding.action, binding.description, key_display=binding.key_display)
            names.append(self.app.get_key_display(single))
        return " / ".join(dict.fromkeys(names))

    def keys_table(self, title: str, bindings: list[Binding]) -> Table:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("what it does")
        for binding in bindings:
            if binding.description:
                row = (self.key_names(binding), binding.tooltip or binding.description)
                self.rows.append((title, *row))
                table.add_row(*row)
        return table

    def legend(self) -> Text:
        text = heading("How to read a cell")
        for status in Status:
            text.append("\n")
            text.append(f"{GLYPHS[status]} {WORDS[status]:<5}", style=self.status_style(status))
            text.append(f" {LABELS[status]}: {MEANINGS[status]}")
        text.append(f"\n{DISPUTED_MARK}", style="bold")
        text.append(f"       disputed: the sources disagree. {RANKING_RULE} Enter on a cell shows every claim.")
        text.append(f"\n{WEAK_MARK}", style="bold")
        text.append(f"       {WEAK_NOTE}: inferred from a list, quoted second-hand, or one person's report.")
        text.append(f"\n{REGION_MARK}", style="bold")
        text.append("       resolved for your country (g sets it) from a fact that holds only in some regions.\n")
        return text
