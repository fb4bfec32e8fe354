"""A card from a provider on a platform: the card is also a Visa or a Mastercard.

A Wise card is a virtual card and a card on a network at once, so its answer on
platform P combines P's cell for virtual cards (and P's rules on virtual and
prepaid cards) with P's cells for the card's networks: a refusal of virtual
cards decides first, then the less favourable of the known answers. The
answer says which of them decided, the same wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .catalog import Catalog, Cell
from .model import CardTopic, MethodKind, Provider, ProviderFact, Status

# Less favourable first: the order in which two known answers combine.
_ORDER = {Status.NOT_SUPPORTED: 0, Status.CONDITIONAL: 1, Status.SUPPORTED: 2}
# The card-type topic that, refused, rules out a card of that kind.
OWN_TYPE_TOPIC = {MethodKind.VIRTUAL_CARD: CardTopic.VIRTUAL_CARDS, MethodKind.PREPAID_CARD: CardTopic.PREPAID_CARDS}


@dataclass(frozen=True)
class CardAnswer:
    """The cell that answers for the provider's card, and in words what decided it."""

    cell: Cell
    decided_by: str
    sources: tuple[str, ...] = ()


def network_names(catalog: Catalog, fact: ProviderFact | None) -> list[str]:
    if fact is None:
        return []
    return [catalog.method_by_id[n].name for n in fact.networks if n in catalog.method_by_id]


def card_networks(catalog: Catalog, provider: Provider, country: str | None) -> tuple[str, ...]:
    """The network method ids the provider's card may be, as the data says for the user's country."""
    fact = catalog.provider_networks(provider.id, country)
    return tuple(n for n in fact.networks if n in catalog.method_by_id) if fact else ()


def card_answer(catalog: Catalog, platform_id: str, provider: Provider, country: str | None) -> CardAnswer:
    base = catalog.cell(platform_id, provider.method, country)
    platform = base.platform
    method = base.method
    fact = catalog.provider_networks(provider.id, country)
    topics = {OWN_TYPE_TOPIC.get(method.kind)}
    if fact is not None and fact.funding == "prepaid":
        topics.add(CardTopic.PREPAID_CARDS)
    refusals = [r for t in topics if t is not None for r in catalog.refuses(platform_id, t, country)]
    kind_word = method.name.lower()
    if refusals:
        ruled_out = replace(base, status=Status.NOT_SUPPORTED)
        return CardAnswer(
            ruled_out,
            f"{platform.name} refuses {kind_word}s, whatever their network",
            tuple(r.source for r in refusals),
        )
    if base.status is Status.NOT_SUPPORTED:
        return CardAnswer(base, f"{platform.name}'s answer for {kind_word}s decides", tuple(base.source_ids[:1]))
    names = network_names(catalog, fact)

    def as_card(cell: Cell, status: Status | None = None) -> Cell:
        # The answer is for the provider's card: the column stays the card's method.
        return replace(cell, method=method, status=cell.status if status is None else status)

    networks = [catalog.cell(platform_id, n, country) for n in card_networks(catalog, provider, country)]
    known = [c for c in networks if c.status is not Status.UNKNOWN]
    if fact is None or not networks:
        return CardAnswer(base, f"no source in the data names the network of a {provider.name} card here")
    source = catalog.sources[fact.source]
    said = f"a {provider.name} card is {' or '.join(names)} (per {source.publisher}: {source.title})"
    if len(known) < len(networks):
        unknown = [c.method.name for c in networks if c.status is Status.UNKNOWN]
        if not known:
            return CardAnswer(
                base,
                f"{said}; {platform.name}'s answer{'s' if len(unknown) > 1 else ''} for {' and '.join(unknown)} "
                f"{'are' if len(unknown) > 1 else 'is'} unknown",
                (fact.source,),
            )
        # One possible network is unknown: the card's answer is only as good as the unknown one.
        return CardAnswer(
            as_card(known[0], Status.CONDITIONAL if known[0].accepts else known[0].status),
            f"{said}; {platform.name}'s answer for {' and '.join(unknown)} is unknown: check your card's logo",
            (fact.source,),
        )
    statuses = {c.status for c in known}
    if len(statuses) > 1:
        worst = min(known, key=lambda c: _ORDER[c.status])
        return CardAnswer(
            as_card(worst, Status.CONDITIONAL if any(c.accepts for c in known) else worst.status),
            f"{said}; {platform.name} answers differently for each: it depends on your card's network",
            (fact.source,),
        )
    network = known[0]
    cells = " and ".join(c.method.name for c in known)
    decides = f"{platform.name}'s {cells} cell{'s agree' if len(known) > 1 else ' decides'}"
    if base.status is Status.UNKNOWN or _ORDER[network.status] <= _ORDER[base.status]:
        return CardAnswer(as_card(network), f"{said}: {decides}", (fact.source,))
    return CardAnswer(base, f"{said}, but {platform.name}'s answer for {kind_word}s is less sure", (fact.source,))
