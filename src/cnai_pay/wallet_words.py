"""A wallet typed in words ('visa paypal wise'): which methods and card providers the words name.

For the first-run start, where typing two names is quicker than ticking two rows
of a seventeen-row list. A word is a method's id, short name, column head or name
(spaces dropped), or a card provider's id or name (which stands for the card it
issues). Nothing here imports Textual.
"""

from __future__ import annotations

import re

from .domain.catalog import Catalog
from .value_classes import frozen


@frozen
class WalletWords:
    methods: frozenset[str]
    providers: frozenset[str]
    unknown: tuple[str, ...]


def _key(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text.lower())


def vocabulary(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Every word the start understands → (method id, provider id or '')."""
    words: dict[str, tuple[str, str]] = {}
    for provider in catalog.providers:
        for word in (provider.id, provider.name):
            words.setdefault(_key(word), (provider.method, provider.id))
    for method in catalog.methods:
        for word in (method.id, method.short, method.head, method.name):
            words[_key(word)] = (method.id, "")  # a method's own names win over a provider's
    return words


def read_wallet(catalog: Catalog, text: str) -> WalletWords:
    words = vocabulary(catalog)
    methods: set[str] = set()
    providers: set[str] = set()
    unknown: list[str] = []
    for token in re.split(r"[\s,;+]+", text.strip()):
        if not token:
            continue
        found = words.get(_key(token))
        if found is None:
            unknown.append(token[:30])
            continue
        methods.add(found[0])
        if found[1]:
            providers.add(found[1])
    return WalletWords(frozenset(methods), frozenset(providers), tuple(unknown))


def completions(catalog: Catalog) -> list[str]:
    """The words offered while typing: ids first (short and unambiguous), then provider ids."""
    return [m.id for m in catalog.methods] + [p.id for p in catalog.providers]
