"""Indicators: how the partnership is doing over a period, in charts with their figures and definitions beside them.

The figures, charts and definitions come from ``facilitator.year_review.indicator_sections`` (the same as in the
printed year in review); this screen chooses the forum and the period, shows them, and exports the report (PDF
or DOCX, written off the window's thread) and the tables (CSV).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.audience import Audience
from facilitator.docmodel import Table
from facilitator.entities import Forum, by_name
from facilitator.exports import Format
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.indicators import Period
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.operations import Changes
from facilitator.street_report import PROCESS_NOTE, PROCESS_TITLE
from facilitator.ui.column_titles import column_title
from facilitator.ui.combos import refill
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import RecordDialog
from facilitator.ui.empty_state import EmptyState, elsewhere
from facilitator.ui.export_worker import ExportJob
from facilitator.ui.file_in_use import write_bytes_chosen
from facilitator.ui.jobs import Job, JobsPanel
from facilitator.ui.lazy_screen import LazyScreen
from facilitator.ui.models import AnyIndex
from facilitator.ui.palette import mute
from facilitator.ui.region import follow_region
from facilitator.ui.save_as import SaveAs
from facilitator.ui.street_part import StreetPart, part_title
from facilitator.ui.widgets import button, labelled, wrapping_row
from facilitator.year_review import Section, indicator_sections, year_in_review

THIS_YEAR, LAST_YEAR, LAST_12_MONTHS, CUSTOM = "this_year", "last_year", "last_12_months", "custom"
PERIODS = (
    (THIS_YEAR, N_("This year")),
    (LAST_YEAR, N_("Last year")),
    (LAST_12_MONTHS, N_("Last 12 months")),
    (CUSTOM, N_("Custom dates")),
)
FORMATS = tuple((fmt.value, fmt.label) for fmt in Format)
CSV_FILTER = N_("CSV files (*.csv)")
AUDIENCES = (("partners", N_("Partners")), ("public", N_("Public")))
#: Sections whose first column names a partner, a category or a step (it takes the width left).
NAMED_ROWS = frozenset({"attendance", "trend", "actions", "conflicts"})
#: Tables with more columns than this go under their chart rather than beside it.
WIDE_TABLE = 4


def period_for(choice: str, today: dt.date, custom: Period | None = None) -> Period:
    """The period a choice of the period list means on ``today``."""
    if choice == THIS_YEAR:
        return Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    if choice == LAST_YEAR:
        return Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    if choice == LAST_12_MONTHS:
        return Period(today - dt.timedelta(days=364), today)
    return custom or Period(dt.date(today.year, 1, 1), today)


class FiguresModel(QAbstractTableModel):
    """The figures of one indicator, as the table beside its chart."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table = Table((), ())

    def set_table(self, table: Table) -> None:
        """Show ``table`` instead."""
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def table(self) -> Table:
        """The figures shown."""
        return self._table

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self._table.header, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._table.rows):
            return None
        row = self._table.rows[index.row()]
        if not 0 <= index.column() < len(row):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SectionView(QWidget):
    """One indicator: its title, its definitions, and its chart with the figures beside it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        from facilitator.ui.charts import ChartView  # noqa: PLC0415 - with the screen, not at start-up

        self.key = key
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        mute(self.definition)
        self.chart = ChartView()
        self.chart.setObjectName(f"chart-{key}")
        self.model = FiguresModel(self)
        self.table = QTableView()
        self.table.setObjectName(f"figures-{key}")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumWidth(280)
        self.table.setWordWrap(False)
        self.empty = QLabel()
        self.empty.setStyleSheet("padding: 2px 0 6px 0;")
        mute(self.empty)
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.addWidget(self.chart, 5, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.table, 4, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.definition)
        layout.addWidget(self.empty)
        layout.addLayout(row)

    def show_section(self, section: Section) -> None:
        """Fill the view with ``section``."""
        self.heading.setText(section.title)
        self.definition.setText("\n".join(section.definitions))
        self.model.set_table(section.table)
        has_chart = section.chart is not None and bool(section.chart.categories)
        self.chart.set_chart(section.chart if has_chart else None)
        self.chart.setVisible(has_chart)
        # A wide table goes under its chart, a narrow one beside it.
        wide = len(section.table.header) > WIDE_TABLE
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight)
        header = self.table.horizontalHeader()
        if section.table.header:  # names or periods first: they take what the figures leave (cut, with a tip)
            named = section.key in NAMED_ROWS and has_chart
            header.setSectionResizeMode(
                0, QHeaderView.ResizeMode.Stretch if named else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setStretchLastSection(False)
        rows = max(len(section.table.rows), 1)
        height = header.sizeHint().height() + rows * self.table.verticalHeader().defaultSectionSize() + 4
        limit = max(self.chart.heightForWidth(self.chart.width()), 320) if has_chart and not wide else height
        self.table.setFixedHeight(min(height, limit))
        self.table.setVisible(bool(section.table.rows))
        self.empty.setText(_("Nothing to count in this period."))
        self.empty.setVisible(not section.table.rows)


@frozen
class ReportChoice:
    """What the year in review is written as: language, audience, format and file."""

    language: str
    audience: str  # "partners" or "public"
    format: str
    path: Path


class ReportDialog(RecordDialog):
    """Choose the report's language, audience, format and file."""

    def __init__(self, parent: QWidget | None, submit: Any, folder: Path, name: str) -> None:
        super().__init__(parent, _("Export the year in review"), submit)
        self._folder = folder
        self._name = name
        self.language = QComboBox()
        t = i18n.active()
        for code in i18n.DOCUMENT_LANGUAGES:
            self.language.addItem(f"{t.language_name(code)} ({code})", code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.audience = QComboBox()
        self.audience.setProperty("enumChoice", True)
        for code, label in AUDIENCES:
            self.audience.addItem(_(label), code)
        self.save_as = SaveAs(self, FORMATS)
        self.format, self.path, self.browse = self.save_as.format, self.save_as.path, self.save_as.browse
        self.add_row("language", _("Language:"), self.language)
        self.add_row("audience", _("For:"), self.audience)
        self.add_row("format", _("Format:"), self.format)
        self.add_row("path", _("Save as:"), self.save_as.row)
        self.format.currentIndexChanged.connect(lambda _i: self._suggest_path())
        self._suggest_path()

    def _suggest_path(self) -> None:
        current = Path(self.path.text()) if self.path.text() else self._folder / self._name
        self.path.setText(str(current.with_suffix(self.save_as.suffix())))

    def record(self) -> ReportChoice:
        path = self.save_as.target()
        return ReportChoice(
            str(self.language.currentData()),
            str(self.audience.currentData()),
            str(self.format.currentData()),
            path,
        )


def tables_csv(sections: list[Section]) -> bytes:
    """Every indicator's table, one after another: a line with its title, its header, its rows, a blank line.

    UTF-8 with a byte-order mark, so that spreadsheet programs read accents and scripts right.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for section in sections:
        writer.writerow([section.title])
        writer.writerow(section.table.header)
        writer.writerows(section.table.rows)
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


class IndicatorsScreen(LazyScreen, JobsPanel):
    """Indicators of a forum or of the whole partnership over a period, with the report's export."""

    export_finished = Signal(object)  # Path
    export_failed = Signal(object)  # Exception

    def __init__(self, context: AppContext) -> None:
        super().__init__(stale=True)
        self.setObjectName("indicatorsScreen")
        self.context = context
        self.sections: list[Section] = []
        self.last_export: Path | None = None
        self._jobs: set[Job] = set()

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.forum_label = QLabel()
        self.forum = QComboBox()
        self.forum_label.setBuddy(self.forum)
        self.period_label = QLabel()
        self.period = QComboBox()
        self.period_label.setBuddy(self.period)
        for code, _label in PERIODS:
            self.period.addItem("", code)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            follow_region(edit)
        self.to_label = QLabel()
        self.export_button = button("")
        self.export_button.clicked.connect(lambda _checked=False: self.export_report())  # not the flag
        self.csv_button = button("")
        self.csv_button.clicked.connect(lambda _checked=False: self.export_csv())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.progress_label = QLabel()
        self.progress_label.setProperty("showsData", True)
        self.progress_label.hide()
        dates = QWidget()
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.period_label, self.period, self.start, self.to_label, self.end):
            dates_row.addWidget(widget)
        controls = wrapping_row(
            labelled(self.forum_label, self.forum),
            dates,
            self.progress_label,
            self.progress,
            self.export_button,
            self.csv_button,
            spacing=12,
        )
        heading = QHBoxLayout()
        heading.addWidget(self.title)

        self.views: dict[str, SectionView] = {}
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 10, 0)
        # Two parts that never mix: how the partnership works, then what changed on the street.
        self.process_title, self.process_note = part_title("processTitle"), QLabel()
        self.process_note.setWordWrap(True)
        self.street = StreetPart(context)
        for part in (self.process_title, self.process_note, self.street):
            self.body_layout.addWidget(part)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its tables take the focus, not the page
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.empty_state = EmptyState(
            scroll,
            N_(
                "Nothing to count yet. Indicators count what held meetings and the registers record: "
                "plan the first meetings, and they fill in as meetings are held."
            ),
            N_("Plan meetings…"),
            elsewhere(self, "meetings", "do_first_step"),
            may_write=lambda: not context.read_only,
            is_empty=lambda: not any(m.status is MeetingStatus.HELD for m in context.store.all(Meeting)),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(controls)
        layout.addWidget(scroll, 1)

        self._fill_forums()
        self._set_dates(period_for(THIS_YEAR, clock.today()))
        self.forum.currentIndexChanged.connect(lambda _i: self.reload())
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.start.dateChanged.connect(lambda _d: self._dates_edited())
        self.end.dateChanged.connect(lambda _d: self._dates_edited())
        self.follow(context)
        self.retranslate()

    # -- choosing ----------------------------------------------------------------------------------------------
    def _fill_forums(self) -> None:
        forums = [(f.name, f.id) for f in by_name(self.context.store.all(Forum))]
        refill(self.forum, [(_("The whole partnership"), None), *forums])

    def _set_dates(self, period: Period) -> None:
        for edit, day in ((self.start, period.start), (self.end, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _period_chosen(self) -> None:
        choice = str(self.period.currentData())
        custom = choice == CUSTOM
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            self._set_dates(period_for(choice, clock.today()))
        self.reload()

    def _dates_edited(self) -> None:
        if self.period.currentData() == CUSTOM:
            self.reload()

    def choose(self, period_choice: str, forum_id: str | None = None, custom: Period | None = None) -> None:
        """Choose the period (and forum) as the user would."""
        self.forum.blockSignals(True)
        self.forum.setCurrentIndex(max(0, self.forum.findData(forum_id)) if forum_id else 0)
        self.forum.blockSignals(False)
        if custom is not None:
            self._set_dates(custom)
        self.period.blockSignals(True)
        self.period.setCurrentIndex(max(0, self.period.findData(period_choice)))
        self.period.blockSignals(False)
        self.start.setEnabled(period_choice == CUSTOM)
        self.end.setEnabled(period_choice == CUSTOM)
        if period_choice != CUSTOM:
            self._set_dates(period_for(period_choice, clock.today()))
        self.reload()

    def current_period(self) -> Period:
        """The period shown."""
        start, end = self.start.date(), self.end.date()
        first = dt.date(start.year(), start.month(), start.day())
        last = dt.date(end.year(), end.month(), end.day())
        return Period(min(first, last), max(first, last))

    def current_forum_id(self) -> str | None:
        """The forum shown, or None for the whole partnership."""
        chosen = self.forum.currentData()
        return str(chosen) if chosen else None

    # -- showing ----------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Count every indicator again for the chosen forum and period."""
        self.sections = indicator_sections(
            self.context.store, self.current_period(), i18n.active(), self.current_forum_id()
        )
        self._stale = False
        for section in self.sections:
            view = self.views.get(section.key)
            if view is None:
                view = self.views[section.key] = SectionView(section.key)
                self.body_layout.insertWidget(self.body_layout.indexOf(self.street), view)
            view.show_section(section)
        self.street.show_period(self.current_period(), self.current_forum_id())
        self.empty_state.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Forum):
            self._fill_forums()
        self.refresh()

    # -- exporting --------------------------------------------------------------------------------------------------
    def _file_name(self) -> str:
        period = self.current_period()
        return _("Year in review {start} to {end}").format(
            start=period.start.isoformat(), end=period.end.isoformat()
        )

    def export_report(self, choice: ReportChoice | None = None) -> Job | None:
        """Ask for language, audience, format and file (unless ``choice`` is given), then write the report."""
        if choice is None:
            chosen: list[ReportChoice] = []
            folder = self.last_export.parent if self.last_export else Path.home()
            ReportDialog(self, chosen.append, folder, self._file_name()).exec()
            if not chosen:
                return None
            choice = chosen[0]
        audience = Audience.public() if choice.audience == "public" else Audience.partners()
        # Built here, on the window's thread (the SQLite connection stays on it); only the writing moves away.
        model = year_in_review(
            self.context.store,
            self.current_period(),
            choice.language,
            self.current_forum_id(),
            audience=audience,
        )
        return self.start_job(ExportJob(model, Format(choice.format), choice.path), choice.path)

    def export_csv(self, path: Path | None = None) -> Path | None:
        """Write every table shown to one CSV file."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see ui/errors.py

            folder = self.last_export.parent if self.last_export else Path.home()
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Export tables as CSV"), str(folder / (self._file_name() + ".csv")), _(CSV_FILTER)
            )
            if not chosen:
                return None
            path = Path(chosen)
        data = tables_csv(self.sections + self.street.csv_sections())
        written = write_bytes_chosen(self, path, data, ".csv", self._say)
        if written is not None:
            self.last_export = written
        return written

    # -- language ---------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Show every label in the current language (the figures too: the core writes them in it)."""
        self.start.setAccessibleName(_("From"))  # spoken by screen readers
        self.end.setAccessibleName(_("To"))
        for view in self.views.values():
            view.table.setAccessibleName(view.heading.text())
        self.title.setText(_("Indicators"))
        self.process_title.setText(_(PROCESS_TITLE))
        self.process_note.setText(_(PROCESS_NOTE))
        self.forum_label.setText(_("&Forum:"))
        self.period_label.setText(_("&Period:"))
        self.to_label.setText(_("to"))
        for row, (_code, label) in enumerate(PERIODS):
            self.period.setItemText(row, _(label))
        if self.forum.count():
            self.forum.setItemText(0, _("The whole partnership"))
        self.export_button.setText(_("Export report…"))
        self.csv_button.setText(_("Export tables as CSV…"))
        self._period_chosen()
