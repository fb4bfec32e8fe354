"""Cases found by a fourth hostile-input review: output that cannot be written (a full disk, a
closed stdout) whatever prints it; two cnai-pays on one folder, where neither may undo what the
other saved; ..."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.profile import load_profile
from cnai_pay.settings import Settings

from .conftest import MINI

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
    assert ("No space left" if stdout == "full" else "standard output is closed") in err


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
