"""Story S1, the weekly round, end to end through the window up to the end of the meeting, then the partner
minutes in English and French.

Earlier weeks are built with the core's operations on a real SQLite file (an open action, two notices of intended
change, an open conflict, a restricted police item on the usual agenda); the coordinator's Monday goes through the
screens: Meetings → New meeting, Attendance with a junior stand-in, the live view with its item timer, a decision
with every partner's position, a new action with a due date, the end of the meeting.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from facilitator.actions import Action, ActionReview, save_action
from facilitator.audience import Audience
from facilitator.carried import carried
from facilitator.conflicts import Conflict, ConflictCategory, raise_conflict
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector, Seniority, Tier
from facilitator.meeting_ops import (
    agenda,
    decision_of,
    end_meeting,
    new_meeting,
    roll,
    save_usual_item,
    start_meeting,
)
from facilitator.meetings import Confidentiality, ItemKind, MeetingStatus, Stance, UsualItem
from facilitator.minutes import build_minutes
from facilitator.notices import Notice, give_notice
from facilitator.operations import save_forum, save_partner, save_representative, set_membership
from facilitator.quorum import Standing
from facilitator.tablings import tablings_at
from facilitator.ui.main_window import MainWindow
from tests.conftest import FROZEN_AT
from tests.ui.conftest import assert_in_sight, show_screen
from tests.ui.hands import press, type_into

TODAY = FROZEN_AT.date()
MONDAY = TODAY + dt.timedelta(days=(7 - TODAY.weekday()) % 7 or 7)
RESTRICTED_TITLE = "Police operation at the east entrance"


def _earlier_weeks(window: MainWindow) -> dict[str, object]:
    """The partnership as it stands on Monday morning, made with the core's operations."""
    store = window.context.store
    forum = Forum(
        name="Station Square weekly round",
        tier=Tier.OPERATIONAL,
        usual_weekday=0,
        usual_time=dt.time(10, 0),
        quorum=QuorumRule(3, frozenset({Sector.POLICE})),
        min_notice_days=14,
        working_language="en",
    )
    save_forum(store, forum).apply(store)
    partners = {
        "police": Partner(name="City Police", short_name="Police", sector=Sector.POLICE),
        "outreach": Partner(name="Outreach North", short_name="Outreach", sector=Sector.OUTREACH),
        "residents": Partner(
            name="Station Square Residents", short_name="Residents", sector=Sector.COMMUNITY
        ),
        "treatment": Partner(
            name="Harbour Lane Service", short_name="Harbour Lane", sector=Sector.DRUG_TREATMENT
        ),
    }
    people = {
        "anna": Representative(
            name="Anna Kowalska",
            partner_id=partners["police"].id,
            role="Inspector",
            seniority=Seniority.MANAGER,
            may_decide=True,
        ),
        "tom": Representative(name="Tom Baker", partner_id=partners["police"].id, role="Constable"),
        "yusuf": Representative(name="Yusuf Demir", partner_id=partners["outreach"].id, may_decide=True),
        "maria": Representative(name="Maria Nowak", partner_id=partners["residents"].id, may_decide=True),
        "samir": Representative(name="Samir Haddad", partner_id=partners["treatment"].id, may_decide=True),
    }
    for partner in partners.values():
        save_partner(store, partner).apply(store)
    for person in people.values():
        save_representative(store, person).apply(store)
    mains = {"police": "anna", "outreach": "yusuf", "residents": "maria", "treatment": "samir"}
    for key, person in mains.items():
        set_membership(store, forum.id, partners[key].id, people[person].id).apply(store)
    save_usual_item(
        store,
        UsualItem(
            forum_id=forum.id,
            position=0,
            title="Street picture",
            kind=ItemKind.DISCUSSION,
            minutes_allowed=15,
        ),
    ).apply(store)
    save_usual_item(
        store,
        UsualItem(
            forum_id=forum.id,
            position=1,
            title=RESTRICTED_TITLE,
            kind=ItemKind.INFORMATION,
            confidentiality=Confidentiality.RESTRICTED,
            restricted_to=(partners["police"].id,),
        ),
    ).apply(store)
    # Last week's meeting, held, left an open action.
    edit, last_week = new_meeting(
        store,
        forum.id,
        dt.datetime.combine(MONDAY - dt.timedelta(days=7), dt.time(10)),
        timezone="Europe/London",
    )
    edit.apply(store)
    start = dt.datetime.combine(MONDAY - dt.timedelta(days=7), dt.time(9), tzinfo=dt.UTC)
    start_meeting(store, last_week.id, start).apply(store)
    end_meeting(store, last_week.id, start + dt.timedelta(hours=1)).apply(store)
    action = Action(
        forum_id=forum.id,
        title="Find ten treatment places",
        owner_partner_id=partners["treatment"].id,
        due=MONDAY + dt.timedelta(days=14),
        origin_meeting_id=last_week.id,
    )
    save_action(store, action).apply(store)
    for title in ("Needle exchange opens until 22:00", "Harbour Lane moves to Dock Street"):
        give_notice(
            store,
            Notice(
                partner_id=partners["treatment"].id,
                title=title,
                given_on=MONDAY - dt.timedelta(days=10),
                takes_effect_on=MONDAY + dt.timedelta(days=30),
                affected_forums=(forum.id,),
                affected_partners=(partners["residents"].id,),
            ),
        ).apply(store)
    conflict = Conflict(
        forum_id=forum.id,
        title="Complaint about stop-and-search",
        raised_on=MONDAY - dt.timedelta(days=5),
        raised_by_partner_id=partners["residents"].id,
        partners_involved=(partners["residents"].id, partners["police"].id),
        category=ConflictCategory.CONDUCT,
    )
    raise_conflict(store, conflict).apply(store)
    return {"forum": forum, "partners": partners, "people": people, "action": action}


def test_s1_the_weekly_round(window: MainWindow, modals, clock, qtbot, laptop) -> None:
    laptop(window)
    world = _earlier_weeks(window)
    # Monday: the coordinator opens the partnership file (the screens read it as it is now).
    path = window.context.store.path
    window.set_context(None)
    assert window.open_path(path)
    store = window.context.store
    forum, partners, people = world["forum"], world["partners"], world["people"]

    # Monday morning: this week's meeting from the forum's usual agenda.
    meetings = show_screen(window, "meetings")
    meetings.forum.setCurrentIndex(meetings.forum.findData(forum.id))

    refused: list[str] = []

    def propose(dialog) -> None:
        dialog.date.setDate(dialog.date.date().fromString(MONDAY.isoformat(), "yyyy-MM-dd"))
        dialog.accept()
        refused.append(dialog.error.text())

    modals.fill["MeetingDialog"] = propose
    press(qtbot, meetings, "New meeting")
    meeting = meetings.current_meeting()
    assert refused == [""]
    assert meeting is not None and meeting.starts_at == dt.datetime.combine(MONDAY, dt.time(10))
    items = agenda(store, meeting.id)
    titles = [i.title for i in items]
    assert "Street picture" in titles and RESTRICTED_TITLE in titles

    # The open action is under "Review of actions"; two notices and one conflict are tabled automatically: the
    # agenda shows them, derived from the registers until the meeting starts.
    review = next(i for i in items if i.kind is ItemKind.REVIEW_OF_ACTIONS)
    before = carried(store, meeting)
    assert not before.fixed
    assert [(r.action_id, r.item_id) for r in before.actions] == [(world["action"].id, review.id)]
    assert len(before.notices) == 2
    assert len(before.conflicts) == 1
    shown = [meetings.agenda.model.index(row, 1).data() for row in range(meetings.agenda.model.rowCount())]
    for said in (
        "Review of actions · 1 action",
        "Notices of intended change · 2 notices",
        "Conflicts · 1 conflict",
    ):
        assert said in shown
    row = shown.index("Review of actions · 1 action")
    assert "Find ten treatment places" in meetings.agenda.model.index(row, 1).data(
        Qt.ItemDataRole.ToolTipRole
    )

    # Attendance: the inspector cannot come; a junior constable stands in for her.
    meetings.tabs.setCurrentWidget(meetings.attendance)
    attendance = meetings.attendance
    assert_in_sight(attendance.present_button, attendance.apologies_button, attendance.add_person_button)
    for name in ("Yusuf Demir", "Maria Nowak", "Samir Haddad"):
        attendance.select_person(name)
        attendance.present_button.click()
    attendance.select_person("Anna Kowalska")
    attendance.apologies_button.click()

    def stand_in(dialog) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(partners["police"].id))
        dialog.person.setCurrentIndex(dialog.person.findData(people["tom"].id))
        dialog.substitute_for.setCurrentIndex(dialog.substitute_for.findData(people["anna"].id))
        dialog.accept()

    modals.fill["AddRepresentativeDialog"] = stand_in
    attendance.add_person_button.click()
    assert attendance.banner.text().startswith("Quorate")
    police = next(s for s in attendance.standings.records() if s.partner.id == partners["police"].id)
    assert police.standing is Standing.CANNOT_DECIDE
    assert "may not take decisions today" in police.explanation()
    assert any(line.representative_id == people["tom"].id for line in roll(store, meeting.id))

    # The live view: start, move to the street picture, the item timer runs against its 15 minutes.
    meetings.tabs.setCurrentWidget(meetings.live)
    live = meetings.live
    assert_in_sight(*live.primary_buttons())  # at 1366x768, nothing the chair presses is below the fold
    moments = iter(
        dt.datetime.combine(MONDAY, dt.time(9, minute), tzinfo=dt.UTC) for minute in range(0, 60, 3)
    )
    now = [next(moments)]
    clock.set(now[0])  # the application's clock, moved by the test
    press(qtbot, live, "Start meeting")
    # Started: what it carries is fixed as it was, in the meeting's record.
    tabled = store.where(ActionReview, {"meeting_id": meeting.id})
    assert [(r.action_id, r.item_id) for r in tabled] == [(world["action"].id, review.id)]
    assert len(tablings_at(store, meeting.id, "notices")) == 2
    assert len(tablings_at(store, meeting.id, "conflicts")) == 1
    assert carried(store, meeting).fixed
    for _ in range(len(items)):
        if live.state.current is not None and live.state.current.title == "Street picture":
            break
        now[0] = next(moments)
        clock.set(now[0])
        press(qtbot, live, "Next item")
    assert live.state.current.title == "Street picture"
    now[0] = now[0] + dt.timedelta(minutes=16)
    clock.set(now[0])
    live.refresh()
    assert live.timer_label.text().endswith("/ 15:00")
    assert live.state.item_over and "over" in live.over_label.text()

    # A decision with every partner's position: one partner, one voice.
    def decide(dialog) -> None:
        type_into(qtbot, dialog.text, "Outreach and police walk the underpass together on Fridays.")
        # Nothing is recorded that nobody said: every position starts "not stated", and the chair asks round.
        assert {row.stance.currentText() for row in dialog.rows if row.stance.isEnabled()} == {"Not stated"}
        for row in dialog.rows:
            if row.stance.isEnabled():
                row.stance.setCurrentIndex(row.stance.findData(Stance.AGREE))
        press(qtbot, dialog, "OK")

    modals.fill["DecisionDialog"] = decide
    press(qtbot, live, "Record decision")  # the chair's button beside the item (Ctrl+D in the keyboard story)
    decision, positions = decision_of(store, live.state.current.id)
    assert decision.text.startswith("Outreach and police walk")
    assert {p.partner_id for p in positions} == {p.id for p in partners.values()}

    # A new action for a partner, with a due date.
    def new_action(dialog) -> None:
        type_into(qtbot, dialog.title_edit, "Friday walk of the underpass")
        dialog.partner.setCurrentIndex(dialog.partner.findData(partners["outreach"].id))
        qtbot.keyClick(dialog.due.enabled, Qt.Key.Key_Space)  # "Has a due date" ticked
        dialog.due.edit.setDate(MONDAY + dt.timedelta(days=4))
        press(qtbot, dialog, "OK")

    modals.fill["ActionDialog"] = new_action
    press(qtbot, live, "New action")
    made = next(a for a in store.all(Action) if a.title == "Friday walk of the underpass")
    assert (made.origin_meeting_id, made.due) == (meeting.id, MONDAY + dt.timedelta(days=4))

    now[0] = now[0] + dt.timedelta(minutes=30)
    clock.set(now[0])
    press(qtbot, live, "End meeting")
    assert store.get(type(meeting), meeting.id).status is MeetingStatus.HELD

    # Afterwards: partner minutes in English and French; the restricted police item is not in them.
    for language in ("en", "fr"):
        text = build_minutes(store, meeting.id, Audience.partners(), language).text()
        assert "Street picture" in text and "Friday walk of the underpass" in text
        assert RESTRICTED_TITLE not in text
    police_copy = build_minutes(store, meeting.id, Audience.for_partner(partners["police"].id), "en").text()
    assert RESTRICTED_TITLE in police_copy
