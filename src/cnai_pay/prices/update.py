"""`cnai-pay prices update`: newer price data through genai-prices' own updater.

The updater (`UpdatePrices`) fetches the library's provider list from its default address
or the one given, and validates it; it lets a subclass supply the fetch, which is used here
to cap the download and keep the fetched bytes, so the data is saved exactly as fetched.
The data is validated before anything is written, then written atomically next to a note of
when and from where it came: a failure at any point leaves the prices in use untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock, fileio
from ..text import clean_text, quoted
from .table import ABOUT_NAME, DATA_NAME, MAX_PRICE_BYTES, PriceDataError, parse_providers, saved_folder

if TYPE_CHECKING:
    from .plain import PlainProvider

# The longest a whole download may take, in read timeouts.
TOTAL_TIMEOUTS = 4
# The most redirects followed (all on the address's own host).
MAX_REDIRECTS = 5


def _fetch(url: str | None, timeout: float) -> tuple[str, bytes, list[Any]]:
    import httpx2
    from genai_prices import data_snapshot
    from genai_prices.update_prices import DEFAULT_UPDATE_URL, UpdatePrices

    class BoundedFetch(UpdatePrices):
        """The library's updater with a fetch that caps the size and keeps the raw bytes."""

        raw: bytes = b""

        def fetch(self) -> data_snapshot.DataSnapshot | None:
            chunks: list[bytes] = []
            size = 0
            # The timeout bounds each read only: a server sending a byte at a time would never end.
            deadline = time.monotonic() + timeout * TOTAL_TIMEOUTS
            url = httpx2.URL(self.url)
            for _ in range(MAX_REDIRECTS + 1):
                # Redirects are followed here, one by one, only on the same host: the data is saved
                # as coming from the address given, so it must not come from another one.
                with httpx2.stream("GET", url, timeout=self.request_timeout) as response:
                    if response.has_redirect_location:
                        url = _same_host(url, url.join(response.headers["location"]))
                        continue
                    response.raise_for_status()
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > MAX_PRICE_BYTES:
                            raise PriceDataError(f"the answer is larger than {MAX_PRICE_BYTES // 1024 // 1024} MB")
                        if time.monotonic() > deadline:
                            raise PriceDataError(f"the answer took longer than {timeout * TOTAL_TIMEOUTS:g} seconds")
                        chunks.append(chunk)
                    break
            else:
                raise PriceDataError(f"{clean_text(self.url)} redirects more than {MAX_REDIRECTS} times")
            self.raw = b"".join(chunks)
            try:
                payload = json.loads(self.raw)
            except (ValueError, RecursionError):  # RecursionError: nested past what the decoder follows
                raise PriceDataError("the answer is not JSON price data") from None
            return data_snapshot.DataSnapshot(parse_providers(payload), from_auto_update=True)

    updater = BoundedFetch(url=url or DEFAULT_UPDATE_URL, request_timeout=httpx2.Timeout(timeout, connect=timeout))
    try:
        snapshot = updater.fetch()
    except PriceDataError:
        raise
    except httpx2.HTTPStatusError as exc:
        raise PriceDataError(f"{updater.url} answered HTTP {exc.response.status_code}") from None
    except httpx2.HTTPError as exc:
        raise PriceDataError(f"cannot reach {updater.url} ({type(exc).__name__}: {exc})") from None
    except httpx2.InvalidURL as exc:  # not an HTTPError: a URL too long, a bad port, a control character
        raise PriceDataError(f"{quoted(updater.url)} is not an address that can be fetched ({exc})") from None
    providers = snapshot.providers if snapshot is not None else []
    if not providers:
        raise PriceDataError("the answer lists no providers")
    return updater.url, updater.raw, providers


def _same_host(current: Any, target: Any) -> Any:
    """`target` of a redirect from `current`, if it stays on the same host (http may become https)."""
    scheme_ok = target.scheme == current.scheme or (current.scheme, target.scheme) == ("http", "https")
    if target.host != current.host or not scheme_ok:
        raise PriceDataError(f"{clean_text(str(current))} redirects to another site, {clean_text(str(target))}")
    return target


def _write_atomically(path: Path, data: bytes) -> None:
    """Write all or nothing, replacing the name itself (a link planted there is not followed)."""
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        temp = handle.name
    try:
        with open(temp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        # A full disk or a failed rename: no half-written temp file is left behind.
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    # The rename itself is durable only once the folder is synced.
    fileio.fsync_folder(path.parent)


def _extract(folder: Path, plain: list[PlainProvider]) -> None:
    """The saved data as plain JSON at once, so the next command that shows a price stays fast."""
    from . import extract

    try:
        key = extract.key(extract.folder_source(folder, (DATA_NAME, ABOUT_NAME), MAX_PRICE_BYTES))
    except OSError:
        return
    if key is not None:
        extract.write(extract.user_path("folder", key), plain, key)


def update_prices(url: str | None = None, timeout: float = 15.0) -> str:
    """Fetch, validate and save; returns the one line to print. Raises PriceDataError on any failure."""
    from .plain import PriceOutOfBounds, from_library

    source, raw, providers = _fetch(url, timeout)
    # Before anything is saved: the records refuse prices the library's validator lets through.
    try:
        plain = [from_library(p) for p in providers]
    except PriceOutOfBounds as exc:
        raise PriceDataError(str(exc)) from None
    folder = saved_folder()
    fetched = clock.now()
    about = {"fetched_on": fetched.isoformat(), "url": source, "providers": len(providers)}
    written = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The data first, then the note that dates it: a crash between the two leaves the new data
        # dated by the old note, so older than it is (stale sooner), never newer.
        for written, data in ((folder / DATA_NAME, raw), (folder / ABOUT_NAME, json.dumps(about, indent=2).encode())):
            _write_atomically(written, data)
    except OSError as exc:  # names the file that failed: a folder planted as data.json, not "prices"
        raise PriceDataError(fileio.explain_write_error(written, exc)) from None
    _extract(folder, plain)
    models = sum(len(p.models) for p in providers)
    counts = f"{len(providers)} providers, {models} models"
    return f"prices updated from {clean_text(source)}: {counts}, saved in {fileio.shown(folder)} on {fetched.date()}"
