"""Your best routes under the grid, where the terminal has the rows for them (u opens them all).

It answers the app's question on the main screen itself: with the wallet and
country set, the likeliest and cheapest ways to pay; without a wallet, the four
steps that get there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget

from ...domain.catalog import Catalog
from ...domain.vocabulary import GLYPHS, WORDS
from ..flow import STEPS, steps_text
from ..styled import StatusStyled

if TYPE_CHECKING:
    from ...routes import RoutePlan

# Ranking every platform is quick for the catalogues people edit by hand; for a generated one of
# thousands it would cost a keystroke's worth of time on every wallet change: the pane (u) does it.
MAX_PLATFORMS = 500


class RoutesPeek(StatusStyled, Widget):
    COMPONENT_CLASSES = StatusStyled.COMPONENT_CLASSES

    def __init__(self, catalog: Catalog, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog
        self.plan: RoutePlan | None = None
        self.key: tuple[frozenset[str], frozenset[str], str | None] | None = None

    def on_mount(self) -> None:
        self.border_title = "Your routes · u: all of them · p there: a plan"

    def show(self, wallet: frozenset[str], providers: frozenset[str], country: str | None) -> None:
        key = (wallet, providers, country)
        if key == self.key:
            return
        self.key = key
        # Ranked when next drawn: a short terminal hides the peek and never pays for the ranking.
        self.plan = None
        self.refresh()

    def ranked(self) -> RoutePlan | None:
        if self.plan is None and self.key is not None and len(self.catalog.platforms) <= MAX_PLATFORMS:
            from ...routes import plan_routes

            self.plan = plan_routes(self.catalog, *self.key)
        return self.plan

    def render(self) -> Text:
        self.ranked()
        if self.key is None or not self.key[0]:
            text = Text()
            text.append("Four steps to a payment that goes through:\n", style="bold")
            text.append_text(steps_text())
            if self.plan is not None and self.plan.closed:
                # With no wallet yet, what would open each platform: a first idea of what to hold.
                text.append("\n\nWhat opens each platform:", style="bold")
                closed = self.plan.closed
                shown = fitted(len(closed), self.size.height - len(STEPS) - 3)
                for opening in closed[:shown]:
                    text.append(f"\n  {opening.text}")
                if shown < len(closed):
                    text.append(f"\n  … {len(closed) - shown} more: u lists them", style="dim")
            return text
        if self.plan is None:
            return Text("u ranks your routes.")
        if not self.plan.routes:
            return Text("None of your methods is known to work anywhere in the data: w adds another.")
        text = Text()
        routes = self.plan.routes
        closed = self.plan.closed
        shown = max(fitted(len(routes), self.size.height), 1)
        # A tall terminal shows each route's first top-up in full under it, where every route and
        # what would open the rest still fit: the room is used, not left as empty rows.
        detailed = 2 * len(routes) + (len(closed) + 2 if closed else 0) <= self.size.height
        for number, route in enumerate(routes[:shown], start=1):
            cell = route.cell
            if text:
                text.append("\n")
            text.append(f"{number:>2}. ")
            text.append(f"{route.platform.name} × {route.method_label}", style="bold")
            text.append(f"  {GLYPHS[cell.status]} {WORDS[cell.status]}", style=self.status_style(cell.status))
            text.append(f"  {route.short_cost}")
            # The condition the route needs, else its first risk: what decides whether to try it.
            if route.caveat or route.flags:
                text.append(f"  · {route.caveat or route.flags[0].text}", style="italic")
            if detailed:
                text.append(f"\n      first top-up: {route.cost_text}", style="dim")
        if shown < len(routes):
            text.append(f"\n    … {len(routes) - shown} more: u lists them all", style="dim")
        # Rows to spare: what would open the platforms the wallet does not, as the routes pane says.
        room = self.size.height - shown * (2 if detailed else 1) - 2
        if shown == len(routes) and closed and room >= 2:
            text.append("\n\nNot known to work with your wallet:", style="bold")
            listed = fitted(len(closed), room - 1)
            for opening in closed[:listed]:
                text.append(f"\n  {opening.text}")
            if listed < len(closed):
                text.append(f"\n  … {len(closed) - listed} more: u lists them", style="dim")
        return text


def fitted(count: int, rows: int) -> int:
    """How many of `count` lines to show in `rows`: all that fit, else one fewer, for the '… more' line."""
    rows = max(rows, 0)
    return count if count <= rows else max(rows - 1, 0)
