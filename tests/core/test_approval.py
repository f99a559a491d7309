"""Minutes from draft to circulated to approved (story S4), locked from then on, corrected only by corrigendum."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.approval import (
    MinutesStatus,
    approve_minutes,
    checksum,
    circulate_minutes,
    corrections,
    last_held_meeting,
    meeting_record,
    minutes_record,
    minutes_status,
    record_correction,
    verify_minutes,
)
from facilitator.audience import Audience
from facilitator.docmodel import BulletList, Heading
from facilitator.entities import Forum
from facilitator.errors import MinutesLocked, NotFound, ValidationError
from facilitator.meeting_ops import (
    agenda,
    ask_to_speak,
    decision_of,
    end_meeting,
    move_item,
    new_meeting,
    record_decision,
    remove_decision,
    remove_from_roll,
    remove_item,
    roll,
    save_item,
    save_meeting,
    save_notes,
    set_attendance,
    start_item,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
    Stance,
)
from facilitator.minutes import build_minutes
from facilitator.operations import Edit, save_forum
from facilitator.profile import Profile, save_profile
from facilitator.storage import Partnership, open_partnership
from facilitator.store import Store
from tests.core.test_minutes import NEXT_MONDAY, STARTED, Round, build_round

CIRCULATED_ON = dt.date(2025, 6, 4)
APPROVED_ON = dt.date(2025, 6, 9)


@pytest.fixture
def partnership(db_path: Path) -> Partnership:
    opened = open_partnership(db_path)
    yield opened  # type: ignore[misc]
    opened.close()


@pytest.fixture
def s1(partnership: Partnership) -> Round:
    return build_round(partnership)


def _hold(store: Store, meeting_id: str, day: dt.datetime) -> None:
    start = day.replace(tzinfo=dt.UTC) - dt.timedelta(hours=1)
    start_meeting(store, meeting_id, start).apply(store)
    end_meeting(store, meeting_id, start + dt.timedelta(hours=1)).apply(store)


def _approve(r: Round) -> Edit:
    if minutes_record(r.store, r.meeting.id) is None:
        circulate_minutes(r.store, r.meeting.id, [r.police.id], CIRCULATED_ON).apply(r.store)
    edit = approve_minutes(r.store, r.meeting.id, r.following.id, APPROVED_ON)
    edit.apply(r.store)
    return edit


# --- circulation ---------------------------------------------------------------------------------------------------


def test_only_a_held_meeting_is_circulated(s1: Round) -> None:
    with pytest.raises(ValidationError, match="held"):
        circulate_minutes(s1.store, s1.following.id, [s1.police.id], CIRCULATED_ON)
    assert minutes_record(s1.store, s1.following.id) is None


def test_circulation_needs_at_least_one_known_partner(s1: Round) -> None:
    with pytest.raises(ValidationError, match="at least one partner"):
        circulate_minutes(s1.store, s1.meeting.id, [], CIRCULATED_ON)
    with pytest.raises(NotFound):
        circulate_minutes(s1.store, s1.meeting.id, ["no-such-partner"], CIRCULATED_ON)
    assert minutes_status(s1.store, s1.meeting.id) is MinutesStatus.DRAFT


def test_the_circulated_version_is_kept_as_it_was(s1: Round) -> None:
    store, meeting_id = s1.store, s1.meeting.id
    circulate_minutes(store, meeting_id, [s1.police.id, s1.housing.id], CIRCULATED_ON).apply(store)
    record = minutes_record(store, meeting_id)
    assert record is not None
    assert (record.status, record.circulated_on) == (MinutesStatus.CIRCULATED, CIRCULATED_ON)
    assert record.circulated_to == (s1.police.id, s1.housing.id)
    assert record.circulated_record == meeting_record(store, meeting_id)
    assert "Bins are emptied twice a day." in record.circulated_record

    # A draft may still change after circulation; what was circulated does not.
    save_notes(store, s1.needles.id, "Bins are emptied four times a day.").apply(store)
    kept = minutes_record(store, meeting_id)
    assert kept is not None and kept.circulated_record == record.circulated_record
    assert "four times" in meeting_record(store, meeting_id)
    assert "four times" not in kept.circulated_record

    model = build_minutes(store, meeting_id, Audience.partners(), "en")
    assert model.status == "Draft circulated on June 4, 2025"
    assert model.draft_mark == "DRAFT"


def test_meeting_record_is_canonical(s1: Round) -> None:
    first = meeting_record(s1.store, s1.meeting.id)
    assert meeting_record(s1.store, s1.meeting.id) == first
    assert checksum(first) == checksum(first) and len(checksum(first)) == 64
    assert '"created"' not in first and '"updated"' not in first
    # The whole record, restricted items and the roll included.
    for text in ("Operation Nightjar", "Secret reason of the police", '"presence":"substitute"'):
        assert text in first


# --- approval ------------------------------------------------------------------------------------------------------


def test_approval_is_the_later_meetings_decision_on_its_minutes_item(s1: Round) -> None:
    store = s1.store
    circulate_minutes(store, s1.meeting.id, [s1.police.id], CIRCULATED_ON).apply(store)
    assert last_held_meeting(store, s1.following) == s1.meeting
    _approve(s1)
    record = minutes_record(store, s1.meeting.id)
    assert record is not None
    assert record.status is MinutesStatus.APPROVED
    assert (record.approved_on, record.approved_at_meeting_id) == (APPROVED_ON, s1.following.id)
    assert record.circulated_on == CIRCULATED_ON  # the circulation stays on record
    assert record.checksum == checksum(record.approved_record)  # the snapshot of what the minutes print
    minutes_item = next(i for i in agenda(store, s1.following.id) if i.kind is ItemKind.MINUTES)
    found = decision_of(store, minutes_item.id)
    assert found is not None
    assert found[0].text == "The minutes of the meeting of June 2, 2025 were approved."  # the forum's language
    assert found[0].method is DecisionMethod.CONSENSUS


def test_an_existing_decision_on_the_minutes_item_is_kept(s1: Round) -> None:
    store = s1.store
    minutes_item = next(i for i in agenda(store, s1.following.id) if i.kind is ItemKind.MINUTES)
    record_decision(store, minutes_item.id, "Approved with one amendment.", DecisionMethod.VOTE, {}).apply(
        store
    )
    _approve(s1)
    found = decision_of(store, minutes_item.id)
    assert found is not None and found[0].text == "Approved with one amendment."


def test_approval_only_at_a_later_meeting_of_the_same_forum(s1: Round) -> None:
    store = s1.store
    with pytest.raises(ValidationError, match="later meeting of the same forum"):
        approve_minutes(store, s1.meeting.id, s1.meeting.id, APPROVED_ON)
    other = Forum(name="Strategic Group")
    save_forum(store, other).apply(store)
    edit, elsewhere = new_meeting(store, other.id, NEXT_MONDAY, timezone="Europe/London")
    edit.apply(store)
    with pytest.raises(ValidationError, match="later meeting of the same forum"):
        approve_minutes(store, s1.meeting.id, elsewhere.id, APPROVED_ON)
    # An earlier meeting of the same forum cannot approve a later one's minutes either.
    _hold(store, s1.following.id, NEXT_MONDAY)
    with pytest.raises(ValidationError, match="later meeting of the same forum"):
        approve_minutes(store, s1.following.id, s1.meeting.id, APPROVED_ON)
    assert minutes_record(store, s1.meeting.id) is None


def test_approval_needs_a_minutes_item(s1: Round) -> None:
    store = s1.store
    minutes_item = next(i for i in agenda(store, s1.following.id) if i.kind is ItemKind.MINUTES)
    remove_item(store, minutes_item.id).apply(store)
    with pytest.raises(ValidationError, match="no item for the minutes"):
        approve_minutes(store, s1.meeting.id, s1.following.id, APPROVED_ON)


def test_approval_needs_a_held_meeting(s1: Round) -> None:
    store = s1.store
    edit, third = new_meeting(
        store, s1.forum.id, NEXT_MONDAY + dt.timedelta(days=7), timezone="Europe/London"
    )
    edit.apply(store)
    with pytest.raises(ValidationError, match="held"):
        approve_minutes(store, s1.following.id, third.id, APPROVED_ON)


def test_minutes_are_circulated_before_they_are_approved(s1: Round) -> None:
    with pytest.raises(ValidationError, match="circulate the draft minutes"):
        approve_minutes(s1.store, s1.meeting.id, s1.following.id, APPROVED_ON)
    assert minutes_record(s1.store, s1.meeting.id) is None


def test_minutes_are_approved_once(s1: Round) -> None:
    _approve(s1)
    with pytest.raises(MinutesLocked):
        approve_minutes(s1.store, s1.meeting.id, s1.following.id, APPROVED_ON)
    with pytest.raises(MinutesLocked):
        circulate_minutes(s1.store, s1.meeting.id, [s1.police.id], APPROVED_ON)


def test_approval_can_be_undone_right_after(s1: Round) -> None:
    edit = _approve(s1)
    edit.revert(s1.store)
    assert minutes_status(s1.store, s1.meeting.id) is MinutesStatus.CIRCULATED  # back to where it was
    minutes_item = next(i for i in agenda(s1.store, s1.following.id) if i.kind is ItemKind.MINUTES)
    assert decision_of(s1.store, minutes_item.id) is None
    save_notes(s1.store, s1.needles.id, "Editable again.").apply(s1.store)


# --- the lock ----------------------------------------------------------------------------------------------------

EditMaker = Callable[[Round], Edit]


def _a_line(r: Round) -> object:
    return next(line for line in roll(r.store, r.meeting.id) if line.representative_id == r.ana.id)


LOCKED_EDITS: dict[str, EditMaker] = {
    "meeting": lambda r: save_meeting(
        r.store, replace(r.store.get(Meeting, r.meeting.id), venue="Elsewhere")
    ),
    "item title": lambda r: save_item(r.store, replace(r.item(r.drop_in.id), title="Changed")),
    "item confidentiality": lambda r: save_item(
        r.store, replace(r.item(r.needles.id), confidentiality=r.item(r.shelter.id).confidentiality)
    ),
    "notes": lambda r: save_notes(r.store, r.needles.id, "Rewritten"),
    "new item": lambda r: save_item(
        r.store, AgendaItem(meeting_id=r.meeting.id, position=0, title="Late item")
    ),
    "remove item": lambda r: remove_item(r.store, r.drop_in.id),
    "move item": lambda r: move_item(r.store, r.drop_in.id, 0),
    "attendance": lambda r: set_attendance(r.store, replace(_a_line(r), presence=Presence.ABSENT)),  # type: ignore[type-var]
    "off the roll": lambda r: remove_from_roll(r.store, _a_line(r).id),  # type: ignore[attr-defined]
    "decision": lambda r: record_decision(
        r.store, r.shelter.id, "Reserve ten places.", DecisionMethod.CONSENSUS, {}
    ),
    "positions": lambda r: record_decision(
        r.store,
        r.needles.id,
        "Empty the bins three times a day.",
        DecisionMethod.VOTE,
        {r.police.id: (Stance.DISAGREE, "Changed our mind")},
    ),
    "remove decision": lambda r: remove_decision(r.store, r.needles.id),
    "speaker": lambda r: ask_to_speak(r.store, r.needles.id, r.police.id, STARTED),
}


@pytest.mark.parametrize("change", list(LOCKED_EDITS))
def test_every_change_to_an_approved_record_is_refused(s1: Round, change: str) -> None:
    _approve(s1)
    before = meeting_record(s1.store, s1.meeting.id)
    edit = LOCKED_EDITS[change](s1)
    with pytest.raises(MinutesLocked, match="approved") as refused:
        edit.apply(s1.store)
    assert "correction" in refused.value.hint
    assert meeting_record(s1.store, s1.meeting.id) == before
    assert verify_minutes(s1.store, s1.meeting.id)


@pytest.mark.parametrize("change", ["meeting", "item title", "notes", "new item", "attendance", "decision"])
def test_undoing_an_earlier_edit_is_refused_once_approved(s1: Round, change: str) -> None:
    edit = LOCKED_EDITS[change](s1)
    edit.apply(s1.store)  # allowed while the minutes are a draft
    _approve(s1)
    before = meeting_record(s1.store, s1.meeting.id)
    with pytest.raises(MinutesLocked):
        edit.revert(s1.store)
    assert meeting_record(s1.store, s1.meeting.id) == before


def test_the_approving_meeting_itself_stays_editable(s1: Round) -> None:
    _approve(s1)
    later_item = agenda(s1.store, s1.following.id)[-1]
    save_notes(s1.store, later_item.id, "Still open.").apply(s1.store)
    start_meeting(s1.store, s1.following.id, STARTED + dt.timedelta(days=7)).apply(s1.store)
    start_item(s1.store, later_item.id, STARTED + dt.timedelta(days=7, minutes=5)).apply(s1.store)
    assert s1.store.get(Meeting, s1.following.id).status is MeetingStatus.IN_PROGRESS


# --- corrections -------------------------------------------------------------------------------------------------


def test_corrections_only_for_approved_minutes(s1: Round) -> None:
    with pytest.raises(ValidationError, match="can still be edited"):
        record_correction(s1.store, s1.meeting.id, "Typo", APPROVED_ON)
    _approve(s1)
    with pytest.raises(ValidationError, match="must not be empty"):
        record_correction(s1.store, s1.meeting.id, "   ", APPROVED_ON)


def test_a_correction_is_printed_as_a_corrigendum(s1: Round) -> None:
    _approve(s1)
    text = "Item 8: the bins are emptied three times a day, not twice."
    record_correction(s1.store, s1.meeting.id, text, dt.date(2025, 6, 16), s1.following.id).apply(s1.store)
    assert [c.text for c in corrections(s1.store, s1.meeting.id)] == [text]
    assert verify_minutes(s1.store, s1.meeting.id)  # a correction does not change the approved record
    model = build_minutes(s1.store, s1.meeting.id, Audience.partners(), "en")
    at = model.blocks.index(Heading("Corrigendum"))
    assert model.blocks[at + 1] == BulletList((f"June 16, 2025: {text}",))
    assert model.blocks.index(Heading("Next meeting")) > at
    record_correction(s1.store, s1.meeting.id, "A second one.", dt.date(2025, 6, 23)).apply(s1.store)
    model = build_minutes(s1.store, s1.meeting.id, Audience.partners(), "fr")
    bullets = next(b for b in model.blocks if isinstance(b, BulletList))
    assert bullets.items == (f"16 juin 2025: {text}", "23 juin 2025: A second one.")


# --- approved minutes and their checksum ---------------------------------------------------------------------------


def test_approved_minutes_carry_the_checksum_and_no_draft_mark(s1: Round) -> None:
    _approve(s1)
    record = minutes_record(s1.store, s1.meeting.id)
    assert record is not None
    for audience in (Audience.public(), Audience.partners(), Audience.full()):
        model = build_minutes(s1.store, s1.meeting.id, audience, "en")
        assert model.status == "Approved on June 9, 2025"
        assert model.draft_mark == ""
        assert f"Checksum of the approved record: {record.checksum[:16]}" in model.footer_note
        assert "DRAFT" not in model.text()


def test_verify_minutes(s1: Round, partnership: Partnership, db_path: Path) -> None:
    with pytest.raises(ValidationError, match="not approved"):
        verify_minutes(s1.store, s1.meeting.id)
    _approve(s1)
    assert verify_minutes(s1.store, s1.meeting.id) is True
    partnership.close()

    again = open_partnership(db_path, read_only=True)
    try:
        assert verify_minutes(again, s1.meeting.id) is True  # the same after a round trip through the file
    finally:
        again.close()

    # Someone edits the file behind the app's back.
    conn = sqlite3.connect(db_path)
    changed = conn.execute(
        "UPDATE agenda_items SET notes = ? WHERE id = ?", ("Bins are never emptied.", s1.needles.id)
    ).rowcount
    conn.commit()
    conn.close()
    assert changed == 1
    tampered = open_partnership(db_path, read_only=True)
    try:
        assert verify_minutes(tampered, s1.meeting.id) is False
    finally:
        tampered.close()


def test_tampering_with_a_position_is_noticed(s1: Round, partnership: Partnership, db_path: Path) -> None:
    _approve(s1)
    partnership.close()
    conn = sqlite3.connect(db_path)
    changed = conn.execute(
        "UPDATE positions SET stance = 'block' WHERE reason = 'Fewer needles on the platforms'"
    ).rowcount
    conn.commit()
    assert changed == 1
    conn.close()
    tampered = open_partnership(db_path, read_only=True)
    try:
        assert verify_minutes(tampered, s1.meeting.id) is False
    finally:
        tampered.close()


def test_the_approval_decision_writes_its_date_in_the_partnerships_region(s1: Round) -> None:
    """A British partnership's English minutes say "2 June 2025", as every other date in them does."""
    store = s1.store
    save_profile(store, Profile(region="GB")).apply(store)
    circulate_minutes(store, s1.meeting.id, [s1.police.id], CIRCULATED_ON).apply(store)
    _approve(s1)
    minutes_item = next(i for i in agenda(store, s1.following.id) if i.kind is ItemKind.MINUTES)
    found = decision_of(store, minutes_item.id)
    assert found is not None
    assert found[0].text == "The minutes of the meeting of 2 June 2025 were approved."
