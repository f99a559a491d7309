"""The one way to run work off the window's thread (in the spirit of Anki's ``QueryOp`` and ``taskman``).

A ``Job`` runs a function on Qt's thread pool; the function gets a ``progress`` callable that says what is
being done and stops the work when the job was cancelled (``Job.cancel``). The job reports on the window's
thread through its ``signals``: ``progress(str)``, then either ``done(result)`` or ``failed(exception)``;
a cancelled job reports nothing more once it has stopped.

Whatever the job does must not touch the SQLite connection, which stays on the window's thread: the document
model (or whatever else the work needs) is built there first, and only the laying out and writing goes to the
worker. ``report_failure`` is the one way a failure is told: a known error in plain words, a folder that
cannot be written with a hint, anything else as a bug through the crash dialog (and the log).

``JobsPanel`` is what a screen that writes files on a worker shares: a busy bar while jobs run, the status bar
when one is done, ``report_failure`` when one fails.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QMetaObject, QObject, QRunnable, QThread, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from facilitator.errors import FileInUse, KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a job's work by ``progress`` once the job was cancelled: the work stops where it is."""


class JobSignals(QObject):
    """What a job tells the window; emitted from the worker, delivered on the window's thread."""

    progress = Signal(str)
    done = Signal(object)  # the work's result
    failed = Signal(object)  # the exception


class Job(QRunnable):
    """Runs ``work(progress)`` on the thread pool (or a subclass's ``work``); see the module's docstring."""

    def __init__(self, work: Callable[[Progress], object] | None = None, *, name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it until its signals have been delivered
        self.signals = JobSignals()
        self._work = work
        self.name = name or type(self).__name__
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report; nothing more is reported after that."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether the job was asked to stop."""
        return self._cancelled.is_set()

    def progress(self, text: str) -> None:
        """Say what is being done (on the window's thread), or stop the work if the job was cancelled."""
        if self.cancelled:
            raise Cancelled
        self.signals.progress.emit(text)

    def elsewhere(self, path: Path) -> Job | None:
        """The same job writing ``path`` instead (a file open in another program, ``ui/file_in_use.py``), or
        None when the job cannot be pointed at another file."""
        return None

    def work(self) -> object:
        """The work, run on a worker thread; by default the function given."""
        if self._work is None:
            raise NotImplementedError
        return self._work(self.progress)

    def run(self) -> None:
        try:
            result = self.work()
        except Cancelled:
            log.info("%s cancelled", self.name)
            return
        except Exception as error:  # handed to the window, which tells known errors and reports bugs
            if not self.cancelled:
                log.warning("%s failed: %s", self.name, type(error).__name__)
                self.signals.failed.emit(error)
            return
        if not self.cancelled:
            self.signals.done.emit(result)

    def start(self) -> Job:
        """Run the job on Qt's global thread pool."""
        QThreadPool.globalInstance().start(self)
        return self


def report_failure(parent: QWidget | None, error: BaseException, title: str) -> None:
    """Tell the user that a job failed: a known error in plain words, an ``OSError`` the writers did not
    turn into one with a hint, anything else as a bug (the crash dialog and the log, through the hook)."""
    if isinstance(error, KnownError):
        tell(parent, error, title)
    elif isinstance(error, OSError):
        tell(parent, KnownError(str(error), hint=_("Choose another folder.")), title)
    else:
        sys.excepthook(type(error), error, error.__traceback__)


class JobsPanel:
    """What a screen that writes files on a worker shares: a busy bar while jobs run, a plain message when
    one fails, the status bar when one is done. The screen provides the widgets, the job set and the two
    signals."""

    progress: QProgressBar
    progress_label: QLabel
    _jobs: set[Job]
    last_export: Path | None
    export_finished: Any  # Signal(object): the path written
    export_failed: Any  # Signal(object): the exception

    def start_job(self, job: Job, target: Path) -> Job:
        """Run ``job``, which writes ``target``, showing that a file is being written."""
        self._jobs.add(job)
        job.signals.progress.connect(self.progress_label.setText)
        job.signals.done.connect(lambda _result, j=job: self._job_done(j, target))
        job.signals.failed.connect(lambda error, j=job: self._job_failed(j, error))
        self.progress_label.setText(_("Writing {name}…").format(name=target.name))
        self.progress_label.show()
        self.progress.show()
        return job.start()

    def _job_ended(self, job: Job) -> None:
        self._jobs.discard(job)
        if not self._jobs:
            self.progress.hide()
            self.progress_label.hide()

    def _job_done(self, job: Job, path: Path) -> None:
        self._job_ended(job)
        self.last_export = path
        self._say(_("Written to {path}").format(path=path))
        self.export_finished.emit(path)

    def _say(self, text: str) -> None:
        """Say ``text`` in the window's status bar for a few seconds."""
        window = self.window() if isinstance(self, QWidget) else None
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(text, 8000)

    def _job_failed(self, job: Job, error: Exception) -> None:
        self._job_ended(job)
        # Open in another program: write beside it, or try again, or leave it.
        if isinstance(error, FileInUse):
            from facilitator.ui.file_in_use import where_instead  # noqa: PLC0415

            parent = self if isinstance(self, QWidget) else None
            instead = where_instead(parent, error)
            retry = job.elsewhere(instead) if instead is not None else None
            if retry is not None and instead is not None:
                self.start_job(retry, instead)
                return
            if instead is None:
                self.export_failed.emit(error)
                return
        self.export_failed.emit(error)
        report_failure(self if isinstance(self, QWidget) else None, error, _("The file was not written"))


class Ahead(Generic[T]):
    """Work the window's thread will need the answer of, started on a worker before it is needed so that it runs
    beside what the window does meanwhile (the opening file's quick check, beside the first paint): ``answer``
    takes it when it is needed, waiting then for the rest of the work if it is not over. The work must touch
    nothing of the window's (no widget, no connection of the window's thread): what it opens, it closes."""

    def __init__(self, work: Callable[[], T], *, name: str) -> None:
        self._over = threading.Event()
        self._answer: T | None = None
        self._error: BaseException | None = None

        def run(_progress: Progress) -> None:
            try:
                self._answer = work()
            except Exception as error:  # raised again on the window's thread, by ``answer``
                self._error = error
            finally:
                # The answer is taken by ``answer``, never through the job's signals: the job says nothing more
                # (a window closed meanwhile may have deleted them).
                self.job.cancel()
                self._over.set()

        self.job = Job(run, name=name)
        self.job.start()

    def wait(self) -> None:
        """Wait until the work is over (a window that closes lets it end before it goes)."""
        self._over.wait()

    def answer(self) -> T:
        """The work's result (raising what it raised), once it is over."""
        self.wait()
        if self._error is not None:
            raise self._error
        return cast("T", self._answer)


def write_job(target: Path, write: Callable[[Progress], None]) -> Job:
    """A job that writes ``target`` with ``write(progress)``, never over a partnership file, its companions or
    a backup (``storage.outputs.check_chosen``); its result is ``target``."""

    def work(progress: Progress) -> Path:
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415 - storage loads with a file

        check_chosen(target)
        write(progress)
        return target

    return Job(work, name=f"writing a {target.suffix or 'file'}")


class WorkerThread:
    """A thread of its own for a long-lived worker object whose slots must all run on one thread (the search's
    read-only SQLite connection stays on the thread that opened it): signals connected to the worker's slots
    are queued there, one after the other."""

    def __init__(self, worker: QObject, parent: QObject | None = None) -> None:
        self.worker = worker
        self._thread = QThread(parent)
        worker.moveToThread(self._thread)
        self._thread.start()

    def stop(self, closing_slot: str = "") -> None:
        """Run the worker's ``closing_slot`` (if named) on its thread and wait for it, then end the thread."""
        if closing_slot:
            from PySide6.QtCore import Qt  # noqa: PLC0415 - not before the first paint (ui/main_window.py)

            QMetaObject.invokeMethod(self.worker, closing_slot, Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait(5000)
        self.worker.deleteLater()
