"""Writing a file on a worker thread, so that a slow writer (the PDF fonts are built once, ~20 s) never
freezes the window. The document is built on the window's thread beforehand: the SQLite connection stays there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from facilitator.ui.action_dialogs import DOCX, PromisesChoice


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
        try:
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
