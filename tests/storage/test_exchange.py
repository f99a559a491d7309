"""Merging copies of a partnership, one promise at a time, on real files: copies of the demo on three "laptops",
edited through the core's operations and exchanged."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.actions import Action, save_action
from facilitator.approval import approve_minutes, circulate_minutes, verify_minutes
from facilitator.entities import Forum, Membership, Partner, Representative
from facilitator.meeting_ops import agenda, meetings_of, save_notes
from facilitator.meetings import ItemKind, Meeting, MeetingStatus
from facilitator.operations import remove_membership, save_partner, save_representative, set_membership
from facilitator.personal_data import finish_erasure, plan_erasure
from facilitator.storage import Partnership
from facilitator.storage.audit import history, trail
from facilitator.storage.exchange import choose_value, conflicts, exchange, keep_standing
from facilitator.storage.exchange_file import ExchangeRefused, decode, encode
from facilitator.storage.exchange_sync import export_file, import_files, sync_folder
from tests.storage.exchange_helpers import broken_rules, send, settle, snapshot


def _partner(store: Partnership, index: int = 0) -> Partner:
    return sorted(store.all(Partner), key=lambda p: p.id)[index]


def test_edits_to_different_fields_both_survive_and_the_same_field_is_a_conflict_to_decide(
    laptops: dict[str, Partnership], clock: object
) -> None:
    a, b = laptops["a"], laptops["b"]
    police = _partner(a)
    save_partner(a, replace(police, name="Police (A)", short_name="Pol A")).apply(a)
    clock.advance(minutes=5)  # type: ignore[attr-defined]
    save_partner(b, replace(_partner(b), contact="Call 101", short_name="Pol B")).apply(b)
    send(a, b)
    send(b, a)
    for laptop in (a, b):
        merged = laptop.get(Partner, police.id)
        assert (merged.name, merged.contact) == ("Police (A)", "Call 101")
        assert merged.short_name == "Pol B"  # the later edit stands
        (conflict,) = conflicts(laptop.db)
        assert (conflict.field, conflict.kept["value"], conflict.kept["laptop"]) == (
            "short_name",
            "Pol B",
            "laptop b",
        )
        assert [o["value"] for o in conflict.others] == ["Pol A"]
    assert snapshot(a) == snapshot(b)
    # The coordinator confirms on A; after the next exchange the conflict is gone on B too.
    keep_standing(a, conflicts(a.db)[0].id)
    send(a, b)
    assert conflicts(a.db) == [] and conflicts(b.db) == []
    assert b.get(Partner, police.id).short_name == "Pol B"


def test_choosing_the_value_set_aside_is_an_edit_that_travels(laptops: dict[str, Partnership]) -> None:
    a, b = laptops["a"], laptops["b"]
    save_partner(a, replace(_partner(a), name="Name from A")).apply(a)
    save_partner(b, replace(_partner(b), name="Name from B")).apply(b)
    send(a, b)
    (conflict,) = conflicts(b.db)
    other = conflict.others[0]["value"]
    choose_value(b, conflict, other).apply(b)
    send(b, a)
    assert a.get(Partner, _partner(a).id).name == other == b.get(Partner, _partner(b).id).name
    assert conflicts(a.db) == [] and conflicts(b.db) == []


def test_importing_the_same_exchange_twice_changes_nothing(
    laptops: dict[str, Partnership], tmp_path: Path
) -> None:
    a, b = laptops["a"], laptops["b"]
    save_partner(a, Partner(name="Night shelter")).apply(a)
    file = tmp_path / "a.pfexchange"
    export_file(a, file)
    import_files(b, [file])
    before, entries = snapshot(b), len(trail(b.db))
    again = import_files(b, [file])
    assert (again.changed, again.sent) == (0, 0)
    assert snapshot(b) == before and len(trail(b.db)) == entries


def test_the_audit_trail_says_which_laptop_and_person_made_a_merged_change(
    laptops: dict[str, Partnership],
) -> None:
    a, b = laptops["a"], laptops["b"]
    police = _partner(a)
    save_partner(a, replace(police, contact="Desk 9")).apply(a)
    send(a, b)
    entry = [e for e in history(b.db, "partners", police.id) if e.field == "contact"][-1]
    assert (entry.laptop, entry.coordinator, entry.new) == ("laptop a", "Person a", "Desk 9")


def test_any_order_any_number_of_times_gives_the_same_partnership(laptops: dict[str, Partnership]) -> None:
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    save_partner(a, Partner(name="From A")).apply(a)
    save_partner(b, replace(_partner(b, 1), contact="B's contact")).apply(b)
    save_partner(c, replace(_partner(c, 1), contact="C's contact")).apply(c)
    send(c, b)
    send(b, a)
    send(a, c)
    send(b, a)
    assert settle(laptops) <= 2
    assert snapshot(a) == snapshot(b) == snapshot(c)


def test_a_cycle_of_prerequisites_made_on_two_laptops_is_broken_and_reported(
    laptops: dict[str, Partnership],
) -> None:
    a, b = laptops["a"], laptops["b"]
    first, second = sorted(a.all(Action), key=lambda x: x.id)[:2]
    save_action(a, replace(first, waits_for=(second.id,))).apply(a)
    save_action(b, replace(b.get(Action, second.id), waits_for=(first.id,))).apply(b)
    send(a, b)
    report = exchange(a, [exchange(b).state])
    settle(laptops)
    for laptop in (a, b):
        assert broken_rules(laptop) == []
        x, y = laptop.get(Action, first.id), laptop.get(Action, second.id)
        assert not (second.id in x.waits_for and first.id in y.waits_for)
        assert any(c.field == "waits_for" and c.reason for c in conflicts(laptop.db))
    assert snapshot(a) == snapshot(b)
    assert report is not None


def test_two_laptops_seating_the_same_partner_end_with_one_seat(laptops: dict[str, Partnership]) -> None:
    a, b = laptops["a"], laptops["b"]
    forum = sorted(a.all(Forum), key=lambda f: f.id)[0]
    seated = {m.partner_id for m in a.all(Membership) if m.forum_id == forum.id}
    newcomer = next(p for p in sorted(a.all(Partner), key=lambda p: p.id) if p.id not in seated)
    people = [r for r in a.all(Representative) if r.partner_id == newcomer.id]
    set_membership(a, forum.id, newcomer.id, people[0].id if people else None).apply(a)
    set_membership(b, forum.id, newcomer.id, people[-1].id if people else None).apply(b)
    send(a, b)
    send(b, a)
    settle(laptops)
    for laptop in (a, b):
        seats = [m for m in laptop.all(Membership) if (m.forum_id, m.partner_id) == (forum.id, newcomer.id)]
        assert len(seats) == 1
        assert broken_rules(laptop) == []
    assert snapshot(a) == snapshot(b)
    # Taking the seat away again on one laptop travels too.
    remove_membership(a, forum.id, newcomer.id).apply(a)
    settle(laptops)
    assert not [m for m in b.all(Membership) if (m.forum_id, m.partner_id) == (forum.id, newcomer.id)]


def _held_with_next(store: Partnership) -> tuple[Meeting, Meeting]:
    for forum in sorted(store.all(Forum), key=lambda f: f.id):
        meetings = meetings_of(store, forum.id)
        for earlier, later in itertools.pairwise(meetings):
            if earlier.status is MeetingStatus.HELD and any(
                i.kind is ItemKind.MINUTES for i in agenda(store, later.id)
            ):
                return earlier, later
    raise AssertionError("the demo has a held meeting followed by another")


def test_approved_minutes_are_never_changed_by_a_merge(laptops: dict[str, Partnership]) -> None:
    a, b = laptops["a"], laptops["b"]
    meeting, later = _held_with_next(a)
    day = dt.date(2026, 12, 7)
    partners = [p.id for p in a.all(Partner)][:3]
    circulate_minutes(a, meeting.id, partners, day).apply(a)
    approve_minutes(a, meeting.id, later.id, day).apply(a)
    item = next(i for i in agenda(b, meeting.id) if i.kind is not ItemKind.MINUTES)
    save_notes(b, item.id, "Added on B while A approved the minutes").apply(b)
    send(b, a)
    send(a, b)
    settle(laptops)
    for laptop in (a, b):
        assert verify_minutes(laptop, meeting.id)
        assert "Added on B" not in next(i for i in agenda(laptop, meeting.id) if i.id == item.id).notes
        assert any("Added on B" in json.dumps(c.others) for c in conflicts(laptop.db))
        assert broken_rules(laptop) == []
    assert snapshot(a) == snapshot(b)


def test_an_erasure_travels_to_every_laptop_and_leaves_no_trace_in_the_exchange(
    laptops: dict[str, Partnership], tmp_path: Path
) -> None:
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    person = sorted(a.all(Representative), key=lambda r: r.id)[0]
    name = person.name
    # B mentions the person in a note of its own while A erases them.
    item = next(i for m in meetings_of(b) for i in agenda(b, m.id) if m.status is MeetingStatus.PLANNED)
    save_notes(b, item.id, f"{name} will bring the figures").apply(b)
    save_representative(c, replace(c.get(Representative, person.id), role="Role typed on C")).apply(c)
    erasure = plan_erasure(a, person.id)
    erasure.edit.apply(a)
    finish_erasure(a, erasure)
    send(b, c)
    send(a, c)
    settle(laptops)
    for laptop in (a, b, c):
        erased = laptop.get(Representative, person.id)
        assert erased.name == erasure.label and erased.email == "" and erased.phone == ""
        assert name not in snapshot(laptop)
        assert not [e for e in trail(laptop.db) if name in json.dumps([e.old, e.new], ensure_ascii=False)]
        # Nor in the document's saved updates: B saved its note before it heard of the erasure.
        saved = laptop.db.execute("select state from exchange_doc").fetchall()
        for row in saved:
            raw = bytes(row[0])
            at = raw.find(name.encode())
            assert at < 0, (laptop.author.laptop, len(saved), raw[max(0, at - 300) : at + 200])
    file = tmp_path / "after.pfexchange"
    export_file(b, file)
    assert name.encode() not in decode(file.read_bytes()).state


def test_exchange_files_with_a_passphrase_refuse_a_wrong_one_and_any_tampering(
    laptops: dict[str, Partnership], tmp_path: Path
) -> None:
    a, b = laptops["a"], laptops["b"]
    save_partner(a, Partner(name="Sealed partner")).apply(a)
    file = tmp_path / "sealed.pfexchange"
    export_file(a, file, passphrase="correct horse")
    assert b"Sealed partner" not in file.read_bytes()
    with pytest.raises(ExchangeRefused, match="passphrase is wrong"):
        import_files(b, [file], passphrase="wrong horse")
    with pytest.raises(ExchangeRefused, match="protected with a passphrase"):
        import_files(b, [file])
    data = bytearray(file.read_bytes())
    data[-20] ^= 1
    file.write_bytes(bytes(data))
    with pytest.raises(ExchangeRefused, match="changed after it was written"):
        import_files(b, [file], passphrase="correct horse")
    assert not [p for p in b.all(Partner) if p.name == "Sealed partner"]


def test_plain_files_refuse_damage_another_partnership_and_a_newer_version(tmp_path: Path) -> None:
    data = encode(b"state", partnership="p1", laptop="x")
    assert decode(data, partnership="p1").state == b"state"
    damaged = bytearray(data)
    damaged[-1] ^= 1
    with pytest.raises(ExchangeRefused, match="changed or damaged"):
        decode(bytes(damaged), partnership="p1")
    with pytest.raises(ExchangeRefused, match="another partnership"):
        decode(data, partnership="p2")
    newer = data.replace(b'"version": 1', b'"version": 9')
    with pytest.raises(ExchangeRefused, match="newer version"):
        decode(newer, partnership="p1")
    with pytest.raises(ExchangeRefused, match="not an exchange file"):
        decode(b"PK\x03\x04 a zip file")


def test_a_shared_folder_carries_changes_between_laptops(
    laptops: dict[str, Partnership], tmp_path: Path
) -> None:
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    folder = tmp_path / "shared"
    folder.mkdir()
    save_partner(a, Partner(name="Made on A")).apply(a)
    save_partner(c, Partner(name="Made on C")).apply(c)
    sync_folder(a, folder, passphrase="pw")
    sync_folder(c, folder, passphrase="pw")
    done = sync_folder(b, folder, passphrase="pw")
    assert sorted(done.read) == ["laptop a", "laptop c"]
    assert {"Made on A", "Made on C"} <= {p.name for p in b.all(Partner)}
    assert len(list(folder.iterdir())) == 3
    again = sync_folder(b, folder, passphrase="pw")
    assert again.read == []  # nothing new in the folder
    sync_folder(a, folder, passphrase="pw")
    assert "Made on C" in {p.name for p in a.all(Partner)}
