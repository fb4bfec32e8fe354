"""A plain `--help` prints the text the same help printed last time, while nothing it shows has changed."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from cnai_pay import paths
from cnai_pay.cli import help_cache, main, parser

from .conftest import MINI


@pytest.fixture(autouse=True)
def fixture_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture catalogue stands in for the shipped data, in a copy a test may change."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    monkeypatch.setattr(paths, "shipped_data_text", lambda: str(data))
    monkeypatch.setenv("COLUMNS", "90")
    return data


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    assert not err
    return out


def kept_file() -> Path:
    return paths.cache_dir() / help_cache.HELP_FILE


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["grid", "--help"], ["data", "check", "-h"]])
def test_the_second_help_is_the_first_without_building_the_parser(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    first = printed(capsys, *argv)
    assert first.startswith("usage: cnai-pay") and kept_file().is_file()
    monkeypatch.setattr(parser, "build_parser", lambda *_, **__: pytest.fail("the parser was built"))
    assert printed(capsys, *argv) == first


def test_each_help_and_width_is_kept_apart(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    top, grid = printed(capsys, "--help"), printed(capsys, "grid", "--help")
    monkeypatch.setenv("COLUMNS", "50")
    narrow = printed(capsys, "--help")
    assert narrow != top and max(len(line) for line in narrow.splitlines()) <= 50
    monkeypatch.setenv("COLUMNS", "90")
    assert printed(capsys, "--help") == top and printed(capsys, "grid", "--help") == grid


def test_changed_data_lists_the_new_ids(capsys: pytest.CaptureFixture[str], fixture_data: Path) -> None:
    before = printed(capsys, "--help")
    platforms = fixture_data / "platforms.toml"
    platforms.write_text(platforms.read_text(encoding="utf-8").replace('"alpha"', '"alphaone"'), encoding="utf-8")
    after = printed(capsys, "--help")
    assert "alpha," in before and "alphaone" in after and after != before


def test_changed_code_builds_the_help_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A package of its own: the installed one's files are never touched (other tests stamp them).
    package = tmp_path / "package"
    for folder in ("", "cli", "domain"):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "module.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(help_cache, "__file__", str(package / "cli" / "help_cache.py"))
    key = help_cache.key(["--help"])
    module = package / "domain" / "module.py"
    stamp = module.stat()
    os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert help_cache.key(["--help"]) != key


@pytest.mark.parametrize(
    "argv",
    [["--data", str(MINI), "--help"], ["grid", "--kind", "gateway", "--help"], ["--help", "grid"], ["grid"], []],
    ids=lambda argv: " ".join(argv) or "nothing",
)
def test_only_a_plain_help_is_kept(argv: list[str]) -> None:
    assert help_cache.key(argv) is None


def test_help_that_cannot_list_the_ids_is_not_kept(capsys: pytest.CaptureFixture[str], fixture_data: Path) -> None:
    (fixture_data / "platforms.toml").write_text("[[platform]\n", encoding="utf-8")
    out = printed(capsys, "--help")
    assert "the ids cannot be listed" in out and not kept_file().exists()


@pytest.mark.parametrize(
    "text",
    ["usage: \x1b]0;owned\x07 cnai-pay\n", "usage: cnai\u202epay\n", "usage: cnai\x00pay\n"],
    ids=["escape sequence", "bidi override", "nul"],
)
def test_a_planted_text_that_would_not_print_safely_is_not_printed(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    honest = printed(capsys, "--help")
    key = help_cache.key(["--help"])
    assert key is not None
    kept_file().write_text(f"cnai-pay help 2\n\x1e{key} {len(text.encode())}\n{text}", encoding="utf-8")
    assert printed(capsys, "--help") == honest
    assert help_cache.lookup(key) == honest  # and the honest text replaced it


@pytest.mark.parametrize(
    "body",
    [b"cnai-pay help 3\n\x1e", b"\xff\xfe not text", b"", b"cnai-pay help 2\n" + b"x" * (1024 * 1024)],
    ids=["another format", "not UTF-8", "empty", "over the limit"],
)
def test_a_file_that_is_not_whole_is_ignored(capsys: pytest.CaptureFixture[str], body: bytes) -> None:
    honest = printed(capsys, "--help")
    kept_file().write_bytes(body)
    assert printed(capsys, "--help") == honest


def test_a_fifo_in_its_place_is_never_waited_on(capsys: pytest.CaptureFixture[str]) -> None:
    honest = printed(capsys, "--help")
    kept_file().unlink()
    os.mkfifo(kept_file())
    assert printed(capsys, "--help") == honest


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_a_file_of_someone_elses_is_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    printed(capsys, "--help")
    key = help_cache.key(["--help"])
    assert key is not None
    kept_file().write_text(f"cnai-pay help 2\n\x1e{key} 16\nusage: not ours\n", encoding="utf-8")
    os.chown(kept_file(), 12345, 12345)
    assert help_cache.lookup(key) is None


def test_the_help_kept_is_bounded(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for columns in range(40, 80):
        monkeypatch.setenv("COLUMNS", str(columns))
        printed(capsys, "--help")
    assert kept_file().read_text(encoding="utf-8").count("\x1e") == 24


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the guess is Linux's rule")
@pytest.mark.parametrize(
    "env",
    [{}, {"XDG_CACHE_HOME": "/somewhere/cache"}, {"XDG_CACHE_HOME": "relative/cache"}, {"XDG_CACHE_HOME": ""}],
    ids=["default", "XDG", "relative XDG", "empty XDG"],
)
def test_the_guessed_cache_folder_is_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str]
) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert paths.cache_dir_guess() == paths.cache_dir_text()


def test_a_kept_help_cut_short_is_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    # The file is not waited for on the disk: a crash may leave it cut short.
    honest = printed(capsys, "--help")
    whole = kept_file().read_bytes()
    for cut in (len(whole) - 1, len(whole) - len(honest.encode()) // 2):
        kept_file().write_bytes(whole[:cut])
        assert printed(capsys, "--help") == honest
        assert kept_file().read_bytes() == whole  # made again, and kept whole
