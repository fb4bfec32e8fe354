"""The file name of a saved checklist, made from its ids and read back from them.

`deepseek.paypal.toml`, `qwen.virtual_card.wise.toml`: readable, and safe by construction,
since every part passes the whole-id check (lower-case letters, digits, `_` and `-`, never a
dot or a slash), so a name can neither leave its folder nor be read as another checklist's.
"""

from __future__ import annotations

from ..domain.model import is_id
from .model import ChecklistError

SUFFIX = ".toml"

Key = tuple[str, str, str]


def saved_name(key: Key) -> str:
    """The file name for a platform, a method and (for a card from a provider) the provider."""
    platform_id, method_id, provider_id = key
    parts = [platform_id, method_id, *([provider_id] if provider_id else [])]
    if not all(is_id(part) for part in parts):
        raise ChecklistError("the checklist's ids cannot name a file")
    return ".".join(parts) + SUFFIX


def key_from_name(name: str) -> Key | None:
    """The ids a saved checklist's file name stands for; None for any other file (temp files, set-aside copies)."""
    if not name.endswith(SUFFIX):
        return None
    parts = name[: -len(SUFFIX)].split(".")
    if len(parts) not in (2, 3) or not all(is_id(part) for part in parts):
        return None
    return (parts[0], parts[1], parts[2] if len(parts) == 3 else "")
