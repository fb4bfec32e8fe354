"""One line above the footer saying what to do next, until the four steps have each been done once."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...profile import Profile
from ..flow import hint_text


class NextStep(Widget):
    hint = Text()

    def show(self, profile: Profile) -> None:
        self.hint = hint_text(profile)
        # Gone for good once every step was taken: the line goes back to the grid.
        self.set_class(not self.hint, "-done")
        self.refresh()

    def render(self) -> Text:
        return self.hint
