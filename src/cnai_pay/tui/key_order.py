"""Typed keys are handled one after another, each where the ones before it left the focus.

Textual hands every key from the terminal to the widget focused *when the app reads it*, then
reads the next at once; a key's bindings run later, once it has bubbled back up to the app, and
what they post (a Submitted that moves the focus, a screen composing) later still. So in
`/deep` typed quickly (or sent by tmux), `/` moved the focus to the filter only after `d e e p`
had been handed to the grid, whose bindings read them as commands (`e` exports). Here the app
holds each key until it has passed every widget on its way up (its widget, their parents, the
screen, the app) and no message waits anywhere; the next key then goes to whatever the one
before it focused. A key whose handler never lets the app settle frees the next after
`STALL_SECONDS`, so typing only pauses.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.events import Key
    from textual.message_pump import MessagePump

# Far longer than a key takes (well under 50 ms even at the largest checklist; a screen composes in
# tenths of a second on a slow machine), short enough that a key stuck in its handler only pauses typing.
STALL_SECONDS = 1.5
QUICK_TRIES = 50
SLOW_TRY_SECONDS = 0.002


class KeyOrder:
    """Which typed key may be handled now; the app asks for each key the terminal sends."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.held: deque[Key] = deque()
        self.in_flight = False
        self.replaying: Key | None = None
        self.flight = 0  # which key is on its way: a stall timer for an earlier one is ignored
        self.stalls = 0  # keys freed by the stall timer, not by the key before them passing
        self._stall: asyncio.TimerHandle | None = None
        self._settled: list[Callable[[], object]] = []
        self._waiting_on: MessagePump | None = None  # the widget the key is still to pass, if any

    def when_settled(self, callback: Callable[[], object]) -> None:
        """Call `callback` once no typed key is waiting: at once when none is.

        For work that only the last of a burst needs (a held-down arrow key): the keys no longer
        pile up behind one another, so it would otherwise be done for each of them.
        """
        if self.in_flight:
            self._settled.append(callback)
        else:
            callback()

    def admit(self, key: Key) -> bool:
        """True when `key` is to be handled now; else it waits its turn."""
        if key is self.replaying:
            self.replaying = None
            return True
        if self.in_flight:
            self.held.append(key)
            return False
        self.in_flight = True
        return True

    def follow(self, target: MessagePump) -> None:
        """The admitted key was handed to `target`: free the next once it is handled and all is quiet."""
        self.flight += 1
        flight = self.flight
        if self._stall is not None:
            self._stall.cancel()
        loop = asyncio.get_running_loop()
        self._stall = loop.call_later(STALL_SECONDS, self._stalled, flight)
        self._after(target, flight)
        loop.call_soon(self._when_done, flight, 0)

    def _after(self, node: MessagePump, flight: int) -> None:
        # call_later runs in `node`'s own queue, behind the key handed or bubbled to it: once it
        # runs, the key's handlers there are done, awaits and all.
        self._waiting_on = node if node.call_later(self._passed, node, flight) else None

    def _passed(self, node: MessagePump, flight: int) -> None:
        if flight != self.flight:
            return
        parent = node._parent  # where Textual bubbles a message to next
        if node is self.app or parent is None:
            self._waiting_on = None
        else:
            self._after(parent, flight)

    def _when_done(self, flight: int, tries: int) -> None:
        if flight != self.flight or not self.in_flight or self.replaying is not None:
            return
        node = self._waiting_on
        if node is not None and (node._closing or node._closed):
            # Closed with the key still on its way (Escape closing its dialog): nothing more of it
            # will run there, nor above it.
            node = self._waiting_on = None
        if node is None and self._quiet():
            self._release(flight)
            return
        loop = asyncio.get_running_loop()
        if tries < QUICK_TRIES:  # most keys are done within a few turns of the loop
            loop.call_soon(self._when_done, flight, tries + 1)
        else:  # a longer piece of work (a screen composing): look again without spinning
            loop.call_later(SLOW_TRY_SECONDS, self._when_done, flight, tries + 1)

    def _quiet(self) -> bool:
        """No message waits in the app's queue or any widget's: what the key's actions posted
        (a Submitted that moves the focus, a screen's widgets mounting) has been handled."""
        app = self.app
        pumps: Iterable[MessagePump] = (app, *app._registry)
        return not any(pump._message_queue.qsize() for pump in pumps)

    def _stalled(self, flight: int) -> None:
        if flight == self.flight and self.in_flight and self.replaying is None:
            self.stalls += 1
        self._release(flight)

    def _release(self, flight: int) -> None:
        if flight != self.flight or not self.in_flight or self.replaying is not None:
            return  # an earlier key's late news, or the next key is already on its way
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None
        if not self.held or self.app._closing or self.app._closed:  # an app stopping takes no more keys
            self.held.clear()
            self.in_flight = False
            settled, self._settled = self._settled, []
            for callback in settled:
                callback()
            return
        # Still in flight: keys arriving meanwhile queue behind the one replayed.
        self.replaying = self.held.popleft()
        self.app.post_message(self.replaying)


def when_keys_settled(app: App[Any], callback: Callable[[], object]) -> None:
    """`KeyOrder.when_settled` of `app`'s keys; at once in an app that does not order them."""
    order = getattr(app, "key_order", None)
    if isinstance(order, KeyOrder):
        order.when_settled(callback)
    else:
        callback()
