"""cnai-pay: which card or wallet pays for Chinese AI APIs from abroad, with sources."""

from typing import Any


def _installed_version() -> str:
    """The version in the installed package's metadata, the one place it is kept.

    Read from the METADATA file directly: importing importlib.metadata would add
    a fifth to the start-up time, and the validated-data cache needs the version
    at every start.
    """
    import sys
    from pathlib import Path

    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            found = sorted(folder.glob("cnai_pay-*.dist-info"))
        except OSError:
            continue
        for info in found:
            try:
                with (info / "METADATA").open(encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
    from importlib.metadata import PackageNotFoundError, version  # any other kind of installation

    try:
        return version("cnai-pay")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(name)
