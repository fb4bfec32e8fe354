"""A yes-or-no question in a dialog."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from ...text import clean_text


class ConfirmScreen(ModalScreen[bool | None]):
    """Dismisses with True (yes), False (no) or, when `cancel` is offered, None (Esc or Cancel)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("y", "yes", "Yes", show=False),
        Binding("n", "no", "No", show=False),
    ]

    def __init__(
        self,
        title: str,
        question: str,
        yes: str = "Yes",
        no: str = "No",
        cancel: bool = False,
        safe: str = "no",
    ) -> None:
        super().__init__()
        self.heading, self.question, self.yes_label, self.no_label = title, question, yes, no
        self.cancel = cancel
        # The button Enter presses at first: the answer that loses nothing ("yes", "no" or "cancel").
        self.safe = safe

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Questions quote paths and file names: never their control characters.
            yield Label(clean_text(self.heading), classes="dialog-title", markup=False)
            yield Label(clean_text(self.question, newlines=True), classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, variant="primary", id="confirm-yes")
                yield Button(self.no_label, id="confirm-no")
                if self.cancel:
                    yield Button("Cancel", id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one(f"#confirm-{self.safe}").focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answers = {"confirm-yes": True, "confirm-no": False}
        self.dismiss(answers.get(event.button.id or ""))

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(None if self.cancel else False)
