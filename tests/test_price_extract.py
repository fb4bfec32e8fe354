"""The price extract: plain JSON that answers as genai-prices does, without importing it."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnai_pay.domain.catalog import Catalog
from cnai_pay.prices import extract
from cnai_pay.prices.plain import from_library
from cnai_pay.prices.sellers import offerings
from cnai_pay.prices.table import ABOUT_NAME, DATA_NAME, MAX_PRICE_BYTES, load_bundled, load_folder, parse_providers

from .conftest import FIXTURES, MINI, TODAY

PRICES = FIXTURES / "prices"


def _extracts(kind: str) -> list[Path]:
    return sorted(extract.user_path(kind, "x").parent.glob(f"prices-{kind}-*.json"))


def _answers(catalog: Catalog, table: object) -> list[object]:
    return [offerings(catalog, table, model, TODAY) for model in catalog.models]  # type: ignore[arg-type]


def test_the_extract_gives_the_libraries_prices_on_the_fixture_table(mini: Catalog) -> None:
    assert _extracts("folder") == []
    from_library_table = load_folder(PRICES)  # no extract yet: the library validates and answers
    [written] = _extracts("folder")
    from_extract = load_folder(PRICES)  # now read from the extract
    assert from_extract.providers == from_library_table.providers
    assert (from_extract.origin, from_extract.url, from_extract.as_of) == (
        from_library_table.origin,
        from_library_table.url,
        from_library_table.as_of,
    )
    assert _answers(mini, from_extract) == _answers(mini, from_library_table)
    assert any(o.quote is not None for answer in _answers(mini, from_extract) for o in answer)  # type: ignore[attr-defined]
    assert written.stat().st_mode & 0o077 == 0


def test_the_match_rules_answer_as_the_library_does() -> None:
    library = parse_providers(json.loads((PRICES / DATA_NAME).read_text()))
    refs = [
        "nova-one",
        "NOVA-ONE",
        "orbit-2",
        "orbit-2-latest",
        "orbit-22",
        "alpha/nova-one",
        "alpha/nova-one:free",
        "x",
    ]
    for provider in library:
        plain = from_library(provider)
        for model, plain_model in zip(provider.models, plain.models, strict=True):
            assert [plain_model.is_match(r) for r in refs] == [model.is_match(r) for r in refs], model.id


def test_every_clause_kind_matches_as_the_librarys(tmp_path: Path) -> None:
    rules = [
        {"starts_with": "Ab"},
        {"ends_with": "-X"},
        {"contains": "mid"},
        {"regex": "^a.+z$"},
        {"and": [{"contains": "a"}, {"not_a_clause_of_ours": "b"}]},
    ]
    raw = [
        {
            "id": "p",
            "name": "P",
            "api_pattern": "x",
            "models": [{"id": f"m{i}", "match": rule, "prices": {}} for i, rule in enumerate(rules[:4])],
        }
    ]
    [provider] = parse_providers(raw)
    plain = from_library(provider)
    refs = ["abc", "ABZ", "q-x", "amidz", "zz"]
    for model, plain_model in zip(provider.models, plain.models, strict=True):
        assert [plain_model.is_match(r) for r in refs] == [model.is_match(r) for r in refs]
    from cnai_pay.prices.plain import MatchRuleError, clause_matches

    with pytest.raises(MatchRuleError):
        clause_matches(rules[4], "ab")


def test_a_damaged_or_stale_extract_is_ignored_and_replaced(mini: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load_folder(PRICES)
    [written] = _extracts("folder")
    good = written.read_bytes()
    body = json.loads(good)
    for damaged in (b"{not json", b"[]", json.dumps({**body, "key": "other"}).encode()):
        written.write_bytes(damaged)
        assert load_folder(PRICES).providers == expected.providers
        assert written.read_bytes() == good  # written afresh by the library's answer
    # Right shape, wrong types: a price that is text is not read as a price, and not as an error either.
    nova = next(m for m in body["providers"][0][2] if m[0] == "nova-one")
    nova[2] = nova[2].replace("0.28", '"0.28"', 1)
    written.write_text(json.dumps(body))
    table = load_folder(PRICES)
    assert table.providers != expected.providers  # the edited extract is what answers
    model = mini.model_names.find("nova-one")
    [alpha] = [o for o in offerings(mini, table, model, TODAY) if o.platform.id == "alpha"]
    assert alpha.offer_id == "nova-one" and alpha.quote is None
    written.write_bytes(good)
    # Another genai-prices release: another key, so the old extract is stale.
    monkeypatch.setattr(extract, "library_version", lambda: "0.0.1")
    load_folder(PRICES)
    assert written not in _extracts("folder") and len(_extracts("folder")) == 1


def test_an_edited_data_folder_is_not_answered_from_the_old_extract(tmp_path: Path) -> None:
    folder = tmp_path / "prices"
    shutil.copytree(PRICES, folder)
    load_folder(folder)
    data = folder / DATA_NAME
    data.write_text(data.read_text().replace("0.28", "0.29", 1))
    table = load_folder(folder)
    nova = next(m for m in table.providers["alphaprov"].models if m.id == "nova-one")
    assert nova.conditions[0].prices.input is not None and nova.conditions[0].prices.input.base == 0.29


def test_the_version_is_read_without_importing_the_library() -> None:
    assert extract.library_version() == importlib.metadata.version("genai-prices")


def test_the_shipped_extract_answers_for_the_bundled_data(
    mini: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fixture providers stand in for the library's bundled data: tests never read the shipped prices.
    providers = [from_library(p) for p in parse_providers(json.loads((PRICES / DATA_NAME).read_text()))]
    version = extract.library_version()
    assert version is not None
    key = extract.key("bundled", version)
    assert key is not None
    shipped = tmp_path / extract.SHIPPED_NAME
    shipped.write_bytes(extract.dumps(providers, key))
    monkeypatch.setattr(extract, "shipped_path", lambda: shipped)
    table = load_bundled(mini)
    assert table.providers == {p.id: p for p in providers}
    assert table.origin == f"genai-prices {version} data"
    assert _extracts("bundled") == []  # the shipped one answered: nothing written


def test_models_model_imports_neither_genai_prices_nor_httpx_once_the_extract_exists(tmp_path: Path) -> None:
    load_folder(PRICES)  # writes the extract where the child process looks (the same home)
    assert _extracts("folder")
    data = ["--data", str(MINI), "--no-profile", "--wallet", "visa"]
    code = (
        "import contextlib, io, json, sys\nfrom cnai_pay.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert main(['models', 'nova-one', *{data!r}]) == 0\n"
        f"    assert main(['routes', '--model', 'nova-one', *{data!r}]) == 0\n"
        "assert '0.28 in' in out.getvalue()\n"  # the prices were shown, from the extract
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('genai_prices', 'httpx')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_about_json_dates_the_extract_too(tmp_path: Path) -> None:
    folder = tmp_path / "prices"
    shutil.copytree(PRICES, folder)
    assert load_folder(folder).as_of is not None
    (folder / ABOUT_NAME).write_text(json.dumps({"fetched_on": "2026-11-20", "url": "https://x.example/"}))
    table = load_folder(folder)
    assert (table.as_of.isoformat() if table.as_of else None, table.url) == ("2026-11-20", "https://x.example/")


def test_prices_update_writes_the_extract_of_what_it_saved(mini: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    from cnai_pay.prices import update
    from cnai_pay.prices.table import saved_folder

    raw = (PRICES / DATA_NAME).read_bytes()
    monkeypatch.setattr(
        update, "_fetch", lambda url, timeout: ("https://x.example/", raw, parse_providers(json.loads(raw)))
    )
    update.update_prices()
    [written] = _extracts("folder")
    monkeypatch.delenv("CNAI_PAY_PRICE_DATA")
    key = extract.key(extract.folder_source(saved_folder(), (DATA_NAME, ABOUT_NAME), MAX_PRICE_BYTES))
    assert written == extract.user_path("folder", key)  # the saved copy's own extract
    assert load_folder(saved_folder()).providers == load_folder(PRICES).providers
