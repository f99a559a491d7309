"""What the e-mail dialogs share: the folder the drafts go to, writing them on a worker, opening them.

The drafts are decided by the core on the window's thread (the SQLite connection stays there); each path is
checked (``storage.outputs``: never over the partnership's own files, an existing draft replaced only when the
user says so); the worker lays out the PDFs and writes the ``.eml`` files (``export_worker.DraftsJob``). The app
sends nothing: "Open in mail program" hands each draft to the program the system opens ``.eml`` files with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext
from facilitator.mail import MailDraft
from facilitator.ui.column_titles import column_title
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.export_worker import DraftsJob
from facilitator.ui.models import AnyIndex
from facilitator.ui.palette import app_palette, warning_colour, warning_text_style
from facilitator.ui.widgets import button

#: The colour of what is missing (no e-mail address) or late.


class _ForPartner(Protocol):
    @property
    def partner(self) -> Any: ...


Row = TypeVar("Row", bound=_ForPartner)


class DraftRowsModel(QAbstractTableModel, Generic[Row]):
    """One row per partner's draft, with a box to leave it out; ``headers`` (untranslated) and ``cell`` say the
    rest (subclasses)."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.left_out: set[str] = set()

    def reset(self, rows: list[Row]) -> None:
        """Show ``rows`` instead."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def chosen(self) -> list[Row]:
        """The drafts to write: every partner not left out."""
        return [r for r in self.rows if r.partner.id not in self.left_out]

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (the box of column 0 is handled here)."""
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self.headers, section, orientation, role, translate=True)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            left_out = row.partner.id in self.left_out
            return Qt.CheckState.Unchecked if left_out else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ForegroundRole:
            return warning_colour(app_palette()) if self.cell(row, index.column(), role) else None
        return self.cell(row, index.column(), role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        partner_id = self.rows[index.row()].partner.id
        if value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2):
            self.left_out.discard(partner_id)
        else:
            self.left_out.add(partner_id)
        self.dataChanged.emit(index, index)
        return True


def default_folder(context: AppContext) -> str:
    """Where drafts go unless the user chooses: the folder used last, else "E-mail drafts" in Documents."""
    remembered = str(context.settings.preferences().drafts_folder)
    if remembered:
        return remembered
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(documents or Path.home()) / _("E-mail drafts"))


class DraftsPanel(QWidget):
    """The folder to write into, the button that writes, what was written, and the buttons that open it."""

    written = Signal(object)  # dict[str, str]: each partner's checksum of the version its draft carries
    failed = Signal(object)  # Exception

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.paths: list[Path] = []
        self._jobs: set[DraftsJob] = set()
        self.folder_label = QLabel(_("Folder for the drafts:"))
        self.folder = QLineEdit(default_folder(context))
        self.folder.setObjectName("draftsFolder")
        self.folder_label.setBuddy(self.folder)
        self.choose_button = button(_("Choose…"))
        self.choose_button.clicked.connect(lambda _c=False: self.choose_folder())
        self.prepare_button = button(_("Prepare the drafts"))
        self.prepare_button.setDefault(True)
        self.open_button = button(_("Open in mail program"))
        self.open_button.clicked.connect(lambda _c=False: self.open_drafts())
        self.folder_button = button(_("Show the folder"))
        self.folder_button.clicked.connect(lambda _c=False: self.open_folder())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(90)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.state = QLabel()
        self.state.setObjectName("draftsState")
        self.state.setProperty("showsData", True)
        self.state.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.folder_label)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        actions = QHBoxLayout()
        actions.addWidget(self.prepare_button)
        actions.addWidget(self.progress)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(self.state)
        self._update()

    def choose_folder(self) -> None:
        """Ask for the folder the drafts go to."""
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the drafts"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def targets(self, drafts: Sequence[MailDraft]) -> list[tuple[Path, MailDraft]] | None:
        """Where each draft goes, every path checked; existing drafts are replaced only if the user agrees.
        None: nothing is to be written (the user said no, or a path is refused, which is told)."""
        from facilitator.storage.outputs import check_chosen, check_output  # noqa: PLC0415

        text = self.folder.text().strip()
        if not text:
            tell(self, KnownError(_("Choose a folder for the drafts first.")), _("No drafts were written"))
            return None
        folder = Path(text).expanduser()
        paths = [folder / f"{draft.file_stem}.eml" for draft in drafts]
        database = self.context.store.path
        try:
            if folder.exists() and not folder.is_dir():
                raise KnownError(_("{path} is a file, not a folder.").format(path=folder))
            existing = [p for p in paths if p.exists()]
            if existing:
                question = QMessageBox(
                    QMessageBox.Icon.Question,
                    _("Replace the drafts?"),
                    ngettext(
                        "{count} draft of the same name is already in {folder}. Replace it?",
                        "{count} drafts of the same names are already in {folder}. Replace them?",
                        len(existing),
                    ).format(count=len(existing), folder=folder),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    self,
                )
                if question.exec() != QMessageBox.StandardButton.Yes:
                    return None
            checked = (
                [check_chosen(p, database) for p in paths]
                if existing
                else [check_output(p, database=database) for p in paths]
            )
            folder.mkdir(parents=True, exist_ok=True)
        except KnownError as error:
            tell(self, error, _("No drafts were written"))
            return None
        except OSError as error:
            tell(self, KnownError(str(error), hint=_("Choose another folder.")), _("No drafts were written"))
            return None
        self.context.settings.set_drafts_folder(str(folder))
        return list(zip(checked, drafts, strict=True))

    def write(
        self, drafts: Sequence[MailDraft], done: Callable[[dict[str, str]], None] | None = None
    ) -> DraftsJob | None:
        """Write ``drafts`` on a worker; ``done`` gets each partner's checksum once every draft is written."""
        targets = self.targets(drafts)
        if targets is None:
            return None
        job = DraftsJob(targets)
        self._jobs.add(job)
        job.signals.progress.connect(lambda text: self.state.setText(_("Writing {name}…").format(name=text)))
        job.signals.done.connect(lambda result, j=job: self._done(j, result, done))
        job.signals.failed.connect(lambda error, j=job: self._failed(j, error))
        self.paths = []
        self.progress.show()
        self.prepare_button.setEnabled(False)
        self.state.setText(_("Writing the drafts…"))
        job.start()
        return job

    def is_busy(self) -> bool:
        """Whether drafts are being written."""
        return bool(self._jobs)

    def _done(
        self, job: DraftsJob, result: dict[str, str], done: Callable[[dict[str, str]], None] | None
    ) -> None:
        self._jobs.discard(job)
        self.paths = [path for path, _draft in job.targets]
        self.progress.hide()
        self.prepare_button.setEnabled(True)
        folder = self.paths[0].parent if self.paths else Path(self.folder.text())
        self.state.setText(
            ngettext(
                "{count} draft written to {folder}. Open it in your mail program to check it and send it.",
                "{count} drafts written to {folder}. Open them in your mail program to check and send them.",
                len(self.paths),
            ).format(count=len(self.paths), folder=folder)
        )
        self._update()
        if done is not None:
            done(result)
        self.written.emit(result)

    def _failed(self, job: DraftsJob, error: Exception) -> None:
        self._jobs.discard(job)
        self.progress.hide()
        self.prepare_button.setEnabled(True)
        self.state.setText(_("No drafts were written."))
        self.failed.emit(error)
        if isinstance(error, KnownError):
            tell(self, error, _("No drafts were written"))
        elif isinstance(error, OSError):
            tell(self, KnownError(str(error), hint=_("Choose another folder.")), _("No drafts were written"))
        else:
            raise error

    def open_drafts(self) -> int:
        """Open every draft written with the system's mail program; returns how many were handed over."""
        opened = sum(1 for path in self.paths if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        if self.paths and not opened:
            QMessageBox.information(
                self,
                _("Not opened"),
                _("No mail program was found to open the drafts. They are in {folder}.").format(
                    folder=self.paths[0].parent
                ),
            )
        return opened

    def open_folder(self) -> bool:
        """Show the folder of the drafts in the system's file manager."""
        folder = self.paths[0].parent if self.paths else Path(self.folder.text())
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))

    def _update(self) -> None:
        self.open_button.setEnabled(bool(self.paths))
        self.folder_button.setEnabled(bool(self.paths))

    def set_prepare_enabled(self, enabled: bool) -> None:
        """Whether there is anything to prepare (and the file may be written, where that matters)."""
        self.prepare_button.setEnabled(enabled and not self._jobs)


def red(label: QLabel) -> QLabel:
    """A label that warns."""
    label.setStyleSheet(warning_text_style())
    return label


def drafts_table(name: str, model: QAbstractItemModel, dialog: QDialog, *, stretch_last: bool) -> QTableView:
    """The table of a drafts dialog: a row for each draft, chosen whole, never edited in place."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(dialog.windowTitle())
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    return table


def drafts_dialog_layout(
    dialog: QDialog,
    context: AppContext,
    *,
    prepare: Callable[[], object],
    above: Sequence[QWidget | QLayout],
    table: QTableView,
    below: Sequence[QWidget],
) -> DraftsPanel:
    """Stack a drafts dialog (circulation, reminders): what it is about, its table taking the room, what it says
    under the table, then the drafts panel (whose Prepare button calls ``prepare``) and Close."""
    panel = DraftsPanel(context, dialog)
    panel.prepare_button.clicked.connect(lambda _c=False: prepare())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part in above:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(table, 1)
    for widget in below:
        layout.addWidget(widget)
    layout.addWidget(panel)
    layout.addWidget(buttons)
    return panel
