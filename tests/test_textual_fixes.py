"""The Textual workarounds under contract: each bug reproduced on Textual's own code (a strict xfail,
which starts failing the day a release fixes it), each guard shown to hold, and the private
methods the app overrides still there with the signatures they were written for."""

from __future__ import annotations

import inspect

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets._header import HeaderTitle

from cnai_pay.tui import textual_fixes
from cnai_pay.tui.app import CnaiPayApp
from cnai_pay.tui.widgets.step_list import StepList


def test_the_guards_are_on_for_the_version_they_were_written_for() -> None:
    assert textual_fixes.textual_version() == textual_fixes.FOR_TEXTUAL
    assert textual_fixes.apply() == ""
    assert OptionList._move_page is textual_fixes._move_page_when_laid_out


def test_the_suites_shared_css_cache_is_on_and_gives_what_textual_parses() -> None:
    from textual.css.stylesheet import Stylesheet

    from . import parsed_css

    assert parsed_css.installed()
    css = "Screen { background: $primary; } #x { width: 3; }"
    first, second = Stylesheet(variables={"primary": "red"}), Stylesheet(variables={"primary": "blue"})
    red, blue = (s._parse_rules(css, ("test", "")) for s in (first, second))
    # The theme's variables are part of the key: another theme never gets this one's colours.
    assert red is not blue and str(red[0].styles.background) != str(blue[0].styles.background)
    assert first._parse_rules(css, ("test", "")) is red


def test_on_another_version_the_guards_stay_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual_fixes, "textual_version", lambda: "99.0.0")
    assert "Textual 99.0.0 is installed, not 8.2.8" in textual_fixes.apply()


class Unlaid(App[None]):
    """An option list with options and no room: it never gets a line map."""

    CSS = "OptionList { height: 0; border: none; }"

    def compose(self) -> ComposeResult:
        yield OptionList(*[str(i) for i in range(30)])


@pytest.mark.xfail(strict=True, raises=KeyError, reason="Textual 8.2.8: OptionList pages before its lines are laid out")
async def test_bug_option_list_pages_without_a_line_map() -> None:
    app = Unlaid()
    async with app.run_test():
        options = app.query_one(OptionList)
        options.highlighted = 0
        textual_fixes._original_move_page(options, 1)


async def test_guard_option_list_pages_without_a_line_map() -> None:
    app = Unlaid()
    async with app.run_test():
        options = app.query_one(OptionList)
        options.highlighted = 0
        options._move_page(1)
        assert options.highlighted == 0


async def dismiss_a_covered_screen(dismiss) -> bool:
    """Push two screens, dismiss the covered one; True when the one on top is still there."""
    app = App[None]()
    async with app.run_test() as pilot:
        covered, top = Screen[None](), Screen[None]()
        await app.push_screen(covered)
        await app.push_screen(top)
        await dismiss(covered)
        await pilot.pause()
        return app.screen is top and len(app.screen_stack) == 3


@pytest.mark.xfail(strict=True, reason="Textual 8.2.8: dismissing a covered screen pops the one on top")
async def test_bug_dismissing_a_covered_screen() -> None:
    assert await dismiss_a_covered_screen(textual_fixes._original_dismiss)


async def test_guard_dismissing_a_covered_screen() -> None:
    assert await dismiss_a_covered_screen(lambda screen: screen.dismiss())


async def search_a_closed_palette(gather) -> None:
    app = App[None]()
    async with app.run_test() as pilot:
        app.action_command_palette()
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.dismiss()
        await pilot.pause()
        await gather(palette, "x")


@pytest.mark.xfail(strict=True, raises=NoMatches, reason="Textual 8.2.8: a closed palette's search queries its list")
async def test_bug_searching_a_closed_palette() -> None:
    await search_a_closed_palette(textual_fixes._original_gather)


async def test_guard_searching_a_closed_palette() -> None:
    await search_a_closed_palette(textual_fixes._gather_while_open.__wrapped__)  # type: ignore[attr-defined]


class Titled(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()


async def retitle_a_header_without_its_title() -> None:
    app = Titled()
    async with app.run_test() as pilot:
        header = app.query_one(Header)
        await header.query_one(HeaderTitle).remove()
        app.title = "changed"
        await pilot.pause()
    assert app.return_code in (None, 0)


@pytest.mark.xfail(strict=True, raises=NoMatches, reason="Textual 8.2.8: Header retitles after its title was removed")
async def test_bug_retitling_a_header_without_its_title(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Header, "_on_mount", textual_fixes._original_header_on_mount)
    await retitle_a_header_without_its_title()


async def test_guard_retitling_a_header_without_its_title() -> None:
    assert Header._on_mount is textual_fixes._header_on_mount
    await retitle_a_header_without_its_title()


# Private methods overridden or read by the app: (owner, name, the parameters they were written for).
PRIVATE = [
    (App, "_handle_exception", ["self", "error"]),
    (App, "_print_error_renderables", ["self"]),
    (OptionList, "_replace_option_prompt", ["self", "index", "prompt"]),
]


@pytest.mark.parametrize(("owner", "name", "parameters"), PRIVATE)
def test_the_private_methods_the_app_overrides_are_still_there(owner, name, parameters) -> None:
    assert list(inspect.signature(getattr(owner, name)).parameters) == parameters
    override = {App: CnaiPayApp, OptionList: StepList}[owner]
    assert getattr(override, name) is not getattr(owner, name)


def test_the_private_method_the_app_calls_to_start_on_its_theme_is_still_there() -> None:
    # CnaiPayApp._start_with_theme does what App._watch_theme does, less the second parse.
    assert list(inspect.signature(App._refresh_truecolor_filter).parameters) == ["self", "theme"]


async def test_the_screens_bindings_still_come_as_the_footer_reads_them() -> None:
    # widgets/key_footer.py draws each binding from these: (node, binding, enabled, tooltip), and
    # redraws when the screen signals a change.
    from textual.binding import Binding

    class Keys(App[None]):
        BINDINGS = [Binding("z", "bell", "Ring", tooltip="Rings")]

    app = Keys()
    async with app.run_test():
        node, binding, enabled, tooltip = app.screen.active_bindings["z"]
        assert (binding.action, binding.description, enabled, tooltip) == ("bell", "Ring", True, "Rings")
        assert app.get_key_display(binding) == "z" and app.COMMAND_PALETTE_BINDING in app.screen.active_bindings
        assert hasattr(app.screen, "bindings_updated_signal")


async def test_the_suites_short_idle_slice_is_on_and_a_press_still_waits_for_the_app() -> None:
    """Pilot's idle check runs on a 5 ms slice; the work a key starts is still done when press returns."""
    import asyncio

    from textual.app import App

    from . import pilot_pace

    assert pilot_pace.installed()
    done: list[str] = []

    class Slow(App[None]):
        def on_key(self) -> None:
            # Work that keeps the loop busy past several slices, then more work queued after it.
            deadline = asyncio.get_running_loop().time() + 0.05
            while asyncio.get_running_loop().time() < deadline:
                pass
            self.call_later(done.append, "after")

    async with Slow().run_test() as pilot:
        await pilot.press("x")
        assert done == ["after"]
