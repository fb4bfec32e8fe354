"""The catalogue cache is data, never code, and only ever the user's own."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnai_pay import paths
from cnai_pay.domain.model import CONTROL_CHARACTERS
from cnai_pay.loading import DataError, cache, load_catalog, validate_catalog

from .cache_lines import body_of, cache_of, framed, unframed
from .conftest import MINI, assert_child_prints_ok


class _Payload:
    """Unpickling this writes a marker file: proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def test_the_cache_round_trips_to_an_equal_catalogue() -> None:
    catalog = validate_catalog(MINI)
    data = cache.dumps(catalog, "key")
    for line in unframed(data).splitlines():
        json.loads(line)  # plain JSON, nothing else, each line after its length
    assert cache.loads(data, "key", MINI) == catalog
    assert cache.loads(data, "other key", MINI) is None


def test_a_planted_cache_file_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    key = cache.digest(MINI)
    assert key is not None
    folder = paths.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    payload = pickle.dumps(_Payload(marker))
    # Under every name the cache has used, and in place of the JSON file itself.
    for name in (f"catalog-{key}.pickle", f"catalog-{key}.json", cache.cache_path(folder, MINI).name):
        (folder / name).write_bytes(payload)
    assert load_catalog(MINI) == validate_catalog(MINI)
    assert not marker.exists()
    # The planted file was replaced by a real cache, which the next start reads.
    assert cache.read(cache.cache_path(folder, MINI), cache.KnownKey(key), MINI) == validate_catalog(MINI)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b"{",
        b'{"format": 1}',
        b"\xff\xfe",
        b'{"format":"cnai-pay catalogue cache 2","key":"K"}',
        b'{"format":"cnai-pay catalogue cache 5","key":"K","stamp":"","code":"","pieces":[]}\n',
        b'{"format":"cnai-pay catalogue cache 5","key":"K","stamp":"","code":"","pieces":[["dataset",1]]}\n{}\n',
    ],
)
def test_a_damaged_cache_is_validated_afresh(body: bytes) -> None:
    key = cache.digest(MINI)
    assert key is not None
    path = cache.cache_path(paths.cache_dir(), MINI)
    path.parent.mkdir(parents=True, mode=0o700)
    for planted in (body, framed(body if body.endswith(b"\n") else body + b"\n")):
        path.write_bytes(planted.replace(b"K", key.encode()))
        assert load_catalog(MINI) == validate_catalog(MINI)


def _plant_altered_cache(folder: Path, key: str) -> None:
    """A well-formed cache that says something the data does not: used only if trusted."""
    body = body_of(cache.dumps(validate_catalog(MINI), key, code=cache.code_key(cache._version())))
    body["dataset"]["title"] = "Planted title"
    cache.cache_path(folder, MINI).write_bytes(cache_of(body))


def _planted_folder(mode: int) -> Path:
    """The cache folder, made with `mode`, holding a well-formed cache the data does not back."""
    key = cache.digest(MINI)
    assert key is not None
    folder = paths.cache_dir()
    folder.mkdir(parents=True)
    folder.chmod(mode)
    _plant_altered_cache(folder, key)
    return folder


def test_an_altered_cache_in_a_private_folder_is_read() -> None:
    # A guard on the two below: the planted file is a well-formed cache, refused for its folder alone.
    _planted_folder(0o700)
    assert load_catalog(MINI).dataset.title == "Planted title"


def test_a_cache_folder_others_may_write_is_refused() -> None:
    folder = _planted_folder(0o777)
    assert load_catalog(MINI).dataset.title != "Planted title"
    assert cache.folder_refusal(folder)


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_cache_folder_another_user_owns_is_refused() -> None:
    folder = _planted_folder(0o700)
    os.chown(folder, 65534, 65534)
    assert load_catalog(MINI).dataset.title != "Planted title"
    assert "not yours" in cache.folder_refusal(folder)


def test_the_cache_is_written_for_this_user_only() -> None:
    load_catalog(MINI)
    (written,) = paths.cache_dir().glob("catalog-*.json")
    assert written.stat().st_mode & 0o077 == 0


def test_shipped_data_prevalidated_starts_without_pydantic(tmp_path: Path) -> None:
    """The wheel's pre-validated data gives the same catalogue as validating, without pydantic or TOML."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    # Written as the wheel's build writes it.
    cache.write_prebuilt(data, data / cache.PREBUILT_NAME, cache._version())
    code = (
        "import sys, pathlib\n"
        "from cnai_pay import paths\n"
        f"paths.shipped_data_dir = lambda: pathlib.Path({str(data)!r})\n"
        "from cnai_pay.loading import load_catalog\n"
        "catalog = load_catalog(None)\n"
        "assert 'pydantic' not in sys.modules and 'tomllib' not in sys.modules, sorted(sys.modules)\n"
        "from cnai_pay.loading import validate_catalog\n"
        "assert catalog == validate_catalog(catalog.folder)\n"
        "print('ok')\n"
    )
    assert_child_prints_ok(code)
    # No cache was written: nothing was validated.
    assert not list(paths.cache_dir().glob("catalog-*"))


CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


@settings(max_examples=300, deadline=None)
@given(text=st.text(), ascii_only=st.booleans())
def test_cache_text_is_clean_exactly_when_it_holds_no_control_character(text: str, ascii_only: bool) -> None:
    # Raw (UTF-8) and escaped (\uXXXX, \r, \b, \f) forms alike, as JSON writers produce them.
    data = json.dumps({"name": text}, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    assert cache.holds_clean_text(data) == (CONTROL.search(text) is None)


@pytest.mark.parametrize("hostile", ["\x1b]0;PWNED\x07", "\x1b[7m", "\u202eabc", "a\u200bb", "\r", "\x85", "\x7f"])
def test_a_well_formed_cache_with_control_characters_is_validated_afresh(hostile: str) -> None:
    key = cache.digest(MINI)
    assert key is not None
    body = body_of(cache.dumps(validate_catalog(MINI), key))
    body["platforms"][0]["name"] = "Alpha" + hostile
    path = cache.cache_path(paths.cache_dir(), MINI)
    path.parent.mkdir(parents=True, mode=0o700)
    for ascii_only in (True, False):
        path.write_bytes(cache_of(body, ensure_ascii=ascii_only))
        assert load_catalog(MINI) == validate_catalog(MINI)


@pytest.mark.parametrize("escaped", [b"\\ud800", b"\\udc00", b"\\ud83d\\u0041", b"\\ud83d\\ude00\\u0007"])
def test_a_cache_with_a_broken_surrogate_escape_is_refused(escaped: bytes) -> None:
    body = unframed(cache.dumps(validate_catalog(MINI), "key"))
    planted = body.replace(b'"Alpha AI"', b'"Al' + escaped + b'pha AI"', 1)
    assert planted != body and cache.holds_clean_text(body)
    assert cache.holds_clean_text(planted) is False
    assert cache.holds_clean_text(b'{"name":"\\ud83d\\ude00 \\\\ud800"}')  # a pair, and a written backslash


def test_the_data_check_refuses_an_invisible_character_in_a_model_alias(mini_copy: Path) -> None:
    models = mini_copy / "models.toml"
    models.write_text(models.read_text().replace('"orbit two"', '"orbit\\u200btwo"'))
    with pytest.raises(DataError, match="aliases"):
        validate_catalog(mini_copy)


def test_a_large_folder_is_keyed_by_its_bytes_too(mini_copy: Path) -> None:
    # Over cache._LARGE_DATA the key is another hash: it must still follow every byte.
    claims = mini_copy / "claims.toml"
    claims.write_bytes(claims.read_bytes() + b"# " + b"x" * cache._LARGE_DATA + b"\n")
    key = cache.digest(mini_copy)
    assert key is not None and key == cache.digest(mini_copy) and key != cache.digest(MINI)
    data = bytearray(claims.read_bytes())
    data[-2:-1] = b"y"
    claims.write_bytes(bytes(data))
    assert cache.digest(mini_copy) not in (None, key)


@pytest.mark.parametrize("large_from", [0, 1 << 60])  # either decoder
def test_a_cache_edited_after_it_was_written_is_refused_and_the_data_read_again(
    monkeypatch: pytest.MonkeyPatch, large_from: int
) -> None:
    monkeypatch.setattr(cache, "MSGSPEC_FROM", large_from)
    validated = load_catalog(MINI)  # and the cache written
    path = cache.cache_path(paths.cache_dir(), MINI)
    data = path.read_bytes()
    # A hand edit of the same length: every line's length still right, the values well formed.
    assert data.count(b'"name":"Alpha AI"') == 1
    path.write_bytes(data.replace(b'"name":"Alpha AI"', b'"name":"Alpha AJ"'))
    assert cache.read(path, cache.FolderKey(MINI), MINI) is None
    assert load_catalog(MINI) == validated
    assert path.read_bytes() == data  # written again from the data


def test_an_escaped_pair_is_checked_as_the_character_it_spells() -> None:
    # Each half of U+E0041 (a tag) passed alone; the pair spells an invisible character.
    assert not cache.holds_clean_text(b'{"name":"Alpha\\udb40\\udc41 AI"}')
    assert cache.holds_clean_text(b'{"name":"Alpha \\ud83d\\ude00"}')  # an emoji, shown as itself
