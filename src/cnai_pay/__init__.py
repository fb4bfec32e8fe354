"""cnai-pay: which card or wallet pays for Chinese AI APIs from abroad, with sources."""

__version__ = "0.1.0"
