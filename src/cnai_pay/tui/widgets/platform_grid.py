"""The platform × payment-method table."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...catalog import Catalog, Cell, GridFilter
from ...model import Platform
from ..formatting import status_style


def cell_text(cell: Cell, highlighted: bool = False) -> Text:
    text = Text(cell.text, style=status_style(cell.status))
    if cell.disputed:
        text.stylize("bold", len(cell.text) - 1)
    if highlighted:
        # Wallet/accepts matches stand out without colour too: reverse video.
        text.stylize("bold reverse")
    return text


class PlatformGrid(DataTable):
    """Platforms as rows, methods as columns; rebuilt from the catalog on every filter change."""

    def __init__(self, catalog: Catalog, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, fixed_columns=2, **kwargs)
        self.catalog = catalog
        self.shown: list[Platform] = []

    def on_mount(self) -> None:
        self.add_column("Platform", key="platform")
        self.add_column("Kind", key="kind")
        for method in self.catalog.methods:
            self.add_column(method.short, key=method.id)

    def show(self, platforms: list[Platform], flt: GridFilter) -> None:
        """Replace the rows, keeping the cursor on the same platform and method if still shown."""
        keep_row, keep_column = self.cursor_keys()
        self.clear()
        self.shown = platforms
        rows = []
        for platform in platforms:
            marks = self.catalog.highlighted(platform.id, flt) if (flt.wallet or flt.accepts) else set()
            row: list[object] = [Text(platform.name, style="bold"), platform.kind.value]
            for method in self.catalog.methods:
                row.append(cell_text(self.catalog.cell(platform.id, method.id), method.id in marks))
            rows.append(row)
        self.add_rows(rows)
        self._restore_cursor(keep_row, keep_column)

    def cursor_keys(self) -> tuple[str | None, str | None]:
        if not self.shown or self.row_count == 0:
            return None, None
        row = self.cursor_coordinate.row
        column = self.cursor_coordinate.column
        platform = self.shown[row].id if row < len(self.shown) else None
        columns = list(self.columns)
        column_key = columns[column].value if column < len(columns) else None
        return platform, column_key

    def _restore_cursor(self, platform_id: str | None, column_key: str | None) -> None:
        row = next((i for i, p in enumerate(self.shown) if p.id == platform_id), 0)
        columns = [key.value for key in self.columns]
        column = columns.index(column_key) if column_key in columns else 2
        self.move_cursor(row=row, column=column, animate=False)

    def selected_cell(self) -> Cell | None:
        platform_id, column_key = self.cursor_keys()
        if platform_id is None or column_key not in self.catalog.method_by_id:
            return None
        return self.catalog.cell(platform_id, column_key)

