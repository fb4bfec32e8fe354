"""The stylesheets parsed at build time: the same rules as parsing, taken only when they apply, and
only from a file the package's own owner made."""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from cnai_pay.tui import css_build, parsed_css, textual_fixes
from cnai_pay.tui.theme import DARK, LIGHT

TEXTUAL = textual_fixes.textual_version()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parsed")
    folder.chmod(0o755)
    path = folder / parsed_css.PARSED_NAME
    assert css_build.write(path, TEXTUAL) > 50
    path.chmod(0o644)
    return path


@pytest.fixture
def from_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Point the module at a file of the test's choosing, read afresh."""

    def use(path: Path) -> None:
        monkeypatch.setattr(parsed_css, "HERE", path.parent)
        monkeypatch.setattr(parsed_css, "PARSED_NAME", path.name)
        monkeypatch.setattr(parsed_css, "_entries", None)

    yield use


def parsed_from_text(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every source Textual's parser is handed from now on (its place)."""
    handed: list[tuple[str, str]] = []
    original = textual_stylesheet.parse

    def counted(scope: str, css: str, read_from: Any, *args: Any, **kwargs: Any) -> Any:
        handed.append(read_from)
        return original(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return handed


def described(rules: list[Any]) -> list[tuple[Any, ...]]:
    # Each rule's selectors, its declarations (values by repr: a layout has no equality of its own)
    # and where it stands in the cascade.
    return [
        (
            rule.selectors,
            sorted((name, repr(value)) for name, value in rule.styles.get_rules().items()),
            rule.styles.important,
            rule.is_default_rules,
            rule.tie_breaker,
            sorted(rule.selector_names),
            sorted(rule.pseudo_classes),
        )
        for rule in rules
    ]


def test_the_built_rules_are_the_rules_textual_parses(built: Path) -> None:
    entries = parsed_css.read_entries(built, TEXTUAL)
    sources = list(dict.fromkeys(css_build.sources()))
    assert sources and len(entries) == 2 * len(sources)
    for variables in css_build.theme_variables():
        stylesheet = Stylesheet(variables=variables)
        for css, read_from, is_default, tie_breaker, scope in sources:
            key = parsed_css.source_key(
                css, read_from, is_default, tie_breaker, scope, parsed_css.variables_key(variables)
            )
            expected = parsed_css._original_parse_rules(stylesheet, css, read_from, is_default, tie_breaker, scope)
            assert described(parsed_css.pickle.loads(entries[key])) == described(expected), read_from


def test_the_themes_variables_are_the_ones_the_app_sets(app_factory: Any) -> None:
    app = app_factory()
    for theme, variables in zip((DARK, LIGHT), css_build.theme_variables(), strict=True):
        app._start_with_theme(theme.name)
        assert app.stylesheet._variables == variables


def test_a_source_is_taken_only_with_its_text_place_and_variables(built: Path, from_file: Any) -> None:
    from_file(built)
    css, read_from, is_default, tie_breaker, scope = next(
        source for source in css_build.sources() if source[1][1] == "Button.DEFAULT_CSS"
    )
    (dark, light) = css_build.theme_variables()
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, dark)
    # Fresh objects each time, as a parse gives.
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, dark) is not parsed_css.parsed(
        css, read_from, is_default, tie_breaker, scope, dark
    )
    # Installed elsewhere: the same file name and text in another folder.
    assert parsed_css.parsed(css, ("/elsewhere/_button.py", read_from[1]), is_default, tie_breaker, scope, light)
    assert parsed_css.parsed(css + "\nButton { width: 3; }", read_from, is_default, tie_breaker, scope, dark) is None
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker - 1, scope, dark) is None
    assert parsed_css.parsed(css, read_from, not is_default, tie_breaker, scope, dark) is None
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, "", dark) is None
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, {**dark, "primary": "#000000"}) is None
    # The same dict changed in place, at the same length, is another theme too.
    changing = dict(dark)
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, changing)
    changing["primary"] = "#000000"
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, changing) is None


async def test_a_start_with_the_built_file_parses_nothing_and_draws_the_same(
    built: Path, from_file: Any, app_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from . import parsed_css as suite_cache

    pictures: list[str] = []
    handed: list[list[tuple[str, str]]] = []
    for path in (built.parent / "absent", built):
        from_file(path)
        monkeypatch.setattr(suite_cache, "_parsed", {})  # the suite's own cache, emptied: a real start
        handed.append(parsed_from_text(monkeypatch))
        app = app_factory()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")  # a screen of its own, with its widgets' styles
            await pilot.pause()
            await pilot.press("escape")
            await pilot.press("m")  # the models pane: a stylesheet file of its own, read as it opens
            await pilot.pause()
            pictures.append(app.export_screenshot())
    without, with_file = handed
    assert len(without) > 10 and any(place[0].endswith("models.tcss") for place in without)
    assert with_file == []
    assert pictures[0] == pictures[1]


def write_raw(path: Path, data: Any, mode: int = 0o644) -> Path:
    path.write_bytes(marshal.dumps(data))
    path.chmod(mode)
    return path


def test_a_file_that_is_not_the_builds_is_ignored(built: Path, tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    good = parsed_css.read_entries(built, TEXTUAL)
    assert good
    assert parsed_css.read_entries(built, "0.0.1") == {}  # built for another Textual
    assert parsed_css.read_entries(tmp_path / "absent", TEXTUAL) == {}
    entries = {"format": parsed_css.FORMAT, "textual": TEXTUAL, "entries": good}
    assert parsed_css.read_entries(write_raw(tmp_path / "copy", entries), TEXTUAL) == good
    assert parsed_css.read_entries(write_raw(tmp_path / "format", {**entries, "format": "x"}), TEXTUAL) == {}
    assert parsed_css.read_entries(write_raw(tmp_path / "list", [entries]), TEXTUAL) == {}
    odd = {**entries, "entries": {"a": 1, 2: b"x", "b": b"y"}}
    assert parsed_css.read_entries(write_raw(tmp_path / "odd", odd), TEXTUAL) == {"b": b"y"}
    cut = tmp_path / "cut"
    cut.write_bytes(marshal.dumps(entries)[:1000])
    cut.chmod(0o644)
    assert parsed_css.read_entries(cut, TEXTUAL) == {}
    noise = tmp_path / "noise"
    noise.write_bytes(os.urandom(4096))
    noise.chmod(0o644)
    assert parsed_css.read_entries(noise, TEXTUAL) == {}


def test_a_file_others_could_have_written_is_never_unpickled(built: Path, tmp_path: Path) -> None:
    entries = {"format": parsed_css.FORMAT, "textual": TEXTUAL, "entries": parsed_css.read_entries(built, TEXTUAL)}
    tmp_path.chmod(0o755)
    assert parsed_css.read_entries(write_raw(tmp_path / "group", entries, 0o664), TEXTUAL) == {}
    assert parsed_css.read_entries(write_raw(tmp_path / "world", entries, 0o646), TEXTUAL) == {}
    plain = write_raw(tmp_path / "plain", entries)
    (tmp_path / "link").symlink_to(plain)
    assert parsed_css.read_entries(tmp_path / "link", TEXTUAL) == {}
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert parsed_css.read_entries(fifo, TEXTUAL) == {}  # and no wait for a writer
    tmp_path.chmod(0o777)
    assert parsed_css.read_entries(plain, TEXTUAL) == {}
    tmp_path.chmod(0o755)
    assert parsed_css.read_entries(plain, TEXTUAL)


def test_a_file_as_open_as_the_modules_beside_it_is_read(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Installed under umask 002 (a group of one's own): the modules are group-writable too.
    entries = {"format": parsed_css.FORMAT, "textual": TEXTUAL, "entries": parsed_css.read_entries(built, TEXTUAL)}
    module = tmp_path / "parsed_css.py"
    module.write_text("")
    module.chmod(0o664)
    tmp_path.chmod(0o775)
    monkeypatch.setattr(parsed_css, "__file__", str(module))
    assert parsed_css.read_entries(write_raw(tmp_path / "group", entries, 0o664), TEXTUAL)
    # Still never one others may write that the module's own writers may not.
    assert parsed_css.read_entries(write_raw(tmp_path / "world", entries, 0o666), TEXTUAL) == {}


def test_a_damaged_entry_is_parsed_from_its_text(built: Path, tmp_path: Path, from_file: Any) -> None:
    tmp_path.chmod(0o755)
    good = parsed_css.read_entries(built, TEXTUAL)
    damaged = {key: value[: len(value) // 2] for key, value in good.items()}
    path = write_raw(tmp_path / "damaged", {"format": parsed_css.FORMAT, "textual": TEXTUAL, "entries": damaged})
    from_file(path)
    css, read_from, is_default, tie_breaker, scope = next(iter(css_build.sources()))
    (dark, _) = css_build.theme_variables()
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, dark) is None


@pytest.mark.parametrize("other", [[1, 2, 3], ["a"], [None], []])
def test_an_entry_that_is_not_textuals_rules_is_parsed_from_its_text(
    other: list[Any], built: Path, tmp_path: Path, from_file: Any
) -> None:
    tmp_path.chmod(0o755)
    good = parsed_css.read_entries(built, TEXTUAL)
    planted = {key: parsed_css.pickle.dumps(other) for key in good}
    path = write_raw(tmp_path / "planted", {"format": parsed_css.FORMAT, "textual": TEXTUAL, "entries": planted})
    from_file(path)
    css, read_from, is_default, tie_breaker, scope = next(iter(css_build.sources()))
    (dark, _) = css_build.theme_variables()
    assert parsed_css.parsed(css, read_from, is_default, tie_breaker, scope, dark) is None
