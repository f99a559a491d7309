"""The small table where a meeting's street figures are typed, under the agenda item where they belong: this
time's value beside last time's, a figure not given shown as missing (never as zero).

Embedded by the live view and the agenda editor with a few lines: ``FiguresPanel(context)``, then
``show_item(meeting, item)`` whenever the item shown changes. Which figures belong under an item, what last time
was and every rule of entry are the core's (``facilitator.figure_ops``); the panel only shows and asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Forum
from facilitator.errors import KnownError, ValidationError
from facilitator.figure_minutes import entry_text
from facilitator.figure_ops import (
    FigureEntry,
    agree_target,
    entries_under,
    figures_of,
    record_figure,
    target_text,
)
from facilitator.figures import FigureReading, FigureTarget, TrackedFigure, format_figure, parse_figure
from facilitator.i18n import N_, _
from facilitator.meetings import AgendaItem, Decision, Meeting, MeetingStatus
from facilitator.operations import Changes
from facilitator.profile import partnership_profile
from facilitator.ui.column_titles import column_title
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import RecordDialog, Submit
from facilitator.ui.meeting_dialogs import date_edit, date_of
from facilitator.ui.models import ID_ROLE, AnyIndex
from facilitator.ui.palette import app_palette, muted_colour, warning_text_style
from facilitator.ui.widgets import button

SHOWN_KINDS = (TrackedFigure, FigureReading, FigureTarget, AgendaItem, Meeting, Decision)
FIGURE, THIS_TIME, LAST_TIME, COVERS, NOTE = range(5)
COLUMNS = (N_("Figure"), N_("This meeting"), N_("Last time"), N_("Days covered"), N_("Note"))
#: A note wider than this is cut in the table (its tooltip shows it whole).
NOTE_WIDTH = 240


def _short(day: dt.date) -> str:
    t = i18n.active()
    return t.format_date(day, "d MMM" if day.year == clock.today().year else "d MMM y")


def covers_text(covers: tuple[dt.date, dt.date]) -> str:
    """The days a figure covers, in the window's language (short: the panel sits under a projected item)."""
    return f"{_short(covers[0])} – {_short(covers[1])}"


class FigureEntriesModel(QAbstractTableModel):
    """A meeting's figures under one item; the value and the note can be typed in place."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[FigureEntry] = []
        self.editable = False
        #: Enters what was typed (entry, column, text); returns whether it was taken. Set by the panel.
        self.enter: Callable[[FigureEntry, int, str], bool] | None = None

    def reset_entries(self, entries: list[FigureEntry], editable: bool) -> None:
        """Show ``entries`` instead."""
        self.beginResetModel()
        self.entries = entries
        self.editable = editable
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(COLUMNS, section, orientation, role, translate=True)

    def text(self, row: int, column: int) -> str:
        """What a cell shows."""
        entry = self.entries[row]
        t = i18n.active()
        figure, reading = entry.figure, entry.reading
        if column == FIGURE:
            unit = figure.unit_in(t)
            return f"{figure.name_in(t)} ({unit})" if unit else figure.name_in(t)
        if column == THIS_TIME:
            return entry_text(t, reading.value if reading else None, "", figure, reading is not None)
        if column == LAST_TIME:
            last = entry.last.reading
            shown = entry_text(t, last.value if last else None, "", figure, last is not None)
            meeting = entry.last.meeting
            if meeting is not None:
                return _("{value} ({date})").format(value=shown, date=_short(meeting.starts_at.date()))
            return shown if last is not None else "—"
        if column == COVERS:
            return covers_text(entry.covers)
        return reading.note if reading else ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        row, column = index.row(), index.column()
        entry = self.entries[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.figure.counts_in(i18n.active()) if column == FIGURE else self.text(row, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == THIS_TIME:
                value = entry.reading.value if entry.reading else None
                return "" if value is None else format_figure(value, entry.figure, i18n.active())
            return self.text(row, column)
        if role == ID_ROLE:
            return entry.figure.id
        missing = (column == THIS_TIME and entry.missing) or (
            column == LAST_TIME and (entry.last.reading is None or entry.last.reading.value is None)
        )
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return muted_colour(app_palette())
        if role == Qt.ItemDataRole.FontRole and missing:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (THIS_TIME, LAST_TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in (THIS_TIME, NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.enter is None:
            return False
        return self.enter(self.entries[index.row()], index.column(), str(value))


class FiguresPanel(QWidget):
    """Under the item where they belong: the reporting partners' figures for this meeting, typed in place."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("figuresPanel")
        if large:  # read from the back of the room, like the rest of the live view
            self.setStyleSheet("QTableView { font-size: 12pt; }")
        self.context = context
        self._meeting_id: str | None = None
        self._item_id: str | None = None
        self.heading = QLabel()
        self.heading.setObjectName("liveHeading")
        self.model = FigureEntriesModel(self)
        self.model.enter = self.enter
        self.table = QTableView()
        self.table.setObjectName("figuresTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FIGURE, QHeaderView.ResizeMode.Stretch)  # names take the room left
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Interactive)
        self.problem = QLabel()
        self.problem.setObjectName("figuresProblem")
        self.problem.setProperty("showsData", True)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(warning_text_style())
        self.problem.hide()
        self.covers_button = button("")
        self.covers_button.clicked.connect(lambda _c=False: self.change_covers())
        self.target_button = button("")
        self.target_button.clicked.connect(lambda _c=False: self.agree_target())
        row = QHBoxLayout()
        row.addWidget(self.covers_button)
        row.addWidget(self.target_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        context.changed.connect(self._on_changed)
        self.retranslate()
        self.hide()

    # -- showing -------------------------------------------------------------------------------------------------
    def show_item(self, meeting: Meeting | None, item: AgendaItem | None) -> None:
        """Show the figures entered under ``item`` at ``meeting`` (hidden when none belong there)."""
        meeting_id = meeting.id if meeting is not None and item is not None else None
        item_id = item.id if meeting_id and item is not None else None
        if (meeting_id, item_id) == (self._meeting_id, self._item_id):
            return
        self._meeting_id, self._item_id = meeting_id, item_id
        self.problem.hide()
        self.reload()

    def reload(self) -> None:
        """Read the figures again (one was entered, an undo, another language)."""
        store = self.context.store
        meeting = store.find(Meeting, self._meeting_id) if self._meeting_id else None
        entries = entries_under(store, meeting.id, self._item_id) if meeting and self._item_id else []
        writable = (
            meeting is not None
            and meeting.status is not MeetingStatus.CANCELLED
            and not self.context.read_only
        )
        keep = self.selected()
        self.model.reset_entries(entries, writable)
        if keep is not None:
            self.select(keep.figure.id)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + max(len(entries), 1) * self.table.verticalHeader().defaultSectionSize()
            + 4
        )
        self.table.resizeColumnToContents(NOTE)
        self.table.horizontalHeader().resizeSection(NOTE, min(self.table.columnWidth(NOTE), NOTE_WIDTH))
        missing = sum(1 for e in entries if e.missing)
        self.heading.setText(
            i18n.ngettext(
                "Figures about the street: {count} to enter",
                "Figures about the street: {count} to enter",
                missing,
            ).format(count=missing)
            if missing
            else _("Figures about the street")
        )
        self._update_buttons()
        self.setVisible(bool(entries))

    def _on_changed(self, changes: Changes) -> None:
        if self._meeting_id is not None and any(changes.touches(kind) for kind in SHOWN_KINDS):
            self.reload()

    def selected(self) -> FigureEntry | None:
        """The figure selected, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows and rows[0].row() < len(self.model.entries) else None

    def select(self, figure_id: str) -> None:
        """Select a figure's row."""
        for row, entry in enumerate(self.model.entries):
            if entry.figure.id == figure_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        self.covers_button.setEnabled(self.model.editable and self.selected() is not None)
        self.target_button.setEnabled(self.model.editable and bool(self.model.entries))

    # -- entering ------------------------------------------------------------------------------------------------
    def _say(self, error: KnownError | None) -> None:
        self.problem.setText(error.problem if isinstance(error, ValidationError) else str(error or ""))
        self.problem.setVisible(error is not None)

    def enter(self, entry: FigureEntry, column: int, text: str) -> bool:
        """Enter what was typed in a cell: this meeting's value, or a note (why it is missing, or what it means)."""
        if self._meeting_id is None or self.context.read_only:
            return False
        figure, reading = entry.figure, entry.reading
        try:
            if column == THIS_TIME:
                value = parse_figure(text, figure, i18n.active())
                note = reading.note if reading else ""
            else:
                value, note = (reading.value if reading else None), text
            edit = record_figure(
                self.context.store, self._meeting_id, figure.id, value, note=note, covers=entry.covers
            )
            if edit.steps:
                self.context.run(edit)
        except KnownError as error:
            if isinstance(error, ValidationError) and column == THIS_TIME:
                error = ValidationError(
                    error.field, _("'{typed}': {problem}").format(typed=text, problem=error.problem)
                )
            self._say(error)
            return False
        self._say(None)
        return True

    def change_covers(self) -> None:
        """Change the days the selected figure covers (a week missed, a count taken on another day)."""
        entry = self.selected()
        meeting_id = self._meeting_id
        if entry is None or meeting_id is None or not self.model.editable:
            return
        reading = entry.reading

        def submit(covers: object) -> None:
            assert isinstance(covers, tuple)
            value = reading.value if reading else None
            note = reading.note if reading else ""
            edit = record_figure(
                self.context.store, meeting_id, entry.figure.id, value, note=note, covers=covers
            )
            if not edit.steps:
                raise ValidationError("value", _("enter the figure first, or say why it is missing"))
            self.context.run(edit)

        CoversDialog(self, entry.figure.name_in(i18n.active()), entry.covers, submit).exec()

    def agree_target(self) -> None:
        """Record a target the meeting agreed for one of these figures, as a decision."""
        meeting_id = self._meeting_id
        if meeting_id is None or not self.model.editable:
            return
        store = self.context.store
        meeting = store.get(Meeting, meeting_id)
        chosen = self.selected()
        figures = figures_of(store, meeting.forum_id)

        def submit(choice: object) -> None:
            assert isinstance(choice, tuple)
            figure_id, period, value, text = choice
            self.context.run(agree_target(store, meeting_id, figure_id, period, value, text=text))

        forum = store.get(Forum, meeting.forum_id)
        TargetDialog(
            self, figures, chosen.figure.id if chosen else None, forum.working_language, submit,
            region=partnership_profile(store).region,
        ).exec()

    def retranslate(self) -> None:
        """Show the labels in the current language."""
        self.covers_button.setText(_("Days covered…"))
        self.target_button.setText(_("Agree a target…"))
        self.target_button.setToolTip(_("Record a target agreed at this meeting, as a decision"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._meeting_id is not None:
            self.reload()


class CoversDialog(RecordDialog):
    """The days a figure covers."""

    def __init__(
        self,
        parent: QWidget | None,
        figure_name: str,
        covers: tuple[dt.date, dt.date],
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Days covered by {figure}").format(figure=figure_name), submit)
        self.first = date_edit(covers[0])
        self.last = date_edit(covers[1])
        self.add_row("covers_from", _("From:"), self.first)
        self.add_row("covers_to", _("To:"), self.last)

    def record(self) -> tuple[dt.date, dt.date]:
        return date_of(self.first), date_of(self.last)


class TargetDialog(RecordDialog):
    """A target for one figure over a period, as the meeting agreed it; its decision's words are suggested."""

    def __init__(
        self,
        parent: QWidget | None,
        figures: list[TrackedFigure],
        chosen: str | None,
        language: str,
        submit: Submit,
        *,
        region: str = "",
    ) -> None:
        super().__init__(parent, _("Agree a target"), submit)
        self._figures = {f.id: f for f in figures}
        self._language = language  # the forum's: decisions are recorded in its working language
        self._region = region  # the partnership's: its dates and numbers are written as there
        t = i18n.active()
        self.figure = QComboBox()
        for figure in figures:
            self.figure.addItem(figure.name_in(t), figure.id)
        if chosen:
            self.figure.setCurrentIndex(max(0, self.figure.findData(chosen)))
        year = clock.today().year + (1 if clock.today().month >= 10 else 0)
        self.first = date_edit(dt.date(year, 1, 1))
        self.last = date_edit(dt.date(year, 12, 31))
        self.value = QLineEdit()
        self.unit = QLabel()
        self.unit.setProperty("showsData", True)
        amount = QWidget()
        row = QHBoxLayout(amount)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value, 1)
        row.addWidget(self.unit)
        self.wording = QLabel()
        self.wording.setProperty("showsData", True)
        self.wording.setWordWrap(True)
        self.add_row("figure_id", _("Figure:"), self.figure)
        self.add_row("starts", _("From:"), self.first)
        self.add_row("ends", _("To:"), self.last)
        self.add_row("value", _("Target:"), amount)
        self.add_row("text", _("Decision:"), self.wording)
        for signal in (self.figure.currentIndexChanged, self.first.dateChanged, self.last.dateChanged):
            signal.connect(lambda *_a: self._suggest())
        self.value.textChanged.connect(lambda _t: self._suggest())
        self._suggest()

    def _current(self) -> TrackedFigure:
        return self._figures[str(self.figure.currentData())]

    def _suggest(self) -> None:
        figure = self._current()
        t = i18n.active()
        self.unit.setText(figure.unit_in(t))
        try:
            value = parse_figure(self.value.text(), figure, t)
        except ValidationError:
            value = None
        period = (date_of(self.first), date_of(self.last))
        wording = target_text(figure, period, value, self._language, self._region) if value is not None else ""
        self.wording.setText(wording)

    def record(self) -> tuple[str, tuple[dt.date, dt.date], float, str]:
        figure = self._current()
        value = parse_figure(self.value.text(), figure, i18n.active())
        if value is None:
            raise ValidationError("value", _("must not be empty"))
        return figure.id, (date_of(self.first), date_of(self.last)), value, ""
