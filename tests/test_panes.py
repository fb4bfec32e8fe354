"""The detail panes: their data, their keys, and coming back to the grid as it was."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from cnai_pay.model import RefundPolicy, SourceKind, Status
from cnai_pay.tui.app import CnaiPayApp
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.help import HelpScreen
from cnai_pay.tui.screens.refunds import RefundsScreen, confidence
from cnai_pay.tui.screens.sources import SourcesScreen
from cnai_pay.tui.screens.troubleshooting import TroubleshootingScreen
from cnai_pay.tui.screens.virtual_cards import VirtualCardsScreen
from cnai_pay.tui.widgets.filter_bar import FilterInput
from cnai_pay.tui.widgets.platform_grid import PlatformGrid

from .conftest import TODAY

PANES = [
    ("v", "Virtual cards", VirtualCardsScreen),
    ("r", "Refunds", RefundsScreen),
    ("t", "Troubleshooting", TroubleshootingScreen),
    ("s", "Sources", SourcesScreen),
    ("question_mark", "Help", HelpScreen),
]


# -- the data behind the panes ---------------------------------------------------


def test_pane_data_is_present_and_cited(shipped) -> None:
    assert {p.id for p in shipped.providers} == {"wise", "revolut", "payoneer"}
    assert all(r.claims for r in shipped.refunds.values())
    for item in [*shipped.refund_claims, *shipped.provider_facts, *shipped.fees, *shipped.declines,
                 *shipped.card_rules, *shipped.billing]:
        assert item.source in shipped.sources
    setup = [f for f in shipped.provider_facts if f.provider == "wise" and f.topic == "setup"]
    assert setup and len(setup[0].steps) == 5


def test_disputes_between_guide_and_official(shipped) -> None:
    deepseek = shipped.refunds["deepseek"]
    kinds = {c.source.kind for c in deepseek.claims}
    assert deepseek.disputed and {SourceKind.GUIDE, SourceKind.OFFICIAL} <= kinds
    assert deepseek.policy is RefundPolicy.REFUNDABLE and confidence(deepseek).startswith("! disputed")
    amex = shipped.cell("qwen", "amex")
    assert amex.disputed and {c.source.kind for c in amex.claims} == {SourceKind.GUIDE, SourceKind.OFFICIAL}
    # The gateways' windows rest on the guide alone, and the row says so.
    assert confidence(shipped.refunds["evolink"]) == "unconfirmed: no platform page"
    assert shipped.refunds["together"].disputed and shipped.refunds["together"].policy is RefundPolicy.UNKNOWN


def test_platforms_refusing_virtual_cards_and_3ds(shipped) -> None:
    from cnai_pay.model import CardTopic

    refusing = {r.platform for r in shipped.card_rules if r.topic is CardTopic.VIRTUAL_CARDS and r.rule.value == "refused"}
    assert refusing == {"qwen", "together"}
    assert [r.platform for r in shipped.card_rules if r.topic is CardTopic.THREE_D_SECURE and r.rule.value == "refused"] == ["glm"]


# -- behaviour ---------------------------------------------------------------------


def make_app(catalog) -> CnaiPayApp:
    return CnaiPayApp(catalog, today=TODAY)


async def filtered_grid_state(pilot) -> tuple[str, str | None, str | None]:
    app = pilot.app
    grid = app.query_one(PlatformGrid)
    return app.query_one(FilterInput).value, *grid.cursor_keys()


@pytest.mark.parametrize(("key", "title", "screen_type"), PANES)
async def test_pane_opens_by_key_and_esc_restores_grid(shipped, key, title, screen_type) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"ai", "enter", "down", "right", "right")
        before = await filtered_grid_state(pilot)
        assert before[0] == "ai"
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, screen_type)
        assert await filtered_grid_state(pilot) == before


@pytest.mark.parametrize(("key", "title", "screen_type"), PANES)
async def test_pane_opens_from_palette(shipped, key, title, screen_type) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*f"Open: {title}", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screen_type)


async def test_refunds_pane_rows_and_sort_by_window(shipped) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        order = lambda: [row.value for row in table.rows]  # noqa: E731
        assert order() == [p.id for p in shipped.platforms]
        await pilot.press("w")
        assert order()[:2] == ["evolink", "east_signal"]  # the 7-day windows first
        await pilot.press("w")
        assert order()[:2] == ["evolink", "east_signal"] and len(order()) == len(shipped.platforms)
        await pilot.press("w")
        assert order() == [p.id for p in shipped.platforms]
        detail = str(app.screen.query_one("#refunds-detail").render())
        assert "what the sources say about refunds" in detail


async def test_troubleshooting_filter_narrows(shipped) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = lambda: [o.id for o in options.options]  # noqa: E731
        assert len(shown()) == len(shipped.declines)
        await pilot.press(*"paypal")
        assert 0 < len(shown()) < len(shipped.declines)
        assert all("paypal" in app.screen.haystacks[i] for i in shown())
        await pilot.press("escape")
        assert len(shown()) == len(shipped.declines) and isinstance(app.screen, TroubleshootingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TroubleshootingScreen)


async def test_sources_pane_lists_every_source_and_their_facts(shipped) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(shipped.sources)
        detail = str(app.screen.query_one("#sources-detail").render())
        first = next(iter(shipped.sources.values()))
        assert first.url in detail and "rest on this source" in detail


async def test_evidence_links_into_sources(shipped) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "right", "right", "enter")  # Qwen × American Express
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.selected_source().id == shipped.cell("qwen", "amex").claims[0].source.id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)


async def test_help_lists_every_key_the_footer_shows(shipped) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = [b.binding for b in app.screen.active_bindings.values() if b.binding.show and b.enabled]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        grid_rows = {(keys, what) for section, keys, what in app.screen.rows if section == "Grid"}
        for binding in shown:
            assert (app.get_key_display(binding), binding.tooltip or binding.description) in grid_rows
        legend = str(app.screen.query_one("#help-legend").render())
        for status in Status:
            assert f"{status.glyph} {status.word}" in legend and status.label in legend


@pytest.mark.parametrize("key", [k for k, _, _ in PANES])
async def test_panes_draw_at_40x12(shipped, key) -> None:
    app = make_app(shipped)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("down", "down", "pagedown")
        await pilot.pause()
        assert app.is_running
