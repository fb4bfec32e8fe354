"""Column widths that fit a table into the room it has: the widest wrappable column gives way first.

DataTable sizes columns to their content and scrolls sideways when they do not fit, which cuts a
route's flags off at 80 columns. Here the columns that may wrap (names, flags) shrink, widest
first, down to their floors; their cells are then wrapped to the width they get, and a row is as
tall as its tallest cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from ..text import display_width, wrap


def fit_widths(natural: Sequence[int], floors: Sequence[int | None], room: int) -> list[int]:
    """Widths no wider than `natural`; a column whose floor is None never shrinks. The sum stays
    above `room` only when every shrinkable column is at its floor."""
    widths = list(natural)
    while sum(widths) > room:
        shrinkable = [i for i, floor in enumerate(floors) if floor is not None and widths[i] > floor]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        floor = floors[widest]
        assert floor is not None
        others = sorted((widths[i] for i in shrinkable if i != widest), reverse=True)
        # Down to the next widest column (or the floor, or the room) in one step.
        target = max(floor, others[0] if others else floor, widths[widest] - (sum(widths) - room))
        widths[widest] = target if target < widths[widest] else widths[widest] - 1
    return widths


def wrapped(text: str, width: int, style: Style | str = "") -> Text:
    """A cell's text wrapped at words to `width` (a word longer than that is cut with …)."""
    lines = wrap(text, width) if display_width(text) > width else [text]
    return Text("\n".join(lines), style=style)
