"""Telling the user: known errors in plain words, bugs in a crash dialog with details to copy."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from facilitator import clock, folders
from facilitator.errors import KnownError
from facilitator.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

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


LOG_FILE = "facilitator.log"
log = logging.getLogger("facilitator")


class _ClockFormatter(logging.Formatter):
    """Log lines stamped by the app's one clock (``facilitator.clock``), like everything else it dates."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return clock.now().isoformat(sep=" ", timespec="seconds")


def start_log() -> Path | None:
    """Keep a log in the user's log folder (never beside the program), rotated at 1 MB, three old files kept:
    when the app started, from where, and every bug's traceback, so that a report has something to attach.
    Only versions, paths of the app's own folders and code locations are written, never what the user typed.
    Returns the file, or None when the folder cannot be written (the app runs on without a log)."""
    from logging.handlers import RotatingFileHandler  # noqa: PLC0415 - only the window keeps a log

    import facilitator  # noqa: PLC0415

    path = folders.log_dir() / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(_ClockFormatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    bundle = folders.bundle_dir()
    log.info(
        "start %s %s, %s, python %s on %s",
        facilitator.APP_NAME,
        facilitator.__version__,
        f"bundle in {bundle}" if bundle is not None else "installed package",
        sys.version.split()[0],
        sys.platform,
    )
    return path


def _log_bug(kind: type[BaseException], tb: TracebackType | None) -> None:
    # The kind of error and where it happened: files, lines and functions, not the error's message nor the
    # source lines, either of which may quote a name or a note.
    where = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb))
    log.error("bug: %s.%s\n%s", kind.__module__, kind.__qualname__, where)


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
        from facilitator.ui.crash_dialog import CrashDialog, crash_details  # noqa: PLC0415

        details = crash_details(kind, value, tb)
        _log_bug(kind, tb)
        if sys.stderr is not None:  # a windowed program on Windows has none
            sys.stderr.write(details + "\n")
        if QApplication.instance() is not None:
            CrashDialog(details, parent).exec()

    sys.excepthook = hook
