"""cnai-pay: which card or wallet pays for Chinese AI APIs from abroad, with sources."""

from typing import Any


def __getattr__(name: str) -> Any:
    # Read from the installed package's metadata, the one place the version is kept; looked up
    # only when asked for, so start-up does not pay for importlib.metadata.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cnai-pay")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(name)
