"""`data check`'s rules that need the price data: every platform's `prices_provider` is a provider
of the price data, and every rule on such a platform matches an offering in it."""

from __future__ import annotations

import datetime as dt

from ..domain.catalog import Catalog
from ..loading.problems import Problem
from .sellers import offerings
from .table import PriceTable


def price_problems(catalog: Catalog, table: PriceTable, today: dt.date) -> list[Problem]:
    problems = []
    for platform in catalog.platforms:
        if platform.prices_provider and table.provider(platform.prices_provider) is None:
            problems.append(
                Problem(
                    "platforms.toml",
                    f"platform {platform.id!r}",
                    "prices_provider",
                    f"{platform.prices_provider!r} is not a provider in the price data ({table.origin})",
                )
            )
    for model in catalog.models:
        for offer in offerings(catalog, table, model, today):
            if (
                offer.platform.prices_provider
                and offer.offer_id is None
                and table.provider(offer.platform.prices_provider)
            ):
                rule = next(r for r in model.offers if r.platform == offer.platform.id)
                problems.append(
                    Problem(
                        "models.toml",
                        f"model {model.id!r}",
                        "offers",
                        f"the rule for {offer.platform.id!r} matches nothing in the price data "
                        f"({table.origin} has none of {', '.join(rule.ids)})",
                    )
                )
    return problems
