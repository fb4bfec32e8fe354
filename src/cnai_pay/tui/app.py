"""The cnai-pay Textual application: app-wide keys, screen routing and notifications.

The main screen (`screens.grid.GridScreen`) owns the grid, the filters and the
checklist; the App opens panes when asked with an `OpenPane` message and
covers a terminal that is too small.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import BindingType
from textual.filter import LineFilter, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen

from .. import clock, fileio, paths
from ..checklist.store import ChecklistStore
from ..collector import IdleCollector, freeze_for_good
from ..domain.catalog import Catalog
from ..profile import PROFILE_NAME
from ..settings import Settings
from ..text import clean_text
from . import stop_signals, textual_fixes
from .actions import APP_ACTIONS, bindings
from .key_order import KeyOrder
from .messages import OpenPane, StartChecklist
from .palette import CnaiCommands
from .panes import PANE_BY_NAME, PaneContext
from .screens.grid import GridScreen
from .screens.too_small import TooSmallScreen, too_small
from .theme import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from .screens.welcome import StartAnswer

# '' on the pinned Textual; else why its crash guards are off (shown once the app is up).
TEXTUAL_FIXES_OFF = textual_fixes.apply()
_NO_COLOUR = (NoColor(),)


class CnaiPayApp(App[None]):
    # Absolute, so that a subclass defined elsewhere (a test, a benchmark) finds the styles too.
    # nocolor.tcss last: under NO_COLOR its text styles stand in for the colours app.tcss gives.
    CSS_PATH = [str(Path(__file__).with_name(name)) for name in ("app.tcss", "nocolor.tcss")]
    TITLE = "cnai-pay"
    SUB_TITLE = "paying for Chinese AI APIs from abroad"
    COMMANDS = App.COMMANDS | {CnaiCommands}
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(APP_ACTIONS)]

    def __init__(
        self,
        catalog: Catalog,
        today: dt.date | None = None,
        state_folder: Path | None = None,
        checklist_file: Path | None = None,
        export_folder: Path | None = None,
        country: str | None = None,
        use_profile: bool = True,
        welcome: bool | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        # Injected so that the data's age on screen is deterministic in tests.
        self.today = today or clock.today()
        folder = state_folder or paths.state_dir()
        # The first-run start, when no profile was ever saved (None: decide from the folder).
        self.welcome = use_profile and not fileio.exists(folder / PROFILE_NAME) if welcome is None else welcome
        self.store = ChecklistStore(folder, catalog)
        # The one owner of the profile; `country` and `use_profile=False` hold for this run only.
        self.settings = Settings.load(folder, country=country, use_saved=use_profile)
        self.checklist_file = checklist_file
        self.export_folder = export_folder
        for theme in THEMES:
            self.register_theme(theme)
        saved_theme = self.settings.saved.theme
        self._start_with_theme(saved_theme if saved_theme in self.available_themes else DEFAULT_THEME)
        # What went wrong, when the app stopped on an unexpected error.
        self.crash = ""
        # Full collections wait for a pause in the input, so none lands between a key and its redraw.
        self.collector = IdleCollector()
        self.key_order = KeyOrder(self)

    def _start_with_theme(self, name: str) -> None:
        """The start's theme, set as the theme watcher would, without the refresh it queues.

        Setting `theme` before the app runs queues a refresh that parses every stylesheet a
        second time and restyles every widget, though the first parse, at start, already reads
        the theme's variables. The rest of what the watcher does is done here.
        """
        self.set_reactive(CnaiPayApp.theme, name)
        # Nothing is parsed yet: the parse at start reads these variables.
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        # Private in Textual 8.2.8 (checked in tests/test_textual_fixes.py): the ANSI colours'
        # mapping follows the theme's darkness.
        self._refresh_truecolor_filter(self.ansi_theme)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Every toast, from any screen or widget, comes here: messages quote paths and file names,
        # whose control characters (escape sequences among them) must never reach the terminal.
        super().notify(
            clean_text(message, newlines=True),
            title=clean_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _say_close_exports(self) -> None:
        """Where a read-only app, closed with ticks it could not save, exported them (said once)."""
        from ..checklist import close_exports

        exported = close_exports.take(self.store.folder)
        if exported:
            where = "; ".join(exported)
            message = f"A second cnai-pay was closed with ticks it could not save; they were exported to {where}"
            self.notify(message, severity="warning", timeout=30, markup=False)

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Under NO_COLOR Textual draws every colour as a grey level; the terminal's own colours
        # are what NO_COLOR asks for. The highlights are drawn by text style instead (nocolor.tcss).
        if self.no_color:
            return _NO_COLOUR
        return super().get_line_filters()

    def get_default_screen(self) -> Screen[None]:
        return GridScreen(
            self.catalog,
            self.store,
            self.today,
            settings=self.settings,
            export_folder=self.export_folder or _working_folder(),
            checklist_file=self.checklist_file,
        )

    def on_mount(self) -> None:
        stop_signals.install(self)
        read_only = self.store.acquire()
        if read_only:
            self.notify(read_only, severity="warning", timeout=20, markup=False)
        else:
            self._say_close_exports()
        if TEXTUAL_FIXES_OFF:
            self.notify(TEXTUAL_FIXES_OFF, severity="warning", timeout=15, markup=False)
        if self.settings.message:
            self.notify(self.settings.message, severity="warning", timeout=15, markup=False)
        self.call_after_refresh(self.after_first_paint)
        if self.welcome:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.catalog), self.started)

    def started(self, answer: StartAnswer | None) -> None:
        grid = self.grid_screen()
        if grid is not None and grid.take_start(answer):
            self.action_open_pane("routes")

    def watch_theme(self, name: str) -> None:
        # Chosen from the palette ("Change theme"): remembered with the profile for the next start.
        grid = self.grid_screen()
        if grid is not None and grid.settings.saved.theme != name:
            grid.remember(theme=name)

    def after_first_paint(self) -> None:
        # The start-up objects (the catalog above all) live as long as the app: keep the
        # collector from walking them again, and turn it back on if the launcher paused it.
        freeze_for_good()
        gc.enable()
        self.collector.start()
        self.set_interval(self.collector.quiet, self.collector.collect_if_idle, name="collect when idle")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.busy()
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if not self.key_order.admit(event) or not self.screen_stack:
            return  # handled in its turn, once the key before it has been (none once the app has stopped)
        target = self.focused or self.screen  # where Textual hands it
        try:
            await super().on_event(event)
        finally:
            self.key_order.follow(target)

    def on_unmount(self) -> None:
        self.collector.stop()
        self.store.release()

    # -- a crash: one line for the user, the details in a file --------------------------

    def _handle_exception(self, error: Exception) -> None:
        if self.crash:  # a later error while stopping: the first one is what the user needs
            super()._handle_exception(error)
            return
        self.crash = f"{type(error).__name__}: {error}"
        try:
            import traceback

            self.store.folder.mkdir(parents=True, exist_ok=True)
            log = self.store.folder / "crash.log"
            log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
            self.crash += f" (details in {log})"
        except OSError:
            pass
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        # Textual would print a full traceback; the promise is one clear line.
        if self.crash:
            print(f"cnai-pay: unexpected error: {clean_text(self.crash)}", file=sys.stderr)
            self._exit_renderables.clear()
            self.crash = ""
            return
        super()._print_error_renderables()

    def on_resize(self, event: events.Resize) -> None:
        small = too_small(event.size.width, event.size.height)
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif isinstance(self.screen, TooSmallScreen):
            if small:
                self.screen.show_size(event.size.width, event.size.height)
            else:
                self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen):
            # Only quitting makes sense until the terminal is enlarged.
            return action == "quit"
        return True

    async def action_quit(self) -> None:
        """Quit, unless the checklist has changes no file holds: then offer to export them first."""
        await self.workers.wait_for_complete()
        grid = self.grid_screen()
        if not self.store.unsaved or grid is None or grid.checklist_controller.checklist is None:
            self.exit()
            return
        from .screens.confirm import ConfirmScreen

        def answer(export_first: bool | None) -> None:
            if export_first:
                grid.checklist_controller.export_then(self.exit)
            elif export_first is False:
                self.exit()

        reason = self.store.read_only_reason or "the last save failed"
        self.push_screen(
            ConfirmScreen(
                "Unsaved checklist",
                f"Your latest changes to the checklist are not saved ({reason}). Export them to "
                "a file before quitting?",
                "Export…",
                "Quit without saving",
                cancel=True,
                safe="yes",  # Enter exports: quitting without saving must be chosen, never defaulted to
            ),
            answer,
        )

    @on(OpenPane)
    def open_pane_message(self, message: OpenPane) -> None:
        self.action_open_pane(message.name, message.select)

    def action_open_pane(self, name: str, select: str | None = None) -> None:
        """Open a detail pane on top of the current screen; Esc comes back to it as it was."""
        spec = PANE_BY_NAME.get(name)
        if spec is None:
            return
        grid = self.grid_screen()
        context = PaneContext(self.catalog, self.today, select)
        if grid is not None and name == "routes":
            grid.learn("routes")
        if grid is not None:
            flt = grid.grid_filter
            model = self.catalog.model_names.find(flt.text) if flt.words else None
            context = replace(
                context,
                wallet=flt.wallet,
                providers=grid.settings.providers,
                country=flt.country,
                model=model.id if model else None,
            )
        self.push_screen(spec.build(context))

    def grid_screen(self) -> GridScreen | None:
        bottom = self.screen_stack[0] if self.screen_stack else None
        return bottom if isinstance(bottom, GridScreen) else None

    @on(StartChecklist)
    def start_checklist(self, message: StartChecklist) -> None:
        """From a route: back to the grid, with the set-up dialog for that platform and method."""
        grid = self.grid_screen()
        if grid is None:
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        grid.learn("plan")
        grid.checklist_controller.open_setup(message.platform_id, message.method_id, message.provider_id)


def _working_folder() -> Path:
    """Where exports go by default: the working folder, or home when it was deleted under us."""
    try:
        return Path.cwd()
    except OSError:
        return Path.home()
