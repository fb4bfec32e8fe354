"""The key to the grid's column heads, under the grid where the rows allow: what `Vi`, `AI`… stand for.

It follows the grid's layout for its width, so it lists the heads actually drawn,
and says nothing when the heads are the full method names.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from .grid_layout import choose_layout
from .platform_grid import PlatformGrid


class HeadKey(Widget):
    def __init__(self, grid: PlatformGrid, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.grid = grid

    def render(self) -> Text:
        grid = self.grid
        layout = choose_layout(grid._layouts, grid.scrollable_content_region.width)
        names = {m.id: m.name for m in grid.catalog.methods}
        # Packed by hand: Rich would wrap between a head and its name.
        width = max(self.size.width, 20)
        text = Text()
        used = 0
        for column in layout.methods:
            if column.title == names[column.key]:
                continue
            entry = len(column.title) + 1 + len(names[column.key])
            if used:
                if used + 2 + entry > width:
                    text.append("\n")
                    used = 0
                else:
                    text.append("  ")
                    used += 2
            text.append(column.title, style="bold")
            text.append(" " + names[column.key])
            used += entry
        return text

    def on_resize(self) -> None:
        self.refresh()
