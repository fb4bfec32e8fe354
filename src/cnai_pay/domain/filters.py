"""The grid's filters: what the user narrowed the platforms to, and which rows match."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..value_classes import frozen
from .cards import user_cell
from .model import Platform, PlatformKind

if TYPE_CHECKING:
    from .catalog import Catalog, Cell


@frozen
class GridFilter:
    """Empty means everything. `country` is not a filter: it decides region-scoped cells, and
    `providers` (who issued the user's cards) decides their card's cells."""

    text: str = ""
    accepts: frozenset[str] = frozenset()
    wallet: frozenset[str] = frozenset()
    kind: PlatformKind | None = None
    refundable: bool = False
    country: str | None = None
    providers: frozenset[str] = frozenset()

    @property
    def words(self) -> list[str]:
        return self.text.lower().split()

    @property
    def active(self) -> bool:
        return bool(self.words or self.accepts or self.wallet or self.kind or self.refundable)

    def describe(self, method_names: dict[str, str], model_name: str | None = None) -> list[str]:
        """Short human labels for each active filter, in a stable order; `model_name`: the model the text names."""
        parts: list[str] = []
        if model_name:
            parts.append(f"selling {model_name}")
        elif self.words:
            parts.append(f'text "{self.text.strip()}"')
        if self.accepts:
            parts.append("accepts " + " + ".join(method_names.get(m, m) for m in sorted(self.accepts)))
        if self.wallet:
            parts.append("wallet " + ", ".join(method_names.get(m, m) for m in sorted(self.wallet)))
        if self.kind:
            parts.append(f"kind {self.kind.value}")
        if self.refundable:
            parts.append("refund possible")
        return parts


@frozen
class Sold:
    """What a filter's text names that platforms sell, and the platforms selling it."""

    # For the status line: "Kimi K2", or "DeepSeek models" for a family or a maker.
    label: str
    platforms: frozenset[str]
    # A family or a maker also keeps the platforms whose own name matches (DeepSeek itself); a
    # model keeps only its sellers.
    or_by_name: bool


def selling(catalog: Catalog, flt: GridFilter) -> Sold | None:
    """The model, family or maker the whole filter text names, or None."""
    if not flt.words:
        return None
    names = catalog.model_names
    model = names.find(flt.text)
    if model is not None:
        return Sold(model.name, names.platforms(model), False)
    group = names.group(flt.text)
    if group is not None:
        return Sold(f"{group[0]} models", group[1], True)
    return None


def matches(catalog: Catalog, platform: Platform, flt: GridFilter, sold: Sold | None) -> bool:
    """Whether the platform passes the filter; `sold` is `selling(catalog, flt)`, worked out once per filter."""
    by_name = all(word in catalog.haystack(platform.id) for word in flt.words)
    if sold is not None:
        if platform.id not in sold.platforms and not (sold.or_by_name and by_name):
            return False
    elif not by_name:
        return False
    if flt.kind is not None and platform.kind is not flt.kind:
        return False
    if flt.accepts and not all(_cell(catalog, platform.id, m, flt).accepts for m in flt.accepts):
        return False
    if flt.wallet and not any(_cell(catalog, platform.id, m, flt).accepts for m in flt.wallet):
        return False
    if flt.refundable and not catalog.refund_possible(platform.id):
        return False
    return True


def filter_platforms(catalog: Catalog, flt: GridFilter) -> list[Platform]:
    if not flt.active:
        return list(catalog.platforms)
    sold = selling(catalog, flt)
    return [p for p in catalog.platforms if matches(catalog, p, flt, sold)]


def highlighted(catalog: Catalog, platform_id: str, flt: GridFilter) -> frozenset[str]:
    """Methods to make stand out in a row: the wallet's and the accepted ones that match."""
    wanted = flt.wallet | flt.accepts
    return frozenset(m for m in wanted if _cell(catalog, platform_id, m, flt).accepts)


def _cell(catalog: Catalog, platform_id: str, method_id: str, flt: GridFilter) -> Cell:
    # The cell the grid shows: for a card whose provider the user named, that card's answer.
    return user_cell(catalog, platform_id, method_id, flt.providers, flt.country)
