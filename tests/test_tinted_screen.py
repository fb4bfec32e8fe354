"""The cached tint under dialogs draws exactly what Textual's own tint draws."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

from cnai_pay.tui import tinted_screen
from cnai_pay.tui.app import CnaiPayApp  # noqa: F401  # importing the UI applies the fixes

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
    assert BackgroundScreen.process_segments is tinted_screen.process_segments


@given(SEGMENTS, TINTS)
def test_the_cached_tint_draws_what_textual_draws(segments: list[Segment], tint: Color) -> None:
    expected = list(tinted_screen.original_process_segments(segments, tint))
    # Twice: the second time every style comes from the cache.
    assert list(tinted_screen.process_segments(segments, tint)) == expected
    assert list(tinted_screen.process_segments(segments, tint)) == expected
