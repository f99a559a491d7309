"""Small building blocks shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QPushButton, QTableView, QWidget

from facilitator.ui.models import ID_ROLE


def record_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A sortable, row-selecting table of records."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view


def key_name(keys: str) -> str:
    """``keys`` ("Ctrl+Up") as this platform writes it: "Ctrl+Up" on Windows and Linux, "⌘↑" on macOS, where
    Qt's Ctrl is the Command key."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def elide_choices(*combos: QComboBox, letters: int = 12) -> None:
    """Let ``combos`` be narrower than their longest choice (it is elided; the open list shows it whole), so a
    row of them does not widen the window: at 125 % display scaling a 1366x768 laptop leaves 1093 pixels."""
    for combo in combos:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(letters)


def selected_id(view: QTableView) -> str | None:
    """The id of the record selected in ``view``, if any."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    value = rows[0].data(ID_ROLE)
    return str(value) if value else None


def select_id(view: QTableView, record_id: str | None) -> None:
    """Select the row of ``record_id`` in ``view`` (after a reload), if it is shown."""
    if not record_id:
        return
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == record_id:
            view.selectRow(row)
            view.scrollTo(index)
            return


def fit_columns(view: QTableView, limit: int = 320) -> None:
    """Size columns to their contents, none wider than ``limit`` pixels."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > limit:
            header.resizeSection(column, limit)


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A push button that does not steal the Enter key from tables."""
    push = QPushButton(text, parent)
    push.setAutoDefault(False)
    return push
