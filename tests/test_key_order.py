"""Keys typed faster than they are handled land where they would one at a time (tui.key_order)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from cnai_pay.tui import key_order
from cnai_pay.tui.key_order import KeyOrder

from .tui_helpers import grid

# Each moves the focus or opens and closes a screen between keys that mean something else there.
SEQUENCES = [
    ["slash", *"beta", "enter", "right", "right"],  # `e` exports on the grid, `t` opens the guide
    ["slash", *"kimi"],  # `i` opens a checklist on the grid
    ["question_mark", "escape", "down", "right"],  # help, closed, then the grid's own keys
    ["slash", "a", "escape", "x", "down", "l"],
    ["s", "escape", "slash", *"gam", "enter", "down"],
]


def _state(app: Any) -> tuple[object, ...]:
    focused = app.focused
    value = focused.value if isinstance(focused, Input) else None
    return type(app.screen).__name__, type(focused).__name__, value, grid(app).cursor, grid(app).row_count


@pytest.mark.parametrize("keys", SEQUENCES, ids=[" ".join(k) for k in SEQUENCES])
async def test_keys_sent_at_once_end_where_keys_pressed_one_by_one_do(
    app_factory: Any, keys: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each key waits for the one before however slow the machine: a stall would mean one was lost.
    monkeypatch.setattr(key_order, "STALL_SECONDS", 60)
    one_by_one = app_factory()
    async with one_by_one.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        expected = _state(one_by_one)

    burst = app_factory()
    async with burst.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # As a terminal sends typed-ahead or pasted keys: all queued before the first is handled.
        for key in keys:
            char = key if len(key) == 1 else {"slash": "/", "question_mark": "?"}.get(key)
            burst.post_message(events.Key(key, char))
        for _ in range(1000):  # until every key has had its turn
            await pilot.pause(0.01)
            if not burst.key_order.in_flight:
                break
        await pilot.pause()
        assert not burst.key_order.in_flight  # every key passed all the way up
        assert _state(burst) == expected


class _Queue:
    def __init__(self) -> None:
        self.waiting = 0

    def qsize(self) -> int:
        return self.waiting


class _Pump:
    """What KeyOrder reads of a widget: its queue, its parent, and callbacks run in its turn."""

    _closing = _closed = False

    def __init__(self, parent: _Pump | None = None) -> None:
        self._message_queue = _Queue()
        self._parent = parent
        self.callbacks: list[Any] = []

    def call_later(self, callback: Any, *args: Any) -> bool:
        self.callbacks.append((callback, args))
        return True

    def run_callbacks(self) -> None:
        callbacks, self.callbacks = self.callbacks, []
        for callback, args in callbacks:
            callback(*args)


class _App(_Pump):
    def __init__(self) -> None:
        super().__init__()
        self.widget = _Pump(parent=self)
        self._registry = [self.widget]
        self.posted: list[object] = []

    def post_message(self, message: object) -> None:
        self.posted.append(message)


async def test_the_next_key_waits_until_the_key_is_handled_and_all_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_order, "STALL_SECONDS", 0.05)
    app = _App()
    order = KeyOrder(app)  # type: ignore[arg-type]
    first, second, third = (events.Key(k, k) for k in "abc")
    assert order.admit(first)
    order.follow(app.widget)  # type: ignore[arg-type]
    assert not order.admit(second) and not order.admit(third)
    settled: list[str] = []
    order.when_settled(lambda: settled.append("settled"))
    app.widget.run_callbacks()  # the widget has handled the key: on to the app
    await asyncio.sleep(0.01)
    assert app.posted == []  # the app has not handled it yet
    app.widget._message_queue.waiting = 1  # what the key's action posted
    app.run_callbacks()
    await asyncio.sleep(0.01)
    assert app.posted == []  # handled, but a message still waits
    app.widget._message_queue.waiting = 0
    await asyncio.sleep(0.01)
    assert app.posted == [second] and order.stalls == 0  # the next key, in its turn; the third still waits
    assert order.admit(second)  # the replayed key is let through, once
    order.follow(app.widget)  # type: ignore[arg-type]  # and its widget never gets to it
    await asyncio.sleep(0.1)
    assert app.posted == [second, third] and order.stalls == 1 and not settled
    assert order.admit(third)
    order.follow(app)  # type: ignore[arg-type]
    app.run_callbacks()
    await asyncio.sleep(0.01)
    assert settled == ["settled"] and not order.in_flight


async def test_with_no_key_waiting_work_is_done_at_once() -> None:
    order = KeyOrder(_App())  # type: ignore[arg-type]
    settled: list[str] = []
    order.when_settled(lambda: settled.append("now"))
    assert settled == ["now"]
