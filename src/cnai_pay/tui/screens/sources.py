"""Every source with its kind, dates and URL, and the facts that rest on it."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ...domain.catalog import Catalog
from ...domain.model import (
    BillingFact,
    CardRule,
    Claim,
    Decline,
    Fee,
    Platform,
    ProviderFact,
    RefundClaim,
    Source,
    StepTemplate,
)
from ...domain.vocabulary import BILLING_LABELS, LABELS, REFUND_LABELS, SOURCE_KIND_LABELS, TOPIC_LABELS
from ...text import truncate
from ..rich_text import heading, is_old, source_block
from .pane import PaneScreen


class SourcesScreen(PaneScreen):
    PANE_TITLE = "Sources"
    # Enter on a row does the same (the table's own Enter selects the row).
    BINDINGS = [Binding("o", "open_page", "Open page", tooltip="Open the highlighted source's page in your browser")]

    def __init__(self, catalog: Catalog, today: dt.date, select: str | None = None) -> None:
        super().__init__(catalog)
        self.today = today
        self.select = select
        self.citing = {source_id: catalog.claims_citing(source_id) for source_id in catalog.sources}
        self.provider_names = {p.id: p.name for p in catalog.providers}

    def compose_pane(self) -> ComposeResult:
        yield Static("", id="sources-count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sources-table")
        with VerticalScroll(id="sources-detail-scroll"):
            yield Static("", id="sources-detail")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for label, key in (
            ("Title", "title"),
            ("Kind", "kind"),
            ("Publisher", "publisher"),
            ("Page date", "page_date"),
            ("Read", "read"),
            ("Facts", "facts"),
        ):
            table.add_column(label, key=key)
        old = 0
        for source in self.catalog.sources.values():
            stale = is_old(source, self.today)
            old += stale
            table.add_row(
                Text(truncate(source.title, 44), style="bold"),
                SOURCE_KIND_LABELS[source.kind],
                Text(truncate(source.publisher, 20)),
                Text(source.page_date_text + (" ⚠ old" if stale else ""), style="yellow" if stale else ""),
                source.read_on.isoformat(),
                str(len(self.citing[source.id])),
                key=source.id,
            )
        self.query_one("#sources-count", Static).update(
            f"{len(self.catalog.sources)} sources · {old} with a page date over 180 days old (⚠ old) · "
            "↑↓ select one to see the facts resting on it"
        )
        if self.select in self.catalog.sources:
            table.move_cursor(row=table.get_row_index(self.select), animate=False)
        table.focus()
        self.show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_page()

    def action_open_page(self) -> None:
        from ..browser import offer_to_open

        source = self.selected_source()
        if source is not None:
            offer_to_open(self, source)

    def selected_source(self) -> Source | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return self.catalog.sources[str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)]

    def describe(self, item: object) -> str:
        name = self.catalog.platform_by_id
        method = self.catalog.method_name
        match item:
            case Claim():
                target = method(item.method, [item.kind] if item.kind else [])
                return f"{name[item.platform].name} × {target}: {LABELS[item.status]} — {item.note}"
            case RefundClaim():
                return f"{name[item.platform].name} refunds: {REFUND_LABELS[item.policy]} — {item.note}"
            case BillingFact():
                return f"{name[item.platform].name} billing: {BILLING_LABELS[item.model]} — {item.note}"
            case CardRule():
                rule = item.rule.value.replace("_", " ")
                return f"{name[item.platform].name}, {TOPIC_LABELS[item.topic]}: {rule} — {item.note}"
            case Fee():
                return f"Fee {item.percent:g}% ({item.provider or method(item.method, item.kinds)}): {item.note}"
            case ProviderFact():
                return f"{self.provider_names[item.provider]}, {item.topic.replace('_', ' ')}: {item.text}"
            case Decline():
                return f"Decline: {item.reason}"
            case StepTemplate():
                return f"Checklist step: {item.text}"
            case Platform():
                return f"{item.name}: {item.summary}"
        return str(item)

    def show_detail(self) -> None:
        source = self.selected_source()
        if source is None:
            return
        text = source_block(source)
        if source.note:
            text.append(f"\n{source.note}", style="italic")
        if is_old(source, self.today):
            text.append(
                f"\n⚠ The page is {source.age_days(self.today)} days old: check it is still current.", style="yellow"
            )
        facts = self.citing[source.id]
        text.append("\n\n")
        text.append_text(heading(f"{len(facts)} fact{'s' if len(facts) != 1 else ''} rest on this source"))
        for item in facts:
            text.append(f"\n• {self.describe(item)}")
        self.query_one("#sources-detail", Static).update(text)
