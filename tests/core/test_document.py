"""The partnership document: built from a store, checked all-or-nothing, loaded in one transaction."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from facilitator import __version__
from facilitator.demo import build_demo
from facilitator.document import FORMAT, VERSION, build_document, is_empty, load_document, parse_document
from facilitator.entities import AnyRecord, Forum, Membership, Partner, Representative, Sector
from facilitator.errors import KnownError, ValidationError
from facilitator.meetings import (
    LEGACY_CLOSING_ITEMS,
    LEGACY_STANDING_ITEMS,
    AgendaItem,
    Attendance,
    Confidentiality,
    Decision,
    Meeting,
    Position,
    Presence,
    SpeakerTurn,
    Stance,
    UsualItem,
)
from facilitator.records import KINDS, record_to_dict
from tests.builders import substitute_line
from tests.conftest import MEETING_LISTS
from tests.core.fakes import MemoryStore

POLICE = Partner(name="Police Service", short_name="Police", sector=Sector.POLICE)
HOUSING = Partner(name="Housing Options", sector=Sector.HOUSING)
ROUND = Forum(name="Weekly round")
CONSTABLE = Representative(name="Agnieszka Nowak", partner_id=POLICE.id, preferred_language="pl")
INSPECTOR = Representative(name="Yusuf Al-Haddad", partner_id=POLICE.id, archived=True)
OFFICER = Representative(name="Claire Dubois", partner_id=HOUSING.id)
SEAT = Membership(
    forum_id=ROUND.id,
    partner_id=POLICE.id,
    main_representative_id=CONSTABLE.id,
    substitute_ids=(INSPECTOR.id,),
)


USUAL = UsualItem(
    forum_id=ROUND.id,
    position=0,
    title="Operational update",
    presenter_partner_id=POLICE.id,
    confidentiality=Confidentiality.RESTRICTED,
    restricted_to=(POLICE.id,),
)
MEETING = Meeting(forum_id=ROUND.id, starts_at=dt.datetime(2025, 3, 31, 10), timezone="Europe/London")
ITEM = AgendaItem(
    meeting_id=MEETING.id,
    position=0,
    title="Dealing in the underpass",
    presenter_partner_id=POLICE.id,
    presenter_id=CONSTABLE.id,
    confidentiality=Confidentiality.RESTRICTED,
    restricted_to=(POLICE.id, HOUSING.id),
)
PRESENT = Attendance(
    meeting_id=MEETING.id, partner_id=HOUSING.id, representative_id=OFFICER.id, presence=Presence.PRESENT
)
STAND_IN = substitute_line(MEETING.id, POLICE.id, INSPECTOR.id, CONSTABLE.id)
DECISION = Decision(item_id=ITEM.id, text="Patrols from 16:00 to 19:00 for three weeks.")
AGREE = Position(decision_id=DECISION.id, partner_id=POLICE.id, stance=Stance.AGREE)
ABSTAIN = Position(decision_id=DECISION.id, partner_id=HOUSING.id, stance=Stance.ABSTAIN)
TURN = SpeakerTurn(
    item_id=ITEM.id, partner_id=HOUSING.id, requested_at=dt.datetime(2025, 3, 31, 9, 20, tzinfo=dt.UTC)
)
MEETING_RECORDS: list[AnyRecord] = [USUAL, MEETING, ITEM, PRESENT, STAND_IN, DECISION, AGREE, ABSTAIN, TURN]


def _document() -> dict[str, Any]:
    records: list[AnyRecord] = [ROUND, POLICE, HOUSING, CONSTABLE, INSPECTOR, OFFICER, SEAT, *MEETING_RECORDS]
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": "x", "app_version": "0"}
    for name, kind in KINDS.items():
        document[name] = [record_to_dict(r) for r in records if type(r) is kind]
    return document


def _refused(document: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_document(document)
    return caught.value


def _filled_store() -> MemoryStore:
    store = MemoryStore()
    for record in (ROUND, POLICE, HOUSING, CONSTABLE, INSPECTOR, OFFICER, SEAT):
        store.put(record)
    return store


# --- building ---


def test_document_has_header_and_every_kind_in_order_including_archived_records() -> None:
    document = build_document(_filled_store())
    assert list(document)[:4] == ["format", "version", "exported_at", "app_version"]
    assert list(document)[4:] == list(KINDS)
    assert (document["format"], document["version"], document["app_version"]) == (FORMAT, 3, __version__)
    assert VERSION == 3
    assert document["exported_at"].endswith("+00:00")
    names = [r["name"] for r in document["representatives"]]
    assert names == ["Agnieszka Nowak", "Yusuf Al-Haddad", "Claire Dubois"]
    assert document["representatives"][1]["archived"] is True
    assert document["memberships"][0]["substitute_ids"] == [INSPECTOR.id]


def test_round_trip_through_a_memory_store_keeps_every_record() -> None:
    original = MemoryStore()
    build_demo(original, seed=7, today=dt.date(2025, 6, 4))
    first = build_document(original)

    copy_store = MemoryStore()
    count = load_document(copy_store, parse_document(copy.deepcopy(first)))
    second = build_document(copy_store)

    assert count == original.count() == copy_store.count()
    assert any(r["archived"] for r in first["representatives"])
    assert len(first["meetings"]) > 50 and len(first["positions"]) > 100
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first
    for kind in KINDS.values():
        assert copy_store.all(kind, include_archived=True) == original.all(kind, include_archived=True)


def test_parse_returns_records_by_kind() -> None:
    records = parse_document(_document())
    assert records[Partner] == [POLICE, HOUSING]
    assert records[Representative] == [CONSTABLE, INSPECTOR, OFFICER]
    assert records[Membership] == [SEAT]
    assert records[Meeting] == [MEETING]
    assert records[Attendance] == [PRESENT, STAND_IN]
    assert records[Position] == [AGREE, ABSTAIN]
    assert records[SpeakerTurn] == [TURN]


def test_a_missing_list_counts_as_empty() -> None:
    document = _document()
    del document["memberships"]
    assert parse_document(document)[Membership] == []


# --- what parsing refuses, naming record and field ---


def test_wrong_format_is_refused() -> None:
    document = _document()
    document["format"] = "something-else"
    assert _refused(document).field == "format"
    assert _refused([1, 2]).field == ""


def test_newer_version_is_refused_with_a_clear_message() -> None:
    document = _document()
    document["version"] = VERSION + 1
    error = _refused(document)
    assert error.field == "version"
    assert "newer version" in str(error)
    assert str(VERSION + 1) in str(error)


@pytest.mark.parametrize("version", [0, "1", True, None, 1.0])
def test_impossible_versions_are_refused(version: object) -> None:
    document = _document()
    document["version"] = version
    assert _refused(document).field == "version"


def test_unknown_top_level_key_is_refused_rather_than_dropped() -> None:
    document = _document()
    document["meetingz"] = []
    assert _refused(document).field == "meetingz"


def test_bad_sector_names_record_and_field() -> None:
    document = _document()
    document["partners"][1]["sector"] = "bakery"
    error = _refused(document)
    assert (error.record, error.field) == (f"partners[1] ({HOUSING.id})", "sector")
    assert "bakery" in str(error) and "partners[1]" in str(error)


def test_missing_name_names_record_and_field() -> None:
    document = _document()
    del document["representatives"][2]["name"]
    error = _refused(document)
    assert (error.record, error.field) == (f"representatives[2] ({OFFICER.id})", "name")


def test_record_without_id_is_named_by_its_name() -> None:
    document = _document()
    del document["partners"][0]["id"]
    error = _refused(document)
    assert (error.record, error.field) == ("partners[0] (Police Service)", "id")


def test_a_record_that_is_not_an_object_is_refused() -> None:
    document = _document()
    document["forums"][0] = "Weekly round"
    assert _refused(document).record == "forums[0]"
    document["forums"] = {"a": 1}
    assert _refused(document).field == "forums"


def test_dangling_partner_id_is_refused() -> None:
    document = _document()
    document["representatives"][0]["partner_id"] = "no-such-partner"
    error = _refused(document)
    assert (error.record, error.field) == (f"representatives[0] ({CONSTABLE.id})", "partner_id")


def test_duplicate_id_is_refused_naming_both_records() -> None:
    document = _document()
    document["partners"][1]["id"] = POLICE.id
    error = _refused(document)
    assert (error.record, error.field) == (f"partners[1] ({POLICE.id})", "id")
    assert "partners[0]" in error.problem


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"forum_id": "gone"}, "forum_id"),
        ({"partner_id": "gone"}, "partner_id"),
        ({"main_representative_id": "gone"}, "main_representative_id"),
        ({"main_representative_id": OFFICER.id}, "main_representative_id"),  # represents housing, not police
        ({"substitute_ids": [OFFICER.id]}, "substitute_ids"),
        ({"substitute_ids": ["gone"]}, "substitute_ids"),
        ({"substitute_ids": [CONSTABLE.id]}, "substitute_ids"),  # main and substitute at once
    ],
)
def test_membership_references_are_checked(change: dict[str, Any], field: str) -> None:
    document = _document()
    document["memberships"][0].update(change)
    error = _refused(document)
    assert (error.record, error.field) == (f"memberships[0] ({SEAT.id})", field)


def test_a_partner_seated_twice_on_one_forum_is_refused() -> None:
    document = _document()
    twin = dict(document["memberships"][0], id="another-id", substitute_ids=[])
    document["memberships"].append(twin)
    error = _refused(document)
    assert (error.record, error.field) == ("memberships[1] (another-id)", "partner_id")


# --- meetings and what they refer to ---


def test_a_version_1_document_without_meeting_lists_still_imports() -> None:
    document = _document()
    document["version"] = 1
    for name in MEETING_LISTS:
        del document[name]
    records = parse_document(document)
    assert records[Partner] == [POLICE, HOUSING]
    assert all(records[KINDS[name]] == [] for name in MEETING_LISTS if name != "usual_items")
    # Upgraded as an older file is: each forum gets the standing items every agenda had then.
    standing = [(u.kind, u.minutes_allowed) for u in records[UsualItem]]
    assert len(records[Forum]) == 1
    assert standing == [*LEGACY_STANDING_ITEMS, *LEGACY_CLOSING_ITEMS]
    store = MemoryStore()
    assert load_document(store, records) == 7 + len(standing)


@pytest.mark.parametrize(
    ("kind_name", "index", "change", "field"),
    [
        ("usual_items", 0, {"forum_id": "gone"}, "forum_id"),
        ("usual_items", 0, {"presenter_partner_id": "gone"}, "presenter_partner_id"),
        ("usual_items", 0, {"restricted_to": ["gone"]}, "restricted_to"),
        ("meetings", 0, {"forum_id": "gone"}, "forum_id"),
        ("agenda_items", 0, {"meeting_id": "gone"}, "meeting_id"),
        ("agenda_items", 0, {"presenter_partner_id": "gone"}, "presenter_partner_id"),
        ("agenda_items", 0, {"presenter_id": "gone"}, "presenter_id"),
        ("agenda_items", 0, {"restricted_to": [POLICE.id, "gone"]}, "restricted_to"),
        ("attendance", 0, {"meeting_id": "gone"}, "meeting_id"),
        ("attendance", 0, {"partner_id": "gone"}, "partner_id"),
        ("attendance", 0, {"representative_id": "gone"}, "representative_id"),
        ("attendance", 0, {"representative_id": CONSTABLE.id}, "representative_id"),  # police, not housing
        ("attendance", 1, {"substitute_for_id": "gone"}, "substitute_for_id"),
        ("attendance", 1, {"substitute_for_id": OFFICER.id}, "substitute_for_id"),  # housing, not police
        ("decisions", 0, {"item_id": "gone"}, "item_id"),
        ("positions", 0, {"decision_id": "gone"}, "decision_id"),
        ("positions", 1, {"partner_id": "gone"}, "partner_id"),
        ("speaker_turns", 0, {"item_id": "gone"}, "item_id"),
        ("speaker_turns", 0, {"partner_id": "gone"}, "partner_id"),
    ],
)
def test_meeting_references_are_checked(
    kind_name: str, index: int, change: dict[str, Any], field: str
) -> None:
    document = _document()
    row = document[kind_name][index]
    row.update(change)
    error = _refused(document)
    assert (error.record, error.field) == (f"{kind_name}[{index}] ({row['id']})", field)
    assert f"{kind_name}[{index}]" in str(error) and field in str(error)


def test_an_item_has_one_decision() -> None:
    document = _document()
    document["decisions"].append(dict(document["decisions"][0], id="second-decision"))
    error = _refused(document)
    assert (error.record, error.field) == ("decisions[1] (second-decision)", "item_id")
    assert "decisions[0]" in error.problem


def test_a_partner_has_one_position_on_a_decision() -> None:
    document = _document()
    document["positions"].append(dict(document["positions"][0], id="again", stance="disagree"))
    error = _refused(document)
    assert (error.record, error.field) == ("positions[2] (again)", "partner_id")
    assert "positions[0]" in error.problem


def test_a_person_is_on_a_meeting_s_roll_once() -> None:
    document = _document()
    document["attendance"].append(dict(document["attendance"][0], id="twice"))
    error = _refused(document)
    assert (error.record, error.field) == ("attendance[2] (twice)", "representative_id")


def test_a_meeting_s_local_start_with_an_offset_is_refused() -> None:
    document = _document()
    document["meetings"][0]["starts_at"] = "2025-03-31T10:00:00+01:00"
    error = _refused(document)
    assert (error.record, error.field) == (f"meetings[0] ({MEETING.id})", "starts_at")


def test_a_restricted_item_without_partners_is_refused() -> None:
    document = _document()
    document["agenda_items"][0]["restricted_to"] = []
    error = _refused(document)
    assert (error.record, error.field) == (f"agenda_items[0] ({ITEM.id})", "restricted_to")


# --- loading ---


def test_load_writes_everything_in_one_transaction() -> None:
    store = MemoryStore()
    assert is_empty(store)
    count = load_document(store, parse_document(_document()))
    assert count == 7 + len(MEETING_RECORDS) == store.count()
    assert store.commits == 1
    assert store.get(Representative, INSPECTOR.id).archived


def test_load_refuses_a_store_that_holds_records_even_archived_ones() -> None:
    store = MemoryStore()
    store.put(Partner(name="Old partner", archived=True))
    assert not is_empty(store)
    with pytest.raises(KnownError, match="already holds records"):
        load_document(store, parse_document(_document()))
    assert store.count() == 1


def test_a_failure_while_loading_leaves_the_store_empty() -> None:
    class FailingStore(MemoryStore):
        def put(self, record: AnyRecord) -> None:
            if isinstance(record, Membership):
                raise OSError("disk went away")
            super().put(record)

    store = FailingStore()
    with pytest.raises(OSError, match="disk went away"):
        load_document(store, parse_document(_document()))
    assert store.count() == 0


def test_a_version_2_document_still_imports_with_the_defaults_of_version_3() -> None:
    """Before version 3 a quorum counted every partner present, a forum escalated up the tiers, a meeting had no
    calendar revision and a decision no moment: a version 2 document reads as exactly that."""
    document = build_document(_filled_store())
    document["version"] = 2
    for forum in document["forums"]:
        forum.pop("escalates_to_id")
        forum["quorum"].pop("deciders_only")
    document.pop("action_overrides")
    records = parse_document(document)
    forums = records[Forum]
    assert forums and all(not f.quorum.deciders_only and f.escalates_to_id is None for f in forums)  # type: ignore[attr-defined]


def test_a_forum_may_only_escalate_to_a_forum_in_the_document() -> None:
    document = build_document(_filled_store())
    document["forums"][0]["escalates_to_id"] = "3099fdf5-ab99-454a-a901-e35cd47d380d"
    with pytest.raises(ValidationError) as error:
        parse_document(document)
    assert error.value.field == "escalates_to_id"
    assert "names a forum that is not in the document" in str(error.value)
