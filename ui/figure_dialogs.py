"""Choosing the street figures a forum tracks (from the common ones, or its own) and the partner that reports
each, from the Forums screen; and the figures from a partner's records for days no meeting reported.

Every change is a core operation (``facilitator.figure_ops``) on the undo stack; the lists are read again after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Forum, Partner, by_name, partner_names
from facilitator.errors import ValidationError
from facilitator.figure_ops import (
    archive_figure,
    figures_of,
    move_figure,
    readings_of,
    record_past_figure,
    remove_reading,
    save_figure,
)
from facilitator.figures import (
    COMMON_FIGURES,
    MAX_DECIMALS,
    Combine,
    FigureReading,
    Frequency,
    TrackedFigure,
    format_figure,
    parse_figure,
)
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meeting_ops import usual_agenda
from facilitator.meetings import Confidentiality, Meeting
from facilitator.operations import Changes, members
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import ForumListDialog, RecordDialog, Submit, chosen, enum_combo
from facilitator.ui.meeting_dialogs import date_edit, date_of
from facilitator.ui.models import Column, RecordTableModel
from facilitator.ui.widgets import button, fit_columns, record_table, select_id, selected_id

#: The dialog of a forum's figures: its title and what it says the figures are.
TRACKED_FIGURES_WORDS = (
    N_("Figures about the street tracked by {forum}"),
    N_(
        "What this forum counts about the street, and which partner reports each figure. Figures are "
        "entered at each meeting under the item named here, and shown over time on the Indicators "
        "screen and in the year in review, apart from the partnership's own indicators."
    ),
)


@frozen
class FigureRow:
    """A tracked figure with the name of the partner that reports it."""

    figure: TrackedFigure
    partner: str

    @property
    def id(self) -> str:
        """The figure's id."""
        return self.figure.id


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class TrackedFiguresModel(RecordTableModel[FigureRow]):
    """A forum's figures in its order."""

    columns = (
        Column[FigureRow](N_("#"), lambda r: str(r.figure.position + 1), lambda r: r.figure.position),
        Column[FigureRow](N_("Figure"), lambda r: r.figure.name_in(i18n.active())),
        Column[FigureRow](N_("Unit"), lambda r: r.figure.unit_in(i18n.active())),
        Column[FigureRow](N_("Reported by"), lambda r: r.partner),
        Column[FigureRow](N_("How often"), lambda r: r.figure.frequency.label),
        Column[FigureRow](
            N_("Better when"), lambda r: _("Higher") if r.figure.higher_is_better else _("Lower")
        ),
        Column[FigureRow](N_("Public"), lambda r: _yes_no(r.figure.is_public)),
        Column[FigureRow](
            N_("Entered under"), lambda r: r.figure.reported_under or _("(the partner's item)")
        ),
    )


class FigureDialog(RecordDialog):
    """One figure a forum tracks: a common one or its own, its definition, and who reports it how often."""

    def __init__(
        self,
        parent: QWidget | None,
        figure: TrackedFigure,
        partners: list[Partner],
        items: list[str],
        submit: Submit,
        *,
        new: bool,
    ) -> None:
        super().__init__(parent, _("New figure") if new else _("Edit figure"), submit)
        self._original = figure
        self._partners = partners
        f = figure
        self.common = QComboBox()
        self.common.setProperty("enumChoice", True)
        self.common.addItem(_("The forum's own figure"), "")
        for key, common in COMMON_FIGURES.items():
            self.common.addItem(_(common.name), key)
        self.common.setCurrentIndex(max(0, self.common.findData(f.common)))
        self.name = QLineEdit(f.name)
        self.unit = QLineEdit(f.unit)
        self.counts = QPlainTextEdit(f.counts)
        self.counts.setTabChangesFocus(True)
        self.counts.setMaximumHeight(80)
        self.partner = QComboBox()
        for partner in partners:
            self.partner.addItem(partner.name, partner.id)
        self.partner.setCurrentIndex(max(0, self.partner.findData(f.partner_id)))
        self.source = QLineEdit(f.source)
        self.source.setPlaceholderText(_("Where the partner takes it from, e.g. the sharps bin log"))
        self.frequency = enum_combo(Frequency, f.frequency)
        self.higher = QCheckBox(_("Higher is better"))
        self.higher.setChecked(f.higher_is_better)
        self.combine = enum_combo(Combine, f.combine)
        self.decimals = QSpinBox()
        self.decimals.setRange(0, MAX_DECIMALS)
        self.decimals.setValue(f.decimals)
        self.public = QCheckBox(_("Public: shown in documents for residents and the press"))
        self.public.setChecked(f.is_public)
        self.under = QComboBox()
        self.under.setEditable(True)
        self.under.addItems(items)
        self.under.setEditText(f.reported_under)
        line = self.under.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("The agenda item presented by the reporting partner"))
        self.add_row("common", _("Figure:"), self.common)
        self.add_row("name", _("Name:"), self.name)
        self.add_row("unit", _("Unit:"), self.unit)
        self.add_row("counts", _("What counts:"), self.counts)
        self.add_row("partner_id", _("Reported by:"), self.partner)
        self.add_row("source", _("Source:"), self.source)
        self.add_row("frequency", _("How often:"), self.frequency)
        self.add_row("higher_is_better", _("Direction:"), self.higher)
        self.add_row("combine", _("Over a longer period:"), self.combine)
        self.add_row("decimals", _("Decimals:"), self.decimals)
        self.add_row("confidentiality", _("Who may see it:"), self.public)
        self.add_row("reported_under", _("Entered under the item:"), self.under)
        self._shown_common = f.common
        self.common.currentIndexChanged.connect(lambda _i: self._common_chosen())
        self._show_placeholders()

    def _show_placeholders(self) -> None:
        """A common figure's own name, unit and definition show through what is left empty."""
        common = COMMON_FIGURES.get(str(self.common.currentData() or ""))
        self.name.setPlaceholderText(
            _(common.name) if common else _("e.g. People seen using in the cycle park")
        )
        self.unit.setPlaceholderText(_(common.unit) if common else _("e.g. people"))
        self.counts.setPlaceholderText(
            _(common.counts) if common else _("What is counted, where, and what is left out")
        )

    def _common_chosen(self) -> None:
        key = str(self.common.currentData() or "")
        self._show_placeholders()
        common = COMMON_FIGURES.get(key)
        if common is None or key == self._shown_common:
            return
        self._shown_common = key
        self.higher.setChecked(common.higher_is_better)
        self.combine.setCurrentIndex(list(Combine).index(common.combine))
        for sector in common.sectors:  # suggest the partner that usually reports it
            found = [p for p in self._partners if p.sector is sector]
            if found:
                self.partner.setCurrentIndex(max(0, self.partner.findData(found[0].id)))
                break

    def record(self) -> TrackedFigure:
        return replace(
            self._original,
            common=str(self.common.currentData() or ""),
            name=self.name.text().strip(),
            unit=self.unit.text().strip(),
            counts=self.counts.toPlainText().strip(),
            partner_id=str(self.partner.currentData() or ""),
            source=self.source.text().strip(),
            frequency=chosen(self.frequency, Frequency),
            higher_is_better=self.higher.isChecked(),
            combine=chosen(self.combine, Combine),
            decimals=self.decimals.value(),
            confidentiality=Confidentiality.PUBLIC if self.public.isChecked() else Confidentiality.PARTNERS,
            reported_under=self.under.currentText().strip(),
        )


def _list_layout(dialog: QDialog, explanation: QLabel, pushes: tuple[QWidget, ...], table: QWidget) -> None:
    """A dialog of one list: what it is, its buttons in a row, the list, and Close."""
    bar = QHBoxLayout()
    for push in pushes:
        bar.addWidget(push)
    bar.addStretch(1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(explanation)
    layout.addLayout(bar)
    layout.addWidget(table, 1)
    layout.addWidget(buttons)


class ForumFiguresDialog(ForumListDialog):
    """The figures a forum tracks, edited in place (every change is saved and undoable at once)."""

    def __init__(self, context: AppContext, forum: Forum, parent: QWidget | None = None) -> None:
        super().__init__(context, forum, TRACKED_FIGURES_WORDS, size=(1000, 480), parent=parent)
        self.setObjectName("forumFiguresDialog")
        self.model = TrackedFiguresModel(self)
        self.table = record_table(self.model)
        self.table.setObjectName("trackedFigures")
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_figure())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.add_button = button(_("Add a figure…"))
        self.edit_button = button(_("Edit…"))
        self.stop_button = button(_("Stop tracking"))
        self.up_button = button(_("Move up"))
        self.down_button = button(_("Move down"))
        self.past_button = button(_("Past figures…"))
        self.past_button.setToolTip(_("Figures from the partner's records for days no meeting reported"))
        self.add_button.clicked.connect(lambda _c=False: self.add_figure())
        self.edit_button.clicked.connect(lambda _c=False: self.edit_figure())
        self.stop_button.clicked.connect(lambda _c=False: self.stop_tracking())
        self.up_button.clicked.connect(lambda _c=False: self.move_selected(-1))
        self.down_button.clicked.connect(lambda _c=False: self.move_selected(+1))
        self.past_button.clicked.connect(lambda _c=False: self.past_figures())
        pushes = (
            self.add_button,
            self.edit_button,
            self.stop_button,
            self.up_button,
            self.down_button,
            self.past_button,
        )
        _list_layout(self, self.explanation, pushes, self.table)
        context.changed.connect(self._on_changed)
        self.reload()

    def _partners(self) -> list[Partner]:
        """The forum's partners first, then every other partner, by name."""
        store = self.context.store
        seated = [p for p, _m in members(store, self.forum.id) if not p.archived]
        others = [p for p in store.all(Partner) if p.id not in {s.id for s in seated}]
        return seated + by_name(others)

    def reload(self) -> None:
        """Read the forum's figures again, keeping the selection."""
        keep = selected_id(self.table)
        store = self.context.store
        names = partner_names(store, short=True)
        self.model.reset_records(
            [FigureRow(f, names.get(f.partner_id, "")) for f in figures_of(store, self.forum.id)]
        )
        fit_columns(self.table, 260)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name
        select_id(self.table, keep)
        self._update_buttons()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(TrackedFigure) or changes.touches(Partner):
            self.reload()

    def _selected(self) -> TrackedFigure | None:
        figure_id = selected_id(self.table)
        return self.context.store.find(TrackedFigure, figure_id) if figure_id else None

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        row = self.table.selectionModel().selectedRows()
        chosen_row = row[0].row() if row else -1
        self.add_button.setEnabled(writable)
        for push in (self.edit_button, self.stop_button, self.past_button):
            push.setEnabled(writable and chosen_row >= 0)
        self.up_button.setEnabled(writable and chosen_row > 0)
        self.down_button.setEnabled(writable and 0 <= chosen_row < self.model.rowCount() - 1)

    def _dialog(self, figure: TrackedFigure, *, new: bool) -> list[str]:
        items = [i.title for i in usual_agenda(self.context.store, self.forum.id) if i.title]
        made: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, TrackedFigure)
            self.context.run(save_figure(self.context.store, record))
            made.append(record.id)

        FigureDialog(self, figure, self._partners(), items, submit, new=new).exec()
        return made

    def add_figure(self) -> None:
        """Ask for a figure to track (a common one or the forum's own) and the partner that reports it."""
        if self.context.read_only:
            return
        partners = self._partners()
        if not partners:
            QMessageBox.information(self, _("Nobody to report it"), _("Add the partners first."))
            return
        made = self._dialog(TrackedFigure(forum_id=self.forum.id, partner_id=partners[0].id), new=True)
        if made:
            select_id(self.table, made[0])

    def edit_figure(self) -> None:
        """Change the selected figure."""
        figure = self._selected()
        if figure is not None and not self.context.read_only:
            self._dialog(figure, new=False)

    def stop_tracking(self) -> None:
        """Stop tracking the selected figure; what was reported is kept (undo brings it back)."""
        figure = self._selected()
        if figure is not None:
            self.context.apply(self, lambda: archive_figure(self.context.store, figure.id))

    def move_selected(self, step: int) -> None:
        """Move the selected figure up (-1) or down (+1) in the forum's list."""
        figure = self._selected()
        if figure is not None and self.context.apply(
            self, lambda: move_figure(self.context.store, figure.id, figure.position + step)
        ):
            select_id(self.table, figure.id)

    def past_figures(self) -> PastFiguresDialog | None:
        """The selected figure's reports, with those from the partner's records."""
        figure = self._selected()
        if figure is None:
            return None
        dialog = PastFiguresDialog(self.context, figure, self)
        dialog.exec()
        return dialog


@frozen
class ReadingRow:
    """A reading with where it was reported."""

    reading: FigureReading
    figure: TrackedFigure
    where: str

    @property
    def id(self) -> str:
        """The reading's id."""
        return self.reading.id


def _shown_value(row: ReadingRow) -> str:
    t = i18n.active()
    if row.reading.value is None:
        return _("not available")
    return format_figure(row.reading.value, row.figure, t)


class ReadingsModel(RecordTableModel[ReadingRow]):
    """A figure's readings, newest first."""

    columns = (
        Column[ReadingRow](
            N_("From"),
            lambda r: i18n.active().format_date(r.reading.covers_from),
            lambda r: r.reading.covers_from,
        ),
        Column[ReadingRow](
            N_("To"), lambda r: i18n.active().format_date(r.reading.covers_to), lambda r: r.reading.covers_to
        ),
        Column[ReadingRow](N_("Value"), _shown_value, lambda r: r.reading.value or -1.0),
        Column[ReadingRow](N_("Reported"), lambda r: r.where),
        Column[ReadingRow](N_("Note"), lambda r: r.reading.note),
    )


class PastFigureDialog(RecordDialog):
    """A figure from the partner's records: the days it covers and its value (or why there is none)."""

    def __init__(
        self,
        parent: QWidget | None,
        figure: TrackedFigure,
        reading: FigureReading | None,
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Figure from the partner's records"), submit)
        self._figure = figure
        today = clock.today()
        start = reading.covers_from if reading else dt.date(today.year - 1, today.month, 1)
        end = reading.covers_to if reading else (dt.date(today.year, today.month, 1) - dt.timedelta(days=1))
        self.first = date_edit(start)
        self.last = date_edit(end)
        t = i18n.active()
        self.value = QLineEdit(
            format_figure(reading.value, figure, t) if reading and reading.value is not None else ""
        )
        self.value.setPlaceholderText(figure.unit_in(t))
        self.note = QLineEdit(reading.note if reading else "")
        self.note.setPlaceholderText(_("Why there is no figure, or what to know about it"))
        self.add_row("covers_from", _("From:"), self.first)
        self.add_row("covers_to", _("To:"), self.last)
        self.add_row("value", _("Value:"), self.value)
        self.add_row("note", _("Note:"), self.note)

    def record(self) -> tuple[tuple[dt.date, dt.date], float | None, str]:
        value = parse_figure(self.value.text(), self._figure, i18n.active())
        if value is None and not self.note.text().strip():
            raise ValidationError("value", _("give a value, or say in the note why there is none"))
        return (date_of(self.first), date_of(self.last)), value, self.note.text()


class PastFiguresDialog(QDialog):
    """Every report of one figure, and those from the partner's records to add or correct."""

    def __init__(self, context: AppContext, figure: TrackedFigure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastFiguresDialog")
        self.context = context
        self.figure = figure
        self.setWindowTitle(_("Reports of {figure}").format(figure=figure.name_in(i18n.active())))
        self.resize(820, 460)
        self.explanation = QLabel(
            _(
                "Figures reported at meetings, and figures from the partner's own records for days no meeting "
                "reported (last year's, when the forum starts tracking a figure). Days are never counted twice."
            )
        )
        self.explanation.setWordWrap(True)
        self.model = ReadingsModel(self)
        self.table = record_table(self.model)
        self.table.setObjectName("figureReadings")
        self.table.setSortingEnabled(False)  # newest first, as read
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.change())
        self.add_button = button(_("Add from records…"))
        self.change_button = button(_("Change…"))
        self.remove_button = button(_("Remove"))
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.change_button.clicked.connect(lambda _c=False: self.change())
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        _list_layout(
            self, self.explanation, (self.add_button, self.change_button, self.remove_button), self.table
        )
        context.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Read the figure's reports again."""
        keep = selected_id(self.table)
        store = self.context.store
        t = i18n.active()
        rows = []
        for reading in reversed(readings_of(store, self.figure.id)):
            meeting = store.find(Meeting, reading.meeting_id) if reading.meeting_id else None
            where = (
                _("at the meeting of {date}").format(date=t.format_date(meeting.starts_at.date()))
                if meeting
                else _("from the partner's records")
            )
            rows.append(ReadingRow(reading, self.figure, where))
        self.model.reset_records(rows)
        fit_columns(self.table, 300)
        select_id(self.table, keep)
        self._update_buttons()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(FigureReading):
            self.reload()

    def _selected(self) -> FigureReading | None:
        reading_id = selected_id(self.table)
        return self.context.store.find(FigureReading, reading_id) if reading_id else None

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        reading = self._selected()
        self.add_button.setEnabled(writable)
        self.change_button.setEnabled(writable and reading is not None and reading.meeting_id is None)
        self.remove_button.setEnabled(writable and reading is not None)

    def _ask(self, reading: FigureReading | None) -> None:
        store = self.context.store

        def submit(choice: object) -> None:
            assert isinstance(choice, tuple)
            covers, value, note = choice
            self.context.run(
                record_past_figure(
                    store,
                    self.figure.id,
                    covers,
                    value,
                    note=note,
                    reading_id=reading.id if reading else None,
                )
            )

        PastFigureDialog(self, self.figure, reading, submit).exec()

    def add(self) -> None:
        """Add a figure from the partner's records."""
        if not self.context.read_only:
            self._ask(None)

    def change(self) -> None:
        """Correct the selected figure from the partner's records (one reported at a meeting is changed there)."""
        reading = self._selected()
        if reading is not None and reading.meeting_id is None and not self.context.read_only:
            self._ask(reading)

    def remove(self) -> None:
        """Remove the selected report (undo brings it back)."""
        reading = self._selected()
        if reading is not None:
            self.context.apply(self, lambda: remove_reading(self.context.store, reading.id))
