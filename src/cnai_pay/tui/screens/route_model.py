"""The routes pane narrowed to one model: the plan keeps the platforms selling it, ranked as
before and then by the model's price for a typical token mix."""

from __future__ import annotations

from dataclasses import replace

from ...domain.catalog import Catalog
from ...domain.offers import ModelEntry
from ...prices.sellers import TokenMix, offerings
from ...prices.table import PriceDataError, load_price_table
from ...routes import Route, RoutePlan


def narrow_to_model(catalog: Catalog, plan: RoutePlan, model: ModelEntry) -> tuple[RoutePlan, dict[str, str]]:
    """The plan for the platforms selling `model`, and each platform's cost for the typical mix."""
    from ... import clock

    mix = TokenMix()
    selling = catalog.model_names.platforms(model)
    costs: dict[str, float | None] = {p: None for p in selling}
    try:
        for offer in offerings(catalog, load_price_table(catalog), model, clock.today()):
            if offer.quote is not None:
                costs[offer.platform.id] = offer.quote.cost(mix.input_millions, mix.output_millions)
    except PriceDataError:
        pass  # the routes still narrow; every cost reads unknown

    def key(route: Route) -> tuple[bool, float]:
        cost = costs.get(route.platform.id)
        return (cost is None, cost or 0.0)

    routes = [r for r in plan.routes if r.platform.id in selling]
    # Python's sort is stable: sort by cost, then by the routes' own rank, which therefore decides first.
    routes.sort(key=key)
    routes.sort(key=lambda r: -r.score)
    narrowed = replace(plan, routes=routes, closed=plan.closed.only(selling))
    texts = {p: (f"{cost:.2f} USD" if cost is not None else "unknown") for p, cost in costs.items()}
    return narrowed, texts
