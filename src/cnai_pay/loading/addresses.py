"""Web addresses in the data must show their real host: no user-info, spaces or look-alike hosts.

`https://openrouter.ai@evil.example/` opens evil.example; a space or an invisible
character makes a terminal or a browser show a different address than the one
followed. `data check` refuses them all, so no address the app shows can mislead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .problems import Problem
from .reader import Parsed

# (table, field) of every web address in the data.
ADDRESS_FIELDS = (("source", "url"), ("platform", "site"), ("provider", "site"))
# What str.isspace calls a space, every code point of it (a test compares them), found in C:
# a loop over each address's characters was a tenth of the checks at 10,000 platforms.
_SPACE = re.compile(r"\s")


def address_problem(url: str) -> str:
    """Why `url` could hide where it leads, or '' when it shows its host plainly."""
    if _SPACE.search(url):
        return "contains a space; an address must be one unbroken string"
    if not url.isascii():
        return "has characters outside ASCII; write the host in its xn-- form and escape the rest (%..)"
    if "\\" in url:
        return "contains a backslash, which browsers read as a slash"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return f"cannot be read as an address ({exc})"
    if "@" in parts.netloc:
        return "puts user information before the host (…@host), which hides the real address"
    if parts.scheme in ("http", "https") and not host:
        return "has no host"
    return ""


def check_addresses(parsed: Parsed, problems: list[Problem]) -> None:
    for table, field_name in ADDRESS_FIELDS:
        rows = parsed[table]
        for at, item in enumerate(rows.records):
            value = getattr(item, field_name, None)
            if isinstance(value, str) and value.lower().startswith(("http:", "https:")):
                message = address_problem(value)
                if message:
                    problems.append(rows.problem(at, field_name, message))
