"""Personal data in the window: everything about a person (JSON or CSV), erasing a person after a preview, and
removing the contact details of people who left long ago after a report. The rules are in
``facilitator.personal_data``; this only shows their plans and applies their edits through the undo stack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator import personal_data
from facilitator.entities import Representative, by_name, partner_names
from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext
from facilitator.ui.errors import tell
from facilitator.ui.file_in_use import write_chosen

if TYPE_CHECKING:
    from facilitator.ui.context import AppContext


class PreviewDialog(QDialog):
    """What will change, in plain lines, with a button that does it and one that does nothing. ``choices``
    (text, value) add a box each; ``replan`` gives the lines again for the values ticked."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        lines: list[str],
        confirm: str,
        *,
        choices: list[tuple[str, str]] | None = None,
        replan: Callable[[list[str]], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personalDataPreview")
        self.setWindowTitle(title)
        self.replan = replan
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.choices: dict[str, QCheckBox] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton(confirm, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.confirm.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        for text, value in choices or []:
            box = QCheckBox(text)
            box.toggled.connect(self._replan)
            self.choices[value] = box
            layout.addWidget(box)
        layout.addWidget(self.buttons)
        self.resize(760, 480)

    def chosen(self) -> list[str]:
        """The values whose boxes are ticked."""
        return [value for value, box in self.choices.items() if box.isChecked()]

    def _replan(self) -> None:
        if self.replan is not None:
            self.text.setPlainText("\n".join(self.replan(self.chosen())))


class PersonalDataDialog(QDialog):
    """Choose a representative: export everything about them, or erase them; and apply the retention rule."""

    def __init__(self, parent: QWidget | None, context: AppContext, start: str = "everything") -> None:
        super().__init__(parent)
        self.setObjectName("personalDataDialog")
        self.context = context
        self.setWindowTitle(_("Personal data"))
        partners = partner_names(context.store, short=True)
        self.person = QComboBox()
        for person in by_name(context.store.all(Representative, include_archived=True)):
            self.person.addItem(f"{person.name} — {partners.get(person.partner_id, '')}", person.id)
        self.export_json = QPushButton(_("Export as JSON…"))
        self.export_csv = QPushButton(_("Export as CSV…"))
        self.erase_button = QPushButton(_("Erase this person…"))
        self.export_json.clicked.connect(lambda: self.export("json"))
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        self.erase_button.clicked.connect(lambda: self.erase())  # noqa: PLW0108 - clicked(bool) must not fill the argument
        person_box = QGroupBox(_("A person"))
        person_form = QFormLayout(person_box)
        person_form.addRow(_("Representative:"), self.person)
        person_form.addRow(self.export_json)
        person_form.addRow(self.export_csv)
        person_form.addRow(self.erase_button)

        self.months = QSpinBox()
        self.months.setRange(1, 240)
        self.months.setSuffix(" " + _("months"))
        self.months.setValue(context.settings.preferences().retention_months)
        self.retention_button = QPushButton(_("Show what would be removed…"))
        self.retention_button.clicked.connect(lambda: self.retention())  # noqa: PLW0108 - clicked(bool) must not fill the argument
        retention_box = QGroupBox(_("Contact details of people who left"))
        retention_form = QFormLayout(retention_box)
        explain = QLabel(
            _("Remove the e-mail and phone of representatives who left more than this long ago:")
        )
        explain.setWordWrap(True)
        retention_form.addRow(explain)
        retention_form.addRow(_("Left more than:"), self.months)
        retention_form.addRow(self.retention_button)

        writable = not context.read_only
        for widget in (self.erase_button, self.retention_button):
            widget.setEnabled(writable)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(person_box)
        layout.addWidget(retention_box)
        layout.addWidget(self.buttons)
        (retention_box if start == "retention" else person_box).setFocus()

    def chosen_id(self) -> str | None:
        """The representative chosen."""
        value = self.person.currentData()
        return str(value) if value else None

    def export(self, form: str, target: Path | None = None) -> Path | None:
        """Everything about the chosen person, as JSON or CSV (for a subject-access request)."""
        from facilitator.exports.files import write_atomically  # noqa: PLC0415

        person_id = self.chosen_id()
        if person_id is None:
            return None
        answer = personal_data.everything_about(self.context.store, person_id)
        if target is None:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Everything about a person"),
                f"subject-access.{form}",
                _("JSON files (*.json)") if form == "json" else _("CSV files (*.csv)"),
            )
            if not path:
                return None
            target = Path(path)
        data = answer.to_json().encode("utf-8") if form == "json" else answer.to_csv().encode("utf-8-sig")
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

        database = self.context.store.path
        written: Path | None = write_chosen(
            self, target, lambda to: write_atomically(check_chosen(to, database), data)
        )
        return written

    def erase(self, today: dt.date | None = None) -> bool:
        """Preview the erasure of the chosen person (every mention found, the parts of the name others share to
        choose, what the backups still hold); on confirmation apply it (undoable), redact the trail and compact
        the file; then offer to replace the older backups by a new one."""
        from facilitator.storage.backup import what_backups_hold  # noqa: PLC0415 - only when erasing

        person_id = self.chosen_id()
        if person_id is None:
            return False
        store = self.context.store
        backups = what_backups_hold(store.path)
        try:
            erasure = personal_data.plan_erasure(store, person_id, today)

            def replan(also: list[str]) -> list[str]:
                return [
                    *personal_data.plan_erasure(store, person_id, today, also=also).preview(),
                    "",
                    *backups,
                ]

            choices = [
                (
                    _("Also replace “{part}” alone (it is part of the name of {others} too)").format(
                        part=shared.part, others=", ".join(shared.shared_with)
                    ),
                    shared.part,
                )
                for shared in erasure.shared_parts
            ]
            preview = PreviewDialog(
                self, _("Erase a person"), replan([]), _("Erase"), choices=choices, replan=replan
            )
            if preview.exec() != QDialog.DialogCode.Accepted:
                return False
            if preview.chosen():
                erasure = personal_data.plan_erasure(store, person_id, today, also=preview.chosen())
            self.context.run(erasure.edit)
            personal_data.finish_erasure(store, erasure)
        except KnownError as error:
            tell(self, error, _("Nothing was erased"))
            return False
        index = self.person.currentIndex()
        self.person.setItemText(index, erasure.label)
        self.offer_to_replace_backups(erasure.label)
        return True

    def offer_to_replace_backups(self, label: str) -> list[Path]:
        """Say the erasure is done, and offer in one click to replace the older backups (which still hold the
        person's details) by a new one. Returns the backups deleted."""
        from facilitator.storage.backup import list_backups, replace_old_backups  # noqa: PLC0415

        store = self.context.store
        box = QMessageBox(self)
        box.setObjectName("erasedBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Erase a person"))
        box.setText(
            _("The person is now shown as “{label}”. Edit → Undo gives the details back.").format(label=label)
        )
        older = list_backups(store.path)
        delete = None
        if older:
            box.setInformativeText(
                ngettext(
                    "{count} older backup still holds the details. Delete it now? A new backup of the file as "
                    "it is now is made first.",
                    "{count} older backups still hold the details. Delete them now? A new backup of the file "
                    "as it is now is made first.",
                    len(older),
                ).format(count=len(older))
            )
            delete = box.addButton(_("Delete older backups"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(_("Keep them"), QMessageBox.ButtonRole.RejectRole)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if delete is None or box.clickedButton() is not delete:
            return []
        try:
            _fresh, removed = replace_old_backups(store.db.conn, store.path)
        except KnownError as error:
            tell(self, error, _("No backup was deleted"))
            return []
        return list(removed)

    def retention(self, today: dt.date | None = None) -> bool:
        """Report whose contact details would be removed; on confirmation remove them (undoable)."""
        months = self.months.value()
        self.context.settings.set_retention_months(months)
        try:
            plan = personal_data.plan_retention(self.context.store, months, today)
            lines = plan.report(self.context.store)
            if not plan.people:
                QMessageBox.information(self, _("Remove old contact details"), "\n".join(lines))
                return False
            preview = PreviewDialog(self, _("Remove old contact details"), lines, _("Remove"))
            if preview.exec() != QDialog.DialogCode.Accepted:
                return False
            self.context.run(plan.edit)
            personal_data.finish_retention(self.context.store, plan)
        except KnownError as error:
            tell(self, error, _("Nothing was removed"))
            return False
        return True
