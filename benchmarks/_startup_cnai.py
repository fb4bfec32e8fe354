"""Child process of startup.py: the real `cnai-pay` start path, headless, exiting after the first drawn grid.

It goes through `cnai_pay.cli.main([])` exactly as the console script does;
only `run_app` is replaced, by the same two steps (import the app, run it)
with the app run headless and told to exit once the grid has been painted.
Prints one JSON line of perf_counter() marks, in seconds since this script's
first line ran.
"""

from _first_paint import mark, marks, watch_renders, when_drawn  # first: it starts the clock


def main() -> int:
    import cnai_pay.cli as cli

    mark("cli_imported")
    real_load = cli.load_catalog

    def timed_load(*args, **kwargs):
        try:
            return real_load(*args, **kwargs)
        finally:
            mark("catalog_loaded")

    cli.load_catalog = timed_load

    def run_app(catalog, checklist_file=None):  # cnai_pay.cli.run_app's signature
        import gc

        gc.disable()  # as cnai_pay.cli.run_app does; the app turns it back on once drawn
        from cnai_pay.tui.app import CnaiPayApp

        mark("app_imported")

        class FirstPaint(CnaiPayApp):
            # Relative CSS_PATH is resolved against the module of the class: keep the app's.
            __module__ = CnaiPayApp.__module__

            # Textual calls on_mount of every class in the MRO, this one first;
            # CnaiPayApp.on_mount (which fills the grid) still runs after it.
            def on_mount(self) -> None:
                watch_renders(self.query_one("#grid"))
                when_drawn(self, self._painted)

            def _painted(self) -> None:
                mark("grid_painted")
                self.exit()

        FirstPaint(catalog, checklist_file=checklist_file).run(headless=True, size=(80, 24))
        mark("app_exited")
        return 0

    cli.run_app = run_app
    return cli.main([])


if __name__ == "__main__":
    status = main()
    import json  # not at the top: it would count in the start-up
    import os

    print(json.dumps(marks), flush=True)
    # Skip the interpreter's finalisation (~150 ms of module and object teardown
    # on this machine): the user sees the grid long before it, and it would
    # otherwise dominate the difference being measured.
    os._exit(status)
