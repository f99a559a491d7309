"""Escalation in the core: what is refused, where an escalation is tabled and until when, and that its answer is
reported back exactly once, at the next meeting of the forum that raised it."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.carried import carried
from facilitator.entities import Forum
from facilitator.errors import ValidationError
from facilitator.escalation import (
    Direction,
    Escalation,
    EscalationReview,
    EscalationStatus,
    answer_escalation,
    close_escalation,
    escalate,
    escalations,
    open_escalated_subjects,
)
from facilitator.meeting_ops import (
    agenda,
    cancel_meeting,
    end_meeting,
    new_meeting,
    remove_item,
    start_meeting,
)
from facilitator.meetings import ItemKind, Meeting
from tests.conftest import stand_on
from tests.core.test_actions import MONDAY, World, make_world

ZONE = "Europe/London"


@pytest.fixture
def w() -> World:
    return make_world()


def _escalate(w: World, *, today: dt.date = MONDAY, **fields: object) -> Escalation:
    values: dict[str, object] = {
        "subject_kind": "agenda_items",
        "subject_id": "item-1",
        "subject_title": "Dealing in the car park",
        "from_forum_id": w.street.id,
        "to_forum_id": w.mayor.id,
        "reason": "The car park's owner will not talk to us",
    }
    values.update(fields)
    escalate(w.store, today=today, **values).apply(w.store)  # type: ignore[arg-type]
    return escalations(w.store)[-1]


def _meeting(w: World, forum: Forum, day: dt.date) -> Meeting:
    edit, meeting = new_meeting(w.store, forum.id, dt.datetime.combine(day, dt.time(10)), timezone=ZONE)
    edit.apply(w.store)
    return meeting


def _answered_before(w: World, rounds: int = 2) -> tuple[list[Meeting], Escalation]:
    """``rounds`` weekly street rounds from ``MONDAY``, and an escalation raised ten days before the first and
    answered five days before it."""
    meetings = [_meeting(w, w.street, MONDAY + dt.timedelta(days=7 * n)) for n in range(rounds)]
    escalation = _escalate(w, today=MONDAY - dt.timedelta(days=10))
    answer_escalation(w.store, escalation.id, "Funded.", MONDAY - dt.timedelta(days=5), None).apply(w.store)
    return meetings, escalation


def _hold(w: World, meeting: Meeting) -> None:
    stand_on(meeting.starts_at.date(), dt.time(10))
    start_meeting(w.store, meeting.id).apply(w.store)
    end_meeting(w.store, meeting.id).apply(w.store)


def _incoming(w: World, meeting: Meeting) -> list[str]:
    return [r.escalation_id for r in carried(w.store, meeting).incoming]


def _reported(w: World, meeting: Meeting) -> list[str]:
    return [r.escalation_id for r in carried(w.store, meeting).reported_back]


# --- what is refused ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"subject_kind": "partners"}, "subject_kind"),
        ({"to_forum_id": "street"}, "to_forum_id"),
        ({"reason": "  "}, "reason"),
        ({"reason": "x" * 20_001}, "reason"),
        ({"today": dt.date(1900, 1, 2)}, "raised_on"),
    ],
)
def test_an_unusable_escalation_is_refused_naming_the_field(
    w: World, fields: dict[str, object], field: str
) -> None:
    values = dict(fields)
    if values.get("to_forum_id") == "street":
        values["to_forum_id"] = w.street.id
    with pytest.raises(ValidationError) as caught:
        _escalate(w, **values)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert w.store.all(Escalation) == []


def test_the_same_subject_is_escalated_once_at_a_time(w: World) -> None:
    first = _escalate(w)
    with pytest.raises(ValidationError, match="already escalated"):
        _escalate(w)
    answer_escalation(w.store, first.id, "The deputy mayor meets the owner.", MONDAY, None).apply(w.store)
    again = _escalate(w, today=MONDAY + dt.timedelta(days=30))  # answered: it may go up again
    assert again.id != first.id


def test_an_answer_needs_words_and_only_an_answered_escalation_is_closed(w: World) -> None:
    escalation = _escalate(w)
    with pytest.raises(ValidationError) as caught:
        answer_escalation(w.store, escalation.id, "   ", MONDAY, None)
    assert caught.value.field == "response"
    with pytest.raises(ValidationError, match="only an answered"):
        close_escalation(w.store, escalation.id)
    answer_escalation(w.store, escalation.id, "  Funded.  ", MONDAY, None).apply(w.store)
    answered = w.store.get(Escalation, escalation.id)
    assert (answered.status, answered.response, answered.answered_on) == (
        EscalationStatus.ANSWERED,
        "Funded.",
        MONDAY,
    )
    close_escalation(w.store, escalation.id).apply(w.store)
    assert w.store.get(Escalation, escalation.id).status is EscalationStatus.CLOSED


# --- tabled until answered ------------------------------------------------------------------------------------


def test_an_escalation_is_on_every_meeting_of_the_target_forum_until_answered(w: World) -> None:
    thursdays = [_meeting(w, w.mayor, MONDAY + dt.timedelta(days=3 + 7 * n)) for n in range(3)]
    before = _meeting(w, w.mayor, MONDAY - dt.timedelta(days=4))  # planned, but before it was raised
    street = _meeting(w, w.street, MONDAY + dt.timedelta(days=7))
    escalation = _escalate(w)
    assert open_escalated_subjects(w.store, w.mayor.id, "agenda_items") == ["item-1"]
    for meeting in thursdays:
        assert _incoming(w, meeting) == [escalation.id]
    assert _incoming(w, before) == [] and _incoming(w, street) == []
    report = next(i for i in agenda(w.store, thursdays[0].id) if i.kind is ItemKind.REPORT_BACK)
    assert {r.item_id for r in carried(w.store, thursdays[0]).incoming} == {report.id}
    # The first Thursday does not answer it: it stays on the next ones.
    _hold(w, thursdays[0])
    [fixed] = w.store.where(EscalationReview, {"meeting_id": thursdays[0].id})
    assert (fixed.escalation_id, fixed.direction, fixed.status_then) == (
        escalation.id,
        Direction.INCOMING,
        EscalationStatus.OPEN,
    )
    assert _incoming(w, thursdays[1]) == [escalation.id]
    # The second answers it: the third no longer has it; the first two keep what they had.
    stand_on(thursdays[1].starts_at.date(), dt.time(10))
    start_meeting(w.store, thursdays[1].id).apply(w.store)
    answer_escalation(
        w.store, escalation.id, "Funded.", thursdays[1].starts_at.date(), thursdays[1].id
    ).apply(w.store)
    assert _incoming(w, thursdays[2]) == []
    assert _incoming(w, thursdays[0]) == [escalation.id] and _incoming(w, thursdays[1]) == [escalation.id]


def test_a_forum_whose_agenda_has_no_report_back_item_takes_nothing(w: World) -> None:
    meeting = _meeting(w, w.mayor, MONDAY + dt.timedelta(days=3))
    report = next(i for i in agenda(w.store, meeting.id) if i.kind is ItemKind.REPORT_BACK)
    remove_item(w.store, report.id).apply(w.store)
    _escalate(w)
    assert carried(w.store, meeting).escalations == []


# --- the answer reported back exactly once --------------------------------------------------------------------


def test_the_answer_is_reported_back_once_at_the_next_meeting_of_the_forum_that_raised_it(w: World) -> None:
    mondays = [_meeting(w, w.street, MONDAY + dt.timedelta(days=7 * n)) for n in range(4)]
    escalation = _escalate(w)
    _hold(w, mondays[0])  # raised that morning; nothing to report back yet
    assert _reported(w, mondays[0]) == []
    stand_on(MONDAY + dt.timedelta(days=3), dt.time(12))
    answer_escalation(
        w.store, escalation.id, "The deputy mayor meets the owner.", MONDAY + dt.timedelta(days=3), None
    ).apply(w.store)
    # Only the next Monday carries the answer, however many are planned.
    assert [_reported(w, m) for m in mondays[1:]] == [[escalation.id], [], []]
    [heard] = carried(w.store, mondays[1]).reported_back
    assert heard.response_then == "The deputy mayor meets the owner."
    _hold(w, mondays[1])
    assert [r.direction for r in w.store.where(EscalationReview, {"meeting_id": mondays[1].id})] == [
        Direction.REPORT_BACK
    ]
    # Heard once: the Mondays after do not hear it again, even before the origin closes it.
    assert [_reported(w, m) for m in mondays[2:]] == [[], []]
    close_escalation(w.store, escalation.id).apply(w.store)
    assert _reported(w, mondays[1]) == [escalation.id]  # the record of the meeting that heard it stays


def test_an_answer_given_after_the_origin_met_goes_to_its_following_meeting(w: World) -> None:
    first, second = (_meeting(w, w.street, MONDAY + dt.timedelta(days=7 * n)) for n in range(2))
    escalation = _escalate(w, today=MONDAY - dt.timedelta(days=3))
    stand_on(MONDAY, dt.time(10))
    start_meeting(w.store, first.id).apply(w.store)  # the street round is meeting
    answer_escalation(w.store, escalation.id, "Funded.", MONDAY, None).apply(w.store)  # answered during it
    assert _reported(w, first) == []
    assert _reported(w, second) == [escalation.id]


def test_a_cancelled_meeting_passes_the_answer_on(w: World) -> None:
    (first, second), escalation = _answered_before(w)
    assert _reported(w, first) == [escalation.id]
    cancel_meeting(w.store, first.id, "Strike").apply(w.store)
    assert _reported(w, first) == []
    assert _reported(w, second) == [escalation.id]


def test_a_meeting_left_unstarted_in_the_past_is_passed_over(w: World) -> None:
    (stale, coming), escalation = _answered_before(w)
    stand_on(MONDAY + dt.timedelta(days=2))  # the first Monday went by and nobody started it in the app
    assert _reported(w, coming) == [escalation.id]
    # Started afterwards (its minutes typed in later), it takes the answer, and the next one no longer does.
    start_meeting(w.store, stale.id).apply(w.store)
    assert _reported(w, stale) == [escalation.id]
    assert _reported(w, coming) == []


def test_undoing_the_start_puts_the_answer_back_before_the_meeting(w: World) -> None:
    [meeting], escalation = _answered_before(w, rounds=1)
    stand_on(MONDAY, dt.time(10))
    start = start_meeting(w.store, meeting.id)
    start.apply(w.store)
    assert len(w.store.all(EscalationReview)) == 1
    start.revert(w.store)
    assert w.store.all(EscalationReview) == []
    assert _reported(w, meeting) == [escalation.id]


def test_minutes_typed_in_afterwards_do_not_hear_an_answer_a_later_meeting_heard(w: World) -> None:
    (forgotten, later), escalation = _answered_before(w)
    _hold(w, later)  # the first Monday was never started in the app; the second one heard the answer
    assert _reported(w, later) == [escalation.id]
    start_meeting(w.store, forgotten.id).apply(w.store)  # its minutes typed in a week late
    assert _reported(w, forgotten) == []
    assert len([r for r in w.store.all(EscalationReview) if r.escalation_id == escalation.id]) == 1
