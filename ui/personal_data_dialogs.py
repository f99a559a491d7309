"""Personal data in the window: everything about a person (JSON or CSV), erasing a person after a preview, and
removing the contact details of people who left long ago after a report. The rules are in
``facilitator.personal_data``; this only shows their plans and applies their edits through the undo stack.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
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
from facilitator.entities import Partner, Representative
from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell

if TYPE_CHECKING:
    from facilitator.ui.context import AppContext


class PreviewDialog(QDialog):
    """What will change, in plain lines, with a button that does it and one that does nothing."""

    def __init__(self, parent: QWidget | None, title: str, lines: list[str], confirm: str) -> None:
        super().__init__(parent)
        self.setObjectName("personalDataPreview")
        self.setWindowTitle(title)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton(confirm, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.confirm.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 440)


class PersonalDataDialog(QDialog):
    """Choose a representative: export everything about them, or erase them; and apply the retention rule."""

    def __init__(self, parent: QWidget | None, context: AppContext, start: str = "everything") -> None:
        super().__init__(parent)
        self.setObjectName("personalDataDialog")
        self.context = context
        self.setWindowTitle(_("Personal data"))
        partners = {p.id: p.display_name for p in context.store.all(Partner, include_archived=True)}
        self.person = QComboBox()
        for person in sorted(
            context.store.all(Representative, include_archived=True), key=lambda r: r.name.casefold()
        ):
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
        try:
            write_atomically(target, data)
        except KnownError as error:
            tell(self, error)
            return None
        return target

    def erase(self, today: dt.date | None = None) -> bool:
        """Preview the erasure of the chosen person; on confirmation apply it (undoable) and redact the trail."""
        person_id = self.chosen_id()
        if person_id is None:
            return False
        try:
            erasure = personal_data.plan_erasure(self.context.store, person_id, today)
            preview = PreviewDialog(self, _("Erase a person"), erasure.preview(), _("Erase"))
            if preview.exec() != QDialog.DialogCode.Accepted:
                return False
            self.context.run(erasure.edit)
            personal_data.finish_erasure(self.context.store, erasure)
        except KnownError as error:
            tell(self, error, _("Nothing was erased"))
            return False
        index = self.person.currentIndex()
        self.person.setItemText(index, erasure.label)
        QMessageBox.information(
            self,
            _("Erase a person"),
            _("The person is now shown as “{label}”. Edit → Undo gives the details back.").format(
                label=erasure.label
            ),
        )
        return True

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
