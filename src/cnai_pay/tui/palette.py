"""Command-palette entries: the panes from the registry, and the grid's actions built from its state."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .messages import OpenPane
from .panes import PANES

Command = tuple[str, Callable[[], Any], str]


def _grid_commands(grid: Any) -> list[Command]:
    flt = grid.grid_filter
    commands: list[Command] = [
        ("Checklist: show or hide", grid.action_toggle_checklist, "The checklist beside the grid"),
        (
            "Checklist: plan a top-up for the selected cell",
            grid.action_plan_from_cell,
            "Prepare a first top-up with the grid's platform and method",
        ),
        (
            "Checklist: choose platform, method and budget…",
            grid.action_choose_checklist,
            "Start or adjust the checklist",
        ),
        ("Checklist: tick or untick the selected step", grid.action_tick_step, "The step highlighted in the panel"),
        ("Checklist: note on the selected step…", grid.action_note_step, "Several lines; ctrl+s saves"),
        ("Checklist: record the outcome…", grid.action_record_outcome, "It worked, or it was declined and why"),
        ("Checklist: move between the grid and the steps", grid.action_switch_focus, "The same as tab"),
        ("Checklist: export to TOML…", grid.action_export_checklist, "Write the checklist to a file"),
        (
            "Evidence: every claim behind the selected cell",
            grid.action_show_evidence,
            "Sources, dates and how each claim is known",
        ),
        ("Checklist: open an exported file…", grid.action_import_checklist, "Carry on with a saved checklist"),
        ("Filter: type a platform name", grid.action_focus_filter, "Focus the text filter"),
        ("Filter: pick accepted methods…", grid.action_pick_accepts, "Tick methods a platform must accept"),
        ("Filter: pick my wallet…", grid.action_pick_wallet, "Tick the methods you have"),
        ("Filter: clear all filters", grid.action_clear_filters, "Show every platform again (clears the wallet too)"),
        (
            f"Filter: refund possible ({'on' if flt.refundable else 'off'})",
            grid.action_toggle_refundable,
            "Only platforms whose unused balance can be refunded",
        ),
        ("Filter: kind direct", partial(grid.action_set_kind, "direct"), "Only the platforms themselves"),
        ("Filter: kind gateway", partial(grid.action_set_kind, "gateway"), "Only gateways that resell models"),
        ("Filter: kind any", partial(grid.action_set_kind, ""), "Direct platforms and gateways"),
        (
            f"Country: set ({flt.country or 'unset'})…",
            grid.action_set_country,
            "Resolve cells that depend on the region for your country",
        ),
    ]
    toggles = (("accepts", "Accepts", "platforms must accept"), ("wallet", "Wallet", "your wallet has"))
    for which, label, verb in toggles:
        for method in grid.catalog.methods:
            on = "on" if method.id in getattr(flt, which) else "off"
            commands.append(
                (
                    f"{label}: {method.name} ({on})",
                    partial(grid.toggle_method, which, method.id),
                    f"Toggle: {verb} {method.name}",
                )
            )
    return commands


class CnaiCommands(Provider):
    def _commands(self) -> list[Command]:
        from .screens.grid import GridScreen

        commands: list[Command] = [
            (f"Open: {pane.title}", partial(self.app.post_message, OpenPane(pane.name)), pane.help) for pane in PANES
        ]
        # The palette was opened over some screen: grid actions only make sense on the grid.
        if isinstance(self.screen, GridScreen):
            commands += _grid_commands(self.screen)
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
