"""Every claim behind one grid cell, most authoritative first; Enter opens a claim's source."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...catalog import RANKING_RULE, Catalog, Cell, RankedClaim
from ..formatting import source_block, status_text
from .pane import PaneScreen

RULE = "How the cell is decided: " + RANKING_RULE


def summary_text(cell: Cell) -> Text:
    text = Text()
    text.append(f"{cell.platform.name} × {cell.method.name}\n", style="bold")
    text.append_text(status_text(cell.status))
    if cell.disputed:
        text.append("  ! disputed: the sources disagree", style="bold")
        for ranked in cell.claims:
            # The verdict first, so it never wraps away from its bullet.
            text.append("\n  • ")
            text.append_text(status_text(ranked.value))
            text.append(f" — {ranked.source.title} ({ranked.source.kind.label}, {ranked.source.page_date_text})")
    if not cell.claims:
        text.append("\n\nNo source in the data says anything about this combination, so it is unknown.")
    return text


def claim_text(number: int, ranked: RankedClaim) -> Text:
    claim = ranked.claim
    text = Text(f"{number}. ")
    text.append_text(status_text(ranked.value))
    text.append(f" — {claim.note}\n")
    if claim.from_prose:
        text.append("   from the guide's prose (its comparison table lost its marks)\n", style="italic")
    text.append_text(source_block(ranked.source, indent="   "))
    return text


def evidence_text(cell: Cell) -> Text:
    """The whole evidence as one text (also what tests read)."""
    text = summary_text(cell)
    for number, ranked in enumerate(cell.claims, start=1):
        text.append("\n\n")
        text.append_text(claim_text(number, ranked))
    text.append("\n\n" + RULE)
    return text


class EvidenceScreen(PaneScreen):
    """Opened with Enter on a grid cell; Esc returns to the grid as it was."""

    BINDINGS = [Binding("enter", "open_source", "Open source", tooltip="Open the highlighted claim's source")]

    def __init__(self, catalog: Catalog, cell: Cell) -> None:
        super().__init__(catalog)
        self.cell = cell
        self.PANE_TITLE = f"Evidence: {cell.platform.name} × {cell.method.name}"

    def compose_pane(self) -> ComposeResult:
        yield Static(summary_text(self.cell), id="evidence-summary")
        options: list[Option | None] = []
        for number, ranked in enumerate(self.cell.claims, start=1):
            if options:
                options.append(None)  # a separator line between claims
            options.append(Option(claim_text(number, ranked), id=ranked.source.id))
        yield OptionList(*options, id="evidence-claims")
        yield Static(RULE + " Enter on a claim opens its source.", id="evidence-rule")

    def on_mount(self) -> None:
        super().on_mount()
        claims = self.query_one(OptionList)
        claims.display = bool(self.cell.claims)
        claims.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.open_pane("sources", source_id=event.option.id)

    def action_open_source(self) -> None:
        claims = self.query_one(OptionList)
        if claims.highlighted is not None and claims.option_count:
            self.app.open_pane("sources", source_id=claims.get_option_at_index(claims.highlighted).id)
