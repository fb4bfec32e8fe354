"""The catalogue's indexes answer exactly what a scan of every record answers, on the fixture catalogue."""

from __future__ import annotations

import itertools

from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import CardTopic
from cnai_pay.domain.regions import applies_in

COUNTRIES = (None, "DE", "MY", "US", "SG")


def test_the_fixture_exercises_every_index(mini: Catalog) -> None:
    # Otherwise the comparisons below could pass on empty answers.
    assert mini.billing and mini.card_rules and mini.fees and mini.providers
    assert any(r.scoped for r in mini.card_rules)
    assert len({b.platform for b in mini.billing}) > 1


def test_per_platform_queries_match_a_scan(mini: Catalog) -> None:
    for platform, country in itertools.product([*mini.platforms, None], COUNTRIES):
        pid = platform.id if platform else "no_such_platform"
        assert mini.billing_for(pid) == [b for b in mini.billing if b.platform == pid]
        for topic in (None, *CardTopic):
            assert mini.card_rules_for(pid, topic, country) == [
                r
                for r in mini.card_rules
                if r.platform == pid
                and (topic is None or r.topic is topic)
                and (country is None or applies_in(r, country))
            ]


def test_per_method_queries_match_a_scan(mini: Catalog) -> None:
    provider_ids = ["", *(p.id for p in mini.providers), "no_such_provider"]
    for method in mini.methods:
        assert mini.providers_for(method.id) == [p for p in mini.providers if p.method == method.id]
        for platform, provider, country in itertools.product(mini.platforms, provider_ids, COUNTRIES):
            assert mini.fees_for(platform.id, method.id, provider, country) == [
                f
                for f in mini.fees
                if f.method == method.id
                and (f.provider is None or f.provider == provider)
                and (f.platform is None or f.platform == platform.id)
                and (country is None or applies_in(f, country))
            ]
    assert mini.providers_for("no_such_method") == []


def test_per_source_queries_match_a_scan(mini: Catalog) -> None:
    records = list(mini.cited_records())
    for source_id in [*mini.sources, "no_such_source"]:
        assert mini.claims_citing(source_id) == [r for r in records if r.source == source_id]
    assert mini.cited_source_ids() == {r.source for r in records if r.source}
    assert sum(len(mini.claims_citing(s)) for s in mini.sources) == sum(1 for r in records if r.source)


def test_answers_are_copies_that_leave_the_index_intact(mini: Catalog) -> None:
    platform = mini.billing[0].platform
    expected = mini.billing_for(platform)
    mini.billing_for(platform).clear()
    source = next(iter(mini.sources))
    cited = mini.claims_citing(source)
    mini.claims_citing(source).append("not a record")
    assert mini.billing_for(platform) == expected and mini.claims_citing(source) == cited


def _cell_scan(catalog: Catalog, platform_id: str, method_id: str) -> list[object]:
    method = catalog.method_by_id[method_id]
    own = [c for c in catalog.claims if c.platform == platform_id and c.method == method_id]
    # A claim that names no brand speaks for every method of its kind.
    return own + [c for c in catalog.claims if c.platform == platform_id and c.method is None and c.kind is method.kind]


def test_a_cells_claims_match_a_scan_whatever_the_order_of_the_data(mini: Catalog) -> None:
    # In data order, and with each platform's claims scattered (sorted by method): a platform's
    # claims then come in several runs, which the grouping at load must join in order.
    scattered = sorted(mini.claims, key=lambda c: (c.method or "", c.source))
    assert len({c.platform for c in scattered[:3]}) > 1
    fields = {name: getattr(mini, name) for name in Catalog.__dataclass_fields__ if not name.startswith("_")}
    for catalog in (mini, Catalog(**(fields | {"claims": scattered}))):
        for platform, method in itertools.product([*catalog.platforms, None], catalog.methods):
            pid = platform.id if platform else "no_such_platform"
            assert list(catalog.cell_claims(pid, method.id)) == _cell_scan(catalog, pid, method.id)
