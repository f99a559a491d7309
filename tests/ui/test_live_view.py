"""The chair's live view: timers from stored moments, keyboard chairing, the speakers' queue, notes, restarts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from facilitator import operations
from facilitator.clock import FrozenClock
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector, Seniority
from facilitator.live import live_state
from facilitator.meeting_ops import agenda, new_meeting, roll, set_attendance
from facilitator.meetings import Attendance, Presence
from facilitator.storage import open_partnership
from facilitator.ui.attendance_view import AttendanceView
from facilitator.ui.context import AppContext
from facilitator.ui.decision_dialog import DecisionDialog
from facilitator.ui.live_view import AskToSpeakDialog, LiveView, clock_text
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.palette import warning_colour
from facilitator.ui.settings import Settings
from facilitator.ui.shortcuts import sequences
from tests.ui.conftest import context_on, window_on

START = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


@dataclass
class Partnership:
    path: Path
    meeting_id: str
    police: str
    outreach: str
    residents: str
    health: str


def build_partnership(path: Path) -> Partnership:
    """A forum of four partners; police sent two people, health nobody, outreach someone who may not decide."""
    with open_partnership(path) as store:
        forum = Forum(name="Station Square weekly round", quorum=QuorumRule(2, frozenset({Sector.POLICE})))
        operations.save_forum(store, forum).apply(store)
        police = Partner(name="City Police", short_name="Police", sector=Sector.POLICE)
        outreach = Partner(name="Outreach North", sector=Sector.OUTREACH)
        residents = Partner(
            name="Residents of Station Square", short_name="Residents", sector=Sector.COMMUNITY
        )
        health = Partner(name="Drug Treatment Service", short_name="Treatment", sector=Sector.DRUG_TREATMENT)
        for partner in (police, outreach, residents, health):
            operations.save_partner(store, partner).apply(store)
        people = {
            "anna": Representative(
                name="Anna Kowalska", partner_id=police.id, seniority=Seniority.MANAGER, may_decide=True
            ),
            "ben": Representative(name="Ben Okafor", partner_id=police.id, may_decide=True),
            "yusuf": Representative(name="Yusuf Demir", partner_id=outreach.id),
            "rita": Representative(name="Rita Nowak", partner_id=residents.id, may_decide=True),
            "hana": Representative(name="Hana Sato", partner_id=health.id, may_decide=True),
        }
        for person in people.values():
            operations.save_representative(store, person).apply(store)
        seats = ((police, "anna"), (outreach, "yusuf"), (residents, "rita"), (health, "hana"))
        for partner, key in seats:
            operations.set_membership(store, forum.id, partner.id, people[key].id).apply(store)
        edit, meeting = new_meeting(
            store, forum.id, dt.datetime(2025, 3, 10, 10, 0), timezone="Europe/Berlin"
        )
        edit.apply(store)
        for line in roll(store, meeting.id):
            presence = Presence.APOLOGIES if line.partner_id == health.id else Presence.PRESENT
            set_attendance(store, replace(line, presence=presence)).apply(store)
        extra = Attendance(
            meeting_id=meeting.id,
            partner_id=police.id,
            representative_id=people["ben"].id,
            presence=Presence.PRESENT,
        )
        set_attendance(store, extra).apply(store)
    return Partnership(path, meeting.id, police.id, outreach.id, residents.id, health.id)


@pytest.fixture
def partnership(tmp_path: Path) -> Partnership:
    return build_partnership(tmp_path / "live.sqlite")


@pytest.fixture
def context(partnership: Partnership, settings: Settings) -> Iterator[AppContext]:
    yield from context_on(partnership.path, settings)


@pytest.fixture
def clock(clock: FrozenClock) -> FrozenClock:
    """The application's clock, standing at the start of the meeting."""
    clock.set(START)
    return clock


@pytest.fixture
def view(qtbot, context: AppContext, partnership: Partnership, clock: FrozenClock) -> Iterator[LiveView]:
    widget = LiveView(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.set_meeting(partnership.meeting_id)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.setFocus()
    yield widget
    widget.close()  # before the file closes, as the window does


def current_title(view: LiveView) -> str:
    assert view.state is not None and view.state.current is not None
    return view.state.current.display_title


def test_clock_text_runs_past_the_hour() -> None:
    assert clock_text(dt.timedelta(minutes=75, seconds=3)) == "75:03"
    assert clock_text(dt.timedelta(seconds=-135)) == "02:15"


def test_nothing_to_chair_without_a_meeting(qtbot, context: AppContext) -> None:
    view = LiveView(context)
    qtbot.addWidget(view)
    assert view.item_title.text()
    assert not view.start_button.isEnabled()
    assert not view.timer.isActive()


def test_timer_counts_from_stored_moments_and_shows_overrun(view: LiveView, clock: FrozenClock) -> None:
    assert view.item_title.text() == "The meeting has not started."
    view.start_button.click()
    assert view.timer.isActive()
    assert current_title(view) == "Attendance and apologies"
    assert view.timer_label.text() == "00:00 / 05:00"
    clock.advance(minutes=4, seconds=30)
    view.tick()
    assert view.timer_label.text() == "04:30 / 05:00"
    assert view.over_label.text() == ""
    assert warning_colour(view.palette()).name() not in view.timer_label.styleSheet()
    assert view.meeting_clock.text() == "Meeting 04:30 · 85:30 left"

    clock.advance(minutes=2, seconds=45)
    view.tick()
    assert view.timer_label.text() == "07:15 / 05:00"
    assert (
        view.over_label.text() == "+02:15 over"
    )  # not only a colour: a black-and-white projector shows it too
    assert warning_colour(view.palette()).name() in view.timer_label.styleSheet()
    assert view.timer_label.property("over") is True
    assert view.next_label.text() == "Next: Minutes of the last meeting"


def test_the_qtimer_only_rederives(qtbot, view: LiveView, clock: FrozenClock) -> None:
    view.start_button.click()
    clock.advance(seconds=42)
    view.timer.setInterval(10)
    qtbot.waitUntil(lambda: view.timer_label.text() == "00:42 / 05:00", timeout=2000)


def test_next_and_previous_item_by_keyboard(qtbot, view: LiveView, clock: FrozenClock) -> None:
    view.start_button.click()
    view.setFocus()
    clock.advance(minutes=3)
    qtbot.keyClick(view, Qt.Key.Key_N)  # a bare letter is typing, never chairing
    assert current_title(view) == "Attendance and apologies"
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_title(view) == "Minutes of the last meeting"
    assert view.item_number.text() == "Item 2 of 7"
    clock.advance(minutes=1)
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_title(view) == "Review of actions"
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_title(view) == "Minutes of the last meeting"
    assert view.timer_label.text() == "01:00 / 05:00"  # a resumed item keeps its time
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_title(view) == "Attendance and apologies"
    assert view.timer_label.text() == "03:00 / 05:00"
    assert not view.previous_button.isEnabled()
    # Every move is one undoable edit of the core.
    assert view.context.undo_stack.count() == 5


def test_end_meeting_stops_the_clock(view: LiveView, clock: FrozenClock) -> None:
    view.start_button.click()
    clock.advance(minutes=10)
    view.end_button.click()
    assert view.state is not None and view.state.current is None
    assert view.item_title.text() == "The meeting has ended."
    assert not view.timer.isActive()
    assert view.meeting_clock.text() == "Meeting 10:00 · 80:00 left"
    view.context.undo_stack.undo()
    assert view.timer.isActive()


def test_start_and_end_keys_do_only_what_their_buttons_offer(
    qtbot, view: LiveView, clock: FrozenClock, modals
) -> None:
    """Ctrl+Shift+S on a meeting under way, or Ctrl+Shift+E on one not started, does nothing (as its greyed
    button): the chair who presses it again by habit got an error box ("status: the meeting has already
    started") in the middle of the meeting."""
    chair = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    view.setFocus()
    assert not view.end_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_E, chair)  # not started yet: nothing to end
    assert view.state is not None and view.state.current is None
    qtbot.keyClick(view, Qt.Key.Key_S, chair)
    assert current_title(view) == "Attendance and apologies"
    steps = view.context.undo_stack.count()
    assert not view.start_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_S, chair)  # already under way: nothing to start
    assert view.context.undo_stack.count() == steps
    clock.advance(minutes=5)
    qtbot.keyClick(view, Qt.Key.Key_E, chair)
    assert view.state is not None and view.state.current is None
    qtbot.keyClick(view, Qt.Key.Key_E, chair)  # ended already
    assert view.context.undo_stack.count() == steps + 1
    assert modals.opened == []  # no error box, before or after


def test_a_restart_resumes_the_same_item_and_time(
    qtbot, partnership: Partnership, settings: Settings, clock: FrozenClock
) -> None:
    first = AppContext(open_partnership(partnership.path), settings)
    view = LiveView(first)
    qtbot.addWidget(view)
    view.set_meeting(partnership.meeting_id)
    view.start_meeting()
    clock.advance(minutes=2)
    view.next_item()
    clock.advance(minutes=6, seconds=5)
    view.tick()
    before = (current_title(view), view.timer_label.text(), view.over_label.text(), view.meeting_clock.text())
    assert before == (
        "Minutes of the last meeting",
        "06:05 / 05:00",
        "+01:05 over",
        "Meeting 08:05 · 81:55 left",
    )
    view.close()
    view.deleteLater()
    first.close()  # the app is gone: nothing is kept in memory

    second = AppContext(open_partnership(partnership.path), settings)
    try:
        again = LiveView(second)
        qtbot.addWidget(again)
        again.set_meeting(partnership.meeting_id)
        again.show()
        after = (
            current_title(again),
            again.timer_label.text(),
            again.over_label.text(),
            again.meeting_clock.text(),
        )
        assert after == before
        assert again.timer.isActive()
        again.close()
    finally:
        second.close()


def test_speakers_queue_by_partner(
    view: LiveView, modals, partnership: Partnership, clock: FrozenClock
) -> None:
    view.start_button.click()
    # Present: police (two people, one voice), outreach, residents. Treatment sent apologies.
    assert set(view.not_heard_partner_ids()) == {
        partnership.police,
        partnership.outreach,
        partnership.residents,
    }

    def type_name(name: str):
        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, AskToSpeakDialog)
            dialog.partner.setEditText(name)
            dialog.accept()

        return fill

    modals.fill["AskToSpeakDialog"] = type_name("resid")  # a unique beginning is enough
    view.setFocus()
    view.ask_action.trigger()
    clock.advance(seconds=5)
    modals.fill["AskToSpeakDialog"] = type_name("police")
    view.ask_to_speak()
    clock.advance(seconds=5)
    modals.fill["AskToSpeakDialog"] = type_name("Outreach North")
    view.ask_to_speak()
    assert view.waiting_partner_ids() == [partnership.residents, partnership.police, partnership.outreach]
    assert view.queue.item(0).text() == "1. Residents"

    # Asking twice is refused in the dialog, which stays open.
    modals.fill["AskToSpeakDialog"] = type_name("Residents")
    view.ask_to_speak()
    refused = modals.opened[-1]
    assert refused.result() == QDialog.DialogCode.Rejected or not refused.error.isHidden()
    assert "already waiting" in refused.error.text()
    # A partner that is not present cannot ask.
    modals.fill["AskToSpeakDialog"] = type_name("Treatment")
    view.ask_to_speak()
    assert "no partner present" in modals.opened[-1].error.text()

    view.spoken_action.trigger()  # Ctrl+Shift+H: the first waiting has spoken
    assert view.waiting_partner_ids() == [partnership.police, partnership.outreach]
    assert set(view.not_heard_partner_ids()) == {partnership.police, partnership.outreach}
    heard = [view.partners.item(r).text() for r in range(view.partners.count())]
    assert "✓ Residents" in heard
    assert (
        view.partners.item(0).background().color().name() != view.partners.item(2).background().color().name()
    )

    view.queue.setCurrentRow(1)
    view.withdraw_button.click()
    assert view.waiting_partner_ids() == [partnership.police]
    # Each speaker is on this item only: on the next item everybody present is not yet heard again.
    view.next_item()
    assert view.waiting_partner_ids() == []
    assert len(view.not_heard_partner_ids()) == 3


def test_keyboard_shortcuts_reach_the_queue(qtbot, view: LiveView, modals, partnership: Partnership) -> None:
    view.start_button.click()
    view.setFocus()

    def choose_police(dialog: QDialog) -> None:
        assert isinstance(dialog, AskToSpeakDialog)
        dialog.partner.setCurrentIndex(dialog.partner.findText("Police"))
        dialog.accept()

    modals.fill["AskToSpeakDialog"] = choose_police
    qtbot.keyClick(view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.waiting_partner_ids() == [partnership.police]
    qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.waiting_partner_ids() == []
    assert partnership.police not in view.not_heard_partner_ids()


def test_notes_are_saved_on_ctrl_s_and_when_leaving_the_item(qtbot, view: LiveView) -> None:
    store = view.context.store
    view.start_button.click()
    stack = view.context.undo_stack
    steps = stack.count()
    view.notes.setFocus()
    qtbot.keyClicks(view.notes, "Nobody new")  # 'N' here is typing, not "next item"
    assert current_title(view) == "Attendance and apologies"
    assert stack.count() == steps  # no undo step per keystroke
    assert view.notes_state.text() == "not saved yet"
    qtbot.keyClick(view.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stack.count() == steps + 1
    assert agenda(store, view.meeting_id())[0].notes == "Nobody new"
    assert view.notes_state.text() == ""

    qtbot.keyClicks(view.notes, ", two apologies")
    view.next_item()
    assert agenda(store, view.meeting_id())[0].notes == "Nobody new, two apologies"
    assert view.notes.toPlainText() == ""
    view.previous_item()
    assert view.notes.toPlainText() == "Nobody new, two apologies"


def test_notes_are_kept_after_a_pause(qtbot, view: LiveView) -> None:
    view.start_button.click()
    view.notes_autosave.setInterval(20)
    qtbot.keyClicks(view.notes, "Draft")
    qtbot.waitUntil(lambda: agenda(view.context.store, view.meeting_id())[0].notes == "Draft", timeout=2000)


def test_undo_of_notes_shows_the_stored_notes(qtbot, view: LiveView) -> None:
    view.start_button.click()
    qtbot.keyClicks(view.notes, "First")
    view.save_notes()
    view.context.undo_stack.undo()
    assert view.notes.toPlainText() == ""


def test_ctrl_z_in_the_notes_takes_back_a_wrong_next_item(
    qtbot, partnership: Partnership, settings: Settings, clock: FrozenClock
) -> None:
    """The chair's focus is in the notes all meeting. Ctrl+Z there first takes back the typing; with nothing typed
    left to take back, it undoes the last edit of the partnership (a "Next item" pressed too soon) as the Edit
    menu does. Qt gave every Ctrl+Z to the notes box, which had nothing to undo: nothing happened, ever."""
    window = next(window_on(qtbot, settings, partnership.path))
    screen = window.open_screen("meetings")
    assert isinstance(screen, MeetingsScreen)
    screen.show_meeting(partnership.meeting_id)
    screen.open_tab("live")
    view = screen.live
    view.start_button.click()
    view.notes.setFocus()
    undo, redo = (sequences(name)[0][0] for name in ("undo", "redo"))
    qtbot.keyClicks(view.notes, "Two apologies")
    chair = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.notes, Qt.Key.Key_N, chair)
    assert current_title(view) == "Minutes of the last meeting" and view.notes.toPlainText() == ""
    qtbot.keyClick(view.notes, undo.key(), undo.keyboardModifiers())
    assert current_title(view) == "Attendance and apologies"
    assert view.notes.toPlainText() == "Two apologies"
    qtbot.keyClick(view.notes, redo.key(), redo.keyboardModifiers())
    assert current_title(view) == "Minutes of the last meeting"
    qtbot.keyClicks(view.notes, "Approved")  # typing of its own: the box takes it back, not the stack
    steps = window.context.undo_stack.index()  # type: ignore[union-attr]
    qtbot.keyClick(view.notes, undo.key(), undo.keyboardModifiers())
    assert view.notes.toPlainText() == "" and current_title(view) == "Minutes of the last meeting"
    assert window.context.undo_stack.index() == steps  # type: ignore[union-attr]
    window.close()


def test_record_decision_opens_from_the_live_view(
    qtbot, view: LiveView, modals, partnership: Partnership
) -> None:
    view.start_button.click()

    def decide(dialog: QDialog) -> None:
        assert isinstance(dialog, DecisionDialog)
        dialog.text.setPlainText("Minutes approved")
        dialog.accept()

    modals.fill["DecisionDialog"] = decide
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(modals.opened[-1], DecisionDialog)
    state = live_state(view.context.store, partnership.meeting_id, START)
    assert state.current is not None
    from facilitator.meeting_ops import decision_of

    found = decision_of(view.context.store, state.current.id)
    assert found is not None and found[0].text == "Minutes approved"


def test_read_only_file_offers_no_chairing(qtbot, partnership: Partnership, settings: Settings) -> None:
    context = AppContext(open_partnership(partnership.path, read_only=True), settings)
    try:
        view = LiveView(context)
        qtbot.addWidget(view)
        view.set_meeting(partnership.meeting_id)
        assert not view.start_button.isEnabled()
        assert not view.next_action.isEnabled()
    finally:
        context.close()


def test_the_live_banner_follows_who_is_in_the_room_now(
    view: LiveView, context: AppContext, partnership: Partnership, clock: FrozenClock
) -> None:
    """Both police officers leave at 10:40: from then on the banner says the meeting is not quorate, and the
    police no longer count among the partners present; the attendance tab says the same words."""
    store = context.store
    view.start_button.click()
    assert view.quorum_label.text() == "Quorate. Partners present: 3 of 2 needed."
    for line in roll(store, partnership.meeting_id):
        if line.partner_id == partnership.police:
            context.run(set_attendance(store, replace(line, left_at=dt.time(10, 40))))
    clock.set(START + dt.timedelta(minutes=39))
    view.tick()
    assert view.quorum_label.text().startswith("Quorate.")
    clock.set(START + dt.timedelta(minutes=41))
    view.tick()
    assert view.quorum_label.text() == (
        "Not quorate. Partners present: 2 of 2 needed. No partner present from: Police."
    )
    assert warning_colour(view.palette()).name() in view.quorum_label.styleSheet()
    assert partnership.police not in {p.id for p in view.state.not_yet_spoken}
    attendance = AttendanceView(context)
    attendance.set_meeting(partnership.meeting_id)
    assert attendance.banner.text() == view.quorum_label.text()
    police = next(s for s in attendance.standings.records() if s.partner.id == partnership.police)
    assert police.explanation() == "Police left at 10:40\u00a0AM: nobody is here for it now."
    attendance.deleteLater()


def test_no_quorum_rule_no_quorum_banner(view: LiveView, context: AppContext) -> None:
    store = context.store
    forum = store.all(Forum)[0]
    context.run(operations.save_forum(store, replace(forum, quorum=QuorumRule())))
    view.start_button.click()
    assert view.quorum_label.isHidden()
    assert "quorate" not in view.quorum_label.text().casefold()
