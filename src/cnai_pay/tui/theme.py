"""The project's own themes, one dark and one light, registered on the App.

The status colours (success, error, warning) were chosen to read on both
backgrounds: on the light theme they are the deep shades, not the bright ones.
The glyph and word still carry every meaning without colour.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="cnai-dark",
    primary="#4FB3BF",
    secondary="#8B7FD6",
    accent="#F0A04B",
    success="#5FCF80",
    error="#FF6B6B",
    warning="#E8C547",
    foreground="#D8DEE9",
    background="#10141C",
    surface="#161B26",
    panel="#222A38",
    dark=True,
)
LIGHT = Theme(
    name="cnai-light",
    primary="#0F6E7A",
    secondary="#5B4FB0",
    accent="#A35400",
    success="#1A7F37",
    error="#C62828",
    warning="#8A6100",
    foreground="#1F2328",
    background="#F5F5F0",
    surface="#FFFFFF",
    panel="#E3E7EA",
    dark=False,
)
THEMES = (DARK, LIGHT)
DEFAULT_THEME = DARK.name
