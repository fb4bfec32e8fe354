"""The user's own card: a card whose provider the profile names is answered as that card, through its
network (domain.cards), in the grid, its preview and the filters; a provider no source gives a network
for is answered as unknown network, never as a guessed one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from cnai_pay.cli import main
from cnai_pay.domain.cards import card_description, own_card, user_cell
from cnai_pay.domain.catalog import Catalog
from cnai_pay.domain.filters import GridFilter, filter_platforms, highlighted
from cnai_pay.domain.model import Status
from cnai_pay.loading import validate_catalog
from cnai_pay.profile import Profile, save_profile
from cnai_pay.routes import plan_routes
from cnai_pay.tui.screens.evidence import EvidenceScreen
from cnai_pay.tui.screens.virtual_cards import VirtualCardsScreen
from cnai_pay.tui.widgets.cell_preview import CellPreview

from .conftest import FIXTURES, TODAY, make_app, move_to
from .tui_helpers import grid, grid_cell, grid_screen, plan_checklist

# A second provider whose card no source gives a network for (as with Revolut in the shipped data).
PLAINCO = """
[[provider]]
id = "plainco"
name = "PlainCo"
method = "virtual_card"
card_type = "a virtual card"
site = "https://plainco.example/cards"

[[provider_fact]]
provider = "plainco"
topic = "reliability"
text = "Works on most sites."
source = "guide"
"""


@pytest.fixture(scope="module")
def cards_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cards") / "audit"
    shutil.copytree(FIXTURES / "audit", folder)
    with (folder / "virtual_cards.toml").open("a", encoding="utf-8") as file:
        file.write(PLAINCO)
    return folder


@pytest.fixture(scope="module")
def cards(cards_folder: Path) -> Catalog:
    return validate_catalog(cards_folder, today=TODAY)


# -- the core -------------------------------------------------------------------------------------------


def test_a_held_card_is_answered_through_its_network(cards: Catalog) -> None:
    assert cards.cell("alpha", "virtual_card").status is Status.UNKNOWN
    own = own_card(cards, "alpha", "virtual_card", {"cardco"}, None)
    assert own is not None and own.provider.id == "cardco" and own.description == "Visa debit"
    assert own.text == "your CardCo card: Visa debit → ✓ supported"
    assert own.network_source == "cardco_help" and own.answer.reason == "Alpha AI's Visa cell decides"
    assert user_cell(cards, "alpha", "virtual_card", {"cardco"}, None).status is Status.SUPPORTED


def test_a_platform_refusing_virtual_cards_refuses_the_held_card(cards: Catalog) -> None:
    own = own_card(cards, "beta", "virtual_card", {"cardco"}, None)
    assert own is not None and own.answer.cell.status is Status.NOT_SUPPORTED
    assert "refuses virtual cards" in own.answer.reason


def test_without_a_held_provider_the_cell_is_the_generic_one(cards: Catalog) -> None:
    assert own_card(cards, "alpha", "virtual_card", frozenset(), None) is None
    # A provider of another method changes nothing for this one, nor for Visa.
    assert own_card(cards, "alpha", "visa", {"cardco"}, None) is None
    assert user_cell(cards, "alpha", "virtual_card", frozenset(), None) == cards.cell("alpha", "virtual_card")


def test_an_unsourced_network_is_unknown_never_guessed(cards: Catalog) -> None:
    plain = next(p for p in cards.providers if p.id == "plainco")
    assert card_description(cards, plain, None) == "network unknown"
    own = own_card(cards, "alpha", "virtual_card", {"plainco"}, None)
    # Alpha takes Visa, but nothing says a PlainCo card is one: the virtual-card cell (unknown) stands.
    assert own is not None and own.answer.cell.status is Status.UNKNOWN and own.network_source == ""
    assert "no source in the data names the network of a PlainCo card" in own.answer.reason
    # A refusal of virtual cards needs no network: it still decides.
    beta = own_card(cards, "beta", "virtual_card", {"plainco"}, None)
    assert beta is not None and beta.answer.cell.status is Status.NOT_SUPPORTED
    # The routes say the same, and do not tell the user their card is a Visa.
    plan = plan_routes(cards, frozenset({"virtual_card"}), frozenset({"plainco"}))
    alpha = next(r for r in plan.routes if r.platform.id == "alpha")
    assert alpha.cell.status is Status.UNKNOWN and "names the network" in alpha.card_note
    # Visa is suggested for Gamma, saying the card may already be one; Beta refuses the card whatever it is.
    openings = {o.platform.id: o.text for o in plan.closed}
    assert openings["gamma"] == (
        "Visa would open Gamma Gate (your PlainCo card may already be one: no source in the data names its network)"
    )
    assert openings["beta"] == "Visa would open Beta Cloud"


def test_the_cli_says_the_network_is_unknown_and_never_calls_the_card_a_visa(
    cards_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--data", str(cards_folder), "--no-profile", "routes", "--wallet", "virtual_card", "--width", "0"]
    assert main([*argv, "--provider", "plainco"]) == 0
    out = capsys.readouterr().out
    assert "Alpha AI × Virtual card (PlainCo): ? unkn" in out
    assert "your card: no source in the data names the network of a PlainCo card here" in out
    assert "PlainCo card is Visa" not in out
    assert main([*argv, "--provider", "cardco"]) == 0
    assert "Alpha AI × Virtual card (CardCo): ✓ yes" in capsys.readouterr().out


def test_the_cli_grid_answers_for_the_saved_card_like_the_app(
    cards_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert save_profile(Path(os.environ["CNAI_PAY_HOME"]), Profile(providers=["cardco"])) == ""
    data = ["--data", str(cards_folder)]
    assert main(["grid", *data, "--format", "json"]) == 0
    grid_json = json.loads(capsys.readouterr().out)
    alpha = next(p for p in grid_json["platforms"] if p["id"] == "alpha")
    assert grid_json["providers"] == ["cardco"] and alpha["cells"]["virtual_card"]["status"] == "supported"
    assert main(["grid", *data, "--width", "0"]) == 0
    assert (
        "Virtual card: your CardCo card (its network and each platform's card rules decide)" in capsys.readouterr().out
    )
    # Without the profile, the generic answer.
    assert main(["--no-profile", "grid", *data, "--format", "json"]) == 0
    generic = json.loads(capsys.readouterr().out)
    alpha = next(p for p in generic["platforms"] if p["id"] == "alpha")
    assert generic["providers"] == [] and alpha["cells"]["virtual_card"]["status"] == "unknown"


def test_the_cli_evidence_answers_for_the_saved_card_or_the_one_given(
    cards_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert save_profile(Path(os.environ["CNAI_PAY_HOME"]), Profile(providers=["cardco"])) == ""
    data = ["--data", str(cards_folder)]
    assert main(["evidence", *data, "alpha", "virtual_card", "--width", "0"]) == 0
    out = capsys.readouterr().out
    assert "Your CardCo card: Visa debit → ✓ supported" in out
    assert "Why: Alpha AI's Visa cell decides" in out and "The claims below are Alpha AI's for Visa." in out
    # A platform refusing virtual cards: its rule decides and is printed with its source.
    assert main(["--no-profile", "evidence", *data, "beta", "virtual_card", "--provider", "cardco"]) == 0
    out = capsys.readouterr().out
    assert "Why: Beta Cloud refuses virtual cards, whatever their network" in out
    assert "card rule: ✗ not supported" in out
    # Without a card, the method's cell as the data gives it.
    assert main(["--no-profile", "evidence", *data, "alpha", "virtual_card"]) == 0
    assert "Your CardCo card" not in capsys.readouterr().out


def test_with_two_cards_the_one_that_goes_through_answers(cards: Catalog) -> None:
    own = own_card(cards, "alpha", "virtual_card", {"plainco", "cardco"}, None)
    assert own is not None and own.provider.id == "cardco" and own.answer.cell.status is Status.SUPPORTED


def test_the_wallet_filter_and_its_marks_follow_the_held_card(cards: Catalog) -> None:
    generic = GridFilter(wallet=frozenset({"virtual_card"}))
    mine = GridFilter(wallet=frozenset({"virtual_card"}), providers=frozenset({"cardco"}))
    assert "alpha" not in [p.id for p in filter_platforms(cards, generic)]
    assert "alpha" in [p.id for p in filter_platforms(cards, mine)]
    assert highlighted(cards, "alpha", mine) == {"virtual_card"} and not highlighted(cards, "alpha", generic)


# -- in the app ------------------------------------------------------------------------------------------


def preview_text(app: object) -> str:
    return str(grid_screen(app).query_one(CellPreview).render())


async def test_the_grid_shows_the_saved_card_and_the_preview_says_so(cards: Catalog, tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert save_profile(state, Profile(providers=["cardco"])) == ""
    app = make_app(cards, state)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert grid_cell(app, "Alpha AI", "virtual_card").startswith("✓")
        assert grid_cell(app, "Beta Cloud", "virtual_card").startswith("✗")
        await move_to(pilot, "alpha", "virtual_card")
        shown = preview_text(app)
        assert shown.startswith("Alpha AI × Virtual card · your CardCo card: Visa debit → ✓ supported")
        assert "Why: Alpha AI's Visa cell decides · the card per" in shown
        assert "Virtual cards in general: ? unknown" in shown
        assert "your CardCo card" in str(grid(app).border_title)


async def test_the_evidence_pane_answers_for_the_saved_card_and_shows_what_decided(
    cards: Catalog, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    assert save_profile(state, Profile(providers=["cardco"])) == ""
    app = make_app(cards, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await move_to(pilot, "alpha", "virtual_card")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        summary = str(app.screen.query_one("#evidence-summary", Static).render())
        assert "Your CardCo card: Visa debit → ✓" in summary
        assert "Why: Alpha AI's Visa cell decides" in summary
        assert "The claims below are Alpha AI's for Visa." in summary
        options = app.screen.query_one(OptionList)
        assert options.option_count and options.highlighted == 0
        await pilot.press("escape")
        # A platform that refuses virtual cards: its rule decides, and it is the first entry, with its page.
        await move_to(pilot, "beta", "virtual_card")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        summary = str(app.screen.query_one("#evidence-summary", Static).render())
        assert "Your CardCo card: Visa debit → ✗" in summary
        assert "Why: Beta Cloud refuses virtual cards, whatever their network" in summary
        first = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert first.startswith("Card rule: ✗")


async def test_without_a_saved_card_the_grid_keeps_the_generic_answer(cards: Catalog, tmp_path: Path) -> None:
    app = make_app(cards, tmp_path / "state")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert grid_cell(app, "Alpha AI", "virtual_card").startswith("?")
        await move_to(pilot, "alpha", "virtual_card")
        shown = preview_text(app)
        assert shown.startswith("Alpha AI × Virtual card: ? unknown") and "your CardCo card" not in shown
        assert "By card: CardCo ✓ yes" in shown


async def test_the_cards_pane_names_each_network_or_says_it_is_unknown(cards: Catalog, tmp_path: Path) -> None:
    app = make_app(cards, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, VirtualCardsScreen)
        shown = [str(w.render()) for w in app.screen.query(".provider")]
        cardco = next(t for t in shown if "CardCo" in t)
        plainco = next(t for t in shown if "PlainCo" in t)
        assert "Network: Visa debit — " in cardco
        assert "Network: unknown: no source in the data names it" in plainco


async def test_planning_from_the_cards_cell_plans_for_that_card_with_the_fees_added(
    cards: Catalog, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    assert save_profile(state, Profile(providers=["cardco"])) == ""
    app = make_app(cards, state)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await plan_checklist(pilot, "gamma", "virtual_card")
        checklist = grid_screen(app).checklist_controller.checklist
        assert checklist is not None and checklist.provider_id == "cardco"
        # Gamma's 4% card fee (at least 0.50 USD) and the virtual card's 1.5%, added.
        assert checklist.budget_text == "1 USD + 4% (at least 0.50 USD) + 1.5% = 1.52 USD"
