"""fit_widths: the routes table's columns shrink, widest wrappable first, to the room they have."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cnai_pay.tui.fit_columns import fit_widths

columns = st.lists(st.tuples(st.integers(1, 80), st.one_of(st.none(), st.integers(1, 20))), min_size=1, max_size=8)


@given(columns, st.integers(0, 300))
def test_widths_fit_where_the_floors_allow_and_never_grow(spec: list[tuple[int, int | None]], room: int) -> None:
    natural = [width for width, _ in spec]
    floors = [None if floor is None else min(floor, width) for width, floor in spec]
    widths = fit_widths(natural, floors, room)
    assert all(w <= n for w, n in zip(widths, natural, strict=True))
    assert all(w == n if f is None else f <= w for w, n, f in zip(widths, natural, floors, strict=True))
    least = sum(n if f is None else f for n, f in zip(natural, floors, strict=True))
    assert sum(widths) <= max(room, least)
    # Nothing shrinks that did not have to: the room is filled exactly, or every column is at its floor.
    if sum(natural) <= room:
        assert widths == natural
    else:
        assert sum(widths) == room or sum(widths) == least


def test_the_widest_wrappable_column_gives_way_first() -> None:
    # A 60-wide flags column and a 16-wide method column in 50 cells beside 10 fixed ones.
    assert fit_widths([10, 16, 60], [None, 10, 16], 60) == [10, 16, 34]
    # Below that, both wrap: the flags to their floor first, then the method.
    assert fit_widths([10, 16, 60], [None, 10, 16], 40) == [10, 14, 16]
