"""`cnai-pay models` and `routes --model` output: tables (blocks that wrap), CSV, JSON, Markdown."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from ..domain.catalog import Catalog
from ..domain.offers import ModelEntry
from ..prices.quote import Quote, Rate
from ..prices.sellers import Offering, Seller, TokenMix
from ..routes import Route, RoutePlan
from ..text import wrap
from ..value_classes import frozen
from .formats import markdown_table, md
from .output import BOLD, DIM, paint

UNKNOWN = "unknown"
FREE_VARIANT = "a different offering with its own limits, not this one"


def _csv_writer(out: io.StringIO) -> Any:
    import csv  # only for --format csv: the tables and JSON do without it

    return csv.writer(out, lineterminator="\n")


def _rate(rate: Rate | None) -> str:
    return rate.text if rate is not None else UNKNOWN


def _rate_data(rate: Rate | None) -> Any:
    if rate is None:
        return None
    return {"per_million": rate.base, "tiers": [{"from_tokens": s, "per_million": p} for s, p in rate.tiers]}


def _mix_cost(cost: float | None) -> str:
    return f"{cost:.2f} USD" if cost is not None else UNKNOWN


def _quote_data(quote: Quote | None, mix: TokenMix, today: dt.date) -> Any:
    if quote is None:
        return None
    return {
        "currency": "USD",
        "input": _rate_data(quote.input),
        "output": _rate_data(quote.output),
        "cached_input": _rate_data(quote.cached_input),
        "mix_cost": quote.cost(mix.input_millions, mix.output_millions),
        "main_hours": quote.main_hours or None,
        "at_hours": [
            {"window": h.window, "input": _rate_data(h.input), "output": _rate_data(h.output), "cheaper": h.cheaper}
            for h in quote.at_hours
        ],
        "origin": quote.origin,
        "url": quote.url,
        "basis": quote.basis,
        "as_of": quote.as_of.isoformat() if quote.as_of else None,
        "stale": quote.stale(today),
        "free": quote.free,
    }


def _price_line(offering: Offering, mix: TokenMix) -> str:
    quote = offering.quote
    if quote is None:
        return f"price per 1M tokens: not known — {offering.unpriced or 'no price in the data for this offering'}"
    cost = quote.cost(mix.input_millions, mix.output_millions)
    what = "a month at" if mix.given else "for"
    return (
        f"price per 1M tokens (USD): {_rate(quote.input)} in · {_rate(quote.output)} out · "
        f"cached input {_rate(quote.cached_input)} · {what} {mix.text}: {_mix_cost(cost)}"
        + (" · free" if quote.free else "")
    )


def _origin_line(quote: Quote, today: dt.date) -> str:
    return f"price from: {quote.origin}, {quote.basis}, as of {quote.age_text(today)}: {quote.url or 'no address'}"


def _detail_lines(offering: Offering) -> list[str]:
    lines = list(offering.quote.details()) if offering.quote else []
    lines.extend(f"also {variant}: {FREE_VARIANT}" for variant in offering.variants)
    return lines


# -- the families -------------------------------------------------------------------


def render_families(catalog: Catalog, fmt: str, width: int | None) -> str:
    names = catalog.model_names
    rows = [
        (m, sorted(catalog.platform_by_id[p].name for p in names.platforms(m) if p in catalog.platform_by_id))
        for m in catalog.models
    ]
    if fmt == "json":
        data = [
            {
                "id": m.id,
                "name": m.name,
                "family": m.family,
                "maker": m.maker,
                "aliases": list(m.aliases),
                "platforms": sorted(names.platforms(m)),
            }
            for m, _ in rows
        ]
        return json.dumps({"models": data}, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = _csv_writer(out)
        writer.writerow(["model", "name", "family", "maker", "platforms", "sold_on"])
        for m, sold in rows:
            writer.writerow([m.id, m.name, m.family, m.maker, len(sold), ";".join(sorted(names.platforms(m)))])
        return out.getvalue()
    if fmt == "markdown":
        body = [[md(m.family), md(m.name), f"`{m.id}`", str(len(sold)), md(", ".join(sold))] for m, sold in rows]
        return "\n".join(markdown_table(["Family", "Model", "Id", "Platforms", "Sold on"], body)) + "\n"
    lines: list[str] = []
    family = None
    for m, sold in rows:
        if m.family != family:
            family = m.family
            lines.extend(["" if lines else "", f"{family}"] if lines else [f"{family}"])
        plural = "s" if len(sold) != 1 else ""
        lines.extend(wrap(f"{m.name} ({m.id}): {len(sold)} platform{plural}: {', '.join(sold)}", width, "    ", "  "))
    lines.extend(["", *wrap("Sellers, prices and whether you can pay: cnai-pay models MODEL", width)])
    return "\n".join(lines) + "\n"


# -- the sellers of one model ---------------------------------------------------------


@frozen
class SellersView:
    catalog: Catalog
    model: ModelEntry
    sellers: list[Seller]
    wallet: frozenset[str]
    providers: frozenset[str]
    country: str | None
    mix: TokenMix
    today: dt.date

    @property
    def header(self) -> str:
        names = [self.catalog.method_by_id[m].name for m in sorted(self.wallet) if m in self.catalog.method_by_id]
        wallet = f"a wallet of {', '.join(names)}" if names else "no wallet (--wallet METHOD,... sets one)"
        where = f" in {self.country}" if self.country else " (no country set: --country resolves regions)"
        count = len(self.sellers)
        return (
            f"{self.model.name} ({self.model.maker}): {count} platform{'s sell' if count != 1 else ' sells'} it; "
            f"for {wallet}{where}"
        )

    @property
    def order(self) -> str:
        return f"Ranked: payable for you first, then by the price of {self.mix.text}."


def _payment(seller: Seller) -> str:
    if seller.cell is None:
        return "pay: unknown (no wallet given)"
    method = seller.route.method_label if seller.route is not None else seller.cell.method.name
    return f"pay: {seller.cell.text} with {method}" + (
        f" — see cnai-pay evidence {seller.platform.id} {seller.cell.method.id}"
    )


def _seller_data(view: SellersView, rank: int, seller: Seller) -> dict[str, Any]:
    cell, route = seller.cell, seller.route
    return {
        "rank": rank,
        "platform": seller.platform.id,
        "offering": seller.offering.offer_id,
        "price": _quote_data(seller.offering.quote, view.mix, view.today),
        "price_unknown": seller.offering.unpriced or None,
        "variants": list(seller.offering.variants),
        "payable": seller.payable,
        "payment": None
        if cell is None
        else {
            "method": cell.method.id,
            "provider": route.provider.id if route is not None and route.provider else None,
            "status": cell.status.value,
            "disputed": cell.disputed,
            "basis": cell.deciding.basis.value if cell.deciding else None,
            "resolved_for_country": cell.regional,
            "sources": cell.source_ids,
        },
    }


def render_sellers(view: SellersView, fmt: str, width: int | None, color: bool) -> str:
    if fmt == "json":
        data = {
            "model": {"id": view.model.id, "name": view.model.name, "maker": view.model.maker},
            "country": view.country,
            "wallet": sorted(view.wallet),
            "providers": sorted(view.providers),
            "token_mix": {"input_millions": view.mix.input_millions, "output_millions": view.mix.output_millions},
            "sellers": [_seller_data(view, n, s) for n, s in enumerate(view.sellers, start=1)],
        }
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = _csv_writer(out)
        writer.writerow(
            ["rank", "platform", "offering", "input", "output", "cached_input", "mix_cost", "currency",
             "method", "status", "price_from", "price_as_of", "price_stale"]
        )  # fmt: skip
        for n, s in enumerate(view.sellers, start=1):
            q = s.offering.quote
            cost = s.cost(view.mix)
            writer.writerow(
                [
                    n,
                    s.platform.id,
                    s.offering.offer_id or "",
                    _rate(q.input) if q else UNKNOWN,
                    _rate(q.output) if q else UNKNOWN,
                    _rate(q.cached_input) if q else UNKNOWN,
                    f"{cost:.2f}" if cost is not None else UNKNOWN,
                    "USD",
                    s.cell.method.id if s.cell else "",
                    s.cell.status.value + s.cell.marks if s.cell else UNKNOWN,
                    q.origin if q else s.offering.unpriced,
                    q.as_of.isoformat() if q and q.as_of else UNKNOWN,
                    str(q.stale(view.today)).lower() if q else "",
                ]
            )
        return out.getvalue()
    if fmt == "markdown":
        body = []
        for n, s in enumerate(view.sellers, start=1):
            q = s.offering.quote
            body.append(
                [
                    str(n),
                    md(s.platform.name),
                    md(f"`{s.offering.offer_id}`" if s.offering.offer_id else UNKNOWN),
                    _rate(q.input) if q else UNKNOWN,
                    _rate(q.output) if q else UNKNOWN,
                    _rate(q.cached_input) if q else UNKNOWN,
                    _mix_cost(s.cost(view.mix)),
                    md(s.cell.text if s.cell else UNKNOWN),
                    md(f"{q.origin}, {q.age_text(view.today)}" if q else f"not known: {s.offering.unpriced}"),
                ]
            )
        headers = ["#", "Platform", "Offering", "In", "Out", "Cached", view.mix.text, "Pay", "Price from"]
        lines = [md(view.header), "", *markdown_table(headers, body), "", md(view.order + " USD per 1M tokens.")]
        return "\n".join(lines) + "\n"
    lines = [paint(line, color, BOLD) for line in wrap(view.header, width)]
    lines.extend(paint(line, color, DIM) for line in wrap(view.order, width))
    for n, s in enumerate(view.sellers, start=1):
        lines.append("")
        head = f"{n}. {s.platform.name} · {s.offering.offer_id or 'offering not found in the price data'}"
        lines.extend(paint(line, color, BOLD) for line in wrap(head, width, "   ", ""))
        # The price and origin lines may end in a source's address: kept whole, so it can be copied.
        lines.extend(wrap(_price_line(s.offering, view.mix), width, "     ", "   ", cut=False))
        lines.extend(wrap(_payment(s), width, "     ", "   "))
        if s.offering.quote is not None:
            lines.extend(wrap(_origin_line(s.offering.quote, view.today), width, "     ", "   ", cut=False))
        for detail in _detail_lines(s.offering):
            lines.extend(wrap(f"· {detail}", width, "     ", "   "))
    if not view.sellers:
        lines.extend(["", *wrap("No platform in the data is known to sell this model.", width)])
    lines.extend(
        [
            "",
            *(
                paint(line, color, DIM)
                for line in wrap(
                    "Prices are the plain rates; tiers, hours and variants are listed under each. "
                    "A + after a price: dearer tiers for long requests.",
                    width,
                )
            ),
        ]
    )
    return "\n".join(lines) + "\n"


# -- routes narrowed to a model ---------------------------------------------------------


@frozen
class ModelRoutes:
    catalog: Catalog
    model: ModelEntry
    plan: RoutePlan
    routes: list[tuple[Route, Offering]]
    closed: list[str]
    mix: TokenMix
    today: dt.date

    @staticmethod
    def build(
        catalog: Catalog, model: ModelEntry, plan: RoutePlan, offers: list[Offering], mix: TokenMix, today: dt.date
    ) -> ModelRoutes:
        by_platform = {o.platform.id: o for o in offers}
        routes = [(r, by_platform[r.platform.id]) for r in plan.routes if r.platform.id in by_platform]

        def key(item: tuple[Route, Offering]) -> tuple[int, bool, float]:
            route, offer = item
            cost = offer.quote.cost(mix.input_millions, mix.output_millions) if offer.quote else None
            return (-route.score, cost is None, cost or 0.0)

        routes.sort(key=key)
        closed = [o.text for o in plan.closed.only(by_platform)]
        return ModelRoutes(catalog, model, plan, routes, closed, mix, today)


def render_model_routes(view: ModelRoutes, fmt: str, width: int | None, color: bool) -> str:
    plan = view.plan
    names = [view.catalog.method_by_id[m].name for m in sorted(plan.wallet) if m in view.catalog.method_by_id]
    providers = [p.name for p in view.catalog.providers if p.id in plan.providers]
    wallet = ", ".join(names) + (f" (cards from {', '.join(providers)})" if providers else "")
    header = f"Routes to {view.model.name} for a wallet of {wallet or 'nothing'}" + (
        f" in {plan.country}" if plan.country else " (no country set: --country resolves regions)"
    )
    if fmt == "json":
        data = {
            "model": view.model.id,
            "country": plan.country,
            "wallet": sorted(plan.wallet),
            "providers": sorted(plan.providers),
            "token_mix": {"input_millions": view.mix.input_millions, "output_millions": view.mix.output_millions},
            "routes": [
                {
                    "rank": n,
                    "platform": r.platform.id,
                    "method": r.method.id,
                    "provider": r.provider.id if r.provider else None,
                    "status": r.cell.status.value,
                    "score": r.score,
                    "offering": o.offer_id,
                    "price": _quote_data(o.quote, view.mix, view.today),
                    "price_unknown": o.unpriced or None,
                    "first_topup": {"total": r.total, "currency": r.currency},
                    "flags": [f.text for f in r.flags],
                }
                for n, (r, o) in enumerate(view.routes, start=1)
            ],
            "closed": view.closed,
        }
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = _csv_writer(out)
        writer.writerow(
            ["rank", "platform", "method", "provider", "status", "score", "offering", "mix_cost", "currency"]
        )
        for n, (r, o) in enumerate(view.routes, start=1):
            cost = o.quote.cost(view.mix.input_millions, view.mix.output_millions) if o.quote else None
            writer.writerow(
                [n, r.platform.id, r.method.id, r.provider.id if r.provider else "", r.cell.status.value + r.cell.marks,
                 r.score, o.offer_id or "", f"{cost:.2f}" if cost is not None else UNKNOWN, "USD"]
            )  # fmt: skip
        return out.getvalue()
    if fmt == "markdown":
        body = [
            [
                str(n),
                md(r.platform.name),
                md(r.method_label),
                r.cell.text,
                md(f"`{o.offer_id}`" if o.offer_id else UNKNOWN),
                _mix_cost(o.quote.cost(view.mix.input_millions, view.mix.output_millions) if o.quote else None),
                md(r.short_cost),
            ]
            for n, (r, o) in enumerate(view.routes, start=1)
        ]
        headers = ["#", "Platform", "Method", "Status", "Offering", view.mix.text, "First top-up"]
        lines = [md(header), "", *markdown_table(headers, body)]
        if view.closed:
            lines += ["", "Not known to work with your wallet:", "", *(f"- {md(t)}" for t in view.closed)]
        return "\n".join(lines) + "\n"
    lines = [paint(line, color, BOLD) for line in wrap(header, width)]
    if not view.routes:
        lines.extend(
            ["", *wrap(f"None of your methods is known to work on a platform selling {view.model.name}.", width)]
        )
    for n, (route, offer) in enumerate(view.routes, start=1):
        lines.append("")
        head = f"{n}. {route.platform.name} × {route.method_label}: {route.cell.text}"
        lines.extend(paint(line, color, BOLD) for line in wrap(head, width, "   "))
        lines.extend(wrap(route.reason, width, "   "))
        price = f"{offer.offer_id or view.model.name}: {_price_line(offer, view.mix)}"
        lines.extend(wrap(price, width, "   ", cut=False))
        for detail in _detail_lines(offer):
            lines.extend(wrap(f"· {detail}", width, "     ", "   "))
        lines.extend(wrap(f"first top-up: {route.cost_text}", width, "   "))
        if route.flags:
            lines.extend(wrap("flags: " + "; ".join(f.text for f in route.flags), width, "   "))
    if view.closed:
        lines.extend(["", paint("Not known to work with your wallet", color, BOLD)])
        lines.extend(line for text in view.closed for line in wrap(f"- {text}", width, "  "))
    footer = (
        f"Ranked by how likely the payment is to go through for you, then by the price of {view.mix.text}. "
        "Why: cnai-pay evidence PLATFORM METHOD · prices: cnai-pay models " + view.model.id
    )
    lines.extend(["", *(paint(line, color, DIM) for line in wrap(footer, width))])
    return "\n".join(lines) + "\n"
