"""The app's log: a rotating file in the user's log folder, so that whoever hits a bug has something to send.

What goes in is for whoever supports the app: which operation failed, on which record ids, with which error
class (and SQLite's error name). Never a record's name, notes or any other text typed into the app, and never an
exception's message, which may quote such text: a bug is logged as its class and the frames it passed through.
The crash dialog shows the full details on screen, where the user decides what to send.

The window starts it once it shows its first screen (``start_logging``, through ``ui.app.start_window``; opening
the file loads ``logging.handlers`` and ``socket``, which the user would otherwise wait for before the window
appears), or sooner if a bug reaches the top before that (``ui.errors``). The command line starts it
when needed (``start_logging_when_needed``): a command that logs nothing (a check of a sound file, a search) never
opens the file, nor loads what writing it takes; the first record a command logs opens it, after the command's
start line, stamped when the command started. The modules of every layer log through
``logging.getLogger(__name__)`` under the ``facilitator`` logger and never open the file themselves. Times
come from ``facilitator.clock``, the one clock.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from facilitator import clock, folders

#: The folder of the log, instead of the user's log folder (tests, or a portable install): ``facilitator.folders``.
LOG_ENV = folders.LOG_ENV
LOG_NAME = "facilitator.log"
#: Four files of 1 MB at most: months of ordinary use, small enough to attach to an e-mail.
LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 3
ROOT_LOGGER = "facilitator"

_handler: logging.Handler | None = None


def log_folder() -> Path:
    """The folder the log is kept in: ``FACILITATOR_LOG_DIR``, else the user's log folder, never beside the
    program, whether it runs from a bundle or not (``facilitator.folders.log_dir``)."""
    return folders.log_dir()


def log_path() -> Path:
    """The current log file (older ones beside it end in ``.1``, ``.2``, ``.3``)."""
    return log_folder() / LOG_NAME


class _ClockFormatter(logging.Formatter):
    """Lines stamped by the app's clock in UTC (the one clock; a frozen one in tests)."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = vars(record).get(_STAMP)  # a record held back (the start line) was stamped when it was logged
        return str(stamp) if stamp is not None else _stamp()


_STAMP = "facilitator_stamp"


def _stamp() -> str:
    return clock.now_precise().isoformat(timespec="milliseconds")


def _file_handler(path: Path) -> logging.Handler | None:
    """The rotating file at ``path`` (opened at its first record), or None when its folder cannot be made."""
    import logging.handlers  # noqa: PLC0415 - loaded when a record is written, not by every command

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(_ClockFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


class _WhenNeeded(logging.Handler):
    """The rotating file, opened at the first record after the start line: the start line is held back (with
    the time it was logged) and written first, then every record as it comes. Nothing logged after the start
    line, no file opened. When the file cannot be made, nothing is logged, as with ``start_logging``."""

    def __init__(self) -> None:
        super().__init__()
        self._start: logging.LogRecord | None = None
        self._file: logging.Handler | None = None
        self._unusable = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            if self._start is None:
                vars(record)[_STAMP] = _stamp()
                self._start = record
                return
            if self._unusable:
                return
            self._file = _file_handler(log_path())
            if self._file is None:
                self._unusable = True
                return
            self._file.handle(self._start)
        self._file.handle(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def start_logging(level: int = logging.INFO) -> Path | None:
    """Log the ``facilitator`` logger to the rotating file, starting with the start line; the file's path, or
    None when it cannot be made (a read-only home folder must not stop the app). Calling it again (or after
    ``start_logging_when_needed``) changes nothing."""
    if _handler is not None:
        return log_path()
    path = log_path()
    handler = _file_handler(path)
    if handler is None:
        return None
    _install(handler, level)
    return path


def start_logging_when_needed(level: int = logging.INFO) -> None:
    """Like ``start_logging``, but the file is opened (and its folder found or made) only when a record comes
    after the start line: a command's start line is in the log exactly when the command logged something."""
    if _handler is None:
        _install(_WhenNeeded(), level)


def _install(handler: logging.Handler, level: int) -> None:
    global _handler
    logger = logging.getLogger(ROOT_LOGGER)
    logger.addHandler(handler)
    logger.setLevel(level)
    _handler = handler
    _log_start(logger)


def _log_start(logger: logging.Logger) -> None:
    # The versions and where the app runs from: the app's own folders, never a file or anything typed.
    import facilitator  # noqa: PLC0415

    bundle = folders.bundle_dir()
    logger.info(
        "start %s %s, %s, python %s on %s",
        facilitator.APP_NAME,
        facilitator.__version__,
        f"bundle in {bundle}" if bundle is not None else "installed package",
        sys.version.split()[0],
        sys.platform,
    )


def stop_logging() -> None:
    """Close the log file (the end of a run, or of a test)."""
    global _handler
    if _handler is None:
        return
    logging.getLogger(ROOT_LOGGER).removeHandler(_handler)
    _handler.close()
    _handler = None


def read_log(limit: int = 256 * 1024) -> str:
    """The end of the current log (at most ``limit`` bytes), for the crash dialog to copy; "" when none."""
    if _handler is not None:
        _handler.flush()
    try:
        with log_path().open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - limit))
            return file.read().decode("utf-8", "replace")
    except OSError:
        return ""


def ids(records: Iterable[object]) -> str:
    """The ids of ``records`` (objects with an ``id``) for a log line, never anything else of them."""
    return ",".join(str(getattr(record, "id", "?")) for record in records)


def bug_frames(kind: type[BaseException], tb: TracebackType | None) -> str:
    """A bug for the log: its class and the frames it passed through (file, line, function), without its
    message or the source lines, which may quote what the user typed."""
    frames = [
        f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)
    ]
    return "\n".join([f"{kind.__module__}.{kind.__qualname__}", *frames])
