"""Every column head of the grid with the method it stands for: H on the grid, Esc back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...text import clean_text
from .pane import PaneScreen


class HeadKeyScreen(PaneScreen):
    PANE_TITLE = "Column heads: what each one stands for"

    def compose_pane(self) -> ComposeResult:
        yield Static(
            "The grid's heads shorten as the terminal narrows; the panel's title always names the "
            "method under the cursor in full.",
            id="heads-intro",
            markup=False,
        )
        yield DataTable(cursor_type="row", zebra_stripes=True, id="heads-table")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        table.add_columns("Narrow", "Medium", "Method", "Id")
        for method in self.catalog.methods:
            # Text, not str: a DataTable reads a str cell as markup, and names from the data are as written.
            cells = (method.head, method.short, method.name, method.id)
            table.add_row(*(Text(clean_text(cell)) for cell in cells), key=method.id)
        table.focus()
