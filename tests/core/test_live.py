"""The chair's live view: derived from stored moments and an injected ``now``, so a restart resumes exactly."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.errors import NotFound
from facilitator.live import live_state
from facilitator.meeting_ops import (
    agenda,
    ask_to_speak,
    end_meeting,
    give_floor,
    new_meeting,
    roll,
    set_attendance,
    start_item,
    start_meeting,
)
from facilitator.meetings import AgendaItem, Meeting, Presence, SpeakerTurn
from facilitator.quorum import Standing, meeting_standings
from facilitator.storage import open_partnership
from facilitator.store import Store
from tests.core.fakes import MemoryStore
from tests.core.test_meeting_ops import LONDON, MONDAY, T0, Partnership, build_partnership

M = dt.timedelta(minutes=1)


def _mark(store: Store, meeting: Meeting, person_id: str, presence: Presence) -> None:
    (line,) = [a for a in roll(store, meeting.id) if a.representative_id == person_id]
    set_attendance(store, replace(line, presence=presence)).apply(store)


def _run(store: Store, p: Partnership) -> Meeting:
    """A meeting under way: police and housing present, outreach sent apologies; on item 2 since T0 + 12."""
    edit, meeting = new_meeting(store, p.forum.id, MONDAY, timezone=LONDON)
    edit.apply(store)
    _mark(store, meeting, p.ana.id, Presence.PRESENT)
    _mark(store, meeting, p.dora.id, Presence.PRESENT)
    _mark(store, meeting, p.eli.id, Presence.APOLOGIES)
    start_meeting(store, meeting.id, T0).apply(store)
    items = agenda(store, meeting.id)
    start_item(store, items[1].id, T0 + 5 * M).apply(store)
    start_item(store, items[2].id, T0 + 12 * M).apply(store)
    ask_to_speak(store, items[2].id, p.housing.id, T0 + 13 * M).apply(store)
    ask_to_speak(store, items[2].id, p.police.id, T0 + 14 * M).apply(store)
    ask_to_speak(store, items[2].id, p.outreach.id, T0 + 15 * M).apply(store)
    (housing,) = [
        t for t in store.where(SpeakerTurn, {"item_id": items[2].id}) if t.partner_id == p.housing.id
    ]
    give_floor(store, housing.id, T0 + 16 * M).apply(store)
    return store.get(Meeting, meeting.id)


@pytest.fixture
def p(store: MemoryStore) -> Partnership:
    return build_partnership(store)


def test_before_the_meeting_nothing_runs(store: MemoryStore, p: Partnership) -> None:
    edit, meeting = new_meeting(store, p.forum.id, MONDAY, timezone=LONDON)
    edit.apply(store)
    state = live_state(store, meeting.id, T0)
    items = agenda(store, meeting.id)
    assert state.current is None
    assert state.following == items[0]
    assert state.item_elapsed == dt.timedelta(0)
    assert state.meeting_elapsed == dt.timedelta(0)
    assert state.meeting_remaining == dt.timedelta(minutes=90)
    assert not state.item_over
    assert state.item_allowed == dt.timedelta(0)
    assert state.not_yet_spoken == ()
    assert not state.quorum.quorate


def test_current_and_following_item_and_clocks(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    items = agenda(store, meeting.id)
    now = T0 + 20 * M
    state = live_state(store, meeting.id, now)
    assert state.current == items[2]
    assert state.following == items[3]
    assert state.items == tuple(items)
    assert state.item_elapsed == 8 * M
    assert state.meeting_elapsed == 20 * M
    assert state.meeting_remaining == 70 * M
    assert state.item_allowed == dt.timedelta(minutes=items[2].minutes_allowed)
    assert not state.item_over  # 8 of 15 minutes


def test_item_over_its_time(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    allowed = agenda(store, meeting.id)[2].minutes_allowed
    at_limit = live_state(store, meeting.id, T0 + (12 + allowed) * M)
    assert at_limit.item_elapsed == at_limit.item_allowed
    assert not at_limit.item_over  # exactly on time is not over
    over = live_state(store, meeting.id, T0 + (12 + allowed) * M + dt.timedelta(seconds=1))
    assert over.item_over


def test_meeting_remaining_is_negative_when_over(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    state = live_state(store, meeting.id, T0 + 100 * M)
    assert state.meeting_remaining == -10 * M


def test_a_now_before_the_start_does_not_show_negative_time(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    state = live_state(store, meeting.id, T0 - 5 * M)
    assert state.meeting_elapsed == dt.timedelta(0)
    assert state.item_elapsed == dt.timedelta(0)


def test_ended_meeting_clock_stops(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    end_meeting(store, meeting.id, T0 + 80 * M).apply(store)
    state = live_state(store, meeting.id, T0 + 300 * M)
    assert state.current is None
    assert state.meeting_elapsed == 80 * M
    assert state.meeting_remaining == 10 * M
    assert state.waiting == ()


def test_resumed_item_counts_on_from_its_time(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    items = agenda(store, meeting.id)
    start_item(store, items[3].id, T0 + 20 * M).apply(store)
    start_item(store, items[1].id, T0 + 30 * M).apply(store)  # back to item 1, which had 7 minutes
    state = live_state(store, meeting.id, T0 + 31 * M)
    assert state.current is not None
    assert state.current.id == items[1].id
    assert state.item_elapsed == 8 * M
    # The next item is the first later one not done: item 2 and 3 are done, so item 4.
    assert state.following is not None
    assert state.following.id == items[4].id


def test_last_item_has_nothing_following(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    last = agenda(store, meeting.id)[-1]
    start_item(store, last.id, T0 + 50 * M).apply(store)
    state = live_state(store, meeting.id, T0 + 51 * M)
    assert state.current is not None
    assert state.current.id == last.id
    assert state.following is None


def test_speakers_queue_and_who_has_not_spoken(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    state = live_state(store, meeting.id, T0 + 20 * M)
    assert [t.partner_id for t in state.waiting] == [p.police.id, p.outreach.id]  # in order of asking
    assert state.spoken == frozenset({p.housing.id})
    # Only partners present: outreach sent apologies and residents have nobody, so they are not listed.
    assert [x.id for x in state.not_yet_spoken] == [p.police.id]
    (police,) = [t for t in state.waiting if t.partner_id == p.police.id]
    give_floor(store, police.id, T0 + 21 * M).apply(store)
    state = live_state(store, meeting.id, T0 + 22 * M)
    assert state.not_yet_spoken == ()
    assert [t.partner_id for t in state.waiting] == [p.outreach.id]


def test_the_queue_belongs_to_the_current_item(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    items = agenda(store, meeting.id)
    start_item(store, items[3].id, T0 + 20 * M).apply(store)
    state = live_state(store, meeting.id, T0 + 21 * M)
    assert state.waiting == ()
    assert state.spoken == frozenset()
    assert {x.id for x in state.not_yet_spoken} == {p.police.id, p.housing.id}


def test_standings_and_quorum_in_the_live_view(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    standings, quorum = meeting_standings(store, meeting)
    by_id = {s.partner.id: s for s in standings}
    # The archived clinic is not a voice any more; the residents' seat is, with nobody there.
    assert set(by_id) == {p.police.id, p.housing.id, p.outreach.id, p.residents.id}
    assert by_id[p.police.id].standing is Standing.CAN_DECIDE
    assert by_id[p.outreach.id].standing is Standing.NOT_PRESENT
    assert by_id[p.outreach.id].apologies
    assert by_id[p.residents.id].standing is Standing.NOT_PRESENT
    assert quorum.quorate  # two partners and the police
    state = live_state(store, meeting.id, T0 + 20 * M)
    # While the meeting runs, the live view judges who is in the room now (10:20 in London).
    assert state.quorum == replace(quorum, at=dt.time(10, 20))
    assert state.standings == tuple(standings)
    _mark(store, meeting, p.ana.id, Presence.ABSENT)
    assert not live_state(store, meeting.id, T0 + 20 * M).quorum.quorate


def test_live_state_of_a_missing_meeting(store: MemoryStore) -> None:
    with pytest.raises(NotFound):
        live_state(store, "gone", T0)


def test_live_state_refuses_a_naive_now(store: MemoryStore, p: Partnership) -> None:
    meeting = _run(store, p)
    with pytest.raises(ValueError, match="aware"):
        live_state(store, meeting.id, dt.datetime(2025, 6, 2, 10, 20))


# --- restart ---------------------------------------------------------------------------------------------------


def test_state_is_identical_after_closing_and_reopening_the_file(db_path: Path) -> None:
    with open_partnership(db_path) as db:
        p = build_partnership(db)  # type: ignore[arg-type]
        meeting = _run(db, p)
        now = T0 + 27 * M
        before = live_state(db, meeting.id, now)
        assert before.current is not None
    with open_partnership(db_path) as db:
        after = live_state(db, meeting.id, now)
    assert after == before
    assert after.current is not None
    assert after.current.started_at == T0 + 12 * M
    assert after.current.started_at.tzinfo is not None
    assert after.item_elapsed == 15 * M
    assert after.meeting_elapsed == 27 * M
    assert after.item_elapsed == after.item_allowed  # review of actions: 15 minutes allowed, 15 used
    assert [t.partner_id for t in after.waiting] == [p.police.id, p.outreach.id]
    assert after.spoken == frozenset({p.housing.id})
    assert after.quorum.quorate


def test_restart_then_carry_on(db_path: Path) -> None:
    with open_partnership(db_path) as db:
        p = build_partnership(db)  # type: ignore[arg-type]
        meeting = _run(db, p)
    with open_partnership(db_path) as db:
        items = agenda(db, meeting.id)
        start_item(db, items[3].id, T0 + 40 * M).apply(db)
        state = live_state(db, meeting.id, T0 + 41 * M)
        assert state.current is not None
        assert state.current.id == items[3].id
        assert db.get(AgendaItem, items[2].id).ended_at == T0 + 40 * M
        assert state.meeting_elapsed == 41 * M
