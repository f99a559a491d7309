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


def app_palette() -> QPalette:
    """The application's palette now (the system's, or the one a test or the user set)."""
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 - beside the widgets' own import

    return QGuiApplication.palette()


def fine_colour(palette: QPalette) -> QColor:
    """Text that says all is well (notice given in time): dark green on light, light green on dark."""
    return QColor("#8fd19e") if is_dark(palette) else QColor("#2e6b2e")


def hover_colour(palette: QPalette) -> QColor:
    """The background of an entry under the mouse: a light blue on light, a slate blue on dark."""
    return QColor("#33404f") if is_dark(palette) else QColor("#e8eef7")


#: Pale backgrounds with dark text (light palettes), and deep backgrounds with pale text (dark ones), for rows
#: and cells that carry a state: good (present, reviewed), caution (apologies, draft), bad (absent, missing),
#: stale (a translation older than its original).
TINTS = {
    "good": (("#dcf0df", "#0f3d1c"), ("#1f3d26", "#cfeed6")),
    "caution": (("#fff1c2", "#5c3c00"), ("#4a3c00", "#fff1c2")),
    "bad": (("#fbdad7", "#6b0f0a"), ("#4d1a17", "#fbdad7")),
    "stale": (("#ffe5d0", "#8a3b00"), ("#4d2a0f", "#ffe5d0")),
}


def tint(palette: QPalette, state: str) -> tuple[QColor, QColor]:
    """Background and text of a row or cell in ``state`` ("good", "caution", "bad", "stale")."""
    light, dark = TINTS[state]
    background, text = dark if is_dark(palette) else light
    return QColor(background), QColor(text)


def warning_text_style(palette: QPalette | None = None, extra: str = "") -> str:
    """A style sheet declaration for warning or error text (a refusal in a dialog, a problem to fix)."""
    return f"color: {warning_colour(palette or app_palette()).name()}; {extra}".strip()


def band_style(selector: str = "QLabel", palette: QPalette | None = None) -> str:
    """A pale band around a note the reader must see (a template, text left untranslated), with its own text
    colour so that it reads on a dark palette too."""
    background, text = tint(palette or app_palette(), "caution")
    border = "#8a7020" if is_dark(palette or app_palette()) else "#e0c060"
    return (
        f"{selector} {{ background: {background.name()}; color: {text.name()}; border: 1px solid {border}; "
        "padding: 6px; }"
    )


def panel_style(selector: str, palette: QPalette | None = None) -> str:
    """A quiet panel (the first-run guide): a faint blue on light, a deep slate on dark, text to match."""
    palette = palette or app_palette()
    if is_dark(palette):
        background, border, text = "#26303d", "#3d4b5e", "#e8eef7"
    else:
        background, border, text = "#f3f6fb", "#c9d4e5", "#000000"
    return f"{selector} {{ background: {background}; color: {text}; border: 1px solid {border}; border-radius: 4px; }}"
