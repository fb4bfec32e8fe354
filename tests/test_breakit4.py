"""Cases found by a fourth hostile-input review: output that cannot be written (a full disk, a
closed stdout) whatever prints it, ..."""

from __future__ import annotations

import errno
import io

import pytest

from cnai_pay.cli import main

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
