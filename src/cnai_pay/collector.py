"""The garbage collector kept out of the way: paused around bulk building, full runs left for idle moments.

Loading a catalogue or ranking every route allocates hundreds of thousands of
records and frees almost none: each automatic collection walks them all again
for nothing, which roughly doubled the load and made a large routes plan
several times slower. In the app, a full collection walks every rendered line
the screen keeps (tens of milliseconds with the largest checklist open), so it
waits until the user pauses. Nothing here imports Textual.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Full collections still start on their own after this many times the usual wait: a session
# of input with never a pause cannot grow without bound.
BACKSTOP = 100


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside; the collector is left as it was found (also on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _settle()
            gc.enable()


# Set once the app has frozen its start-up objects. Not gc.get_freeze_count(): it counts the
# frozen objects one by one, milliseconds for each routes plan once an app is drawn.
_frozen_for_good = False


def freeze_for_good() -> None:
    """Keep every object alive now out of all later collections (the app's start-up objects)."""
    global _frozen_for_good
    gc.freeze()
    _frozen_for_good = True


def _settle() -> None:
    """Every tracked object to the oldest generation, without walking any of them.

    What was built inside is kept (a catalogue, a routes plan): otherwise the first young
    collection after the pause walks all of it (a fifth of a second after loading 10,000
    platforms) only to promote it, and the middle one walks it again. The oldest generation
    is still walked by full collections, so nothing is hidden from the collector for good.
    Left alone when objects are frozen already (the app freezes its start-up objects once it
    is drawn): unfreezing would give those back to the collector.
    """
    if not _frozen_for_good:
        gc.freeze()  # every generation into the permanent one, the young counts reset...
        gc.unfreeze()  # ...and all of it back, into the oldest


class IdleCollector:
    """Young objects are still collected as they fill (well under a millisecond each time); the
    full collection that would have come is run by `collect_if_idle` once no input came for
    `quiet` seconds. `start` and `stop` set and give back the collector's thresholds."""

    def __init__(self, quiet: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet
        self.clock = clock
        self.last_input = clock()
        # The thresholds found at `start`, given back at `stop`; None when not started.
        self.found: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self.found is None:
            self.found = gc.get_threshold()
            young, middle, full = self.found
            gc.set_threshold(young, middle, max(full, 1) * BACKSTOP)

    def stop(self) -> None:
        if self.found is not None:
            gc.set_threshold(*self.found)
            self.found = None

    def busy(self) -> None:
        """Input came: no full collection for the next `quiet` seconds."""
        self.last_input = self.clock()

    @property
    def due(self) -> bool:
        """True once the collector would have run a full collection of its own accord."""
        return self.found is not None and gc.get_count()[2] >= self.found[2]

    def collect_if_idle(self) -> bool:
        """A full collection when one is due and the user has paused; True when it ran."""
        if not self.due or self.clock() - self.last_input < self.quiet:
            return False
        gc.collect()
        return True
