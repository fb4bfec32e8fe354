"""A multi-line note for a checklist step: pasted lines are kept, control characters removed."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from ...checklist.model import MAX_NOTE
from ...text import clean_text


class NoteEditorScreen(ModalScreen[str | None]):
    """ctrl+s saves, Esc cancels (asking first when something was typed); Enter starts a new line."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, step_text: str, note: str, keep: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.step_text = step_text
        self.note = note
        # Saves a note at once, without the dialog: what `keep_typed` hands what was typed to.
        self.keep = keep

    def keep_typed(self) -> None:
        """The app is stopped by a signal (a closed terminal): what was typed is kept as the note."""
        text = self.query_one(TextArea).text
        if self.keep is not None and text != self.note:
            self.keep(_as_note(text[:MAX_NOTE]))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label("Note for this step", classes="dialog-title")
            yield Label(clean_text(self.step_text), classes="dialog-hint", markup=False)
            yield TextArea(self.note, soft_wrap=True, show_line_numbers=False, id="note-text")
            yield Label("", id="note-message", classes="dialog-message", markup=False)
            yield Label(f"ctrl+s save · esc cancel · at most {MAX_NOTE:,} characters", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(TextArea.Changed)
    def changed(self, event: TextArea.Changed) -> None:
        length = len(event.text_area.text)
        message = self.query_one("#note-message", Label)
        over = length > MAX_NOTE
        message.update(f"{length:,} characters: {length - MAX_NOTE:,} too many to save." if over else "")
        message.set_class(over, "-error")

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if len(text) > MAX_NOTE:
            return
        self.dismiss(_as_note(text))

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.note:
            self.dismiss(None)
            return
        from .confirm import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard this note?", "What you typed here is not saved yet.", "Discard", "Keep editing"),
            answer,
        )


def _as_note(text: str) -> str:
    """Typed text as a step's note: its lines kept, control characters and outer space removed."""
    return clean_text(text, newlines=True).strip()
