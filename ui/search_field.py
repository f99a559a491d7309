"""The search box at the top of the navigation: what the user types to search the whole partnership.

It is part of the window's first paint, so it stands apart from the results and the worker (``search_box.py``),
which load after the window has shown the file; and it names no ``Qt`` flag at import time: Qt builds the Python
enums of its whole ``Qt`` namespace (about 90) the first time any of them is touched, about 15 ms that the first
paint does not wait for (``tests/ui/test_window_imports.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from facilitator import i18n
from facilitator.i18n import _


class SearchBox(QLineEdit):
    """The one search box: typing searches; Down goes to the results, Enter opens the first, Escape clears."""

    go_down = Signal()
    open_first = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415 - see the module's docstring

        key = event.key()
        if key == Qt.Key.Key_Down:
            self.go_down.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_first.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)

    def retranslate(self, preparing: float | None = None, for_room: bool = False) -> None:
        """The hint in the current language: how far the search is from ready (``preparing``, 0 to 1), or
        what it searches."""
        if preparing is not None:
            self.setPlaceholderText(preparing_text(preparing))
        elif for_room:
            self.setPlaceholderText(_("Search what the room may see (Ctrl+F)"))
        else:
            self.setPlaceholderText(_("Search everything (Ctrl+F)"))
        self.setAccessibleName(self.placeholderText())
        self.setToolTip(
            _(
                "Meetings, items and notes, papers, decisions, actions, conflicts, notices, escalations, street "
                "figures, partners and people"
            )
        )


def preparing_text(done: float) -> str:
    """What the box and the status bar say while the index is being built."""
    return _("Preparing search… {percent}").format(percent=i18n.active().format_percent(done))
