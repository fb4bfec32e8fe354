"""Typed messages that screens and widgets post upward; parents answer with data going down."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..domain.catalog import Cell


@dataclass
class OpenPane(Message):
    """Open a detail pane by its registry name (see `panes`), optionally on one source."""

    name: str
    select: str | None = None


@dataclass
class CellHighlighted(Message):
    """The grid's cursor rests on a new cell (None: no row is shown)."""

    cell: Cell | None


@dataclass
class CellChosen(Message):
    """Enter (or a click) on a cell: show its evidence."""

    cell: Cell


@dataclass
class StartChecklist(Message):
    """Prepare a first top-up for this platform, method and card provider (from a route)."""

    platform_id: str
    method_id: str
    provider_id: str = ""


@dataclass
class FilterDone(Message):
    """The user is done typing in a filter; focus goes back to what it filters."""

    cleared: bool
