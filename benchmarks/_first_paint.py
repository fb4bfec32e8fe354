"""Shared by the benchmarks' child processes: time marks, and noticing the first drawn grid.

Imported first by each child, so T0 is (within a fraction of a millisecond)
the child's first line.
"""

import time

T0 = time.perf_counter()

marks: dict[str, float] = {}
rendered_rows: list[int] = []


def mark(name: str) -> None:
    marks.setdefault(name, time.perf_counter() - T0)


def watch_renders(table) -> None:
    """Note when the compositor has the table render its lines while it holds rows.

    Textual may paint the screen once before the table itself is redrawn, so
    "first drawn grid" waits for a render of the table with rows, and the
    refresh that follows it.
    """
    original = table.render_lines

    def render_lines(*args, **kwargs):
        lines = original(*args, **kwargs)
        if table.row_count:
            rendered_rows.append(table.row_count)
        return lines

    table.render_lines = render_lines


def when_drawn(app, action) -> None:
    """Call `action` at the first refresh after the watched table has rendered rows."""

    def check() -> None:
        if not rendered_rows:
            app.call_after_refresh(check)
            return
        action()

    app.call_after_refresh(check)
