"""A guard for a crash in the pinned Textual (8.2.8), applied once when the UI is imported.

OptionList (and so the command palette's list) raises KeyError on page up/down
when it has options but has not been laid out yet, or has no room at all: its
line map is only built once it has a size. Our key-storm test found it through
the command palette. Moving a page there now does nothing instead of crashing;
everything else about OptionList is unchanged.
"""

from __future__ import annotations

from typing import Literal

from textual.widgets import OptionList

_original_move_page = OptionList._move_page


def _move_page_when_laid_out(self: OptionList, direction: Literal[-1, 1]) -> None:
    try:
        _original_move_page(self, direction)
    except (KeyError, IndexError):
        pass


def apply() -> None:
    if OptionList._move_page is not _move_page_when_laid_out:
        OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]
