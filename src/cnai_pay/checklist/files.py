"""Writing and reading checklist files safely: atomic writes, links followed, odd files refused."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .. import fileio
from ..domain.catalog import Catalog
from ..paths import inside as paths_inside
from .model import Checklist, ChecklistError, ExportError, utc_now

# No checklist the app writes comes near this; a bigger file is not one of ours.
MAX_FILE_BYTES = fileio.CHECKLIST_LIMIT


write_target = fileio.write_target
explain_os_error = fileio.explain_write_error


def atomic_write(path: Path, text: str) -> None:
    """Write all or nothing through the one writer (see `cnai_pay.fileio`)."""
    fileio.atomic_write(path, text)


def write_text(path: Path, text: str, exclusive: bool = False) -> None:
    """Atomically write a checklist's text and read it back; raises ExportError with a message for the user.

    `exclusive`: raises FileExistsError instead of replacing a file, even one that appeared meanwhile.
    """
    payload = text.encode("utf-8")
    try:
        written = fileio.atomic_write(path, payload, exclusive=exclusive)
        # The bytes meant, byte for byte: parsing 0.3 MB again took longer than encoding it,
        # and the codec's tests hold that what it writes reads back as the same checklist.
        back = fileio.read_bytes(written, fileio.CHECKLIST_LIMIT)
    except (ExportError, FileExistsError):
        raise
    except OSError as exc:
        raise ExportError(explain_os_error(path, exc)) from None
    if back != payload:
        raise ExportError(f"{fileio.shown(path)} did not read back as it was written")


def write_checklist(checklist: Checklist, path: Path, catalog: Catalog | None = None, exclusive: bool = False) -> None:
    from .codec import dumps  # the document's writer and reader: only once a checklist is written or read

    write_text(fileio.user_path(path), dumps(checklist, catalog), exclusive)


def default_export_path(checklist: Checklist, folder: Path | None = None) -> Path:
    folder = folder or Path.cwd()
    return folder / f"cnai-pay-{checklist.platform_id}-{checklist.method_id}.toml"


def export_path(checklist: Checklist, typed: str | Path) -> Path:
    """The file to export to: a path naming a folder (or ending in '/') gets the default file name."""
    text = str(typed)
    path = fileio.user_path(text)
    if text.endswith(("/", os.sep)) or fileio.is_folder(path):
        return default_export_path(checklist, path)
    return path


def app_folders(catalog: Catalog | None) -> list[Path]:
    """The folders holding the app's own files (state, cache, data): no export may land in them."""
    from .. import paths

    folders = [paths.state_dir(), paths.cache_dir(), paths.shipped_data_dir()]
    return folders + ([catalog.folder] if catalog is not None else [])


def export_checklist(checklist: Checklist, catalog: Catalog | None, path: Path, overwrite: bool = False) -> Path:
    """Export for keeping or sharing. Never replaces an existing file unless told to, nor an odd one at all.

    Without `overwrite` the file is created exclusively: one that appears meanwhile is never replaced.
    """
    path = fileio.user_path(path)
    target = write_target(path)  # refuses FIFOs, devices and folders before asking about overwriting
    for folder in app_folders(catalog):
        if paths_inside(folder, target):
            shown = fileio.shown(path)
            raise ExportError(f"cannot write {shown}: it is among cnai-pay's own files; choose another folder")
    if fileio.there(path) and not overwrite:
        raise FileExistsError(f"{fileio.shown(path)} already exists")
    write_checklist(checklist, path, catalog, exclusive=not overwrite)
    return path


def load_checklist(path: Path) -> Checklist:
    """Read a saved or exported checklist; raises ChecklistError (or NewerSchemaError)."""
    path = fileio.user_path(path)
    try:
        text = fileio.read_text(path, fileio.CHECKLIST_LIMIT)
    except FileNotFoundError:
        raise ChecklistError(f"{fileio.shown(path)} does not exist") from None
    except OSError as exc:
        raise ChecklistError(str(exc)) from None
    try:
        from .codec import loads

        return loads(text)
    except ChecklistError as exc:
        raise type(exc)(f"{fileio.shown(path)}: {exc}") from None


def set_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename a damaged file next to itself, never overwriting an earlier one."""
    stamp = (now or utc_now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    path.rename(target)
    return target
