"""Load and validate the data folder into a Catalog, and answer queries on it.

Loading collects every problem it finds (file, entry, field) instead of
stopping at the first, so `cnai-pay data check` can list them all and the app
can show the first one cleanly. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

from .model import (
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
    Platform,
    PlatformKind,
    Provider,
    ProviderFact,
    RefundClaim,
    RefundPolicy,
    Source,
    Status,
    StepTemplate,
)

STALE_AFTER_DAYS = 180
# Without these the app has nothing to show.
REQUIRED_TABLES = {"platform", "method", "source"}
# Stands in the set of known ids of a table whose file could not be read at all.
UNREADABLE = "\0unreadable"

# file name → (table name, model, is an array of tables)
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
}


def default_data_dir() -> Path:
    """The data shipped inside the package, or the repository's `data/` in a source checkout."""
    packaged = Path(str(resources.files("cnai_pay"))) / "data"
    if packaged.is_dir():
        return packaged
    # Editable installs run from src/ and do not copy the data into the package.
    return Path(__file__).resolve().parents[2] / "data"


# ---------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([", ".join(parts), self.message])


class DataError(Exception):
    """The data folder could not be loaded; carries every problem found."""

    def __init__(self, folder: Path, problems: Sequence[Problem]):
        self.folder = folder
        self.problems = list(problems)
        count = len(self.problems)
        head = f"The data in {folder} has {count} problem{'s' if count != 1 else ''}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path.name, "", "", "the file is missing"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, "", "", f"cannot be read ({exc})"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        line = int(match.group(1)) if match else None
        problems.append(Problem(path.name, "", "", f"TOML syntax error: {message}", line))
        return None


def _entry_label(table: str, index: int, raw: Any) -> str:
    label = f"{table} #{index + 1}"
    if isinstance(raw, dict):
        if isinstance(raw.get("id"), str):
            label += f" ({raw['id']})"
        elif isinstance(raw.get("platform"), str):
            bits = [raw["platform"]] + [raw[k] for k in ("method", "topic", "provider") if isinstance(raw.get(k), str)]
            label += f" ({' × '.join(bits)})"
        elif isinstance(raw.get("provider"), str):
            label += f" ({raw['provider']})"
    return label


def _validation_problems(file: str, entry: str, error: Any) -> Iterable[Problem]:
    by_field: dict[str, list[str]] = {}
    for err in error.errors():
        loc = ".".join(str(part) for part in err["loc"] if not isinstance(part, int) or len(err["loc"]) > 1)
        # Union and literal errors repeat the field once per branch; keep the message readable.
        loc = re.sub(r"\.(date|literal\[.*?\]|function-.*|str|int|float|none)$", "", loc)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "is required but missing"
        elif err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "is not a known field"
        elif err["type"] == "enum":
            message = f"{err['input']!r} is not allowed; {err['msg'][0].lower()}{err['msg'][1:]}"
        by_field.setdefault(loc, []).append(message)
    # A union (a date or "undated") fails once per branch: one problem per field.
    for loc, messages in by_field.items():
        yield Problem(file, entry, loc, "; or ".join(dict.fromkeys(messages)))


def _parse_entries(
    folder: Path, problems: list[Problem], invalid_ids: dict[str, set[str]]
) -> dict[str, list[tuple[str, str, Any]]]:
    """Validate every entry of every file; returns table → [(file, label, model)].

    The ids of entries that failed validation go into `invalid_ids`, so that
    references to them are not reported a second time as unknown.
    """
    # Imported here: only validation needs pydantic, and it is slow to import.
    from pydantic import TypeAdapter, ValidationError

    parsed: dict[str, list[tuple[str, str, Any]]] = defaultdict(list)
    for file, tables in FILES.items():
        document = _read_toml(folder / file, problems)
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
            adapter = TypeAdapter(model)
            raw = document.get(table)
            if raw is None:
                if not is_array:
                    problems.append(Problem(file, f"[{table}]", "", "the table is missing"))
                elif table in REQUIRED_TABLES:
                    problems.append(Problem(file, table, "", f"has no entries; at least one [[{table}]] is needed"))
                continue
            items = raw if is_array else [raw]
            if is_array and not isinstance(raw, list):
                problems.append(Problem(file, table, "", f"must be an array of tables ([[{table}]])"))
                continue
            if is_array and not items and table in REQUIRED_TABLES:
                problems.append(Problem(file, table, "", f"has no entries; at least one [[{table}]] is needed"))
            for index, item in enumerate(items):
                label = _entry_label(table, index, item) if is_array else f"[{table}]"
                try:
                    parsed[table].append((file, label, adapter.validate_python(item)))
                except ValidationError as exc:
                    problems.extend(_validation_problems(file, label, exc))
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        invalid_ids[table].add(item["id"])
    return parsed


# ---------------------------------------------------------------------------
# The resolution rule


@dataclass(frozen=True)
class RankedClaim:
    """A claim of any kind (cell, refund) paired with its source, for ranking."""

    value: Any
    source: Source
    claim: Any

    @property
    def rank(self) -> tuple[int, dt.date]:
        return (self.source.kind.authority, self.source.dated or dt.date.min)


def rank_claims(claims: Iterable[RankedClaim]) -> list[RankedClaim]:
    """Most authoritative first; within a kind, newest page first; undated pages last."""
    return sorted(claims, key=lambda c: c.rank, reverse=True)


RANKING_RULE = (
    "Official pages outrank vendor blogs, which outrank guides and user reports; among equals the newest "
    "page wins. A cell is disputed when its sources disagree."
)


def resolve(claims: Iterable[RankedClaim], unknown: Any) -> tuple[Any, bool, list[RankedClaim]]:
    """Turn a cell's claims into (value, disputed, ranked claims).

    The rule: the most authoritative source wins (official > vendor blog >
    guide = report), and among equals the newest page date. A cell is
    disputed when its claims do not all say the same thing, whatever their
    rank, so a disagreement stays visible. No claim at all means unknown.
    """
    ranked = rank_claims(claims)
    if not ranked:
        return unknown, False, []
    disputed = len({c.value for c in ranked}) > 1
    return ranked[0].value, disputed, ranked


@dataclass(frozen=True)
class Cell:
    platform: Platform
    method: Method
    status: Status
    disputed: bool
    claims: tuple[RankedClaim, ...]

    @property
    def text(self) -> str:
        """Glyph + word (+ the disputed mark): readable without colour."""
        return f"{self.status.glyph} {self.status.word}{'!' if self.disputed else ''}"

    @property
    def accepts(self) -> bool:
        return self.status in (Status.SUPPORTED, Status.CONDITIONAL)

    @property
    def source_ids(self) -> list[str]:
        return [c.source.id for c in self.claims]


@dataclass(frozen=True)
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



# ---------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class GridFilter:
    """What the user narrowed the grid to. Empty means everything."""

    text: str = ""
    accepts: frozenset[str] = frozenset()
    wallet: frozenset[str] = frozenset()
    kind: PlatformKind | None = None
    refundable: bool = False

    @property
    def words(self) -> list[str]:
        return self.text.lower().split()

    @property
    def active(self) -> bool:
        return bool(self.words or self.accepts or self.wallet or self.kind or self.refundable)

    def describe(self, method_names: dict[str, str]) -> list[str]:
        """Short human labels for each active filter, in a stable order."""
        parts: list[str] = []
        if self.words:
            parts.append(f'text "{self.text.strip()}"')
        if self.accepts:
            parts.append("accepts " + " + ".join(method_names.get(m, m) for m in sorted(self.accepts)))
        if self.wallet:
            parts.append("wallet " + ", ".join(method_names.get(m, m) for m in sorted(self.wallet)))
        if self.kind:
            parts.append(f"kind {self.kind.value}")
        if self.refundable:
            parts.append("refund possible")
        return parts


# ---------------------------------------------------------------------------
# The catalog


@dataclass
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
    _cells: dict[tuple[str, str], Cell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.platform_by_id = {p.id: p for p in self.platforms}
        self.method_by_id = {m.id: m for m in self.methods}
        grouped: dict[tuple[str, str], list[RankedClaim]] = defaultdict(list)
        for claim in self.claims:
            grouped[(claim.platform, claim.method)].append(
                RankedClaim(claim.status, self.sources[claim.source], claim)
            )
        for platform in self.platforms:
            for method in self.methods:
                status, disputed, ranked = resolve(grouped.get((platform.id, method.id), ()), Status.UNKNOWN)
                self._cells[(platform.id, method.id)] = Cell(platform, method, status, disputed, tuple(ranked))
        # Lower-cased haystack per platform, built once so filtering is a scan of strings.
        self._haystack = {
            p.id: " ".join([p.name, p.id, p.kind.value, *p.also_known_as]).lower()
            for p in self.platforms
        }

    # -- cells ---------------------------------------------------------------

    def cell(self, platform_id: str, method_id: str) -> Cell:
        return self._cells[(platform_id, method_id)]

    def cells(self) -> Iterable[Cell]:
        return self._cells.values()

    def disputed_cells(self) -> list[Cell]:
        return [c for c in self._cells.values() if c.disputed]

    # -- refunds and billing -------------------------------------------------

    @cached_property
    def refunds(self) -> dict[str, Refund]:
        grouped: dict[str, list[RankedClaim]] = defaultdict(list)
        for claim in self.refund_claims:
            grouped[claim.platform].append(RankedClaim(claim.policy, self.sources[claim.source], claim))
        result = {}
        for platform in self.platforms:
            policy, disputed, ranked = resolve(grouped.get(platform.id, ()), RefundPolicy.UNKNOWN)
            result[platform.id] = Refund(platform, policy, disputed, tuple(ranked))
        return result

    def refund_possible(self, platform_id: str) -> bool:
        return self.refunds[platform_id].policy is RefundPolicy.REFUNDABLE

    def billing_for(self, platform_id: str) -> list[BillingFact]:
        return [b for b in self.billing if b.platform == platform_id]

    def billing_model(self, platform_id: str) -> BillingModel | None:
        """The model for API use: prepaid or postpaid wins over a side subscription."""
        models = [b.model for b in self.billing_for(platform_id)]
        for model in (BillingModel.POSTPAID, BillingModel.PREPAID, BillingModel.SUBSCRIPTION):
            if model in models:
                return model
        return None

    def minimum_topup(self, platform_id: str, method_id: str | None = None) -> BillingFact | None:
        """The platform's minimum top-up for a prepaid balance, method-specific first."""
        candidates = [
            b
            for b in self.billing_for(platform_id)
            if b.model is BillingModel.PREPAID and b.minimum is not None and b.method in (None, method_id)
        ]
        candidates.sort(key=lambda b: (b.method != method_id, -self.sources[b.source].kind.authority))
        return candidates[0] if candidates else None

    def card_rules_for(self, platform_id: str, topic: CardTopic | None = None) -> list[CardRule]:
        return [r for r in self.card_rules if r.platform == platform_id and (topic is None or r.topic is topic)]

    def refuses(self, platform_id: str, topic: CardTopic) -> list[CardRule]:
        return [r for r in self.card_rules_for(platform_id, topic) if r.rule is CardRuleKind.REFUSED]

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

    # -- filtering -----------------------------------------------------------

    def matches(self, platform: Platform, flt: GridFilter) -> bool:
        haystack = self._haystack[platform.id]
        if any(word not in haystack for word in flt.words):
            return False
        if flt.kind is not None and platform.kind is not flt.kind:
            return False
        if flt.accepts and not all(self._cells[(platform.id, m)].accepts for m in flt.accepts):
            return False
        if flt.wallet and not any(self._cells[(platform.id, m)].accepts for m in flt.wallet):
            return False
        if flt.refundable and not self.refund_possible(platform.id):
            return False
        return True

    def filter_platforms(self, flt: GridFilter) -> list[Platform]:
        if not flt.active:
            return list(self.platforms)
        return [p for p in self.platforms if self.matches(p, flt)]

    def highlighted(self, platform_id: str, flt: GridFilter) -> set[str]:
        """Methods to make stand out in a row: the wallet's and the accepted ones that match."""
        wanted = flt.wallet | flt.accepts
        return {m for m in wanted if self._cells[(platform_id, m)].accepts}

    # -- citations -----------------------------------------------------------

    def cited_records(self) -> Iterable[Any]:
        """Every record that names a source."""
        for group in (self.claims, self.refund_claims, self.billing, self.card_rules, self.fees,
                      self.provider_facts, self.declines, self.steps):
            yield from group

    def cited_source_ids(self) -> set[str]:
        return {item.source for item in self.cited_records() if item.source}

    def claims_citing(self, source_id: str) -> list[Any]:
        return [item for item in self.cited_records() if item.source == source_id]


# ---------------------------------------------------------------------------
# Cross-references


def _check_references(
    parsed: dict[str, list[tuple[str, str, Any]]],
    problems: list[Problem],
    invalid_ids: dict[str, set[str]],
) -> None:
    ids: dict[str, set[str]] = {}
    for table in ("platform", "method", "source", "provider", "fee", "decline", "step"):
        seen: set[str] = set()
        for file, label, item in parsed.get(table, []):
            if item.id in seen:
                problems.append(Problem(file, label, "id", f"duplicate id {item.id!r}"))
            seen.add(item.id)
        ids[table] = seen | invalid_ids[table]

    def check(table: str, field_name: str, target: str, optional: bool = False) -> None:
        if UNREADABLE in ids[target]:
            return
        for file, label, item in parsed.get(table, []):
            value = getattr(item, field_name)
            if value is None and optional:
                continue
            if value not in ids[target]:
                known = ", ".join(sorted(ids[target])) or "none"
                problems.append(Problem(file, label, field_name, f"names unknown {target} {value!r} (known: {known})"))

    for table in ("claim", "refund", "billing", "card_rule", "fee", "decline"):
        check(table, "platform", "platform", optional=table in ("fee", "decline"))
    for table in ("claim", "billing", "fee", "decline", "provider"):
        check(table, "method", "method", optional=table in ("billing", "decline"))
    for table in ("claim", "refund", "billing", "card_rule", "fee", "provider_fact", "decline"):
        check(table, "source", "source")
    check("step", "source", "source", optional=True)
    check("fee", "provider", "provider", optional=True)
    check("provider_fact", "provider", "provider")

    seen_claims: set[tuple[str, str, str]] = set()
    for file, label, claim in parsed.get("claim", []):
        key = (claim.platform, claim.method, claim.source)
        if key in seen_claims:
            problems.append(Problem(file, label, "source", "a second claim from the same source for this cell"))
        seen_claims.add(key)

    for file, label, source in parsed.get("source", []):
        if source.dated and source.dated > source.read_on:
            problems.append(Problem(file, label, "page_date", "is after the date the page was read"))


# ---------------------------------------------------------------------------
# The validated-catalog cache
#
# Validation builds pydantic's schemas, which costs more than everything else
# at start-up. A catalog validated once is pickled under the user's cache
# folder, keyed by the exact bytes of the data files and the program version,
# so any edit to the data (or an upgrade) validates afresh.


def cache_dir() -> Path:
    override = os.environ.get("CNAI_PAY_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    import platformdirs  # only needed when no override is set

    return Path(platformdirs.user_cache_dir("cnai-pay", appauthor=False))


def _digest(folder: Path) -> str | None:
    from . import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    # The code that builds the catalog is part of the key, so a changed rule never meets an old pickle.
    here = Path(__file__).parent
    try:
        for code in ("model.py", "catalog.py"):
            digest.update((here / code).read_bytes())
        for name in sorted(FILES):
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()[:24]


def _read_cache(path: Path, folder: Path) -> Catalog | None:
    try:
        with path.open("rb") as handle:
            catalog = pickle.load(handle)
    except Exception:  # a stale or damaged cache is simply rebuilt
        return None
    if not isinstance(catalog, Catalog):
        return None
    catalog.folder = folder
    return catalog


def _write_cache(path: Path, catalog: Catalog) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # the cache only saves time; the app works without it


def load_catalog(folder: Path | str | None = None, use_cache: bool = True) -> Catalog:
    """Load, validate and cross-check a data folder. Raises DataError with every problem."""
    folder = Path(folder) if folder is not None else default_data_dir()
    if not folder.is_dir():
        raise DataError(folder, [Problem(str(folder), "", "", "is not a folder")])
    digest = _digest(folder) if use_cache else None
    cache_path = cache_dir() / f"catalog-{digest}.pickle" if digest else None
    if cache_path is not None and cache_path.exists():
        cached = _read_cache(cache_path, folder)
        if cached is not None:
            return cached
    catalog = validate_catalog(folder)
    if cache_path is not None:
        _write_cache(cache_path, catalog)
    return catalog


def validate_catalog(folder: Path) -> Catalog:
    """Always validate, never use the cache: for `data check` and for the cache itself."""
    problems: list[Problem] = []
    invalid_ids: dict[str, set[str]] = defaultdict(set)
    parsed = _parse_entries(folder, problems, invalid_ids)
    _check_references(parsed, problems, invalid_ids)
    if problems:
        raise DataError(folder, problems)

    def items(table: str) -> list[Any]:
        return [item for _, _, item in parsed.get(table, [])]

    return Catalog(
        folder=folder,
        dataset=items("dataset")[0],
        platforms=items("platform"),
        methods=items("method"),
        sources={s.id: s for s in items("source")},
        claims=items("claim"),
        refund_claims=items("refund"),
        billing=items("billing"),
        card_rules=items("card_rule"),
        fees=items("fee"),
        providers=items("provider"),
        provider_facts=items("provider_fact"),
        declines=items("decline"),
        steps=items("step"),
    )
