"""What the checklist's controller needs of the screen it works for: the grid screen, or a fake in tests.

The controller never reaches into the screen: every toast, dialog, thread and widget it needs
goes through these methods, so a test can stand in for the screen with a plain object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from .widgets.checklist_panel import ChecklistPanel

ResultT = TypeVar("ResultT")


class ChecklistHost(Protocol):
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def open_screen(self, screen: Screen[ResultT], answer: Callable[[ResultT | None], None] | None = None) -> None:
        """Push `screen` over the app; `answer` gets what it is dismissed with."""

    def run_worker(
        self,
        work: Callable[[], None],
        *,
        name: str | None = "",
        group: str = "default",
        exit_on_error: bool = True,
        thread: bool = False,
    ) -> object: ...

    def call_from_thread(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the event loop, from a worker's thread."""

    def refresh_bindings(self) -> None: ...

    def checklist_panel(self) -> ChecklistPanel | None:
        """The panel beside the grid, once mounted."""

    def mount_checklist_panel(self, panel: ChecklistPanel) -> None: ...

    def focus_grid(self) -> None: ...

    def selected_checklist_target(self) -> tuple[str, str, str] | None:
        """The platform and method under the grid's cursor, and the provider of the user's card of it ('' if none)."""

    def country(self) -> str | None: ...

    def remember(self, *, panel_open: bool) -> None:
        """Save to the profile whether the panel is open (the profile's owner is the screen's)."""
