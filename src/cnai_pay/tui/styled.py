"""Status colours as component classes, styled by the theme in `app.tcss` (`:nocolor` rules in
`nocolor.tcss`).

A widget or screen that draws statuses mixes this in and asks for a status's
style; the colour comes from the theme ($text-success…), and NO_COLOR keeps the
glyphs and words with the emphasis but no hue.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rich.style import Style
from textual.widget import Widget

from ..domain.model import RefundPolicy, Status

STATUS_CLASSES = {
    Status.SUPPORTED: "status--yes",
    Status.NOT_SUPPORTED: "status--no",
    Status.CONDITIONAL: "status--cond",
    Status.UNKNOWN: "status--unknown",
}
POLICY_CLASSES = {
    RefundPolicy.REFUNDABLE: "status--yes",
    RefundPolicy.NOT_REFUNDABLE: "status--no",
    RefundPolicy.UNKNOWN: "status--unknown",
    RefundPolicy.NOT_APPLICABLE: "status--note",
}
EXTRA_CLASSES = {"status--warn", "status--note", "status--old"}


class StatusStyled:
    """Mixin for widgets and screens that colour statuses through component classes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STATUS_CLASSES.values()) | EXTRA_CLASSES

    def status_style(self, value: Any) -> Style:
        name = STATUS_CLASSES.get(value) or POLICY_CLASSES.get(value) or "status--note"
        return self.named_style(name.removeprefix("status--"))

    def named_style(self, name: str) -> Style:
        widget = cast(Widget, self)  # mixed into widgets: they provide the component styles
        return widget.get_component_rich_style(f"status--{name}", partial=True)
