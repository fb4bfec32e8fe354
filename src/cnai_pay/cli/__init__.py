"""The `cnai-pay` command: starts the app, or answers from the shell without it.

Only `run_app` imports the UI, so the other commands stay fast and Textual-free.
Each command imports only what it uses: `--version` reads the installed metadata
and nothing else, `--help` prints what the same help printed last time or else builds
the parser alone (cli/help_cache.py), a command that only reads prints what it printed last
time while nothing it was made from has changed (cli/answers.py), and a command's handler (with
the catalogue it loads) is imported when that command runs.
Exit status: 0 success, 2 usage or data errors, 1 when something else fails
(a file cannot be written, output is closed); never a traceback.
"""

from __future__ import annotations

import os
import sys

# Not typing.TYPE_CHECKING: importing typing alone would double the time `--version` takes.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from pathlib import Path

    Handler = Callable[[argparse.Namespace], int]

__all__ = ["console", "main"]


class _Handlers(dict[str, "Handler"]):
    """What the parser binds each command to: its handler, imported only when the command runs."""

    def __missing__(self, name: str) -> Handler:
        def run(args: argparse.Namespace) -> int:
            from .commands import HANDLERS

            return HANDLERS[name](args)

        return run


class _AppStart:
    """The parsed arguments of a bare `cnai-pay`: no command, no checklist, every other option left out."""

    command = None
    checklist = None


def _has_terminal() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def run_app(args: argparse.Namespace | _AppStart) -> int:
    from .exits import EXIT_USAGE
    from .output import warn

    if not _has_terminal():
        warn(
            "cnai-pay: the app needs a terminal; in scripts use a command such as `cnai-pay grid` "
            "(see `cnai-pay --help`)"
        )
        return EXIT_USAGE
    # The terminal's own size decides the layout. COLUMNS and LINES (a shell's stale export, a
    # runner's 999999) would override it at every resize: a layout the terminal does not have,
    # or a screen of a million rows built in memory. The commands still honour them.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    checklist_file: Path | None = args.checklist
    if checklist_file is not None:
        from .. import fileio
        from ..checklist.files import load_checklist
        from ..errors import ChecklistError

        if not fileio.exists(fileio.user_path(checklist_file)):
            warn(f"cnai-pay: --checklist {checklist_file}: no such file")
            return EXIT_USAGE
        try:  # the one bounded reader: a FIFO or a device is refused here, before the app starts
            load_checklist(checklist_file)
        except ChecklistError as exc:
            warn(f"cnai-pay: --checklist: {exc}")
            return EXIT_USAGE
    import gc

    from ..loading import load_catalog

    catalog = load_catalog(getattr(args, "data", None))
    # Start-up allocates many long-lived objects and frees almost none: the collector only
    # costs time here. The app turns it back on, with those objects frozen, once it is drawn.
    gc.disable()
    from .output import degrade_streams

    degrade_streams()
    from ..tui.app import CnaiPayApp

    app = CnaiPayApp(
        catalog,
        checklist_file=checklist_file,
        country=getattr(args, "country", None),
        use_profile=not getattr(args, "no_profile", False),
    )
    app.run()
    return int(app.return_code or 0)


def _quiet_stdout() -> None:
    """After a broken pipe (`cnai-pay grid | head`), point stdout at /dev/null so exit is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _printed(text: str) -> int:
    sys.stdout.write(text)
    return 0


def _run(args: argparse.Namespace, answer_key: str | None = None) -> int:
    if args.command is None:
        return run_app(args)
    handler: Handler = args.handler
    if sys.stdout is None:
        raise OSError("standard output is closed")
    if answer_key is not None:  # a line that starts with a command that only reads
        from . import answers

        return answers.run_kept(answer_key, args, lambda: handler(args))
    return handler(args)


def console() -> None:
    """The `cnai-pay` command (and `python -m cnai_pay`): `main`, then out without freeing memory.

    Freeing a loaded catalogue object by object as the interpreter shuts down took a third of
    `cnai-pay routes` at 10,000 platforms (~0.8 s). By the time `main` returns, its guard has
    flushed stdout and every file is written and closed; threads still running are waited for,
    as a normal exit waits for them. Nothing but memory is left, which the system frees at once.
    """
    status = main()
    # What a normal exit does first: the hooks that tell idle pool threads to stop (a thread
    # pool's workers would otherwise wait for work for ever), then a join of every other thread.
    # Without `threading` imported no thread was started (the help and the version import none).
    threading = sys.modules.get("threading")
    if threading is not None:
        shutdown = getattr(threading, "_shutdown", None)
        if shutdown is not None:
            shutdown()
        else:  # pragma: no cover - an interpreter without it
            for thread in threading.enumerate():
                if thread is not threading.current_thread() and not thread.daemon:
                    thread.join()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed or gone: as at a normal exit, nothing more to say
            pass
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # Parsing writes too (--help, --version, usage errors): guarded like a command, so a full
    # disk or a closed stdout is one line and status 1, never a traceback or a silent 0.
    return _guarded("cnai-pay", lambda: _main(arguments))


def _main(arguments: list[str]) -> int:
    if sys.stdout is None and any(a in _PRINTS_TO_STDOUT for a in arguments):
        raise OSError("standard output is closed")  # argparse would print nothing and exit 0
    if arguments == ["--version"]:
        from .. import __version__

        print(f"cnai-pay {__version__}")  # as argparse's version action prints it
        return 0
    if not arguments and "_ARGCOMPLETE" not in os.environ:
        # The app's own start: what the parser gives an empty line, without building the parser
        # (argparse and the grammar: ~6 ms of a start that parses nothing). A test holds them equal.
        return _guarded("cnai-pay", lambda: run_app(_AppStart()))
    help_key = answer_key = None
    if "_ARGCOMPLETE" not in os.environ:
        from . import help_cache

        help_key = help_cache.key(arguments)
        if help_key is not None:
            kept = help_cache.lookup(help_key)
            if kept is not None:  # the same help as last time, without building the parser
                sys.stdout.write(kept)
                return 0
        else:
            from . import answers

            answer_key = answers.key(arguments)
            answer = answers.lookup(answer_key) if answer_key is not None else None
            if answer is not None:  # the same answer as last time, without building the parser
                return _guarded(f"cnai-pay {arguments[0]}", lambda: _printed(answer))
    from .parser import attach_dash_values, build_parser, commands_on_line

    arguments = attach_dash_values(arguments)

    if "_ARGCOMPLETE" in os.environ:  # a Tab in the shell: answers and exits
        from .completion import complete

        complete(build_parser(_Handlers()))
    if arguments in (["--help"], ["-h"]):  # the top level's help: the commands' names, none of their options
        parser = build_parser(_Handlers(), frozenset(), listed=True)
    else:
        parser = build_parser(_Handlers(), commands_on_line(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, --version and usage errors (argparse already printed why)
        from .help import HelpPrinted

        if help_key is not None and isinstance(exc, HelpPrinted) and exc.text is not None:
            sys.stdout.flush()  # first: a `--help > cache/help.txt` is then the user's file, left alone
            help_cache.keep(help_key, exc.text)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return _guarded("cnai-pay" + (f" {args.command}" if args.command else ""), lambda: _run(args, answer_key))


_PRINTS_TO_STDOUT = frozenset({"-h", "--help", "--version"})


def _guarded(what: str, run: Callable[[], int]) -> int:
    """`run()`'s exit status; a broken pipe, Ctrl-C or any failure as one line and a status."""
    try:
        status = run()
        if sys.stdout is not None:
            sys.stdout.flush()  # what is still buffered fails here, inside the guard, not at exit
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return _failed(what, exc)


def _failed(what: str, exc: Exception) -> int:
    """Says what went wrong in one line, never a traceback; returns the exit status."""
    # Imported here, not at the top: a command that raised them has imported them already.
    import errno

    from ..errors import ChecklistError
    from ..loading.problems import DataError
    from .arguments import EXIT_FAILURE, EXIT_USAGE
    from .lookup import UsageError
    from .output import warn

    if isinstance(exc, UsageError):
        warn(f"{what}: {exc}")
        return EXIT_USAGE
    if isinstance(exc, DataError):
        warn(f"cnai-pay: {exc}")
        return EXIT_USAGE
    if isinstance(exc, OSError) and exc.filename is None and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        warn(f"{what}: cannot write the output: the disk is full")  # a redirection to a full disk
        return EXIT_FAILURE
    if isinstance(exc, (OSError, ChecklistError)):
        warn(f"{what}: {exc}")
        return EXIT_FAILURE
    warn(f"{what}: unexpected error: {type(exc).__name__}: {exc}")
    return EXIT_FAILURE
