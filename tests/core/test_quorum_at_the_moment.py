"""Quorum and decisions mean what they say: judged at the moment of each decision, by partners able to decide when
the forum says so, never for a forum without a rule; a block makes a consensus blocked; only partners in the room
hold a position. Tables of cases, on the pure rules and through the operations on an in-memory store."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator.entities import Forum, Membership, Partner, QuorumRule, Representative, Sector
from facilitator.errors import ValidationError
from facilitator.meeting_ops import (
    agenda,
    decision_of,
    new_meeting,
    record_decision,
    roll,
    set_attendance,
    start_item,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
    Stance,
)
from facilitator.operations import archive_partner, members_on, remove_membership, save_forum
from facilitator.quorum import (
    Outcome,
    PartnerStanding,
    Standing,
    decision_moment,
    decision_outcome,
    evaluate_quorum,
    in_room,
    meeting_standings,
    partner_standings,
    standings_now,
)
from tests.core.fakes import MemoryStore

T = dt.time
POLICE = Partner(name="Police Service", short_name="Police", sector=Sector.POLICE)
HOUSING = Partner(name="Housing Association", sector=Sector.HOUSING)
OUTREACH = Partner(name="Outreach Team", sector=Sector.OUTREACH)
CHIEF = Representative(name="Chief Ana", partner_id=POLICE.id, may_decide=True)
CONSTABLE = Representative(name="PC Ben", partner_id=POLICE.id)
DIRECTOR = Representative(name="Dora", partner_id=HOUSING.id, may_decide=True)
WORKER = Representative(name="Eli", partner_id=OUTREACH.id)
PEOPLE = {r.id: r for r in (CHIEF, CONSTABLE, DIRECTOR, WORKER)}


def line(person: Representative, presence: Presence = Presence.PRESENT, **times: dt.time) -> Attendance:
    return Attendance(
        meeting_id="m", partner_id=person.partner_id, representative_id=person.id, presence=presence, **times
    )


# --- who is in the room at a moment ---------------------------------------------------------------------------

IN_ROOM = [
    # (presence, arrived, left, opens, at, in the room)
    (Presence.PRESENT, None, None, T(10), T(10, 30), True),
    (Presence.PRESENT, None, None, T(10), None, True),
    (Presence.SUBSTITUTE, None, None, T(10), T(11), True),
    (Presence.APOLOGIES, None, None, T(10), T(10, 30), False),
    (Presence.ABSENT, None, None, T(10), None, False),
    (Presence.EXPECTED, None, None, T(10), None, False),
    (Presence.PRESENT, T(10, 20), None, T(10), T(10, 10), False),  # not arrived yet
    (Presence.PRESENT, T(10, 20), None, T(10), T(10, 20), True),  # arrives on the minute
    (Presence.PRESENT, T(10, 20), None, T(10), None, True),  # at some time during the meeting
    (Presence.PRESENT, None, T(11), T(10), T(10, 59), True),
    (Presence.PRESENT, None, T(11), T(10), T(11), False),  # gone on the minute
    (Presence.PRESENT, T(9, 50), None, T(10), T(10, 5), True),  # came early
    (Presence.PRESENT, T(23, 30), None, T(22), T(0, 15), True),  # a meeting past midnight
    (Presence.PRESENT, None, T(0, 10), T(22), T(0, 15), False),
    (Presence.PRESENT, None, T(0, 10), T(22), T(23, 55), True),
]


@pytest.mark.parametrize(("presence", "arrived", "left", "opens", "at", "expected"), IN_ROOM)
def test_in_the_room_at_a_moment(
    *, presence: Presence, arrived: T | None, left: T | None, opens: T, at: T | None, expected: bool
) -> None:
    roll_line = line(
        CHIEF, presence, **({"arrived_at": arrived} if arrived else {}), **({"left_at": left} if left else {})
    )
    assert in_room(roll_line, at, opens) is expected


def test_a_partner_whose_people_all_left_is_gone_and_says_when() -> None:
    lines = [line(CHIEF, left_at=T(10, 40)), line(CONSTABLE, left_at=T(10, 50)), line(DIRECTOR)]
    standings = {
        s.partner.id: s for s in partner_standings([POLICE, HOUSING], lines, PEOPLE, at=T(11), opens=T(10))
    }
    assert standings[POLICE.id].standing is Standing.NOT_PRESENT
    assert standings[POLICE.id].left_at == T(10, 50)  # the last of them
    assert "left at 10:50" in standings[POLICE.id].explanation()
    assert "had left (at 10:50" in standings[POLICE.id].refusal()
    between = {s.partner.id: s for s in partner_standings([POLICE], lines, PEOPLE, at=T(10, 45), opens=T(10))}
    assert between[POLICE.id].standing is Standing.CANNOT_DECIDE  # only the constable is left
    assert between[POLICE.id].left_at is None


# --- the quorum rule --------------------------------------------------------------------------------------------


def _standing(partner: Partner, standing: Standing) -> PartnerStanding:
    present = () if standing is Standing.NOT_PRESENT else (CHIEF,)
    return PartnerStanding(partner, present, standing, apologies=False)


CAN, CANNOT, AWAY = Standing.CAN_DECIDE, Standing.CANNOT_DECIDE, Standing.NOT_PRESENT
QUORUM = [
    # (rule, police, housing, outreach) -> (applies, quorate, counted, here, missing sectors)
    (QuorumRule(), CANNOT, CANNOT, AWAY, (False, True, 2, 2, set())),  # no rule: nothing to say
    (QuorumRule(2), CANNOT, CANNOT, CANNOT, (True, True, 3, 3, set())),  # every partner present counts
    (
        QuorumRule(2, deciders_only=True),
        CANNOT,
        CANNOT,
        CANNOT,
        (True, False, 0, 3, set()),
    ),  # none can decide
    (QuorumRule(2, deciders_only=True), CAN, CAN, CANNOT, (True, True, 2, 3, set())),
    (QuorumRule(2, deciders_only=True), CAN, CANNOT, CANNOT, (True, False, 1, 3, set())),
    (QuorumRule(0, frozenset({Sector.POLICE})), AWAY, CAN, CAN, (True, False, 2, 2, {Sector.POLICE})),
    (QuorumRule(0, frozenset({Sector.POLICE})), CANNOT, AWAY, AWAY, (True, True, 1, 1, set())),
    (
        QuorumRule(1, frozenset({Sector.POLICE}), True),
        CANNOT,
        CAN,
        AWAY,
        (True, False, 1, 2, {Sector.POLICE}),
    ),
    (QuorumRule(3), CAN, CAN, AWAY, (True, False, 2, 2, set())),
]


@pytest.mark.parametrize(("rule", "police", "housing", "outreach", "expected"), QUORUM)
def test_quorum_by_rule(
    rule: QuorumRule, police: Standing, housing: Standing, outreach: Standing, expected: tuple[object, ...]
) -> None:
    forum = Forum(name="Round", quorum=rule)
    standings = [_standing(POLICE, police), _standing(HOUSING, housing), _standing(OUTREACH, outreach)]
    result = evaluate_quorum(forum, standings)
    assert (
        result.applies,
        result.quorate,
        result.partners_present,
        result.partners_here,
        set(result.missing_sectors),
    ) == expected
    if not result.applies:
        assert result.summary() == "" and result.reasons() == []


def test_the_words_of_a_quorum_that_counts_only_partners_able_to_decide() -> None:
    forum = Forum(name="Round", quorum=QuorumRule(8, frozenset({Sector.POLICE}), True))
    standings = [_standing(POLICE, CANNOT), _standing(HOUSING, CANNOT), _standing(OUTREACH, CANNOT)]
    result = evaluate_quorum(forum, standings)
    assert result.summary() == (
        "Not quorate. Partners able to decide: 0 of 8 needed. 3 more partners are present, but nobody there may "
        "decide for them. No partner able to decide from: Police."
    )


# --- outcomes -------------------------------------------------------------------------------------------------

A, D, X, B, N = Stance.AGREE, Stance.DISAGREE, Stance.ABSTAIN, Stance.BLOCK, Stance.NOT_PRESENT
OUTCOMES = [
    (DecisionMethod.CONSENSUS, [A, A, A], Outcome.REACHED),
    (DecisionMethod.CONSENSUS, [A, X, N], Outcome.REACHED),
    (
        DecisionMethod.CONSENSUS,
        [],
        Outcome.REACHED,
    ),  # declared by the chair, nobody asked (approving minutes)
    (DecisionMethod.CONSENSUS, [N, N], Outcome.REACHED),
    (DecisionMethod.CONSENSUS, [A, A, B], Outcome.BLOCKED),  # a block is never "reached by consensus"
    (DecisionMethod.CONSENSUS, [B], Outcome.BLOCKED),
    (DecisionMethod.CONSENSUS, [A, D], Outcome.NOT_REACHED),
    (DecisionMethod.CONSENSUS, [X, X], Outcome.NOT_REACHED),
    (DecisionMethod.CONSENSUS, [A, D, B], Outcome.BLOCKED),
    (DecisionMethod.VOTE, [A, A, D], Outcome.CARRIED),
    (DecisionMethod.VOTE, [A, A, D, B], Outcome.NOT_CARRIED),  # a block is a veto in a vote too
    (DecisionMethod.VOTE, [A, D], Outcome.NOT_CARRIED),
    (DecisionMethod.VOTE, [], Outcome.NOT_CARRIED),
    (DecisionMethod.DEFERRED, [A, B], Outcome.DEFERRED),
    (DecisionMethod.NO_DECISION, [A], Outcome.NO_DECISION),
]


@pytest.mark.parametrize(("method", "stances", "expected"), OUTCOMES)
def test_decision_outcome(method: DecisionMethod, stances: list[Stance], expected: Outcome) -> None:
    outcome = decision_outcome(method, stances)
    assert outcome is expected
    assert outcome.decided is (expected in (Outcome.REACHED, Outcome.CARRIED))


# --- through the operations -------------------------------------------------------------------------------------

START = dt.datetime(2025, 6, 2, 10, 0)  # Monday 10:00 in London, 09:00 UTC
UTC_START = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    forum = Forum(name="Station round", quorum=QuorumRule(2, frozenset({Sector.POLICE})))
    save_forum(store, forum).apply(store)  # with its standing items: the decisions below are taken on one
    for record in (POLICE, HOUSING, OUTREACH, CHIEF, CONSTABLE, DIRECTOR, WORKER):
        store.put(record)
    for partner, person in ((POLICE, CHIEF), (HOUSING, DIRECTOR), (OUTREACH, WORKER)):
        store.put(Membership(forum_id=forum.id, partner_id=partner.id, main_representative_id=person.id))
    edit, _meeting = new_meeting(store, forum.id, START, timezone="Europe/London")
    edit.apply(store)
    return store


def _meeting(store: MemoryStore) -> Meeting:
    (meeting,) = store.all(Meeting)
    return meeting


def _mark(store: MemoryStore, person: Representative, presence: Presence, **times: dt.time) -> None:
    found = next(x for x in roll(store, _meeting(store).id) if x.representative_id == person.id)
    set_attendance(store, replace(found, presence=presence, **times)).apply(store)


def _item(store: MemoryStore) -> AgendaItem:
    return next(i for i in agenda(store, _meeting(store).id) if i.kind is ItemKind.ATTENDANCE)


MOMENTS = [
    # (meeting status, item started, item ended, expected moment)
    (MeetingStatus.PLANNED, None, None, None),
    (MeetingStatus.IN_PROGRESS, None, None, "now"),
    (MeetingStatus.IN_PROGRESS, UTC_START, None, "now"),
    (MeetingStatus.IN_PROGRESS, UTC_START, UTC_START + dt.timedelta(minutes=20), "ended"),
    (MeetingStatus.HELD, UTC_START, UTC_START + dt.timedelta(minutes=20), "ended"),
    (MeetingStatus.HELD, None, None, None),
]


@pytest.mark.parametrize(("status", "started", "ended", "expected"), MOMENTS)
def test_when_a_decision_is_taken_by_the_live_clock(
    status: MeetingStatus, started: dt.datetime | None, ended: dt.datetime | None, expected: str | None
) -> None:
    meeting = Meeting(forum_id="f", starts_at=START, timezone="Europe/London", status=status)
    item = AgendaItem(meeting_id=meeting.id, position=0, title="x", started_at=started, ended_at=ended)
    now = UTC_START + dt.timedelta(minutes=45)
    wanted = {None: None, "now": now, "ended": ended}[expected]
    assert decision_moment(meeting, item, now) == wanted


POSITIONS = [
    # (how the housing director is marked, her times, stance given) -> refusal words, or None when accepted
    (Presence.PRESENT, {}, Stance.AGREE, None),
    (Presence.PRESENT, {}, Stance.BLOCK, None),
    (Presence.PRESENT, {}, Stance.NOT_PRESENT, None),
    (Presence.APOLOGIES, {}, Stance.AGREE, "sent apologies, so it holds no position"),
    (Presence.ABSENT, {}, Stance.ABSTAIN, "Nobody was present for Housing Association"),
    (Presence.EXPECTED, {}, Stance.DISAGREE, "mark them present on the roll first"),
    (Presence.APOLOGIES, {}, Stance.NOT_PRESENT, None),  # marking an absent partner not present is the truth
    (Presence.PRESENT, {"left_at": T(10, 15)}, Stance.AGREE, "had left (at 10:15"),
    (Presence.PRESENT, {"arrived_at": T(10, 45)}, Stance.AGREE, "Nobody was present for Housing Association"),
    (Presence.PRESENT, {"arrived_at": T(10, 25), "left_at": T(10, 40)}, Stance.AGREE, None),
]


@pytest.mark.parametrize(("presence", "times", "stance", "refused"), POSITIONS)
def test_only_partners_in_the_room_when_it_is_decided_hold_a_position(
    store: MemoryStore, presence: Presence, times: dict[str, dt.time], stance: Stance, refused: str | None
) -> None:
    """The decision is taken at 10:30 (the item under way): who was in the room then holds a position."""
    meeting = _meeting(store)
    _mark(store, CHIEF, Presence.PRESENT)
    _mark(store, DIRECTOR, presence, **times)
    start_meeting(store, meeting.id, UTC_START).apply(store)
    item = _item(store)
    start_item(store, item.id, UTC_START + dt.timedelta(minutes=20)).apply(store)
    now = UTC_START + dt.timedelta(minutes=30)
    positions = {POLICE.id: (Stance.AGREE, ""), HOUSING.id: (stance, "")}
    if refused is None:
        record_decision(
            store, item.id, "Bins at the station", DecisionMethod.CONSENSUS, positions, now=now
        ).apply(store)
        found = decision_of(store, item.id)
        assert found is not None and found[0].taken_at == now
        assert {p.partner_id: p.stance for p in found[1]} == {POLICE.id: Stance.AGREE, HOUSING.id: stance}
    else:
        with pytest.raises(ValidationError) as error:
            record_decision(
                store, item.id, "Bins at the station", DecisionMethod.CONSENSUS, positions, now=now
            )
        assert error.value.field == "positions"
        assert refused in error.value.problem
        assert decision_of(store, item.id) is None


def test_a_changed_decision_keeps_the_moment_it_was_taken(store: MemoryStore) -> None:
    meeting = _meeting(store)
    _mark(store, CHIEF, Presence.PRESENT, left_at=T(11))
    start_meeting(store, meeting.id, UTC_START).apply(store)
    item = _item(store)
    taken = UTC_START + dt.timedelta(minutes=30)
    record_decision(
        store, item.id, "First", DecisionMethod.CONSENSUS, {POLICE.id: (Stance.AGREE, "")}, now=taken
    ).apply(store)
    # An hour later the chief has gone; correcting the text keeps 10:30, when she was there.
    later = UTC_START + dt.timedelta(minutes=90)
    record_decision(
        store,
        item.id,
        "First, corrected",
        DecisionMethod.CONSENSUS,
        {POLICE.id: (Stance.AGREE, "")},
        now=later,
    ).apply(store)
    found = decision_of(store, item.id)
    assert found is not None and found[0].taken_at == taken and found[0].text == "First, corrected"


def test_quorum_is_judged_at_each_decision(store: MemoryStore) -> None:
    """Police leave at 10:40: a decision at 10:30 was quorate, one at 10:50 was not."""
    meeting = _meeting(store)
    _mark(store, CHIEF, Presence.PRESENT, left_at=T(10, 40))
    _mark(store, DIRECTOR, Presence.PRESENT)
    _standings, over_the_meeting = meeting_standings(store, meeting)
    assert over_the_meeting.quorate and over_the_meeting.at is None
    _standings, at_1030 = meeting_standings(store, meeting, UTC_START + dt.timedelta(minutes=30))
    assert at_1030.quorate and at_1030.at == T(10, 30)
    _standings, at_1050 = meeting_standings(store, meeting, UTC_START + dt.timedelta(minutes=50))
    assert not at_1050.quorate and at_1050.missing_sectors == frozenset({Sector.POLICE})


def test_a_partner_that_left_the_forum_before_the_meeting_does_not_count(store: MemoryStore) -> None:
    meeting = _meeting(store)
    forum_id = meeting.forum_id
    since = UTC_START
    assert {p.id for p in members_on(store, forum_id, since)} == {POLICE.id, HOUSING.id, OUTREACH.id}
    remove_membership(store, forum_id, OUTREACH.id).apply(store)  # taken off now, in 2026: after that meeting
    assert {p.id for p in members_on(store, forum_id, since)} == {POLICE.id, HOUSING.id, OUTREACH.id}
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # a meeting after it left
    assert {p.id for p in members_on(store, forum_id, later)} == {POLICE.id, HOUSING.id}
    archive_partner(store, HOUSING.id).apply(store)
    assert {p.id for p in members_on(store, forum_id, later)} == {POLICE.id}
    assert {p.id for p in members_on(store, forum_id, since)} == {POLICE.id, HOUSING.id, OUTREACH.id}


def test_legacy_decisions_without_a_moment_are_judged_over_the_meeting(store: MemoryStore) -> None:
    _mark(store, CHIEF, Presence.PRESENT, left_at=T(10, 10))
    item = _item(store)
    store.put(Decision(item_id=item.id, text="Old", method=DecisionMethod.CONSENSUS))
    record_decision(
        store, item.id, "Old, corrected", DecisionMethod.CONSENSUS, {POLICE.id: (Stance.AGREE, "")}
    ).apply(store)
    found = decision_of(store, item.id)
    assert found is not None and found[0].taken_at is None  # a planned meeting: no moment to give it


def test_minutes_typed_in_afterwards_judge_a_decision_over_the_meeting(store: MemoryStore) -> None:
    """The chief left at 11:00; the meeting's minutes are typed in on Wednesday at 15:00. The typing clock is
    not the meeting's: the chief's agreement stands, and the banner does not say the police have gone."""
    meeting = _meeting(store)
    _mark(store, CHIEF, Presence.PRESENT, left_at=T(11))
    _mark(store, DIRECTOR, Presence.PRESENT, arrived_at=T(10, 5))
    typing = UTC_START + dt.timedelta(days=2, hours=5)
    start_meeting(store, meeting.id, typing).apply(store)
    item = _item(store)
    positions = {POLICE.id: (Stance.AGREE, ""), HOUSING.id: (Stance.AGREE, "")}
    later = typing + dt.timedelta(minutes=3)
    record_decision(store, item.id, "Bins", DecisionMethod.CONSENSUS, positions, now=later).apply(store)
    found = decision_of(store, item.id)
    assert found is not None and found[0].taken_at is None
    assert {p.partner_id: p.stance for p in found[1]} == {POLICE.id: Stance.AGREE, HOUSING.id: Stance.AGREE}
    _standings, quorum = standings_now(store, _meeting(store), later)
    assert quorum.quorate and quorum.at is None


def test_a_meeting_started_on_time_still_goes_by_the_live_clock(store: MemoryStore) -> None:
    meeting = _meeting(store)
    _mark(store, CHIEF, Presence.PRESENT, left_at=T(11))
    _mark(store, DIRECTOR, Presence.PRESENT)
    start_meeting(store, meeting.id, UTC_START + dt.timedelta(minutes=10)).apply(store)
    item = _item(store)
    at_1115 = UTC_START + dt.timedelta(minutes=75)
    positions = {POLICE.id: (Stance.AGREE, ""), HOUSING.id: (Stance.AGREE, "")}
    with pytest.raises(ValidationError, match="had left"):
        record_decision(store, item.id, "Bins", DecisionMethod.CONSENSUS, positions, now=at_1115)
    _standings, quorum = standings_now(store, _meeting(store), at_1115)
    assert not quorum.quorate and quorum.at == T(11, 15)
