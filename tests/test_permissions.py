"""Real permission failures, not simulated ones: files and folders this user may not touch.

Each case runs in a child process that holds no power over the files it meets. As root (a
container, `sudo`), the child drops to `nobody` and the files stay root's, as `sudo cnai-pay`
leaves them; as any other user, the child is that user and the files are made unreadable or
unwritable to their owner, which the kernel enforces for everyone but root.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cnai_pay import fileio
from cnai_pay.checklist.files import export_checklist
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.checklist.store import LOCK_NAME, ChecklistStore
from cnai_pay.errors import ExportError
from cnai_pay.loading import cache as catalog_cache
from cnai_pay.profile import Profile, load_profile, save_profile
from cnai_pay.settings import Settings

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() to run as another user")

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# The unprivileged user a root test runs as.
NOBODY = 65534


@pytest.fixture
def playground() -> Iterator[Path]:
    """A folder the unprivileged child can reach (pytest's own temp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cnai-pay-permissions-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):  # give back what was taken away, so it can be removed
            if not path.is_symlink():
                path.chmod(0o700)
        shutil.rmtree(folder)


def _mine(path: Path, mode: int) -> Path:
    """`path` belongs to the child's user, with `mode`."""
    if ROOT:
        os.chown(path, NOBODY, NOBODY)
    path.chmod(mode)
    return path


def _not_mine(path: Path, mode: int) -> Path:
    """`path` is out of the child's reach: root's (as root), or its owner's with `mode` (else)."""
    path.chmod(mode)
    return path


def as_an_unprivileged_user(work: Callable[[], object]) -> object:
    """What `work` returns when run by a user without power over other users' files."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child; its outcome travels through the pipe
        outcome: dict[str, object]
        try:
            os.close(read_end)
            if ROOT:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            outcome = {"value": work()}
        except BaseException:
            outcome = {"error": traceback.format_exc()}
        os.write(write_end, json.dumps(outcome, default=str).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(child, 0)
    outcome = json.loads(b"".join(chunks) or b'{"error": "the child wrote nothing"}')
    assert "error" not in outcome, outcome["error"]
    return outcome["value"]


def test_a_lock_left_by_another_user_means_read_only_with_the_reason(playground: Path, mini) -> None:
    state = playground / "state"
    state.mkdir()
    _mine(state, 0o700)
    lock = state / LOCK_NAME
    lock.write_text("1\n")
    _not_mine(lock, 0o400)  # as `sudo cnai-pay` leaves it: root's, writable by root alone
    checklist = build_checklist(mini, "alpha", "visa")

    def work() -> object:
        store = ChecklistStore(state, mini)
        reason = store.acquire()
        saved = store.save(checklist)
        return [reason, saved.ok, saved.message, store.save_path is None]

    reason, ok, message, no_save_path = as_an_unprivileged_user(work)  # type: ignore[misc]
    assert "lock file cannot be written" in reason and "permission denied" in reason
    assert "read-only" in reason and "export" in reason
    assert not ok and no_save_path and message
    assert sorted(p.name for p in state.iterdir()) == [LOCK_NAME]  # nothing written behind the lock


def test_a_state_folder_that_cannot_be_entered_gives_messages_not_crashes(playground: Path, mini) -> None:
    state = playground / "state"
    state.mkdir()
    (state / "profile.toml").write_text('country = "DE"\n')
    _not_mine(state, 0o700 if ROOT else 0o000)
    checklist = build_checklist(mini, "alpha", "visa")

    def work() -> object:
        store = ChecklistStore(state, mini)
        reason = store.acquire()
        settings = Settings.load(state)
        change = settings.update(country="MY")
        return [reason, settings.message, settings.country, change is None, save_profile(state, Profile())]

    reason, message, country, nothing_to_write, saved = as_an_unprivileged_user(work)  # type: ignore[misc]
    assert "read-only" in reason and "permission denied" in reason
    assert "permission denied" in message and "not saved" in message
    assert country == "MY" and nothing_to_write  # chosen for this run, never written over the file
    assert saved.startswith("Could not save your profile") and "permission denied" in saved

    def export() -> object:
        try:
            export_checklist(checklist, mini, state / "x.toml")
        except ExportError as error:
            return str(error)
        return "written"

    assert "permission denied" in str(as_an_unprivileged_user(export))


def test_a_profile_and_a_cache_this_user_cannot_read_or_write_are_survived(playground: Path, mini) -> None:
    state = playground / "state"
    state.mkdir()
    _mine(state, 0o700)
    profile = state / "profile.toml"
    profile.write_text('country = "DE"\n')
    _not_mine(profile, 0o000)
    cache = playground / "cache"
    cache.mkdir()
    _not_mine(cache, 0o755)  # readable, not writable: another user's

    def work() -> object:
        loaded = load_profile(state)
        settings = Settings.load(state)
        change = settings.update(country="MY", wallet=["visa"])
        catalog_cache.write(cache / "catalog-x.json", mini, "x")  # silently skipped
        denied = ""
        try:
            fileio.read_bytes(profile, limit=1024)
        except fileio.ReadDenied as error:
            denied = str(error)
        return [loaded.profile.country, loaded.message, loaded.writable, change is None, denied]

    country, message, writable, nothing_to_write, denied = as_an_unprivileged_user(work)  # type: ignore[misc]
    # Unknown rather than guessed; kept where it is (not "damaged"), never written over.
    assert not country and "permission denied" in message and not writable and nothing_to_write
    assert denied.endswith("cannot be read: permission denied")
    assert sorted(p.name for p in state.iterdir()) == ["profile.toml"] and profile.stat().st_size > 0
    assert list(cache.iterdir()) == []
