"""Erasure finds the person however they are written: full name in any case, surname or first name alone where
no one else in the partnership has it (the preview asks about the others), e-mail, and the phone number in any
format read in the partnership's region; then nothing of them stays in the file, not even in free pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator.entities import Forum, Partner, Representative, Sector
from facilitator.meetings import AgendaItem, Meeting, MeetingStatus
from facilitator.personal_data import (
    everything_about,
    finish_erasure,
    name_parts,
    partnership_region,
    person_finder,
    plan_erasure,
)
from facilitator.profile import Profile, save_profile
from facilitator.storage import open_partnership
from facilitator.storage.audit import audit_csv, trail
from facilitator.store import Store
from tests.core.fakes import MemoryStore

TODAY = dt.date(2025, 6, 2)
POLICE = Partner(name="City Police", short_name="Police", sector=Sector.POLICE)
HOUSING = Partner(name="Housing Office", sector=Sector.HOUSING)
FORUM = Forum(name="Station Square weekly round")
MARIA = Representative(
    name="Maria Kowalska-Nowak",
    partner_id=POLICE.id,
    email="m.kowalska@police.example",
    phone="+44 20 7946 0123",
)
OTHER_MARIA = Representative(name="Maria Lopez", partner_id=HOUSING.id)
MEETING = Meeting(
    forum_id=FORUM.id,
    starts_at=dt.datetime(2025, 3, 3, 10, 0),
    status=MeetingStatus.HELD,
    timezone="Europe/London",
)
NOTES = [
    "Kowalska reported two raids; call 020 7946 0123 or (020) 79460123.",
    "Ask Nowak, or ring +44 (0)20 7946 0123 after five.",
    "Maria will chair. M.KOWALSKA@POLICE.EXAMPLE has the list.",
    "Annual report: the police will be there.",  # nothing of Maria here
]


def _seed(store: Store) -> list[AgendaItem]:
    items = [
        AgendaItem(meeting_id=MEETING.id, position=i, title=f"Item {i}", notes=n) for i, n in enumerate(NOTES)
    ]
    with store.atomic():
        for record in (POLICE, HOUSING, FORUM, MARIA, OTHER_MARIA, MEETING, *items):
            store.put(record)
    return items


def test_name_parts_leave_out_particles_and_initials() -> None:
    assert name_parts("Jan van der Berg") == ["Jan", "Berg"]
    assert name_parts("Maria Kowalska-Nowak") == ["Maria", "Kowalska-Nowak", "Kowalska", "Nowak"]
    assert name_parts("A. B. Okafor") == ["Okafor"]


def test_the_region_comes_from_where_the_meetings_are() -> None:
    store = MemoryStore()
    _seed(store)
    assert partnership_region(store) == "GB"


def test_the_partnerships_own_region_comes_first() -> None:
    """A partnership in Ireland that meets on London time (a cross-border group, say) reads phone numbers as
    Irish ones once its profile says where it works: 01 234 5678 is Dublin's +353 1 234 5678."""
    store = MemoryStore()
    _seed(store)
    store.put(Representative(name="Aoife Byrne", partner_id=HOUSING.id, phone="01 234 5678"))
    aoife = next(r for r in store.all(Representative) if r.name == "Aoife Byrne")
    assert partnership_region(store) == "GB"
    assert "+35312345678" not in person_finder(store, aoife).phones  # read as a British number
    save_profile(store, Profile(region="IE")).apply(store)
    assert partnership_region(store) == "IE"
    assert person_finder(store, aoife).phones == frozenset({"+35312345678"})


def test_every_mention_is_found_and_a_shared_first_name_is_asked_about() -> None:
    store = MemoryStore()
    items = _seed(store)
    finder = person_finder(store, MARIA)
    assert [s.part for s in finder.shared] == ["Maria"]  # Maria Lopez of Housing has it too
    assert finder.shared[0].shared_with == ("Maria Lopez",)
    erasure = plan_erasure(store, MARIA.id, TODAY)
    label = erasure.label
    preview = "\n".join(erasure.preview())
    assert "“Maria” alone is also part of the name of Maria Lopez" in preview
    assert "3 mentions found" in preview
    erasure.edit.apply(store)
    notes = [store.get(AgendaItem, i.id).notes for i in items]
    assert notes[0] == f"{label} reported two raids; call {label} or {label}."
    assert notes[1] == f"Ask {label}, or ring {label} after five."
    assert notes[2] == f"Maria will chair. {label} has the list."  # "Maria" alone was not chosen
    assert notes[3] == NOTES[3]
    assert store.get(Representative, OTHER_MARIA.id).name == "Maria Lopez"


def test_a_name_in_a_file_name_is_found_between_underscores() -> None:
    """A paper named "Kowalska_statement.txt" names her: "_" separates words in file names."""
    store = MemoryStore()
    _seed(store)
    finder = person_finder(store, MARIA)
    for text in ("Kowalska_statement.txt", "2026_Nowak_notes.pdf", "Maria_Kowalska-Nowak.docx"):
        assert finder.found_in(text), text
    assert not finder.found_in("Kowalskas_list.txt")  # another word, not her name
    assert finder.scrub("Kowalska_statement.txt", "[erased]") == "[erased]_statement.txt"


def test_a_shared_part_chosen_in_the_preview_is_replaced_too() -> None:
    store = MemoryStore()
    items = _seed(store)
    erasure = plan_erasure(store, MARIA.id, TODAY, also=["Maria"])
    assert erasure.shared_parts == ()
    erasure.edit.apply(store)
    assert (
        store.get(AgendaItem, items[2].id).notes
        == f"{erasure.label} will chair. {erasure.label} has the list."
    )


def test_subject_access_finds_the_same_mentions() -> None:
    store = MemoryStore()
    items = _seed(store)
    found = {m["record_id"] for m in everything_about(store, MARIA.id, TODAY).sections["mentions"]}
    assert found == {items[0].id, items[1].id, items[2].id}


def test_on_a_real_file_nothing_of_the_person_stays_anywhere(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        _seed(store)
        store.put(Partner(name="Residents", contact="ring 020 7946 0123, Ms Kowalska"))
        erasure = plan_erasure(store, MARIA.id, TODAY)
        erasure.edit.apply(store)
        assert finish_erasure(store, erasure) > 0
        text = audit_csv(trail(store.db))
    # Not "7946" alone: record ids are random hex, and about one file in 300 has an id holding those four digits.
    for trace in ("Kowalska", "Nowak", "7946 0123", "79460123", "m.kowalska"):
        assert trace.casefold() not in text.casefold(), trace
    raw = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name))
    for trace in ("Kowalska", "Nowak", "7946 0123", "79460123", "m.kowalska"):
        assert trace.encode() not in raw, f"{trace} is still in the file's bytes"
