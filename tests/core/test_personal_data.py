"""Personal data: everything about a person, erasure with approved minutes respected, retention of contacts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from facilitator.actions import Action
from facilitator.approval import Correction, MinutesRecord, MinutesStatus, verify_minutes
from facilitator.entities import Forum, Membership, Partner, Representative, Sector
from facilitator.errors import KnownError
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingStatus,
    Presence,
)
from facilitator.personal_data import (
    everything_about,
    finish_erasure,
    finish_retention,
    months_before,
    plan_erasure,
    plan_retention,
)
from facilitator.storage import open_partnership
from facilitator.storage.audit import audit_csv, trail
from facilitator.store import Store
from tests.core.fakes import MemoryStore

TODAY = dt.date(2025, 6, 2)
POLICE = Partner(name="City Police", short_name="Police", sector=Sector.POLICE)
OUTREACH = Partner(name="Outreach North", sector=Sector.OUTREACH)
FORUM = Forum(name="Station Square weekly round")
ANNA = Representative(
    name="Anna Kowalska", partner_id=POLICE.id, email="anna.k@police.example", phone="+44 20 7946 0000"
)
YUSUF = Representative(name="Yusuf Demir", partner_id=OUTREACH.id, email="yusuf@outreach.example")
SEAT = Membership(forum_id=FORUM.id, partner_id=POLICE.id, main_representative_id=ANNA.id)
OLD = Meeting(forum_id=FORUM.id, starts_at=dt.datetime(2025, 3, 3, 10, 0), status=MeetingStatus.HELD)
NEW = Meeting(forum_id=FORUM.id, starts_at=dt.datetime(2025, 3, 10, 10, 0), status=MeetingStatus.HELD)
OLD_ITEM = AgendaItem(
    meeting_id=OLD.id, position=0, title="Dealing on the square", notes="Anna Kowalska reported two raids."
)
NEW_ITEM = AgendaItem(
    meeting_id=NEW.id,
    position=0,
    title="Follow-up",
    notes="ANNA KOWALSKA (anna.k@police.example) will call Yusuf Demir. Annalise agreed.",
    presenter_id=ANNA.id,
)
DECISION = Decision(item_id=NEW_ITEM.id, text="Anna Kowalska to brief the residents.")
ROLL = [
    Attendance(meeting_id=m.id, partner_id=POLICE.id, representative_id=ANNA.id, presence=Presence.PRESENT)
    for m in (OLD, NEW)
] + [
    Attendance(
        meeting_id=NEW.id, partner_id=OUTREACH.id, representative_id=YUSUF.id, presence=Presence.PRESENT
    )
]
ACTION = Action(
    forum_id=FORUM.id, title="Brief residents", owner_partner_id=POLICE.id, owner_person_id=ANNA.id
)


def _seed(store: Store, *, approve_old: bool = True) -> None:
    with store.atomic():
        for record in (
            POLICE,
            OUTREACH,
            FORUM,
            ANNA,
            YUSUF,
            SEAT,
            OLD,
            NEW,
            OLD_ITEM,
            NEW_ITEM,
            DECISION,
            ACTION,
        ):
            store.put(record)
        for line in ROLL:
            store.put(line)
    if approve_old:
        from facilitator.approval import checksum, meeting_record

        store.put(
            MinutesRecord(
                meeting_id=OLD.id,
                status=MinutesStatus.APPROVED,
                approved_on=dt.date(2025, 3, 10),
                approved_at_meeting_id=NEW.id,
                checksum=checksum(meeting_record(store, OLD.id)),
            )
        )


@pytest.fixture
def memory() -> MemoryStore:
    store = MemoryStore()
    _seed(store)
    return store


def test_everything_about_a_person_finds_every_mention(memory: MemoryStore) -> None:
    answer = everything_about(memory, ANNA.id, TODAY)
    assert answer.person["name"] == "Anna Kowalska" and answer.partner == "City Police"
    assert [m["as"] for m in answer.sections["memberships"]] == ["main representative"]
    assert {a["meeting_id"] for a in answer.sections["attendance"]} == {OLD.id, NEW.id}
    assert [p["record_id"] for p in answer.sections["presented"]] == [NEW_ITEM.id]
    assert [a["title"] for a in answer.sections["actions_owned"]] == ["Brief residents"]
    mentioned = {(m["kind"], m["record_id"], m["field"]) for m in answer.sections["mentions"]}
    assert mentioned == {
        ("agenda_items", OLD_ITEM.id, "notes"),
        ("agenda_items", NEW_ITEM.id, "notes"),
        ("decisions", DECISION.id, "text"),
    }
    assert "audit" not in answer.sections  # the memory store keeps no trail
    document = json.loads(answer.to_json())
    assert document["person"]["email"] == "anna.k@police.example"
    rows = list(csv.reader(io.StringIO(answer.to_csv())))
    assert rows[0] == ["section", "record", "field", "value"]
    assert ["person", ANNA.id, "phone", "'+44 20 7946 0000"] in rows  # never a spreadsheet formula
    assert any(r[0] == "mentions" and "raids" in r[3] for r in rows)
    # Yusuf is named in a note too, but nothing of his is in Anna's answer beyond that shared text.
    assert all(a["record_id"] != ROLL[2].id for a in answer.sections["attendance"])


def test_erasure_replaces_the_person_but_keeps_attendance_and_approved_minutes(memory: MemoryStore) -> None:
    roll_before = {k: v for k, v in memory.tables[Attendance].items()}
    erasure = plan_erasure(memory, ANNA.id, TODAY)
    assert erasure.label == "Representative of Police, 1"
    preview = "\n".join(erasure.preview())
    assert "Representative of Police, 1" in preview and "approved minutes" in preview
    assert memory.get(Representative, ANNA.id).name == "Anna Kowalska"  # the preview changed nothing
    assert erasure.approved_meetings == (OLD.id,)

    erasure.edit.apply(memory)
    person = memory.get(Representative, ANNA.id)
    assert (person.name, person.email, person.phone) == ("Representative of Police, 1", "", "")
    assert person.partner_id == POLICE.id and person.role == ANNA.role
    notes = memory.get(AgendaItem, NEW_ITEM.id).notes
    assert (
        notes
        == "Representative of Police, 1 (Representative of Police, 1) will call Yusuf Demir. Annalise agreed."
    )
    assert memory.get(Decision, DECISION.id).text == "Representative of Police, 1 to brief the residents."
    # Approved minutes are not touched; an erasure note that does not repeat the name is recorded instead.
    assert memory.get(AgendaItem, OLD_ITEM.id).notes == OLD_ITEM.notes
    assert verify_minutes(memory, OLD.id)
    (note,) = memory.all(Correction)
    assert note.meeting_id == OLD.id and "Representative of Police, 1" in note.text
    assert "Kowalska" not in note.text and note.confidentiality.value == "partners"
    # Attendance, memberships and actions still point at the same person: counts and indicators stay.
    assert memory.tables[Attendance] == roll_before
    assert memory.get(Membership, SEAT.id).main_representative_id == ANNA.id
    assert memory.get(Action, ACTION.id).owner_person_id == ANNA.id
    # A second erasure of someone else of the same partner gets the next number.
    other = Representative(name="Piotr Nowak", partner_id=POLICE.id)
    memory.put(other)
    assert plan_erasure(memory, other.id, TODAY).label == "Representative of Police, 2"

    erasure.edit.revert(memory)
    assert memory.get(Representative, ANNA.id) == ANNA
    assert memory.get(AgendaItem, NEW_ITEM.id).notes == NEW_ITEM.notes
    assert memory.all(Correction) == []


def test_erasure_on_a_real_file_redacts_the_audit_trail(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        _seed(store)
        store.put(Partner(name="Residents", contact="ask anna.k@police.example"))
        erasure = plan_erasure(store, ANNA.id, TODAY)
        erasure.edit.apply(store)
        assert finish_erasure(store, erasure) > 0
        answer = everything_about(store, ANNA.id, TODAY)
        assert answer.sections["audit"]  # the erasure itself is in the trail...
        text = audit_csv(trail(store.db)).lower()
    # ...without the details (the whole number, not "7946" alone: record ids are random hex)
    assert "kowalska" not in text and "anna.k@" not in text and "7946 0000" not in text
    with open_partnership(db_path, read_only=True) as reader:
        residents = next(p for p in reader.all(Partner) if p.name == "Residents")
        assert residents.contact == "ask Representative of Police, 1"


def test_retention_reports_first_then_removes_old_contact_details(db_path: Path) -> None:
    left_long_ago = Representative(
        name="Old Hand", partner_id=POLICE.id, email="old@police.example", active_to=dt.date(2023, 1, 31)
    )
    left_recently = Representative(
        name="Recent", partner_id=POLICE.id, phone="0123 456", active_to=dt.date(2025, 4, 30)
    )
    with open_partnership(db_path) as store:
        _seed(store, approve_old=False)
        store.put(left_long_ago)
        store.put(left_recently)
        retention = plan_retention(store, 12, TODAY)
        assert retention.cutoff == dt.date(2024, 6, 2)
        assert [p.id for p in retention.people] == [left_long_ago.id]
        report = retention.report(store)
        assert report == ["Old Hand (Police), left on 2023-01-31: email removed"]
        assert store.get(Representative, left_long_ago.id).email == "old@police.example"  # report only
        retention.edit.apply(store)
        finish_retention(store, retention)
        assert store.get(Representative, left_long_ago.id).email == ""
        assert store.get(Representative, left_long_ago.id).name == "Old Hand"  # names stay
        assert store.get(Representative, left_recently.id).phone == "0123 456"
        assert store.get(Representative, ANNA.id).email == ANNA.email
        assert "old@police.example" not in audit_csv(trail(store.db))
        assert plan_retention(store, 12, TODAY).people == ()
    with pytest.raises(KnownError):
        plan_retention(MemoryStore(), 0, TODAY)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 6, 2), 12, dt.date(2024, 6, 2)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 15), 13, dt.date(2023, 12, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected
