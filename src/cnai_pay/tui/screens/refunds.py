"""One row per platform: what happens to unused money, the window, minimum and billing model."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ...checklist.steps import minimum_text
from ...domain.catalog import Catalog, Refund
from ...domain.model import SourceKind
from ...domain.regions import scope_text
from ...domain.vocabulary import BASIS_LABELS, BILLING_LABELS, REFUND_GLYPHS, REFUND_LABELS, SOURCE_KIND_LABELS, plural
from ...text import truncate
from ..rich_text import citation, heading
from ..widgets.paged_table import PagedTable, Row
from .pane import PaneScreen

SORTS = ("data order", "window ↑", "window ↓")


def confidence(refund: Refund) -> str:
    """Says plainly when the sources disagree or when no platform page backs the answer."""
    kinds = {c.source.kind for c in refund.claims}
    if not refund.claims:
        return "no source"
    if refund.disputed:
        disagreeing = sorted({SOURCE_KIND_LABELS[c.source.kind] for c in refund.claims})
        return "! " + " vs ".join(disagreeing)
    if SourceKind.OFFICIAL not in kinds:
        return "no platform page"
    return "official"


class RefundsScreen(PaneScreen):
    PANE_TITLE = "Refunds and billing"
    BINDINGS = [Binding("w", "sort_by_window", "Sort by window")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.sort_index = 0

    def compose_pane(self) -> ComposeResult:
        yield Static("", id="refunds-sort")
        yield PagedTable[str](id="refunds-table")
        with VerticalScroll(id="refunds-detail-scroll"):
            yield Static("", id="refunds-detail")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for label, key in (
            ("Platform", "platform"),
            ("Unused money", "policy"),
            ("Check", "check"),
            ("Window", "window"),
            ("Billing", "billing"),
            ("Minimum top-up", "minimum"),
        ):
            table.add_column(label, key=key)
        self.fill()
        table.focus()

    def rows(self) -> list[str]:
        """The platform ids in the order shown: in data order a refund is resolved only when its row is built."""
        if self.sort_index == 0:
            return [p.id for p in self.catalog.platforms]
        refunds = [self.catalog.refunds[p.id] for p in self.catalog.platforms]
        # Platforms without a window sort last either way.
        with_window = sorted(
            (r for r in refunds if r.window_days is not None),
            key=lambda r: r.window_days or 0,
            reverse=self.sort_index == 2,
        )
        return [r.platform.id for r in with_window] + [r.platform.id for r in refunds if r.window_days is None]

    def fill(self) -> None:
        table: PagedTable[str] = self.query_one(PagedTable)
        keep = table.cursor_row
        # Rows are built a page at a time (one per platform: thousands at a large catalogue).
        table.show(self.rows(), self.refund_row)
        table.add_page(up_to=keep + 1)
        table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        self.query_one("#refunds-sort", Static).update(
            f"Sorted by {SORTS[self.sort_index]} · w changes the order · ↑↓ select a platform for its sources"
        )
        self.show_detail()

    def refund_row(self, platform_id: str) -> Row:
        refund = self.catalog.refunds[platform_id]
        billing = self.catalog.billing_model(platform_id)
        # The conditions, balance expiry and full minimum are in the detail below: the table stays narrow.
        cells = (
            Text(refund.platform.name, style="bold"),
            Text(
                # What is refundable, not a bare word, when it is one product only.
                truncate(f"{REFUND_GLYPHS[refund.policy]} {refund.headline}", 34),
                style=self.status_style(refund.policy),
            ),
            Text(confidence(refund), style="bold" if refund.disputed else "dim"),
            plural(refund.window_days, "day") if refund.window_days is not None else "—",
            BILLING_LABELS[billing] if billing else "unknown",
            Text(truncate(minimum_text(self.catalog, platform_id), 20)),
        )
        return cells, platform_id

    def action_sort_by_window(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.fill()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def show_detail(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        platform_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        refund = self.catalog.refunds[platform_id]
        text = heading(f"{refund.platform.name}: what the sources say about refunds")
        if not refund.claims:
            text.append("\nNo source in the data speaks about refunds on this platform.")
        for ranked in refund.claims:
            claim = ranked.claim
            text.append(
                f"\n{REFUND_GLYPHS[claim.policy]} {REFUND_LABELS[claim.policy]}", style=self.status_style(claim.policy)
            )
            if claim.product:
                text.append(f" — only for {claim.product}")
            if claim.scoped:
                text.append(f" ({scope_text(claim)})")
            if claim.window_days is not None:
                text.append(f", {claim.window_days} days")
            if claim.conditions:
                text.append(f" (conditions: {claim.conditions})")
            if claim.balance_expires is not None:
                if claim.product:  # the expiry is the product's, not the balance's
                    text.append(f" ({claim.product} {'expire' if claim.balance_expires else 'do not expire'})")
                else:
                    text.append(" (the balance expires)" if claim.balance_expires else " (the balance does not expire)")
            text.append(f": {claim.note} ")
            if ranked.weak:
                text.append(f"[{BASIS_LABELS[ranked.basis]}] ", style="italic")
            text.append_text(citation(ranked.source))
        text.append("\n\n")
        text.append_text(heading("Billing and minimum top-up"))
        text.append(f"\nMinimum top-up: {minimum_text(self.catalog, platform_id)}")
        for fact in self.catalog.billing_for(platform_id):
            text.append(f"\n{BILLING_LABELS[fact.model]}", style="bold")
            if fact.minimum is not None:
                text.append(f", minimum {fact.minimum:g} {fact.currency or ''}".rstrip())
            if fact.method:
                text.append(f" (by {self.catalog.method_by_id[fact.method].name})")
            if fact.product:
                text.append(f" (for {fact.product})")
            if fact.scoped:
                text.append(f" ({scope_text(fact)})")
            text.append(f": {fact.note} ")
            text.append_text(citation(self.catalog.sources[fact.source]))
        self.query_one("#refunds-detail", Static).update(text)
