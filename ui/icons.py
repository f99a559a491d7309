"""One icon set for the whole window: Material Design icons through qtawesome, drawn in the palette's colours.

Icons are named by what they do (``icon("next_item")``), never by their picture, so that a screen cannot pick a
different picture for the same action. They take the colour of button text in the current palette, so a dark or
high-contrast system theme gets light icons (a fixed colour would vanish on a dark background).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon

#: What each action looks like (Material Design Icons 6 names, shipped inside qtawesome's wheel).
ICONS = {
    # the screens
    "home": "mdi6.home-outline",
    "meetings": "mdi6.calendar-month-outline",
    "actions": "mdi6.checkbox-marked-outline",
    "escalations": "mdi6.arrow-up-bold-box-outline",
    "conflicts": "mdi6.account-alert-outline",
    "notices": "mdi6.bullhorn-outline",
    "forums": "mdi6.account-group-outline",
    "partners": "mdi6.handshake-outline",
    "indicators": "mdi6.chart-line",
    # chairing
    "start_meeting": "mdi6.play",
    "previous_item": "mdi6.skip-previous",
    "next_item": "mdi6.skip-next",
    "record_decision": "mdi6.gavel",
    "new_action": "mdi6.clipboard-plus-outline",
    "end_meeting": "mdi6.stop",
    "ask_to_speak": "mdi6.account-voice",
    "has_spoken": "mdi6.check",
    "withdraw": "mdi6.close",
    "save_notes": "mdi6.content-save-outline",
    "chair_mode": "mdi6.presentation-play",
    "projector": "mdi6.projector-screen-outline",
    "leave_chair_mode": "mdi6.exit-to-app",
    # the window
    "collapse_navigation": "mdi6.chevron-double-left",
    "expand_navigation": "mdi6.chevron-double-right",
    "shortcuts": "mdi6.keyboard-outline",
    "new": "mdi6.plus",
    "edit": "mdi6.pencil-outline",
    "print": "mdi6.printer-outline",
    "export": "mdi6.export",
    "plan": "mdi6.calendar-sync",
    "move": "mdi6.calendar-arrow-right",
    "cancel": "mdi6.calendar-remove",
    "history": "mdi6.history",
    "archive": "mdi6.archive-outline",
}


def icon(action: str) -> QIcon:
    """The icon of ``action``, in the current palette's button-text colour (greyed when disabled)."""
    import qtawesome  # noqa: PLC0415 - a fifth of a second to import and load its fonts: after the first paint
    from PySide6.QtGui import QPalette  # noqa: PLC0415 - its enums are built when first named: after it too

    palette = QGuiApplication.palette()
    made: QIcon = qtawesome.icon(
        ICONS[action],
        color=palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText),
        color_disabled=palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
    )
    return made
