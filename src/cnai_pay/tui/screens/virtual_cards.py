"""Virtual-card providers side by side, and where platforms refuse such cards or 3-D Secure."""

from __future__ import annotations

from collections import defaultdict

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable, Static

from ...domain.cards import card_description
from ...domain.catalog import Catalog
from ...domain.model import CardRule, CardRuleKind, CardTopic, Provider, ProviderTopic
from ...domain.regions import scope_text
from ...domain.vocabulary import RULE_WORDS, TOPIC_LABELS
from ..rich_text import citation, heading
from ..widgets.row_table import RowTable
from .pane import PaneScreen

# Topics shown in this pane, in reading order.
REFUSAL_TOPICS = (CardTopic.VIRTUAL_CARDS, CardTopic.PREPAID_CARDS, CardTopic.THREE_D_SECURE, CardTopic.RECURRING)
FACT_TOPICS: tuple[tuple[ProviderTopic, str], ...] = (
    ("card_type", "What the card is"),
    ("fees", "Fees"),
    ("reliability", "Reliability"),
    ("recommendation", "The guide's view"),
    ("setup", "How to set one up"),
)


# The most telling rule first, when a platform has several on one topic: a refusal decides.
_RULE_ORDER = (
    CardRuleKind.REFUSED,
    CardRuleKind.REQUIRED,
    CardRuleKind.MAY_BE_REQUIRED,
    CardRuleKind.ACCEPTED,
    CardRuleKind.INFO,
)


class VirtualCardsScreen(PaneScreen):
    PANE_TITLE = "Virtual cards"

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        rules = [r for r in catalog.card_rules if r.topic in REFUSAL_TOPICS]
        by_platform: dict[str, list[CardRule]] = defaultdict(list)
        for rule in rules:
            by_platform[rule.platform].append(rule)
        # One row per platform that has such a rule, in the catalogue's order.
        self.rule_rows = [(p, by_platform[p.id]) for p in catalog.platforms if p.id in by_platform]

    def compose_pane(self) -> ComposeResult:
        with VerticalScroll(id="cards-scroll"):
            yield Static(heading("Before you open a card: where platforms refuse or require something"))
            yield RowTable(id="cards-rules")
            yield Static(id="cards-rule-detail")
            with Grid(id="cards-providers"):
                for provider in self.catalog.providers:
                    yield Static(self.provider_text(provider), classes="provider")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(RowTable)
        table.add_column("Platform")
        for topic in REFUSAL_TOPICS:
            label = TOPIC_LABELS[topic]
            table.add_column(label[:1].upper() + label[1:])
        for platform, rules in self.rule_rows:
            table.add_row(Text(platform.name, style="bold"), *(self.rule_cell(rules, t) for t in REFUSAL_TOPICS))
        table.display = bool(self.rule_rows)
        if self.rule_rows:
            table.focus()
        else:
            self.query_one("#cards-scroll").focus()
        self.show_rules()

    def rule_cell(self, rules: list[CardRule], topic: CardTopic) -> Text:
        on_topic = sorted((r for r in rules if r.topic is topic), key=lambda r: _RULE_ORDER.index(r.rule))
        if not on_topic:
            return Text("—", style="dim")
        first = on_topic[0]
        text = Text(RULE_WORDS[first.rule], style=self.rule_style(first))
        if first.scoped:
            text.append(f" ({scope_text(first)})")
        return text

    def rule_style(self, rule: CardRule) -> Style:
        kind = rule.rule
        return self.named_style(
            "no" if kind is CardRuleKind.REFUSED else "yes" if kind is CardRuleKind.ACCEPTED else "warn"
        )

    @on(DataTable.RowHighlighted, "#cards-rules")
    def rule_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_rules()

    def show_rules(self) -> None:
        """What each rule of the highlighted platform says, a short line each, with its source."""
        detail = self.query_one("#cards-rule-detail", Static)
        if not self.rule_rows:
            detail.update(Text("No source in the data says a platform refuses these cards.", style="dim"))
            return
        platform, rules = self.rule_rows[self.query_one(RowTable).cursor_row]
        text = Text(f"{platform.name}, what each source says:", style="bold")
        for rule in sorted(rules, key=lambda r: (REFUSAL_TOPICS.index(r.topic), _RULE_ORDER.index(r.rule))):
            style = self.rule_style(rule)
            text.append(f"\n• {TOPIC_LABELS[rule.topic]} ")
            text.append(RULE_WORDS[rule.rule], style=style)
            if rule.scoped:
                text.append(f" ({scope_text(rule)})", style="bold")
            text.append(f". {rule.note} ")
            text.append_text(citation(self.catalog.sources[rule.source]))
        detail.update(text)

    def provider_text(self, provider: Provider) -> Text:
        facts = defaultdict(list)
        for fact in self.catalog.provider_facts:
            if fact.provider == provider.id:
                facts[fact.topic].append(fact)
        fees = [f for f in self.catalog.fees if f.provider == provider.id]
        text = Text.assemble((f" {provider.name} ", "bold reverse"))
        text.append(f"\n{provider.card_type}", style="italic")
        # The network decides the card's answer on each platform (domain.cards); unknown stays unknown.
        network = self.catalog.provider_networks(provider.id)
        if network is not None:
            text.append(f"\nNetwork: {card_description(self.catalog, provider, None)} ", style="bold")
            text.append_text(citation(self.catalog.sources[network.source]))
        else:
            text.append("\nNetwork: unknown", style="bold")
            text.append(": no source in the data names it, so no platform's Visa or Mastercard answer is used for it")
        text.append("\n")
        text.append(provider.site, style="underline")
        for topic, title in FACT_TOPICS:
            if not facts[topic] and not (topic == "fees" and fees):
                continue
            text.append("\n\n")
            text.append(title, style="bold")
            for fact in facts[topic]:
                text.append("\n• ")
                if fact.scoped:
                    text.append(f"({scope_text(fact)}) ", style="bold")
                text.append(fact.text + " ")
                text.append_text(citation(self.catalog.sources[fact.source]))
                for number, step in enumerate(fact.steps, start=1):
                    text.append(f"\n   {number}. {step}")
            if topic == "fees":
                for fee in fees:
                    text.append(f"\n• {fee.percent:g}%", style="bold")
                    if fee.fixed:
                        text.append(f" + {fee.fixed:g} {fee.currency or ''}".rstrip(), style="bold")
                    if fee.scoped:
                        text.append(f" ({scope_text(fee)})", style="bold")
                    text.append(f": {fee.note} ")
                    text.append_text(citation(self.catalog.sources[fee.source]))
        if not facts["setup"]:
            text.append("\n\nHow to set one up", style="bold")
            text.append("\nNo source in the data gives set-up steps for this provider.", style="dim")
        return text
