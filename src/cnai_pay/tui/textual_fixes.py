"""Guards for crashes in the pinned Textual (8.2.8), applied once when the UI is imported.

Each was found by the key-storm test (keys arriving faster than they are handled,
as over a slow SSH link or from a paste) and each turns a crash into doing nothing:

- OptionList (and so the command palette's list) raises KeyError on page up/down
  when it has options but has not been laid out yet, or has no room at all: its
  line map is only built once it has a size. Moving a page there does nothing.
- A screen that handles a message already queued when it was dismissed (Enter
  reaching the command palette after Esc closed it) dismisses again, and Textual
  then pops whatever screen is on top: the grid itself ("Can't pop screen"), or a
  pane the user did not close. A screen that is not on top is not dismissed.
- The command palette's search worker looks up its list after the palette was
  closed (NoMatches). A closed palette's search ends quietly.
- A Header updates its title after its screen was popped and its children removed
  (NoMatches: a pane opened and closed in one burst). Textual already ignores
  NoScreen there; NoMatches is ignored the same way.

Everything else about these classes is unchanged.
"""

from __future__ import annotations

from typing import Any, Literal

from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets._header import HeaderTitle

_original_move_page = OptionList._move_page
_original_dismiss = Screen.dismiss
_original_gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]  # under its @work


def _move_page_when_laid_out(self: OptionList, direction: Literal[-1, 1]) -> None:
    try:
        _original_move_page(self, direction)
    except (KeyError, IndexError):
        pass


def _dismiss_when_on_top(self: Screen[Any], result: Any = None) -> AwaitComplete:
    if self.app.screen is not self:
        return AwaitComplete()
    return _original_dismiss(self, result)


@work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
async def _gather_while_open(self: CommandPalette, search_value: str) -> None:
    try:
        await _original_gather(self, search_value)
    except NoMatches:
        if self.app.screen is self:
            raise


def _header_on_mount(self: Header, _: Mount) -> None:
    # Textual's own Header._on_mount, with NoMatches ignored beside NoScreen.
    async def set_title() -> None:
        try:
            self.query_one(HeaderTitle).update(self.format_title())
        except (NoScreen, NoMatches):
            pass

    self.watch(self.app, "title", set_title)
    self.watch(self.app, "sub_title", set_title)
    self.watch(self.screen, "title", set_title)
    self.watch(self.screen, "sub_title", set_title)


def apply() -> None:
    if OptionList._move_page is not _move_page_when_laid_out:
        OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]
        Screen.dismiss = _dismiss_when_on_top  # type: ignore[method-assign]
        CommandPalette._gather_commands = _gather_while_open  # type: ignore[method-assign]
        Header._on_mount = _header_on_mount  # type: ignore[method-assign]
