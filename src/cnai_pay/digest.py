"""BLAKE2b, the package's one hash for keys: which cache, which kept answer.

hashlib's own BLAKE2, imported without the OpenSSL set-up `import hashlib` costs (3 to 16 ms of
a start, more than a kept answer takes to print).
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

__all__ = ["blake2b"]
