"""One line above the footer saying what to do next, until the four steps have each been done once."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...profile import Profile
from ..flow import hint_text


class NextStep(Widget):
    hint = Text()
    # Without the four steps' names, for a line too narrow for them.
    short_hint = Text()

    def show(self, profile: Profile) -> None:
        self.hint = hint_text(profile)
        self.short_hint = hint_text(profile, flow=False)
        # Gone for good once every step was taken: the line goes back to the grid.
        self.set_class(not self.hint, "-done")
        self.refresh()

    def render(self) -> Text:
        # One line, never past the right edge: the steps' names go first, then the words end in "…".
        width = self.content_size.width
        if self.hint.cell_len <= width:
            return self.hint
        short = self.short_hint.copy()
        short.truncate(width, overflow="ellipsis")
        return short
