"""A row table for long lists: it holds the first rows and adds the next page as the cursor
or the scroll nears the end, so a pane with 20,000 rows opens as fast as one with 20."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Self, TypeVar

from rich.text import Text

from .row_table import RowTable

Item = TypeVar("Item")
# A row's cells and its key.
Row = tuple[Sequence[Any], str]


def _lines(cells: Sequence[Any]) -> int:
    """A row's height: its tallest cell's lines (a cell wrapped to its column has several)."""
    return max((len(cell.plain.splitlines()) if isinstance(cell, Text) else 1 for cell in cells), default=1)


class PagedTable(RowTable, Generic[Item]):
    """A `DataTable` fed from a sequence of items, one page of rows at a time.

    Textual's DataTable measures and stores every row it is given, which at tens of thousands
    of rows takes seconds; here a row is built only when it is about to be reached. Row i is
    always item i, so the cursor row indexes the sequence the pane passed.
    """

    PAGE = 200

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: Sequence[Item] = ()
        self.make_row: Callable[[Item], Row] = lambda item: ((), "")
        # Adding a row can move the cursor, whose watcher would add a page inside this one.
        self._adding = False

    @property
    def total(self) -> int:
        """How many rows the table holds once every page is added."""
        return len(self.items)

    def show(self, items: Sequence[Item], make_row: Callable[[Item], Row]) -> None:
        """Replaces the rows with the first page of `items`; the others follow on demand."""
        self.clear()
        self.items, self.make_row = items, make_row
        self.add_page()

    def clear(self, columns: bool = False) -> Self:
        # Clearing moves the cursor to the top, whose watcher must not add the old items' next page
        # (into a table whose columns may be gone).
        self.items = ()
        return super().clear(columns)

    def add_page(self, up_to: int | None = None) -> None:
        """Adds the next page of rows, or every row before index `up_to`."""
        if self._adding:
            return
        start = self.row_count
        stop = min(self.total, max(start + self.PAGE, up_to or 0))
        self._adding = True
        try:
            for item in self.items[start:stop]:
                cells, key = self.make_row(item)
                self.add_row(*cells, key=key, height=_lines(cells))
        finally:
            self._adding = False

    def _near_the_end(self) -> bool:
        if self.row_count >= self.total:
            return False
        rows_below_cursor = self.row_count - 1 - self.cursor_row
        screen_rows = max(self.scrollable_content_region.height, 1)
        scrolled_to_bottom = self.scroll_y + 2 * screen_rows >= self.row_count
        return rows_below_cursor < 2 * screen_rows or scrolled_to_bottom

    def watch_cursor_coordinate(self, old_coordinate: Any, new_coordinate: Any) -> None:
        super().watch_cursor_coordinate(old_coordinate, new_coordinate)
        if self._near_the_end():
            self.add_page()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._near_the_end():
            self.add_page()

    def action_scroll_bottom(self) -> None:
        # Ctrl+End means the last row, not the last one added so far: this adds them all.
        self.add_page(up_to=self.total)
        super().action_scroll_bottom()
