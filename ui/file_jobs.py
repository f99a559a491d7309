"""Writing a file on a worker thread, so that a slow writer (the PDF fonts are built once, ~20 s) never
freezes the window. The document is built on the window's thread beforehand: the SQLite connection stays there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressBar

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.ui.action_dialogs import DOCX, PromisesChoice
from facilitator.ui.errors import tell


class _JobSignals(QObject):
    progress = Signal(str)
    done = Signal(object)  # Path
    failed = Signal(object)  # Exception


class FileJob(QRunnable):
    """Writes one file on a worker thread; the document was built on the window's thread (SQLite stays there)."""

    def __init__(self, write: Callable[[Callable[[str], None]], None], target: Path) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it until its signals have arrived
        self.signals = _JobSignals()
        self._write = write
        self.target = target

    def run(self) -> None:
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

        try:
            check_chosen(self.target)
            self._write(self.signals.progress.emit)
        except Exception as error:
            self.signals.failed.emit(error)
            return
        self.signals.done.emit(self.target)


def write_document(choice: PromisesChoice, model: Any) -> Callable[[Callable[[str], None]], None]:
    """The writing step of an export: DOCX or PDF of a document model already built."""

    def write(progress: Callable[[str], None]) -> None:
        if choice.format == DOCX:
            from facilitator.exports.docx_writer import write_docx  # noqa: PLC0415 - only when exporting

            write_docx(model, choice.path)
        else:
            from facilitator.exports.pdf_writer import write_pdf  # noqa: PLC0415

            write_pdf(model, choice.path, progress)

    return write


class FileJobRunner:
    """What a screen that writes files on a worker shares: a busy bar while jobs run, a plain message when one
    fails, the status bar when one is done. The screen provides the widgets, the job set and the two signals."""

    progress: QProgressBar
    progress_label: QLabel
    _jobs: set[FileJob]
    last_export: Path | None
    export_finished: Any  # Signal(object): the path written
    export_failed: Any  # Signal(object): the exception

    def start_job(self, job: FileJob) -> FileJob:
        """Run ``job`` on the thread pool, showing that a file is being written."""
        self._jobs.add(job)
        job.signals.progress.connect(self.progress_label.setText)
        job.signals.done.connect(lambda path, j=job: self._job_done(j, path))
        job.signals.failed.connect(lambda error, j=job: self._job_failed(j, error))
        self.progress_label.setText(_("Writing {name}…").format(name=job.target.name))
        self.progress_label.show()
        self.progress.show()
        QThreadPool.globalInstance().start(job)
        return job

    def _job_ended(self, job: FileJob) -> None:
        self._jobs.discard(job)
        if not self._jobs:
            self.progress.hide()
            self.progress_label.hide()

    def _job_done(self, job: FileJob, path: Path) -> None:
        self._job_ended(job)
        self.last_export = path
        self._say(_("Written to {path}").format(path=path))
        self.export_finished.emit(path)

    def _job_failed(self, job: FileJob, error: Exception) -> None:
        self._job_ended(job)
        self.export_failed.emit(error)
        parent = self if isinstance(self, QObject) else None
        if isinstance(error, KnownError):
            tell(parent, error, _("The file was not written"))
        elif isinstance(error, OSError):
            hint = _("Choose another folder.")
            tell(parent, KnownError(str(error), hint=hint), _("The file was not written"))
        else:
            raise error

    def _say(self, text: str) -> None:
        window = self.window() if hasattr(self, "window") else None
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(text, 8000)
