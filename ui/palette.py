"""Colours that follow the system's palette: light, dark or high contrast.

A fixed colour chosen on a white background (dark red, a pale yellow band, a mid grey) is unreadable on a dark
one. The few colours the window adds to the palette's own are chosen here, by whether the palette is dark.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def warning_colour(palette: QPalette) -> QColor:
    """Text that must be noticed (an item over its time, no quorum): dark red on light, light red on dark."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3001b")


def muted_colour(palette: QPalette) -> QColor:
    """Text that matters less (a partner who has spoken, a meeting that is over): the palette's own grey."""
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)


def attention_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """Background and text of a row that asks for the chair's eye (a partner not yet heard)."""
    if is_dark(palette):
        return QColor("#5c4a00"), QColor("#fff4c2")
    return QColor("#fff1b8"), QColor("#000000")


def mute(widget: QWidget) -> None:
    """Draw ``widget``'s text in the palette's muted colour (a definition, a note): grey on light, light grey on
    dark; never the fixed dark grey that vanishes on a dark background."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_colour(palette))
    widget.setPalette(palette)
