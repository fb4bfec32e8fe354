"""Child process of startup.py: a bare Textual app with the same kinds of widgets as cnai-pay.

Header, Input, a DataTable of 11 rows x 19 columns (2 text columns + 17 status
cells, as rich Text, cell cursor, zebra stripes, 2 fixed columns), Footer with
7 keys (as many as cnai-pay's footer shows at start at 80×24, plus the
palette's): as many rows and columns as the shipped data gives cnai-pay's grid.
Runs headless and exits after the first refresh that shows the filled table.
With `--dialog`, a modal dialog like cnai-pay's first-run welcome (a title, three
lines of text, two labelled one-line inputs, two buttons) opens over the table at
mount, and the frame counts once both are drawn: the same widgets as a first start.
Prints one JSON line of perf_counter() marks since this script's first line.
"""

from _first_paint import mark, marks, watch_renders, watch_required, when_drawn  # first: it starts the clock

# The shipped data: 11 platforms (7 direct, 4 gateways) and 17 payment methods.
PLATFORMS = 11
METHODS = 17


# The dialog's styles are the app's own (as cnai-pay keeps its dialogs' in app.tcss): a screen
# class with DEFAULT_CSS would make Textual parse and apply the whole stylesheet again at push.
DIALOG_CSS = """
Dialog { align: center middle; }
Dialog > Vertical { width: 60; height: auto; border: round $primary; background: $surface; padding: 0 1; }
Dialog Horizontal { height: auto; align-horizontal: right; }
"""


def dialog_screen():
    """A modal like cnai-pay's first-run welcome; imported only with --dialog."""
    from textual.app import ComposeResult
    from textual.containers import Horizontal, Vertical
    from textual.screen import ModalScreen
    from textual.widgets import Button, Input, Label, Static

    class Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            with Vertical():
                yield Label("Welcome", classes="title")
                yield Label("Two answers and the grid shows what you can pay with.")
                steps = Static("1. Pick a platform\n2. Check the cell\n3. Top up", id="steps")
                watch_required(steps)
                yield steps
                yield Label("Your country")
                yield Input(placeholder="DE", compact=True)
                yield Label("The cards and wallets you hold")
                yield Input(placeholder="visa", compact=True)
                with Horizontal():
                    yield Button("Skip", compact=True)
                    yield Button("Go", variant="primary", compact=True)

    return Dialog()


def main() -> int:
    import sys

    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Input

    with_dialog = "--dialog" in sys.argv[1:]

    mark("app_imported")
    glyphs = [("✓ yes", "green"), ("✗ no", "red"), ("◐ cond", "yellow"), ("? unkn", "dim")]

    class Bare(App):
        CSS = DIALOG_CSS if with_dialog else ""
        # As many footer keys as cnai-pay shows at start at 80×24 (7, plus the palette's). Each needs
        # an action of its own: the Footer shows one key per action.
        BINDINGS = (
            [("slash", "focus('filter')", "Filter")]
            + [
                (key, f"notify('{label}')", label)
                for key, label in [
                    ("a", "Accepts"),
                    ("w", "Wallet"),
                    ("k", "Kind"),
                    ("b", "Refund"),
                    ("question_mark", "Help"),
                ]
            ]
            + [("q", "quit", "Quit")]
        )

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(placeholder="/ filter", id="filter", compact=True)
            yield DataTable(cursor_type="cell", zebra_stripes=True, fixed_columns=2)
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_column("Platform", key="platform")
            table.add_column("Kind", key="kind")
            for index in range(METHODS):
                table.add_column(f"M{index:02d}", key=f"m{index}")
            rows = []
            for row in range(PLATFORMS):
                cells: list[object] = [Text(f"Platform {row}", style="bold"), "direct" if row < 7 else "gateway"]
                for column in range(METHODS):
                    text, style = glyphs[(row + column) % 4]
                    cells.append(Text(text, style=style))
                rows.append(cells)
            table.add_rows(rows)
            table.focus()
            watch_renders(table)
            if with_dialog:
                self.push_screen(dialog_screen())
            when_drawn(self, self._painted)

        def _painted(self) -> None:
            mark("grid_painted")
            self.exit()

    Bare().run(headless=True, size=(80, 24))
    mark("app_exited")
    return 0


if __name__ == "__main__":
    status = main()
    import json  # not at the top: it would count in the start-up
    import os

    print(json.dumps(marks), flush=True)
    # Skip the interpreter's finalisation (~150 ms of module and object teardown
    # on this machine): the user sees the grid long before it, and it would
    # otherwise dominate the difference being measured.
    os._exit(status)
