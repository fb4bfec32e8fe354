"""Choose the checklist's platform, payment method, card provider, amount and fee."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from ...catalog import Catalog
from ...checklist import default_amount, default_fee_percent
from ...model import Status


@dataclass(frozen=True)
class ChecklistChoice:
    platform_id: str
    method_id: str
    provider_id: str
    amount: float
    fee_percent: float


def parse_number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value >= 0 and value == value and value != float("inf") else None


class ChecklistSetupScreen(ModalScreen[ChecklistChoice | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "create", "Create")]

    def __init__(self, catalog: Catalog, platform_id: str, method_id: str, provider_id: str = "",
                 amount: float | None = None, fee_percent: float | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.platform_id = platform_id
        self.method_id = method_id
        self.provider_id = provider_id
        self.amount = amount
        self.fee_percent = fee_percent

    def compose(self) -> ComposeResult:
        catalog = self.catalog
        with VerticalScroll(classes="dialog", id="setup"):
            yield Label("Prepare a first top-up", classes="dialog-title")
            yield Label("Platform")
            yield Select([(p.name, p.id) for p in catalog.platforms], value=self.platform_id,
                         allow_blank=False, compact=True, id="setup-platform")
            yield Label("Payment method")
            yield Select([(m.name, m.id) for m in catalog.methods], value=self.method_id,
                         allow_blank=False, compact=True, id="setup-method")
            yield Label("Card provider (virtual card)", id="setup-provider-label")
            yield Select([(p.name, p.id) for p in catalog.providers], value=self.provider_id or Select.NULL,
                         prompt="none", compact=True, id="setup-provider")
            yield Label("", id="setup-verdict", classes="dialog-message")
            yield Label("", id="setup-amount-label")
            yield Input(compact=True, id="setup-amount")
            yield Label("", id="setup-fee-label")
            yield Input(compact=True, id="setup-fee")
            yield Label("", id="setup-message", classes="dialog-message")
            yield Label("tab next field · enter or ctrl+s create · esc cancel", classes="dialog-keys")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", variant="primary", id="setup-create")
                yield Button("Cancel", id="setup-cancel")

    def on_mount(self) -> None:
        self.refresh_defaults(keep_user_values=True)
        self.query_one("#setup-platform").focus()

    def selected(self, widget_id: str) -> str:
        value = self.query_one(widget_id, Select).value
        return "" if value is Select.NULL else str(value)

    def refresh_defaults(self, keep_user_values: bool = False) -> None:
        platform_id, method_id = self.selected("#setup-platform"), self.selected("#setup-method")
        provider_id = self.selected("#setup-provider")
        is_virtual = method_id == "virtual_card"
        self.query_one("#setup-provider").display = is_virtual
        self.query_one("#setup-provider-label").display = is_virtual
        amount, currency = default_amount(self.catalog, platform_id, method_id)
        fee = default_fee_percent(self.catalog, platform_id, method_id, provider_id if is_virtual else "")
        amount_input, fee_input = self.query_one("#setup-amount", Input), self.query_one("#setup-fee", Input)
        if keep_user_values and self.amount is not None:
            amount_input.value = f"{self.amount:g}"
        else:
            amount_input.value = f"{amount:g}"
        if keep_user_values and self.fee_percent is not None:
            fee_input.value = f"{self.fee_percent:g}"
        else:
            fee_input.value = f"{fee:g}"
        self.query_one("#setup-amount-label", Label).update(f"First top-up amount ({currency})")
        self.query_one("#setup-fee-label", Label).update("Foreign-transaction and conversion fees (%)")
        cell = self.catalog.cell(platform_id, method_id)
        verdict = self.query_one("#setup-verdict", Label)
        verdict.update(f"{cell.status.glyph} {cell.status.label}{' · disputed' if cell.disputed else ''}")
        verdict.set_class(cell.status is Status.NOT_SUPPORTED, "-error")
        if cell.status is Status.NOT_SUPPORTED:
            verdict.update(f"✗ The data says {cell.platform.name} does not accept {cell.method.name}.")

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted:
            self.refresh_defaults()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "setup-create":
            self.create()
        else:
            self.dismiss(None)

    def action_create(self) -> None:
        self.create()

    def create(self) -> None:
        amount = parse_number(self.query_one("#setup-amount", Input).value)
        fee = parse_number(self.query_one("#setup-fee", Input).value)
        message = self.query_one("#setup-message", Label)
        if amount is None or fee is None or fee > 100:
            message.update("Amount and fee must be numbers (fee between 0 and 100).")
            message.add_class("-error")
            return
        method_id = self.selected("#setup-method")
        self.dismiss(ChecklistChoice(
            self.selected("#setup-platform"), method_id,
            self.selected("#setup-provider") if method_id == "virtual_card" else "", amount, fee,
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)
