"""The grid as CSV, JSON and Markdown: the same platforms and cells the app shows for the same filter.

CSV: a header `platform,kind,<method id>...`; one row per platform with its id,
its kind and, per method, the status value (`supported`, `not_supported`,
`conditional`, `unknown`) followed by the cell's marks (`!` disputed, `*` not
stated by the deciding source, `@` resolved for the country).
JSON: per cell, status, disputed, basis of the deciding claim, whether it was
resolved for the country, and the source ids; keys sorted, stable for diffs.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..domain.cards import user_cell
from ..domain.catalog import Catalog, Cell
from ..domain.filters import GridFilter, highlighted
from ..domain.model import Platform
from ..domain.vocabulary import legend_items
from ..text import display_width, pad
from .table import cards_line, filter_line, status_line


def cell_csv_value(cell: Cell) -> str:
    return cell.status.value + cell.marks


def render_csv(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter) -> str:
    import csv  # only here: the tables and JSON do without it

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["platform", "kind", *(m.id for m in catalog.methods)])
    for platform in platforms:
        cells = (
            cell_csv_value(user_cell(catalog, platform.id, m.id, flt.providers, flt.country)) for m in catalog.methods
        )
        writer.writerow([platform.id, platform.kind.value, *cells])
    return out.getvalue()


def cell_data(cell: Cell) -> dict[str, Any]:
    deciding = cell.deciding
    return {
        "status": cell.status.value,
        "disputed": cell.disputed,
        "basis": deciding.basis.value if deciding else None,
        "resolved_for_country": cell.regional,
        "sources": cell.source_ids,
    }


def grid_data(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter) -> dict[str, Any]:
    """The grid as plain data: stable, no dates relative to today, so two runs can be diffed."""
    platform_rows = []
    for platform in platforms:
        row: dict[str, Any] = {
            "id": platform.id,
            "name": platform.name,
            "kind": platform.kind.value,
            "refund_possible": catalog.refund_possible(platform.id),
            "cells": {
                m.id: cell_data(user_cell(catalog, platform.id, m.id, flt.providers, flt.country))
                for m in catalog.methods
            },
        }
        if flt.wallet or flt.accepts:
            row["matches"] = sorted(highlighted(catalog, platform.id, flt))
        platform_rows.append(row)
    return {
        "dataset": {
            "title": catalog.dataset.title,
            "as_of": catalog.dataset.as_of.isoformat(),
            "schema_version": catalog.dataset.schema_version,
        },
        "filter": {
            "text": flt.text,
            "accepts": sorted(flt.accepts),
            "wallet": sorted(flt.wallet),
            "kind": flt.kind.value if flt.kind else None,
            "refundable": flt.refundable,
        },
        "country": flt.country,
        # The card providers whose cards the cells of their methods answer for.
        "providers": sorted(flt.providers),
        "methods": [{"id": m.id, "name": m.name, "short": m.short, "kind": m.kind.value} for m in catalog.methods],
        "platforms": platform_rows,
        "shown": len(platforms),
        "total": len(catalog.platforms),
    }


def render_json(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter) -> str:
    return json.dumps(grid_data(catalog, platforms, flt), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(headers: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(3, *(display_width(row[i]) for row in [headers, *body])) for i in range(len(headers))]

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(pad(c, w) for c, w in zip(cells, widths)) + " |"

    return [line(headers), "| " + " | ".join("-" * w for w in widths) + " |", *(line(row) for row in body)]


def render_markdown(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter, today: dt.date) -> str:
    headers = ["Platform", "Kind", *(md(m.name) for m in catalog.methods)]
    body = [
        [
            md(p.name),
            p.kind.value,
            *(user_cell(catalog, p.id, m.id, flt.providers, flt.country).text for m in catalog.methods),
        ]
        for p in platforms
    ]
    lines = markdown_table(headers, body)
    lines.append("")
    for described in (filter_line(catalog, flt), cards_line(catalog, flt)):
        if described:
            lines.append(md(described) + "  ")
    lines.append(md(" · ".join(legend_items())) + "  ")
    lines.append(md(status_line(catalog, len(platforms), today, flt.country)))
    return "\n".join(lines) + "\n"
