"""The incremental text filter above the grid."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from ..messages import FilterDone
from .ordered_input import OrderedInput


class FilterInput(OrderedInput):
    """Typing narrows the grid at once; Enter or ↓ keeps the text, Esc clears it."""

    BINDINGS = [
        Binding("enter,down", "keep", "Keep filter", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(placeholder="/ filter by name, id or kind (several words all match)", compact=True, **kwargs)

    def action_keep(self) -> None:
        self.post_message(FilterDone(cleared=False))

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(FilterDone(cleared=True))
