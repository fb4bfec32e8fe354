"""The store owns every policy about the user's checklist files.

- the open checklist is autosaved to `checklist.toml` in the state folder, atomically, after every change;
- every other checklist is kept in `checklists/`, one per platform × method (× card provider),
  named from its ids (see `names`); switching files the open one there before opening another;
- one writer: the running app holds a lock; a second instance opens read-only and says who holds it;
- a damaged file is renamed aside, never deleted; a file from a newer version is left alone;
- starting over keeps the replaced checklist under `previous/` (identical copies once), as the
  previous version did for every second checklist; those files are brought into `checklists/`
  once, on the first start of this version;
- opening an exported file older than the autosave for the same platform and method asks first.

The app only reports what the store returns; nothing here imports Textual.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from dataclasses import replace
from pathlib import Path

from ..domain.catalog import Catalog
from ..fileio import exists, there
from ..paths import inside
from ..value_classes import frozen, mutable
from .files import load_checklist, set_aside, write_text
from .model import SCHEMA_VERSION, Checklist, ChecklistError, NewerSchemaError
from .names import Key, key_from_name, saved_name

SAVED_NAME = "checklist.toml"
LOCK_NAME = "checklist.lock"
PREVIOUS = "previous"
SAVED_FOLDER = "checklists"
# Far more than anyone keeps (the data has a few hundred platform × method pairs); a bound on reading.
MAX_SAVED = 1_000


@mutable
class Restored:
    checklist: Checklist | None
    message: str = ""


@mutable
class SaveResult:
    ok: bool
    message: str = ""


@frozen
class SavedChecklist:
    """One entry of the list of checklists: the open one, or one kept in `checklists/`."""

    key: Key
    path: Path
    # None when the file could not be read; `problem` says why.
    checklist: Checklist | None
    problem: str = ""
    current: bool = False

    @property
    def progress_text(self) -> str:
        if self.checklist is None:
            return ""
        total = len(self.checklist.steps)
        return f"{self.checklist.done_count}/{total} step{'' if total == 1 else 's'}"

    @property
    def changed_text(self) -> str:
        return f"{self.checklist.updated:%Y-%m-%d}" if self.checklist is not None else ""


class ChecklistStore:
    def __init__(self, folder: Path, catalog: Catalog | None = None) -> None:
        self.folder = folder
        self.catalog = catalog
        # Where autosave writes; None when no file can safely be written.
        self.save_path: Path | None = folder / SAVED_NAME
        self.read_only_reason = ""
        self.unsaved = False
        self._lock_handle: int | None = None
        self._write_lock = threading.Lock()
        self._generation = 0
        self._written = 0

    # -- one writer ------------------------------------------------------------

    def acquire(self) -> str:
        """Take the writer's lock; returns '' or why this instance is read-only."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: one writer is not enforced
            return ""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # O_NOFOLLOW: a link planted as the lock would have the pid written over its target.
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            try:
                handle = os.open(self.folder / LOCK_NAME, flags, 0o644)
            except OSError as exc:
                if exc.errno != errno.ELOOP:
                    raise
                raise OSError(errno.EINVAL, "it is a link, not a regular file") from None
            # A FIFO planted as the lock: reading the holder's pid from it would wait for ever.
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                os.close(handle)
                raise OSError(errno.EINVAL, "it is not a regular file")
        except OSError as exc:
            # Without the lock two instances could overwrite each other's work: never write blind.
            from ..fileio import explain_write_error

            self.save_path = None
            why = explain_write_error(self.folder / LOCK_NAME, exc).removeprefix("cannot write ")
            self.read_only_reason = (
                f"the lock file cannot be written ({why}); this one is read-only: "
                "ticks here are not saved, export to keep them"
            )
            return self.read_only_reason
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(handle, 32).decode(errors="replace").strip() or "another process"
            os.close(handle)
            self.save_path = None
            self.read_only_reason = (
                f"another cnai-pay (process {holder}) is using this checklist; this one is "
                "read-only: ticks here are not saved, export to keep them"
            )
            return self.read_only_reason
        try:
            os.ftruncate(handle, 0)
            os.write(handle, str(os.getpid()).encode())
        except OSError:
            pass  # the pid only names the holder for a second instance; the lock itself is held
        self._lock_handle = handle
        return ""

    def release(self) -> None:
        if self._lock_handle is not None:
            os.close(self._lock_handle)
            self._lock_handle = None

    # -- the autosave ----------------------------------------------------------

    def restore(self) -> Restored:
        """Load the autosaved checklist, keeping every file the user made safe."""
        restored = self._restore_open()
        moved = self.migrate(restored.checklist)
        if moved:
            restored.message = f"{restored.message} {moved}".strip()
        return restored

    def _restore_open(self) -> Restored:
        path = self.folder / SAVED_NAME
        fallback = self.folder / f"checklist.schema{SCHEMA_VERSION}.toml"
        if not exists(path):
            return Restored(None)
        try:
            return Restored(load_checklist(path))
        except NewerSchemaError as exc:
            # Leave the newer file alone and keep this version's work beside it.
            message = f"Saved checklist not loaded: {exc}. It is left untouched; this version saves to {fallback}."
            if self.save_path is not None:
                self.save_path = fallback
            if exists(fallback):
                try:
                    return Restored(load_checklist(fallback), message)
                except ChecklistError:
                    return self._set_aside(fallback, message)
            return Restored(None, message)
        except ChecklistError as exc:
            return self._set_aside(path, f"Saved checklist was unreadable ({exc}).")

    def _set_aside(self, path: Path, message: str) -> Restored:
        try:
            aside = set_aside(path)
        except OSError as error:
            self.save_path = None
            return Restored(
                None,
                f"{message} It could not be moved aside ({error}); autosave is off so it is not "
                "replaced: export to keep your work.",
            )
        return Restored(None, f"{message} It was kept as {aside}.")

    def snapshot(self, checklist: Checklist) -> tuple[int, Checklist]:
        """A numbered copy of the checklist as it is now, cheap enough to take on the event loop;
        turning it into text and writing it can then happen in a worker thread."""
        self._generation += 1
        self.unsaved = True
        copy = replace(checklist, steps=[replace(step) for step in checklist.steps])
        return self._generation, copy

    def write_snapshot(self, generation: int, checklist: Checklist) -> SaveResult:
        """Write one snapshot (safe from a worker thread); an older snapshot never replaces a newer one."""
        path = self.save_path
        if path is None:
            return SaveResult(False, self.read_only_reason or "autosave is off")
        with self._write_lock:
            if generation < self._written:
                return SaveResult(True)
            if generation < self._generation:
                return SaveResult(True)  # a newer snapshot is on its way: skip the work
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text(path, _dumps(checklist, self.catalog))
            except (ChecklistError, OSError) as exc:
                return SaveResult(False, f"Could not save the checklist: {exc}. It stays open; export it to keep it.")
            self._written = generation
            if generation == self._generation:
                self.unsaved = False
        return SaveResult(True)

    def save(self, checklist: Checklist) -> SaveResult:
        return self.write_snapshot(*self.snapshot(checklist))

    # -- starting another ------------------------------------------------------

    def keep_previous(self, old: Checklist) -> SaveResult:
        """Keep a checklist with work in it under previous/, once per distinct content."""
        if not (old.done_count or any(s.note for s in old.steps) or old.outcome):
            return SaveResult(True)
        import hashlib  # here: loading OpenSSL's hashes costs a few ms of every start

        text = _dumps(old, self.catalog)
        digest = hashlib.sha256(text.encode()).hexdigest()[:10]
        folder = self.folder / PREVIOUS
        kept = folder / f"checklist-{old.platform_id}-{old.method_id}-{digest}.toml"
        if not inside(self.folder, kept):  # ids are checked on load; this is the last guard
            return SaveResult(False, "the checklist's ids cannot name a file")
        if exists(kept):
            return SaveResult(True, f"The previous checklist is already kept at {kept}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_text(kept, text)
        except (ChecklistError, OSError) as exc:
            return SaveResult(False, f"Could not keep the previous checklist ({exc}); nothing was replaced.")
        return SaveResult(True, f"The previous checklist was kept at {kept}")

    def older_than_current(self, current: Checklist | None, opened: Checklist) -> bool:
        """True when `opened` is for the same platform and method as `current` but older: ask first."""
        return current is not None and current.key == opened.key and opened.updated < current.updated

    # -- every checklist, one per platform x method ------------------------------

    @property
    def saved_folder(self) -> Path:
        return self.folder / SAVED_FOLDER

    def saved_path(self, key: Key) -> Path:
        """The file kept for `key`; raises ChecklistError when its ids cannot name a file."""
        path = self.saved_folder / saved_name(key)
        if not inside(self.folder, path):  # the names are safe by construction; this is the last guard
            raise ChecklistError("the checklist's ids cannot name a file")
        return path

    def _read_saved(self, key: Key, path: Path) -> SavedChecklist:
        try:
            loaded = load_checklist(path)
        except ChecklistError as exc:
            return SavedChecklist(key, path, None, str(exc))
        if loaded.key != key:  # renamed or edited by hand: opening it would save it under another name
            return SavedChecklist(key, path, None, f"{path.name} holds a checklist for other ids")
        return SavedChecklist(key, path, loaded)

    def list_saved(self, current: Checklist | None) -> list[SavedChecklist]:
        """The open checklist first, then every kept one, the most recently changed first."""
        kept: list[SavedChecklist] = []
        try:
            # A folder linked out of the state folder is not ours to read from or write to.
            ours = inside(self.folder, self.saved_folder)
            names = sorted(entry.name for entry in os.scandir(self.saved_folder))[:MAX_SAVED] if ours else []
        except OSError:  # no folder yet (or it cannot be read): nothing kept
            names = []
        for name in names:
            key = key_from_name(name)
            if key is not None and (current is None or key != current.key):
                kept.append(self._read_saved(key, self.saved_folder / name))
        other = self._autosaved_by_another(current)
        if other is not None:  # fresher than any copy filed under its name
            kept = [entry for entry in kept if entry.key != other.key] + [other]
        kept.sort(key=lambda entry: entry.checklist.updated.timestamp() if entry.checklist else 0.0, reverse=True)
        if current is None:
            return kept
        path = self.save_path or self.folder / SAVED_NAME
        return [SavedChecklist(current.key, path, current, current=True), *kept]

    def _autosaved_by_another(self, current: Checklist | None) -> SavedChecklist | None:
        """The autosave when it holds another checklist than the open one: a read-only instance
        switched away from what the writing instance has open (or nothing is open)."""
        if self.save_path is not None and current is not None:
            return None  # this instance writes the autosave: it holds the open checklist
        path = self.folder / SAVED_NAME
        try:
            loaded = load_checklist(path) if exists(path) else None
        except ChecklistError:
            return None  # restore() has said so, and set it aside when it could
        if loaded is None or (current is not None and loaded.key == current.key):
            return None
        return SavedChecklist(loaded.key, path, loaded)

    def count_saved(self, current: Checklist | None) -> int:
        """How many checklists the list would show, from the file names alone (cheap enough to keep shown)."""
        try:
            ours = inside(self.folder, self.saved_folder)
            keys = {key_from_name(entry.name) for entry in os.scandir(self.saved_folder)} if ours else set()
        except OSError:
            keys = set()
        keys.discard(None)
        return len(keys | ({current.key} if current is not None else set()))

    def find_saved(self, key: Key) -> SavedChecklist | None:
        """The checklist kept for `key` in `checklists/`, if there is a file for it."""
        try:
            path = self.saved_path(key)
        except ChecklistError:
            return None
        if not there(path):
            return None
        return self._read_saved(key, path)

    def file_away(self, checklist: Checklist) -> SaveResult:
        """Keep the open checklist in `checklists/` before another one is opened."""
        if self.save_path is None:
            # Read-only: the file the other instance writes holds it, unless it was changed here.
            if self.unsaved:
                return SaveResult(False, f"{self.read_only_reason or 'autosave is off'}; export it first (e)")
            return SaveResult(True)
        try:
            path = self.saved_path(checklist.key)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, _dumps(checklist, self.catalog))
        except (FileExistsError, NotADirectoryError):
            why = f"{self.saved_folder} is a file, not a folder"
            return SaveResult(False, f"Could not keep the open checklist ({why}); nothing was replaced.")
        except (ChecklistError, OSError) as exc:
            return SaveResult(False, f"Could not keep the open checklist ({exc}); nothing was replaced.")
        return SaveResult(True)

    def open_saved(self, key: Key) -> Restored:
        """Read a kept checklist to open it; a damaged file is set aside, a newer one left alone."""
        try:
            path = self.saved_path(key)
        except ChecklistError as exc:
            return Restored(None, f"Not opened: {exc}.")
        other = self._autosaved_by_another(None) if self.save_path is None else None
        if other is not None and other.key == key:
            path = other.path
        try:
            return Restored(load_checklist(path))
        except NewerSchemaError as exc:
            return Restored(None, f"Not opened: {exc}. It is left untouched.")
        except ChecklistError as exc:
            if not exists(path):
                return Restored(None, f"Not opened: {exc}.")
            if self.save_path is None:  # read-only: the writer decides what happens to the file
                return Restored(None, f"Not opened: it is unreadable ({exc}).")
            return self._set_aside(path, f"That checklist was unreadable ({exc}).")

    def delete_saved(self, entry: SavedChecklist) -> SaveResult:
        """Remove a checklist the user chose to delete (the app asks first); the open one's files too."""
        if self.save_path is None:
            return SaveResult(False, self.read_only_reason or "autosave is off")
        paths = [entry.path]
        if entry.current:
            with self._write_lock:
                self._generation += 1  # an autosave still on its way must not write it back
                self._written = self._generation
                self.unsaved = False
            paths = [self.save_path]
            try:
                paths.append(self.saved_path(entry.key))  # an older copy filed away earlier
            except ChecklistError:
                pass
        try:
            for path in paths:
                path.unlink(missing_ok=True)
        except OSError as exc:
            return SaveResult(False, f"Could not delete {path}: {exc.strerror or exc}")
        return SaveResult(True)

    def migrate(self, current: Checklist | None) -> str:
        """Bring the previous version's kept checklists into `checklists/`, once; their files stay.

        The previous version kept every replaced checklist under `previous/` with a hashed name;
        the newest one for each platform and method becomes that pair's checklist here.
        """
        if self.save_path is None or exists(self.saved_folder):
            return ""  # read-only, or done on an earlier start
        newest: dict[Key, Checklist] = {}
        try:
            names = sorted(entry.name for entry in os.scandir(self.folder / PREVIOUS))[:MAX_SAVED]
        except OSError:
            names = []
        for name in names:
            if not name.endswith(".toml"):
                continue
            try:
                old = load_checklist(self.folder / PREVIOUS / name)
            except ChecklistError:
                continue  # left where it is, as every file there is
            if current is not None and old.key == current.key:
                continue  # the open one is newer than anything kept
            if old.key not in newest or old.updated > newest[old.key].updated:
                newest[old.key] = old
        try:
            self.saved_folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return ""
        moved = sum(self.file_away(old).ok for old in newest.values())
        if not moved:
            return ""
        return f"{moved} earlier checklist{'' if moved == 1 else 's'} from previous/ now listed among your checklists."


def _dumps(checklist: Checklist, catalog: Catalog | None) -> str:
    # The TOML writer and the codec are imported on the first save: a start with no checklist
    # to restore never needs them.
    from .codec import dumps

    return dumps(checklist, catalog)
