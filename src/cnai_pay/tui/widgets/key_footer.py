"""A footer that always shows help, quit and the palette: when the keys do not fit, the least
important give way first (the last declared by the screen), instead of the essentials being cut off
the end. A screen may also leave keys out for now (`footer_hidden`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions shown whatever the width.
ESSENTIAL = ("open_pane('help')", "quit", "command_palette")
# Spaces around a key and its description (the footer's padding).
KEY_PADDING = 3


def _width(key: FooterKey) -> int:
    return len(key.key_display) + len(key.description) + KEY_PADDING


Signature = tuple[object, ...]


class KeyFooter(Footer):
    composed_width = 0
    # What the keys shown were built from; Textual recomposes the footer on every change of
    # focus or bindings, and rebuilding ~20 keys each time cost ~50 ms at start and per pane.
    composed_signature: Signature | None = None

    def _signature(self) -> Signature:
        screen = self.screen
        hidden: set[str] = getattr(screen, "footer_hidden", set)()
        declared = getattr(screen, "footer_order", None)
        bindings = tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        )
        order = tuple(declared()) if declared else ()
        return (self._bindings_ready, self.size.width, self.app.size.width, bindings, frozenset(hidden), order)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        signature = self._signature()
        if signature == self.composed_signature:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        if self.is_attached:
            self.composed_signature = self._signature()
        keys = list(super().compose())
        footer_keys = [k for k in keys if isinstance(k, FooterKey)]
        for key in footer_keys:
            # A FooterKey starts compact and turns so once mounted, then takes the footer's own
            # setting (Textual binds every key but the palette's): two restyles of each key at every
            # start. Given its final setting and class now, neither happens.
            compact = key.compact if key.has_class("-command-palette") else self.compact
            key.set_reactive(FooterKey.compact, compact)
            key.set_class(compact, "-compact", update=False)
        if len(footer_keys) != len(keys):
            yield from keys  # groups: nothing here uses them; show as Textual would
            return
        self.composed_width = self.size.width
        budget = (self.size.width or self.app.size.width) - 2  # the palette key's separator

        def is_essential(key: FooterKey) -> bool:
            return key.action.removeprefix("app.") in ESSENTIAL

        hidden: set[str] = getattr(self.screen, "footer_hidden", set)()
        declared = getattr(self.screen, "footer_order", None)
        actions = declared() if declared else [b.action for b in self.screen.BINDINGS if isinstance(b, Binding)]
        order = {action: index for index, action in enumerate(actions)}
        footer_keys = sorted(
            (k for k in footer_keys if k.action not in hidden), key=lambda k: order.get(k.action, len(order))
        )
        essential = [k for k in footer_keys if is_essential(k)]
        budget -= sum(_width(k) for k in essential)
        kept = []
        for key in (k for k in footer_keys if not is_essential(k)):
            if _width(key) > budget:
                break
            kept.append(key)
            budget -= _width(key)
        yield from kept
        yield from essential

    def on_resize(self) -> None:
        # The keys that fit depend on the width: lay them out again when it changes, not on every resize.
        if self.size.width != self.composed_width:
            self.refresh(recompose=True)
