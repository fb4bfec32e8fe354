"""The command line: grid formats, filters, evidence, data check, usage errors, imports."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cnai_pay import __version__, cli
from cnai_pay.catalog import Catalog, DataError, GridFilter, load_catalog
from cnai_pay.cli import main
from cnai_pay.grid_output import cell_csv_value, display_width
from cnai_pay.model import PlatformKind

from .conftest import MINI

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def grid_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(capsys, "grid", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


# -- formats, parsed back ------------------------------------------------------


def test_json_matches_the_catalogue(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    data = grid_json(capsys)
    assert data["dataset"]["as_of"] == shipped.dataset.as_of.isoformat()
    assert data["filter"] == {"text": "", "accepts": [], "wallet": [], "kind": None, "refundable": False}
    assert [m["id"] for m in data["methods"]] == [m.id for m in shipped.methods]
    assert [p["id"] for p in data["platforms"]] == [p.id for p in shipped.platforms]
    assert (data["shown"], data["total"]) == (len(shipped.platforms), len(shipped.platforms))
    for row in data["platforms"]:
        assert row["kind"] == shipped.platform_by_id[row["id"]].kind.value
        assert row["refund_possible"] == shipped.refund_possible(row["id"])
        assert set(row["cells"]) == set(shipped.method_by_id)
        for method_id, value in row["cells"].items():
            cell = shipped.cell(row["id"], method_id)
            assert value == {"status": cell.status.value, "disputed": cell.disputed, "sources": cell.source_ids}
    assert any(v["disputed"] for row in data["platforms"] for v in row["cells"].values())


def test_json_is_stable_and_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "grid", "--format", "json", "--wallet", "paypal")[1]
    second = run(capsys, "grid", "--format", "json", "--wallet", "paypal")[1]
    assert first == second
    assert first == json.dumps(json.loads(first), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert "✓" not in first and "\\u" not in first  # statuses are enum values, text is not escaped
    data = json.loads(first)
    assert data["filter"]["wallet"] == ["paypal"]
    assert all("paypal" in row["matches"] for row in data["platforms"])


def test_csv_matches_the_catalogue(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    code, out, _ = run(capsys, "grid", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["platform", "kind", *(m.id for m in shipped.methods)]
    assert [r[0] for r in rows[1:]] == [p.id for p in shipped.platforms]
    disputed_seen = False
    for row in rows[1:]:
        assert row[1] == shipped.platform_by_id[row[0]].kind.value
        for method, value in zip(shipped.methods, row[2:]):
            cell = shipped.cell(row[0], method.id)
            assert value == cell.status.value + ("!" if cell.disputed else "")
            assert value == cell_csv_value(cell)
            disputed_seen |= value.endswith("!")
    assert disputed_seen


def test_markdown_is_a_pipe_table_of_the_catalogue(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    code, out, _ = run(capsys, "--data", str(MINI), "grid", "--format", "markdown")
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
    assert "◐ cond!" in out  # beta × amex is disputed
    assert "4 of 4 platforms" in out and "data as of 2026-06-01" in out


def test_table_wide_enough_shows_every_cell(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    code, out, _ = run(capsys, "grid", "--width", "0")
    assert code == 0
    assert "\x1b" not in out  # not a terminal: plain text
    lines = out.splitlines()
    header = re.split(r"\s{2,}", lines[0].strip())
    assert header == ["Platform", "Kind", *(m.name for m in shipped.methods)]
    assert set(lines[1]) == {"─"}
    for platform, line in zip(shipped.platforms, lines[2:]):
        assert re.split(r"\s{2,}", line.strip()) == [
            platform.name, platform.kind.value, *(shipped.cell(platform.id, m.id).text for m in shipped.methods)
        ]
    assert "✓ yes = supported" in out and "! = sources disagree" in out
    assert f"6 of 6 platforms · data as of {shipped.dataset.as_of.isoformat()}" in out


def test_table_uses_short_names_when_full_ones_do_not_fit(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    code, out, _ = run(capsys, "--data", str(MINI), "grid", "--width", "60")
    assert code == 0
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip()) == ["Platform", "Kind", *(m.short for m in mini.methods)]
    assert max(display_width(line) for line in lines) <= 60


@pytest.mark.parametrize("data", [None, MINI])
def test_narrow_terminal_gets_a_vertical_layout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data: Path | None
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    catalog = load_catalog(data)
    code, out, _ = run(capsys, *(["--data", str(data)] if data else []), "grid")
    assert code == 0
    lines = out.splitlines()
    assert max(display_width(line) for line in lines) <= 40
    # One block per platform, each listing every method with its glyph + word.
    for platform in catalog.platforms:
        head = f"{platform.name} · {platform.kind.value}"
        start = lines.index(head)
        block = lines[start + 1 : start + 1 + len(catalog.methods)]
        for method, line in zip(catalog.methods, block):
            label, text = line.strip().split(":", 1)
            assert label in (method.name, method.short)
            assert text.strip() == catalog.cell(platform.id, method.id).text
    assert "platforms" in out and "data as of" in out


@pytest.mark.parametrize("width", [1, 12, 25, 33, 57, 80, 101])
def test_no_line_is_ever_wider_than_the_terminal(capsys: pytest.CaptureFixture[str], width: int) -> None:
    code, out, _ = run(capsys, "grid", "--width", str(width), "--wallet", "visa,paypal")
    assert code == 0
    assert max(display_width(line) for line in out.splitlines()) <= width


def test_colour_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b[" not in run(capsys, "grid")[1]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    coloured = run(capsys, "grid", "--width", "0")[1]
    assert "\x1b[" in coloured
    # Colour never changes the text or the layout.
    assert ANSI.sub("", coloured) == run(capsys, "grid", "--width", "0", "--color", "never")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "grid")[1]
    assert "\x1b[" not in run(capsys, "evidence", "qwen", "amex")[1]
    assert "\x1b[" in run(capsys, "grid", "--color", "always")[1]


def test_no_match_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grid", "--search", "no such platform")
    assert code == 0
    assert "No platform matches" in out and "0 of 6 platforms" in out and 'text "no such platform"' in out
    data = grid_json(capsys, "--search", "no such platform")
    assert data["platforms"] == [] and data["shown"] == 0


# -- filters: the app's own function -------------------------------------------------

COMBINATIONS = [
    (["--search", "together ai"], GridFilter(text="together ai")),
    (["--search", "AI gateway"], GridFilter(text="AI gateway")),
    (["--accepts", "visa", "--accepts", "paypal"], GridFilter(accepts=frozenset({"visa", "paypal"}))),
    (["--accepts", "American Express", "--accepts", "MC"], GridFilter(accepts=frozenset({"amex", "mastercard"}))),
    (["--wallet", "alipay,wechat_pay"], GridFilter(wallet=frozenset({"alipay", "wechat_pay"}))),
    (["--wallet", "amex", "--wallet", "crypto"], GridFilter(wallet=frozenset({"amex", "crypto"}))),
    (["--kind", "gateway"], GridFilter(kind=PlatformKind.GATEWAY)),
    (["--refundable"], GridFilter(refundable=True)),
    (
        ["--kind", "direct", "--wallet", "paypal", "--refundable"],
        GridFilter(kind=PlatformKind.DIRECT, wallet=frozenset({"paypal"}), refundable=True),
    ),
    (
        ["--search", "e", "--accepts", "visa", "--kind", "gateway"],
        GridFilter(text="e", accepts=frozenset({"visa"}), kind=PlatformKind.GATEWAY),
    ),
]


@pytest.mark.parametrize(("args", "expected"), COMBINATIONS)
def test_filters_agree_with_the_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, shipped: Catalog,
    args: list[str], expected: GridFilter,
) -> None:
    seen: list[GridFilter] = []
    original = Catalog.filter_platforms

    def spy(self: Catalog, flt: GridFilter):
        seen.append(flt)
        return original(self, flt)

    monkeypatch.setattr(Catalog, "filter_platforms", spy)
    data = grid_json(capsys, *args)
    assert seen == [expected]  # the CLI calls the app's filter, with the same GridFilter
    want = [p.id for p in shipped.filter_platforms(expected)]
    assert [row["id"] for row in data["platforms"]] == want
    for fmt in ("csv", "markdown", "table"):
        code, out, _ = run(capsys, "grid", "--format", fmt, "--width", "0", *args)
        assert code == 0
        assert f"{len(want)} of 6 platforms" in out or fmt == "csv"
        if fmt == "csv":
            assert [r[0] for r in list(csv.reader(io.StringIO(out)))[1:]] == want


def test_the_filter_combinations_are_not_trivial(shipped: Catalog) -> None:
    counts = {len(shipped.filter_platforms(flt)) for _, flt in COMBINATIONS}
    assert 0 < min(counts) and max(counts) < len(shipped.platforms) and len(counts) > 2


# -- evidence ----------------------------------------------------------------


def test_evidence_lists_every_claim_most_authoritative_first(capsys: pytest.CaptureFixture[str], mini: Catalog) -> None:
    code, out, _ = run(capsys, "--data", str(MINI), "evidence", "beta", "amex", "--width", "0")
    assert code == 0
    assert out.startswith("Beta Cloud × American Express\n◐ conditional")
    assert "disputed" in out
    assert "Beta payment methods (official) says conditional" in out
    assert "A third-party guide (guide) says not supported" in out
    official, guide = out.index("Beta payment methods — Beta Group"), out.index("A third-party guide — Guide Site")
    assert official < guide
    assert "official · page dated 2026-05-30 · read 2026-06-01" in out
    assert "https://beta.example/help/payment" in out and "https://guide.example/payments" in out
    assert "Listed for most entities." in out and "The guide says gateways only." in out
    assert out.count("from the guide's prose") == 1
    assert "Rule: Official pages outrank" in out


def test_evidence_accepts_names_and_shows_undated_pages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", "--data", str(MINI), "Alpha AI", "PayPal", "--width", "0")
    assert code == 0
    assert "✓ supported" in out and "! disputed" not in out and "disagree:" not in out
    assert "official · page undated · read 2026-06-01" in out


def test_evidence_for_a_cell_nobody_mentions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data", str(MINI), "evidence", "delta", "visa")
    assert code == 0
    assert "? unknown" in out and "No source in the data" in out


def test_evidence_keeps_urls_whole_on_narrow_terminals(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    code, out, _ = run(capsys, "evidence", "qwen", "amex", "--width", "40")
    assert code == 0
    for ranked in shipped.cell("qwen", "amex").claims:
        assert ranked.source.url in out
    assert all(display_width(line) <= 40 or line.strip().startswith("http") for line in out.splitlines())


# -- data check ------------------------------------------------------------------


def test_data_check_clean_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "data", "check", str(MINI))
    assert code == 0
    assert out.count("\n") == 1
    assert "4 platforms, 4 methods, 3 sources, 8 claims, 1 disputed cell" in out


def test_data_check_shipped_and_data_option(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    code, out, _ = run(capsys, "data", "check")
    assert code == 0 and out.startswith("OK:") and f"{len(shipped.platforms)} platforms" in out
    for args in (["--data", str(MINI), "data", "check"], ["data", "check", "--data", str(MINI)]):
        code, out, _ = run(capsys, *args)
        assert code == 0 and "4 platforms" in out


def _break_three_ways(folder: Path) -> None:
    replace_in(folder / "claims.toml", 'status = "not_supported"', 'status = "maybe"')
    replace_in(folder / "refunds.toml", 'platform = "gamma"', 'platform = "zeta"')
    (folder / "fees.toml").unlink()


def _break_syntax_and_ids(folder: Path) -> None:
    replace_in(folder / "checklist_steps.toml", 'when = ["card"]', 'when = ["card"')
    with (folder / "methods.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[method]]\nid = "visa"\nname = "Visa again"\nshort = "Visa2"\ngroup = "card_network"\n')
    replace_in(folder / "platforms.toml", 'site = "gamma.example"\n', "")


def _break_fields(folder: Path) -> None:
    replace_in(folder / "platforms.toml", 'kind = "gateway"', 'kind = "reseller"')
    replace_in(folder / "claims.toml", 'note = "Cards work."', 'note = "Cards work."\ncolour = "red"')
    replace_in(folder / "dataset.toml", "as_of = 2026-06-01", 'as_of = "soon"')


@pytest.mark.parametrize(
    ("breaker", "files"),
    [
        (_break_three_ways, {"claims.toml", "refunds.toml", "fees.toml"}),
        (_break_syntax_and_ids, {"checklist_steps.toml", "methods.toml", "platforms.toml"}),
        (_break_fields, {"platforms.toml", "claims.toml", "dataset.toml"}),
    ],
)
def test_data_check_reports_every_problem(
    capsys: pytest.CaptureFixture[str], mini_copy: Path, breaker, files: set[str]
) -> None:
    breaker(mini_copy)
    with pytest.raises(DataError) as info:
        load_catalog(mini_copy)
    problems = info.value.problems
    assert {p.file for p in problems} == files
    code, out, err = run(capsys, "data", "check", str(mini_copy))
    assert code == 2
    assert f"{len(problems)} problem" in out.splitlines()[0]
    listed = [line for line in out.splitlines() if line.startswith("  - ")]
    assert len(listed) == len(problems)
    for problem in problems:
        assert f"  - {problem}" in out
        assert problem.file in str(problem) and (not problem.field or f"field '{problem.field}'" in str(problem))
        assert not problem.entry or problem.entry in str(problem)
    assert "Traceback" not in out + err


def test_data_check_names_the_line_of_a_syntax_error(capsys: pytest.CaptureFixture[str], mini_copy: Path) -> None:
    _break_syntax_and_ids(mini_copy)
    out = run(capsys, "data", "check", str(mini_copy))[1]
    assert re.search(r"checklist_steps\.toml, line \d+: TOML syntax error", out)
    assert "methods.toml, method #5 (visa), field 'id': duplicate id 'visa'" in out
    assert "platforms.toml, platform #3 (gamma), field 'site'" in out


def test_data_check_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "data", "check", str(tmp_path / "nowhere"))
    assert code == 2 and "is not a folder" in out


def test_other_commands_on_bad_data_exit_2_without_traceback(
    capsys: pytest.CaptureFixture[str], mini_copy: Path
) -> None:
    _break_three_ways(mini_copy)
    for args in (["grid"], ["evidence", "beta", "amex"]):
        code, out, err = run(capsys, "--data", str(mini_copy), *args)
        assert code == 2 and out == ""
        assert "claims.toml" in err and "refunds.toml" in err and "Traceback" not in err


# -- usage errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "wrong", "guess"),
    [
        (["evidence", "deepsek", "visa"], "platform 'deepsek'", "deepseek"),
        (["evidence", "qwen", "paypall"], "method 'paypal", "paypal"),
        (["grid", "--accepts", "mastercrd"], "method 'mastercrd'", "mastercard"),
        (["grid", "--wallet", "visa,alipy"], "method 'alipy'", "alipay"),
        (["evidence", "Togther AI", "visa"], "platform 'Togther AI'", "together"),
    ],
)
def test_unknown_ids_suggest_the_closest(
    capsys: pytest.CaptureFixture[str], shipped: Catalog, args: list[str], wrong: str, guess: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert f"unknown {wrong}" in err
    assert f"did you mean {guess!r}?" in err
    valid = shipped.platforms if "platform" in wrong else shipped.methods
    assert ", ".join(x.id for x in valid) in err
    assert "Traceback" not in err


def test_unknown_id_without_any_close_match(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evidence", "zzzzzz", "visa")
    assert code == 2 and "unknown platform 'zzzzzz'" in err and "did you mean" not in err
    assert "valid platforms: deepseek" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["grid", "--format", "xml"], "invalid choice: 'xml'"),
        (["grid", "--kind", "reseller"], "invalid choice: 'reseller'"),
        (["grid", "--width", "-3"], "cannot be negative"),
        (["checklist", "--platform", "deepseek", "--method", "visa"], "--output"),
        (["checklist", "--platform", "deepseek", "--method", "visa", "--amount", "-5", "-o", "x.toml"], "above 0"),
        (["checklist", "--platform", "deepseek", "--method", "visa", "--amount", "1e307", "-o", "x.toml"], "at most"),
        (["checklist", "--platform", "deepseek", "--method", "visa", "--fee-percent", "150", "-o", "x.toml"], "from 0 to 100"),
        (["data"], "ACTION"),
        (["evidence", "qwen"], "METHOD"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert words in err and "usage:" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args", [["--version"], ["grid", "--version"], ["evidence", "--version"], ["data", "check", "--version"],
             ["checklist", "--version"], ["data", "--version"]],
)
def test_version_everywhere(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.strip() == f"cnai-pay {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["grid", "--help"], ["evidence", "-h"], ["data", "check", "--help"],
                                  ["checklist", "--help"]])
def test_help_everywhere(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.startswith("usage: cnai-pay") and "--data DIR" in out


def test_grid_help_documents_the_csv_cells(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "grid", "--help")[1]
    assert "followed by ! when the sources disagree" in out


def test_no_command_starts_the_app(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[tuple[Catalog, Path | None]] = []
    monkeypatch.setattr(cli, "run_app", lambda catalog, checklist=None: started.append((catalog, checklist)) or 0)
    assert main([]) == 0
    assert main(["--data", str(MINI), "--checklist", "mine.toml"]) == 0
    assert started[1][0].folder == MINI and started[1][1] == Path("mine.toml") and len(started) == 2


def test_checklist_option_with_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--checklist", str(tmp_path / "missing.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


# -- subprocesses: imports and pipes ----------------------------------------------


def test_non_ui_commands_import_neither_textual_nor_the_ui(mini_copy: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from cnai_pay.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    codes = [main(['grid', '--format', f]) for f in ('json', 'csv', 'markdown', 'table')]\n"
        "    codes.append(main(['evidence', 'qwen', 'amex']))\n"
        "    codes.append(main(['data', 'check']))\n"
        f"    codes.append(main(['grid', '--data', {str(mini_copy)!r}]))\n"
        f"    codes.append(main(['checklist', '--platform', 'qwen', '--method', 'visa', '-o', {str(mini_copy / 'c.toml')!r}]))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('cnai_pay.tui'))\n"
        "print(codes, bad)\n"
        "sys.exit(1 if bad or any(codes) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[0, 0, 0, 0, 0, 0, 0, 0] []"


def test_python_dash_m_and_a_closed_pipe_are_quiet() -> None:
    """`cnai-pay grid | head` must not print a traceback when head stops reading."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnai_pay", "grid", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader is gone before the first write
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err == b""


# -- checklist ---------------------------------------------------------------------


def _without_times(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in ("created", "updated")}


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (["--platform", "qwen", "--method", "amex", "--amount", "10", "--fee-percent", "2.5"],
         {"platform_id": "qwen", "method_id": "amex", "amount": 10.0, "fee_percent": 2.5}),
        (["--platform", "Together AI", "--method", "PayPal"], {"platform_id": "together", "method_id": "paypal"}),
        (["--platform", "glm", "--method", "virtual_card", "--provider", "wise"],
         {"platform_id": "glm", "method_id": "virtual_card", "provider_id": "wise"}),
    ],
)
def test_checklist_equals_the_apps_export(
    capsys: pytest.CaptureFixture[str], shipped: Catalog, tmp_path: Path, args: list[str], kwargs: dict
) -> None:
    import tomllib

    from cnai_pay.checklist import build_checklist, export_checklist, load_checklist

    target = tmp_path / "cli.toml"
    code, out, err = run(capsys, "checklist", *args, "--output", str(target))
    assert code == 0, err
    assert str(target) in out and "Traceback" not in err
    app_file = export_checklist(build_checklist(shipped, **kwargs), shipped, tmp_path / "app.toml")
    cli_doc = tomllib.loads(target.read_text(encoding="utf-8"))
    app_doc = tomllib.loads(app_file.read_text(encoding="utf-8"))
    assert _without_times(cli_doc) == _without_times(app_doc)
    assert cli_doc["schema_version"] >= 1 and cli_doc["steps"]
    assert load_checklist(target).platform_id == kwargs["platform_id"]


def test_checklist_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    code, out, _ = run(capsys, "checklist", "--platform", "deepseek", "--method", "visa", "--output", "-")
    assert code == 0
    assert tomllib.loads(out)["platform"]["id"] == "deepseek"


def test_checklist_never_overwrites_without_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("my own notes\n", encoding="utf-8")
    base = ["checklist", "--platform", "deepseek", "--method", "visa", "--output", str(target)]
    code, out, err = run(capsys, *base)
    assert code == 2 and out == ""
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    code, out, _ = run(capsys, *base, "--force")
    assert code == 0 and "deepseek" in target.read_text(encoding="utf-8")


def test_checklist_unwritable_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = ["checklist", "--platform", "deepseek", "--method", "visa", "--output"]
    code, out, err = run(capsys, *base, str(tmp_path / "missing" / "x.toml"))
    assert code == 1 and out == "" and "does not exist" in err and "Traceback" not in err
    code, _, err = run(capsys, *base, str(tmp_path))
    assert code == 2 and "is a folder" in err
    assert list(tmp_path.iterdir()) == []


def test_checklist_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = str(tmp_path / "x.toml")
    code, _, err = run(capsys, "checklist", "--platform", "qwenn", "--method", "visa", "-o", out_file)
    assert code == 2 and "did you mean 'qwen'?" in err
    code, _, err = run(capsys, "checklist", "--platform", "glm", "--method", "visa", "--provider", "wise", "-o", out_file)
    assert code == 2 and "--provider only applies" in err
    code, _, err = run(capsys, "checklist", "--platform", "glm", "--method", "virtual_card", "--provider", "wsie",
                       "-o", out_file)
    assert code == 2 and "did you mean 'wise'?" in err
    assert not Path(out_file).exists()
