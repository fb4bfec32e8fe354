"""Cases found by a second hostile-input review: saved price data that is planted or damaged, price
servers that answer slowly, deeply nested or out of bounds, a lock file that is not a file, and
help on an ASCII terminal."""

from __future__ import annotations

import errno
import http.server
import io
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cnai_pay import fileio
from cnai_pay.checklist.files import export_checklist
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.checklist.store import LOCK_NAME, ChecklistStore
from cnai_pay.cli import main
from cnai_pay.errors import ExportError
from cnai_pay.prices import update
from cnai_pay.prices.plain import PlainProvider
from cnai_pay.prices.quote import money
from cnai_pay.prices.table import ENV_PRICE_DATA, PriceDataError, load_folder, load_price_table, saved_folder

from .conftest import FIXTURES, MINI

DATA = ["--data", str(MINI), "--no-profile"]
ESCAPES = "\x1b[31m\u202e\u200b"


def fixture_prices() -> list[Any]:
    data: list[Any] = json.loads((FIXTURES / "prices" / "data.json").read_text())
    return data


def saved_copy(folder: Path, data: object, about: object | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.json").write_text(json.dumps(data))
    (folder / "about.json").write_text(json.dumps(about or {"fetched_on": "2026-11-01", "url": "u"}))
    return folder


@pytest.mark.parametrize("name", ["about.json", "data.json"])
def test_a_pipe_planted_in_the_saved_prices_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Any, name: str
) -> None:
    folder = saved_copy(tmp_path / "prices", fixture_prices())
    (folder / name).unlink()
    os.mkfifo(folder / name)
    # Opening a FIFO with no writer used to block for ever.
    with pytest.raises(PriceDataError, match="not a regular file"):
        load_folder(folder)
    # The saved copy the commands use: a damaged one falls back to the package's own data.
    monkeypatch.delenv(ENV_PRICE_DATA)
    saved_copy(saved_folder(), fixture_prices())
    (saved_folder() / name).unlink()
    os.mkfifo(saved_folder() / name)
    assert load_price_table(mini).origin.startswith("genai-prices ") and "updated" not in load_price_table(mini).origin


def test_saved_prices_nested_too_deeply_are_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "prices"
    saved_copy(folder, [])
    (folder / "data.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(PriceDataError, match="nested too deeply"):
        load_folder(folder)
    (folder / "about.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(PriceDataError, match="nested too deeply"):
        load_folder(folder)


@pytest.mark.parametrize("price", [-5, 1e308, 2_000_000])
def test_a_price_out_of_bounds_is_refused_like_one_in_prices_toml(tmp_path: Path, price: float) -> None:
    data = fixture_prices()
    data[0]["models"][0]["prices"]["input_mtok"] = price
    with pytest.raises(PriceDataError, match="not valid: a price of"):
        load_folder(saved_copy(tmp_path / "prices", data))


def test_a_negative_zero_price_reads_zero_and_addresses_are_cleaned(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = fixture_prices()
    data[0]["models"][0]["prices"]["output_mtok"] = -0.0
    data[0]["pricing_urls"] = [f"https://alpha.example/{ESCAPES}[bold]x[/]"]
    table = load_folder(saved_copy(tmp_path / "prices", data))
    alpha: PlainProvider = table.providers[data[0]["id"]]
    assert alpha.pricing_urls == ("https://alpha.example/[31m[bold]x[/]",)
    rate = alpha.models[0].conditions[0].prices.output
    assert rate is not None and str(rate.base) == "0.0"
    assert money(-0.0) == "0.00"
    # Printed in every format without the escape, the override or the zero-width space.
    monkeypatch.setenv(ENV_PRICE_DATA, str(tmp_path / "prices"))
    for fmt in ("table", "json", "csv", "markdown"):
        assert main(["models", "nova-one", *DATA, "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert not any(ch in out for ch in "\x1b\u202e\u200b"), fmt
        assert "-0.00" not in out, fmt


# -- prices update against a local server that misbehaves ------------------------------------


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, bytes]]]:
    """127.0.0.1: `pages` maps a path to its bytes; /slow sends one byte every 0.1 s."""
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            self.send_response(200 if self.path in pages or self.path == "/slow" else 404)
            self.end_headers()
            if self.path == "/slow":
                try:
                    for _ in range(100):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.1)
                except OSError:
                    pass
                return
            self.wfile.write(pages.get(self.path, b""))

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", pages
    finally:
        httpd.shutdown()
        httpd.server_close()


def update_fails(capsys: Any, url: str, reason: str, *extra: str) -> str:
    started = time.monotonic()
    code = main(["prices", "update", "--url", url, *extra])
    out, err = capsys.readouterr()
    assert code == 1 and out == "", err
    assert err.startswith("cnai-pay prices update: ") and reason in err, err
    assert err.endswith("; the prices in use are unchanged\n") and err.count("\n") == 1
    assert time.monotonic() - started < 5
    assert not (saved_folder() / "data.json").exists()
    return str(err)


def test_prices_update_refuses_a_trickle_deep_nesting_and_prices_out_of_bounds(
    capsys: Any, server: tuple[str, dict[str, bytes]]
) -> None:
    base, pages = server
    # One byte every 0.1 s never trips a read timeout: the whole download has a deadline.
    update_fails(capsys, base + "/slow", "took longer than 2 seconds", "--timeout", "0.5")
    pages["/deep.json"] = b"[" * 100_000 + b"]" * 100_000
    update_fails(capsys, base + "/deep.json", "not JSON price data")
    data = fixture_prices()
    data[0]["models"][0]["prices"]["input_mtok"] = -1
    pages["/negative.json"] = json.dumps(data).encode()
    update_fails(capsys, base + "/negative.json", "not valid: a price of -1.0")


def test_prices_update_on_a_full_disk_leaves_no_temp_file(
    capsys: Any, server: tuple[str, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, pages = server
    pages["/good.json"] = (FIXTURES / "prices" / "data.json").read_bytes()
    real_fsync = os.fsync

    def full(handle: int) -> None:
        if not os.path.isdir(f"/proc/self/fd/{handle}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(update.os, "fsync", full)
    update_fails(capsys, base + "/good.json", "the disk is full")
    assert list(saved_folder().iterdir()) == []


# -- the checklist lock -----------------------------------------------------------------------


def test_a_pipe_planted_as_the_lock_makes_the_app_read_only_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / LOCK_NAME)
    # The first instance took the lock on the FIFO and wrote no pid; the second then waited for
    # ever reading the holder's pid from it (and neither SIGTERM nor SIGHUP could end it).
    for _ in range(2):
        store = ChecklistStore(tmp_path)
        assert "not a regular file" in store.acquire()
        assert store.save_path is None
        store.release()


def test_a_link_planted_as_the_lock_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / LOCK_NAME).symlink_to(victim)
    store = ChecklistStore(tmp_path / "state")
    # The pid used to be written over the link's target.
    assert "it is a link" in store.acquire() and store.save_path is None
    assert victim.read_text() == "keep me"


# -- an output that cannot show the glyphs ---------------------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["routes", "--help"], ["grid", "--help"], ["prices", "update", "--help"]])
def test_help_on_an_ascii_terminal_uses_the_stand_ins(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", out)
    # The help wrote its × and … straight to stdout: a UnicodeEncodeError and a traceback.
    try:
        code = main([*args, *DATA])
    except SystemExit as exc:
        code = exc.code
    assert code == 0
    out.flush()
    text = out.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert text.startswith("usage: cnai-pay")


def test_checklist_output_ending_in_a_slash_names_a_folder(tmp_path: Path, capsys: Any) -> None:
    args = ["checklist", *DATA, "--platform", "alpha", "--method", "visa", "-o"]
    # The option was read as a Path, which drops the '/': `-o new/` wrote a file named "new".
    assert main([*args, str(tmp_path / "new") + "/"]) == 1
    assert "the folder" in capsys.readouterr().err and not (tmp_path / "new").exists()
    (tmp_path / "new").mkdir()
    assert main([*args, str(tmp_path / "new") + "/"]) == 0
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["cnai-pay-alpha-visa.toml"]


@pytest.mark.parametrize(
    "args",
    [
        ["models", "{long}"],
        ["evidence", "alpha", "{long}"],
        ["sources", "{long}"],
        ["grid", "--wallet", "{long}"],
        ["checklist", "-o", "-", "--method", "visa", "--platform", "{long}"],
        ["routes", "--wallet", "visa", "--tokens", "{long}:1"],
        ["grid", "--width", "{long}"],
        ["grid", "--country", "{long}"],
    ],
)
def test_a_long_value_is_quoted_back_cut_short(capsys: Any, args: list[str]) -> None:
    long = "m" * 100_000
    # Every one of these echoed the whole 100,000 characters back.
    assert main([*(a.replace("{long}", long) for a in args), *DATA]) == 2
    err = capsys.readouterr().err
    assert "m" * 59 + "…'" in err and len(err) < 2_000, len(err)


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/" + "a" * 70_000, "http://127.0.0.1:1/\x1b[31mx", "http://[::1"])
def test_prices_update_refuses_an_address_that_cannot_be_fetched_in_one_line(capsys: Any, url: str) -> None:
    # httpx's InvalidURL is no HTTPError: it reached the catch-all "unexpected error".
    assert len(update_fails(capsys, url, "is not an address that can be fetched")) < 1_000


def test_prices_load_with_a_home_named_past_the_limit(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, mini: Any
) -> None:
    monkeypatch.setenv("CNAI_PAY_HOME", str(tmp_path / ("l" * 300)))
    # Path.exists raised ENAMETOOLONG when the cache was looked at: `models` failed with a raw errno.
    assert main(["models", "nova-one", *DATA]) == 0
    assert "nova-one" in capsys.readouterr().out
    monkeypatch.delenv(ENV_PRICE_DATA)
    assert load_price_table(mini).origin.startswith("genai-prices ")


def test_writing_below_a_file_says_so_in_plain_words(tmp_path: Path, capsys: Any, mini: Any) -> None:
    (tmp_path / "afile").write_text("x")
    checklist = build_checklist(mini, "alpha", "visa")
    # Was the system's "Not a directory".
    with pytest.raises(ExportError, match="part of its path is a file, not a folder"):
        export_checklist(checklist, mini, tmp_path / "afile" / "x.toml")
    message = fileio.explain_write_error(tmp_path / "afile" / "x", NotADirectoryError(errno.ENOTDIR, "Not a directory"))
    assert message.endswith("part of its path is a file, not a folder")


def test_prices_update_names_the_file_it_cannot_write(capsys: Any, server: tuple[str, dict[str, bytes]]) -> None:
    base, pages = server
    pages["/good.json"] = (FIXTURES / "prices" / "data.json").read_bytes()
    (saved_folder() / "data.json").mkdir(parents=True)
    assert main(["prices", "update", "--url", base + "/good.json"]) == 1
    # Was "cannot write …/prices: it is a folder", naming the folder that holds it.
    err = capsys.readouterr().err
    assert "prices/data.json: it is a folder; the prices in use are unchanged" in err and err.count("\n") == 1


def test_a_token_mix_beginning_with_a_dash_gets_its_own_check_not_a_missing_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cnai_pay.cli import main
    from cnai_pay.cli.parser import attach_dash_values

    assert attach_dash_values(["routes", "--tokens", "-1:2", "--", "--tokens", "-x"]) == [
        "routes", "--tokens=-1:2", "--", "--tokens", "-x",
    ]  # fmt: skip
    assert attach_dash_values(["routes", "--tokens"]) == ["routes", "--tokens"]
    for spelled in (["--tokens", "-1:2"], ["--tokens=-1:2"]):
        assert main(["routes", "--data", str(MINI), "--no-profile", "--wallet", "visa", *spelled]) == 2
        error = capsys.readouterr().err
        assert "between 0 and 1000000" in error and "expected one argument" not in error
