"""Every key, by pane, read from the real bindings so the list cannot drift; and how to read a cell."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...catalog import RANKING_RULE
from ...model import DISPUTED_MARK, Status
from ..formatting import heading, status_style
from .pane import PaneScreen

LEGEND_WORDS = {
    Status.SUPPORTED: "a source says the platform takes it",
    Status.NOT_SUPPORTED: "a source says it does not",
    Status.CONDITIONAL: "it works with a caveat: region, card type, 3-D Secure…",
    Status.UNKNOWN: "no source in the data says either way",
}


class HelpScreen(PaneScreen):
    PANE_TITLE = "Help"

    def __init__(self, catalog, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__(catalog)
        self.sections = sections
        # (section, keys, what it does) for every row shown, in order.
        self.rows: list[tuple[str, str, str]] = []

    def compose_pane(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self.legend(), id="help-legend")
            for title, bindings in self.sections:
                yield Static(self.keys_table(title, bindings), classes="help-section")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#help-scroll").focus()

    def key_names(self, binding: Binding) -> str:
        names = []
        for key in binding.key.split(","):
            single = Binding(key.strip(), binding.action, binding.description, key_display=binding.key_display)
            names.append(self.app.get_key_display(single))
        return " / ".join(dict.fromkeys(names))

    def keys_table(self, title: str, bindings: list[Binding]) -> Table:
        table = Table(title=title, title_justify="left", title_style="bold underline", show_header=False,
                      box=None, padding=(0, 2, 0, 0))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("what it does")
        for binding in bindings:
            if binding.description:
                row = (self.key_names(binding), binding.tooltip or binding.description)
                self.rows.append((title, *row))
                table.add_row(*row)
        return table

    def legend(self) -> Text:
        text = heading("How to read a cell")
        for status in Status:
            text.append("\n")
            text.append(f"{status.glyph} {status.word:<5}", style=status_style(status))
            text.append(f" {status.label}: {LEGEND_WORDS[status]}")
        text.append(f"\n{DISPUTED_MARK}", style="bold")
        text.append(f"      disputed: the sources disagree. {RANKING_RULE} Enter on a cell shows every claim.\n")
        return text
