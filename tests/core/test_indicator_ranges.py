"""Every indicator stays in its valid range on any history: no negative count or duration, no rate over 100 %.

Histories are generated with Hypothesis as they arrive in real files: records typed in late (an action recorded
after it was done, imported years of history), steps dated before what they follow, actions done without a day,
partners sending several people, guests, cancelled and planned meetings. Every record is valid on its own; only
the order of their dates is free, as it is when people type in what happened."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.actions import Action, ActionReview, ActionStatus
from facilitator.audience import Audience
from facilitator.conflicts import Conflict, ConflictCategory, ConflictStage, ConflictStep
from facilitator.docmodel import Table
from facilitator.entities import Forum, Membership, Partner, Representative, Tier
from facilitator.escalation import Escalation, EscalationStatus
from facilitator.i18n import translator
from facilitator.indicators import (
    Period,
    actions_by_partner,
    attendance_by_partner,
    attendance_trend,
    conflict_counts,
    escalation_counts,
    meeting_counts,
    notice_counts,
)
from facilitator.meetings import Attendance, AttendeeRole, Meeting, MeetingStatus, Presence
from facilitator.notices import Notice, NoticeResponse, ResponseKind
from facilitator.year_review import indicator_sections, year_in_review
from tests.core.fakes import MemoryStore

BASE = dt.date(2025, 1, 1)
UTC = dt.UTC

days = st.integers(-500, 500)


def _day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


def _moment(offset: int) -> dt.datetime:
    return dt.datetime.combine(_day(offset), dt.time(9), tzinfo=UTC)


@st.composite
def histories(draw: st.DrawFn) -> tuple[MemoryStore, Period]:
    store = MemoryStore()
    forums = [
        Forum(
            id="street", name="Street round", tier=Tier.OPERATIONAL, min_notice_days=draw(st.integers(0, 30))
        ),
        Forum(id="mayor", name="Mayor's round", tier=Tier.STRATEGIC),
    ]
    for forum in forums:
        store.put(forum)
    partners = [Partner(id=f"p{i}", name=f"Partner {i}") for i in range(draw(st.integers(1, 4)))]
    people: dict[str, list[Representative]] = {}
    for partner in partners:
        store.put(partner)
        staff = [
            Representative(
                id=f"{partner.id}r{j}",
                name=f"Person {j}",
                partner_id=partner.id,
                may_decide=draw(st.booleans()),
            )
            for j in range(draw(st.integers(1, 2)))
        ]
        people[partner.id] = staff
        for person in staff:
            store.put(person)
        store.put(Membership(forum_id="street", partner_id=partner.id, main_representative_id=staff[0].id))
    meetings = []
    for number in range(draw(st.integers(0, 8))):
        meeting = Meeting(
            id=f"m{number}",
            forum_id=draw(st.sampled_from(["street", "mayor"])),
            starts_at=dt.datetime.combine(_day(draw(days)), dt.time(10)),
            status=draw(st.sampled_from(list(MeetingStatus))),
        )
        store.put(meeting)
        meetings.append(meeting)
        for partner in partners:
            for person in draw(
                st.lists(st.sampled_from(people[partner.id]), max_size=2, unique_by=lambda p: p.id)
            ):
                store.put(
                    Attendance(
                        meeting_id=meeting.id,
                        partner_id=partner.id,
                        representative_id=person.id,
                        role=draw(st.sampled_from(list(AttendeeRole))),
                        presence=draw(st.sampled_from([p for p in Presence if p is not Presence.SUBSTITUTE])),
                    )
                )
    for number in range(draw(st.integers(0, 10))):
        status = draw(st.sampled_from(list(ActionStatus)))
        done = draw(st.one_of(st.none(), days))  # done with or without a day; a day left from before
        origin = draw(st.one_of(st.none(), st.sampled_from(meetings))) if meetings else None
        action = Action(
            id=f"a{number}",
            forum_id=draw(st.sampled_from(["street", "mayor"])),
            title=f"Action {number}",
            owner_partner_id=draw(st.sampled_from(partners)).id,
            due=draw(st.one_of(st.none(), days.map(_day))),
            status=status,
            completed_on=_day(done) if done is not None else None,
            origin_meeting_id=origin.id if origin else None,
            created=_moment(draw(days)),  # recorded any time: before, or long after, it was done
        )
        store.put(action)
        for review in range(draw(st.integers(0, 3))):
            if meetings:
                store.put(
                    ActionReview(
                        meeting_id=draw(st.sampled_from(meetings)).id,
                        item_id="item",
                        action_id=action.id,
                        position=review,
                        status_then=ActionStatus.OPEN,
                    )
                )
    for number in range(draw(st.integers(0, 5))):
        conflict = Conflict(
            id=f"c{number}",
            forum_id="street",
            title=f"Conflict {number}",
            raised_on=_day(draw(days)),
            raised_by_partner_id=partners[0].id,
            category=draw(st.sampled_from(list(ConflictCategory))),
            stage=draw(st.sampled_from(list(ConflictStage))),
        )
        store.put(conflict)
        for _step in range(draw(st.integers(0, 3))):  # a step may be dated before the conflict was raised
            store.put(
                ConflictStep(
                    conflict_id=conflict.id,
                    on=_day(draw(days)),
                    stage=draw(st.sampled_from(list(ConflictStage))),
                )
            )
    for number in range(draw(st.integers(0, 4))):
        given = draw(days)
        notice = Notice(
            id=f"n{number}",
            partner_id=partners[0].id,
            title=f"Notice {number}",
            given_on=_day(given),
            takes_effect_on=_day(given + draw(st.integers(0, 60))),
            affected_partners=tuple(p.id for p in partners),
            affected_forums=tuple(draw(st.lists(st.sampled_from(["street", "mayor"]), unique=True))),
        )
        store.put(notice)
        for partner in draw(st.lists(st.sampled_from(partners), unique_by=lambda p: p.id)):
            store.put(
                NoticeResponse(
                    notice_id=notice.id,
                    partner_id=partner.id,
                    kind=ResponseKind.SUPPORTS,
                    on=_day(draw(days)),
                )
            )
    for number in range(draw(st.integers(0, 4))):
        answered = draw(st.one_of(st.none(), days))
        store.put(
            Escalation(
                id=f"e{number}",
                subject_kind="agenda_items",
                subject_id=f"i{number}",
                subject_title="Something",
                from_forum_id="street",
                to_forum_id="mayor",
                reason="Because",
                raised_on=_day(draw(days)),
                status=EscalationStatus.ANSWERED if answered is not None else EscalationStatus.OPEN,
                answered_on=_day(answered) if answered is not None else None,
            )
        )
    start = draw(days)
    period = Period(_day(start), _day(start + draw(st.integers(0, 800))))
    return store, period


def _rate(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 1.0


def _days(value: float | None) -> bool:
    return value is None or value >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.sampled_from([None, "street", "mayor"]))
def test_every_indicator_stays_in_its_range(
    history: tuple[MemoryStore, Period], forum_id: str | None
) -> None:
    store, period = history
    counts = meeting_counts(store, period, forum_id)
    assert 0 <= counts.held <= counts.planned and counts.cancelled >= 0
    for row in attendance_by_partner(store, period, forum_id):
        assert row.meetings >= 1 and 0 <= row.decision_level <= row.present <= row.meetings
        assert _rate(row.rate) and _rate(row.decision_rate)
    for _step, rate in attendance_trend(store, period, forum_id, months_per_step=3):
        assert _rate(rate)
    for row in actions_by_partner(store, period, forum_id, today=period.end):
        assert 0 <= row.on_time <= row.completed <= row.due
        assert 0 <= row.overdue <= row.due - row.completed
        assert _days(row.median_days_to_complete) and _days(row.average_times_carried)
    for row in conflict_counts(store, period, forum_id):
        assert 0 <= row.resolved <= row.raised and _days(row.median_days_to_resolve)
    notices = notice_counts(store, period, forum_id)
    assert 0 <= notices.enough_notice <= notices.given and notices.responses_outstanding >= 0
    escalated = escalation_counts(store, period, forum_id)
    assert 0 <= escalated.answered <= escalated.raised and _days(escalated.median_days_to_answer)
    # What the window and the report print: no minus sign, no share over 100 %, in two languages.
    for language in ("en", "fr"):
        t = translator(language)
        for section in indicator_sections(store, period, t, forum_id, audience=Audience.partners()):
            for cells in section.table.rows:
                for cell in cells[1:]:  # the first column names partners, categories or steps
                    assert not cell.startswith(("-", "−")), (section.key, cell)
                    if cell.endswith("%") or cell.endswith("\u00a0%"):
                        assert (
                            float(cell.rstrip("%\u00a0\u202f").replace("\u202f", "").replace(",", ".")) <= 100
                        )
            if section.chart is not None:
                for series in section.chart.series:
                    for value in series.values:
                        assert value is None or value >= 0
                        if section.chart.value_format == "percent":
                            assert value is None or value <= 1
    model = year_in_review(store, period, "en", forum_id)
    for block in model.blocks:
        if isinstance(block, Table):
            for cells in block.rows:
                assert all(not c.startswith("-") for c in cells[1:] if c[:1].isdigit() or c.startswith("-"))
