"""How each detail pane is built; its key, label and help text are its entry in `actions`.

Adding a pane is one `pane_action` in `actions`, one builder here and its screen module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.screen import Screen

from ..domain.catalog import Catalog
from ..value_classes import frozen
from . import actions
from .actions import ActionSpec


@frozen
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


@frozen
class PaneSpec:
    name: str
    action: ActionSpec
    build: Callable[[PaneContext], Screen[None]]


def _cards(context: PaneContext) -> Screen[None]:
    from .screens.virtual_cards import VirtualCardsScreen

    return VirtualCardsScreen(context.catalog)


def _refunds(context: PaneContext) -> Screen[None]:
    from .screens.refunds import RefundsScreen

    return RefundsScreen(context.catalog)


def _trouble(context: PaneContext) -> Screen[None]:
    from .screens.troubleshooting import TroubleshootingScreen

    return TroubleshootingScreen(context.catalog)


def _sources(context: PaneContext) -> Screen[None]:
    from .screens.sources import SourcesScreen

    return SourcesScreen(context.catalog, context.today, select=context.select)


def _routes(context: PaneContext) -> Screen[None]:
    from .screens.routes import RoutesScreen

    model = context.catalog.model_names.by_id.get(context.model or "")
    return RoutesScreen(context.catalog, context.wallet, context.providers, context.country, model)


def _models(context: PaneContext) -> Screen[None]:
    from .screens.models import ModelsScreen

    return ModelsScreen(
        context.catalog, context.today, context.wallet, context.providers, context.country, context.model
    )


def _help(context: PaneContext) -> Screen[None]:
    from .screens.help import HelpScreen

    return HelpScreen(context.catalog)


PANES: tuple[PaneSpec, ...] = (
    PaneSpec("routes", actions.ROUTES, _routes),
    PaneSpec("models", actions.MODELS, _models),
    PaneSpec("cards", actions.CARDS, _cards),
    PaneSpec("refunds", actions.REFUNDS, _refunds),
    PaneSpec("trouble", actions.TROUBLE, _trouble),
    PaneSpec("sources", actions.SOURCES, _sources),
    PaneSpec("help", actions.HELP, _help),
)
PANE_BY_NAME = {pane.name: pane for pane in PANES}
