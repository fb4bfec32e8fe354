"""The screen under a dialog, dimmed once per style instead of once per piece of text.

Textual 8.2.8 draws a translucent dialog's background (the first start's welcome, every pane's
confirmation) by tinting each segment of the screen below: it converts both colours of the
segment's style, blends them with the tint and builds a new style, for every segment of every
line, on every frame. The grid below holds a few dozen distinct styles in over a thousand
segments, so the same blend is computed again and again: about a tenth of the first start went
there. Here each (style, tint) pair is blended once and the result kept; the segments drawn are
the same. Applied on the pinned Textual only, as the crash guards are (textual_fixes.py), and a
test compares the output with Textual's own on the same segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

_original = BackgroundScreen.process_segments
# Enough for every style of a few screens and tints; emptied when full rather than grown.
_LIMIT = 4096
_tinted: dict[tuple[Style | None, Color], Style] = {}


def _tint(style: Style | None, color: Color) -> Style:
    """One segment's style under the tint, as Textual's own process_segments makes it."""
    base = Style() if style is None else style.clear_meta_and_links()
    if color.a == 0:
        return base
    foreground = base.color
    background = base.bgcolor
    return base + Style.from_color(
        (Color.from_rich_color(foreground) + color).rich_color if foreground is not None else None,
        (Color.from_rich_color(background) + color).rich_color if background is not None else None,
    )


def process_segments(segments: Iterable[Segment], color: Color) -> Iterator[Segment]:
    tinted = _tinted
    for segment in segments:
        text, style, control = segment
        if control:
            yield segment
            continue
        key = (style, color)
        found = tinted.get(key)
        if found is None:
            if len(tinted) >= _LIMIT:
                tinted.clear()
            found = tinted[key] = _tint(style, color)
        yield Segment(text, found, control)


def apply() -> None:
    """Replace Textual's tint with the cached one (the caller checks the version)."""
    BackgroundScreen.process_segments = staticmethod(process_segments)  # type: ignore[method-assign]


def original_process_segments(segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
    """Textual's own, for the test that compares the two."""
    return _original(segments, color)
