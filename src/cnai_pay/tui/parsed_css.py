"""The app's stylesheets as Textual parses them, parsed when the package is built.

Textual parses every stylesheet a start uses (the app's `.tcss` files and the DEFAULT_CSS of each
widget class it shows) from text at every start: about 20 ms of a 280 ms start, a quarter of it
compiling the tokenizer's patterns, and again for each pane that brings a stylesheet of its own.
The build hook (hatch_build.py) parses them once, for each of the app's themes, and the wheel
carries the parsed rules; a start takes a source's rules from there when its text, its place in
the cascade and the theme's variables are the ones they were parsed from, and parses it as before
otherwise (an editable install, another theme, a changed file).

The rules are Textual's own objects, kept with pickle: no serialiser of ours could follow them
across Textual's internals, and nothing else reads them back. Unpickling runs code, so the file
is trusted as the modules beside it are and no further: it is read only from this package's own
folder, only when it is a plain file of the same owner and group as this module, which nobody may
write to who may not write the module (nor replace it in its folder), and never from the user's
folders. Anything else, or a file that does not read
back, is ignored: every source is then parsed from its text.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from ..digest import blake2b

PARSED_NAME = "parsed-css.marshal"
FORMAT = "cnai-pay parsed css 1"
# A bound well above the file the build writes (under 1 MB); a larger one is not read.
MOST_BYTES = 16 * 1024 * 1024
HERE = Path(__file__).resolve().parent
# POSIX flags; where a system lacks one, the checks on the opened file still apply.
_NOFOLLOW, _NONBLOCK, _CLOEXEC = (getattr(os, name, 0) for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC"))

_original_parse_rules = Stylesheet._parse_rules  # Textual's own parse, for the build
_wrapped = _original_parse_rules  # the method apply() replaced, which parses what the file lacks
# The parsed rules by key, each pickled; None until first asked for, then {} when there is no file.
_entries: dict[str, bytes] | None = None
_textual = ""  # the installed Textual's version, given by apply(): the file must name it
# The variables last asked about (a copy) and their key.
_variables_key: tuple[dict[str, str], str] | None = None


def source_key(
    css: str, read_from: tuple[str, str], is_default: bool, tie_breaker: int, scope: str, variables: str
) -> str:
    """What a source's parsed rules depend on; the file's folder is left out (the build's and an
    install's differ), its text is in."""
    name = f"{Path(read_from[0]).name}\x1f{read_from[1]}"
    return _hex(f"{name}\x1e{int(is_default)}\x1e{tie_breaker}\x1e{scope}\x1e{variables}\x1e{css}")


def variables_key(variables: dict[str, str]) -> str:
    return _hex("\x1e".join(f"{name}\x1f{value}" for name, value in sorted(variables.items())))


def _hex(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _key_of_variables(variables: dict[str, str]) -> str:
    # The same variables are asked about for every source: their key is kept with a copy of them.
    global _variables_key
    if _variables_key is None or _variables_key[0] != variables:
        _variables_key = (dict(variables), variables_key(variables))
    return _variables_key[1]


def _trusted(info: os.stat_result, folder: os.stat_result, mine: os.stat_result) -> bool:
    """A plain file no more open to others than this module is: the same owner and group as the
    module, in its folder, and writable by nobody the module is not writable by."""
    plain = (info.st_mode & 0o170000) == 0o100000
    same = info.st_uid == mine.st_uid == folder.st_uid and info.st_gid == mine.st_gid
    wider = (info.st_mode | folder.st_mode) & 0o022 & ~mine.st_mode
    return plain and same and not wider and info.st_size <= MOST_BYTES


def read_entries(path: Path, textual: str) -> dict[str, bytes]:
    """The build's entries, or {} for a missing, untrusted, foreign or unreadable file."""
    try:
        mine, folder = os.stat(__file__), os.lstat(path.parent)
        # Not through a link, never waiting on a pipe; the checks are of the file that was opened.
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    except OSError:
        return {}
    try:
        with os.fdopen(descriptor, "rb") as file:
            if not _trusted(os.fstat(descriptor), folder, mine):
                return {}
            data = marshal.loads(file.read(MOST_BYTES + 1))
    except Exception:  # unreadable, damaged or too deep: every source is parsed from its text
        return {}
    if not (isinstance(data, dict) and data.get("format") == FORMAT):
        return {}
    entries = data.get("entries")
    if data.get("textual") != textual or not isinstance(entries, dict):
        return {}
    return {key: value for key, value in entries.items() if isinstance(key, str) and isinstance(value, bytes)}


def parsed(css: str, read_from: Any, is_default: bool, tie_breaker: int, scope: str, variables: dict[str, str]) -> Any:
    """The built rules of this source, fresh objects each time, or None."""
    global _entries
    if _entries is None:
        _entries = read_entries(HERE / PARSED_NAME, _textual)
    if not _entries or not (isinstance(read_from, tuple) and len(read_from) == 2):
        return None
    entry = _entries.get(source_key(css, read_from, is_default, tie_breaker, scope, _key_of_variables(variables)))
    if entry is None:
        return None
    try:
        rules = pickle.loads(entry)
    except Exception:  # a damaged entry: parsed from its text instead
        return None
    # Only Textual's own rule sets; anything else (a list of numbers, an empty list) is parsed.
    return rules if isinstance(rules, list) and rules and all(type(rule) is RuleSet for rule in rules) else None


def _parse_rules_built_first(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    # Private state of Textual 8.2.8's Stylesheet: its cache of parsed sources, by this key.
    cache_key = (css, read_from, is_default_rules, tie_breaker, scope)
    if cache_key not in self._parse_cache:
        rules = parsed(css, read_from, is_default_rules, tie_breaker, scope, self._variables)
        if rules is not None:
            self._parse_cache[cache_key] = rules
    return _wrapped(self, css, read_from, is_default_rules, tie_breaker, scope)


def apply(textual: str) -> None:
    """Take sources' rules from the build's file, if it was built for this Textual (the caller
    checks the version is the one this module was written for); the method it replaces, Textual's
    or another wrapper of it, still parses every source the file does not hold."""
    global _textual, _wrapped
    _textual = textual
    if Stylesheet._parse_rules is not _parse_rules_built_first:
        _wrapped = Stylesheet._parse_rules
        _parse_rules_built_first.__wrapped__ = _wrapped  # type: ignore[attr-defined]
        Stylesheet._parse_rules = _parse_rules_built_first  # type: ignore[method-assign]


def build_entries(
    sources: Iterable[tuple[str, tuple[str, str], bool, int, str]], variables: Iterable[dict[str, str]]
) -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    unique = list(dict.fromkeys(sources))
    for values in variables:
        stylesheet = Stylesheet(variables=values)
        key = variables_key(values)
        for css, read_from, is_default, tie_breaker, scope in unique:
            try:
                rules = _original_parse_rules(stylesheet, css, read_from, is_default, tie_breaker, scope)
            except Exception:  # a source Textual refuses is parsed (and refused) at run time as before
                continue
            if not any(rule.errors for rule in rules):
                entries[source_key(css, read_from, is_default, tie_breaker, scope, key)] = _dumps(rules)
    return entries


class _OrderedPickler(pickle._Pickler):
    """Pickles a set's members in a fixed order, so that two builds write the same bytes: a set's
    own order follows the process's string hash seed. The Python pickler, as the C one never asks
    `reducer_override` about a set."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is set:
            return set, (sorted(obj, key=repr),)
        return NotImplemented


def _dumps(rules: Any) -> bytes:
    buffer = io.BytesIO()
    _OrderedPickler(buffer, protocol=5).dump(rules)
    return buffer.getvalue()
