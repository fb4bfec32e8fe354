"""Guards for crashes in Textual 8.2.8, applied once when the UI is imported, on that version only.

Each turns a crash into doing nothing, and each has a strict-xfail test in
tests/test_textual_fixes.py that runs Textual's own code on the same case: when a Textual
release fixes the bug, that test passes, fails as strict, and says the guard can go. On any
other version `apply` changes nothing and says so (the app shows it): a guard written against
one version's internals is not laid over another's. Found by the key-storm test (keys arriving
faster than they are handled, as over a slow SSH link or from a paste):

- OptionList (and so the command palette's list) raises KeyError on page up/down when it has
  options but no line map yet: the map is built once it is laid out with a size, and a list
  with no room (height 0) or one just filled has none. No upstream issue found; the same
  crash is reported against another app (kagan-sh/kagan-legacy#31). Paging there does nothing.
- Screen.dismiss on a screen that is no longer on top (a message queued before it closed,
  such as Enter reaching the command palette after Esc) pops whatever screen is on top: the
  grid itself ("Can't pop screen"), or a pane the user did not close. Upstream agreed this is
  wrong (Textualize/textual#2575) but 8.2.8 still pops. A screen not on top is not dismissed.
- The command palette's search worker queries its list after the palette has closed
  (NoMatches). No upstream issue found. A closed palette's search ends quietly.
- Header's title watcher queries HeaderTitle after its screen was popped and its children
  removed (NoMatches: a pane opened and closed in one burst). Textual already ignores NoScreen
  there; NoMatches is ignored the same way. No upstream issue found.

Six speed fixes ride on the same version check (`textual_speedups`): a resize to the size the app
already has is dropped, a screen is not laid out again at the size it was just laid out at, the
screen under a dialog is dimmed once per style, an opening screen is styled once, a screen
that has not drawn for a frame's time draws at once, and no frame is drawn inside a batch only
to be dropped (see there). The stylesheets come parsed from the wheel where they can
(`parsed_css`).

The private methods the app overrides elsewhere (App._handle_exception and
App._print_error_renderables in app.py, OptionList._replace_option_prompt in
widgets/step_list.py) are checked by the same test module to exist with the signatures they
were written for, and the screen's bindings to come in the shape the footer reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import textual
from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets._header import HeaderTitle

from . import parsed_css, textual_speedups

_original_move_page = OptionList._move_page
_original_dismiss = Screen.dismiss
_original_header_on_mount = Header._on_mount
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


# The version every guard here was written and tested against (pinned in pyproject.toml).
FOR_TEXTUAL = "8.2.8"


def textual_version() -> str:
    """The installed Textual's version, from its dist-info folder's name beside the package.

    Cheaper than importlib.metadata, which alone would cost a fifth of the start-up time.
    """
    site = Path(textual.__file__).resolve().parent.parent
    for info in site.glob("textual-*.dist-info"):
        return info.name.removeprefix("textual-").removesuffix(".dist-info")
    from importlib.metadata import version  # an unusual installation: ask the slow way

    return version("textual")


def apply() -> str:
    """Lay the guards over Textual; '' or why they were not, for the user."""
    found = textual_version()
    if found != FOR_TEXTUAL:
        return f"Textual {found} is installed, not {FOR_TEXTUAL}: its crash guards are off (see textual_fixes.py)."
    if OptionList._move_page is not _move_page_when_laid_out:
        OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]
        Screen.dismiss = _dismiss_when_on_top  # type: ignore[method-assign]
        CommandPalette._gather_commands = _gather_while_open  # type: ignore[method-assign]
        Header._on_mount = _header_on_mount  # type: ignore[method-assign]
        textual_speedups.apply()
        parsed_css.apply(found)
    return ""
