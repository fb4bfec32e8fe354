"""Choose the checklist's platform, payment method, card provider, amount and fees."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from ...checklist.model import ChecklistError, check_amount, check_fee_percent, check_fixed_fee, read_number
from ...domain.catalog import Catalog
from ...domain.model import Status
from ...domain.topup import default_amount, default_fees
from ...domain.vocabulary import GLYPHS, LABELS
from ...value_classes import frozen
from ..select_values import offered
from ..widgets.ordered_input import OrderedInput


@frozen
class ChecklistChoice:
    platform_id: str
    method_id: str
    provider_id: str
    amount: float
    fee_percent: float
    fixed_fee: float


class ChecklistSetupScreen(ModalScreen[ChecklistChoice | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "create", "Create"),
        # Enter creates from any field, as the hint says; an open dropdown or a button keeps its own Enter.
        Binding("enter", "create", "Create", show=False, priority=True),
    ]

    def __init__(
        self,
        catalog: Catalog,
        platform_id: str,
        method_id: str,
        provider_id: str = "",
        amount: float | None = None,
        fee_percent: float | None = None,
        fixed_fee: float | None = None,
        country: str | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.country = country
        # Ids from a file made with other data may be unknown here: start from the first ones then.
        self.platform_id = platform_id if platform_id in catalog.platform_by_id else catalog.platforms[0].id
        self.method_id = method_id if method_id in catalog.method_by_id else catalog.methods[0].id
        self.provider_id = provider_id if any(p.id == provider_id for p in catalog.providers) else ""
        # The values to show first; typed values survive until the platform, method or provider changes.
        self.initial = (amount, fee_percent, fixed_fee)
        self.shown_for: tuple[str, str, str] | None = None

    def compose(self) -> ComposeResult:
        catalog = self.catalog
        with VerticalScroll(classes="dialog", id="setup"):
            yield Label("Prepare a first top-up", classes="dialog-title")
            yield Label("Platform")
            yield Select(
                [(Text(p.name), p.id) for p in catalog.platforms],
                value=self.platform_id,
                allow_blank=False,
                compact=True,
                id="setup-platform",
            )
            yield Label("Payment method")
            yield Select(
                [(Text(m.name), m.id) for m in catalog.methods],
                value=self.method_id,
                allow_blank=False,
                compact=True,
                id="setup-method",
            )
            yield Label("Card provider", id="setup-provider-label")
            providers = [(Text(p.name), p.id) for p in catalog.providers_for(self.method_id)]
            yield Select(
                providers,
                value=offered(providers, self.provider_id),
                prompt="none",
                compact=True,
                id="setup-provider",
            )
            yield Label("", id="setup-verdict", classes="dialog-message", markup=False)
            yield Label("", id="setup-amount-label")
            yield OrderedInput(compact=True, id="setup-amount")
            yield Label("Fees: percentage of the amount", id="setup-fee-label")
            yield OrderedInput(compact=True, id="setup-fee")
            yield Label("", id="setup-fixed-label")
            yield OrderedInput(compact=True, id="setup-fixed")
            yield Label("", id="setup-message", classes="dialog-message", markup=False)
            yield Label("tab next field · enter or ctrl+s create · esc cancel", classes="dialog-keys")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", variant="primary", id="setup-create")
                yield Button("Cancel", id="setup-cancel")

    def on_mount(self) -> None:
        self.refresh_choice()
        self.query_one("#setup-platform").focus()

    def selected(self, widget_id: str) -> str:
        value = self.query_one(widget_id, Select).value
        return "" if value is Select.NULL else str(value)

    def choice_key(self) -> tuple[str, str, str]:
        method_id = self.selected("#setup-method")
        issued = {p.id for p in self.catalog.providers_for(method_id)}
        provider_id = self.selected("#setup-provider")
        provider_id = provider_id if provider_id in issued else ""
        return self.selected("#setup-platform"), method_id, provider_id

    def refresh_choice(self) -> None:
        """Show the verdict for the chosen cell; fill in the defaults only when the choice changed."""
        key = self.choice_key()
        platform_id, method_id, provider_id = key
        providers = self.catalog.providers_for(method_id)
        provider_select = self.query_one("#setup-provider", Select)
        if key[1] != (self.shown_for or ("", "", ""))[1]:
            provider_select.set_options([(Text(p.name), p.id) for p in providers])
            if provider_id:
                provider_select.value = provider_id
        provider_select.display = bool(providers)
        self.query_one("#setup-provider-label").display = bool(providers)
        amount, currency = default_amount(self.catalog, platform_id, method_id, self.country)
        percent, fixed = default_fees(self.catalog, platform_id, method_id, provider_id, currency, self.country)
        self.query_one("#setup-amount-label", Label).update(f"First top-up amount ({currency})")
        self.query_one("#setup-fixed-label", Label).update(f"Fees: fixed part ({currency})")
        if self.shown_for is None:
            first_amount, first_percent, first_fixed = self.initial
            amount = amount if first_amount is None else first_amount
            percent = percent if first_percent is None else first_percent
            fixed = fixed if first_fixed is None else first_fixed
        if key != self.shown_for:
            self.query_one("#setup-amount", Input).value = f"{amount:g}"
            self.query_one("#setup-fee", Input).value = f"{percent:g}"
            self.query_one("#setup-fixed", Input).value = f"{fixed:g}"
            self.shown_for = key
        cell = self.catalog.cell(platform_id, method_id, self.country)
        verdict = self.query_one("#setup-verdict", Label)
        refused = cell.status is Status.NOT_SUPPORTED
        verdict.set_class(refused, "-error")
        if refused:
            verdict.update(f"✗ The data says {cell.platform.name} does not accept {cell.method.name}.")
        else:
            verdict.update(f"{GLYPHS[cell.status]} {LABELS[cell.status]}{' · disputed' if cell.disputed else ''}")

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted:
            self.refresh_choice()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "setup-create":
            self.create()
        else:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create" and self.app.focused is not None:
            focused = self.app.focused
            if isinstance(focused, Button) or (isinstance(focused, Select) and focused.expanded):
                return False
            if focused.parent is not None and isinstance(focused.parent, Select) and focused.parent.expanded:
                return False
        return True

    def action_create(self) -> None:
        self.create()

    def create(self) -> None:
        message = self.query_one("#setup-message", Label)
        try:
            # The CLI's reading of numbers: an ambiguous 1,000 is refused with both readings.
            values = [read_number(self.query_one(f"#setup-{name}", Input).value) for name in ("amount", "fee", "fixed")]
            amount = check_amount(values[0])
            fee_percent = check_fee_percent(values[1])
            fixed_fee = check_fixed_fee(values[2])
        except ChecklistError as exc:
            message.update(str(exc)[0].upper() + str(exc)[1:] + ".")
            message.add_class("-error")
            return
        platform_id, method_id, provider_id = self.choice_key()
        self.dismiss(ChecklistChoice(platform_id, method_id, provider_id, amount, fee_percent, fixed_fee))

    def action_cancel(self) -> None:
        self.dismiss(None)
