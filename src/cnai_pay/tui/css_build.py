"""Builds the file of parsed stylesheets the wheel carries (parsed_css.py), from the build hook.

Apart from parsed_css because it imports the whole app, to find every widget class it shows.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import parsed_css
from .parsed_css import HERE


def _node_classes() -> Iterator[type[Any]]:
    """Every Textual node class imported once the app and all its screens and widgets are."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    from . import app  # noqa: F401  # the app, and with it the Textual widgets it uses

    package = importlib.import_module(__package__ or "cnai_pay.tui")
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    seen: set[type[Any]] = set()
    waiting: list[type[Any]] = [DOMNode]
    while waiting:
        cls = waiting.pop()
        if cls not in seen:
            seen.add(cls)
            yield cls
            waiting.extend(cls.__subclasses__())


def sources() -> Iterator[tuple[str, tuple[str, str], bool, int, str]]:
    """(css, read_from, is_default, tie_breaker, scope) of every source a start may parse: the
    DEFAULT_CSS of each node class, as Textual gathers it for that class, and the app's files."""
    from textual.dom import DOMNode

    for cls in _node_classes():
        node = object.__new__(cls)  # no __init__: only its class's CSS is read
        for read_from, css, tie_breaker, scope in DOMNode._get_default_css(node):
            yield css, read_from, True, tie_breaker, scope
    for path in sorted(HERE.rglob("*.tcss")):
        yield path.read_text(encoding="utf-8"), (str(path), ""), False, 0, ""


def theme_variables() -> Iterator[dict[str, str]]:
    """The stylesheet's variables under each of the app's themes, as the app sets them at start."""
    from textual.app import App

    from .theme import THEMES

    for theme in THEMES:
        app: App[None] = App()
        app.register_theme(theme)
        app.set_reactive(App.theme, theme.name)
        yield app.get_css_variables()


def write(path: Path, textual: str) -> int:
    """Write the build's file for this Textual version; returns the number of sources parsed."""
    entries = parsed_css.build_entries(sources(), theme_variables())
    data = {"format": parsed_css.FORMAT, "textual": textual, "entries": entries}
    path.write_bytes(marshal.dumps(data))
    return len(entries)
