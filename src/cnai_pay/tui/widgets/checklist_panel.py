"""The side panel: the personal checklist with its budget, progress and steps."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...checklist.model import Checklist, Step
from ...text import truncate
from .progress_line import ProgressLine
from .step_list import StepList

EMPTY = (
    "No checklist yet.\n\n"
    "Put the grid's cursor on a platform × method cell and press p, "
    "or press o to choose a platform and a payment method; C lists the checklists you saved."
)
KEYS = "tab steps · space tick · C checklists · n note · d outcome · e export · o choose · i open"


def step_prompt(step: Step) -> Text:
    text = Text()
    text.append("[x] " if step.done else "[ ] ", style="bold")
    if step.warning:
        text.append("⚠ ", style="bold")
    text.append(step.text, style="dim" if step.done else "")
    for number, line in enumerate(step.note.splitlines()):
        text.append("\n      " if number else "\n    ✎ ")
        text.append(line, style="italic")
    return text


def _shown_state(step: Step) -> tuple[str, bool, str, bool]:
    return (step.text, step.done, step.note, step.warning)


def _only_ticked(shown: tuple[str, bool, str, bool], state: tuple[str, bool, str, bool]) -> bool:
    """Only the box changed: '[x]' for '[ ]' and the text's style, on the same lines."""
    return (shown[0], shown[2], shown[3]) == (state[0], state[2], state[3])


class ChecklistPanel(Vertical):
    """Shows the checklist it is given; the checklist's controller owns the checklist and saves it."""

    def __init__(
        self, checklist: Checklist | None = None, reasons: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        # Decline id → the reason in words, for the outcome line.
        self.reasons = reasons or {}
        # What to show once mounted (the screen creates the panel the first time it is needed).
        self.pending = checklist
        self.ready = False
        # What each shown option displays, so a tick redraws one row, not all of them.
        self.shown: dict[str, tuple[str, bool, str, bool]] = {}
        self.budget_shown: tuple[str, str] = ("", "")
        # Tab before the panel was ever shown: its steps take the focus once they exist.
        self.focus_when_mounted = False

    def on_mount(self) -> None:
        self.border_title = "Checklist"
        self.ready = True
        self.show(self.pending)
        if self.focus_when_mounted:
            self.focus_steps()

    def compose(self) -> ComposeResult:
        yield Static("Checklist", id="checklist-title", markup=False)
        yield Static("", id="checklist-budget", markup=False)
        yield ProgressLine(id="checklist-progress")
        yield StepList(id="checklist-steps")
        yield Static(EMPTY, id="checklist-empty", markup=False)
        yield Static(KEYS, id="checklist-keys", markup=False)

    def show(self, checklist: Checklist | None) -> None:
        self.pending = checklist
        if not self.ready:
            return
        steps = self.query_one("#checklist-steps", StepList)
        has = checklist is not None
        for widget_id in ("#checklist-budget", "#checklist-progress", "#checklist-steps"):
            self.query_one(widget_id).display = has
        self.query_one("#checklist-empty").display = not has
        if checklist is None:
            self.query_one("#checklist-title", Static).update("Checklist")
            steps.clear_options()
            self.shown = {}
            self.budget_shown = ("", "")
            return
        done, total = checklist.done_count, len(checklist.steps)
        budget = f"Budget {checklist.budget_text}\nMinimum top-up: {checklist.minimum_text}"
        if checklist.outcome is not None:
            outcome = checklist.outcome
            said = (
                "it worked"
                if outcome.result == "worked"
                else "declined"
                + (f": {truncate(self.reasons.get(outcome.reason, outcome.reason), 60)}" if outcome.reason else "")
            )
            budget += f"\nOutcome: {said}, {outcome.recorded:%Y-%m-%d}"
        title = f"{checklist.platform_name} × {checklist.method_name}"
        if (title, budget) != self.budget_shown:
            # Only when they change: new text may change the panel's layout, which a tick must not.
            self.query_one("#checklist-title", Static).update(Text.assemble(("Checklist: ", "bold"), title))
            self.query_one("#checklist-budget", Static).update(budget)
            self.budget_shown = (title, budget)
        self.query_one(ProgressLine).show(done, total)
        if list(self.shown) == [step.id for step in checklist.steps]:
            for step in checklist.steps:
                shown, state = self.shown[step.id], _shown_state(step)
                if shown == state:
                    continue
                if _only_ticked(shown, state):
                    steps.restyle_option(step.id, step_prompt(step))
                else:
                    steps.replace_option_prompt(step.id, step_prompt(step))
                self.shown[step.id] = state
            return
        keep = steps.highlighted
        steps.clear_options()
        steps.add_options([Option(step_prompt(step), id=step.id) for step in checklist.steps])
        self.shown = {step.id: _shown_state(step) for step in checklist.steps}
        if checklist.steps:
            steps.highlighted = min(keep or 0, len(checklist.steps) - 1)

    def focus_steps(self) -> None:
        if self.ready:
            self.query_one("#checklist-steps").focus()
        else:
            self.focus_when_mounted = True

    def show_count(self, count: int) -> None:
        """How many checklists there are, under the panel, once there is more than one."""
        self.border_subtitle = f"{count} checklists · C lists them" if count > 1 else ""

    def selected_step_id(self) -> str | None:
        if not self.ready:
            return None
        steps = self.query_one("#checklist-steps", OptionList)
        if steps.highlighted is None or not steps.option_count:
            return None
        return steps.get_option_at_index(steps.highlighted).id
