"""Escalation goes up the forums' tiers, unless a forum names where it escalates; moving a conflict to "escalated"
escalates it in the same edit, or links the escalation already open."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.conflicts import Conflict, ConflictStage, move_conflict, raise_conflict, timeline
from facilitator.entities import Forum, Partner, Tier
from facilitator.errors import ValidationError
from facilitator.escalation import Escalation, escalate, escalation_target, escalation_targets
from facilitator.operations import archive_forum, save_forum
from tests.core.fakes import MemoryStore

TODAY = dt.date(2026, 12, 7)
FORUMS = {
    "street": Forum(id="street", name="Street round", tier=Tier.OPERATIONAL),
    "harbour": Forum(id="harbour", name="Harbour round", tier=Tier.OPERATIONAL),
    "mayor": Forum(id="mayor", name="Mayor's round", tier=Tier.STRATEGIC),
    "board": Forum(id="board", name="Regional board", tier=Tier.STRATEGIC),
    "residents": Forum(id="residents", name="Residents' meeting", tier=Tier.PUBLIC),
}


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    for forum in FORUMS.values():
        store.put(forum)
    store.put(Partner(id="police", name="Police"))
    return store


TARGETS = [
    # (forum, the forum it names or None) -> where it may escalate, nearest tier first
    ("street", None, ["mayor", "board"]),  # up to the strategic groups, by name
    ("harbour", None, ["mayor", "board"]),
    ("residents", None, ["harbour", "street", "mayor", "board"]),  # a public meeting raises to anyone above
    ("mayor", None, []),  # the top escalates to nobody
    ("board", None, []),
    ("mayor", "board", ["board"]),  # unless it says otherwise
    ("street", "mayor", ["mayor"]),  # a forum that names one escalates there only
]


@pytest.mark.parametrize(("forum", "named", "expected"), TARGETS)
def test_escalation_targets(store: MemoryStore, forum: str, named: str | None, expected: list[str]) -> None:
    if named:
        save_forum(store, Forum(**{**FORUMS[forum].__dict__, "escalates_to_id": named})).apply(store)
    assert [f.id for f in escalation_targets(store, forum)] == expected
    above = escalation_target(store, forum)
    assert (above.id if above else None) == (expected[0] if expected else None)


DIRECTIONS = [
    ("street", "mayor", None),
    ("residents", "street", None),
    ("mayor", "street", "Mayor's round has no forum above it"),  # never down
    ("street", "harbour", "Escalation goes up: Street round escalates to Mayor's round, Regional board, not"),
    ("residents", "residents", "Escalation goes up"),
    ("mayor", "board", "Mayor's round has no forum above it to escalate to"),
]


@pytest.mark.parametrize(("origin", "target", "refused"), DIRECTIONS)
def test_escalate_goes_up_only(store: MemoryStore, origin: str, target: str, refused: str | None) -> None:
    def send() -> None:
        escalate(
            store,
            subject_kind="agenda_items",
            subject_id="item-1",
            subject_title="Dealing in the car park",
            from_forum_id=origin,
            to_forum_id=target,
            reason="Needs the owner's leadership",
            today=TODAY,
        ).apply(store)

    if refused is None:
        send()
        assert [(e.from_forum_id, e.to_forum_id) for e in store.all(Escalation)] == [(origin, target)]
    else:
        with pytest.raises(ValidationError) as error:
            send()
        assert error.value.field == "to_forum_id" and refused in error.value.problem
        assert store.all(Escalation) == []


def test_an_archived_named_forum_is_nowhere_to_go(store: MemoryStore) -> None:
    save_forum(store, Forum(**{**FORUMS["mayor"].__dict__, "escalates_to_id": "board"})).apply(store)
    archive_forum(store, "board").apply(store)
    assert escalation_targets(store, "mayor") == []


SETTINGS = [
    ("mayor", "mayor", "a forum cannot escalate to itself"),
    ("mayor", "residents", "a forum does not escalate to a public meeting"),
    ("mayor", "nowhere", "names a forum that does not exist"),
]


@pytest.mark.parametrize(("forum", "named", "refused"), SETTINGS)
def test_where_a_forum_escalates_is_checked(store: MemoryStore, forum: str, named: str, refused: str) -> None:
    with pytest.raises(ValidationError) as error:
        save_forum(store, Forum(**{**FORUMS[forum].__dict__, "escalates_to_id": named}))
    assert error.value.field == "escalates_to_id" and error.value.problem == refused


# --- conflicts ----------------------------------------------------------------------------------------------------


def _conflict(store: MemoryStore, forum: str = "street") -> Conflict:
    conflict = Conflict(
        forum_id=forum, title="Stop and search", raised_on=TODAY, raised_by_partner_id="police"
    )
    raise_conflict(store, conflict).apply(store)
    return conflict


def test_moving_a_conflict_to_escalated_escalates_it_to_the_forum_above(store: MemoryStore) -> None:
    conflict = _conflict(store)
    edit = move_conflict(store, conflict.id, ConflictStage.ESCALATED, TODAY, "Only the mayor can decide")
    edit.apply(store)
    (sent,) = store.all(Escalation)
    assert (sent.subject_kind, sent.subject_id, sent.from_forum_id, sent.to_forum_id) == (
        "conflicts",
        conflict.id,
        "street",
        "mayor",  # the forum above: the nearest tier, first by name
    )
    assert sent.reason == "Only the mayor can decide" and sent.raised_on == TODAY
    assert timeline(store, conflict.id)[-1].note == "Escalated to Mayor's round: Only the mayor can decide"
    edit.revert(store)  # one edit: undone together
    assert store.all(Escalation) == [] and store.get(Conflict, conflict.id).stage is ConflictStage.RAISED


def test_moving_a_conflict_to_escalated_may_choose_an_allowed_forum(store: MemoryStore) -> None:
    conflict = _conflict(store)
    move_conflict(store, conflict.id, ConflictStage.ESCALATED, TODAY, "Mayor", escalate_to="mayor").apply(
        store
    )
    assert [e.to_forum_id for e in store.all(Escalation)] == ["mayor"]
    other = _conflict(store)
    with pytest.raises(ValidationError):
        move_conflict(store, other.id, ConflictStage.ESCALATED, TODAY, "Sideways", escalate_to="harbour")


def test_an_open_escalation_is_linked_not_sent_twice(store: MemoryStore) -> None:
    conflict = _conflict(store)
    move_conflict(store, conflict.id, ConflictStage.ESCALATED, TODAY, "First time").apply(store)
    move_conflict(store, conflict.id, ConflictStage.IN_DISCUSSION, TODAY, "Back to the table").apply(store)
    edit = move_conflict(store, conflict.id, ConflictStage.ESCALATED, TODAY + dt.timedelta(days=7))
    edit.apply(store)
    assert len(store.all(Escalation)) == 1
    assert timeline(store, conflict.id)[-1].note == "Escalated to Mayor's round since Dec 7, 2026."


def test_a_conflict_cannot_be_escalated_without_a_reason_or_a_forum_above(store: MemoryStore) -> None:
    conflict = _conflict(store)
    with pytest.raises(ValidationError) as error:
        move_conflict(store, conflict.id, ConflictStage.ESCALATED, TODAY, "  ")
    assert error.value.field == "note"
    top = _conflict(store, "mayor")
    with pytest.raises(ValidationError) as error:
        move_conflict(store, top.id, ConflictStage.ESCALATED, TODAY, "Nowhere to go")
    assert "has no forum above it" in error.value.problem
    assert store.all(Escalation) == []
    assert store.get(Conflict, top.id).stage is ConflictStage.RAISED
