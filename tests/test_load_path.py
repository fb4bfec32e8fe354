"""The fast load path: labels spelled out only on failure, file limits that grow with the catalogue,
no collection inside the load."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
import tomli

from cnai_pay import fileio
from cnai_pay.loading import DataError, cache, load_catalog, reader
from cnai_pay.loading.problems import EntryLabel, Problem, entry_label

from .conftest import MINI


def test_a_valid_entrys_label_reads_as_the_one_built_from_the_file() -> None:
    problems: list[Problem] = []
    parsed = reader.parse_entries(MINI, problems, defaultdict(set))
    assert not problems
    checked = 0
    for file, tables in reader.FILES.items():
        document = tomli.loads((MINI / file).read_text(encoding="utf-8"))
        for table, _, is_array in tables:
            if not is_array:
                continue
            for index, (_, label, _) in enumerate(parsed[table]):
                assert isinstance(label, EntryLabel)
                assert str(label) == entry_label(table, index, document[table][index])
                checked += 1
    assert checked > 40


def test_a_problem_holds_its_entry_as_text() -> None:
    problems: list[Problem] = []
    parsed = reader.parse_entries(MINI, problems, defaultdict(set))
    _, label, _ = parsed["claim"][3]
    problem = Problem("claims.toml", label, "status", "is wrong")
    assert problem.entry == "claim #4 (beta × amex)"
    assert str(problem) == "claims.toml, claim #4 (beta × amex), field 'status': is wrong"


def test_the_file_limit_grows_with_the_platforms(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = (mini_copy / "claims.toml").stat().st_size
    platforms = len(load_catalog(mini_copy, use_cache=False).platforms)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", claims - 1)
    monkeypatch.setattr(reader, "BYTES_PER_PLATFORM", claims // platforms + 1)
    assert len(load_catalog(mini_copy, use_cache=False).platforms) == platforms
    monkeypatch.setattr(reader, "BYTES_PER_PLATFORM", (claims - 1) // platforms)
    with pytest.raises(DataError) as error:
        load_catalog(mini_copy, use_cache=False)
    assert [(p.file, p.message) for p in error.value.problems] == [
        ("claims.toml", f"is {fileio.size_text(claims)}, over the {fileio.size_text(claims - 1)} limit")
    ]


def test_no_collection_inside_the_load_and_the_collector_restored(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The collector is off at every stage of a load (parsing, reading or writing the cache);
    # it may run once it is back on, after the load.
    seen: list[tuple[str, bool]] = []

    def watched(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(reader, "parse_entries", watched("parse", reader.parse_entries))
    monkeypatch.setattr(cache, "loads", watched("cache read", cache.loads))
    monkeypatch.setattr(cache, "write", watched("cache write", cache.write))

    def stages_of(load: str) -> list[tuple[str, bool]]:
        seen.clear()
        with pytest.raises(DataError) if load == "broken" else nullcontext():
            load_catalog(mini_copy)
        assert gc.isenabled()
        return seen[:]

    gc.enable()
    assert stages_of("validates and writes the cache") == [("parse", False), ("cache write", False)]
    assert stages_of("from the cache") == [("cache read", False)]
    (mini_copy / "platforms.toml").write_text("not toml [", encoding="utf-8")
    assert stages_of("broken") == [("parse", False)]
