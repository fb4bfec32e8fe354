"""The detail panes: what they show from the data, their keys, and coming back to the grid as it was."""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable

from cnai_pay.domain.model import Status
from cnai_pay.domain.vocabulary import GLYPHS, LABELS, WORDS
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.help import HelpScreen
from cnai_pay.tui.screens.refunds import RefundsScreen
from cnai_pay.tui.screens.sources import SourcesScreen
from cnai_pay.tui.screens.troubleshooting import TroubleshootingScreen
from cnai_pay.tui.screens.virtual_cards import VirtualCardsScreen
from cnai_pay.tui.widgets.filter_bar import FilterInput
from cnai_pay.tui.widgets.key_footer import KeyFooter

from .conftest import move_to
from .tui_helpers import flat, grid, grid_rows, grid_screen, lines, seen, status, text, text_of

# (key, the title in the header, the pane, something from the mini data it shows)
PANES = [
    ("v", "Virtual cards", VirtualCardsScreen, "CardCo"),
    ("r", "Refunds and billing", RefundsScreen, "! guide vs official"),
    ("t", "Troubleshooting: payment declined", TroubleshootingScreen, "The bank blocks international payments"),
    ("s", "Sources", SourcesScreen, "Delta checkout help"),
    ("question_mark", "Help", HelpScreen, "How to read a cell"),
]


def title(app) -> str:
    return text_of(app, "#header-title")


def table_rows(app) -> list[str]:
    """The data rows a pane's table draws (header line skipped)."""
    return [line.strip() for line in lines(app.screen.query_one(DataTable))[1:] if line.strip()]


def grid_state(app) -> tuple[str, list[str], tuple[str, str], str]:
    cell = grid(app).selected_cell()
    return (
        grid_screen(app).query_one(FilterInput).value,
        grid_rows(app),
        (cell.platform.id, cell.method.id),
        status(app),
    )


async def test_each_pane_opens_by_key_and_esc_restores_the_grid(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"gate", "enter")
        await move_to(pilot, "delta", "paypal")
        before = grid_state(app)
        assert before[1] == ["Gamma Gate", "Delta Relay"]
        for key, heading, screen_type, shows in PANES:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            assert title(app).startswith(heading) and shows in flat(seen(app.screen)), key
            await pilot.press("escape")
            await pilot.pause()
            assert len(app.screen_stack) == 1 and grid_state(app) == before, key


async def test_each_pane_opens_from_the_palette(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        for key, heading, screen_type, _ in PANES:
            await pilot.press("ctrl+p")
            await pilot.pause()
            # "open" and the start of the title is enough for the palette to put the pane first;
            # pasted, as typing it is test_app's business and costs a wait per key.
            app.post_message(events.Paste(f"open {heading[:4]}"))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, screen_type) and title(app).startswith(heading), key
            await pilot.press("escape")
            await pilot.pause()


async def test_refunds_pane_rows_confidence_and_sort_by_window(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        rows = table_rows(app)
        assert [row.split("  ")[0] for row in rows] == ["Alpha AI", "Beta Cloud", "Gamma Gate", "Delta Relay"]
        # Policy as glyph + word, and how far to trust it.
        assert "✓ refundable" in rows[0] and "! guide vs official" in rows[0]
        assert "– n/a: billed after use" in rows[1] and "official" in rows[1]
        assert "✓ refundable" in rows[2] and "no platform page" in rows[2] and "7 days" in rows[2]
        assert "? unknown" in rows[3] and "no source" in rows[3]
        assert "Sorted by data order" in text_of(app, "#refunds-sort")
        detail = flat(text_of(app, "#refunds-detail"))
        assert detail.startswith("Alpha AI: what the sources say about refunds")
        assert "✓ refundable (the balance does not expire): The FAQ describes a refund flow." in detail
        assert "✗ not refundable: The guide says no refunds." in detail
        assert "Prepaid, minimum 2 USD" in detail or "prepaid, minimum 2 USD" in detail

        await pilot.press("w")
        await pilot.pause()
        assert "Sorted by window ↑" in text_of(app, "#refunds-sort")
        # The only platform with a window comes first; the others keep their order after it.
        assert [row.split("  ")[0] for row in table_rows(app)] == [
            "Gamma Gate",
            "Alpha AI",
            "Beta Cloud",
            "Delta Relay",
        ]
        await pilot.press("w")
        await pilot.pause()
        assert "Sorted by window ↓" in text_of(app, "#refunds-sort")
        await pilot.press("w")
        await pilot.pause()
        assert [row.split("  ")[0] for row in table_rows(app)] == [
            "Alpha AI",
            "Beta Cloud",
            "Gamma Gate",
            "Delta Relay",
        ]
        await pilot.press("down")
        await pilot.pause()
        detail = flat(text_of(app, "#refunds-detail"))
        assert detail.startswith("Beta Cloud: what the sources say about refunds") and "postpaid" in detail


async def test_troubleshooting_filter_narrows_and_esc_clears_then_goes_back(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert text_of(app, "#trouble-count") == "1 of 1 decline reasons"
        listed = flat(seen(app.screen.query_one("#trouble-list")))
        assert "The bank blocks international payments" in listed and "→ Tell the bank a day ahead." in listed
        await pilot.press(*"bank")
        await pilot.pause()
        assert text_of(app, "#trouble-count").startswith("1 of 1 decline reasons")
        await pilot.press(*" xyz")
        await pilot.pause()
        assert text_of(app, "#trouble-count") == "0 of 1 decline reasons · Esc clears the filter"
        assert "The bank blocks" not in flat(seen(app.screen.query_one("#trouble-list")))
        await pilot.press("escape")
        await pilot.pause()
        assert text_of(app, "#trouble-count") == "1 of 1 decline reasons"
        assert isinstance(app.screen, TroubleshootingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TroubleshootingScreen)


async def test_sources_pane_lists_every_source_and_their_facts(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        rows = table_rows(app)
        assert [row.split("  ")[0] for row in rows] == [
            "A third-party guide",
            "Beta payment methods",
            "Alpha FAQ",
            "Delta checkout help",
        ]
        # Page dates over 180 days before TODAY are flagged in words, not only in colour.
        assert "2026-05-12 ⚠ old" in rows[0] and "2026-05-30" in rows[1] and "⚠ old" not in rows[1]
        assert "undated" in rows[2]
        assert text_of(app, "#sources-count").startswith("4 sources · 2 with a page date over 180 days old")
        detail = flat(text_of(app, "#sources-detail"))
        assert "https://guide.example/payments" in detail and "rest on this source" in detail
        assert "Beta Cloud × American Express: not supported — The guide says gateways only." in detail


async def test_evidence_links_into_sources(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        assert title(app).startswith("Evidence: Beta Cloud × American Express")
        # The strongest claim is highlighted first: s opens its source (Enter offers its page).
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        detail = flat(text_of(app, "#sources-detail"))
        assert detail.startswith("Beta payment methods — Beta Group")
        assert "https://beta.example/help/payment" in detail
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)


async def test_evidence_for_a_country_says_which_side_of_the_scope_it_is(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g", *"MY", "enter")
        await pilot.pause()
        await move_to(pilot, "beta", "amex")
        await pilot.press("enter")
        await pilot.pause()
        summary = flat(text_of(app, "#evidence-summary"))
        assert "✗ not supported" in summary and "resolved for your country (MY)" in summary
        claims = flat(seen(app.screen.query_one("#evidence-claims")))
        assert "applies all but MY; elsewhere not supported (you: MY, outside)" in claims


async def test_evidence_without_any_claim_says_so(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "alpha", "amex")
        await pilot.press("enter")
        await pilot.pause()
        summary = flat(text_of(app, "#evidence-summary"))
        assert "? unknown" in summary
        assert "No source in the data says anything about this combination, so it is unknown." in summary


async def test_help_lists_every_key_the_footer_shows(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        active = [b.binding for b in app.screen.active_bindings.values() if b.binding.show and b.enabled]
        footer_keys = [key.text for key in app.screen.query_one(KeyFooter).shown]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = flat(seen(app.screen))
        # Every key the grid has is in the help, whether or not the footer had room for it.
        in_footer = 0
        for binding in active:
            key = app.get_key_display(binding)
            in_footer += f"{key} {binding.description}" in footer_keys
            assert f"{key} {binding.tooltip or binding.description}" in shown, binding
        assert in_footer == len(footer_keys) - 1  # all but the palette's key, which is not a binding here
        legend = flat(text_of(app, "#help-legend"))
        for status_ in Status:
            assert f"{GLYPHS[status_]} {WORDS[status_]}" in legend and LABELS[status_] in legend


async def test_the_cards_pane_tables_each_platforms_card_rules_and_details_the_highlighted_one(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, VirtualCardsScreen)
        table = app.screen.query_one("#cards-rules", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        # Catalogue order; one column per topic; the most telling rule shown, with its regions.
        assert rows == [
            ["Alpha AI", "—", "—", "✗ refused", "✓ accepted"],
            ["Beta Cloud", "✗ refused", "—", "● required (only MY, EU)", "—"],
        ]
        detail = app.screen.query_one("#cards-rule-detail")
        assert "3-D Secure payments fail." in text(detail) and "Beta" not in text(detail)
        await pilot.press("down")
        await pilot.pause()
        shown = text(detail)
        assert shown.startswith("Beta Cloud, what each source says:")
        assert "• virtual cards ✗ refused. Virtual cards are refused." in flat(shown)
