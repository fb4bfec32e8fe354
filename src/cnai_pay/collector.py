"""Pausing the garbage collector around work that builds many long-lived objects at once.

Loading a catalogue or ranking every route allocates hundreds of thousands of
records and frees almost none: each automatic collection walks them all again
for nothing, which roughly doubled the load and made a large routes plan
several times slower. Nothing here imports Textual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside; the collector is left as it was found (also on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
