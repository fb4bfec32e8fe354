"""Texts kept under keys in one file of the cache folder, newest first: what a command printed.

The file is the user's own, yet read as if planted: one owned by someone else, over its limit,
not a regular file, not UTF-8 or not in this format is as if absent. Each caller checks that a
text prints safely before it keeps one and after it finds one. Losing the file only costs the
next command its time: it is written whole or not at all, without waiting for the disk (a file
a crash cut short reads as the entries that are whole: each says its length).
"""

from __future__ import annotations

import os
import stat
import sys

from .. import clock, fileio, paths
from . import terminal

# Starts each kept text (ASCII's record separator): no text printed holds one, and one that did is not kept.
SEPARATOR = "\x1e"
_MOST_DIGITS = 10  # of an entry's length: more is not a length this file can hold (nor one int() takes)
# A file changed within this long before a text is kept may change again with the same times (a
# file system keeps them to the second, FAT to two): what was made from it is not kept. Git calls
# such a file "racily clean".
RACY_NS = 2_000_000_000


def racy(newest_ns: int, since_ns: int | None = None) -> bool:
    """True when a file last changed at `newest_ns` changed too lately to be kept a text of: within
    `RACY_NS` before `since_ns` (when the text began to be made; now by default), or after it."""
    return newest_ns >= (clock.machine_time_ns() if since_ns is None else since_ns) - RACY_NS


def run_context() -> list[object] | None:
    """What a printed text depends on besides its files and its command line: the interpreter and
    its import path, the whole environment (a key hashes it: it may hold secrets), the streams
    (a terminal or not, their encodings), who runs (a file readable through a group left since is
    not read again) and the width. None when a stream is closed."""
    try:
        streams = [_stream(sys.stdout), _stream(sys.stderr)]
    except (OSError, ValueError, AttributeError):
        return None
    return [sys.version, sys.executable, sys.path, sorted(os.environ.items()), streams, _who(), terminal.columns()]


def _stream(stream: object) -> list[object]:
    if stream is None:
        raise ValueError("closed")
    isatty = getattr(stream, "isatty", None)
    return [bool(isatty and isatty()), getattr(stream, "encoding", None), getattr(stream, "errors", None)]


def _who() -> list[object]:
    if not hasattr(os, "getuid"):  # pragma: no cover - not POSIX
        return []
    return [os.getuid(), os.geteuid(), os.getgid(), os.getegid(), sorted(os.getgroups())]


def prints_safely(text: str) -> bool:
    """No control or invisible character in `text` (the data's own rule, text.CONTROL) but new
    lines (a CSV's too) and colour codes (SGR), and nothing else that would not print as itself."""
    from ..text import CONTROL

    first, *coloured = text.replace("\r\n", "\n").split("\x1b[")
    pieces = [first]
    for part in coloured:
        codes, end, rest = part.partition("m")
        if not end or codes.strip("0123456789;"):
            return False
        pieces.append(rest)
    if any(CONTROL.search(piece) for piece in pieces):
        return False
    return all(line.isprintable() for piece in pieces for line in piece.split("\n"))


class KeptTexts:
    """The file `name` in the cache folder: at most `most` texts, the file at most `limit` bytes."""

    def __init__(self, name: str, format_line: str, most: int, limit: int) -> None:
        self.name = name
        self._format = format_line
        self._most = most
        self._limit = limit

    def entries(self, folder: str) -> list[tuple[str, str]]:
        """The (key, text) pairs in `folder`'s file, newest first; none when it is not ours.

        Each entry says its text's length in bytes: one a crash cut short, or that is not UTF-8,
        is left out, and the file is never waited for on the disk.
        """
        path = os.path.join(folder, self.name)
        # The folder's and the file's own, as the catalogue cache's must be: another user's, or
        # one others may write to, is not trusted with what is printed.
        if not (fileio.own_safe(folder) and fileio.own_safe(path)):
            return []
        try:
            body = fileio.read_bytes(path, self._limit)
        except OSError:
            return []
        # At most `most` entries are read: a planted file of a million tiny ones costs one split.
        head, *entries = body.split(SEPARATOR.encode(), self._most)
        if head != self._format.encode():
            return []
        found = []
        for entry in entries:
            line, _, text = entry.partition(b"\n")
            key, _, length = line.rpartition(b" ")
            if len(length) <= _MOST_DIGITS and length.isdigit() and int(length) == len(text):
                try:
                    found.append((key.decode("utf-8"), text.decode("utf-8")))
                except UnicodeDecodeError:
                    continue
        return found

    def _replaceable(self, path: str) -> bool:
        """Nothing there, or a file of this kind (any version), empty, or not a file at all (a link
        or a pipe in the cache folder is replaced, never written through): never a file of the
        user's own that happens to have the name (CNAI_PAY_HOME may be any folder)."""
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return True
        except OSError:  # a link (O_NOFOLLOW), or what cannot be opened: replaced if it is no file
            try:
                return not stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                return False
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return True
            head = os.read(handle, len(self._format))
        except OSError:
            return False
        finally:
            os.close(handle)
        return not head or head.startswith(self._format.rsplit(" ", 1)[0].encode() + b" ")

    def lookup(self, key: str) -> str | None:
        """The text kept under `key`, unchecked."""
        for entry_key, text in self.entries(paths.cache_dir_guess()):
            if entry_key == key:
                return text
        return None

    def keep(self, key: str, text: str) -> None:
        """Keeps `text` under `key` (one line, without a separator), newest first, dropping the oldest."""
        if SEPARATOR in text or SEPARATOR in key or "\n" in key:
            return
        folder = paths.cache_dir()
        if fileio.there(folder) and not fileio.own_safe(folder):
            return
        if not self._replaceable(os.path.join(folder, self.name)):
            return
        others = [entry for entry in self.entries(str(folder)) if entry[0] != key]
        pieces: list[bytes] = []
        size = len(self._format)
        for entry_key, entry_text in [(key, text), *others][: self._most]:
            try:
                text_bytes = entry_text.encode()
                piece = f"{SEPARATOR}{entry_key} {len(text_bytes)}\n".encode() + text_bytes
            except UnicodeEncodeError:  # a lone surrogate: not a text that printed
                return
            size += len(piece)
            if size > self._limit:
                break
            pieces.append(piece)
        if not pieces:
            return
        body = self._format.encode() + b"".join(pieces)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fileio.atomic_write(folder / self.name, body, private=True, durable=False, follow_links=False)
        except OSError:  # ExportError among them: a full disk, a read-only cache
            pass
