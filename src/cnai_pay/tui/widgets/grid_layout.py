"""How the grid's columns are laid out for a given width: full method names, short names, or compact.

Compact cells hold the glyph and the strongest mark only (`!` before `*`
before `@`), under two-letter column heads; the preview under the grid and the
legend spell the rest out. The widest layout that fits without sideways
scrolling is chosen. No Textual here: this is arithmetic on the catalogue.
"""

from __future__ import annotations

from ...domain.catalog import Catalog, Cell
from ...domain.model import Platform
from ...domain.vocabulary import GLYPHS, WORDS
from ...text import display_width, truncate
from ...value_classes import frozen

MAX_NAME_WIDTH = 24
COMPACT_NAME_WIDTH = 14


@frozen
class Column:
    key: str
    title: str
    width: int


@frozen
class GridLayout:
    # "names", "short", "marks" (short heads, glyph and every mark), "heads" (compact cells under
    # short heads: at 120 columns the heads read as words, not two-letter riddles) or "compact"
    mode: str
    name_width: int
    kind_width: int
    methods: tuple[Column, ...]

    @property
    def fixed_width(self) -> int:
        return self.name_width + self.kind_width

    @property
    def methods_width(self) -> int:
        return sum(c.width for c in self.methods)

    @property
    def width(self) -> int:
        return self.fixed_width + self.methods_width

    @property
    def compact(self) -> bool:
        return self.mode in ("heads", "compact")

    def cell_text(self, cell: Cell) -> str:
        if self.compact:
            return GLYPHS[cell.status] + (cell.marks[:1] or " ")
        if self.mode == "marks":
            return GLYPHS[cell.status] + cell.marks
        return cell.text

    def name_text(self, platform: Platform) -> str:
        return truncate(platform.name, self.name_width - 2)

    def kind_text(self, platform: Platform) -> str:
        return platform.kind.value[0] if self.compact else platform.kind.value


# The widest cell: glyph, space, the longest word and two marks (a third is rare; it is cut then).
# Fixed rather than measured, so laying out 10,000 platforms costs nothing.
WORD_CELL = 2 + max(len(word) for word in WORDS.values()) + 2


def _word_columns(catalog: Catalog, titles: list[str]) -> tuple[Column, ...]:
    return tuple(
        Column(method.id, title, max(display_width(title), WORD_CELL) + 2)
        for method, title in zip(catalog.methods, titles)
    )


def layouts(catalog: Catalog) -> list[GridLayout]:
    """The candidate layouts, widest first."""
    name_width = min(max((display_width(p.name) for p in catalog.platforms), default=8), MAX_NAME_WIDTH)
    name_width = max(name_width, 8) + 2
    compact_name = min(name_width, COMPACT_NAME_WIDTH + 2)
    return [
        GridLayout("names", name_width, 9, _word_columns(catalog, [m.name for m in catalog.methods])),
        GridLayout("short", name_width, 9, _word_columns(catalog, [m.short for m in catalog.methods])),
        GridLayout(
            "marks",
            name_width,
            9,
            tuple(Column(m.id, m.short, max(display_width(m.short), 4) + 2) for m in catalog.methods),
        ),
        GridLayout(
            "heads",
            compact_name,
            2,
            tuple(Column(m.id, m.short, max(display_width(m.short), 2) + 1) for m in catalog.methods),
        ),
        GridLayout(
            "compact",
            compact_name,
            2,
            tuple(Column(m.id, m.head, max(display_width(m.head), 2) + 1) for m in catalog.methods),
        ),
    ]


def choose_layout(candidates: list[GridLayout], available: int) -> GridLayout:
    """The widest layout that fits `available` columns, else the narrowest."""
    for layout in candidates:
        if layout.width <= available:
            return layout
    return candidates[-1]
