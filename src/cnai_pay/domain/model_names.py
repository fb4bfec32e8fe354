"""Finding a model by what a user types: its id, its name or an alias, in any case and spacing."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .offers import ModelEntry

_SEPARATORS = re.compile(r"[\s_-]+")


def normalised(text: str) -> str:
    """'Kimi-K2', 'kimi k2' and ' KIMI_k2 ' are the same name."""
    return _SEPARATORS.sub(" ", text.strip().lower()).strip()


class ModelNames:
    """Every id, name and alias of the model catalogue, for lookups while the user types."""

    def __init__(self, models: Iterable[ModelEntry]) -> None:
        self.models = list(models)
        self.by_id = {m.id: m for m in self.models}
        self._by_name: dict[str, ModelEntry] = {}
        for model in self.models:
            for name in (model.id, model.name, *model.aliases):
                self._by_name.setdefault(normalised(name), model)
        # A family or a maker ("deepseek", "moonshot ai"): its name as the data writes it, and
        # every platform selling one of its models.
        self._groups: dict[str, tuple[str, frozenset[str]]] = {}
        for model in self.models:
            for group in (model.family, model.maker):
                label, platforms = self._groups.get(normalised(group), (group, frozenset()))
                self._groups[normalised(group)] = (label, platforms | self.platforms(model))

    def find(self, text: str) -> ModelEntry | None:
        """The model the whole text names, or None."""
        key = normalised(text)
        return self._by_name.get(key) if key else None

    def group(self, text: str) -> tuple[str, frozenset[str]] | None:
        """The family or maker the whole text names, as the data writes it, with the platforms selling its models."""
        key = normalised(text)
        return self._groups.get(key) if key else None

    def platforms(self, model: ModelEntry) -> frozenset[str]:
        """The platforms with a rule for the model: those the data says sell it."""
        return frozenset(rule.platform for rule in model.offers)

    def sold_on(self, platform_id: str) -> list[ModelEntry]:
        return [m for m in self.models if platform_id in self.platforms(m)]
