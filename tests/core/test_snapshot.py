"""Approved minutes are frozen: a snapshot of everything they print, sealed by their checksum.

Built on a real partnership file: a held meeting that reviewed a restricted action, heard a notice, took an
escalation and tabled a conflict, whose minutes are approved at the next meeting. Afterwards every record they
name is edited, and the minutes print exactly as before, in every audience and language, still verifying; any
change to the snapshot fails verification; erasing a person still works (the name goes, a note says why);
minutes approved before snapshots existed get theirs once, when the file is opened for writing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from facilitator.actions import Action, ActionStatus, record_update, save_action
from facilitator.approval import (
    MinutesRecord,
    MinutesStatus,
    approve_minutes,
    checksum,
    circulate_minutes,
    meeting_record,
    minutes_record,
    verify_minutes,
)
from facilitator.audience import Audience
from facilitator.conflicts import Conflict, raise_conflict, save_conflict
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Tier
from facilitator.errors import DatabaseCorrupt
from facilitator.escalation import Escalation, answer_escalation
from facilitator.i18n import DOCUMENT_LANGUAGES
from facilitator.meeting_ops import (
    end_meeting,
    new_meeting,
    record_decision,
    roll,
    save_item,
    set_attendance,
    start_meeting,
)
from facilitator.meetings import AgendaItem, Confidentiality, DecisionMethod, Stance
from facilitator.minutes import build_minutes
from facilitator.notices import Notice, give_notice
from facilitator.operations import save_forum, save_partner, save_representative
from facilitator.personal_data import plan_erasure
from facilitator.snapshot import SEALED_MEETING_RECORD, Snapshot, SnapshotStore
from facilitator.storage import Partnership, open_partnership
from tests.builders import escalation_of
from tests.conftest import stand_on
from tests.core.test_minutes import LONDON, MONDAY, Round, build_round

SECRET = "Covert watch on the east stairwell"


@dataclass
class Approved:
    round: Round
    path: Path
    action: Action
    secret: Action
    notice: Notice
    conflict: Conflict
    escalation: Escalation
    shelter: Action  # what the beds wait for, still open when they went ahead
    late: AgendaItem  # decided after the police had left: without quorum

    @property
    def store(self) -> Partnership:
        return self.round.store  # type: ignore[return-value]


def audiences(r: Round) -> dict[str, Audience]:
    found = {"public": Audience.public(), "partners": Audience.partners(), "full": Audience.full()}
    for partner in (r.police, r.housing, r.outreach, r.residents):
        found[partner.name] = Audience.for_partner(partner.id)
    return found


def every_version(
    store: Partnership, r: Round, languages: tuple[str, ...] = ("en", "fr", "ar")
) -> dict[str, str]:
    return {
        f"{name}/{language}": build_minutes(store, r.meeting.id, audience, language).text()
        for name, audience in audiences(r).items()
        for language in languages
    }


@pytest.fixture
def approved(tmp_path: Path) -> Iterator[Approved]:
    path = tmp_path / "approved.sqlite"
    stand_on(MONDAY.date() - dt.timedelta(days=7))
    store = open_partnership(path)
    try:
        yield _approve(store, path)
    finally:
        store.close()


def _approve(store: Partnership, path: Path) -> Approved:
    r = build_round(store, hold=False)
    mayor = Forum(name="Mayor's round", tier=Tier.STRATEGIC)
    save_forum(store, mayor).apply(store)
    shelter = Action(forum_id=r.forum.id, title="Open the night shelter", owner_partner_id=r.housing.id)
    save_action(store, shelter).apply(store)
    beds = Action(
        forum_id=r.forum.id,
        title="Find six shelter places",
        owner_partner_id=r.housing.id,
        waits_for=(shelter.id,),
    )
    secret = Action(
        forum_id=r.forum.id,
        title=SECRET,
        owner_partner_id=r.police.id,
        owner_person_id=r.ana.id,
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(r.police.id,),
    )
    for action in (beds, secret):
        save_action(store, action).apply(store)
    notice = Notice(
        partner_id=r.police.id,
        title="Police operation in the underpass",
        given_on=MONDAY.date() - dt.timedelta(days=5),
        takes_effect_on=MONDAY.date() + dt.timedelta(days=20),
        affected_forums=(r.forum.id,),
        affected_partners=(r.residents.id,),
    )
    give_notice(store, notice).apply(store)
    conflict = Conflict(
        forum_id=r.forum.id,
        title="Complaint about searches",
        raised_on=MONDAY.date() - dt.timedelta(days=4),
        raised_by_partner_id=r.residents.id,
        partners_involved=(r.residents.id, r.police.id),
    )
    raise_conflict(store, conflict).apply(store)
    sent_on = MONDAY.date() - dt.timedelta(days=3)
    escalation_of(store, beds, r.forum, mayor, "No budget for shelter places", today=sent_on).apply(store)
    [escalation] = store.all(Escalation)
    answer_escalation(
        store,
        escalation.id,
        "The mayor's office funds the places.",
        MONDAY.date() - dt.timedelta(days=1),
        None,
    ).apply(store)
    # The round is held: it reviews the actions, hears the notice and the answer, tables the conflict. The beds
    # go ahead before the shelter opens, with the coordinator's reason; the police leave at 10:40.
    stand_on(MONDAY.date(), dt.time(10))
    start_meeting(store, r.meeting.id).apply(store)
    record_update(
        store,
        beds.id,
        r.meeting.id,
        "Four found.",
        new_status=ActionStatus.IN_PROGRESS,
        today=MONDAY.date(),
        override_reason="Rough sleepers cannot wait for the shelter.",
    ).apply(store)
    police_line = next(x for x in roll(store, r.meeting.id) if x.representative_id == r.ana.id)
    set_attendance(store, replace(police_line, left_at=dt.time(10, 40))).apply(store)
    stand_on(MONDAY.date(), dt.time(10, 20))
    positions = {r.police.id: (Stance.BLOCK, "Not before the patrols"), r.housing.id: (Stance.AGREE, "")}
    record_decision(
        store, r.drop_in.id, "Open the drop-in until 22:00.", DecisionMethod.CONSENSUS, positions
    ).apply(store)
    late = AgendaItem(meeting_id=r.meeting.id, position=0, title="Keys of the drop-in")
    save_item(store, late).apply(store)
    stand_on(MONDAY.date(), dt.time(10, 50))
    record_decision(
        store,
        late.id,
        "Housing keeps the keys.",
        DecisionMethod.CONSENSUS,
        {r.housing.id: (Stance.AGREE, ""), r.police.id: (Stance.NOT_PRESENT, "")},
    ).apply(store)
    end_meeting(store, r.meeting.id).apply(store)
    circulate_minutes(
        store, r.meeting.id, [r.police.id, r.housing.id], MONDAY.date() + dt.timedelta(days=2)
    ).apply(store)
    stand_on(r.following.starts_at.date(), dt.time(10))
    start_meeting(store, r.following.id).apply(store)
    approve_minutes(store, r.meeting.id, r.following.id, r.following.starts_at.date()).apply(store)
    return Approved(r, path, beds, secret, notice, conflict, escalation, shelter, late)


def _edit_everything(a: Approved) -> None:
    store, r = a.store, a.round
    stand_on(r.following.starts_at.date() + dt.timedelta(days=3))
    now = store.get(Action, a.shelter.id)
    save_action(store, replace(now, title="RENAMED shelter", status=ActionStatus.DONE)).apply(store)
    for action in (a.action, a.secret):
        now = store.get(Action, action.id)
        save_action(store, replace(now, title=f"RENAMED {now.title}", status=ActionStatus.DONE)).apply(store)
    for partner in (r.police, r.housing, r.outreach, r.residents):
        save_partner(store, replace(store.get(Partner, partner.id), name=f"RENAMED {partner.name}")).apply(
            store
        )
    for person in (r.ana, r.dora, r.hugo):
        save_representative(
            store, replace(store.get(Representative, person.id), name=f"RENAMED {person.name}")
        ).apply(store)
    save_forum(store, replace(store.get(Forum, r.forum.id), name="RENAMED forum")).apply(store)
    give_notice(store, replace(store.get(Notice, a.notice.id), title="RENAMED notice")).apply(store)
    save_conflict(store, replace(store.get(Conflict, a.conflict.id), title="RENAMED conflict")).apply(store)
    # A meeting planned later changes no "next meeting" in the approved minutes either.
    edit, _meeting = new_meeting(store, r.forum.id, MONDAY + dt.timedelta(days=3), timezone=LONDON)
    edit.apply(store)


def test_approved_minutes_print_what_they_printed_after_every_record_they_name_changes(
    approved: Approved,
) -> None:
    store, r = approved.store, approved.round
    before = every_version(store, r)
    text = before["full/en"]
    for expected in (
        "Find six shelter places",
        SECRET,
        "Police operation in the underpass",
        "Complaint about searches",
    ):
        assert expected in text
    assert "The mayor's office funds the places." in text and "Four found." in text
    _edit_everything(approved)
    assert every_version(store, r) == before
    assert verify_minutes(store, r.meeting.id)
    # The minutes of the meeting that approved them, not approved themselves, show the records as they are now.
    assert "RENAMED" in build_minutes(store, r.following.id, Audience.full(), "en").text()


def test_approved_minutes_keep_what_the_decisions_rules_printed(approved: Approved) -> None:
    """What an action waits for, the override and its reason, a blocked consensus and a decision taken without
    quorum print from the snapshot: changing what they were judged from after approval changes nothing."""
    store, r = approved.store, approved.round
    before = every_version(store, r)
    full = before["full/en"].replace("\u00a0", " ")
    for expected in (
        "Waits for: Open the night shelter (Open)",
        "Went ahead before what they wait for was done:",
        "Reason: Rough sleepers cannot wait for the shelter.",
        "Consensus not reached: blocked by Police Service.",
        "Taken without quorum, at 10:50 AM.",
    ):
        assert expected in full, expected
    assert "Consensus not reached: blocked." in before["public/en"]  # the public is not told by whom
    # After approval: the shelter opens, the forum's quorum becomes one partner of any sector, the police
    # representative may no longer decide, the police are renamed.
    stand_on(r.following.starts_at.date() + dt.timedelta(days=3))
    shelter = store.get(Action, approved.shelter.id)
    save_action(store, replace(shelter, status=ActionStatus.DONE)).apply(store)
    forum = store.get(Forum, r.forum.id)
    save_forum(store, replace(forum, quorum=QuorumRule(1, frozenset()))).apply(store)
    ana = store.get(Representative, r.ana.id)
    save_representative(store, replace(ana, may_decide=False)).apply(store)
    save_partner(store, replace(store.get(Partner, r.police.id), name="RENAMED police")).apply(store)
    # Read live, the record would now say otherwise; the approved minutes do not.
    live = build_minutes(store, r.meeting.id, Audience.full(), "en", frozen=False).text()
    assert "Open the night shelter (Done)" in live and "Taken without quorum" not in live
    assert "blocked by RENAMED police" in live
    assert every_version(store, r) == before
    assert verify_minutes(store, r.meeting.id)


def test_the_snapshot_answers_every_question_of_every_audience_and_language(approved: Approved) -> None:
    store, r = approved.store, approved.round
    record = minutes_record(store, r.meeting.id)
    assert record is not None and record.status is MinutesStatus.APPROVED
    frozen = SnapshotStore(store, Snapshot.parse(record.approved_record))
    for audience in audiences(r).values():
        for language in DOCUMENT_LANGUAGES:
            build_minutes(frozen, r.meeting.id, audience, language, frozen=False)
    assert frozen.unasked == []


def test_the_leak_rule_holds_on_the_snapshot(approved: Approved) -> None:
    store, r = approved.store, approved.round
    _edit_everything(approved)
    versions = every_version(store, r)
    for name, text in versions.items():
        shows_secret = name.startswith(("full/", f"{r.police.name}/"))
        assert (SECRET in text) is shows_secret, name
        if name.startswith("public/"):
            for word in ("Police operation", "Complaint about searches", "Ana Alvarez", "Find six shelter"):
                assert word not in text, name
    assert "1 confidential action was reviewed." in versions["partners/en"]


def test_the_snapshot_keeps_only_the_people_it_names_and_no_contact_details(approved: Approved) -> None:
    store, r = approved.store, approved.round
    save_representative(
        store, replace(store.get(Representative, r.ana.id), email="ana@police.example.org")
    ).apply(store)
    stranger = Representative(name="Nobody In These Minutes", partner_id=r.police.id, email="x@example.org")
    save_representative(store, stranger).apply(store)
    record = minutes_record(store, r.meeting.id)
    assert record is not None
    people = json.loads(record.approved_record)["records"]["representatives"]
    assert {p["name"] for p in people} >= {"Ana Alvarez", "Dora Dee", "Hugo Hill"}
    assert "Nobody In These Minutes" not in record.approved_record
    assert all(p["email"] == "" and p["phone"] == "" for p in people)


def test_any_change_to_the_snapshot_fails_verification(approved: Approved) -> None:
    store, r = approved.store, approved.round
    assert verify_minutes(store, r.meeting.id)
    store.close()
    conn = sqlite3.connect(approved.path)
    (snapshot,) = conn.execute(
        "SELECT approved_record FROM minutes_records WHERE meeting_id = ?", [r.meeting.id]
    ).fetchone()
    assert "Find six shelter places" in snapshot
    conn.execute(
        "UPDATE minutes_records SET approved_record = ? WHERE meeting_id = ?",
        [snapshot.replace("Find six shelter places", "Find sixty shelter places"), r.meeting.id],
    )
    conn.commit()
    conn.close()
    reopened = open_partnership(approved.path, read_only=True)
    try:
        assert verify_minutes(reopened, r.meeting.id) is False
    finally:
        reopened.close()
    conn = sqlite3.connect(approved.path)
    conn.execute(
        "UPDATE minutes_records SET approved_record = '{broken' WHERE meeting_id = ?", [r.meeting.id]
    )
    conn.commit()
    conn.close()
    reopened = open_partnership(approved.path, read_only=True)
    try:
        assert verify_minutes(reopened, r.meeting.id) is False
        with pytest.raises(DatabaseCorrupt, match="damaged"):
            build_minutes(reopened, r.meeting.id, Audience.partners(), "en")
    finally:
        reopened.close()
    approved.round = replace(
        approved.round, store=open_partnership(approved.path)
    )  # for the fixture to close


def test_erasing_a_person_takes_the_name_out_of_the_approved_minutes_with_a_note(approved: Approved) -> None:
    store, r = approved.store, approved.round
    assert "Hugo Hill" in build_minutes(store, r.meeting.id, Audience.full(), "en").text()
    erasure = plan_erasure(store, r.hugo.id, r.following.starts_at.date())
    assert r.meeting.id in erasure.approved_meetings
    erasure.edit.apply(store)
    text = build_minutes(store, r.meeting.id, Audience.full(), "en").text()
    assert "Hugo Hill" not in text
    assert erasure.label in text
    assert "Erasure of personal data" in text  # the correction, printed as a corrigendum
    record = minutes_record(store, r.meeting.id)
    assert record is not None and "Hugo Hill" not in record.approved_record
    assert verify_minutes(store, r.meeting.id)  # sealed again by the erasure


def test_minutes_approved_before_snapshots_get_theirs_when_the_file_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    stand_on(MONDAY.date() - dt.timedelta(days=7))
    store = open_partnership(path)
    r = build_round(store)
    beds = Action(forum_id=r.forum.id, title="Find six shelter places", owner_partner_id=r.housing.id)
    save_action(store, beds).apply(store)
    # As an older version approved them: the checksum of the meeting's record, and no snapshot.
    older = MinutesRecord(
        meeting_id=r.meeting.id,
        status=MinutesStatus.APPROVED,
        approved_on=r.following.starts_at.date(),
        approved_at_meeting_id=r.following.id,
        checksum=checksum(meeting_record(store, r.meeting.id)),
    )
    store.put(older)
    store.close()
    reading = open_partnership(path, read_only=True)
    try:
        assert verify_minutes(reading, r.meeting.id)  # read-only: as before, from the live record
        before = build_minutes(reading, r.meeting.id, Audience.full(), "en").text()
    finally:
        reading.close()
    store = open_partnership(path)
    try:
        record = minutes_record(store, r.meeting.id)
        assert record is not None and record.approved_record
        assert Snapshot.parse(record.approved_record).seal == SEALED_MEETING_RECORD
        assert record.checksum == older.checksum  # the checksum printed on paper copies still verifies
        assert verify_minutes(store, r.meeting.id)
        save_partner(store, replace(store.get(Partner, r.housing.id), name="RENAMED housing")).apply(store)
        assert build_minutes(store, r.meeting.id, Audience.full(), "en").text() == before
    finally:
        store.close()
