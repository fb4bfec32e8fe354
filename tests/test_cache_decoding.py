"""The cache's two decoders (msgspec for big files, the standard library for small ones) rebuild
exactly the validated catalogue, and refuse every damaged or planted file instead of crashing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import gc
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cnai_pay import collector
from cnai_pay.domain.catalog import Catalog
from cnai_pay.loading import cache, load_catalog, validate_catalog

from .cache_lines import body_of, cache_of, framed, unframed
from .conftest import MINI, TODAY, assert_child_prints_ok, extended_catalog

# The size from which msgspec decodes: 0 sends every file to it, a huge one none.
DECODERS = {"msgspec": 0, "standard library": 1 << 60}
KEY = "k" * 24


@pytest.fixture(params=list(DECODERS))
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(cache, "MSGSPEC_FROM", DECODERS[request.param])
    return str(request.param)


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal and of the same types all the way down (a str enum equals its value: == alone misses it)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            same(a[k], b[k], f"{where}[{k!r}]")
    elif dataclasses.is_dataclass(a) and not isinstance(a, Catalog):
        for f in dataclasses.fields(a):
            same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    else:
        assert a == b, where


# A brand-less claim ("all major cards") scoped to regions, which the fixture lacks: the decoders
# carry its kind and its region tuple.
BRANDLESS = """[[claim]]
platform = "gamma"
kind = "card_network"
status = "supported"
note = "All major cards are accepted."
source = "guide"
basis = "stated"
regions = ["DE", "AT"]
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cache") / "data"
    shutil.copytree(MINI, target)
    extended_catalog(target, {"claims.toml": BRANDLESS})
    return target


@pytest.fixture(scope="module")
def validated(folder: Path) -> Catalog:
    """Read only: a cell asked of it would fill its cache of cells, which equality compares."""
    return validate_catalog(folder, today=TODAY)


def test_each_decoder_rebuilds_the_validated_catalogue(decoder: str, validated: Catalog, folder: Path) -> None:
    loaded = cache.loads(cache.dumps(validated, KEY), KEY, folder)
    assert loaded is not None and loaded == validated
    for f in dataclasses.fields(Catalog):
        if f.init and f.name != "folder":
            same(getattr(loaded, f.name), getattr(validated, f.name), f.name)
    # The indexes built from the records: the same cells, claims in the same order.
    fresh = validate_catalog(folder, today=TODAY)
    for platform in validated.platforms:
        for method in validated.methods:
            for country in (None, "DE", "US"):
                assert loaded.cell(platform.id, method.id, country) == fresh.cell(platform.id, method.id, country)
    assert loaded._claims_by_cell == fresh._claims_by_cell


def test_the_fixture_exercises_what_the_decoders_convert(validated: Catalog) -> None:
    # A guard on the test above: dates, undated pages, kinds, regions and nested records are all there.
    assert any(s.page_date == "undated" for s in validated.sources.values())
    assert any(isinstance(s.page_date, dt.date) for s in validated.sources.values())
    assert any(c.kind is not None for c in validated.claims) and any(c.regions for c in validated.claims)
    assert any(c.except_regions for c in validated.claims)
    assert validated.models and validated.own_prices and validated.price_data is not None


def test_the_cache_is_plain_json_of_objects(validated: Catalog) -> None:
    data = cache.dumps(validated, KEY)
    text = unframed(data)  # each line after its length
    assert framed(text) == data and all(json.loads(line) is not None for line in text.splitlines())
    body = body_of(data)
    assert body["format"] == cache.FORMAT and body["key"] == KEY
    claim = body["claims"][0]
    assert isinstance(claim, dict) and set(claim) == {f.name for f in dataclasses.fields(validated.claims[0])}
    assert body["dataset"]["as_of"] == validated.dataset.as_of.isoformat()


def _first(items: dict[str, Any]) -> dict[str, Any]:
    return next(iter(items.values()))


# Each takes the body of a good cache and damages it in place.
DAMAGE: dict[str, Callable[[dict[str, Any]], Any]] = {
    # wrong shapes
    "no claims": lambda b: b.pop("claims"),
    "an unknown field": lambda b: b.update(extra=[]),
    "a record as a list of its fields (format 1)": lambda b: b.update(claims=[list(c.values()) for c in b["claims"]]),
    "a list for the dataset": lambda b: b.update(dataset=[]),
    "a list for the sources": lambda b: b.update(sources=list(b["sources"].values())),
    "a claim without its status": lambda b: b["claims"][0].pop("status"),
    "a claim of a string": lambda b: b["claims"].__setitem__(0, "claim"),
    "a platform's aliases as text": lambda b: b["platforms"][0].update(also_known_as="BetaNet"),
    "a source without its page date": lambda b: _first(b["sources"]).pop("page_date"),
    "an unknown field in a source": lambda b: _first(b["sources"]).update(planted=1),
    # wrong types
    "a number for a name": lambda b: b["platforms"][0].update(name=5),
    "text for a flag": lambda b: b["claims"][0].update(from_prose="yes"),
    "a float for a whole number": lambda b: b["dataset"].update(schema_version=1.5),
    "a flag for a whole number": lambda b: b["dataset"].update(schema_version=True),
    "an unknown status": lambda b: b["claims"][0].update(status="maybe"),
    "an unknown kind of source": lambda b: _first(b["sources"]).update(kind="rumour"),
    "an unknown provider topic": lambda b: b["provider_facts"][0].update(topic="gossip"),
    "a page date that is neither a date nor undated": lambda b: _first(b["sources"]).update(page_date="someday"),
    "a day number for a date (format 1)": lambda b: b["dataset"].update(as_of=739000),
    "a date of the wrong form": lambda b: _first(b["sources"]).update(read_on="2026/05/30"),
    "an impossible date": lambda b: b["dataset"].update(as_of="2026-02-30"),
    "a number for a region": lambda b: b["claims"][0].update(regions=[49]),
    # huge numbers
    "a date past the year 9999": lambda b: b["dataset"].update(as_of="99999-01-01"),
    "a page date past the year 9999": lambda b: _first(b["sources"]).update(page_date="10000-01-01"),
    "an infinite amount": lambda b: b["billing"][0].update(minimum=float("inf")),
    "not a number": lambda b: b["fees"][0].update(percent=float("nan")),
}


def _damaged(validated: Catalog, damage: Callable[[dict[str, Any]], Any]) -> bytes:
    body = body_of(cache.dumps(validated, KEY))
    damage(body)
    return cache_of(body)  # NaN and Infinity as json writes them


def test_an_undamaged_body_written_back_loads(decoder: str, validated: Catalog, folder: Path) -> None:
    # A guard on the damage below: the round trip through a dict alone is not what refuses them.
    assert cache.loads(cache_of(body_of(cache.dumps(validated, KEY))), KEY, folder) == validated


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_or_planted_cache_is_refused(decoder: str, validated: Catalog, damage: str) -> None:
    assert cache.loads(_damaged(validated, DAMAGE[damage]), KEY, MINI) is None


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"\xff\xfe",
        b"[]",
        b"null",
        b'"cnai-pay catalogue cache 2"',
        b'{"format": "cnai-pay catalogue cache 2"}',
        b'{"format": "cnai-pay catalogue cache 1", "key": "K"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "cnai-pay catalogue cache 2", "key": "K", "dataset": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        # A whole number of 5,000 digits, and a float past the largest.
        b'{"format": "cnai-pay catalogue cache 2", "key": "K", "dataset": {"schema_version": 1' + b"0" * 5000 + b"}}",
        b'{"format": "cnai-pay catalogue cache 2", "key": "K", "billing": [{"minimum": 1e400}]}',
    ],
    ids=lambda text: repr(text[:40]),
)
def test_files_that_are_no_cache_are_refused(decoder: str, text: bytes) -> None:
    text = text.replace(b"K", KEY.encode())
    assert cache.loads(text, KEY, MINI) is None
    assert cache.loads(framed(text + b"\n"), KEY, MINI) is None  # as a line of the cache


def _header(data: bytes, change: Callable[[dict[str, Any]], Any]) -> bytes:
    first, rest = data.split(b"\n", 1)
    header = json.loads(first)
    change(header)
    return json.dumps(header).encode() + b"\n" + rest


def _piece(header: dict[str, Any], name: str) -> list[Any]:
    return next(piece for piece in header["pieces"] if piece[0] == name)


def _count(header: dict[str, Any], name: str, count: Any) -> None:
    _piece(header, name)[1] = count


# Each takes the lines of a good cache (without their lengths), its lists two records to a line,
# and breaks the lines or their header; the lengths are then written to match.
BROKEN_LINES: dict[str, Callable[[bytes], bytes]] = {
    "a line fewer than the header says": lambda d: _header(d, lambda h: _piece(h, "claims").__setitem__(1, 99)),
    "a line more than the header says": lambda d: d + b"[]\n",
    "an empty line": lambda d: d.replace(b"\n", b"\n\n", 2),
    "lines ended by CR LF": lambda d: d.replace(b"\n", b"\r\n"),
    "a line cut in two": lambda d: d.replace(b'","', b'",\n"', 1),
    "two lines for the dataset": lambda d: _header(d, lambda h: _count(h, "dataset", 2)),
    "no line for the claims": lambda d: _header(d, lambda h: _count(h, "claims", 0)),
    "a negative count": lambda d: _header(d, lambda h: _count(h, "claims", -1)),
    "a count that is a flag": lambda d: _header(d, lambda h: _count(h, "dataset", True)),
    "a count that is text": lambda d: _header(d, lambda h: _count(h, "dataset", "1")),
    "a huge count": lambda d: _header(d, lambda h: _count(h, "steps", 10**30)),
    "a field named twice": lambda d: _header(d, lambda h: h["pieces"].append(h["pieces"][0])),
    "a piece of three items": lambda d: _header(d, lambda h: h["pieces"][0].append(1)),
    "an unknown field": lambda d: _header(d, lambda h: h["pieces"].__setitem__(0, ["planted", 1])),
    "a required field left out": lambda d: _header(d, lambda h: h.update(pieces=h["pieces"][1:])),
    "no pieces": lambda d: _header(d, lambda h: h.pop("pieces")),
    "pieces of a mapping": lambda d: _header(d, lambda h: h.update(pieces=dict(h["pieces"]))),
    "a header field more": lambda d: _header(d, lambda h: h.update(note="x")),
    "the header as a list": lambda d: (
        json.dumps(list(json.loads(d.split(b"\n", 1)[0]).values())).encode() + b"\n" + d.split(b"\n", 1)[1]
    ),
    "the fields out of the header's order": lambda d: _header(
        d, lambda h: h.update(pieces=[h["pieces"][1], h["pieces"][0], *h["pieces"][2:]])
    ),
}


def _length(data: bytes, change: Callable[[int], bytes]) -> bytes:
    """`data` with the first line's length written as `change` makes it of the true one."""
    return change(int(data[:12])) + data[12:]


# Each takes a good cache, its lists two records to a line, and breaks how its lines are framed.
BROKEN_FRAMES: dict[str, Callable[[bytes], bytes]] = {
    "no new line after the last": lambda d: d[:-1],
    "text after the last line": lambda d: d + b"[]",
    "a line after the last without its length": lambda d: d + b"[]\n",
    "a length one short": lambda d: _length(d, lambda n: b"%012d" % (n - 1)),
    "a length one long": lambda d: _length(d, lambda n: b"%012d" % (n + 1)),
    "a length past the end of the file": lambda d: _length(d, lambda n: b"9" * 12),
    "a length of eleven digits": lambda d: _length(d, lambda n: b"%011d" % n),
    "a length of thirteen digits": lambda d: _length(d, lambda n: b"%013d" % n),
    "a length with a sign": lambda d: _length(d, lambda n: b"+%011d" % n),
    "a length in hex": lambda d: _length(d, lambda n: b"%012x" % n),
    "a length padded with spaces": lambda d: _length(d, lambda n: b"%12d" % n),  # int() would take it
    "a tab after the length": lambda d: d[:12] + b"\t" + d[13:],
    "a line's new line a space": lambda d: d.replace(b"\n", b" ", 1),
    "the lines without their lengths (format 3)": lambda d: unframed(d).replace(b" cache 4", b" cache 3", 1),
    "the whole file one object (format 2)": lambda d: json.dumps(body_of(d) | {"format": FORMAT_2}).encode(),
}
FORMAT_2 = "cnai-pay catalogue cache 2"


def test_the_lines_broken_below_are_of_a_cache_that_loads(decoder: str, validated: Catalog, folder: Path) -> None:
    data = b"".join(cache.dump_pieces(validated, KEY, per_piece=2))
    header = json.loads(unframed(data).split(b"\n", 1)[0])
    assert _piece(header, "claims")[1] > 2 and header["pieces"][0][0] == "dataset"
    assert cache.loads(data, KEY, folder) == validated


@pytest.mark.parametrize("broken", list(BROKEN_LINES))
def test_a_cache_whose_lines_are_broken_is_refused(decoder: str, validated: Catalog, broken: str) -> None:
    data = unframed(b"".join(cache.dump_pieces(validated, KEY, per_piece=2)))
    damaged = BROKEN_LINES[broken](data)
    assert damaged != data
    assert cache.loads(framed(damaged), KEY, MINI) is None


@pytest.mark.parametrize("broken", list(BROKEN_FRAMES))
def test_a_cache_whose_lines_are_framed_wrong_is_refused(decoder: str, validated: Catalog, broken: str) -> None:
    data = b"".join(cache.dump_pieces(validated, KEY, per_piece=2))
    damaged = BROKEN_FRAMES[broken](data)
    assert damaged != data
    assert cache.loads(damaged, KEY, MINI) is None


def test_huge_numbers_out_of_every_range_are_refused(decoder: str, validated: Catalog) -> None:
    text = unframed(cache.dumps(validated, KEY))
    minimum = json.dumps(body_of(framed(text))["billing"][0]["minimum"]).encode()
    assert b'"minimum":' + minimum in text
    for huge in (b"1e400", b"-1e400", b"1" + b"0" * 400):
        planted = framed(text.replace(b'"minimum":' + minimum, b'"minimum":' + huge, 1))
        assert cache.loads(planted, KEY, MINI) is None


def test_the_wrong_key_or_format_is_refused(decoder: str, validated: Catalog) -> None:
    text = cache.dumps(validated, KEY)
    assert cache.loads(text, "another key", MINI) is None
    older = framed(unframed(text).replace(cache.FORMAT.encode(), b"cnai-pay catalogue cache 1"))
    assert older != text and cache.loads(older, KEY, MINI) is None


def test_a_refused_cache_is_validated_afresh_and_replaced(validated: Catalog, folder: Path) -> None:
    from cnai_pay import paths

    key = cache.digest(folder)
    assert key is not None
    path = cache.cache_path(paths.cache_dir(), folder)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_bytes(
        framed(unframed(_damaged(validated, DAMAGE["an unknown status"])).replace(KEY.encode(), key.encode()))
    )
    assert load_catalog(folder) == validated
    assert cache.read(path, cache.KnownKey(key), folder) == validated  # the damaged file was replaced by a good one


def test_both_decoders_take_only_what_msgspec_takes(validated: Catalog) -> None:
    # Every field msgspec cannot decode is rebuilt, and checked, in Python: today the sources only.
    decoders = cache._piece_decoders()
    rebuilt = {name for name, decode in decoders.items() if isinstance(decode, functools.partial)}
    assert rebuilt == {"sources", "price_sources"} and set(decoders) == set(cache._piece_rebuilders())


def test_a_small_cache_loads_without_msgspec(tmp_path: Path) -> None:
    """The shipped data's size: start-up never imports msgspec for it."""
    data = cache.dumps(validate_catalog(MINI), KEY)
    assert len(data) < cache.MSGSPEC_FROM
    file = tmp_path / "cache.json"
    file.write_bytes(data)
    code = (
        "import sys, pathlib\n"
        "from cnai_pay.loading import cache\n"
        f"catalog = cache.loads(pathlib.Path({str(file)!r}).read_bytes(), {KEY!r}, pathlib.Path({str(MINI)!r}))\n"
        "assert catalog is not None and 'msgspec' not in sys.modules\n"
        "print('ok')\n"
    )
    assert_child_prints_ok(code)


def test_what_a_paused_collector_saw_built_goes_to_the_oldest_generation() -> None:
    """No young collection walks a freshly loaded catalogue only to promote it (in a child: freezing
    is the whole process's, and the app tests freeze theirs)."""
    code = (
        "import gc\n"
        "from cnai_pay.collector import collector_paused, freeze_for_good\n"
        "gc.enable()\n"
        "with collector_paused():\n"
        "    built = [[] for _ in range(50_000)]\n"
        "assert gc.isenabled() and gc.get_freeze_count() == 0\n"
        "assert gc.get_count()[0] < 100, gc.get_count()\n"
        "oldest = {id(o) for o in gc.get_objects(generation=2)}\n"
        "assert id(built) in oldest and id(built[-1]) in oldest\n"
        "freeze_for_good()\n"  # frozen objects already (the app, once drawn): left as they are
        "frozen = gc.get_freeze_count()\n"
        "with collector_paused():\n"
        "    more = [[] for _ in range(1000)]\n"
        "assert gc.get_freeze_count() == frozen\n"
        # Counting the frozen objects walks them all: a paused collector never does.
        "gc.get_freeze_count = None\n"
        "with collector_paused():\n"
        "    more = [[] for _ in range(1000)]\n"
        "print('ok')\n"
    )
    assert_child_prints_ok(code)


def test_the_collector_is_restored_when_it_was_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_enum_values_round_trip_as_members(decoder: str, validated: Catalog) -> None:
    loaded = cache.loads(cache.dumps(validated, KEY), KEY, MINI)
    assert loaded is not None
    assert all(isinstance(c.status, enum.Enum) and isinstance(c.basis, enum.Enum) for c in loaded.claims)
