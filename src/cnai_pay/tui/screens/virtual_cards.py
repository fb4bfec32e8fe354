"""Virtual-card providers side by side, and where platforms refuse such cards or 3-D Secure."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from ...domain.cards import card_description
from ...domain.model import CardRuleKind, CardTopic, Provider, ProviderTopic
from ...domain.regions import scope_text
from ...domain.vocabulary import RULE_WORDS, TOPIC_LABELS
from ..rich_text import citation, heading
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


class VirtualCardsScreen(PaneScreen):
    PANE_TITLE = "Virtual cards"

    def compose_pane(self) -> ComposeResult:
        with VerticalScroll(id="cards-scroll"):
            yield Static(id="cards-refusals")
            with Grid(id="cards-providers"):
                for provider in self.catalog.providers:
                    yield Static(self.provider_text(provider), classes="provider")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#cards-refusals", Static).update(self.refusals_text())
        self.query_one("#cards-scroll").focus()

    def refusals_text(self) -> Text:
        text = heading("Before you open a card: where platforms refuse it")
        rules = [r for r in self.catalog.card_rules if r.topic in REFUSAL_TOPICS]
        rules.sort(key=lambda r: (REFUSAL_TOPICS.index(r.topic), r.platform))
        for rule in rules:
            platform = self.catalog.platform_by_id[rule.platform]
            style = self.named_style("no" if rule.rule is CardRuleKind.REFUSED else "warn")
            text.append(f"\n{platform.name}: ", style="bold")
            text.append(f"{TOPIC_LABELS[rule.topic]} {RULE_WORDS[rule.rule]}", style=style)
            if rule.scoped:
                text.append(f" ({scope_text(rule)})", style="bold")
            text.append(f". {rule.note} ")
            text.append_text(citation(self.catalog.sources[rule.source]))
        if not rules:
            text.append("\nNo source in the data says a platform refuses these cards.")
        return text

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
