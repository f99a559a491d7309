"""The Meetings screen driven as a coordinator would: create, plan, move, cancel, export, and open quickly."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle

from facilitator import clock as app_clock
from facilitator import meeting_ops, operations
from facilitator.entities import Cadence, Forum, Membership, Partner, Representative, Sector
from facilitator.meetings import AgendaItem, Meeting, MeetingKind, MeetingStatus, is_known_timezone
from facilitator.operations import Edit
from facilitator.ui import meeting_dialogs
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.meeting_dialogs import (
    CancelDialog,
    MeetingDialog,
    MoveDialog,
    PlanDialog,
    date_of,
    local_timezone,
    time_of,
)
from facilitator.ui.meetings_screen import MeetingsModel, MeetingsScreen

FIRST = dt.date(2031, 3, 3)  # a Monday, safely in the future


@pytest.fixture
def screen(window: MainWindow) -> MeetingsScreen:
    window.navigation.setCurrentRow([name for name, *_rest in SCREENS].index("meetings"))
    found = window.screens["meetings"]
    assert isinstance(found, MeetingsScreen)
    assert window.current_screen() is found
    return found


def _forum(window: MainWindow) -> Forum:
    assert window.context is not None
    return window.context.store.all(Forum)[0]


def _plan(window: MainWindow, count: int = 4) -> list[Meeting]:
    assert window.context is not None
    store = window.context.store
    forum = _forum(window)
    window.context.run(meeting_ops.plan_meetings(store, forum.id, FIRST, count, timezone="Europe/Brussels"))
    return meeting_ops.meetings_of(store, forum.id)


def _plan_in_dialog(screen: MeetingsScreen, modals: Any, count: int, *, accept: bool) -> str:
    """Plan ``count`` meetings from ``FIRST`` in the planning dialog, then OK or Cancel: what the dialog said
    planning would do."""
    said: list[str] = []

    def plan(dialog: PlanDialog) -> None:
        dialog.first.setDate(dialog.first.date().fromString(FIRST.isoformat(), "yyyy-MM-dd"))
        dialog.count.setValue(count)
        said.append(dialog.outcome.text())
        if accept:
            dialog.accept()
        else:
            dialog.reject()

    modals.fill["PlanDialog"] = plan
    screen.plan_meetings()
    (outcome,) = said
    return outcome


def test_meetings_come_right_after_home_in_the_navigation(window: MainWindow) -> None:
    assert window.navigation.item(1).text() == "Meetings"
    assert window.view_actions[1].shortcut().toString() == "Ctrl+2"
    window.view_actions[1].trigger()
    assert isinstance(window.current_screen(), MeetingsScreen)


def test_create_a_meeting_through_the_dialog(window: MainWindow, screen: MeetingsScreen, modals: Any) -> None:
    seen: list[MeetingDialog] = []

    def fill(dialog: MeetingDialog) -> None:
        seen.append(dialog)
        assert dialog.duration.value() == 90  # the forum's usual length is offered
        assert is_known_timezone(dialog.timezone.currentData())
        assert dialog.timezone.currentText() == "London (United Kingdom Time)"  # in the users' words
        dialog.date.setDate(dialog.date.date().fromString("2031-03-05", "yyyy-MM-dd"))
        dialog.time.setTime(dialog.time.time().fromString("14:30", "HH:mm"))
        dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.EXTRAORDINARY))
        dialog.duration.setValue(120)
        dialog.venue.setText("Community centre, room 3")
        dialog.timezone.setCurrentIndex(dialog.timezone.findData("Europe/Brussels"))
        dialog.accept()

    modals.fill["MeetingDialog"] = fill
    screen.new_meeting()
    assert seen and seen[0].result() == MeetingDialog.DialogCode.Accepted
    assert window.context is not None
    store = window.context.store
    (meeting,) = store.all(Meeting)
    assert meeting.starts_at == dt.datetime(2031, 3, 5, 14, 30)
    assert (meeting.kind, meeting.duration_minutes, meeting.timezone) == (
        MeetingKind.EXTRAORDINARY,
        120,
        "Europe/Brussels",
    )
    assert meeting.venue == "Community centre, room 3"
    assert screen.current_meeting() == meeting
    assert screen.meetings.rowCount() == 1
    assert screen.meetings.index(0, 0).data() == "Mar 5, 2031"
    assert screen.meetings.index(0, 2).data() == "Planned"
    assert "Wednesday, March 5, 2031" in screen.heading.text()
    # The agenda and the roll were built by the core and are on show.
    assert screen.agenda.model.rowCount() == len(meeting_ops.agenda(store, meeting.id)) == 7
    screen.tabs.setCurrentWidget(screen.attendance)  # a tab loads when it comes into view
    assert screen.attendance.roll.rowCount() == 1
    screen.tabs.setCurrentWidget(screen.agenda)
    assert "Create meeting" in window.undo_action.text()
    window.undo_action.trigger()
    assert store.all(Meeting) == []
    assert screen.meetings.rowCount() == 0
    assert screen.agenda.model.rowCount() == 0


def test_refused_meeting_keeps_the_dialog_open(
    screen: MeetingsScreen, modals: Any, window: MainWindow
) -> None:
    errors: list[str] = []

    def fill(dialog: MeetingDialog) -> None:
        dialog.timezone.addItem(
            "Mars/Olympus_Mons", "Mars/Olympus_Mons"
        )  # as a file from elsewhere could hold
        dialog.timezone.setCurrentIndex(dialog.timezone.count() - 1)
        dialog.accept()
        errors.append(dialog.error.text())
        assert dialog.result() != MeetingDialog.DialogCode.Accepted
        dialog.reject()

    modals.fill["MeetingDialog"] = fill
    screen.new_meeting()
    assert errors and errors[0].startswith("Time zone:")
    assert window.context is not None
    assert window.context.store.all(Meeting) == []


def test_plan_four_weekly_meetings_then_move_one_and_cancel_another(
    window: MainWindow, screen: MeetingsScreen, modals: Any
) -> None:
    said = _plan_in_dialog(screen, modals, 4, accept=True)
    assert said.startswith("4 meetings, from Monday, March 3, 2031 to Monday, March 24, 2031")
    assert window.context is not None
    store = window.context.store
    meetings = meeting_ops.meetings_of(store, _forum(window).id)
    assert [m.starts_at.date() for m in meetings] == [FIRST + dt.timedelta(days=7 * i) for i in range(4)]
    assert screen.meetings.rowCount() == 4
    assert screen.current_meeting() == meetings[0]  # the next one is selected

    # Planning the same dates again would create nothing, and the dialog says so before anything is written.
    said = _plan_in_dialog(screen, modals, 5, accept=False)
    assert said.startswith("1 meeting, from Monday, March 31, 2031")
    assert "(4 dates already have a meeting.)" in said

    screen.show_meeting(meetings[1].id)

    def move(dialog: MoveDialog) -> None:
        dialog.date.setDate(dialog.date.date().addDays(1))
        dialog.time.setTime(dialog.time.time().fromString("14:00", "HH:mm"))
        dialog.accept()

    modals.fill["MoveDialog"] = move
    screen.move_meeting()
    after = meeting_ops.meetings_of(store, _forum(window).id)
    assert after[1].starts_at == dt.datetime.combine(FIRST + dt.timedelta(days=8), dt.time(14, 0))
    assert [m.starts_at for i, m in enumerate(after) if i != 1] == [
        m.starts_at for i, m in enumerate(meetings) if i != 1
    ]
    assert screen.current_meeting() is not None
    assert screen.current_meeting().id == meetings[1].id  # type: ignore[union-attr]

    screen.show_meeting(meetings[2].id)

    def cancel(dialog: CancelDialog) -> None:
        dialog.reason.setPlainText("Police operation in the square; room not available")
        dialog.accept()

    modals.fill["CancelDialog"] = cancel
    screen.cancel_meeting()
    cancelled = store.get(Meeting, meetings[2].id)
    assert cancelled.status is MeetingStatus.CANCELLED
    assert cancelled.cancelled_reason == "Police operation in the square; room not available"
    assert [store.get(Meeting, m.id).status for m in meetings] == [
        MeetingStatus.PLANNED,
        MeetingStatus.PLANNED,
        MeetingStatus.CANCELLED,
        MeetingStatus.PLANNED,
    ]
    row = screen.meetings.row_of(cancelled.id)
    assert screen.meetings.index(row, 2).data() == "Cancelled"
    assert screen.meetings.index(row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "room not available" in screen.meetings.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert not screen.move_button.isEnabled() and not screen.cancel_button.isEnabled()
    assert "Cancelled" in screen.heading.text()

    window.undo_action.trigger()
    assert store.get(Meeting, meetings[2].id).status is MeetingStatus.PLANNED
    window.undo_action.trigger()
    assert store.get(Meeting, meetings[1].id).starts_at == meetings[1].starts_at
    window.redo_action.trigger()
    assert store.get(Meeting, meetings[1].id).starts_at.time() == dt.time(14, 0)


def test_past_meetings_are_greyed_and_the_next_one_is_selected(
    window: MainWindow, screen: MeetingsScreen
) -> None:
    assert window.context is not None
    store = window.context.store
    forum = _forum(window)
    past = app_clock.local_now() - dt.timedelta(days=30)
    edit, old = meeting_ops.new_meeting(store, forum.id, past, timezone=local_timezone())
    window.context.run(edit)
    everything = _plan(window, 2)
    assert everything[0] == old
    screen.reload()
    screen.select_upcoming()
    assert screen.current_meeting() == everything[1]
    assert everything[1].starts_at.date() == FIRST
    old_row = screen.meetings.row_of(old.id)
    assert screen.meetings.is_past(old_row)
    assert screen.meetings.index(old_row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    last = screen.meetings.row_of(everything[-1].id)
    assert screen.meetings.index(last, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_show_meeting_chooses_the_forum_too(window: MainWindow, screen: MeetingsScreen) -> None:
    assert window.context is not None
    store = window.context.store
    other = Forum(name="Mayor's monthly round")
    window.context.run(operations.save_forum(store, other))
    edit, meeting = meeting_ops.new_meeting(store, other.id, dt.datetime(2031, 5, 6, 9, 0), timezone="UTC")
    window.context.run(edit)
    _plan(window, 1)
    screen.forum.setCurrentIndex(screen.forum.findData(_forum(window).id))
    assert screen.current_meeting() != meeting
    screen.show_meeting(meeting.id)
    assert screen.forum.currentData() == other.id
    assert screen.current_meeting() == meeting
    assert screen.agenda.model.rowCount() == 7
    assert screen.tabs.tabText(0) == "Agenda" and screen.tabs.tabText(1) == "Attendance"
    assert screen.tabs.tabText(2) == "Live"


def test_export_one_meeting_and_the_series_to_calendar(
    window: MainWindow, screen: MeetingsScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = _plan(window, 3)
    target = tmp_path / "round"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    screen.show_meeting(meetings[1].id)
    assert screen.export_button.isEnabled() and screen.export_button.menu() is screen.export_menu
    screen.export_one.trigger()
    written = target.with_suffix(".ics")
    assert screen.last_export == written
    calendar = icalendar.Calendar.from_ical(written.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert "Station Square weekly round" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART").replace(tzinfo=None) == meetings[1].starts_at
    screen.export_series.trigger()
    events = list(icalendar.Calendar.from_ical(written.read_bytes()).walk("VEVENT"))
    assert len(events) == 3


def test_local_timezone_reads_tz_then_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    assert local_timezone() == "Europe/London"  # the frozen clock's zone wins while it is in use
    app_clock.use(app_clock.SystemClock())  # the fixture puts the frozen clock back afterwards
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert local_timezone() == "Europe/Paris"
    monkeypatch.setenv("TZ", ":America/New_York")
    assert local_timezone() == "America/New_York"
    monkeypatch.setenv("TZ", "Nowhere/Nothing")
    assert is_known_timezone(local_timezone())
    monkeypatch.delenv("TZ")
    assert is_known_timezone(local_timezone())
    # Windows has no /etc/localtime: Qt names the zone (it maps "Romance Standard Time" to an IANA name).
    from PySide6.QtCore import QByteArray, QTimeZone

    monkeypatch.setattr(meeting_dialogs, "LOCALTIME", Path("/nonexistent/localtime"))
    monkeypatch.setattr(QTimeZone, "systemTimeZoneId", staticmethod(lambda: QByteArray(b"Europe/Brussels")))
    assert local_timezone() == "Europe/Brussels"
    monkeypatch.setattr(QTimeZone, "systemTimeZoneId", staticmethod(lambda: QByteArray(b"")))
    assert local_timezone() == "UTC"


def test_dialog_helpers_read_what_was_entered(qapp) -> None:
    date = meeting_dialogs.date_edit(dt.date(2031, 2, 28))
    assert date_of(date) == dt.date(2031, 2, 28)
    clock = meeting_dialogs.time_edit(dt.time(18, 45))
    assert time_of(clock) == dt.time(18, 45)


@pytest.fixture
def meetings_model(qapp) -> MeetingsModel:
    model = MeetingsModel()
    model.reset_meetings(
        [
            Meeting(forum_id="f", starts_at=dt.datetime(2020, 1, 6, 10, 0), status=MeetingStatus.HELD),
            Meeting(
                forum_id="f",
                starts_at=dt.datetime(2031, 1, 6, 10, 0),
                status=MeetingStatus.CANCELLED,
                cancelled_reason="Snow <b>&</b>",
            ),
            Meeting(forum_id="f", starts_at=dt.datetime(2031, 1, 13, 10, 0), venue="Town hall"),
        ]
    )
    return model


def test_meetings_model_passes_qt_model_tester(meetings_model: MeetingsModel, qtmodeltester) -> None:
    qtmodeltester.check(meetings_model, force_py=True)
    assert meetings_model.is_past(0) and not meetings_model.is_past(2)
    assert meetings_model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "Cancelled: Snow <b>&</b>"


def _big_meeting(window: MainWindow, partners: int = 40, extra_items: int = 23) -> tuple[str, str]:
    """A forum with 40 seated partners and two meetings of 30 items and 40 on the roll each."""
    assert window.context is not None
    store = window.context.store
    forum = _forum(window)
    steps: list[tuple[object, object]] = []
    for n in range(partners):
        partner = Partner(name=f"Partner {n:02d}", sector=Sector.OTHER)
        person = Representative(name=f"Person {n:02d}", partner_id=partner.id, may_decide=n % 3 != 0)
        steps += [(None, partner), (None, person)]
        steps.append(
            (None, Membership(forum_id=forum.id, partner_id=partner.id, main_representative_id=person.id))
        )
    window.context.run(Edit("seat forty partners", tuple(steps)))  # type: ignore[arg-type]
    ids = []
    for day in (3, 10):
        edit, meeting = meeting_ops.new_meeting(
            store, forum.id, dt.datetime(2031, 3, day, 10), timezone="UTC"
        )
        window.context.run(edit)
        items = [
            AgendaItem(meeting_id=meeting.id, position=100 + i, title=f"Item {i}", minutes_allowed=3)
            for i in range(extra_items)
        ]
        window.context.run(Edit("items", tuple((None, item) for item in items)))
        ids.append(meeting.id)
    return ids[0], ids[1]


def test_switching_between_big_meetings_shows_each_on_every_tab(
    window: MainWindow, screen: MeetingsScreen
) -> None:
    """Two meetings of 30 items and 41 on the roll, switched back and forth on each tab: every switch shows the
    meeting chosen, whole. How fast it is, is measured by bench/meetings.py, never asserted here."""
    first, second = _big_meeting(window)
    screen.show_meeting(first)
    assert screen.agenda.model.rowCount() == 30
    for tab in (screen.agenda, screen.attendance, screen.live):
        screen.tabs.setCurrentWidget(tab)
        for meeting_id in (second, first, second, first, second, first):
            screen.show_meeting(meeting_id)
            QApplication.processEvents()  # laid out and painted too, not only loaded
            assert screen.current_meeting().id == meeting_id  # type: ignore[union-attr]
            # Only the tab in front loads (that is what keeps switching quick): it shows the meeting whole.
            if tab is screen.attendance:
                assert screen.attendance.roll.rowCount() == 41  # forty partners and the seeded inspector
            elif tab is screen.live:
                assert screen.live.meeting_id() == meeting_id
            else:
                assert screen.agenda.model.rowCount() == 30
    assert screen.current_meeting().id == first  # type: ignore[union-attr]


def test_the_chair_and_the_minute_taker_are_chosen_in_the_meeting_dialog(
    window: MainWindow, screen: MeetingsScreen, modals: Any
) -> None:
    """Editing a meeting offers everyone the partnership knows, by organisation; the choice is stored, undone,
    and a new meeting's dialog does not ask yet."""
    assert window.context is not None
    store = window.context.store
    partner = Partner(name="Harbour Lane Drug and Alcohol Service", short_name="Harbour Lane")
    window.context.run(operations.save_partner(store, partner))
    aminata = Representative(name="Aminata Diallo", partner_id=partner.id)
    yusuf = Representative(name="Yusuf Al-Haddad", partner_id=partner.id)
    for person in (aminata, yusuf):
        window.context.run(operations.save_representative(store, person))
    meeting = _plan(window, 1)[0]
    screen.show_meeting(meeting.id)
    offered: list[list[str]] = []

    def fill(dialog: MeetingDialog) -> None:
        assert dialog.form.isRowVisible(dialog.chair) and dialog.form.isRowVisible(dialog.minute_taker)
        offered.append([dialog.chair.itemText(i) for i in range(dialog.chair.count())])
        dialog.chair.setCurrentIndex(dialog.chair.findData(aminata.id))
        dialog.minute_taker.setCurrentIndex(dialog.minute_taker.findData(yusuf.id))
        dialog.accept()

    modals.fill["MeetingDialog"] = fill
    screen.edit_meeting()
    assert "Aminata Diallo — Harbour Lane" in offered[0] and offered[0][0] == "Nobody named"
    stored = store.get(Meeting, meeting.id)
    assert (stored.chair_id, stored.minute_taker_id) == (aminata.id, yusuf.id)
    assert stored.sequence == meeting.sequence  # no calendar revision: a calendar does not show who chairs
    window.undo_action.trigger()
    assert store.get(Meeting, meeting.id).chair_id is None

    def new(dialog: MeetingDialog) -> None:
        assert dialog.form.indexOf(dialog.chair) < 0  # settled nearer the day, when editing the meeting
        dialog.reject()

    modals.fill["MeetingDialog"] = new
    screen.new_meeting()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_venue_column_ends_inside_its_pane_at_1366(
    window: MainWindow, screen: MeetingsScreen, language: str, qtbot: Any
) -> None:
    """At 1366 x 768 the list keeps every column inside its pane: the venue takes the room left and is elided in
    the middle, its tooltip holding it whole (it used to run past the pane's edge, cut off)."""
    assert window.context is not None
    store = window.context.store
    forum = _forum(window)
    venue = "Station Square Community Centre, Hall B (ground floor, step-free entrance from Mill Lane)"
    window.context.run(operations.save_forum(store, replace(forum, usual_venue=venue)))
    _plan(window, 2)
    window.change_language(language)
    window.resize(1366, 768)
    window.show()
    screen.reload()
    QApplication.processEvents()
    header = screen.table.horizontalHeader()
    venue_column = MeetingsModel.VENUE
    assert screen.table.isColumnHidden(MeetingsModel.KIND)  # "Regular" on every row: no column for it

    def inside() -> bool:  # the header lays its sections out a moment after the window is resized
        right = header.sectionViewportPosition(venue_column) + header.sectionSize(venue_column)
        return right <= screen.table.viewport().width()

    qtbot.waitUntil(inside, timeout=2000)
    assert header.sectionSize(venue_column) >= 60  # room enough to say where
    assert screen.table.textElideMode() is Qt.TextElideMode.ElideMiddle
    cell = screen.meetings.index(0, venue_column)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == venue


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_a_meeting_started_after_the_list_was_fitted_shows_its_status_whole(
    window: MainWindow, screen: MeetingsScreen, language: str
) -> None:
    """The list's columns are fitted once, to the meetings it holds then: planned and held ones. The chair then
    starts today's meeting and its row said "En …urs" ("In Bearb…"): the status column holds every status a
    meeting can come to, in the window's language."""
    assert window.context is not None
    window.change_language(language)
    meetings = _plan(window, 2)
    screen.reload()
    QApplication.processEvents()
    window.context.run(meeting_ops.start_meeting(window.context.store, meetings[0].id, app_clock.now()))
    QApplication.processEvents()
    status = MeetingsModel.STATUS
    row = screen.meetings.row_of(meetings[0].id)
    assert screen.meetings.index(row, status).data() == MeetingStatus.IN_PROGRESS.label
    assert screen.table.horizontalHeader().sectionSize(status) >= screen.table.sizeHintForColumn(status)


@pytest.mark.parametrize(
    ("cadence", "held", "expected"),
    [
        # The 2nd Thursday of each month: the next one is the 2nd Thursday of the next month, not the 3rd.
        (Cadence.MONTHLY, [dt.date(2031, 1, 9), dt.date(2031, 2, 13)], dt.date(2031, 3, 13)),
        # Every other Monday: a fortnight after the last, not a week.
        (Cadence.FORTNIGHTLY, [dt.date(2031, 3, 3), dt.date(2031, 3, 17)], dt.date(2031, 3, 31)),
    ],
)
def test_plan_next_meetings_goes_on_with_the_forums_series(
    window: MainWindow,
    screen: MeetingsScreen,
    modals: Any,
    *,
    cadence: Cadence,
    held: list[dt.date],
    expected: dt.date,
) -> None:
    """ "Plan next meetings…" proposes the days after the forum's latest meeting. It started from the day after
    it, so the Mayor's round (2nd Thursday) went on on the 3rd Thursday, and a fortnightly round met again one
    week later; accepting the dialog as offered planned them there."""
    assert window.context is not None
    store = window.context.store
    forum = replace(_forum(window), cadence=cadence, usual_weekday=held[0].weekday())
    window.context.run(operations.save_forum(store, forum))
    for day in held:
        edit, _meeting = meeting_ops.new_meeting(
            store, forum.id, dt.datetime.combine(day, dt.time(9)), timezone="Europe/Brussels"
        )
        window.context.run(edit)
    screen.reload()

    def plan(dialog: PlanDialog) -> None:
        dialog.count.setValue(2)
        dialog.accept()  # as offered

    modals.fill["PlanDialog"] = plan
    screen.plan_meetings()
    days = [m.starts_at.date() for m in meeting_ops.meetings_of(store, forum.id)]
    assert next(day for day in days if day > held[-1]) == expected


def test_any_forums_dates_and_times_show_whole_in_the_list(
    window: MainWindow, screen: MeetingsScreen
) -> None:
    """The list is fitted once, to the first forum's meetings: a later forum's "10:00 AM" showed "10…AM" where the
    first one met at 9:00. Each forum's dates and times now show whole."""
    assert window.context is not None
    store = window.context.store
    first = store.all(Forum)[0]
    window.context.run(operations.save_forum(store, Forum(name="Mayor's round")))
    other = next(f for f in store.all(Forum) if f.id != first.id)
    start = dt.datetime.combine(FIRST, dt.time(9, 0))
    window.context.run(meeting_ops.new_meeting(store, first.id, start, timezone="UTC")[0])
    late = dt.datetime.combine(dt.date(2031, 9, 28), dt.time(22, 58))  # a wide month, two digits of hour, PM
    window.context.run(meeting_ops.new_meeting(store, other.id, late, timezone="UTC")[0])
    header = screen.table.horizontalHeader()
    metrics = screen.table.fontMetrics()
    # As a cell lays its text out: a margin either side and the grid's line, else Qt elides it.
    margin = screen.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, screen.table) + 1
    for forum in (first, other):
        screen.forum.setCurrentIndex(screen.forum.findData(forum.id))
        QApplication.processEvents()
        model = screen.table.model()
        for row in range(model.rowCount()):
            for column in (MeetingsModel.DATE, MeetingsModel.TIME):
                text = model.index(row, column).data()
                needed = metrics.horizontalAdvance(text) + 2 * margin + 1
                assert needed <= header.sectionSize(column), (forum.name, text)
