"""Meetings in a real SQLite file: migration 0002, round trips of every new kind, constraints and queries."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.entities import (
    MAX_NAME,
    MAX_TEXT,
    AnyRecord,
    Forum,
    Membership,
    Partner,
    Representative,
    Sector,
)
from facilitator.errors import ValidationError
from facilitator.meeting_ops import (
    agenda,
    ask_to_speak,
    cancel_meeting,
    meetings_of,
    move_item,
    new_meeting,
    plan_meetings,
    record_decision,
    remove_decision,
    remove_item,
    roll,
    set_attendance,
    start_item,
    start_meeting,
    timeline_of,
)
from facilitator.meetings import (
    LEGACY_STANDING_ITEMS,
    STANDING_KINDS,
    AgendaItem,
    Attendance,
    AttendeeRole,
    Confidentiality,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Position,
    Presence,
    SpeakerTurn,
    Stance,
    UsualItem,
)
from facilitator.operations import Edit
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.storage import Partnership, open_partnership
from facilitator.storage.database import UnreadableRecord
from facilitator.storage.schema import known_migrations, migrations
from tests.builders import substitute_line
from tests.conftest import MEETING_LISTS
from tests.storage.awkward import names, texts
from tests.storage.conftest import clear, write_as_older_version

PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
T0 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)

ids = st.uuids().map(str)
instants = st.datetimes(
    min_value=dt.datetime(1950, 1, 1),
    max_value=dt.datetime(2150, 12, 31),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))]),
)
maybe_instants = st.one_of(st.none(), instants)
local_times = st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2150, 12, 31))
zones = st.sampled_from(["UTC", "Europe/London", "Europe/Amsterdam", "Asia/Kolkata", "America/Sao_Paulo"])
clock = st.one_of(st.none(), st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)), st.times())


def _stamps() -> dict[str, st.SearchStrategy[object]]:
    return {"id": ids, "created": instants, "updated": instants, "archived": st.booleans()}


# --- a fixed family for foreign keys --------------------------------------------------------------------------

FORUM = Forum(name="Station Quarter Group")
POLICE = Partner(name="Police Service", sector=Sector.POLICE)
HOUSING = Partner(name="Housing Association", sector=Sector.HOUSING)
ANA = Representative(name="Ana", partner_id=POLICE.id, may_decide=True)
BEN = Representative(name="Ben", partner_id=POLICE.id)
DORA = Representative(name="Dora", partner_id=HOUSING.id, may_decide=True)
MEETING = Meeting(forum_id=FORUM.id, starts_at=dt.datetime(2025, 6, 2, 10, 0), timezone="Europe/London")
ITEM = AgendaItem(meeting_id=MEETING.id, position=0, title="Street situation")
DECISION = Decision(item_id=ITEM.id, text="Close the underpass at night")
FAMILY: list[AnyRecord] = [FORUM, POLICE, HOUSING, ANA, BEN, DORA, MEETING, ITEM, DECISION]


@st.composite
def restrictions(draw: st.DrawFn) -> tuple[Confidentiality, tuple[str, ...]]:
    confidentiality = draw(st.sampled_from(Confidentiality))
    if confidentiality is Confidentiality.RESTRICTED:
        named = draw(st.lists(st.sampled_from([POLICE.id, HOUSING.id]), min_size=1, max_size=2, unique=True))
        return confidentiality, tuple(named)
    return confidentiality, ()


def _item_fields(draw: st.DrawFn, presenters: list[str | None]) -> dict[str, Any]:
    """What a forum's usual item and a meeting's agenda item both hold: when it was written, its place, title (a
    standing item may have none), kind, time allowed, presenting partner (one of ``presenters``) and who may see
    it."""
    kind = draw(st.sampled_from(ItemKind))
    confidentiality, named = draw(restrictions())
    return {
        **{k: draw(v) for k, v in _stamps().items()},
        "position": draw(st.integers(0, 10_000)),
        "title": draw(texts(MAX_NAME) if kind in STANDING_KINDS else names()),
        "kind": kind,
        "minutes_allowed": draw(st.integers(0, 480)),
        "presenter_partner_id": draw(st.sampled_from(presenters)),
        "confidentiality": confidentiality,
        "restricted_to": named,
    }


@st.composite
def usual_items(draw: st.DrawFn) -> UsualItem:
    return UsualItem(forum_id=FORUM.id, **_item_fields(draw, [None, POLICE.id, HOUSING.id]))


meetings = st.builds(
    Meeting,
    **_stamps(),
    forum_id=st.just(FORUM.id),
    starts_at=local_times,
    timezone=zones,
    duration_minutes=st.integers(5, 24 * 60),
    venue=texts(MAX_NAME * 2),
    kind=st.sampled_from(MeetingKind),
    status=st.sampled_from(MeetingStatus),
    title=texts(MAX_NAME),
    cancelled_reason=texts(MAX_TEXT),
    started_at=maybe_instants,
    ended_at=maybe_instants,
)


@st.composite
def agenda_items(draw: st.DrawFn) -> AgendaItem:
    return AgendaItem(
        **_item_fields(draw, [None, POLICE.id]),
        meeting_id=MEETING.id,
        presenter_id=draw(st.sampled_from([None, ANA.id, BEN.id])),
        notes=draw(texts(MAX_TEXT)),
        started_at=draw(maybe_instants),
        ended_at=draw(maybe_instants),
    )


@st.composite
def attendance_lines(draw: st.DrawFn) -> Attendance:
    role = draw(st.sampled_from(AttendeeRole))
    presence = draw(st.sampled_from(Presence))
    arrived, left = draw(clock), draw(clock)
    if arrived and left and left < arrived:
        arrived, left = left, arrived
    if role is AttendeeRole.MEMBER:
        person = draw(st.sampled_from([ANA, BEN, DORA]))
        partner_id, person_id, guest = person.partner_id, person.id, draw(texts(MAX_NAME))
    else:
        person = None
        partner_id, person_id, guest = None, None, draw(names())
    substitute = None
    if presence is Presence.SUBSTITUTE:
        substitute = ANA.id if person is not ANA else BEN.id
    return Attendance(
        **{k: draw(v) for k, v in _stamps().items()},  # type: ignore[arg-type]
        meeting_id=MEETING.id,
        partner_id=partner_id,
        representative_id=person_id,
        guest_name=guest,
        guest_organisation=draw(texts(MAX_NAME)),
        role=role,
        presence=presence,
        substitute_for_id=substitute,
        arrived_at=arrived,
        left_at=left,
    )


decisions = st.builds(
    Decision,
    **_stamps(),
    item_id=st.just(ITEM.id),
    text=names(MAX_TEXT),
    method=st.sampled_from(DecisionMethod),
)
positions = st.builds(
    Position,
    **_stamps(),
    decision_id=st.just(DECISION.id),
    partner_id=st.sampled_from([POLICE.id, HOUSING.id]),
    stance=st.sampled_from(Stance),
    reason=texts(MAX_TEXT),
)
turns = st.builds(
    SpeakerTurn,
    **_stamps(),
    item_id=st.just(ITEM.id),
    partner_id=st.sampled_from([POLICE.id, HOUSING.id]),
    requested_at=instants,
    spoke_at=maybe_instants,
)
NEW_KINDS = st.one_of(
    usual_items(), meetings, agenda_items(), attendance_lines(), decisions, positions, turns
)


def _family(store: Partnership) -> None:
    with store.atomic():
        for record in FAMILY:
            store.put(record)


def _dump(store: Partnership) -> dict[str, list[AnyRecord]]:
    """Every record of every kind, archived ones too, by id (a row put back by an undo gets a new rowid)."""
    return {
        name: sorted(store.all(kind, include_archived=True), key=lambda r: r.id)
        for name, kind in KINDS.items()
    }


def _without_revisions(dump: dict[str, list[AnyRecord]]) -> dict[str, list[AnyRecord]]:
    """``dump`` with every meeting's calendar revision left out (it only ever goes up, undo included)."""
    meetings = [replace(m, sequence=0) for m in dump["meetings"] if isinstance(m, Meeting)]
    return {**dump, "meetings": meetings}


# --- migration 0002 -------------------------------------------------------------------------------------------


def test_a_file_with_only_0001_is_migrated_after_a_copy_is_set_aside(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    db.execute("PRAGMA journal_mode = wal")
    migrations.apply(db, stop_before="0002_meetings")
    forum = Forum(name="Station Quarter Group", usual_weekday=0, usual_time=dt.time(10, 0))
    police = Partner(name="Police Service", sector=Sector.POLICE)
    ana = Representative(name="Ana", partner_id=police.id, may_decide=True)
    ben = Representative(name="Ben", partner_id=police.id)
    seat = Membership(
        forum_id=forum.id, partner_id=police.id, main_representative_id=ana.id, substitute_ids=(ben.id,)
    )
    # Rows as the version with only 0001 wrote them; it kept a seat's substitutes in a table of their own.
    write_as_older_version(db, forum, police, ana, ben, seat)
    for position, person in enumerate(seat.substitute_ids):
        db.table("membership_substitutes").insert(
            {"membership_id": seat.id, "representative_id": person, "position": position}
        )
    assert "meetings" not in db.table_names()
    db.conn.close()

    with open_partnership(db_path) as migrated:
        assert migrated.schema_version() == known_migrations()
        assert "0002_meetings" in migrated.schema_version()
        assert set(MEETING_LISTS) <= set(migrated.db.table_names())
        assert migrated.get(Forum, forum.id) == forum
        assert migrated.get(Partner, police.id) == police
        assert migrated.get(Representative, ana.id) == ana
        assert migrated.get(Representative, ben.id) == ben
        assert migrated.get(Membership, seat.id) == seat
        assert migrated.integrity() == "ok"
        aside = migrated.migrated_from
        # The migrated file takes meetings at once.
        edit, meeting = new_meeting(
            migrated, forum.id, dt.datetime(2025, 6, 2, 10, 0), timezone="Europe/London"
        )
        edit.apply(migrated)
        assert migrated.get(Meeting, meeting.id) == meeting
        assert [a.representative_id for a in roll(migrated, meeting.id)] == [ana.id]
    assert aside is not None
    assert aside.exists()
    assert aside.name.startswith(f"{db_path.stem}.before-0002_meetings.")
    copy = sqlite3.connect(f"{aside.as_uri()}?mode=ro", uri=True)
    try:
        applied = [r[0] for r in copy.execute("select name from _sqlite_migrations order by rowid")]
        assert applied == ["0001_standing_records"]
        tables = {r[0] for r in copy.execute("select name from sqlite_master where type = 'table'")}
        assert "meetings" not in tables
        assert copy.execute("select id, name from forums").fetchall() == [(forum.id, forum.name)]
    finally:
        copy.close()
    with open_partnership(db_path) as again:
        assert again.migrated_from is None


def test_migration_0002_creates_its_indexes(store: Partnership) -> None:
    unique = {
        (table, tuple(index.columns))
        for table in MEETING_LISTS
        for index in store.db.table(table).indexes
        if index.unique
    }
    assert ("decisions", ("item_id",)) in unique
    assert ("positions", ("decision_id", "partner_id")) in unique
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


# --- round trips ----------------------------------------------------------------------------------------------


@PROPERTY
@given(record=NEW_KINDS)
def test_every_new_kind_survives_plain_data(record: AnyRecord) -> None:
    data = record_to_dict(record)
    back = record_from_dict(type(record), json.loads(json.dumps(data, ensure_ascii=False)))
    assert back == record


@PROPERTY
@given(records=st.lists(NEW_KINDS, min_size=1, max_size=4, unique_by=lambda r: (type(r), r.id)))
def test_every_new_kind_survives_the_file(store: Partnership, records: list[AnyRecord]) -> None:
    clear(store)
    _family(store)
    kept: dict[tuple[type, str], AnyRecord] = {}
    for record in records:
        if isinstance(record, Decision):
            record = replace(record, id=DECISION.id)  # one decision per item: replace the family's
        elif isinstance(record, Position):
            # One position per partner on a decision: a second one for the same partner replaces the first.
            for key, other in list(kept.items()):
                if isinstance(other, Position) and other.partner_id == record.partner_id:
                    del kept[key]
                    store.discard(Position, other.id)
        store.put(record)
        kept[(type(record), record.id)] = record
    for record in kept.values():
        found = store.find(type(record), record.id)
        assert found is not None
        assert record_to_dict(found) == record_to_dict(record)
        assert found == record
        assert [r for r in store.all(type(record), include_archived=True) if r.id == record.id] == [record]
        assert (record in store.all(type(record))) is (not record.archived)
        if isinstance(found, Meeting):
            assert found.starts_at.tzinfo is None
        for name in ("started_at", "ended_at", "requested_at", "spoke_at", "created", "updated"):
            value = getattr(found, name, None)
            assert value is None or value.tzinfo is not None


def test_local_start_is_stored_as_naive_text_and_instants_as_aware(store: Partnership) -> None:
    _family(store)
    started = replace(MEETING, started_at=T0, status=MeetingStatus.IN_PROGRESS)
    store.put(started)
    row = next(store.db.query("select starts_at, started_at from meetings where id = ?", [MEETING.id]))
    assert row["starts_at"] == "2025-06-02T10:00:00"
    assert dt.datetime.fromisoformat(row["started_at"]).utcoffset() == dt.timedelta(0)
    found = store.get(Meeting, MEETING.id)
    assert found.starts_at == dt.datetime(2025, 6, 2, 10, 0)
    assert found.started_at == T0


# --- constraints ----------------------------------------------------------------------------------------------


def test_foreign_keys_refuse_an_item_for_a_missing_meeting(store: Partnership) -> None:
    _family(store)
    with pytest.raises(sqlite3.IntegrityError):
        store.put(AgendaItem(meeting_id="no-such-meeting", position=0, title="Orphan"))
    with pytest.raises(sqlite3.IntegrityError):
        store.put(Attendance(meeting_id="no-such-meeting", role=AttendeeRole.GUEST, guest_name="x"))
    with pytest.raises(sqlite3.IntegrityError):
        store.put(Position(decision_id="no-such-decision", partner_id=POLICE.id, stance=Stance.AGREE))
    with pytest.raises(sqlite3.IntegrityError):
        store.discard(Meeting, MEETING.id)  # its item still points at it
    assert store.all(AgendaItem) == [ITEM]


def test_two_decisions_for_one_item_are_refused(store: Partnership) -> None:
    _family(store)
    with pytest.raises(sqlite3.IntegrityError):
        store.put(Decision(item_id=ITEM.id, text="A second decision"))
    assert store.all(Decision) == [DECISION]


def test_two_positions_of_one_partner_are_refused(store: Partnership) -> None:
    _family(store)
    store.put(Position(decision_id=DECISION.id, partner_id=POLICE.id, stance=Stance.AGREE))
    with pytest.raises(sqlite3.IntegrityError):
        store.put(Position(decision_id=DECISION.id, partner_id=POLICE.id, stance=Stance.BLOCK))
    assert [p.stance for p in store.all(Position)] == [Stance.AGREE]


def test_a_failed_edit_writes_nothing(store: Partnership) -> None:
    _family(store)
    before = _dump(store)
    edit = Edit(
        "half",
        (
            (None, AgendaItem(meeting_id=MEETING.id, position=1, title="Fine")),
            (None, Decision(item_id=ITEM.id, text="Duplicate")),
        ),
    )
    with pytest.raises(sqlite3.IntegrityError):
        edit.apply(store)
    assert _dump(store) == before


# --- queries --------------------------------------------------------------------------------------------------


def test_where_filters_and_leaves_out_archived_unless_asked(store: Partnership) -> None:
    _family(store)
    other = Meeting(forum_id=FORUM.id, starts_at=dt.datetime(2025, 6, 9, 10, 0))
    store.put(other)
    second = AgendaItem(meeting_id=MEETING.id, position=1, title="Second")
    archived = AgendaItem(meeting_id=MEETING.id, position=2, title="Old", archived=True)
    elsewhere = AgendaItem(meeting_id=other.id, position=0, title="Elsewhere")
    for record in (second, archived, elsewhere):
        store.put(record)

    # Records made in the same second come back by id, not by insertion: compare in the agenda's own order.
    def by_position(items: list[AgendaItem]) -> list[AgendaItem]:
        return sorted(items, key=lambda i: i.position)

    assert by_position(store.where(AgendaItem, {"meeting_id": MEETING.id})) == [ITEM, second]
    assert by_position(store.where(AgendaItem, {"meeting_id": MEETING.id}, include_archived=True)) == [
        ITEM,
        second,
        archived,
    ]
    assert store.where(AgendaItem, {"meeting_id": other.id}) == [elsewhere]
    assert store.where(AgendaItem, {"meeting_id": MEETING.id, "title": "Second"}) == [second]
    assert store.where(AgendaItem, {"meeting_id": "nothing"}) == []
    assert store.where(AgendaItem, {}) == store.all(AgendaItem)
    assert sorted(store.where(Meeting, {"status": MeetingStatus.PLANNED}), key=lambda m: m.starts_at) == [
        MEETING,
        other,
    ]
    assert [i.id for i in agenda(store, MEETING.id)] == [ITEM.id, second.id]


# --- undo against the file ------------------------------------------------------------------------------------


def test_a_meeting_s_edits_undo_exactly_in_the_file(store: Partnership) -> None:
    """Reverting in reverse order respects the foreign keys and the unique indexes, and restores every row."""
    clear(store)
    for record in (FORUM, POLICE, HOUSING, ANA, BEN, DORA):
        store.put(record)
    store.put(Membership(forum_id=FORUM.id, partner_id=POLICE.id, main_representative_id=ANA.id))
    store.put(Membership(forum_id=FORUM.id, partner_id=HOUSING.id, main_representative_id=DORA.id))
    for position, (kind, minutes) in enumerate(LEGACY_STANDING_ITEMS):
        store.put(
            UsualItem(forum_id=FORUM.id, position=position, title="", kind=kind, minutes_allowed=minutes)
        )
    store.put(
        UsualItem(
            forum_id=FORUM.id,
            position=len(LEGACY_STANDING_ITEMS),
            title="Street situation",
            kind=ItemKind.DECISION,
        )
    )
    edits: list[tuple[Edit, dict[str, list[AnyRecord]]]] = []

    def do(edit: Edit) -> None:
        before = _dump(store)
        edit.apply(store)
        edits.append((edit, before))

    do(plan_meetings(store, FORUM.id, dt.date(2025, 6, 1), 3, timezone="Europe/London"))
    first, second, _third = sorted(store.all(Meeting), key=lambda m: m.starts_at)
    do(cancel_meeting(store, second.id, "Bank holiday"))
    items = agenda(store, first.id)
    (decision_item,) = [i for i in items if i.kind is ItemKind.DECISION]
    line = roll(store, first.id)[0]
    do(set_attendance(store, replace(line, presence=Presence.APOLOGIES)))
    do(set_attendance(store, substitute_line(first.id, POLICE.id, BEN.id, ANA.id)))
    dora = next(line for line in roll(store, first.id) if line.representative_id == DORA.id)
    # Only partners present take positions.
    do(set_attendance(store, replace(dora, presence=Presence.PRESENT)))
    do(start_meeting(store, first.id, T0))
    do(start_item(store, decision_item.id, T0 + dt.timedelta(minutes=3)))
    do(ask_to_speak(store, decision_item.id, HOUSING.id, T0 + dt.timedelta(minutes=4)))
    do(
        record_decision(
            store,
            decision_item.id,
            "Agreed",
            DecisionMethod.VOTE,
            {POLICE.id: (Stance.AGREE, ""), HOUSING.id: (Stance.BLOCK, "no")},
        )
    )
    do(
        record_decision(
            store, decision_item.id, "Agreed again", DecisionMethod.CONSENSUS, {POLICE.id: (Stance.AGREE, "")}
        )
    )
    do(remove_decision(store, decision_item.id))
    do(remove_item(store, decision_item.id))
    do(move_item(store, items[0].id, 4))
    for edit, before in reversed(edits):
        edit.revert(store)
        # Every row comes back, except that an undone cancellation is one more calendar revision.
        assert _without_revisions(_dump(store)) == _without_revisions(before)
    assert store.all(Meeting) == []


def test_arrival_with_seconds_keeps_them_and_plain_times_stay_hh_mm(store: Partnership) -> None:
    _family(store)
    line = Attendance(
        meeting_id=MEETING.id,
        role=AttendeeRole.GUEST,
        guest_name="Late guest",
        arrived_at=dt.time(10, 12, 30),
        left_at=dt.time(11, 0),
    )
    store.put(line)
    assert store.get(Attendance, line.id) == line
    assert record_to_dict(line)["left_at"] == "11:00"
    assert record_to_dict(line)["arrived_at"] == "10:12:30"


def test_plain_data_refuses_a_zoned_local_start() -> None:
    data = record_to_dict(MEETING)
    data["starts_at"] = "2025-06-02T10:00:00+01:00"
    with pytest.raises(ValidationError) as caught:
        record_from_dict(Meeting, data)
    assert caught.value.field == "starts_at"
    data["starts_at"] = "2025-06-02T10:00:00"
    data["started_at"] = "2025-06-02T09:00:00"  # an instant without zone is read as UTC
    assert record_from_dict(Meeting, data).started_at == T0


def test_a_forum_s_timeline_is_its_meetings_in_meetings_of_s_order_read_from_three_columns(
    store: Partnership,
) -> None:
    """Home and the routing of register entries read a forum's hundreds of meetings as starts and states only
    (``timeline_of``): the same meetings in the same order as ``meetings_of``, ties by creation, archived ones
    left out; a damaged start is told as the records tell it."""
    store.put(FORUM)
    later = dt.datetime(2025, 6, 9, 10, 0)
    first = Meeting(forum_id=FORUM.id, starts_at=later, created=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    tied = Meeting(forum_id=FORUM.id, starts_at=later, created=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    started = replace(
        MEETING,
        status=MeetingStatus.IN_PROGRESS,
        started_at=dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC),
    )
    cancelled = Meeting(
        forum_id=FORUM.id, starts_at=dt.datetime(2025, 5, 26, 10, 0), status=MeetingStatus.CANCELLED
    )
    gone = Meeting(forum_id=FORUM.id, starts_at=dt.datetime(2025, 5, 19, 10, 0), archived=True)
    for meeting in (first, tied, started, cancelled, gone):
        store.put(meeting)
    timeline = timeline_of(store, FORUM.id)
    assert [(s.id, s.starts_at, s.status) for s in timeline] == [
        (m.id, m.starts_at, m.status) for m in meetings_of(store, FORUM.id)
    ]
    assert [s.id for s in timeline] == [cancelled.id, started.id, tied.id, first.id]
    assert [s.started_at is not None for s in timeline] == [False, True, False, False]
    store.conn.execute("update meetings set starts_at = 'next Monday' where id = ?", [first.id])
    with pytest.raises(UnreadableRecord):
        meetings_of(store, FORUM.id)
    with pytest.raises(UnreadableRecord):
        timeline_of(store, FORUM.id)
