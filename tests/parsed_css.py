"""One parsed-stylesheet cache for every app the suite starts.

Textual parses each app's stylesheets afresh (its parse cache lives on the app's Stylesheet), which
costs every Pilot test about 30 ms of the same work. The suite starts several hundred apps in one
process, so the parsed rules are kept here across apps, keyed as Textual keys its own cache plus the
theme's variables (which Textual's cache leaves out because it is cleared when they change). Parsed
rules are only read once made, as Textual's own cache already relies on. Only a test speed-up: the
app itself starts once per process and gains nothing from it.
"""

from __future__ import annotations

from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from cnai_pay.tui import textual_fixes

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}


def install() -> bool:
    """Share parsed rules across apps; False (and nothing changed) on another Textual version."""
    # A private method is replaced: only on the version the app's own guards were written for.
    if textual_fixes.textual_version() != textual_fixes.FOR_TEXTUAL:
        return False
    parse_once = Stylesheet._parse_rules

    def parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        found = _parsed.get(key)
        if found is None:
            found = _parsed[key] = parse_once(self, css, read_from, is_default_rules, tie_breaker, scope)
        return found

    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]
    return True


def installed() -> bool:
    # The app's own file of parsed rules (cnai_pay.tui.parsed_css) may wrap this one.
    method: Any = Stylesheet._parse_rules
    while not method.__qualname__.startswith("install.") and hasattr(method, "__wrapped__"):
        method = method.__wrapped__
    return bool(method.__qualname__.startswith("install."))
