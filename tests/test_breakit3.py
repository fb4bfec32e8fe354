"""Cases found by a third hostile-input review: values quoted back with their hidden characters
shown, and files that cannot be used refused with a message that says what is wrong with them,
once, in words a user can act on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cnai_pay import fileio
from cnai_pay.checklist import codec
from cnai_pay.checklist.model import read_number
from cnai_pay.cli import main
from cnai_pay.errors import ChecklistError
from cnai_pay.loading import DataError, load_catalog
from cnai_pay.profile import PROFILE_NAME, load_profile

from .conftest import MINI

DATA = ["--data", str(MINI), "--no-profile"]
# Characters a message must neither pass to the terminal nor silently drop (a newline or a tab is
# white space, which the look-ups read as a gap between words).
HIDDEN = ["\x1b[2J", "\x1b]0;x\x07", "\x1b]52;c;aGk=\x07", "\u202e", "\u200b", "\x9b", "\ufeff", "\u2066", "\x00"]


def escapes(text: str) -> list[str]:
    """How each hidden character of `text` must read in a message."""
    return [f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in text if not c.isprintable()]


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(
    "args",
    [
        ["grid", "--wallet", "vi{h}sa"],
        ["routes", "--wallet", "visa", "--country", "{h}DE"],
        ["models", "nova{h}-one"],
        ["evidence", "alpha", "vi{h}sa"],
        ["sources", "guide{h}"],
        ["routes", "--wallet", "visa", "--tokens", "1{h}:2"],
        ["checklist", "-o", "-", "--platform", "alpha", "--method", "visa", "--amount", "5{h}"],
    ],
)
def test_a_refused_value_is_quoted_with_its_hidden_characters_shown(
    capsys: pytest.CaptureFixture[str], args: list[str], hidden: str
) -> None:
    # They were removed before quoting: "unknown method 'visa'; did you mean 'visa'?", and
    # "'DE' is not an ISO 3166 two-letter country code" for a bidi override before DE.
    assert main([*(a.replace("{h}", hidden) for a in args), *DATA]) == 2
    err = capsys.readouterr().err
    assert all(shown in err for shown in escapes(hidden)), err
    assert not any(not ch.isprintable() for ch in err.replace("\n", "")), repr(err)


@pytest.mark.parametrize("typed", ["5\u200b", "\u202e5", "1,000\x1b[2J"])
def test_a_number_refused_in_the_app_shows_what_hid_in_it(typed: str) -> None:
    with pytest.raises(ChecklistError) as caught:
        read_number(typed)
    message = str(caught.value)
    assert all(shown in message for shown in escapes(typed)) and "\x1b" not in message and "\u202e" not in message


def test_a_checklist_id_ending_in_a_newline_is_quoted_with_it(tmp_path: Path, capsys: Any) -> None:
    from cnai_pay.checklist.files import load_checklist

    path = tmp_path / "c.toml"
    assert main(["checklist", *DATA, "--platform", "alpha", "--method", "visa", "-o", str(path)]) == 0
    path.write_text(path.read_text().replace('id = "alpha"', 'id = "alpha\\n"', 1))
    with pytest.raises(ChecklistError, match=r"id 'alpha\\n' is not a valid id"):
        load_checklist(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"a = " + b"[" * 5000 + b"]" * 5000, "nested deeper than a profile ever is"),
        (b"\xff\xfe" + "country = 'DE'".encode("utf-16-le"), "is UTF-16 text, not UTF-8: save it as UTF-8"),
        (b"country = ", "Invalid value"),
    ],
    ids=["deep", "utf-16", "bad TOML"],
)
@pytest.mark.parametrize("leave_damaged", [False, True])
def test_a_profile_that_cannot_be_read_is_named_once_with_the_reason(
    tmp_path: Path, content: bytes, reason: str, leave_damaged: bool
) -> None:
    (tmp_path / PROFILE_NAME).write_bytes(content)
    message = load_profile(tmp_path, leave_damaged=leave_damaged).message
    assert reason in message
    assert message.split("; ")[0].count(fileio.shown(tmp_path / PROFILE_NAME)) == 1
    assert "recursion" not in message
    assert message.endswith("the defaults are used." if leave_damaged else ".")
    assert (tmp_path / PROFILE_NAME).exists() is leave_damaged


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "it is empty"),
        ("# nothing but a comment\n", "it is empty"),
        ("title = 'x'\n", "it has no schema_version"),
        ("schema_version = '2'\n", "no whole-number schema_version (found '2')"),
    ],
)
def test_a_checklist_without_a_schema_says_which_lack_it_has(text: str, reason: str) -> None:
    with pytest.raises(ChecklistError, match=re.escape(reason)):
        codec.loads(text)


def test_a_data_folder_that_is_not_there_is_not_called_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    for name, problem in (("missing", "does not exist"), ("file", "is not a folder")):
        with pytest.raises(DataError) as caught:
            load_catalog(tmp_path / name, use_cache=False)
        assert [p.message for p in caught.value.problems] == [problem]
