"""A table with a row cursor whose Enter is left to its pane."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable

# DataTable's Home and End go to the first and last column, which a table of rows has one of:
# here they go to the first and last row, as on the grid (Ctrl+Home and Ctrl+End still do too).
_ROW_KEYS = {
    "home": Binding("home", "scroll_top", "First row", show=False),
    "end": Binding("end", "scroll_bottom", "Last row", show=False),
}


class RowTable(DataTable[Any], inherit_bindings=False):
    """DataTable's keys, less Enter: the pane's own Enter binding names what Enter does there (the
    footer shows it, where the table's hidden one would hide it), and the key keeps its place in
    the queue (a priority binding would run before the keys typed ahead of it). A click on a row
    still selects it, as in any DataTable. Home and End go to the first and last row."""

    BINDINGS = [
        _ROW_KEYS.get(binding.key, binding) if isinstance(binding, Binding) else binding
        for binding in DataTable.BINDINGS
        if not (isinstance(binding, Binding) and binding.key == "enter")
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
