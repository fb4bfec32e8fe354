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

TODAY = dt.date(2026, 11, 26)
OUT = Path(__file__).resolve().parent.parent / "screenshots"

# (file name, terminal size, keys to press, extra set-up)
SHOTS = [
    ("grid", (120, 30), [], None),
    ("grid-wallet", (120, 30), [], {"wallet": {"paypal", "amex"}}),
    ("grid-80x24", (80, 24), [], None),
    ("evidence", (100, 30), ["down", "right", "right", "enter"], None),
    ("virtual-cards", (100, 30), ["v"], None),
    ("refunds", (100, 30), ["r"], None),
    ("troubleshooting", (100, 30), ["t", *"3-d"], None),
    ("sources", (100, 30), ["s"], None),
    ("help", (100, 30), ["question_mark"], None),
    ("checklist", (120, 34), [*["down"] * 5, "p", "ctrl+s", "space"], None),
]


async def shoot(name: str, size: tuple[int, int], keys: list[str], wallet: dict | None) -> None:
    from cnai_pay.catalog import load_catalog
    from cnai_pay.tui.app import CnaiPayApp

    with tempfile.TemporaryDirectory() as state:
        app = CnaiPayApp(load_catalog(use_cache=False), today=TODAY, state_folder=Path(state),
                         export_folder=Path(state))
        async with app.run_test(size=size) as pilot:
            if wallet:
                app.set_filter(wallet=frozenset(wallet["wallet"]))
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"screenshots/{name}.svg")


def main() -> None:
    os.environ.setdefault("CNAI_PAY_HOME", tempfile.mkdtemp(prefix="cnai-pay-shots-"))
    os.environ.pop("NO_COLOR", None)
    OUT.mkdir(exist_ok=True)
    for shot in SHOTS:
        asyncio.run(shoot(*shot))


if __name__ == "__main__":
    sys.exit(main())
