"""Which steps a platform × method gets, and the budget they quote, from the data alone.

Conditions are written against data fields (see `conditions`); nothing here
knows a platform or method by its id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..domain.catalog import Catalog
from ..domain.conditions import Condition, parse_condition
from ..domain.model import Basis, BillingFact, BillingModel, CardRuleKind, RefundPolicy, Status, StepTemplate
from ..domain.regions import scope_text
from ..domain.topup import (
    FALLBACK_CURRENCY,
    budget,
    default_amount,
    fee_terms,
    fees_text,
    money,
    number,
)
from ..domain.vocabulary import BASIS_LABELS, SOURCE_KIND_LABELS
from .model import (
    Checklist,
    ChecklistError,
    Step,
    check_amount,
    check_fee_percent,
    check_fixed_fee,
    utc_now,
)

# Condition → the source ids of the facts that make it hold (empty when it holds by definition).
Triggers = dict[str, tuple[str, ...]]


def _fact_triggers(catalog: Catalog, platform_id: str, method_id: str, country: str | None) -> Triggers:
    cell = catalog.cell(platform_id, method_id, country)
    refund = catalog.refunds[platform_id]
    triggers: Triggers = {}
    if catalog.method_by_id[method_id].is_card:
        triggers["card"] = ()
    refund_sources = tuple(c.source.id for c in refund.claims[:1])
    if refund.policy in (RefundPolicy.NOT_REFUNDABLE, RefundPolicy.UNKNOWN):
        triggers["no_refund"] = refund_sources
    if refund.policy is RefundPolicy.REFUNDABLE and refund.window_days is not None:
        triggers["refund_window"] = refund_sources
    model = catalog.billing_model(platform_id)
    billing_sources = tuple(b.source for b in catalog.billing_for(platform_id) if b.model is model)
    if model is BillingModel.POSTPAID:
        triggers["postpaid_billing"] = billing_sources
    else:
        triggers["prepaid_billing"] = billing_sources
        official = catalog.minimum_topup(platform_id, method_id, country)
        if official is None:
            triggers["no_official_minimum"] = tuple(b.source for b in catalog.minimum_facts(platform_id, method_id))
        else:
            triggers["official_minimum"] = (official.source,)
    if cell.status is Status.NOT_SUPPORTED:
        triggers["not_supported"] = tuple(cell.source_ids[:1])
    if cell.disputed:
        triggers["disputed"] = tuple(cell.source_ids)
    if cell.weak:
        triggers["weak"] = tuple(cell.source_ids[:1])
    return triggers


def _holds(
    condition: Condition, catalog: Catalog, platform_id: str, method_id: str, country: str | None, facts: Triggers
) -> tuple[str, ...] | None:
    """The sources behind a condition that holds, or None when it does not hold."""
    method = catalog.method_by_id[method_id]
    if condition.name == "kind":
        return () if method.kind.value in condition.values else None
    if condition.name == "method":
        return () if method.id in condition.values else None
    if condition.name in ("rule", "refused"):
        rules = [
            r
            for r in catalog.rules_for_method(platform_id, method, country)
            if r.topic.value in condition.values and (condition.name == "rule" or r.rule is CardRuleKind.REFUSED)
        ]
        return tuple(r.source for r in rules) if rules else None
    return facts.get(condition.name)


def selected_steps(
    catalog: Catalog, platform_id: str, method_id: str, country: str | None = None
) -> list[tuple[StepTemplate, tuple[str, ...]]]:
    """The templates whose conditions all hold, each with the sources that selected it."""
    facts = _fact_triggers(catalog, platform_id, method_id, country)
    chosen = []
    for template in catalog.steps:
        sources: dict[str, None] = dict.fromkeys([template.source] if template.source else [])
        for text in template.when:
            found = _holds(parse_condition(text), catalog, platform_id, method_id, country, facts)
            if found is None:
                break
            sources.update(dict.fromkeys(found))
        else:
            chosen.append((template, tuple(sources)))
    # Warnings come first so nothing is spent before they are read; data order otherwise.
    chosen.sort(key=lambda pair: not pair[0].warning)
    return chosen


def _fact_text(catalog: Catalog, fact: BillingFact, with_method: bool) -> str:
    text = money(fact.minimum or 0, fact.currency or FALLBACK_CURRENCY)
    if with_method and fact.method:
        text += f" by {catalog.method_by_id[fact.method].name}"
    return text


def minimum_text(catalog: Catalog, platform_id: str, method_id: str | None = None, country: str | None = None) -> str:
    """The official minimum top-up, or a plain 'none found' followed by what other sources say, with scope."""
    if catalog.billing_model(platform_id) is BillingModel.POSTPAID:
        return "none: billed after use"
    official = catalog.minimum_topup(platform_id, method_id, country)
    if official is not None:
        kind = SOURCE_KIND_LABELS[catalog.sources[official.source].kind]
        return f"{_fact_text(catalog, official, method_id is None)} ({kind})"
    others = [f for f in catalog.minimum_facts(platform_id, method_id) if not catalog.is_official_minimum(f)]
    if not others:
        return "none stated by the platform in any source we have"
    said = []
    for fact in others:
        source = catalog.sources[fact.source]
        qualifiers = [BASIS_LABELS[fact.basis] if fact.basis is not Basis.STATED else SOURCE_KIND_LABELS[source.kind]]
        if fact.product:
            qualifiers.append(f"for {fact.product}")
        if scope_text(fact):
            qualifiers.append(scope_text(fact))
        said.append(f"{_fact_text(catalog, fact, True)} ({', '.join(qualifiers)})")
    return "none stated by the platform; other sources: " + "; ".join(said)


def _render(template: StepTemplate, values: dict[str, str]) -> str:
    try:
        return template.text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        # The data check rejects such templates; a folder that skipped it still shows the text.
        return template.text


def build_steps(
    catalog: Catalog,
    platform_id: str,
    method_id: str,
    amount: float,
    currency: str,
    fee_percent: float,
    fixed_fee: float,
    country: str | None = None,
    fee_minimum: float = 0.0,
    fees_stated: bool = True,
    fee_unfloored: float = 0.0,
) -> list[Step]:
    total = money(budget(amount, fee_percent, fixed_fee, fee_minimum, fee_unfloored), currency)
    values = {
        "platform": catalog.platform_by_id[platform_id].name,
        "method": catalog.method_by_id[method_id].name,
        "minimum": minimum_text(catalog, platform_id, method_id, country),
        "amount": money(amount, currency),
        "fee_percent": number(fee_percent),
        "fees": fees_text(fee_percent, fixed_fee, currency, fee_minimum, fees_stated, fee_unfloored),
        "budget": total if fees_stated else f"at least {total}",
    }
    return [
        Step(t.id, _render(t, values), warning=t.warning, sources=sources)
        for t, sources in selected_steps(catalog, platform_id, method_id, country)
    ]


def build_checklist(
    catalog: Catalog,
    platform_id: str,
    method_id: str,
    amount: float | None = None,
    fee_percent: float | None = None,
    provider_id: str = "",
    now: dt.datetime | None = None,
    fixed_fee: float | None = None,
    country: str | None = None,
) -> Checklist:
    if platform_id not in catalog.platform_by_id:
        raise ChecklistError(f"unknown platform {platform_id!r}")
    if method_id not in catalog.method_by_id:
        raise ChecklistError(f"unknown payment method {method_id!r}")
    default, currency = default_amount(catalog, platform_id, method_id, country)
    amount = default if amount is None else check_amount(amount)
    terms = fee_terms(catalog, platform_id, method_id, provider_id, currency, country)
    # Fees the user changes are theirs to know; the data's minimum fee only goes with the data's fees.
    # (The app's setup dialog passes the data's own fees back unchanged: those stay the data's.)
    chosen = (fee_percent is not None and fee_percent != terms.percent) or (
        fixed_fee is not None and fixed_fee != terms.fixed
    )
    fee_minimum, fees_stated, fee_unfloored = (
        (0.0, True, 0.0) if chosen else (terms.minimum, terms.stated, terms.unfloored)
    )
    fee_percent = terms.percent if fee_percent is None else check_fee_percent(fee_percent)
    fixed_fee = terms.fixed if fixed_fee is None else check_fixed_fee(fixed_fee)
    now = (now or utc_now()).replace(microsecond=0)
    return Checklist(
        platform_id=platform_id,
        platform_name=catalog.platform_by_id[platform_id].name,
        method_id=method_id,
        method_name=catalog.method_by_id[method_id].name,
        amount=amount,
        currency=currency,
        fee_percent=fee_percent,
        minimum_text=minimum_text(catalog, platform_id, method_id, country),
        data_as_of=catalog.dataset.as_of,
        steps=build_steps(
            catalog,
            platform_id,
            method_id,
            amount,
            currency,
            fee_percent,
            fixed_fee,
            country,
            fee_minimum,
            fees_stated,
            fee_unfloored,
        ),
        created=now,
        updated=now,
        provider_id=provider_id,
        fixed_fee=fixed_fee,
        country=country or "",
        fee_minimum=fee_minimum,
        fees_stated=fees_stated,
        fee_unfloored=fee_unfloored,
    )


def rebudget(
    catalog: Catalog,
    checklist: Checklist,
    amount: float,
    fee_percent: float,
    fixed_fee: float | None = None,
    now: dt.datetime | None = None,
) -> Checklist:
    """New amount or fees: re-render the step texts, keeping ticks, notes and unknown steps."""
    amount, fee_percent = check_amount(amount), check_fee_percent(fee_percent)
    fixed_fee = checklist.fixed_fee if fixed_fee is None else check_fixed_fee(fixed_fee)
    # Fees the user changed are theirs; unchanged ones keep the data's minimum and its "not stated".
    same = (fee_percent, fixed_fee) == (checklist.fee_percent, checklist.fixed_fee)
    kept = (checklist.fee_minimum, checklist.fees_stated, checklist.fee_unfloored)
    fee_minimum, fees_stated, fee_unfloored = kept if same else (0.0, True, 0.0)
    fresh = {
        s.id: s
        for s in build_steps(
            catalog,
            checklist.platform_id,
            checklist.method_id,
            amount,
            checklist.currency,
            fee_percent,
            fixed_fee,
            checklist.country or None,
            fee_minimum,
            fees_stated,
            fee_unfloored,
        )
    }
    steps = [replace(fresh[s.id], done=s.done, note=s.note) if s.id in fresh else s for s in checklist.steps]
    return replace(
        checklist,
        amount=amount,
        fee_percent=fee_percent,
        fixed_fee=fixed_fee,
        fee_minimum=fee_minimum,
        fees_stated=fees_stated,
        fee_unfloored=fee_unfloored,
        steps=steps,
        updated=(now or utc_now()).replace(microsecond=0),
    )
