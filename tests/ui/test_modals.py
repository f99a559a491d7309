"""The ``modals`` fixture itself: a dialog or message box nobody declared is a failure, a declared one is answered,
and a declared one that never appeared is a failure too (a test that cannot fail is a defect)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from facilitator.ui.app import create_application
from tests.ui.conftest import ModalAnswers


def _box(text: str, *buttons: QMessageBox.StandardButton) -> QMessageBox:
    create_application()
    box = QMessageBox()
    box.setWindowTitle("Not changed")
    box.setText(text)
    for button in buttons:
        box.addButton(button)
    return box


def test_an_undeclared_message_box_or_dialog_is_a_failure_with_its_words() -> None:
    answers = ModalAnswers()
    assert answers.exec(_box("The disk is full.")) == int(QDialog.DialogCode.Rejected)
    dialog = QDialog()
    dialog.setWindowTitle("Edit partner")
    answers.exec(dialog)
    answers.static("warning", (None, "Not escalated", "No forum above it."))
    assert answers.problems() == [
        "unexpected QMessageBox: 'Not changed The disk is full.'",
        "unexpected QDialog: 'Edit partner'",
        "unexpected QMessageBox.warning: 'Not escalated No forum above it.'",
    ]


def test_declared_ones_are_answered_and_must_appear() -> None:
    answers = ModalAnswers()
    answers.expect_message("disk is full", answer=QMessageBox.StandardButton.Retry)
    answers.expect_message("Delete it now?", answer="Keep them")
    answers.expect_message("never shown")
    answers.expect("QDialog")
    assert answers.exec(_box("The disk is full.", QMessageBox.StandardButton.Retry)) == int(
        QMessageBox.StandardButton.Retry.value
    )
    keep = _box("1 older backup still holds the details. Delete it now?")
    keep.addButton("Delete older backups", QMessageBox.ButtonRole.DestructiveRole)
    kept = keep.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)
    answers.exec(keep)
    assert keep.clickedButton() is kept
    assert answers.exec(QDialog()) == int(QDialog.DialogCode.Rejected)
    assert answers.problems() == ["expected message never shown: 'never shown'"]
