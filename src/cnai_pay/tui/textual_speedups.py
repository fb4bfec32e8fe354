"""Four pieces of repeated work Textual 8.2.8 does at every start and every pane, done once; a
frame it holds back for no reason, and one it draws only to throw away.

- **A resize that changes nothing.** The terminal reports its size when the app starts, and
  again once the driver is up; the second report is the size the app already has, and Textual
  ignores it only in part: it keeps the event, and on the next idle moment sends it to every
  screen, which lays itself out again from the top. Every start paid one more layout of the grid
  (and, on a first start, of the welcome dialog too). A report of the size the app already has
  is now dropped; a real change is handled exactly as before.
- **A screen laid out again at the size it was just laid out at.** A screen that opens sends
  itself a resize as part of its first layout, and a resize of any screen lays out every screen
  under a dialog too: the first start laid the grid out five times before its first frame (one
  resize from the app, the grid's own, the welcome dialog's, each also passed to the screen
  below), where one would do. A screen told of the size it already has, with no widget waiting
  to be laid out, now keeps its layout; any other size, or a layout asked for meanwhile, is laid
  out as before.
- **The screen under a dialog, dimmed once per style instead of once per piece of text.**
  Textual draws a translucent dialog's background (the first start's welcome, every pane's
  confirmation) by tinting each segment of the screen below: it converts both colours of the
  segment's style, blends them with the tint and builds a new style, for every segment of every
  line, on every frame. The grid below holds a few dozen distinct styles in over a thousand
  segments, so the same blend is computed again and again: in a profile of the first start, the
  largest single cost of drawing the dialog. Here each (style, tint) pair is blended once and
  the result kept; the segments drawn are the same.
- **A screen styled twice as it opens.** Every widget is styled as it is mounted; a screen that
  opens (the grid at start, each pane, each dialog) is then sent a resume, and Textual styles
  the whole screen again, every widget from the top. That second pass is kept where it is
  needed: for a screen with a stylesheet of its own (read only as the screen opens, after its
  widgets were first styled), and whenever a screen comes back from under another (what
  changed meanwhile is not known). A screen styled by the app's sheets alone skips it the
  first time.

- **A frame held back to the next tick of a clock.** A screen draws what changed on the ticks of
  its update timer, 60 a second, which counts from the moment the screen first had something to
  draw: a screen that opens (the first start's welcome, each pane, each dialog) waited a whole
  period, 16.7 ms, before its first frame, and a change after a quiet moment waited for the next
  tick. A screen that has not drawn for a period now draws as soon as it is idle, and its timer
  counts the next period from that frame; within a period of its last frame it waits for the
  timer as before, so it still draws at most 60 frames a second.

- **A frame drawn inside a batch.** While the app batches updates (the whole of its start, from
  its compose to its mount) it writes no frame, but a screen laid out meanwhile still draws one,
  which is then dropped: a first start drew the grid, the welcome dialog and the tint between them
  (22 ms), and drew them again once the batch was over. The screen on top now leaves its frame to
  the end of the batch: it is marked to be drawn whole, and prompted when the batch ends.

Applied on the pinned Textual only, as the crash guards are (textual_fixes.py); the tests show a
real resize still reaching the screens and compare the tint with Textual's own.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import _time as textual_time
from textual import events
from textual.app import App
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import UPDATE_PERIOD as FRAME_PERIOD
from textual.screen import Screen

# Textual's own tint, kept for the test that compares the two.
textual_process_segments = BackgroundScreen.process_segments
_original_on_resize = App._on_resize
_original_on_screen_resume = Screen._on_screen_resume
_original_screen_resized = Screen._screen_resized
_original_on_idle = Screen._on_idle
_original_on_timer_update = Screen._on_timer_update
_original_compositor_refresh = Screen._compositor_refresh
_original_end_batch = App._end_batch
# When each screen last drew a frame (Textual's monotonic clock), for the frame-rate limit.
_drawn_at: weakref.WeakKeyDictionary[Screen[Any], float] = weakref.WeakKeyDictionary()
_resumed: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()  # the screens resumed before
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


async def _on_resize_when_changed(self: App[Any], event: events.Resize) -> None:
    # Private state of Textual 8.2.8's App: the size it last sent to its screens.
    if self._size is not None and self._size == event.size and self._resize_timer is None:
        event.stop()
        return
    await _original_on_resize(self, event)


def _screen_resized_when_changed(self: Screen[Any], size: Any) -> None:
    # Private state of Textual 8.2.8's Screen: the size its compositor last laid it out at, and the
    # widgets that asked for a layout since (each layout empties it; its flag `_layout_required`
    # is only lowered by the screen on top, so it stays up on the screen under a dialog).
    if self._compositor.size == size and not self._layout_widgets:
        return
    _original_screen_resized(self, size)


def _on_screen_resume_styled_once(self: Screen[Any], event: events.ScreenResume) -> None:
    first = self not in _resumed
    _resumed.add(self)
    if first and not self.css_path and not self.CSS:
        event.refresh_styles = False  # styled as its widgets were mounted, moments ago
    _original_on_screen_resume(self, event)


def _on_timer_update_noted(self: Screen[Any]) -> None:
    if self.is_current and not self.app._batch_count:  # as Textual's: it draws only then
        _drawn_at[self] = textual_time.get_time()
    _original_on_timer_update(self)


async def _on_idle_drawing_at_once(self: Screen[Any], event: events.Idle) -> None:
    # Private state of Textual 8.2.8's Screen: what its update timer would draw on its next tick.
    if (
        not self.app._batch_count
        and self.is_current
        and (
            self._layout_required
            or self._scroll_required
            or self._repaint_required
            or self._recompose_required
            or self._dirty_widgets
        )
        and textual_time.get_time() - _drawn_at.get(self, float("-inf")) >= FRAME_PERIOD
    ):
        self._on_timer_update()
        # The timer's next tick a whole period after this frame, not at its old count's next slot.
        self._update_timer.reset()
        self._update_timer.pause()
    # Textual's own: the timer for what is still to draw, else the callbacks waiting for a refresh.
    await _original_on_idle(self, event)


def _compositor_refresh_after_batch(self: Screen[Any]) -> None:
    # Textual 8.2.8's App._display writes nothing while `_batch_count` is up. The whole screen is
    # marked to be drawn instead, which its next update after the batch does.
    app = self.app
    if app._batch_count and self is app.screen and not app.is_inline:
        self._repaint_required = True
        return
    _original_compositor_refresh(self)


def _end_batch_prompting_screen(self: App[Any]) -> None:
    _original_end_batch(self)
    # Textual prompts only the app when a batch ends: the screen, which may have handled all its
    # messages meanwhile, is prompted too, so that the frame it left to the batch's end is drawn.
    if not self._batch_count and self.screen_stack:
        self.screen.check_idle()


def apply() -> None:
    """Lay the six over Textual (the caller checks the version)."""
    BackgroundScreen.process_segments = staticmethod(process_segments)  # type: ignore[method-assign]
    App._on_resize = _on_resize_when_changed  # type: ignore[method-assign]
    Screen._on_screen_resume = _on_screen_resume_styled_once  # type: ignore[method-assign]
    Screen._screen_resized = _screen_resized_when_changed  # type: ignore[method-assign]
    Screen._on_idle = _on_idle_drawing_at_once  # type: ignore[method-assign]
    Screen._on_timer_update = _on_timer_update_noted  # type: ignore[method-assign]
    Screen._compositor_refresh = _compositor_refresh_after_batch  # type: ignore[method-assign]
    App._end_batch = _end_batch_prompting_screen  # type: ignore[method-assign]
