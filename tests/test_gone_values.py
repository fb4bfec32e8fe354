"""Values a data update removed, in a saved checklist or the profile, are shown as what they are."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from textual.widgets import Select

from cnai_pay.checklist.codec import dumps
from cnai_pay.checklist.model import Outcome
from cnai_pay.checklist.steps import build_checklist

from .conftest import make_app


def _plant_gone_values(mini, state: Path) -> None:
    checklist = dataclasses.replace(
        build_checklist(mini, "alpha", "visa"),
        platform_id="gone_platform",
        method_id="gone_method",
        provider_id="gone_provider",
        outcome=Outcome("declined", dt.datetime(2026, 11, 20, tzinfo=dt.UTC), reason="gone_reason"),
    )
    state.mkdir(parents=True, exist_ok=True)
    (state / "checklist.toml").write_text(dumps(checklist), encoding="utf-8")
    (state / "profile.toml").write_text(
        'country = "ZZ"\nwallet = ["gone_method", "visa"]\nproviders = ["gone_provider"]\n', encoding="utf-8"
    )


async def test_values_the_data_no_longer_offers_never_crash_a_screen(mini, tmp_path: Path) -> None:
    from cnai_pay.tui.screens.outcome import OutcomeScreen

    state = tmp_path / "state"
    _plant_gone_values(mini, state)
    for _start in range(2):  # the next start does not loop on them either
        app = make_app(mini, state)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("tab", "d")
            await pilot.pause()
            assert isinstance(app.screen, OutcomeScreen)
            reason = app.screen.query_one("#outcome-reason", Select)
            assert reason.value == "gone_reason"
            await pilot.press("escape")
            for key in ("u", "o"):  # the routes for a wallet naming a gone method; the set-up dialog
                await pilot.press(key)
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
            assert app.is_running and not app.crash


def test_a_dropped_value_gets_an_option_saying_so() -> None:
    from rich.text import Text

    from cnai_pay.tui.select_values import keeping, offered

    options = [(Text("Card declined"), "declined_card")]
    kept, value = keeping(options, "gone_reason")
    assert value == "gone_reason" and kept[-1][0].plain == "gone_reason (no longer in the data)"
    assert keeping(options, "declined_card") == (options, "declined_card")
    assert offered(options, "gone_reason") is Select.NULL
