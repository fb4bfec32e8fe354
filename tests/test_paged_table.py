"""The paged table builds rows a page at a time and still reaches every row, in order."""

from __future__ import annotations

from textual.app import App, ComposeResult

from cnai_pay.tui.widgets.paged_table import PagedTable, Row

ITEMS = range(1000)


def row(item: int) -> Row:
    return (str(item), f"item {item}"), f"k{item}"


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PagedTable[int](id="table")

    def on_mount(self) -> None:
        table: PagedTable[int] = self.query_one(PagedTable)
        table.add_columns("#", "name")
        table.show(ITEMS, row)
        table.focus()


async def test_rows_follow_the_cursor_and_ctrl_end_reaches_the_last() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table: PagedTable[int] = app.query_one(PagedTable)
        assert table.row_count == PagedTable.PAGE and table.total == len(ITEMS)
        for _ in range(PagedTable.PAGE):  # one page of ↓ crosses into the next page
            table.action_cursor_down()
        await pilot.pause()
        assert table.cursor_row == PagedTable.PAGE
        assert PagedTable.PAGE < table.row_count < len(ITEMS)
        await pilot.press("ctrl+end")
        assert table.row_count == len(ITEMS) and table.cursor_row == len(ITEMS) - 1
        assert table.get_row_at(table.cursor_row) == ["999", "item 999"]
        assert [table.coordinate_to_cell_key((i, 0)).row_key.value for i in (0, 500, 999)] == ["k0", "k500", "k999"]


async def test_scrolling_down_adds_rows_and_show_starts_again() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table: PagedTable[int] = app.query_one(PagedTable)
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await pilot.pause()
        assert table.row_count > PagedTable.PAGE and table.cursor_row == 0
        table.show(range(5), row)
        assert table.row_count == table.total == 5


async def test_home_and_end_go_to_the_first_and_last_row() -> None:
    # DataTable's Home and End went to the first and last column, so in a pane they did nothing.
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table: PagedTable[int] = app.query_one(PagedTable)
        await pilot.press("down", "down", "end")
        assert table.row_count == len(ITEMS) and table.cursor_row == len(ITEMS) - 1
        await pilot.press("home")
        assert table.cursor_row == 0
