"""An Input whose editing keys keep their place among typed characters.

In the pinned Textual, a typed character is inserted as soon as the Input
reads its key, but an editing key (backspace, delete, cursor moves) travels up
to the App to be matched against bindings first. When several keys arrive in
one read, as over a slow SSH link, `abc`, backspace, `def` became "abcde":
the backspace ran after the later letters. Here the Input runs its own editing
bindings the moment it reads the key, so the result is "abdef".
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


def _editing_actions() -> dict[str, str]:
    actions: dict[str, str] = {}
    for binding in Input.BINDINGS:
        if isinstance(binding, Binding) and binding.action not in ("submit", "copy", "paste", "cut"):
            for key in binding.key.split(","):
                actions[key.strip()] = binding.action
    return actions


EDITING_ACTIONS = _editing_actions()


class OrderedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        action = EDITING_ACTIONS.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        await super()._on_key(event)
