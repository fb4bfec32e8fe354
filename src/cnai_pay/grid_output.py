"""Plain-text renderings of the grid and of a cell's evidence, for the command line.

Table (fitted to a width), CSV, JSON and Markdown. Everything here takes the
platforms already chosen by `Catalog.filter_platforms`, so the command line
shows exactly what the app shows for the same filter. No Textual, no rich:
colour is a handful of ANSI codes, used only when the caller asks for it.

CSV format: a header `platform,kind,<method id>...`; one row per platform with
its id, its kind and, per method, the status value (`supported`,
`not_supported`, `conditional`, `unknown`) followed by `!` when the sources
for that cell disagree (e.g. `conditional!`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any, Iterable, Sequence

from .catalog import RANKING_RULE, Catalog, Cell, GridFilter, RankedClaim
from .model import Method, Platform, Status


# Colour only reinforces the glyph and word; callers turn it off for pipes and NO_COLOR.
_STATUS_SGR = {
    Status.SUPPORTED: "32",
    Status.NOT_SUPPORTED: "31",
    Status.CONDITIONAL: "33",
    Status.UNKNOWN: "2",
}
_BOLD, _DIM, _REVERSE, _UNDERLINE, _ITALIC = "1", "2", "7", "4", "3"

RULE = "Rule: " + RANKING_RULE
PROSE_NOTE = "from the guide's prose (its comparison table lost its marks)"

GAP = "  "


# ---------------------------------------------------------------------------
# Small text helpers


def display_width(text: str) -> int:
    """Terminal columns taken by `text` (wide East Asian characters count twice)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def truncate(text: str, width: int) -> str:
    """Cut `text` to at most `width` columns, ending with … when cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def paint(text: str, color: bool, *codes: str) -> str:
    if not color or not codes:
        return text
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


def wrap(
    text: str, width: int | None, indent: str = "", first: str | None = None, cut: bool = True
) -> list[str]:
    """Wrap prose at word boundaries, never mid-word.

    A single word wider than `width` is cut with … when `cut` (tables must fit),
    or left whole (a URL in the evidence must stay copyable). `first` replaces
    `indent` on the first line.
    """
    first = indent if first is None else first
    if width is None:
        return [first + text]
    import textwrap

    lines = textwrap.wrap(
        text,
        width=max(width, len(first) + 1, len(indent) + 1),
        initial_indent=first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first]
    return [truncate(line, width) for line in lines] if cut else lines


def flow(items: Sequence[str], width: int | None, sep: str = GAP) -> list[str]:
    """Pack short items into lines no wider than `width`, breaking only between items."""
    if width is None:
        return [sep.join(items)]
    lines: list[str] = []
    current = ""
    for item in items:
        item = truncate(item, width)
        candidate = f"{current}{sep}{item}" if current else item
        if current and display_width(candidate) > width:
            lines.append(current)
            current = item
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def cell_csv_value(cell: Cell) -> str:
    """The status value, plus '!' when the sources disagree."""
    return cell.status.value + ("!" if cell.disputed else "")


def legend_items() -> list[str]:
    items = [f"{s.glyph} {s.word} = {s.label}" for s in Status]
    items.append("! = sources disagree")
    return items


def status_line(catalog: Catalog, shown: int, today: dt.date) -> str:
    total = len(catalog.platforms)
    return f"{shown} of {total} platform{'s' if total != 1 else ''} · {catalog.age_text(today)}"


def filter_line(catalog: Catalog, flt: GridFilter) -> str | None:
    if not flt.active:
        return None
    names = {m.id: m.name for m in catalog.methods}
    return "Filter: " + " · ".join(flt.describe(names))


# ---------------------------------------------------------------------------
# Table


def _render_cell(cell: Cell, width: int, color: bool, highlighted: bool) -> str:
    codes = [_STATUS_SGR[cell.status]]
    if cell.disputed:
        codes.append(_BOLD)
    if highlighted:
        codes.append(_REVERSE)
    return paint(cell.text, color, *codes) + " " * max(0, width - display_width(cell.text))


def _grid_rows(
    catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter
) -> list[tuple[Platform, list[Cell], set[str]]]:
    rows = []
    for platform in platforms:
        marks = catalog.highlighted(platform.id, flt) if (flt.wallet or flt.accepts) else set()
        rows.append((platform, [catalog.cell(platform.id, m.id) for m in catalog.methods], marks))
    return rows


def _horizontal(
    catalog: Catalog,
    rows: list[tuple[Platform, list[Cell], set[str]]],
    headers: list[str],
    color: bool,
) -> tuple[int, list[str]]:
    """The grid as rows × columns; returns (its width, its lines)."""
    widths = [
        max([display_width("Platform")] + [display_width(p.name) for p, _, _ in rows]),
        max([display_width("Kind")] + [display_width(p.kind.value) for p, _, _ in rows]),
    ]
    for index, header in enumerate(headers):
        widths.append(max([display_width(header)] + [display_width(cells[index].text) for _, cells, _ in rows]))
    total = sum(widths) + len(GAP) * (len(widths) - 1)

    head = GAP.join(pad(h, w) for h, w in zip(["Platform", "Kind", *headers], widths)).rstrip()
    lines = [paint(head, color, _BOLD), "─" * display_width(head)]
    for platform, cells, marks in rows:
        parts = [paint(pad(platform.name, widths[0]), color, _BOLD), pad(platform.kind.value, widths[1])]
        for index, cell in enumerate(cells):
            parts.append(_render_cell(cell, widths[index + 2], color, cell.method.id in marks))
        lines.append(GAP.join(parts).rstrip())
    return total, lines


def _vertical(
    rows: list[tuple[Platform, list[Cell], set[str]]],
    methods: Sequence[Method],
    width: int,
    color: bool,
) -> list[str]:
    """One block per platform: `method: glyph word` entries, packed in aligned columns."""
    indent = "  "
    cell_w = max((display_width(c.text) for _, cells, _ in rows for c in cells), default=1)
    for use_short in (False, True):
        labels = [(m.short if use_short else m.name) + ":" for m in methods]
        label_w = max((display_width(label) for label in labels), default=1)
        entry_w = label_w + 1 + cell_w
        if len(indent) + entry_w <= width:
            break
    per_line = max(1, (width - len(indent) + len(GAP)) // (entry_w + len(GAP)))

    lines: list[str] = []
    for number, (platform, cells, marks) in enumerate(rows):
        if number:
            lines.append("")
        head = truncate(f"{platform.name} · {platform.kind.value}", width)
        lines.append(paint(head, color, _BOLD))
        entries = []
        for label, cell in zip(labels, cells):
            text = pad(label, label_w) + " " + cell.text
            if display_width(text) + len(indent) > width:
                # Narrower than any sensible layout: cut, but never wrap.
                cut = truncate(text, width - len(indent))
                entries.append(paint(cut, color, _STATUS_SGR[cell.status]) if color else cut)
                continue
            entry = pad(label, label_w) + " " + _render_cell(cell, cell_w, color, cell.method.id in marks)
            entries.append(entry)
        for start in range(0, len(entries), per_line):
            lines.append((indent + GAP.join(entries[start : start + per_line])).rstrip())
    return lines


def render_table(
    catalog: Catalog,
    platforms: Sequence[Platform],
    flt: GridFilter,
    today: dt.date,
    width: int | None = 80,
    color: bool = False,
) -> str:
    """The grid fitted to `width` columns (None: no limit).

    Full method names when they fit, else the short names, else a vertical
    layout (one block per platform). Cells read as glyph + word.
    """
    rows = _grid_rows(catalog, platforms, flt)
    lines: list[str] = []
    if rows:
        layouts = [[m.name for m in catalog.methods], [m.short for m in catalog.methods]]
        chosen: list[str] | None = None
        for headers in layouts:
            total, table = _horizontal(catalog, rows, headers, color)
            if width is None or total <= width:
                chosen = table
                break
        lines.extend(chosen if chosen is not None else _vertical(rows, catalog.methods, width or 80, color))
    else:
        lines.extend(wrap("No platform matches this filter.", width))
    lines.append("")
    line = filter_line(catalog, flt)
    if line:
        lines.extend(wrap(line, width))
    lines.extend(paint(item, color, _DIM) for item in flow(legend_items(), width))
    lines.extend(wrap(status_line(catalog, len(platforms), today), width))
    if rows:
        lines.extend(paint(item, color, _DIM) for item in wrap("Why a cell says so: cnai-pay evidence PLATFORM METHOD", width))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# CSV, JSON, Markdown


def render_csv(catalog: Catalog, platforms: Sequence[Platform]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["platform", "kind", *(m.id for m in catalog.methods)])
    for platform in platforms:
        writer.writerow(
            [platform.id, platform.kind.value, *(cell_csv_value(catalog.cell(platform.id, m.id)) for m in catalog.methods)]
        )
    return out.getvalue()


def grid_data(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter) -> dict[str, Any]:
    """The grid as plain data: stable, no dates relative to today, so two runs can be diffed."""
    platform_rows = []
    for platform in platforms:
        cells = {}
        for method in catalog.methods:
            cell = catalog.cell(platform.id, method.id)
            cells[method.id] = {
                "status": cell.status.value,
                "disputed": cell.disputed,
                "sources": cell.source_ids,
            }
        row: dict[str, Any] = {
            "id": platform.id,
            "name": platform.name,
            "kind": platform.kind.value,
            "refund_possible": catalog.refund_possible(platform.id),
            "cells": cells,
        }
        if flt.wallet or flt.accepts:
            row["matches"] = sorted(catalog.highlighted(platform.id, flt))
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
        "methods": [{"id": m.id, "name": m.name, "short": m.short} for m in catalog.methods],
        "platforms": platform_rows,
        "shown": len(platforms),
        "total": len(catalog.platforms),
    }


def render_json(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter) -> str:
    import json

    return json.dumps(grid_data(catalog, platforms, flt), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter, today: dt.date) -> str:
    headers = ["Platform", "Kind", *(_md(m.name) for m in catalog.methods)]
    body = [
        [_md(p.name), p.kind.value, *(catalog.cell(p.id, m.id).text for m in catalog.methods)] for p in platforms
    ]
    widths = [max(display_width(row[i]) for row in [headers, *body]) for i in range(len(headers))]
    widths = [max(w, 3) for w in widths]

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(pad(c, w) for c, w in zip(cells, widths)) + " |"

    lines = [line(headers), "| " + " | ".join("-" * w for w in widths) + " |"]
    lines.extend(line(row) for row in body)
    lines.append("")
    described = filter_line(catalog, flt)
    if described:
        lines.append(_md(described) + "  ")
    lines.append(_md(" · ".join(legend_items())) + "  ")
    lines.append(_md(status_line(catalog, len(platforms), today)))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Evidence


def _source_lines(ranked: RankedClaim, width: int | None, color: bool) -> list[str]:
    source = ranked.source
    indent = "   "
    lines = [paint(line, color, _BOLD) for line in wrap(f"{source.title} — {source.publisher}", width, indent)]
    page = f"page dated {source.page_date_text}" if source.dated else "page undated"
    facts = f"{source.kind.label} · {page} · read {source.read_on.isoformat()}"
    lines.extend(paint(line, color, _DIM) for line in wrap(facts, width, indent))
    lines.extend(paint(line, color, _UNDERLINE) for line in wrap(source.url, width, indent, cut=False))
    if source.note:
        lines.extend(wrap(f"about the source: {source.note}", width, indent))
    return lines


def render_evidence(cell: Cell, width: int | None = 80, color: bool = False) -> str:
    """Every claim behind one cell, most authoritative first, with its source."""
    status = cell.status
    lines = [paint(f"{cell.platform.name} × {cell.method.name}", color, _BOLD)]
    lines.append(paint(f"{status.glyph} {status.label}", color, _STATUS_SGR[status]) + (
        paint("  ! disputed", color, _BOLD) if cell.disputed else ""
    ))
    if cell.disputed:
        disagreement = "; ".join(
            f"{c.source.title} ({c.source.kind.label}) says {c.value.label}" for c in cell.claims
        )
        lines.extend(wrap(f"The sources disagree: {disagreement}.", width))
    lines.append("")
    if not cell.claims:
        lines.extend(wrap("No source in the data says anything about this combination, so it is unknown.", width))
        lines.append("")
    for number, ranked in enumerate(cell.claims, start=1):
        claim = ranked.claim
        head = f"{ranked.value.glyph} {ranked.value.label} — {claim.note}"
        wrapped = wrap(head, width, "   ", first=f"{number}. ")
        if color:
            wrapped[0] = wrapped[0].replace(
                f"{ranked.value.glyph} {ranked.value.label}",
                paint(f"{ranked.value.glyph} {ranked.value.label}", True, _STATUS_SGR[ranked.value]),
                1,
            )
        lines.extend(wrapped)
        if claim.from_prose:
            lines.extend(paint(line, color, _ITALIC) for line in wrap(PROSE_NOTE, width, "   "))
        lines.extend(_source_lines(ranked, width, color))
        lines.append("")
    lines.extend(paint(line, color, _DIM) for line in wrap(RULE, width))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Data check


def check_summary(catalog: Catalog) -> str:
    counts = [
        (len(catalog.platforms), "platform"),
        (len(catalog.methods), "method"),
        (len(catalog.sources), "source"),
        (len(catalog.claims), "claim"),
        (len(catalog.disputed_cells()), "disputed cell"),
    ]
    parts = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts)
    return f"OK: {catalog.folder}: {parts}; data as of {catalog.dataset.as_of.isoformat()}"
