"""Cases found by a third hostile-input review: values quoted back with their hidden characters
shown, …"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cnai_pay.checklist.model import read_number
from cnai_pay.cli import main
from cnai_pay.errors import ChecklistError

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
