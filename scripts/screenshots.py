"""Render the README's screenshots from the real app into screenshots/ (SVG).

    python scripts/screenshots.py

Everything that could vary between runs is fixed: the date, the size, an empty
temporary state folder and the data shipped with the package, so rerunning on
unchanged code rewrites identical files.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 12, 2)  # the shipped data's as-of date: its age reads 0 days
OUT = Path(__file__).resolve().parent.parent / "screenshots"

# (file name, terminal size, cell to put the cursor on, keys to press, filter changes)
Shot = tuple[str, tuple[int, int], tuple[str, str] | None, list[str], dict[str, Any]]
SHOTS: list[Shot] = [
    # The first run: the start asks the country and the wallet (typed here), then shows the routes.
    ("first-run", (100, 30), None, [*"de", "tab", *"visa paypal"], {}),
    ("first-run-routes", (120, 34), None, [*"de", "tab", *"visa paypal", "enter"], {}),
    ("grid", (160, 34), None, [], {}),
    ("grid-120x40", (120, 40), None, [], {}),
    ("grid-200x50", (200, 50), None, [], {"wallet": frozenset({"visa", "paypal"}), "country": "DE"}),
    ("grid-wallet", (160, 34), None, [], {"wallet": frozenset({"paypal", "amex"})}),
    ("grid-country", (160, 34), ("qwen", "amex"), [], {"country": "MY"}),
    ("grid-80x24", (80, 24), ("qwen", "amex"), [], {}),
    ("routes", (120, 34), None, ["u"], {"wallet": frozenset({"visa", "paypal"}), "country": "DE"}),
    ("models", (120, 34), None, ["m", "slash", *"kimi k2", "enter"], {"wallet": frozenset({"visa"}), "country": "DE"}),
    ("evidence", (100, 34), ("qwen", "amex"), ["enter"], {}),
    ("virtual-cards", (100, 30), None, ["v"], {}),
    ("refunds", (120, 30), None, ["r"], {}),
    ("troubleshooting", (100, 30), None, ["t", *"3-d"], {}),
    ("sources", (100, 30), None, ["s"], {}),
    ("help", (100, 30), None, ["question_mark"], {}),
    ("checklist", (140, 34), ("together", "visa"), ["p", "ctrl+s", "space"], {}),
]


async def shoot(
    name: str, size: tuple[int, int], cell: tuple[str, str] | None, keys: list[str], changes: dict[str, Any]
) -> None:
    from cnai_pay.loading import load_catalog
    from cnai_pay.profile import Profile, save_profile
    from cnai_pay.tui.app import CnaiPayApp

    with tempfile.TemporaryDirectory() as state:
        if {"wallet", "country"} & set(changes):
            # The routes pane reads the wallet and country the user saved, as in real use.
            save_profile(
                Path(state), Profile(country=changes.get("country", ""), wallet=sorted(changes.get("wallet", ())))
            )
        app = CnaiPayApp(
            load_catalog(use_cache=False),
            today=TODAY,
            state_folder=Path(state),
            export_folder=Path(state),
            welcome=name.startswith("first-run"),
        )
        async with app.run_test(size=size) as pilot:
            grid_screen: Any = app.screen
            if changes:
                grid_screen.set_filter(**changes)
            await pilot.pause()
            if cell:
                grid_screen.query_one("#grid").move_to_cell(*cell)
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"screenshots/{name}.svg")


def main() -> int:
    os.environ.setdefault("CNAI_PAY_HOME", tempfile.mkdtemp(prefix="cnai-pay-shots-"))
    os.environ.pop("NO_COLOR", None)
    OUT.mkdir(exist_ok=True)
    for shot in SHOTS:
        asyncio.run(shoot(*shot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
