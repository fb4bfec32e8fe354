"""A screen's size classes (`-tall`, `-wide`…) given before its first styling.

Textual adds them on the screen's first resize, after every widget was styled without them, and
styles every widget on the screen again for the change: one more full restyle each time a screen
opens. Given from the app's size when the screen composes, that first resize changes nothing; a
later one still moves them, as Textual does.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def preset_breakpoints(screen: Screen[Any]) -> None:
    app = screen.app
    horizontal = (
        app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS
    ) or []
    vertical = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS) or []
    width, height = app.size
    for dimension, points in ((width, horizontal or []), (height, vertical or [])):
        # The class of the largest breakpoint the size reaches, as Textual picks it.
        for at, name in sorted(points, reverse=True):
            if dimension >= at:
                screen.set_class(True, name, update=False)
                break
