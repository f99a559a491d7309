"""Meetings: a forum's meetings on the left (plan, create, move, cancel, send to calendars), and the chosen
meeting on the right: its agenda, its attendance and the chair's live view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n, meeting_ops
from facilitator.entities import Forum, Partner, Representative, by_name
from facilitator.i18n import N_, _
from facilitator.meetings import AgendaItem, Meeting, MeetingKind, MeetingStatus
from facilitator.operations import Changes, Edit
from facilitator.safe_files import file_name_for
from facilitator.ui.agenda_editor import AgendaEditor
from facilitator.ui.attendance_view import AttendanceView
from facilitator.ui.chair_window import ChairWindow
from facilitator.ui.combos import refill
from facilitator.ui.context import AppContext
from facilitator.ui.documents_tab import DocumentsTab
from facilitator.ui.empty_state import elsewhere
from facilitator.ui.file_in_use import write_chosen
from facilitator.ui.icons import icon
from facilitator.ui.leaflet_tab import LeafletTab
from facilitator.ui.live_view import LiveView
from facilitator.ui.meeting_dialogs import CancelDialog, MeetingDialog, MoveDialog, PlanDialog, local_timezone
from facilitator.ui.models import AnyIndex, Column, RecordTableModel
from facilitator.ui.palette import muted_colour
from facilitator.ui.shortcuts import keys_text, make_action, retitle
from facilitator.ui.translation_tab import TranslationTab
from facilitator.ui.widgets import (
    button,
    elide_choices,
    fit_columns,
    record_table,
    room_for,
    select_id,
    selected_id,
    wrapping_row,
)

ICS_FILTER = N_("Calendar files (*.ics);;All files (*)")


def _now_in(zone: str, cache: dict[str, dt.datetime]) -> dt.datetime:
    """The wall-clock time now in ``zone`` (naive, like meetings' start times)."""
    if zone not in cache:
        try:
            cache[zone] = clock.local_now(zone)
        except (KeyError, ValueError):
            cache[zone] = clock.local_now()
    return cache[zone]


class MeetingsModel(RecordTableModel[Meeting]):
    """A forum's meetings; those past are greyed and those cancelled struck through."""

    columns = (
        Column[Meeting](
            N_("Date"), lambda m: i18n.active().format_date(m.starts_at.date()), lambda m: m.starts_at
        ),
        Column[Meeting](
            N_("Time"), lambda m: i18n.active().format_time(m.starts_at.time()), lambda m: m.starts_at
        ),
        Column[Meeting](N_("Status"), lambda m: m.status.label),
        Column[Meeting](N_("Kind"), lambda m: m.kind.label),
        Column[Meeting](N_("Venue"), lambda m: m.venue),
    )
    DATE, TIME, STATUS = 0, 1, 2
    KIND = 3  # hidden while every meeting listed is a regular one
    VENUE = 4  # the column that takes the room left

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._past: set[str] = set()

    def reset_meetings(self, meetings: list[Meeting]) -> None:
        """Show ``meetings``, noting which are over."""
        cache: dict[str, dt.datetime] = {}
        self._past = {m.id for m in meetings if m.ends_at < _now_in(m.timezone, cache)}
        self.reset_records(meetings)

    def is_past(self, row: int) -> bool:
        """Whether the meeting in ``row`` is over."""
        return self.record(row).id in self._past

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            meeting = self.record(index.row())
            cancelled = meeting.status is MeetingStatus.CANCELLED
            if role == Qt.ItemDataRole.ForegroundRole and (cancelled or meeting.id in self._past):
                return QBrush(muted_colour(QGuiApplication.palette()))  # readable on a dark palette too
            if role == Qt.ItemDataRole.FontRole and cancelled:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and cancelled and meeting.cancelled_reason:
                return _("Cancelled: {reason}").format(reason=meeting.cancelled_reason)
        return super().data(index, role)


class MeetingsScreen(QWidget):
    """Pick a forum and a meeting on the left; prepare it, take attendance and chair it on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsScreen")
        self.context = context
        self._shown_id: str | None = None
        self.last_export: Path | None = None
        self._fitted_for: str | None = None

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.forum_label = QLabel()
        self.forum = QComboBox()
        self.forum.setObjectName("forumChoice")
        elide_choices(self.forum, letters=10)  # a forum's long name is elided, never widening the window
        self.forum_label.setBuddy(self.forum)
        self.forum.currentIndexChanged.connect(lambda _i: self._forum_chosen())
        self.meetings = MeetingsModel(self)
        self.table = record_table(self.meetings)
        self.table.setObjectName("meetingsTable")
        self.table.setSortingEnabled(False)  # meetings stay in date order
        # A narrow column list: the venue is elided (its tooltip has it whole) rather than scrolled sideways.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Station Sq…Hall B": both ends say where
        self.table.doubleClicked.connect(lambda _i: self.edit_meeting())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_moved())

        self.new_button = button("")
        self.plan_button = button("")
        self.move_button = button("")
        self.cancel_button = button("")
        self.export_button = button("")
        self.new_button.clicked.connect(self.new_meeting)
        self.plan_button.clicked.connect(self.plan_meetings)
        self.move_button.clicked.connect(self.move_meeting)
        self.cancel_button.clicked.connect(self.cancel_meeting)
        self.export_menu = QMenu(self.export_button)
        self.export_one = self.export_menu.addAction("")
        self.export_series = self.export_menu.addAction("")
        self.export_one.triggered.connect(lambda: self.export_calendar(series=False))
        self.export_series.triggered.connect(lambda: self.export_calendar(series=True))
        self.export_button.setMenu(self.export_menu)

        self.heading = QLabel()
        self.heading.setObjectName("meetingHeading")
        self.heading.setProperty("showsData", True)  # the forum's name and the meeting's date
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("QLabel#meetingHeading { font-size: 14pt; font-weight: 600; }")
        # One key or one button from a meeting to chairing it with nothing else on screen.
        self.chair_button = button("")
        self.chair_button.setObjectName("chairModeButton")
        self.chair_button.setIcon(icon("chair_mode"))
        self.chair_button.clicked.connect(self.chair_mode)
        self.chair_action = make_action(
            self, "chair_mode", self.chair_mode, Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self.chair_window: ChairWindow | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        # On a narrow window the tabs' names are cut with "…" (each whole in its tooltip) rather than the row of
        # tabs setting the window's least width.
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.agenda = AgendaEditor(context)
        self.attendance = AttendanceView(context)
        self.live = LiveView(context, self, compact=True)  # chair mode (F11) has the large one
        self.tabs.addTab(self.agenda, "")
        self.tabs.addTab(self.attendance, "")
        self.tabs.addTab(self.live, "")
        self.documents = DocumentsTab(context)
        self.translations = TranslationTab(context)
        self.tabs.addTab(self.documents, "")
        self.tabs.addTab(self.translations, "")
        self.leaflet = LeafletTab(context)  # shown for public meetings only
        self.leaflet.edit_elsewhere.connect(self._open_tab)
        self.tabs.addTab(self.leaflet, "")
        self._tab_shows: dict[int, str | None] = {}  # what each tab shows, by its index
        self.tabs.currentChanged.connect(lambda _i: self._load_tabs())

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.forum_label)
        left_layout.addWidget(self.forum)
        left_layout.addWidget(self.table, 1)
        self.table.setMinimumSize(120, 60)
        # The buttons wrap onto more lines when the list is narrow (a laptop at 125 %, French labels), each
        # keeping its whole label, rather than being squeezed to the middle of their words.
        pushes = (self.new_button, self.plan_button, self.move_button, self.cancel_button, self.export_button)
        left_layout.addLayout(wrapping_row(*pushes))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.first_step = button("")  # under an empty heading: what to do first
        self.first_step.setObjectName("firstStep")
        self.first_step.clicked.connect(self.do_first_step)
        self.first_step.hide()
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.first_step, 0, Qt.AlignmentFlag.AlignTop)
        heading_row.addWidget(self.chair_button, 0, Qt.AlignmentFlag.AlignTop)
        right_layout.addLayout(heading_row)
        right_layout.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)

        context.changed.connect(self._on_changed)
        self.retranslate()
        self._fill_forums()

    # -- forums and meetings -------------------------------------------------------------------------------------
    def _fill_forums(self) -> None:
        keep = self.forum.currentData()
        refill(self.forum, [(f.name, f.id) for f in by_name(self.context.store.all(Forum))])
        if self.forum.currentData() != keep or keep is None:
            self._forum_chosen()

    def current_forum(self) -> Forum | None:
        """The forum chosen."""
        forum_id = self.forum.currentData()
        return self.context.store.find(Forum, forum_id) if forum_id else None

    def _forum_chosen(self) -> None:
        self.reload()
        self.select_upcoming()

    def reload(self) -> None:
        """Read the chosen forum's meetings again, keeping the selection."""
        keep = selected_id(self.table)
        forum_id = self.forum.currentData()
        meetings = meeting_ops.meetings_of(self.context.store, forum_id) if forum_id else []
        self.meetings.reset_meetings(meetings)
        self._show_kind_column()
        select_id(self.table, keep)
        if meetings and self._fitted_for is None:
            # Once: sizing to the contents of hundreds of meetings costs more than the rest of a forum switch.
            self._fit_table()
            self._fitted_for = forum_id
        self._selection_moved()

    def _fit_table(self) -> None:
        """Date, time, status and kind as wide as they need; the venue takes the rest of the pane, elided in the
        middle (its tooltip has it whole), so the list never runs past its pane at 1366 x 768."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MeetingsModel.VENUE, QHeaderView.ResizeMode.Interactive)
        fit_columns(self.table, 200)
        # A status the list does not hold yet comes later (today's meeting starts): room for each of them now.
        room_for(self.table, MeetingsModel.STATUS, (status.label for status in MeetingStatus))
        # The table is fitted once, to the first forum's meetings: room for any date and time another forum's
        # meetings come to ("10:00 AM" where the first forum met at 9:00 showed "10…AM").
        t = i18n.active()
        year = clock.today().year
        room_for(self.table, MeetingsModel.DATE, (t.format_date(dt.date(year, m, 28)) for m in range(1, 13)))
        room_for(self.table, MeetingsModel.TIME, (t.format_time(dt.time(h, 58)) for h in range(24)))
        # Set anew after fitting (fitting sizes it to its text): the header then stretches it to the pane again,
        # shrinking it too (a stretched last section only ever grows).
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MeetingsModel.VENUE, QHeaderView.ResizeMode.Stretch)
        self._show_kind_column()

    def _show_kind_column(self) -> None:
        """A Kind column saying "Regular" on every row says nothing and costs the venue its room."""
        kinds = {m.kind for m in self.meetings.records()}
        self.table.setColumnHidden(MeetingsModel.KIND, kinds <= {MeetingKind.REGULAR})

    def select_upcoming(self) -> None:
        """Select the next meeting not yet over (or the last one when all are over)."""
        proxy_rows = self.table.model().rowCount()
        if not proxy_rows:
            self._selection_moved()
            return
        upcoming = [
            r
            for r in range(self.meetings.rowCount())
            if not self.meetings.is_past(r) and self.meetings.record(r).status is not MeetingStatus.CANCELLED
        ]
        records = self.meetings.records()
        chosen = (
            min(upcoming, key=lambda r: records[r].starts_at)
            if upcoming
            else max(range(len(records)), key=lambda r: records[r].starts_at)
        )
        select_id(self.table, records[chosen].id)

    def current_meeting(self) -> Meeting | None:
        """The meeting selected."""
        meeting_id = selected_id(self.table)
        return self.context.store.find(Meeting, meeting_id) if meeting_id else None

    def _selection_moved(self) -> None:
        meeting_id = selected_id(self.table)
        if meeting_id != self._shown_id:
            self._shown_id = meeting_id
            self._load_tabs()
        self._show_heading()
        self._update_buttons()
        meeting = self.current_meeting()
        public = meeting is not None and meeting.kind is MeetingKind.PUBLIC
        self.tabs.setTabVisible(self.tabs.indexOf(self.leaflet), public)

    def _load_tabs(self) -> None:
        """Show the meeting in the tab on view; the others are emptied and load when they come into view."""
        current = self.tabs.currentIndex()
        for index, tab in enumerate(self._meeting_tabs()):
            wanted = self._shown_id if index == current else None
            if self._tab_shows.get(index, "") != wanted:
                tab.set_meeting(wanted)
                self._tab_shows[index] = wanted
        # A tab whose words changed while it was hidden asked for room that nobody heard (Qt sends no layout request
        # for a hidden widget): it asks again once it shows, or the window stayed narrower than the tab needs and
        # cut off its choices' and buttons' words.
        self.tabs.updateGeometry()

    def _meeting_tabs(self) -> tuple[Any, ...]:
        """The tabs that show the chosen meeting, in their order."""
        return (self.agenda, self.attendance, self.live, self.documents, self.translations, self.leaflet)

    def show_meeting(self, meeting_id: str) -> None:
        """Choose the meeting's forum, select the meeting and show it."""
        meeting = self.context.store.get(Meeting, meeting_id)
        index = self.forum.findData(meeting.forum_id)
        if index < 0:
            self._fill_forums()
            index = self.forum.findData(meeting.forum_id)
        if index != self.forum.currentIndex():
            self.forum.setCurrentIndex(index)
        select_id(self.table, meeting_id)
        self._selection_moved()

    def _show_heading(self) -> None:
        meeting = self.current_meeting()
        forum = self.current_forum()
        if meeting is None or forum is None:
            if forum is None:
                text = _(
                    "Meetings belong to a forum (a weekly round, a residents' meeting): create one first."
                )
            elif self.meetings.rowCount():
                text = _("Choose a meeting on the left, or plan the next ones.")
            else:
                text = _("No meeting of this forum yet: plan its next meetings.")
            self.heading.setText(text)
            self.first_step.setText(_("New forum…") if forum is None else _("Plan next meetings…"))
            self.first_step.setVisible(forum is None or not self.meetings.rowCount())
            return
        self.first_step.hide()
        t = i18n.active()
        when = _("{date}, {start}–{end}").format(
            date=t.format_date(meeting.starts_at.date(), "full"),
            start=t.format_time(meeting.starts_at.time()),
            end=t.format_time(meeting.ends_at.time()),
        )
        name = meeting.title or forum.name
        text = f"{name} — {when} · {meeting.status.label}"
        if meeting.status is MeetingStatus.CANCELLED and meeting.cancelled_reason:
            text += f" ({meeting.cancelled_reason})"
        self.heading.setText(text)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Forum):
            self._fill_forums()
        if changes.touches(Meeting):
            self.reload()
            if selected_id(self.table) is None:
                self.select_upcoming()

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        forum = self.current_forum()
        meeting = self.current_meeting()
        planned = meeting is not None and meeting.status is MeetingStatus.PLANNED
        self.forum.setEnabled(self.forum.count() > 0)
        self.new_button.setEnabled(writable and forum is not None)
        self.plan_button.setEnabled(writable and forum is not None)
        self.move_button.setEnabled(writable and planned)
        self.cancel_button.setEnabled(writable and planned)
        self.export_button.setEnabled(self.meetings.rowCount() > 0)
        self.export_one.setEnabled(meeting is not None)
        chairable = meeting is not None and meeting.status is not MeetingStatus.CANCELLED
        self.chair_button.setEnabled(chairable)
        self.chair_action.setEnabled(chairable)

    # -- operations --------------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> None:
        self.context.apply(self, make)

    def _timezone(self, forum_id: str) -> str:
        """The zone of the forum's latest meeting, else this computer's."""
        meetings = meeting_ops.meetings_of(self.context.store, forum_id)
        return meetings[-1].timezone if meetings else local_timezone()

    def new_meeting(self) -> None:
        """Ask for a new meeting's date, time, kind, length and venue, with the forum's usual ones offered."""
        forum = self.current_forum()
        if forum is None or self.context.read_only:
            return
        store = self.context.store
        day = clock.today() + dt.timedelta(days=1)
        if forum.usual_weekday is not None:
            day += dt.timedelta(days=(forum.usual_weekday - day.weekday()) % 7)
        _edit, proposal = meeting_ops.new_meeting(
            store,
            forum.id,
            dt.datetime.combine(day, forum.usual_time or dt.time(10, 0)),
            timezone=self._timezone(forum.id),
        )
        created: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, Meeting)
            edit, meeting = meeting_ops.new_meeting(
                store,
                forum.id,
                record.starts_at,
                timezone=record.timezone,
                kind=record.kind,
                duration_minutes=record.duration_minutes,
                venue=record.venue,
            )
            self.context.run(edit)
            created.append(meeting.id)

        MeetingDialog(self, proposal, submit, new=True).exec()
        if created:
            self.show_meeting(created[0])

    def edit_meeting(self) -> None:
        """Change the selected meeting's time, place, length, kind or title."""
        meeting = self.current_meeting()
        if meeting is None or self.context.read_only:
            return
        store = self.context.store
        MeetingDialog(
            self,
            meeting,
            lambda r: self.context.run(meeting_ops.save_meeting(store, r)),
            new=False,
            people=store.all(Representative, include_archived=True),
            partners=store.all(Partner, include_archived=True),
        ).exec()

    def plan_meetings(self) -> None:
        """Plan the forum's next meetings by its cadence."""
        forum = self.current_forum()
        if forum is None or self.context.read_only:
            return
        store = self.context.store
        zone = self._timezone(forum.id)

        def preview(after: dt.date, count: int) -> list[Meeting]:
            edit = meeting_ops.plan_meetings(store, forum.id, after, count, timezone=zone)
            return [after_ for _before, after_ in edit.steps if isinstance(after_, Meeting)]

        def submit(choice: object) -> None:
            assert isinstance(choice, tuple)
            after, count = choice
            self.context.run(meeting_ops.plan_meetings(store, forum.id, after, count, timezone=zone))

        first = meeting_ops.planning_starts(store, forum.id, clock.today())
        PlanDialog(self, forum.name, first, preview, submit).exec()
        self.select_upcoming()

    def move_meeting(self) -> None:
        """Move the selected meeting; the rest of the series stays."""
        meeting = self.current_meeting()
        if meeting is None or self.context.read_only:
            return
        store = self.context.store

        def submit(when: object) -> None:
            assert isinstance(when, dt.datetime)
            self.context.run(meeting_ops.move_meeting(store, meeting.id, when))

        MoveDialog(self, meeting, submit).exec()

    def cancel_meeting(self) -> None:
        """Cancel the selected meeting, with a reason."""
        meeting = self.current_meeting()
        if meeting is None or self.context.read_only:
            return
        store = self.context.store

        def submit(reason: object) -> None:
            self.context.run(meeting_ops.cancel_meeting(store, meeting.id, str(reason)))

        CancelDialog(self, meeting, submit).exec()

    def export_calendar(self, *, series: bool) -> None:
        """Write the selected meeting (or the forum's meetings from today on) to an iCalendar file."""
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see ui/errors.py

        from facilitator.exports.ics import write_calendar  # noqa: PLC0415 - only when exporting

        forum = self.current_forum()
        meeting = self.current_meeting()
        if forum is None:
            return
        store = self.context.store
        if series:
            today = dt.datetime.combine(clock.today(), dt.time())
            meetings = [m for m in meeting_ops.meetings_of(store, forum.id) if m.starts_at >= today]
        else:
            meetings = [meeting] if meeting else []
        if not meetings:
            QMessageBox.information(self, _("Nothing to export"), _("There is no meeting from today on."))
            return
        suggested = (
            file_name_for(forum.name if series else f"{forum.name} {meetings[0].starts_at:%Y-%m-%d}") + ".ics"
        )
        path, _filter = QFileDialog.getSaveFileName(self, _("Export to calendar"), suggested, _(ICS_FILTER))
        if not path:
            return
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".ics")
        agendas: dict[str, list[AgendaItem]] = {m.id: meeting_ops.agenda(store, m.id) for m in meetings}
        written: Path | None = write_chosen(
            self,
            target,
            lambda path: write_calendar(path, meetings, {forum.id: forum}, agendas=agendas),
            _("Cannot write the calendar file"),
        )
        if written is None:
            return
        target = written
        self.last_export = target
        status = getattr(self.window(), "statusBar", None)
        if status is not None:
            status().showMessage(
                i18n.ngettext(
                    "{count} meeting written to {name}", "{count} meetings written to {name}", len(meetings)
                ).format(count=len(meetings), name=target.name),
                8000,
            )

    def chair_mode(self) -> ChairWindow | None:
        """Chair the meeting chosen in a window of its own (made for a laptop on the table)."""
        meeting = self.current_meeting()
        if meeting is None:
            return None
        if self.chair_window is not None:
            self.chair_window.close()
        self.live.save_notes()  # the tab's typing is stored before the chair's window reads the item
        window = ChairWindow(self.context, meeting.id)  # a window of its own: activated, moved, closed alone
        window.closed.connect(lambda: self._chair_closed(window))
        self.chair_window = window
        window.show()
        window.activateWindow()
        return window

    def _chair_closed(self, window: ChairWindow) -> None:
        if self.chair_window is window:
            self.chair_window = None
        window.deleteLater()

    def _open_tab(self, name: str) -> None:
        """Show the tab where a text the leaflet's advice names is edited ("agenda" or "translations")."""
        self.open_tab(name)

    def open_tab(self, name: str) -> None:
        """Show the meeting's tab named ``name`` (agenda, attendance, live, documents, translations)."""
        tab = {
            "agenda": self.agenda,
            "attendance": self.attendance,
            "live": self.live,
            "documents": self.documents,
            "translations": self.translations,
        }.get(name)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            self._load_tabs()

    def choose_forum(self, forum_id: str) -> None:
        """Show the meetings of ``forum_id``."""
        index = self.forum.findData(forum_id)
        if index >= 0:
            self.forum.setCurrentIndex(index)

    def do_first_step(self) -> None:
        """The button under an empty heading: a forum first, then its meetings."""
        if self.current_forum() is not None:
            self.plan_meetings()
            return
        elsewhere(self, "forums", "create_forum")()

    def retranslate(self) -> None:
        """Show every label in the current language."""
        # Spoken names (screen readers).
        self.table.setAccessibleName(_("Meetings"))
        self.tabs.setAccessibleName(_("Meeting"))
        self.title.setText(_("Meetings"))
        self.forum_label.setText(_("&Forum:"))
        self.new_button.setText(_("New meeting…"))
        self.plan_button.setText(_("Plan next meetings…"))
        self.move_button.setText(_("Move…"))
        self.cancel_button.setText(_("Cancel meeting…"))
        self.export_button.setText(_("Export to calendar…"))
        retitle(self.chair_action)
        self.chair_button.setText(_("Chair mode"))
        self.chair_button.setToolTip(
            _("Chair this meeting with nothing else on screen ({keys})").format(keys=keys_text("chair_mode"))
        )
        if self.chair_window is not None:
            self.chair_window.retranslate()
        self.export_one.setText(_("This meeting…"))
        self.export_series.setText(_("This forum's meetings from today on…"))
        self.tabs.setTabText(0, _("Agenda"))
        self.tabs.setTabText(1, _("Attendance"))
        self.tabs.setTabText(2, _("Live"))
        self.tabs.setTabText(3, _("Documents"))
        self.tabs.setTabText(4, _("Translations"))
        self.tabs.setTabText(self.tabs.indexOf(self.leaflet), _("Leaflet"))
        self.meetings.retranslate()
        if self.meetings.rowCount():
            self._fit_table()  # dates are longer in some languages
        for tab in self._meeting_tabs():
            tab.retranslate()
        self._show_heading()
