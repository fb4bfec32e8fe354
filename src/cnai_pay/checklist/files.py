"""Writing and reading checklist files safely: atomic writes, links followed, odd files refused."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
import tomllib
from pathlib import Path

from ..domain.catalog import Catalog
from . import codec
from .model import Checklist, ChecklistError, ExportError, utc_now

# No checklist the app writes comes near this; a bigger file is not one of ours.
MAX_FILE_BYTES = 4 * 1024 * 1024


def _new_file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_target(path: Path) -> Path:
    """The file a write to `path` must replace: a symlink's target, so the link stays a link.

    Raises ExportError for anything that is not a regular file (a FIFO, a device, a folder).
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ExportError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(mode):
        raise ExportError(f"cannot write {path}: it is not a regular file (a pipe, device or socket)")
    return target


def atomic_write(path: Path, text: str) -> None:
    """Write all or nothing: a temp file in the same folder, flushed and fsynced, then renamed over."""
    target = write_target(Path(path))
    mode = _new_file_mode(target)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def explain_os_error(path: Path, exc: OSError) -> str:
    if isinstance(exc, ExportError):
        return str(exc)
    if isinstance(exc, FileNotFoundError) or not path.parent.exists():
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if isinstance(exc, PermissionError):
        return f"cannot write {path}: permission denied"
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return f"cannot write {path}: it is a folder"
    return f"cannot write {path}: {exc.strerror or exc}"


def write_text(path: Path, text: str) -> None:
    """Atomically write a checklist's text and read it back; raises ExportError with a message for the user."""
    try:
        atomic_write(path, text)
        tomllib.loads(write_target(path).read_text(encoding="utf-8"))
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(explain_os_error(path, exc)) from None
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - tomli-w writes valid TOML
        raise ExportError(f"{path} did not read back as TOML ({exc})") from None


def write_checklist(checklist: Checklist, path: Path, catalog: Catalog | None = None) -> None:
    write_text(Path(path).expanduser(), codec.dumps(checklist, catalog))


def default_export_path(checklist: Checklist, folder: Path | None = None) -> Path:
    folder = folder or Path.cwd()
    return folder / f"cnai-pay-{checklist.platform_id}-{checklist.method_id}.toml"


def export_path(checklist: Checklist, typed: str | Path) -> Path:
    """The file to export to: a path naming a folder (or ending in '/') gets the default file name."""
    text = str(typed)
    path = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or path.is_dir():
        return default_export_path(checklist, path)
    return path


def export_checklist(checklist: Checklist, catalog: Catalog | None, path: Path, overwrite: bool = False) -> Path:
    """Export for keeping or sharing. Never replaces an existing file unless told to, nor an odd one at all."""
    path = Path(path).expanduser()
    write_target(path)  # refuses FIFOs, devices and folders before asking about overwriting
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise FileExistsError(f"{path} already exists")
    write_checklist(checklist, path, catalog)
    return path


def load_checklist(path: Path) -> Checklist:
    """Read a saved or exported checklist; raises ChecklistError (or NewerSchemaError)."""
    path = Path(path).expanduser()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ChecklistError(f"{path} is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise ChecklistError(f"{path} is {info.st_size // 1024:,} KB; a checklist file is far smaller")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"{path} cannot be read ({exc})") from None
    try:
        return codec.loads(text)
    except ChecklistError as exc:
        raise type(exc)(f"{path}: {exc}") from None


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
