"""Child process of memory.py: start an app headless, stop after the first drawn grid, report memory.

    python _memory_child.py bare
    python _memory_child.py cnai DATA_FOLDER|seed [--tracemalloc] [--top N]

Prints one JSON line: VmHWM (peak resident set size of this process, KiB,
from /proc/self/status), VmRSS at the first paint (KiB), and with --tracemalloc the peak and current
size of Python allocations traced from the first line of this script (so the
interpreter's own start-up is not counted) plus the top allocation sites.
"""

import sys

TRACE = "--tracemalloc" in sys.argv
if TRACE:
    import tracemalloc

    tracemalloc.start(1)

import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

from _first_paint import watch_composed, watch_renders, when_drawn  # noqa: E402

result: dict = {}


def vm(field: str) -> int | None:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def at_paint() -> None:
    result["rss_at_paint_kib"] = vm("VmRSS")
    if TRACE:
        current, peak = tracemalloc.get_traced_memory()
        result["traced_current_mib"] = current / 2**20
        result["traced_peak_mib"] = peak / 2**20


def finish() -> None:
    # Not getrusage().ru_maxrss: on Linux it keeps the high-water mark of the
    # parent process this child was forked from (before exec), which here is
    # the benchmark script holding a generated catalogue. VmHWM is this program's own.
    result["peak_rss_kib"] = vm("VmHWM")
    if TRACE and "--top" in sys.argv:
        count = int(sys.argv[sys.argv.index("--top") + 1])
        stats = tracemalloc.take_snapshot().statistics("filename")
        result["top"] = [
            (str(stat.traceback[0].filename).split("site-packages/")[-1].split("/src/")[-1], stat.size / 2**20)
            for stat in stats[:count]
        ]
    print(json.dumps(result), flush=True)
    os._exit(0)


def run_bare() -> None:
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Input

    class Bare(App):
        # As many footer keys as cnai-pay shows at 120×40 (10, plus the palette's), one action each.
        BINDINGS = [
            (key, f"notify('{key}')", f"Key {index}")
            for index, key in enumerate(["slash", *"awkbxgc", "question_mark", "q"])
        ]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(id="filter", compact=True)
            yield DataTable(cursor_type="cell", zebra_stripes=True, fixed_columns=2)
            yield Footer()

        def on_mount(self) -> None:
            # As many rows and columns as cnai-pay's grid with the shipped data: 11 × (2 + 17).
            table = self.query_one(DataTable)
            for index in range(19):
                table.add_column(f"C{index}")
            table.add_rows([[Text(f"{row}-{col} ✓ yes", style="green") for col in range(19)] for row in range(11)])
            table.focus()  # as cnai-pay focuses its grid (with the Input focused, the footer hides letter keys)
            watch_renders(table)
            when_drawn(self, self.done)

        def done(self) -> None:
            at_paint()
            self.exit()

    Bare().run(headless=True, size=(120, 40))


def run_cnai(folder: str) -> None:
    from cnai_pay.loading import load_catalog
    from cnai_pay.tui.app import CnaiPayApp

    start = time.perf_counter()
    catalog = load_catalog(None if folder == "seed" else folder)
    result["load_s"] = time.perf_counter() - start
    result["platforms"] = len(catalog.platforms)

    class FirstPaint(CnaiPayApp):
        __module__ = CnaiPayApp.__module__  # CSS_PATH is relative to the app's module

        def get_default_screen(self):
            # The grid lives on the default screen, composed after the app's on_mount.
            screen = super().get_default_screen()
            watch_composed(screen, "grid", watch_renders)
            return screen

        def on_mount(self) -> None:  # runs before CnaiPayApp.on_mount
            when_drawn(self, self.done)

        def done(self) -> None:
            at_paint()
            result["paint_s"] = time.perf_counter() - start
            self.exit()

    FirstPaint(catalog).run(headless=True, size=(120, 40))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_cnai(sys.argv[2])
    finish()
