"""Shared by the benchmarks' child processes: time marks, and noticing the first drawn grid.

Imported first by each child, so T0 is (within a fraction of a millisecond)
the child's first line.

Public names are used: Textual's `compose`, `render_lines` and `App.post_display_hook`, and the
grid's id `#grid` and `row_count`; and one private one, `App._batch_count`, which tells a frame
Textual held back (while it batches updates) from one it wrote.
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


# Widgets that must have rendered too before the frame counts (the first start's welcome dialog).
required: set[str] = set()
rendered: set[str] = set()


def watch_required(widget) -> None:
    """Require `widget` (by id) rendered in the first frame too, and note when it is."""
    required.add(widget.id)
    original = widget.render_lines

    def render_lines(*args, **kwargs):
        lines = original(*args, **kwargs)
        rendered.add(widget.id)
        return lines

    widget.render_lines = render_lines


def watch_composed(screen, widget_id: str, found) -> None:
    """Call `found(widget)` for the widget with `widget_id` as `screen` composes it, before it is mounted.

    For an app whose grid lives on its default screen: that screen is composed
    after the app's on_mount, so the app cannot query the grid there. Wrapping
    the screen's `compose` sees every widget it yields, nested ones included.
    """
    compose = screen.compose

    def watched():
        for widget in compose():
            if widget.id == widget_id:
                found(widget)
            yield widget

    screen.compose = watched


def when_drawn(app, action) -> None:
    """Call `action` once, just after the first frame in which the watched table has rendered rows
    (and every required widget has rendered).

    Textual calls `App.post_display_hook` after each frame, also after one it held back: a dialog
    pushed at mount (the first start's welcome) is first drawn inside the batch Textual opens for
    the app's start, and that frame is never written. A callback from `call_after_refresh` came
    later than the first frame written: it runs after the next refresh of the screen it was asked
    on, which on a first start was the grid's own, a frame or two after.
    """
    earlier_hook = app.post_display_hook
    done = False

    def after_frame() -> None:
        nonlocal done
        earlier_hook()
        if done or app._batch_count or not rendered_rows or not required <= rendered:
            return
        done = True
        action()

    app.post_display_hook = after_frame
