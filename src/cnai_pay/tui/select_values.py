"""A saved value the current data no longer offers never crashes a Select (Textual raises on one).

A data update may remove a decline reason or a card provider that a checklist
or the profile still names: the value is shown as what it is, and the user can
pick again.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Select

Options = list[tuple[Text, str]]


def keeping(options: Options, value: str | None) -> tuple[Options, Any]:
    """`options` and the value to select: a value the data dropped gets an option saying so."""
    if not value:
        return options, Select.NULL
    if any(option == value for _, option in options):
        return options, value
    return [*options, (Text(f"{value} (no longer in the data)"), value)], value


def offered(options: Options, value: str | None) -> Any:
    """The value to select when only what the data offers may be chosen: blank otherwise."""
    return value if value and any(option == value for _, option in options) else Select.NULL
