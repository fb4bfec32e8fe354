"""The price data as plain JSON, so showing a price imports neither genai-prices nor httpx.

An extract holds every provider of one price table as plain records (prices/plain.py) in the
catalogue cache's format (loading/cache.py: JSON of field lists rebuilt from the records' own
annotations, never code). It is keyed by the installed genai-prices release, this code and,
for a data folder, the folder's exact bytes: anything else is stale and the library answers
(and writes a fresh extract). Two places hold one:

- the wheel, for the data the package ships (`SHIPPED_NAME`, written by hatch_build.py);
- the user's cache folder, written the first time the library had to answer.

The release is read from the installed package's metadata folder name, not from
`importlib.metadata`, whose import alone costs more than reading the whole extract.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import fileio, paths
from ..loading import cache
from .plain import PlainModel, PlainProvider

# The built-in SHA-256, without the OpenSSL set-up `import hashlib` costs (~4 ms of a start), as the
# catalogue cache takes BLAKE2; the same digests. Python 3.12 renamed the module.
if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha2 import sha256
    except ImportError:
        try:
            from _sha256 import sha256
        except ImportError:  # pragma: no cover - a Python built without them
            from hashlib import sha256

FORMAT = "cnai-pay price extract 1"
SHIPPED_NAME = "price-extract.json"
LIBRARY = "genai_prices"
_CODE = (Path(__file__).with_name("plain.py"), Path(__file__), Path(__file__).with_name("quote.py"))


def library_files() -> list[Path]:
    """The installed genai-prices package folder and its metadata folders, found without importing it."""
    try:
        spec = importlib.util.find_spec(LIBRARY)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    package = Path(next(iter(spec.submodule_search_locations)))
    return [package, *sorted(package.parent.glob(f"{LIBRARY}-*.dist-info"))]


def library_version() -> str | None:
    """The installed genai-prices release, without importing it; None when absent or ambiguous."""
    found = [p.name for p in library_files()[1:]]
    if len(found) != 1:
        return None
    return found[0].removeprefix(f"{LIBRARY}-").removesuffix(".dist-info")


def key(source: str, version: str | None = None) -> str | None:
    """The key of an extract of `source` ("bundled", or a folder's digest); None without the library."""
    version = version or library_version()
    if version is None:
        return None
    digest = sha256(f"{FORMAT}|{LIBRARY} {version}|{source}".encode())
    for code in _CODE:
        digest.update(code.read_bytes())
    return digest.hexdigest()[:24]


def folder_source(folder: Path, names: tuple[str, ...], limit: int) -> str:
    """A data folder's identity: the digest of its files' bytes (OSError when unreadable or over `limit`)."""
    digest = sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + fileio.read_bytes(folder / name, limit) + b"\0")
    return "folder " + digest.hexdigest()


def dumps(providers: list[PlainProvider], extract_key: str) -> bytes:
    encode = cache._record_encoder(PlainProvider)
    body = {"format": FORMAT, "key": extract_key, "providers": [encode(p) for p in providers]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def loads(data: bytes, extract_key: str) -> dict[str, PlainProvider] | None:
    """The providers by id, or None when `data` is not an extract of this key (or is damaged)."""
    from ..loading.cache import holds_clean_text

    if not holds_clean_text(data):
        return None
    try:
        body: Any = json.loads(data)
        if not isinstance(body, dict) or body.get("format") != FORMAT or body.get("key") != extract_key:
            return None
        providers = [_provider(row) for row in body["providers"]]
        return {p.id: p for p in providers}
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError):
        return None


def _provider(row: Any) -> PlainProvider:
    """A provider's field list, rebuilt directly: the cache's generic decoder is 20x slower here."""
    provider_id, urls, models = row
    if type(urls) is not list or type(models) is not list:
        raise ValueError("a provider of the wrong shape")
    texts = [provider_id, *urls]
    built = []
    for model in models:
        if type(model) is not list or len(model) != 3:
            raise ValueError("a model of the wrong shape")
        texts.extend(model)
        built.append(PlainModel(*model))
    if not all(isinstance(t, str) for t in texts):
        raise ValueError("a provider's ids, match rules and prices are text")
    return PlainProvider(provider_id, tuple(urls), tuple(built))


def shipped_path() -> Path:
    return paths.shipped_data_dir() / SHIPPED_NAME


def user_path(kind: str, extract_key: str) -> Path:
    return paths.cache_dir() / f"prices-{kind}-{extract_key}.json"


def read(path: Path, extract_key: str, *, own: bool = True) -> dict[str, PlainProvider] | None:
    """An extract, when it exists and matches; a cache file must be this user's alone (`own`)."""
    if own and (cache.folder_refusal(path.parent) or cache.folder_refusal(path)):
        return None
    try:
        data = fileio.read_bytes(path, fileio.DATA_LIMIT)
    except OSError:
        return None
    return loads(data, extract_key)


def write(path: Path, providers: list[PlainProvider], extract_key: str) -> None:
    """Save an extract, replacing older ones of the same kind; a failure only costs time later."""
    folder = path.parent
    kind = path.name.rsplit("-", 1)[0]
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
        if cache.folder_refusal(folder):
            return
        for old in folder.glob(f"{kind}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        fileio.atomic_write(path, dumps(providers, extract_key), private=True, durable=False, follow_links=False)
    except (OSError, TypeError, ValueError):
        pass


def write_shipped(out: Path, version: str) -> None:
    """The build hook's step: the bundled data of the installed library, extracted into `out`."""
    from genai_prices import data_snapshot

    from .plain import from_library

    extract_key = key("bundled", version)
    assert extract_key is not None
    providers = [from_library(p) for p in data_snapshot.get_snapshot().providers]
    fileio.atomic_write(out, dumps(providers, extract_key))
