"""cnai-pay: which card or wallet pays for Chinese AI APIs from abroad, with sources."""

from ._version import __version__

__all__ = ["__version__"]
