"""cnai-pay: which card or wallet pays for Chinese AI APIs from abroad, with sources."""


def _installed_version() -> str:
    """The version in the installed package's metadata, the one place it is kept.

    Read from the METADATA file directly: importing importlib.metadata would add
    a fifth to the start-up time, and the validated-data cache needs the version
    at every start.
    """
    # os alone, not pathlib: `cnai-pay --version` answers with nothing else imported.
    import os
    import sys

    for entry in sys.path:
        folder = entry or "."
        try:
            found = sorted(
                name for name in os.listdir(folder) if name.startswith("cnai_pay-") and name.endswith(".dist-info")
            )
        except OSError:
            continue
        for info in found:
            try:
                with open(os.path.join(folder, info, "METADATA"), encoding="utf-8") as metadata:
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


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(name)
