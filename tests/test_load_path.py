"""The fast load path: labels spelled out only on failure, file limits that grow with the catalogue,
no collection inside the load."""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnai_pay import fileio, paths
from cnai_pay.loading import DataError, cache, load_catalog, reader, validate_catalog
from cnai_pay.loading.problems import EntryLabel, Problem, entry_label

from .cache_lines import unframed
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
    problem = Problem("claims.toml", parsed["claim"].label(3), "status", "is wrong")
    assert problem.entry == "claim #4 (beta × amex)"
    assert str(problem) == "claims.toml, claim #4 (beta × amex), field 'status': is wrong"


def test_rows_name_each_entry_by_its_number_in_the_file_when_some_failed() -> None:
    rows = reader.Rows("platform")
    records = [type("Record", (), {"id": name})() for name in ("a", "b", "c", "d", "e")]
    rows.extend("platforms.toml", records[:2], 0)  # entries 0 and 1
    rows.extend("platforms.toml", records[2:3], 3)  # entry 2 failed validation
    rows.extend("platforms.toml", records[3:], 4)
    assert [str(rows.label(at)) for at in range(len(rows))] == [
        "platform #1 (a)",
        "platform #2 (b)",
        "platform #4 (c)",
        "platform #5 (d)",
        "platform #6 (e)",
    ]
    assert [(file, str(label), record) for file, label, record in rows][2] == (
        "platforms.toml",
        "platform #4 (c)",
        records[2],
    )
    rows.truncate(3)
    rows.extend("platforms.toml", records[3:4], 3)
    assert len(rows) == 4 and str(rows.label(3)) == "platform #4 (d)"
    whole = reader.Rows("dataset")
    whole.extend("dataset.toml", [records[0]], 0, array=False)
    assert whole.label(0) == "[dataset]" and whole.problem(0, "as_of", "x").entry == "[dataset]"


def test_a_later_problem_names_its_entry_after_an_entry_that_failed(mini_copy: Path) -> None:
    claims = mini_copy / "claims.toml"
    text = claims.read_text(encoding="utf-8")
    first = text.index("[[claim]]")
    second = text.index("[[claim]]", first + 1)
    entry = text[first:second]
    # The second entry is made invalid, and the first is given again at the end: a duplicate cell.
    broken = text[:second] + text[second:].replace('status = "', 'status = "maybe-', 1) + "\n" + entry
    claims.write_text(broken, encoding="utf-8")
    count = broken.count("[[claim]]")
    with pytest.raises(DataError) as raised:
        load_catalog(mini_copy, use_cache=False)
    said = [str(problem) for problem in raised.value.problems]
    assert any("claim #2" in line and "status" in line for line in said), said
    assert any(f"claim #{count} " in line and "a second claim from the same source" in line for line in said), said


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
    monkeypatch.setattr(cache, "read", watched("cache read", cache.read))
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
    # The cache of the folder is opened and refused at its header (the bytes changed), then the data parsed.
    assert stages_of("broken") == [("cache read", False), ("parse", False)]


def _outcome(folder: Path) -> Any:
    """The catalogue a folder validates into, or every problem it has, as plain text."""
    try:
        return validate_catalog(folder, today=dt.date(2026, 6, 1))
    except DataError as exc:
        return [(p.file, str(p.entry), p.field, p.message, p.line) for p in exc.problems]


def _in_pieces(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, int]:
    """The outcome with every file of one array of tables read in pieces of 256 bytes, and how many were parsed."""
    pieces = 0
    real = reader._piece

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal pieces
        pieces += 1
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(reader, "PIECE_BYTES", 256)
        patch.setattr(reader, "_piece", counted)
        return _outcome(folder), pieces


def test_files_read_in_pieces_give_the_catalogue_read_whole(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _outcome(mini_copy)
    assert not isinstance(whole, list)
    pieces, parsed = _in_pieces(mini_copy, monkeypatch)
    assert parsed >= 8  # claims, platforms and refunds, each in several pieces
    assert pieces == whole
    for name in ("claims", "platforms", "refund_claims"):
        assert getattr(pieces, name) == getattr(whole, name)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            b'\n[[claim]]\nplatform = "alpha"\nmethod = "visa"\nstatus = "maybe"\n', id="a bad entry at the end"
        ),
        pytest.param(b'\n[[claim]]\nplatform = "alpha"\nmethod = \n', id="a syntax error at the end"),
        pytest.param(b"\n[extra]\nvalue = 1\n", id="another table in a later piece"),
        pytest.param(b'\n[[claim]]\nnote = """one\n\n[[claim]]\nplatform = "x"\n"""\n', id="a header inside a string"),
        pytest.param(b"\n[[claim]]\nplatform = 'alpha'\n[claim.x]\ny = 1\n", id="a sub-table"),
        pytest.param(b"\n[[claim]]\n\xff\n", id="not UTF-8"),
    ],
)
def test_files_read_in_pieces_give_the_problems_read_whole(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    claims = mini_copy / "claims.toml"
    claims.write_bytes(claims.read_bytes() + damage)
    whole = _outcome(mini_copy)
    assert isinstance(whole, list)  # each damage is a problem
    assert _in_pieces(mini_copy, monkeypatch)[0] == whole


# Bits of TOML and of bytes that cut, open or end a statement, a string or a table where they land.
_FRAGMENTS = [
    b"\n[[claim]]\n",
    b'\n[[claim]]\nplatform = "alpha"\n',
    b"\n[[platform]]\n",
    b"\n[claim.x]\ny = 1\n",
    b"\n[other]\n",
    b'"""',
    b"'''",
    b'"',
    b"\\",
    b"\r\n",
    b"\n",
    b"#",
    b" = ",
    b"[",
    b"]",
    b"{",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff",
]
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "repeat"]),
        st.floats(0, 1),
        st.sampled_from(_FRAGMENTS),
        st.integers(1, 200),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["claims.toml", "platforms.toml", "refunds.toml"]),
    edits=_EDITS,
    size=st.sampled_from([64, 256, 1000]),
)
def test_any_edit_of_a_file_reads_the_same_in_pieces_as_whole(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch, name: str, edits: list[tuple[str, float, bytes, int]], size: int
) -> None:
    data = (MINI / name).read_bytes()
    for edit, where, fragment, length in edits:
        at = int(where * len(data))
        if edit == "insert":
            data = data[:at] + fragment + data[at:]
        elif edit == "delete":
            data = data[:at] + data[at + length :]
        else:
            data = data[:at] + data[at : at + length] + data[at:]
    (mini_copy / name).write_bytes(data)
    whole = _outcome(mini_copy)
    with monkeypatch.context() as patch:
        patch.setattr(reader, "PIECE_BYTES", size)
        assert _outcome(mini_copy) == whole


def test_a_static_array_before_the_pieces_reads_as_whole(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `claim = [...]` cannot be followed by [[claim]]: the whole file's error, not the pieces' records.
    claims = mini_copy / "claims.toml"
    claims.write_text('claim = [{platform = "alpha"}]\n\n' + claims.read_text(encoding="utf-8"), encoding="utf-8")
    whole = _outcome(mini_copy)
    assert isinstance(whole, list) and "TOML syntax error" in whole[0][3]
    assert _in_pieces(mini_copy, monkeypatch)[0] == whole


@pytest.fixture(params=["helper", "helper always late", "one core", "helper killed", "helper garbled"])
def helped(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Pieces parsed with the helper process, with one never done when asked (so pieces are parsed
    here ahead of their turn), without one, with one that dies before it answers and with answers
    that cannot be read; gives, for each answer asked for, whether the helper's was used."""
    used: list[bool] = []
    mode = request.param
    real_answer = reader._PieceHelper._answer
    if mode == "helper always late":
        monkeypatch.setattr(reader._PieceHelper, "answered", lambda self: False)
    if mode == "one core":
        monkeypatch.setattr(reader, "_cores", lambda: 1)
    if mode == "helper garbled":

        def garbled(data: bytes) -> Any:
            raise ValueError("cut short")

        monkeypatch.setattr(reader, "_HELPER_FORMATS", dict.fromkeys(reader._HELPER_FORMATS, garbled))

    def answer(self: Any) -> Any:
        if mode == "helper killed" and self.process is not None:
            self.process.kill()
            self.process.wait()
        parsed = real_answer(self)
        used.append(parsed is not None)
        return parsed

    monkeypatch.setattr(reader._PieceHelper, "_answer", answer)
    return used


def test_pieces_parsed_by_the_helper_or_here_give_the_same_catalogue_and_problems(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch, helped: list[int], request: pytest.FixtureRequest
) -> None:
    whole = _outcome(mini_copy)
    outcome, pieces = _in_pieces(mini_copy, monkeypatch)
    assert outcome == whole
    mode = request.node.callspec.params["helped"]
    assert (sum(helped) > 3) == (mode in ("helper", "helper always late"))  # some of them, or none
    if mode == "helper always late":
        assert sum(helped) < pieces - 3  # and pieces were parsed here while it was at work
    assert mode == "one core" or helped  # it was asked, whether or not its answers could be used
    claims = mini_copy / "claims.toml"
    claims.write_bytes(claims.read_bytes() + b'\n[[claim]]\nplatform = "alpha"\nmethod = \n')
    broken = _outcome(mini_copy)
    assert isinstance(broken, list) and _in_pieces(mini_copy, monkeypatch)[0] == broken


def test_the_helper_parses_what_tomli_parses_and_refuses_what_it_refuses(tmp_path: Path) -> None:
    header = b"\n[[claim]]\n"
    good = b'[[claim]]\nplatform = "alpha"\nnote = """two\nlines"""\nwhen = 2026-01-02\n'
    bad = [b"[[claim]]\nplatform = \n", b"[[claim]]\nx = '\xff'\n", b"[[claim]]\n" + b"a = " + b"[" * 5000]
    text = tmp_path / "claims.toml"
    parts = [good, *bad, good + good]
    text.write_bytes(b"".join(parts))
    places = []
    offset = 0
    for part in parts:
        places.append((part, False, offset))
        offset += len(part)
    with fileio.LimitedFile(text, offset) as file:
        helper = reader._PieceHelper.start(file.fileno())
        if helper.process is None:
            pytest.skip("one core: no helper")
        try:
            for piece in places:  # all asked for at once: a request never waits for an answer
                assert helper.send(piece)
            document, shared = helper.receive(places[0], "claim", header)
            assert document == tomli.loads(good.decode()) and shared
            for piece in places[1:4]:
                with pytest.raises(reader._NotInPieces):
                    helper.receive(piece, "claim", header)
            assert helper.process is not None  # still up after refusing text
            two = helper.receive(places[4], "claim", header)[0]["claim"]
            assert two == tomli.loads(good.decode())["claim"] * 2
            assert two[0]["platform"] is two[1]["platform"]  # one string for a name repeated
            # A piece past the end of the file, or running past it (the file was cut short since):
            # refused, not waited for.
            for piece in ((good, False, offset), (good, False, offset - 5)):
                assert helper.send(piece)
                with pytest.raises(reader._NotInPieces):
                    helper.receive(piece, "claim", header)
            assert helper.process is not None
        finally:
            helper.stop()
    assert helper.process is None


def test_reading_in_chunks_refuses_what_reading_whole_refuses(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 1000)
    assert b"".join(fileio.read_chunks(big, 1000, 64)) == big.read_bytes()
    with pytest.raises(fileio.ReadError, match="over the 999 bytes limit"):
        next(fileio.read_chunks(big, 999, 64))
    with pytest.raises(fileio.ReadError, match="not a regular file"):
        next(fileio.read_chunks(Path("/dev/zero"), 1000, 64))
    with pytest.raises(fileio.ReadError, match="it is a folder"):
        next(fileio.read_chunks(tmp_path, 1000, 64))


def test_the_cache_limit_grows_with_the_data(mini_copy: Path) -> None:
    assert cache.cache_limit(mini_copy) == fileio.DATA_LIMIT
    others = sum((mini_copy / name).stat().st_size for name in reader.FILES if name != "claims.toml")
    with (mini_copy / "claims.toml").open("ab") as claims:
        claims.truncate(fileio.DATA_LIMIT)  # sparse: no disk used
    assert cache.cache_limit(mini_copy) == cache.CACHE_PER_DATA_BYTE * (fileio.DATA_LIMIT + others)


def test_the_cache_written_a_piece_per_line_loads_whatever_the_piece(tmp_path: Path) -> None:
    catalog = validate_catalog(MINI, today=dt.date(2026, 6, 1))
    assert cache.dumps(catalog, "k") == b"".join(cache.dump_pieces(catalog, "k"))
    for per_piece in (1, 2, 3, 1000):
        data = b"".join(cache.dump_pieces(catalog, "k", per_piece))
        text = unframed(data)
        pieces = json.loads(text.split(b"\n", 1)[0])["pieces"]
        assert dict(pieces)["claims"] == -(-len(catalog.claims) // per_piece)
        assert text.count(b"\n") == 1 + sum(count for _, count in pieces)
        assert cache.loads(data, "k", MINI) == catalog


def test_a_cache_read_in_short_reads_is_the_cache_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Lines over many reads of the file (as a read of more than Linux gives at once), with either decoder.
    catalog = validate_catalog(MINI, today=dt.date(2026, 6, 1))
    folder = paths.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    path = folder / "catalog-k.json"
    path.write_bytes(b"".join(cache.dump_pieces(catalog, "k", 3)))
    for most in (1, 7, 4096, 1 << 24):
        for large_from in (0, 1 << 60):
            monkeypatch.setattr(fileio.LimitedFile, "_MOST_PER_READ", most)
            monkeypatch.setattr(cache, "MSGSPEC_FROM", large_from)
            assert cache.read(path, cache.KnownKey("k"), MINI) == catalog


@given(lines=st.lists(st.binary(max_size=30)), cut=st.integers(0, 400))
def test_lines_are_read_whole_by_their_lengths_and_a_cut_file_is_refused(lines: list[bytes], cut: int) -> None:
    data = b"".join(b"".join(cache._framed(line)) for line in lines)
    assert list(cache._lines(io.BytesIO(data).read, len(data))) == lines
    ends = list(accumulate(len(b"".join(cache._framed(line))) for line in lines))
    if 0 < cut < len(data):
        short = io.BytesIO(data[:cut])
        if cut in ends:  # cut where a line ends: a whole file of the lines before
            assert list(cache._lines(short.read, cut)) == lines[: ends.index(cut) + 1]
            return
        with pytest.raises(ValueError):
            list(cache._lines(short.read, cut))


def test_a_write_in_pieces_writes_them_all(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    fileio.atomic_write(target, iter([b"one ", b"", b"two"]), private=True)
    assert target.read_bytes() == b"one two"
    fileio.atomic_write(tmp_path / "new.json", iter([b"a", b"b"]), exclusive=True)
    assert (tmp_path / "new.json").read_bytes() == b"ab"


@pytest.fixture(params=["in a thread", "at once"])
def keyed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of working out a folder's key: in a thread (a large folder) or at once."""
    monkeypatch.setattr(cache, "_LARGE_DATA", 0 if request.param == "in a thread" else 1 << 60)
    return str(request.param)


def test_the_key_is_the_digest_however_it_is_worked_out(keyed: str, mini_copy: Path) -> None:
    key = cache.FolderKey(mini_copy)
    assert (key._thread is not None) == (keyed == "in a thread")
    assert key.get() == cache.digest(mini_copy) and key.get() == cache.digest(mini_copy)
    assert key.stamp == cache.stamp(mini_copy)


def test_new_bytes_under_the_old_stamp_are_validated_afresh(keyed: str, mini_copy: Path) -> None:
    # The cache is decoded beside the key's working out; the key, checked after, refuses it.
    load_catalog(mini_copy)
    platforms = mini_copy / "platforms.toml"
    before = platforms.stat()
    text = platforms.read_text(encoding="utf-8")
    assert 'name = "Alpha AI"' in text
    platforms.write_text(text.replace('name = "Alpha AI"', 'name = "Alpha AJ"', 1), encoding="utf-8")
    os.utime(platforms, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache.stamp(mini_copy) == cache.FolderKey(mini_copy).stamp
    assert load_catalog(mini_copy).platform_by_id["alpha"].name == "Alpha AJ"


def test_the_same_bytes_under_a_new_stamp_are_read_from_the_cache(
    keyed: str, mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_catalog(mini_copy)
    stamp = cache.stamp(mini_copy)
    os.utime(mini_copy / "claims.toml", ns=(1, 1))
    assert cache.stamp(mini_copy) != stamp
    monkeypatch.setattr(reader, "parse_entries", lambda *args: pytest.fail("validated again"))
    assert load_catalog(mini_copy) == first


def test_the_key_changes_with_the_version_and_with_any_byte_of_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache.digest(MINI, "1") != cache.digest(MINI, "2")
    # The rules of what text data may hold live in text.py: a change there must meet no old cache.
    assert any(module.name == "text.py" and module.parent.name == "cnai_pay" for module in cache._code_files())
    before = cache.digest(MINI, "1")
    code = tmp_path / "code"
    code.mkdir()
    copies = []
    for module in cache._code_files():  # three folders, each with its own __init__.py
        copies.append(code / module.parent.name / module.name)
        copies[-1].parent.mkdir(exist_ok=True)
        copies[-1].write_bytes(module.read_bytes())
    monkeypatch.setattr(cache, "_code_files", lambda: copies)
    cache.code_key.cache_clear()
    try:
        assert cache.digest(MINI, "1") == before  # the same bytes: the same key
        copies[0].write_bytes(copies[0].read_bytes() + b"\n")
        cache.code_key.cache_clear()
        assert cache.digest(MINI, "1") != before
    finally:
        cache.code_key.cache_clear()  # no key of the edited copy outlives the test


def test_a_cache_left_by_other_code_is_refused_at_its_header_and_replaced(
    keyed: str, mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As after an upgrade: the same data under the same stamp, written by another version.
    first = load_catalog(mini_copy)
    (path,) = paths.cache_dir().glob("catalog-*.json")
    lines = cache._lines(io.BytesIO(path.read_bytes()).read, path.stat().st_size)
    key = cache.FolderKey(mini_copy, version="0.0.1-other")
    assert key.stamp == cache.stamp(mini_copy) and key.code != cache.code_key(cache._version())
    taken = []

    def counted() -> Iterator[bytes]:
        for line in lines:
            taken.append(line)
            yield line

    assert cache._values(counted(), key, cache._piece_rebuilders()) is None
    assert len(taken) == 1  # the header alone: no record decoded
    monkeypatch.setattr(cache, "_version", lambda: "0.0.1-other")
    assert load_catalog(mini_copy) == first  # validated afresh, and cached for this code
    monkeypatch.setattr(reader, "parse_entries", lambda *args: pytest.fail("validated again"))
    assert load_catalog(mini_copy) == first


def test_a_failure_working_out_the_key_in_a_thread_is_raised_where_it_is_asked_for(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cache, "_LARGE_DATA", 0)

    def broken(*args: object) -> str:
        raise RuntimeError("hashing failed")

    monkeypatch.setattr(cache, "digest", broken)
    key = cache.FolderKey(mini_copy)
    with pytest.raises(RuntimeError, match="hashing failed"):
        key.get()
    assert capsys.readouterr().err == ""  # never a thread's traceback on the terminal


def test_the_helper_imports_nothing_from_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `python -c` puts its working folder first on the path: a tomli.py planted there would run.
    planted = tmp_path / "planted"
    planted.mkdir()
    marker = tmp_path / "ran"
    (planted / "tomli.py").write_text(f"open({str(marker)!r}, 'w').close()\nfrom tomllib import *\n", encoding="utf-8")
    monkeypatch.chdir(planted)
    text = tmp_path / "claims.toml"
    text.write_bytes(b'[[claim]]\nplatform = "alpha"\n')
    with fileio.LimitedFile(text, 1000) as file:
        helper = reader._PieceHelper.start(file.fileno())
        if helper.process is None:
            pytest.skip("one core: no helper")
        piece = (text.read_bytes(), False, 0)
        try:
            assert helper.send(piece)
            assert helper.receive(piece, "claim", b"\n[[claim]]\n")[0] == {"claim": [{"platform": "alpha"}]}
        finally:
            helper.stop()
    assert not marker.exists()
