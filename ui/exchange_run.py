"""One exchange with the other laptops' copies, run on a worker thread (``ui/jobs.py``): what ``ExchangeControl``
starts (``exchange_control.py``). Loaded when the first exchange starts, not with the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from facilitator.frozen import frozen
from facilitator.ui import jobs

if TYPE_CHECKING:
    from facilitator.storage.audit import Author
    from facilitator.storage.exchange_sync import SyncReport


@frozen
class Job:
    """One exchange to run on a worker: through a folder, or by hand with files."""

    path: Path  # the partnership file
    author: Author
    passphrase: str
    folder: Path | None = None
    export_to: Path | None = None
    import_from: tuple[Path, ...] = ()


class _Counts(QObject):
    progress = Signal(int, int)  # records done, of how many


class ExchangeRun(jobs.Job):
    """Runs one exchange on a worker thread (``ui/jobs.py``) with its own connection to the file; says how far it
    is through ``counts.progress``, and ends through the job's ``done`` (a ``SyncReport``) or ``failed``."""

    def __init__(self, job: Job) -> None:
        super().__init__(name="an exchange")
        self.job = job
        self.counts = _Counts()

    def work(self) -> SyncReport:
        from facilitator.storage.exchange_sync import (  # noqa: PLC0415 - storage loads with the file
            SyncReport,
            export_file,
            import_files,
            open_beside,
            sync_folder,
        )

        job = self.job
        store = open_beside(job.path)
        try:
            store.author = job.author
            progress = self.counts.progress.emit
            if job.folder is not None:
                done = sync_folder(store, job.folder, passphrase=job.passphrase, progress=progress)
            elif job.import_from:
                done = SyncReport(import_files(store, job.import_from, passphrase=job.passphrase))
            else:
                assert job.export_to is not None
                done = SyncReport(export_file(store, job.export_to, passphrase=job.passphrase))
                done.written = job.export_to
        finally:
            store.close()
        return done
