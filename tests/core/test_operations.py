"""Named operations on standing records, against an in-memory store: each one an edit that undoes exactly."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator import clock as app_clock
from facilitator.entities import Cadence, Forum, Membership, Partner, Representative, Sector
from facilitator.errors import NotFound, ValidationError
from facilitator.meetings import UsualItem
from facilitator.operations import (
    Changes,
    Edit,
    archive_forum,
    archive_partner,
    archive_representative,
    members,
    membership_of,
    remove_membership,
    save_forum,
    save_partner,
    save_representative,
    set_membership,
)
from tests.core.fakes import MemoryStore as FakeStore

LONG_AGO = dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC)


def _stamped(record):  # type: ignore[no-untyped-def]
    """The record as made long ago, so that any new stamp is visibly different."""
    return replace(record, created=LONG_AGO, updated=LONG_AGO)


def _apply(store: FakeStore, edit: Edit) -> Changes:
    """Apply ``edit``, check that reverting and re-applying are exact inverses, and leave it applied."""
    before = store.snapshot()
    changes = edit.apply(store)
    after = store.snapshot()
    assert edit.revert(store) == changes
    assert store.snapshot() == before
    assert edit.apply(store) == changes
    assert store.snapshot() == after
    return changes


@pytest.fixture
def seated(store: FakeStore) -> dict[str, object]:
    """A forum, two partners, three people of the first partner (two seated) and one of the second."""
    forum = _stamped(Forum(name="Station Quarter Group"))
    police = _stamped(Partner(name="Police Service", short_name="Police", sector=Sector.POLICE))
    housing = _stamped(Partner(name="Housing Association", sector=Sector.HOUSING))
    ana = _stamped(Representative(name="Ana", partner_id=police.id))
    ben = _stamped(Representative(name="Ben", partner_id=police.id))
    cai = _stamped(Representative(name="Cai", partner_id=police.id))
    dora = _stamped(Representative(name="Dora", partner_id=housing.id))
    for record in (forum, police, housing, ana, ben, cai, dora):
        store.put(record)
    _apply(store, set_membership(store, forum.id, police.id, ana.id, [ben.id, cai.id]))
    return {
        "forum": forum,
        "police": police,
        "housing": housing,
        "ana": ana,
        "ben": ben,
        "cai": cai,
        "dora": dora,
    }


# --- the fake store itself ----------------------------------------------------------------------------------


def test_fake_store_atomic_rolls_back_on_error(store: FakeStore) -> None:
    kept = Partner(name="Kept")
    store.put(kept)
    with pytest.raises(RuntimeError), store.atomic():
        store.put(Partner(name="Lost"))
        store.discard(Partner, kept.id)
        raise RuntimeError("boom")
    assert store.all(Partner) == [kept]


# --- creating and editing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("save", "kind"),
    [(save_forum, Forum), (save_partner, Partner)],
)
def test_create_then_edit_keeps_created(store: FakeStore, save, kind) -> None:  # type: ignore[no-untyped-def]
    record = _stamped(kind(name="First name"))
    edit = save(store, record)
    assert edit.steps[0][0] is None
    assert "First name" in edit.text
    changes = _apply(store, edit)
    # A new forum also gets the standard standing items of its usual agenda.
    assert changes.kinds == frozenset({kind} | ({UsualItem} if kind is Forum else set()))
    assert record.id in changes.ids
    assert changes.touches(kind)
    assert not changes.touches(Membership)

    stored = store.get(kind, record.id)
    assert stored.name == "First name"
    assert stored.updated > LONG_AGO  # touched when saved

    # An edit built from a fresh record (as a dialog would) still keeps the first creation stamp.
    renamed = replace(record, name="Second name", created=app_clock.now() + dt.timedelta(days=1))
    edit = save(store, renamed)
    assert edit.steps[0][0] == stored
    assert edit.text != save(store, _stamped(kind(name="Second name"))).text  # "Edit ..." vs "Create ..."
    _apply(store, edit)
    assert store.get(kind, record.id).name == "Second name"
    assert store.get(kind, record.id).created == stored.created
    assert len(store.all(kind)) == 1


def test_undoing_a_creation_removes_the_record(store: FakeStore) -> None:
    forum = Forum(name="Strategic Board", cadence=Cadence.QUARTERLY)
    edit = save_forum(store, forum)
    edit.apply(store)
    assert store.find(Forum, forum.id) is not None
    edit.revert(store)
    assert store.find(Forum, forum.id) is None
    assert store.snapshot() == {}


def test_invalid_records_are_refused_before_anything_is_written(store: FakeStore) -> None:
    with pytest.raises(ValidationError) as caught:
        save_forum(store, Forum(name=" "))
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:
        save_partner(store, Partner(name="P", language="xx"))
    assert caught.value.field == "language"
    assert store.snapshot() == {}


def test_representative_needs_an_existing_partner(store: FakeStore) -> None:
    with pytest.raises(ValidationError) as caught:
        save_representative(store, Representative(name="Ana", partner_id="nobody"))
    assert caught.value.field == "partner_id"
    partner = Partner(name="Outreach")
    store.put(partner)
    person = _stamped(Representative(name="Ana", partner_id=partner.id, email="ana@example.org"))
    changes = _apply(store, save_representative(store, person))
    assert changes.kinds == frozenset({Representative})
    _apply(store, save_representative(store, replace(person, role="Team lead")))
    stored = store.get(Representative, person.id)
    assert stored.role == "Team lead"
    assert stored.created == LONG_AGO


class _DiskFullOnForums(FakeStore):
    def put(self, record):  # type: ignore[no-untyped-def]
        if isinstance(record, Forum):
            raise OSError("disk full")
        super().put(record)


def test_failed_apply_or_revert_writes_nothing() -> None:
    """An edit whose second step fails leaves the first step unwritten (one transaction per action)."""
    store = _DiskFullOnForums()
    partner, forum = Partner(name="P"), Forum(name="F")
    edit = Edit("broken", ((None, partner), (None, forum)))
    with pytest.raises(OSError, match="disk full"):
        edit.apply(store)
    assert store.snapshot() == {}

    old_partner = Partner(name="Old")
    store.put(old_partner)
    undo = Edit("broken undo", ((forum, None), (old_partner, replace(old_partner, name="New"))))
    store.put(replace(old_partner, name="New"))
    before = store.snapshot()
    with pytest.raises(OSError, match="disk full"):
        undo.revert(store)  # puts the old partner back, then fails putting the forum back
    assert store.snapshot() == before


# --- archiving ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("archive", "kind"),
    [(archive_forum, Forum), (archive_partner, Partner)],
)
def test_archive_and_restore(store: FakeStore, archive, kind) -> None:  # type: ignore[no-untyped-def]
    record = _stamped(kind(name="Old"))
    store.put(record)
    edit = archive(store, record.id)
    assert "Old" in edit.text
    _apply(store, edit)
    archived = store.get(kind, record.id)
    assert archived.archived
    assert archived.created == LONG_AGO
    assert store.all(kind) == []
    assert store.all(kind, include_archived=True) == [archived]

    restore = archive(store, record.id, archived=False)
    assert restore.text != edit.text
    _apply(store, restore)
    assert not store.get(kind, record.id).archived
    assert [r.id for r in store.all(kind)] == [record.id]

    restore.revert(store)
    assert store.get(kind, record.id).archived


def test_archiving_an_unknown_record_is_not_found(store: FakeStore) -> None:
    with pytest.raises(NotFound):
        archive_forum(store, "no-such-forum")
    with pytest.raises(NotFound):
        archive_representative(store, "no-such-person")


def test_archiving_a_representative_takes_them_off_forums(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, police, ana, ben, cai = (seated[k] for k in ("forum", "police", "ana", "ben", "cai"))
    seat = membership_of(store, forum.id, police.id)
    assert seat is not None
    assert (seat.main_representative_id, seat.substitute_ids) == (ana.id, (ben.id, cai.id))

    before = store.snapshot()
    edit = archive_representative(store, ana.id)
    changes = _apply(store, edit)
    assert changes.kinds == frozenset({Representative, Membership})
    assert changes.ids == frozenset({ana.id, seat.id})
    assert store.get(Representative, ana.id).archived
    seat_after = store.get(Membership, seat.id)
    assert seat_after.main_representative_id is None
    assert seat_after.substitute_ids == (ben.id, cai.id)
    assert seat_after.created == seat.created

    edit.revert(store)
    assert store.snapshot() == before
    assert store.get(Membership, seat.id).main_representative_id == ana.id

    # A substitute in the middle of the list is taken out, keeping the others' order.
    _apply(store, archive_representative(store, ben.id))
    seat_after = store.get(Membership, seat.id)
    assert seat_after.main_representative_id == ana.id
    assert seat_after.substitute_ids == (cai.id,)


def test_restoring_a_representative_does_not_reseat_them(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, police, ana = seated["forum"], seated["police"], seated["ana"]
    archive_representative(store, ana.id).apply(store)
    restore = archive_representative(store, ana.id, archived=False)
    changes = _apply(store, restore)
    assert changes.kinds == frozenset({Representative})
    assert not store.get(Representative, ana.id).archived
    seat = membership_of(store, forum.id, police.id)
    assert seat is not None
    assert seat.main_representative_id is None


# --- memberships --------------------------------------------------------------------------------------------


def test_set_membership_creates_then_updates_the_same_seat(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, police, ana, ben, cai = (seated[k] for k in ("forum", "police", "ana", "ben", "cai"))
    first = membership_of(store, forum.id, police.id)
    assert first is not None

    edit = set_membership(store, forum.id, police.id, ben.id, [ana.id])
    assert edit.steps[0][0] == first
    assert "Police" in edit.text
    assert "Station Quarter Group" in edit.text
    changes = _apply(store, edit)
    assert changes.kinds == frozenset({Membership})
    assert changes.ids == frozenset({first.id})
    second = membership_of(store, forum.id, police.id)
    assert second is not None
    assert second.id == first.id
    assert second.created == first.created
    assert (second.main_representative_id, second.substitute_ids) == (ben.id, (ana.id,))
    assert len(store.all(Membership, include_archived=True)) == 1

    _apply(store, set_membership(store, forum.id, police.id, None, [cai.id]))
    third = store.get(Membership, first.id)
    assert (third.main_representative_id, third.substitute_ids) == (None, (cai.id,))


def test_set_membership_seats_a_new_partner(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, housing, dora = seated["forum"], seated["housing"], seated["dora"]
    edit = set_membership(store, forum.id, housing.id, dora.id)
    assert edit.steps[0][0] is None
    _apply(store, edit)
    assert [p.name for p, _m in members(store, forum.id)] == ["Housing Association", "Police Service"]
    edit.revert(store)
    assert membership_of(store, forum.id, housing.id) is None


def test_set_membership_refuses_people_of_another_partner(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, police, ana, dora = seated["forum"], seated["police"], seated["ana"], seated["dora"]
    before = store.snapshot()
    with pytest.raises(ValidationError) as caught:
        set_membership(store, forum.id, police.id, ana.id, [dora.id])
    assert caught.value.field == "substitute_ids"
    with pytest.raises(ValidationError):
        set_membership(store, forum.id, police.id, ana.id, [ana.id])
    assert store.snapshot() == before


def test_set_membership_refuses_an_archived_partner(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, housing, dora = seated["forum"], seated["housing"], seated["dora"]
    archive_partner(store, housing.id).apply(store)
    before = store.snapshot()
    with pytest.raises(ValidationError) as caught:
        set_membership(store, forum.id, housing.id, dora.id)
    assert caught.value.field == "partner_id"
    assert "Housing Association" in caught.value.problem
    assert store.snapshot() == before


def test_set_membership_needs_forum_and_partner(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        set_membership(store, "no-such-forum", seated["police"].id)
    with pytest.raises(NotFound):
        set_membership(store, seated["forum"].id, "no-such-partner")


def test_remove_membership_archives_the_seat(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    forum, police, ana = seated["forum"], seated["police"], seated["ana"]
    seat = membership_of(store, forum.id, police.id)
    assert seat is not None
    edit = remove_membership(store, forum.id, police.id)
    changes = _apply(store, edit)
    assert changes.kinds == frozenset({Membership})
    assert membership_of(store, forum.id, police.id) is None
    assert members(store, forum.id) == []
    kept = store.get(Membership, seat.id)  # archived, not deleted: past attendance still names it
    assert kept.archived
    assert kept.main_representative_id == ana.id
    with pytest.raises(NotFound):
        remove_membership(store, forum.id, police.id)

    # Seating the partner again brings back the same seat rather than a second one.
    again = set_membership(store, forum.id, police.id, ana.id)
    assert again.steps[0][0] == kept
    _apply(store, again)
    back = membership_of(store, forum.id, police.id)
    assert back is not None
    assert back.id == seat.id
    assert not back.archived
    assert len(store.all(Membership, include_archived=True)) == 1


def test_remove_membership_of_a_partner_not_seated(store: FakeStore, seated) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        remove_membership(store, seated["forum"].id, seated["housing"].id)


def test_changes_report_every_kind_touched() -> None:
    forum, partner = Forum(name="F"), Partner(name="P")
    person = Representative(name="R", partner_id=partner.id)
    seat = Membership(forum_id=forum.id, partner_id=partner.id)
    changes = Edit(
        "x", ((None, forum), (partner, None), (person, replace(person, role="r")), (None, seat))
    )._changes()
    assert changes.kinds == frozenset({Forum, Partner, Representative, Membership})
    assert changes.ids == frozenset({forum.id, partner.id, person.id, seat.id})
    assert all(changes.touches(kind) for kind in (Forum, Partner, Representative, Membership))
    only_partner = Edit("y", ((partner, replace(partner, name="Q")),))._changes()
    assert only_partner.kinds == frozenset({Partner})
    assert not only_partner.touches(Forum)
