"""Backups in the window: File → Save a copy as… and Restore from backup…, a damaged file's offer of its newest
good backup, and the choice to take over a lock left on another machine.

Storage is imported inside the functions that use it: this module is imported with the main window, before a
file is open, and start-up time counts.
"""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import DatabaseLocked, DatabaseReadOnly, KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell
from facilitator.ui.file_in_use import write_chosen

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
    if holder is not None and holder.host != socket.gethostname():
        hint += "\n\n" + _(
            "If {host} crashed or was shut with the file open, you may take over its lock. Do this only if you "
            "are sure the file is not open there any more: two copies writing one file can lose changes."
        ).format(host=holder.host)
    box.setInformativeText(hint)
    read_button = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    if holder is not None and holder.host != socket.gethostname():
        take_over = box.addButton(_("Take over the lock"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is read_button:
        return "read-only"
    if take_over is not None and box.clickedButton() is take_over:
        return "take-over"
    return ""


class DataMenu:
    """The File menu's entries for keeping data safe and handling personal data."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        menu.addSeparator()
        self.save_copy = self._add(menu, lambda: save_copy_as(window))
        self.restore = self._add(menu, lambda: restore_from_backup(window))
        self.audit = self._add(menu, self.export_audit)
        self.personal = menu.addMenu("")
        self.everything = self._add(self.personal, lambda: self._personal("everything"))
        self.erase = self._add(self.personal, lambda: self._personal("erase"))
        self.retention = self._add(self.personal, lambda: self._personal("retention"))
        # Edit → Settings… is the application's preferences (macOS's Settings… in the application menu, Cmd+,);
        # this entry stays in the File menu.
        self.your_name = self._add(menu, self.ask_name, QAction.MenuRole.NoRole)
        self.retranslate()

    def _add(self, menu: QMenu, slot: object, role: QAction.MenuRole = QAction.MenuRole.NoRole) -> QAction:
        action = QAction(self.window)
        action.setMenuRole(role)  # NoRole: Qt's guess from the text never moves it on macOS
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.save_copy.setText(_("Save a &copy as…"))
        self.restore.setText(_("Restore from &backup…"))
        self.audit.setText(_("Export the &audit trail…"))
        self.personal.setTitle(_("&Personal data"))
        self.everything.setText(_("Everything about a person…"))
        self.erase.setText(_("Erase a person…"))
        self.retention.setText(_("Remove old contact details…"))
        self.your_name.setText(_("Your name in the audit trail…"))

    def update(self, has_file: bool, read_only: bool) -> None:
        """Enable what the open file allows."""
        for action in (self.save_copy, self.restore, self.audit, self.everything):
            action.setEnabled(has_file)
        for action in (self.erase, self.retention):
            action.setEnabled(has_file and not read_only)
        self.personal.setEnabled(has_file)

    def ask_name(self) -> None:
        """The coordinator's name, recorded with every change in the audit trail."""
        current = self.window.settings.preferences().coordinator_name
        name, ok = QInputDialog.getText(
            self.window,
            _("Your name in the audit trail"),
            _("Every change you make is recorded with this name and your computer's user name:"),
            text=current,
        )
        if ok:
            self.window.settings.set_coordinator_name(name)
            if self.window.context is not None:
                store = self.window.context.store
                store.author = replace(store.author, coordinator=name.strip())

    def export_audit(self, target: Path | None = None) -> Path | None:
        """Write the whole audit trail as CSV."""
        from facilitator.exports.files import write_atomically  # noqa: PLC0415
        from facilitator.storage.audit import audit_csv, trail  # noqa: PLC0415

        if self.window.context is None:
            return None
        store = self.window.context.store
        if target is None:
            path, _filter = QFileDialog.getSaveFileName(
                self.window,
                _("Export the audit trail"),
                str(store.path.with_name(f"{store.path.stem} audit trail.csv")),
                _("CSV files (*.csv)"),
            )
            if not path:
                return None
            target = Path(path)
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

        data = audit_csv(trail(store.db)).encode("utf-8-sig")
        written: Path | None = write_chosen(
            self.window, target, lambda to: write_atomically(check_chosen(to, store.path), data)
        )
        if written is None:
            return None
        target = written
        self.window.statusBar().showMessage(_("The audit trail was written to {path}.").format(path=target))
        return target

    def _personal(self, what: str) -> None:
        from facilitator.ui.personal_data_dialogs import PersonalDataDialog  # noqa: PLC0415

        if self.window.context is None:
            return
        dialog = PersonalDataDialog(self.window, self.window.context, start=what)
        dialog.exec()
