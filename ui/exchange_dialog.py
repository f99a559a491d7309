"""File → Exchange…: this laptop's name, the shared folder and passphrase, exchanges every few minutes off the
window's thread, and the list of changes made on two laptops for the coordinator to decide.

The merging itself is ``facilitator.storage.exchange`` (rules in ``facilitator.merging``); this module only starts
it on a worker (with its own SQLite connection) and shows what it did.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext
from facilitator.ui.column_titles import column_title
from facilitator.ui.errors import tell
from facilitator.ui.exchange_control import EVERY_MINUTES, ExchangeControl, nothing_changed
from facilitator.ui.settings import ExchangeSetup

if TYPE_CHECKING:
    from facilitator.storage.exchange import Conflict
    from facilitator.ui.models import AnyIndex  # (ui.models loads the core's records, after the first paint)

#: The pseudo-field of a record's existence (``facilitator.merging.EXISTS``; the core loads with the file, after
#: the window has painted).
EXISTS = "~"


class ConflictsModel(QAbstractTableModel):
    """The changes made on two laptops, or set aside by a rule, waiting for the coordinator."""

    COLUMNS = 5

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Conflict, str]] = []

    def reset_rows(self, rows: list[tuple[Conflict, str]]) -> None:
        """Show ``rows``: each conflict with the name of its record."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        titles = [_("Record"), _("Field"), _("What stands"), _("Set aside"), _("Why")]
        return column_title(titles, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        conflict, name = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return f"{name} ({conflict.kind})"
        if column == 1:
            return _("the record itself") if conflict.field == EXISTS else conflict.field
        if column == 2:
            return _shown(conflict.kept, conflict.field)
        if column == 3:
            return "; ".join(_shown(other, conflict.field) for other in conflict.others)
        return conflict.reason or _("changed on two laptops before they exchanged")


def _value(value: Any, field: str) -> str:
    if field == EXISTS:
        return _("kept") if value else _("not kept")
    if value is None or value == "":
        return _("(empty)")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _shown(write: dict[str, Any], field: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(write.get("at", "")))
        when = i18n.active().format_datetime(moment.astimezone(clock.current().local_zone()), "short")
    except ValueError:
        when = ""
    who = ", ".join(w for w in (write.get("laptop"), write.get("person")) if w)
    return _("“{value}” ({who}, {when})").format(value=_value(write.get("value"), field), who=who, when=when)


class ExchangeDialog(QDialog):
    """File → Exchange…: where and how this laptop exchanges, the last exchange, and what waits for a decision."""

    def __init__(self, control: ExchangeControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exchangeDialog")
        self.control = control
        self.resize(1000, 620)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.laptop = QLineEdit()
        self.folder = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_folder)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.labels = [QLabel(), QLabel(), QLabel()]
        self.form = QFormLayout()
        self.form.addRow(self.labels[0], self.laptop)
        self.form.addRow(self.labels[1], folder_row)
        self.form.addRow(self.labels[2], self.passphrase)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.now_button = QPushButton()
        self.now_button.clicked.connect(self.exchange_now)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_file)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_files)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.now_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.last = QLabel()
        self.last.setWordWrap(True)
        self.last.setProperty("showsData", True)  # the exchange's report, already in words
        self.conflicts_title = QLabel()
        self.conflicts_title.setObjectName("sectionTitle")
        self.model = ConflictsModel(self)
        self.table = QTableView()
        self.table.setObjectName("exchangeConflicts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to Keep/Take; arrows move in the list
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 110, 230, 230)):
            self.table.setColumnWidth(column, width)
        self.keep_button = QPushButton()
        self.keep_button.clicked.connect(self.keep)
        self.other_button = QPushButton()
        self.other_button.clicked.connect(self.use_other)
        decide = QHBoxLayout()
        decide.addWidget(self.keep_button)
        decide.addWidget(self.other_button)
        decide.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.last)
        layout.addWidget(self.conflicts_title)
        layout.addWidget(self.table, 1)
        layout.addLayout(decide)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.retranslate()
        self._fill()

    def _fill(self) -> None:
        setup = self.control.setup()
        self.laptop.setText(self.control.laptop_name())
        self.folder.setText(setup.folder)
        self.passphrase.setText(setup.passphrase)

    # -- reading ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the last exchange and the conflicts as they are now."""
        from facilitator.merging import describe_record  # noqa: PLC0415
        from facilitator.records import KINDS  # noqa: PLC0415
        from facilitator.storage.exchange import conflicts  # noqa: PLC0415

        context = self.control.context
        if context is None:
            return
        found = conflicts(context.store.db)
        rows = []
        for conflict in found:
            record = (
                context.store.find(KINDS[conflict.kind], conflict.record_id)
                if conflict.kind in KINDS
                else None
            )
            rows.append((conflict, describe_record(record) or conflict.record_id))
        self.model.reset_rows(rows)
        self.table.resizeRowsToContents()
        self.conflicts_title.setText(
            ngettext(
                "{count} change waits for your decision", "{count} changes wait for your decision", len(found)
            ).format(count=len(found))
        )
        self.table.setAccessibleName(self.conflicts_title.text())
        self.last.setText(self.control.last or _("No exchange yet since the file was opened."))
        running = self.control.running is not None
        for button in (self.now_button, self.export_button, self.import_button):
            button.setEnabled(not running and not context.read_only)
        self._enable()

    def _enable(self) -> None:
        selected = self.selected()
        self.keep_button.setEnabled(selected is not None)
        self.other_button.setEnabled(
            selected is not None and bool(selected.others) and selected.field != EXISTS
        )

    def selected(self) -> Conflict | None:
        """The conflict chosen in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()][0] if rows else None

    # -- acting --------------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        """Pick the shared folder."""
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the shared folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        """Remember the laptop's name, the folder and the passphrase."""
        folder = self.folder.text().strip()
        if folder and not Path(folder).is_dir():
            tell(self, KnownError(_("{folder} is not a folder that can be reached.").format(folder=folder)))
            return
        self.control.save(self.laptop.text(), ExchangeSetup(folder, self.passphrase.text()))
        self.refresh()

    def exchange_now(self) -> None:
        """Save, then exchange through the folder now."""
        self.save()
        if not self.control.exchange_now():
            tell(
                self,
                KnownError(_("Choose a shared folder first, or wait for the exchange under way to end.")),
            )
        self.refresh()

    def export_file(self) -> None:
        """Write this laptop's changes to a file (for a USB stick or e-mail)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Write an exchange file"), "", _("Exchange files (*.pfexchange)")
        )
        if path:
            target = Path(path if path.endswith(".pfexchange") else path + ".pfexchange")
            self.control.start(export_to=target)
            self.refresh()

    def import_files(self) -> None:
        """Merge exchange files from other laptops."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Read exchange files"), "", _("Exchange files (*.pfexchange)")
        )
        if paths:
            self.control.start(import_from=tuple(Path(p) for p in paths))
            self.refresh()

    def keep(self) -> None:
        """The coordinator confirms what stands; the other laptops hear of it at the next exchange."""
        from facilitator.storage.exchange import keep_standing  # noqa: PLC0415

        conflict = self.selected()
        context = self.control.context
        if conflict is None or context is None:
            return
        try:
            keep_standing(context.store, conflict.id)
        except KnownError as error:
            tell(self, error)
        self.refresh()
        self.control.window.statusBar().showMessage(
            _("Confirmed; the other laptops hear of it at the next exchange.")
        )
        context.changed.emit(nothing_changed())

    def use_other(self) -> None:
        """Put the value set aside in place of the one that stands, as an edit (it can be undone)."""
        from facilitator.storage.exchange import choose_value, chose_other  # noqa: PLC0415

        conflict = self.selected()
        context = self.control.context
        if conflict is None or context is None or not conflict.others:
            return
        try:
            context.run(choose_value(context.store, conflict, conflict.others[0]["value"]))
            chose_other(context.store, conflict.id)
        except KnownError as error:
            tell(self, error, _("That value cannot be used"))
            return
        self.refresh()

    # -- language ------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("Exchange with other laptops"))
        self.intro.setText(
            _(
                "Each laptop keeps its own copy of this partnership. Choose a shared folder that every laptop "
                "can reach (OneDrive, SharePoint, a network drive): this laptop writes its changes there and reads "
                "the others' when the file is opened, every {minutes} minutes while it is open, and when you press "
                "Exchange now. Without a shared folder, exchange files by hand (a USB stick, e-mail)."
            ).format(minutes=EVERY_MINUTES)
        )
        labels = (_("This laptop's name:"), _("Shared folder:"), _("Passphrase (the same on every laptop):"))
        for label, text in zip(self.labels, labels, strict=True):
            label.setText(text)
        # Named for screen readers from their labels (the folder sits in a row with its button, not beside it).
        for field, text in zip((self.laptop, self.folder, self.passphrase), labels, strict=True):
            field.setAccessibleName(text.rstrip(" :"))
        self.laptop.setPlaceholderText(_("e.g. Secretariat laptop"))
        self.passphrase.setPlaceholderText(_("leave empty for files without a passphrase"))
        self.browse.setText(_("Choose…"))
        self.save_button.setText(_("Save"))
        self.now_button.setText(_("Exchange now"))
        self.export_button.setText(_("Write an exchange file…"))
        self.import_button.setText(_("Read exchange files…"))
        self.keep_button.setText(_("Keep what stands"))
        self.other_button.setText(_("Use the value set aside"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, ConflictsModel.COLUMNS - 1)
        if self.control.context is not None:
            self.refresh()
