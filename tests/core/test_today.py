"""Home is today: meetings by date and time with what can be done from them; the first-run guide read from the
file; the Documents tab's defaults; attendance warnings only where the quorum is at stake."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from facilitator import operations
from facilitator.audience import Audience
from facilitator.document_choice import (
    AGENDA,
    MINUTES,
    default_audience,
    default_document,
    minutes_are_a_template,
)
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector, Tier
from facilitator.home import attention, minutes_waiting
from facilitator.meeting_ops import end_meeting, new_meeting, start_meeting
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.profile import Profile, save_profile
from facilitator.quorum import PartnerStanding, QuorumResult, Standing, needs_attention
from facilitator.setup import next_step, setup_finished, setup_steps
from tests.core.fakes import MemoryStore

TODAY = dt.date(2026, 12, 7)


def _forum(store: MemoryStore, name: str, tier: Tier = Tier.OPERATIONAL) -> Forum:
    forum = Forum(name=name, tier=tier)
    operations.save_forum(store, forum).apply(store)
    return forum


def _meeting(store: MemoryStore, forum: Forum, when: dt.datetime) -> Meeting:
    edit, meeting = new_meeting(store, forum.id, when, timezone="Europe/London")
    edit.apply(store)
    return meeting


def test_meetings_come_by_date_and_time_not_by_forum_name() -> None:
    store = MemoryStore()
    aardvark, zebra, _idle = (
        _forum(store, "Aardvark round"),
        _forum(store, "Zebra round"),
        _forum(store, "Idle"),
    )
    later = _meeting(store, aardvark, dt.datetime(2026, 12, 9, 10, 0))
    today_late = _meeting(store, zebra, dt.datetime(2026, 12, 7, 18, 30))
    tomorrow = _meeting(store, zebra, dt.datetime(2026, 12, 8, 9, 0))
    found = attention(store, TODAY).next_meetings
    assert [(n.forum.name, n.meeting.id if n.meeting else None) for n in found] == [
        ("Zebra round", today_late.id),  # today's first, then the one after it of the same forum
        ("Zebra round", tomorrow.id),
        ("Aardvark round", later.id),
        ("Idle", None),  # no meeting planned: last
    ]
    first, second, third, _idle = found
    assert first.is_today and first.can_start and first.can_prepare and not first.running
    assert not second.can_start and second.can_prepare  # tomorrow's: prepared, not started
    assert not third.is_today and not third.can_start
    start_meeting(store, today_late.id, dt.datetime(2026, 12, 7, 18, 30, tzinfo=dt.UTC)).apply(store)
    running = attention(store, TODAY).next_meetings[0]
    assert running.running and not running.can_start and not running.can_prepare


def test_minutes_of_a_held_meeting_offer_to_be_circulated() -> None:
    store = MemoryStore()
    forum = _forum(store, "Round")
    held = _meeting(store, forum, dt.datetime(2026, 11, 30, 10, 0))
    start_meeting(store, held.id, dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)).apply(store)
    end_meeting(store, held.id, dt.datetime(2026, 11, 30, 11, 0, tzinfo=dt.UTC)).apply(store)
    waiting, _older = minutes_waiting(store, TODAY)
    assert [w.meeting.id for w in waiting] == [held.id] and waiting[0].can_circulate


def test_the_guide_is_read_from_the_file_and_resumes_where_it_was_left() -> None:
    store = MemoryStore()
    assert [s.done for s in setup_steps(store)] == [False] * 5 and next_step(store) == "profile"
    save_profile(store, Profile(region="GB")).apply(store)
    assert next_step(store) == "profile"  # a region without a name: the partnership is still to be named
    save_profile(store, Profile(name="Station Square Partnership", region="GB")).apply(store)
    operations.save_partner(store, Partner(name="City Police", sector=Sector.POLICE)).apply(store)
    assert next_step(store) == "forums"  # stopped here; the same file says the same tomorrow
    forum = _forum(store, "Round")
    assert next_step(store) == "seats" and not setup_finished(store)
    police = store.all(Partner)[0]
    person = Representative(name="Anna Kowalska", partner_id=police.id)
    operations.save_representative(store, person).apply(store)
    operations.set_membership(store, forum.id, police.id, person.id).apply(store)
    assert next_step(store) == "meetings"
    _meeting(store, forum, dt.datetime(2026, 12, 14, 10, 0))
    assert next_step(store) is None and setup_finished(store)


def test_documents_open_on_what_the_meeting_needs_for_whom() -> None:
    store = MemoryStore()
    weekly, public = _forum(store, "Round"), _forum(store, "Residents", Tier.PUBLIC)
    planned = _meeting(store, weekly, dt.datetime(2026, 12, 14, 10, 0))
    assert default_document(planned) == AGENDA and minutes_are_a_template(planned)
    assert default_document(replace(planned, status=MeetingStatus.HELD)) == MINUTES
    assert not minutes_are_a_template(replace(planned, status=MeetingStatus.HELD))
    assert default_audience(weekly) == Audience.partners()
    assert default_audience(public) == Audience.public()


def _result(rule: QuorumRule, missing: frozenset[Sector] = frozenset()) -> QuorumResult:
    return QuorumResult(
        quorate=not missing,
        partners_present=2,
        partners_needed=rule.min_partners,
        missing_sectors=missing,
        applies=rule.applies,
        deciders_only=rule.deciders_only,
        partners_here=2,
    )


def test_attendance_warns_only_where_the_quorum_is_at_stake() -> None:
    police, outreach = (
        Partner(name="Police", sector=Sector.POLICE),
        Partner(name="Outreach", sector=Sector.OUTREACH),
    )
    junior = Representative(name="Tom", partner_id=police.id)
    meeting = Meeting(forum_id="f", starts_at=dt.datetime(2026, 12, 7, 10, 0), status=MeetingStatus.HELD)
    cannot = PartnerStanding(police, (junior,), Standing.CANNOT_DECIDE, False)
    away = PartnerStanding(outreach, (), Standing.NOT_PRESENT, False)
    plain = QuorumRule(2)
    assert not needs_attention(cannot, meeting, _result(plain))  # the rule counts partners present
    assert not needs_attention(away, meeting, _result(plain))  # simply absent
    assert needs_attention(cannot, meeting, _result(QuorumRule(2, deciders_only=True)))
    sectors = QuorumRule(2, frozenset({Sector.OUTREACH}))
    assert needs_attention(away, meeting, _result(sectors, frozenset({Sector.OUTREACH})))
    planned = replace(meeting, status=MeetingStatus.PLANNED)
    assert not needs_attention(
        away, planned, _result(sectors, frozenset({Sector.OUTREACH}))
    )  # roll not taken
    assert needs_attention(away, planned, _result(sectors, frozenset({Sector.OUTREACH})), roll_taken=True)
