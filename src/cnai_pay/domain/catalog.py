"""Queries on the loaded facts: cells, refunds, billing, card rules, fees, providers, freshness."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import field
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from ..value_classes import frozen, mutable
from .model import (
    Basis,
    BillingFact,
    BillingModel,
    CardRule,
    CardRuleKind,
    CardTopic,
    Claim,
    DataSet,
    Decline,
    Fee,
    Method,
    MethodKind,
    Platform,
    Provider,
    ProviderFact,
    RefundClaim,
    RefundPolicy,
    Source,
    SourceKind,
    Status,
    StepTemplate,
)
from .model_names import ModelNames
from .offers import ModelEntry, OwnPrice, PriceData
from .ranking import RankedClaim, decide_cell, resolve
from .regions import applies_in
from .vocabulary import GLYPHS, REFUND_LABELS, WORDS, cell_marks

STALE_AFTER_DAYS = 180

_Record = TypeVar("_Record")
_PLATFORM_OF = attrgetter("platform")
_NO_CELLS: dict[str | None, list[Claim]] = {}


def _grouped(records: Iterable[_Record], key: str) -> dict[Any, list[_Record]]:
    """Records by the value of one field, each group in data order."""
    groups: dict[Any, list[_Record]] = defaultdict(list)
    for record in records:
        groups[getattr(record, key)].append(record)
    return dict(groups)


@frozen(slots=True)
class Cell:
    platform: Platform
    method: Method
    status: Status
    disputed: bool
    claims: tuple[RankedClaim, ...]
    # The user's country the cell was resolved for, or None.
    country: str | None = None

    @property
    def deciding(self) -> RankedClaim | None:
        return self.claims[0] if self.claims else None

    def answered(self, method: Method, status: Status) -> Cell:
        """The same cell under another method's column and status (a card's answer from its
        network's cell): `dataclasses.replace` without its per-call look at the fields."""
        return Cell(self.platform, method, status, self.disputed, self.claims, self.country)

    @property
    def weak(self) -> bool:
        """The deciding claim is not stated by its source."""
        return self.deciding is not None and self.deciding.weak

    @property
    def regional(self) -> bool:
        """Resolved for the user's country from a claim scoped to regions."""
        return self.country is not None and self.deciding is not None and self.deciding.scoped

    @property
    def brandless(self) -> bool:
        """Decided by a page that names no card brand (a claim on the method's kind)."""
        return self.deciding is not None and self.deciding.brandless

    @property
    def product(self) -> str | None:
        """The product the deciding claim holds for, when it is not the platform's API balance."""
        return self.deciding.product if self.deciding is not None else None

    @property
    def marks(self) -> str:
        return cell_marks(self.disputed, self.weak, self.regional, self.brandless)

    @property
    def text(self) -> str:
        """Glyph + word + marks: readable without colour."""
        return f"{GLYPHS[self.status]} {WORDS[self.status]}{self.marks}"

    @property
    def accepts(self) -> bool:
        return self.status in (Status.SUPPORTED, Status.CONDITIONAL)

    @property
    def source_ids(self) -> list[str]:
        return [c.source.id for c in self.claims]


@frozen(slots=True)
class Refund:
    platform: Platform
    policy: RefundPolicy
    disputed: bool
    claims: tuple[RankedClaim, ...]

    @property
    def top(self) -> RefundClaim | None:
        return self.claims[0].claim if self.claims else None

    @property
    def window_days(self) -> int | None:
        return self.top.window_days if self.top else None

    @property
    def product(self) -> str | None:
        return self.top.product if self.top else None

    @property
    def headline(self) -> str:
        """'refundable: unused prepaid resource packages only' — never a bare word for one product."""
        label = REFUND_LABELS[self.policy]
        if not self.product or self.policy is RefundPolicy.UNKNOWN:
            return label
        # "Not refundable: X only" would suggest the rest is refundable: a refusal just names its product.
        return (
            f"{label}: {self.product} only" if self.policy is RefundPolicy.REFUNDABLE else f"{label} for {self.product}"
        )


@mutable
class Catalog:
    folder: Path
    dataset: DataSet
    platforms: list[Platform]
    methods: list[Method]
    sources: dict[str, Source]
    claims: list[Claim]
    refund_claims: list[RefundClaim]
    billing: list[BillingFact]
    card_rules: list[CardRule]
    fees: list[Fee]
    providers: list[Provider]
    provider_facts: list[ProviderFact]
    declines: list[Decline]
    steps: list[StepTemplate]
    # The model catalogue and our own prices (optional files: empty when a folder has none).
    models: list[ModelEntry] = field(default_factory=list)
    own_prices: list[OwnPrice] = field(default_factory=list)
    price_sources: dict[str, Source] = field(default_factory=dict)
    price_data: PriceData | None = None
    # (country or None, platform id, method id) → cell, filled as cells are asked for.
    _cells: dict[tuple[str | None, str, str], Cell] = field(default_factory=dict, repr=False)
    # (provider id, country or None) → the fact naming its cards' networks, filled as asked for.
    _networks: dict[tuple[str, str | None], ProviderFact | None] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.platform_by_id = {p.id: p for p in self.platforms}
        self.method_by_id = {m.id: m for m in self.methods}
        # Where a method's inherited claims sit in `_claims_by_cell`: made once, not once per cell.
        self._kind_key = {m.id: f"kind:{m.kind.value}" for m in self.methods}
        # Cells are resolved when first asked for: a screenful at start, not every platform × method.
        # Platform id → its claims in data order: 250,000 claims at 10,000 platforms are grouped
        # in C, one step per run of a platform's claims; split by method when first asked for.
        self._claims_of_platform: dict[str, list[Claim]] = {}
        for platform_id, group in groupby(self.claims, _PLATFORM_OF):
            found = self._claims_of_platform.get(platform_id)
            if found is None:
                self._claims_of_platform[platform_id] = list(group)
            else:
                found.extend(group)
        # Platform id → method id (or "kind:…") → its claims, in data order.
        self._claims_by_cell: dict[str, dict[str | None, list[Claim]]] = {}

    # -- cells ---------------------------------------------------------------

    def cell(self, platform_id: str, method_id: str, country: str | None = None) -> Cell:
        key = (country, platform_id, method_id)
        found = self._cells.get(key)
        if found is None:
            claims = self.cell_claims(platform_id, method_id)
            status, disputed, ordered = decide_cell(claims, self.sources, country)
            found = Cell(
                self.platform_by_id[platform_id], self.method_by_id[method_id], status, disputed, ordered, country
            )
            self._cells[key] = found
        return found

    def cell_claims(self, platform_id: str, method_id: str) -> Sequence[Claim]:
        """The claims that decide a cell, in data order: the method's own, then its kind's."""
        cells = self._claims_by_cell.get(platform_id)
        if cells is None:
            cells = self._cells_of(platform_id)
        own, inherited = cells.get(method_id, ()), cells.get(self._kind_key[method_id], ())
        return [*own, *inherited] if own and inherited else own or inherited

    def _cells_of(self, platform_id: str) -> dict[str | None, list[Claim]]:
        grouped: dict[str | None, list[Claim]] = defaultdict(list)
        for claim in self._claims_of_platform.get(platform_id, ()):
            grouped[claim.method].append(claim)
        # A brand-less claim sits under its kind; every method of that kind inherits it.
        for claim in grouped.pop(None, ()):
            grouped[f"kind:{claim.kind.value if claim.kind else ''}"].append(claim)
        # Stored whole once built: a ranking in a worker thread may ask at the same time, and
        # would at worst build the same dict again, never read one half filled.
        cells = self._claims_by_cell[platform_id] = dict(grouped) or _NO_CELLS
        return cells

    def cells(self, country: str | None = None) -> Iterable[Cell]:
        for platform in self.platforms:
            for method in self.methods:
                yield self.cell(platform.id, method.id, country)

    def disputed_cells(self) -> list[Cell]:
        return [c for c in self.cells() if c.disputed]

    def haystack(self, platform_id: str) -> str:
        return self._haystacks[platform_id]

    @cached_property
    def _haystacks(self) -> dict[str, str]:
        """Lower-cased text per platform, so filtering is a scan of strings: built on the first
        filter, not at load (a start that never filters by name never needs it)."""
        return {p.id: " ".join([p.name, p.id, p.kind.value, *p.also_known_as]).lower() for p in self.platforms}

    @cached_property
    def model_names(self) -> ModelNames:
        """The model catalogue's names and aliases, for the filter and the models pane."""
        return ModelNames(self.models)

    # -- refunds and billing -------------------------------------------------

    @cached_property
    def refunds(self) -> dict[str, Refund]:
        grouped: dict[str, list[RankedClaim]] = defaultdict(list)
        for claim in self.refund_claims:
            grouped[claim.platform].append(RankedClaim(claim.policy, self.sources[claim.source], claim))
        result = {}
        for platform in self.platforms:
            policy, disputed, ranked = resolve(grouped.get(platform.id, ()), RefundPolicy.UNKNOWN)
            # A row about one region's site (the mainland one) decides only where nothing wider speaks.
            ranked.sort(key=lambda c: c.scoped)
            if ranked:
                policy = ranked[0].value
            result[platform.id] = Refund(platform, policy, disputed, tuple(ranked))
        return result

    def refund_possible(self, platform_id: str) -> bool:
        """Unused money can be got back: a refund that covers one product only does not count."""
        refund = self.refunds[platform_id]
        return refund.policy is RefundPolicy.REFUNDABLE and refund.product is None

    # Per-platform, per-method and per-source indexes: every pane asks these once per row, and a
    # scan per call made the routes pane quadratic (48 s at 10,000 platforms). Built on first use
    # rather than at load, so a start from the cache pays nothing for the panes it never opens.

    @cached_property
    def _billing_by_platform(self) -> dict[str, list[BillingFact]]:
        return _grouped(self.billing, "platform")

    @cached_property
    def _card_rules_by_platform(self) -> dict[str, list[CardRule]]:
        return _grouped(self.card_rules, "platform")

    @cached_property
    def _fees_by_method(self) -> dict[str | None, list[Fee]]:
        return _grouped(self.fees, "method")

    @cached_property
    def _providers_by_method(self) -> dict[str, list[Provider]]:
        return _grouped(self.providers, "method")

    @cached_property
    def _records_by_source(self) -> dict[str | None, list[Any]]:
        return _grouped(self.cited_records(), "source")

    def billing_for(self, platform_id: str) -> list[BillingFact]:
        return list(self._billing_by_platform.get(platform_id, ()))

    def billing_model(self, platform_id: str) -> BillingModel | None:
        """The model for API use: prepaid or postpaid wins over a side subscription."""
        models = [b.model for b in self.billing_for(platform_id)]
        for model in (BillingModel.POSTPAID, BillingModel.PREPAID, BillingModel.SUBSCRIPTION):
            if model in models:
                return model
        return None

    def is_official_minimum(self, fact: BillingFact) -> bool:
        """A minimum the app may tell a user to top up: stated on the platform's own page, for the API."""
        return (
            fact.minimum is not None
            and fact.product is None
            and fact.basis is Basis.STATED
            and self.sources[fact.source].kind is SourceKind.OFFICIAL
        )

    def minimum_facts(self, platform_id: str, method_id: str | None = None) -> list[BillingFact]:
        """Every prepaid minimum the data gives for this platform (and method), official first."""
        facts = [
            b
            for b in self.billing_for(platform_id)
            if b.minimum is not None
            and b.model is not BillingModel.POSTPAID
            and (method_id is None or b.method in (None, method_id))
        ]
        if len(facts) > 1:  # most platforms give one minimum: nothing to order
            facts.sort(
                key=lambda b: (
                    not self.is_official_minimum(b),
                    b.method != method_id,
                    -self.sources[b.source].kind.authority,
                )
            )
        return facts

    def minimum_topup(
        self, platform_id: str, method_id: str | None = None, country: str | None = None
    ) -> BillingFact | None:
        """The official minimum top-up for this method (method-specific first), else None."""
        for fact in self.minimum_facts(platform_id, method_id):
            if (
                self.is_official_minimum(fact)
                and fact.model is BillingModel.PREPAID
                and (country is None or applies_in(fact, country))
            ):
                return fact
        return None

    # -- card rules, fees, providers -----------------------------------------

    def card_rules_for(
        self, platform_id: str, topic: CardTopic | None = None, country: str | None = None
    ) -> list[CardRule]:
        return [
            r
            for r in self._card_rules_by_platform.get(platform_id, ())
            if (topic is None or r.topic is topic) and (country is None or applies_in(r, country))
        ]

    def rules_for_method(self, platform_id: str, method: Method, country: str | None = None) -> list[CardRule]:
        """The platform's card rules on the topics that concern this method."""
        return [r for r in self.card_rules_for(platform_id, country=country) if r.topic in method.card_rules]

    def refuses(self, platform_id: str, topic: CardTopic, country: str | None = None) -> list[CardRule]:
        return [r for r in self.card_rules_for(platform_id, topic, country) if r.rule is CardRuleKind.REFUSED]

    def method_name(self, method_id: str | None, kinds: Iterable[MethodKind] = ()) -> str:
        """A method's name, or for a claim or fee on kinds of method: 'any card network'."""
        if method_id is not None:
            return self.method_by_id[method_id].name if method_id in self.method_by_id else method_id
        return " or ".join(f"any {k.value.replace('_', ' ')}" for k in kinds) or "no method"

    def providers_for(self, method_id: str) -> list[Provider]:
        """The card providers that issue this method (Wise, Revolut… for a virtual card)."""
        return list(self._providers_by_method.get(method_id, ()))

    def provider_networks(self, provider_id: str, country: str | None = None) -> ProviderFact | None:
        """The fact naming the networks of this provider's cards: one for the user's country first."""
        # Asked several times for every platform's card answer: looked up once per provider and country.
        key = (provider_id, country)
        if key not in self._networks:
            facts = [f for f in self.provider_facts if f.provider == provider_id and f.networks]
            regional = [f for f in facts if f.scoped and country is not None and applies_in(f, country)]
            general = [f for f in facts if not f.scoped]
            found = regional or general
            self._networks[key] = found[0] if found else None
        return self._networks[key]

    def _fee_candidates(self, method_id: str, kind: Any) -> list[Fee]:
        """The fees on this method and those on its whole kind (method left out), in data order."""
        own = self._fees_by_method.get(method_id, [])
        by_kind = [f for f in self._fees_by_method.get(None, ()) if kind in f.kinds]
        if not by_kind:
            return own
        position = self._fee_positions
        return sorted([*own, *by_kind], key=lambda f: position[id(f)])

    @cached_property
    def _fee_positions(self) -> dict[int, int]:
        return {id(f): i for i, f in enumerate(self.fees)}

    def fees_for(
        self, platform_id: str, method_id: str, provider_id: str = "", country: str | None = None
    ) -> list[Fee]:
        return [
            f
            for f in self.fees_on_any_platform(method_id, provider_id, country)
            if f.platform is None or f.platform == platform_id
        ]

    def fees_on_any_platform(self, method_id: str, provider_id: str = "", country: str | None = None) -> list[Fee]:
        """`fees_for` before the platform is chosen: the fees on every platform and each platform's own."""
        kind = self.method_by_id[method_id].kind if method_id in self.method_by_id else None
        return [
            f
            for f in self._fee_candidates(method_id, kind)
            if (f.provider is None or f.provider == provider_id) and (country is None or applies_in(f, country))
        ]

    # -- freshness -----------------------------------------------------------

    def age_days(self, today: dt.date) -> int:
        return (today - self.dataset.as_of).days

    def is_stale(self, today: dt.date) -> bool:
        return self.age_days(today) > STALE_AFTER_DAYS

    def age_text(self, today: dt.date) -> str:
        days = self.age_days(today)
        text = f"data as of {self.dataset.as_of.isoformat()} ({days} day{'s' if days != 1 else ''} old)"
        if self.is_stale(today):
            text += f" — older than {STALE_AFTER_DAYS} days, check the sources"
        return text

    # -- citations -----------------------------------------------------------

    def cited_records(self) -> Iterable[Any]:
        """Every record that names a source."""
        for group in (
            self.platforms,
            self.claims,
            self.refund_claims,
            self.billing,
            self.card_rules,
            self.fees,
            self.provider_facts,
            self.declines,
            self.steps,
        ):
            yield from group

    def cited_source_ids(self) -> set[str]:
        return {source for source in self._records_by_source if source}

    def claims_citing(self, source_id: str) -> list[Any]:
        """Every record citing the source, in the order of `cited_records`."""
        return list(self._records_by_source.get(source_id, ()))
