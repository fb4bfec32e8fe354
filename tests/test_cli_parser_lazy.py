"""The parser built for one command line parses it exactly as the whole grammar does."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnai_pay.cli.parser import COMMAND_NAMES, build_parser, commands_on_line

from .conftest import MINI, assert_child_prints_ok


class _NamedHandlers(dict[str, object]):
    """Handlers that are their command's name, so two parsers' namespaces compare equal."""

    def __missing__(self, name: str) -> str:
        return name


TOKENS = sorted(COMMAND_NAMES) + [
    "check", "update", "--data", "/tmp/folder", "--country", "DE", "XX", "--no-profile", "--wallet",
    "visa", "--format", "json", "jsno", "--kind", "gateway", "--width", "80", "-3", "--all",
    "--provider", "wise", "--model", "kimi-k2", "--bogus", "-o", "-", "--platform", "deepseek",
    "--method", "--amount", "5", "1,5", "--url", "qwen", "amex", "bash", "--tokens", "10:2",
    "--walet", "--version", "--he", "--refundable", "--force", "--checklist",
]  # fmt: skip


def _outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_a_lazily_built_parser_agrees_with_the_whole_grammar(argv: list[str]) -> None:
    whole = build_parser(_NamedHandlers())  # type: ignore[arg-type]
    lazy = build_parser(_NamedHandlers(), commands_on_line(argv))  # type: ignore[arg-type]
    assert _outcome(lazy, argv) == _outcome(whole, argv)


def test_a_start_without_a_command_builds_no_command_options() -> None:
    parser = build_parser(_NamedHandlers(), commands_on_line(["--country", "DE"]))  # type: ignore[arg-type]
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == COMMAND_NAMES  # every name stays a choice
    assert all(not sub._actions for sub in commands.choices.values())
    assert commands_on_line(["grid", "--help"]) is None


@pytest.mark.parametrize("columns", [*range(1, 130), 150, 200, 300, 1000])
def test_the_top_level_help_reads_as_the_whole_grammars_at_every_width(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `cnai-pay --help` builds no command's options: its text must not tell.
    monkeypatch.setenv("COLUMNS", str(columns))
    whole = build_parser(_NamedHandlers())  # type: ignore[arg-type]
    listed = build_parser(_NamedHandlers(), frozenset(), listed=True)  # type: ignore[arg-type]
    assert listed.format_help() == whole.format_help()
    assert listed.format_usage() == whole.format_usage()


def test_the_apps_start_gives_what_the_parser_gives_an_empty_line() -> None:
    from cnai_pay.cli import _AppStart

    parsed = vars(build_parser(_NamedHandlers(), commands_on_line([])).parse_args([]))
    whole = vars(build_parser(_NamedHandlers()).parse_args([]))
    assert parsed == whole == {name: getattr(_AppStart, name) for name in parsed}
    assert set(parsed) == {name for name in vars(_AppStart) if not name.startswith("_")}


def test_a_bare_start_never_builds_the_parser() -> None:
    # Without a terminal the app says so and stops: what ran before that never touched argparse.
    assert_child_prints_ok(
        "import contextlib, io, sys\n"
        "from cnai_pay.cli import main\n"
        "err = io.StringIO()\n"
        "with contextlib.redirect_stderr(err):\n"
        "    status = main([])\n"
        "assert status == 2 and 'needs a terminal' in err.getvalue(), (status, err.getvalue())\n"
        "assert 'argparse' not in sys.modules and 'cnai_pay.cli.parser' not in sys.modules\n"
        "print('ok')\n"
    )


def test_an_app_start_without_a_checklist_imports_none_of_its_writers(tmp_path: object) -> None:
    # Each costs a start milliseconds: the parser, the checklist's TOML document, its step builder.
    assert_child_prints_ok(
        "import asyncio, datetime as dt, sys\n"
        "from pathlib import Path\n"
        "from cnai_pay.loading import load_catalog\n"
        "from cnai_pay.tui.app import CnaiPayApp\n"
        "async def start():\n"
        f"    app = CnaiPayApp(load_catalog({str(MINI)!r}, use_cache=False), today=dt.date(2026, 11, 26),"
        f" state_folder=Path({str(tmp_path)!r}), welcome=False)\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(start())\n"
        "unused = ('argparse', 'cnai_pay.cli.parser', 'tomli_w',\n"
        "          'cnai_pay.checklist.codec', 'cnai_pay.checklist.steps')\n"
        "assert not [m for m in unused if m in sys.modules], [m for m in unused if m in sys.modules]\n"
        "print('ok')\n"
    )
