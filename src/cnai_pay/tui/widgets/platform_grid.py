"""The platform × payment-method grid, drawn line by line.

Only the visible rows are ever drawn, and each row's cells are rendered once
per platform and kept, so a keystroke in the filter costs the filtering plus a
screenful of cached lines whether the catalogue has six platforms or ten
thousand. The platform and kind columns stay put while the method columns
scroll sideways; the header row stays put while the rows scroll.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.cards import user_cell
from ...domain.catalog import Catalog, Cell
from ...domain.filters import GridFilter, highlighted
from ...domain.model import Platform
from ...text import clean_text
from ..messages import CellChosen, CellHighlighted
from ..styled import StatusStyled
from .grid_layout import GridLayout, choose_layout, layouts

EMPTY = "No platform matches the filters · x clears them"


class PlatformGrid(StatusStyled, ScrollView, can_focus=True):
    """Platforms as rows, methods as columns; the cursor moves over the method cells."""

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("left", "move(0, -1)", "Left", show=False),
        Binding("right", "move(0, 1)", "Right", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First row", show=False),
        Binding("end", "edge(1)", "Last row", show=False),
        Binding("enter", "select_cell", "Evidence", show=False),
    ]

    COMPONENT_CLASSES = StatusStyled.COMPONENT_CLASSES | {
        "platform-grid--header",
        "platform-grid--fixed",
        "platform-grid--even-row",
        "platform-grid--cursor",
        "platform-grid--marked",
        "platform-grid--disputed",
    }

    # (row, column) of the cursor among the shown rows and the method columns.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False, always_update=True)

    def __init__(self, catalog: Catalog, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog
        self.shown: list[Platform] = []
        self.country: str | None = None
        # Who issued the user's cards: their card's column shows that card's answer (domain.cards).
        self.providers: frozenset[str] = frozenset()
        self._marks: dict[str, frozenset[str]] = {}
        self._layouts = layouts(catalog)
        # Replaced by the widest layout that fits once the grid knows its width.
        self.grid_layout: GridLayout = self._layouts[1]
        # (platform id, marks) → (fixed part, method part) segments.
        self._row_cache: dict[tuple[str, frozenset[str]], tuple[list[Segment], list[Segment]]] = {}

    @property
    def cursor_row(self) -> int:
        return self.cursor[0]

    @property
    def cursor_column(self) -> int:
        return self.cursor[1]

    # -- data ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.shown)

    def show(self, platforms: list[Platform], flt: GridFilter) -> None:
        """Replace the rows, keeping the cursor on the same platform and method if still shown."""
        wanted = flt.wallet | flt.accepts
        marks = {p.id: highlighted(self.catalog, p.id, flt) if wanted else frozenset() for p in platforms}
        same_rows = [p.id for p in platforms] == [p.id for p in self.shown]
        same_cells = (flt.country, flt.providers) == (self.country, self.providers)
        if same_rows and marks == self._marks and same_cells:
            return  # the same rows with the same marks: nothing to redraw
        if not same_cells:
            self._row_cache.clear()
            self.country, self.providers = flt.country, flt.providers
        keep, _ = self.cursor_keys()
        self.shown = platforms
        self._marks = marks
        row = next((i for i, p in enumerate(platforms) if p.id == keep), 0)
        self._set_virtual_size()
        self.scroll_to(y=max(0, min(self.scroll_y, len(platforms))), animate=False, immediate=True)
        self.cursor = (min(row, max(len(platforms) - 1, 0)), self.cursor_column)

    def cursor_keys(self) -> tuple[str | None, str | None]:
        if not self.shown:
            return None, None
        return self.shown[self.cursor_row].id, self.grid_layout.methods[self.cursor_column].key

    def selected_cell(self) -> Cell | None:
        """The data's own cell under the cursor (the evidence pane lists its claims; the preview adds
        the user's card)."""
        platform_id, method_id = self.cursor_keys()
        if platform_id is None or method_id is None:
            return None
        return self.catalog.cell(platform_id, method_id, self.country)

    def shown_cell(self, platform_id: str, method_id: str) -> Cell:
        """The cell as drawn: for a card whose provider the user named, their card's answer."""
        return user_cell(self.catalog, platform_id, method_id, self.providers, self.country)

    def move_to_cell(self, platform_id: str, method_id: str) -> bool:
        """Put the cursor on a cell by ids; False when that row or column is not shown."""
        row = next((i for i, p in enumerate(self.shown) if p.id == platform_id), None)
        column = next((i for i, c in enumerate(self.grid_layout.methods) if c.key == method_id), None)
        if row is None or column is None:
            return False
        self._move_to(row, column)
        return True

    def _set_virtual_size(self) -> None:
        self.virtual_size = Size(self.grid_layout.width, len(self.shown) + 1)

    def on_resize(self) -> None:
        if self._fit_layout(self.scrollable_content_region.width):
            self._scroll_cursor_into_view()
            self.refresh()

    def rows_width(self, outer_width: int) -> int:
        """How wide the rows are in a grid `outer_width` wide: less its gutter, and its scrollbar's,
        which the stylesheet keeps whether or not the scrollbar shows."""
        return outer_width - self.styles.gutter.width - self.styles.scrollbar_size_vertical

    def layout_for(self, outer_width: int) -> GridLayout:
        """The layout the grid takes when it is `outer_width` wide."""
        return choose_layout(self._layouts, self.rows_width(outer_width))

    def _fit_layout(self, width: int) -> bool:
        """Take the widest layout that fits `width`; True when it changed."""
        layout = choose_layout(self._layouts, width)
        if layout == self.grid_layout:
            return False
        self.grid_layout = layout
        self._row_cache.clear()
        self._set_virtual_size()
        self.name_cursor()
        return True

    def watch_cursor(self) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.name_cursor()
        self.post_message(CellHighlighted(self.selected_cell()))

    def name_cursor(self) -> None:
        """The panel's title names the cell under the cursor in full, whatever the heads' width."""
        platform_id, method_id = self.cursor_keys()
        if platform_id is None or method_id is None:
            self.border_title = "Platforms × payment methods"
            return
        method = self.catalog.method_by_id[method_id]
        column = self.grid_layout.methods[self.cursor_column]
        head = f" ({column.title})" if column.title != method.name else ""
        held = [p.name for p in self.catalog.providers_for(method_id) if p.id in self.providers]
        mine = f" · your {' or '.join(held)} card" if held else ""
        # Names from the data: as written, never read as markup ("[/]" in a name would not parse).
        title = f"{self.catalog.platform_by_id[platform_id].name} × {method.name}{head}{mine}"
        self.border_title = Content(clean_text(title))

    # -- drawing ---------------------------------------------------------------

    def _cell_segments(self, cell: Cell, width: int, marked: bool, base: Style) -> list[Segment]:
        style = base + self.status_style(cell.status)
        if cell.disputed:
            # One segment per cell keeps the "!" beside its word in every renderer.
            style += self.get_component_rich_style("platform-grid--disputed", partial=True)
        if marked:
            # Wallet and accepts matches stand out without colour too.
            style += self.get_component_rich_style("platform-grid--marked", partial=True)
        return [Segment(f" {self.grid_layout.cell_text(cell)}".ljust(width), style)]

    def _row_segments(self, platform: Platform, marks: frozenset[str]) -> tuple[list[Segment], list[Segment]]:
        key = (platform.id, marks)
        cached = self._row_cache.get(key)
        if cached is None:
            fixed_style = self.get_component_rich_style("platform-grid--fixed")
            layout = self.grid_layout
            fixed = [
                Segment(f" {layout.name_text(platform)}".ljust(layout.name_width), fixed_style),
                Segment(f" {layout.kind_text(platform)}".ljust(layout.kind_width), fixed_style + Style(bold=False)),
            ]
            methods: list[Segment] = []
            for column in self.grid_layout.methods:
                cell = self.shown_cell(platform.id, column.key)
                methods.extend(self._cell_segments(cell, column.width, column.key in marks, Style()))
            cached = self._row_cache[key] = (fixed, methods)
        return cached

    def _header(self) -> tuple[list[Segment], list[Segment]]:
        style = self.get_component_rich_style("platform-grid--header")
        layout = self.grid_layout
        fixed = [
            Segment(" Platform".ljust(layout.name_width), style),
            Segment((" K" if layout.compact else " Kind").ljust(layout.kind_width), style),
        ]
        methods = [Segment(f" {c.title}".ljust(c.width), style) for c in self.grid_layout.methods]
        return fixed, methods

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured as the screen is laid out (the grid is as tall as its rows): the width its rows
        # will have is known here, before the scrollbars are settled and before any frame, so the
        # first frame has the final layout and scrollbars. (Textual gives the room inside the gutter.)
        if self._fit_layout(self.rows_width(width + self.styles.gutter.width)):
            self.call_later(self._scroll_cursor_into_view)
        return super().get_content_height(container, viewport, width)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The first frame can be drawn before the Resize event arrives: fit the layout here too,
        # so it is already the final one (no wide layout cut at 80 columns, then a jump), and
        # before the border, whose title names the cell by the layout's column head.
        if self._fit_layout(self.scrollable_content_region.width):
            self.call_later(self._scroll_cursor_into_view)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            fixed, methods = self._header()
            background = Style()
        else:
            index = scroll_y + y - 1
            if not self.shown:
                if y == 1:
                    return Strip([Segment(f" {EMPTY}".ljust(width), base + Style(italic=True))]).crop(0, width)
                return Strip.blank(width, base)
            if index >= len(self.shown):
                return Strip.blank(width, base)
            platform = self.shown[index]
            fixed, methods = self._row_segments(platform, self._marks.get(platform.id, frozenset()))
            background = base + (self.get_component_rich_style("platform-grid--even-row") if index % 2 else Style())
            if index == self.cursor_row:
                methods = self._with_cursor(platform, methods, background)
        left = Strip(fixed).apply_style(background) if y else Strip(fixed)
        right = Strip(methods).apply_style(background) if y else Strip(methods)
        right = right.crop(scroll_x, scroll_x + max(width - self.grid_layout.fixed_width, 0))
        return Strip.join([left, right]).crop(0, width).extend_cell_length(width, base)

    def _with_cursor(self, platform: Platform, methods: list[Segment], background: Style) -> list[Segment]:
        """The row's method segments with the cursor cell drawn in the cursor style."""
        cursor_style = self.get_component_rich_style("platform-grid--cursor")
        start = sum(c.width for c in self.grid_layout.methods[: self.cursor_column])
        column = self.grid_layout.methods[self.cursor_column]
        strip = Strip(methods)
        cell = self.shown_cell(platform.id, column.key)
        body = Segment(f" {self.grid_layout.cell_text(cell)}".ljust(column.width), cursor_style)
        return [*strip.crop(0, start), body, *strip.crop(start + column.width, self.grid_layout.methods_width)]

    def notify_style_update(self) -> None:
        # A theme change restyles every cached row.
        self._row_cache.clear()
        super().notify_style_update()

    # -- movement --------------------------------------------------------------

    def _scroll_cursor_into_view(self) -> None:
        if not self.shown:
            return
        layout = self.grid_layout
        column_start = layout.fixed_width + sum(c.width for c in layout.methods[: self.cursor_column])
        column = self.grid_layout.methods[self.cursor_column]
        # Row y in virtual space is cursor_row + 1 (the header takes line 0, which never scrolls).
        visible_rows = max(self.scrollable_content_region.height - 1, 1)
        y = self.scroll_y
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + visible_rows:
            y = self.cursor_row - visible_rows + 1
        visible_width = max(self.scrollable_content_region.width - self.grid_layout.fixed_width, 1)
        x = self.scroll_x
        left = column_start - self.grid_layout.fixed_width
        if left < x:
            x = left
        elif left + column.width > x + visible_width:
            # Scroll by whole columns, so the first visible method column is never cut.
            starts = [sum(c.width for c in self.grid_layout.methods[:i]) for i in range(self.cursor_column + 1)]
            x = next((s for s in starts if left + column.width - s <= visible_width), left)
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def _move_to(self, row: int, column: int) -> None:
        if not self.shown:
            return
        self.cursor = (max(0, min(row, len(self.shown) - 1)), max(0, min(column, len(self.grid_layout.methods) - 1)))

    def action_move(self, rows: int, columns: int) -> None:
        self._move_to(self.cursor_row + rows, self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - 2, 1)
        self._move_to(self.cursor_row + direction * page, self.cursor_column)

    def action_edge(self, direction: int) -> None:
        self._move_to(0 if direction < 0 else len(self.shown) - 1, self.cursor_column)

    def action_select_cell(self) -> None:
        cell = self.selected_cell()
        if cell is not None:
            self.post_message(CellChosen(cell))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.shown:
            return
        # A click on a head moves the cursor to that column, in the row it is on.
        row = self.scroll_offset.y + offset.y - 1 if offset.y else self.cursor_row
        x = offset.x - self.grid_layout.fixed_width
        if row >= len(self.shown) or x < 0:
            return
        x += self.scroll_offset.x
        start = 0
        for index, column in enumerate(self.grid_layout.methods):
            if start <= x < start + column.width:
                already = (row, index) == (self.cursor_row, self.cursor_column)
                self._move_to(row, index)
                if offset.y and (already or event.chain == 2):
                    self.action_select_cell()
                return
            start += column.width
