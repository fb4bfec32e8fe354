"""Cases found by a fourth hostile-input review: output that cannot be written (a full disk, a
closed stdout) whatever prints it; two cnai-pays on one folder, where neither may undo what the
other saved; price data that redirects to another site; a note being typed when the terminal
closes; COLUMNS and LINES that would size the app's screen."""

from __future__ import annotations

import argparse
import errno
import http.server
import io
import os
import signal
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cnai_pay.checklist import close_exports
from cnai_pay.cli import main
from cnai_pay.prices.table import saved_folder
from cnai_pay.profile import load_profile
from cnai_pay.settings import Settings
from cnai_pay.tui import stop_signals
from cnai_pay.tui.screens.note_editor import NoteEditorScreen

from .conftest import FIXTURES, MINI
from .tui_helpers import plan_checklist

DATA = ["--data", str(MINI), "--no-profile"]


class _FullDisk(io.StringIO):
    """A standard output on a full disk (`> /dev/full`): every write fails."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--help"], ["grid", "--version"], ["grid", "--help", *DATA], ["grid", *DATA]],
)
@pytest.mark.parametrize("stdout", ["full", "closed"])
def test_output_that_cannot_be_written_is_one_line_and_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], stdout: str
) -> None:
    # --help and --version printed a traceback, or (argparse's own --version) nothing and 0.
    monkeypatch.setattr("sys.stdout", _FullDisk() if stdout == "full" else None)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert ("cannot write the output: the disk is full" if stdout == "full" else "standard output is closed") in err


def test_a_second_app_on_the_same_folder_keeps_what_the_first_saved(tmp_path: Path) -> None:
    # Each wrote its whole profile from memory: the country chosen in one app was set back to
    # none as soon as the other hid its checklist panel.
    first = Settings.load(tmp_path)
    second = Settings.load(tmp_path)
    assert first.write(*first.update(country="MY", learned=["routes"]) or (0, first.saved)) == ""
    assert second.write(*second.update(panel_open=False, learned=["plan"]) or (0, second.saved)) == ""
    third = Settings.load(tmp_path)
    assert third.write(*third.touch() or (0, third.saved)) == ""  # a skipped start changes nothing
    saved = load_profile(tmp_path).profile
    assert (saved.country, saved.panel_open, saved.learned) == ("MY", False, ["routes", "plan"])


def test_a_write_overtaken_by_a_newer_one_loses_none_of_its_changes(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    older = settings.update(country="DE")
    newer = settings.update(wallet=["visa"])
    assert older is not None and newer is not None
    assert settings.write(*newer) == ""
    assert settings.write(*older) == ""  # skipped: the newer write carried it
    saved = load_profile(tmp_path).profile
    assert (saved.country, saved.wallet) == ("DE", ["visa"])


@pytest.fixture
def redirecting() -> Iterator[str]:
    """127.0.0.1: /data.json is price data; /to/ADDRESS redirects to ADDRESS (a path or a URL)."""
    data = (FIXTURES / "prices" / "data.json").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if self.path.startswith("/to/"):
                self.send_response(302)
                self.send_header("Location", self.path[len("/to/") :])
                self.end_headers()
                return
            self.send_response(200 if self.path == "/data.json" else 404)
            self.end_headers()
            self.wfile.write(data if self.path == "/data.json" else b"")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        # Followed, and saved as coming from the address given (never contacted: refused first).
        ("/to/http://prices.invalid/data.json", "redirects to another site, http://prices.invalid/data.json"),
        ("/to///prices.invalid/data.json", "redirects to another site"),
        ("/to//to//to//to//to//to//data.json", "redirects more than 5 times"),
    ],
)
def test_prices_update_refuses_a_redirect_off_its_host(
    capsys: pytest.CaptureFixture[str], redirecting: str, path: str, reason: str
) -> None:
    assert main(["prices", "update", "--url", redirecting + path, "--timeout", "2"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and reason in err and err.count("\n") == 1, err
    assert err.endswith("; the prices in use are unchanged\n")
    assert not (saved_folder() / "data.json").exists()


def test_prices_update_follows_a_redirect_on_its_own_host(capsys: pytest.CaptureFixture[str], redirecting: str) -> None:
    assert main(["prices", "update", "--url", redirecting + "/to//data.json", "--timeout", "2"]) == 0
    assert capsys.readouterr().out.startswith(f"prices updated from {redirecting}/to//data.json: 3 providers")
    assert (saved_folder() / "data.json").exists()


async def test_a_note_being_typed_when_the_terminal_closes_is_kept(app_factory: Any, tmp_path: Path) -> None:
    # SIGHUP with the note dialog open saved the ticks but dropped the note typed in it.
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*"rang the bank")
        await pilot.pause()
        stop_signals._stop(app, signal.SIGHUP)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGHUP
    document = tomllib.loads((tmp_path / "state" / "checklist.toml").read_text(encoding="utf-8"))
    assert document["steps"][0]["note"] == "rang the bank"


def test_the_app_takes_its_size_from_the_terminal_not_columns_and_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    # COLUMNS=999999 LINES=999999 cnai-pay built a screen that size: 1.6 GB in 15 s, nothing drawn.
    import gc

    from cnai_pay import cli
    from cnai_pay.tui import app as tui_app

    seen: dict[str, str | None] = {}

    class FakeApp:
        return_code = 0

        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def run(self) -> None:
            seen.update(columns=os.environ.get("COLUMNS"), lines=os.environ.get("LINES"))

    monkeypatch.setenv("COLUMNS", "999999")
    monkeypatch.setenv("LINES", "999999")
    monkeypatch.setattr(cli, "_has_terminal", lambda: True)
    monkeypatch.setattr(tui_app, "CnaiPayApp", FakeApp)
    monkeypatch.setattr("cnai_pay.cli.output.degrade_streams", lambda: None)
    try:
        assert cli.run_app(argparse.Namespace(data=MINI, checklist=None, country=None, no_profile=True)) == 0
    finally:
        gc.enable()  # run_app leaves it to the app to turn back on
    assert seen == {"columns": None, "lines": None}


@pytest.mark.parametrize("hidden", ["\x1b[2J", "\u202e", "\u200b", "\n"])
def test_a_path_in_a_message_shows_its_hidden_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hidden: str
) -> None:
    # "wrote …/a[2Jb.toml" named a file that does not exist: the escape was removed, not shown.
    target = tmp_path / f"a{hidden}b.toml"
    assert main(["checklist", "--platform", "alpha", "--method", "visa", "-o", str(target), *DATA]) == 0
    out = capsys.readouterr().out
    assert target.is_file()
    assert f"wrote {tmp_path}/a{hidden.encode('unicode_escape').decode()}b.toml:" in out, out
    assert all(ch.isprintable() for ch in out.rstrip("\n")), repr(out)


@pytest.mark.parametrize(
    "args",
    [
        ["checklist", "--platform", "alpha", "--method", "visa", "-o", "", *DATA],
        ["grid", "--no-profile", "--data", ""],
        ["data", "check", ""],
        ["--checklist", ""],
    ],
)
def test_an_empty_path_is_refused_not_read_as_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # `-o "$UNSET"` wrote into the current folder; `--data ""` loaded it as the data.
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert "the path is empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1e309x"])
def test_a_price_that_is_not_a_finite_number_is_named_with_where_it_is(bad: object) -> None:
    import json

    from cnai_pay.prices.table import PriceDataError, parse_providers

    raw = json.loads((FIXTURES / "prices" / "data.json").read_text())
    raw[0]["models"][0]["prices"]["input_mtok"] = bad
    with pytest.raises(PriceDataError) as caught:
        parse_providers(raw)
    message = str(caught.value)
    assert message.startswith("the price data is not valid: at ") and "input_mtok" in message
    assert "validation error" not in message and "\n" not in message


async def test_a_read_only_app_closed_by_its_terminal_exports_its_unsaved_checklist(
    app_factory: Any, tmp_path: Path
) -> None:
    # The second app on a folder cannot save; `q` offers an export, SIGHUP dropped the ticks.
    first = app_factory()
    async with first.run_test(size=(120, 40)):
        second = app_factory()
        async with second.run_test(size=(120, 40)) as pilot:
            assert second.store.save_path is None
            out = tmp_path / "exports"
            out.mkdir()
            second.grid_screen().checklist_controller.export_folder = out
            (out / "cnai-pay-alpha-visa.toml").write_text("mine\n")  # a file of the user's, kept
            await plan_checklist(pilot, "alpha", "visa")
            await pilot.press("space")
            await pilot.pause()
            stop_signals._stop(second, signal.SIGHUP)
            await pilot.pause()
        assert second.return_code == 128 + signal.SIGHUP
    assert (out / "cnai-pay-alpha-visa.toml").read_text() == "mine\n"
    (rescued,) = out.glob("cnai-pay-alpha-visa-unsaved-*.toml")
    assert tomllib.loads(rescued.read_text(encoding="utf-8"))["steps"][0]["done"] is True
    # The next app to start on the folder says where the ticks went, once.
    for told in (True, False):
        third = app_factory()
        async with third.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            said = [n.message for n in third._notifications if "could not save" in n.message]
            assert said == (
                [f"A second cnai-pay was closed with ticks it could not save; they were exported to {rescued}"]
                if told
                else []
            )
    assert not (tmp_path / "state" / close_exports.NOTE_NAME).exists()


def test_the_note_of_close_exports_is_read_as_untrusted_text(tmp_path: Path) -> None:
    note = tmp_path / close_exports.NOTE_NAME
    for number in range(30):
        close_exports.remember(tmp_path, Path(f"/tmp/{number}.toml"))
    close_exports.remember(tmp_path, Path("/tmp/line\nbreak\x1b[2J\u202e.toml"))
    with note.open("a", encoding="utf-8") as damaged:
        damaged.write("not json\n[1, 2]\n")
    taken = close_exports.take(tmp_path)
    assert len(taken) == 10 and taken[0] == "/tmp/21.toml" and taken[-2] == "/tmp/29.toml"  # the newest ten
    assert taken[-1] == "/tmp/line break[2J.toml"  # one path, with what would move the terminal removed
    assert not note.exists() and close_exports.take(tmp_path) == []
    note.mkdir()  # not a file: nothing said, nothing raised, nothing written
    close_exports.remember(tmp_path, Path("/tmp/x.toml"))
    assert close_exports.take(tmp_path) == [] and note.is_dir()


def test_a_link_planted_as_the_note_is_neither_written_through_nor_read(tmp_path: Path) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text('"/a secret line"\n', encoding="utf-8")
    (tmp_path / close_exports.NOTE_NAME).symlink_to(mine)
    close_exports.remember(tmp_path, Path("/tmp/x.toml"))
    assert mine.read_text(encoding="utf-8") == '"/a secret line"\n'
    assert close_exports.take(tmp_path) == [] and (tmp_path / close_exports.NOTE_NAME).is_symlink()


def test_a_path_noted_while_the_note_is_taken_is_kept_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    close_exports.remember(tmp_path, Path("/tmp/first.toml"))
    real_read = close_exports.fileio.read_text

    def read_while_another_app_closes(path: Path, limit: int) -> str:
        close_exports.remember(tmp_path, Path("/tmp/second.toml"))  # a second app closing meanwhile
        return real_read(path, limit)

    monkeypatch.setattr(close_exports.fileio, "read_text", read_while_another_app_closes)
    assert close_exports.take(tmp_path) == ["/tmp/first.toml"]
    monkeypatch.undo()
    assert close_exports.take(tmp_path) == ["/tmp/second.toml"]


@pytest.mark.parametrize("url", ["", "  "])
def test_an_empty_address_is_refused_not_read_as_the_default_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    # `--url "$UNSET"` fetched from genai-prices' own address on the internet.
    import cnai_pay.prices.update as update

    monkeypatch.setattr(update, "_fetch", lambda *args: pytest.fail("fetched"))
    assert main(["prices", "update", "--url", url]) == 2
    assert "the address is empty" in capsys.readouterr().err
