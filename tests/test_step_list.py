"""The step list redraws the step that changed: a tick is not measured again, a longer note is."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content

from cnai_pay.checklist.steps import build_checklist
from cnai_pay.domain.catalog import Catalog
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel
from cnai_pay.tui.widgets.step_list import StepList


class PanelApp(App[None]):
    def __init__(self, panel: ChecklistPanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel


def first_line(steps: StepList, index: int) -> str:
    line = steps._line_cache.index_to_line[index] - steps.scroll_offset.y
    return steps.render_line(line).text


async def test_a_tick_keeps_every_steps_lines_and_a_new_note_takes_its_own(
    mini: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    checklist = build_checklist(mini, "alpha", "visa")
    panel = ChecklistPanel(checklist)
    async with PanelApp(panel).run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        steps = panel.query_one(StepList)
        lines = list(steps._line_cache.lines)
        measured: list[Any] = []
        real = Content.get_height
        monkeypatch.setattr(Content, "get_height", lambda self, *a: measured.append(self) or real(self, *a))

        checklist.steps[1].done = True
        panel.show(checklist)
        await pilot.pause()
        assert steps._line_cache.lines == lines and not measured  # the same lines, nothing wrapped again
        assert first_line(steps, 1).startswith("[x] ") and first_line(steps, 0).startswith("[ ] ")

        checklist.steps[1].note = "first line\nsecond line"
        panel.show(checklist)
        steps._update_lines()  # as the next redraw does
        assert measured and len(steps._line_cache.lines) == len(lines) + 2  # laid out again: two lines more
        below = steps._line_cache.index_to_line[1] + 1 - steps.scroll_offset.y
        assert "✎ first line" in steps.render_line(below).text and first_line(steps, 2).startswith("[ ] ")
