"""SIGTERM and SIGHUP stop the app the way `q` does: checklist saved, terminal given back as it was.

Without a handler Python dies on these signals at once, leaving the terminal on the
alternate screen with the cursor hidden and mouse reporting on, and the last tick unsaved.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Any

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def install(app: Any) -> None:
    """Stop `app` cleanly on SIGTERM or SIGHUP (a closed terminal window, `kill`, a logout)."""
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        try:
            loop.add_signal_handler(number, _stop, app, number)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not POSIX, or not main thread
            return


def _stop(app: Any, number: int) -> None:
    # A dialog holding what the user typed and has not saved yet (a note) keeps it first: the
    # dialog is never answered once the app is gone. `keep_typed` is how a screen says it holds some.
    for screen in list(app.screen_stack):
        keep = getattr(screen, "keep_typed", None)
        if callable(keep):
            try:
                keep()
            except Exception:  # stopping must go on whatever one dialog does
                pass
    grid = app.grid_screen()
    checklist = grid.checklist_controller.checklist if grid is not None else None
    if checklist is not None and app.store.save_path is not None:
        # Saved here, synchronously: the worker that would save it may never run again.
        app.store.save(checklist)
    elif checklist is not None and app.store.unsaved and grid is not None:
        # Read-only (another instance holds the folder): `q` would have offered an export, which
        # a closed terminal cannot answer, so the export is made without asking.
        _rescue(app, checklist, grid.checklist_controller.export_folder)
    app.exit(return_code=128 + number)


def _rescue(app: Any, checklist: Any, folder: Path) -> Path | None:
    """Export `checklist` into `folder` under a name no file has yet; None when nothing could be written."""
    from ..checklist import close_exports, files
    from ..checklist.model import utc_now
    from ..errors import ChecklistError

    first = files.default_export_path(checklist, folder)
    stamped = first.with_name(f"{first.stem}-unsaved-{utc_now().strftime('%Y%m%d-%H%M%S')}{first.suffix}")
    for path in (first, stamped):
        try:
            exported = files.export_checklist(checklist, app.catalog, path)
        except (OSError, ChecklistError):  # taken, a full disk, a folder that cannot be written: the next name, or none
            continue
        close_exports.remember(app.store.folder, exported)  # the next start says where it went
        return exported
    return None
