"""Opening a source's page in the user's browser: only when asked, and only after a yes.

`open_url` is the one place that starts a browser (tests replace it); `offer_to_open` asks
first in a dialog that shows the address, so nothing leaves the terminal on its own.
"""

from __future__ import annotations

import os
import webbrowser
from typing import Any
from urllib.parse import urlsplit

from textual.screen import Screen

from ..domain.model import Source
from ..text import clean_text
from .screens.confirm import ConfirmScreen

# Browsers that draw in the terminal they are started from: one would take over the app's screen.
TERMINAL_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh"})


def open_url(url: str) -> bool:
    """Hand `url` to the desktop's browser; False when there is none that would not take over
    this terminal, or the address is not a web page (a data folder could hold any text)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if os.path.basename(str(getattr(browser, "name", ""))) in TERMINAL_BROWSERS:
        return False
    try:
        return bool(browser.open(url, new=2))
    except Exception:  # a broken browser setup is a message, never a crash
        return False


def offer_to_open(screen: Screen[Any], source: Source) -> None:
    """Ask whether to open `source`'s page; on yes, open it or say why not and where it is."""
    url = clean_text(source.url)

    def report(opened: bool) -> None:
        if opened:
            screen.notify(url, title="Opened in your browser", markup=False)
            return
        screen.app.copy_to_clipboard(url)
        screen.notify(
            f"No browser could be started from here. The address (copied to the clipboard, where the "
            f"terminal allows it): {url}",
            title="Not opened",
            severity="warning",
            timeout=20,
            markup=False,
        )

    def start() -> None:
        # Off the UI thread: a browser named in $BROWSER is waited for until it exits.
        opened = open_url(url)
        screen.app.call_from_thread(report, opened)

    def answered(yes: bool | None) -> None:
        if yes:
            screen.run_worker(start, thread=True, group="browser")

    question = f"{clean_text(source.title)}\n{url}\n\nOpen this page in your browser?"
    screen.app.push_screen(ConfirmScreen("Open the source's page", question, yes="Open", no="Stay"), answered)
