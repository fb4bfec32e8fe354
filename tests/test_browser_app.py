"""A source's page opens in the browser only after a yes in a dialog that shows the address."""

from __future__ import annotations

import webbrowser
from typing import Any

import pytest
from textual.binding import Binding

from cnai_pay.tui import browser
from cnai_pay.tui.screens.confirm import ConfirmScreen
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.help import HelpScreen
from cnai_pay.tui.screens.sources import SourcesScreen

from .conftest import move_to
from .tui_helpers import flat, seen

GUIDE = "https://guide.example/payments"  # the first source of the mini data
BETA = "https://beta.example/help/payment"  # the source deciding Beta Cloud × American Express


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address the app asks the browser to open; the browser itself is never started."""
    calls: list[str] = []

    def fake_open(url: str) -> bool:
        calls.append(url)
        return True

    monkeypatch.setattr(browser, "open_url", fake_open)
    return calls


async def settle(pilot: Any) -> None:
    """Wait for the browser's worker thread and the message it posts back."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def messages(app: Any) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def open_sources(pilot: Any) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SourcesScreen)


async def test_enter_on_a_source_asks_first_and_shows_the_address(app_factory, opened: list[str]) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_sources(pilot)
        await pilot.press("down", "up")  # moving never opens anything
        assert opened == [] and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        dialog = flat(seen(app.screen))
        assert GUIDE in dialog and "A third-party guide" in dialog and "Open this page in your browser?" in dialog
        assert opened == []
        await pilot.press("enter")  # the focused button is the safe one: Stay
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen) and opened == []
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen) and opened == []
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        assert opened == [GUIDE]
        assert f"Opened in your browser: {GUIDE}" in messages(app)


async def test_evidence_opens_the_highlighted_claims_page(app_factory, opened: list[str]) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and BETA in flat(seen(app.screen))
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen) and opened == [BETA]


async def test_without_a_browser_the_address_is_given_and_copied(app_factory, monkeypatch) -> None:
    monkeypatch.setattr(browser, "open_url", lambda url: False)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_sources(pilot)
        await pilot.press("o", "y")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        assert app.clipboard == GUIDE
        assert any(m.startswith("Not opened: ") and GUIDE in m for m in messages(app))


async def test_help_names_the_sources_keys(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {keys: what for section, keys, what in app.screen.rows if section == "Sources"}
        assert (
            "browser" in rows["o"] and rows[app.get_key_display(Binding("enter", ""))] == "Open the page (asks first)"
        )


class FakeBrowser:
    def __init__(self, name: str) -> None:
        self.name = name
        self.opened: list[tuple[str, int]] = []

    def open(self, url: str, new: int = 0) -> bool:
        self.opened.append((url, new))
        return True


def test_open_url_hands_web_pages_to_the_desktop_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    desktop = FakeBrowser("xdg-open")
    monkeypatch.setattr(webbrowser, "get", lambda: desktop)
    assert browser.open_url("https://alpha.example/faq") is True
    assert desktop.opened == [("https://alpha.example/faq", 2)]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "alpha.example/faq", ""])
def test_open_url_refuses_what_is_not_a_web_page(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    desktop = FakeBrowser("xdg-open")
    monkeypatch.setattr(webbrowser, "get", lambda: desktop)
    assert browser.open_url(url) is False and desktop.opened == []


def test_open_url_never_starts_a_browser_that_would_take_over_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    console = FakeBrowser("/usr/bin/lynx")
    monkeypatch.setattr(webbrowser, "get", lambda: console)
    assert browser.open_url("https://alpha.example/faq") is False and console.opened == []


def test_open_url_without_any_browser_is_false(monkeypatch: pytest.MonkeyPatch) -> None:
    def none() -> None:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none)
    assert browser.open_url("https://alpha.example/faq") is False
