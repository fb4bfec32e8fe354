"""A modal list of payment methods (and card providers) to tick, applied to the grid as you tick.

Ticked and unticked rows differ by glyph (☑ / ☐), not only by shade.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.model import Method, Provider
from ..actions import MOVEMENT, bindings

TICKED, UNTICKED = "☑", "☐"
Choice = tuple[frozenset[str], frozenset[str]]


class MethodPickerScreen(ModalScreen[Choice]):
    # A modal screen has none of the App's keys: the movement keys are bound here again.
    BINDINGS = [
        Binding("escape", "done", "Done"),
        Binding("space", "tick", "Tick or untick", show=False),
        *bindings(MOVEMENT),
    ]

    def __init__(
        self,
        title: str,
        hint: str,
        methods: list[Method],
        selected: frozenset[str],
        on_change: Callable[[frozenset[str], frozenset[str]], None],
        providers: list[Provider] | None = None,
        selected_providers: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.heading = title
        self.hint = hint
        self.methods = methods
        self.providers = providers or []
        self.selected = selected
        self.selected_providers = selected_providers
        self.on_change = on_change

    def prompt(self, option_id: str) -> Text:
        kind, _, key = option_id.partition(":")
        if kind == "m":
            name, ticked = next(m.name for m in self.methods if m.id == key), key in self.selected
            return Text(f"{TICKED if ticked else UNTICKED} {name}", style="bold" if ticked else "")
        provider = next(p for p in self.providers if p.id == key)
        method = next((m.name for m in self.methods if m.id == provider.method), provider.method)
        ticked = key in self.selected_providers
        glyph = TICKED if ticked else UNTICKED
        return Text(f"   {glyph} {method} from {provider.name}", style="bold" if ticked else "")

    def option_ids(self) -> list[str]:
        ids = []
        for method in self.methods:
            ids.append(f"m:{method.id}")
            ids.extend(f"p:{p.id}" for p in self.providers if p.method == method.id)
        return ids

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(self.heading, id="picker-title", markup=False)
            yield Label(self.hint, id="picker-hint", markup=False)
            yield OptionList(*(Option(self.prompt(i), id=i) for i in self.option_ids()), id="picker-list")
            yield Label("space/enter tick · esc done", id="picker-keys", markup=False)

    @on(OptionList.OptionSelected)
    def selected_option(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.toggle(event.option.id)

    def action_tick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option_id = options.get_option_at_index(options.highlighted).id
            if option_id:
                self.toggle(option_id)

    def toggle(self, option_id: str) -> None:
        kind, _, key = option_id.partition(":")
        if kind == "m":
            self.selected = self.selected ^ {key}
            if key not in self.selected:  # no longer held: nor is a card of that kind from any provider
                self.selected_providers -= {p.id for p in self.providers if p.method == key}
        else:
            self.selected_providers = self.selected_providers ^ {key}
            provider = next(p for p in self.providers if p.id == key)
            if key in self.selected_providers:
                self.selected = self.selected | {provider.method}  # a card from a provider is that method
        options = self.query_one(OptionList)
        for other in self.option_ids():
            options.replace_option_prompt(other, self.prompt(other))
        self.on_change(self.selected, self.selected_providers)

    def action_done(self) -> None:
        self.dismiss((self.selected, self.selected_providers))
