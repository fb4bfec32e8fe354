"""Every claim behind one grid cell, most authoritative first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...catalog import Cell, RankedClaim
from ..widgets.platform_grid import STATUS_STYLES

RULE = (
    "How the cell is decided: official pages outrank vendor blogs, which outrank guides and user "
    "reports; among equals the newest page wins. A cell is disputed when its sources disagree."
)


def describe_source(ranked: RankedClaim) -> Text:
    source = ranked.source
    text = Text()
    text.append(source.title, style="bold")
    text.append(f" — {source.publisher}\n")
    text.append(f"{source.kind.label} · page dated {source.page_date_text} · read {source.read_on.isoformat()}\n", style="dim")
    text.append(source.url, style="underline")
    return text


def evidence_text(cell: Cell) -> Text:
    text = Text()
    text.append(f"{cell.platform.name} × {cell.method.name}\n", style="bold")
    text.append(f"{cell.status.glyph} {cell.status.label}", style=STATUS_STYLES[cell.status])
    if cell.disputed:
        text.append("  ! disputed: the sources disagree", style="bold")
        for ranked in cell.claims:
            text.append(f"\n  • {ranked.source.title} ({ranked.source.kind.label}, {ranked.source.page_date_text}): ")
            text.append(ranked.value.label, style=STATUS_STYLES[ranked.value])
    text.append("\n\n")
    if not cell.claims:
        text.append("No source in the data says anything about this combination, so it is unknown.\n")
    for number, ranked in enumerate(cell.claims, start=1):
        claim = ranked.claim
        text.append(f"{number}. ")
        text.append(f"{ranked.value.glyph} {ranked.value.label}", style=STATUS_STYLES[ranked.value])
        text.append(f" — {claim.note}\n")
        if claim.from_prose:
            text.append("   from the guide's prose (its comparison table lost its marks)\n", style="italic")
        for line in describe_source(ranked).split("\n"):
            text.append("   ")
            text.append_text(line)
            text.append("\n")
        text.append("\n")
    text.append(RULE, style="dim")
    return text


class EvidenceScreen(Screen):
    """Opened with Enter on a grid cell; Esc returns to the grid as it was."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, cell: Cell) -> None:
        super().__init__()
        self.cell = cell

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="evidence-scroll"):
            yield Static(evidence_text(self.cell), id="evidence")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Evidence: {self.cell.platform.name} × {self.cell.method.name}"
        self.query_one("#evidence-scroll").focus()
