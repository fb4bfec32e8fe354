"""Every action of the grid and every pane, declared once: its key, footer label, palette title and
what it does.

The grid's bindings and the footer's order, the command palette and the help pane are all made
from these tuples, so an action added here shows in all three. Nothing here builds a screen
(`panes` does), so every screen may import it without a cycle.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType

from ..value_classes import frozen


@frozen
class ActionSpec:
    id: str
    key: str
    # The Textual action run on the screen that binds it ("app." for the App's own).
    action: str
    # The footer's label.
    footer: str
    # The palette's title: "Area: what it does".
    title: str
    # What it does, in a line: the tooltip, the help pane's text and the palette's help; searched.
    help: str
    # More words the palette finds it by (what a user in trouble would type).
    words: str = ""
    # In the footer at all (the rest are reached through help and the palette).
    show: bool = True
    # Acts on the checklist's steps: the footer leaves it out until there is a checklist.
    step: bool = False
    # The key belongs to a widget (the grid's Enter): listed, not bound by the screen.
    bound: bool = True

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.footer, tooltip=self.help, id=self.id, show=self.show)

    @property
    def searched(self) -> str:
        return f"{self.title} {self.help} {self.words}"


def pane_action(name: str, key: str, footer: str, title: str, help: str, words: str = "") -> ActionSpec:
    # "app.": the App opens panes, whichever screen holds the binding.
    return ActionSpec(f"pane-{name}", key, f"app.open_pane('{name}')", footer, f"Open: {title}", help, words)


def checklist_action(
    id: str,
    key: str,
    name: str,
    footer: str,
    title: str,
    help: str,
    words: str = "",
    *,
    show: bool = True,
    step: bool = False,
) -> ActionSpec:
    # The checklist's controller runs it: the grid screen's one checklist action hands it the name.
    return ActionSpec(id, key, f"checklist('{name}')", footer, title, help, words, show=show, step=step)


ROUTES = pane_action(
    "routes",
    "u",
    "Routes",
    "Routes",
    "The ways to pay with your wallet in your country, likeliest first, then cheapest",
    "best way to pay ranked plan",
)
CARDS = pane_action(
    "cards",
    "v",
    "Cards",
    "Virtual cards",
    "Wise, Revolut, Payoneer, and where platforms refuse virtual cards or 3-D Secure",
    "3ds 3d secure prepaid card issuer",
)
REFUNDS = pane_action(
    "refunds",
    "r",
    "Refunds",
    "Refunds and billing",
    "Unused money, windows, minimum top-ups and billing per platform",
    "refund money back unused balance minimum top-up withdraw",
)
TROUBLE = pane_action(
    "trouble",
    "t",
    "Trouble",
    "Troubleshooting",
    "What to do when a payment is declined",
    "declined refused rejected failed error 3-D Secure 3ds card not accepted",
)
SOURCES = pane_action(
    "sources", "s", "Sources", "Sources", "Every source with its kind and dates, and the facts resting on it"
)
# Not in the footer: at 80 columns it would push Help off; the palette and the help list it.
MODELS = replace(
    pane_action(
        "models",
        "m",
        "Models",
        "Models",
        "Who sells a model, its price per million tokens and whether you can pay there",
        "price prices tokens cost deepseek qwen glm kimi minimax mimo",
    ),
    show=False,
)
HELP = pane_action("help", "question_mark", "Help", "Help", "Every key by pane, and how to read a cell", "keys")
# The panes the grid binds, in the footer's order after its own keys; help is bound on the App.
GRID_PANES: tuple[ActionSpec, ...] = (CARDS, REFUNDS, TROUBLE, SOURCES, MODELS)
PANE_ACTIONS: tuple[ActionSpec, ...] = (ROUTES, *GRID_PANES, HELP)

# The grid's keys, in the order the footer keeps them when short of room (the last give way first).
GRID_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "filter",
        "slash",
        "focus_filter",
        "Filter",
        "Filter: type a platform name",
        "Type to narrow the platforms by name, id or kind",
        "search find",
    ),
    ActionSpec(
        "wallet",
        "w",
        "pick_wallet",
        "Wallet",
        "Filter: pick my wallet…",
        "Tick the methods you have: keep platforms taking any, mark the cells",
        "my cards wallets profile",
    ),
    ActionSpec(
        "country",
        "g",
        "set_country",
        "Country",
        "Country: set…",
        "Your country: resolves cells that depend on the region (remembered)",
        "region",
    ),
    ROUTES,
    checklist_action(
        "plan",
        "p",
        "plan_from_cell",
        "Plan",
        "Checklist: plan a top-up for the selected cell",
        "Prepare a first top-up with the selected platform and method",
        "checklist start",
    ),
    checklist_action(
        "switch",
        "tab",
        "switch_focus",
        "Steps",
        "Checklist: move between the grid and the steps",
        "Move between the grid and the checklist's steps",
        step=True,
    ),
    checklist_action(
        "tick",
        "space",
        "tick_step",
        "Tick",
        "Checklist: tick or untick the selected step",
        "Tick or untick the selected checklist step",
        "done check",
        step=True,
    ),
    checklist_action(
        "note",
        "n",
        "note_step",
        "Note",
        "Checklist: note on the selected step…",
        "Add a note to the selected checklist step",
        step=True,
    ),
    checklist_action(
        "checklist",
        "c",
        "toggle_checklist",
        "Checklist",
        "Checklist: show or hide",
        "Show or hide the checklist beside the grid",
    ),
    checklist_action(
        "outcome",
        "d",
        "record_outcome",
        "Outcome",
        "Checklist: record the outcome…",
        "Record how the top-up went: it worked, or it was declined and why",
        "declined worked result",
        step=True,
    ),
    checklist_action(
        "export",
        "e",
        "export_checklist",
        "Export",
        "Checklist: export to TOML…",
        "Export the checklist to a TOML file",
        "save file",
        step=True,
    ),
    checklist_action(
        "choose",
        "o",
        "choose_checklist",
        "Choose",
        "Checklist: choose platform, method and budget…",
        "Choose platform and method for the checklist",
        show=False,
    ),
    checklist_action(
        "import",
        "i",
        "import_checklist",
        "Open",
        "Checklist: open an exported file…",
        "Open an exported checklist",
        "load file",
        show=False,
    ),
    checklist_action(
        "checklists",
        "C",
        "list_checklists",
        "Checklists",
        "Checklist: switch to another saved checklist…",
        "Every saved checklist, one per platform and method: open another one or delete one",
        "switch saved checklists list delete other",
        show=False,
    ),
    ActionSpec(
        "accepts",
        "a",
        "pick_accepts",
        "Accepts",
        "Filter: pick accepted methods…",
        "Keep platforms that accept every ticked method",
    ),
    ActionSpec(
        "kind",
        "y",
        "cycle_kind",
        "Kind",
        "Filter: cycle the platform kind",
        "Cycle the platform kind: any, direct, gateway",
        "gateway direct",
    ),
    ActionSpec(
        "refundable",
        "b",
        "toggle_refundable",
        "Refund",
        "Filter: refund possible",
        "Only platforms whose unused balance can be refunded",
        "money back",
    ),
    ActionSpec(
        "clear",
        "x",
        "clear_filters",
        "Clear",
        "Filter: clear all filters",
        "Clear every filter, the saved wallet included",
        "reset",
    ),
    ActionSpec(
        "undo",
        "z",
        "undo_clear",
        "Undo",
        "Filter: put back what x cleared",
        "Put back the filters and the saved wallet that x last cleared",
        "undo restore",
        show=False,
    ),
    *GRID_PANES,
    ActionSpec(
        "heads",
        "H",
        "head_key",
        "Heads",
        "Grid: what each column head stands for",
        "Every short column head with the method it names",
        "columns abbreviations legend key",
    ),
    ActionSpec(
        "evidence",
        "enter",
        "show_evidence",
        "Evidence",
        "Evidence: every claim behind the selected cell",
        "Evidence for the selected cell",
        "why claims proof",
        show=False,
        bound=False,
    ),
)

# Vim's movement keys, everywhere a list, a table or the grid has the focus: each presses its
# arrow (text fields take the letters first, as they do for q). Listed in help, not the palette.
MOVEMENT: tuple[ActionSpec, ...] = tuple(
    ActionSpec(f"move-{arrow}", key, f"app.simulate_key('{arrow}')", arrow.title(), "", f"Move {arrow}", show=False)
    for key, arrow in (("j", "down"), ("k", "up"), ("h", "left"), ("l", "right"))
)
# The keys every screen has, bound on the App.
APP_ACTIONS: tuple[ActionSpec, ...] = (
    HELP,
    ActionSpec("quit", "q", "quit", "Quit", "Quit", "Quit cnai-pay", "exit"),
    *MOVEMENT,
)
# Listed in help; Textual binds it.
PALETTE_KEY = ActionSpec(
    "palette", "ctrl+p", "command_palette", "Palette", "", "Command palette: every action by name", bound=False
)
STEP_ACTIONS = frozenset(spec.action for spec in GRID_ACTIONS if spec.step)


def bindings(actions: tuple[ActionSpec, ...]) -> list[BindingType]:
    return [spec.binding() for spec in actions if spec.bound]
