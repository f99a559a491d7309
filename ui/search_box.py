"""One search box for the whole partnership: type, and what is found appears grouped by kind, newest first, with
the words found shown where they stand; Enter opens the record on its own screen.

What is searched and how words are compared is the core's (``facilitator.search``); the index is storage's
(``storage.search_index``). Searching runs on a thread of its own with its own read-only connection to the file
(a SQLite connection stays on the thread that opened it), so the window never waits for a query: only the
newest query's answer is shown, and typing fast skips the queries in between.

A file opened for the first time by this version has no index it can use yet: the window opens at once and the
index is built by a job (``ui/jobs.py``) on connections of its own (``search_index.build_apart``, which says why no
edit made meanwhile is lost); the box says how far it is, and what was typed meanwhile is looked up when it is
ready. After every opening the same job checks the index thoroughly and builds it again if it is damaged.

While a view made for others is on show (a meeting's projector window), results are only what that audience
may see (``AppContext.window_audience``, decided in ``facilitator.audience``).
"""

from __future__ import annotations

import html
import logging
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext
from facilitator.ui.column_titles import column_title
from facilitator.ui.jobs import Job, Progress, WorkerThread
from facilitator.ui.search_field import SearchBox, preparing_text

if TYPE_CHECKING:  # the search module reads the core's registers: imported when a search is made
    from facilitator.audience import Audience
    from facilitator.search import Group, Hit
    from facilitator.ui.models import AnyIndex  # (ui.models loads the core's records, after the first paint)

log = logging.getLogger(__name__)

#: How long typing pauses before the words typed are looked up.
DEBOUNCE_MS = 120
HIT_ROLE = Qt.ItemDataRole.UserRole + 30
EXCERPT_COLUMN = 2


@dataclass
class Outcome:
    """One query's answer: the groups found, or the known error that stopped it."""

    text: str
    groups: list[Group] = field(default_factory=list)
    error: KnownError | None = None


class SearchWorker(QObject):
    """Answers queries on its own thread, through its own read-only connection to the partnership file."""

    found = Signal(int, object)  # generation, Outcome

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.latest = 0  # the newest generation asked for (set from the window's thread)
        self._store: Any = None

    @Slot(int, str, object)
    def search(self, generation: int, text: str, audience: Audience | None = None) -> None:
        """Look ``text`` up, unless a newer query is already waiting."""
        if generation != self.latest:
            return
        from facilitator.storage import open_partnership  # noqa: PLC0415 - on the worker's own thread
        from facilitator.storage.search_index import find  # noqa: PLC0415

        try:
            if self._store is None:
                self._store = open_partnership(self.path, read_only=True)
            outcome = Outcome(text, find(self._store, text, audience=audience))
        except KnownError as error:
            outcome = Outcome(text, error=error)
        except sqlite3.Error as error:
            outcome = Outcome(
                text, error=KnownError(_("The search could not be made: {problem}").format(problem=error))
            )
        self.found.emit(generation, outcome)

    @Slot()
    def close(self) -> None:
        """Close the connection (on the thread that opened it)."""
        if self._store is not None:
            self._store.close()
            self._store = None


class ResultsModel(QAbstractItemModel):
    """Groups of results, and in each the records found: when, where, and the words found in their context."""

    HEADERS = ("When", "Found in", "Context")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: list[Group] = []
        self.terms: list[str] = []
        self._excerpts: dict[tuple[int, int], str] = {}

    def reset(self, groups: list[Group], text: str) -> None:
        """Show ``groups`` found for ``text``."""
        self.beginResetModel()
        self.groups = groups
        from facilitator.search import query_terms  # noqa: PLC0415 - not before the window's first paint

        self.terms = query_terms(text)
        self._excerpts = {}
        self.endResetModel()

    def hit(self, index: AnyIndex) -> Hit | None:
        """The record a row shows (None for a group's row)."""
        if not index.isValid() or not index.internalId():
            return None
        group = self.groups[index.internalId() - 1]
        return group.hits[index.row()] if index.row() < len(group.hits) else None

    def first_hit(self) -> QModelIndex:
        """The first record found."""
        return self.index(0, 0, self.index(0, 0)) if self.groups else QModelIndex()

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not parent.isValid():
            return self.createIndex(row, column, 0) if 0 <= row < len(self.groups) else QModelIndex()
        group = parent.row()
        if parent.internalId() or not 0 <= row < self._children(group):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or not index.internalId():
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def _children(self, group: int) -> int:
        found = self.groups[group]
        return len(found.hits) + (1 if found.more else 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() or parent.column() != 0:
            return 0
        return self._children(parent.row())

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title([_("When"), _("Found in"), _("Context")], section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.hit(index) is None and index.internalId():
            return Qt.ItemFlag.ItemIsEnabled  # "… and N more": not a record to open
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def excerpt_html(self, index: AnyIndex) -> str:
        """The words found in their context, marked, as HTML (made when first shown)."""
        key = (index.internalId(), index.row())
        if key not in self._excerpts:
            hit = self.hit(index)
            if hit is None:
                return ""
            from facilitator.search import excerpt  # noqa: PLC0415

            found = excerpt(hit.text, self.terms)
            body = "".join(
                f"<b>{html.escape(part)}</b>" if marked else html.escape(part) for part, marked in found.parts
            )
            self._excerpts[key] = ("…" if found.cut_before else "") + body + ("…" if found.cut_after else "")
        return self._excerpts[key]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if not index.internalId():
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                total = len(group.hits) + group.more
                text = _("{kind} ({count} or more)") if group.capped else _("{kind} ({count})")
                return text.format(kind=group.kind.label, count=i18n.active().format_number(total))
            return None
        hit = self.hit(index)
        if hit is None:
            group = self.groups[index.internalId() - 1]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 1:
                if group.capped:
                    more = ngettext(
                        "… and at least {n} more: add a word to find fewer",
                        "… and at least {n} more: add a word to find fewer",
                        group.more,
                    )
                else:
                    more = ngettext(
                        "… and {n} more: add a word to find fewer",
                        "… and {n} more: add a word to find fewer",
                        group.more,
                    )
                return more.format(n=i18n.active().format_number(group.more))
            return None
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return i18n.active().format_date(hit.day, "medium") if hit.day else ""
            if index.column() == 1:
                return hit.title
            from facilitator.search import excerpt  # noqa: PLC0415

            return excerpt(hit.text, self.terms).text if role == Qt.ItemDataRole.ToolTipRole else ""
        return None


class ExcerptDelegate(QStyledItemDelegate):
    """Draws the context column as rich text, the words found in bold."""

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        model = index.model()
        if not isinstance(model, ResultsModel) or model.hit(index) is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(model.excerpt_html(index))
        document.setTextWidth(option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() * 2 + 6))


class SearchResults(QWidget):
    """What the search box found, grouped by kind; Enter or a double click opens a record where it lives."""

    open_requested = Signal(object)  # Hit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.summary.setProperty("showsData", True)
        self.summary.setWordWrap(True)
        self.model = ResultsModel(self)
        self.view = QTreeView()
        self.view.setObjectName("searchView")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setItemDelegateForColumn(EXCERPT_COLUMN, ExcerptDelegate(self.view))
        self.view.setWordWrap(True)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.activated.connect(self._activated)
        #: What the summary says: the last answer shown, or the words waited for and how far the index is.
        self._said: Outcome | tuple[str, float] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def show_outcome(self, outcome: Outcome) -> None:
        """Show one query's answer."""
        self._said = outcome
        self.model.reset(outcome.groups, outcome.text)
        self.view.expandAll()
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)
        self._fit_dates(outcome)
        self.view.setColumnWidth(1, 300)
        self._say(outcome)

    def _fit_dates(self, outcome: Outcome) -> None:
        # As wide as the longest date shown ("2 mars 2026" must not wrap), behind the tree's two indentations.
        dates = [self.model.data(self.model.index(r, 0, self.model.index(g, 0))) for g in range(len(outcome.groups))
                 for r in range(len(outcome.groups[g].hits))]  # fmt: skip
        widest = max((self.view.fontMetrics().horizontalAdvance(d) for d in dates if d), default=0)
        self.view.setColumnWidth(0, max(120, widest + 2 * self.view.indentation() + 24))

    def _say(self, outcome: Outcome) -> None:
        """The line above the results, in the current language."""
        if outcome.error is not None:
            self.summary.setText(outcome.error.message)
            return
        shown = sum(len(g.hits) + g.more for g in outcome.groups)
        if not shown:
            self.summary.setText(_("Nothing found for “{text}”.").format(text=outcome.text))
            return
        self.summary.setText(
            ngettext(
                "{count} record found for “{text}”, newest first. Enter opens it.",
                "{count} records found for “{text}”, newest first. Enter opens the one selected.",
                shown,
            ).format(count=i18n.active().format_number(shown), text=outcome.text)
        )

    def focus_first(self) -> None:
        """Select the first record found and give the list the keyboard."""
        first = self.model.first_hit()
        if first.isValid():
            self.view.setCurrentIndex(first)
        self.view.setFocus()

    def open_first(self) -> Hit | None:
        """Open the record selected, or the first one found."""
        current = self.view.currentIndex()
        hit = self.model.hit(current) if current.isValid() else None
        hit = hit or self.model.hit(self.model.first_hit())
        if hit is not None:
            self.open_requested.emit(hit)
        return hit

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index)
        if hit is not None:
            self.open_requested.emit(hit)

    def show_waiting(self, text: str, done: float) -> None:
        """Say that the search is getting ready and that ``text`` is looked up when it is."""
        self._said = (text, done)
        self.model.reset([], text)
        self._say_waiting(text, done)

    def _say_waiting(self, text: str, done: float) -> None:
        self.summary.setText(
            _(
                "Search is getting ready ({percent} done): this happens once, the first time a file is opened "
                "by this version. “{text}” is looked up as soon as it is ready."
            ).format(percent=i18n.active().format_percent(done), text=text)
        )

    def retranslate(self) -> None:
        """Labels in the current language."""
        self.title.setText(_("Search"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        # What was found, said again in the new language (a switch with the results on show left it in the old).
        said = self._said
        if isinstance(said, Outcome):
            self._fit_dates(said)  # dates are longer in some languages
            self._say(said)
        elif said is not None:
            self._say_waiting(*said)


class Search(QObject):
    """Wires the box to the results and to the worker: typing waits a moment, then asks; only the newest answer
    is shown."""

    showing = Signal(bool)  # whether the results should be on view
    answered = Signal(object)  # Outcome (for tests and the status bar)
    #: What to say in the status bar about the search getting ready ("" once said; the text, and for how many
    #: milliseconds, 0 for as long as it lasts).
    status = Signal(str, int)
    ready = Signal()  # the index is ready to be searched (for tests)

    requested = Signal(int, str, object)

    def __init__(self, box: SearchBox, results: SearchResults, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.results = results
        self.generation = 0
        self._open_when_answered = False
        self.worker: SearchWorker | None = None
        self._thread: WorkerThread | None = None
        #: How far the index is from ready (0 to 1) while it is built; None once it can be searched.
        self.preparing: float | None = None
        self._job: Job | None = None
        self._job_over = threading.Event()
        self.audience: Audience | None = None  # None: the full record
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.ask)
        box.textChanged.connect(self._typed)
        box.go_down.connect(results.focus_first)
        box.open_first.connect(self._enter)

    def set_file(self, path: Path | None, readiness: str | None = None) -> None:
        """Search ``path`` from now on (None: no file is open). ``readiness`` (``search_index.Readiness``, a
        file just opened for writing): what the index still needs, done by a job while the window is used."""
        self.stop()
        self.box.setEnabled(path is not None)
        self.audience = None
        if path is None:
            self.box.clear()
            self._set_preparing(None)
            return
        self.worker = SearchWorker(path)
        self.requested.connect(self.worker.search)
        self.worker.found.connect(self._found)
        self._thread = WorkerThread(self.worker, self)
        if readiness is not None:
            self._prepare(path, build=readiness == "build")
        else:
            self._set_preparing(None)
        if self.box.text().strip():
            self._typed(self.box.text())

    def set_audience(self, audience: Audience | None) -> None:
        """Answer for ``audience`` from now on (None or the full record: everything), asking again if words
        are in the box."""
        from facilitator.audience import AudienceKind  # noqa: PLC0415

        full = audience is None or audience.kind is AudienceKind.FULL
        self.audience = None if full else audience
        self.box.retranslate(self.preparing, for_room=not full)
        if self.box.text().strip():
            self.ask()

    # -- getting the index ready ----------------------------------------------------------------------------
    def _prepare(self, path: Path, *, build: bool) -> None:
        """Check the index thoroughly, and build it (at once when ``build``, or when the check fails)."""
        over = threading.Event()

        def work(progress: Progress) -> bool:
            from facilitator.storage import search_index  # noqa: PLC0415 - on the job's thread

            try:
                if not build and search_index.check_apart(path):
                    return False
                progress("0")
                search_index.build_apart(path, lambda done: progress(f"{done:.3f}"))
                return True
            finally:
                over.set()

        job = Job(work, name="preparing the search")
        job.signals.progress.connect(lambda done, j=job: self._progressed(j, float(done)))
        job.signals.done.connect(lambda built, j=job: self._prepared(j, bool(built)))
        job.signals.failed.connect(lambda error, j=job: self._not_prepared(j, error))
        self._job, self._job_over = job, over
        if build:
            self._set_preparing(0.0)
        job.start()

    def _progressed(self, job: Job, done: float) -> None:
        if job is self._job:
            self._set_preparing(done)

    def _prepared(self, job: Job, built: bool) -> None:
        if job is not self._job:
            return
        self._job = None
        self._set_preparing(None)
        if built:
            self.status.emit(_("Search is ready."), 5000)
        self.ready.emit()
        if self.box.text().strip():
            self.ask()

    def _not_prepared(self, job: Job, error: Exception) -> None:
        if job is not self._job:
            return
        self._job = None
        log.warning("the search index could not be prepared: %s", type(error).__name__)
        # Searches still work: a file whose index is not current is searched through one built in memory.
        self._set_preparing(None)
        self.status.emit(
            _("The search index could not be prepared; searching is slower until the file is opened again."),
            0,
        )
        self.ready.emit()
        if self.box.text().strip():
            self.ask()

    def _set_preparing(self, done: float | None) -> None:
        was = self.preparing
        self.preparing = done
        self.box.retranslate(done, for_room=self.audience is not None)
        if done is not None:
            self.status.emit(preparing_text(done), 0)
            text = self.box.text().strip()
            if text:
                self.results.show_waiting(text, done)
        elif was is not None:
            self.status.emit("", 0)

    def stop(self) -> None:
        """Stop preparing the index (waiting for the job to let go of the file), close the worker's connection
        on its thread, and end the thread."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
            # The job stops at its next report of progress (a fraction of a second); its connections close.
            self._job_over.wait(30)
        if self.worker is None or self._thread is None:
            return
        self.requested.disconnect(self.worker.search)
        self._thread.stop("close")
        self.worker, self._thread = None, None

    def _typed(self, text: str) -> None:
        self._open_when_answered = False
        if not text.strip():
            self.timer.stop()
            self.generation += 1
            if self.worker is not None:
                self.worker.latest = self.generation
            self.showing.emit(False)
            return
        self.timer.start()

    def ask(self) -> None:
        """Look up what the box says now (once the index is ready: until then, say that it is coming)."""
        self.timer.stop()
        text = self.box.text().strip()
        if not text or self.worker is None:
            return
        if self.preparing is not None:
            self.results.show_waiting(text, self.preparing)
            self.showing.emit(True)
            return
        self.generation += 1
        self.worker.latest = self.generation
        self.requested.emit(self.generation, text, self.audience)

    def _found(self, generation: int, outcome: Outcome) -> None:
        if generation != self.generation or not self.box.text().strip():
            return
        self.results.show_outcome(outcome)
        self.showing.emit(True)
        self.answered.emit(outcome)
        if self._open_when_answered:
            self._open_when_answered = False
            self.results.open_first()

    def _enter(self) -> None:
        if self.timer.isActive():  # Enter before the answer came: open the first record once it comes
            self._open_when_answered = True
            self.ask()
            return
        self.results.open_first()
