"""Shell completion: `cnai-pay completion SHELL` prints a script; each Tab then asks cnai-pay.

argcomplete (a well-kept library) writes the scripts for bash, zsh and fish and walks the
parser, so commands, options and choices complete without a second copy of the grammar; the
completers below add what only the data knows: platform, method and provider ids. The script
runs cnai-pay with `_ARGCOMPLETE` set, and only then is argcomplete imported, so no other
command pays for it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable

# Not typing.TYPE_CHECKING: `--help` builds the parser, which imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SHELLS = ("bash", "zsh", "fish")
PROGRAM = "cnai-pay"

Completer = Callable[..., list[str]]


def script(shell: str) -> str:
    """The completion script for `shell`, to be sourced by it."""
    import argcomplete

    # argcomplete ships no type hints for shellcode (its public entry point, re-exported untyped).
    return str(argcomplete.shellcode([PROGRAM], shell=shell))  # type: ignore[attr-defined,no-untyped-call]


def _ids(kind: str, parsed_args: argparse.Namespace | None) -> list[str]:
    """Ids of one kind from the data the command would load (--data included); none if it fails."""
    from ..loading import load_catalog

    try:
        catalog = load_catalog(getattr(parsed_args, "data", None))
    except Exception:  # a Tab must never print a traceback into the command line
        return []
    records: dict[str, Iterable[Any]] = {
        "platform": catalog.platforms,
        "method": catalog.methods,
        "provider": catalog.providers,
        "source": catalog.sources.values(),
    }
    return [record.id for record in records[kind]]


def _one(kind: str) -> Completer:
    def complete(prefix: str, parsed_args: argparse.Namespace | None = None, **_: Any) -> list[str]:
        return [i for i in _ids(kind, parsed_args) if i.startswith(prefix.lower())]

    return complete


def _comma_list(kind: str) -> Completer:
    """For `--wallet visa,pay<Tab>`: completes the last item, keeps the ones before."""

    def complete(prefix: str, parsed_args: argparse.Namespace | None = None, **_: Any) -> list[str]:
        done, _sep, last = prefix.rpartition(",")
        head = done + "," if _sep else ""
        chosen = set(done.split(","))
        return [head + i for i in _ids(kind, parsed_args) if i.startswith(last.lower()) and i not in chosen]

    return complete


def _countries(prefix: str, **_: Any) -> list[str]:
    from ..domain.regions import ISO_COUNTRIES

    return sorted(code for code in ISO_COUNTRIES if code.startswith(prefix.upper()))


# By destination, so parser.py stays as it is: (option or positional) → what completes it.
_COMPLETERS: dict[str, Completer] = {
    "platform": _one("platform"),
    "method": _one("method"),
    "provider": _one("provider"),
    "source": _one("source"),
    "wallet": _comma_list("method"),
    "accepts": _one("method"),
    "country": _countries,
}


def _attach(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:  # argparse has no public walk of its actions
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                _attach(sub)
        elif action.dest in _COMPLETERS:
            action.completer = _COMPLETERS[action.dest]  # type: ignore[attr-defined]


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's Tab and exit; does nothing when not called from a completion script."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    _attach(parser)
    argcomplete.autocomplete(parser)


def cmd_completion(args: argparse.Namespace) -> int:
    from .output import emit

    emit(script(args.shell))
    return 0
