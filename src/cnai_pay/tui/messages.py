"""Typed messages that screens and widgets post upward; parents answer with data going down.

Each is a dataclass made by `mutable`, which shares equality and repr instead of compiling them
per class; Textual's `Message.__post_init__` runs the message's own set-up.
"""

from __future__ import annotations

from textual.message import Message

from ..domain.catalog import Cell
from ..value_classes import mutable


@mutable
class OpenPane(Message):
    """Open a detail pane by its registry name (see `panes`), optionally on one source."""

    name: str
    select: str | None = None


@mutable
class CellHighlighted(Message):
    """The grid's cursor rests on a new cell (None: no row is shown)."""

    cell: Cell | None


@mutable
class CellChosen(Message):
    """Enter (or a click) on a cell: show its evidence."""

    cell: Cell


@mutable
class StartChecklist(Message):
    """Prepare a first top-up for this platform, method and card provider (from a route)."""

    platform_id: str
    method_id: str
    provider_id: str = ""


@mutable
class FilterDone(Message):
    """The user is done typing in a filter; focus goes back to what it filters."""

    cleared: bool
