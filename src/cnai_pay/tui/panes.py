"""The detail panes, declared once: key, footer label, title, help text and how to build each.

The grid screen's bindings, the command palette and the help pane are all
generated from `PANES`, so adding a pane is one entry here plus its screen module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.screen import Screen

from ..domain.catalog import Catalog


@dataclass(frozen=True)
class PaneContext:
    catalog: Catalog
    today: dt.date
    select: str | None = None
    # The user's wallet, card providers and country, as set on the grid.
    wallet: frozenset[str] = frozenset()
    providers: frozenset[str] = frozenset()
    country: str | None = None
    # The model the grid's filter names, if any: the routes and models panes narrow to it.
    model: str | None = None


@dataclass(frozen=True)
class PaneSpec:
    name: str
    key: str
    footer: str
    title: str
    help: str
    build: Callable[[PaneContext], Screen]
    # Bound on the App (reachable from every screen) rather than on the grid.
    app_wide: bool = False
    # Shown in the grid's footer; the others are in the palette and the help (80 columns fill up).
    in_footer: bool = True

    def binding(self) -> Binding:
        # "app.": the App opens panes, and the grid screen holding most of these bindings has no such action.
        return Binding(
            self.key,
            f"app.open_pane('{self.name}')",
            self.footer,
            show=self.in_footer,
            tooltip=self.help,
            id=f"pane-{self.name}",
        )


def _cards(context: PaneContext) -> Screen:
    from .screens.virtual_cards import VirtualCardsScreen

    return VirtualCardsScreen(context.catalog)


def _refunds(context: PaneContext) -> Screen:
    from .screens.refunds import RefundsScreen

    return RefundsScreen(context.catalog)


def _trouble(context: PaneContext) -> Screen:
    from .screens.troubleshooting import TroubleshootingScreen

    return TroubleshootingScreen(context.catalog)


def _sources(context: PaneContext) -> Screen:
    from .screens.sources import SourcesScreen

    return SourcesScreen(context.catalog, context.today, select=context.select)


def _routes(context: PaneContext) -> Screen:
    from .screens.routes import RoutesScreen

    model = context.catalog.model_names.by_id.get(context.model or "")
    return RoutesScreen(context.catalog, context.wallet, context.providers, context.country, model)


def _models(context: PaneContext) -> Screen:
    from .screens.models import ModelsScreen

    return ModelsScreen(
        context.catalog, context.today, context.wallet, context.providers, context.country, context.model
    )


def _help(context: PaneContext) -> Screen:
    from .screens.help import HelpScreen

    return HelpScreen(context.catalog)


PANES: tuple[PaneSpec, ...] = (
    PaneSpec(
        "routes",
        "u",
        "Routes",
        "Routes",
        "The ways to pay with your wallet in your country, likeliest first, then cheapest",
        _routes,
    ),
    PaneSpec(
        "models",
        "m",
        "Models",
        "Models",
        "Who sells a model, its price per million tokens and whether you can pay there",
        _models,
        in_footer=False,
    ),
    PaneSpec(
        "cards",
        "v",
        "Cards",
        "Virtual cards",
        "Wise, Revolut, Payoneer, and where platforms refuse virtual cards or 3-D Secure",
        _cards,
    ),
    PaneSpec(
        "refunds",
        "r",
        "Refunds",
        "Refunds and billing",
        "Unused money, windows, minimum top-ups and billing per platform",
        _refunds,
    ),
    PaneSpec("trouble", "t", "Trouble", "Troubleshooting", "What to do when a payment is declined", _trouble),
    PaneSpec(
        "sources",
        "s",
        "Sources",
        "Sources",
        "Every source with its kind and dates, and the facts resting on it",
        _sources,
    ),
    PaneSpec(
        "help", "question_mark", "Help", "Help", "Every key by pane, and how to read a cell", _help, app_wide=True
    ),
)
PANE_BY_NAME = {pane.name: pane for pane in PANES}


def grid_bindings() -> list[Binding]:
    return [pane.binding() for pane in PANES if not pane.app_wide]


def app_bindings() -> list[Binding]:
    """The keys every screen has: the app-wide panes and quitting."""
    return [
        *(pane.binding() for pane in PANES if pane.app_wide),
        Binding("q", "quit", "Quit", tooltip="Quit cnai-pay", id="quit"),
    ]
