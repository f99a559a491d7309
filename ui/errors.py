"""Telling the user: known errors in plain words, bugs in a crash dialog with details to copy."""

from __future__ import annotations

import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

import facilitator
from facilitator.errors import KnownError
from facilitator.i18n import _


def tell(parent: QWidget | None, error: KnownError, title: str = "") -> None:
    """Show a known error: what happened, and what to do."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _("Something needs your attention"))
    box.setText(error.message)
    if error.hint:
        box.setInformativeText(error.hint)
    box.exec()


class CrashDialog(QDialog):
    """A bug reached the top: say so, keep the details, and let the user copy them."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(_("Unexpected error"))
        self.setMinimumSize(640, 400)
        intro = QLabel(
            _(
                "Something went wrong that the app did not expect. Your data up to your last completed change is "
                "saved. Please copy the details below and send them to whoever supports this app."
            )
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.clicked.connect(lambda: QApplication.clipboard().setText(self.details.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)


def crash_details(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """What a supporter needs: versions and the traceback."""
    lines = [
        f"{facilitator.APP_NAME} {facilitator.__version__}",
        f"Python {platform.python_version()} · Qt {qVersion()} · {platform.platform()}",
        "",
        *traceback.format_exception(kind, value, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def install_exception_hook() -> None:
    """Route uncaught exceptions to a dialog: known errors in plain words, bugs with details."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        parent = QApplication.activeWindow()
        if isinstance(value, KnownError):
            tell(parent, value)
            return
        details = crash_details(kind, value, tb)
        sys.stderr.write(details + "\n")
        if QApplication.instance() is not None:
            CrashDialog(details, parent).exec()

    sys.excepthook = hook
