"""A record's history: every recorded change of it, oldest first, from the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QTableView, QVBoxLayout, QWidget

from facilitator.i18n import _
from facilitator.ui.column_titles import column_title
from facilitator.ui.file_in_use import write_chosen

if TYPE_CHECKING:
    from facilitator.storage import Partnership
    from facilitator.storage.audit import AuditEntry

_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """Audit entries as rows: when, who, what, field, old value, new value."""

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        titles = (_("When"), _("Who"), _("Change"), _("Field"), _("Before"), _("After"))
        return column_title(titles, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        from facilitator.storage.audit import show  # noqa: PLC0415

        entry = self.entries[index.row()]
        who = f"{entry.coordinator} ({entry.user})" if entry.coordinator else entry.user
        if entry.laptop:
            who = f"{who}, {entry.laptop}"  # which laptop the change was made on (File → Exchange…)
        values = (
            entry.at.replace("T", " ")[:19],
            who,
            entry.action,
            entry.field,
            _short(show(entry.old), role),
            _short(show(entry.new), role),
        )
        return values[index.column()]


def _short(text: str, role: int) -> str:
    if role == Qt.ItemDataRole.ToolTipRole or len(text) <= 120:
        return text
    return text[:119] + "…"


class HistoryDialog(QDialog):
    """The history of one record (``kind_name`` is its table, e.g. ``"partners"``), with a CSV export."""

    def __init__(self, parent: QWidget | None, store: Partnership, kind_name: str, record_id: str) -> None:
        super().__init__(parent)
        from facilitator.storage.audit import history  # noqa: PLC0415

        self.setObjectName("historyDialog")
        self.store = store
        self.entries = history(store.db, kind_name, record_id)
        self.model = HistoryModel(self.entries, self)
        self.setWindowTitle(_("History"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setText(
            _("Every recorded change of this record, oldest first ({count}).").format(count=len(self.entries))
            if self.entries
            else _("No change of this record has been recorded.")
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab goes on to the buttons; arrows move in the history
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.resizeColumnsToContents()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            _("Export as CSV…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setEnabled(bool(self.entries))
        self.export_button.clicked.connect(lambda: self.export())  # noqa: PLW0108 - clicked(bool) must not fill the argument
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 420)

    def export(self, target: Path | None = None) -> Path | None:
        """Write this record's history as CSV."""
        from facilitator.exports.files import write_atomically  # noqa: PLC0415
        from facilitator.storage.audit import audit_csv  # noqa: PLC0415

        if target is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the history"), "", _("CSV files (*.csv)")
            )
            if not path:
                return None
            target = Path(path)
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

        data = audit_csv(self.entries).encode("utf-8-sig")
        written: Path | None = write_chosen(self, target, lambda to: write_atomically(check_chosen(to), data))
        return written
