"""The crash dialog: a bug reached the top; say so, keep the details, and let the user copy them."""

from __future__ import annotations

import platform
import traceback
from types import TracebackType

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

import facilitator
from facilitator.i18n import _


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
        self.details.setAccessibleName(_("Details to copy"))
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
