"""Help → Keyboard shortcuts: the one list of ``shortcuts.py``, grouped by where each works (loaded when Help
asks for it, not with the window)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.i18n import _
from facilitator.ui.shortcuts import SHORTCUTS, keys_text


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: the one list, grouped by where each works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Where"), _("Action"), _("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to Close; arrows move in the list
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for shortcut in SHORTCUTS:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((_(shortcut.where), _(shortcut.title), keys_text(shortcut.name))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def listed_keys(self) -> set[str]:
        """Every key sequence the dialog shows (portable text), for tests and for whoever reads it aloud."""
        found = set()
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 2)
            for part in (cell.text() if cell is not None else "").split(" / "):
                found.add(QKeySequence(part, QKeySequence.SequenceFormat.NativeText).toString())
        return found
