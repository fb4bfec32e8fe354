"""Cases found by a hostile-input review: paths Python 3.11 cannot even look at, and paths whose
names carry escape sequences, in the command line and in the app's dialogs and toasts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label

from cnai_pay import fileio
from cnai_pay.checklist.files import export_checklist, export_path, load_checklist
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.checklist.store import ChecklistStore
from cnai_pay.cli import main
from cnai_pay.errors import ChecklistError, ExportError
from cnai_pay.loading import load_catalog
from cnai_pay.tui.screens.export_dialog import ExportScreen

from .conftest import MINI, TODAY, move_to

TOO_LONG = "x" * 300 + ".toml"
NO_SUCH_USER = "~no-such-user-cnai-pay/x.toml"


async def open_export(pilot: Any) -> Any:
    """Plan a checklist for alpha × Visa and open its export dialog (e)."""
    await move_to(pilot, "alpha", "visa")
    await pilot.press("p", "ctrl+s")
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


def test_a_path_python_cannot_look_at_is_an_answer_not_an_error(tmp_path: Path) -> None:
    long_path = tmp_path / TOO_LONG
    assert not fileio.exists(long_path) and not fileio.is_folder(long_path) and not fileio.there(long_path)
    # `~name` of no known user stays as typed (Path.expanduser raises RuntimeError for it).
    assert fileio.user_path(NO_SUCH_USER) == Path(NO_SUCH_USER)
    assert fileio.user_path("~") == Path.home()


def test_exporting_to_a_name_too_long_or_an_unknown_home_gives_one_line(tmp_path: Path, mini) -> None:
    checklist = build_checklist(mini, "alpha", "visa")
    # export_path looked at the name with is_dir(), which raises ENAMETOOLONG on Python 3.11.
    target = export_path(checklist, str(tmp_path / TOO_LONG))
    with pytest.raises(ExportError, match="file name is too long"):
        export_checklist(checklist, mini, target)
    with pytest.raises(ExportError, match="does not exist"):
        export_checklist(checklist, mini, export_path(checklist, NO_SUCH_USER))
    with pytest.raises(ChecklistError, match="does not exist"):
        load_checklist(Path(NO_SUCH_USER))


def test_the_command_line_says_why_in_one_line(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["checklist", "--data", str(MINI), "--no-profile", "--platform", "alpha", "--method", "visa"]
    assert main([*args, "-o", TOO_LONG]) == 1
    assert capsys.readouterr().err.strip().endswith("the file name is too long")
    assert main([*args, "-o", NO_SUCH_USER]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "RuntimeError" not in err


def test_a_home_whose_cache_cannot_be_looked_at_still_loads(tmp_path: Path, monkeypatch: Any) -> None:
    # The cache only saves time: a state folder named past the limit must not stop the load.
    monkeypatch.setenv("CNAI_PAY_HOME", str(tmp_path / ("h" * 300)))
    assert load_catalog(MINI).platforms
    monkeypatch.setenv("CNAI_PAY_HOME", "~no-such-user-cnai-pay")
    monkeypatch.chdir(tmp_path)
    assert load_catalog(MINI).platforms


def test_a_store_in_a_folder_named_past_the_limit_restores_nothing_without_raising(tmp_path: Path, mini) -> None:
    store = ChecklistStore(tmp_path / ("s" * 300), mini)
    assert "read-only" in store.acquire()
    assert store.restore().checklist is None
    assert store.find_saved(("alpha", "visa", "")) is None


def test_a_permission_error_is_not_reported_as_a_missing_folder(tmp_path: Path) -> None:
    # A folder inside one that cannot be entered: it cannot be looked at, so it seemed missing.
    message = fileio.explain_write_error(tmp_path / "locked" / "home" / "x", PermissionError(13, "Permission denied"))
    assert message.endswith("permission denied")


ESCAPED = "ev\x1b[7mREV\x1b]0;TITLE\x07\u202eabc"


async def test_a_folder_named_with_escapes_is_shown_cleaned_and_still_written_to(mini, tmp_path: Path) -> None:
    from cnai_pay.tui.app import CnaiPayApp

    folder = tmp_path / ESCAPED
    folder.mkdir()
    app = CnaiPayApp(mini, today=TODAY, state_folder=tmp_path / "state", export_folder=folder, welcome=False)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_export(pilot)
        shown = " ".join(str(label.render()) for label in dialog.query(Label))
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "TITLE" in shown
        # The field offers the file name alone, taken in that folder.
        assert dialog.query_one(Input).value == "cnai-pay-alpha-visa.toml"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert load_checklist(folder / "cnai-pay-alpha-visa.toml").platform_id == "alpha"
        toasts = [n.message for n in app._notifications]
        assert any("TITLE" in m for m in toasts)
        assert not any("\x1b" in m or "\x07" in m or "\u202e" in m for m in toasts)


@pytest.mark.parametrize("typed", [TOO_LONG, NO_SUCH_USER])
async def test_an_export_to_a_path_that_cannot_be_looked_at_stays_open_and_says_why(
    app_factory: Any, typed: str
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_export(pilot)
        dialog.query_one(Input).value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.screen is dialog
        message = str(dialog.query_one("#prompt-message", Label).render())
        assert "too long" in message or "does not exist" in message


async def test_every_toast_is_cleaned(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify("saved to /tmp/\x1b]0;TITLE\x07a\x1b[31mb", title="x\x1bY", markup=False)
        await pilot.pause()
        last = list(app._notifications)[-1]
        assert "\x1b" not in last.message and "\x07" not in last.message and "\x1b" not in last.title


@pytest.mark.parametrize(
    ("typed", "reading"),
    [("1.234,5", "1234.5"), ("12.345,67", "12345.67"), ("1.234.567", "1234567"), ("1.234.567,89", "1234567.89")],
)
def test_a_dot_between_thousands_is_refused_with_its_reading_shown(typed: str, reading: str) -> None:
    from cnai_pay.checklist.model import read_number

    with pytest.raises(ChecklistError) as caught:
        read_number(typed)
    message = str(caught.value)
    assert f"could mean {reading}" in message and "decimal point" in message and f"write {reading}" in message


async def test_a_name_with_markup_in_the_data_is_shown_as_written(mini_copy: Path, tmp_path: Path) -> None:
    from cnai_pay.loading import validate_catalog
    from cnai_pay.tui.widgets.platform_grid import PlatformGrid

    from .conftest import make_app

    platforms = mini_copy / "platforms.toml"
    named = "[/]Alpha [bold red]AI[link=https://evil.example]x[/link] [/]"
    platforms.write_text(platforms.read_text().replace('"Alpha AI"', f'"{named}"', 1), encoding="utf-8")
    for name, old in (("methods.toml", '"Visa"'), ("models.toml", '"Nova One"')):
        path = mini_copy / name
        path.write_text(path.read_text().replace(old, f'"[/]{old[1:]}', 1), encoding="utf-8")
    catalog = validate_catalog(mini_copy, today=TODAY)  # data check lets brackets by: they are text
    app = make_app(catalog, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:  # the grid's title parsed it as markup: MarkupError
        await move_to(pilot, "alpha", "visa")
        await pilot.pause()
        grid = app.screen.query_one(PlatformGrid)
        assert grid._border_title is not None and grid._border_title.plain.startswith(named)
        # The column heads' key (a DataTable) and the models' list (an OptionList) read str as markup.
        for key in ("H", "escape", "m", "escape", "enter", "escape", "p", "ctrl+s"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running


def test_every_ascii_stand_in_takes_the_columns_its_glyph_took() -> None:
    from cnai_pay.cli import output
    from cnai_pay.text import display_width

    # The app's screen is laid out for the glyphs: "..." for "…" pushed the rest of a grid row right.
    glyphs = [chr(code) for code in output._ASCII] + list(output._ONE_COLUMN) + ["─", "│", "█", "▁", "中", "\u3000"]
    for glyph in glyphs:
        assert len(output._ascii_stand_in(glyph)) == display_width(glyph), glyph
    row = "Tencent Cloud Inter… d ✓!"
    assert len(row.translate(output._ASCII)) == display_width(row)


def test_the_ascii_marks_never_collide() -> None:
    from cnai_pay.cli import output
    from cnai_pay.domain.vocabulary import (
        ASCII_GLYPHS,
        BRANDLESS_MARK,
        DISPUTED_MARK,
        REGION_MARK,
        WEAK_MARK,
    )

    # "°" (no brand named) fell through to "?", the mark of an unknown cell.
    marks = [*ASCII_GLYPHS.values(), DISPUTED_MARK, WEAK_MARK, REGION_MARK, BRANDLESS_MARK.translate(output._ASCII)]
    assert len(set(marks)) == len(marks) and all(mark.isascii() for mark in marks)


def test_the_token_mix_reads_numbers_as_amounts_do() -> None:
    from cnai_pay.prices.sellers import TokenMix, parse_mix

    # "1,000" was read as 1 (every comma a decimal point), where --amount refuses it.
    with pytest.raises(ValueError, match="could mean 1000 .* or 1 "):
        parse_mix("1,000:1")
    with pytest.raises(ValueError, match="could mean 1234.5"):
        parse_mix("1.234,5:1")
    for bad in ("nan:1", "inf:1", "1e400:1", "0x10:1"):
        with pytest.raises(ValueError):
            parse_mix(bad)
    assert parse_mix("2,5:1 000") == TokenMix(2.5, 1000, given=True)
