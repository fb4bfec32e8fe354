"""Decline reasons and what to do, from the guide and the platforms' own pages; filter by typing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.catalog import Catalog
from ...domain.model import Decline
from ..rich_text import citation
from ..widgets.ordered_input import OrderedInput
from .pane import PaneScreen


def decline_text(catalog: Catalog, decline: Decline) -> Text:
    """A decline reason with the platform and method it is about, what to do, and its source."""
    text = Text()
    tags = []
    if decline.platform:
        tags.append(catalog.platform_by_id[decline.platform].name)
    if decline.method:
        tags.append(catalog.method_by_id[decline.method].name)
    if tags:
        text.append(f"[{' · '.join(tags)}] ", style="bold cyan")
    text.append(decline.reason, style="bold")
    for fix in decline.fixes:
        text.append(f"\n  → {fix}")
    text.append("\n  ")
    text.append_text(citation(catalog.sources[decline.source]))
    return text


class TroubleshootingScreen(PaneScreen):
    PANE_TITLE = "Troubleshooting: payment declined"
    BINDINGS = [
        Binding("escape", "clear_or_back", "Back"),
        Binding("slash", "focus_filter", "Filter"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.haystacks = {d.id: self.haystack(d) for d in catalog.declines}

    def compose_pane(self) -> ComposeResult:
        yield OrderedInput(
            placeholder="type to filter: a word of the reason, a platform, a method…", compact=True, id="trouble-filter"
        )
        yield Static("", id="trouble-count")
        yield OptionList(id="trouble-list")

    def on_mount(self) -> None:
        super().on_mount()
        self.show("")
        self.query_one("#trouble-filter").focus()

    def haystack(self, decline: Decline) -> str:
        parts = [decline.reason, *decline.fixes]
        if decline.platform:
            parts.append(self.catalog.platform_by_id[decline.platform].name)
        if decline.method:
            parts.append(self.catalog.method_by_id[decline.method].name)
        return " ".join(parts).lower()

    def decline_text(self, decline: Decline) -> Text:
        return decline_text(self.catalog, decline)

    def show(self, query: str) -> None:
        words = query.lower().split()
        shown = [d for d in self.catalog.declines if all(w in self.haystacks[d.id] for w in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        items: list[Option | None] = []
        for decline in shown:
            if items:
                items.append(None)  # a separator line between reasons
            items.append(Option(self.decline_text(decline), id=decline.id))
        options.add_options(items)
        total = len(self.catalog.declines)
        self.query_one("#trouble-count", Static).update(
            f"{len(shown)} of {total} decline reasons" + (" · Esc clears the filter" if words else "")
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_clear_or_back(self) -> None:
        """Esc first clears a typed filter; a second Esc goes back."""
        filter_input = self.query_one(Input)
        if filter_input.value:
            filter_input.value = ""
        else:
            self.dismiss()
