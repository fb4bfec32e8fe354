"""The store's many checklists: their file names, the list, filing away, deleting, and migration."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnai_pay.checklist import codec
from cnai_pay.checklist.files import load_checklist
from cnai_pay.checklist.model import SCHEMA_VERSION, Checklist, ChecklistError
from cnai_pay.checklist.names import key_from_name, saved_name
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.checklist.store import PREVIOUS, SAVED_FOLDER, SAVED_NAME, ChecklistStore
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.model import is_id

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


def made(mini: Catalog, platform: str, method: str, ticks: int = 0, minutes: int = 0, provider: str = "") -> Checklist:
    checklist = build_checklist(mini, platform, method, provider_id=provider, now=NOW + dt.timedelta(minutes=minutes))
    for step in checklist.steps[:ticks]:
        step.done = True
    return checklist


# -- names ----------------------------------------------------------------------------------


def test_names_are_readable_and_read_back() -> None:
    assert saved_name(("deepseek", "paypal", "")) == "deepseek.paypal.toml"
    assert saved_name(("qwen", "virtual_card", "wise")) == "qwen.virtual_card.wise.toml"
    assert key_from_name("deepseek.paypal.toml") == ("deepseek", "paypal", "")
    assert key_from_name("qwen.virtual_card.wise.toml") == ("qwen", "virtual_card", "wise")


@pytest.mark.parametrize(
    "name",
    [
        "checklist.toml",
        ".deepseek.paypal.toml.abc.tmp",
        "deepseek.paypal.toml.corrupt-20261126-093000",
        "../deepseek.paypal.toml",
        "..paypal.toml",
        "a.b.c.d.toml",
        "Deepseek.paypal.toml",
        "deep seek.paypal.toml",
        "deepseek.pay\u202epal.toml",
        "deepseek.paypal\n.toml",
        "deepseek.paypal.json",
    ],
)
def test_other_files_are_not_checklists(name: str) -> None:
    assert key_from_name(name) is None


@pytest.mark.parametrize(
    "key",
    [("../etc", "visa", ""), ("alpha", "vi/sa", ""), ("alpha", "", ""), ("alpha", "visa", "a.b"), ("x" * 41, "v", "")],
)
def test_hostile_ids_name_no_file(key: tuple[str, str, str], tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="cannot name a file"):
        saved_name(key)
    with pytest.raises(ChecklistError):
        ChecklistStore(tmp_path).saved_path(key)


@given(st.tuples(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12)))
def test_a_name_is_made_only_from_ids_and_reads_back_as_them(key: tuple[str, str, str]) -> None:
    try:
        name = saved_name(key)
    except ChecklistError:
        assert not (is_id(key[0]) and is_id(key[1]) and (key[2] == "" or is_id(key[2])))
        return
    assert "/" not in name and os.sep not in name and not name.startswith(".")
    assert key_from_name(name) == key


# -- the list, switching, deleting -----------------------------------------------------------


def test_filing_away_keeps_one_file_per_platform_and_method(mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    first, second = made(mini, "alpha", "visa", ticks=1), made(mini, "beta", "paypal", ticks=2, minutes=5)
    assert store.file_away(first).ok and store.file_away(second).ok
    again = made(mini, "alpha", "visa", ticks=2, minutes=9)
    assert store.file_away(again).ok  # the same pair: its one file is brought up to date
    names = sorted(p.name for p in (tmp_path / SAVED_FOLDER).iterdir())
    assert names == ["alpha.visa.toml", "beta.paypal.toml"]
    assert load_checklist(tmp_path / SAVED_FOLDER / "alpha.visa.toml") == again


def test_the_list_puts_the_open_one_first_then_the_newest(mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    older, newer, open_one = (
        made(mini, "alpha", "visa", 1),
        made(mini, "beta", "paypal", 2, 5),
        made(mini, "gamma", "visa"),
    )
    for checklist in (older, newer):
        assert store.file_away(checklist).ok
    stale_copy = made(mini, "gamma", "visa", minutes=-60)
    assert store.file_away(stale_copy).ok  # filed earlier: the open one stands for its pair
    listed = store.list_saved(open_one)
    assert [(e.key, e.current) for e in listed] == [
        (("gamma", "visa", ""), True),
        (("beta", "paypal", ""), False),
        (("alpha", "visa", ""), False),
    ]
    assert listed[0].checklist is open_one and listed[0].path == tmp_path / SAVED_NAME
    total = len(newer.steps)
    assert listed[1].progress_text == f"2/{total} steps" and listed[1].changed_text == "2026-11-26"
    # With nothing open, the filed copy is listed in its place, by its own date.
    assert [e.key[0] for e in store.list_saved(None)] == ["beta", "alpha", "gamma"]


def test_a_card_provider_has_its_own_checklist(mini: Catalog, tmp_path: Path) -> None:
    provider = mini.providers[0]
    store = ChecklistStore(tmp_path, mini)
    assert store.file_away(made(mini, "alpha", provider.method, provider=provider.id)).ok
    assert store.find_saved(("alpha", provider.method, provider.id)) is not None
    assert store.find_saved(("alpha", provider.method, "")) is None


def test_damaged_hand_renamed_and_odd_files_are_listed_not_opened(mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    folder = tmp_path / SAVED_FOLDER
    folder.mkdir()
    (folder / "alpha.visa.toml").write_text("schema_version = 2\nsteps = [[[\n", encoding="utf-8")
    (folder / "beta.visa.toml").write_text(codec.dumps(made(mini, "gamma", "visa"), mini), encoding="utf-8")
    os.mkfifo(folder / "delta.visa.toml")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    listed = {e.key: e for e in store.list_saved(None)}
    assert set(listed) == {("alpha", "visa", ""), ("beta", "visa", ""), ("delta", "visa", "")}
    assert all(e.checklist is None and e.problem for e in listed.values())
    assert "other ids" in listed[("beta", "visa", "")].problem
    assert "not a regular file" in listed[("delta", "visa", "")].problem
    # Opening the damaged one sets it aside, never deletes it.
    opened = store.open_saved(("alpha", "visa", ""))
    assert opened.checklist is None and "kept as" in opened.message
    assert [p.name.startswith("alpha.visa.toml.corrupt-") for p in folder.glob("alpha.*")] == [True]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_newer_versions_file_is_not_opened_nor_touched(mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    assert store.file_away(made(mini, "alpha", "visa")).ok
    path = tmp_path / SAVED_FOLDER / "alpha.visa.toml"
    newer = path.read_text(encoding="utf-8").replace(f"schema_version = {SCHEMA_VERSION}", "schema_version = 99")
    path.write_text(newer, encoding="utf-8")
    opened = store.open_saved(("alpha", "visa", ""))
    assert opened.checklist is None and "newer cnai-pay" in opened.message
    assert path.read_text(encoding="utf-8") == newer


def test_deleting_removes_only_that_checklist(mini: Catalog, tmp_path: Path) -> None:
    store = ChecklistStore(tmp_path, mini)
    kept, doomed, open_one = made(mini, "alpha", "visa"), made(mini, "beta", "visa"), made(mini, "gamma", "visa")
    for checklist in (kept, doomed, open_one):
        assert store.file_away(checklist).ok
    assert store.save(open_one).ok
    entries = {e.key: e for e in store.list_saved(open_one)}
    assert store.delete_saved(entries[doomed.key]).ok
    assert [e.key for e in store.list_saved(open_one)] == [open_one.key, kept.key]
    assert store.count_saved(open_one) == 2 and store.count_saved(None) == 2
    # The open one: its autosave and its filed copy go; a late autosave does not bring it back.
    late = store.snapshot(open_one)
    assert store.delete_saved(entries[open_one.key]).ok
    assert store.write_snapshot(*late).ok
    assert not (tmp_path / SAVED_NAME).exists() and [e.key for e in store.list_saved(None)] == [kept.key]


def test_a_read_only_store_lists_and_opens_but_never_writes(mini: Catalog, tmp_path: Path) -> None:
    writer, reader = ChecklistStore(tmp_path, mini), ChecklistStore(tmp_path, mini)
    try:
        assert writer.acquire() == ""
        assert writer.file_away(made(mini, "alpha", "visa", 1)).ok
        assert reader.acquire() != ""
        before = sorted(p.name for p in (tmp_path / SAVED_FOLDER).iterdir())
        assert [e.key for e in reader.list_saved(None)] == [("alpha", "visa", "")]
        assert reader.open_saved(("alpha", "visa", "")).checklist is not None
        unchanged = made(mini, "beta", "visa")
        assert reader.file_away(unchanged).ok  # nothing changed here: the writer's file holds it
        reader.unsaved = True
        refused = reader.file_away(unchanged)
        assert not refused.ok and "read-only" in refused.message and "export" in refused.message
        entry = reader.list_saved(None)[0]
        assert not reader.delete_saved(entry).ok
        assert sorted(p.name for p in (tmp_path / SAVED_FOLDER).iterdir()) == before
    finally:
        writer.release()
        reader.release()


# -- migration from the single-file version ----------------------------------------------------


def test_the_previous_versions_files_are_migrated_once_without_loss(mini: Catalog, tmp_path: Path) -> None:
    # What the previous version left: the open checklist, and replaced ones under hashed names.
    open_one = made(mini, "alpha", "visa", ticks=1, minutes=30)
    (tmp_path / SAVED_NAME).write_text(codec.dumps(open_one, mini), encoding="utf-8")
    previous = tmp_path / PREVIOUS
    previous.mkdir()
    old_files = {
        "checklist-beta-visa-1111111111.toml": made(mini, "beta", "visa", ticks=1, minutes=1),
        "checklist-beta-visa-2222222222.toml": made(mini, "beta", "visa", ticks=2, minutes=2),
        "checklist-gamma-paypal-3333333333.toml": made(mini, "gamma", "paypal", ticks=1),
        "checklist-alpha-visa-4444444444.toml": made(mini, "alpha", "visa", ticks=0),
    }
    for name, checklist in old_files.items():
        (previous / name).write_text(codec.dumps(checklist, mini), encoding="utf-8")
    (previous / "checklist-bad-visa-5555555555.toml").write_text("not = = toml", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in previous.iterdir()}

    store = ChecklistStore(tmp_path, mini)
    assert store.acquire() == ""
    try:
        restored = store.restore()
        assert restored.checklist == open_one
        assert "2 earlier checklists" in restored.message
        listed = store.list_saved(restored.checklist)
        assert [e.key for e in listed] == [("alpha", "visa", ""), ("beta", "visa", ""), ("gamma", "paypal", "")]
        # The newest of two for the same pair; the open one is not overwritten by an older copy.
        assert listed[1].checklist == old_files["checklist-beta-visa-2222222222.toml"]
        assert listed[0].checklist == open_one
        # Nothing the previous version wrote is changed or removed.
        assert {p.name: p.read_bytes() for p in previous.iterdir()} == before
        assert load_checklist(tmp_path / SAVED_NAME) == open_one
        # Once only: a later start says nothing and changes nothing.
        assert ChecklistStore(tmp_path, mini).restore().message == ""
    finally:
        store.release()


def test_a_read_only_start_does_not_migrate(mini: Catalog, tmp_path: Path) -> None:
    previous = tmp_path / PREVIOUS
    previous.mkdir()
    (previous / "checklist-beta-visa-1.toml").write_text(codec.dumps(made(mini, "beta", "visa", 1), mini), "utf-8")
    writer, reader = ChecklistStore(tmp_path, mini), ChecklistStore(tmp_path, mini)
    try:
        assert writer.acquire() == "" and reader.acquire() != ""
        assert reader.restore().message == "" and not (tmp_path / SAVED_FOLDER).exists()
    finally:
        writer.release()
        reader.release()


def test_a_checklists_folder_linked_elsewhere_is_neither_read_nor_written(mini: Catalog, tmp_path: Path) -> None:
    state, elsewhere = tmp_path / "state", tmp_path / "elsewhere"
    state.mkdir()
    elsewhere.mkdir()
    (elsewhere / "alpha.visa.toml").write_text(codec.dumps(made(mini, "alpha", "visa"), mini), encoding="utf-8")
    (state / SAVED_FOLDER).symlink_to(elsewhere)
    store = ChecklistStore(state, mini)
    assert store.list_saved(None) == []
    assert store.open_saved(("alpha", "visa", "")).checklist is None
    refused = store.file_away(made(mini, "beta", "visa"))
    assert not refused.ok and "nothing was replaced" in refused.message
    assert sorted(p.name for p in elsewhere.iterdir()) == ["alpha.visa.toml"]


def test_a_checklists_file_in_place_of_the_folder_is_a_message(mini: Catalog, tmp_path: Path) -> None:
    (tmp_path / SAVED_FOLDER).write_text("mine", encoding="utf-8")
    store = ChecklistStore(tmp_path, mini)
    assert store.list_saved(None) == [] and store.restore().message == ""
    refused = store.file_away(made(mini, "beta", "visa"))
    assert not refused.ok and "is a file, not a folder" in refused.message
    assert (tmp_path / SAVED_FOLDER).read_text(encoding="utf-8") == "mine"
