"""The command line's grammar: `cnai-pay [COMMAND] [options]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ..text import quoted
from .help import Parser, VersionAction, WrappingFormatter

# The routes and closed platforms `cnai-pay routes` prints as a table, each, unless --all: every
# route a hand-edited catalogue gives (150 for the shipped data and every method), not the tens of
# thousands of a generated one.
ROUTES_TABLE_LIMIT = 200

# What the top level's `--help` lists for each command (in the order of _COMMANDS); the command's own
# parser, built only when it is needed, says the rest.
COMMAND_HELP = {
    "grid": "print the platform × payment-method grid",
    "routes": "the ways to pay you have, ranked",
    "evidence": "every claim and source behind one grid cell",
    "data": "work with data folders",
    "checklist": "write a first-top-up checklist as TOML",
    "sources": "every source with its address, or one in full",
    "completion": "print the shell completion script for bash, zsh or fish",
    "models": "who sells a model, at what price, and whether you can pay there",
    "prices": "the price data",
}

# Not typing.TYPE_CHECKING: `--help` answers without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

GRID_EPILOG = """\
formats:
  table     fitted to the terminal: full method names, else short names, else
            compact cells (glyph and marks), else one block per platform; each
            cell is glyph + word (✓ yes, ✗ no, ◐ cond, ? unkn) and its marks:
            ! sources disagree, * not stated by the deciding source,
            @ resolved for your country
  csv       header: platform,kind,<method ids>; one row per platform (its id);
            each cell is the status value (supported, not_supported,
            conditional, unknown) followed by its marks
  json      per platform and method: status, disputed, basis, whether it was
            resolved for the country, sources (ids); plus the data set's as_of
            date, the country and the active filter; keys sorted, stable
  markdown  a pipe table with glyph + word, then the legend and the data's age

example:
  cnai-pay grid --wallet visa,paypal --kind gateway --country DE --format markdown
"""


def country_arg(text: str) -> str:
    """An ISO 3166 country code, checked by the lookups (imported only when --country is given)."""
    from .lookup import country_arg as checked

    return checked(text)


def _checked(check_name: str) -> Callable[[str], float]:
    """An argparse type that applies the checklist's own rule, so the app and the CLI agree."""

    def convert(text: str) -> float:
        from ..checklist import model

        try:
            return float(getattr(model, check_name)(model.read_number(text)))
        except model.ChecklistError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = check_name.removeprefix("check_")  # argparse names the type in its messages
    return convert


def _path_text(text: str) -> str:
    """A path as typed; an empty one (`-o "$UNSET"`) is refused, never read as the current folder."""
    if not text:
        raise argparse.ArgumentTypeError("the path is empty")
    return text


def _path(text: str) -> Path:
    return Path(_path_text(text))


_path_text.__name__ = _path.__name__ = "path"  # argparse names the type in its messages


def _address(text: str) -> str:
    """An address as typed; an empty one (`--url "$UNSET"`) is refused, never read as the default."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the address is empty")
    return text


_address.__name__ = "address"


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the width cannot be negative")
    return value


def _common() -> argparse.ArgumentParser:
    """Options every level accepts: `cnai-pay grid --data DIR` and `cnai-pay --data DIR grid` both work."""
    from .. import __version__

    common = Parser(add_help=False)
    common.add_argument("--version", action=VersionAction, version=f"cnai-pay {__version__}")
    common.add_argument(
        "--data",
        metavar="DIR",
        type=_path,
        default=argparse.SUPPRESS,
        help="load the facts from another data folder (default: the shipped data)",
    )
    common.add_argument(
        "--country",
        metavar="XX",
        type=country_arg,
        default=argparse.SUPPRESS,
        help="your country (ISO 3166 code, e.g. DE): resolves cells that depend on the region "
        "(default: the one saved in the app)",
    )
    common.add_argument(
        "--no-profile",
        action="store_true",
        default=argparse.SUPPRESS,
        help="ignore the country and wallet saved in the app",
    )
    return common


def _display_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour: auto (a terminal without NO_COLOR or TERM=dumb), always or never",
    )
    sub.add_argument(
        "--width", metavar="N", type=_width, help="lay out for N columns (default: the terminal's width; 0: no limit)"
    )


def _sub(
    commands: Any, common: argparse.ArgumentParser, name: str, help_text: str, description: str, epilog: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        parents=[common],
        help=help_text,
        description=description,
        epilog=epilog,
        formatter_class=WrappingFormatter,
    )
    return parser


def _grid_filters(grid: argparse.ArgumentParser) -> None:
    from ..domain.kinds import PlatformKind  # only when the grid's options are built

    grid.add_argument(
        "--accepts",
        metavar="METHOD",
        action="append",
        default=[],
        help="only platforms that take METHOD (repeat: they must take all of them)",
    )
    grid.add_argument(
        "--wallet",
        metavar="METHOD,...",
        action="append",
        default=[],
        help="the methods you have: only platforms that take at least one of them",
    )
    grid.add_argument("--kind", choices=[k.value for k in PlatformKind], help="only direct platforms or gateways")
    grid.add_argument("--refundable", action="store_true", help="only platforms that refund unused balance")
    grid.add_argument(
        "--search", metavar="TEXT", default="", help="platform name contains every word of TEXT (case-insensitive)"
    )


Handlers = dict[str, Callable[..., int]]
FORMATS = ("table", "csv", "json", "markdown")


def _add_grid(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    grid = _sub(
        commands,
        common,
        "grid",
        COMMAND_HELP["grid"],
        "Print the platform × payment-method grid, with the same filters as the app.",
        GRID_EPILOG,
    )
    _grid_filters(grid)
    grid.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    _display_options(grid)
    grid.set_defaults(handler=handlers["grid"])


def _add_routes(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    routes = _sub(
        commands,
        common,
        "routes",
        COMMAND_HELP["routes"],
        "Every platform × method from your wallet that your country does not rule out, ranked by how "
        "likely the payment is to go through, then by what a first minimal top-up costs; and what "
        "would open the platforms your wallet cannot pay.",
        "example:\n  cnai-pay routes --wallet visa,paypal --country DE\n"
        "  cnai-pay routes --wallet virtual_card --provider wise --country MY --format json",
    )
    routes.add_argument(
        "--wallet",
        metavar="METHOD,...",
        action="append",
        default=[],
        help="the methods you have (default: the wallet saved in the app)",
    )
    routes.add_argument(
        "--provider",
        metavar="ID",
        action="append",
        default=[],
        help="the provider of a card you hold, e.g. wise (repeatable)",
    )
    routes.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    routes.add_argument(
        "--all",
        action="store_true",
        help=f"the table lists every route and closed platform, not the first {ROUTES_TABLE_LIMIT} of each "
        "(the other formats always list them all)",
    )
    _model_options(routes, "only the platforms selling MODEL, with its price (see `cnai-pay models`)")
    _display_options(routes)
    routes.set_defaults(handler=handlers["routes"])


def _add_evidence_and_data(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    evidence = _sub(
        commands,
        common,
        "evidence",
        COMMAND_HELP["evidence"],
        "Print every claim behind one grid cell, strongest first, with its source.",
        "example:\n  cnai-pay evidence qwen amex --country MY",
    )
    evidence.add_argument("platform", metavar="PLATFORM", help="platform id or name (e.g. qwen)")
    evidence.add_argument("method", metavar="METHOD", help="payment method id, name or short name (e.g. amex)")
    evidence.add_argument(
        "--provider", metavar="ID", help="the provider of your card, e.g. wise (default: the cards saved in the app)"
    )
    _display_options(evidence)
    evidence.set_defaults(handler=handlers["evidence"])

    data = commands.add_parser(
        "data", parents=[common], help=COMMAND_HELP["data"], description="Work with data folders."
    )
    actions = data.add_subparsers(dest="data_command", metavar="ACTION", title="actions", required=True)
    check = _sub(
        actions,
        common,
        "check",
        "validate a data folder and list every problem",
        "Validate a data folder and list every problem (file, entry, field). Exit status 0 when clean, 2 otherwise.",
        "example:\n  cnai-pay data check ./data",
    )
    check.add_argument(
        "folder",
        metavar="DIR",
        nargs="?",
        type=_path,
        help="the folder to check (default: --data, else the shipped data)",
    )
    check.set_defaults(handler=handlers["data check"])


def _add_checklist(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    checklist = _sub(
        commands,
        common,
        "checklist",
        COMMAND_HELP["checklist"],
        "Write the checklist for a first, minimal top-up as TOML: the same file the app exports.",
        "example:\n  cnai-pay checklist --platform deepseek --method visa --amount 5 -o deepseek.toml",
    )
    checklist.add_argument("--platform", required=True, help="platform id or name")
    checklist.add_argument("--method", required=True, help="payment method id, name or short name")
    checklist.add_argument(
        "--amount",
        type=_checked("check_amount"),
        help="the first top-up amount (default: the platform's official minimum, else 5)",
    )
    checklist.add_argument(
        "--fee-percent",
        type=_checked("check_fee_percent"),
        help="fees as a percentage of the amount (default: the highest the sources give)",
    )
    checklist.add_argument(
        "--fixed-fee",
        type=_checked("check_fixed_fee"),
        help="a fixed fee on top, in the checklist's currency (default: from the sources)",
    )
    checklist.add_argument("--provider", metavar="ID", help="the card provider, for a method a provider issues")
    checklist.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        # Text, not a Path: a Path drops the trailing '/' that says "a folder" (`-o new/` wrote a file "new").
        type=_path_text,
        required=True,
        help="where to write the TOML ('-' prints it instead)",
    )
    checklist.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    checklist.set_defaults(handler=handlers["checklist"])


def _add_sources(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    sources = _sub(
        commands,
        common,
        "sources",
        COMMAND_HELP["sources"],
        "Print every source's id, page date and address; with an ID, that source in full.",
        'example:\n  cnai-pay sources\n  xdg-open "$(cnai-pay sources deepseek_faq --url)"',
    )
    sources.add_argument("source", metavar="ID", nargs="?", help="a source id or title (e.g. from the evidence)")
    sources.add_argument("--url", action="store_true", help="print only the address of source ID")
    sources.set_defaults(handler=handlers["sources"])


def _add_completion(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    from .completion import SHELLS

    completion = _sub(
        commands,
        common,
        "completion",
        COMMAND_HELP["completion"],
        "Print a script that lets the shell complete commands, options, platform and method ids "
        "and country codes with Tab.",
        'setup:\n  bash  add to ~/.bashrc:   eval "$(cnai-pay completion bash)"\n'
        '  zsh   add to ~/.zshrc:    eval "$(cnai-pay completion zsh)"   (after compinit)\n'
        "  fish  add to ~/.config/fish/config.fish:   cnai-pay completion fish | source",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    completion.set_defaults(handler=handlers["completion"])


def _tokens(text: str) -> object:
    from .models_commands import parse_tokens

    return parse_tokens(text)


def _model_options(sub: argparse.ArgumentParser, model_help: str | None) -> None:
    if model_help:
        sub.add_argument("--model", metavar="MODEL", help=model_help)
    sub.add_argument(
        "--tokens",
        metavar="IN:OUT",
        type=_tokens,
        help="your monthly token mix in millions, e.g. 10:2: ranks by its cost and shows it "
        "(default: 3:1, a typical mix)",
    )


def _add_models(commands: Any, common: argparse.ArgumentParser, handlers: Handlers) -> None:
    models = _sub(
        commands,
        common,
        "models",
        COMMAND_HELP["models"],
        "Without MODEL: the model families and how many platforms sell each. With MODEL (an id, name or "
        "alias): every platform selling it, its input, output and cached-input price per million tokens "
        "with the price's source and date, and the payment cell for your wallet and country; ranked: "
        "payable for you first, then by the price of the token mix. Unknown prices read unknown.",
        "example:\n  cnai-pay models\n  cnai-pay models kimi-k2 --wallet visa --country DE\n"
        "  cnai-pay models deepseek-v3.2 --tokens 10:2 --format json",
    )
    models.add_argument("model", metavar="MODEL", nargs="?", help="a model id, name or alias (e.g. kimi-k2)")
    models.add_argument(
        "--wallet", metavar="METHOD,...", action="append", default=[], help="the methods you have (default: saved)"
    )
    models.add_argument("--provider", metavar="ID", action="append", default=[], help="the provider of a card you hold")
    _model_options(models, None)
    models.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    _display_options(models)
    models.set_defaults(handler=handlers["models"])

    prices = commands.add_parser(
        "prices", parents=[common], help=COMMAND_HELP["prices"], description="Work with the price data."
    )
    actions = prices.add_subparsers(dest="prices_command", metavar="ACTION", title="actions", required=True)
    update = _sub(
        actions,
        common,
        "update",
        "fetch newer price data with genai-prices' updater",
        "Fetch newer price data through genai-prices' updater, validate it and keep it in the cache "
        "folder with its date; later commands and the app use it. On any failure the prices in use are "
        "kept, one line says why and the exit status is 1. The only command that uses the network.",
        "example:\n  cnai-pay prices update\n  cnai-pay prices update --url https://example.org/data.json",
    )
    update.add_argument(
        "--url", metavar="URL", type=_address, help="where to fetch from (default: genai-prices' own address)"
    )
    update.add_argument("--timeout", metavar="SECONDS", type=float, default=15.0, help=argparse.SUPPRESS)
    update.set_defaults(handler=handlers["prices update"])


# Each command's name and the function that adds its parser (and its actions' parsers) with every option.
_COMMANDS: tuple[tuple[tuple[str, ...], Callable[[Any, argparse.ArgumentParser, Handlers], None]], ...] = (
    (("grid",), _add_grid),
    (("routes",), _add_routes),
    (("evidence", "data"), _add_evidence_and_data),
    (("checklist",), _add_checklist),
    (("sources",), _add_sources),
    (("completion",), _add_completion),
    (("models", "prices"), _add_models),
)
COMMAND_NAMES = frozenset(name for names, _ in _COMMANDS for name in names)


def build_parser(handlers: Handlers, commands_used: frozenset[str] | None = None, listed: bool = False) -> Parser:
    """The whole grammar; with `commands_used`, the other commands get an empty parser.

    Building every command's options costs a few milliseconds of each start: a command that is
    not on the line cannot be chosen, so its options are only needed for `--help` and completion
    (pass None for those). Its name stays a choice, so a typo's message lists them all. `listed`
    gives each of those empty parsers its line in the top level's help, which is all that help
    shows of a command (`cnai-pay --help` alone).
    """
    common = _common()
    parser = Parser(
        prog="cnai-pay",
        parents=[common],
        description="Which card or wallet pays for DeepSeek, Qwen, GLM and their gateways, with sources. "
        "Without a command, starts the terminal app.",
        epilog="Run `cnai-pay COMMAND --help` for a command's options.",
    )
    parser.add_argument(
        "--checklist",
        metavar="FILE",
        type=_path,
        help="start the app with a checklist exported earlier, to carry on with it",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    unused: Parser | None = None
    for names, add in _COMMANDS:
        if commands_used is None or not commands_used.isdisjoint(names):
            add(commands, common, handlers)
            continue
        if listed:
            for name in names:
                commands.add_parser(name, help=COMMAND_HELP[name], add_help=False)
            continue
        # A command not on the line is never parsed: one empty parser stands for all of them,
        # as each parser argparse makes costs its messages' translation look-ups.
        unused = unused or Parser(prog="cnai-pay", add_help=False)
        for name in names:
            commands.choices[name] = unused
    if commands_used is not None:
        parser.whole_grammar = lambda: build_parser(handlers)
    return parser


def commands_on_line(arguments: list[str]) -> frozenset[str] | None:
    """The command names among `arguments`, or None when the whole grammar is needed.

    A superset is always safe (a value such as `--data grid` only builds one more parser). Any
    option with an h in it may be `--help` or an abbreviation of it, which prints every command.
    """
    if any(argument.startswith("-") and "h" in argument for argument in arguments):
        return None
    return COMMAND_NAMES.intersection(arguments)


# Options whose value may begin with '-' and is not a plain negative number (argparse would take
# `--tokens -1:2` for two options and say "expected one argument" instead of what is wrong).
DASH_VALUE_OPTIONS = ("--tokens",)


def attach_dash_values(arguments: list[str]) -> list[str]:
    """`--tokens -1:2` as `--tokens=-1:2`, so its value reaches the option's own check."""
    joined: list[str] = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":  # what follows is positional, as the user asked
            joined.extend(arguments[index:])
            break
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if argument in DASH_VALUE_OPTIONS and following is not None and following.startswith("-"):
            joined.append(f"{argument}={following}")
            index += 2
            continue
        joined.append(argument)
        index += 1
    return joined
