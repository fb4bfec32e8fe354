"""A command that only reads prints what it printed last time while nothing it was made from has changed."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cnai_pay import clock, paths
from cnai_pay.cli import answers, commands, help_cache, main, parser
from cnai_pay.cli.kept_texts import prints_safely
from cnai_pay.profile import Profile, save_profile

from .conftest import MINI


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per parser built: an answer made, not printed from the file."""
    built: list[int] = []
    real = parser.build_parser

    def counted(*args: object, **kwargs: object) -> object:
        built.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parser, "build_parser", counted)
    monkeypatch.setenv("COLUMNS", "100")
    return built


def run(capsys: pytest.CaptureFixture[str], *argv: str, status: int = 0) -> str:
    assert main(list(argv)) == status
    out, err = capsys.readouterr()
    assert not err or status
    return out


def kept_file() -> Path:
    return paths.cache_dir() / answers.ANSWERS_FILE


COMMANDS = [
    ["grid"],
    ["grid", "--format", "json"],
    ["routes", "--wallet", "visa,paypal", "--country", "DE"],
    ["evidence", "alpha", "visa"],
    ["models"],
    ["sources"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_the_second_answer_is_the_first_without_building_the_parser(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, argv: list[str]
) -> None:
    first = run(capsys, *argv, "--data", str(data))
    assert first and kept_file().is_file() and builds == [1]
    assert run(capsys, *argv, "--data", str(data)) == first
    assert builds == [1]


def changed_file(data: Path) -> None:
    platforms = data / "platforms.toml"
    platforms.write_text(platforms.read_text(encoding="utf-8").replace("Alpha AI", "Alpha Prime"), encoding="utf-8")


def same_bytes_touched(data: Path) -> None:
    # Replaced by a copy with the same size and modification time: the inode and change time differ.
    platforms = data / "platforms.toml"
    info = platforms.stat()
    copy = data / "copy.tmp"
    shutil.copy2(platforms, copy)
    os.replace(copy, platforms)
    os.utime(platforms, ns=(info.st_atime_ns, info.st_mtime_ns))


def saved_country(data: Path) -> None:
    save_profile(paths.state_dir(), Profile(country="DE"))


def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_VARIABLE_OF_THE_USER", "1")


def another_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "machine_day", lambda: (2031, 1, 1))


def narrower(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")


FILE_CHANGES: dict[str, Callable[[Path], None]] = {
    "a data file's text": changed_file,
    "a data file replaced, same size and time": same_bytes_touched,
    "the saved profile": saved_country,
}
OTHER_CHANGES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "a variable of the environment": environment,
    "the machine's day": another_day,
    "the terminal's width": narrower,
}


@pytest.mark.parametrize("change", FILE_CHANGES, ids=str)
def test_a_changed_file_makes_the_answer_again(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, change: str
) -> None:
    argv = ["grid", "--data", str(data)]
    first = run(capsys, *argv)
    assert run(capsys, *argv) == first and builds == [1]
    FILE_CHANGES[change](data)
    made = run(capsys, *argv)
    assert builds == [1, 1]
    (paths.cache_dir() / answers.ANSWERS_FILE).unlink()
    assert run(capsys, *argv) == made  # what a first run prints


@pytest.mark.parametrize("change", OTHER_CHANGES, ids=str)
def test_another_environment_makes_the_answer_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path, change: str
) -> None:
    argv = ["grid", "--data", str(data)]
    run(capsys, *argv)
    OTHER_CHANGES[change](monkeypatch)
    run(capsys, *argv)
    assert builds == [1, 1]
    run(capsys, *argv)
    assert builds == [1, 1]  # that answer is kept too


def test_the_package_s_own_files_are_in_the_stamp(data: Path, tmp_path: Path) -> None:
    grid = parser.build_parser({"grid": commands.cmd_grid}, frozenset({"grid"}))
    files = answers.watched(grid.parse_args(["grid", "--data", str(data)]))
    assert files[0] == "tree:" + os.path.dirname(answers.__file__).removesuffix(os.sep + "cli")
    assert files[1] == f"entries:{data}" and files[2].startswith("itself:") and files[2].endswith("profile.toml")
    # A tree's stamp covers every file under it (the package's modules are two levels down).
    module = tmp_path / "package" / "cli" / "table.py"
    module.parent.mkdir(parents=True)
    module.write_text("x = 1\n", encoding="utf-8")
    (module.parent / "__pycache__").mkdir()
    tree = [f"tree:{tmp_path / 'package'}"]
    before = answers.stamp(tree)
    (module.parent / "__pycache__" / "table.pyc").write_bytes(b"compiled")  # not the code
    assert answers.stamp(tree) == before
    info = module.stat()
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    assert answers.stamp(tree) != before


def test_a_file_changed_just_before_the_command_keeps_no_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    # Changed within the times' grain before the run, a file may change again unseen: as git's "racily clean".
    (data / "methods.toml").touch()
    changed = (data / "methods.toml").stat().st_ctime_ns
    monkeypatch.setattr(clock, "machine_time_ns", lambda: changed + 1_000_000_000)
    run(capsys, "grid", "--data", str(data))
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1]
    monkeypatch.setattr(clock, "machine_time_ns", lambda: changed + 3_000_000_000)
    run(capsys, "grid", "--data", str(data))
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1, 1]


def test_a_file_that_can_no_longer_be_read_makes_the_answer_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    run(capsys, "grid", "--data", str(data))
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: False if str(path).endswith("claims.toml") else real(path, mode, **kw)
    )
    # (a group left, a capability dropped: the times stay, what this process may read does not)
    main(["grid", "--data", str(data)])
    capsys.readouterr()
    assert builds == [1, 1]


def test_a_relative_data_folder_is_read_from_the_working_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "data"
    shutil.copytree(MINI, other)
    changed_file(other)
    monkeypatch.chdir(data.parent)
    first = run(capsys, "grid", "--data", "data")
    monkeypatch.chdir(other.parent)
    assert run(capsys, "grid", "--data", "data") != first and builds == [1, 1]


def test_a_retargeted_link_makes_the_answer_again(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(MINI, other)
    changed_file(other)
    link = tmp_path / "link"
    link.symlink_to(data)
    first = run(capsys, "grid", "--data", str(link))
    link.unlink()
    link.symlink_to(other)
    assert run(capsys, "grid", "--data", str(link)) != first and builds == [1, 1]


def test_a_file_changed_while_the_command_ran_keeps_no_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    real = commands.HANDLERS["grid"]

    def changing(args: object) -> int:
        status = real(args)  # type: ignore[arg-type]
        (data / "methods.toml").touch()
        return status

    monkeypatch.setitem(commands.HANDLERS, "grid", changing)
    run(capsys, "grid", "--data", str(data))
    monkeypatch.setitem(commands.HANDLERS, "grid", real)
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1]


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["evidence", "nosuch", "visa"], 2),  # fails
        (["data", "check"], 0),  # validates: never answered from the file
        (["checklist", "--platform", "alpha", "--method", "visa", "-o", "-"], 0),  # writes bytes
        (["grid", "--country", "DE", "--wallet", "nosuch"], 2),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_what_is_not_an_answer_is_made_every_time(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, argv: list[str], status: int
) -> None:
    for _ in range(2):
        assert main([*argv, "--data", str(data)]) == status
        capsys.readouterr()
    assert builds == [1, 1]
    assert not kept_file().exists()


def test_an_answer_with_a_warning_is_not_kept(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path
) -> None:
    profile = paths.state_dir() / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_text("country = [\n", encoding="utf-8")  # damaged: reported, left for the app
    for _ in range(2):
        assert main(["grid", "--data", str(data)]) == 0
        assert "profile" in capsys.readouterr().err
    assert builds == [1, 1]


def test_a_text_over_the_limit_is_not_kept(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    monkeypatch.setattr(answers, "_MOST_TEXT", 100)
    run(capsys, "grid", "--data", str(data))
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1]


def test_a_folder_of_too_many_files_keeps_no_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    monkeypatch.setattr(answers, "_MOST_FILES", 5)
    assert answers.stamp([str(data)]) is None
    run(capsys, "grid", "--data", str(data))
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1]


def planted(text: str, count: str | None = None, stamp: str | None = None) -> None:
    """An entry under the key of `grid --data`, with the right stamp unless told otherwise."""
    entries = answers._KEPT.entries(str(paths.cache_dir()))
    assert len(entries) == 1
    key, body = entries[0]
    kept_stamp, real_count, rest = body.split("\x00", 2)
    files = rest.split("\x00")[: int(real_count)]
    fields = [stamp or kept_stamp, count or real_count, *files, text]
    body = "\x00".join(fields).encode()
    kept_file().write_bytes(f"cnai-pay answers 2\n\x1e{key} {len(body)}\n".encode() + body)


@pytest.mark.parametrize(
    "entry",
    [
        {"text": "\x1b]0;a title\x07the grid\n"},  # an escape other than colour
        {"text": "\x1b[2Jthe grid\n"},  # a screen clear: not a colour code
        {"text": "the \u202egrid\n"},  # a bidirectional control
        {"text": "the grid\u200b\n"},  # an invisible character
        {"text": "the grid\u3164\n"},  # a Hangul filler: printable to Python, invisible on a screen
        {"text": "the grid\ufe0f\n"},  # a variation selector
        {"text": "the grid\u034f\n"},  # the combining grapheme joiner
        {"text": "the grid\n", "stamp": "0" * 40},
        {"text": "the grid\n", "count": "0"},
        {"text": "the grid\n", "count": "99999999999999999999"},
        {"text": "the grid\n", "count": "٣"},  # a digit, not ASCII
    ],
    ids=repr,
)
def test_a_planted_answer_is_never_printed(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, entry: dict[str, str]
) -> None:
    first = run(capsys, "grid", "--data", str(data))
    planted(**entry)
    assert run(capsys, "grid", "--data", str(data)) == first and builds == [1, 1]


def test_a_coloured_answer_is_kept(capsys: pytest.CaptureFixture[str], builds: list[int], data: Path) -> None:
    first = run(capsys, "grid", "--data", str(data), "--color", "always")
    assert "\x1b[" in first
    assert run(capsys, "grid", "--data", str(data), "--color", "always") == first and builds == [1]


@pytest.mark.parametrize("kind", ["fifo", "folder", "garbage", "not utf-8"])
def test_whatever_is_at_the_file_s_name_an_answer_is_made(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, kind: str
) -> None:
    first = run(capsys, "grid", "--data", str(data))
    kept_file().unlink()
    if kind == "fifo":
        os.mkfifo(kept_file())
    elif kind == "folder":
        kept_file().mkdir()
    elif kind == "garbage":
        kept_file().write_text("cnai-pay answers 2\n\x1e\x1e\x00\x00\n", encoding="utf-8")
    else:
        kept_file().write_bytes(b"cnai-pay answers 2\n\x1e\xff\xfe 2\n\xff\xfe")
    assert run(capsys, "grid", "--data", str(data)) == first
    assert run(capsys, "grid", "--data", str(data)) == first
    assert len(builds) >= 2


def test_an_ascii_terminal_gets_its_own_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    unicode = run(capsys, "grid", "--data", str(data))
    with capsys.disabled():
        stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
        monkeypatch.setattr("sys.stdout", stream)
        assert main(["grid", "--data", str(data)]) == 0
        stream.flush()
        ascii_text = stream.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert ascii_text != unicode and ascii_text.isascii() and builds == [1, 1]


def test_the_oldest_answers_give_way(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    monkeypatch.setattr(answers._KEPT, "_most", 2)
    for width in ("50", "60", "70"):
        run(capsys, "grid", "--data", str(data), "--width", width)
    assert len(answers._KEPT.entries(str(paths.cache_dir()))) == 2
    run(capsys, "grid", "--data", str(data), "--width", "70")
    run(capsys, "grid", "--data", str(data), "--width", "50")
    assert builds == [1, 1, 1, 1]


def test_what_prints_safely() -> None:
    assert prints_safely("a\n\x1b[1;32mb\x1b[0m\n") and prints_safely("platform,kind\r\nalpha,direct\r\n")
    for text in ("\x1b[1;32", "\x1b[?25l", "a\rb", "a\r", "\x1bc", "a\tb", "\u2066x", "\u3164"):
        assert not prints_safely(text), repr(text)


@pytest.mark.parametrize(
    "argv",
    [
        ["data", "check"],
        ["checklist", "--platform", "alpha", "--method", "visa", "-o", "x.toml"],
        ["prices", "update"],
        ["completion", "bash"],
        ["--data", "d", "grid"],  # a command after an option: made every time
        [],
    ],
    ids=" ".join,
)
def test_only_a_line_that_starts_with_a_reading_command_has_a_key(argv: list[str]) -> None:
    # Whatever an answers file holds, nothing else is ever answered from it.
    assert answers.key(argv) is None
    assert answers.key(["grid", *argv]) is not None


def test_a_data_path_through_a_link_is_watched_where_it_leads(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], tmp_path: Path
) -> None:
    # "link/../d" is the d beside the link's target, not the d beside the link.
    (tmp_path / "real" / "sub").mkdir(parents=True)
    shutil.copytree(MINI, tmp_path / "real" / "d")
    (tmp_path / "cwd").mkdir()
    shutil.copytree(MINI, tmp_path / "cwd" / "d")
    (tmp_path / "cwd" / "link").symlink_to(tmp_path / "real" / "sub")
    monkeypatch.chdir(tmp_path / "cwd")
    first = run(capsys, "grid", "--data", "link/../d")
    changed_file(tmp_path / "real" / "d")
    assert run(capsys, "grid", "--data", "link/../d") != first and builds == [1, 1]


def test_a_folder_inside_the_data_folder_is_not_watched(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path
) -> None:
    # The loader reads the folder's own files: a .git beside them changes no answer.
    (data / ".git").mkdir()
    run(capsys, "grid", "--data", str(data))
    (data / ".git" / "index").write_text("changed", encoding="utf-8")
    run(capsys, "grid", "--data", str(data))
    assert builds == [1]


def test_a_new_entry_in_a_folder_ahead_on_the_import_path_makes_the_answer_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path, tmp_path: Path
) -> None:
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    monkeypatch.syspath_prepend(str(ahead))
    run(capsys, "models", "--data", str(data))
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1]
    (ahead / "genai_prices").mkdir()  # a copy the import system would find first
    run(capsys, "models", "--data", str(data))
    # A folder ahead of the standard library: a module of it could be put there too.
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1, 1, 1]


def test_a_kept_answer_that_cannot_be_written_says_which_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    run(capsys, "grid", "--data", str(data))

    class FullDisk(io.TextIOWrapper):  # as the capture's stream is, but full
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("sys.stdout", FullDisk(io.BytesIO(), encoding="UTF-8"))
    assert main(["grid", "--data", str(data)]) == 1
    assert builds == [1]
    assert capsys.readouterr().err == "cnai-pay grid: cannot write the output: the disk is full\n"


def test_an_answers_file_of_someone_else_is_ignored(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    first = run(capsys, "grid", "--data", str(data))
    owner = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)  # as if the file were another user's
    assert run(capsys, "grid", "--data", str(data)) == first and builds == [1, 1]


def test_an_answers_file_of_another_format_is_ignored(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path
) -> None:
    first = run(capsys, "grid", "--data", str(data))
    kept_file().write_text(
        kept_file().read_text(encoding="utf-8").replace("answers 2", "answers 3", 1), encoding="utf-8"
    )
    assert run(capsys, "grid", "--data", str(data)) == first and builds == [1, 1]
    assert run(capsys, "grid", "--data", str(data)) == first and builds == [1, 1]  # and replaced by this one's


@pytest.mark.parametrize("store", ["answers", "help"])
def test_a_file_of_the_user_s_own_at_the_name_is_left_alone(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, store: str
) -> None:
    # CNAI_PAY_HOME may be any folder: a cache/answers.txt there may be the user's.
    name = answers.ANSWERS_FILE if store == "answers" else "help.txt"
    argv = ["grid", "--data", str(data)] if store == "answers" else ["--help"]
    mine = paths.cache_dir() / name
    mine.parent.mkdir(parents=True)
    mine.write_text("my notes\n", encoding="utf-8")
    first = run(capsys, *argv)
    assert run(capsys, *argv) == first
    assert mine.read_text(encoding="utf-8") == "my notes\n"


@pytest.mark.parametrize("kind", ["empty", "link"])
def test_an_empty_file_or_a_link_at_the_name_is_replaced(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path, tmp_path: Path, kind: str
) -> None:
    kept_file().parent.mkdir(parents=True)
    target = tmp_path / "target.txt"
    target.write_text("the user's\n", encoding="utf-8")
    if kind == "empty":
        kept_file().write_text("", encoding="utf-8")
    else:
        kept_file().symlink_to(target)
    first = run(capsys, "grid", "--data", str(data))
    assert run(capsys, "grid", "--data", str(data)) == first and builds == [1]
    assert target.read_text(encoding="utf-8") == "the user's\n" and not kept_file().is_symlink()


def test_an_answer_cut_short_is_not_printed(capsys: pytest.CaptureFixture[str], builds: list[int], data: Path) -> None:
    # The file is not waited for on the disk: a crash may leave it cut short, even inside a character.
    first = run(capsys, "grid", "--data", str(data))
    whole = kept_file().read_bytes()
    assert first.encode() != first.encode("ascii", "replace")  # the grid's glyphs: several bytes each
    glyph = whole.rindex("✓".encode())
    kept_file().write_bytes(whole[: glyph + 1])
    assert run(capsys, "grid", "--data", str(data)) == first and builds == [1, 1]


@pytest.mark.parametrize("store", ["answers", "help"])
def test_a_length_of_thousands_of_digits_is_not_read(
    capsys: pytest.CaptureFixture[str], data: Path, store: str
) -> None:
    # int() refuses more than 4,300 digits: read, it would fail every later command.
    argv = ["grid", "--data", str(data)] if store == "answers" else ["--help"]
    first = run(capsys, *argv)
    kept = paths.cache_dir() / (answers.ANSWERS_FILE if store == "answers" else "help.txt")
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(f"cnai-pay {store} 2\n\x1ekey ".encode() + b"9" * 5000 + b"\ntext")
    assert run(capsys, *argv) == first


def test_a_count_of_thousands_of_digits_is_not_read(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    first = run(capsys, "grid", "--data", str(data))
    planted("the grid\n", count="9" * 5000)
    assert run(capsys, "grid", "--data", str(data)) == first


def test_a_working_folder_gone_after_the_key_is_made_still_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path
) -> None:
    def gone(args: object) -> list[str]:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(answers, "watched", gone)
    assert run(capsys, "grid", "--data", str(data))
    assert not kept_file().exists()


def test_a_cache_folder_others_may_write_to_is_not_trusted(
    capsys: pytest.CaptureFixture[str], builds: list[int], data: Path
) -> None:
    first = run(capsys, "grid", "--data", str(data))
    folder = kept_file().parent
    folder.chmod(0o777)
    try:
        assert run(capsys, "grid", "--data", str(data)) == first and builds == [1, 1]
        assert answers._KEPT.entries(str(folder)) == []
    finally:
        folder.chmod(0o700)


def test_a_csv_answer_is_kept(capsys: pytest.CaptureFixture[str], builds: list[int], data: Path) -> None:
    first = run(capsys, "grid", "--data", str(data), "--format", "csv")
    assert first.startswith("platform,kind,")
    assert run(capsys, "grid", "--data", str(data), "--format", "csv") == first and builds == [1]


def test_a_module_edited_in_a_folder_ahead_on_the_import_path_makes_the_answer_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, builds: list[int], data: Path, tmp_path: Path
) -> None:
    # A textwrap.py there would be imported in place of the standard library's the command uses.
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    shadow = ahead / "textwrap.py"
    shadow.write_text("from importlib import import_module\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(ahead))
    run(capsys, "grid", "--data", str(data))
    run(capsys, "grid", "--data", str(data))
    assert builds == [1]
    with shadow.open("a", encoding="utf-8") as module:  # edited in place: the folder's own times stay
        module.write("raise RuntimeError('edited')\n")
    run(capsys, "grid", "--data", str(data))
    assert builds == [1, 1]


def test_an_answer_written_to_the_store_s_own_name_is_the_user_s(tmp_path: Path) -> None:
    # `cnai-pay grid > cache/answers.txt`: the shell empties the file; what it gets is the grid.
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as a shell's is
    env[clock.ENV_TODAY] = "2099-01-01"  # the shipped data's ids listed: it is dated after the suite's day
    console = [sys.executable, "-c", "from cnai_pay.cli import console; console()"]
    for argv in (["--help"], ["grid", "--data", str(MINI)]):
        subprocess.run([*console, *argv], env=env, cwd=MINI.parent, capture_output=True, check=True, timeout=60)
        name = "help.txt" if argv == ["--help"] else answers.ANSWERS_FILE
        target = Path(env["CNAI_PAY_HOME"]) / "cache" / name
        with target.open("w", encoding="utf-8") as out:
            subprocess.run([*console, *argv], env=env, cwd=MINI.parent, stdout=out, check=True, timeout=60)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("usage: cnai-pay" if argv == ["--help"] else "Platform"), text[:80]


def test_another_interpreter_gets_its_own_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its argparse words and wraps help its own way.
    key = help_cache.key(["--help"])
    monkeypatch.setattr(sys, "version", sys.version + " another")
    assert help_cache.key(["--help"]) not in (key, None)


def test_a_help_made_from_a_file_changed_just_now_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    newest_file = max(entry.stat().st_ctime_ns for entry in os.scandir(paths.shipped_data_text()))
    monkeypatch.setattr(clock, "machine_time_ns", lambda: newest_file + 1_000_000_000)
    assert help_cache.key(["--help"]) is None
    monkeypatch.setattr(clock, "machine_time_ns", lambda: 10**19)
    assert help_cache.key(["--help"]) is not None
