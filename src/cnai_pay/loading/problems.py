"""What is wrong with a data folder, said with its file, entry and field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..domain.model import CONTROL_CHARACTERS, NO_BREAKS, NO_CONTROLS
from ..text import CONTROL, clean_text
from ..value_classes import frozen


class EntryLabel:
    """A valid entry's label, spelled out only when a problem names the entry.

    A large catalogue has hundreds of thousands of entries and almost never a
    problem: building every label up front cost a tenth of the first start.
    """

    __slots__ = ("index", "record", "table")

    def __init__(self, table: str, index: int, record: Any) -> None:
        self.table, self.index, self.record = table, index, record

    def __str__(self) -> str:
        fields = {name: getattr(self.record, name, None) for name in ("id", "platform", "method", "topic", "provider")}
        # A validated record holds kinds where the file had their names.
        raw = {name: getattr(value, "value", value) for name, value in fields.items() if value is not None}
        return entry_label(self.table, self.index, raw)


@frozen
class Problem:
    file: str
    entry: str | EntryLabel
    field: str
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.entry, EntryLabel):
            object.__setattr__(self, "entry", str(self.entry))

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        parts = [where]
        if self.entry:
            parts.append(str(self.entry))
        if self.field:
            parts.append(f"field '{self.field}'")
        # Ids, keys and values come from the data files: no escape sequence reaches the terminal.
        return clean_text(": ".join([", ".join(parts), self.message]))


class DataError(Exception):
    """The data folder could not be loaded; carries every problem found."""

    def __init__(self, folder: Path, problems: Sequence[Problem]):
        self.folder = folder
        self.problems = list(problems)
        count = len(self.problems)
        head = f"The data in {folder} has {count} problem{'s' if count != 1 else ''}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


def entry_label(table: str, index: int, raw: Any) -> str:
    """'claim #4 (beta × amex)': the entry's position and whatever names it."""
    label = f"{table} #{index + 1}"
    if isinstance(raw, dict):
        if isinstance(raw.get("id"), str):
            label += f" ({raw['id']})"
        elif isinstance(raw.get("platform"), str):
            keys = ("method", "topic", "provider")
            bits = [raw["platform"]] + [raw[k] for k in keys if isinstance(raw.get(k), str)]
            label += f" ({' × '.join(bits)})"
        elif isinstance(raw.get("provider"), str):
            label += f" ({raw['provider']})"
    return label


_UNION_SUFFIX = re.compile(r"\.(date|literal\[.*?\]|function-.*|str|int|float|none|bool)$")


def validation_problems(file: str, entry: str, error: Any) -> Iterable[Problem]:
    """One problem per field from a pydantic ValidationError, in words a data editor understands."""
    by_field: dict[str, list[str]] = {}
    for err in error.errors():
        loc = ".".join(str(part) for part in err["loc"] if not isinstance(part, int) or len(err["loc"]) > 1)
        # Union and literal errors repeat the field once per branch; keep the message readable.
        loc = _UNION_SUFFIX.sub("", loc)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "is required but missing"
        elif err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "is not a known field"
        elif err["type"] == "enum":
            message = f"{err['input']!r} is not allowed; {err['msg'][0].lower()}{err['msg'][1:]}"
        elif err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") in (NO_CONTROLS, NO_BREAKS):
            message = _hidden_character(str(err["input"]), err["ctx"]["pattern"] == NO_BREAKS)
        elif err["type"] == "finite_number":
            message = "must be a finite number"
        by_field.setdefault(loc, []).append(message)
    for loc, messages in by_field.items():
        yield Problem(file, entry, loc, "; or ".join(dict.fromkeys(messages)))


_REFUSED_IN_LINE = re.compile(rf"[\t\n\r{CONTROL_CHARACTERS}]")


def _hidden_character(text: str, one_line: bool) -> str:
    """What a text refused for a character it must not hold says, naming the first such one."""
    found = (_REFUSED_IN_LINE if one_line else CONTROL).search(text)
    if found is None:  # pragma: no cover - the pattern refused it, so one is there
        return "contains a character it must not hold; remove it"
    bad = found.group()
    if bad in "\t\n\r":
        what = "a tab" if bad == "\t" else "a line break"
        return f"contains {what} (U+{ord(bad):04X}); a name or a title is one line"
    return f"contains a control, invisible or bidirectional character (U+{ord(bad):04X}); remove it"
