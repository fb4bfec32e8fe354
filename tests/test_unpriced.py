"""A platform that sells a model but has no known price: listed, its price shown as not known, with why."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.loading import DataError, validate_catalog
from cnai_pay.prices.sellers import TokenMix, model_sellers, offerings
from cnai_pay.prices.table import load_price_table

from .conftest import TODAY

NOTE = "Beta's model page names it but gives no price"
RULE = f"""
[[model.offers]]
platform = "beta"
ids = ["orbit-2-beta"]
source = "beta_price_table"
price_note = "{NOTE}"
"""


@pytest.fixture
def unpriced_data(mini_copy: Path) -> Path:
    """The fixture with Orbit 2 also sold on Beta (a platform the price library does not cover), unpriced."""
    models = mini_copy / "models.toml"
    models.write_text(models.read_text() + RULE)
    return mini_copy


def test_the_offering_is_listed_with_the_reason_after_the_known_prices(unpriced_data: Path) -> None:
    catalog = validate_catalog(unpriced_data)
    model = catalog.model_names.find("orbit 2")
    table = load_price_table(catalog)
    [beta] = [o for o in offerings(catalog, table, model, TODAY) if o.platform.id == "beta"]
    assert beta.offer_id == "orbit-2-beta" and beta.quote is None
    assert beta.unpriced.startswith(NOTE) and "A third party's price table" in beta.unpriced
    found = model_sellers(catalog, table, model, frozenset({"visa"}), frozenset(), None, TODAY)
    # Among the sellers where the wallet pays, a price not known comes after every known one.
    payable = [s.platform.id for s in found if s.payable]
    assert "beta" in payable and payable[-1] == "beta" and len(payable) > 1
    assert next(s for s in found if s.platform.id == "beta").cost(TokenMix()) is None


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    assert main(["models", "orbit-2", "--data", str(data), "--no-profile", "--wallet", "visa", *args]) == 0
    return capsys.readouterr().out


def test_every_format_shows_the_price_as_not_known_never_zero(
    unpriced_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _run(capsys, unpriced_data, "--width", "200")
    block = text[text.index("Beta Cloud · orbit-2-beta") :].split("\n\n")[0]
    assert f"price per 1M tokens: not known — {NOTE}" in block and "0.00" not in block
    data = json.loads(_run(capsys, unpriced_data, "--format", "json"))
    [beta] = [s for s in data["sellers"] if s["platform"] == "beta"]
    assert beta["price"] is None and beta["price_unknown"].startswith(NOTE) and beta["offering"] == "orbit-2-beta"
    rows = list(csv.DictReader(io.StringIO(_run(capsys, unpriced_data, "--format", "csv"))))
    [row] = [r for r in rows if r["platform"] == "beta"]
    assert (row["input"], row["mix_cost"]) == ("unknown", "unknown") and row["price_from"].startswith(NOTE)
    # At a narrow width the listing's address stays whole, so it can be copied.
    narrow = _run(capsys, unpriced_data, "--width", "30").splitlines()
    assert "https://tables.example/prices.json" in [line.strip() for line in narrow]
    markdown = _run(capsys, unpriced_data, "--format", "markdown")
    assert f"not known: {NOTE}" in markdown
    routes = main(["routes", "--model", "orbit-2", "--data", str(unpriced_data), "--no-profile", "--wallet", "visa",
                   "--width", "200"])  # fmt: skip
    assert routes == 0 and f"not known — {NOTE}" in capsys.readouterr().out


def test_a_rule_without_a_price_needs_its_source_and_a_note(mini_copy: Path) -> None:
    models = mini_copy / "models.toml"
    base = models.read_text()
    models.write_text(base + RULE.replace('price_note = "' + NOTE + '"\n', ""))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    [problem] = caught.value.problems
    assert "give the page that lists it as `source`" in problem.message
    models.write_text(base + RULE.replace('"beta_price_table"', '"nowhere"'))
    with pytest.raises(DataError) as caught:
        validate_catalog(mini_copy)
    assert [p.message for p in caught.value.problems] == ["names unknown price_source 'nowhere'"]


async def test_the_models_pane_shows_the_reason_beside_the_unknown_price(unpriced_data: Path, tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from cnai_pay.loading import load_catalog
    from cnai_pay.profile import Profile, save_profile
    from cnai_pay.tui.screens.models import ModelsScreen
    from cnai_pay.tui.screens.price_detail import PriceDetailScreen

    from .conftest import make_app

    save_profile(tmp_path / "state", Profile(country="DE", wallet=["visa"]))
    app = make_app(load_catalog(unpriced_data, use_cache=False), tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m", "slash", *"orbit 2", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModelsScreen)
        table = screen.query_one("#models-table", DataTable)
        cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        beta = next(i for i, row in enumerate(cells) if row[0] == "Beta Cloud")
        assert cells[beta][1:5] == ["?", "?", "?", "?"]  # unknown, never 0
        screen.query_one("#models-table", DataTable).focus()
        await pilot.press(*["down"] * beta)
        await pilot.pause()
        assert f"Price not known: {NOTE}" in str(screen.query_one("#models-detail").render())
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, PriceDetailScreen)
        assert f"Price: not known. {NOTE}" in str(app.screen.query_one("#price-detail").render())
