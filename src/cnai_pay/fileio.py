"""The one reader and the one writer for every file the program opens.

`read_bytes` refuses anything but a regular file (a FIFO would block, a device
such as /dev/zero never ends) and never reads past a limit, even when the file
grows while it is read. `atomic_write` writes all or nothing: a temp file in the
same folder, fsynced, renamed over the target, then the folder fsynced so the
rename itself survives a crash; on any failure the temp file is removed.
Every message is one line for the user. Nothing here imports Textual.
"""

from __future__ import annotations

import errno
import os
import stat

from .errors import ExportError

# Not typing.TYPE_CHECKING; pathlib and the text helpers are imported where they are used:
# `--help` reads its saved text through `read_bytes` without either (cli/help_cache.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

# Data files: generous, since a 100k-platform catalogue is hundreds of MB of TOML. The loader
# lets a larger catalogue have larger files (see loading/reader.py); this is the floor.
DATA_LIMIT = 1024 * 1024 * 1024
# What is hashed a chunk at a time and never held whole (the cache key over the data files):
# far above any real catalogue (a million platforms is about 7 GB of TOML), still finite, so a
# file that keeps growing is refused with one line instead of being hashed for ever.
STREAM_LIMIT = 64 * 1024 * 1024 * 1024
# The user's own small files: a profile or a checklist is a few KB.
PROFILE_LIMIT = 64 * 1024
CHECKLIST_LIMIT = 4 * 1024 * 1024

_CHUNK = 1024 * 1024


class ReadError(OSError):
    """A file could not be read; the message is one line for the user."""


class ReadDenied(ReadError):
    """The file is there but this user may not read it: not damage, so never to be set aside."""


def shown(path: Path | str) -> str:
    """A path as it may be printed: control characters and bidi overrides spelled as escapes.

    Never removed: "wrote /tmp/a[2Jb.toml" names a file that does not exist, and one that
    differs from another only by an invisible character would look the same.
    """
    from .text import visible

    return visible(str(path))


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024):,} MB"
    return f"{size // 1024:,} KB" if size >= 1024 else f"{size} bytes"


def read_bytes(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file no larger than `limit`; raises ReadError (FileNotFoundError when missing)."""
    # The whole file in one read when it can be (one chunk is joined without a copy):
    # a 100 MB cache or data file costs no second copy of itself.
    return b"".join(read_chunks(path, limit, first=None))


def read_chunks(path: Path | str, limit: int, size: int = _CHUNK, first: int | None = _CHUNK) -> Iterator[bytes]:
    """A regular file no larger than `limit`, `size` bytes at a time (the first `first`, or all at once).

    The same checks as `read_bytes`: a large file can be hashed or parsed without ever being
    held whole. Raises ReadError (FileNotFoundError when missing), also from the first chunk on.
    """
    with LimitedFile(path, limit) as file:
        want = max(size, file.size + 1) if first is None else first
        while chunk := file.read(want):
            yield chunk
            want = size


class LimitedFile:
    """A regular file no larger than `limit`, open for reads of the sizes its reader asks for.

    Opening refuses what `read_bytes` refuses (raises ReadError, FileNotFoundError when missing);
    `read` refuses a file that grows past the limit while it is read.
    """

    _MOST_PER_READ = 0x7FFFF000  # what Linux reads at most in one call

    def __init__(self, path: Path | str, limit: int) -> None:
        self._path = path
        self._limit = limit
        self._done = 0
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
            self._handle = os.open(path, flags)
        except FileNotFoundError:
            raise
        except PermissionError:
            raise ReadDenied(f"{shown(path)} cannot be read: permission denied") from None
        except OSError as exc:
            raise ReadError(f"{shown(path)} cannot be read: {exc.strerror or exc}") from None
        try:
            info = os.fstat(self._handle)
            if stat.S_ISDIR(info.st_mode):
                raise ReadError(f"{shown(path)} is not a regular file: it is a folder")
            if not stat.S_ISREG(info.st_mode):
                raise ReadError(f"{shown(path)} is not a regular file (a pipe, device or socket)")
            if info.st_size > limit:
                raise ReadError(f"{shown(path)} is {size_text(info.st_size)}, over the {size_text(limit)} limit")
        except BaseException as exc:
            os.close(self._handle)
            if isinstance(exc, OSError) and not isinstance(exc, ReadError):
                raise ReadError(f"{shown(path)} cannot be read: {exc.strerror or exc}") from None
            raise
        self.size = info.st_size  # when it was opened

    def read(self, size: int) -> bytes:
        """The next `size` bytes, fewer only at the end of the file; b"" after it."""
        pieces: list[bytes] = []
        wanted = size
        try:
            while wanted > 0:
                # One byte past the limit tells a file that grew while being read.
                piece = os.read(self._handle, min(wanted, self._limit + 1 - self._done, self._MOST_PER_READ))
                if not piece:
                    break
                self._done += len(piece)
                if self._done > self._limit:
                    limit = size_text(self._limit)
                    raise ReadError(f"{shown(self._path)} grew past the {limit} limit while being read")
                pieces.append(piece)
                wanted -= len(piece)
        except OSError as exc:
            if isinstance(exc, ReadError):
                raise
            raise ReadError(f"{shown(self._path)} cannot be read: {exc.strerror or exc}") from None
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)  # one read: no copy

    def fileno(self) -> int:
        return self._handle

    def close(self) -> None:
        os.close(self._handle)

    def __enter__(self) -> LimitedFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def read_text(path: Path, limit: int) -> str:
    """A regular file's UTF-8 text (a leading byte-order mark is dropped); raises ReadError."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            # What some editors save by default: say what it is, so the fix is plain.
            raise ReadError(f"{shown(path)} is UTF-16 text, not UTF-8: save it as UTF-8") from None
        raise ReadError(f"{shown(path)} is not UTF-8 text (byte {exc.start})") from None


def write_target(path: Path) -> Path:
    """The file a write to `path` must replace: a symlink's target, so the link stays a link.

    Raises ExportError for anything that is not a regular file (a FIFO, a device, a folder).
    """
    from pathlib import Path

    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:  # a name too long, a folder that cannot be entered, a link loop
        raise ExportError(explain_write_error(path, exc)) from None
    if stat.S_ISDIR(mode):
        raise ExportError(f"cannot write {shown(path)}: it is a folder")
    if not stat.S_ISREG(mode):
        raise ExportError(f"cannot write {shown(path)}: it is not a regular file (a pipe, device or socket)")
    return target


def explain_write_error(path: Path, exc: OSError, folder: Path | None = None) -> str:
    """One line for the user saying why `path` could not be written; `folder`: where its file is made
    (a link's target's folder), when not `path`'s own."""
    if isinstance(exc, ExportError):
        return str(exc)
    where = shown(path)
    folder = folder or path.parent
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return f"cannot write {where}: the disk is full"
    if code == errno.ENAMETOOLONG:
        return f"cannot write {where}: the file name is too long"
    if code == errno.EROFS:
        return f"cannot write {where}: the disk is read-only"
    if code == errno.ENOTDIR:  # "Not a directory": a file where a folder of the path should be
        return f"cannot write {where}: part of its path is a file, not a folder"
    # Before the folder's existence: a folder that cannot be entered cannot be looked at either.
    if isinstance(exc, PermissionError):
        return f"cannot write {where}: permission denied"
    if not _folder_there(folder):
        return f"cannot write {where}: the folder {shown(folder)} does not exist"
    if isinstance(exc, FileNotFoundError):  # the folder is there but takes no new file (/proc)
        return f"cannot write {where}: no file can be made in {shown(folder)}"
    if isinstance(exc, IsADirectoryError):
        return f"cannot write {where}: it is a folder"
    return f"cannot write {where}: {exc.strerror or exc}"


def _folder_there(path: Path) -> bool:
    # A removed folder that is still the working folder can be looked at, but it has no links.
    try:
        return os.stat(path).st_nlink > 0
    except OSError:  # missing, a name too long, a folder that cannot be entered
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long, a folder that cannot be entered
        return False


def own_safe(path: Path | str) -> bool:
    """True when `path` (not a link's target) belongs to this user and nobody else may write it:
    a cache's file or folder, whose contents are trusted."""
    if not hasattr(os, "getuid"):  # pragma: no cover - not POSIX
        return True
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def exists(path: Path) -> bool:
    """`path.exists()`, False where Python 3.11 raises (a name too long, a folder that cannot be entered)."""
    return _exists(path)


def there(path: Path) -> bool:
    """True when `path` names anything, a dangling link included; False where it cannot be looked at."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def is_folder(path: Path) -> bool:
    """`path.is_dir()`, False where Python 3.11 raises (a name too long, a folder that cannot be entered)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def user_path(typed: str | Path) -> Path:
    """A path the user typed or set, `~` expanded; `~name` of no known user (or no home at all) is left as typed."""
    from pathlib import Path

    path = Path(typed)
    try:
        return path.expanduser()
    except RuntimeError:  # "Could not determine home directory."
        return path


def _new_file_mode(path: Path, private: bool) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return _usual_mode(private)


def _usual_mode(private: bool) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return (0o600 if private else 0o666) & ~umask


def _replaced_entry(path: Path) -> Path:
    """`path` itself, to be replaced by a rename whatever it is, unless it is a folder."""
    try:
        if stat.S_ISDIR(path.lstat().st_mode):
            raise ExportError(f"cannot write {shown(path)}: it is a folder")
    except FileNotFoundError:
        pass
    return path


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; some systems cannot fsync a folder, which only costs durability."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _link_exclusive(temp: str, target: Path, payload: bytes, mode: int) -> None:
    """Give the written temp file the target's name, failing with EEXIST if the name is taken."""
    try:
        os.link(temp, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
    # A file system without hard links: create the name exclusively and write it in place.
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        os.unlink(target)
        raise
    os.close(handle)


def _new_temp_file(target: Path) -> tuple[int, str]:
    """A new file beside `target`, open, 0600, under a name no other writer took: what
    `tempfile.mkstemp` makes, without its import (random, shutil, bz2 and lzma: 3.5 ms, more
    than the rest of a short write, such as the answer a command keeps)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        # Eight random characters, as mkstemp's: 60 four-byte characters of name still fit in 255 bytes.
        temp = os.path.join(target.parent, f".{target.name[:60]}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(target.parent))


def atomic_write(
    path: Path,
    data: str | bytes | Iterable[bytes],
    *,
    private: bool = False,
    exclusive: bool = False,
    durable: bool = True,
    follow_links: bool = True,
) -> Path:
    """Write all or nothing; returns the file written. Raises ExportError with a message for the user.

    `data` may come in pieces (a large cache, never held whole). `exclusive`: never replace
    a file, even one that appears while writing (the rename becomes a hard link, which fails
    when the name is taken). `private`: a new file is 0600. `durable=False`, for a cache: no
    wait for the disk (a 100 MB cache's flush takes a second on a slow disk); a crash soon
    after may leave it cut short or empty, which its reader refuses, and it is made again.
    `follow_links=False`, for a file only the app keeps (a cache): whatever is at `path` (a
    link, a pipe) is replaced, never written through, and the new file's permissions are the
    usual ones, not the old file's (a link planted there would have a user's file overwritten).
    """
    from pathlib import Path

    path = Path(path)
    try:
        target = write_target(path) if follow_links else _replaced_entry(path)
        taken = exclusive and (path.exists() or path.is_symlink())
    except ExportError:
        raise
    except OSError as exc:  # a name too long, a folder that cannot be entered
        raise ExportError(explain_write_error(path, exc)) from None
    if taken:
        raise FileExistsError(f"{shown(path)} already exists")
    pieces: bytes | Iterable[bytes] = data.encode("utf-8") if isinstance(data, str) else data
    if exclusive and not isinstance(pieces, bytes):
        # A file system without hard links needs the bytes again (written in place, exclusively).
        pieces = b"".join(pieces)
    payload = pieces if isinstance(pieces, bytes) else b""
    mode = _new_file_mode(target, private) if follow_links else _usual_mode(private)
    temp: str | None = None
    try:
        handle, temp = _new_temp_file(target)
        try:
            for piece in [pieces] if isinstance(pieces, bytes) else pieces:
                view = memoryview(piece)
                while view:
                    view = view[os.write(handle, view) :]
            os.fchmod(handle, mode)
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        if exclusive:
            _link_exclusive(temp, target, payload, mode)
            os.unlink(temp)
        else:
            os.replace(temp, target)
        temp = None
        if durable:
            fsync_folder(target.parent)
    except FileExistsError:
        raise FileExistsError(f"{shown(path)} already exists") from None
    except OSError as exc:
        raise ExportError(explain_write_error(path, exc, target.parent)) from None
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
    return target
