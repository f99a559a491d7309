"""The ``modals`` fixture itself: a dialog or message box nobody declared is a failure, a declared one is answered,
and a declared one that never appeared is a failure too (a test that cannot fail is a defect)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


# --- the guard applies to every window test ---------------------------------------------------------------------

_TINY_CONFTEST = """
from tests.ui.conftest import modals, pytest_configure  # the autouse guard, as tests/ui has it
"""

_TINY_TESTS = """
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox


def test_a_box_nobody_declared(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", "The disk is full.")
    box.exec()  # a user would have this in their face; unguarded, the test would wait for ever


def test_a_chooser_nobody_declared(qtbot):
    QFileDialog.getSaveFileName(None, "Export document", "", "PDF (*.pdf)")


def test_a_declared_box(qtbot, modals):
    modals.expect_message("disk is full")
    QMessageBox(QMessageBox.Icon.Warning, "Not saved", "The disk is full.").exec()
"""


def test_an_undeclared_dialog_fails_a_test_that_never_names_modals(tmp_path: Path) -> None:
    """Run a tiny test file in its own pytest, with the guard as ``tests/ui`` has it: a test that does not name
    ``modals`` and opens a message box or a file chooser nobody declared fails (it would otherwise wait for a
    click for ever), naming what appeared; a declared one passes. A timeout stops the run if the guard ever
    lets a dialog block (then this test fails instead of hanging)."""
    (tmp_path / "conftest.py").write_text(_TINY_CONFTEST, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(_TINY_TESTS, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-rA",
         "--rootdir", str(tmp_path), "-o", "qt_api=pyside6", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    report = run.stdout + run.stderr
    assert run.returncode == 1, report
    assert "ERROR test_tiny.py::test_a_box_nobody_declared" in report, report
    assert "unexpected QMessageBox: 'Not saved The disk is full.'" in report, report
    assert "ERROR test_tiny.py::test_a_chooser_nobody_declared" in report, report
    assert "unexpected QFileDialog.getSaveFileName: 'Export document'" in report, report
    assert "PASSED test_tiny.py::test_a_declared_box" in report, report
    assert "ERROR test_tiny.py::test_a_declared_box" not in report, report
