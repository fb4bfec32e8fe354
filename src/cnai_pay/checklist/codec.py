"""The checklist as TOML: the exported document, and a strict reader for files from anywhere.

A file may come from a newer version, a hand edit, a cut-short write or a
hostile sender, so reading checks everything before anything is shown or
saved: known schema, every field's type, ids that are safe in a path, unique
step ids, finite amounts in range, text without control characters and within
length limits, and a step count that matches the saved progress (a file cut
short at a line end is still valid TOML).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from ..domain.catalog import Catalog
from ..domain.model import is_id
from ..text import clean_text, quoted
from .model import (
    MAX_NOTE,
    MAX_STEP_SOURCES,
    MAX_STEPS,
    MAX_TEXT,
    OUTCOMES,
    SCHEMA_VERSION,
    Checklist,
    ChecklistError,
    NewerSchemaError,
    Outcome,
    Step,
    check_amount,
    check_fee_percent,
    check_fixed_fee,
)

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^([A-Z]{2})?$")


def to_toml_dict(checklist: Checklist, catalog: Catalog | None = None) -> dict[str, Any]:
    """The exported document. No None values: tomli-w cannot write them. The steps come last
    but for the sources, so a file cut short loses whole steps, which the progress count catches."""
    method: dict[str, Any] = {"id": checklist.method_id, "name": checklist.method_name}
    if checklist.provider_id:
        method["provider"] = checklist.provider_id
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "created": checklist.created,
        "updated": checklist.updated,
        "data_as_of": checklist.data_as_of,
        "country": checklist.country,
        "platform": {"id": checklist.platform_id, "name": checklist.platform_name},
        "method": method,
        "budget": {
            "amount": checklist.amount,
            "currency": checklist.currency,
            "fee_percent": checklist.fee_percent,
            "fixed_fee": checklist.fixed_fee,
            "total": checklist.budget,
            "minimum": checklist.minimum_text,
        },
        "progress": {"done": checklist.done_count, "total": len(checklist.steps)},
    }
    # Written only when they say something, so older readers' files stay as they were.
    if checklist.fee_minimum:
        document["budget"]["fee_minimum"] = checklist.fee_minimum
    if checklist.fee_unfloored:
        document["budget"]["fee_unfloored"] = checklist.fee_unfloored
    if not checklist.fees_stated:
        document["budget"]["fees_stated"] = False
    if checklist.outcome is not None:
        outcome = checklist.outcome
        document["outcome"] = {
            "result": outcome.result,
            "recorded": outcome.recorded,
            "reason": outcome.reason,
            "note": outcome.note,
        }
    document["steps"] = [_step_table(_step_fields(s)) for s in checklist.steps]
    if catalog is not None:
        document["sources"] = [
            {
                "id": source.id,
                "title": source.title,
                "url": source.url,
                "date": source.page_date_text,
                "read_on": source.read_on,
            }
            for source in (catalog.sources[i] for i in checklist.source_ids() if i in catalog.sources)
        ]
    return document


def dumps(checklist: Checklist, catalog: Catalog | None = None) -> str:
    """The file as a document: a header saying what it is, words after the ids, notes on
    several lines. Comments are for the reader only; `loads` reads the same values."""
    body = toml_body(checklist, catalog)
    return "\n".join(_header(checklist, catalog)) + "\n\n" + _words_after_ids(body, catalog)


_StepFields = tuple[str, str, bool, str, bool, tuple[str, ...]]


def _step_fields(step: Step) -> _StepFields:
    return (step.id, step.text, step.done, step.note, step.warning, tuple(step.sources))


def _step_table(fields: _StepFields) -> dict[str, Any]:
    step_id, text, done, note, warning, sources = fields
    return {"id": step_id, "text": text, "done": done, "note": note, "warning": warning, "sources": list(sources)}


def _toml_text(document: dict[str, Any]) -> str:
    # Imported when a checklist is first written: a start with none to restore never needs it.
    import tomli_w

    return tomli_w.dumps(document, multiline_strings=True)


# A tick changes one step: each step's text is kept, so autosaving the largest checklist encodes
# one step, not all of them again (tens of milliseconds holding the interpreter, at the limits).
@lru_cache(maxsize=4 * MAX_STEPS)
def _step_chunk(fields: _StepFields) -> str:
    """The step as tomli-w writes it in the array of tables."""
    return "[[steps]]\n" + _toml_text(_step_table(fields))


@lru_cache(maxsize=4 * MAX_STEPS)
def _step_fits_inline(fields: _StepFields) -> bool:
    """True when tomli-w would write the step as an inline table: a short one."""
    return not _toml_text({"steps": [_step_table(fields)]}).startswith("[[steps]]")


def toml_body(checklist: Checklist, catalog: Catalog | None = None) -> str:
    """`to_toml_dict` as tomli-w writes it, each step's table taken from the cache."""
    document = to_toml_dict(checklist, catalog)
    fields = [_step_fields(step) for step in checklist.steps]
    # tomli-w writes the steps inline when every one is short: then the whole document, as it does.
    if all(_step_fits_inline(step) for step in fields):
        return _toml_text(document)
    del document["steps"]
    sources = document.pop("sources", None)
    sources_text = "" if sources is None else _toml_text({"sources": sources})
    if sources_text and not sources_text.startswith("[[sources]]"):
        document["sources"] = sources  # a line among the first ones (none, or short ones)
        sources_text = ""
    # Tables after the first lines, each after an empty line: the steps, then the sources.
    tables = [_step_chunk(step) for step in fields] + ([sources_text] if sources_text else [])
    return _toml_text(document) + "\n" + "\n".join(tables)


def _header(checklist: Checklist, catalog: Catalog | None) -> list[str]:
    what = f"{checklist.platform_name} paid with {checklist.method_name}"
    if checklist.provider_id:
        provider = next((p for p in catalog.providers if p.id == checklist.provider_id), None) if catalog else None
        what += f" ({provider.name if provider else checklist.provider_id})"
    lines = [
        f"cnai-pay checklist: a first, minimal top-up on {what}.",
        f"{checklist.done_count} of {len(checklist.steps)} steps done; budget {checklist.budget_text}; "
        f"facts as of {checklist.data_as_of.isoformat()}.",
        "Carry on with it in the app: cnai-pay --checklist THIS-FILE.",
        "By hand: done = true ticks a step; a note may run over several lines.",
        "The words after a # are there to read; cnai-pay reads only the values.",
    ]
    return ["# " + clean_text(line) for line in lines]


# Lines tomli-w writes for an id; a quote inside a string is written \\", so no line of a note
# matches. Each pattern starts with a literal, which keeps the search fast on a large checklist.
_REASON = re.compile(r'\n(reason|provider) = "([a-z0-9][a-z0-9_-]*)"(?=\n)')
_SOURCE_ITEM = re.compile(r'\n    "([a-z0-9][a-z0-9_-]*)",(?=\n)')


def _words_after_ids(body: str, catalog: Catalog | None) -> str:
    if catalog is None:
        return body
    words = {
        "reason": {decline.id: decline.reason for decline in catalog.declines},
        "provider": {provider.id: provider.name for provider in catalog.providers},
    }
    titles = {source_id: source.title for source_id, source in catalog.sources.items()}

    def said(line: str, text: str | None) -> str:
        return f"{line}  # {clean_text(text)}" if text else line

    # The method's provider and the outcome's reason come before the first step.
    head, steps_mark, steps = body.partition("\n[[steps]]\n")
    head = _REASON.sub(lambda m: said(m.group(0), words[m.group(1)].get(m.group(2))), head)
    steps = _SOURCE_ITEM.sub(lambda m: said(m.group(0), titles.get(m.group(1))), steps)
    return head + steps_mark + steps


# ---------------------------------------------------------------------------
# Reading


class _Reader:
    """Typed access to a parsed document; every complaint names the field."""

    def __init__(self, document: dict[str, Any], strict: bool) -> None:
        self.document = document
        self.strict = strict

    def table(self, parent: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = parent.get(key)
        if not isinstance(value, dict):
            raise ChecklistError(f"{where}{key} is missing or not a table")
        return value

    def get(
        self, parent: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any = None
    ) -> Any:
        value = parent.get(key, default)
        if value is None:
            if default is None:
                raise ChecklistError(f"{where}{key} is missing")
            return default
        if isinstance(value, bool) and kind is not bool:
            raise ChecklistError(f"{where}{key} has the wrong type")
        if not isinstance(value, kind):
            raise ChecklistError(f"{where}{key} has the wrong type")
        return value

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        where: str,
        limit: int = MAX_TEXT,
        default: str | None = None,
        newlines: bool = False,
    ) -> str:
        value = self.get(parent, key, str, where, default)
        if len(value) > limit:
            raise ChecklistError(f"{where}{key} is longer than {limit:,} characters")
        return clean_text(value, newlines=newlines)

    def ident(self, parent: dict[str, Any], key: str, where: str, optional: bool = False) -> str:
        value = self.get(parent, key, str, where, "" if optional else None)
        if optional and value == "":
            return ""
        if not is_id(value):
            raise ChecklistError(f"{where}{key} {quoted(value)} is not a valid id")
        return str(value)


def _step(reader: _Reader, raw: Any, index: int) -> Step:
    if not isinstance(raw, dict):
        raise ChecklistError(f"steps #{index + 1} is not a table")
    where = f"steps #{index + 1}: "
    # Files of this version write every field: one missing means the file was cut short.
    default_flag = None if reader.strict else False
    sources = reader.get(raw, "sources", list, where, None if reader.strict else [])
    if len(sources) > MAX_STEP_SOURCES or not all(is_id(s) for s in sources):
        raise ChecklistError(f"{where}sources must be a short list of source ids")
    return Step(
        id=reader.ident(raw, "id", where),
        text=reader.text(raw, "text", where),
        done=reader.get(raw, "done", bool, where, default_flag),
        note=reader.text(raw, "note", where, MAX_NOTE, None if reader.strict else "", newlines=True),
        warning=reader.get(raw, "warning", bool, where, default_flag),
        sources=tuple(sources),
    )


def _outcome(reader: _Reader, document: dict[str, Any]) -> Outcome | None:
    raw = document.get("outcome")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ChecklistError("outcome is not a table")
    result = reader.get(raw, "result", str, "outcome: ")
    if result not in OUTCOMES:
        raise ChecklistError(f"outcome: result must be one of {', '.join(OUTCOMES)}")
    return Outcome(
        result=result,
        recorded=_datetime(reader.get(raw, "recorded", dt.datetime, "outcome: ")),
        reason=reader.ident(raw, "reason", "outcome: ", optional=True),
        note=reader.text(raw, "note", "outcome: ", MAX_NOTE, "", newlines=True),
    )


def _datetime(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _amount(check: Any, value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ChecklistError(f"budget: {what} is not a number")
    return float(check(value))


def _schema_version(document: dict[str, Any]) -> int:
    if not document:
        raise ChecklistError("it is empty")
    if "schema_version" not in document:
        raise ChecklistError("it has no schema_version, so it is not a checklist cnai-pay wrote")
    version = document["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        # "2" or 2.0 would pass a lenient check as an older version and then be overwritten.
        raise ChecklistError(f"it has no whole-number schema_version (found {clean_text(repr(version))[:40]})")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"it was written by a newer cnai-pay (schema_version {version}; this one reads up to {SCHEMA_VERSION})"
        )
    if version < 1:
        raise ChecklistError(f"schema_version {version} is not one cnai-pay ever wrote")
    return version


def _steps(reader: _Reader, document: dict[str, Any], version: int) -> list[Step]:
    raw_steps = reader.get(document, "steps", list, "")
    if len(raw_steps) > MAX_STEPS:
        raise ChecklistError(f"it has {len(raw_steps):,} steps; a checklist holds at most {MAX_STEPS}")
    steps = [_step(reader, raw, index) for index, raw in enumerate(raw_steps)]
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ChecklistError(f"step id {duplicate!r} appears more than once")
    if version >= 2:
        progress = reader.table(document, "progress", "")
        total = reader.get(progress, "total", int, "progress: ")
        if total != len(steps):
            raise ChecklistError(f"it lists {len(steps)} of the {total} steps it was saved with: it was cut short")
    return steps


def from_toml_dict(document: dict[str, Any]) -> Checklist:
    version = _schema_version(document)
    reader = _Reader(document, strict=version >= 2)
    platform = reader.table(document, "platform", "")
    method = reader.table(document, "method", "")
    money_table = reader.table(document, "budget", "")
    steps = _steps(reader, document, version)
    currency = reader.get(money_table, "currency", str, "budget: ")
    if not _CURRENCY.fullmatch(currency):
        raise ChecklistError("budget: currency must be three capital letters")
    country = reader.get(document, "country", str, "", "")
    if not _COUNTRY.fullmatch(country):
        raise ChecklistError("country must be a two-letter country code")
    checklist = Checklist(
        platform_id=reader.ident(platform, "id", "platform: "),
        platform_name=reader.text(platform, "name", "platform: ", 200),
        method_id=reader.ident(method, "id", "method: "),
        method_name=reader.text(method, "name", "method: ", 200),
        provider_id=reader.ident(method, "provider", "method: ", optional=True),
        amount=_amount(check_amount, money_table.get("amount"), "amount"),
        currency=currency,
        fee_percent=_amount(check_fee_percent, money_table.get("fee_percent"), "fee_percent"),
        fixed_fee=_amount(check_fixed_fee, money_table.get("fixed_fee", 0.0), "fixed_fee"),
        fee_minimum=_amount(check_fixed_fee, money_table.get("fee_minimum", 0.0), "fee_minimum"),
        fees_stated=reader.get(money_table, "fees_stated", bool, "budget: ", True),
        fee_unfloored=_amount(check_fee_percent, money_table.get("fee_unfloored", 0.0), "fee_unfloored"),
        minimum_text=reader.text(money_table, "minimum", "budget: ", default=""),
        data_as_of=reader.get(document, "data_as_of", dt.date, ""),
        steps=steps,
        created=_datetime(reader.get(document, "created", dt.datetime, "")),
        updated=_datetime(reader.get(document, "updated", dt.datetime, "")),
        country=country,
        outcome=_outcome(reader, document),
    )
    if checklist.fee_unfloored > checklist.fee_percent:
        raise ChecklistError("budget: fee_unfloored is a part of fee_percent and cannot exceed it")
    return checklist


def loads(text: str) -> Checklist:
    import tomllib  # only when a checklist is read: a start with none to restore never needs it

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(f"it is not valid TOML ({exc})") from None
    except RecursionError:
        raise ChecklistError("it is nested too deeply to be a checklist") from None
    return from_toml_dict(document)
