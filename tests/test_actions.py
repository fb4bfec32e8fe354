"""The action registry: the grid's bindings, the footer's order, the palette and the help all come from it."""

from __future__ import annotations

from textual import events

from cnai_pay.tui.actions import APP_ACTIONS, GRID_ACTIONS, PANE_ACTIONS, ActionSpec, bindings
from cnai_pay.tui.palette import CnaiCommands, grid_commands
from cnai_pay.tui.panes import PANES
from cnai_pay.tui.screens.grid import GridScreen
from cnai_pay.tui.screens.help import grid_keys
from cnai_pay.tui.screens.refunds import RefundsScreen
from cnai_pay.tui.screens.troubleshooting import TroubleshootingScreen

from .tui_helpers import grid_screen, status

SORT = ActionSpec("sort", "z", "sort_rows", "Sort", "Grid: sort the rows", "Sort the platforms by name", "order")


async def test_an_action_added_to_the_registry_is_bound_in_the_palette_and_in_the_help(app_factory) -> None:
    registry = (*GRID_ACTIONS, SORT)
    bound = [b for b in bindings(registry) if not isinstance(b, tuple)]
    assert [(b.key, b.action, b.description, b.tooltip) for b in bound][-1] == ("z", "sort_rows", "Sort", SORT.help)
    listed = {b.key: b.tooltip for b in grid_keys(registry)}
    assert listed["z"] == SORT.help
    app = app_factory()
    async with app.run_test(size=(100, 30)):
        commands = {c.title: c for c in grid_commands(grid_screen(app), registry)}
        assert commands[SORT.title].key == "z" and commands[SORT.title].help == SORT.help
        assert "order" in commands[SORT.title].searched


def test_the_grid_binds_the_registry_in_its_order_and_every_pane_has_a_screen() -> None:
    declared = [b.action for b in GridScreen.BINDINGS if not isinstance(b, tuple)]
    assert declared == [spec.action for spec in GRID_ACTIONS if spec.bound]
    assert {pane.action for pane in PANES} == set(PANE_ACTIONS)
    keys = [spec.key for spec in (*GRID_ACTIONS, *APP_ACTIONS)]
    assert len(keys) == len(set(keys)), "two actions share a key"


async def find_in_palette(app, pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    app.post_message(events.Paste(query))
    await pilot.pause()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_finds_actions_by_what_they_do(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        provider = CnaiCommands(app.screen)
        for query, wanted in (
            ("declined", "Open: Troubleshooting"),
            ("3-D Secure", "Open: Troubleshooting"),
            ("money back", "Open: Refunds and billing"),
            ("refund", "Open: Refunds and billing"),
        ):
            hits = sorted([hit async for hit in provider.search(query)], key=lambda hit: -hit.score)
            assert wanted in [hit.text for hit in hits[:3]], (query, [hit.text for hit in hits])
        # Chosen, as a user would, it opens; each entry shows its key.
        await find_in_palette(app, pilot, "declined")
        assert isinstance(app.screen, TroubleshootingScreen)
        await pilot.press("escape")
        await pilot.pause()
        await find_in_palette(app, pilot, "money back")
        assert isinstance(app.screen, RefundsScreen)
        hits = [hit async for hit in CnaiCommands(app.screen).search("refunds and billing")]
        assert [hit.match_display.plain.endswith("  r") for hit in hits if hit.text == "Open: Refunds and billing"] == [
            True
        ]


# -- keys that never surprise ---------------------------------------------------------------------------


async def test_h_j_k_l_move_like_the_arrows_in_the_grid_a_pane_and_a_picker(app_factory) -> None:
    from cnai_pay.tui.screens.method_picker import MethodPickerScreen
    from cnai_pay.tui.widgets.platform_grid import PlatformGrid

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        cells = grid_screen(app).query_one(PlatformGrid)
        start = cells.cursor
        await pilot.press("j", "l")
        await pilot.pause()
        assert cells.cursor == (start[0] + 1, start[1] + 1)
        await pilot.press("k", "h")
        await pilot.pause()
        assert cells.cursor == start and "kind" not in status(app)  # k no longer filters
        await pilot.press("r")
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 1
        await pilot.press("k")
        await pilot.pause()
        assert table.cursor_row == 0
        await pilot.press("escape", "w")
        await pilot.pause()
        assert isinstance(app.screen, MethodPickerScreen)
        options = app.screen.query_one("OptionList")
        before = options.highlighted or 0
        await pilot.press("j")
        await pilot.pause()
        assert options.highlighted == before + 1


async def test_the_kind_filter_is_on_y(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert "kind direct" in status(app)


async def test_x_clears_the_saved_wallet_and_z_puts_it_back(app_factory, tmp_path) -> None:
    from cnai_pay.profile import Profile, load_profile, save_profile

    state = tmp_path / "state"
    assert save_profile(state, Profile(wallet=["paypal", "visa"], providers=["cardco"])) == ""
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("b", "x")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert grid_screen(app).grid_filter.wallet == frozenset() and load_profile(state)[0].wallet == []
        toasts = [n.message for n in app._notifications]
        assert any("saved wallet cleared: z puts them back" in message for message in toasts)
        await pilot.press("z")
        await pilot.pause()
        await app.workers.wait_for_complete()
        flt = grid_screen(app).grid_filter
        assert flt.wallet == {"paypal", "visa"} and flt.refundable
        saved = load_profile(state)[0]
        assert (saved.wallet, saved.providers) == (["paypal", "visa"], ["cardco"])
        await pilot.press("z")
        await pilot.pause()
        assert "Nothing to put back" in [n.message for n in app._notifications][-1]


async def test_keys_on_an_empty_routes_list_say_why(app_factory) -> None:
    from cnai_pay.tui.screens.routes import RoutesScreen

    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, RoutesScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, RoutesScreen)
        assert "No route: your wallet is empty" in [n.message for n in app._notifications][-1]
