"""What the forums and partners screens are made of: records on top (with "Show archived"), the chosen record's own
rows below (a forum's seats, a partner's representatives), each table behind a proxy that sorts and searches, both
read again after an edit keeping the same records chosen, and buttons enabled by what is chosen.

A screen subclasses ``MasterDetailScreen`` and keeps what is its own: its models, its buttons and their operations,
how it reads its records (``read``) and the chosen record's rows (``detail_rows``, ``detail_heading``). The
registers with filters and a detail pane are ``RegisterScreen`` (``ui/register_screen.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.entities import Record
from facilitator.i18n import _
from facilitator.operations import Changes, Edit
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import Submit
from facilitator.ui.empty_state import EmptyState
from facilitator.ui.models import RecordTableModel, SearchProxy
from facilitator.ui.widgets import (
    button,
    fit_columns,
    record_table,
    select_id,
    selected_id,
    wrap_title,
    wrapping_row,
)


def archive_words(record: Any) -> str:
    """What the button that archives ``record`` says: "Restore" when it is archived already."""
    return _("Restore") if record is not None and record.archived else _("Archive")


#: The kind of record the top table's rows show.
K = TypeVar("K", bound=Record)


class MasterDetailScreen(QWidget, Generic[K]):
    """Records on top, the chosen record's rows below, one over the other in a splitter."""

    #: The kind of record the top table's rows show (its ``id`` is the record's).
    record_kind: type[K]

    model: RecordTableModel[Any]
    detail_model: RecordTableModel[Any]
    table: QTableView
    detail_table: QTableView
    empty_state: EmptyState

    def __init__(self, context: AppContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.context = context
        self._shown_id: str | None = None
        self.proxy = SearchProxy(self)
        self.detail_proxy = SearchProxy(self)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.show_archived = QCheckBox()
        self.show_archived.toggled.connect(lambda _on: self.reload())
        self.detail_title = QLabel()
        self.detail_title.setObjectName("sectionTitle")
        self._commands: list[tuple[QPushButton, str]] = []  # a button and its words, untranslated

    # -- building --------------------------------------------------------------------------------------------------
    def command(self, do: Callable[[], object], words: str = "") -> QPushButton:
        """A button for an operation: a click calls ``do``; ``words`` untranslated (``N_``), shown in the window's
        language (none: the screen sets the button's words itself, as it does for Archive and Restore)."""
        made: QPushButton = button("")
        made.clicked.connect(lambda _checked=False: do())
        if words:
            self._commands.append((made, words))
        return made

    def set_tables(
        self,
        model: RecordTableModel[Any],
        object_name: str,
        detail_model: RecordTableModel[Any],
        detail_name: str,
        *,
        open_record: Callable[[], object],
        open_detail: Callable[[], object],
        what: str,
        first_step: str,
        do_first: Callable[[], None],
        clear_filters: Callable[[], None] | None = None,
    ) -> None:
        """The top table of ``model`` with its empty state (``what``, ``first_step`` and ``do_first`` as
        ``EmptyState`` takes them; a read-only file disables the first step), and the lower table of
        ``detail_model``; a double click opens the record (``open_record``) or the row below (``open_detail``)."""
        self.model, self.detail_model = model, detail_model
        self.proxy.setSourceModel(model)
        self.detail_proxy.setSourceModel(detail_model)
        self.table = self._table(self.proxy, object_name, open_record, self._selection_moved)
        self.empty_state = EmptyState(
            self.table,
            what,
            first_step,
            do_first,
            clear_filters=clear_filters,
            may_write=lambda: not self.context.read_only,
        )
        self.detail_table = self._table(self.detail_proxy, detail_name, open_detail, self.update_buttons)

    @staticmethod
    def _table(
        proxy: SearchProxy, object_name: str, opened: Callable[[], object], moved: Callable[[], object]
    ) -> QTableView:
        view = record_table(proxy)
        view.setObjectName(object_name)
        view.doubleClicked.connect(lambda _i: opened())
        view.selectionModel().selectionChanged.connect(lambda *_a: moved())
        return view

    def lay_out(
        self, bar: Sequence[QWidget], detail_bar: Sequence[QWidget], stretch: tuple[int, int] | None = None
    ) -> None:
        """The title; then, in a splitter, the ``bar`` over the top table and, below, the detail's title, its
        ``detail_bar`` and its table."""
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(wrapping_row(*bar))
        top_layout.addWidget(self.table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(wrap_title(self.detail_title))
        bottom_layout.addLayout(wrapping_row(*detail_bar))
        bottom_layout.addWidget(self.detail_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        if stretch is not None:
            splitter.setStretchFactor(0, stretch[0])
            splitter.setStretchFactor(1, stretch[1])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)

    def start(self) -> None:
        """Follow the file's changes, speak the window's language, read the records and choose the first (the end
        of a screen's ``__init__``)."""
        self.context.changed.connect(self.on_changed)
        self.retranslate()
        self.reload()
        if self.proxy.rowCount():
            self.table.selectRow(0)
        fit_columns(self.table)

    # -- what a screen provides -----------------------------------------------------------------------------------
    def read(self) -> None:
        """Put the records in the top model, from the file (archived ones too when shown)."""
        raise NotImplementedError

    def detail_rows(self, record: Any) -> Sequence[Any]:
        """The chosen record's rows for the lower table."""
        raise NotImplementedError

    def detail_heading(self, record: Any, rows: Sequence[Any]) -> str:
        """The lower table's title for the chosen ``record`` and its ``rows``."""
        raise NotImplementedError

    def nothing_chosen(self) -> str:
        """The lower table's title when no record is chosen: how to choose one."""
        raise NotImplementedError

    def update_buttons(self) -> None:
        """Enable what may be done with what is chosen."""

    def on_changed(self, changes: Changes) -> None:
        """Read again what ``changes`` touched."""
        if changes.touches(self.record_kind):
            self.reload()

    # -- reading and choosing --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the records again, keeping the selection."""
        keep = selected_id(self.table)
        self.read()
        select_id(self.table, keep)
        self.show_selected()

    def current(self) -> K | None:
        """The chosen record, as stored now; None when none is."""
        record_id = selected_id(self.table)
        return self.context.store.find(self.record_kind, record_id) if record_id else None

    def _selection_moved(self) -> None:
        # Filtering moves the selection once per removed row; only a different record needs its details read.
        if selected_id(self.table) != self._shown_id:
            self.show_selected()

    def show_selected(self) -> None:
        """Show the chosen record's rows below (keeping the row chosen there) and enable the buttons."""
        self._shown_id = selected_id(self.table)
        record = self.current()
        keep = selected_id(self.detail_table)
        if record is None:
            self.detail_model.reset_records([])
            self.detail_title.setText(self.nothing_chosen())
        else:
            rows = self.detail_rows(record)
            self.detail_model.reset_records(rows)
            self.detail_title.setText(self.detail_heading(record, rows))
            select_id(self.detail_table, keep)
            fit_columns(self.detail_table)
        self.update_buttons()

    # -- editing ---------------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> bool:
        return self.context.apply(self, make)

    def ask_new(self, dialog: Callable[[Submit], QDialog], save: Callable[[Any], Edit]) -> str | None:
        """Open ``dialog`` (made with what its OK calls) for a new record, add what it gives with ``save``; the
        new record's id, or None when nothing was added."""
        created: list[str] = []

        def submit(record: Any) -> None:
            self.context.run(save(record))
            created.append(record.id)

        dialog(submit).exec()
        return created[0] if created else None

    def save_with(self, save: Callable[[Any], Edit]) -> Submit:
        """What an edit dialog's OK calls: store the record it gives with ``save``."""
        return lambda record: self.context.run(save(record))

    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.translate()
        self.show_archived.setText(_("Show archived"))
        for made, words in self._commands:
            made.setText(_(words))
        self.empty_state.refresh()
        self.model.retranslate()
        self.detail_model.retranslate()
        self.show_selected()

    def translate(self) -> None:
        """Put the screen's own words in the current language."""
