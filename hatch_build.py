"""Build hook: the wheel carries the shipped data already validated, in the cache's JSON format.

A first start on shipped data then reads that file instead of parsing TOML and
importing pydantic; `--data DIR` and `cnai-pay data check` still validate fully. The wheel
also carries the pinned genai-prices release's prices as plain JSON (prices/extract.py), and
the app's stylesheets as the pinned Textual parses them (tui/parsed_css.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrevalidatedData(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads data/ in place and caches it on first use
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from cnai_pay.loading import cache
            from cnai_pay.prices import extract
        finally:
            sys.path.pop(0)
        built = Path(tempfile.mkdtemp(prefix="cnai-pay-build-"))
        out = built / cache.PREBUILT_NAME
        cache.write_prebuilt(root / "data", out, self.metadata.version)
        build_data["force_include"][str(out)] = f"cnai_pay/data/{cache.PREBUILT_NAME}"
        # The pinned genai-prices release's prices as plain JSON: `models MODEL` imports neither it nor httpx.
        version = extract.library_version()
        if version is None:
            raise RuntimeError("the build needs genai-prices installed (pyproject.toml's build requirements)")
        prices = built / extract.SHIPPED_NAME
        extract.write_shipped(prices, version)
        build_data["force_include"][str(prices)] = f"cnai_pay/data/{extract.SHIPPED_NAME}"
        # The stylesheets, parsed by the pinned Textual for each of the app's themes.
        sys.path.insert(0, str(root / "src"))
        try:
            from cnai_pay.tui import css_build, parsed_css, textual_fixes
        finally:
            sys.path.pop(0)
        css = built / parsed_css.PARSED_NAME
        css_build.write(css, textual_fixes.textual_version())
        build_data["force_include"][str(css)] = f"cnai_pay/tui/{parsed_css.PARSED_NAME}"
