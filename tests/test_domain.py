"""The domain: the ranking rule, regions, cells and the grid's filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.evidence import verdict
from cnai_pay.domain.filters import GridFilter, filter_platforms, highlighted
from cnai_pay.domain.model import Basis, Claim, PlatformKind, RefundPolicy, Source, SourceKind, Status
from cnai_pay.domain.ranking import RankedClaim, rank_cell_claims, resolve, status_for
from cnai_pay.domain.regions import applies_in, members, normalise_country, scope_text
from cnai_pay.domain.vocabulary import legend_items
from cnai_pay.loading import load_catalog, validate_catalog

from .conftest import TODAY

# -- the ranking rule ----------------------------------------------------------------------


def source(kind: SourceKind, page_date: str | dt.date = "undated", name: str = "") -> Source:
    return Source(
        id=name or f"s_{kind.value}_{page_date}".replace("-", ""),
        title=f"{kind.value} page",
        publisher="p",
        url="https://example.org/page",
        kind=kind,
        page_date=page_date,
        read_on=TODAY,
    )


def claim(status: Status, basis: Basis = Basis.STATED, **scope: Any) -> Claim:
    extra = {"from_list": "the list"} if basis is Basis.INFERRED else {}
    return Claim(platform="p", method="m", status=status, note="n", source="s", basis=basis, **extra, **scope)


def ranked(
    status: Status, kind: SourceKind, basis: Basis = Basis.STATED, page_date: str | dt.date = dt.date(2026, 5, 1)
) -> RankedClaim:
    return RankedClaim(status, source(kind, page_date), claim(status, basis))


@pytest.mark.parametrize("weaker", [Basis.INFERRED, Basis.SECOND_HAND, Basis.REPORTED])
def test_within_a_kind_stated_outranks_the_rest(weaker: Basis) -> None:
    # The weaker claim's page is newer: basis decides before date.
    claims = [
        ranked(Status.NOT_SUPPORTED, SourceKind.OFFICIAL, weaker, dt.date(2026, 9, 1)),
        ranked(Status.SUPPORTED, SourceKind.OFFICIAL, Basis.STATED, dt.date(2026, 1, 1)),
    ]
    status, disputed, order = resolve(claims, Status.UNKNOWN)
    assert (status, disputed) == (Status.SUPPORTED, True)
    assert [c.basis for c in order] == [Basis.STATED, weaker]
    assert not order[0].weak and order[1].weak


@pytest.mark.parametrize("middle", [Basis.INFERRED, Basis.SECOND_HAND])
def test_inferred_and_second_hand_outrank_a_report(middle: Basis) -> None:
    claims = [
        ranked(Status.SUPPORTED, SourceKind.GUIDE, Basis.REPORTED, dt.date(2026, 10, 1)),
        ranked(Status.NOT_SUPPORTED, SourceKind.GUIDE, middle, dt.date(2026, 2, 1)),
    ]
    status, disputed, order = resolve(claims, Status.UNKNOWN)
    assert (status, disputed) == (Status.NOT_SUPPORTED, True)
    assert [c.basis for c in order] == [middle, Basis.REPORTED]


def test_kind_beats_basis() -> None:
    claims = [
        ranked(Status.NOT_SUPPORTED, SourceKind.GUIDE, Basis.STATED, dt.date(2026, 9, 1)),
        ranked(Status.SUPPORTED, SourceKind.OFFICIAL, Basis.INFERRED, dt.date(2026, 1, 1)),
    ]
    status, disputed, order = resolve(claims, Status.UNKNOWN)
    assert (status, disputed) == (Status.SUPPORTED, True)
    assert order[0].source.kind is SourceKind.OFFICIAL and order[0].weak


def test_vendor_blog_outranks_a_report_and_a_guide() -> None:
    claims = [
        ranked(Status.NOT_SUPPORTED, SourceKind.REPORT, page_date=dt.date(2026, 10, 1)),
        ranked(Status.NOT_SUPPORTED, SourceKind.GUIDE, page_date=dt.date(2026, 10, 1)),
        ranked(Status.SUPPORTED, SourceKind.VENDOR_BLOG, page_date="undated"),
    ]
    assert resolve(claims, Status.UNKNOWN)[:2] == (Status.SUPPORTED, True)


def test_newest_page_wins_among_equals_and_undated_is_last() -> None:
    claims = [
        ranked(Status.SUPPORTED, SourceKind.OFFICIAL, page_date="undated"),
        ranked(Status.NOT_SUPPORTED, SourceKind.OFFICIAL, page_date=dt.date(2026, 1, 8)),
        ranked(Status.CONDITIONAL, SourceKind.OFFICIAL, page_date=dt.date(2026, 6, 5)),
    ]
    status, disputed, order = resolve(claims, Status.UNKNOWN)
    assert (status, disputed) == (Status.CONDITIONAL, True)
    assert [c.value for c in order] == [Status.CONDITIONAL, Status.NOT_SUPPORTED, Status.SUPPORTED]


def test_disputed_only_when_values_differ() -> None:
    agree = [ranked(Status.SUPPORTED, SourceKind.GUIDE), ranked(Status.SUPPORTED, SourceKind.OFFICIAL)]
    assert resolve(agree, Status.UNKNOWN)[:2] == (Status.SUPPORTED, False)
    # A disagreement far down the ranking still shows.
    lowly = [*agree, ranked(Status.NOT_SUPPORTED, SourceKind.REPORT, Basis.REPORTED)]
    assert resolve(lowly, Status.UNKNOWN)[:2] == (Status.SUPPORTED, True)
    assert resolve([], Status.UNKNOWN) == (Status.UNKNOWN, False, [])


def test_mini_cells_follow_the_rule(mini: Catalog) -> None:
    assert mini.cell("alpha", "visa").text == "✓ yes"
    # The official claim holds for most countries only, so without a country it reads conditional.
    assert mini.cell("beta", "amex").text == "◐ cond!"
    unknown = mini.cell("gamma", "visa")
    assert unknown.status is Status.UNKNOWN and unknown.claims == () and unknown.text == "? unkn"
    inferred = mini.cell("delta", "visa")
    assert inferred.text == "✗ no*" and inferred.weak and inferred.deciding.basis is Basis.INFERRED
    assert mini.refunds["alpha"].policy is RefundPolicy.REFUNDABLE and mini.refunds["alpha"].disputed


# -- regions -----------------------------------------------------------------------------


def test_a_country_in_a_group() -> None:
    eu = claim(Status.SUPPORTED, regions=("EU",))
    assert applies_in(eu, "DE") and not applies_in(eu, "US") and not applies_in(eu, "NO")
    assert applies_in(claim(Status.SUPPORTED, regions=("EEA",)), "NO")
    assert "DE" in members(("EU", "SG")) and "SG" in members(("EU", "SG"))
    assert scope_text(eu) == "only EU"


def test_all_but() -> None:
    most = claim(Status.SUPPORTED, except_regions=("EU", "MY"))
    assert applies_in(most, "US") and not applies_in(most, "MY") and not applies_in(most, "FR")
    assert scope_text(most) == "all but EU, MY"
    assert applies_in(claim(Status.SUPPORTED), "MY") and scope_text(claim(Status.SUPPORTED)) == ""


def test_scoped_claims_read_conditional_without_a_country() -> None:
    assert status_for(claim(Status.SUPPORTED, regions=("SG",)), None) is Status.CONDITIONAL
    assert status_for(claim(Status.NOT_SUPPORTED, except_regions=("MY",)), None) is Status.CONDITIONAL
    assert status_for(claim(Status.NOT_SUPPORTED), None) is Status.NOT_SUPPORTED


def test_inside_the_scope_the_status_outside_the_outside_or_nothing() -> None:
    with_outside = claim(Status.SUPPORTED, except_regions=("MY",), outside=Status.NOT_SUPPORTED)
    assert status_for(with_outside, "DE") is Status.SUPPORTED
    assert status_for(with_outside, "MY") is Status.NOT_SUPPORTED
    silent = claim(Status.SUPPORTED, regions=("SG",))
    assert status_for(silent, "SG") is Status.SUPPORTED
    assert status_for(silent, "DE") is None
    official = source(SourceKind.OFFICIAL)
    assert rank_cell_claims([(silent, official)], "DE") == []
    assert [c.value for c in rank_cell_claims([(silent, official)], "SG")] == [Status.SUPPORTED]


def test_a_region_scoped_cell_resolves_for_the_country(mini: Catalog) -> None:
    de, my = mini.cell("beta", "amex", "DE"), mini.cell("beta", "amex", "MY")
    assert (de.status, de.disputed, de.regional, de.marks, de.text) == (Status.SUPPORTED, True, True, "!@", "✓ yes!@")
    # In Malaysia both sources say no: no dispute.
    assert (my.status, my.disputed, my.regional, my.marks, my.text) == (Status.NOT_SUPPORTED, False, True, "@", "✗ no@")
    assert "resolved for your country (MY)" in verdict(my)
    assert "depends on your country" in verdict(mini.cell("beta", "amex"))
    # A cell without a scoped claim is not marked, country or not.
    assert mini.cell("alpha", "visa", "DE").text == "✓ yes" and not mini.cell("alpha", "visa", "DE").regional


def test_a_claim_silent_outside_its_regions_is_dropped(mini_copy: Path) -> None:
    with (mini_copy / "claims.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[claim]]\nplatform = "gamma"\nmethod = "visa"\nstatus = "supported"\n'
            'note = "Visa in Singapore."\nsource = "guide"\nbasis = "stated"\nregions = ["SG"]\n'
        )
    catalog = validate_catalog(mini_copy, today=TODAY)
    assert catalog.cell("gamma", "visa").text == "◐ cond"
    assert catalog.cell("gamma", "visa", "SG").text == "✓ yes@"
    elsewhere = catalog.cell("gamma", "visa", "DE")
    assert elsewhere.text == "? unkn" and elsewhere.claims == () and not elsewhere.regional


def test_card_rules_by_country(mini: Catalog) -> None:
    assert [r.topic.value for r in mini.card_rules_for("beta", country="DE")] == ["virtual_cards", "three_d_secure"]
    assert [r.topic.value for r in mini.card_rules_for("beta", country="US")] == ["virtual_cards"]
    assert len(mini.card_rules_for("beta")) == 2


def test_country_codes_typed_by_a_user() -> None:
    assert normalise_country(" de ") == "DE"
    assert normalise_country("EU") is None and normalise_country("XX") is None


def test_legend_spells_out_every_status() -> None:
    items = legend_items()
    assert "✓ yes = supported" in items and "? unkn = unknown" in items and "! = sources disagree" in items


# -- filters ------------------------------------------------------------------------------


def ids(platforms: list[Any]) -> list[str]:
    return [p.id for p in platforms]


def test_text_filter_several_words_all_match(mini: Catalog) -> None:
    assert ids(filter_platforms(mini, GridFilter(text="GATE"))) == ["gamma", "delta"]
    assert ids(filter_platforms(mini, GridFilter(text="gateway  relay"))) == ["delta"]
    assert ids(filter_platforms(mini, GridFilter(text="direct beta"))) == ["beta"]
    assert ids(filter_platforms(mini, GridFilter(text="betanet"))) == ["beta"]
    assert ids(filter_platforms(mini, GridFilter(text="nothing here"))) == []
    assert ids(filter_platforms(mini, GridFilter(text="   "))) == ["alpha", "beta", "gamma", "delta"]


def test_accepts_requires_every_method(mini: Catalog) -> None:
    assert ids(filter_platforms(mini, GridFilter(accepts=frozenset({"amex"})))) == ["beta", "gamma"]
    assert ids(filter_platforms(mini, GridFilter(accepts=frozenset({"amex", "visa"})))) == ["beta"]


def test_accepts_with_a_country(mini: Catalog) -> None:
    assert ids(filter_platforms(mini, GridFilter(accepts=frozenset({"amex"}), country="MY"))) == ["gamma"]
    assert ids(filter_platforms(mini, GridFilter(accepts=frozenset({"amex"}), country="DE"))) == ["beta", "gamma"]


def test_wallet_keeps_platforms_taking_any_and_marks_cells(mini: Catalog) -> None:
    flt = GridFilter(wallet=frozenset({"paypal", "amex"}))
    assert ids(filter_platforms(mini, flt)) == ["alpha", "beta", "gamma", "delta"]
    # Gamma's PayPal is conditional: it still takes it.
    paypal = GridFilter(wallet=frozenset({"paypal"}))
    assert ids(filter_platforms(mini, paypal)) == ["alpha", "gamma", "delta"]
    assert highlighted(mini, "alpha", paypal) == {"paypal"}
    wallet = frozenset({"paypal", "amex", "virtual_card"})
    assert highlighted(mini, "beta", GridFilter(wallet=wallet)) == {"amex"}


def test_wallet_with_a_country(mini: Catalog) -> None:
    wallet = frozenset({"amex", "virtual_card"})
    assert ids(filter_platforms(mini, GridFilter(wallet=wallet, country="MY"))) == ["gamma"]
    assert ids(filter_platforms(mini, GridFilter(wallet=wallet, country="DE"))) == ["beta", "gamma"]
    assert highlighted(mini, "beta", GridFilter(wallet=wallet, country="MY")) == frozenset()
    assert highlighted(mini, "beta", GridFilter(wallet=wallet, country="DE")) == {"amex"}


def test_a_country_alone_is_not_a_filter(mini: Catalog) -> None:
    flt = GridFilter(country="MY")
    assert not flt.active and flt.describe({}) == []
    assert ids(filter_platforms(mini, flt)) == ["alpha", "beta", "gamma", "delta"]


def test_kind_and_refund_filters(mini: Catalog) -> None:
    assert ids(filter_platforms(mini, GridFilter(kind=PlatformKind.GATEWAY))) == ["gamma", "delta"]
    assert ids(filter_platforms(mini, GridFilter(refundable=True))) == ["alpha", "gamma"]
    both = GridFilter(refundable=True, kind=PlatformKind.DIRECT, text="alpha")
    assert ids(filter_platforms(mini, both)) == ["alpha"]
    assert both.describe({}) == ['text "alpha"', "kind direct", "refund possible"]
    named = GridFilter(accepts=frozenset({"visa"}), wallet=frozenset({"paypal", "amex"}))
    assert named.describe({m.id: m.name for m in mini.methods}) == ["accepts Visa", "wallet American Express, PayPal"]


def test_data_age_and_staleness(mini: Catalog) -> None:
    assert mini.age_days(TODAY) == 178 and not mini.is_stale(TODAY)
    assert mini.age_text(TODAY) == "data as of 2026-06-01 (178 days old)"
    later = TODAY + dt.timedelta(days=3)
    assert mini.is_stale(later) and "older than 180 days" in mini.age_text(later)


@pytest.mark.parametrize(
    ("text", "kept", "label"),
    [
        ("orbit", ["alpha", "gamma"], "Orbit models"),  # a family: every platform selling one of its models
        ("NOVA", ["alpha", "beta", "gamma", "delta"], "Nova models"),
        ("alpha labs", ["alpha", "beta", "gamma", "delta"], "Alpha Labs models"),  # a maker
        ("orbit 2", ["alpha", "gamma"], "Orbit 2"),  # a model still names the model
        ("relay", ["delta"], None),  # neither: the platforms' own names
    ],
)
def test_a_family_or_maker_in_the_filter_keeps_the_platforms_selling_its_models(
    mini: Catalog, text: str, kept: list[str], label: str | None
) -> None:
    from cnai_pay.domain.filters import selling

    flt = GridFilter(text=text)
    assert sorted(p.id for p in filter_platforms(mini, flt)) == sorted(kept)
    sold = selling(mini, flt)
    assert (sold.label if sold else None) == label


def test_a_family_named_like_a_platform_keeps_that_platform_too(mini_copy: Path) -> None:
    # "/deepseek" keeps DeepSeek itself and the gateways reselling its models.
    models = mini_copy / "models.toml"
    models.write_text(models.read_text(encoding="utf-8").replace('family = "Orbit"', 'family = "Beta"'))
    catalog = load_catalog(mini_copy, use_cache=False)
    assert sorted(p.id for p in filter_platforms(catalog, GridFilter(text="beta"))) == ["alpha", "beta", "gamma"]
