"""Command-palette entries for every filter action, built from the catalog."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import CnaiPayApp


class FilterCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app: CnaiPayApp = self.app  # type: ignore[assignment]
        flt = app.grid_filter
        from .app import PANES

        commands: list[tuple[str, object, str]] = [
            (f"Open: {title}", partial(app.open_pane, name), help_text) for name, (title, help_text) in PANES.items()
        ]
        commands += [
            ("Checklist: show or hide", app.action_toggle_checklist, "The checklist beside the grid"),
            ("Checklist: plan a top-up for the selected cell", app.action_plan_from_cell,
             "Prepare a first top-up with the grid's platform and method"),
            ("Checklist: choose platform, method and budget…", app.action_choose_checklist,
             "Start or adjust the checklist"),
            ("Checklist: export to TOML…", app.action_export_checklist, "Write the checklist to a file"),
            ("Checklist: open an exported file…", app.action_import_checklist, "Carry on with a saved checklist"),
        ]
        commands += [
            ("Filter: type a platform name", app.action_focus_filter, "Focus the text filter"),
            ("Filter: pick accepted methods…", app.action_pick_accepts, "Tick methods a platform must accept"),
            ("Filter: pick my wallet…", app.action_pick_wallet, "Tick the methods you have"),
            ("Filter: clear all filters", app.action_clear_filters, "Show every platform again"),
            (
                f"Filter: refund possible ({'on' if flt.refundable else 'off'})",
                app.action_toggle_refundable,
                "Only platforms whose unused balance can be refunded",
            ),
            ("Filter: kind direct", partial(app.action_set_kind, "direct"), "Only the platforms themselves"),
            ("Filter: kind gateway", partial(app.action_set_kind, "gateway"), "Only gateways that resell models"),
            ("Filter: kind any", partial(app.action_set_kind, ""), "Direct platforms and gateways"),
        ]
        for method in app.catalog.methods:
            on = "on" if method.id in flt.accepts else "off"
            commands.append(
                (f"Accepts: {method.name} ({on})", partial(app.toggle_method, "accepts", method.id),
                 f"Toggle: platforms must accept {method.name}")
            )
        for method in app.catalog.methods:
            on = "on" if method.id in flt.wallet else "off"
            commands.append(
                (f"Wallet: {method.name} ({on})", partial(app.toggle_method, "wallet", method.id),
                 f"Toggle {method.name} in your wallet")
            )
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
