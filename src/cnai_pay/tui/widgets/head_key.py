"""The key to the grid's column heads, under the grid where the rows allow: what `Vi`, `AI`… stand for.

It follows the grid's layout for its width, so it lists the heads actually drawn,
and says nothing when the heads are the full method names.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from .platform_grid import PlatformGrid


class HeadKey(Widget):
    def __init__(self, grid: PlatformGrid, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.grid = grid
        # (column width, key width) while measured for a layout; None when drawn.
        self._measured_at: tuple[int, int] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured while the column is laid out: this layout's widths, not those of the layout before
        # (at the first, none), neither the key's own nor the grid's beside it, whose width for this
        # layout is not known yet. So the first frame has the key's final height.
        self.clear_cached_dimensions()
        # Textual gives the room inside the key's padding; the column is that and the padding.
        self._measured_at = (container.width + self.styles.gutter.width, width)
        try:
            return super().get_content_height(container, viewport, width)
        finally:
            self._measured_at = None

    def render(self) -> Text:
        column, width = self._measured_at or (self.outer_size.width, self.size.width)
        grid = self.grid
        layout = grid.layout_for(column)  # the grid shares the column
        names = {m.id: m.name for m in grid.catalog.methods}
        # Packed by hand: Rich would wrap between a head and its name.
        width = max(width, 20)
        text = Text()
        used = 0
        for column_head in layout.methods:
            if column_head.title == names[column_head.key]:
                continue
            entry = len(column_head.title) + 1 + len(names[column_head.key])
            if used:
                if used + 2 + entry > width:
                    text.append("\n")
                    used = 0
                else:
                    text.append("  ")
                    used += 2
            text.append(column_head.title, style="bold")
            text.append(" " + names[column_head.key])
            used += entry
        return text

    def on_resize(self) -> None:
        self.refresh()
