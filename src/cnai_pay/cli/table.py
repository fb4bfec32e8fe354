"""The grid as a text table fitted to a width, for the command line.

Full method names when they fit, else short names, else compact cells (glyph
and marks, with the legend spelling them out), else one block per platform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..domain.cards import user_cell
from ..domain.catalog import Catalog, Cell
from ..domain.filters import GridFilter, highlighted, selling
from ..domain.model import Method, Platform
from ..domain.vocabulary import EVIDENCE_HINT, GLYPHS, NO_MATCH, legend_items
from ..text import GAP, display_width, flow, pad, truncate, wrap
from ..value_classes import frozen
from .output import BOLD, DIM, REVERSE, STATUS_SGR, paint

Row = tuple[Platform, list[Cell], frozenset[str]]


def status_line(catalog: Catalog, shown: int, today: dt.date, country: str | None = None) -> str:
    total = len(catalog.platforms)
    text = f"{shown} of {total} platform{'s' if total != 1 else ''} · {catalog.age_text(today)}"
    return text + (f" · cells resolved for {country}" if country else "")


def filter_line(catalog: Catalog, flt: GridFilter) -> str | None:
    if not flt.active:
        return None
    names = {m.id: m.name for m in catalog.methods}
    sold = selling(catalog, flt)
    return "Filter: " + " · ".join(flt.describe(names, sold.label if sold else None))


def cards_line(catalog: Catalog, flt: GridFilter) -> str | None:
    """Which columns answer for the user's own cards, as the app's grid does."""
    held = [p for p in catalog.providers if p.id in flt.providers and p.method in catalog.method_by_id]
    if not held:
        return None
    cards = ", ".join(f"{catalog.method_by_id[p.method].name}: your {p.name} card" for p in held)
    return f"{cards} (its network and each platform's card rules decide)"


def compact(cell: Cell) -> str:
    return GLYPHS[cell.status] + cell.marks


def _render_cell(cell: Cell, text: str, width: int, color: bool, marked: bool) -> str:
    codes = [STATUS_SGR[cell.status]]
    if cell.disputed:
        codes.append(BOLD)
    if marked:
        codes.append(REVERSE)
    return paint(text, color, *codes) + " " * max(0, width - display_width(text))


def grid_rows(catalog: Catalog, platforms: Sequence[Platform], flt: GridFilter) -> list[Row]:
    rows = []
    for platform in platforms:
        marks = highlighted(catalog, platform.id, flt) if (flt.wallet or flt.accepts) else frozenset()
        cells = [user_cell(catalog, platform.id, m.id, flt.providers, flt.country) for m in catalog.methods]
        rows.append((platform, cells, marks))
    return rows


@frozen
class Layout:
    headers: list[str]
    short_cells: bool = False
    gap: str = GAP
    # Platform names are cut to this width (None: never), and the kind shown as one letter.
    name_width: int | None = None


def _widths(rows: list[Row], layout: Layout) -> tuple[int, list[int]]:
    """The columns' widths in `layout` and the table's total width, without drawing it."""
    cut = layout.name_width
    names = [truncate(p.name, cut) if cut else p.name for p, _, _ in rows]
    kinds = [p.kind.value[0] if cut else p.kind.value for p, _, _ in rows]
    widths = [
        max(map(display_width, ["Platform", *names])),
        max(map(display_width, ["K" if cut else "Kind", *kinds])),
    ]
    for index, header in enumerate(layout.headers):
        texts = [compact(cells[index]) if layout.short_cells else cells[index].text for _, cells, _ in rows]
        widths.append(max(map(display_width, [header, *texts])))
    return sum(widths) + len(layout.gap) * (len(widths) - 1), widths


def _horizontal(rows: list[Row], layout: Layout, widths: list[int], color: bool) -> list[str]:
    """The grid as rows × columns, in the widths `_widths` chose."""

    def text(cell: Cell) -> str:
        return compact(cell) if layout.short_cells else cell.text

    def name(platform: Platform) -> str:
        return truncate(platform.name, layout.name_width) if layout.name_width else platform.name

    def kind(platform: Platform) -> str:
        return platform.kind.value[0] if layout.name_width else platform.kind.value

    gap = layout.gap
    titles = ["Platform", "K" if layout.name_width else "Kind", *layout.headers]
    head = gap.join(pad(h, w) for h, w in zip(titles, widths)).rstrip()
    lines = [paint(head, color, BOLD), "─" * display_width(head)]
    for platform, cells, marks in rows:
        parts = [paint(pad(name(platform), widths[0]), color, BOLD), pad(kind(platform), widths[1])]
        for index, cell in enumerate(cells):
            parts.append(_render_cell(cell, text(cell), widths[index + 2], color, cell.method.id in marks))
        lines.append(gap.join(parts).rstrip())
    return lines


def _vertical(rows: list[Row], methods: Sequence[Method], width: int, color: bool) -> list[str]:
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
        lines.append(paint(truncate(f"{platform.name} · {platform.kind.value}", width), color, BOLD))
        entries = []
        for label, cell in zip(labels, cells):
            plain = pad(label, label_w) + " " + cell.text
            if display_width(plain) + len(indent) > width:
                # Narrower than any sensible layout: cut, but never wrap.
                cut = truncate(plain, width - len(indent))
                entries.append(paint(cut, color, STATUS_SGR[cell.status]))
                continue
            entries.append(
                pad(label, label_w) + " " + _render_cell(cell, cell.text, cell_w, color, cell.method.id in marks)
            )
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
    """The grid fitted to `width` columns (None: no limit). Cells read without colour."""
    rows = grid_rows(catalog, platforms, flt)
    lines: list[str] = []
    if rows:
        layouts = [
            Layout([m.name for m in catalog.methods]),
            Layout([m.short for m in catalog.methods]),
            Layout([m.short for m in catalog.methods], short_cells=True),
            Layout([m.head for m in catalog.methods], short_cells=True, gap=" ", name_width=20),
        ]
        chosen: list[str] | None = None
        for layout in layouts:
            # Only the layout that fits is drawn: measuring is a fraction of drawing.
            total, widths = _widths(rows, layout)
            if width is None or total <= width:
                chosen = _horizontal(rows, layout, widths, color)
                if layout.name_width:
                    # Two-letter heads: say which method each stands for.
                    chosen += ["", *flow([f"{m.head} {m.name}" for m in catalog.methods], width, sep=" · ")]
                break
        lines.extend(chosen if chosen is not None else _vertical(rows, catalog.methods, width or 80, color))
    else:
        lines.extend(wrap(NO_MATCH, width))
    lines.append("")
    for line in (filter_line(catalog, flt), cards_line(catalog, flt)):
        if line:
            lines.extend(wrap(line, width))
    lines.extend(paint(item, color, DIM) for item in flow(legend_items(), width))
    lines.extend(wrap(status_line(catalog, len(platforms), today, flt.country), width))
    if rows:
        lines.extend(paint(item, color, DIM) for item in wrap(EVIDENCE_HINT, width))
    return "\n".join(lines) + "\n"
