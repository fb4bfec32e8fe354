"""Every read is bounded and every write failure survived, through the one reader and the one writer."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cnai_pay import fileio, paths
from cnai_pay.checklist.files import export_checklist, load_checklist
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.checklist.store import LOCK_NAME, ChecklistStore
from cnai_pay.errors import ExportError
from cnai_pay.loading import DataError, load_catalog
from cnai_pay.loading import cache as catalog_cache
from cnai_pay.profile import Profile, load_profile, save_profile

from .conftest import MINI


def _odd_files(folder: Path) -> dict[str, Path]:
    """A FIFO, a device and a folder, each where a file is expected."""
    fifo = folder / "fifo"
    os.mkfifo(fifo)
    (folder / "a-folder").mkdir()
    return {"a FIFO": fifo, "/dev/zero": Path("/dev/zero"), "a folder": folder / "a-folder"}


def _plant(kind: Path, where: Path) -> None:
    where.unlink(missing_ok=True)
    where.symlink_to(kind)


@pytest.mark.parametrize("kind", ["a FIFO", "/dev/zero", "a folder"])
def test_every_file_the_app_opens_refuses_what_is_not_a_regular_file(tmp_path: Path, mini_copy: Path, kind: str):
    odd = _odd_files(tmp_path)[kind]
    # A data file: a clear problem, no hang.
    _plant(odd, mini_copy / "claims.toml")
    with pytest.raises(DataError, match="claims.toml.*not a regular file"):
        load_catalog(mini_copy)
    # The profile: set aside, defaults used.
    state = tmp_path / "state"
    state.mkdir()
    _plant(odd, state / "profile.toml")
    profile, message, _ = load_profile(state)
    assert profile == Profile() and "not a regular file" in message
    # A checklist, the autosave or one given with --checklist.
    _plant(odd, tmp_path / "checklist.toml")
    with pytest.raises(Exception, match="not a regular file"):
        load_checklist(tmp_path / "checklist.toml")
    # The cache: ignored, the data validated afresh.
    key = catalog_cache.digest(MINI)
    assert key is not None
    cached = catalog_cache.cache_path(paths.cache_dir(), MINI)
    cached.parent.mkdir(parents=True, mode=0o700)
    _plant(odd, cached)
    assert load_catalog(MINI).platforms


def test_a_file_past_its_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(fileio.PROFILE_LIMIT + 1)  # sparse: costs no disk
    with pytest.raises(fileio.ReadError, match="over the 64 KB limit"):
        fileio.read_bytes(big, fileio.PROFILE_LIMIT)
    assert len(fileio.read_bytes(big, fileio.DATA_LIMIT)) == fileio.PROFILE_LIMIT + 1


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small file system filled to the last byte (needs the right to mount one)."""
    mount = tmp_path / "full"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root): " + done.stderr.decode()[:80])
    try:
        (mount / "state").mkdir()
        filler = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(filler, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(filler)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


def test_a_full_disk_is_survived_by_every_writer(full_disk: Path, mini) -> None:
    state = full_disk / "state"
    checklist = build_checklist(mini, "alpha", "visa")
    # The profile.
    assert "disk is full" in save_profile(state, Profile(country="DE"))
    # The autosave: a message, the checklist stays open.
    store = ChecklistStore(state, mini)
    assert store.acquire() == ""  # an empty lock file still fits
    result = store.save(checklist)
    assert not result.ok and "disk is full" in result.message
    # The rescue export: one line, and another path works.
    with pytest.raises(ExportError, match="disk is full"):
        export_checklist(checklist, mini, full_disk / "rescue.toml")
    elsewhere = export_checklist(checklist, mini, full_disk.parent / "rescue.toml")
    assert load_checklist(elsewhere) == checklist
    # The cache: silently skipped.
    catalog_cache.write(full_disk / "cache" / "catalog-x.json", mini, "x")
    store.release()
    assert _leftovers(full_disk) == []


def test_a_name_too_long_and_an_unreachable_folder_give_one_line(tmp_path: Path, mini) -> None:
    checklist = build_checklist(mini, "alpha", "visa")
    with pytest.raises(ExportError, match="file name is too long"):
        export_checklist(checklist, mini, tmp_path / ("x" * 300 + ".toml"))
    with pytest.raises(ExportError, match="does not exist"):
        export_checklist(checklist, mini, tmp_path / "missing" / "x.toml")
    assert _leftovers(tmp_path) == []


def test_an_unwritable_lock_means_read_only_with_the_reason(tmp_path: Path, mini, monkeypatch) -> None:
    state = tmp_path / "state"
    state.mkdir()
    real_open = os.open

    def refuse_lock(path, *args, **kwargs):  # a lock left behind by `sudo cnai-pay`: EACCES for us
        if str(path).endswith(LOCK_NAME):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_lock)
    store = ChecklistStore(state, mini)
    reason = store.acquire()
    assert "lock file cannot be written" in reason and "permission denied" in reason
    result = store.save(build_checklist(mini, "alpha", "visa"))
    assert not result.ok and store.save_path is None


def test_an_export_never_replaces_a_file_that_appears_meanwhile(tmp_path: Path, mini, monkeypatch) -> None:
    checklist = build_checklist(mini, "alpha", "visa")
    target = tmp_path / "out.toml"
    real_temp = fileio._new_temp_file

    def racing_temp(*args, **kwargs):  # another program writes the file while ours is being written
        target.write_text("theirs")
        return real_temp(*args, **kwargs)

    monkeypatch.setattr(fileio, "_new_temp_file", racing_temp)
    with pytest.raises(FileExistsError):
        export_checklist(checklist, mini, target)
    assert target.read_text() == "theirs" and _leftovers(tmp_path) == []


def test_a_save_that_does_not_read_back_as_written_is_an_error(tmp_path: Path, mini, monkeypatch) -> None:
    store = ChecklistStore(tmp_path / "state", mini)
    checklist = build_checklist(mini, "alpha", "visa")
    real_read = fileio.read_bytes
    monkeypatch.setattr(fileio, "read_bytes", lambda path, limit: real_read(path, limit)[:-40])  # cut short on disk
    saved = store.save(checklist)
    assert not saved.ok and "did not read back as it was written" in saved.message and store.unsaved


def test_no_export_lands_on_the_apps_own_files(mini, mini_copy: Path) -> None:
    checklist = build_checklist(mini, "alpha", "visa")
    state = paths.state_dir()
    state.mkdir(parents=True)
    for target in (state / "checklist.toml", state / "profile.toml", MINI / "claims.toml"):
        with pytest.raises(ExportError, match="cnai-pay's own files"):
            export_checklist(checklist, mini, target, overwrite=True)
    assert not (state / "checklist.toml").exists()
    shutil.rmtree(state)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_file_that_says_it_is_small_but_keeps_giving_is_cut_at_the_limit() -> None:
    # /proc files are regular files that report a size of 0, like a file growing while it is read.
    with pytest.raises(fileio.ReadError, match="grew past the 16 bytes limit"):
        fileio.read_bytes(Path("/proc/self/status"), 16)


def test_a_cache_is_written_without_waiting_for_the_disk_and_a_users_file_with_it(
    tmp_path: Path, mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: synced.append(handle) or real_fsync(handle))
    load_catalog(mini_copy)  # validated, and the cache written
    assert list(paths.cache_dir().glob("catalog-*")) and synced == []
    assert load_catalog(mini_copy) is not None  # read back from it
    assert save_profile(tmp_path, Profile(country="DE")) == ""
    assert len(synced) >= 2  # the profile, then the rename in its folder


def test_a_link_in_place_of_a_cache_is_replaced_never_written_through(tmp_path: Path, mini_copy: Path) -> None:
    # A link the cache's name points at a user's file: the cache takes the name, the file is kept.
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    notes.chmod(0o644)
    folder = paths.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    cache_file = catalog_cache.cache_path(folder, mini_copy)
    cache_file.symlink_to(notes)
    catalog = load_catalog(mini_copy)
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert not cache_file.is_symlink() and cache_file.stat().st_mode & 0o777 == 0o600
    assert load_catalog(mini_copy) == catalog


@pytest.mark.parametrize("planted", ["link", "fifo", "file shared with others"])
def test_a_file_only_the_app_keeps_replaces_whatever_is_at_its_name(tmp_path: Path, planted: str) -> None:
    target, elsewhere = tmp_path / "kept.json", tmp_path / "elsewhere.txt"
    elsewhere.write_text("theirs", encoding="utf-8")
    if planted == "link":
        target.symlink_to(elsewhere)
    elif planted == "fifo":
        os.mkfifo(target)
    else:
        target.write_text("old", encoding="utf-8")
        target.chmod(0o666)
    fileio.atomic_write(target, b"new", private=True, durable=False, follow_links=False)
    assert target.read_bytes() == b"new" and not target.is_symlink()
    assert target.stat().st_mode & 0o777 == 0o600  # not the old file's (or the link target's) permissions
    assert elsewhere.read_text(encoding="utf-8") == "theirs"
    (tmp_path / "folder").mkdir()
    with pytest.raises(ExportError, match="it is a folder"):
        fileio.atomic_write(tmp_path / "folder", b"new", follow_links=False)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_sent_to_a_full_disk_says_so(mini_copy: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cnai_pay", "--data", str(mini_copy), "grid", "--no-profile"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "cnai-pay grid: cannot write the output: the disk is full\n"


def test_a_folder_that_takes_no_new_file_is_not_said_to_be_missing(tmp_path: Path) -> None:
    refused = FileNotFoundError(2, "No such file or directory")  # what /proc answers a new file
    assert fileio.explain_write_error(tmp_path / "x.toml", refused).endswith(f"no file can be made in {tmp_path}")
    gone = tmp_path / "gone" / "x.toml"
    assert fileio.explain_write_error(gone, refused).endswith(f"the folder {gone.parent} does not exist")


def test_a_link_into_a_missing_folder_names_that_folder(tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "nowhere" / "sub" / "x.toml")
    with pytest.raises(ExportError, match=f"the folder {tmp_path / 'nowhere' / 'sub'} does not exist"):
        fileio.atomic_write(link, "x")


def test_a_temporary_file_is_new_private_and_never_a_planted_one(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.json"
    handle, temp = fileio._new_temp_file(target)
    os.close(handle)
    assert Path(temp).parent == tmp_path and Path(temp).name.startswith(".out.json.")
    assert stat.S_IMODE(os.stat(temp).st_mode) == 0o600
    # Every name taken (a planted file or link at each): it gives up, never opens one of them.
    monkeypatch.setattr(os, "urandom", lambda size: b"\0" * size)
    planted = tmp_path / f".out.json.{'00' * 4}.tmp"
    planted.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError):
        fileio._new_temp_file(target)
    assert not (tmp_path / "elsewhere").exists()
