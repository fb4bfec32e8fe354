"""A small modal asking for one line of text (a note, a file path)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...text import clean_text
from ..widgets.ordered_input import OrderedInput


class TextPromptScreen(ModalScreen[str | None]):
    """Enter accepts, Esc cancels. Subclasses may check the value before closing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, hint: str, value: str = "", placeholder: str = "", check: Callable[[str], str] | None = None
    ) -> None:
        super().__init__()
        # Says what is wrong with a value ('' when it is fine); the dialog stays open until it is.
        self.check = check
        self.heading = title
        self.hint = hint
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Paths and file names reach these: never their control characters.
            yield Label(clean_text(self.heading), classes="dialog-title", markup=False)
            yield Label(clean_text(self.hint, newlines=True), classes="dialog-hint", markup=False)
            yield OrderedInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-message", classes="dialog-message", markup=False)
            yield Label("enter confirm · esc cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.set_message("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def submit(self, value: str) -> None:
        problem = self.check(value) if self.check else ""
        if problem:
            self.set_message(problem, error=True)
            return
        self.dismiss(value)

    def set_message(self, message: str, error: bool = False) -> None:
        label = self.query_one("#prompt-message", Label)
        label.update(clean_text(message, newlines=True))
        label.set_class(error, "-error")

    def action_cancel(self) -> None:
        self.dismiss(None)
