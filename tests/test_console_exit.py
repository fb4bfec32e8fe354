"""The console entry leaves without freeing memory, yet loses nothing: output, statuses, threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from .test_cli import MINI, subprocess_env


def _console(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(code))
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=30, env=subprocess_env()
    )


def test_python_m_prints_what_main_prints_and_exits_with_its_status(tmp_path: Path) -> None:
    inline = _console(
        f"""
        import sys
        from cnai_pay.cli import main
        sys.exit(main(["grid", "--data", {str(MINI)!r}, "--width", "90", "--no-profile"]))
        """,
        tmp_path,
    )
    console = subprocess.run(
        [sys.executable, "-m", "cnai_pay", "grid", "--data", str(MINI), "--width", "90", "--no-profile"],
        capture_output=True,
        text=True,
        timeout=30,
        env=subprocess_env(),
    )
    assert console.returncode == inline.returncode == 0
    assert console.stdout == inline.stdout and "4 of 4 platforms" in console.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "cnai_pay", "grid", "--nope"],
        capture_output=True,
        text=True,
        timeout=30,
        env=subprocess_env(),
    )
    assert usage.returncode == 2 and "unrecognized arguments: --nope" in usage.stderr


def test_output_still_buffered_at_the_end_is_written(tmp_path: Path) -> None:
    # Into a pipe stdout is block-buffered: what main leaves in the buffer must not be dropped.
    result = _console(
        """
        import sys
        from cnai_pay import cli
        cli.main = lambda: (sys.stdout.write("kept " * 100), sys.stderr.write("also kept"), 3)[-1]
        cli.console()
        """,
        tmp_path,
    )
    assert result.returncode == 3
    assert result.stdout == "kept " * 100 and result.stderr == "also kept"


def test_a_thread_still_writing_is_waited_for(tmp_path: Path) -> None:
    done = tmp_path / "done.txt"
    result = _console(
        f"""
        import threading, time
        from pathlib import Path
        from cnai_pay import cli

        def late_write():
            time.sleep(0.3)
            Path({str(done)!r}).write_text("written")

        def main():
            threading.Thread(target=late_write).start()
            return 0

        cli.main = main
        cli.console()
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert done.read_text() == "written"


def test_an_idle_thread_pool_does_not_hold_the_exit(tmp_path: Path) -> None:
    # A worker of a pool that is never shut down waits for work: a normal exit tells it to stop.
    result = _console(
        """
        from concurrent.futures import ThreadPoolExecutor
        from cnai_pay import cli

        pool = ThreadPoolExecutor(2)

        def main():
            pool.submit(print, "ran", flush=True).result()
            return 0

        cli.main = main
        cli.console()
        """,
        tmp_path,
    )
    assert result.returncode == 0 and result.stdout == "ran\n"


def test_the_console_script_is_the_console_entry() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["cnai-pay"] == "cnai_pay.cli:console"
