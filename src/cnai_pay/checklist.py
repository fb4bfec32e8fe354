"""The personal checklist: build it from the data, save it atomically, export and load it.

A checklist is the user's own work (ticks, notes), so every write goes through
`atomic_write`, a damaged saved file is renamed aside rather than replaced, and
a file from a newer version of the program is never touched. Nothing here
imports Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

import tomli_w

from .catalog import Catalog
from .model import BillingModel, CardTopic, RefundPolicy, Rules, Status, StepTemplate

SCHEMA_VERSION = 1
# The guide's advice is to test a platform with a 5 USD top-up; used when no minimum is known.
FALLBACK_AMOUNT = 5.0
FALLBACK_CURRENCY = "USD"
STATE_ENV = "CNAI_PAY_HOME"
SAVED_NAME = "checklist.toml"
# Large enough for any first top-up, small enough that the arithmetic stays exact.
MAX_AMOUNT = 1_000_000.0


class ChecklistError(Exception):
    """A checklist file could not be read, written or used; the message is for the user."""


class ExportError(ChecklistError, OSError):
    """Writing a checklist file failed (missing folder, no permission, disk full)."""


class NewerSchemaError(ChecklistError):
    """The file was written by a newer cnai-pay; it is left alone."""


# ---------------------------------------------------------------------------
# The checklist


@dataclass
class Step:
    id: str
    text: str
    done: bool = False
    note: str = ""
    warning: bool = False
    sources: tuple[str, ...] = ()


@dataclass
class Checklist:
    platform_id: str
    platform_name: str
    method_id: str
    method_name: str
    amount: float
    currency: str
    fee_percent: float
    minimum_text: str
    data_as_of: dt.date
    steps: list[Step]
    created: dt.datetime
    updated: dt.datetime
    provider_id: str = ""
    # A fixed part of the fees, in the checklist's currency (PayPal's 0.30 USD, a network fee).
    fixed_fee: float = 0.0
    schema_version: int = SCHEMA_VERSION

    @property
    def budget(self) -> float:
        return budget(self.amount, self.fee_percent, self.fixed_fee)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def fees_text(self) -> str:
        return fees_text(self.fee_percent, self.fixed_fee, self.currency)

    @property
    def budget_text(self) -> str:
        return f"{money(self.amount, self.currency)} + {self.fees_text} = {money(self.budget, self.currency)}"

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def source_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for step in self.steps:
            seen.update(dict.fromkeys(step.sources))
        return list(seen)


def budget(amount: float, fee_percent: float, fixed_fee: float = 0.0) -> float:
    """What must be available on the card: the top-up plus the fees, rounded up to the cent."""
    total = amount * (1 + fee_percent / 100) + fixed_fee
    cents = -(-round(total * 100, 6) // 1)  # ceil, tolerant of float noise
    return cents / 100


def number(value: float) -> str:
    return f"{value:g}"


def money(value: float, currency: str) -> str:
    return f"{value:.2f} {currency}" if value != int(value) else f"{int(value)} {currency}"


def fees_text(fee_percent: float, fixed_fee: float, currency: str) -> str:
    text = f"{number(fee_percent)}%"
    return f"{text} + {money(fixed_fee, currency)}" if fixed_fee else text


def check_amount(value: float, what: str = "the amount") -> float:
    """The one rule for amounts, shared by the app's dialog and the command line."""
    if not isinstance(value, (int, float)) or value != value or not 0 < value <= MAX_AMOUNT:
        raise ChecklistError(f"{what} must be a number above 0 and at most {MAX_AMOUNT:,.0f}")
    return float(value)


def check_fee_percent(value: float) -> float:
    if not isinstance(value, (int, float)) or value != value or not 0 <= value <= 100:
        raise ChecklistError("the fee must be a percentage from 0 to 100")
    return float(value)


def check_fixed_fee(value: float) -> float:
    if not isinstance(value, (int, float)) or value != value or not 0 <= value <= MAX_AMOUNT:
        raise ChecklistError(f"the fixed fee must be a number from 0 to {MAX_AMOUNT:,.0f}")
    return float(value)


def parse_number(text: str) -> float | None:
    """A number typed by a user ("5", "2,5", " 1e3 "), or None when it is not one."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Building from the data


@dataclass
class _Context:
    """The conditions that hold for one platform × method, each with the sources that make it hold."""

    triggers: dict[str, tuple[str, ...]]

    def holds(self, template: StepTemplate) -> bool:
        return all(condition in self.triggers for condition in template.when)

    def sources_for(self, template: StepTemplate) -> tuple[str, ...]:
        found: dict[str, None] = {}
        if template.source:
            found[template.source] = None
        for condition in template.when:
            found.update(dict.fromkeys(self.triggers[condition]))
        return tuple(found)


def _triggers(catalog: Catalog, platform_id: str, method_id: str) -> dict[str, tuple[str, ...]]:
    """Condition → the source ids of the facts that make it hold (empty when it holds by definition)."""
    method = catalog.method_by_id[method_id]
    cell = catalog.cell(platform_id, method_id)
    refund = catalog.refunds[platform_id]
    triggers: dict[str, tuple[str, ...]] = {}

    def rule_sources(topic: CardTopic, refused_only: bool = False) -> tuple[str, ...]:
        rules = catalog.refuses(platform_id, topic) if refused_only else catalog.card_rules_for(platform_id, topic)
        return tuple(r.source for r in rules)

    if method.is_card:
        triggers["card"] = ()
        for condition, topic in (
            ("refuses_3ds", CardTopic.THREE_D_SECURE),
            ("billing_address", CardTopic.BILLING_ADDRESS),
            ("preauth_hold", CardTopic.PREAUTH_HOLD),
            ("requires_recurring", CardTopic.RECURRING),
        ):
            found = rule_sources(topic, refused_only=condition == "refuses_3ds")
            if found:
                triggers[condition] = found
    if method.id == "paypal":
        triggers["paypal"] = ()
    if method.group.value == "wallet":
        triggers["wallet"] = ()
    if method.id in ("crypto", "virtual_card", "prepaid_card"):
        triggers[method.id] = ()
    if method.id in ("virtual_card", "prepaid_card"):
        topic = CardTopic.VIRTUAL_CARDS if method.id == "virtual_card" else CardTopic.PREPAID_CARDS
        found = rule_sources(topic, refused_only=True)
        if found:
            triggers["refuses_virtual"] = found
    refund_sources = tuple(c.source.id for c in refund.claims[:1])
    if refund.policy in (RefundPolicy.NOT_REFUNDABLE, RefundPolicy.UNKNOWN):
        triggers["no_refund"] = refund_sources
    if refund.policy is RefundPolicy.REFUNDABLE and refund.window_days is not None:
        triggers["refund_window"] = refund_sources
    model = catalog.billing_model(platform_id)
    billing_sources = tuple(b.source for b in catalog.billing_for(platform_id) if b.model is model)
    if model is BillingModel.POSTPAID:
        triggers["postpaid_billing"] = billing_sources
    elif model is BillingModel.PREPAID or model is None:
        triggers["prepaid_billing"] = billing_sources
    if cell.status is Status.NOT_SUPPORTED:
        triggers["not_supported"] = tuple(cell.source_ids[:1])
    if cell.disputed:
        triggers["disputed"] = tuple(cell.source_ids)
    return triggers


def default_amount(catalog: Catalog, platform_id: str, method_id: str) -> tuple[float, str]:
    minimum = catalog.minimum_topup(platform_id, method_id)
    if minimum is not None and minimum.minimum:
        return float(minimum.minimum), minimum.currency or FALLBACK_CURRENCY
    return FALLBACK_AMOUNT, FALLBACK_CURRENCY


def minimum_text(catalog: Catalog, platform_id: str, method_id: str | None = None) -> str:
    """The platform's minimum top-up for this method, or every method's minimum when none is given."""
    if catalog.billing_model(platform_id) is BillingModel.POSTPAID:
        return "none: billed after use"
    if method_id is None:
        facts = [b for b in catalog.billing_for(platform_id) if b.model is BillingModel.PREPAID and b.minimum]
    else:
        found = catalog.minimum_topup(platform_id, method_id)
        facts = [found] if found else []
    if not facts:
        return "not found in any source"
    parts = []
    for fact in facts:
        text = money(fact.minimum or 0, fact.currency or FALLBACK_CURRENCY)
        if method_id is None and fact.method:
            text += f" by {catalog.method_by_id[fact.method].name}"
        parts.append(text)
    kinds = sorted({catalog.sources[f.source].kind.label for f in facts})
    return f"{' / '.join(parts)} ({', '.join(kinds)})"


def default_fees(
    catalog: Catalog, platform_id: str, method_id: str, provider_id: str = "", currency: str = FALLBACK_CURRENCY
) -> tuple[float, float]:
    """The highest percentage and fixed fee the sources give for this method, card provider and
    platform, else 0. Highest, because the budget must cover the worst case they describe.
    """
    fees = [
        f
        for f in catalog.fees
        if f.method == method_id
        and (f.provider is None or f.provider == provider_id)
        and (f.platform is None or f.platform == platform_id)
    ]
    percent = max((f.percent for f in fees), default=0.0)
    # A fixed part only counts in the checklist's own currency.
    fixed = max((f.fixed for f in fees if f.fixed and f.currency in (None, currency)), default=0.0)
    return percent, fixed


def _render(template: StepTemplate, values: dict[str, str]) -> str:
    try:
        return template.text.format(**values)
    except (KeyError, IndexError, ValueError):
        # A template with an unknown placeholder shows as written rather than failing.
        return template.text


def _build_steps(
    catalog: Catalog, platform_id: str, method_id: str, amount: float, currency: str, fee_percent: float,
    fixed_fee: float,
) -> list[Step]:
    context = _Context(_triggers(catalog, platform_id, method_id))
    values = {
        "platform": catalog.platform_by_id[platform_id].name,
        "method": catalog.method_by_id[method_id].name,
        "minimum": minimum_text(catalog, platform_id, method_id),
        "amount": money(amount, currency),
        "fee_percent": number(fee_percent),
        "fees": fees_text(fee_percent, fixed_fee, currency),
        "budget": money(budget(amount, fee_percent, fixed_fee), currency),
    }
    chosen = [t for t in catalog.steps if context.holds(t)]
    # Warnings come first so nothing is spent before they are read; data order otherwise.
    chosen.sort(key=lambda t: not t.warning)
    return [
        Step(t.id, _render(t, values), warning=t.warning, sources=context.sources_for(t))
        for t in chosen
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
) -> Checklist:
    if platform_id not in catalog.platform_by_id:
        raise ChecklistError(f"unknown platform {platform_id!r}")
    if method_id not in catalog.method_by_id:
        raise ChecklistError(f"unknown payment method {method_id!r}")
    default, currency = default_amount(catalog, platform_id, method_id)
    amount = default if amount is None else check_amount(amount)
    percent, fixed = default_fees(catalog, platform_id, method_id, provider_id, currency)
    fee_percent = percent if fee_percent is None else check_fee_percent(fee_percent)
    fixed_fee = fixed if fixed_fee is None else check_fixed_fee(fixed_fee)
    now = (now or utc_now()).replace(microsecond=0)
    return Checklist(
        platform_id=platform_id,
        platform_name=catalog.platform_by_id[platform_id].name,
        method_id=method_id,
        method_name=catalog.method_by_id[method_id].name,
        amount=amount,
        currency=currency,
        fee_percent=fee_percent,
        minimum_text=minimum_text(catalog, platform_id, method_id),
        data_as_of=catalog.dataset.as_of,
        steps=_build_steps(catalog, platform_id, method_id, amount, currency, fee_percent, fixed_fee),
        created=now,
        updated=now,
        provider_id=provider_id,
        fixed_fee=fixed_fee,
    )


def rebudget(
    catalog: Catalog, checklist: Checklist, amount: float, fee_percent: float, fixed_fee: float | None = None,
    now: dt.datetime | None = None,
) -> Checklist:
    """New amount or fees: re-render the step texts, keeping ticks, notes and unknown steps."""
    amount, fee_percent = check_amount(amount), check_fee_percent(fee_percent)
    fixed_fee = checklist.fixed_fee if fixed_fee is None else check_fixed_fee(fixed_fee)
    fresh = {s.id: s for s in _build_steps(
        catalog, checklist.platform_id, checklist.method_id, amount, checklist.currency, fee_percent, fixed_fee
    )}
    steps = [
        replace(fresh[s.id], done=s.done, note=s.note) if s.id in fresh else s for s in checklist.steps
    ]
    return replace(
        checklist, amount=amount, fee_percent=fee_percent, fixed_fee=fixed_fee, steps=steps,
        updated=(now or utc_now()).replace(microsecond=0),
    )


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# ---------------------------------------------------------------------------
# TOML form


def to_toml_dict(checklist: Checklist, catalog: Catalog | None = None) -> dict[str, Any]:
    """The exported document. No None values: tomli-w cannot write them."""
    document: dict[str, Any] = {
        "schema_version": checklist.schema_version,
        "created": checklist.created,
        "updated": checklist.updated,
        "data_as_of": checklist.data_as_of,
        "platform": {"id": checklist.platform_id, "name": checklist.platform_name},
        "method": {"id": checklist.method_id, "name": checklist.method_name},
        "budget": {
            "amount": checklist.amount,
            "currency": checklist.currency,
            "fee_percent": checklist.fee_percent,
            "fixed_fee": checklist.fixed_fee,
            "total": checklist.budget,
            "minimum": checklist.minimum_text,
        },
        "progress": {"done": checklist.done_count, "total": len(checklist.steps)},
        "steps": [
            {
                "id": s.id,
                "text": s.text,
                "done": s.done,
                "note": s.note,
                "warning": s.warning,
                "sources": list(s.sources),
            }
            for s in checklist.steps
        ],
    }
    if checklist.provider_id:
        document["method"]["provider"] = checklist.provider_id
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


def _loose(cls: type) -> type:
    # Extra keys are ignored on load so that a file edited by hand still opens.
    cls.__pydantic_config__ = {"extra": "ignore"}
    return dataclass(kw_only=True)(cls)


@_loose
class _SavedStep:
    id: Annotated[str, Rules(min_length=1)]
    text: str
    done: bool = False
    note: str = ""
    warning: bool = False
    sources: list[str] = field(default_factory=list)


@_loose
class _SavedRef:
    id: Annotated[str, Rules(min_length=1)]
    name: str
    provider: str = ""


@_loose
class _SavedBudget:
    amount: Annotated[float, Rules(gt=0, le=MAX_AMOUNT)]
    currency: str
    fee_percent: Annotated[float, Rules(ge=0, le=100)]
    fixed_fee: Annotated[float, Rules(ge=0)] = 0.0
    minimum: str = ""


@_loose
class _SavedChecklist:
    schema_version: int
    created: dt.datetime
    updated: dt.datetime
    data_as_of: dt.date
    platform: _SavedRef
    method: _SavedRef
    budget: _SavedBudget
    steps: list[_SavedStep]


def from_toml_dict(document: dict[str, Any]) -> Checklist:
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        # "2" or 2.0 would pass a lenient check as an older version and then be overwritten.
        raise ChecklistError(f"it has no whole-number schema_version (found {version!r})")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"it was written by a newer cnai-pay (schema_version {version}; this one reads up to {SCHEMA_VERSION})"
        )
    from pydantic import TypeAdapter, ValidationError  # only loading a file needs it

    try:
        saved = TypeAdapter(_SavedChecklist).validate_python(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ChecklistError(f"it is not a cnai-pay checklist ({where}: {first['msg']})") from None
    return Checklist(
        platform_id=saved.platform.id,
        platform_name=saved.platform.name,
        method_id=saved.method.id,
        method_name=saved.method.name,
        amount=saved.budget.amount,
        currency=saved.budget.currency,
        fee_percent=saved.budget.fee_percent,
        minimum_text=saved.budget.minimum,
        data_as_of=saved.data_as_of,
        steps=[Step(s.id, s.text, s.done, s.note, s.warning, tuple(s.sources)) for s in saved.steps],
        created=saved.created,
        updated=saved.updated,
        provider_id=saved.method.provider,
        fixed_fee=saved.budget.fixed_fee,
        schema_version=SCHEMA_VERSION,
    )


def dumps(checklist: Checklist, catalog: Catalog | None = None) -> str:
    return tomli_w.dumps(to_toml_dict(checklist, catalog))


# ---------------------------------------------------------------------------
# Files


def _new_file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, text: str) -> None:
    """Write all or nothing: a temp file in the same folder, flushed and fsynced, then renamed over."""
    path = Path(path)
    mode = _new_file_mode(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _explain_os_error(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError) or not path.parent.exists():
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if isinstance(exc, PermissionError):
        return f"cannot write {path}: permission denied"
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return f"cannot write {path}: it is a folder"
    return f"cannot write {path}: {exc.strerror or exc}"


def write_checklist(checklist: Checklist, path: Path, catalog: Catalog | None = None) -> None:
    """Atomically write and read back; raises ExportError with a message for the user."""
    path = Path(path).expanduser()
    text = dumps(checklist, catalog)
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        atomic_write(path, text)
        tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExportError(_explain_os_error(path, exc)) from None
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - tomli-w writes valid TOML
        raise ExportError(f"{path} did not read back as TOML ({exc})") from None


def export_checklist(checklist: Checklist, catalog: Catalog, path: Path, overwrite: bool = False) -> Path:
    """Export for keeping or sharing. Never replaces an existing file unless told to."""
    path = Path(path).expanduser()
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists")
    write_checklist(checklist, path, catalog)
    return path


def load_checklist(path: Path) -> Checklist:
    """Read a saved or exported checklist; raises ChecklistError (or NewerSchemaError)."""
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"{path} cannot be read ({exc})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(f"{path} is not valid TOML ({exc})") from None
    try:
        return from_toml_dict(document)
    except ChecklistError as exc:
        raise type(exc)(f"{path}: {exc}") from None


def default_export_path(checklist: Checklist, folder: Path | None = None) -> Path:
    folder = folder or Path.cwd()
    return folder / f"cnai-pay-{checklist.platform_id}-{checklist.method_id}.toml"


# ---------------------------------------------------------------------------
# The autosaved checklist


def state_dir() -> Path:
    """Where the autosaved checklist lives: $CNAI_PAY_HOME, else the platform's user data folder."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only needed when no override is set

    return Path(platformdirs.user_data_dir("cnai-pay", appauthor=False))


@dataclass
class Restored:
    checklist: Checklist | None
    # Where autosave writes from now on; differs from the usual file when that one is refused,
    # and is None when no file can safely be written.
    save_path: Path | None
    message: str = ""


def set_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename a damaged file next to itself, never overwriting an earlier one."""
    stamp = (now or utc_now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    path.rename(target)
    return target


def restore(folder: Path | None = None) -> Restored:
    """Load the autosaved checklist, keeping every file the user made safe."""
    folder = folder or state_dir()
    path = folder / SAVED_NAME
    fallback = folder / f"checklist.schema{SCHEMA_VERSION}.toml"
    if not path.exists():
        return Restored(None, path)
    try:
        return Restored(load_checklist(path), path)
    except NewerSchemaError as exc:
        # Leave the newer file alone and keep this version's work beside it.
        message = f"Saved checklist not loaded: {exc}. It is left untouched; this version saves to {fallback}."
        if fallback.exists():
            try:
                return Restored(load_checklist(fallback), fallback, message)
            except ChecklistError:
                try:
                    message += f" Its unreadable copy was kept as {set_aside(fallback)}."
                except OSError:
                    return Restored(None, None, message + " Autosave is off: export to keep your work.")
        return Restored(None, fallback, message)
    except ChecklistError as exc:
        try:
            aside = set_aside(path)
        except OSError as rename_error:
            return Restored(None, None, f"Saved checklist unreadable ({exc}) and could not be moved aside "
                            f"({rename_error}); autosave is off so it is not replaced: export to keep your work.")
        return Restored(None, path, f"Saved checklist was unreadable ({exc}); it was kept as {aside}.")


def autosave(checklist: Checklist, path: Path, catalog: Catalog | None = None) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from None
    write_checklist(checklist, path, catalog)
