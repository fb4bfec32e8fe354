"""A cache file as one dict of its fields and back, for the tests that damage or plant a cache.

The file is a header line naming each field and its number of lines, then each field's value
on lines of its own, then the checksum of those lines, each line after its length; here every
field is written on one line, as json writes it (NaN and Infinity included), so a test can
change any value before the file is read. `unframed` and `framed` take the lengths and the
checksum off and put them back, for a test that edits the text of the lines.
"""

from __future__ import annotations

import json
from typing import Any

from cnai_pay.loading import cache


def unframed(data: bytes) -> bytes:
    """The cache's lines as they read, each ended by a new line, without the lengths before them
    and without the last line's checksum of them (`framed` writes it again for the lines it is given)."""
    lines, at = [], 0
    while at < len(data):
        length = int(data[at : at + 12])
        assert data[at + 12 : at + 13] == b" " and data[at + 13 + length : at + 14 + length] == b"\n"
        lines.append(data[at + 13 : at + 13 + length] + b"\n")
        at += 14 + length
    if lines and lines[-1].startswith(b'{"crc32":'):
        lines.pop()
    return b"".join(lines)


def framed(text: bytes) -> bytes:
    """Each line of `text` after its length, as the cache holds it, then their checksum (the inverse
    of `unframed`): a test's edit reaches the checks of the values, past the checksum's."""
    assert text.endswith(b"\n")
    lines = text.split(b"\n")[:-1]
    return b"".join(b"%012d %s\n" % (len(line), line) for line in [*lines, cache.trailer(lines)])


HEADER = ("format", "key", "stamp", "code")


def body_of(data: bytes) -> dict[str, Any]:
    """The header's format, key, stamp and code, and each field's whole value (a long list's pieces joined)."""
    lines = unframed(data).split(b"\n")
    header = json.loads(lines[0])
    body: dict[str, Any] = {name: header[name] for name in HEADER}
    at = 1
    for name, count in header["pieces"]:
        parts = [json.loads(line) for line in lines[at : at + count]]
        body[name] = parts[0] if count == 1 else [item for part in parts for item in part]
        at += count
    return body


def cache_of(body: dict[str, Any], ensure_ascii: bool = True) -> bytes:
    """The file of `body` (as `body_of` gives it): each field on one line, in the body's order."""
    fields = {name: value for name, value in body.items() if name not in HEADER}
    header = {**{name: body[name] for name in HEADER}, "pieces": [[n, 1] for n in fields]}
    lines = [json.dumps(header), *(json.dumps(value, ensure_ascii=ensure_ascii) for value in fields.values())]
    return framed("".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass"))
