"""Operations on meetings against an in-memory store: each one an edit whose undo restores the exact state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import clock as app_clock
from facilitator.actions import Action, ActionStatus, record_update, save_action, set_status
from facilitator.approval import (
    MinutesStatus,
    approve_minutes,
    circulate_minutes,
    minutes_status,
    record_correction,
)
from facilitator.conflicts import Conflict, ConflictStage, move_conflict, raise_conflict, save_conflict
from facilitator.content_translation import set_translation, translatable_texts
from facilitator.entities import (
    AnyRecord,
    Cadence,
    Forum,
    Membership,
    Partner,
    QuorumRule,
    Representative,
    Sector,
    Tier,
)
from facilitator.errors import KnownError, NotFound, ValidationError
from facilitator.escalation import Escalation, answer_escalation, close_escalation, escalate
from facilitator.figure_ops import (
    agree_target,
    archive_figure,
    move_figure,
    readings_of,
    record_figure,
    record_past_figure,
    remove_reading,
    save_figure,
    withdraw_target,
)
from facilitator.figures import COMMON_FIGURES, FigureReading, FigureTarget, TrackedFigure
from facilitator.leaflets import add_logo, leaflet_for, save_leaflet
from facilitator.meeting_ops import (
    agenda,
    ask_to_speak,
    cancel_meeting,
    copy_usual_agenda,
    current_item,
    decision_of,
    end_meeting,
    give_floor,
    meetings_of,
    move_item,
    move_meeting,
    move_usual_item,
    new_meeting,
    plan_meetings,
    planned_minutes,
    record_decision,
    remove_decision,
    remove_from_roll,
    remove_item,
    remove_usual_item,
    roll,
    save_item,
    save_meeting,
    save_notes,
    save_usual_item,
    set_attendance,
    start_item,
    start_meeting,
    usual_agenda,
    withdraw_turn,
)
from facilitator.meetings import (
    LEGACY_CLOSING_ITEMS,
    LEGACY_STANDING_ITEMS,
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
from facilitator.notices import Notice, NoticeStatus, ResponseKind, give_notice, respond, set_notice_status
from facilitator.operations import (
    Edit,
    archive_forum,
    archive_partner,
    archive_representative,
    check_guards,
    remove_membership,
    save_forum,
    save_partner,
    save_representative,
    set_membership,
)
from facilitator.papers import Paper, attach_paper, remove_paper
from facilitator.personal_data import plan_erasure, plan_retention
from facilitator.profile import partnership_profile, save_profile
from tests.core.fakes import MemoryStore

LONG_AGO = dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC)
LONDON = "Europe/London"
MONDAY = dt.datetime(2025, 6, 2, 10, 0)
T0 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in London in June


def _stamped(record):  # type: ignore[no-untyped-def]
    return replace(record, created=LONG_AGO, updated=LONG_AGO)


@dataclass
class Partnership:
    """A small partnership: one forum with five seats (one partner archived, one seat with nobody named)."""

    forum: Forum
    police: Partner
    housing: Partner
    outreach: Partner
    residents: Partner
    clinic: Partner
    ana: Representative  # police, may decide, main representative
    ben: Representative  # police, junior
    cai: Representative  # police, may decide
    dora: Representative  # housing, may decide, main representative
    eli: Representative  # outreach, may not decide, main representative
    rita: Representative  # residents, no main representative on the forum
    olga: Representative  # the archived clinic's main representative
    usual: list[UsualItem]


def build_partnership(store: MemoryStore) -> Partnership:
    """Put a partnership in ``store`` and return its records."""
    forum = _stamped(
        Forum(
            name="Station Quarter Group",
            cadence=Cadence.WEEKLY,
            usual_weekday=0,
            usual_time=dt.time(10, 0),
            usual_duration_minutes=90,
            usual_venue="Community centre",
            quorum=QuorumRule(2, frozenset({Sector.POLICE})),
        )
    )
    police = _stamped(Partner(name="Police Service", short_name="Police", sector=Sector.POLICE))
    housing = _stamped(Partner(name="Housing Association", sector=Sector.HOUSING))
    outreach = _stamped(Partner(name="Outreach Team", sector=Sector.OUTREACH))
    residents = _stamped(Partner(name="Residents' Forum", sector=Sector.COMMUNITY))
    clinic = _stamped(Partner(name="Old Clinic", sector=Sector.DRUG_TREATMENT, archived=True))
    ana = _stamped(Representative(name="Ana", partner_id=police.id, may_decide=True))
    ben = _stamped(Representative(name="Ben", partner_id=police.id))
    cai = _stamped(Representative(name="Cai", partner_id=police.id, may_decide=True))
    dora = _stamped(Representative(name="Dora", partner_id=housing.id, may_decide=True))
    eli = _stamped(Representative(name="Eli", partner_id=outreach.id))
    rita = _stamped(Representative(name="Rita", partner_id=residents.id, may_decide=True))
    olga = _stamped(Representative(name="Olga", partner_id=clinic.id, may_decide=True))
    seats = [
        Membership(
            forum_id=forum.id, partner_id=police.id, main_representative_id=ana.id, substitute_ids=(ben.id,)
        ),
        Membership(forum_id=forum.id, partner_id=housing.id, main_representative_id=dora.id),
        Membership(forum_id=forum.id, partner_id=outreach.id, main_representative_id=eli.id),
        Membership(forum_id=forum.id, partner_id=residents.id),
        Membership(forum_id=forum.id, partner_id=clinic.id, main_representative_id=olga.id),
    ]
    usual = [
        UsualItem(
            forum_id=forum.id,
            position=0,
            title="Street situation",
            kind=ItemKind.DISCUSSION,
            minutes_allowed=20,
            presenter_partner_id=outreach.id,
            confidentiality=Confidentiality.PUBLIC,
        ),
        UsualItem(
            forum_id=forum.id,
            position=1,
            title="Planned operations",
            kind=ItemKind.DECISION,
            minutes_allowed=15,
            presenter_partner_id=police.id,
            confidentiality=Confidentiality.RESTRICTED,
            restricted_to=(police.id, housing.id),
        ),
    ]
    # The forum's usual agenda holds its standing items around its own ones, as an upgraded file has them.
    standing = [
        UsualItem(forum_id=forum.id, position=0, title="", kind=kind, minutes_allowed=minutes)
        for kind, minutes in LEGACY_STANDING_ITEMS
    ]
    closing = [
        UsualItem(forum_id=forum.id, position=0, title="", kind=kind, minutes_allowed=minutes)
        for kind, minutes in LEGACY_CLOSING_ITEMS
    ]
    whole = [replace(u, position=n) for n, u in enumerate([*standing, *usual, *closing])]
    usual = whole[len(standing) : len(standing) + len(usual)]
    for record in (forum, police, housing, outreach, residents, clinic, ana, ben, cai, dora, eli, rita, olga):
        store.put(record)
    for record in (*seats, *whole):
        store.put(_stamped(record))
    return Partnership(
        forum,
        police,
        housing,
        outreach,
        residents,
        clinic,
        ana,
        ben,
        cai,
        dora,
        eli,
        rita,
        olga,
        [_stamped(u) for u in usual],
    )


def state(store: MemoryStore) -> dict[type[AnyRecord], dict[str, AnyRecord]]:
    """Every record, except a meeting's calendar revision: that one only goes up, undo included, since calendars
    apply an update only when it does (``revisions``)."""
    snapshot = store.snapshot()
    if Meeting in snapshot:
        snapshot[Meeting] = {i: replace(m, sequence=0) for i, m in snapshot[Meeting].items()}  # type: ignore[type-var]
    return snapshot


def revisions(store: MemoryStore) -> dict[str, int]:
    """Each meeting's calendar revision."""
    return {m.id: m.sequence for m in store.all(Meeting, include_archived=True)}


def rose(before: dict[str, int], after: dict[str, int]) -> bool:
    """No meeting's calendar revision went down."""
    return all(after.get(i, n) >= n for i, n in before.items())


def check_undo(store: MemoryStore, edit: Edit) -> None:
    """Apply ``edit``; reverting must give back the exact state before, and re-applying the exact state after
    (calendar revisions apart, which only ever rise)."""
    before, first = state(store), revisions(store)
    changes = edit.apply(store)
    after, second = state(store), revisions(store)
    assert edit.revert(store) == changes
    assert state(store) == before
    third = revisions(store)
    assert edit.apply(store) == changes
    assert state(store) == after
    assert rose(first, second) and rose(second, third) and rose(third, revisions(store))


def make_meeting(store: MemoryStore, p: Partnership, when: dt.datetime = MONDAY) -> Meeting:
    edit, meeting = new_meeting(store, p.forum.id, when, timezone=LONDON)
    check_undo(store, edit)
    return meeting


@pytest.fixture
def p(store: MemoryStore) -> Partnership:
    return build_partnership(store)


@pytest.fixture
def meeting(store: MemoryStore, p: Partnership) -> Meeting:
    return make_meeting(store, p)


def _line(store: MemoryStore, meeting: Meeting, person: Representative) -> Attendance:
    (line,) = [a for a in roll(store, meeting.id) if a.representative_id == person.id]
    return line


# --- a new meeting ---------------------------------------------------------------------------------------------


def test_new_meeting_copies_the_forums_usual_agenda_standing_items_included(
    store: MemoryStore, p: Partnership, meeting: Meeting
) -> None:
    assert store.get(Meeting, meeting.id) == meeting
    assert meeting.starts_at == MONDAY
    assert meeting.timezone == LONDON
    assert meeting.duration_minutes == 90
    assert meeting.venue == "Community centre"
    assert meeting.kind is MeetingKind.REGULAR
    assert meeting.status is MeetingStatus.PLANNED
    items = agenda(store, meeting.id)
    assert [i.position for i in items] == list(range(len(items)))
    kinds = [i.kind for i in items]
    standing = [k for k, _m in LEGACY_STANDING_ITEMS]
    closing = [k for k, _m in LEGACY_CLOSING_ITEMS]
    assert kinds == [*standing, ItemKind.DISCUSSION, ItemKind.DECISION, *closing]
    assert kinds[0] is ItemKind.ATTENDANCE
    assert kinds[-1] is ItemKind.OTHER_BUSINESS
    for item, (kind, minutes) in zip(
        items, [*LEGACY_STANDING_ITEMS, (None, 0), (None, 0), *LEGACY_CLOSING_ITEMS], strict=True
    ):
        if kind is not None:
            assert (item.title, item.minutes_allowed) == ("", minutes)
            assert item.display_title == kind.label
    copied = items[len(LEGACY_STANDING_ITEMS) : len(LEGACY_STANDING_ITEMS) + 2]
    for item, usual in zip(copied, p.usual, strict=True):
        assert item.title == usual.title
        assert item.kind is usual.kind
        assert item.minutes_allowed == usual.minutes_allowed
        assert item.presenter_partner_id == usual.presenter_partner_id
        assert item.confidentiality is usual.confidentiality
        assert item.restricted_to == usual.restricted_to
        assert item.meeting_id == meeting.id
        assert item.id != usual.id
    assert planned_minutes(items) == sum(m for _k, m in LEGACY_STANDING_ITEMS + LEGACY_CLOSING_ITEMS) + 35


def test_new_meeting_follows_a_reordered_usual_agenda(store: MemoryStore, p: Partnership) -> None:
    check_undo(store, move_usual_item(store, p.usual[1].id, 0))
    assert [u.title for u in usual_agenda(store, p.forum.id) if u.title] == [
        "Planned operations",
        "Street situation",
    ]
    meeting = make_meeting(store, p)
    titles = [i.title for i in agenda(store, meeting.id) if i.title]
    assert titles == ["Planned operations", "Street situation"]


def test_roll_has_each_member_partners_main_representative(
    store: MemoryStore, p: Partnership, meeting: Meeting
) -> None:
    lines = roll(store, meeting.id)
    # The archived clinic and the residents' seat with nobody named are left out; substitutes are not called.
    assert sorted(line.representative_id for line in lines) == sorted([p.ana.id, p.dora.id, p.eli.id])
    for line in lines:
        person = store.get(Representative, line.representative_id)
        assert line.partner_id == person.partner_id
        assert line.presence is Presence.EXPECTED
        assert line.role is AttendeeRole.MEMBER
        assert line.meeting_id == meeting.id


def test_roll_leaves_out_archived_seats(store: MemoryStore, p: Partnership) -> None:
    (seat,) = [m for m in store.all(Membership) if m.partner_id == p.housing.id]
    store.put(replace(seat, archived=True))
    meeting = make_meeting(store, p)
    assert p.dora.id not in {line.representative_id for line in roll(store, meeting.id)}


def test_new_meeting_options_and_public_forum(store: MemoryStore, p: Partnership) -> None:
    edit, meeting = new_meeting(
        store,
        p.forum.id,
        dt.datetime(2025, 6, 4, 18, 30, 45, 12),
        timezone="Europe/Amsterdam",
        kind=MeetingKind.EXTRAORDINARY,
        duration_minutes=45,
        venue="Town hall",
    )
    check_undo(store, edit)
    assert meeting.starts_at == dt.datetime(2025, 6, 4, 18, 30)  # to the minute
    assert (meeting.kind, meeting.duration_minutes, meeting.venue) == (
        MeetingKind.EXTRAORDINARY,
        45,
        "Town hall",
    )
    public = _stamped(Forum(name="Residents' evening", tier=p.forum.tier.PUBLIC))
    store.put(public)
    _edit, open_meeting = new_meeting(store, public.id, MONDAY, timezone=LONDON)
    assert open_meeting.kind is MeetingKind.PUBLIC


def test_new_meeting_refuses_archived_forum_and_bad_times(store: MemoryStore, p: Partnership) -> None:
    with pytest.raises(ValidationError) as caught:
        new_meeting(store, p.forum.id, MONDAY.replace(tzinfo=dt.UTC), timezone=LONDON)
    assert caught.value.field == "starts_at"
    with pytest.raises(ValidationError) as caught:
        new_meeting(store, p.forum.id, MONDAY, timezone="Mars/Olympus")
    assert caught.value.field == "timezone"
    with pytest.raises(ValidationError) as caught:
        new_meeting(store, p.forum.id, MONDAY.replace(year=1900), timezone=LONDON)
    assert caught.value.field == "starts_at"
    store.put(replace(p.forum, archived=True))
    with pytest.raises(ValidationError) as caught:
        new_meeting(store, p.forum.id, MONDAY, timezone=LONDON)
    assert caught.value.field == "forum_id"
    with pytest.raises(NotFound):
        new_meeting(store, "no-such-forum", MONDAY, timezone=LONDON)
    assert store.all(Meeting) == []


# --- planning a series -----------------------------------------------------------------------------------------


def test_plan_meetings_makes_the_series_with_agendas_and_rolls(store: MemoryStore, p: Partnership) -> None:
    edit = plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 4, timezone=LONDON)
    check_undo(store, edit)
    meetings = meetings_of(store, p.forum.id)
    assert [m.starts_at for m in meetings] == [MONDAY + dt.timedelta(days=7 * i) for i in range(4)]
    per_meeting = len(LEGACY_STANDING_ITEMS) + len(p.usual) + len(LEGACY_CLOSING_ITEMS)
    for m in meetings:
        assert len(agenda(store, m.id)) == per_meeting
        assert len(roll(store, m.id)) == 3
    assert len(store.all(AgendaItem)) == 4 * per_meeting


def test_plan_meetings_skips_taken_times_and_is_idempotent(store: MemoryStore, p: Partnership) -> None:
    make_meeting(store, p, MONDAY + dt.timedelta(days=7))  # the second Monday already has its meeting
    edit = plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 3, timezone=LONDON)
    check_undo(store, edit)
    assert [m.starts_at for m in meetings_of(store, p.forum.id)] == [
        MONDAY + dt.timedelta(days=7 * i) for i in range(3)
    ]
    planned = state(store)
    again = plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 3, timezone=LONDON)
    assert again.steps == ()
    again.apply(store)
    assert state(store) == planned


def test_plan_meetings_of_as_needed_forum_is_refused(store: MemoryStore, p: Partnership) -> None:
    store.put(replace(p.forum, cadence=Cadence.AS_NEEDED))
    with pytest.raises(ValidationError):
        plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 3, timezone=LONDON)


def test_meetings_of_lists_one_forum_or_all(store: MemoryStore, p: Partnership) -> None:
    other = _stamped(Forum(name="Strategic Board", cadence=Cadence.MONTHLY))
    store.put(other)
    late = make_meeting(store, p, MONDAY + dt.timedelta(days=7))
    early = make_meeting(store, p)
    _edit, board = new_meeting(store, other.id, MONDAY + dt.timedelta(days=1), timezone=LONDON)
    _edit.apply(store)
    assert meetings_of(store, p.forum.id) == [early, late]
    assert meetings_of(store) == [early, board, late]


# --- moving and cancelling -------------------------------------------------------------------------------------


def test_moving_one_meeting_leaves_the_series_alone(store: MemoryStore, p: Partnership) -> None:
    plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 3, timezone=LONDON).apply(store)
    first, second, third = meetings_of(store, p.forum.id)
    edit = move_meeting(store, second.id, dt.datetime(2025, 6, 10, 14, 0, 30))
    check_undo(store, edit)
    assert store.get(Meeting, second.id).starts_at == dt.datetime(2025, 6, 10, 14, 0)
    assert store.get(Meeting, first.id) == first
    assert store.get(Meeting, third.id) == third
    assert len(agenda(store, second.id)) == len(agenda(store, first.id))


def test_started_or_held_meetings_do_not_move(store: MemoryStore, meeting: Meeting) -> None:
    start_meeting(store, meeting.id, T0).apply(store)
    with pytest.raises(ValidationError):
        move_meeting(store, meeting.id, MONDAY + dt.timedelta(days=1))
    end_meeting(store, meeting.id, T0 + dt.timedelta(hours=1)).apply(store)
    with pytest.raises(ValidationError):
        move_meeting(store, meeting.id, MONDAY + dt.timedelta(days=1))
    assert store.get(Meeting, meeting.id).starts_at == MONDAY


def test_move_meeting_validates_the_new_time(store: MemoryStore, meeting: Meeting) -> None:
    with pytest.raises(ValidationError):
        move_meeting(store, meeting.id, MONDAY.replace(tzinfo=dt.UTC))


def test_cancel_only_planned_meetings(store: MemoryStore, p: Partnership) -> None:
    plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 2, timezone=LONDON).apply(store)
    first, second = meetings_of(store, p.forum.id)
    edit = cancel_meeting(store, first.id, "  Bank holiday  ")
    check_undo(store, edit)
    cancelled = store.get(Meeting, first.id)
    assert cancelled.status is MeetingStatus.CANCELLED
    assert cancelled.cancelled_reason == "Bank holiday"
    assert store.get(Meeting, second.id) == second
    with pytest.raises(ValidationError):
        cancel_meeting(store, first.id)  # already cancelled
    with pytest.raises(ValidationError):
        start_meeting(store, first.id, T0)
    start_meeting(store, second.id, T0).apply(store)
    with pytest.raises(ValidationError):
        cancel_meeting(store, second.id)
    end_meeting(store, second.id, T0 + dt.timedelta(hours=1)).apply(store)
    with pytest.raises(ValidationError):
        cancel_meeting(store, second.id)


def test_save_meeting_keeps_created_and_validates(store: MemoryStore, meeting: Meeting) -> None:
    stored = store.get(Meeting, meeting.id)
    edit = save_meeting(
        store, replace(stored, venue="Police station", created=app_clock.now() + dt.timedelta(days=1))
    )
    check_undo(store, edit)
    assert store.get(Meeting, meeting.id).venue == "Police station"
    assert store.get(Meeting, meeting.id).created == stored.created
    with pytest.raises(ValidationError):
        save_meeting(store, replace(stored, duration_minutes=2))


def test_save_meeting_cannot_bypass_cancel_start_or_move_rules(store: MemoryStore, meeting: Meeting) -> None:
    start_meeting(store, meeting.id, T0).apply(store)
    end_meeting(store, meeting.id, T0 + dt.timedelta(hours=1)).apply(store)
    held = store.get(Meeting, meeting.id)
    with pytest.raises(ValidationError) as caught:
        save_meeting(store, replace(held, starts_at=held.starts_at + dt.timedelta(days=3)))
    assert caught.value.field == "starts_at"
    # A dialog's stale or edited copy cannot reset the status, the live clock or the forum.
    stale = replace(
        held,
        status=MeetingStatus.PLANNED,
        started_at=None,
        ended_at=None,
        forum_id="other",
        venue="Town hall",
    )
    check_undo(store, save_meeting(store, stale))
    saved = store.get(Meeting, meeting.id)
    assert saved.venue == "Town hall"
    assert (saved.status, saved.started_at, saved.ended_at, saved.forum_id) == (
        MeetingStatus.HELD,
        T0,
        T0 + dt.timedelta(hours=1),
        held.forum_id,
    )


def test_live_operations_refuse_a_naive_clock(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    naive = dt.datetime(2025, 6, 2, 10, 0)
    with pytest.raises(ValueError, match="aware"):
        start_meeting(store, meeting.id, naive)
    start_meeting(store, meeting.id, T0).apply(store)
    item = agenda(store, meeting.id)[1]
    with pytest.raises(ValueError, match="aware"):
        start_item(store, item.id, naive)
    with pytest.raises(ValueError, match="aware"):
        ask_to_speak(store, item.id, p.police.id, naive)
    with pytest.raises(ValueError, match="aware"):
        end_meeting(store, meeting.id, naive)


# --- the agenda ------------------------------------------------------------------------------------------------


def _positions(store: MemoryStore, meeting: Meeting) -> list[int]:
    return [i.position for i in agenda(store, meeting.id)]


def test_save_item_appends_at_the_end_and_edits_in_place(store: MemoryStore, meeting: Meeting) -> None:
    count = len(agenda(store, meeting.id))
    item = AgendaItem(meeting_id=meeting.id, position=0, title="Needle finds", minutes_allowed=7)
    edit = save_item(store, item)
    check_undo(store, edit)
    items = agenda(store, meeting.id)
    assert items[-1].id == item.id
    assert items[-1].position == count
    assert _positions(store, meeting) == list(range(count + 1))
    stored = store.get(AgendaItem, item.id)
    edit = save_item(store, replace(stored, title="Needle finds by the station", position=2))
    check_undo(store, edit)
    changed = store.get(AgendaItem, item.id)
    assert changed.title == "Needle finds by the station"
    assert changed.position == count  # editing never moves the item
    assert changed.created == stored.created


def test_editing_an_item_during_the_meeting_keeps_its_clock(store: MemoryStore, p: Partnership) -> None:
    meeting = make_meeting(store, p)
    other = make_meeting(store, p, MONDAY + dt.timedelta(days=7))
    stale = agenda(store, meeting.id)[0]  # as the agenda editor read it before the meeting started
    start_meeting(store, meeting.id, T0).apply(store)
    edit = save_item(store, replace(stale, title="Who is here", meeting_id=other.id, position=5))
    check_undo(store, edit)
    saved = store.get(AgendaItem, stale.id)
    assert saved.title == "Who is here"
    assert (saved.meeting_id, saved.position, saved.started_at, saved.ended_at) == (meeting.id, 0, T0, None)
    assert current_item(agenda(store, meeting.id)) == saved
    assert [i.position for i in agenda(store, other.id)] == list(range(len(agenda(store, other.id))))


def test_save_item_validates(store: MemoryStore, meeting: Meeting) -> None:
    for bad, field in [
        (AgendaItem(meeting_id=meeting.id, position=0, title="  "), "title"),
        (AgendaItem(meeting_id=meeting.id, position=0, title="x", minutes_allowed=481), "minutes_allowed"),
        (
            AgendaItem(
                meeting_id=meeting.id, position=0, title="x", confidentiality=Confidentiality.RESTRICTED
            ),
            "restricted_to",
        ),
        (AgendaItem(meeting_id=meeting.id, position=0, title="x", restricted_to=("p",)), "restricted_to"),
        (AgendaItem(meeting_id=meeting.id, position=0, title="a\x00b"), "title"),
    ]:
        with pytest.raises(ValidationError) as caught:
            save_item(store, bad)
        assert caught.value.field == field
    with pytest.raises(NotFound):
        save_item(store, AgendaItem(meeting_id="gone", position=0, title="x"))


@pytest.mark.parametrize("new_index", [-5, -1, 0, 1, 3, 7, 8, 9, 100])
def test_move_item_renumbers_for_every_index(store: MemoryStore, meeting: Meeting, new_index: int) -> None:
    items = agenda(store, meeting.id)
    moving = items[2]
    edit = move_item(store, moving.id, new_index)
    check_undo(store, edit)
    after = agenda(store, meeting.id)
    assert [i.position for i in after] == list(range(len(items)))
    expected = [i.id for i in items if i.id != moving.id]
    expected.insert(max(0, min(new_index, len(expected))), moving.id)
    assert [i.id for i in after] == expected
    # Only items whose position changed are in the edit.
    assert all(before.position != after_.position for before, after_ in edit.steps if before and after_)


def test_move_item_to_where_it_is_changes_nothing(store: MemoryStore, meeting: Meeting) -> None:
    item = agenda(store, meeting.id)[3]
    assert move_item(store, item.id, 3).steps == ()


def test_remove_item_renumbers_and_takes_its_queue(
    store: MemoryStore, p: Partnership, meeting: Meeting
) -> None:
    items = agenda(store, meeting.id)
    gone = items[1]
    ask_to_speak(store, gone.id, p.police.id, T0).apply(store)
    ask_to_speak(store, items[2].id, p.police.id, T0).apply(store)
    edit = remove_item(store, gone.id)
    check_undo(store, edit)
    after = agenda(store, meeting.id)
    assert [i.id for i in after] == [i.id for i in items if i.id != gone.id]
    assert [i.position for i in after] == list(range(len(items) - 1))
    assert store.where(SpeakerTurn, {"item_id": gone.id}) == []
    assert len(store.where(SpeakerTurn, {"item_id": items[2].id})) == 1


def test_remove_item_with_a_decision_is_refused(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    item = agenda(store, meeting.id)[-2]
    record_decision(store, item.id, "Close the alley", DecisionMethod.CONSENSUS, {}).apply(store)
    with pytest.raises(ValidationError):
        remove_item(store, item.id)
    remove_decision(store, item.id).apply(store)
    check_undo(store, remove_item(store, item.id))
    assert store.find(AgendaItem, item.id) is None


def test_usual_agenda_add_edit_move_remove(store: MemoryStore, p: Partnership) -> None:
    item = UsualItem(forum_id=p.forum.id, position=9, title="Youth work", kind=ItemKind.INFORMATION)
    check_undo(store, save_usual_item(store, item))
    titles = [u.title or u.kind.label for u in usual_agenda(store, p.forum.id)]
    # A new item goes before the closing "any other business".
    assert titles[-4:] == ["Street situation", "Planned operations", "Youth work", "Any other business"]
    assert store.get(UsualItem, item.id).position == len(titles) - 2
    check_undo(store, save_usual_item(store, replace(store.get(UsualItem, item.id), title="Youth services")))
    check_undo(store, move_usual_item(store, item.id, -3))
    assert next(u.title for u in usual_agenda(store, p.forum.id)) == "Youth services"
    check_undo(store, remove_usual_item(store, p.usual[0].id))
    own = [(u.title, u.position) for u in usual_agenda(store, p.forum.id) if u.title]
    assert own == [("Youth services", 0), ("Planned operations", len(LEGACY_STANDING_ITEMS) + 1)]
    with pytest.raises(NotFound):
        save_usual_item(store, UsualItem(forum_id="gone", position=0, title="x"))


# --- attendance ----------------------------------------------------------------------------------------------


def test_marking_presence_and_times(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    line = _line(store, meeting, p.ana)
    edit = set_attendance(
        store, replace(line, presence=Presence.PRESENT, arrived_at=dt.time(10, 12), left_at=dt.time(11, 0))
    )
    assert "Ana" in edit.text
    check_undo(store, edit)
    stored = store.get(Attendance, line.id)
    assert (stored.presence, stored.arrived_at, stored.left_at) == (
        Presence.PRESENT,
        dt.time(10, 12),
        dt.time(11),
    )
    assert stored.created == line.created
    with pytest.raises(ValidationError) as caught:
        set_attendance(store, replace(line, arrived_at=dt.time(11), left_at=dt.time(10)))
    assert caught.value.field == "left_at"


def test_substitute_for_a_colleague(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    ana = _line(store, meeting, p.ana)
    check_undo(store, set_attendance(store, replace(ana, presence=Presence.APOLOGIES)))
    ben = Attendance(
        meeting_id=meeting.id,
        partner_id=p.police.id,
        representative_id=p.ben.id,
        presence=Presence.SUBSTITUTE,
        substitute_for_id=p.ana.id,
    )
    check_undo(store, set_attendance(store, ben))
    assert store.get(Attendance, ben.id).substitute_for_id == p.ana.id


def test_attendance_refusals(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    def refused(line: Attendance, field: str) -> None:
        with pytest.raises(ValidationError) as caught:
            set_attendance(store, line)
        assert caught.value.field == field

    base = Attendance(meeting_id=meeting.id, partner_id=p.police.id, representative_id=p.ben.id)
    # Dora represents housing, not the police.
    refused(replace(base, representative_id=p.dora.id), "representative_id")
    # Ana is already on the roll; a second line for her is refused, on a new line or by changing another.
    refused(replace(base, representative_id=p.ana.id), "representative_id")
    refused(
        replace(_line(store, meeting, p.dora), partner_id=p.police.id, representative_id=p.ana.id),
        "representative_id",
    )
    # A substitute names the colleague, of the same partner; only a substitute names one.
    refused(replace(base, presence=Presence.SUBSTITUTE), "substitute_for_id")
    refused(replace(base, presence=Presence.SUBSTITUTE, substitute_for_id=p.dora.id), "substitute_for_id")
    refused(replace(base, presence=Presence.PRESENT, substitute_for_id=p.ana.id), "substitute_for_id")
    # A member line names partner and person; a guest needs a name.
    refused(replace(base, representative_id=None), "representative_id")
    refused(Attendance(meeting_id=meeting.id, role=AttendeeRole.GUEST, guest_name="  "), "guest_name")
    with pytest.raises(NotFound):
        set_attendance(store, replace(base, meeting_id="gone"))
    with pytest.raises(NotFound):
        set_attendance(store, replace(base, representative_id="nobody"))
    assert len(roll(store, meeting.id)) == 3


def test_substitute_cannot_stand_in_for_themselves(
    store: MemoryStore, p: Partnership, meeting: Meeting
) -> None:
    line = Attendance(
        meeting_id=meeting.id,
        partner_id=p.police.id,
        representative_id=p.ben.id,
        presence=Presence.SUBSTITUTE,
        substitute_for_id=p.ben.id,
    )
    with pytest.raises(ValidationError) as caught:
        set_attendance(store, line)
    assert caught.value.field == "substitute_for_id"


def test_guests_and_observers_and_removal(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    guest = Attendance(
        meeting_id=meeting.id,
        role=AttendeeRole.GUEST,
        guest_name="Dr Amal Haddad",
        guest_organisation="University",
        presence=Presence.PRESENT,
    )
    edit = set_attendance(store, guest)
    assert "Amal" in edit.text
    check_undo(store, edit)
    observer = Attendance(meeting_id=meeting.id, role=AttendeeRole.OBSERVER, guest_name="Press")
    check_undo(store, set_attendance(store, observer))
    assert len(roll(store, meeting.id)) == 5
    check_undo(store, remove_from_roll(store, guest.id))
    assert store.find(Attendance, guest.id) is None
    assert len(roll(store, meeting.id)) == 4


# --- decisions -----------------------------------------------------------------------------------------------


def _decision_item(store: MemoryStore, meeting: Meeting) -> AgendaItem:
    """The meeting's decision item, with everyone on the roll marked present (only they hold positions)."""
    for line in roll(store, meeting.id):
        set_attendance(store, replace(line, presence=Presence.PRESENT)).apply(store)
    (item,) = [i for i in agenda(store, meeting.id) if i.kind is ItemKind.DECISION]
    return item


def test_record_decision_keeps_one_position_per_partner(
    store: MemoryStore, p: Partnership, meeting: Meeting
) -> None:
    item = _decision_item(store, meeting)
    edit = record_decision(
        store,
        item.id,
        "  Close the underpass at night  ",
        DecisionMethod.VOTE,
        {
            p.police.id: (Stance.AGREE, ""),
            p.housing.id: (Stance.DISAGREE, " costs "),
            p.outreach.id: (Stance.ABSTAIN, ""),
        },
    )
    check_undo(store, edit)
    found = decision_of(store, item.id)
    assert found is not None
    decision, positions = found
    assert decision.text == "Close the underpass at night"
    assert decision.method is DecisionMethod.VOTE
    assert {pos.partner_id: (pos.stance, pos.reason) for pos in positions} == {
        p.police.id: (Stance.AGREE, ""),
        p.housing.id: (Stance.DISAGREE, "costs"),
        p.outreach.id: (Stance.ABSTAIN, ""),
    }
    assert all(pos.decision_id == decision.id for pos in positions)


def test_replacing_a_decision_keeps_ids_and_drops_removed_positions(
    store: MemoryStore, p: Partnership, meeting: Meeting
) -> None:
    item = _decision_item(store, meeting)
    record_decision(
        store,
        item.id,
        "First",
        DecisionMethod.VOTE,
        {
            p.police.id: (Stance.AGREE, ""),
            p.housing.id: (Stance.DISAGREE, ""),
            p.outreach.id: (Stance.BLOCK, ""),
        },
    ).apply(store)
    first = decision_of(store, item.id)
    assert first is not None
    old_ids = {pos.partner_id: pos.id for pos in first[1]}
    rita = Attendance(meeting_id=meeting.id, partner_id=p.residents.id, representative_id=p.rita.id)
    set_attendance(store, replace(rita, presence=Presence.PRESENT)).apply(store)  # she joins the meeting
    edit = record_decision(
        store,
        item.id,
        "Second",
        DecisionMethod.CONSENSUS,
        {
            p.police.id: (Stance.AGREE, ""),
            p.housing.id: (Stance.AGREE, "convinced"),
            p.residents.id: (Stance.AGREE, ""),
        },
    )
    check_undo(store, edit)
    second = decision_of(store, item.id)
    assert second is not None
    decision, positions = second
    assert decision.id == first[0].id
    assert decision.created == first[0].created
    assert (decision.text, decision.method) == ("Second", DecisionMethod.CONSENSUS)
    ids = {pos.partner_id: pos.id for pos in positions}
    assert set(ids) == {p.police.id, p.housing.id, p.residents.id}
    assert ids[p.police.id] == old_ids[p.police.id]
    assert ids[p.housing.id] == old_ids[p.housing.id]
    assert old_ids[p.outreach.id] not in {pos.id for pos in store.all(Position)}
    assert len(store.all(Decision)) == 1
    assert len(store.all(Position)) == 3


def test_decision_refusals_and_removal(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    item = _decision_item(store, meeting)
    with pytest.raises(ValidationError):
        record_decision(store, item.id, "  ", DecisionMethod.CONSENSUS, {})
    with pytest.raises(NotFound):
        record_decision(store, item.id, "x", DecisionMethod.VOTE, {"no-partner": (Stance.AGREE, "")})
    with pytest.raises(NotFound):
        remove_decision(store, item.id)
    # "No decision" may be recorded without text.
    check_undo(store, record_decision(store, item.id, "", DecisionMethod.NO_DECISION, {}))
    record_decision(store, item.id, "x", DecisionMethod.VOTE, {p.police.id: (Stance.AGREE, "")}).apply(store)
    edit = remove_decision(store, item.id)
    check_undo(store, edit)
    assert decision_of(store, item.id) is None
    assert store.all(Position) == []


# --- chairing live -------------------------------------------------------------------------------------------


def test_start_meeting_starts_its_clock_and_first_item(store: MemoryStore, meeting: Meeting) -> None:
    edit = start_meeting(store, meeting.id, T0)
    check_undo(store, edit)
    started = store.get(Meeting, meeting.id)
    assert (started.status, started.started_at, started.ended_at) == (MeetingStatus.IN_PROGRESS, T0, None)
    items = agenda(store, meeting.id)
    assert items[0].started_at == T0
    assert current_item(items) == items[0]
    with pytest.raises(ValidationError):
        start_meeting(store, meeting.id, T0)


def test_start_item_before_the_meeting_is_refused(store: MemoryStore, meeting: Meeting) -> None:
    with pytest.raises(ValidationError):
        start_item(store, agenda(store, meeting.id)[1].id, T0)
    with pytest.raises(ValidationError):
        end_meeting(store, meeting.id, T0)


def test_moving_between_items_and_resuming_keeps_time_spent(store: MemoryStore, meeting: Meeting) -> None:
    start_meeting(store, meeting.id, T0).apply(store)
    first, second, third = agenda(store, meeting.id)[:3]
    edit = start_item(store, second.id, T0 + dt.timedelta(minutes=4))
    check_undo(store, edit)
    assert store.get(AgendaItem, first.id).ended_at == T0 + dt.timedelta(minutes=4)
    assert current_item(agenda(store, meeting.id)).id == second.id  # type: ignore[union-attr]
    # Taking the item under way again changes nothing.
    assert start_item(store, second.id, T0 + dt.timedelta(minutes=5)).steps == ()
    start_item(store, third.id, T0 + dt.timedelta(minutes=10)).apply(store)
    # Back to the first item at 20 minutes: it already had 4 minutes, so its clock shows 4 minutes now.
    resume = T0 + dt.timedelta(minutes=20)
    check_undo(store, start_item(store, first.id, resume))
    resumed = store.get(AgendaItem, first.id)
    assert resumed.ended_at is None
    assert resume - resumed.started_at == dt.timedelta(minutes=4)  # type: ignore[operator]
    assert store.get(AgendaItem, third.id).ended_at == resume
    assert [i.id for i in agenda(store, meeting.id) if i.started_at and not i.ended_at] == [first.id]


def test_end_meeting_ends_the_running_item(store: MemoryStore, meeting: Meeting) -> None:
    start_meeting(store, meeting.id, T0).apply(store)
    end = T0 + dt.timedelta(minutes=75)
    edit = end_meeting(store, meeting.id, end)
    check_undo(store, edit)
    held = store.get(Meeting, meeting.id)
    assert (held.status, held.ended_at) == (MeetingStatus.HELD, end)
    assert agenda(store, meeting.id)[0].ended_at == end
    assert current_item(agenda(store, meeting.id)) is None
    with pytest.raises(ValidationError):
        end_meeting(store, meeting.id, end)


def test_notes_are_kept_and_validated(store: MemoryStore, meeting: Meeting) -> None:
    item = agenda(store, meeting.id)[2]
    check_undo(store, save_notes(store, item.id, "Three sites cleared.\nمتابعة"))
    assert store.get(AgendaItem, item.id).notes == "Three sites cleared.\nمتابعة"
    with pytest.raises(ValidationError):
        save_notes(store, item.id, "bell\x07")


def test_speakers_queue(store: MemoryStore, p: Partnership, meeting: Meeting) -> None:
    item = agenda(store, meeting.id)[3]
    edit = ask_to_speak(store, item.id, p.police.id, T0)
    assert "Police" in edit.text
    check_undo(store, edit)
    with pytest.raises(ValidationError) as caught:
        ask_to_speak(store, item.id, p.police.id, T0 + dt.timedelta(seconds=5))
    assert caught.value.field == "partner_id"
    check_undo(store, ask_to_speak(store, item.id, p.housing.id, T0))
    (turn,) = [t for t in store.where(SpeakerTurn, {"item_id": item.id}) if t.partner_id == p.police.id]
    check_undo(store, give_floor(store, turn.id, T0 + dt.timedelta(minutes=1)))
    assert store.get(SpeakerTurn, turn.id).spoke_at == T0 + dt.timedelta(minutes=1)
    # A turn is heard once: giving the floor again would rewrite when the partner spoke.
    with pytest.raises(ValidationError) as caught:
        give_floor(store, turn.id, T0 + dt.timedelta(minutes=30))
    assert caught.value.field == "spoke_at"
    assert store.get(SpeakerTurn, turn.id).spoke_at == T0 + dt.timedelta(minutes=1)
    # Once heard, a partner may ask again.
    check_undo(store, ask_to_speak(store, item.id, p.police.id, T0 + dt.timedelta(minutes=2)))
    (housing,) = [t for t in store.where(SpeakerTurn, {"item_id": item.id}) if t.partner_id == p.housing.id]
    check_undo(store, withdraw_turn(store, housing.id))
    assert store.find(SpeakerTurn, housing.id) is None
    with pytest.raises(NotFound):
        ask_to_speak(store, item.id, "no-partner", T0)


# --- undo over random sequences of operations --------------------------------------------------------------

REGISTER_OPERATIONS = [
    "give_notice",
    "edit_notice",
    "notice_status",
    "respond",
    "save_forum",
    "archive_forum",
    "save_partner",
    "archive_partner",
    "save_representative",
    "archive_representative",
    "seat",
    "unseat",
    "track_figure",
    "edit_figure",
    "archive_figure",
    "move_figure",
    "record_figure",
    "record_past_figure",
    "remove_reading",
    "agree_target",
    "withdraw_target",
    "save_leaflet",
    "add_logo",
    "edit_conflict",
    "correct",
    "translate",
    "attach_paper",
    "remove_paper",
    "save_profile",
    "copy_usual_agenda",
    "erase_person",
    "retention",
]

OPERATIONS = [
    "new_meeting",
    "plan",
    "move_meeting",
    "cancel",
    "save_meeting",
    "add_item",
    "edit_item",
    "remove_item",
    "move_item",
    "add_usual",
    "remove_usual",
    "move_usual",
    "attendance",
    "add_guest",
    "remove_line",
    "decide",
    "undecide",
    "start",
    "start_item",
    "end",
    "notes",
    "ask",
    "floor",
    "withdraw",
    # Actions, escalations, conflicts and approval: the rest of the core's operations a coordinator reaches.
    "new_action",
    "edit_action",
    "action_status",
    "action_update",
    "escalate",
    "answer",
    "close_escalation",
    "raise_conflict",
    "move_conflict",
    "circulate",
    "approve",
    # Notices, the partnership's registers (forums, partners, people, seats), street figures, leaflets and the
    # rest of the core's edits: every function of ``facilitator/`` returning an ``Edit`` a user reaches.
    *REGISTER_OPERATIONS,
]


def _pick(data: st.DataObject, options: list, label: str):  # type: ignore[no-untyped-def,type-arg]
    return data.draw(st.sampled_from(options), label=label) if options else None


def _random_edit(store: MemoryStore, p: Partnership, op: str, data: st.DataObject) -> Edit | None:
    if op in REGISTER_OPERATIONS:
        return random_register_edit(store, p, op, data)
    if op in OTHER_OPERATIONS:
        return _random_other_edit(store, p, op, data)
    meetings = store.all(Meeting)
    items = store.all(AgendaItem)
    partners = [p.police, p.housing, p.outreach, p.residents]
    people = [p.ana, p.ben, p.cai, p.dora, p.eli, p.rita]
    clock = T0 + dt.timedelta(minutes=data.draw(st.integers(0, 300), label="minute"))
    running = [m for m in meetings if m.status is MeetingStatus.IN_PROGRESS]
    meeting = _pick(data, running if running and op in ("start_item", "end", "ask") else meetings, "meeting")
    planned = [m for m in meetings if m.status is MeetingStatus.PLANNED]
    if op == "start" and planned and data.draw(st.booleans(), label="planned?"):  # mostly one that can start
        meeting = _pick(data, planned, "planned")
    own = [i for i in items if meeting is not None and i.meeting_id == meeting.id]
    if op == "undecide":  # an item with a decision, when there is one
        own = [i for i in items if store.where(Decision, {"item_id": i.id})] or own
    item = _pick(data, own or items, "item")
    index = data.draw(st.integers(-2, 14), label="index")
    text = data.draw(st.sampled_from(["", "Agreed", "<b>&</b>", "مجلس", "👩🏽‍⚕️ ok"]), label="text")
    if op == "new_meeting":
        day = data.draw(st.integers(0, 60), label="day")
        return new_meeting(store, p.forum.id, MONDAY + dt.timedelta(days=day), timezone=LONDON)[0]
    if op == "plan":
        return plan_meetings(
            store, p.forum.id, dt.date(2025, 6, 1), data.draw(st.integers(1, 4)), timezone=LONDON
        )
    if op == "add_usual":
        kind = data.draw(st.sampled_from(ItemKind), label="kind")
        return save_usual_item(
            store, UsualItem(forum_id=p.forum.id, position=0, title=text or "T", kind=kind)
        )
    if op in ("remove_usual", "move_usual"):
        usual = _pick(data, store.all(UsualItem), "usual")
        if usual is None:
            return None
        return (
            remove_usual_item(store, usual.id)
            if op == "remove_usual"
            else move_usual_item(store, usual.id, index)
        )
    if meeting is None:
        return None
    if op == "move_meeting":
        return move_meeting(store, meeting.id, meeting.starts_at + dt.timedelta(hours=index))
    if op == "cancel":
        return cancel_meeting(store, meeting.id, text)
    if op == "save_meeting":
        return save_meeting(store, replace(meeting, venue=text, duration_minutes=30 + index))
    if op == "add_item":
        kind = data.draw(st.sampled_from(ItemKind), label="kind")
        return save_item(
            store, AgendaItem(meeting_id=meeting.id, position=index, title=text or "T", kind=kind)
        )
    if op == "attendance":
        line = _pick(data, roll(store, meeting.id), "line")
        if line is None:
            return None
        presence = data.draw(st.sampled_from(Presence), label="presence")
        colleague = _pick(data, people, "colleague") if presence is Presence.SUBSTITUTE else None
        person = _pick(data, people, "person")
        if line.representative_id and data.draw(
            st.booleans(), label="same person"
        ):  # mostly someone not on it twice
            person = next(x for x in people if x.id == line.representative_id)
        return set_attendance(
            store,
            replace(
                line,
                presence=presence,
                substitute_for_id=colleague.id if colleague else None,
                representative_id=person.id,
                partner_id=person.partner_id,
            ),
        )
    if op == "add_guest":
        return set_attendance(
            store, Attendance(meeting_id=meeting.id, role=AttendeeRole.GUEST, guest_name=text or "Guest")
        )
    if op == "remove_line":
        line = _pick(data, roll(store, meeting.id), "line")
        return remove_from_roll(store, line.id) if line else None
    if op == "start":
        return start_meeting(store, meeting.id, clock)
    if op == "end":
        return end_meeting(store, meeting.id, clock)
    if item is None:
        return None
    if op == "edit_item":
        return save_item(store, replace(item, title=text or "Edited", minutes_allowed=max(0, index)))
    if op == "remove_item":
        return remove_item(store, item.id)
    if op == "move_item":
        return move_item(store, item.id, index)
    if op == "decide":
        here = {
            a.partner_id
            for a in roll(store, item.meeting_id)
            if a.presence in (Presence.PRESENT, Presence.SUBSTITUTE)
        }
        present = [
            x for x in partners if x.id in here
        ]  # mostly partners present: the others hold no position
        voters = present if data.draw(st.booleans(), label="present?") else partners
        chosen = (
            data.draw(st.lists(st.sampled_from(voters), unique_by=lambda x: x.id), label="partners")
            if voters
            else []
        )
        stances = {x.id: (data.draw(st.sampled_from(Stance), label="stance"), text) for x in chosen}
        method = data.draw(st.sampled_from(DecisionMethod), label="method")
        return record_decision(store, item.id, text, method, stances)
    if op == "undecide":
        return remove_decision(store, item.id)
    if op == "start_item":
        return start_item(store, item.id, clock)
    if op == "notes":
        return save_notes(store, item.id, text)
    if op == "ask":
        return ask_to_speak(store, item.id, _pick(data, partners, "partner").id, clock)
    turn = _pick(data, store.all(SpeakerTurn), "turn")
    if turn is None:
        return None
    if op == "floor":
        return give_floor(store, turn.id, clock)
    return withdraw_turn(store, turn.id)


OTHER_OPERATIONS = OPERATIONS[OPERATIONS.index("new_action") : OPERATIONS.index("approve") + 1]


def _random_other_edit(store: MemoryStore, p: Partnership, op: str, data: st.DataObject) -> Edit | None:
    """An edit of actions, escalations, conflicts or minutes' approval, drawn like ``_random_edit``'s."""
    partners = [p.police, p.housing, p.outreach, p.residents]
    day = dt.date(2025, 6, 2) + dt.timedelta(days=data.draw(st.integers(0, 60), label="day"))
    text = data.draw(st.sampled_from(["", "Agreed", "<b>&</b>", "مجلس", "👩🏽‍⚕️ ok"]), label="text")
    actions = store.all(Action)
    action = _pick(data, actions, "action")
    meeting = _pick(data, store.all(Meeting), "meeting")
    if op == "new_action":
        waits = (
            data.draw(st.lists(st.sampled_from(actions), max_size=2, unique_by=lambda a: a.id), label="waits")
            if actions
            else []
        )
        return save_action(
            store,
            Action(
                forum_id=p.forum.id,
                title=text or "Clear the stairwell",
                owner_partner_id=_pick(data, partners, "owner").id,
                due=day,
                status=data.draw(st.sampled_from(ActionStatus), label="status"),
                waits_for=tuple(a.id for a in waits),
            ),
            override_reason=data.draw(st.sampled_from(["", "Urgent"]), label="override"),
            today=day,
        )
    if op == "raise_conflict":
        return raise_conflict(
            store,
            Conflict(
                forum_id=p.forum.id,
                title=text or "Needle bins",
                raised_on=day,
                raised_by_partner_id=_pick(data, partners, "raised_by").id,
            ),
            text,
        )
    if op == "move_conflict":
        conflict = _pick(data, store.all(Conflict), "conflict")
        if conflict is None:
            return None
        stage = data.draw(st.sampled_from(ConflictStage), label="stage")
        return move_conflict(store, conflict.id, stage, day, text or "Moved", resolution=text)
    if op in ("answer", "close_escalation"):
        escalation = _pick(data, store.all(Escalation), "escalation")
        if escalation is None:
            return None
        if op == "answer":
            return answer_escalation(store, escalation.id, text, day, None)
        return close_escalation(store, escalation.id)
    if meeting is None:
        return None
    if op == "circulate":
        held = [m for m in store.all(Meeting) if m.status is MeetingStatus.HELD]
        meeting = _pick(data, held, "held") if held and data.draw(st.booleans(), label="held?") else meeting
        chosen = data.draw(
            st.lists(st.sampled_from(partners), min_size=int(meeting in held), unique_by=lambda x: x.id),
            label="to",
        )
        return circulate_minutes(store, meeting.id, [x.id for x in chosen], day)
    if op == "approve":  # mostly minutes that can be: a held meeting's, at a later meeting of its forum
        held = [m for m in store.all(Meeting) if m.status is MeetingStatus.HELD]
        meeting = _pick(data, held, "held") if held and data.draw(st.booleans(), label="held?") else meeting
        after = [
            m
            for m in store.all(Meeting)
            if m.forum_id == meeting.forum_id and m.starts_at > meeting.starts_at
        ]
        later = _pick(
            data, after if after and data.draw(st.booleans(), label="after?") else store.all(Meeting), "later"
        )
        return approve_minutes(store, meeting.id, later.id, day)
    if action is None:
        return None
    if op == "edit_action":
        return save_action(store, replace(action, title=text or "Edited", due=day), today=day)
    if op == "action_status":
        status = data.draw(st.sampled_from(ActionStatus), label="status")
        return set_status(store, [action.id], status, day, override_reason=text).edit
    if op == "action_update":
        status = data.draw(st.none() | st.sampled_from(ActionStatus), label="new_status")
        return record_update(
            store, action.id, meeting.id, text, new_status=status, today=day, override_reason=text
        )
    upper = _pick(data, [f for f in store.all(Forum) if f.tier is Tier.STRATEGIC], "upper")
    if upper is None:  # the walk may archive the Borough Board, or make it operational
        return None
    kind = data.draw(st.sampled_from(["agenda_items", "actions", "conflicts"]), label="subject_kind")
    subjects = {"agenda_items": store.all(AgendaItem), "actions": actions, "conflicts": store.all(Conflict)}
    subject = _pick(data, subjects[kind], "subject") or action
    return escalate(
        store,
        subject_kind=kind if subject is not action or kind == "actions" else "actions",
        subject_id=subject.id,
        subject_title=subject.title,
        from_forum_id=p.forum.id,
        to_forum_id=upper.id,
        reason=text,
        today=day,
    )


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64  # what a PNG's content says it is
PAPERS = [("notes.txt", b"Minutes of the walk"), ("plan.pdf", b"%PDF-1.4\n%%EOF\n"), ("empty.txt", b"")]


def random_register_edit(store: MemoryStore, p: Partnership, op: str, data: st.DataObject) -> Edit | None:
    """An edit of notices, the registers, street figures, leaflets, corrections, translations, papers, the
    profile or personal data, drawn like ``_random_edit``'s."""
    partners = store.all(Partner, include_archived=True)
    forums = store.all(Forum, include_archived=True)
    people = store.all(Representative, include_archived=True)
    day = dt.date(2025, 6, 2) + dt.timedelta(days=data.draw(st.integers(-30, 60), label="day"))
    text = data.draw(st.sampled_from(["", "Agreed", "<b>&</b>", "مجلس", "👩🏽‍⚕️ ok"]), label="text")
    flag = data.draw(st.booleans(), label="flag")
    partner = _pick(data, partners, "partner")
    forum = _pick(data, forums, "forum")
    meeting = _pick(data, store.all(Meeting), "meeting")
    figure = _pick(data, store.all(TrackedFigure, include_archived=True), "figure")
    value = data.draw(st.none() | st.integers(-1, 40), label="value")
    if op in ("give_notice", "edit_notice"):
        known = _pick(data, store.all(Notice), "notice")
        affected = data.draw(
            st.lists(st.sampled_from(partners), max_size=3, unique_by=lambda x: x.id), label="who"
        )
        notice = Notice(
            partner_id=partner.id,
            title=text or "Closing the night shelter",
            given_on=day,
            takes_effect_on=day + dt.timedelta(days=data.draw(st.integers(-3, 40), label="notice")),
            affected_partners=tuple(x.id for x in affected),
            affected_forums=(forum.id,) if flag else (),
            confidentiality=Confidentiality.RESTRICTED if flag else Confidentiality.PARTNERS,
            restricted_to=(partner.id,) if flag else (),
        )
        if op == "edit_notice" and known is not None:
            notice = replace(notice, id=known.id, status=known.status)
        return give_notice(store, notice)
    if op in ("notice_status", "respond"):
        known = _pick(data, store.all(Notice), "notice")
        if known is None:
            return None
        if op == "notice_status":
            status = data.draw(st.sampled_from(NoticeStatus), label="status")
            return set_notice_status(store, known.id, status, None if flag else text)
        answering = _pick(
            data, [x for x in partners if x.id in known.affected_partners] or partners, "answering"
        )
        kind = data.draw(st.sampled_from(ResponseKind), label="kind")
        return respond(store, known.id, answering.id, kind=kind, text=text, on=day)
    if op == "save_forum":
        tier = data.draw(st.sampled_from(Tier), label="tier")
        if flag:  # a new forum, with its standing items
            return save_forum(store, Forum(name=text or "Night Round", tier=tier, escalates_to_id=forum.id))
        return save_forum(store, replace(forum, name=text or forum.name, min_notice_days=len(text)))
    if op == "archive_forum":
        return archive_forum(store, forum.id, flag)
    if op == "save_partner":
        if flag:
            return save_partner(
                store,
                Partner(name=text or "Pharmacy", sector=data.draw(st.sampled_from(Sector), label="sector")),
            )
        return save_partner(store, replace(partner, short_name=text))
    if op == "archive_partner":
        return archive_partner(store, partner.id, flag)
    if op == "save_representative":
        person = _pick(data, people, "person")
        left = day if data.draw(st.booleans(), label="left") else None
        if flag:
            person = Representative(name=text or "Fern", partner_id=partner.id)
        return save_representative(
            store,
            replace(
                person, email=f"{person.name[:1] or 'x'}@example.org", phone="0161 496 0000", active_to=left
            ),
        )
    if op == "archive_representative":
        return archive_representative(store, _pick(data, people, "person").id, flag)
    if op == "seat":
        own = [r for r in people if r.partner_id == partner.id]
        main = _pick(data, own, "main") if flag else None
        others = data.draw(st.sampled_from([own, people]), label="from") or people  # mostly the partner's own
        substitutes = data.draw(
            st.lists(st.sampled_from(others), max_size=2, unique_by=lambda r: r.id), label="subs"
        )
        return set_membership(
            store, forum.id, partner.id, main.id if main else None, [r.id for r in substitutes]
        )
    if op == "unseat":
        return remove_membership(store, forum.id, partner.id)
    if op == "track_figure":
        common = data.draw(st.sampled_from(["", *sorted(COMMON_FIGURES)[:3]]), label="common")
        return save_figure(
            store,
            TrackedFigure(
                forum_id=forum.id,
                partner_id=partner.id,
                common=common,
                name="" if common else text,
                unit="" if common else "visits",
                confidentiality=data.draw(st.sampled_from(Confidentiality), label="confidentiality"),
            ),
        )
    if op == "correct":
        approved = [m for m in store.all(Meeting) if minutes_status(store, m.id) is MinutesStatus.APPROVED]
        meeting = _pick(data, approved, "approved") if approved and flag else meeting
        later = _pick(data, store.all(Meeting), "later") if flag else None
        return (
            record_correction(store, meeting.id, text, day, later.id if later else None) if meeting else None
        )
    if op == "save_profile":
        region = data.draw(st.sampled_from(["", "GB", "NL", "XX"]), label="region")
        return save_profile(store, replace(partnership_profile(store), name=text, region=region))
    if op == "copy_usual_agenda":
        return copy_usual_agenda(store, forum.id, _pick(data, forums, "target").id)
    if op == "erase_person":
        return plan_erasure(store, _pick(data, people, "person").id, day).edit
    if op == "retention":
        return plan_retention(store, data.draw(st.integers(0, 24), label="months"), day).edit
    if op == "edit_conflict":
        conflict = _pick(data, store.all(Conflict), "conflict")
        return (
            save_conflict(store, replace(conflict, title=text or conflict.title, description=text))
            if conflict
            else None
        )
    if op in ("remove_reading", "withdraw_target", "remove_paper"):
        kind = {"remove_reading": FigureReading, "withdraw_target": FigureTarget, "remove_paper": Paper}[op]
        record = _pick(data, store.all(kind), "record")
        if record is None:
            return None
        if op == "remove_reading":
            return remove_reading(store, record.id)
        return (
            withdraw_target(store, record.id) if op == "withdraw_target" else remove_paper(store, record.id)
        )
    if op in ("edit_figure", "archive_figure", "move_figure", "record_past_figure"):
        if figure is None:
            return None
        if op == "edit_figure":
            return save_figure(store, replace(figure, name=text if not figure.common else "", source=text))
        if op == "archive_figure":
            return archive_figure(store, figure.id, flag)
        if op == "move_figure":
            return move_figure(store, figure.id, data.draw(st.integers(-1, 4), label="index"))
        past = [r for r in readings_of(store, figure.id) if r.meeting_id is None]
        reading = _pick(data, past, "reading") if flag else None
        return record_past_figure(
            store,
            figure.id,
            (day - dt.timedelta(days=29), day),
            value,
            note=text,
            reading_id=reading.id if reading else None,
        )
    if meeting is None:
        return None
    if op == "record_figure":
        return record_figure(store, meeting.id, figure.id, value, note=text) if figure else None
    if op == "agree_target":
        period = (day, day + dt.timedelta(days=90))
        return agree_target(store, meeting.id, figure.id, period, float(value or 0)) if figure else None
    if op in ("save_leaflet", "add_logo"):
        public = [m for m in store.all(Meeting) if m.kind is MeetingKind.PUBLIC]
        meeting = _pick(data, public, "public") if public and flag else meeting
        leaflet = leaflet_for(store, meeting.id)
        if op == "add_logo":
            return add_logo(store, leaflet, text or "logo.png", PNG)
        link = data.draw(st.sampled_from(["", "https://example.org/map", "not a link"]), label="link")
        return save_leaflet(store, replace(leaflet, headline=text, qr_link=link, childcare=flag))
    item = _pick(data, agenda(store, meeting.id), "item")
    if item is None:
        return None
    if op == "attach_paper":
        name, content = data.draw(st.sampled_from(PAPERS), label="paper")
        return attach_paper(store, item.id, name, content, added_by=text)
    texts = translatable_texts(store, meeting.id)
    source = _pick(data, texts, "source")
    if source is None:
        return None
    language = data.draw(st.sampled_from(["fr", "ar", "pl"]), label="language")
    return set_translation(store, source, language, text or "Traduit", reviewed=flag)


MEETING_OPERATIONS = OPERATIONS[: OPERATIONS.index("new_action")]
FAMILIES = [MEETING_OPERATIONS, OTHER_OPERATIONS, REGISTER_OPERATIONS[:12], REGISTER_OPERATIONS[12:]]


def _check_invariants(store: MemoryStore) -> None:
    for meeting in store.all(Meeting):
        items = agenda(store, meeting.id)
        assert [i.position for i in items] == list(range(len(items)))
        assert len([i for i in items if i.started_at and not i.ended_at]) <= 1
        people = [a.representative_id for a in roll(store, meeting.id) if a.representative_id]
        assert len(people) == len(set(people))
    for item in store.all(AgendaItem):
        assert len(store.where(Decision, {"item_id": item.id})) <= 1
    for decision in store.all(Decision):
        partners = [pos.partner_id for pos in store.where(Position, {"decision_id": decision.id})]
        assert len(partners) == len(set(partners))
        assert store.find(AgendaItem, decision.item_id) is not None
    for turn in store.all(SpeakerTurn):
        assert store.find(AgendaItem, turn.item_id) is not None


@dataclass
class Tally:
    """What the random walks did with each operation: edits applied (and undone and redone), and refusals."""

    applied: dict[str, int]
    refused: dict[str, int]
    reasons: dict[str, set[str]]

    def count(self, op: str, refusal: KnownError | None = None) -> None:
        table = self.applied if refusal is None else self.refused
        table[op] = table.get(op, 0) + 1
        if refusal is not None:
            self.reasons.setdefault(op, set()).add(str(refusal))


def _walk(data: st.DataObject, tally: Tally) -> None:
    store = MemoryStore()
    p = build_partnership(store)
    plan_meetings(store, p.forum.id, dt.date(2025, 6, 1), 3, timezone=LONDON).apply(store)
    # Every operation within reach from the first step: a meeting held, the next one under way.
    first, second, _third = meetings_of(store, p.forum.id)
    start_meeting(store, first.id, T0).apply(store)
    end_meeting(store, first.id, T0 + dt.timedelta(hours=1)).apply(store)
    start_meeting(store, second.id, T0 + dt.timedelta(days=7)).apply(store)
    under_way = agenda(store, second.id)[0]
    record_decision(store, under_way.id, "Noted", DecisionMethod.NO_DECISION, {}).apply(store)
    ask_to_speak(store, under_way.id, p.housing.id, T0 + dt.timedelta(days=7, minutes=5)).apply(store)
    circulate_minutes(store, first.id, [p.police.id, p.housing.id], dt.date(2025, 6, 3)).apply(store)
    upper = _stamped(Forum(name="Borough Board", tier=Tier.STRATEGIC, cadence=Cadence.MONTHLY))
    store.put(upper)
    for title in ("Lighting in the underpass", "CCTV at the station"):
        action = Action(forum_id=p.forum.id, title=title, owner_partner_id=p.housing.id)
        save_action(store, action, today=dt.date(2025, 6, 2)).apply(store)
        escalate(store, subject_kind="actions", subject_id=action.id, subject_title=title,
                 from_forum_id=p.forum.id, to_forum_id=upper.id, reason="Budget", today=dt.date(2025, 6, 2),
                 ).apply(store)  # fmt: skip
    answer_escalation(store, store.all(Escalation)[0].id, "Funded", dt.date(2025, 6, 4), None).apply(store)
    # A public meeting (leaflets), a figure reported at the held meeting and a notice given (answers, targets).
    public = MONDAY + dt.timedelta(days=10, hours=8)
    new_meeting(store, p.forum.id, public, timezone=LONDON, kind=MeetingKind.PUBLIC)[0].apply(store)
    figure = TrackedFigure(forum_id=p.forum.id, partner_id=p.outreach.id, common="needles_found")
    save_figure(store, figure).apply(store)
    record_figure(store, first.id, figure.id, 12).apply(store)
    notice = Notice(partner_id=p.police.id, title="Dispersal order", given_on=dt.date(2025, 6, 2),
                    takes_effect_on=dt.date(2025, 6, 30), affected_partners=(p.housing.id, p.residents.id),
                    affected_forums=(p.forum.id,))  # fmt: skip
    give_notice(store, notice).apply(store)
    # Minutes approved a week before the first meeting (corrections), a conflict and a paper on the agenda.
    earlier = new_meeting(store, p.forum.id, MONDAY - dt.timedelta(days=7), timezone=LONDON)
    earlier[0].apply(store)
    start_meeting(store, earlier[1].id, T0 - dt.timedelta(days=7)).apply(store)
    end_meeting(store, earlier[1].id, T0 - dt.timedelta(days=7, hours=-1)).apply(store)
    circulate_minutes(store, earlier[1].id, [p.police.id], dt.date(2025, 5, 27)).apply(store)
    approve_minutes(store, earlier[1].id, first.id, dt.date(2025, 6, 2)).apply(store)
    conflict = Conflict(
        forum_id=p.forum.id, title="Bins", raised_on=dt.date(2025, 6, 1), raised_by_partner_id=p.residents.id
    )
    raise_conflict(store, conflict, "Bins overflow").apply(store)
    attach_paper(store, under_way.id, "plan.txt", b"Plan").apply(store)
    agree_target(store, second.id, figure.id, (dt.date(2025, 7, 1), dt.date(2025, 9, 30)), 10).apply(store)
    initial = state(store)
    done: list[tuple[Edit, dict]] = []  # type: ignore[type-arg]
    for _step in range(data.draw(st.integers(8, 48), label="length")):
        # A family of operations first, then one of it: meetings' many operations do not crowd out the rest.
        family = data.draw(st.sampled_from(FAMILIES), label="family")
        op = data.draw(st.sampled_from(family), label="op")
        before = state(store)
        try:
            edit = _random_edit(store, p, op, data)
            if edit is not None:
                check_guards(store, edit)  # what applying it would refuse (approved minutes are locked...)
        except KnownError as refusal:
            assert state(store) == before, f"{op} was refused but changed something"
            tally.count(op, refusal)
            continue
        if edit is None:
            continue
        # Undo gives back the exact state before, redo the exact state after, for every operation.
        check_undo(store, edit)
        tally.count(op)
        _check_invariants(store)
        done.append((edit, before))
        # Sometimes undo the last edit for good, as the user would with Ctrl+Z.
        if data.draw(st.booleans(), label="undo"):
            edit.revert(store)
            assert state(store) == before
            done.pop()
    # Undoing everything, last first, gives back the partnership as it was; redoing it all, first first, gives
    # back where the walk ended.
    end = state(store)
    for edit, before in reversed(done):
        edit.revert(store)
        assert state(store) == before
    assert state(store) == initial
    for edit, _before in done:
        edit.apply(store)
    assert state(store) == end


def test_every_edit_reverts_to_the_exact_previous_state_and_redoes() -> None:
    """Random walks over every operation of the core (the ``ci`` profile's settings, 150 examples): each edit
    undone and redone exactly; then the walk is checked to have tested something: every operation was applied
    (and undone and redone) at least once, so no rule refusing everything can hide behind the refusals (150
    walks of 8 to 48 steps, about 5,000 edits: most operations are applied dozens of times, the rarest twice).

    Every function of ``facilitator/`` returning an ``Edit`` is walked, except those a user does not reach as one
    edit of their own: ``record_circulation`` (kept by the circulation job beside its files; ``circulate`` walks
    the same state change), ``import_po`` (``translate``'s steps, read from a file), ``freeze_older_approvals``
    (run once on upgrading a file), ``keep_file`` (a step of ``add_logo``) and the demo's and the JSON
    import's own writers."""
    tally = Tally({}, {}, {})
    # Derandomized: the same 150 walks every run, so the count below cannot pass one day and fail the next
    # (randomized, it failed once in a full run and Hypothesis kept no failing example to replay).
    settings(max_examples=150, derandomize=True)(given(data=st.data())(lambda data: _walk(data, tally)))()
    never = sorted(op for op in OPERATIONS if not tally.applied.get(op))
    reasons = {op: tally.reasons.get(op) for op in never}
    assert not never, f"operations never applied: {never}; refused because: {reasons}"
    assert sum(tally.applied.values()) > 10 * len(OPERATIONS)


def test_an_action_saved_as_done_is_done_on_a_day() -> None:
    """Regression (found by story S3 by hand): an action made or edited as done in its dialog (``save_action``,
    not ``set_status``) kept no completion day, so the leaflet's "what we did", the on-time counts and the year
    in review never counted it."""
    store = MemoryStore()
    p = build_partnership(store)
    done = Action(
        forum_id=p.forum.id, title="Bins emptied", owner_partner_id=p.housing.id, status=ActionStatus.DONE
    )
    check_undo(store, save_action(store, done, today=dt.date(2026, 12, 7)))
    assert store.get(Action, done.id).completed_on == dt.date(2026, 12, 7)
    # Edited later, it stays done on the day it was done; reopened, it is no longer done on any day.
    save_action(store, replace(done, title="Bins emptied daily"), today=dt.date(2026, 12, 9)).apply(store)
    assert store.get(Action, done.id).completed_on == dt.date(2026, 12, 7)
    reopened = replace(store.get(Action, done.id), status=ActionStatus.IN_PROGRESS)
    save_action(store, reopened, today=dt.date(2026, 12, 10)).apply(store)
    assert store.get(Action, done.id).completed_on is None
    # A day given is kept.
    given = Action(
        forum_id=p.forum.id,
        title="Lights fixed",
        owner_partner_id=p.police.id,
        status=ActionStatus.DONE,
        completed_on=dt.date(2026, 11, 30),
    )
    save_action(store, given, today=dt.date(2026, 12, 7)).apply(store)
    assert store.get(Action, given.id).completed_on == dt.date(2026, 11, 30)
