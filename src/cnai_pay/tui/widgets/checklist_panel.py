"""The side panel: the personal checklist with its budget, progress and steps."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from ...checklist.model import Checklist, Step

EMPTY = (
    "No checklist yet.\n\n"
    "Put the grid's cursor on a platform × method cell and press p, "
    "or press o to choose a platform and a payment method."
)
KEYS = "space tick · n note · e export · o choose · i import"


def step_prompt(step: Step) -> Text:
    text = Text()
    text.append("[x] " if step.done else "[ ] ", style="bold green" if step.done else "bold")
    if step.warning:
        text.append("⚠ ", style="bold yellow")
    text.append(step.text, style="dim" if step.done else "")
    if step.note:
        text.append("\n    ✎ ")
        text.append(step.note, style="italic")
    return text


class ChecklistPanel(Vertical):
    """Shows the checklist it is given; the app owns the checklist and saves it."""

    def __init__(self, checklist: Checklist | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # What to show once mounted (the app creates the panel the first time it is needed).
        self.pending = checklist
        self.ready = False

    def on_mount(self) -> None:
        self.ready = True
        self.show(self.pending)

    def compose(self) -> ComposeResult:
        yield Static("Checklist", id="checklist-title", markup=False)
        yield Static("", id="checklist-budget", markup=False)
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="checklist-progress")
        yield OptionList(id="checklist-steps")
        yield Static(EMPTY, id="checklist-empty", markup=False)
        yield Static(KEYS, id="checklist-keys", markup=False)

    def show(self, checklist: Checklist | None) -> None:
        self.pending = checklist
        if not self.ready:
            return
        steps = self.query_one("#checklist-steps", OptionList)
        has = checklist is not None
        for widget_id in ("#checklist-budget", "#checklist-progress", "#checklist-steps"):
            self.query_one(widget_id).display = has
        self.query_one("#checklist-empty").display = not has
        if checklist is None:
            self.query_one("#checklist-title", Static).update("Checklist")
            steps.clear_options()
            return
        done, total = checklist.done_count, len(checklist.steps)
        self.query_one("#checklist-title", Static).update(
            Text.assemble(("Checklist: ", "bold"), f"{checklist.platform_name} × {checklist.method_name}")
        )
        self.query_one("#checklist-budget", Static).update(
            f"Budget {checklist.budget_text}\nMinimum top-up: {checklist.minimum_text}\n{done} of {total} done"
        )
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        keep = steps.highlighted
        steps.clear_options()
        steps.add_options([Option(step_prompt(step), id=step.id) for step in checklist.steps])
        if checklist.steps:
            steps.highlighted = min(keep or 0, len(checklist.steps) - 1)

    def selected_step_id(self) -> str | None:
        if not self.ready:
            return None
        steps = self.query_one("#checklist-steps", OptionList)
        if steps.highlighted is None or not steps.option_count:
            return None
        return steps.get_option_at_index(steps.highlighted).id
