"""A shorter idle check for Pilot, so that key presses in tests do not wait on a 20 ms clock.

Textual's Pilot waits after every key until the process looks idle: it sleeps in slices of 20 ms
and stops at the first slice in which the process used under 1 ms of CPU. Every key therefore costs
at least two such slices, 40 ms of sleep, and the suite presses thousands of keys; measured on two
cores, the whole suite spent about a third of its time asleep there. Here the slice is 5 ms and the
threshold scaled with it (a twentieth), the same test of idleness on a finer clock.

Textual's 20 ms slices also outlast its screen's update timer (60 a second), so a refresh, and
the callbacks waiting for one (a Select opening its list), always came between two keys; here
`press` makes that refresh itself after each key, as `Pilot.pause` does, waits for the screen to
run those callbacks, and drains every widget's messages after the last key as before. Tests wait
for background writes with `workers.wait_for_complete()`, never on the idle check. Only a test
speed-up, and only on the Textual version the app's own guards name.
"""

from __future__ import annotations

import asyncio

import textual._wait as textual_wait
from textual.pilot import Pilot

from cnai_pay.tui import textual_fixes

SLICE = 0.005


def install() -> bool:
    """Shorten Pilot's idle slice; False (and nothing changed) on another Textual version."""
    if textual_fixes.textual_version() != textual_fixes.FOR_TEXTUAL:
        return False
    # Both are read as module globals at every call, so setting them here reaches Pilot and App.
    textual_wait.SLEEP_GRANULARITY = SLICE
    textual_wait.SLEEP_IDLE = SLICE / 20
    documented = Pilot.press

    async def press(self: Pilot[object], *keys: str) -> None:
        for key in keys:
            await self.app._press_keys((key,))
            screen = self.app.screen
            screen._on_timer_update()
            # The screen runs the callbacks that waited for the refresh before this one.
            refreshed = asyncio.Event()
            if screen.call_later(refreshed.set):
                await refreshed.wait()
        await self._wait_for_screen()

    press.__doc__ = documented.__doc__
    Pilot.press = press  # type: ignore[method-assign]
    return True


def installed() -> bool:
    return textual_wait.SLEEP_GRANULARITY == SLICE and Pilot.press.__qualname__.startswith("install.")
