"""A footer that always shows help, quit and the palette: when the keys do not fit, the least
important give way first (the last declared by the screen), instead of the essentials being cut off
the end. A screen may also leave keys out for now (`footer_hidden`).

One widget drawing one line, not Textual's Footer of one widget per key: mounting, styling and
laying out a dozen key widgets was about a third of what each screen cost to open (the grid's
included), and every change of focus or bindings built them again. Here a change redraws the line.
It looks as Textual's footer does (the same styles, each key's own colours, the palette's key at
the right edge behind a thin bar) and does what its keys do: a click presses the key, a disabled
key rings the bell, the key under the mouse is highlighted and its help shown as the tooltip.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

# Actions shown whatever the width.
ESSENTIAL = ("open_pane('help')", "quit", "command_palette")
# Spaces around a key and its description (a space either side of the key, one after the description).
KEY_PADDING = 3
# The palette's key, at the right edge: a bar, the key, a space, its description and a space.
PALETTE_EXTRA = 3
# The bar before the palette's key (Textual's `vkey` border).
BAR = "▏"


class FooterEntry(NamedTuple):
    """One key the footer shows."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False

    @property
    def width(self) -> int:
        if self.palette:
            return len(self.key_display) + len(self.description) + PALETTE_EXTRA
        return len(self.key_display) + len(self.description) + KEY_PADDING

    @property
    def text(self) -> str:
        """'? Help': the key and what it does, as the footer shows them."""
        return f"{self.key_display} {self.description}".strip()


Signature = tuple[object, ...]


class KeyFooter(Widget, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--bar",
        "key-footer--hover",
    }
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        # Where each key is drawn, (start, end, entry), as last laid out.
        self._spans: list[tuple[int, int, FooterEntry]] = []
        self._laid_out: tuple[Signature, list[FooterEntry]] | None = None
        self._hovered: FooterEntry | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        if self.is_attached and self.screen.is_current:
            self.refresh()

    # -- what is shown ---------------------------------------------------------------

    def _entries(self) -> list[FooterEntry]:
        """Every key the screen's bindings show, one per action (its first binding), and the palette's."""
        active = self.screen.active_bindings
        app = self.app

        def entry(binding: Binding, enabled: bool, tooltip: str, palette: bool = False) -> FooterEntry:
            display = app.get_key_display(binding)
            return FooterEntry(
                binding.key,
                display,
                binding.description,
                binding.action,
                enabled,
                tooltip or binding.description,
                palette,
            )

        entries: dict[str, FooterEntry] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in entries:
                entries[binding.action] = entry(binding, enabled, tooltip)
        shown = list(entries.values())
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            shown.append(entry(binding, enabled, tooltip, palette=True))
        return shown

    def _signature(self) -> Signature:
        screen = self.screen
        hidden: set[str] = getattr(screen, "footer_hidden", set)()
        declared = getattr(screen, "footer_order", None)
        bindings = tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        )
        order = tuple(declared()) if declared else ()
        return (self.size.width, bindings, frozenset(hidden), order)

    @property
    def shown(self) -> list[FooterEntry]:
        """The keys that fit, in the order drawn: the screen's, then help and quit, then the palette's."""
        signature = self._signature()
        if self._laid_out is None or self._laid_out[0] != signature:
            self._laid_out = (signature, self._fitting())
        return self._laid_out[1]

    def _fitting(self) -> list[FooterEntry]:
        budget = self.size.width - 2  # room to spare before the palette's bar
        hidden: set[str] = getattr(self.screen, "footer_hidden", set)()
        declared = getattr(self.screen, "footer_order", None)
        actions = declared() if declared else [b.action for b in self.screen.BINDINGS if isinstance(b, Binding)]
        order = {action: index for index, action in enumerate(actions)}
        entries = sorted(
            (e for e in self._entries() if e.action not in hidden), key=lambda e: order.get(e.action, len(order))
        )

        def is_essential(entry: FooterEntry) -> bool:
            return entry.palette or entry.action.removeprefix("app.") in ESSENTIAL

        essential = [e for e in entries if is_essential(e)]
        budget -= sum(e.width for e in essential)
        kept = []
        for entry in (e for e in entries if not is_essential(e)):
            if entry.width > budget:
                break
            kept.append(entry)
            budget -= entry.width
        return [*kept, *(e for e in essential if not e.palette), *(e for e in essential if e.palette)]

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        blank = Style(bgcolor=self.rich_style.bgcolor)
        segments: list[Segment] = []
        spans: list[tuple[int, int, FooterEntry]] = []
        at = 0
        for entry in self.shown:
            key, description, hover = self._styles(entry)
            if entry.palette:  # at the right edge, behind a thin bar
                start = max(at, width - entry.width)
                if start > at:
                    segments.append(Segment(" " * (start - at), blank))
                segments.append(Segment(BAR, self.get_component_rich_style("key-footer--bar")))
                parts = [(entry.key_display, key), (f" {entry.description}", description), (" ", blank + hover)]
                at = start + 1
            elif entry.description:
                start, parts = at, [(f" {entry.key_display} ", key), (f"{entry.description} ", description)]
            else:  # a key without a description is its key alone, as Textual draws one
                start, parts = at, [(entry.key_display, key)]
            for text, style in parts:
                segments.append(Segment(text, style))
                at += len(text)
            spans.append((start, at, entry))
        self._spans = spans
        return Strip(segments, at).crop_extend(0, width, blank)

    def _styles(self, entry: FooterEntry) -> tuple[Style, Style, Style]:
        """The key's style, its description's and the hover background: dim when it is disabled."""
        key = self.get_component_rich_style("key-footer--key")
        description = self.get_component_rich_style("key-footer--description")
        # Under the mouse a key takes the hover background alone, its colours kept (as Textual's keys).
        hover = Style()
        if entry == self._hovered:
            hover = Style(bgcolor=self.get_component_rich_style("key-footer--hover").bgcolor)
        if not entry.enabled:
            hover += Style(dim=True)
        return key + hover, description + hover, hover

    # -- the mouse -------------------------------------------------------------------

    def entry_at(self, x: int) -> FooterEntry | None:
        """The key drawn at column `x` of the footer, if any."""
        return next((entry for start, end, entry in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.entry_at(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, entry: FooterEntry | None) -> None:
        if entry != self._hovered:
            self._hovered = entry
            self.tooltip = entry.tooltip if entry is not None else None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()
