"""Textual's repeated work, done once: a resize that changes nothing, and the tint under dialogs."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual import _time as textual_time
from textual.app import App
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from cnai_pay.tui import textual_speedups
from cnai_pay.tui.app import CnaiPayApp  # noqa: F401  # importing the UI applies the fixes

from .tui_helpers import screen_restyles

COLOURS = st.one_of(st.none(), st.sampled_from(["red", "#102030", "color(200)", "default", "bright_blue"]))
STYLES = st.one_of(
    st.none(),
    st.builds(
        lambda fg, bg, bold, link, meta: Style(color=fg, bgcolor=bg, bold=bold, link=link, meta=meta),
        COLOURS,
        COLOURS,
        st.booleans(),
        st.sampled_from([None, "https://example.org/a"]),
        st.sampled_from([None, {"@click": "app.x"}]),
    ),
)
SEGMENTS = st.lists(
    st.one_of(
        st.builds(Segment, st.text(max_size=5), STYLES),
        st.just(Segment("", None, [(1,)])),  # a control segment passes through untouched
    ),
    max_size=30,
)
CHANNEL = st.integers(0, 255)
TINTS = st.builds(Color, CHANNEL, CHANNEL, CHANNEL, st.sampled_from([0, 0.3, 0.6, 1]))


def test_the_cached_tint_is_the_one_the_dialogs_use() -> None:
    assert BackgroundScreen.process_segments is textual_speedups.process_segments


@given(SEGMENTS, TINTS)
def test_the_cached_tint_draws_what_textual_draws(segments: list[Segment], tint: Color) -> None:
    expected = list(textual_speedups.textual_process_segments(segments, tint))
    # Twice: the second time every style comes from the cache.
    assert list(textual_speedups.process_segments(segments, tint)) == expected
    assert list(textual_speedups.process_segments(segments, tint)) == expected


async def test_a_resize_to_the_size_the_app_has_reaches_no_screen_and_a_real_one_does() -> None:
    from textual import events
    from textual.app import App
    from textual.geometry import Size
    from textual.screen import Screen

    sizes: list[Size] = []

    class Counting(Screen[None]):
        def on_resize(self, event: events.Resize) -> None:
            sizes.append(event.size)

    class Sized(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Counting())

    async with Sized().run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        sizes.clear()
        pilot.app.post_message(events.Resize(Size(40, 12), Size(40, 12)))
        await pilot.pause(0.05)
        assert sizes == []
        await pilot.resize_terminal(50, 14)
        await pilot.pause(0.05)
        assert sizes and set(sizes) == {Size(50, 14)}


async def test_a_screen_is_styled_once_as_it_opens_unless_it_brings_a_stylesheet_or_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual import events
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Label

    restyled = screen_restyles(monkeypatch)

    class Plain(Screen[None]):
        def compose(self) -> object:
            yield Label("plain", classes="tinted")

    class OwnSheet(Screen[None]):
        CSS = "Label { color: red; }"

        def compose(self) -> object:
            yield Label("own")

    class Screens(App[None]):
        CSS = ".tinted { color: green; }"

    async with Screens().run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        restyled.clear()
        plain = Plain()
        await pilot.app.push_screen(plain)
        await pilot.pause()
        assert restyled == []  # styled as its label was mounted
        assert plain.query_one(Label).styles.color.rgb == (0, 128, 0)
        await pilot.app.push_screen(OwnSheet())
        await pilot.pause()
        assert restyled == ["OwnSheet"]  # its own sheet is read as it opens: styled again after it
        assert pilot.app.screen.query_one(Label).styles.color.rgb == (255, 0, 0)
        await pilot.app.pop_screen()
        restyled.clear()
        plain.post_message(events.ScreenResume())  # back after another: styled again, as Textual does
        await pilot.pause()
        assert restyled == ["Plain"]


async def test_a_screen_is_laid_out_again_only_at_a_new_size_or_after_a_layout_was_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual import messages
    from textual.app import App
    from textual.geometry import Size
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Label

    laid_out: list[str] = []
    real_refresh_layout = Screen._refresh_layout

    def counted(self: Screen[None], size: Size | None = None, scroll: bool = False) -> None:
        laid_out.append(type(self).__name__)
        real_refresh_layout(self, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)

    class Below(Screen[None]):
        def compose(self) -> object:
            yield Label("below")

    class Over(ModalScreen[None]):
        def compose(self) -> object:
            yield Label("over")

    class Stacked(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Below())

    async with Stacked().run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        below = pilot.app.screen
        await pilot.app.push_screen(Over())
        await pilot.pause()
        screens = (below, pilot.app.screen)
        for screen in screens:  # whatever is still waiting for a layout (it depends on timing) is laid out
            screen._screen_resized(Size(40, 12))
        laid_out.clear()
        for screen in screens:
            screen._screen_resized(Size(40, 12))
        assert laid_out == []  # each laid out at this size just now, nothing asked for since
        label = below.query_one(Label)
        label.styles.height = 3
        # The label's request for a layout, taken by the screen under the dialog as Textual takes it
        # (handed over here: when the label's own message arrives depends on how busy the machine is).
        await below._on_layout(messages.Layout(label))
        laid_out.clear()
        below._screen_resized(Size(40, 12))
        assert laid_out == ["Below"]
        laid_out.clear()
        below._screen_resized(Size(40, 10))
        assert laid_out == ["Below"]


class Recorded(Static):
    """A text that notes each time it is drawn, and when (Textual's clock)."""

    def __init__(self, text: str, drawn: list[tuple[str, float]]) -> None:
        super().__init__(text)
        self.drawn = drawn

    def render(self) -> Any:
        self.drawn.append((str(self.content), textual_time.get_time()))
        return super().render()


class Showing(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> Any:
        yield self.widget


async def settle() -> None:
    """A tenth of a second of the app running by itself (Pilot's pause would draw a frame itself)."""
    for _ in range(10):
        await asyncio.sleep(0.01)


async def test_a_screen_that_has_not_drawn_for_a_frame_draws_at_once_and_never_more_often(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual import screen as textual_screen

    # The screens' update timers, made now, would not tick within this test: only the idle
    # handler can draw.
    monkeypatch.setattr(textual_screen, "UPDATE_PERIOD", 60.0)
    drawn: list[tuple[str, float]] = []

    class Opened(Screen[None]):
        def compose(self) -> Any:
            yield Recorded("first", drawn)

    async with App[None]().run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.app.push_screen(Opened())
        await settle()
        # Its first frame, with no tick of its timer.
        assert drawn and drawn[-1][0] == "first"
        recorded = pilot.app.screen.query_one(Recorded)
        # Within a frame's time of the last: left to the timer (which here never comes).
        monkeypatch.setattr(textual_speedups, "FRAME_PERIOD", 60.0)
        recorded.update("second")
        await settle()
        assert "second" not in [text for text, _ in drawn]
        # A frame's time later: drawn at the next idle moment.
        monkeypatch.setattr(textual_speedups, "FRAME_PERIOD", 0.0)
        recorded.update("third")
        await settle()
        assert drawn[-1][0] == "third"


async def test_a_frame_asked_for_inside_a_batch_is_drawn_once_the_batch_is_over() -> None:
    drawn: list[tuple[str, float]] = []
    async with Showing(Recorded("before", drawn)).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        frames: list[int] = []
        render_update = screen._compositor.render_update

        def counted_update(*args: Any, **kwargs: Any) -> Any:
            frames.append(pilot.app._batch_count)
            return render_update(*args, **kwargs)

        screen._compositor.render_update = counted_update  # type: ignore[method-assign]
        with pilot.app.batch_update():
            screen.query_one(Recorded).update("inside")
            screen._refresh_layout()  # a layout inside the batch asks for a frame
            await settle()
            assert frames == [] and "inside" not in [text for text, _ in drawn]  # nothing to throw away
        # No key, no message: the end of the batch alone brings the frame.
        await settle()
        assert frames and set(frames) == {0} and drawn[-1][0] == "inside"


async def test_two_changes_close_together_are_drawn_a_frame_apart() -> None:
    drawn: list[tuple[str, float]] = []
    async with Showing(Recorded("start", drawn)).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        recorded = pilot.app.screen.query_one(Recorded)
        for burst in range(5):
            await asyncio.sleep(textual_speedups.FRAME_PERIOD * 2)  # quiet: the first is drawn at once
            recorded.update(f"first {burst}")
            await asyncio.sleep(0.002)
            recorded.update(f"second {burst}")
            await asyncio.sleep(textual_speedups.FRAME_PERIOD * 2)
            times = dict(drawn)
            assert f"first {burst}" in times and f"second {burst}" in times
            # Textual's timer sleeps up to half a millisecond short of its slot.
            assert times[f"second {burst}"] - times[f"first {burst}"] >= textual_speedups.FRAME_PERIOD - 0.001
