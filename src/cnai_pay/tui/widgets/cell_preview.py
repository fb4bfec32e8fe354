"""A few lines under the grid about the highlighted cell: its status for you, the deciding claim,
any claim that disagrees, and the card rules that apply. Enter still opens the full evidence.

Redrawn in place, so following the cursor costs no layout; on a roomy screen it is as tall as
what it says (up to a share of the rows), and a layout happens only when that changes.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ...domain.cards import OwnCard, card_answer, own_card
from ...domain.catalog import Catalog, Cell
from ...domain.evidence import verdict
from ...domain.model import CardRuleKind
from ...domain.ranking import RankedClaim
from ...domain.regions import scope_text
from ...domain.vocabulary import BASIS_LABELS, GLYPHS, LABELS, RULE_WORDS, SOURCE_KIND_LABELS, TOPIC_LABELS
from ..styled import StatusStyled

HINT = "Enter: every claim and its source"


def claim_line(label: str, ranked: RankedClaim) -> str:
    """What the claim says and how strong it is first, the source's title last (it may be cut)."""
    source = ranked.source
    return (
        f"{label}: {GLYPHS[ranked.value]} {LABELS[ranked.value]} · {SOURCE_KIND_LABELS[source.kind]}, "
        f"{source.page_date_text}, {BASIS_LABELS[ranked.basis]} · {source.title}"
    )


class CellPreview(StatusStyled, Widget):
    COMPONENT_CLASSES = StatusStyled.COMPONENT_CLASSES

    def __init__(self, catalog: Catalog, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog
        self.cell: Cell | None = None
        # Who issued the user's cards (set by the screen with the filter): a card they hold is
        # answered as their card, first.
        self.providers: frozenset[str] = frozenset()
        self.lines_shown = 0
        # The size of the column it sits in, while it is measured for a layout; None when drawn.
        self._measured_in: Size | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured as the column is laid out: the lines it may use follow from that layout's column,
        # not the column's size of the layout before (at the first layout, none).
        self.clear_cached_dimensions()
        # Textual gives the room inside the preview's border and padding; the column is that and them.
        self._measured_in = container + self.styles.gutter.totals
        try:
            return super().get_content_height(container, viewport, width)
        finally:
            self._measured_in = None

    def on_mount(self) -> None:
        # In the panel's title rather than a line of its own: the line goes to the card rules.
        self.border_title = f"Selected cell · {HINT}"

    def show(self, cell: Cell | None) -> None:
        self.cell = cell
        # Where the preview is as tall as what it says (a roomy screen), a cell saying more or less
        # than the last one changes its height; otherwise it is redrawn in place, with no layout.
        lines = len(self.render().plain.splitlines())
        self.refresh(layout=lines != self.lines_shown)
        self.lines_shown = lines

    def line_limit(self) -> int:
        """The lines the preview may use: its height, or, when it is as tall as its text, its max-height."""
        height, max_height = self.styles.height, self.styles.max_height
        if height is not None and height.is_auto and max_height is not None and self.parent is not None:
            parent = self.parent
            size = self._measured_in or (parent.size if isinstance(parent, Widget) else self.app.size)
            return int(max_height.resolve(size, self.app.size)) - self.styles.gutter.height
        return self.size.height

    def render(self) -> Text:
        cell = self.cell
        if cell is None:
            return Text("No cell selected.", style="dim")
        own = own_card(self.catalog, cell.platform.id, cell.method.id, self.providers, cell.country)
        if own is not None:
            return self.own_card_text(cell, own)
        text = Text()
        text.append(f"{cell.platform.name} × {cell.method.name}: ", style="bold")
        text.append(verdict(cell, short=True), style=self.status_style(cell.status))
        self.append_claims(text, cell)
        self.append_rules(text, cell)
        # A card from a provider is also a card on a network: its answer, the one routes give (domain.cards).
        providers = self.catalog.providers_for(cell.method.id)
        if providers:
            answers = [(p.name, card_answer(self.catalog, cell.platform.id, p, cell.country).cell) for p in providers]
            text.append("\nBy card: " + " · ".join(f"{name} {answer.text}" for name, answer in answers))
        return text

    def own_card_text(self, cell: Cell, own: OwnCard) -> Text:
        """The user's own card first, as the grid shows it; the method's cell in general last."""
        answer = own.answer.cell
        text = Text()
        text.append(f"{cell.platform.name} × {cell.method.name} · your {own.provider.name} card: ", style="bold")
        text.append(f"{own.description} → ")
        text.append(verdict(answer, short=True), style=self.status_style(answer.status))
        text.append(f"\nWhy: {own.answer.reason}")
        if own.network_source:
            source = self.catalog.sources[own.network_source]
            text.append(f" · the card per {source.publisher}, {source.page_date_text}")
        # A refusal of the card's kind decides over the claims: their verdict would read as the answer.
        if answer.deciding is not None and answer.deciding.value is answer.status:
            text.append("\n" + claim_line("Decided by", answer.deciding))
        self.append_rules(text, cell)
        text.append(f"\n{cell.method.name}s in general: {verdict(cell, short=True)}")
        return text

    def append_claims(self, text: Text, cell: Cell) -> None:
        if cell.deciding is not None:
            text.append("\n" + claim_line("Decided by", cell.deciding))
            disagreeing = next((c for c in cell.claims[1:] if c.value != cell.deciding.value), None)
            if disagreeing is not None:
                text.append("\n" + claim_line("Disagrees", disagreeing), style="italic")
            room = self.line_limit() - 4  # the lines above and the card rules below
            if room > 1:
                # A taller preview says more: what the deciding source says, then the other claims.
                text.append(f"\n  “{cell.deciding.claim.note}”", style="italic")
                others = [c for c in cell.claims[1:] if c is not disagreeing][: room - 1]
                for other in others:
                    text.append("\n" + claim_line("Also", other))
        else:
            text.append("\nNo source in the data says anything about this combination.", style="dim")

    def append_rules(self, text: Text, cell: Cell) -> None:
        rules = [
            r
            for r in self.catalog.rules_for_method(cell.platform.id, cell.method, cell.country)
            if r.rule is not CardRuleKind.INFO
        ]  # a note has no verdict to show in one word
        if rules:
            described = [
                f"{TOPIC_LABELS[r.topic]} {RULE_WORDS[r.rule]}" + (f" ({scope_text(r)})" if r.scoped else "")
                for r in rules
            ]
            text.append("\nCard rules: " + " · ".join(dict.fromkeys(described)))
