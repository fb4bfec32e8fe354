"""Each command imports only what it uses: the version and the help answer before the CLI has loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnai_pay import clock
from cnai_pay.cli import answers, help_cache

from .conftest import MINI

PROBE = """
import json, sys
from cnai_pay.cli import main
status = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"status": status, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def imported(*argv: str, today: str | None = None) -> tuple[str, set[str]]:
    env = {**os.environ, **({clock.ENV_TODAY: today} if today else {})}
    # From a folder nothing changes in: `python -c` imports from its working folder, which a kept
    # answer therefore watches (the home the first run makes in the test's own would change it).
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60, env=env, cwd=MINI.parent
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return done.stdout, set(report["modules"])


def test_the_version_reads_the_metadata_and_nothing_else() -> None:
    out, modules = imported("--version")
    assert out.startswith("cnai-pay ") and out.count("\n") == 1
    assert {m for m in modules if m.startswith("cnai_pay")} == {"cnai_pay", "cnai_pay._version", "cnai_pay.cli"}
    assert not {"argparse", "typing", "pathlib", "importlib.metadata"} & modules


@pytest.mark.parametrize("argv", [["--help"], ["grid", "--help"], ["data", "check", "--help"]])
def test_help_builds_the_parser_without_the_catalogue_then_prints_what_it_kept(argv: list[str]) -> None:
    # The first help may load the data to list its ids; it keeps them, so later ones need not.
    # The shipped data is dated after the suite's fixed day, so help reads it on a later one.
    first, _ = imported(*argv, today="2099-01-01")
    (Path(os.environ["CNAI_PAY_HOME"]) / "cache" / help_cache.HELP_FILE).unlink()  # the ids stay kept
    built, modules = imported(*argv, today="2099-01-01")
    assert built == first and built.startswith("usage: cnai-pay")
    heavy = {"cnai_pay.loading", "cnai_pay.domain.catalog", "cnai_pay.domain.model", "cnai_pay.cli.commands"}
    assert not heavy & modules and "typing" not in modules and "pydantic" not in modules
    assert "argparse" in modules
    again, modules = imported(*argv, today="2099-01-01")
    assert again == first  # the text help kept, without building the parser (cli/help_cache.py)
    assert not {"argparse", "pathlib", "typing", "threading", "platformdirs"} & modules
    assert "shutil" not in modules  # the width is read without it (cli/terminal.py)


def test_the_top_level_help_builds_no_command_options() -> None:
    imported("--help", today="2099-01-01")  # keeps the ids
    out, modules = imported("--help", today="2099-01-01")
    assert "  grid  " in out and "cnai_pay.domain.kinds" not in modules  # the grid's --kind choices


def test_a_command_still_reaches_its_handler() -> None:
    out, modules = imported("grid", "--data", str(MINI), "--format", "csv", "--no-profile")
    assert out.startswith("platform,kind,") and "cnai_pay.cli.commands" in modules
    assert "textual" not in modules


# What no answering command needs once the catalogue is cached: the UI, the validator, a TOML
# parser or writer (no profile is saved here), the checklist's file format, the typo suggester.
NOT_FOR_AN_ANSWER = {
    "textual",
    "rich",
    "pydantic",
    "tomllib",
    "tomli",
    "tomli_w",
    "difflib",
    "cnai_pay.checklist.codec",
}
# What printing a kept answer imports of the package: the key's and the stamp's modules alone.
KEPT_ANSWER_MODULES = {
    "cnai_pay",
    "cnai_pay._version",
    "cnai_pay.cli",
    "cnai_pay.cli.answers",
    "cnai_pay.cli.help_cache",
    "cnai_pay.cli.kept_texts",
    "cnai_pay.cli.terminal",
    "cnai_pay.clock",
    "cnai_pay.digest",
    "cnai_pay.errors",
    "cnai_pay.fileio",
    "cnai_pay.paths",
    "cnai_pay.text",
}


@pytest.mark.parametrize(
    "argv",
    [
        ["grid", "--format", "csv"],
        ["grid"],
        ["routes", "--wallet", "visa"],
        ["evidence", "alpha", "visa"],
        ["models"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_each_command_imports_only_what_it_uses(argv: list[str]) -> None:
    command = [*argv, "--data", str(MINI)]
    first, _ = imported(*command)  # fills the cache, as the first run after installing does
    # (kept, unless the home it made changed the working folder `python -c` imports from)
    (Path(os.environ["CNAI_PAY_HOME"]) / "cache" / answers.ANSWERS_FILE).unlink(missing_ok=True)
    out, modules = imported(*command)  # an answer made afresh, from the cache
    assert out == first and out
    assert not NOT_FOR_AN_ANSWER & modules, NOT_FOR_AN_ANSWER & modules
    again, modules = imported(*command)  # the answer kept (cli/answers.py)
    assert again == first
    assert {m for m in modules if m.startswith("cnai_pay")} <= KEPT_ANSWER_MODULES
    assert not {"argparse", "pathlib", "typing", "dataclasses", "datetime", "threading"} & modules


def test_data_check_validates_without_the_ui() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "data", "check", str(MINI)], capture_output=True, text=True, timeout=60
    )
    modules = set(json.loads(done.stderr.strip().splitlines()[-1])["modules"])
    assert "pydantic" in modules  # `data check` validates fully, cache or not
    assert not {"textual", "rich", "tomli_w"} & modules


@pytest.mark.parametrize(
    ("argv", "unused"),
    [
        (["grid"], {"csv", "cnai_pay.cli.formats", "cnai_pay.cli.completion", "cnai_pay.cli.sources"}),
        (["routes", "--wallet", "visa"], {"csv"}),
        (["evidence", "alpha", "visa"], {"csv", "cnai_pay.cli.formats", "cnai_pay.cli.table"}),
        # Its keys' SHA-256 comes without hashlib's OpenSSL set-up.
        (["models", "nova-one", "--wallet", "visa"], {"csv", "hashlib", "_hashlib"}),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_table_imports_no_other_format(argv: list[str], unused: set[str]) -> None:
    command = [*argv, "--data", str(MINI), "--no-profile"]
    imported(*command)  # fills the cache
    out, modules = imported(*command)
    assert out and not unused & modules, unused & modules


def test_a_command_builds_one_parser_for_every_command_not_on_its_line() -> None:
    import argparse

    from cnai_pay.cli import _Handlers
    from cnai_pay.cli.parser import COMMAND_NAMES, build_parser, commands_on_line

    parser = build_parser(_Handlers(), commands_on_line(["grid"]))
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    others = {name: sub for name, sub in commands.choices.items() if name != "grid"}
    assert set(others) == COMMAND_NAMES - {"grid"} and len({id(sub) for sub in others.values()}) == 1
