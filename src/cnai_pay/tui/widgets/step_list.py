"""The checklist's step list: an OptionList where ticking one step re-measures only that step.

The pinned Textual's OptionList forgets the height of every option whenever
one prompt changes, so a tick at the largest checklist re-wrapped every step's
text and notes (hundreds of milliseconds). A tick changes a step's style, not
its height, so here the line layout is kept unless the changed step's height
differs, and only that step's rendering is dropped; `restyle_option` (a tick)
does not even measure it. This leans on OptionList internals of the pinned version (8.2.8).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import OptionList


class StepList(OptionList):
    class Clicked(Message):
        """A step was clicked: the screen ticks it, as space does."""

    async def _on_click(self, event: events.Click) -> None:
        clicked = event.style.meta.get("option")
        await super()._on_click(event)
        if clicked is not None:
            self.post_message(self.Clicked())

    def restyle_option(self, option_id: str, prompt: VisualType) -> None:
        """A new prompt with the same characters at the same widths (a tick: its box, its text dimmed),
        so the same lines: wrapping a step's text and notes to measure it again costs a tick milliseconds."""
        self._new_prompt(self.get_option_index(option_id), prompt, same_height=True)

    def _replace_option_prompt(self, index: int, prompt: VisualType) -> None:
        self._new_prompt(index, prompt, same_height=False)

    def _new_prompt(self, index: int, prompt: VisualType, same_height: bool) -> None:
        option = self.get_option_at_index(index)
        before = self._line_cache.heights.get(index)
        option._set_prompt(prompt)
        cache = self._option_render_cache
        for key in [key for key in cache.keys() if key[0] is option]:
            cache.discard(key)
        region = self.scrollable_content_region
        if not region or before is None:
            self._line_cache.clear()
        elif not same_height:
            width = region.width - self._get_left_gutter_width()
            padding = self.get_component_styles("option-list--option").padding
            styles: Any = self.styles
            after = self._get_visual(option).get_height(styles, width - padding.width) + option._divider
            if after != before:
                self._line_cache.clear()
        self.refresh()
