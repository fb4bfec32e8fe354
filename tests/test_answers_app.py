"""Pilot tests of the answers the app gives: the remembered profile, the routes pane, the grid's layouts,
the preview, the footer, the set-up and outcome dialogs and the method pickers."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import DataTable, Input, OptionList, RadioSet, Select, TextArea

from cnai_pay.domain.catalog import Catalog
from cnai_pay.loading import validate_catalog
from cnai_pay.profile import Profile, load_profile, save_profile
from cnai_pay.routes import plan_routes
from cnai_pay.tui.screens.checklist_setup import ChecklistSetupScreen
from cnai_pay.tui.screens.grid import GridScreen
from cnai_pay.tui.screens.method_picker import TICKED, UNTICKED, MethodPickerScreen
from cnai_pay.tui.screens.next_steps import NextStepsScreen
from cnai_pay.tui.screens.outcome import OutcomeScreen
from cnai_pay.tui.screens.routes import RoutesScreen
from cnai_pay.tui.screens.text_prompt import TextPromptScreen
from cnai_pay.tui.widgets.cell_preview import CellPreview
from cnai_pay.tui.widgets.checklist_panel import ChecklistPanel
from cnai_pay.tui.widgets.key_footer import KeyFooter

from .conftest import TODAY, move_to
from .tui_helpers import grid, grid_screen, lines, plan_checklist, resize, seen, status

# The method picker's rows on the mini fixture: each method, and CardCo under the virtual card it issues.
PICKER_ROWS = ["m:visa", "m:amex", "m:paypal", "m:virtual_card", "p:cardco"]

# Added to a copy of the mini fixture: enough methods that 80 columns cannot hold their names.
MORE_METHODS = """
[[method]]
id = "apple_pay"
name = "Apple Pay"
short = "Apple"
kind = "wallet"

[[method]]
id = "alipay"
name = "Alipay"
short = "Alipay"
kind = "wallet"

[[method]]
id = "unionpay"
name = "UnionPay"
short = "Union"
tiny = "UP"
kind = "card_network"

[[method]]
id = "usdt"
name = "Tether (USDT)"
short = "USDT"
kind = "crypto"

[[method]]
id = "wire"
name = "Bank transfer"
short = "Wire"
kind = "bank_transfer"
"""


# -- reading the screen ----------------------------------------------------------------------------------


def preview(app: Any) -> str:
    """The preview's text before wrapping."""
    return str(grid_screen(app).query_one(CellPreview).render())


def picker_rows(screen: MethodPickerScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def panel_shown(app: Any) -> bool:
    found = grid_screen(app).query(ChecklistPanel)
    return bool(found) and bool(found.first().display)


async def saved_checklist(app: Any, state: Path) -> dict:
    await app.workers.wait_for_complete()
    return tomllib.loads((state / "checklist.toml").read_text(encoding="utf-8"))


async def open_picker(pilot: Any, key: str) -> MethodPickerScreen:
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MethodPickerScreen)
    return screen


async def tick(pilot: Any, *option_ids: str) -> None:
    """Tick picker rows by id, moving down from the top of the list."""
    position = 0
    for option_id in option_ids:
        target = PICKER_ROWS.index(option_id)
        await pilot.press(*["down"] * (target - position), "space")
        position = target
    await pilot.pause()


async def set_country(pilot: Any, code: str) -> None:
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TextPromptScreen)
    await pilot.press(*code, "enter")
    await pilot.pause()


# -- the profile ------------------------------------------------------------------------------------------


async def test_wallet_providers_and_country_survive_a_restart(app_factory, tmp_path: Path) -> None:
    state = tmp_path / "state"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_picker(pilot, "w")
        # Ticking CardCo ticks the virtual card it issues.
        await tick(pilot, "m:visa", "p:cardco")
        await pilot.press("escape")
        await pilot.pause()
        await set_country(pilot, "de")
        assert grid(app).shown and grid_screen(app).grid_filter.wallet == {"visa", "virtual_card"}
        # At 100 columns the line uses the short method names to keep everything in sight.
        assert "for DE" in status(app) and "wallet Virt, Visa" in status(app)
    profile, problem, _ = load_profile(state)
    assert problem == ""
    assert (profile.country, profile.wallet, profile.providers) == ("DE", ["virtual_card", "visa"], ["cardco"])

    again = app_factory()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = grid_screen(again)
        assert screen.grid_filter.wallet == {"visa", "virtual_card"} and screen.grid_filter.country == "DE"
        assert "for DE" in status(again) and "wallet Virt, Visa" in status(again)
        # Alpha and Beta take Visa; no source says Gamma or Delta takes either method: filtered out.
        assert [p.id for p in grid(again).shown] == ["alpha", "beta"]
        picker = await open_picker(pilot, "w")
        rows = picker_rows(picker)
        assert rows[0] == f"{TICKED} Visa" and rows[3] == f"{TICKED} Virtual card"
        assert rows[4].strip() == f"{TICKED} Virtual card from CardCo"
        assert rows[1] == f"{UNTICKED} American Express" and rows[2] == f"{UNTICKED} PayPal"


async def test_a_country_saved_beforehand_is_shown_from_the_start(app_factory, tmp_path: Path) -> None:
    assert save_profile(tmp_path / "state", Profile(country="MY")) == ""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "· for MY" in status(app) and grid(app).country == "MY"
        await move_to(pilot, "beta", "amex")
        assert preview(app).startswith("Beta Cloud × American Express: ✗")


# -- the routes pane ---------------------------------------------------------------------------------------


def table_routes(screen: RoutesScreen) -> list[tuple[str, str, str]]:
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)[:3]) for i in range(table.row_count)]  # type: ignore[misc]


async def test_the_routes_and_models_footers_show_enter_and_enter_keeps_its_place_after_a_move(
    app_factory, tmp_path: Path
) -> None:
    from cnai_pay.tui.screens.evidence import EvidenceScreen

    save_profile(tmp_path / "state", Profile(country="DE", wallet=["visa", "paypal"]))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        for pane in ("u", "m"):
            await pilot.press(pane)
            await pilot.pause()
            shown = {key.key: key.description for key in app.screen.query_one(KeyFooter).shown}
            assert shown.get("enter") == "Evidence", pane
            table = app.screen.query_one(DataTable)
            # Enter typed right after a move acts on the row moved to, not the one before.
            await pilot.press("down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, EvidenceScreen) and table.cursor_row == 1
            await pilot.press("escape", "escape")
            await pilot.pause()


async def test_routes_pane_ranks_like_the_core_and_p_plans_the_route(
    app_factory, mini: Catalog, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    save_profile(state, Profile(country="DE", wallet=["visa", "paypal", "virtual_card"], providers=["cardco"]))
    plan = plan_routes(mini, frozenset({"visa", "paypal", "virtual_card"}), frozenset({"cardco"}), "DE")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoutesScreen)
        assert table_routes(screen) == [
            (str(n), r.platform.name, r.method_label) for n, r in enumerate(plan.routes, start=1)
        ]
        summary = str(screen.query_one("#routes-summary").render())
        assert "country DE" in summary and f"{len(plan.routes)} routes" in summary
        # A route from a card provider: p opens the set-up dialog for it, over the grid.
        target = next(i for i, r in enumerate(plan.routes) if r.provider is not None)
        await pilot.press(*["down"] * target)
        await pilot.pause()
        assert f"{plan.routes[target].platform.name} × Virtual card (CardCo)" in str(
            screen.query_one("#routes-detail").render()
        )
        await pilot.press("p")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, ChecklistSetupScreen) and len(app.screen_stack) == 2
        assert setup.choice_key() == (plan.routes[target].platform.id, "virtual_card", "cardco")
        await pilot.press("enter")
        await pilot.pause()
        checklist = grid_screen(app).checklist_controller.checklist
        assert isinstance(app.screen, GridScreen) and checklist is not None
        assert checklist.key == (plan.routes[target].platform.id, "virtual_card", "cardco")
        assert checklist.fee_percent == plan.routes[target].fee_percent and panel_shown(app)
    saved = await saved_checklist(app, state)
    assert saved["platform"]["id"] == plan.routes[target].platform.id
    assert saved["method"] == {"id": "virtual_card", "name": "Virtual card", "provider": "cardco"}


async def test_routes_pane_with_an_empty_wallet_says_how_to_fill_it(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, RoutesScreen)
        assert app.screen.query_one(DataTable).row_count == 0
        assert "Your wallet is empty" in str(app.screen.query_one("#routes-detail").render())
        # p with no route does nothing; escape goes back to the grid as it was.
        await pilot.press("p", "escape")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen) and grid_screen(app).checklist_controller.checklist is None


# -- the grid's layouts --------------------------------------------------------------------------------------


def assert_whole_grid(app: Any, catalog: Catalog) -> list[str]:
    """Every method column head is on the header line and every cell's text is drawn whole; the heads."""
    widget = grid(app)
    layout = widget.grid_layout
    assert layout.width <= widget.scrollable_content_region.width, (layout.mode, layout.width)
    assert widget.scroll_x == 0 and widget.max_scroll_x == 0
    header = widget.render_line(0).text
    drawn = lines(widget)[1:]  # below the panel's titled top border
    heads = [header[: layout.name_width].strip(), header[layout.name_width : layout.fixed_width].strip()]
    for index, column in enumerate(layout.methods):
        start = layout.fixed_width + sum(c.width for c in layout.methods[:index])
        heads.append(header[start : start + column.width].strip())
        assert heads[-1] == column.title
        for row, platform in enumerate(widget.shown, start=1):
            cell = catalog.cell(platform.id, column.key, widget.country)
            assert drawn[row][start : start + column.width].strip() == layout.cell_text(cell).strip()
    assert header[layout.width :].strip() == ""
    return heads


async def test_grid_at_80x24_shows_every_method_and_whole_status_words(app_factory, mini: Catalog) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Four methods fit with their full names: no column is scrolled out or cut.
        assert grid(app).grid_layout.mode == "names"
        header = assert_whole_grid(app, mini)
        assert header == ["Platform", "Kind", "Visa", "American Express", "PayPal", "Virtual card"]
        assert "◐ cond!" in "\n".join(lines(grid(app)))


@pytest.fixture
def many_methods(mini_copy: Path) -> Catalog:
    with (mini_copy / "methods.toml").open("a", encoding="utf-8") as file:
        file.write(MORE_METHODS)
    return validate_catalog(mini_copy, today=TODAY)


@pytest.mark.parametrize(
    ("size", "mode"), [((60, 24), "compact"), ((80, 24), "heads"), ((120, 30), "short"), ((160, 50), "names")]
)
async def test_the_widest_layout_that_fits_is_used(
    app_factory, many_methods: Catalog, size: tuple[int, int], mode: str
) -> None:
    app = app_factory(many_methods)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        layout = grid(app).grid_layout
        assert layout.mode == mode
        header = assert_whole_grid(app, many_methods)
        titles = {
            "compact": [m.head for m in many_methods.methods],
            "heads": [m.short for m in many_methods.methods],
            "short": [m.short for m in many_methods.methods],
            "names": [m.name for m in many_methods.methods],
        }[mode]
        assert header[2:] == titles
        if mode == "compact":
            # Glyph and first mark only, under two-letter heads.
            assert all(len(title) == 2 for title in titles) and header[:2] == ["Platform", "K"]
            widget = grid(app)
            beta = lines(widget)[2 + [p.id for p in widget.shown].index("beta")]  # border, header
            start = layout.fixed_width + layout.methods[0].width
            assert beta[start : start + layout.methods[1].width].strip() == "◐!"


async def test_resizing_switches_the_layout(app_factory, many_methods: Catalog) -> None:
    app = app_factory(many_methods)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert grid(app).grid_layout.mode == "names"
        await resize(pilot, 80, 24)
        assert grid(app).grid_layout.mode == "heads"
        assert_whole_grid(app, many_methods)


# -- the preview -------------------------------------------------------------------------------------------


async def test_the_preview_follows_the_cursor(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert preview(app).startswith("Alpha AI × Visa: ✓")
        await move_to(pilot, "beta", "amex")
        await pilot.pause()
        shown = preview(app)
        assert shown.startswith("Beta Cloud × American Express")
        assert "Disagrees:" in shown and "Card rules: 3-D Secure" in shown
        await move_to(pilot, "delta", "visa")
        await pilot.pause()
        assert preview(app).startswith("Delta Relay × Visa: ✗")


async def test_the_preview_shows_the_last_cell_after_a_burst_of_keys(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        widget = grid_screen(app).query_one(CellPreview)
        drawn_for: list[tuple[str, str] | None] = []
        show = widget.show

        def counting_show(cell: Any) -> None:
            drawn_for.append((cell.platform.id, cell.method.id) if cell else None)
            show(cell)

        monkeypatch.setattr(widget, "show", counting_show)
        # A burst: every key is queued before the first is handled, as when a key is held down.
        burst = ["right"] * 3 + ["down"] * 40 + ["up"]
        for key in burst:
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert grid(app).cursor == (2, 3)
        assert preview(app).startswith("Gamma Gate × Virtual card: ?")
        # Drawn for the final cell, and far fewer times than the cursor moved.
        assert drawn_for and drawn_for[-1] == ("gamma", "virtual_card") and len(drawn_for) < len(burst) // 4
        for key in ["left"] * 10 + ["down"] * 25:
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert preview(app).startswith("Delta Relay × Visa")


# -- the footer ---------------------------------------------------------------------------------------------


async def test_footer_at_80_columns_keeps_help_quit_and_the_palette(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = grid_screen(app).query_one(KeyFooter)
        keys = {key.key: key for key in footer.shown}
        assert "question_mark" in keys and keys["question_mark"].description == "Help"
        assert "q" in keys and keys["q"].description == "Quit"
        assert "ctrl+p" in keys
        line = lines(footer)[0]
        assert len(line) <= 80
        for key in (keys["question_mark"], keys["q"], keys["ctrl+p"]):
            # Drawn whole on the screen, not pushed off its right edge.
            assert key.text in line, (key.text, line)
        assert line.rstrip().endswith("▏^p palette")


# -- the checklist: restart, no checklist, set-up, outcome -------------------------------------------------


async def test_a_saved_checklist_shows_its_panel_at_start(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        assert panel_shown(app)
        await app.workers.wait_for_complete()
    assert (tmp_path / "state" / "checklist.toml").is_file()

    again = app_factory()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        checklist = grid_screen(again).checklist_controller.checklist
        assert checklist is not None and checklist.key == ("alpha", "visa", "")
        assert panel_shown(again)
        assert "Alpha AI" in seen(grid_screen(again).query_one(ChecklistPanel))


async def test_a_hidden_panel_stays_hidden_at_the_next_start(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("c")
        await pilot.pause()
        assert not panel_shown(app)
        await app.workers.wait_for_complete()
    again = app_factory()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_screen(again).checklist_controller.checklist is not None and not panel_shown(again)


async def test_space_without_a_checklist_does_nothing_harmful(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("space", "space", "n", "d", "e")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, GridScreen)
        assert grid_screen(app).checklist_controller.checklist is None
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("No checklist yet" in toast for toast in toasts), toasts
        await app.workers.wait_for_complete()
    assert not (tmp_path / "state" / "checklist.toml").exists()


async def test_the_set_up_dialog_creates_on_enter_from_the_amount_field(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await move_to(pilot, "gamma", "amex")
        await pilot.press("p")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, ChecklistSetupScreen)
        amount = setup.query_one("#setup-amount", Input)
        assert amount.value == "5"  # no official minimum: the default
        amount.focus()
        await pilot.pause()
        await pilot.press("end", "backspace", *"12.5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen)
        checklist = grid_screen(app).checklist_controller.checklist
        assert checklist is not None and checklist.key == ("gamma", "amex", "") and checklist.amount == 12.5
    saved = await saved_checklist(app, tmp_path / "state")
    assert saved["budget"]["amount"] == 12.5


async def test_the_set_up_dialog_refuses_a_bad_amount_and_stays_open(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, ChecklistSetupScreen)
        setup.query_one("#setup-amount", Input).focus()
        await pilot.press("end", "backspace", *"lots", "enter")
        await pilot.pause()
        assert app.screen is setup and grid_screen(app).checklist_controller.checklist is None
        assert "is not a number" in str(setup.query_one("#setup-message").render())


async def test_the_outcome_dialog_records_a_decline_with_its_reason(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await plan_checklist(pilot, "alpha", "visa")
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OutcomeScreen)
        assert not dialog.query_one("#outcome-reason", Select).display
        assert isinstance(app.focused, RadioSet)
        # The second choice, "It was declined", then the reason from the troubleshooting list.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert dialog.declined and dialog.query_one("#outcome-reason", Select).display
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, Select)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert dialog.query_one("#outcome-reason", Select).value == "bank_blocks"
        dialog.query_one(TextArea).focus()
        await pilot.press(*"Refused")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # What to do next comes up over the grid (see test_routes_look_app); Esc leaves it.
        assert isinstance(app.screen, NextStepsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GridScreen)
        outcome = grid_screen(app).checklist_controller.checklist.outcome  # type: ignore[union-attr]
        assert outcome is not None and (outcome.result, outcome.reason) == ("declined", "bank_blocks")
    saved = await saved_checklist(app, tmp_path / "state")
    assert saved["outcome"]["result"] == "declined"
    assert saved["outcome"]["reason"] == "bank_blocks"
    assert saved["outcome"]["note"] == "Refused"
    assert "recorded" in saved["outcome"]


# -- the pickers -------------------------------------------------------------------------------------------


async def test_pickers_show_ticked_and_unticked_rows_by_glyph(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await open_picker(pilot, "w")
        rows = picker_rows(picker)
        assert all(row.lstrip().startswith(UNTICKED) for row in rows) and len(rows) == len(PICKER_ROWS)
        # CardCo is listed, indented, under the method it issues.
        assert rows[3] == f"{UNTICKED} Virtual card" and rows[4] == f"   {UNTICKED} Virtual card from CardCo"
        await tick(pilot, "m:amex", "m:paypal")
        rows = picker_rows(picker)
        assert rows[1] == f"{TICKED} American Express" and rows[2] == f"{TICKED} PayPal"
        assert rows[0] == f"{UNTICKED} Visa"
        # What the list draws, too: the glyphs are on screen.
        shown = "\n".join(lines(picker.query_one(OptionList)))
        assert f"{TICKED} PayPal" in shown and f"{UNTICKED} Visa" in shown
        # space again unticks.
        await pilot.press("space")
        await pilot.pause()
        assert picker_rows(picker)[2] == f"{UNTICKED} PayPal"
        await pilot.press("escape")
        await pilot.pause()
        assert grid_screen(app).grid_filter.wallet == {"amex"}

        accepts = await open_picker(pilot, "a")
        assert [row.split(" ", 1)[0] for row in picker_rows(accepts)] == [UNTICKED] * 4  # no providers here
        await pilot.press("space", "escape")
        await pilot.pause()
        again = await open_picker(pilot, "a")
        assert picker_rows(again)[0] == f"{TICKED} Visa"
