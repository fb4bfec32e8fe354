"""A modal list of payment methods to tick, applied to the grid as you tick."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList

from ...domain.model import Method


class MethodPickerScreen(ModalScreen[frozenset[str]]):
    BINDINGS = [Binding("escape", "done", "Done")]

    def __init__(
        self,
        title: str,
        hint: str,
        methods: list[Method],
        selected: frozenset[str],
        on_change: Callable[[frozenset[str]], None],
    ) -> None:
        super().__init__()
        self.heading = title
        self.hint = hint
        self.methods = methods
        self.selected = selected
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(self.heading, id="picker-title", markup=False)
            yield Label(self.hint, id="picker-hint", markup=False)
            yield SelectionList[str](
                *((Text(m.name), m.id, m.id in self.selected) for m in self.methods), id="picker-list"
            )
            yield Label("space/enter tick · esc done", id="picker-keys")

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.selected = frozenset(event.selection_list.selected)
        self.on_change(self.selected)

    def action_done(self) -> None:
        self.dismiss(self.selected)
