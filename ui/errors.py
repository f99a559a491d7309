"""Telling the user: known errors in plain words, bugs in a crash dialog with details to copy."""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from facilitator.errors import KnownError
from facilitator.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

# Message boxes and the crash dialog are imported when first needed: Qt builds each widget class's Python
# enums on first import, and start-up time counts.


def tell(parent: QWidget | None, error: KnownError, title: str = "") -> None:
    """Show a known error: what happened, and what to do."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _("Something needs your attention"))
    box.setText(error.message)
    if error.hint:
        box.setInformativeText(error.hint)
    box.exec()


def install_exception_hook(*, open_log: bool = False) -> None:
    """Route uncaught exceptions to a dialog: known errors in plain words, bugs with details. ``open_log``: start
    the log (``storage.logs.start_logging``) if it is not yet, before the error is logged (the window opens its log
    once its first screen shows: an error before that must still reach the file)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if open_log:
            from facilitator.storage.logs import start_logging  # noqa: PLC0415 - see above

            start_logging()
        parent = QApplication.activeWindow()
        if isinstance(value, KnownError):
            log.warning("known error reached the top: %s", kind.__name__)
            tell(parent, value)
            return
        from facilitator.storage.logs import bug_frames  # noqa: PLC0415
        from facilitator.ui.crash_dialog import CrashDialog, crash_details  # noqa: PLC0415

        log.error("bug: %s", bug_frames(kind, tb))
        details = crash_details(kind, value, tb)
        if sys.stderr is not None:  # a windowed program on Windows has none
            sys.stderr.write(details + "\n")
        if QApplication.instance() is not None:
            CrashDialog(details, parent).exec()

    sys.excepthook = hook
