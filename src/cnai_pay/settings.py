"""The one owner of the user's profile for a run, for the app and the CLI alike.

It holds what is saved (wallet, card providers, country, the panel shown) and what was given
for this run only (`--country`, `--no-profile`), which is never written back. The app's grid
filter is a view of it, and every change the user makes goes through `update`, which says what
to write; the write itself can run on any thread, and an older one never replaces a newer one.
Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from .domain.regions import normalise_country
from .profile import PROFILE_NAME, Profile, load_profile, save_profile


class Settings:
    def __init__(
        self,
        folder: Path,
        saved: Profile,
        message: str = "",
        *,
        country: str | None = None,
        remember: bool = True,
    ) -> None:
        self.folder = folder
        # What profile.toml holds (or will hold once the pending write is done).
        self.saved = saved
        # Why the saved profile could not be read, for the user; "" when it could.
        self.message = message
        # Given for this run only: shown, never saved.
        self.run_country = (normalise_country(country) or None) if country else None
        # False with --no-profile: this run neither reads nor writes the profile.
        self.remember = remember
        self._lock = threading.Lock()
        self._generation = 0
        self._written = 0
        # The fields this run changed and has not written yet, with their newest values: a write
        # puts only these over the file as it is then, so what another cnai-pay saved meanwhile
        # on the same folder (its country, its theme) is kept, not replaced by this run's copy.
        self._unsaved: dict[str, Any] = {}

    @classmethod
    def load(
        cls, folder: Path, *, country: str | None = None, use_saved: bool = True, read_only: bool = False
    ) -> Settings:
        """The saved profile with this run's values; `read_only` for a command that never writes it."""
        if not use_saved:
            return cls(folder, Profile(), country=country, remember=False)
        profile, message, writable = load_profile(folder, leave_damaged=read_only)
        return cls(folder, profile, message, country=country, remember=writable and not read_only)

    @property
    def country(self) -> str | None:
        return self.run_country or self.saved.country or None

    @property
    def wallet(self) -> frozenset[str]:
        return frozenset(self.saved.wallet)

    @property
    def providers(self) -> frozenset[str]:
        return frozenset(self.saved.providers)

    @property
    def panel_open(self) -> bool:
        return self.saved.panel_open

    def update(self, **changes: Any) -> tuple[int, Profile] | None:
        """Change what is saved; returns the write to make (`write`), or None when there is none."""
        if "country" in changes:
            self.run_country = None  # chosen now, it replaces the one given for this run
        for name in ("wallet", "providers"):
            if name in changes:
                changes[name] = sorted(changes[name])
        new = replace(self.saved, **changes)
        if new == self.saved:
            return None
        self.saved = new
        if not self.remember:
            return None
        with self._lock:
            self._unsaved.update((name, getattr(new, name)) for name in changes)
            self._generation += 1
            return self._generation, new

    def touch(self) -> tuple[int, Profile] | None:
        """A write of the profile as it stands: a skipped first run is remembered all the same."""
        if not self.remember:
            return None
        with self._lock:
            self._generation += 1
            return self._generation, self.saved

    def write(self, generation: int, profile: Profile) -> str:
        """Write one `update`'s profile, from any thread; '' or what went wrong, for the user."""
        with self._lock:
            if generation < self._written:
                return ""  # a newer profile is on disk already
            self._written = generation
            changes, self._unsaved = self._unsaved, {}
            problem = save_profile(self.folder, self._merged(profile, changes))
            if problem:
                self._unsaved = {**changes, **self._unsaved}  # the next write tries them again
            return problem

    def _merged(self, profile: Profile, changes: dict[str, Any]) -> Profile:
        """The file as it is now with this run's `changes` over it; `profile` if there is none to read."""
        on_disk, message, _ = load_profile(self.folder, leave_damaged=True)
        if message or not (self.folder / PROFILE_NAME).is_file():
            return replace(profile, **changes)
        if "learned" in changes:  # steps taken in either run stay taken
            changes = {**changes, "learned": list(dict.fromkeys([*on_disk.learned, *changes["learned"]]))}
        return replace(on_disk, **changes)
