"""Nothing is lost on the way out: stop signals, the quit dialog's default, q on every screen."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnai_pay.checklist.files import load_checklist
from cnai_pay.checklist.store import SAVED_NAME

from .conftest import MINI


def _read_until(fd: int, wanted: bytes | None, seconds: float) -> bytes:
    """What the app writes to the terminal until `wanted` appears (None: until it closes or time is up)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (wanted is None or wanted not in seen):
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _drain(fd: int, seconds: float) -> bytes:
    return _read_until(fd, None, seconds)


def _app_in_a_terminal(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """The app started in a real pseudo-terminal of 100x30; returns the process and the terminal's side."""
    import fcntl
    import termios

    # The terminal's own size decides the layout: COLUMNS and LINES (set by some runners) would
    # override it and draw a layout the terminal does not have.
    env = {name: value for name, value in env.items() if name not in ("COLUMNS", "LINES")}
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "cnai_pay", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        start_new_session=True,
    )
    os.close(secondary)
    return process, primary


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_restores_the_terminal_and_saves(tmp_path: Path, number: int) -> None:
    home = tmp_path / "home"
    exported = tmp_path / "started.toml"
    done = subprocess.run(
        [sys.executable, "-m", "cnai_pay", "checklist", "--data", str(MINI), "--platform", "alpha"]
        + ["--method", "visa", "-o", str(exported)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "CNAI_PAY_HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "CNAI_PAY_HOME": str(home), "TERM": "xterm-256color"}
    process, primary = _app_in_a_terminal(["--data", str(MINI), "--checklist", str(exported)], env)
    try:
        started = _read_until(primary, b"Alpha AI", 40)
        assert b"\x1b[?1049h" in started, started[-400:]  # on the alternate screen
        # Wait for the opened checklist to be saved or at least shown before stopping.
        time.sleep(1.0)
        process.send_signal(number)
        rest = _drain(primary, 10)
        assert process.wait(timeout=20) == 128 + number
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)
    tail = rest[-600:]
    # Back on the main screen, the cursor shown, mouse reporting off.
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail, tail
    assert b"\x1b[?1000l" in tail or b"\x1b[?1003l" in tail, tail
    saved = home / SAVED_NAME
    assert saved.exists() and load_checklist(saved).platform_id == "alpha"


async def test_enter_on_the_unsaved_dialog_does_not_quit_without_saving(app_factory) -> None:
    from cnai_pay.tui.screens.confirm import ConfirmScreen

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        answers: list[bool | None] = []
        app.push_screen(
            ConfirmScreen("Unsaved checklist", "?", "Export…", "Quit without saving", cancel=True, safe="yes"),
            answers.append,
        )
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [True]  # Enter means export, the answer that keeps the work


async def test_q_quits_on_the_too_small_screen(app_factory) -> None:
    from cnai_pay.tui.screens.too_small import TooSmallScreen

    app = app_factory()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def _sgr(seen: bytes) -> list[set[int]]:
    """The parameters of every SGR (style) sequence in what the app wrote."""
    return [{int(c) for c in re.split(rb"[;:]", params) if c} for params in re.findall(rb"\x1b\[([0-9;:]*)m", seen)]


# Foreground and background colours; 39 and 49 (the terminal's own colours) are not one.
COLOUR_SGR = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}
REVERSE = 7


def _first_screen(env: dict[str, str], wanted: bytes) -> bytes:
    process, primary = _app_in_a_terminal(["--data", str(MINI), "--no-profile"], env)
    try:
        seen = _read_until(primary, wanted, 40)
        process.send_signal(signal.SIGTERM)
        seen += _drain(primary, 5)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)
    return seen


def test_the_app_degrades_like_the_cli_on_an_ascii_dumb_terminal(tmp_path: Path) -> None:
    """PYTHONIOENCODING=ascii and TERM=dumb: ASCII marks that keep their meaning, no colour, nothing escaped."""
    env = {**os.environ, "CNAI_PAY_HOME": str(tmp_path), "TERM": "dumb", "PYTHONIOENCODING": "ascii"}
    seen = _first_screen(env, b"Y yes")
    assert b"Y yes" in seen and b"N no" in seen and b"~ cond" in seen
    assert seen.isascii() and b"\\u" not in seen
    styles = _sgr(seen)
    assert styles and not [codes for codes in styles if codes & COLOUR_SGR]
    assert any(REVERSE in codes for codes in styles)  # the grid's cursor


def test_no_color_draws_no_colour_but_keeps_the_cursor(tmp_path: Path) -> None:
    """NO_COLOR on a colour terminal: the glyphs as they are, not one colour code, the cursor reversed."""
    env = {**os.environ, "CNAI_PAY_HOME": str(tmp_path), "TERM": "xterm-256color", "NO_COLOR": "1"}
    seen = _first_screen(env, "✓ yes".encode())
    assert "✓ yes".encode() in seen and "✗ no".encode() in seen
    styles = _sgr(seen)
    assert styles and not [codes for codes in styles if codes & COLOUR_SGR]
    assert any(REVERSE in codes for codes in styles)
