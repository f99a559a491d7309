"""The File menu's entries for keeping data safe and handling personal data.

They are made with the window, before its first paint; the dialogs behind them (``backup_dialogs.py``,
``personal_data_dialogs.py``) load when one is chosen, so that the window does not wait for them to appear.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from facilitator.i18n import _
from facilitator.ui.file_in_use import write_chosen
from facilitator.ui.shortcuts import menu_entry

if TYPE_CHECKING:
    from facilitator.ui.main_window import MainWindow


class DataMenu:
    """The File menu's entries for keeping data safe and handling personal data."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        menu.addSeparator()
        self.save_copy = menu_entry(window, menu, self.save_copy_as)
        self.restore = menu_entry(window, menu, self.restore_from_backup)
        self.audit = menu_entry(window, menu, self.export_audit)
        self.personal = menu.addMenu("")
        self.everything = menu_entry(window, self.personal, lambda: self._personal("everything"))
        self.erase = menu_entry(window, self.personal, lambda: self._personal("erase"))
        self.retention = menu_entry(window, self.personal, lambda: self._personal("retention"))
        # Edit → Settings… is the application's preferences (macOS's Settings… in the application menu, Cmd+,);
        # this entry stays in the File menu.
        self.your_name = menu_entry(window, menu, self.ask_name, role=QAction.MenuRole.NoRole)
        self.retranslate()

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

    def save_copy_as(self) -> None:
        """File → Save a copy as…"""
        from facilitator.ui.backup_dialogs import save_copy_as  # noqa: PLC0415 - see the module's docstring

        save_copy_as(self.window)

    def restore_from_backup(self) -> None:
        """File → Restore from backup…"""
        from facilitator.ui.backup_dialogs import restore_from_backup  # noqa: PLC0415

        restore_from_backup(self.window)

    def ask_name(self) -> None:
        """The coordinator's name, recorded with every change in the audit trail."""
        from PySide6.QtWidgets import QInputDialog  # noqa: PLC0415

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
            from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

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
