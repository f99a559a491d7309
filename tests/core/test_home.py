"""What needs attention, on the hand-counted partnership of ``test_indicators`` seen on 10 April 2025."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from facilitator.actions import Action
from facilitator.approval import MinutesRecord, MinutesStatus, circulate_minutes
from facilitator.conflicts import Conflict, ConflictStage, move_conflict
from facilitator.escalation import close_escalation
from facilitator.home import agenda_ready, attention
from facilitator.meeting_ops import agenda, save_item
from facilitator.meetings import AgendaItem, ItemKind, MeetingStatus, UsualItem
from facilitator.notices import NoticeStatus, set_notice_status
from tests.core.test_indicators import World, build_world

TODAY = dt.date(2025, 4, 10)


def test_next_meeting_of_each_forum_and_whether_its_agenda_is_ready() -> None:
    world = build_world()
    found = attention(world.store, TODAY)
    by_forum = {entry.forum.name: entry for entry in found.next_meetings}
    assert by_forum["Mayor's round"].meeting is None
    assert by_forum["Mayor's round"].record_id is None
    street = by_forum["Street round"]
    assert street.meeting is not None and street.meeting.id == world.meetings[6].id  # M4, M5 are held already
    assert (street.kind, street.record_id) == ("meetings", world.meetings[6].id)
    assert not street.agenda_ready  # standing items only
    items = agenda(world.store, street.meeting.id)
    extra = AgendaItem(meeting_id=street.meeting.id, position=len(items), title="Needle finds at the station")
    save_item(world.store, extra).apply(world.store)
    assert agenda_ready(world.store, street.meeting)


def test_usual_items_make_an_agenda_ready_only_with_a_presenter() -> None:
    world = build_world()
    meeting = world.meetings[6]
    usual = UsualItem(
        forum_id=world.street.id, position=0, title="Round of the street", kind=ItemKind.DISCUSSION
    )
    world.store.put(usual)
    copied = AgendaItem(
        meeting_id=meeting.id, position=99, title="Round of the street", kind=ItemKind.DISCUSSION
    )
    world.store.put(copied)
    assert not agenda_ready(world.store, meeting)
    world.store.put(replace(copied, presenter_partner_id=world.police.id))
    assert agenda_ready(world.store, meeting)


def test_actions_overdue_and_due_this_week_by_partner() -> None:
    world = build_world()
    soon = Action(
        forum_id=world.street.id,
        title="Leaflet drop",
        owner_partner_id=world.residents.id,
        due=dt.date(2025, 4, 15),
    )
    later = Action(
        forum_id=world.street.id, title="Later", owner_partner_id=world.residents.id, due=dt.date(2025, 4, 30)
    )
    world.store.put(soon)
    world.store.put(later)
    found = attention(world.store, TODAY)
    assert [p.partner.name for p in found.actions] == ["City Police", "Residents' Association"]
    police, residents = found.actions
    assert [(e.action.title, e.overdue) for e in police.entries] == [("A3", True)]
    assert [(e.action.title, e.overdue) for e in residents.entries] == [("Leaflet drop", False)]
    assert (found.overdue_actions, found.actions_due_this_week) == (1, 1)
    assert residents.entries[0].kind == "actions" and residents.entries[0].record_id == soon.id


def test_notices_awaiting_answers_or_at_short_notice() -> None:
    world = build_world()
    found = attention(world.store, TODAY)
    assert [n.notice.title for n in found.notices] == ["N1", "N2"]  # soonest change first
    n1, n2 = found.notices
    assert [p.name for p in n1.waiting_for] == ["Residents' Association"] and not n1.short_notice
    assert [p.name for p in n2.waiting_for] == ["City Police"] and n2.short_notice
    assert (n2.kind, n2.record_id) == ("notices", world.notices[1].id)
    set_notice_status(world.store, world.notices[0].id, NoticeStatus.IMPLEMENTED).apply(world.store)
    assert [n.notice.title for n in attention(world.store, TODAY).notices] == ["N2"]
    # Once in effect, short notice is history; the missing answer is still chased.
    late = attention(world.store, dt.date(2025, 5, 1)).notices
    assert [(n.notice.title, n.short_notice) for n in late] == [("N2", False)]


def test_conflict_reviews_due_within_a_week_or_overdue() -> None:
    world = build_world()
    assert attention(world.store, dt.date(2025, 4, 1)).conflicts == ()  # review on the 15th: two weeks away
    found = attention(world.store, TODAY).conflicts
    assert [(r.conflict.title, r.overdue) for r in found] == [("C2", False)]
    assert [
        (r.conflict.title, r.overdue) for r in attention(world.store, dt.date(2025, 4, 20)).conflicts
    ] == [("C2", True)]
    move_conflict(
        world.store, world.conflicts[1].id, ConflictStage.RESOLVED, TODAY, resolution="Agreed"
    ).apply(world.store)
    assert attention(world.store, dt.date(2025, 4, 20)).conflicts == ()
    assert world.store.get(Conflict, world.conflicts[1].id).stage is ConflictStage.RESOLVED


def test_escalations_waiting_for_an_answer() -> None:
    world = build_world()
    found = attention(world.store, TODAY).escalations
    assert [(e.escalation.subject_title, e.days_waiting) for e in found] == [("A3", 9)]
    assert (found[0].kind, found[0].record_id) == ("escalations", world.escalations[1].id)
    close_escalation(world.store, world.escalations[0].id).apply(world.store)  # answered: not waiting anyway
    assert len(attention(world.store, TODAY).escalations) == 1


def _minutes_world() -> World:
    world = build_world()
    circulate_minutes(world.store, world.meetings[1].id, [world.police.id], TODAY).apply(world.store)
    world.store.put(MinutesRecord(meeting_id=world.meetings[2].id, status=MinutesStatus.APPROVED))
    return world


def test_minutes_waiting_for_circulation_or_approval() -> None:
    world = _minutes_world()
    found = attention(world.store, TODAY)
    # M1 (13 Jan) is older than twelve weeks: counted, not listed; M3 is approved; M6 was cancelled, M7 not held.
    assert [(m.meeting.id, m.status) for m in found.minutes] == [
        (world.meetings[1].id, MinutesStatus.CIRCULATED),
        (world.meetings[3].id, MinutesStatus.DRAFT),
        (world.meetings[4].id, MinutesStatus.DRAFT),
    ]
    assert found.older_minutes == 1
    assert found.minutes[0].kind == "meetings" and found.minutes[0].forum == world.street
    assert all(m.meeting.status is MeetingStatus.HELD for m in found.minutes)


def test_an_empty_partnership_needs_nothing() -> None:
    from tests.core.fakes import MemoryStore

    found = attention(MemoryStore(), TODAY)
    assert found.next_meetings == found.actions == found.notices == found.conflicts == ()
    assert found.escalations == found.minutes == () and found.older_minutes == 0
