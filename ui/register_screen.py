"""What every register screen is made of (conflicts, notices, escalations, actions): a row of filters over a table
of records, the table's model behind a proxy that filters and sorts it, the chosen record shown in detail, and a
fresh reading after every edit that keeps the same records chosen. Over an empty table, the empty state says what
goes there, or that the filters hide everything and offers to clear them.

A screen subclasses ``RegisterScreen`` and keeps only what is its own: its columns and rows, its filters' choices
and what they keep, the detail of a record and its buttons' operations. The base calls it back through a few
methods (``read``, ``filter_choices``, ``filter_test``, ``show_detail``, ``update_buttons``, ``translate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.entities import Forum, Record
from facilitator.i18n import _
from facilitator.operations import Changes
from facilitator.ui.combos import refill
from facilitator.ui.context import AppContext
from facilitator.ui.empty_state import EmptyState, Need
from facilitator.ui.lazy_screen import LazyScreen
from facilitator.ui.models import ID_ROLE, AnyIndex, RecordTableModel, SearchProxy
from facilitator.ui.palette import app_palette, warning_colour
from facilitator.ui.widgets import button, fit_columns, labelled, record_table, wrapping_row

#: A choice in a filter: the words shown and the value the filter keeps (None: everything).
Choice = tuple[str, object]


def date_text(day: dt.date | None, missing: str = "—") -> str:
    """A day as the registers show it, in the window's language; ``missing`` when there is none."""
    return i18n.active().format_date(day) if day else missing


def flagged(role: int, *, italic: bool = False) -> Any:
    """What a cell that needs attention shows for ``role``: the warning colour, in bold (or italic); None for
    any other role."""
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(warning_colour(app_palette()))
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        if italic:
            font.setItalic(True)
        else:
            font.setBold(True)
        return font
    return None


class RegisterProxy(SearchProxy):
    """Sorts and searches as ``SearchProxy`` does, and keeps only the records the screen's filter accepts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._accepts: Callable[[Any], bool] | None = None

    def set_test(self, accepts: Callable[[Any], bool] | None) -> None:
        """Keep only the records (rows of a ``RecordTableModel``) that ``accepts`` (every one when None)."""
        self.beginFilterChange()
        self._accepts = accepts
        self.endFilterChange(SearchProxy.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        accepts = self._accepts
        if (
            accepts is not None
            and isinstance(model, RecordTableModel)
            and not accepts(model.record(source_row))
        ):
            return False
        return bool(super().filterAcceptsRow(source_row, source_parent))


#: The kind of record a register's rows show.
K = TypeVar("K", bound=Record)


class RegisterScreen(LazyScreen, Generic[K]):
    """A register: filters, a table of records through a proxy, the chosen record in detail, read again after
    every edit. ``record_kind`` is the kind of record a row shows (its ``id`` is the record's)."""

    #: The kind of record the rows show.
    record_kind: type[K]
    #: Kinds whose change means reading the register again.
    shown_kinds: ClassVar[frozenset[type[Any]]] = frozenset()
    #: Kinds whose change means new choices in the filters.
    choice_kinds: ClassVar[frozenset[type[Any]]] = frozenset({Forum})
    #: Read again only when shown: a hidden register costs nothing while other screens edit.
    lazy: ClassVar[bool] = False
    #: Choose the first row at the start and when a filter leaves nothing chosen.
    select_first: ClassVar[bool] = False
    #: The widest a column is fitted to; the columns (long names) held narrower, and how narrow; whether the
    #: columns are fitted at every reading (else once, at the first reading with rows).
    fit_limit: ClassVar[int] = 260
    narrow_columns: ClassVar[tuple[int, ...]] = ()
    narrow_width: ClassVar[int] = 150
    refit: ClassVar[bool] = False

    model: RecordTableModel[Any]
    proxy: QSortFilterProxyModel
    table: Any  # QTableView
    empty_state: EmptyState

    def __init__(self, context: AppContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(stale=True, parent=parent)
        self.setObjectName(object_name)
        self.context = context
        self._shown: tuple[str, ...] | None = None  # the records the detail and the buttons show
        self._fitted = False
        self._choices: list[tuple[QLabel, QComboBox, object]] = []  # label, list, the choice showing all
        self._search: QLineEdit | None = None
        self._commands: list[tuple[QPushButton, str]] = []  # a button and its words, untranslated
        self.title = QLabel()
        self.title.setObjectName("screenTitle")

    # -- building --------------------------------------------------------------------------------------------------
    def choice_filter(self, object_name: str = "", everything: object = None) -> tuple[QLabel, QComboBox]:
        """A filter chosen in a list, with its label; choosing filters the register. ``everything`` is the value
        of the choice that hides nothing (None: the first choice), which clearing the filters chooses."""
        label, box = QLabel(), QComboBox()
        if object_name:
            box.setObjectName(object_name)
        label.setBuddy(box)
        self._choices.append((label, box, everything))
        return label, box

    def search_field(self, object_name: str = "") -> QLineEdit:
        """A field for words to search; typing filters the register (through ``set_search`` of a proxy that has
        one, else ``apply_filter``)."""
        search = QLineEdit()
        if object_name:
            search.setObjectName(object_name)
        search.setClearButtonEnabled(True)
        self._search = search
        return search

    def command(self, words: str, do: Callable[[], object]) -> QPushButton:
        """A button for an operation: ``words`` untranslated (``N_``), shown in the window's language; a click
        calls ``do``."""
        made: QPushButton = button("")
        made.clicked.connect(lambda _checked=False: do())
        self._commands.append((made, words))
        return made

    def filter_row(self, *more: QWidget, spacing: int = 6) -> QLayout:
        """The choice filters with their labels, then ``more`` (a search field), wrapping when narrow."""
        row: QLayout = wrapping_row(
            *(labelled(label, box) for label, box, _all in self._choices), *more, spacing=spacing
        )
        return row

    def set_table(
        self,
        model: RecordTableModel[Any],
        proxy: QSortFilterProxyModel,
        object_name: str,
        *,
        sort: tuple[int, Qt.SortOrder],
        open_record: Callable[[], object],
        what: str,
        first_step: str,
        do_first: Callable[[], None],
        needs: Sequence[Need] = (),
        writes: bool = True,
    ) -> None:
        """The table of ``model`` through ``proxy``, sorted by ``sort``, with its empty state (``what``,
        ``first_step``, ``do_first`` and ``needs`` untranslated, as ``EmptyState`` takes them; ``writes``: the
        first step changes the file, so a read-only file disables it). A double click calls ``open_record``."""
        self.model, self.proxy = model, proxy
        proxy.setSourceModel(model)
        self.table = record_table(proxy)
        self.table.setObjectName(object_name)
        self.empty_state = EmptyState(
            self.table,
            what,
            first_step,
            do_first,
            needs=needs,
            clear_filters=self.clear_filters,
            may_write=(lambda: not self.context.read_only) if writes else (lambda: True),
        )
        self.table.sortByColumn(*sort)
        self.table.doubleClicked.connect(lambda _i: open_record())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_moved())
        for _label, box, _all in self._choices:
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        if self._search is not None:
            if isinstance(proxy, RegisterProxy):
                self._search.textChanged.connect(proxy.set_search)
            else:
                self._search.textChanged.connect(lambda _t: self.apply_filter())

    def lay_out(
        self,
        above: Sequence[QLayout],
        below: Sequence[QLayout] = (),
        detail: QWidget | None = None,
        *,
        across: bool = False,
        stretch: tuple[int, int] = (1, 1),
        sizes: Sequence[int] = (),
        collapsible: bool = True,
    ) -> None:
        """The title, then the rows ``above`` the table, the table and the rows ``below`` it; with a ``detail``,
        the register and the detail share a splitter (side by side when ``across``, else one over the other)."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        register = layout
        if detail is not None:
            holder = QWidget()
            register = QVBoxLayout(holder)
            register.setContentsMargins(0, 0, 0, 0)
        for row in above:
            register.addLayout(row)
        register.addWidget(self.table, 1)
        for row in below:
            register.addLayout(row)
        if detail is None:
            return
        self.splitter = QSplitter(Qt.Orientation.Horizontal if across else Qt.Orientation.Vertical)
        self.splitter.addWidget(holder)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, stretch[0])
        self.splitter.setStretchFactor(1, stretch[1])
        self.splitter.setChildrenCollapsible(collapsible)
        if sizes:
            self.splitter.setSizes(list(sizes))
        layout.addWidget(self.splitter, 1)

    def start(self) -> None:
        """Follow the file's changes, speak the window's language and read the register (the end of a screen's
        ``__init__``)."""
        self.follow(self.context)
        self.retranslate()
        if self._stale:
            self.reload()
        if self.select_first:
            self._select_first()

    # -- what a screen provides -----------------------------------------------------------------------------------
    def read(self) -> None:
        """Put the register's rows in the model, from the file."""
        raise NotImplementedError

    def filter_choices(self) -> Iterable[tuple[QComboBox, Sequence[Choice]]]:
        """Each filter list whose choices come from the file (or are words to translate), with its choices."""
        return ()

    def filter_test(self) -> Callable[[Any], bool] | None:
        """What a row must be to be shown, as the filters say (None: every row)."""
        return None

    def show_detail(self) -> None:
        """Show the chosen record (``current()``) in detail, or say how to choose one."""

    def update_buttons(self) -> None:
        """Enable what may be done with the records chosen."""

    def translate(self) -> None:
        """Put the screen's own words in the current language."""

    # -- reading ---------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the register again, keeping the records chosen (the same ids) and the filters."""
        keep = self.selected_ids()
        self.read()
        self._stale = False
        self._fit()
        self.select_ids(keep)
        self.show_selected()

    def refresh(self) -> None:
        """Read again now, or, for a lazy register that is hidden, when it is next shown."""
        if self.lazy and not self.isVisible():
            self._stale = True
        else:
            self.reload()

    def _fit(self) -> None:
        if not self.refit and (self._fitted or not self.model.rowCount()):
            return
        fit_columns(self.table, self.fit_limit)
        header = self.table.horizontalHeader()
        for column in self.narrow_columns:
            header.resizeSection(column, min(header.sectionSize(column), self.narrow_width))
        self._fitted = True

    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & self.choice_kinds:
            self.fill_choices()
        if changes.kinds & self.shown_kinds:
            self.refresh()

    # -- filtering -------------------------------------------------------------------------------------------------
    def fill_choices(self) -> None:
        """Fill the filter lists again (new records, a new language), keeping what each has chosen."""
        for box, choices in self.filter_choices():
            refill(box, choices)
        self.empty_state.refresh()  # a first forum or partner changes what the empty list's button does
        self.apply_filter()

    def apply_filter(self) -> None:
        """Show the rows that pass the filters."""
        if isinstance(self.proxy, RegisterProxy):
            self.proxy.set_test(self.filter_test())
        if self.select_first:
            self._select_first()
        self._selection_moved()

    def clear_filters(self) -> None:
        """Show every record: no words searched, each filter on the choice that hides nothing (filtered once)."""
        if self._search is not None:
            self._search.clear()
        for _label, box, everything in self._choices:
            box.blockSignals(True)
            box.setCurrentIndex(0 if everything is None else max(0, box.findData(everything)))
            box.blockSignals(False)
        self.apply_filter()

    def _select_first(self) -> None:
        if not self.selected_ids() and self.proxy.rowCount():
            self.table.selectRow(0)

    # -- choosing --------------------------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """The ids of the records chosen, top to bottom."""
        selection = self.table.selectionModel()
        rows = sorted(selection.selectedRows(), key=lambda i: i.row()) if selection else []
        return [str(i.data(ID_ROLE)) for i in rows if i.data(ID_ROLE)]

    def select_ids(self, ids: Sequence[str]) -> None:
        """Choose the rows of ``ids`` that are shown (none chosen when none is)."""
        wanted = set(ids)
        selection = self.table.selectionModel()
        selection.clearSelection()
        if not wanted:
            return
        chosen = QItemSelection()
        first: QModelIndex | None = None
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) in wanted:
                chosen.select(index, index)
                first = first or index
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        selection.select(chosen, flags)
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def show_record(self, record_id: str) -> None:
        """Choose ``record_id``, clearing the filters if they hide it."""
        self.select_ids([record_id])
        if self.selected_ids() != [record_id]:
            self.clear_filters()
            self.select_ids([record_id])

    def current(self) -> K | None:
        """The record chosen (the first, when several are), as stored now; None when none is."""
        chosen = self.selected_ids()
        return self.context.store.find(self.record_kind, chosen[0]) if chosen else None

    def current_row(self) -> Any:
        """The row of the record chosen, as the register read it; None when none is chosen."""
        chosen = self.selected_ids()
        row = self.model.row_of(chosen[0]) if chosen else -1
        return self.model.record(row) if row >= 0 else None

    def _selection_moved(self) -> None:
        if tuple(self.selected_ids()) != self._shown:
            self.show_selected()

    def show_selected(self) -> None:
        """Show the chosen records in detail and enable the buttons for them."""
        self._shown = tuple(self.selected_ids())
        self.show_detail()
        self.update_buttons()

    # -- language --------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.translate()
        for made, words in self._commands:
            made.setText(_(words))
        self.empty_state.refresh()
        self.model.retranslate()
        self.fill_choices()
        if self.lazy:
            self.show_selected()  # its rows hold no words: the columns follow the model, the detail is shown again
        else:
            self.reload()
