"""Hostile data folders: every one ends in a clean list of problems, or loads and then draws and
prints without a traceback. Hypothesis drives the mutations (the same examples every run, see
conftest) and shrinks a failing one to the fewest choices."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnai_pay.checklist.steps import build_checklist
from cnai_pay.cli import main
from cnai_pay.domain.conditions import PLACEHOLDERS
from cnai_pay.loading import DataError, validate_catalog

from .conftest import MINI, TODAY

HOSTILE_VALUES = [
    '"[bold]x[/]"',
    '"[/]"',
    '"\\u001b]0;owned\\u0007"',
    '"\\u001b[2J"',
    "inf",
    "-inf",
    "nan",
    "1e308",
    "-1",
    "1" + "0" * 400,
    '"x/../../../tmp/owned"',
    '"../etc"',
    '""',
    '"  "',
    "true",
    "[]",
    "{}",
    '"' + "a" * 5000 + '"',
    "2099-01-01",
    '"{unknown}"',
    '"{budget!r}"',
    '"\\u202eevil"',
    "0",
]
MARKUP = [
    "[bold]x[/]",
    "[/]",
    "[link=file:///etc/passwd]x[/link]",
    "my [final] name",
    "{platform} {",
    "}{",
    "[red on blue]",
    "\\[escaped]",
    "[@click=app.quit]q[/]",
]
FILES = [
    "platforms.toml",
    "methods.toml",
    "claims.toml",
    "sources.toml",
    "billing.toml",
    "fees.toml",
    "checklist_steps.toml",
    "card_rules.toml",
    "refunds.toml",
    "virtual_cards.toml",
    "troubleshooting.toml",
]


def mutate(folder: Path, rng: random.Random) -> None:
    """Replace one value of one file with a hostile one (or cut the file, or duplicate an entry)."""
    path = folder / rng.choice(FILES)
    lines = path.read_text(encoding="utf-8").splitlines()
    assignments = [i for i, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    choice = rng.random()
    if choice < 0.1:
        path.write_text("\n".join(lines[: rng.randrange(len(lines) + 1)]) + "\n", encoding="utf-8")
    elif choice < 0.2:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\n" + text, encoding="utf-8")  # every id twice
    elif choice < 0.55:
        # Valid but hostile to a renderer: markup, brackets and braces in the text fields.
        texts = [
            i
            for i in assignments
            if lines[i].split(" = ", 1)[0] in ("name", "note", "title", "summary", "reason", "publisher", "operator")
        ]
        if texts:
            index = rng.choice(texts)
            key = lines[index].split(" = ", 1)[0]
            lines[index] = f'{key} = "{rng.choice(MARKUP)}"'
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif assignments:
        index = rng.choice(assignments)
        key = lines[index].split(" = ", 1)[0]
        lines[index] = f"{key} = {rng.choice(HOSTILE_VALUES)}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# capsys is read (and so emptied) by every example; each example has a folder of its own.
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rng=st.randoms(use_true_random=False))
def test_hostile_data_gives_problems_or_a_clean_catalogue(rng: random.Random, tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "data"
    shutil.copytree(MINI, folder)
    for _ in range(rng.randint(1, 3)):
        mutate(folder, rng)
    try:
        catalog = validate_catalog(folder, today=TODAY)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert "\x1b" not in str(problem) and "\x07" not in str(problem)
        assert main(["data", "check", str(folder)]) == 2
        out = capsys.readouterr().out
        assert "problem" in out and "\x1b" not in out
        return
    # Accepted data must draw and print cleanly.
    for argv in (
        ["grid", "--width", "80"],
        ["grid", "--format", "json"],
        ["evidence", catalog.platforms[0].id, catalog.methods[0].id],
        ["routes", "--wallet", catalog.methods[0].id],
    ):
        assert main([*argv, "--data", str(folder), "--no-profile"]) == 0, argv
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    for platform in catalog.platforms:
        for method in catalog.methods:
            checklist = build_checklist(catalog, platform.id, method.id)
            # Accepted templates render fully: no placeholder is left in a step's text.
            assert not any(f"{{{name}}}" in step.text for step in checklist.steps for name in PLACEHOLDERS)


async def test_the_app_shows_markup_in_data_as_text(mini_copy: Path, tmp_path: Path) -> None:
    """Names, notes and titles full of markup are drawn as written in the grid, panes and dialogs."""
    from cnai_pay.loading import load_catalog
    from cnai_pay.tui.widgets.cell_preview import CellPreview

    from .conftest import make_app, move_to

    for name in ("platforms.toml", "claims.toml", "sources.toml", "troubleshooting.toml", "virtual_cards.toml"):
        path = mini_copy / name
        text = path.read_text(encoding="utf-8")
        for key in ("name", "note", "title", "reason", "publisher", "summary"):
            text = text.replace(f'{key} = "', f'{key} = "[bold]{key}[/] [final] ')
        path.write_text(text, encoding="utf-8")
    catalog = load_catalog(mini_copy, use_cache=False)
    app = make_app(catalog, tmp_path / "state")
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "beta", "amex")
        preview = str(app.screen.query_one(CellPreview).render())
        assert "[bold]name[/] [final] Beta Cloud" in preview
        for key in (
            "enter",
            "escape",
            "v",
            "escape",
            "r",
            "escape",
            "t",
            "escape",
            "s",
            "escape",
            "u",
            "escape",
            "p",
            "ctrl+s",
            "c",
        ):
            await pilot.press(key)
            await pilot.pause()
        assert app.screen.checklist_controller.checklist is not None
        assert app.screen.checklist_controller.checklist.platform_name == "[bold]name[/] [final] Beta Cloud"
