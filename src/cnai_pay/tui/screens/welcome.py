"""The first-run start: your country and the cards and wallets you hold, both optional.

Shown when there is no saved profile. Enter on the country moves to the wallet,
Enter on the wallet shows your routes; Esc or Skip goes straight to the grid.
Either way the answer is saved, so the start is not shown again (g and w change it).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from ...domain.catalog import Catalog
from ...domain.kinds import PlatformKind
from ...domain.regions import normalise_country
from ...value_classes import frozen
from ...wallet_words import completions, read_wallet
from ..flow import steps_text
from ..widgets.ordered_input import OrderedInput


@frozen
class StartAnswer:
    country: str
    methods: frozenset[str]
    providers: frozenset[str]


class LastWordSuggester(Suggester):
    """Completes the word being typed from the method and provider ids (→ accepts)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.words = words

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        if not last:
            return None
        match = next((w for w in self.words if w.startswith(last.lower()) and w != last.lower()), None)
        return f"{head} {match}".lstrip() if match else None


def some_platforms(catalog: Catalog, most: int = 4) -> str:
    """The first few platforms the data has, the makers' own first ("DeepSeek, Qwen, GLM, Moonshot AI…")."""
    direct = [p.name for p in catalog.platforms if p.kind is PlatformKind.DIRECT]
    names = (direct or [p.name for p in catalog.platforms])[:most]
    return ", ".join(names) + ("…" if len(catalog.platforms) > len(names) else "")


class WelcomeScreen(ModalScreen[StartAnswer | None]):
    BINDINGS = [Binding("escape", "skip", "Skip")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome", classes="dialog"):
            yield Label("Welcome to cnai-pay", classes="dialog-title")
            yield Label(
                f"Which card or wallet pays for {some_platforms(self.catalog)} from where you are. "
                "Two questions, both optional; Esc skips them (g and w change them later).",
                classes="dialog-hint",
                markup=False,
            )
            yield Static(steps_text(), id="welcome-steps")
            yield Label("Your country, as an ISO code (DE, MY, US…)", classes="welcome-label")
            yield OrderedInput(placeholder="DE", compact=True, id="welcome-country")
            yield Label("The cards and wallets you hold, by name (→ completes a word)", classes="welcome-label")
            yield OrderedInput(
                placeholder="visa paypal wise",
                suggester=LastWordSuggester(completions(self.catalog)),
                compact=True,
                id="welcome-wallet",
            )
            yield Label("", id="welcome-understood", classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Skip", compact=True, id="welcome-skip")
                yield Button("Show my routes", variant="primary", compact=True, id="welcome-go")

    def on_mount(self) -> None:
        self.query_one("#welcome-country", Input).focus()

    def answer(self) -> tuple[StartAnswer | None, str]:
        """What was typed, understood; or None and what is wrong with it."""
        country_text = self.query_one("#welcome-country", Input).value
        code = normalise_country(country_text) if country_text.strip() else ""
        if code is None:
            return None, f"{country_text.strip()[:20]!r} is not an ISO 3166 country code (DE, MY, US…)."
        wallet = read_wallet(self.catalog, self.query_one("#welcome-wallet", Input).value)
        if wallet.unknown:
            known = ", ".join(completions(self.catalog)[:8])
            return None, f"Not a method or card provider here: {', '.join(wallet.unknown)} (try {known}…)."
        return StartAnswer(code, wallet.methods, wallet.providers), ""

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        answer, problem = self.answer()
        label = self.query_one("#welcome-understood", Label)
        label.set_class(bool(problem), "-error")
        if answer is None:
            label.update(problem)
            return
        names = [m.name for m in self.catalog.methods if m.id in answer.methods]
        names += [f"{p.name} card" for p in self.catalog.providers if p.id in answer.providers]
        said = [f"in {answer.country}"] if answer.country else []
        said += [", ".join(names)] if names else []
        label.update("→ " + " · ".join(said) if said else "")

    @on(Input.Submitted, "#welcome-country")
    def country_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#welcome-wallet", Input).focus()

    @on(Input.Submitted, "#welcome-wallet")
    @on(Button.Pressed, "#welcome-go")
    def go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        answer, problem = self.answer()
        if answer is not None:
            self.dismiss(answer)

    @on(Button.Pressed, "#welcome-skip")
    def skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_skip()

    def action_skip(self) -> None:
        self.dismiss(None)
