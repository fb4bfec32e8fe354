"""Nothing from a file is trusted: text is cleaned, addresses show their host, ids are whole, numbers mean one thing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnai_pay.checklist.model import ChecklistError, check_amount, check_fixed_fee, read_number
from cnai_pay.cli import main
from cnai_pay.domain.model import is_id
from cnai_pay.loading import DataError, validate_catalog
from cnai_pay.loading.addresses import address_problem
from cnai_pay.text import clean_text

from .conftest import MINI

# Everything that can move the cursor, recolour, hide or reorder text on a terminal.
UNSAFE = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]] + [
    "\u061c",
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x2028, 0x202F)),
    *map(chr, range(0x2060, 0x2070)),
    "\ufeff",
    # Characters that show as nothing.
    *"\u00ad\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0",
    *map(chr, range(0x180B, 0x1810)),
    *map(chr, range(0xFE00, 0xFE10)),
    *map(chr, range(0xFFF0, 0xFFFC)),
    *map(chr, range(0xE0000, 0xE0080)),
]


@given(st.text(alphabet=st.sampled_from(UNSAFE) | st.characters(), max_size=60))
def test_cleaned_text_never_holds_a_control_or_invisible_character(text: str) -> None:
    cleaned = clean_text(text)
    assert not any(ch in cleaned for ch in UNSAFE)
    assert not any(ch in clean_text(text, newlines=True) for ch in UNSAFE if ch != "\n")


def test_paths_and_messages_reach_the_terminal_cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "evil\x1b[2J\u202etxt.toml"
    hostile.write_text("not = [toml", encoding="utf-8")
    code = main(["--data", str(MINI), "checklist", "--platform", "alpha", "--method", "visa", "-o", str(hostile)])
    out, err = capsys.readouterr()
    assert code == 2 and "already exists" in err
    assert "\x1b" not in out + err and "\u202e" not in out + err


@pytest.mark.parametrize(
    "bad",
    [
        "Beta\\u202e Cloud",
        "Beta\\u200b Cloud",
        "Beta\\u0007 Cloud",
        "Beta\\ufeff Cloud",
        # Characters that show as nothing: soft hyphen, Hangul filler, variation selector, a tag.
        "Beta\\u00ad Cloud",
        "Beta\\u3164 Cloud",
        "Beta\\ufe0f Cloud",
        "Beta\\U000E0041 Cloud",
        "Beta\\u206a Cloud",
    ],
)
def test_data_check_refuses_control_and_bidi_characters(mini_copy: Path, bad: str) -> None:
    platforms = mini_copy / "platforms.toml"
    platforms.write_text(platforms.read_text().replace('name = "Beta Cloud"', f'name = "{bad}"'))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    assert any("contains a control, invisible or bidirectional character" in str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    "url",
    [
        "https://openrouter.ai@evil.example/pay",
        "https://user:pw@example.com/page",
        "https://example.com/a page",
        "https://exa\u200bmple.com/page",
        "https://раураl.com/page",
        "https:\\\\evil.example/page",
        "https://example.com:port/page",
    ],
)
def test_addresses_that_hide_their_host_are_refused(url: str) -> None:
    assert address_problem(url)


def test_every_kind_of_space_is_named_a_space() -> None:
    spaces = [chr(point) for point in range(sys.maxunicode + 1) if chr(point).isspace()]
    assert len(spaces) > 20  # the ASCII ones, the no-break space, the ideographic space...
    for space in spaces:
        assert address_problem(f"https://example.com/a{space}b").startswith("contains a space")
    assert not address_problem("https://example.com/a\u200bb").startswith("contains a space")  # not a space


def test_data_check_refuses_a_hidden_host(mini_copy: Path) -> None:
    sources = mini_copy / "sources.toml"
    text = sources.read_text()
    first_url = text.split('url = "', 1)[1].split('"', 1)[0]
    host_start = first_url.index("//") + 2
    planted = first_url[:host_start] + "trusted.example@" + first_url[host_start:]
    sources.write_text(text.replace(first_url, planted, 1))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    assert any("user information before the host" in str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    "good", ["https://example.com/page", "http://example.com/a?b=c#d", "https://xn--80ak6aa92e.com/"]
)
def test_plain_addresses_pass(good: str) -> None:
    assert address_problem(good) == ""


@given(
    st.from_regex(r"[a-z0-9][a-z0-9_-]{0,30}", fullmatch=True), st.sampled_from(["\n", " ", "\t", "/", "..", "\x00"])
)
def test_ids_are_checked_whole(ident: str, tail: str) -> None:
    assert is_id(ident)
    assert not is_id(ident + tail) and not is_id(tail + ident)


def test_a_checklist_id_with_a_trailing_newline_is_refused(tmp_path: Path, mini) -> None:
    from cnai_pay.checklist.codec import dumps
    from cnai_pay.checklist.files import load_checklist
    from cnai_pay.checklist.steps import build_checklist

    text = dumps(build_checklist(mini, "alpha", "visa"))
    planted = tmp_path / "planted.toml"
    planted.write_text(text.replace('id = "alpha"', 'id = "alpha\\n"', 1), encoding="utf-8")
    with pytest.raises(ChecklistError, match="not a valid id"):
        load_checklist(planted)


@given(st.integers(1, 999), st.integers(0, 999))
def test_a_comma_before_three_digits_is_refused_with_both_readings(whole: int, part: int) -> None:
    typed = f"{whole},{part:03d}"
    with pytest.raises(ChecklistError) as caught:
        read_number(typed)
    message = str(caught.value)
    assert f"{whole}{part:03d}" in message and f"{float(f'{whole}.{part:03d}'):g}" in message


@given(st.decimals(min_value="0.01", max_value="999999", places=2, allow_nan=False, allow_infinity=False))
def test_unambiguous_forms_read_as_one_number(value) -> None:
    plain = f"{value:f}"
    assert read_number(plain) == float(plain)
    assert read_number(plain.replace(".", ",")) == float(plain)  # two decimals: only a decimal comma
    grouped = f"{value:,.2f}"
    assert read_number(grouped) == float(plain)


@pytest.mark.parametrize("tiny", [0.001, 0.004, 1e-9])
def test_a_positive_amount_that_rounds_to_zero_is_refused(tiny: float) -> None:
    with pytest.raises(ChecklistError, match="rounds to 0.00"):
        check_amount(tiny)
    with pytest.raises(ChecklistError, match="rounds to 0.00"):
        check_fixed_fee(tiny)


def test_the_cli_and_the_app_read_amounts_the_same_way(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data", str(MINI), "checklist", "--platform", "alpha", "--method", "visa", "--amount", "1,000"])
    _, err = capsys.readouterr()
    assert code == 2 and "could mean 1000" in err and "or 1 " in err


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-8"])
def test_o_dash_writes_the_same_document_whatever_the_encoding(tmp_path: Path, encoding: str) -> None:
    import os

    argv = [sys.executable, "-m", "cnai_pay", "checklist", "--data", str(MINI), "--platform", "alpha"]
    argv += ["--method", "visa", "-o", "-"]
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    done = subprocess.run(argv, capture_output=True, timeout=30, env=env)
    reference = subprocess.run(argv, capture_output=True, timeout=30, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == reference.stdout
    done.stdout.decode("utf-8")


@pytest.mark.parametrize(
    ("bad", "said"), [("Beta\\n| x | y |", "a line break (U+000A)"), ("Beta\\tCloud", "a tab (U+0009)")]
)
def test_a_name_is_one_line(mini_copy: Path, bad: str, said: str) -> None:
    # A line break in a name split the grid's row in two (and a markdown table's); a tab moved its columns.
    platforms = mini_copy / "platforms.toml"
    platforms.write_text(platforms.read_text().replace('name = "Beta Cloud"', f'name = "{bad}"'))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    first = caught.value.problems[0]
    assert first.field == "name" and f"contains {said}; a name or a title is one line" in str(first)


def test_a_note_may_still_run_over_lines(mini_copy: Path) -> None:
    platforms = mini_copy / "platforms.toml"
    text = platforms.read_text()
    start = text.index("summary = ")
    end = text.index("\n", start)
    platforms.write_text(text[:start] + 'summary = "First line.\\nSecond line."' + text[end:])
    assert any("\n" in p.summary for p in validate_catalog(mini_copy).platforms)
