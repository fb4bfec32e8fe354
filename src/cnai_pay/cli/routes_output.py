"""`cnai-pay routes` output: the ranked ways to pay, as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import io
import json
from typing import Any

from ..domain.catalog import Catalog
from ..routes import Route, RoutePlan
from ..text import wrap
from .formats import markdown_table, md
from .output import BOLD, DIM, paint


def _flags(route: Route) -> str:
    return "; ".join(flag.text for flag in route.flags)


def _header(catalog: Catalog, plan: RoutePlan) -> str:
    names = [catalog.method_by_id[m].name for m in sorted(plan.wallet) if m in catalog.method_by_id]
    providers = [p.name for p in catalog.providers if p.id in plan.providers]
    wallet = ", ".join(names) + (f" (cards from {', '.join(providers)})" if providers else "")
    return f"Routes for a wallet of {wallet or 'nothing'}" + (
        f" in {plan.country}" if plan.country else " (no country set: --country resolves regions)"
    )


def _more(left_out: int, what: str, width: int | None, color: bool) -> list[str]:
    if left_out <= 0:
        return []
    said = f"… {left_out:,} more {what}: --all lists every one (so do --format json and csv)"
    return ["", *(paint(line, color, DIM) for line in wrap(said, width))]


def render_table(catalog: Catalog, plan: RoutePlan, width: int | None, color: bool, limit: int | None = None) -> str:
    """The routes and the platforms the wallet cannot pay, the first `limit` of each (None: all)."""
    lines = [paint(_header(catalog, plan), color, BOLD), ""]
    for note in plan.notes:
        lines.extend(wrap(f"Note: {note.text}", width, "  "))
    if plan.notes:
        lines.append("")
    if not plan.routes:
        lines.extend(wrap("None of your methods is known to work anywhere in the data.", width))
    routes = plan.routes if limit is None else plan.routes[:limit]
    for number, route in enumerate(routes, start=1):
        if number > 1:
            lines.append("")
        head = f"{number}. {route.platform.name} × {route.method_label}: {route.cell.text}"
        lines.extend(paint(line, color, BOLD) for line in wrap(head, width, "   "))
        lines.extend(wrap(route.reason, width, "   "))
        if route.caveat:
            lines.extend(wrap(f"condition: {route.caveat}", width, "   "))
        if route.card_note:
            lines.extend(wrap(f"your card: {route.card_note}", width, "   "))
        lines.extend(wrap(f"first top-up: {route.cost_text}", width, "   "))
        if route.rank_note:
            lines.extend(wrap(f"rank: {route.rank_note}", width, "   "))
        if route.flags:
            lines.extend(wrap(f"flags: {_flags(route)}", width, "   "))
    lines.extend(_more(len(plan.routes) - len(routes), "routes", width, color))
    if plan.closed:
        closed = plan.closed if limit is None else plan.closed[:limit]
        lines.extend(["", paint("Not known to work with your wallet", color, BOLD)])
        lines.extend(line for opening in closed for line in wrap(f"- {opening.text}", width, "  "))
        lines.extend(_more(len(plan.closed) - len(closed), "platforms", width, color))
    lines.extend(
        [
            "",
            *(
                paint(line, color, DIM)
                for line in wrap(
                    "Ranked by how likely the payment is to go through for you (status, how the deciding claim "
                    "is known, disputes, card rules), then by the first top-up's cost. "
                    "Why: cnai-pay evidence PLATFORM METHOD",
                    width,
                )
            ),
        ]
    )
    return "\n".join(lines) + "\n"


def routes_data(catalog: Catalog, plan: RoutePlan) -> dict[str, Any]:
    return {
        "country": plan.country,
        "notes": [{"text": n.text, "sources": list(n.sources)} for n in plan.notes],
        "wallet": sorted(plan.wallet),
        "providers": sorted(plan.providers),
        "routes": [
            {
                "rank": number,
                "platform": route.platform.id,
                "method": route.method.id,
                "provider": route.provider.id if route.provider else None,
                "status": route.cell.status.value,
                "disputed": route.cell.disputed,
                "basis": route.cell.deciding.basis.value if route.cell.deciding else None,
                "resolved_for_country": route.cell.regional,
                "score": route.score,
                "reason": route.reason,
                "card_note": route.card_note,
                "condition": route.caveat or None,
                "rank_note": route.rank_note,
                "flags": [{"text": f.text, "sources": list(f.sources)} for f in route.flags],
                "first_topup": {
                    "amount": route.amount,
                    "currency": route.currency,
                    "fee_percent": route.fee_percent,
                    "fixed_fee": route.fixed_fee,
                    "minimum_fee": route.minimum_fee,
                    "fees_stated": route.fees_stated,
                    "total": route.total,
                    "official_minimum": route.official_minimum,
                    "billed_after_use": route.billed_after_use,
                },
                "sources": route.cell.source_ids,
            }
            for number, route in enumerate(plan.routes, start=1)
        ],
        "closed": [
            {
                "platform": o.platform.id,
                "would_open": None
                if o.route is None
                else {
                    "method": o.route.method.id,
                    "provider": o.route.provider.id if o.route.provider else None,
                    "status": o.route.cell.status.value,
                },
                "text": o.text,
            }
            for o in plan.closed
        ],
    }


def render_json(catalog: Catalog, plan: RoutePlan) -> str:
    return json.dumps(routes_data(catalog, plan), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render_csv(catalog: Catalog, plan: RoutePlan) -> str:
    import csv  # only here: the tables and JSON do without it

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["rank", "platform", "method", "provider", "status", "score", "total", "currency", "flags", "condition"]
    )
    for number, route in enumerate(plan.routes, start=1):
        writer.writerow(
            [
                number,
                route.platform.id,
                route.method.id,
                route.provider.id if route.provider else "",
                route.cell.status.value + route.cell.marks,
                route.score,
                f"{route.total:g}",
                route.currency,
                _flags(route),
                route.caveat,
            ]
        )
    return out.getvalue()


def render_markdown(catalog: Catalog, plan: RoutePlan) -> str:
    body = [
        [
            str(number),
            md(route.platform.name),
            md(route.method_label),
            route.cell.text,
            md(route.cost_text),
            md(route.caveat),
            md(_flags(route)),
        ]
        for number, route in enumerate(plan.routes, start=1)
    ]
    lines = [
        md(_header(catalog, plan)),
        "",
        *markdown_table(["#", "Platform", "Method", "Status", "First top-up", "Condition", "Flags"], body),
    ]
    if plan.closed:
        lines += ["", "Not known to work with your wallet:", "", *(f"- {md(o.text)}" for o in plan.closed)]
    return "\n".join(lines) + "\n"
