"""Command-palette entries: the panes and the grid's actions from the registry, each with its key,
found by its title or by what it does; plus the choices built from the data (each method, each kind).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..value_classes import frozen
from .actions import GRID_ACTIONS, PANE_ACTIONS, ActionSpec
from .messages import OpenPane
from .panes import PANES
from .screens.grid import GridScreen

# Tiers above Textual's fuzzy score (squeezed below 1): every word typed found in the title ranks
# above any fuzzy match, and found in what the action does comes next ("declined" is a good fuzzy
# match for "Evidence: every claim behind the selected cell", which says nothing about it).
IN_TITLE = 2.0
IN_DESCRIPTION = 1.0


@frozen
class Command:
    title: str
    run: Callable[[], Any]
    help: str
    # The key that does the same, shown beside the title ("" when there is none).
    key: str = ""
    # What the palette also searches, word by word: the help and the action's own words.
    searched: str = ""

    def display(self, title: Content) -> Content:
        return Content.assemble(title, (f"  {self.key}", "dim")) if self.key else title


def described(query: str, text: str) -> bool:
    """Every word typed is somewhere in what the action does (a fuzzy match there finds anything)."""
    words = query.lower().split()
    haystack = text.lower()
    return bool(words) and all(word in haystack for word in words)


def _state(grid: GridScreen, spec: ActionSpec) -> str:
    flt = grid.grid_filter
    if spec.action == "toggle_refundable":
        return "on" if flt.refundable else "off"
    if spec.action == "set_country":
        return flt.country or "unset"
    return ""


def grid_commands(grid: GridScreen, actions: tuple[ActionSpec, ...] = GRID_ACTIONS) -> list[Command]:
    pane_actions = set(PANE_ACTIONS)
    commands = []
    for spec in actions:
        if spec in pane_actions:
            continue  # listed once, with the panes
        state = _state(grid, spec)
        commands.append(
            Command(
                f"{spec.title} ({state})" if state else spec.title,
                partial(grid.run_action, spec.action),
                spec.help,
                grid.app.get_key_display(spec.binding()),
                spec.searched,
            )
        )
    flt = grid.grid_filter
    kinds = (("direct", "Only the platforms themselves"), ("gateway", "Only gateways that resell models"))
    for kind, help_text in (*kinds, ("", "Direct platforms and gateways")):
        commands.append(Command(f"Filter: kind {kind or 'any'}", partial(grid.action_set_kind, kind), help_text))
    toggles = (("accepts", "Accepts", "platforms must accept"), ("wallet", "Wallet", "your wallet has"))
    for which, label, verb in toggles:
        for method in grid.catalog.methods:
            on = "on" if method.id in getattr(flt, which) else "off"
            commands.append(
                Command(
                    f"{label}: {method.name} ({on})",
                    partial(grid.toggle_method, which, method.id),
                    f"Toggle: {verb} {method.name}",
                )
            )
    return commands


class CnaiCommands(Provider):
    def _commands(self) -> list[Command]:
        commands = [
            Command(
                pane.action.title,
                partial(self.app.post_message, OpenPane(pane.name)),
                pane.action.help,
                self.app.get_key_display(pane.action.binding()),
                pane.action.searched,
            )
            for pane in PANES
        ]
        # The palette was opened over some screen: grid actions only make sense on the grid.
        if isinstance(self.screen, GridScreen):
            commands += grid_commands(self.screen)
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.display(Content(command.title)), command.run, command.title, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            raw = matcher.match(command.title)
            fuzzy = raw / (1 + raw)
            if described(query, command.title):
                score = IN_TITLE + fuzzy
            elif described(query, command.searched):
                score = IN_DESCRIPTION + fuzzy
            elif fuzzy > 0:
                score = fuzzy
            else:
                continue
            title = matcher.highlight(command.title) if raw > 0 else Content(command.title)
            yield Hit(score, command.display(title), command.run, command.title, command.help)
