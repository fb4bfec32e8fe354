"""`cnai-pay models`, `routes --model`, `prices update` and the promise that start-up never loads prices."""

from __future__ import annotations

import csv
import http.server
import io
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.prices.table import ENV_PRICE_DATA, load_price_table, saved_folder

from .conftest import FIXTURES, MINI, TODAY

DATA = ["--data", str(MINI), "--no-profile"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- cnai-pay models ------------------------------------------------------------------


def test_models_lists_the_families_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", *DATA, "--width", "100")
    assert code == 0
    assert "Nova\n  Nova One (nova-one): 4 platforms: Alpha AI, Beta Cloud, Delta Relay, Gamma Gate" in out
    assert "Orbit 2 (orbit-2): 2 platforms: Alpha AI, Gamma Gate" in out
    code, out, _ = run(capsys, "models", *DATA, "--format", "json")
    data = json.loads(out)
    assert [(m["id"], m["platforms"]) for m in data["models"]] == [
        ("nova-one", ["alpha", "beta", "delta", "gamma"]),
        ("orbit-2", ["alpha", "gamma"]),
    ]
    code, out, _ = run(capsys, "models", *DATA, "--format", "csv")
    assert list(csv.reader(io.StringIO(out)))[1] == [
        "nova-one",
        "Nova One",
        "Nova",
        "Alpha Labs",
        "4",
        "alpha;beta;delta;gamma",
    ]
    code, out, _ = run(capsys, "models", *DATA, "--format", "markdown")
    assert out.splitlines()[2].startswith("| Nova ") and "`nova-one`" in out


def test_models_model_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "models", "nova 1", *DATA, "--wallet", "visa", "--country", "DE", "--width", "100")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Nova One (Alpha Labs): 4 platforms sell it; for a wallet of Visa in DE"
    assert lines[1] == "Ranked: payable for you first, then by the price of 3M input + 1M output tokens."
    heads = [line for line in lines if line[:1].isdigit()]
    assert heads == [
        "1. Alpha AI · nova-one",
        "2. Beta Cloud · nova-one-latest",
        "3. Gamma Gate · alpha/nova-one",
        "4. Delta Relay · AlphaLabs/Nova-One-Instruct",
    ]
    assert "   price per 1M tokens (USD): 0.28 in · 0.42 out · cached input 0.028 · for 3M input + 1M output" in out
    assert "   pay: ✓ yes with Visa — see cnai-pay evidence alpha visa" in out
    assert "   · also alpha/nova-one:free: a different offering with its own limits, not this one" in out
    # Unknown stays unknown: no cached price reads "unknown", never 0.
    assert "cached input unknown" in out
    assert "stale:" in out and "older than 90 days" in out


def test_models_model_in_json_csv_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["models", "nova-one", *DATA, "--wallet", "visa", "--country", "DE"]
    code, out, _ = run(capsys, *args, "--format", "json", "--tokens", "10:2")
    data = json.loads(out)
    assert data["token_mix"] == {"input_millions": 10.0, "output_millions": 2.0}
    first = data["sellers"][0]
    assert (first["platform"], first["offering"], first["payable"]) == ("alpha", "nova-one", True)
    assert first["price"]["input"] == {"per_million": 0.28, "tiers": []}
    assert first["price"]["cached_input"]["per_million"] == 0.028
    assert first["price"]["mix_cost"] == pytest.approx(10 * 0.28 + 2 * 0.42)
    assert first["payment"]["status"] == "supported" and first["payment"]["sources"]
    gamma = next(s for s in data["sellers"] if s["platform"] == "gamma")
    assert gamma["price"]["cached_input"] is None and gamma["variants"] == ["alpha/nova-one:free"]
    code, out, _ = run(capsys, *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["platform"] for r in rows] == ["alpha", "beta", "gamma", "delta"]
    assert rows[2]["cached_input"] == "unknown" and rows[2]["status"] == "unknown"
    assert rows[1]["input"] == "0.40+" and rows[1]["price_stale"] == "true"
    code, out, _ = run(capsys, *args, "--format", "markdown")
    assert "| 1   | Alpha AI" in out and "USD per 1M tokens" in out


def test_an_unknown_model_is_a_usage_error_with_a_guess(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "models", "nova on", *DATA)
    assert code == 2 and out == ""
    assert err.startswith("cnai-pay models: unknown model 'nova on'; did you mean 'nova-one'?")
    assert "valid models: nova-one, orbit-2" in err


def test_bad_tokens_are_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "routes", *DATA, "--wallet", "visa", "--model", "nova-one", "--tokens", "ten")
    assert code == 2 and "'ten' is not IN:OUT in millions of tokens" in err and "Traceback" not in err


# -- routes --model -----------------------------------------------------------------


def test_routes_narrowed_to_a_model_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["routes", *DATA, "--wallet", "visa,paypal", "--country", "DE", "--model", "orbit-2", "--tokens", "10:2"]
    code, out, err = run(capsys, *args, "--width", "0")
    assert code == 0, err
    assert out.startswith("Routes to Orbit 2 for a wallet of PayPal, Visa in DE\n")
    heads = [line for line in out.splitlines() if line.strip()[:2] in ("1.", "2.", "3.", "4.")]
    assert heads and all("Alpha AI" in h or "Gamma Gate" in h for h in heads)
    assert "a month at 10M input + 2M output tokens" in out
    code, out, _ = run(capsys, *args, "--format", "json")
    data = json.loads(out)
    assert {r["platform"] for r in data["routes"]} <= {"alpha", "gamma"}
    alpha = next(r for r in data["routes"] if r["platform"] == "alpha")
    assert alpha["offering"] == "orbit-2" and alpha["price"]["mix_cost"] == pytest.approx(10 * 0.27 + 2 * 1.1)
    code, out, _ = run(capsys, *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["platform"] for r in rows} <= {"alpha", "gamma"} and rows[0]["mix_cost"]
    code, out, _ = run(capsys, *args, "--format", "markdown")
    assert out.startswith("Routes to Orbit 2") and "10M input + 2M output tokens" in out


# -- prices update against a local server ----------------------------------------------


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A price server on 127.0.0.1: `pages` maps a path to the bytes it answers."""
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", pages
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_prices_update_saves_good_data_and_uses_it(
    capsys: pytest.CaptureFixture[str], server: tuple[str, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, mini
) -> None:  # type: ignore[no-untyped-def]
    base, pages = server
    data = json.loads((FIXTURES / "prices" / "data.json").read_text())
    data[0]["models"][0]["prices"]["input_mtok"] = 0.11
    pages["/data.json"] = json.dumps(data).encode()
    code, out, err = run(capsys, "prices", "update", "--url", base + "/data.json")
    assert code == 0, err
    assert out.startswith(f"prices updated from {base}/data.json: 3 providers, 6 models, saved in")
    assert out.rstrip().endswith("on 2026-11-26")
    # From then on the saved copy is used (the fixture override off, as for a user).
    monkeypatch.delenv(ENV_PRICE_DATA)
    table = load_price_table(mini)
    assert (table.origin, table.as_of) == (
        "genai-prices data (updated copy)",
        TODAY,
    ) and table.url == base + "/data.json"
    code, out, _ = run(capsys, "models", "nova-one", *DATA, "--format", "json")
    assert json.loads(out)["sellers"][0]["price"]["input"]["per_million"] == 0.11


def test_prices_update_refuses_bad_data_and_keeps_the_old(
    capsys: pytest.CaptureFixture[str], server: tuple[str, dict[str, bytes]]
) -> None:
    base, pages = server
    pages["/good.json"] = (FIXTURES / "prices" / "data.json").read_bytes()
    assert run(capsys, "prices", "update", "--url", base + "/good.json")[0] == 0
    saved = (saved_folder() / "data.json").read_bytes(), (saved_folder() / "about.json").read_bytes()
    pages["/html"] = b"<html>not prices</html>"
    pages["/wrong.json"] = json.dumps([{"id": "x", "name": "X", "api_pattern": "x", "models": [{"id": 3}]}]).encode()
    pages["/empty.json"] = b"[]"
    for path, reason in (
        ("/html", "the answer is not JSON price data"),
        ("/wrong.json", "the price data is not valid"),
        ("/empty.json", "the answer lists no providers"),
        ("/missing.json", "answered HTTP 404"),
    ):
        code, out, err = run(capsys, "prices", "update", "--url", base + path)
        assert code == 1 and out == "", path
        assert err.startswith("cnai-pay prices update: ") and reason in err, err
        assert err.endswith("; the prices in use are unchanged\n") and err.count("\n") == 1
        assert ((saved_folder() / "data.json").read_bytes(), (saved_folder() / "about.json").read_bytes()) == saved


def test_prices_update_when_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, out, err = run(capsys, "prices", "update", "--url", f"http://127.0.0.1:{port}/data.json", "--timeout", "2")
    assert code == 1 and out == ""
    assert err.startswith(f"cnai-pay prices update: cannot reach http://127.0.0.1:{port}/data.json")
    assert not (saved_folder() / "data.json").exists()


# -- nothing loads prices at start ----------------------------------------------------------

PRICE_MODULES = "('genai_prices', 'httpx2')"


def _modules_after(code: str, tmp_path: Path) -> list[str]:
    script = (
        code
        + f"\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith({PRICE_MODULES}))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_grid_command_and_the_app_start_never_import_prices(tmp_path: Path) -> None:
    grid = (
        "import contextlib, io\nfrom cnai_pay.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['grid', '--data', {str(MINI)!r}, '--search', 'nova one']) == 0\n"
        f"    assert main(['models', '--data', {str(MINI)!r}]) == 0\n"
    )
    assert _modules_after(grid, tmp_path) == []
    app = (
        "import asyncio, datetime as dt\nfrom pathlib import Path\n"
        "from cnai_pay.loading import load_catalog\nfrom cnai_pay.tui.app import CnaiPayApp\n"
        "async def start():\n"
        f"    app = CnaiPayApp(load_catalog({str(MINI)!r}, use_cache=False), today=dt.date(2026, 11, 26),"
        f" state_folder=Path({str(tmp_path)!r}), export_folder=Path({str(tmp_path)!r}))\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.press('slash', *'nova one', 'enter')\n"
        "        await pilot.pause()\n"
        "asyncio.run(start())\n"
    )
    assert _modules_after(app, tmp_path) == []
    # The proof can fail: the models command with a model does load them.
    shown = (
        "import contextlib, io\nfrom cnai_pay.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['models', 'nova-one', '--data', {str(MINI)!r}]) == 0\n"
    )
    assert "genai_prices" in _modules_after(shown, tmp_path)
