"""The store owns every policy about the user's checklist files.

- one autosaved checklist in the state folder, written atomically after every change;
- one writer: the running app holds a lock; a second instance opens read-only and says who holds it;
- a damaged file is renamed aside, never deleted; a file from a newer version is left alone;
- starting another checklist keeps the previous one under `previous/` (identical copies once);
- opening an exported file older than the autosave for the same platform and method asks first.

The app only reports what the store returns; nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.catalog import Catalog
from ..paths import inside
from . import codec
from .files import load_checklist, set_aside, write_text
from .model import SCHEMA_VERSION, Checklist, ChecklistError, NewerSchemaError

SAVED_NAME = "checklist.toml"
LOCK_NAME = "checklist.lock"
PREVIOUS = "previous"


@dataclass
class Restored:
    checklist: Checklist | None
    message: str = ""


@dataclass
class SaveResult:
    ok: bool
    message: str = ""


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
            handle = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
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
        path = self.folder / SAVED_NAME
        fallback = self.folder / f"checklist.schema{SCHEMA_VERSION}.toml"
        if not path.exists():
            return Restored(None)
        try:
            return Restored(load_checklist(path))
        except NewerSchemaError as exc:
            # Leave the newer file alone and keep this version's work beside it.
            message = f"Saved checklist not loaded: {exc}. It is left untouched; this version saves to {fallback}."
            if self.save_path is not None:
                self.save_path = fallback
            if fallback.exists():
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
                write_text(path, codec.dumps(checklist, self.catalog))
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
        text = codec.dumps(old, self.catalog)
        digest = hashlib.sha256(text.encode()).hexdigest()[:10]
        folder = self.folder / PREVIOUS
        kept = folder / f"checklist-{old.platform_id}-{old.method_id}-{digest}.toml"
        if not inside(self.folder, kept):  # ids are checked on load; this is the last guard
            return SaveResult(False, "the checklist's ids cannot name a file")
        if kept.exists():
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
