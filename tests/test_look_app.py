"""Pilot tests for how the app looks and first meets the user: the first frame, the first run,
the hint, the head key, the theme and the mouse."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cnai_pay.tui.widgets.grid_layout import choose_layout
from cnai_pay.tui.widgets.key_footer import KeyFooter
from cnai_pay.tui.widgets.platform_grid import PlatformGrid

from . import tui_helpers as ui


@pytest.mark.parametrize("size", [(120, 40), (44, 20)])
async def test_the_first_painted_frame_has_the_final_layout(
    app_factory: Any, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    drawn: list[str] = []
    render_line = PlatformGrid.render_line

    def recording(self: PlatformGrid, y: int) -> Any:
        strip = render_line(self, y)
        if y == 0:
            drawn.append(self.grid_layout.mode)
        return strip

    monkeypatch.setattr(PlatformGrid, "render_line", recording)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        grid = ui.grid(app)
        final = choose_layout(grid._layouts, grid.scrollable_content_region.width).mode
        assert drawn, "the grid was never drawn"
        assert set(drawn) == {final}, drawn


@pytest.mark.parametrize("welcome", [False, True], ids=["returning", "first run"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_first_frame_written_is_the_settled_screen(
    app_factory: Any, size: tuple[int, int], welcome: bool
) -> None:
    # Widgets measured in the first layout for the sizes of the layout before (at the first, none)
    # drew a first frame that the next one corrected: the key to the column heads a row too tall,
    # the preview a line short, the grid's layout and scrollbars chosen only as it drew.
    frames: list[list[str]] = []
    app = app_factory(welcome=welcome)
    written = app.post_display_hook

    def first_frame() -> None:
        written()
        # Private state of Textual 8.2.8: a frame drawn while the app batches its start is dropped.
        if not frames and not app._batch_count and app.screen_stack[0].query("#grid"):
            frames.append(_screen_text(app.export_screenshot()))

    app.post_display_hook = first_frame
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        settled = _screen_text(app.export_screenshot())
    assert frames and frames[0] == settled


def _screen_text(screenshot: str) -> list[str]:
    """The screen's lines as drawn (by the SVG's line clips), without the styles."""
    lines: dict[int, list[str]] = {}
    for line, run in re.findall(r'clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>', screenshot):
        lines.setdefault(int(line), []).append(run)
    return ["".join(lines[number]) for number in sorted(lines)]


async def test_the_grids_border_names_the_cell_by_the_layout_it_is_drawn_with(app_factory: Any) -> None:
    # Drawn before its resize comes (under a dialog pushed at mount, on a first run), the grid fits
    # its layout before its border, whose title gives the cell's column head, not only its rows.
    from textual.geometry import Region

    app = app_factory()
    async with app.run_test(size=(44, 20)) as pilot:
        await pilot.pause()
        await pilot.press("right")  # American Express, "Amex" in this layout
        grid = ui.grid(app)
        final = grid.grid_layout
        assert final.mode == "heads" and "(Amex)" in str(grid.border_title)
        grid.grid_layout = grid._layouts[0]  # as if drawn before it knew its width: full names
        grid.name_cursor()
        assert "(Amex)" not in str(grid.border_title)
        border = grid.render_lines(Region(0, 0, grid.size.width, 1))[0]
        assert grid.grid_layout == final and "(Amex)" in border.text


# -- the first run ------------------------------------------------------------------------------------


async def test_a_fresh_home_opens_on_the_start_and_filling_it_shows_my_routes(app_factory) -> None:
    from cnai_pay.profile import load_profile
    from cnai_pay.tui.screens.routes import RoutesScreen
    from cnai_pay.tui.screens.welcome import WelcomeScreen

    app = app_factory(welcome=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press(*"de", "enter", *"vi", "right", "space", *"paypal", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoutesScreen)
        assert app.screen.plan.country == "DE" and app.screen.plan.wallet == {"visa", "paypal"}
        profile = load_profile(app.store.folder).profile
        assert (profile.country, profile.wallet) == ("DE", ["paypal", "visa"])
        assert "routes" in profile.learned
    # Remembered: the next start goes straight to the grid.
    again = app_factory(welcome=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, WelcomeScreen) and ui.grid_screen(again) is again.screen


async def test_the_start_can_be_skipped_and_is_not_asked_again(app_factory) -> None:
    from cnai_pay.tui.screens.welcome import WelcomeScreen

    app = app_factory(welcome=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is ui.grid_screen(app)
        assert ui.text(app.screen.query_one("#next-step")).startswith("Next: g your country")
    again = app_factory(welcome=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.screen is ui.grid_screen(again)


async def test_the_start_refuses_a_word_it_does_not_know_and_keeps_what_was_typed(app_factory) -> None:
    from cnai_pay.tui.screens.welcome import WelcomeScreen

    app = app_factory(welcome=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"visa bitcoinz", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "bitcoinz" in ui.text_of(app, "#welcome-understood")
        assert app.screen.query_one("#welcome-wallet").value == "visa bitcoinz"


async def test_the_hint_says_the_next_step_until_each_was_done_once(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        hint = ui.grid_screen(app).query_one("#next-step")

        def said() -> str:
            return "" if hint.has_class("-done") else ui.text(hint)

        assert said().startswith("Next: g")
        await pilot.press("g", *"DE", "enter")
        await pilot.pause()
        assert said().startswith("Next: w")
        await pilot.press("w", "space", "escape")
        await pilot.pause()
        assert said().startswith("Next: u")
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert said().startswith("Next: p")
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert said() == ""


async def test_help_opens_on_start_here_before_the_reference(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = ui.flat(ui.seen(app.screen.query_one("#help-scroll")))
        assert shown.index("Start here") < shown.index("How to read a cell")
        for step in ("1. g", "2. w", "3. u", "4. p"):
            assert step in shown


# -- heads, theme -------------------------------------------------------------------------------------


async def test_the_method_under_the_cursor_is_named_and_h_keys_every_head(app_factory) -> None:
    from cnai_pay.tui.screens.head_key import HeadKeyScreen

    app = app_factory()
    async with app.run_test(size=(44, 20)) as pilot:
        await pilot.pause()
        grid = ui.grid(app)
        assert grid.grid_layout.mode in ("heads", "compact")  # heads shorter than the names
        await ui_move(pilot, "beta", "amex")
        head = next(c.title for c in grid.grid_layout.methods if c.key == "amex")
        assert head != "American Express" and grid.border_title == f"Beta Cloud × American Express ({head})"
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HeadKeyScreen)
        rows = [" ".join(str(c) for c in app.screen.query_one("DataTable").get_row_at(i)) for i in range(4)]
        assert "Ax Amex American Express amex" in rows


async def ui_move(pilot: Any, platform: str, method: str) -> None:
    from .conftest import move_to

    await move_to(pilot, platform, method)


async def test_the_theme_is_remembered_between_runs(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cnai-dark"
        app.theme = "cnai-light"
        await pilot.pause()
        switched_background = app.screen.styles.background
    again = app_factory()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "cnai-light"
        # Drawn as a switch at run time draws it, from the one parse at start.
        assert again.screen.styles.background == switched_background
        assert again.has_class("-light-mode", "-theme-cnai-light") and not again.has_class("-dark-mode")


async def test_a_start_parses_the_stylesheets_once(app_factory, monkeypatch) -> None:
    from textual.css.stylesheet import Stylesheet

    reparsed: list[object] = []
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(self))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert reparsed == []


# -- the mouse -------------------------------------------------------------------------------------------


async def test_a_click_on_a_step_ticks_it(app_factory) -> None:
    from cnai_pay.tui.widgets.step_list import StepList

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ui.plan_checklist(pilot, "gamma", "amex")
        screen = ui.grid_screen(app)
        checklist = screen.checklist_controller.checklist
        assert checklist is not None and not checklist.steps[0].done
        steps = screen.query_one(StepList)
        await pilot.click(StepList, offset=(4, 0))
        await pilot.pause()
        assert screen.checklist_controller.checklist.steps[0].done
        assert steps.highlighted == 0


async def test_a_click_on_a_head_moves_to_its_column_and_on_a_footer_key_does_what_the_key_does(
    app_factory,
) -> None:
    from cnai_pay.tui.screens.routes import RoutesScreen

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        grid = ui.grid(app)
        layout = grid.grid_layout
        start = layout.fixed_width + sum(c.width for c in layout.methods[:2])
        # Content row 0 is the header (the titled border is above it).
        await pilot.click(PlatformGrid, offset=(start + 1, 1))
        await pilot.pause()
        assert grid.cursor == (0, 2)
        footer = ui.grid_screen(app).query_one(KeyFooter)
        x = next(x for x in range(footer.size.width) if (key := footer.entry_at(x)) and key.key == "u")
        await pilot.click(KeyFooter, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, RoutesScreen)


async def test_the_footer_is_one_line_that_a_change_of_bindings_redraws(app_factory) -> None:
    # No widget per key: opening a screen builds one, and a change of focus only redraws it.
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        footer = ui.grid_screen(app).query_one(KeyFooter)
        assert not footer.children and footer.size.height == 1
        before = ui.lines(footer)[0]
        await pilot.press("slash")  # the filter takes focus: its keys, not the grid's
        await pilot.pause()
        assert not footer.children and ui.lines(footer)[0] != before
        await pilot.press("escape")
        await pilot.pause()
        assert ui.lines(footer)[0] == before


async def test_the_footer_key_under_the_mouse_is_highlighted_and_says_what_it_does(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        footer = ui.grid_screen(app).query_one(KeyFooter)
        x = next(x for x in range(footer.size.width) if (key := footer.entry_at(x)) and key.key == "w")
        plain = footer.render_line(0)
        await pilot.hover(KeyFooter, offset=(x, 0))
        await pilot.pause()
        lit = footer.render_line(0)
        assert lit.text == plain.text and lit != plain
        entry = footer.entry_at(x)
        assert entry is not None and footer.tooltip == entry.tooltip and entry.tooltip.startswith("Tick the methods")
        await pilot.hover(PlatformGrid, offset=(1, 1))
        await pilot.pause()
        assert footer.render_line(0) == plain and footer.tooltip is None


@pytest.mark.parametrize("size", [(100, 30), (80, 19), (120, 40)])
async def test_a_screen_opens_with_its_size_classes_and_its_first_resize_restyles_nothing(
    app_factory, monkeypatch, size: tuple[int, int]
) -> None:
    restyled = ui.screen_restyles(monkeypatch)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = ui.grid_screen(app)
        expected = "-short" if size[1] < 20 else "-tall" if size[1] < 36 else "-roomy"
        assert {c for c in screen.classes if c.startswith("-")} == {expected}
        # Styled as it was mounted, and not again as it first shows (textual_speedups) or for its
        # first size.
        assert restyled == []
        await pilot.press("v")  # a pane
        await pilot.pause()
        assert {c for c in app.screen.classes if c in ("-short", "-tall")} == {"-short" if size[1] < 20 else "-tall"}
        assert restyled.count(type(app.screen).__name__) == 0
        # A real resize still moves the classes (once the resize has gone through, which a busy
        # machine may take a few frames to do).
        await pilot.resize_terminal(size[0], 12 if size[1] >= 20 else 30)
        for _ in range(100):
            await pilot.pause(0.02)
            if ("-short" in app.screen.classes) == (size[1] >= 20):
                break
        assert ("-short" in app.screen.classes) == (size[1] >= 20)


def test_the_welcome_names_platforms_the_data_has(mini: Any) -> None:
    # It named DeepSeek, Qwen, GLM and Kimi whatever the data: the makers' own platforms first.
    from dataclasses import replace

    from cnai_pay.domain.kinds import PlatformKind
    from cnai_pay.tui.screens.welcome import some_platforms

    assert some_platforms(mini) == "Alpha AI, Beta Cloud…"
    gateways = [replace(p, kind=PlatformKind.GATEWAY) for p in mini.platforms]
    assert some_platforms(replace(mini, platforms=gateways), most=2) == ", ".join(p.name for p in gateways[:2]) + "…"
    assert some_platforms(replace(mini, platforms=gateways[:1])) == gateways[0].name
