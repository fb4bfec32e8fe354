"""What the user sees, read back from the widgets for the UI tests.

Everything here goes through public Textual API: a widget's `render()` (its
text before wrapping) or `render_lines()` (the lines the compositor draws), so
a test asserts what is on screen rather than the app's private state.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.widget import Widget

from cnai_pay.tui.screens.grid import GridScreen
from cnai_pay.tui.widgets.platform_grid import PlatformGrid


def grid_screen(app: Any) -> GridScreen:
    """The default screen (the grid), whatever pane is on top of it."""
    screen = app.screen_stack[0]
    assert isinstance(screen, GridScreen)
    return screen


def grid(app: Any) -> PlatformGrid:
    return grid_screen(app).query_one(PlatformGrid)


def text(widget: Widget) -> str:
    """The plain text a Static, Label, Toast or status line renders (before wrapping)."""
    return str(widget.render())


def text_of(app: Any, selector: str) -> str:
    """`text` of one widget on the screen on top."""
    return text(app.screen.query_one(selector))


def lines(widget: Widget) -> list[str]:
    """The lines the widget draws now, as on the terminal (wrapped, cropped, right spaces removed)."""
    width, height = widget.outer_size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


def seen(widget: Widget) -> str:
    """What a widget and every widget shown inside it draw, one after the other."""
    parts = [widget, *(w for w in widget.query("*") if w.display and w.visible and w.outer_size.area)]
    return "\n".join("\n".join(lines(w)) for w in parts)


def flat(shown: str) -> str:
    """Drawn text with line breaks and runs of spaces made single spaces: wrapping does not matter."""
    return " ".join(shown.split())


def status(app: Any) -> str:
    return text(grid_screen(app).query_one("#status"))


def toasts(app: Any) -> list[str]:
    """The notifications shown on the screen on top (run the app with `notifications=True`)."""
    return [text(toast) for toast in app.screen.query("Toast")]


def grid_rows(app: Any) -> list[str]:
    """The platform names in the grid's drawn rows, top to bottom (the header skipped)."""
    names = sorted((p.name for p in grid(app).catalog.platforms), key=len, reverse=True)
    rows = []
    for line in lines(grid(app))[1:]:
        match = next((n for n in names if line.strip().startswith(n)), None)
        if match:
            rows.append(match)
    return rows


def _cell_span(app: Any, method_id: str) -> tuple[int, int]:
    """Where a method's column is drawn now: (first cell, width), from the grid's layout and scroll."""
    widget = grid(app)
    layout = widget.grid_layout
    ids = [column.key for column in layout.methods]
    index = ids.index(method_id)
    start = layout.fixed_width + sum(c.width for c in layout.methods[:index]) - round(widget.scroll_x)
    assert start >= layout.fixed_width, f"the {method_id} column is scrolled out of view"
    return start, layout.methods[index].width


def _row_index(drawn: list[str], platform_name: str) -> int:
    found = [i for i, line in enumerate(drawn) if i and line.strip().startswith(platform_name)]
    assert found, (platform_name, drawn)
    return found[0]


def grid_cell(app: Any, platform_name: str, method_id: str) -> str:
    """The text drawn in one grid cell, found by its row's platform name and its method's column."""
    drawn = lines(grid(app))
    start, width = _cell_span(app, method_id)
    return drawn[_row_index(drawn, platform_name)][start : start + width].strip()


def grid_cell_style(app: Any, platform_name: str, method_id: str) -> Any:
    """The Rich style the grid draws a cell's text in (reverse video marks a wallet match)."""
    widget = grid(app)
    row = _row_index(lines(widget), platform_name)
    column = _cell_span(app, method_id)[0] + 1
    strip = widget.render_lines(Region(0, row, widget.outer_size.width, 1))[0]
    offset = 0
    for segment in strip:
        if offset <= column < offset + segment.cell_length:
            return segment.style
        offset += segment.cell_length
    raise AssertionError((platform_name, method_id))


async def plan_checklist(pilot: Any, platform_id: str, method_id: str) -> None:
    """A checklist for a cell, as a user makes one: cursor there, p, ctrl+s in the set-up dialog."""
    from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen

    from .conftest import move_to

    await move_to(pilot, platform_id, method_id)
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChecklistSetupScreen)
    await pilot.press("ctrl+s")
    await pilot.pause()
    checklist = grid_screen(pilot.app).checklist_controller.checklist
    assert checklist is not None and (checklist.platform_id, checklist.method_id) == (platform_id, method_id)


def screen_restyles(monkeypatch: Any) -> list[str]:
    """The class name of each screen Textual restyles whole from now on (App.update_styles)."""
    from textual.app import App
    from textual.screen import Screen

    restyled: list[str] = []
    original = App.update_styles

    def update_styles(self: App[Any], node: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(node, Screen):
            restyled.append(type(node).__name__)
        original(self, node, *args, **kwargs)

    monkeypatch.setattr(App, "update_styles", update_styles)
    return restyled


async def resize(pilot: Any, width: int, height: int) -> None:
    """Resize the terminal and wait until the screens have had it: Textual sends a resize on after
    a short timer (1/120 s), which Pilot's idle check can return before on a busy machine."""
    await pilot.resize_terminal(width, height)
    app = pilot.app
    for _ in range(200):
        if app._resize_timer is None and app._resize_event is None:
            break
        await pilot.pause(0.005)
    await pilot.pause()
