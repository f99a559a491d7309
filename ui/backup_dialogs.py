"""Backups in the window: File → Save a copy as… and Restore from backup…, a damaged file's offer of its newest
good backup, and the choice to take over a lock left on another machine.

Storage is imported inside the functions that use it. The File menu's entries that lead here are
``ui/data_menu.py``'s, which imports this module only when one of them is chosen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import DatabaseLocked, DatabaseReadOnly, KnownError
from facilitator.folders import host_name
from facilitator.i18n import _
from facilitator.ui.errors import tell

if TYPE_CHECKING:
    from facilitator.storage.backup import BackupInfo, DamagedPartnership, Summary
    from facilitator.ui.main_window import MainWindow

FILE_FILTER_TEXT = "Partnership files (*.sqlite);;All files (*)"


class RestoreDialog(QDialog):
    """The backups of a partnership file, newest first, with dates and what each holds; damaged ones greyed."""

    def __init__(self, parent: QWidget | None, db_path: Path, backups: list[BackupInfo]) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.db_path = db_path
        self.backups = backups
        self.other_file: Path | None = None
        self.setWindowTitle(_("Restore from backup"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for info in backups:
            item = QListWidgetItem(info.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            if not info.intact:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        first_good = next((i for i, info in enumerate(backups) if info.intact), None)
        if first_good is not None:
            self.list.setCurrentRow(first_good)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(_("Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = QPushButton(_("Choose another file…"))
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.other_button.clicked.connect(self._choose_file)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.setEnabled(first_good is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        if self.backups:
            self.intro.setText(
                _(
                    "Backups of {name}, newest first. Choose one to put in place of the file as it is now."
                ).format(name=self.db_path.name)
            )
        else:
            self.intro.setText(_("There are no backups of {name} yet.").format(name=self.db_path.name))

    def chosen(self) -> Path | None:
        """The backup chosen (a file picked by hand wins)."""
        if self.other_file is not None:
            return self.other_file
        item = self.list.currentItem()
        return Path(str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from a file"), str(self.db_path.parent), _(FILE_FILTER_TEXT)
        )
        if path:
            self.other_file = Path(path)
            self.accept()


def confirm_restore(parent: QWidget | None, backup_path: Path, backup: Summary, current: Summary) -> bool:
    """Ask before replacing the file: what the backup holds and what would be lost."""
    lost = backup.lost_compared_with(current)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Restore from backup"))
    box.setText(_("Replace the partnership file by the backup {name}?").format(name=backup_path.name))
    details = _("The backup holds: {summary}.").format(summary=backup.describe())
    if lost:
        details += "\n" + _("Restoring it loses: {lost}.").format(lost="; ".join(lost))
    details += "\n" + _("The file as it is now is kept in the backups folder first.")
    box.setInformativeText(details)
    yes = box.addButton(_("Restore"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def restore_and_reopen(
    window: MainWindow, db_path: Path, backup_path: Path, *, confirmed: bool = False
) -> bool:
    """Close the file if it is open, restore the backup over it, and open it again."""
    from facilitator.storage.backup import OtherPartnership, restore, summarise  # noqa: PLC0415

    if not confirmed and not confirm_restore(
        window, backup_path, summarise(backup_path), summarise(db_path, live=True)
    ):
        return False
    if window.context is not None and window.context.store.path == db_path:
        window.set_context(None)  # gives the writer lock up, so the restore may take it
    try:
        try:
            restore(db_path, backup_path)
        except OtherPartnership as error:
            answer = QMessageBox.question(
                window,
                _("A backup of another partnership"),
                error.message + "\n\n" + error.hint,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                window.open_path(db_path)
                return False
            restore(db_path, backup_path, force=True)
    except KnownError as error:
        tell(window, error, _("Nothing was restored"))
        if db_path.exists():
            window.open_path(db_path)
        return False
    opened = bool(window.open_path(db_path))
    if opened:
        window.statusBar().showMessage(
            _("Restored {name} from {backup}.").format(name=db_path.name, backup=backup_path.name)
        )
    return opened


def restore_from_backup(window: MainWindow, db_path: Path | None = None) -> bool:
    """File → Restore from backup…: choose a backup of the open (or given) file and restore it."""
    from facilitator.storage.backup import list_backups  # noqa: PLC0415

    if db_path is None:
        if window.context is None:
            return False
        db_path = window.context.store.path
    dialog = RestoreDialog(window, db_path, list_backups(db_path))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    chosen = dialog.chosen()
    return chosen is not None and restore_and_reopen(window, db_path, chosen)


def save_copy_as(window: MainWindow, target: Path | None = None) -> Path | None:
    """File → Save a copy as…: a consistent copy of the open file (online backup), even while it is in use."""
    from facilitator.storage.backup import back_up  # noqa: PLC0415

    if window.context is None:
        return None
    store = window.context.store
    if target is None:
        suggested = store.path.with_name(f"{store.path.stem} copy.sqlite")
        path, _filter = QFileDialog.getSaveFileName(
            window, _("Save a copy as"), str(suggested), _(FILE_FILTER_TEXT)
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".sqlite")
    try:
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

        made: Path = back_up(store.db.conn, store.path, out=check_chosen(target, store.path))
    except KnownError as error:
        tell(window, error, _("The copy was not made"))
        return None
    window.statusBar().showMessage(_("A copy was saved as {path}.").format(path=made))
    return made


def offer_backup(window: MainWindow, path: Path, error: DamagedPartnership) -> bool:
    """A damaged file: say so, offer its newest good backup (and what would be lost), or another backup."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("The file is damaged"))
    box.setText(error.message)
    box.setInformativeText(error.hint)
    newest = None
    if error.backup is not None:
        newest = box.addButton(
            _("Restore the backup of {when}").format(when=f"{error.backup.made:%Y-%m-%d %H:%M}"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    others = box.addButton(_("Choose a backup…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if newest is not None and clicked is newest and error.backup is not None:
        return restore_and_reopen(window, path, error.backup.path, confirmed=True)
    if clicked is others:
        return restore_from_backup(window, path)
    return False


def ask_when_not_writable(window: MainWindow, path: Path, error: DatabaseLocked | DatabaseReadOnly) -> str:
    """The file cannot be opened for writing: ``"read-only"``, ``"take-over"`` (a lock from another machine,
    with a warning), or ``""`` to cancel."""
    from facilitator.storage.lock import read_holder  # noqa: PLC0415

    box = QMessageBox(window)
    box.setObjectName("notWritableBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Cannot open the file for writing"))
    box.setText(error.message)
    hint = error.hint
    holder = read_holder(path) if isinstance(error, DatabaseLocked) else None
    take_over = None
    if holder is not None and holder.host != host_name():
        hint += "\n\n" + _(
            "If {host} crashed or was shut with the file open, you may take over its lock. Do this only if you "
            "are sure the file is not open there any more: two copies writing one file can lose changes."
        ).format(host=holder.host)
    box.setInformativeText(hint)
    read_button = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    if holder is not None and holder.host != host_name():
        take_over = box.addButton(_("Take over the lock"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is read_button:
        return "read-only"
    if take_over is not None and box.clickedButton() is take_over:
        return "take-over"
    return ""
