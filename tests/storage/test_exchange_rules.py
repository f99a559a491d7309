"""Merging copies under the rules main added after the exchange began: a position only from a partner present,
escalation by tier, prerequisites with overrides, sealed snapshots of approved minutes, erasure that reseals them,
meetings that fix what they carry when they start, the new kinds (stored files, the profile, overrides) and
street figures (one reading per place, no day counted twice, locked with approved minutes).

Each test makes two laptops' edits that are sound alone and break a rule together, exchanges them, and checks that
every laptop ends with the same partnership, the rule kept, and what gave way listed with the core's own words.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import replace

import pytest

from facilitator.actions import Action, ActionOverride, ActionReview, ActionStatus, save_action, set_status
from facilitator.approval import (
    Correction,
    MinutesRecord,
    MinutesStatus,
    approve_minutes,
    minutes_record,
    minutes_status,
    record_correction,
    verify_minutes,
)
from facilitator.audience import Audience
from facilitator.carried import carried
from facilitator.demo.leaflet import demo_logo
from facilitator.entities import Forum, Partner, Representative, Tier, new_id
from facilitator.errors import ValidationError
from facilitator.escalation import Escalation
from facilitator.figure_ops import (
    figures_of,
    reading_at,
    readings_of,
    record_figure,
    record_past_figure,
    save_figure,
)
from facilitator.figures import FigureReading, TrackedFigure
from facilitator.leaflets import Leaflet, add_logo
from facilitator.meeting_ops import (
    agenda,
    decision_of,
    meetings_of,
    new_meeting,
    record_decision,
    roll,
    save_notes,
    set_attendance,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
    Stance,
)
from facilitator.minutes import build_minutes
from facilitator.operations import save_forum, save_partner
from facilitator.personal_data import finish_erasure, plan_erasure
from facilitator.profile import Profile, partnership_profile, save_profile
from facilitator.snapshot import Snapshot
from facilitator.storage import Partnership
from facilitator.storage.exchange import conflicts
from facilitator.stored_files import StoredFile
from tests.builders import escalation_of
from tests.storage.exchange_helpers import broken_rules, send, settle, snapshot

DAY = dt.date(2026, 12, 7)


def _exchanged(laptops: dict[str, Partnership], *names: str) -> None:
    """Everyone named exchanges until they agree; they end the same and sound."""
    chosen = {n: laptops[n] for n in names or laptops}
    assert settle(chosen) <= 3
    first = snapshot(next(iter(chosen.values())))
    for laptop in chosen.values():
        assert snapshot(laptop) == first
        assert broken_rules(laptop) == []


def _reasons(laptop: Partnership) -> str:
    return json.dumps([c.reason for c in conflicts(laptop.db)], ensure_ascii=False)


def _forum(store: Partnership, tier: Tier) -> Forum:
    return next(f for f in sorted(store.all(Forum), key=lambda f: f.name) if f.tier is tier)


# --- a position only from a partner present ---------------------------------------------------------------------


def _undecided_with_a_partner_present(store: Partnership) -> tuple[Meeting, AgendaItem, Attendance]:
    """A held meeting whose minutes are still a draft, an item with no decision, and a partner present at it
    through one line of the roll only, holding no position on the meeting's other decisions."""
    for meeting in meetings_of(store):
        if (
            meeting.status is not MeetingStatus.HELD
            or minutes_status(store, meeting.id) is MinutesStatus.APPROVED
        ):
            continue
        items = agenda(store, meeting.id)
        undecided = [i for i in items if i.kind is ItemKind.DISCUSSION and not decision_of(store, i.id)]
        voiced = {p.partner_id for i in items for p in (decision_of(store, i.id) or (None, []))[1]}
        lines = roll(store, meeting.id)
        here = [line for line in lines if line.presence is Presence.PRESENT and line.partner_id not in voiced]
        single = [
            line
            for line in here
            if line.partner_id and sum(x.partner_id == line.partner_id for x in lines) == 1
        ]
        if undecided and single:
            return meeting, undecided[0], single[0]
    raise AssertionError("the demo has a held meeting with an undecided item and a partner present")


def test_a_position_from_a_partner_marked_absent_on_another_laptop_gives_way(
    laptops: dict[str, Partnership],
) -> None:
    """A records a partner's position on a decision; B marks that partner absent from the meeting. Together the
    partner would hold a position at a meeting it was not at: ``record_decision`` refuses that, so the merge does,
    in the same words."""
    a, b = laptops["a"], laptops["b"]
    _meeting, item, line = _undecided_with_a_partner_present(a)
    partner_id = line.partner_id
    assert partner_id is not None
    record_decision(
        a, item.id, "Agreed on A", DecisionMethod.CONSENSUS, {partner_id: (Stance.AGREE, "")}
    ).apply(a)
    set_attendance(b, replace(b.get(Attendance, line.id), presence=Presence.ABSENT)).apply(b)
    send(a, b)
    send(b, a)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        found = decision_of(laptop, item.id)
        assert found is not None and found[0].text == "Agreed on A"  # the decision itself stands
        assert [p.partner_id for p in found[1]] == []  # the position gave way
        assert laptop.get(Attendance, line.id).presence is Presence.ABSENT
        with pytest.raises(ValidationError) as refused:
            record_decision(
                laptop, item.id, "Again", DecisionMethod.CONSENSUS, {partner_id: (Stance.AGREE, "")}
            )
        assert refused.value.problem in _reasons(laptop)  # the core's own words


# --- escalation goes up ---------------------------------------------------------------------------------------


def test_an_escalation_that_would_go_sideways_after_a_merge_gives_way(
    laptops: dict[str, Partnership],
) -> None:
    """A escalates an item of the street-level round to the strategic forum; B makes that forum a street-level
    one. Together the escalation would go sideways, which ``escalate`` refuses: it gives way, in its words."""
    a, b = laptops["a"], laptops["b"]
    street, strategic = _forum(a, Tier.OPERATIONAL), _forum(a, Tier.STRATEGIC)
    planned = next(m for m in meetings_of(a, street.id) if m.status is MeetingStatus.PLANNED)
    item = next(i for i in agenda(a, planned.id) if i.kind is ItemKind.DISCUSSION or i.title)
    escalation_of(a, item, street, strategic, "Needs the mayor's decision", today=DAY).apply(a)
    save_forum(b, replace(b.get(Forum, strategic.id), tier=Tier.OPERATIONAL)).apply(b)
    send(a, b)
    send(b, a)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert laptop.get(Forum, strategic.id).tier is Tier.OPERATIONAL  # the forum's change stands
        assert not [e for e in laptop.all(Escalation) if e.subject_id == item.id]
        with pytest.raises(ValidationError) as refused:
            escalation_of(laptop, item, street, strategic, "Again", today=DAY)
        assert refused.value.problem in _reasons(laptop)


# --- prerequisites and overrides ------------------------------------------------------------------------------


def _waiting_pair(laptops: dict[str, Partnership]) -> tuple[Action, Action]:
    """An open action made to wait for one in progress, on every laptop."""
    a = laptops["a"]
    actions = sorted(a.all(Action), key=lambda x: x.id)
    prerequisite = next(x for x in actions if x.status is ActionStatus.IN_PROGRESS and not x.waits_for)
    waiting = next(x for x in actions if x.status is ActionStatus.OPEN and not x.waits_for)
    save_action(a, replace(waiting, waits_for=(prerequisite.id,))).apply(a)
    _exchanged(laptops)
    return a.get(Action, prerequisite.id), a.get(Action, waiting.id)


def test_an_action_started_while_its_prerequisite_was_dropped_elsewhere_gives_way(
    laptops: dict[str, Partnership], clock: object
) -> None:
    """A finishes the prerequisite and starts the action waiting for it (no reason needed then); B, later, drops
    the prerequisite. Together the action would be under way before what it waits for is done, with no
    override saying why: the start gives way, in the words of ``set_status``."""
    a, b = laptops["a"], laptops["b"]
    prerequisite, waiting = _waiting_pair(laptops)
    set_status(a, [prerequisite.id], ActionStatus.DONE, DAY).edit.apply(a)
    set_status(a, [waiting.id], ActionStatus.IN_PROGRESS, DAY).edit.apply(a)
    clock.advance(minutes=5)  # type: ignore[attr-defined]
    set_status(b, [prerequisite.id], ActionStatus.DROPPED, DAY).edit.apply(b)
    send(a, b)
    send(b, a)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert laptop.get(Action, prerequisite.id).status is ActionStatus.DROPPED  # the later edit stands
        assert laptop.get(Action, waiting.id).status is ActionStatus.OPEN
        with pytest.raises(ValidationError) as refused:
            set_status(laptop, [waiting.id], ActionStatus.IN_PROGRESS, DAY)
        assert refused.value.problem in _reasons(laptop)


def test_an_action_started_with_the_coordinators_reason_travels_with_its_override(
    laptops: dict[str, Partnership],
) -> None:
    a, b = laptops["a"], laptops["b"]
    prerequisite, waiting = _waiting_pair(laptops)
    change = set_status(
        a, [waiting.id], ActionStatus.IN_PROGRESS, DAY, override_reason="Beds found elsewhere"
    )
    change.edit.apply(a)
    send(a, b)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert laptop.get(Action, waiting.id).status is ActionStatus.IN_PROGRESS
        (override,) = laptop.where(ActionOverride, {"action_id": waiting.id})
        assert (override.reason, override.waiting_for) == ("Beds found elsewhere", (prerequisite.id,))
        assert not [c for c in conflicts(laptop.db) if c.record_id == waiting.id]


# --- approved minutes: a sealed snapshot --------------------------------------------------------------------------


def _circulated_with_next(store: Partnership) -> tuple[Meeting, Meeting]:
    for forum in sorted(store.all(Forum), key=lambda f: f.id):
        for earlier, later in itertools.pairwise(meetings_of(store, forum.id)):
            if minutes_status(store, earlier.id) is MinutesStatus.CIRCULATED and any(
                i.kind is ItemKind.MINUTES for i in agenda(store, later.id)
            ):
                return earlier, later
    raise AssertionError("the demo has circulated minutes and a later meeting to approve them")


def _printed(store: Partnership, meeting_id: str) -> str:
    return build_minutes(store, meeting_id, Audience.full(), "en").text()


def test_a_merge_never_changes_the_sealed_snapshot_of_approved_minutes(
    laptops: dict[str, Partnership], clock: object
) -> None:
    """A approves minutes. B, before hearing of it, renames a partner the minutes print, adds notes to the
    meeting and approves the same minutes itself, later. The minutes approved first stay approved as sealed:
    the same snapshot and checksum on every laptop, printing what A approved; B's approval and notes are
    listed, and the rename stands in the live partnership only."""
    a, b = laptops["a"], laptops["b"]
    meeting, later = _circulated_with_next(a)
    approve_minutes(a, meeting.id, later.id, DAY).apply(a)
    sealed = minutes_record(a, meeting.id)
    assert sealed is not None and sealed.approved_record
    printed = _printed(a, meeting.id)
    attending = next(line.partner_id for line in roll(b, meeting.id) if line.partner_id)
    partner = b.get(Partner, attending or "")
    assert partner.name in printed
    clock.advance(minutes=10)  # type: ignore[attr-defined]
    save_partner(b, replace(partner, name="Renamed on B")).apply(b)
    item = next(i for i in agenda(b, meeting.id) if i.kind is ItemKind.DISCUSSION)
    save_notes(b, item.id, "Notes added on B").apply(b)
    approve_minutes(b, meeting.id, later.id, DAY).apply(b)
    assert minutes_record(b, meeting.id).approved_record != sealed.approved_record  # type: ignore[union-attr]
    send(b, a)
    send(a, b)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        kept = minutes_record(laptop, meeting.id)
        assert kept is not None
        assert (kept.approved_record, kept.checksum) == (sealed.approved_record, sealed.checksum)
        assert verify_minutes(laptop, meeting.id)
        assert _printed(laptop, meeting.id) == printed
        assert (
            laptop.get(Partner, partner.id).name == "Renamed on B"
        )  # the live record changed; not the minutes
        assert "Notes added on B" not in laptop.get(AgendaItem, item.id).notes
        assert "Notes added on B" in json.dumps([c.others for c in conflicts(laptop.db)], ensure_ascii=False)
        minutes_items = [i for i in agenda(laptop, later.id) if i.kind is ItemKind.MINUTES]
        assert decision_of(laptop, minutes_items[0].id) is not None  # one approval decision, not two


def test_the_approval_lock_covers_the_snapshot_itself(laptops: dict[str, Partnership]) -> None:
    """``merging.LOCKS``: approving minutes freezes their own record (snapshot, checksum, status) with the
    meeting's, so that a merge takes an approval whole or not at all."""
    from facilitator.merging import locked_by

    a = laptops["a"]
    meeting, later = _circulated_with_next(a)
    approve_minutes(a, meeting.id, later.id, DAY).apply(a)
    record = minutes_record(a, meeting.id)
    assert record is not None
    frozen = locked_by(a, record)
    assert record in frozen and a.get(Meeting, meeting.id) in frozen
    assert {type(r) for r in frozen} >= {MinutesRecord, Meeting, AgendaItem, Attendance}


# --- erasure reseals snapshots on every laptop ------------------------------------------------------------------


def _named_in_approved_minutes(store: Partnership) -> Representative:
    """A person an approved snapshot names who also appears in the circulated minutes' snapshot-to-be."""
    meeting, _later = _circulated_with_next(store)
    present = {line.representative_id for line in roll(store, meeting.id) if line.representative_id}
    for record in store.where(MinutesRecord, {"status": MinutesStatus.APPROVED.value}):
        people = Snapshot.parse(record.approved_record).records.get(Representative, {})
        for person_id in sorted(set(people) & present):
            return store.get(Representative, person_id)
    raise AssertionError("the demo's approved minutes name a person at the circulated meeting")


def test_an_erasure_heard_of_rewrites_and_reseals_approved_minutes_as_the_core_does(
    laptops: dict[str, Partnership],
) -> None:
    """B approves minutes naming a person while A erases that person. When B hears of the erasure, its own new
    snapshot is rewritten and sealed again by the core's erasure, exactly as on a laptop that did both itself
    (C); every approved minutes still verify, and each carries one erasure note, not one per laptop."""
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    person = _named_in_approved_minutes(a)
    meeting, later = _circulated_with_next(a)
    for laptop in (b, c):
        approve_minutes(laptop, meeting.id, later.id, DAY).apply(laptop)
    erasure = plan_erasure(a, person.id)
    erasure.edit.apply(a)
    finish_erasure(a, erasure)
    reference = plan_erasure(c, person.id)  # C does both itself: the core's erasure, no exchange
    assert reference.label == erasure.label
    reference.edit.apply(c)
    finish_erasure(c, reference)
    expected = minutes_record(c, meeting.id)
    assert expected is not None and person.name not in expected.approved_record.split('"approved_record"')[0]
    send(a, b)
    resealed = minutes_record(b, meeting.id)
    assert resealed is not None
    assert (resealed.approved_record, resealed.checksum) == (expected.approved_record, expected.checksum)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert laptop.get(Representative, person.id).name == erasure.label
        assert person.name not in snapshot(laptop)
        for record in laptop.where(MinutesRecord, {"status": MinutesStatus.APPROVED.value}):
            assert verify_minutes(laptop, record.meeting_id)
            people = Snapshot.parse(record.approved_record).records.get(Representative, {})
            if person.id in people:
                assert people[person.id].name == erasure.label  # type: ignore[attr-defined]
                notes = [n for n in laptop.where(Correction, {"meeting_id": record.meeting_id})]
                assert sum(erasure.label in n.text for n in notes) == 1


def _present_at(store: Partnership, meeting_id: str) -> Representative:
    """A person present at the meeting (the minutes name them)."""
    return next(
        store.get(Representative, line.representative_id)
        for line in roll(store, meeting_id)
        if line.representative_id and line.presence is Presence.PRESENT
    )


def test_approved_minutes_naming_an_erased_person_get_one_erasure_note_whichever_laptop_carries_it_out(
    laptops: dict[str, Partnership],
) -> None:
    """The meeting's own record in approved minutes keeps the name (the core never edits approved minutes) and
    gets an erasure note instead. The laptop that erased made it; a laptop hearing of the erasure finds the same
    name there and must not add a second note."""
    a, b = laptops["a"], laptops["b"]
    meeting, later = _circulated_with_next(a)
    person = _present_at(a, meeting.id)
    item = next(i for i in agenda(a, meeting.id) if i.kind is ItemKind.DISCUSSION)
    save_notes(a, item.id, f"{person.name} will report back next time.").apply(a)
    approve_minutes(a, meeting.id, later.id, DAY).apply(a)
    _exchanged(laptops, "a", "b")
    erasure = plan_erasure(a, person.id)
    assert meeting.id in erasure.approved_meetings
    erasure.edit.apply(a)
    finish_erasure(a, erasure)
    send(a, b)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert person.name in laptop.get(AgendaItem, item.id).notes  # kept as approved
        notes = laptop.where(Correction, {"meeting_id": meeting.id})
        assert sum(erasure.label in n.text for n in notes) == 1
        assert verify_minutes(laptop, meeting.id)


def test_a_correction_of_approved_minutes_naming_an_erased_person_ends_the_same_on_every_laptop(
    laptops: dict[str, Partnership],
) -> None:
    """A correction of approved minutes names a person; A erases the person. The core keeps the correction as
    it is on A (approved minutes are not edited; an erasure note is added), so the replicated document must
    keep it too: scrubbed only there, A's record would never follow while B builds its record from the
    document, and the two copies would never agree (issue 20's three-laptop failure, in two steps). B, carrying
    the erasure out when it hears of it, replaces the mention as it merges, and that travels back to A."""
    a, b = laptops["a"], laptops["b"]
    meeting, later = _circulated_with_next(a)
    person = _present_at(a, meeting.id)
    approve_minutes(a, meeting.id, later.id, DAY).apply(a)
    record_correction(a, meeting.id, f"{person.name} was present, not absent.", DAY).apply(a)
    _exchanged(laptops, "a", "b")
    erasure = plan_erasure(a, person.id)
    erasure.edit.apply(a)
    finish_erasure(a, erasure)
    assert any(person.name in c.text for c in a.where(Correction, {"meeting_id": meeting.id}))  # kept on A
    send(a, b)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert laptop.get(Representative, person.id).name == erasure.label
        notes = laptop.where(Correction, {"meeting_id": meeting.id})
        assert sum(erasure.label in n.text for n in notes) >= 1
        assert verify_minutes(laptop, meeting.id)


# --- meetings fix what they carry when they start -------------------------------------------------------------


def test_laptops_starting_and_planning_meetings_end_the_same(
    laptops: dict[str, Partnership], clock: object
) -> None:
    """A starts the next street-level meeting (what it carries is fixed then); B, not knowing, finishes an
    action that meeting reviews and plans a new meeting. Both end the same: the started meeting keeps what it
    carried when A started it, the new one derives what it carries and stores none of it."""
    a, b = laptops["a"], laptops["b"]
    street = _forum(a, Tier.OPERATIONAL)
    meeting = next(m for m in meetings_of(a, street.id) if m.status is MeetingStatus.PLANNED)
    reviewed = carried(a, meeting).actions
    assert reviewed and not a.where(ActionReview, {"meeting_id": meeting.id})  # derived until it starts
    start_meeting(a, meeting.id, dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)).apply(a)
    fixed = carried(a, meeting)
    action = b.get(Action, reviewed[0].action_id)
    if action.status is not ActionStatus.DONE:
        set_status(
            b, [action.id], ActionStatus.DONE, DAY, override_reason="Done, whatever it waited for"
        ).edit.apply(b)
    edit, planned = new_meeting(b, street.id, dt.datetime(2027, 2, 1, 10, 0), timezone="Europe/London")
    edit.apply(b)
    send(a, b)
    send(b, a)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        now = carried(laptop, meeting)
        assert now.fixed and [r.id for r in now.records] == [r.id for r in fixed.records]
        assert laptop.get(Meeting, meeting.id).status is MeetingStatus.IN_PROGRESS
        assert laptop.get(Meeting, planned.id).status is MeetingStatus.PLANNED
        assert not laptop.where(ActionReview, {"meeting_id": planned.id})


def test_two_laptops_starting_the_same_meeting_fix_it_once(
    laptops: dict[str, Partnership], clock: object
) -> None:
    """Both laptops start the same meeting: what it carries has the same ids on both (derived from the meeting
    and the subject), so it is written once; the later start moment stands and the other is listed."""
    a, b = laptops["a"], laptops["b"]
    street = _forum(a, Tier.OPERATIONAL)
    meeting = next(m for m in meetings_of(a, street.id) if m.status is MeetingStatus.PLANNED)
    start_meeting(a, meeting.id, dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)).apply(a)
    clock.advance(minutes=3)  # type: ignore[attr-defined]
    start_meeting(b, meeting.id, dt.datetime(2026, 12, 7, 10, 3, tzinfo=dt.UTC)).apply(b)
    written = sorted(r.id for r in b.where(ActionReview, {"meeting_id": meeting.id}))
    send(a, b)
    send(b, a)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert sorted(r.id for r in laptop.where(ActionReview, {"meeting_id": meeting.id})) == written
        assert laptop.get(Meeting, meeting.id).started_at == dt.datetime(2026, 12, 7, 10, 3, tzinfo=dt.UTC)
        fields = {c.field for c in conflicts(laptop.db)}
        assert "started_at" in fields and "created" not in fields  # when a record was made is no conflict


# --- kinds main added travel ------------------------------------------------------------------------------------


def test_a_stored_logo_the_profile_and_an_override_travel(laptops: dict[str, Partnership]) -> None:
    a, b = laptops["a"], laptops["b"]
    (leaflet,) = a.all(Leaflet)
    logo = demo_logo(120, 40)
    add_logo(a, leaflet, "residents-group.png", logo).apply(a)
    save_profile(a, replace(partnership_profile(a), region="NL")).apply(a)
    send(a, b)
    carried_logo = b.get(Leaflet, leaflet.id).logo_ids
    assert (
        carried_logo == a.get(Leaflet, leaflet.id).logo_ids and len(carried_logo) == len(leaflet.logo_ids) + 1
    )
    stored = b.get(StoredFile, carried_logo[-1])
    assert (stored.name, stored.content) == ("residents-group.png", logo)
    assert partnership_profile(b).region == "NL"
    assert snapshot(a) == snapshot(b)


def test_two_laptops_each_making_the_partnerships_profile_end_with_one(
    laptops: dict[str, Partnership], clock: object
) -> None:
    a, b = laptops["a"], laptops["b"]
    a.discard(Profile, partnership_profile(a).id)
    _exchanged(laptops, "a", "b")
    assert b.all(Profile) == []
    save_profile(a, Profile(region="GB")).apply(a)
    clock.advance(minutes=1)  # type: ignore[attr-defined]
    save_profile(b, Profile(region="FR")).apply(b)
    send(a, b)
    send(b, a)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert [p.region for p in laptop.all(Profile)] == ["GB"]  # the one made first
        assert "the partnership holds one" in _reasons(laptop)


# --- street figures ------------------------------------------------------------------------------------------


def _figure_to_report(store: Partnership) -> tuple[TrackedFigure, Meeting]:
    """A figure and a meeting of its forum, minutes not approved, where it is not reported yet and can be."""
    for figure in figures_of(store):
        for meeting in meetings_of(store, figure.forum_id):
            if (
                meeting.status is MeetingStatus.CANCELLED
                or minutes_status(store, meeting.id) is MinutesStatus.APPROVED
                or reading_at(store, meeting.id, figure.id) is not None
            ):
                continue
            try:
                record_figure(store, meeting.id, figure.id, 1.0)
            except ValidationError:
                continue
            return figure, meeting
    raise AssertionError("the demo has a figure a meeting can still report")


def test_a_figure_reported_at_the_same_meeting_on_two_laptops_is_kept_once(
    laptops: dict[str, Partnership], clock: object
) -> None:
    """A and B each enter the same figure at the same meeting (two readings, one place): the reading entered
    first keeps it on every laptop, the other is listed."""
    a, b = laptops["a"], laptops["b"]
    figure, meeting = _figure_to_report(a)
    record_figure(a, meeting.id, figure.id, 12.0).apply(a)
    clock.advance(minutes=2)  # type: ignore[attr-defined]
    record_figure(b, meeting.id, figure.id, 30.0).apply(b)
    send(b, a)
    send(a, b)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        kept = reading_at(laptop, meeting.id, figure.id)
        assert kept is not None and kept.value == 12.0
        assert len([r for r in readings_of(laptop, figure.id) if r.meeting_id == meeting.id]) == 1
        assert "already holds this place" in _reasons(laptop)


@pytest.mark.parametrize("merges_first", ["a", "b"])
def test_past_figures_counting_the_same_days_on_two_laptops_never_stay_both(
    laptops: dict[str, Partnership], clock: object, merges_first: str
) -> None:
    """A enters January from the partner's records, B the second half of January and February: sound alone,
    together they count days twice. A's, entered first, stands on every laptop (``rules.PLACE_RIVALS``,
    whichever laptop merges first); B's gives way with ``record_figure``'s words and is listed."""
    a, b = laptops["a"], laptops["b"]
    figure = figures_of(a)[0]
    before = {r.id for r in readings_of(a, figure.id)}
    record_past_figure(a, figure.id, (dt.date(2019, 1, 1), dt.date(2019, 1, 31)), 5.0).apply(a)
    clock.advance(minutes=2)  # type: ignore[attr-defined]
    record_past_figure(b, figure.id, (dt.date(2019, 1, 15), dt.date(2019, 2, 28)), 7.0).apply(b)
    other = "b" if merges_first == "a" else "a"
    send(laptops[other], laptops[merges_first])
    send(laptops[merges_first], laptops[other])
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        new = [r for r in readings_of(laptop, figure.id) if r.id not in before]
        # The reading entered first, never both.
        assert [(r.covers_from, r.value) for r in new] == [(dt.date(2019, 1, 1), 5.0)]
        assert "already counted" in _reasons(laptop)


def test_figures_reported_at_a_meeting_approved_elsewhere_stay_as_approved(
    laptops: dict[str, Partnership], clock: object
) -> None:
    """A approves minutes; B, before hearing of it, enters a figure at that meeting. The approved meeting's
    figures stand as approved on every laptop and the minutes still verify."""
    a, b = laptops["a"], laptops["b"]
    meeting, later = _circulated_with_next(a)
    figure = next((f for f in figures_of(a) if f.forum_id == meeting.forum_id), None)
    if figure is None:  # the demo's circulated minutes are of a forum without figures: give it one
        figure = replace(figures_of(a)[0], id=new_id(), forum_id=meeting.forum_id, common="", name="Bins")
        save_figure(a, figure).apply(a)
        send(a, b)
    was = {r.id: r.value for r in a.where(FigureReading, {"meeting_id": meeting.id})}
    approve_minutes(a, meeting.id, later.id, DAY).apply(a)
    clock.advance(minutes=10)  # type: ignore[attr-defined]
    record_figure(b, meeting.id, figure.id, 99.0).apply(b)
    send(b, a)
    send(a, b)
    _exchanged(laptops, "a", "b")
    for laptop in (a, b):
        assert {r.id: r.value for r in laptop.where(FigureReading, {"meeting_id": meeting.id})} == was
        assert verify_minutes(laptop, meeting.id)
