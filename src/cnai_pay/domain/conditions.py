"""The language of checklist step conditions and placeholders, written in `checklist_steps.toml`.

A step is included when every condition in its `when` holds. A condition is a
name, or a name and `:` and one or more values separated by `|` (any may match):

    card                      the method is a card (a card network, virtual or prepaid card)
    kind:wallet|crypto        the method's kind (see `MethodKind`)
    method:paypal             the method's id
    rule:billing_address      the platform has a card rule on a topic that concerns the method
    refused:virtual_cards     … and that rule refuses it
    no_refund, refund_window, prepaid_billing, postpaid_billing, official_minimum, no_official_minimum,
    not_supported, disputed, weak
                              facts about the platform and the cell

Everything is keyed on data fields, so a new method or platform needs no code.
"""

from __future__ import annotations

import string

from ..value_classes import frozen
from .model import CardTopic, MethodKind

FACTS = frozenset(
    {
        "card",
        "no_refund",
        "refund_window",
        "prepaid_billing",
        "postpaid_billing",
        "official_minimum",
        "no_official_minimum",
        "not_supported",
        "disputed",
        "weak",
    }
)
WITH_VALUES = {
    "kind": frozenset(k.value for k in MethodKind),
    "method": None,  # any method id; checked against the data's methods
    "rule": frozenset(t.value for t in CardTopic),
    "refused": frozenset(t.value for t in CardTopic),
}
PLACEHOLDERS = frozenset({"platform", "method", "minimum", "amount", "fee_percent", "fees", "budget"})


@frozen
class Condition:
    name: str
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name + (":" + "|".join(self.values) if self.values else "")


class ConditionError(ValueError):
    pass


def parse_condition(text: str) -> Condition:
    name, _, rest = text.strip().partition(":")
    if name in FACTS and not rest:
        return Condition(name)
    if name not in WITH_VALUES:
        known = sorted(FACTS | set(WITH_VALUES))
        raise ConditionError(f"unknown condition {text!r} (known: {', '.join(known)})")
    values = tuple(v.strip() for v in rest.split("|") if v.strip())
    if not values:
        raise ConditionError(f"condition {name!r} needs a value, e.g. '{name}:…'")
    allowed = WITH_VALUES[name]
    if allowed is not None:
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise ConditionError(f"{name}: {', '.join(map(repr, wrong))} is not one of {', '.join(sorted(allowed))}")
    return Condition(name, values)


def template_problems(text: str) -> list[str]:
    """What is wrong with a step's text as a template: unknown or malformed placeholders."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return [f"is not a valid template ({exc}); write a literal brace as {{{{ or }}}}"]
    problems = []
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS:
            problems.append(f"uses unknown placeholder {{{name}}} (known: {', '.join(sorted(PLACEHOLDERS))})")
        elif spec or conversion:
            problems.append(f"placeholder {{{name}}} takes no format or conversion")
    return problems
