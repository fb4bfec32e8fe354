"""Help that lists the ids and fits the terminal; usage errors that say what was meant."""

from __future__ import annotations

import pytest

from cnai_pay.cli import main
from cnai_pay.cli.help import WrappingFormatter

from .conftest import MINI

DATA = ["--data", str(MINI)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ids_section(out: str) -> dict[str, list[str]]:
    """The help's closing `ids in the data:` block as {kind: ids}, continuation lines joined."""
    section = out.split("ids in the data:\n", 1)[1]
    found: dict[str, list[str]] = {}
    kind = ""
    for line in section.splitlines():
        head, sep, rest = line.strip().partition(": ")
        if sep and head in ("platforms", "methods", "providers"):
            kind, line = head, rest
        found.setdefault(kind, []).extend(i.strip() for i in line.split(",") if i.strip())
    return found


def test_top_level_help_lists_platform_and_method_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *DATA, "--help")
    assert code == 0
    assert ids_section(out) == {
        "platforms": ["alpha", "beta", "gamma", "delta"],
        "methods": ["visa", "amex", "paypal", "virtual_card"],
    }
    assert "completion" in out


@pytest.mark.parametrize(
    ("command", "kinds"),
    [
        ("grid", ["methods"]),
        ("routes", ["methods", "providers"]),
        ("evidence", ["platforms", "methods", "providers"]),
        ("checklist", ["platforms", "methods", "providers"]),
    ],
)
def test_each_command_lists_the_ids_it_takes(
    capsys: pytest.CaptureFixture[str], command: str, kinds: list[str]
) -> None:
    code, out, _ = run(capsys, command, *DATA, "--help")
    assert code == 0
    listed = ids_section(out)
    assert list(listed) == kinds
    if "providers" in listed:
        assert listed["providers"] == ["cardco"]


def test_commands_without_ids_list_none(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["completion", "--help"], ["data", "check", "--help"]):
        code, out, _ = run(capsys, *args, *DATA)
        assert code == 0 and "ids in the data" not in out


def test_help_with_broken_data_still_prints_and_says_why(
    capsys: pytest.CaptureFixture[str], tmp_path: pytest.TempPathFactory
) -> None:
    code, out, _ = run(capsys, "evidence", "--data", str(tmp_path), "--help")
    assert code == 0 and out.startswith("usage: cnai-pay evidence")
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("(the ids cannot be listed: ") and "\n" not in last


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_help_fits_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for args in (["--help"], ["grid", "--help"], ["routes", "--help"], ["completion", "--help"]):
        code, out, _ = run(capsys, *args[:-1], *DATA, args[-1])
        assert code == 0
        # argparse's own usage block and option names may run over; the text we wrap may not
        after_usage = out.split("\n\n", 1)[1]
        ours = [line for line in after_usage.splitlines() if not line.lstrip().startswith("--")]
        assert max(len(line) for line in ours) <= columns - 2, args


def test_a_block_that_fits_keeps_its_lines_and_one_that_does_not_is_refilled() -> None:
    text = "formats:\n  table   one two\n          three\n  csv     four"
    fitting = WrappingFormatter("x")._fill_text(text, 40, "")
    assert fitting == text
    narrow = WrappingFormatter("x")._fill_text("  table   one two three four five six", 22, "")
    assert narrow.splitlines() == ["  table   one two", "          three four", "          five six"]


def test_a_long_example_is_continued_with_a_backslash() -> None:
    text = "  cnai-pay routes --wallet visa,paypal --country DE --format json"
    lines = WrappingFormatter("x")._fill_text(text, 40, "").splitlines()
    assert all(line.endswith(" \\") for line in lines[:-1]) and len(lines) > 1
    assert " ".join(line.rstrip(" \\").strip() for line in lines) == text.strip()


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["routes", "--wallet", "cardco"], "did you mean --wallet virtual_card --provider cardco?"),
        (
            ["routes", "--wallet", "visa,CardCo,paypal"],
            "did you mean --wallet visa,virtual_card,paypal --provider cardco?",
        ),
        (
            ["checklist", "--platform", "alpha", "--method", "cardco", "-o", "-"],
            "--method virtual_card --provider cardco?",
        ),
        (
            ["grid", "--wallet", "cardco"],
            "did you mean --wallet virtual_card? (`cnai-pay routes` takes --provider cardco)",
        ),
    ],
)
def test_a_provider_given_as_a_method_gets_the_right_options(
    capsys: pytest.CaptureFixture[str], args: list[str], hint: str
) -> None:
    code, out, err = run(capsys, *args, *DATA)
    assert code == 2 and out == ""
    assert "CardCo is a provider of Virtual card, not a method" in err and hint in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["grdi"], "did you mean 'grid'?"),
        (["grid", "--format", "jsno"], "did you mean 'json'?"),
        (["grid", "--kind", "gatway"], "did you mean 'gateway'?"),
        (["grid", "--walet", "visa"], "did you mean '--wallet'?"),
        (
            ["grid", "--provider", "cardco"],
            "--provider belongs to `cnai-pay routes`, `cnai-pay evidence`, `cnai-pay checklist` and `cnai-pay models`",
        ),
        (["routes", "--wallet", "vsia"], "did you mean 'visa'?"),
    ],
)
def test_near_misses_get_a_did_you_mean(capsys: pytest.CaptureFixture[str], args: list[str], hint: str) -> None:
    code, _, err = run(capsys, *args, *DATA)
    assert code == 2 and hint in err and "Traceback" not in err


def test_a_far_miss_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "zzzzzz")
    assert code == 2 and "invalid choice: 'zzzzzz'" in err and "did you mean" not in err


# -- sources: the addresses the app's browser key would open ------------------------------------


def test_sources_lists_every_source_with_its_address(capsys: pytest.CaptureFixture[str], mini) -> None:
    code, out, _ = run(capsys, "sources", *DATA)
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    assert [row[0] for row in rows] == list(mini.sources)
    assert [row[-1] for row in rows] == [source.url for source in mini.sources.values()]
    assert rows[2][1] == "undated"


def test_one_source_in_full_and_its_address_alone(capsys: pytest.CaptureFixture[str], mini) -> None:
    code, out, _ = run(capsys, "sources", "alpha_faq", *DATA)
    facts = len(mini.claims_citing("alpha_faq"))
    assert code == 0 and out.splitlines() == [
        "Alpha FAQ — Alpha Labs",
        "official · page undated · read 2026-06-01",
        "https://alpha.example/faq",
        f"{facts} facts in the data rest on it",
    ]
    assert run(capsys, "sources", "Alpha FAQ", "--url", *DATA)[1] == "https://alpha.example/faq\n"


def test_sources_mistakes_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sources", "alpha_fac", *DATA)
    assert code == 2 and out == "" and "did you mean 'alpha_faq'?" in err
    code, _, err = run(capsys, "sources", "--url", *DATA)
    assert code == 2 and "--url needs a source ID" in err


@pytest.mark.parametrize(
    ("columns", "expected"), [("50", 50), ("0", 80), ("-5", 80), ("wide", 80), ("", 80), ("999", 999)]
)
def test_the_width_follows_columns_as_shutil_does(monkeypatch: pytest.MonkeyPatch, columns: str, expected: int) -> None:
    import shutil

    from cnai_pay.cli import terminal

    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr("sys.__stdout__", None)  # no terminal behind stdout: the fallback
    assert terminal.columns() == expected
    assert shutil.get_terminal_size((80, 24)).columns == expected
