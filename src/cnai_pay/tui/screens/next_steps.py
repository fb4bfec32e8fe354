"""After a decline: what to do for the reason given (its troubleshooting entry) and the next route to
try, with one key to plan it. Nothing here changes the checklist; p starts the set-up dialog."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...domain.catalog import Catalog
from ...domain.model import Decline
from ...routes import Route, RoutePlan
from ..messages import StartChecklist
from .troubleshooting import decline_text


class NextStepsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("p", "plan_next", "Plan the next route"),
        Binding("escape", "dismiss", "Back"),
    ]

    def __init__(
        self, catalog: Catalog, tried: str, decline: Decline | None, plan: RoutePlan, route: Route | None
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.tried = tried
        self.decline = decline
        self.route = route
        self.rank = plan.routes.index(route) + 1 if route is not None else 0
        self.count = len(plan.routes)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="next-steps"):
            yield Label(f"Declined on {self.tried}: what next", classes="dialog-title", markup=False)
            yield Static(self.fix_text(), id="next-steps-fix")
            yield Static(self.route_text(), id="next-steps-route")
            keys = "p plan the next route · esc back" if self.route else "esc back"
            yield Label(f"\n{keys}", classes="dialog-keys", markup=False)

    def fix_text(self) -> Text:
        text = Text()
        text.append("\nWhat to do\n", style="bold underline")
        decline = self.decline
        if decline is None:
            text.append("No reason chosen. ", style="bold")
            text.append("t on the grid lists every decline reason and what to do about it.")
            return text
        # The very entry the troubleshooting pane (t) shows for this reason.
        text.append_text(decline_text(self.catalog, decline))
        return text

    def route_text(self) -> Text:
        text = Text()
        route = self.route
        text.append("\nNext route in your ranking", style="bold underline")
        if route is not None:
            text.append(f" (number {self.rank} of {self.count})", style="bold")
        text.append("\n")
        if route is None:
            text.append("None: no other route in the data works with your wallet (w on the grid adds to it).")
            return text
        text.append(f"{route.platform.name} × {route.method_label}", style="bold")
        text.append(f"  {route.cell.text}  {route.short_cost}")
        if route.caveat:
            text.append(f"\nCondition: {route.caveat}")
        text.append(f"\n{route.plain_reason}", style="dim")
        return text

    def action_plan_next(self) -> None:
        route = self.route
        if route is None:
            self.notify("No next route: your wallet has no other method known to work.", severity="warning")
            return
        self.post_message(
            StartChecklist(route.platform.id, route.method.id, route.provider.id if route.provider else "")
        )
