"""Read the data folder's TOML files and validate every entry against the domain's records."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

# tomli's compiled parser reads a large data folder about three times faster than the
# standard library's tomllib (the same parser, in pure Python), and raises the same errors.
# An environment installed before tomli became a dependency still checks data, only slower.
try:
    import tomli
except ModuleNotFoundError:  # pragma: no cover - depends on the environment
    import tomllib as tomli  # type: ignore[no-redef]

from .. import fileio
from ..domain.model import (
    BillingFact,
    CardRule,
    Claim,
    DataSet,
    Decline,
    Fee,
    Method,
    Platform,
    Provider,
    ProviderFact,
    RefundClaim,
    Source,
    StepTemplate,
)
from ..domain.offers import ModelEntry, OwnPrice, PriceData
from .names import OPTIONAL_DATA_FILES
from .problems import EntryLabel, Problem, entry_label, validation_problems

# Without these the app has nothing to show.
REQUIRED_TABLES = {"platform", "method", "source", "claim"}
# Stands in the set of known ids of a table whose file could not be read at all.
UNREADABLE = "\0unreadable"

# file name (see names.DATA_FILES) → (table name, record, is an array of tables)
FILES: dict[str, list[tuple[str, type, bool]]] = {
    "dataset.toml": [("dataset", DataSet, False)],
    "platforms.toml": [("platform", Platform, True)],
    "methods.toml": [("method", Method, True)],
    "sources.toml": [("source", Source, True)],
    "claims.toml": [("claim", Claim, True)],
    "refunds.toml": [("refund", RefundClaim, True)],
    "billing.toml": [("billing", BillingFact, True)],
    "card_rules.toml": [("card_rule", CardRule, True)],
    "fees.toml": [("fee", Fee, True)],
    "virtual_cards.toml": [("provider", Provider, True), ("provider_fact", ProviderFact, True)],
    "troubleshooting.toml": [("decline", Decline, True)],
    "checklist_steps.toml": [("step", StepTemplate, True)],
    "models.toml": [("model", ModelEntry, True)],
    "prices.toml": [("price_data", PriceData, False), ("price", OwnPrice, True), ("price_source", Source, True)],
}
# The largest data file read whatever the catalogue's size; anything bigger is not a fact file.
MAX_FILE_BYTES = 128 * 1024 * 1024
# A larger catalogue may have larger files: this much more per platform (a platform's claims for
# every method at most take a few kilobytes), so 100,000 platforms load and a stray huge file does not.
BYTES_PER_PLATFORM = 64 * 1024

Parsed = dict[str, list[tuple[str, str | EntryLabel, Any]]]
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path, problems: list[Problem], limit: int = MAX_FILE_BYTES) -> dict[str, Any] | None:
    try:
        text = fileio.read_text(path, limit)
    except FileNotFoundError:
        problems.append(Problem(path.name, "", "", "the file is missing"))
        return None
    except OSError as exc:
        # The reader's message starts with the path; the problem already names the file.
        problems.append(Problem(path.name, "", "", str(exc).removeprefix(fileio.shown(path)).strip()))
        return None
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        line = int(match.group(1)) if match else None
        problems.append(Problem(path.name, "", "", f"TOML syntax error: {message}", line))
        return None
    except RecursionError:
        problems.append(Problem(path.name, "", "", "is nested too deeply to read"))
        return None


def _table_entries(file: str, table: str, raw: Any, is_array: bool, problems: list[Problem]) -> list[Any] | None:
    """The raw entries of one table, or None (with a problem) when its shape is wrong."""
    if raw is None:
        if not is_array:
            problems.append(Problem(file, f"[{table}]", "", "the table is missing"))
        elif table in REQUIRED_TABLES:
            problems.append(Problem(file, table, "", f"has no entries; at least one [[{table}]] is needed"))
        return None
    if is_array and not isinstance(raw, list):
        problems.append(Problem(file, table, "", f"must be an array of tables ([[{table}]])"))
        return None
    items = raw if is_array else [raw]
    if is_array and not items and table in REQUIRED_TABLES:
        problems.append(Problem(file, table, "", f"has no entries; at least one [[{table}]] is needed"))
    return items


def parse_entries(folder: Path, problems: list[Problem], invalid_ids: dict[str, set[str]]) -> Parsed:
    """Validate every entry of every file; returns table → [(file, label, record)].

    The ids of entries that failed validation go into `invalid_ids`, so that
    references to them are not reported a second time as unknown.
    """
    # Imported here: only validation needs pydantic, and it is slow to import.
    from pydantic import TypeAdapter, ValidationError

    parsed: Parsed = defaultdict(list)
    limit = MAX_FILE_BYTES
    for file, tables in FILES.items():
        if file in OPTIONAL_DATA_FILES and not (folder / file).exists():
            continue
        document = read_toml(folder / file, problems, limit)
        if document is None:
            # Nothing in this file could be read: references to it are not checked either,
            # so one syntax error does not also report every entry that cites the file.
            for table, _, _ in tables:
                invalid_ids[table].add(UNREADABLE)
            continue
        known = {table for table, _, _ in tables}
        for key in document:
            if key not in known:
                problems.append(Problem(file, "", key, f"is not a known table (expected {', '.join(sorted(known))})"))
        for table, model, is_array in tables:
            items = _table_entries(file, table, document.get(table), is_array, problems)
            if items is None:
                continue
            adapter: Any = TypeAdapter(model)
            entries = parsed[table]
            for index, item in enumerate(items):
                try:
                    record = adapter.validate_python(item)
                except ValidationError as exc:
                    label = entry_label(table, index, item) if is_array else f"[{table}]"
                    problems.extend(validation_problems(file, label, exc))
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        invalid_ids[table].add(item["id"])
                    continue
                # The label is only spelled out if a later check reports this entry.
                entries.append((file, EntryLabel(table, index, record) if is_array else f"[{table}]", record))
            if table == "platform":
                limit = max(limit, len(entries) * BYTES_PER_PLATFORM)
    return parsed
