"""Record how the first top-up went: it worked, or it was declined, why (from the troubleshooting
list) and a note. Saved and exported with the checklist, dated."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, Select, TextArea

from ...checklist.model import MAX_NOTE, Checklist, Outcome, utc_now
from ...domain.model import Decline
from ...text import clean_text, truncate
from ..select_values import keeping


class OutcomeScreen(ModalScreen[Outcome | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, checklist: Checklist, declines: list[Decline]) -> None:
        super().__init__()
        self.checklist = checklist
        self.declines = declines

    def compose(self) -> ComposeResult:
        previous = self.checklist.outcome
        declined = previous is not None and previous.result == "declined"
        with VerticalScroll(classes="dialog", id="outcome"):
            yield Label(
                f"How did the top-up on {self.checklist.platform_name} go?", classes="dialog-title", markup=False
            )
            with RadioSet(id="outcome-result"):
                yield RadioButton("It worked", value=not declined, id="outcome-worked")
                yield RadioButton("It was declined", value=declined, id="outcome-declined")
            yield Label("Why it was declined (from the troubleshooting list)", id="outcome-reason-label")
            reasons, reason = keeping(
                [(Text(truncate(d.reason, 60)), d.id) for d in self.declines], previous.reason if previous else ""
            )
            yield Select(
                reasons,
                value=reason,
                prompt="not sure",
                compact=True,
                id="outcome-reason",
            )
            yield Label("Note (what happened, what you tried)")
            yield TextArea(previous.note if previous else "", soft_wrap=True, id="outcome-note")
            yield Label("", id="outcome-message", classes="dialog-message", markup=False)
            yield Label("ctrl+s save · esc cancel", classes="dialog-keys")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="outcome-save")
                yield Button("Cancel", id="outcome-cancel")

    def on_mount(self) -> None:
        self.show_reason()
        self.query_one(RadioSet).focus()

    @property
    def declined(self) -> bool:
        return self.query_one("#outcome-declined", RadioButton).value

    @on(RadioSet.Changed)
    def result_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.show_reason()

    def show_reason(self) -> None:
        # The chosen answer says so in words too: the radio dot differs only by colour.
        for widget_id, label in (("#outcome-worked", "It worked"), ("#outcome-declined", "It was declined")):
            button = self.query_one(widget_id, RadioButton)
            button.label = f"{label} ← chosen" if button.value else label
        for widget_id in ("#outcome-reason", "#outcome-reason-label"):
            self.query_one(widget_id).display = self.declined

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "outcome-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        note = self.query_one(TextArea).text
        if len(note) > MAX_NOTE:
            self.query_one("#outcome-message", Label).update(
                f"The note is {len(note):,} characters; at most {MAX_NOTE:,} are kept."
            )
            return
        reason = self.query_one("#outcome-reason", Select).value if self.declined else Select.NULL
        self.dismiss(
            Outcome(
                result="declined" if self.declined else "worked",
                recorded=utc_now(),
                reason="" if reason is Select.NULL else str(reason),
                note=clean_text(note, newlines=True).strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
