"""Actions in the core: what is refused, what an update changes, and what each meeting reviews.

Until a meeting starts it reviews the register as it is (derived); when it starts the reviews are fixed, each as
the action stood then. The order is by owner partner, then oldest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from facilitator.actions import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    action_facts,
    history,
    open_actions,
    record_update,
    save_action,
)
from facilitator.carried import carried
from facilitator.entities import Forum, Membership, Partner, Representative, Sector, Tier
from facilitator.errors import NotFound, ValidationError
from facilitator.escalation import Escalation, answer_escalation
from facilitator.meeting_ops import agenda, end_meeting, new_meeting, remove_item, save_item, start_meeting
from facilitator.meetings import AgendaItem, Confidentiality, ItemKind, Meeting
from facilitator.operations import save_forum
from tests.builders import escalation_of
from tests.conftest import stand_on
from tests.core.fakes import MemoryStore

ZONE = "Europe/London"
MONDAY = dt.date(2027, 3, 1)


@dataclass
class World:
    store: MemoryStore
    street: Forum
    mayor: Forum
    police: Partner
    housing: Partner
    outreach: Partner
    ana: Representative  # police
    hugo: Representative  # housing


def make_world() -> World:
    """A street round and a mayor's round with their standard agendas, three partners, two people; the clock a
    week before ``MONDAY``."""
    store = MemoryStore()
    street = Forum(name="Street round", tier=Tier.OPERATIONAL)
    mayor = Forum(name="Mayor's round", tier=Tier.STRATEGIC)
    for forum in (street, mayor):
        save_forum(store, forum).apply(store)
    police = Partner(name="City Police", sector=Sector.POLICE)
    housing = Partner(name="Housing Options", sector=Sector.HOUSING)
    outreach = Partner(name="Outreach North", sector=Sector.OUTREACH)
    ana = Representative(name="Ana", partner_id=police.id, may_decide=True)
    hugo = Representative(name="Hugo", partner_id=housing.id, may_decide=True)
    for record in (police, housing, outreach, ana, hugo):
        store.put(record)
    for partner in (police, housing, outreach):
        store.put(Membership(forum_id=street.id, partner_id=partner.id))
    stand_on(MONDAY - dt.timedelta(days=7))
    return World(store, street, mayor, police, housing, outreach, ana, hugo)


@pytest.fixture
def w() -> World:
    return make_world()


def _action(w: World, **fields: object) -> Action:
    values: dict[str, object] = {
        "forum_id": w.street.id,
        "title": "Find ten beds",
        "owner_partner_id": w.housing.id,
    }
    values.update(fields)
    return Action(**values)  # type: ignore[arg-type]


def _agree(w: World, **fields: object) -> Action:
    action = _action(w, **fields)
    save_action(w.store, action).apply(w.store)
    return w.store.get(Action, action.id)


def _meeting(w: World, day: dt.date, forum: Forum | None = None) -> Meeting:
    edit, meeting = new_meeting(
        w.store, (forum or w.street).id, dt.datetime.combine(day, dt.time(10)), timezone=ZONE
    )
    edit.apply(w.store)
    return meeting


def _start(w: World, meeting: Meeting) -> None:
    stand_on(meeting.starts_at.date(), dt.time(10))
    start_meeting(w.store, meeting.id).apply(w.store)


# --- what is refused ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"details": "x" * 20_001}, "details"),
        ({"public_text": "x" * 20_001}, "details"),
        ({"owner_partner_id": ""}, "owner_partner_id"),
        ({"due": dt.date(1900, 1, 1)}, "due"),
        ({"completed_on": dt.date(2200, 1, 1)}, "completed_on"),
        ({"confidentiality": Confidentiality.RESTRICTED}, "restricted_to"),
    ],
)
def test_an_unusable_action_is_refused_naming_the_field(
    w: World, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        save_action(w.store, _action(w, **fields))
    assert caught.value.field == field
    assert w.store.all(Action) == []


def test_an_action_waits_for_no_loop_and_for_actions_that_exist(w: World) -> None:
    first = _agree(w, title="Open the night shelter")
    second = _agree(w, title="Move the rough sleepers in", waits_for=(first.id,))
    with pytest.raises(ValidationError) as caught:
        save_action(w.store, replace(first, waits_for=(second.id,)))
    assert caught.value.field == "waits_for"
    with pytest.raises(ValidationError, match="itself"):
        save_action(w.store, replace(first, waits_for=(first.id,)))
    with pytest.raises(ValidationError, match="does not exist"):
        save_action(w.store, _action(w, waits_for=("nowhere",)))


def test_the_owner_exists_and_the_person_represents_it(w: World) -> None:
    with pytest.raises(NotFound):
        save_action(w.store, _action(w, owner_partner_id="gone"))
    with pytest.raises(ValidationError) as caught:
        save_action(w.store, _action(w, owner_person_id=w.ana.id))  # Ana is police, the owner is housing
    assert caught.value.field == "owner_person_id"
    assert _agree(w, owner_person_id=w.hugo.id).owner_person_id == w.hugo.id


def test_the_due_date_agreed_stays_when_it_is_moved(w: World) -> None:
    action = _agree(w, due=dt.date(2027, 3, 15))
    assert action.agreed_due == dt.date(2027, 3, 15)
    save_action(w.store, replace(action, due=dt.date(2027, 4, 1))).apply(w.store)
    moved = w.store.get(Action, action.id)
    assert (moved.due, moved.agreed_due, moved.created) == (
        dt.date(2027, 4, 1),
        dt.date(2027, 3, 15),
        action.created,
    )


@pytest.mark.parametrize(("note", "new_due"), [("x" * 20_001, None), ("", dt.date(1800, 1, 1))])
def test_an_unusable_update_is_refused(w: World, note: str, new_due: dt.date | None) -> None:
    action = _agree(w)
    meeting = _meeting(w, MONDAY)
    with pytest.raises(ValidationError):
        record_update(w.store, action.id, meeting.id, note, new_due=new_due, today=MONDAY)


# --- updates at a meeting -------------------------------------------------------------------------------------


def test_an_update_belongs_to_its_meeting_and_may_change_the_action(w: World) -> None:
    action = _agree(w)
    meeting = _meeting(w, MONDAY)
    _start(w, meeting)
    record_update(w.store, action.id, meeting.id, "  Four beds found.  ", today=MONDAY).apply(w.store)
    edit = record_update(
        w.store, action.id, meeting.id, "All ten found.", new_status=ActionStatus.DONE, today=MONDAY
    )
    edit.apply(w.store)
    [update] = w.store.where(ActionUpdate, {"action_id": action.id})  # replaced, not added
    assert (update.meeting_id, update.note, update.new_status) == (
        meeting.id,
        "All ten found.",
        ActionStatus.DONE,
    )
    done = w.store.get(Action, action.id)
    assert (done.status, done.completed_on) == (ActionStatus.DONE, MONDAY)
    edit.revert(w.store)
    assert w.store.get(Action, action.id).status is ActionStatus.OPEN
    assert w.store.get(ActionUpdate, update.id).note == "Four beds found."


def test_an_action_said_done_at_a_meeting_typed_in_later_was_done_by_the_meeting(w: World) -> None:
    tuesday = MONDAY + dt.timedelta(days=1)
    action = _agree(w, due=tuesday)
    meeting = _meeting(w, MONDAY)  # held on paper on Monday
    wednesday = MONDAY + dt.timedelta(days=2)
    stand_on(wednesday, dt.time(15))  # its minutes typed in on Wednesday afternoon
    start_meeting(w.store, meeting.id).apply(w.store)
    record_update(
        w.store, action.id, meeting.id, "All ten found.", new_status=ActionStatus.DONE, today=wednesday
    ).apply(w.store)
    done = w.store.get(Action, action.id)
    assert (done.status, done.completed_on) == (ActionStatus.DONE, MONDAY)  # on time, not a day late
    # An update recorded ahead on a meeting still to come is done on the day it is recorded.
    following = _meeting(w, MONDAY + dt.timedelta(days=7))
    later = _agree(w, title="Open on Sundays")
    record_update(w.store, later.id, following.id, "", new_status=ActionStatus.DONE, today=wednesday).apply(
        w.store
    )
    assert w.store.get(Action, later.id).completed_on == wednesday


# --- what each meeting reviews --------------------------------------------------------------------------------


def test_a_planned_meeting_reviews_the_register_as_it_is_by_partner_then_oldest_first(w: World) -> None:
    meeting = _meeting(w, MONDAY)  # planned before any action was agreed
    assert carried(w.store, meeting).actions == []
    police_old = _agree(w, title="Patrol the underpass", owner_partner_id=w.police.id)
    housing = _agree(w, title="Find ten beds")
    stand_on(MONDAY - dt.timedelta(days=5))
    police_new = _agree(w, title="Brief the night shift", owner_partner_id=w.police.id)
    _agree(w, title="Already done", status=ActionStatus.DONE)
    _agree(w, title="Elsewhere", forum_id=w.mayor.id)
    reviews = carried(w.store, meeting).actions
    # City Police before Housing Options; within the police, the older action first.
    assert [r.action_id for r in reviews] == [police_old.id, police_new.id, housing.id]
    review_item = next(i for i in agenda(w.store, meeting.id) if i.kind is ItemKind.REVIEW_OF_ACTIONS)
    assert {r.item_id for r in reviews} == {review_item.id}
    assert [r.position for r in reviews] == [0, 1, 2]
    assert carried(w.store, meeting).actions == reviews  # the same records however often it is read
    assert w.store.all(ActionReview) == []  # nothing is written before the meeting starts


def test_done_and_dropped_actions_drop_off_until_the_meeting_starts_then_the_review_is_fixed(
    w: World,
) -> None:
    beds = _agree(w, due=dt.date(2027, 3, 15))
    patrol = _agree(w, title="Patrol the underpass", owner_partner_id=w.police.id)
    meeting = _meeting(w, MONDAY)
    save_action(w.store, replace(patrol, status=ActionStatus.DROPPED)).apply(w.store)
    assert [r.action_id for r in carried(w.store, meeting).actions] == [beds.id]
    _start(w, meeting)
    [fixed] = w.store.where(ActionReview, {"meeting_id": meeting.id})
    assert (fixed.action_id, fixed.status_then, fixed.due_then) == (
        beds.id,
        ActionStatus.OPEN,
        dt.date(2027, 3, 15),
    )
    # Later changes to the action change nothing in what the started meeting reviewed.
    save_action(w.store, replace(w.store.get(Action, beds.id), due=dt.date(2027, 5, 1))).apply(w.store)
    record_update(w.store, beds.id, meeting.id, "Done.", new_status=ActionStatus.DONE, today=MONDAY).apply(
        w.store
    )
    _agree(w, title="Agreed today, reviewed next time")
    [still] = carried(w.store, meeting).actions
    assert (still.action_id, still.status_then, still.due_then) == (
        beds.id,
        ActionStatus.OPEN,
        dt.date(2027, 3, 15),
    )


def test_an_action_agreed_at_a_meeting_is_reviewed_from_the_next_one(w: World) -> None:
    first = _meeting(w, MONDAY)
    second = _meeting(w, MONDAY + dt.timedelta(days=7))
    _start(w, first)
    item = next(i for i in agenda(w.store, first.id) if i.kind is ItemKind.OTHER_BUSINESS)
    agreed = _agree(w, origin_meeting_id=first.id, origin_item_id=item.id)
    assert carried(w.store, first).actions == []
    assert [r.action_id for r in carried(w.store, second).actions] == [agreed.id]


def test_a_meeting_without_a_review_item_reviews_nothing(w: World) -> None:
    _agree(w)
    meeting = _meeting(w, MONDAY)
    review = next(i for i in agenda(w.store, meeting.id) if i.kind is ItemKind.REVIEW_OF_ACTIONS)
    remove_item(w.store, review.id).apply(w.store)
    assert carried(w.store, meeting).actions == []


def _escalate_to_mayor(w: World, action: Action, day: dt.date) -> None:
    escalation_of(w.store, action, w.street, w.mayor, "No budget for beds", today=day).apply(w.store)


def test_an_escalated_action_is_reviewed_by_the_other_forum_until_answered(w: World) -> None:
    beds = _agree(w)
    strategic = _meeting(w, MONDAY + dt.timedelta(days=3), w.mayor)
    _escalate_to_mayor(w, beds, MONDAY)
    assert [r.action_id for r in carried(w.store, strategic).actions] == [beds.id]
    [escalation] = w.store.all(Escalation)
    answer_escalation(w.store, escalation.id, "Funded.", MONDAY, None).apply(w.store)
    assert carried(w.store, strategic).actions == []


def test_times_carried_counts_meetings_that_started_with_it(w: World) -> None:
    beds = _agree(w)
    first = _meeting(w, MONDAY)
    second = _meeting(w, MONDAY + dt.timedelta(days=7))
    _meeting(w, MONDAY + dt.timedelta(days=14))  # planned: not counted yet
    _start(w, first)
    end_meeting(w.store, first.id).apply(w.store)
    _start(w, second)
    record_update(w.store, beds.id, second.id, "Six found.", today=second.starts_at.date()).apply(w.store)
    facts = action_facts(w.store, w.store.get(Action, beds.id), MONDAY + dt.timedelta(days=7))
    assert (facts.times_carried, facts.missed_updates) == (2, 1)
    assert [e.meeting.id for e in history(w.store, beds.id)] == [first.id, second.id]
    assert open_actions(w.store, w.street.id) == [w.store.get(Action, beds.id)]


def test_what_the_coordinator_changed_on_the_agenda_stays_while_the_register_moves(w: World) -> None:
    meeting = _meeting(w, MONDAY)
    review = next(i for i in agenda(w.store, meeting.id) if i.kind is ItemKind.REVIEW_OF_ACTIONS)
    save_item(w.store, replace(review, title="Actions: beds first", minutes_allowed=25)).apply(w.store)
    added = AgendaItem(meeting_id=meeting.id, position=0, title="Night shelter capacity")
    save_item(w.store, added).apply(w.store)
    before = agenda(w.store, meeting.id)
    beds = _agree(w)
    [reviewed] = carried(w.store, meeting).actions
    assert (reviewed.action_id, reviewed.item_id) == (beds.id, review.id)
    _start(w, meeting)
    after = agenda(w.store, meeting.id)
    assert [(i.id, i.title, i.minutes_allowed, i.position) for i in after] == [
        (i.id, i.title, i.minutes_allowed, i.position) for i in before
    ]
    assert [r.item_id for r in w.store.where(ActionReview, {"meeting_id": meeting.id})] == [review.id]


def test_minutes_typed_in_late_do_not_review_an_action_a_later_meeting_agreed(w: World) -> None:
    old = _agree(w, title="Find ten beds")
    forgotten = _meeting(w, MONDAY)  # held on paper, never started in the app
    later = _meeting(w, MONDAY + dt.timedelta(days=7))
    _meeting(w, MONDAY + dt.timedelta(days=14))
    stand_on(later.starts_at.date(), dt.time(10))
    start_meeting(w.store, later.id).apply(w.store)
    agreed = _agree(w, title="Open the drop-in on Sundays", origin_meeting_id=later.id)
    end_meeting(w.store, later.id).apply(w.store)
    stand_on(later.starts_at.date() + dt.timedelta(days=2))
    assert [r.action_id for r in carried(w.store, forgotten).actions] == [old.id]  # before it starts, too
    start_meeting(w.store, forgotten.id).apply(w.store)  # its minutes typed in two weeks late
    assert [r.action_id for r in carried(w.store, forgotten).actions] == [old.id]
    assert history(w.store, agreed.id) == []  # reviewed from the meeting after the one that agreed it


def test_minutes_typed_in_late_do_not_review_an_action_escalated_after_the_meeting(w: World) -> None:
    beds = _agree(w)
    strategic = _meeting(w, MONDAY, w.mayor)  # held on paper, never started in the app
    _escalate_to_mayor(w, beds, MONDAY + dt.timedelta(days=3))
    stand_on(MONDAY + dt.timedelta(days=4))
    start_meeting(w.store, strategic.id).apply(w.store)  # its minutes typed in four days late
    assert carried(w.store, strategic).actions == []
    assert carried(w.store, strategic).incoming == []
