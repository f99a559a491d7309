"""Stories S1 (the review of actions) and S2 (escalation and report back), end to end through the window.

The data is built with the core's operations on a real SQLite file; the coordinator's steps go through the
screens: the live view, the Meetings screen's "New meeting…", the Actions and Escalations registers.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtTest import QTest

from facilitator import i18n
from facilitator.actions import Action, ActionStatus, ActionUpdate, record_update, save_action
from facilitator.audience import Audience
from facilitator.carried import carried
from facilitator.entities import Forum, Partner
from facilitator.escalation import Direction, EscalationReview, EscalationStatus, escalations
from facilitator.meeting_ops import agenda, end_meeting, new_meeting, start_meeting
from facilitator.meetings import ItemKind, Meeting
from facilitator.minutes import build_minutes
from facilitator.ui.main_window import MainWindow
from tests.conftest import FROZEN_AT
from tests.ui import hands
from tests.ui.conftest import add_mayors_round, assert_in_sight, seat_outreach, show_screen

TODAY = FROZEN_AT.date()


def press(widget, words: str) -> None:  # type: ignore[no-untyped-def]
    """Click the widget's button that says ``words`` (a user's hand; see tests/ui/hands.py)."""
    hands.press(QTest, widget, words)


def go_to(live, kind: ItemKind) -> None:
    """Move the live view on to the first item of ``kind``."""
    for _ in range(20):
        if live.state.current is not None and live.state.current.kind is kind:
            return
        press(live, "Next item")
    raise AssertionError(f"no {kind} item")


def create_meeting_from_screen(window: MainWindow, modals, forum_id: str) -> Meeting:
    """The coordinator picks the forum and creates its next meeting with the usual proposal."""
    meetings = show_screen(window, "meetings")
    meetings.forum.setCurrentIndex(meetings.forum.findData(forum_id))
    modals.fill["MeetingDialog"] = lambda dialog: dialog.accept()
    press(meetings, "New meeting")
    meeting = meetings.current_meeting()
    assert meeting is not None and meeting.forum_id == forum_id
    return meeting


def test_s1_actions_are_carried_to_the_next_meeting_and_the_old_record_stays(window, modals, laptop) -> None:
    laptop(window)
    context = window.context
    store = context.store
    street, partners, yusuf = seat_outreach(context)
    outreach, residents = partners["Outreach North"], partners["Residents of Station Square"]
    # An action from weeks ago, still open.
    older = Action(
        forum_id=street.id,
        title="Find ten treatment places",
        owner_partner_id=outreach.id,
        due=TODAY + dt.timedelta(days=14),
    )
    context.run(save_action(store, older))

    # Meeting 1: held a week ago, the chair records a new action from the live view.
    edit, first = new_meeting(
        store,
        street.id,
        dt.datetime.combine(TODAY - dt.timedelta(days=7), dt.time(10)),
        timezone="Europe/Brussels",
    )
    context.run(edit)
    meetings = show_screen(window, "meetings")
    meetings.show_meeting(first.id)
    meetings.tabs.setCurrentWidget(meetings.live)  # the chair's live view
    live = meetings.live
    press(live, "Start meeting")
    go_to(live, ItemKind.REVIEW_OF_ACTIONS)
    assert [r.action.title for r in live.tabled.action_rows.records()] == ["Find ten treatment places"]
    go_to(live, ItemKind.OTHER_BUSINESS)
    first_due = TODAY + dt.timedelta(days=7)
    offered: list[str] = []

    def new_action(dialog) -> None:
        offered.extend(dialog.partner.itemText(i) for i in range(dialog.partner.count()))
        dialog.title_edit.setText("Evening outreach on Fridays")
        dialog.partner.setCurrentIndex(dialog.partner.findData(outreach.id))
        dialog.person.setCurrentIndex(dialog.person.findData(yusuf.id))
        dialog.due.enabled.setChecked(True)
        dialog.due.edit.setDate(first_due)
        dialog.accept()

    modals.fill["ActionDialog"] = new_action
    assert live.new_action_button.isEnabled()
    assert_in_sight(*live.primary_buttons())
    assert "Ctrl+Shift+A" in live.new_action_button.toolTip()  # a key that typing notes never uses
    live.new_action_action.trigger()
    assert residents.name not in offered  # only the forum's members own its actions
    made = next(a for a in store.all(Action) if a.title == "Evening outreach on Fridays")
    assert (made.origin_meeting_id, made.owner_person_id) == (first.id, yusuf.id)
    assert made.origin_item_id == live.state.current.id
    press(live, "End meeting")

    # Meeting 2: created from the Meetings screen; both actions are under "Review of actions".
    second = create_meeting_from_screen(window, modals, street.id)
    meetings.show_meeting(second.id)
    press(live, "Start meeting")
    go_to(live, ItemKind.REVIEW_OF_ACTIONS)
    panel = live.tabled
    assert panel.isVisibleTo(live)
    assert panel.heading.text() == "2 actions to review"
    tabled = {r.action.title: r for r in panel.action_rows.records()}
    assert set(tabled) == {"Find ten treatment places", "Evening outreach on Fridays"}
    assert tabled["Find ten treatment places"].carried == 2
    # With its history: tabled at meeting 1 and said nothing there.
    panel.select_action(older.id)
    seen: list[list[str]] = []
    modals.fill["HistoryDialog"] = lambda dialog: (seen.append(dialog.said()), dialog.accept())
    panel.show_history()
    assert seen[0][0] == "No update given"

    # The update, through the window.
    new_due = TODAY + dt.timedelta(days=21)

    def update(dialog) -> None:
        dialog.note.setPlainText("Started last Friday; two workers.")
        dialog.new_status.setCurrentIndex(dialog.new_status.findData(ActionStatus.IN_PROGRESS))
        dialog.new_due.enabled.setChecked(True)
        dialog.new_due.edit.setDate(new_due)
        dialog.accept()

    modals.fill["UpdateDialog"] = update
    panel.select_action(made.id)
    assert_in_sight(panel.update_button)
    panel.update_button.click()
    [said] = store.where(ActionUpdate, {"action_id": made.id})
    assert said.meeting_id == second.id and said.note == "Started last Friday; two workers."
    assert store.get(Action, made.id).status is ActionStatus.IN_PROGRESS
    row = next(r for r in panel.action_rows.records() if r.id == made.id)
    shown = panel.action_rows.index(panel.action_rows.records().index(row), 5).data()
    assert shown.startswith("Started last Friday; two workers. Now: In progress.")
    press(live, "End meeting")

    # The register agrees.
    register = show_screen(window, "actions")
    row = next(r for r in register.shown_rows() if r.id == made.id)
    assert (row.times_carried, row.missed_updates, row.action.status) == (1, 0, ActionStatus.IN_PROGRESS)
    old_row = next(r for r in register.shown_rows() if r.id == older.id)
    assert (old_row.times_carried, old_row.missed_updates) == (2, 2)

    # The minutes of meeting 1, built afterwards, still show the action as it was agreed then (for its due
    # date see test_s1_minutes_keep_the_due_date_agreed_then).
    minutes = build_minutes(store, first.id, Audience.partners(), "en").text()
    assert "Evening outreach on Fridays" in minutes
    assert "Started last Friday" not in minutes
    assert "In progress" not in minutes
    assert "Find ten treatment places Open" in minutes.replace("Outreach North ", "")
    later = build_minutes(store, second.id, Audience.partners(), "en").text()
    assert "Started last Friday; two workers. Now: In progress." in later


def test_s1_minutes_keep_the_due_date_agreed_then(window, laptop) -> None:
    laptop(window)
    context = window.context
    store = context.store
    street = store.all(Forum)[0]
    police = next(p for p in store.all(Partner) if p.short_name == "Police")
    edit, first = new_meeting(store, street.id, dt.datetime(2026, 3, 2, 10), timezone="Europe/Brussels")
    context.run(edit)
    item = next(i for i in agenda(store, first.id) if i.kind is ItemKind.OTHER_BUSINESS)
    agreed = dt.date(2026, 3, 16)
    action = Action(
        forum_id=street.id,
        title="Evening outreach on Fridays",
        owner_partner_id=police.id,
        due=agreed,
        origin_meeting_id=first.id,
        origin_item_id=item.id,
    )
    context.run(save_action(store, action))
    edit, second = new_meeting(store, street.id, dt.datetime(2026, 3, 9, 10), timezone="Europe/Brussels")
    context.run(edit)
    later = dt.date(2026, 4, 20)
    context.run(
        record_update(store, action.id, second.id, "Later.", new_due=later, today=dt.date(2026, 3, 9))
    )
    minutes = build_minutes(store, first.id, Audience.partners(), "en").text()
    t = i18n.translator("en")
    assert t.format_date(agreed, "medium") in minutes
    assert t.format_date(later, "medium") not in minutes


def test_s2_escalated_up_answered_and_reported_back(window, modals, laptop) -> None:
    laptop(window)
    context = window.context
    store = context.store
    street, mayor = add_mayors_round(window)
    police = next(p for p in store.all(Partner) if p.short_name == "Police")
    hours = Action(forum_id=street.id, title="Evening outreach hours", owner_partner_id=police.id)
    context.run(save_action(store, hours))

    # The street round cannot fund it: escalated from the Actions register.
    register = show_screen(window, "actions")
    register.select_ids([hours.id])

    def escalate(dialog) -> None:
        dialog.target.setCurrentIndex(dialog.target.findData(mayor.id))
        dialog.reason.setPlainText("Outreach cannot pay for the extra hours.")
        dialog.accept()

    modals.fill["EscalateDialog"] = escalate
    register.escalate_selected()
    [escalation] = escalations(store)
    assert escalation.status is EscalationStatus.OPEN

    # The strategic group's next meeting has it under escalations and report back, with its history: derived
    # from the register until the meeting starts, then fixed in its record.
    strategic = create_meeting_from_screen(window, modals, mayor.id)
    report_item = next(i for i in agenda(store, strategic.id) if i.kind is ItemKind.REPORT_BACK)
    [incoming] = carried(store, strategic).escalations
    assert (incoming.direction, incoming.item_id) == (Direction.INCOMING, report_item.id)
    assert store.where(EscalationReview, {"meeting_id": strategic.id}) == []
    meetings = window.screens["meetings"]
    meetings.tabs.setCurrentWidget(meetings.live)
    live = meetings.live
    assert live.meeting_id() == strategic.id
    press(live, "Start meeting")
    [fixed] = store.where(EscalationReview, {"meeting_id": strategic.id})
    assert (fixed.escalation_id, fixed.direction, fixed.item_id) == (
        escalation.id,
        Direction.INCOMING,
        report_item.id,
    )
    go_to(live, ItemKind.REPORT_BACK)
    [row] = live.tabled.escalation_rows.records()
    assert row.escalation.id == escalation.id and row.other_forum == street.name
    assert live.tabled.escalation_rows.index(0, 0).data() == "Escalated to this forum"
    agenda_text = build_minutes(store, strategic.id, Audience.partners(), "en").text()
    assert "Escalated from Station Square weekly round:" in agenda_text

    # The strategic meeting answers through the Escalations screen.
    screen = show_screen(window, "escalations")
    screen.select(escalation.id)
    assert "Evening outreach hours" in screen.detail.toPlainText()

    def answer(dialog) -> None:
        assert dialog.meeting.currentData() == strategic.id  # where it was tabled
        dialog.response.setPlainText("The mayor's office funds six months of evening outreach.")
        dialog.accept()

    modals.fill["AnswerDialog"] = answer
    screen.answer()
    answered = store.get(type(escalation), escalation.id)
    assert answered.status is EscalationStatus.ANSWERED
    assert answered.answered_at_meeting_id == strategic.id
    context.run(end_meeting(store, strategic.id))

    # The street round's next meeting hears the answer under report back.
    street_next = create_meeting_from_screen(window, modals, street.id)
    back = carried(store, street_next).reported_back
    assert [r.response_then for r in back] == ["The mayor's office funds six months of evening outreach."]
    meetings.show_meeting(street_next.id)
    context.run(start_meeting(store, street_next.id))
    fixed_back = [
        r
        for r in store.where(EscalationReview, {"meeting_id": street_next.id})
        if r.direction is Direction.REPORT_BACK
    ]
    assert [r.response_then for r in fixed_back] == [
        "The mayor's office funds six months of evening outreach."
    ]
    go_to(live, ItemKind.REPORT_BACK)
    [row] = live.tabled.escalation_rows.records()
    assert live.tabled.escalation_rows.index(0, 0).data() == "Report back"
    assert "six months" in live.tabled.escalation_rows.index(0, 3).data()
    minutes = build_minutes(store, street_next.id, Audience.partners(), "en").text()
    assert "Answer from Mayor's round: Evening outreach hours. The mayor's office funds six months" in minutes

    # Heard: the street round closes it.
    screen = show_screen(window, "escalations")
    screen.select(escalation.id)
    assert_in_sight(screen.close_button)
    screen.close_button.click()
    assert store.get(type(escalation), escalation.id).status is EscalationStatus.CLOSED
