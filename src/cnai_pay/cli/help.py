"""Help that fits the terminal and names the ids, and usage errors that say what was meant.

`Parser` is argparse's parser with three additions: `--help` ends with the platform, method
and provider ids the command takes (read from the data only when help is printed, so no
other command pays for it); descriptions and epilogs are wrapped to the terminal while
their indented blocks keep their columns; and an invalid choice or unknown option gets a
"did you mean".
"""

from __future__ import annotations

import argparse
import re
import sys

from ..text import wrap
from . import terminal
from .help_cache import files_stamp, newest
from .kept_texts import racy

# Not typing.TYPE_CHECKING: `--help` answers without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any, NoReturn

# In an epilog line such as "  table     fitted to ...", the text column after the term.
_TERM = re.compile(r"^(\s*\S+(?: \S+)*\s{2,})\S")


def _wrap_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    if line.lstrip().startswith("cnai-pay "):  # an example: continued the shell's way, still copyable
        indent = line[: len(line) - len(line.lstrip())]
        lines = wrap(line.strip(), width - 2, indent + "    ", first=indent, cut=False)
        return [text + " \\" for text in lines[:-1]] + lines[-1:]
    term = _TERM.match(line)
    hanging = " " * len(term.group(1)) if term else " " * (len(line) - len(line.lstrip()))
    return wrap(line.strip(), width, hanging, first=line[: len(line) - len(line.lstrip())], cut=False)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Lines grouped as written: a term line (`  csv   header: …`) with the lines under its text."""
    blocks: list[list[str]] = []
    hanging = -1
    for line in lines:
        lead = len(line) - len(line.lstrip())
        if blocks and line.strip() and lead == hanging:
            blocks[-1].append(line)
            continue
        term = _TERM.match(line)
        hanging = len(term.group(1)) if term else -1
        blocks.append([line])
    return blocks


class WrappingFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the lines and indents the text was written with while they fit; refills a block
    that does not, under its own hanging indent."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        # argparse would import shutil for the width; the same rule without it.
        super().__init__(prog, indent_increment, max_help_position, terminal.columns() - 2 if width is None else width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        width = max(width, 20)
        out: list[str] = []
        for block in _blocks(text.splitlines()):
            if all(len(indent + line) <= width for line in block):
                out.extend(indent + line for line in block)
            else:
                out.extend(_wrap_line(indent + " ".join([block[0].rstrip()] + [b.strip() for b in block[1:]]), width))
        return "\n".join(out)


def _help_width() -> int:
    return max(20, terminal.columns() - 2)  # as argparse's own formatter


_KINDS = {"platform": "platforms", "method": "methods", "wallet": "methods", "accepts": "methods"}


# The ids help lists, kept beside the cache: loading the catalogue for every `--help` would make
# it several times slower than Python's own start, so help reads this small file instead while
# the data files keep the sizes and times they had when it was written.
_IDS_FILE = "help-ids.json"
_IDS_LIMIT = 4 * 1024 * 1024


def _saved_ids(folder: Path) -> dict[str, list[str]] | None:
    """The ids written for `folder` by an earlier help, if the data is unchanged and the file ours."""
    import json
    import os

    from .. import fileio, paths

    path = paths.cache_dir() / _IDS_FILE
    try:
        if os.stat(path).st_uid != os.getuid():
            return None
        saved = json.loads(fileio.read_bytes(path, _IDS_LIMIT))
        if saved.get("folder") != str(folder.resolve()) or saved.get("stamp") != files_stamp(str(folder)):
            return None
        ids = {kind: saved[kind] for kind in ("platforms", "methods", "providers")}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None
    if all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in ids.values()):
        return ids
    return None


def _load_ids(folder: Path) -> dict[str, list[str]]:
    """The ids from a full load of `folder` (raises as the load does), saved for the next help."""
    import json

    from .. import fileio, paths
    from ..loading import load_catalog

    stamp = files_stamp(str(folder))  # before the load: a file changed during it is not taken for the old
    catalog = load_catalog(folder)
    ids = {
        "platforms": [p.id for p in catalog.platforms],
        "methods": [m.id for m in catalog.methods],
        "providers": [p.id for p in catalog.providers],
    }
    if racy(newest(stamp)):  # changed just now: it may change again with the same times
        return ids
    try:
        body = {"folder": str(folder.resolve()), "stamp": stamp, **ids}
        cache = paths.cache_dir()
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)  # absent when the data came pre-validated
        fileio.atomic_write(cache / _IDS_FILE, json.dumps(body), private=True, durable=False, follow_links=False)
    except (OSError, ValueError):
        pass  # help still prints; the next one loads again
    return ids


def id_lines(kinds: Sequence[str], folder: Path | None, width: int) -> tuple[list[str], bool]:
    """`kind: id, id, …` for each kind, from the data, and True; one line saying why and False
    when it cannot load."""
    from ..paths import shipped_data_dir
    from ..text import clean_text

    folder = folder if folder is not None else shipped_data_dir()
    try:
        ids = _saved_ids(folder) or _load_ids(folder)
    except Exception as exc:  # help must print even when the data is broken
        problems = getattr(exc, "problems", None)
        reason = problems[0] if problems else str(exc).splitlines()[0]
        return [f"(the ids cannot be listed: {clean_text(str(reason))})"], False
    lines = ["ids in the data:"]
    for kind in kinds:
        label = f"  {kind + ':':<11}"
        shown = ", ".join(clean_text(i) for i in ids[kind])
        lines.extend(wrap(shown, width, " " * len(label), first=label, cut=False))
    return lines, True


class _HelpWithIds(argparse._HelpAction):  # argparse's help action, printing more
    """`-h/--help`; it sees the options parsed before it, so `--data DIR --help` lists DIR's ids."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, *_: Any) -> None:
        text = parser.format_help()
        kinds = parser.id_kinds() if isinstance(parser, Parser) else []
        listed = True
        if kinds:
            lines, listed = id_lines(kinds, getattr(namespace, "data", None), _help_width())
            text += "\n" + "\n".join(lines) + "\n"
        text = _encodable(text, getattr(sys.stdout, "encoding", None) or "ascii")
        sys.stdout.write(text)
        raise HelpPrinted(text if listed else None)


class HelpPrinted(SystemExit):
    """Help was printed (status 0); `text` is what, unless it said the ids could not be listed."""

    def __init__(self, text: str | None) -> None:
        super().__init__(0)
        self.text = text


class VersionAction(argparse._VersionAction):
    """`--version` after a command; argparse's own swallows a failed write (a full disk) and exits 0."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        sys.stdout.write(f"{self.version}\n")
        parser.exit()


# Help's own non-ASCII characters and the stand-ins cli/output.py gives them (that module
# imports the data model, which help must not load).
_HELP_ASCII = str.maketrans({"×": "x", "·": "-", "—": "-", "–": "-", "…": ".", "→": "->"})


def _encodable(text: str, encoding: str) -> str:
    """`text` as `encoding` can write it (PYTHONIOENCODING=ascii): stand-ins, never a UnicodeEncodeError."""
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.translate(_HELP_ASCII).encode(encoding, errors="replace").decode(encoding)
    return text


class Parser(argparse.ArgumentParser):
    # Set on a parser built without some commands' options: builds the whole grammar, whose
    # options an error message names ("--provider belongs to …").
    whole_grammar: Callable[[], Parser] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Every parser and sub-parser (argparse makes them of the parent's class) formats with
        # this formatter: argparse's default imports shutil whenever an option is added.
        kwargs.setdefault("formatter_class", WrappingFormatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "help":  # argparse's own -h/--help, as every parser adds it
            kwargs["action"] = _HelpWithIds
        return super().add_argument(*args, **kwargs)

    def id_kinds(self) -> list[str]:
        """The ids this command's options take; the top level names platforms and methods."""
        dests = {action.dest for action in self._actions}
        if "command" in dests:
            return ["platforms", "methods"]
        kinds = dict.fromkeys(_KINDS[d] for d in dests if d in _KINDS)
        if "provider" in dests:
            kinds["providers"] = None
        return sorted(kinds, key=["platforms", "methods", "providers"].index)

    def _option_owners(self, name: str = "") -> dict[str, list[str]]:
        """Every option of this parser and its commands → the commands that take it."""
        owners: dict[str, list[str]] = {}
        for action in self._actions:
            for option in action.option_strings:
                owners.setdefault(option, []).append(name)
            if isinstance(action, argparse._SubParsersAction):  # argparse has no public walk
                for sub_name, sub in action.choices.items():
                    if isinstance(sub, Parser):
                        for option, names in sub._option_owners(f"{name} {sub_name}".strip()).items():
                            owners.setdefault(option, []).extend(names)
        return owners

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}{self._did_you_mean(message)}\n")

    def _did_you_mean(self, message: str) -> str:
        choice = re.search(r"invalid choice: '(.*?)' \(choose from (.*)\)", message)
        if choice:
            token, options = choice.group(1), re.findall(r"'([^']*)'", choice.group(2))
        else:
            unknown = re.search(r"unrecognized arguments: (.*)", message)
            if not unknown:
                return ""
            token = next((t for t in unknown.group(1).split() if t.startswith("--")), "").partition("=")[0]
            owners = (self.whole_grammar() if self.whole_grammar else self)._option_owners()
            if token in owners:  # a real option, given to a command that does not take it
                names = [f"`cnai-pay {name}`" for name in dict.fromkeys(owners[token])]
                where = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
                return f"; {token} belongs to {where}"
            options = sorted(owners)
        import difflib  # only on a usage error

        match = difflib.get_close_matches(token.lower(), options, n=1, cutoff=0.6)
        return f"; did you mean {match[0]!r}?" if match and token else ""
