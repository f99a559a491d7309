"""The demonstration partnership's registers: actions, escalations, conflicts and notices with their history."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.actions import Action, ActionStatus, ActionUpdate, action_facts, open_prerequisites
from facilitator.approval import MinutesRecord, MinutesStatus, verify_minutes
from facilitator.carried import carried
from facilitator.conflicts import Conflict, ConflictStage, timeline
from facilitator.demo import build_demo
from facilitator.entities import Forum, Partner, Tier
from facilitator.escalation import Direction, Escalation, EscalationReview, EscalationStatus
from facilitator.home import attention
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import Confidentiality, Meeting, MeetingStatus
from facilitator.notices import (
    Notice,
    NoticeResponse,
    NoticeStatus,
    ResponseKind,
    is_short_notice,
    missing_responses,
)
from tests.core.fakes import MemoryStore, without_timestamps

TODAY = dt.date(2026, 11, 29)


def _demo(seed: int = 1) -> MemoryStore:
    store = MemoryStore()
    build_demo(store, seed=seed, today=TODAY)
    return store


@pytest.fixture(scope="module")
def demo() -> MemoryStore:
    return _demo()


def _partner(store: MemoryStore, short_name: str) -> str:
    return next(p.id for p in store.all(Partner) if p.short_name == short_name)


def _forum(store: MemoryStore, tier: Tier) -> str:
    return next(f.id for f in store.all(Forum) if f.tier is tier)


def test_actions_of_every_status_some_overdue_some_late(demo: MemoryStore) -> None:
    actions = demo.all(Action)
    assert {a.status for a in actions} == set(ActionStatus)
    assert sum(a.is_overdue(TODAY) for a in actions) >= 2
    done = [a for a in actions if a.status is ActionStatus.DONE and a.agreed_due and a.completed_on]
    assert any(a.completed_on <= a.agreed_due for a in done if a.completed_on and a.agreed_due)
    assert any(a.completed_on > a.agreed_due for a in done if a.completed_on and a.agreed_due)
    assert any(a.public_text for a in done)
    for action in actions:
        if action.status is ActionStatus.DONE:
            assert action.completed_on is not None and action.completed_on < TODAY


def test_the_underpass_intervention_waits_for_the_treatment_places(demo: MemoryStore) -> None:
    waiting = next(a for a in demo.all(Action) if a.waits_for)
    assert "underpass" in waiting.title.lower()
    (places,) = open_prerequisites(demo, waiting)
    assert "ten" in places.title and "treatment places" in places.title
    assert places.is_overdue(TODAY)


def test_actions_are_carried_and_updated_at_meetings(demo: MemoryStore) -> None:
    facts = [action_facts(demo, a, TODAY) for a in demo.all(Action)]
    assert sum(f.times_carried > 1 for f in facts) >= 5
    assert any(f.missed_updates > 0 for f in facts)
    updates = demo.all(ActionUpdate)
    assert len(updates) >= 20
    meetings = {m.id: m for m in demo.all(Meeting)}
    for update in updates:
        meeting = meetings[update.meeting_id]
        assert meeting.status is MeetingStatus.HELD and update.note
    assert any(u.new_status is ActionStatus.DONE for u in updates)
    assert any(u.new_due is not None for u in updates)


def test_a_restricted_police_action(demo: MemoryStore) -> None:
    restricted = [a for a in demo.all(Action) if a.confidentiality is Confidentiality.RESTRICTED]
    assert len(restricted) == 1
    assert restricted[0].owner_partner_id == _partner(demo, "Police")
    assert set(restricted[0].restricted_to) == {_partner(demo, "Police"), _partner(demo, "Public Order")}


def test_escalations_from_the_street_round_to_the_mayor_of_each_status(demo: MemoryStore) -> None:
    found = demo.all(Escalation)
    assert {e.status for e in found} == set(EscalationStatus)
    for escalation in found:
        assert escalation.from_forum_id == _forum(demo, Tier.OPERATIONAL)
        assert escalation.to_forum_id == _forum(demo, Tier.STRATEGIC)
        reviews = demo.where(EscalationReview, {"escalation_id": escalation.id})
        assert any(r.direction is Direction.INCOMING for r in reviews)
        reported = [r for r in reviews if r.direction is Direction.REPORT_BACK]
        if escalation.status is EscalationStatus.OPEN:
            assert not reported and escalation.answered_on is None
        elif escalation.status is EscalationStatus.CLOSED:
            assert escalation.response and len(reported) == 1
        else:
            assert escalation.response and reported == []  # answered since the street round last met
    answered = next(e for e in found if e.status is EscalationStatus.ANSWERED)
    # Not yet reported back: the street round's next meeting, still to come, carries the answer (derived from the
    # register, as every planned meeting is), and only that one.
    street = [
        m for m in meetings_of(demo, _forum(demo, Tier.OPERATIONAL)) if m.status is MeetingStatus.PLANNED
    ]
    hearing = [
        m
        for m in street
        if any(r.escalation_id == answered.id for r in carried(demo, m, TODAY).reported_back)
    ]
    assert hearing == [street[0]]


def test_three_conflicts_with_their_timelines(demo: MemoryStore) -> None:
    conflicts = {c.stage: c for c in demo.all(Conflict)}
    assert set(conflicts) == {
        ConflictStage.RESOLVED,
        ConflictStage.IN_MEDIATION,
        ConflictStage.CLOSED_UNRESOLVED,
    }
    searches = conflicts[ConflictStage.RESOLVED]
    assert "stop-and-search" in searches.title
    assert searches.raised_by_partner_id == _partner(demo, "Residents")
    assert searches.resolution and searches.lessons
    names = conflicts[ConflictStage.IN_MEDIATION]
    assert set(names.partners_involved) == {_partner(demo, "Outreach"), _partner(demo, "Police")}
    assert names.mediator and names.review_on is not None and names.review_on > TODAY
    for conflict in conflicts.values():
        steps = timeline(demo, conflict.id)
        assert len(steps) >= 3
        assert steps[0].stage is ConflictStage.RAISED and steps[-1].stage is conflict.stage
        assert all(s.on <= TODAY for s in steps)


def test_three_notices_with_answers_and_a_short_one(demo: MemoryStore) -> None:
    notices = demo.all(Notice)
    assert len(notices) == 3
    move = next(n for n in notices if "Quay Street" in n.title)
    assert move.partner_id == _partner(demo, "Harbour Lane")
    assert move.status is NoticeStatus.AGREED_WITH_CONDITIONS and move.outcome
    assert not is_short_notice(demo, move) and not missing_responses(demo, move)
    answers = demo.where(NoticeResponse, {"notice_id": move.id})
    residents = next(r for r in answers if r.partner_id == _partner(demo, "Residents"))
    assert residents.kind is ResponseKind.HAS_CONCERNS
    operation = next(n for n in notices if n.confidentiality is Confidentiality.RESTRICTED)
    assert set(operation.restricted_to) == {_partner(demo, "Police"), _partner(demo, "Public Order")}
    assert is_short_notice(demo, operation)
    hours = next(n for n in notices if "needle exchange" in n.title)
    assert len(missing_responses(demo, hours)) == 1
    assert demo.where(NoticeResponse, {"notice_id": hours.id})


def test_same_seed_same_registers_other_seed_other_ids() -> None:
    first = without_timestamps(_demo(3))
    assert first == without_timestamps(_demo(3))
    other = without_timestamps(_demo(4))
    assert [a["title"] for a in first["actions"]] == [a["title"] for a in other["actions"]]  # type: ignore[index]
    assert first["actions"] != other["actions"]  # type: ignore[index]


def test_ten_years_keep_the_registers_recent() -> None:
    store = MemoryStore()
    build_demo(store, years=10, today=TODAY)
    assert len(store.all(Escalation)) == 3 and len(store.all(Conflict)) == 3
    assert all((TODAY - c.raised_on).days < 366 for c in store.all(Conflict))


def test_the_demo_shows_the_weekly_cycle_at_work(demo: MemoryStore) -> None:
    """Rebuilt, the demo shows what planned meetings carry, the alarm for a notice no meeting will hear, and the
    last quarter's minutes approved and frozen."""
    street = _forum(demo, Tier.OPERATIONAL)
    mayor = _forum(demo, Tier.STRATEGIC)
    home = attention(demo, TODAY)
    coming = {entry.forum.id: entry for entry in home.next_meetings}
    monday = coming[street].carried
    assert monday is not None and not monday.fixed
    open_street = {a.id for a in demo.where(Action, {"forum_id": street}) if not a.is_closed}
    assert {r.action_id for r in monday.actions} == open_street
    assert monday.notices and monday.conflicts and monday.reported_back
    thursday = coming[mayor].carried
    assert thursday is not None
    waiting = [e.id for e in demo.all(Escalation) if e.status is EscalationStatus.OPEN]
    assert [r.escalation_id for r in thursday.incoming] == waiting
    # A notice of a police operation reaches the mayor's round too late: Home says so.
    alarms = {n.notice.title: [f.id for f in n.unheard_in] for n in home.notices if n.unheard_in}
    assert alarms["Police operation around the station"] == [mayor]
    # The last quarter's minutes were approved at the next round and print from their snapshot.
    records = [r for r in demo.all(MinutesRecord) if r.status is MinutesStatus.APPROVED]
    assert len(records) >= 10
    for record in records:
        assert record.approved_record and verify_minutes(demo, record.meeting_id)
    assert any(r.status is MinutesStatus.CIRCULATED for r in demo.all(MinutesRecord))
