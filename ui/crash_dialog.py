"""The crash dialog: a bug reached the top; say so, keep the details, and let the user copy them."""

from __future__ import annotations

import platform
import traceback
from types import TracebackType

from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
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
from facilitator.storage.logs import log_folder, log_path, read_log


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
        # The log holds what led up to the bug (operations and record ids, nothing typed into the app).
        self.copy_log = buttons.addButton(_("Copy the log"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_log.clicked.connect(self._copy_log)
        self.open_log = buttons.addButton(_("Open the log folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_log.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_folder()))))
        has_log = log_path().exists()
        self.copy_log.setEnabled(has_log)
        self.open_log.setEnabled(has_log)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _copy_log(self) -> None:
        QApplication.clipboard().setText(read_log())


def crash_details(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """What a supporter needs: versions and the traceback."""
    lines = [
        f"{facilitator.APP_NAME} {facilitator.__version__}",
        f"Python {platform.python_version()} · Qt {qVersion()} · {platform.platform()}",
        "",
        *traceback.format_exception(kind, value, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)
