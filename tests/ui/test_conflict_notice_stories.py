"""End to end through the window, on a real SQLite file: a conflict raised, worked through and resolved while
the forum's meetings table it; a short notice given, tabled, answered by every partner it affects, and settled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QMessageBox

from facilitator.conflicts import Conflict, ConflictStage, timeline
from facilitator.entities import Forum, Partner
from facilitator.meeting_ops import agenda
from facilitator.meetings import ItemKind, Meeting
from facilitator.notices import Notice, NoticeStatus, ResponseKind
from facilitator.storage import open_partnership
from facilitator.tablings import tablings_at
from facilitator.ui.conflict_dialogs import ConflictDialog, MoveConflictDialog
from facilitator.ui.conflicts_screen import ConflictsScreen
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.meeting_dialogs import MeetingDialog
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.notice_dialogs import NoticeDialog, ResponseDialog
from facilitator.ui.notices_screen import NoticesScreen
from tests.conftest import stand_on
from tests.ui.register_tests import check, set_notice_status


def _go(window: MainWindow, name: str) -> Any:
    window.navigation.setCurrentRow([n for n, _t, _c in SCREENS].index(name))
    screen = window.current_screen()
    assert screen is window.screens[name]
    return screen


def _partner(window: MainWindow, name: str) -> Partner:
    assert window.context is not None
    return next(p for p in window.context.store.all(Partner) if p.name == name)


def _hold_meeting(window: MainWindow, modals: Any, day: QDate) -> Meeting:
    """A new meeting of the seeded forum, made on the Meetings screen and held on its day from the live view:
    what it tables is fixed as it starts."""
    meetings: MeetingsScreen = _go(window, "meetings")

    def fill(dialog: MeetingDialog) -> None:
        dialog.date.setDate(day)
        dialog.time.setTime(QTime(10, 0))
        dialog.timezone.setCurrentIndex(dialog.timezone.findData("Europe/Brussels"))
        dialog.accept()

    modals.fill["MeetingDialog"] = fill
    meetings.new_meeting()
    meeting = meetings.current_meeting()
    assert meeting is not None and meeting.starts_at.date() == day.toPython()
    stand_on(day.toPython(), dt.time(10, 0))
    meetings.tabs.setCurrentWidget(meetings.live)
    meetings.live.start_meeting()
    meetings.live.end_meeting()
    return meeting


def _move(window: MainWindow, modals: Any, stage: ConflictStage, day: QDate, note: str, **more: Any) -> None:
    screen: ConflictsScreen = _go(window, "conflicts")

    def fill(dialog: MoveConflictDialog) -> None:
        dialog.stage.setCurrentIndex(dialog.stage.findData(stage))
        dialog.on.setDate(day)
        dialog.note.setPlainText(note)
        if "meeting_id" in more:
            dialog.meeting.setCurrentIndex(dialog.meeting.findData(more["meeting_id"]))
        for field in ("mediator", "resolution", "lessons"):
            if field in more:
                widget = getattr(dialog, field)
                (widget.setText if field == "mediator" else widget.setPlainText)(more[field])
        dialog.accept()
        assert dialog.result() == MoveConflictDialog.DialogCode.Accepted, dialog.error.text()

    modals.fill["MoveConflictDialog"] = fill
    screen.move_stage()


def test_a_conflict_is_raised_worked_through_and_resolved(
    window: MainWindow, modals: Any, seeded_db: Path
) -> None:
    assert window.context is not None
    store = window.context.store
    police = _partner(window, "City Police")
    residents = _partner(window, "Residents of Station Square")
    screen: ConflictsScreen = _go(window, "conflicts")
    stand_on(dt.date(2030, 3, 1))

    def raise_it(dialog: ConflictDialog) -> None:
        dialog.title_edit.setText("Complaint about how stop-and-search is done")
        dialog.description.setPlainText("Young people searched in front of shops, no record slip given.")
        dialog.raised_by.setCurrentIndex(dialog.raised_by.findData(residents.id))
        check(dialog.parties, police.id, residents.id)
        dialog.accept()

    modals.fill["ConflictDialog"] = raise_it
    screen.raise_new()
    (conflict,) = store.all(Conflict)
    assert screen.current() == conflict

    _move(window, modals, ConflictStage.ACKNOWLEDGED, QDate(2030, 3, 2), "The police acknowledged it")
    first = _hold_meeting(window, modals, QDate(2030, 3, 4))
    (tabled,) = tablings_at(store, first.id, "conflicts")
    assert tabled.subject_id == conflict.id and tabled.state_then == ConflictStage.ACKNOWLEDGED.value
    conflict_item = next(i for i in agenda(store, first.id) if i.kind is ItemKind.CONFLICT)
    assert tabled.item_id == conflict_item.id

    _move(
        window,
        modals,
        ConflictStage.IN_DISCUSSION,
        QDate(2030, 3, 4),
        "Discussed; the police will brief officers",
        meeting_id=first.id,
    )
    _move(
        window, modals, ConflictStage.IN_MEDIATION, QDate(2030, 3, 6), "Mediation agreed", mediator="Dr Marsh"
    )
    second = _hold_meeting(window, modals, QDate(2030, 3, 11))
    assert [t.subject_id for t in tablings_at(store, second.id, "conflicts")] == [conflict.id]
    _move(
        window,
        modals,
        ConflictStage.RESOLVED,
        QDate(2030, 3, 12),
        "Agreed at mediation",
        resolution="Record slips handed out; a joint briefing for officers",
        lessons="Bring residents in before complaints pile up",
    )
    after = _hold_meeting(window, modals, QDate(2030, 3, 18))
    assert tablings_at(store, after.id, "conflicts") == []

    screen = _go(window, "conflicts")
    screen.show_conflict(conflict.id)
    steps = timeline(store, conflict.id)
    assert [s.stage for s in steps] == [
        ConflictStage.RAISED,
        ConflictStage.ACKNOWLEDGED,
        ConflictStage.IN_DISCUSSION,
        ConflictStage.IN_MEDIATION,
        ConflictStage.RESOLVED,
    ]
    assert screen.steps.rowCount() == 5
    assert screen.steps.index(2, 3).data().startswith("Mar 4, 2030")  # the meeting where it was discussed
    assert "Record slips handed out" in screen.outcome.text()
    assert "Bring residents in" in screen.outcome.text()
    window.close()
    with open_partnership(seeded_db, read_only=True) as reopened:
        stored = reopened.get(Conflict, conflict.id)
        assert (stored.stage, stored.mediator) == (ConflictStage.RESOLVED, "Dr Marsh")
        assert stored.lessons == "Bring residents in before complaints pile up"


def test_a_short_notice_is_tabled_answered_and_settled(
    window: MainWindow, modals: Any, seeded_db: Path
) -> None:
    assert window.context is not None
    store = window.context.store
    forum = store.all(Forum)[0]
    police = _partner(window, "City Police")
    residents = _partner(window, "Residents of Station Square")
    outreach = _partner(window, "Outreach North")
    screen: NoticesScreen = _go(window, "notices")
    stand_on(dt.date(2030, 3, 1))
    warnings: list[str] = []

    def give(dialog: NoticeDialog) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(outreach.id))
        dialog.title_edit.setText("The outreach van moves to Church Street")
        dialog.description.setPlainText("From the station forecourt to Church Street, near the school")
        dialog.reason.setPlainText("The station operator ends the permit")
        dialog.given_on.setDate(QDate(2030, 3, 1))
        dialog.takes_effect_on.setDate(QDate(2030, 3, 10))
        check(dialog.forums, forum.id)
        check(dialog.partners_affected, police.id, residents.id)
        warnings.append(dialog.warning.text())
        dialog.accept()

    modals.fill["NoticeDialog"] = give
    modals.fill["QMessageBox"] = lambda box: box.done(QMessageBox.StandardButton.Save)
    screen.give_new()
    assert warnings == [
        "Short notice: below the 14-day minimum for Station Square weekly round; "
        "no meeting of Station Square weekly round before it takes effect"
    ]
    assert any(isinstance(d, QMessageBox) and d.windowTitle() == "Short notice" for d in modals.opened)
    (notice,) = store.all(Notice)
    assert notice.status is NoticeStatus.GIVEN

    meeting = _hold_meeting(window, modals, QDate(2030, 3, 4))
    (tabled,) = tablings_at(store, meeting.id, "notices")
    assert tabled.subject_id == notice.id
    assert store.get(Notice, notice.id).status is NoticeStatus.TABLED
    screen = _go(window, "notices")
    screen.show_notice(notice.id)
    assert "no meeting of" not in screen.short.text()  # a meeting now falls in between
    assert "below the 14-day minimum" in screen.short.text()
    assert screen.answers_title.text() == "Answers of the partners affected (2 missing)"

    for partner, kind, text in (
        (police, ResponseKind.HAS_CONCERNS, "Patrols near the school must change"),
        (residents, ResponseKind.OBJECTS, "Too close to the school gate"),
    ):

        def answer(
            dialog: ResponseDialog, partner: Partner = partner, kind: Any = kind, text: str = text
        ) -> None:
            dialog.partner.setCurrentIndex(dialog.partner.findData(partner.id))
            dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
            dialog.text.setPlainText(text)
            dialog.accept()

        modals.fill["ResponseDialog"] = answer
        screen.record_answer()
    assert screen.answers_title.text() == "Answers of the partners affected (all answered)"
    assert [screen.answers.index(r, 1).data() for r in range(2)] == ["Has concerns", "Objects"]

    outcome = "The van parks on the far side of Church Street, away from the school"
    set_notice_status(screen, modals, NoticeStatus.AGREED_WITH_CONDITIONS, outcome)
    assert "far side of Church Street" in screen.outcome.text()
    window.close()
    with open_partnership(seeded_db, read_only=True) as reopened:
        stored = reopened.get(Notice, notice.id)
        assert stored.status is NoticeStatus.AGREED_WITH_CONDITIONS
        assert stored.outcome.startswith("The van parks")
