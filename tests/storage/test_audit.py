"""The audit trail on real files: every change, by whom, in the same transaction as the change."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.entities import Forum, Membership, Partner, Representative
from facilitator.operations import Edit, archive_partner, save_partner, set_membership
from facilitator.storage import audit, open_partnership
from facilitator.storage.audit import Author, audit_csv, history, trail
from facilitator.storage.database import Partnership


@pytest.fixture
def store(db_path: Path) -> Partnership:
    opened = open_partnership(db_path)
    opened.author = Author(coordinator="Maria Santos", user="msantos", laptop="Secretariat laptop")
    yield opened  # type: ignore[misc]
    opened.close()


def test_create_change_and_removal_are_recorded_field_by_field(store: Partnership) -> None:
    partner = Partner(name="City Police", short_name="Police")
    save_partner(store, partner).apply(store)
    stored = store.get(Partner, partner.id)
    save_partner(store, replace(stored, name="Metropolitan Police", contact="Desk 4")).apply(store)
    archive_partner(store, partner.id).apply(store)
    store.discard(Partner, partner.id)

    entries = store.history(Partner, partner.id)
    assert [(e.field, e.action) for e in entries] == [
        ("", "created"),
        ("contact", "changed"),
        ("name", "changed"),
        ("archived", "changed"),
        ("", "removed"),
    ]
    created, contact, name, archived, removed = entries
    assert created.old is None and created.new["name"] == "City Police"
    assert (contact.old, contact.new) == ("", "Desk 4")
    assert (name.old, name.new) == ("City Police", "Metropolitan Police")
    assert (archived.old, archived.new) == (0, 1)
    assert removed.new is None and removed.old["name"] == "Metropolitan Police"
    assert {(e.coordinator, e.user, e.kind) for e in entries} == {("Maria Santos", "msantos", "partners")}
    assert all(e.at.endswith("+00:00") for e in entries)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)


def test_writing_the_same_record_again_records_nothing(store: Partnership) -> None:
    partner = Partner(name="Housing")
    store.put(partner)
    store.put(partner)
    store.put(replace(partner, updated=partner.updated.replace(year=2030)))  # only the stamp moved
    assert len(store.history(Partner, partner.id)) == 1


def test_membership_substitutes_are_audited(store: Partnership) -> None:
    forum, partner = Forum(name="Round"), Partner(name="Outreach")
    ana = Representative(name="Ana", partner_id=partner.id)
    ben = Representative(name="Ben", partner_id=partner.id)
    for record in (forum, partner, ana, ben):
        store.put(record)
    set_membership(store, forum.id, partner.id, ana.id).apply(store)
    set_membership(store, forum.id, partner.id, ana.id, [ben.id]).apply(store)
    (seat,) = store.all(Membership)
    changes = [(e.field, e.old, e.new) for e in store.history(Membership, seat.id) if e.field]
    assert changes == [("substitute_ids", [], [ben.id])]


def test_a_rolled_back_edit_leaves_no_audit_entry(store: Partnership) -> None:
    kept = Partner(name="Kept")
    store.put(kept)
    before = audit.count(store.db)
    edit = Edit(
        "two", ((None, Partner(name="First")), (None, Representative(name="X", partner_id="missing")))
    )
    with pytest.raises(Exception, match="FOREIGN KEY"):
        edit.apply(store)
    assert audit.count(store.db) == before
    assert [p.name for p in store.all(Partner)] == ["Kept"]


def test_the_trail_survives_reopening_and_exports_as_csv(store: Partnership, db_path: Path) -> None:
    partner = Partner(name='=HYPERLINK("http://x")', contact="Line 1\nLine 2, with comma")
    store.put(partner)
    store.put(replace(partner, name="Shopkeepers, Station Road"))
    store.close()
    with open_partnership(db_path, read_only=True) as reader:
        entries = trail(reader.db)
        assert history(reader.db, "partners", partner.id) == entries
    rows = list(csv.reader(io.StringIO(audit_csv(entries))))
    assert rows[0] == list(audit.CSV_HEADER)
    assert len(rows) == 3
    assert rows[2][5:] == [
        "name",
        '\'=HYPERLINK("http://x")',
        "Shopkeepers, Station Road",
        "Secretariat laptop",
    ]
    assert rows[2][1:5] == ["Maria Santos", "msantos", "partners", partner.id]
    assert json.loads(rows[1][7])["contact"] == "Line 1\nLine 2, with comma"


def test_redaction_replaces_a_person_everywhere_in_the_trail(store: Partnership) -> None:
    partner = Partner(name="Police")
    person = Representative(name="Anna Kowalska", partner_id=partner.id, email="anna@police.example")
    store.put(partner)
    store.put(person)
    store.put(replace(person, email="a.kowalska@police.example"))
    store.put(Partner(name="Note", contact="Call ANNA KOWALSKA on Monday"))
    changed = store.redact_audit(
        {"Anna Kowalska": "Representative of Police, 1", "a.kowalska@police.example": ""},
        person.id,
        {"name": "Representative of Police, 1", "email": "", "phone": ""},
    )
    assert changed == 3
    text = audit_csv(trail(store.db))
    assert "kowalska" not in text.lower()
    assert "Call Representative of Police, 1 on Monday" in text


def test_every_write_leaves_one_line_in_the_trail(store: Partnership) -> None:
    """600 writes, 600 lines, each naming its record and what it became (how fast: bench/storage.py)."""
    partners = [Partner(name=f"Partner {i}", contact="x" * 200) for i in range(300)]
    for partner in partners:
        store.put(partner)
    for partner in partners:
        store.put(replace(partner, name=partner.name + " renamed"))
    assert audit.count(store.db) == 600
    lines = trail(store.db)
    created, renamed = lines[:300], lines[300:]
    assert [line.record_id for line in created] == [p.id for p in partners]
    assert all(line.old is None and line.kind == "partners" for line in created)
    assert [(line.record_id, line.field) for line in renamed] == [(p.id, "name") for p in partners]
    assert [line.new for line in renamed] == [f"Partner {i} renamed" for i in range(300)]
