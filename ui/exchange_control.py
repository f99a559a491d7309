"""Exchanging with the other laptops, as the window runs it: the File menu's *Exchange…* entry, an exchange
through the shared folder when the file opens and every few minutes after, off the window's thread, with its
progress in the status bar.

The merging itself is ``facilitator.storage.exchange`` (rules in ``facilitator.merging``). The dialog
(``exchange_dialog.py``: this laptop's name, the folder and passphrase, the changes to decide) loads when it is
first opened, and the run on a worker (``exchange_run.py``) when the first exchange starts, so that the window
does not wait for them to appear.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMenu

from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext
from facilitator.ui.errors import tell
from facilitator.ui.settings import ExchangeSetup
from facilitator.ui.shortcuts import menu_entry

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressBar

    from facilitator.storage.exchange_sync import SyncReport
    from facilitator.ui.context import AppContext
    from facilitator.ui.exchange_dialog import ExchangeDialog
    from facilitator.ui.exchange_run import ExchangeRun
    from facilitator.ui.main_window import MainWindow

#: How often an open partnership exchanges through its shared folder.
EVERY_MINUTES = 5


def _all_changed() -> Any:
    from facilitator.operations import Changes  # noqa: PLC0415 - the core loads with the file
    from facilitator.records import KINDS  # noqa: PLC0415

    return Changes(frozenset(KINDS.values()), frozenset())


def nothing_changed() -> Any:
    from facilitator.operations import Changes  # noqa: PLC0415

    return Changes(frozenset(), frozenset())


class ExchangeControl(QObject):
    """The File menu's *Exchange…*, the exchange every few minutes, and what the window shows of them."""

    finished = Signal(object)  # SyncReport, after the window has taken it in

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext | None = None
        self.action = menu_entry(window, menu, self.show_dialog)
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MINUTES * 60 * 1000)
        self.timer.timeout.connect(self.exchange_now)
        self.running: ExchangeRun | None = None
        self.last: str = ""
        self.progress: QProgressBar | None = None  # made at the first exchange (``progress_bar``)
        self.dialog: ExchangeDialog | None = None
        self.retranslate()

    # -- the open file ---------------------------------------------------------------------------------------
    def attach(self, context: AppContext | None) -> None:
        """Follow the open partnership: exchange when it opens, then every few minutes."""
        self.timer.stop()
        self.context = context
        self.action.setEnabled(context is not None)
        if context is not None and not context.read_only and self.setup().folder:
            self.timer.start()
            QTimer.singleShot(0, self.exchange_now)

    def partnership_id(self) -> str:
        """The open partnership's id ("" when none is open)."""
        if self.context is None:
            return ""
        # Not from storage.exchange, which loads the exchange engine (pycrdt) and would delay Home.
        from facilitator.storage.reading import partnership_id  # noqa: PLC0415

        return str(partnership_id(self.context.store.conn))

    def setup(self) -> ExchangeSetup:
        """The open partnership's folder and passphrase on this laptop."""
        return self.window.settings.exchange_setup(self.partnership_id())

    def laptop_name(self) -> str:
        """This laptop's name: the one the user chose, or the computer's."""
        from facilitator.storage.audit import machine_name  # noqa: PLC0415

        return str(self.window.settings.preferences().laptop_name or machine_name())

    def save(self, laptop: str, setup: ExchangeSetup) -> None:
        """Remember this laptop's name and the partnership's folder and passphrase; exchange from now on."""
        self.window.settings.set_laptop_name(laptop)
        self.window.settings.set_exchange_setup(self.partnership_id(), setup)
        if self.context is not None:
            store = self.context.store
            store.author = replace(store.author, laptop=self.laptop_name())
        self.attach(self.context)

    # -- running -------------------------------------------------------------------------------------------
    def exchange_now(self) -> bool:
        """Exchange through the shared folder now (unless one is running or none is chosen)."""
        folder = self.setup().folder
        if not folder:
            return False
        return self.start(folder=Path(folder))

    def start(self, **where: Any) -> bool:
        """Start one exchange on a worker; False when one is already running or no file is open."""
        if self.running is not None or self.context is None or self.context.read_only:
            return False
        from facilitator.ui.exchange_run import ExchangeRun, Job  # noqa: PLC0415 - see the module's docstring

        store = self.context.store
        job = Job(store.path, store.author, self.setup().passphrase, **where)
        run = ExchangeRun(job)
        run.counts.progress.connect(self._progress)
        run.signals.done.connect(self._done)
        run.signals.failed.connect(self._failed)
        self.running = run
        bar = self.progress_bar()
        bar.setRange(0, 0)
        bar.show()
        self.window.statusBar().showMessage(_("Exchanging with the other laptops…"))
        run.start()
        return True

    def progress_bar(self) -> QProgressBar:
        """The exchange's progress in the status bar, made at the first exchange (the window paints without it)."""
        if self.progress is None:
            from PySide6.QtWidgets import QProgressBar  # noqa: PLC0415 - its enums are built when first named

            self.progress = QProgressBar()
            self.progress.setMaximumWidth(140)
            self.progress.hide()
            # Permanent: a message would hide an ordinary widget.
            self.window.statusBar().addPermanentWidget(self.progress)
        return self.progress

    def _progress(self, done: int, total: int) -> None:
        bar = self.progress_bar()
        bar.setRange(0, max(total, 1))
        bar.setValue(done)

    def _ended(self) -> None:
        self.running = None
        if self.progress is not None:
            self.progress.hide()

    def _done(self, done: SyncReport) -> None:
        path = self.running.job.path if self.running is not None else None
        self._ended()
        if self.context is None or self.context.store.path != path:
            return  # another file was opened meanwhile: it has nothing to refresh
        report = done.report
        if self.context is not None and report.changed:
            # Undoing an edit made before the merge would put back records as they were then, over the merge.
            self.context.undo_stack.clear()
            self.context.changed.emit(_all_changed())
        elif self.context is not None:
            self.context.changed.emit(nothing_changed())
        self.last = "\n".join(report.lines() + done.refused)
        message = ngettext(
            "Exchanged: {count} record changed by the other laptops.",
            "Exchanged: {count} records changed by the other laptops.",
            report.changed,
        ).format(count=report.changed)
        if report.open_conflicts:
            message += " " + ngettext(
                "{count} change needs your decision.",
                "{count} changes need your decision.",
                report.open_conflicts,
            ).format(count=report.open_conflicts)
        self.window.statusBar().showMessage(message, 15000)
        if self.dialog is not None:
            self.dialog.refresh()
        self.finished.emit(done)

    def _failed(self, error: Exception) -> None:
        self._ended()
        if not isinstance(error, KnownError):
            raise error
        self.last = str(error)
        self.window.statusBar().showMessage(
            _("The exchange did not happen: {problem}").format(problem=error.message)
        )
        if self.dialog is not None and self.dialog.isVisible():
            tell(self.dialog, error, _("The exchange did not happen"))
            self.dialog.refresh()

    # -- the dialog ----------------------------------------------------------------------------------------
    def show_dialog(self) -> ExchangeDialog | None:
        """Open File → Exchange…"""
        if self.context is None:
            return None
        if self.dialog is None:
            from facilitator.ui.exchange_dialog import ExchangeDialog  # noqa: PLC0415 - see the module's docstring

            self.dialog = ExchangeDialog(self, self.window)
        self.dialog.refresh()
        self.dialog.show()
        return self.dialog

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.action.setText(_("E&xchange with other laptops…"))
        if self.dialog is not None:
            self.dialog.retranslate()
