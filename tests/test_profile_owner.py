"""The profile has one owner: changes go through it, one-off values are never saved, reads never rename."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnai_pay import profile as profile_module
from cnai_pay.profile import Profile, load_profile, save_profile
from cnai_pay.settings import Settings

from .test_answers_app import open_picker, set_country, tick
from .tui_helpers import grid_screen, status


def test_a_country_for_this_run_is_shown_and_never_saved(tmp_path: Path) -> None:
    assert save_profile(tmp_path, Profile(country="DE", wallet=["visa"])) == ""
    settings = Settings.load(tmp_path, country="us")
    assert settings.country == "US"
    pending = settings.update(wallet={"paypal", "visa"})
    assert pending is not None and settings.write(*pending) == ""
    saved = load_profile(tmp_path).profile
    assert (saved.country, saved.wallet) == ("DE", ["paypal", "visa"])
    # Chosen in the app, a country replaces the one for this run, and is saved.
    pending = settings.update(country="MY")
    assert pending is not None and settings.write(*pending) == "" and settings.country == "MY"
    assert load_profile(tmp_path)[0].country == "MY"


def test_an_older_write_never_replaces_a_newer_one(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    first, second = settings.update(wallet={"visa"}), settings.update(wallet={"amex"})
    assert first is not None and second is not None
    assert settings.write(*second) == "" and settings.write(*first) == ""
    assert load_profile(tmp_path)[0].wallet == ["amex"]
    assert settings.update(wallet={"amex"}) is None  # no change: nothing to write


def test_without_the_profile_nothing_is_read_or_written(tmp_path: Path) -> None:
    assert save_profile(tmp_path, Profile(country="DE")) == ""
    settings = Settings.load(tmp_path, use_saved=False)
    assert settings.country is None and settings.update(country="MY") is None
    assert load_profile(tmp_path)[0].country == "DE"


def test_a_read_only_load_leaves_a_damaged_profile_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / profile_module.PROFILE_NAME
    path.write_text("wallet = [", encoding="utf-8")
    settings = Settings.load(tmp_path, read_only=True)
    assert "could not be read" in settings.message and path.read_text(encoding="utf-8") == "wallet = ["
    assert settings.update(country="DE") is None


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Profile]:
    """Every profile the app writes, in order (the real writer still runs)."""
    written: list[Profile] = []
    real = profile_module.save_profile

    def counting(folder: Path, profile: Profile) -> str:
        written.append(profile)
        return real(folder, profile)

    monkeypatch.setattr("cnai_pay.settings.save_profile", counting)
    return written


async def test_the_picker_saves_once_when_it_closes(app_factory, tmp_path: Path, writes) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_picker(pilot, "w")
        await tick(pilot, "m:visa", "m:amex", "m:paypal")
        assert writes == [] and grid_screen(app).grid_filter.wallet == {"visa", "amex", "paypal"}
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert [w.wallet for w in writes] == [["amex", "paypal", "visa"]]


async def test_a_country_given_for_the_run_is_not_saved_by_ticking_the_wallet(app_factory, tmp_path, writes) -> None:
    app = app_factory(country="US")
    async with app.run_test(size=(100, 30)) as pilot:
        assert "for US" in status(app)
        await open_picker(pilot, "w")
        await tick(pilot, "m:visa")
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert "for US" in status(app)
    saved = load_profile(tmp_path / "state").profile
    assert (saved.country, saved.wallet) == ("", ["visa"])


async def test_the_palette_wallet_toggle_is_saved(app_factory, tmp_path, writes) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        grid_screen(app).toggle_method("wallet", "paypal")  # what the palette's "Wallet: PayPal" runs
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert grid_screen(app).grid_filter.wallet == {"paypal"}
    assert load_profile(tmp_path / "state")[0].wallet == ["paypal"]


async def test_without_the_profile_the_app_neither_reads_nor_writes_it(app_factory, tmp_path, writes) -> None:
    assert save_profile(tmp_path / "state", Profile(country="DE", wallet=["visa"])) == ""
    app = app_factory(use_profile=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "for DE" not in status(app) and grid_screen(app).grid_filter.wallet == frozenset()
        await set_country(pilot, "MY")
        assert "for MY" in status(app)
    assert writes == [] and load_profile(tmp_path / "state")[0].country == "DE"
