"""The command line on the mini fixture: formats, filters, countries, evidence, checklists, pipes and imports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cnai_pay import __version__
from cnai_pay.checklist.files import export_checklist, load_checklist
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.cli import main
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.filters import GridFilter, filter_platforms
from cnai_pay.domain.model import PlatformKind
from cnai_pay.domain.vocabulary import ASCII_GLYPHS, WORDS
from cnai_pay.text import display_width

from .conftest import MINI

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DATA = ["--data", str(MINI)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def grid_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(capsys, "grid", *DATA, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def table_rows(out: str) -> dict[str, list[str]]:
    """The table's rows by platform name: its cells split on runs of two spaces."""
    rows = {}
    for line in out.splitlines()[2:]:
        if not line.strip():
            break
        name, _kind, *cells = re.split(r"\s{2,}", line.strip())
        rows[name] = cells
    return rows


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    env.update(extra)
    return env


# -- formats, parsed back -----------------------------------------------------------------


def test_json_matches_the_catalogue(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    data = grid_json(capsys)
    assert data["dataset"] == {"as_of": "2026-06-01", "schema_version": 1, "title": "Mini test catalogue"}
    assert data["filter"] == {"text": "", "accepts": [], "wallet": [], "kind": None, "refundable": False}
    assert data["country"] is None
    assert [m["id"] for m in data["methods"]] == ["visa", "amex", "paypal", "virtual_card"]
    assert [p["id"] for p in data["platforms"]] == ["alpha", "beta", "gamma", "delta"]
    assert (data["shown"], data["total"]) == (4, 4)
    for row in data["platforms"]:
        assert row["kind"] == mini.platform_by_id[row["id"]].kind.value
        assert row["refund_possible"] == mini.refund_possible(row["id"])
        for method_id, value in row["cells"].items():
            cell = mini.cell(row["id"], method_id)
            assert value["status"] == cell.status.value and value["disputed"] == cell.disputed
            assert value["sources"] == cell.source_ids
    assert data["platforms"][1]["cells"]["amex"] == {
        "basis": "stated",
        "disputed": True,
        "resolved_for_country": False,
        "sources": ["beta_docs", "guide"],
        "status": "conditional",
    }


def test_json_carries_the_basis_of_the_deciding_claim(capsys: pytest.CaptureFixture[str]) -> None:
    rows = {row["id"]: row["cells"] for row in grid_json(capsys)["platforms"]}
    assert rows["alpha"]["visa"]["basis"] == "stated"
    assert rows["delta"]["visa"]["basis"] == "inferred"
    assert rows["alpha"]["amex"]["basis"] is None  # nobody says anything


def test_json_is_stable_and_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "grid", *DATA, "--format", "json", "--wallet", "paypal")[1]
    second = run(capsys, "grid", *DATA, "--format", "json", "--wallet", "paypal")[1]
    assert first == second
    assert first == json.dumps(json.loads(first), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert "✓" not in first
    data = json.loads(first)
    assert data["filter"]["wallet"] == ["paypal"]
    assert [row["matches"] for row in data["platforms"]] == [["paypal"], ["paypal"], ["paypal"]]


def test_csv_matches_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["platform", "kind", "visa", "amex", "paypal", "virtual_card"],
        ["alpha", "direct", "supported", "unknown", "supported", "unknown"],
        ["beta", "direct", "supported", "conditional!", "unknown", "not_supported"],
        ["gamma", "gateway", "unknown", "supported", "conditional", "unknown"],
        ["delta", "gateway", "not_supported*", "unknown", "supported", "unknown"],
    ]


def test_markdown_is_a_pipe_table_of_the_catalogue(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--format", "markdown")
    assert code == 0
    table = [line for line in out.splitlines() if line.startswith("|")]
    split = [[c.strip() for c in line.strip("|").split("|")] for line in table]
    assert len({len(row) for row in split}) == 1
    assert split[0] == ["Platform", "Kind", *(m.name for m in mini.methods)]
    assert all(re.fullmatch(r"-{3,}", c) for c in split[1])
    assert [row[0] for row in split[2:]] == [p.name for p in mini.platforms]
    for platform, row in zip(mini.platforms, split[2:]):
        assert row[1] == platform.kind.value
        assert row[2:] == [mini.cell(platform.id, m.id).text for m in mini.methods]
    assert "4 of 4 platforms · data as of 2026-06-01" in out


def test_table_wide_enough_shows_every_cell(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--width", "0")
    assert code == 0
    assert "\x1b" not in out  # not a terminal: plain text
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip()) == ["Platform", "Kind", *(m.name for m in mini.methods)]
    assert set(lines[1]) == {"─"}
    assert table_rows(out) == {
        "Alpha AI": ["✓ yes", "? unkn", "✓ yes", "? unkn"],
        "Beta Cloud": ["✓ yes", "◐ cond!", "? unkn", "✗ no"],
        "Gamma Gate": ["? unkn", "✓ yes", "◐ cond", "? unkn"],
        "Delta Relay": ["✗ no*", "? unkn", "✓ yes", "? unkn"],
    }
    assert "✓ yes = supported" in out and "! = sources disagree" in out and "* = not stated" in out
    assert "4 of 4 platforms · data as of 2026-06-01" in out
    assert "cnai-pay evidence PLATFORM METHOD" in out


def test_table_uses_short_names_when_full_ones_do_not_fit(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--width", "60")
    assert code == 0
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip()) == ["Platform", "Kind", *(m.short for m in mini.methods)]
    assert max(display_width(line) for line in lines) <= 60


def test_narrow_terminal_gets_a_vertical_layout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mini: Catalog
) -> None:
    monkeypatch.setenv("COLUMNS", "22")
    code, out, _ = run(capsys, "grid", *DATA)
    assert code == 0
    lines = out.splitlines()
    assert max(display_width(line) for line in lines) <= 22
    for platform in mini.platforms:
        start = lines.index(f"{platform.name} · {platform.kind.value}")
        block = lines[start + 1 : start + 1 + len(mini.methods)]
        for method, line in zip(mini.methods, block):
            label, text = line.strip().split(":", 1)
            assert label in (method.name, method.short)
            assert text.strip() == mini.cell(platform.id, method.id).text


@pytest.mark.parametrize("width", [1, 12, 25, 33, 57, 80, 101])
def test_no_line_is_ever_wider_than_asked(capsys: pytest.CaptureFixture[str], width: int) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--width", str(width), "--wallet", "visa,paypal", "--country", "DE")
    assert code == 0
    assert max(display_width(line) for line in out.splitlines()) <= width


def test_colour_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b[" not in run(capsys, "grid", *DATA)[1]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    coloured = run(capsys, "grid", *DATA, "--width", "0")[1]
    assert "\x1b[" in coloured
    # Colour never changes the text or the layout.
    assert ANSI.sub("", coloured) == run(capsys, "grid", *DATA, "--width", "0", "--color", "never")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "grid", *DATA)[1]
    assert "\x1b[" not in run(capsys, "evidence", *DATA, "beta", "amex")[1]
    assert "\x1b[" in run(capsys, "grid", *DATA, "--color", "always")[1]


def test_no_match_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--search", "no such platform")
    assert code == 0
    assert "No platform matches" in out and "0 of 4 platforms" in out and 'text "no such platform"' in out
    data = grid_json(capsys, "--search", "no such platform")
    assert data["platforms"] == [] and data["shown"] == 0


# -- filters: the app's own function ---------------------------------------------------------

COMBINATIONS = [
    (["--search", "gate"], GridFilter(text="gate")),
    (["--search", "gateway relay"], GridFilter(text="gateway relay")),
    (["--accepts", "amex"], GridFilter(accepts=frozenset({"amex"}))),
    (["--accepts", "American Express", "--accepts", "Visa"], GridFilter(accepts=frozenset({"amex", "visa"}))),
    (["--wallet", "paypal"], GridFilter(wallet=frozenset({"paypal"}))),
    (
        ["--wallet", "amex,Virt", "--country", "MY"],
        GridFilter(wallet=frozenset({"amex", "virtual_card"}), country="MY"),
    ),
    (["--kind", "gateway"], GridFilter(kind=PlatformKind.GATEWAY)),
    (["--refundable"], GridFilter(refundable=True)),
    (
        ["--kind", "direct", "--wallet", "paypal", "--refundable"],
        GridFilter(kind=PlatformKind.DIRECT, wallet=frozenset({"paypal"}), refundable=True),
    ),
]


@pytest.mark.parametrize(("args", "expected"), COMBINATIONS)
def test_filters_agree_with_the_app(
    capsys: pytest.CaptureFixture[str], mini: Catalog, args: list[str], expected: GridFilter
) -> None:
    want = [p.id for p in filter_platforms(mini, expected)]
    data = grid_json(capsys, *args)
    assert [row["id"] for row in data["platforms"]] == want
    code, out, _ = run(capsys, "grid", *DATA, "--format", "csv", *args)
    assert code == 0 and [r[0] for r in list(csv.reader(io.StringIO(out)))[1:]] == want
    for fmt in ("markdown", "table"):
        code, out, _ = run(capsys, "grid", *DATA, "--format", fmt, "--width", "0", *args)
        assert code == 0 and f"{len(want)} of 4 platforms" in out


def test_the_filter_combinations_are_not_trivial(mini: Catalog) -> None:
    counts = {len(filter_platforms(mini, flt)) for _, flt in COMBINATIONS}
    assert 0 < min(counts) and max(counts) < len(mini.platforms) and len(counts) > 2


# -- the country --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "text", "status", "csv_value"),
    [("MY", "✗ no@", "not_supported", "not_supported@"), ("DE", "✓ yes!@", "supported", "supported!@")],
)
def test_country_resolves_a_region_scoped_cell_in_the_grid(
    capsys: pytest.CaptureFixture[str], country: str, text: str, status: str, csv_value: str
) -> None:
    code, out, _ = run(capsys, "grid", *DATA, "--width", "0", "--country", country.lower())
    assert code == 0
    assert table_rows(out)["Beta Cloud"][1] == text
    assert table_rows(out)["Alpha AI"][0] == "✓ yes"  # no scoped claim: no mark
    assert f"cells resolved for {country}" in out
    data = grid_json(capsys, "--country", country)
    assert data["country"] == country
    amex = data["platforms"][1]["cells"]["amex"]
    assert (amex["status"], amex["resolved_for_country"]) == (status, True)
    assert data["platforms"][0]["cells"]["visa"]["resolved_for_country"] is False
    code, out, _ = run(capsys, "grid", *DATA, "--format", "csv", "--country", country)
    assert list(csv.reader(io.StringIO(out)))[2][3] == csv_value


def test_without_a_country_the_scoped_cell_is_conditional(capsys: pytest.CaptureFixture[str]) -> None:
    amex = grid_json(capsys)["platforms"][1]["cells"]["amex"]
    assert (amex["status"], amex["resolved_for_country"]) == ("conditional", False)


def test_country_in_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", *DATA, "beta", "amex", "--country", "MY", "--width", "0")
    assert code == 0
    assert out.splitlines()[2] == "✗ not supported · @ resolved for your country (MY)"
    assert "applies all but MY; elsewhere not supported (you: MY, outside)" in out
    code, out, _ = run(capsys, "evidence", *DATA, "beta", "amex", "--country", "DE", "--width", "0")
    assert out.splitlines()[2].startswith("✓ supported · ! disputed")
    assert "(you: DE, inside)" in out


def test_country_in_the_checklist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "my.toml"
    code, _, err = run(
        capsys, "checklist", *DATA, "--platform", "beta", "--method", "amex", "--country", "MY", "-o", str(target)
    )
    assert code == 0
    document = tomllib.loads(target.read_text(encoding="utf-8"))
    assert document["country"] == "MY"
    assert document["steps"][0]["id"] == "not_supported"
    assert "note: the data says not supported for Beta Cloud × American Express" in err


def test_an_unknown_country_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "grid", *DATA, "--country", "Germany")
    assert code == 2 and out == ""
    assert "'Germany' is not an ISO 3166 two-letter country code" in err and "Traceback" not in err


# -- evidence --------------------------------------------------------------------------------


def test_evidence_lists_every_claim_most_authoritative_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", *DATA, "beta", "amex", "--width", "0")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Beta Cloud × American Express"
    assert lines[1] == "Another direct platform. Run by Beta Group · beta.example · direct"
    assert lines[2] == (
        "◐ conditional · ! disputed: the sources disagree · depends on your country: set one to resolve it"
    )
    assert (
        "The sources disagree: Beta payment methods (official) says conditional; "
        "A third-party guide (guide) says not supported."
    ) in out
    official, guide = out.index("Beta payment methods — Beta Group"), out.index("A third-party guide — Guide Site")
    assert official < guide
    assert "official · page dated 2026-05-30 · read 2026-06-01" in out
    assert "https://beta.example/help/payment" in out and "https://guide.example/payments" in out
    assert out.count("from the guide's prose") == 1
    assert "Rule: Official pages outrank" in out


def test_evidence_accepts_names_and_shows_undated_pages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", *DATA, "Alpha AI", "PayPal", "--width", "0")
    assert code == 0
    assert out.splitlines()[2] == "✓ supported"
    assert "official · page undated · read 2026-06-01" in out


def test_evidence_names_the_list_of_an_inferred_claim(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", *DATA, "delta", "visa", "--width", "0")
    assert code == 0
    assert "* the deciding claim is not stated by its source (inferred from a list)" in out.splitlines()[2]
    assert "inferred from a list · the list: the two methods on Delta's checkout page: PayPal and crypto" in out


def test_evidence_for_a_cell_nobody_mentions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", *DATA, "gamma", "visa")
    assert code == 0
    assert out.splitlines()[2] == "? unknown" and "No source in the data says anything" in out


@pytest.mark.parametrize("width", [24, 40, 80])
def test_evidence_fits_the_width_but_keeps_urls_whole(capsys: pytest.CaptureFixture[str], width: int) -> None:
    code, out, _ = run(capsys, "evidence", *DATA, "beta", "amex", "--width", str(width))
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    assert "https://beta.example/help/payment" in lines and "https://guide.example/payments" in lines
    assert all(display_width(line) <= width or line.strip().startswith("http") for line in out.splitlines())


# -- data check, bad data -----------------------------------------------------------------------


def test_data_check_takes_the_data_option_before_or_after(capsys: pytest.CaptureFixture[str]) -> None:
    # The shipped data's own check is in test_shipped_data.py, on the day that data was last read.
    for args in (["--data", str(MINI), "data", "check"], ["data", "check", "--data", str(MINI)]):
        code, out, _ = run(capsys, *args)
        assert code == 0 and out.startswith(f"OK: {MINI}: 4 platforms, 4 methods, 4 sources, 10 claims")


def test_other_commands_on_bad_data_exit_2_without_traceback(
    capsys: pytest.CaptureFixture[str], mini_copy: Path
) -> None:
    claims = mini_copy / "claims.toml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace('status = "not_supported"', 'status = "maybe"', 1), encoding="utf-8"
    )
    (mini_copy / "fees.toml").unlink()
    checklist = ["checklist", "--platform", "beta", "--method", "visa", "-o", "-"]
    for args in (["grid"], ["evidence", "beta", "amex"], checklist):
        code, out, err = run(capsys, "--data", str(mini_copy), *args)
        assert code == 2 and out == ""
        assert "claims.toml, claim #4 (beta × amex), field 'status'" in err
        assert "fees.toml: the file is missing" in err and "Traceback" not in err


# -- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "wrong", "guess", "valid"),
    [
        (["evidence", "alpah", "visa"], "platform 'alpah'", "alpha", "alpha, beta, gamma, delta"),
        (["evidence", "beta", "paypall"], "method 'paypall'", "paypal", "visa, amex, paypal, virtual_card"),
        (["grid", "--accepts", "amx"], "method 'amx'", "amex", "visa, amex, paypal, virtual_card"),
        (["grid", "--wallet", "visa,paypl"], "method 'paypl'", "paypal", "visa, amex, paypal, virtual_card"),
        (["evidence", "Gama Gate", "visa"], "platform 'Gama Gate'", "gamma", "alpha, beta, gamma, delta"),
    ],
)
def test_unknown_ids_suggest_the_closest(
    capsys: pytest.CaptureFixture[str], args: list[str], wrong: str, guess: str, valid: str
) -> None:
    code, out, err = run(capsys, *DATA, *args)
    assert code == 2 and out == ""
    assert f"unknown {wrong}; did you mean {guess!r}?" in err
    assert f": {valid}" in err and "Traceback" not in err


def test_unknown_id_without_any_close_match(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *DATA, "evidence", "zzzzzz", "visa")
    assert code == 2 and "unknown platform 'zzzzzz'." in err and "did you mean" not in err
    assert "valid platforms: alpha, beta, gamma, delta" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["grid", "--format", "xml"], "invalid choice: 'xml'"),
        (["grid", "--kind", "reseller"], "invalid choice: 'reseller'"),
        (["grid", "--width", "-3"], "cannot be negative"),
        (["checklist", "--platform", "alpha", "--method", "visa"], "--output"),
        (["checklist", "--platform", "alpha", "--method", "visa", "--amount", "-5", "-o", "x.toml"], "above 0"),
        (["checklist", "--platform", "alpha", "--method", "visa", "--amount", "1e307", "-o", "x.toml"], "at most"),
        (
            ["checklist", "--platform", "alpha", "--method", "visa", "--amount", "abc", "-o", "x.toml"],
            "'abc' is not a number",
        ),
        (
            ["checklist", "--platform", "alpha", "--method", "visa", "--fee-percent", "150", "-o", "x.toml"],
            "from 0 to 100",
        ),
        (["data"], "ACTION"),
        (["evidence", "beta"], "METHOD"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert words in err and "usage:" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["grid", "--version"],
        ["evidence", "--version"],
        ["data", "check", "--version"],
        ["checklist", "--version"],
        ["data", "--version"],
    ],
)
def test_version_everywhere(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.strip() == f"cnai-pay {__version__}"


@pytest.mark.parametrize(
    "args", [["--help"], ["grid", "--help"], ["evidence", "-h"], ["data", "check", "--help"], ["checklist", "--help"]]
)
def test_help_everywhere(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.startswith("usage: cnai-pay") and "--data DIR" in out and "--country XX" in out


def test_grid_help_documents_the_marks(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "grid", "--help")[1]
    assert "! sources disagree" in out and "@ resolved for your country" in out and "basis" in out


# -- checklist ---------------------------------------------------------------------------------


def without_times(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in ("created", "updated")}


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (
            ["--platform", "alpha", "--method", "visa", "--amount", "10", "--fee-percent", "2.5"],
            {"platform_id": "alpha", "method_id": "visa", "amount": 10.0, "fee_percent": 2.5},
        ),
        (["--platform", "Gamma Gate", "--method", "PayPal"], {"platform_id": "gamma", "method_id": "paypal"}),
        (
            ["--platform", "beta", "--method", "virtual_card", "--provider", "CardCo"],
            {"platform_id": "beta", "method_id": "virtual_card", "provider_id": "cardco"},
        ),
    ],
)
def test_checklist_equals_the_apps_export(
    capsys: pytest.CaptureFixture[str], mini: Catalog, tmp_path: Path, args: list[str], kwargs: dict
) -> None:
    target = tmp_path / "cli.toml"
    code, out, err = run(capsys, "checklist", *DATA, *args, "--output", str(target))
    assert code == 0, err
    assert out.startswith(f"wrote {target}: ") and "Traceback" not in err
    app_file = export_checklist(build_checklist(mini, **kwargs), mini, tmp_path / "app.toml")
    cli_doc = tomllib.loads(target.read_text(encoding="utf-8"))
    assert without_times(cli_doc) == without_times(tomllib.loads(app_file.read_text(encoding="utf-8")))
    assert load_checklist(target).platform_id == kwargs["platform_id"]


def test_amount_with_a_thousands_separator(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "big.toml"
    code, out, _ = run(
        capsys,
        "checklist",
        *DATA,
        "--platform",
        "alpha",
        "--method",
        "visa",
        "--amount",
        "1,000.00",
        "--fee-percent",
        "2,5",
        "-o",
        str(target),
    )
    assert code == 0
    budget = tomllib.loads(target.read_text(encoding="utf-8"))["budget"]
    assert (budget["amount"], budget["fee_percent"], budget["total"]) == (1000.0, 2.5, 1025.0)
    assert "budget 1000 USD + 2.5% = 1025 USD" in out


def test_checklist_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "checklist", *DATA, "--platform", "alpha", "--method", "visa", "--output", "-")
    assert code == 0 and err == ""
    document = tomllib.loads(out)
    assert document["platform"]["id"] == "alpha" and [s["id"] for s in document["steps"]] == [
        "notify_bank",
        "topup",
        "budget",
    ]


def test_not_supported_note_is_the_same_for_a_file_and_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base = ["checklist", *DATA, "--platform", "beta", "--method", "virtual_card"]
    code, out, to_stdout = run(capsys, *base, "-o", "-")
    assert code == 0 and tomllib.loads(out)["steps"][0]["id"] == "not_supported"
    code, _, to_file = run(capsys, *base, "-o", str(tmp_path / "c.toml"))
    assert code == 0
    note = (
        "cnai-pay checklist: note: the data says not supported for Beta Cloud × Virtual card; "
        "see `cnai-pay evidence beta virtual_card`\n"
    )
    assert to_stdout == to_file == note


def test_output_to_a_folder_uses_the_default_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "checklist", *DATA, "--platform", "beta", "--method", "visa", "--output", f"{tmp_path}/")
    assert code == 0
    written = tmp_path / "cnai-pay-beta-visa.toml"
    assert out.startswith(f"wrote {written}: Beta Cloud × Visa, ")
    assert [p.name for p in tmp_path.iterdir()] == [written.name]
    assert load_checklist(written).method_id == "visa"


def test_checklist_never_overwrites_without_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("my own notes\n", encoding="utf-8")
    base = ["checklist", *DATA, "--platform", "alpha", "--method", "visa", "--output", str(target)]
    code, out, err = run(capsys, *base)
    assert code == 2 and out == ""
    assert f"{target} already exists; add --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    code, out, _ = run(capsys, *base, "--force")
    assert code == 0 and load_checklist(target).platform_id == "alpha"


def test_checklist_unwritable_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = ["checklist", *DATA, "--platform", "alpha", "--method", "visa", "--output"]
    code, out, err = run(capsys, *base, str(tmp_path / "missing" / "x.toml"))
    assert code == 1 and out == "" and "does not exist" in err and "Traceback" not in err
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    code, out, err = run(capsys, *base, str(fifo), "--force")
    assert code == 1 and out == "" and "not a regular file" in err
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.toml"]


def test_checklist_provider_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "x.toml"
    code, _, err = run(capsys, "checklist", *DATA, "--platform", "alphaa", "--method", "visa", "-o", str(out_file))
    assert code == 2 and "did you mean 'alpha'?" in err
    code, _, err = run(
        capsys,
        "checklist",
        *DATA,
        "--platform",
        "alpha",
        "--method",
        "visa",
        "--provider",
        "cardco",
        "-o",
        str(out_file),
    )
    assert code == 2 and "--provider does not apply to Visa" in err
    code, _, err = run(
        capsys,
        "checklist",
        *DATA,
        "--platform",
        "beta",
        "--method",
        "virtual_card",
        "--provider",
        "cardko",
        "-o",
        str(out_file),
    )
    assert code == 2 and "did you mean 'cardco'?" in err
    assert not out_file.exists()


# -- the app's entry point, without starting it -----------------------------------------------


def test_without_a_terminal_the_app_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cnai_pay", *DATA],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=5,
        env=subprocess_env(),
        cwd=tmp_path,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("cnai-pay: the app needs a terminal; in scripts use a command such as")
    assert "Traceback" not in result.stderr


def test_a_missing_checklist_file_is_reported_before_the_app_starts(tmp_path: Path) -> None:
    primary, secondary = os.openpty()  # a real terminal, so only the missing file stops it
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cnai_pay", *DATA, "--checklist", str(tmp_path / "missing.toml")],
            stdin=secondary,
            stdout=secondary,
            stderr=subprocess.PIPE,
            text=True,
            timeout=10,
            env=subprocess_env(),
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert result.returncode == 2
    assert result.stderr == f"cnai-pay: --checklist {tmp_path / 'missing.toml'}: no such file\n"


# -- subprocesses: encodings, closed outputs, lost folders, imports ------------------------------


def test_ascii_terminal_gets_distinct_ascii_marks(mini: Catalog) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cnai_pay", "grid", *DATA, "--width", "100"],
        capture_output=True,
        timeout=20,
        env=subprocess_env(PYTHONIOENCODING="ascii"),
    )
    assert result.returncode == 0 and result.stderr == b""
    out = result.stdout.decode("ascii")
    assert "Y yes" in out and "N no" in out and "~ cond" in out
    ascii_text = {cell: f"{ASCII_GLYPHS[cell.status]} {WORDS[cell.status]}{cell.marks}" for cell in mini.cells()}
    rows = table_rows(out)
    for platform in mini.platforms:
        assert rows[platform.name] == [ascii_text[mini.cell(platform.id, m.id)] for m in mini.methods]
    # "?" only ever stands for unknown.
    assert all(cell.startswith("? unkn") for cells in rows.values() for cell in cells if cell.startswith("?"))
    assert "Y yes = supported" in out and "4 of 4 platforms - data as of 2026-06-01" in out


def test_a_closed_stdout_is_one_line_on_stderr() -> None:
    code = (
        "import os, sys\n"
        "os.close(1)\n"
        "from cnai_pay.cli import main\n"
        f"sys.exit(main(['grid', '--data', {str(MINI)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, timeout=20, env=subprocess_env()
    )
    assert result.returncode != 0
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("cnai-pay grid: ")
    assert "Traceback" not in result.stderr


def test_a_closed_stdout_from_the_shell() -> None:
    result = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m cnai_pay grid --data "{MINI}" >&-'],
        stderr=subprocess.PIPE,
        text=True,
        timeout=20,
        env=subprocess_env(),
    )
    assert result.returncode == 1
    assert result.stderr == "cnai-pay grid: standard output is closed\n"


def test_a_reader_that_goes_away_is_quiet() -> None:
    """`cnai-pay grid | head` must not print a traceback when head stops reading."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnai_pay", "grid", *DATA, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first write
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 1 and err == b""


def test_a_deleted_working_folder(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        f'cd "{gone}" && rmdir "{gone}" && "{sys.executable}" -m cnai_pay grid --data "{MINI}" --width 0 '
        f'&& "{sys.executable}" -m cnai_pay checklist --data "{MINI}" --platform alpha --method visa -o x.toml'
    )
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=20, env=subprocess_env())
    assert "Alpha AI" in result.stdout and "4 of 4 platforms" in result.stdout
    # Writing a relative file there cannot work: one line says why.
    assert result.returncode == 1
    assert result.stderr == "cnai-pay checklist: cannot write x.toml: the folder . does not exist\n"


def test_the_core_imports_neither_textual_nor_rich() -> None:
    code = (
        "import contextlib, importlib, io, json, pkgutil, sys\n"
        "import cnai_pay.cli, cnai_pay.loading, cnai_pay.domain, cnai_pay.checklist\n"
        "names = []\n"
        "for package in (cnai_pay.domain, cnai_pay.checklist, cnai_pay.loading, cnai_pay.cli):\n"
        "    for info in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "        names.append(info.name)\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = cnai_pay.cli.main(['grid', '--data', {str(MINI)!r}, '--format', 'json'])\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('textual', 'rich') or m.startswith('cnai_pay.tui'))\n"
        "print(json.dumps({'code': code, 'grid': json.loads(out.getvalue())['shown'], 'bad': bad, 'names': names}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=subprocess_env()
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["code"], report["grid"], report["bad"]) == (0, 4, [])
    for module in (
        "cnai_pay.domain.catalog",
        "cnai_pay.domain.regions",
        "cnai_pay.checklist.store",
        "cnai_pay.checklist.codec",
        "cnai_pay.loading.references",
        "cnai_pay.cli.table",
    ):
        assert module in report["names"]


def test_thirty_columns_get_the_compact_table_with_its_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mini: Catalog
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    code, out, _ = run(capsys, "grid", *DATA)
    assert code == 0
    lines = out.splitlines()
    assert max(display_width(line) for line in lines) <= 30
    assert lines[0].split() == ["Platform", "K", *(m.head for m in mini.methods)]
    beta = next(line for line in lines if line.startswith("Beta Cloud"))
    assert beta.split()[3:] == ["✓", "◐!", "?", "✗"]
    assert "Ax American Express" in out
