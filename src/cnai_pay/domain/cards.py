"""A card from a provider on a platform: the card is also a Visa or a Mastercard.

A Wise card is a virtual card and a card on a network at once, so its answer on
platform P combines P's cell for virtual cards (and P's rules on virtual and
prepaid cards) with P's cells for the card's networks: a refusal of virtual
cards decides first, then the less favourable of the known answers. The
answer says which of them decided, the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Collection

from ..value_classes import frozen
from .catalog import Catalog, Cell
from .model import CardRule, CardTopic, MethodKind, Provider, ProviderFact, Status
from .vocabulary import GLYPHS, LABELS

# Less favourable first: the order in which two known answers combine.
_ORDER = {Status.NOT_SUPPORTED: 0, Status.CONDITIONAL: 1, Status.SUPPORTED: 2}
# Most favourable first, for a user holding several cards: the one that would go through answers.
_FAVOURED = {Status.SUPPORTED: 3, Status.CONDITIONAL: 2, Status.UNKNOWN: 1, Status.NOT_SUPPORTED: 0}
# The card-type topic that, refused, rules out a card of that kind.
OWN_TYPE_TOPIC = {MethodKind.VIRTUAL_CARD: CardTopic.VIRTUAL_CARDS, MethodKind.PREPAID_CARD: CardTopic.PREPAID_CARDS}


@frozen
class CardAnswer:
    """The cell that answers for the provider's card, and in words what decided it."""

    cell: Cell
    decided_by: str
    sources: tuple[str, ...] = ()
    # The platform's side of `decided_by` alone, for a line that already says what the card is.
    why: str = ""
    # The platform's rules that refused the card's kind, when one decided.
    refusals: tuple[CardRule, ...] = ()

    @property
    def reason(self) -> str:
        return self.why or self.decided_by


def network_names(catalog: Catalog, fact: ProviderFact | None) -> list[str]:
    if fact is None:
        return []
    return [catalog.method_by_id[n].name for n in fact.networks if n in catalog.method_by_id]


def card_networks(catalog: Catalog, provider: Provider, country: str | None) -> tuple[str, ...]:
    """The network method ids the provider's card may be, as the data says for the user's country."""
    fact = catalog.provider_networks(provider.id, country)
    return tuple(n for n in fact.networks if n in catalog.method_by_id) if fact else ()


# The answers for the last catalogue asked about: the grid asks once per platform for each redraw
# and filter, and a catalogue never changes once loaded. One slot, as a process loads one catalogue;
# the Catalog itself is left alone (it is pickled into the cache).
_memo: tuple[Catalog, dict[tuple[str, str, str | None], OwnCard], dict[tuple[str, str | None], str]] | None = None


def _answers(catalog: Catalog) -> dict[tuple[str, str, str | None], OwnCard]:
    return _memos(catalog)[1]


def _memos(
    catalog: Catalog,
) -> tuple[Catalog, dict[tuple[str, str, str | None], OwnCard], dict[tuple[str, str | None], str]]:
    global _memo
    if _memo is None or _memo[0] is not catalog:
        _memo = (catalog, {}, {})
    return _memo


def card_of(catalog: Catalog, platform_id: str, provider: Provider, country: str | None) -> OwnCard:
    """The answer for a card from this provider on the platform, with what the card is."""
    _, answers, descriptions = _memos(catalog)
    key = (platform_id, provider.id, country)
    found = answers.get(key)
    if found is None:
        fact = catalog.provider_networks(provider.id, country)
        description = descriptions.get((provider.id, country))
        if description is None:  # the same on every platform: worked out once a provider and country
            description = descriptions[provider.id, country] = card_description(catalog, provider, country)
        found = answers[key] = OwnCard(
            provider,
            description,
            _card_answer(catalog, platform_id, provider, country),
            fact.source if fact else "",
        )
    return found


def card_answer(catalog: Catalog, platform_id: str, provider: Provider, country: str | None) -> CardAnswer:
    return card_of(catalog, platform_id, provider, country).answer


def _card_answer(catalog: Catalog, platform_id: str, provider: Provider, country: str | None) -> CardAnswer:
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
        ruled_out = base.answered(base.method, Status.NOT_SUPPORTED)
        return CardAnswer(
            ruled_out,
            f"{platform.name} refuses {kind_word}s, whatever their network",
            tuple(r.source for r in refusals),
            refusals=tuple(refusals),
        )
    if base.status is Status.NOT_SUPPORTED:
        return CardAnswer(base, f"{platform.name}'s answer for {kind_word}s decides", tuple(base.source_ids[:1]))
    names = network_names(catalog, fact)

    def as_card(cell: Cell, status: Status | None = None) -> Cell:
        # The answer is for the provider's card: the column stays the card's method.
        return cell.answered(method, cell.status if status is None else status)

    networks = [catalog.cell(platform_id, n, country) for n in card_networks(catalog, provider, country)]
    known = [c for c in networks if c.status is not Status.UNKNOWN]
    if fact is None or not networks:
        # Never a guessed network: the platform's answer for the card's kind is all there is.
        return CardAnswer(
            base,
            f"no source in the data names the network of a {provider.name} card here, "
            f"so {platform.name}'s answer for {kind_word}s stands",
        )
    source = catalog.sources[fact.source]
    said = f"a {provider.name} card is {' or '.join(names)} (per {source.publisher}: {source.title})"

    def answer(cell: Cell, why: str, joint: str = "; ") -> CardAnswer:
        return CardAnswer(cell, f"{said}{joint}{why}", (fact.source,), why)

    if len(known) < len(networks):
        unknown = [c.method.name for c in networks if c.status is Status.UNKNOWN]
        if not known:
            return answer(
                base,
                f"{platform.name}'s answer{'s' if len(unknown) > 1 else ''} for {' and '.join(unknown)} "
                f"{'are' if len(unknown) > 1 else 'is'} unknown",
            )
        # One possible network is unknown: the card's answer is only as good as the unknown one.
        return answer(
            as_card(known[0], Status.CONDITIONAL if known[0].accepts else known[0].status),
            f"{platform.name}'s answer for {' and '.join(unknown)} is unknown: check your card's logo",
        )
    statuses = {c.status for c in known}
    if len(statuses) > 1:
        worst = min(known, key=lambda c: _ORDER[c.status])
        return answer(
            as_card(worst, Status.CONDITIONAL if any(c.accepts for c in known) else worst.status),
            f"{platform.name} answers differently for each: it depends on your card's network",
        )
    network = known[0]
    cells = " and ".join(c.method.name for c in known)
    decides = f"{platform.name}'s {cells} cell{'s agree' if len(known) > 1 else ' decides'}"
    if base.status is Status.UNKNOWN or _ORDER[network.status] <= _ORDER[base.status]:
        return answer(as_card(network), decides, ": ")
    return answer(base, f"{platform.name}'s answer for {kind_word}s is less sure", ", but ")


def card_description(catalog: Catalog, provider: Provider, country: str | None) -> str:
    """What the provider's card is, as the data says for the user's country: 'Visa or Mastercard debit'.

    Where no source names the network, it says so rather than guess one.
    """
    fact = catalog.provider_networks(provider.id, country)
    names = network_names(catalog, fact)
    if fact is None or not names:
        return "network unknown"
    return " or ".join(names) + (f" {fact.funding}" if fact.funding else "")


@frozen
class OwnCard:
    """The answer for the card the user holds, with what that card is."""

    provider: Provider
    description: str
    answer: CardAnswer
    # Who says what the card is ('' where no source names its network).
    network_source: str = ""

    @property
    def text(self) -> str:
        """'your Wise card: Visa debit → ✓ yes'."""
        status = self.answer.cell.status
        return f"your {self.provider.name} card: {self.description} → {GLYPHS[status]} {LABELS[status]}"


def own_card(
    catalog: Catalog, platform_id: str, method_id: str, providers: Collection[str], country: str | None
) -> OwnCard | None:
    """The answer for the user's own card of this method, or None when they named no provider of it.

    With several such cards the most favourable answers (the first one on a tie): the user pays with
    whichever goes through.
    """
    if not providers:
        return None
    answers = [card_of(catalog, platform_id, p, country) for p in catalog.providers_for(method_id) if p.id in providers]
    return max(answers, key=lambda a: _FAVOURED[a.answer.cell.status], default=None)


def user_cell(
    catalog: Catalog, platform_id: str, method_id: str, providers: Collection[str], country: str | None
) -> Cell:
    """The cell as it stands for the user: their own card's answer where they named its provider."""
    own = own_card(catalog, platform_id, method_id, providers, country)
    return own.answer.cell if own is not None else catalog.cell(platform_id, method_id, country)


def card_explanation(catalog: Catalog, card: OwnCard) -> list[str]:
    """After the card's verdict: what decided it, who says what the card is, and whose claims follow."""
    cell = card.answer.cell
    lines = [f"Why: {card.answer.reason}"]
    if card.network_source in catalog.sources:
        source = catalog.sources[card.network_source]
        lines.append(f"What the card is: per {source.title} — {source.publisher}, {source.page_date_text}")
    if card.answer.refusals:
        lines.append(f"The card rules below decide; {cell.method.name.lower()} claims, if any, follow.")
    elif cell.claims:
        about = dict.fromkeys(
            catalog.method_name(r.claim.method, [r.claim.kind] if r.claim.kind else []) for r in cell.claims
        )
        lines.append(f"The claims below are {cell.platform.name}'s for {' and '.join(about)}.")
    return lines
