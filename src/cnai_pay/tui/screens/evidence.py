"""Every claim behind one grid cell, strongest first; Enter offers to open a claim's page, s shows its source."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.cards import OwnCard, card_explanation
from ...domain.catalog import Catalog, Cell
from ...domain.evidence import claim_facts, platform_line, verdict
from ...domain.model import CardRule, Status
from ...domain.ranking import RankedClaim
from ...domain.vocabulary import GLYPHS, LABELS, NO_CLAIM, PROSE_NOTE, RANKING_RULE, SOURCE_KIND_LABELS
from ..messages import OpenPane
from ..rich_text import source_block
from .pane import PaneScreen

RULE = "How the cell is decided: " + RANKING_RULE


class EvidenceScreen(PaneScreen):
    """Opened with Enter on a grid cell; Esc returns to the grid as it was."""

    BINDINGS = [
        # Enter on a claim asks to open its page, as in the sources pane; s shows the source there.
        Binding("enter", "open_page", "Open page", tooltip="Open the highlighted claim's page (asks first)"),
        Binding("o", "open_page", "Open page", tooltip="Open the highlighted claim's source page in your browser"),
        Binding("s", "open_source", "Source", tooltip="The highlighted claim's source and what else rests on it"),
        Binding("t", "toggle_terms", "Terms", tooltip="Plain words or the precise terms (stated, second-hand…)"),
    ]
    # How claims are known, in plain words ("the page says so") or the precise terms ("stated"): t switches.
    plain = reactive(True, init=False)

    def __init__(self, catalog: Catalog, cell: Cell, card: OwnCard | None = None) -> None:
        super().__init__(catalog)
        # For the user's own card (a Wise card…), the cell is the card's answer and `card` says what decided it.
        self.card = card
        self.cell = card.answer.cell if card is not None else cell
        whose = f" (your {card.provider.name} card)" if card is not None else ""
        self.PANE_TITLE = f"Evidence: {cell.platform.name} × {cell.method.name}{whose}"

    def summary_text(self) -> Text:
        cell = self.cell
        text = Text()
        text.append(f"{cell.platform.name} × {cell.method.name}\n", style="bold")
        text.append(platform_line(cell.platform) + "\n", style="dim")
        if self.card is not None:
            self.append_card(text, self.card)
            return text
        text.append(verdict(cell), style=self.status_style(cell.status))
        if cell.disputed:
            for ranked in cell.claims:
                # The verdict first, so it never wraps away from its bullet.
                text.append("\n  • ")
                text.append(f"{GLYPHS[ranked.value]} {LABELS[ranked.value]}", style=self.status_style(ranked.value))
                source = ranked.source
                text.append(f" — {source.title} ({SOURCE_KIND_LABELS[source.kind]}, {source.page_date_text})")
        if not cell.claims:
            text.append("\n\n" + NO_CLAIM)
        return text

    def append_card(self, text: Text, card: OwnCard) -> None:
        """The card's answer, what decided it, and whose cells the claims below are."""
        cell = self.cell
        text.append(f"Your {card.provider.name} card: {card.description} → ")
        text.append(verdict(cell, short=True), style=self.status_style(cell.status))
        text.append("".join("\n" + line for line in card_explanation(self.catalog, card)))
        if not cell.claims and not card.answer.refusals:
            text.append("\n\n" + NO_CLAIM)

    def rule_text(self, rule: CardRule) -> Text:
        text = Text("Card rule: ")
        text.append(
            f"{GLYPHS[Status.NOT_SUPPORTED]} {LABELS[Status.NOT_SUPPORTED]}",
            style=self.status_style(Status.NOT_SUPPORTED),
        )
        text.append(f" — {rule.note}\n")
        text.append_text(source_block(self.catalog.sources[rule.source], indent="   "))
        return text

    def claim_text(self, number: int, ranked: RankedClaim) -> Text:
        claim = ranked.claim
        text = Text(f"{number}. ")
        text.append(f"{GLYPHS[ranked.value]} {LABELS[ranked.value]}", style=self.status_style(ranked.value))
        text.append(f" — {claim.note}\n")
        text.append("   " + " · ".join(claim_facts(ranked, self.cell.country, self.plain)) + "\n", style="italic")
        if claim.from_prose:
            text.append(f"   {PROSE_NOTE}\n", style="italic")
        text.append_text(source_block(ranked.source, indent="   "))
        return text

    def compose_pane(self) -> ComposeResult:
        yield Static(id="evidence-summary")
        yield OptionList(id="evidence-claims")
        yield Static(
            RULE + " Enter on a claim offers to open its page; s shows its source; t: precise terms or plain words.",
            id="evidence-rule",
            markup=False,
        )

    def on_mount(self) -> None:
        # Filled once mounted: the status colours come from the screen's component styles.
        super().on_mount()
        self.query_one("#evidence-summary", Static).update(self.summary_text())
        self.fill_claims()
        claims = self.query_one(OptionList)
        if claims.option_count:
            claims.highlighted = 0  # the deciding claim (or rule): Enter offers its page at once
        claims.display = bool(claims.option_count)
        claims.focus()

    def watch_plain(self) -> None:
        claims = self.query_one(OptionList)
        keep = claims.highlighted
        self.fill_claims()
        claims.highlighted = keep
        self.notify("Precise terms: stated, inferred, second-hand, reported" if not self.plain else "Plain words")

    def action_toggle_terms(self) -> None:
        self.plain = not self.plain

    def fill_claims(self) -> None:
        options: list[Option | None] = []
        # The source of each entry, by position: two entries may cite one source, and option ids must differ.
        self.entry_sources: list[str] = []
        for rule in self.card.answer.refusals if self.card is not None else ():
            if options:
                options.append(None)
            options.append(Option(self.rule_text(rule)))
            self.entry_sources.append(rule.source)
        for number, ranked in enumerate(self.cell.claims, start=1):
            if options:
                options.append(None)  # a separator line between claims
            options.append(Option(self.claim_text(number, ranked)))
            self.entry_sources.append(ranked.source.id)
        claims = self.query_one(OptionList)
        claims.clear_options()
        claims.add_options(options)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_page()

    def action_open_page(self) -> None:
        from ..browser import offer_to_open

        claims = self.query_one(OptionList)
        if claims.highlighted is not None and claims.option_count:
            source_id = self.entry_sources[claims.highlighted]
            if source_id in self.catalog.sources:
                offer_to_open(self, self.catalog.sources[source_id])

    def action_open_source(self) -> None:
        claims = self.query_one(OptionList)
        if claims.highlighted is not None and claims.option_count:
            self.post_message(OpenPane("sources", select=self.entry_sources[claims.highlighted]))
