"""Child process of startup.py: the real `cnai-pay` start path, headless, exiting after the first drawn grid.

It goes through `cnai_pay.cli.main([])` exactly as the console script does;
only `run_app` is replaced, by the same steps (load the catalogue named by the
arguments, pause the collector, import the app, run it) with the app run
headless at 80×24 and told to exit once the grid has been painted. The
terminal check is left out: the child's output is a pipe.
Prints one JSON line of perf_counter() marks, in seconds since this script's
first line ran.
"""

from _first_paint import (
    mark,
    marks,
    watch_composed,
    watch_renders,
    watch_required,
    when_drawn,
)  # first: it starts the clock


def main() -> int:
    import cnai_pay.cli as cli

    mark("cli_imported")

    def run_app(args) -> int:  # cnai_pay.cli.run_app's signature: the parsed arguments
        import gc

        from cnai_pay.loading import load_catalog

        catalog = load_catalog(getattr(args, "data", None))
        mark("catalog_loaded")
        gc.disable()  # as cnai_pay.cli.run_app does; the app turns it back on once drawn
        from cnai_pay.tui.app import CnaiPayApp

        mark("app_imported")

        # The app's own class, not a subclass: Textual gathers each class's stylesheet by its depth
        # below App, so a subclass would not start as the app does. The hooks are the instance's.
        app = CnaiPayApp(catalog, checklist_file=args.checklist, country=getattr(args, "country", None))
        push_screen, get_default_screen = app.push_screen, app.get_default_screen

        def watched_push_screen(screen, *args, **kwargs):
            # The first start opens on its welcome dialog over the grid: the first frame has both.
            if type(screen).__name__ == "WelcomeScreen":
                watch_composed(screen, "welcome-steps", watch_required)
            return push_screen(screen, *args, **kwargs)

        def watched_default_screen():
            # The grid lives on the default screen, composed after the app's on_mount.
            screen = get_default_screen()
            watch_composed(screen, "grid", watch_renders)
            return screen

        def painted() -> None:
            mark("grid_painted")
            app.exit()

        app.push_screen = watched_push_screen
        app.get_default_screen = watched_default_screen
        when_drawn(app, painted)
        app.run(headless=True, size=(80, 24))
        mark("app_exited")
        return int(app.return_code or 0)

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
