"""The demonstration partnership: realistic, obeying the core's rules, the same for the same seed."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter

import pytest

from facilitator.approval import MinutesStatus, minutes_status
from facilitator.audience import AudienceKind
from facilitator.circulation import Circulated, CirculatedCopy, Circulation, copies_of
from facilitator.demo import build_demo
from facilitator.document import build_document, parse_document
from facilitator.entities import Forum, Membership, Partner, Representative, Sector, Seniority, Tier
from facilitator.errors import KnownError, ValidationError
from facilitator.meeting_ops import agenda, decision_of, meetings_of, roll, usual_agenda
from facilitator.meetings import (
    PARTNERS_ONLY_KINDS,
    STANDING_KINDS,
    AgendaItem,
    Attendance,
    AttendeeRole,
    Confidentiality,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
    SpeakerTurn,
    Stance,
)
from facilitator.operations import members
from facilitator.planning import to_utc
from facilitator.quorum import Standing, meeting_standings
from tests.core.fakes import MemoryStore, without_timestamps

TODAY = dt.date(2025, 6, 4)


def _demo(seed: int = 1, years: int = 1) -> MemoryStore:
    store = MemoryStore()
    build_demo(store, seed=seed, years=years, today=TODAY)
    return store


@pytest.fixture(scope="module")
def demo() -> MemoryStore:
    """One demo for the tests that only read it."""
    return _demo()


def test_three_forums_at_the_three_levels() -> None:
    store = _demo()
    forums = {f.tier: f for f in store.all(Forum)}
    weekly = forums[Tier.OPERATIONAL]
    assert weekly.name == "Station Square weekly round"
    assert (weekly.usual_weekday, weekly.usual_time) == (0, dt.time(10, 0))
    assert weekly.usual_duration_minutes == 90 and weekly.min_notice_days == 14
    assert weekly.quorum.min_partners == 4
    assert weekly.quorum.required_sectors == {Sector.POLICE, Sector.OUTREACH}
    assert {"fr", "pl", "ar"} <= set(weekly.other_languages)
    strategic = forums[Tier.STRATEGIC]
    assert strategic.quorum.min_partners == 5
    assert strategic.quorum.required_sectors == {Sector.POLICE, Sector.PUBLIC_ORDER, Sector.PUBLIC_HEALTH}
    public = forums[Tier.PUBLIC]
    assert [public.working_language, *public.other_languages] == ["en", "pl", "ar", "tr"]


def test_partners_and_representatives_look_like_a_real_partnership() -> None:
    store = _demo()
    partners = store.all(Partner)
    people = store.all(Representative, include_archived=True)
    assert 12 <= len(partners) <= 16
    assert 28 <= len(people) <= 34
    assert len({p.sector for p in partners}) >= 12
    assert len({p.preferred_language for p in people}) >= 7
    assert len({p.name for p in people}) == len(people)
    for person in people:
        assert re.fullmatch(r"[a-z-]+\.[a-z]+@[a-z-]+\.example\.org", person.email), person.email
        assert re.fullmatch(r"\+44 20 7946 0\d{3}", person.phone), person.phone
    assert len({p.phone for p in people}) == len(people)
    # Heads of agency may decide; front-line staff may not.
    assert all(p.may_decide for p in people if p.seniority in (Seniority.HEAD, Seniority.ELECTED))
    assert not any(p.may_decide for p in people if p.seniority is Seniority.FRONT_LINE)
    assert [p.archived for p in people].count(True) == 1


def test_every_forum_can_reach_its_quorum_with_main_representatives() -> None:
    store = _demo()
    people = {p.id: p for p in store.all(Representative)}
    for forum in store.all(Forum):
        seated = members(store, forum.id)
        assert len(seated) >= forum.quorum.min_partners
        assert forum.quorum.required_sectors <= {partner.sector for partner, _seat in seated}
        for partner, seat in seated:
            assert seat.main_representative_id is not None
            assert people[seat.main_representative_id].partner_id == partner.id
    # The strategic round is attended by people who can decide; the street round mostly by people who cannot.
    strategic = next(f for f in store.all(Forum) if f.tier is Tier.STRATEGIC)
    assert all(people[m.main_representative_id or ""].may_decide for _p, m in members(store, strategic.id))


def test_the_archived_leaver_sits_on_no_forum_any_more() -> None:
    store = _demo()
    leaver = next(p for p in store.all(Representative, include_archived=True) if p.archived)
    for seat in store.all(Membership, include_archived=True):
        assert leaver.id not in (seat.main_representative_id, *seat.substitute_ids)


def test_the_demo_is_a_valid_document() -> None:
    records = parse_document(build_document(_demo()))
    assert len(records[Membership]) >= 20


def test_same_seed_same_partnership_other_seed_other_people() -> None:
    assert without_timestamps(_demo(3)) == without_timestamps(_demo(3))
    first, other = without_timestamps(_demo(3)), without_timestamps(_demo(4))
    assert first != other
    assert [p["name"] for p in first["partners"]] == [p["name"] for p in other["partners"]]  # type: ignore[index]


def test_built_in_one_transaction() -> None:
    store = _demo()
    assert store.commits == 1


def test_refuses_a_partnership_that_holds_records() -> None:
    store = MemoryStore()
    store.put(Partner(name="Existing partner"))
    with pytest.raises(KnownError, match="already holds records"):
        build_demo(store)
    assert store.count() == 1


@pytest.mark.parametrize("years", [0, -1, 31])
def test_refuses_impossible_years(years: int) -> None:
    with pytest.raises(ValidationError) as caught:
        build_demo(MemoryStore(), years=years)
    assert caught.value.field == "years"


# --- meetings ---


def _forum(store: MemoryStore, tier: Tier) -> Forum:
    return next(f for f in store.all(Forum) if f.tier is tier)


def test_every_forum_has_a_usual_agenda_that_fits_its_length(demo: MemoryStore) -> None:
    for forum in demo.all(Forum):
        usual = usual_agenda(demo, forum.id)
        own = [u for u in usual if u.kind not in STANDING_KINDS]
        assert len(own) >= 3
        assert [u.position for u in usual] == list(range(len(usual)))
        assert all(u.presenter_partner_id for u in own)
        assert usual[-1].kind is ItemKind.OTHER_BUSINESS
        # Room left for the week's topics.
        assert sum(u.minutes_allowed for u in usual) <= forum.usual_duration_minutes - 20
    public = usual_agenda(demo, _forum(demo, Tier.PUBLIC).id)
    assert {u.confidentiality for u in public} == {Confidentiality.PUBLIC}
    assert (
        not {u.kind for u in public} & PARTNERS_ONLY_KINDS
    )  # the residents' meeting has no partners' registers
    street = usual_agenda(demo, _forum(demo, Tier.OPERATIONAL).id)
    assert {u.kind for u in street} >= PARTNERS_ONLY_KINDS


@pytest.mark.parametrize(
    ("tier", "held_at_least", "ahead"),
    [(Tier.OPERATIONAL, 45, 8), (Tier.STRATEGIC, 10, 3), (Tier.PUBLIC, 4, 2)],
)
def test_a_year_of_meetings_for_every_forum_and_the_next_ones_planned(
    demo: MemoryStore, tier: Tier, held_at_least: int, ahead: int
) -> None:
    forum = _forum(demo, tier)
    meetings = meetings_of(demo, forum.id)
    past = [m for m in meetings if m.starts_at.date() < TODAY]
    future = [m for m in meetings if m.starts_at.date() >= TODAY]
    assert {m.status for m in past} <= {MeetingStatus.HELD, MeetingStatus.CANCELLED}
    assert len([m for m in past if m.status is MeetingStatus.HELD]) >= held_at_least
    assert past[0].starts_at.date() >= TODAY - dt.timedelta(days=366)
    assert len(future) == ahead
    assert {m.status for m in future} <= {MeetingStatus.PLANNED, MeetingStatus.CANCELLED}
    assert {m.timezone for m in meetings} == {"Europe/London"}
    assert {m.kind for m in meetings} == {MeetingKind.PUBLIC if tier is Tier.PUBLIC else MeetingKind.REGULAR}
    # Local wall time stays the forum's usual time all year round, summer and winter.
    assert {m.starts_at.time() for m in meetings} == {forum.usual_time}
    # The next meeting has its agenda prepared: the usual agenda, standing items included, and topical items,
    # within the meeting's length.
    upcoming = next(m for m in future if m.status is MeetingStatus.PLANNED)
    items = agenda(demo, upcoming.id)
    assert [i.position for i in items] == list(range(len(items)))
    assert items[-1].kind is ItemKind.OTHER_BUSINESS
    assert len(items) >= len(usual_agenda(demo, forum.id)) + 2
    assert all(i.started_at is None for i in items)
    for meeting in future:
        assert sum(i.minutes_allowed for i in agenda(demo, meeting.id)) <= meeting.duration_minutes


def test_one_planned_strategic_round_was_moved_and_the_rest_of_the_series_stayed(demo: MemoryStore) -> None:
    forum = _forum(demo, Tier.STRATEGIC)
    future = [m for m in meetings_of(demo, forum.id) if m.starts_at.date() >= TODAY]
    weekdays = [m.starts_at.weekday() for m in future]
    assert weekdays.count(forum.usual_weekday) == len(future) - 1
    assert all(m.starts_at.time() == forum.usual_time for m in future)


def test_held_meetings_have_a_marked_roll_a_chaired_run_and_decisions(demo: MemoryStore) -> None:
    held = [m for m in demo.all(Meeting) if m.status is MeetingStatus.HELD]
    presences: Counter[Presence] = Counter()
    for meeting in held:
        lines = roll(demo, meeting.id)
        assert lines and Presence.EXPECTED not in {line.presence for line in lines}
        presences.update(line.presence for line in lines)
        assert meeting.started_at is not None and meeting.ended_at is not None
        planned = to_utc(meeting.starts_at, meeting.timezone)
        assert planned <= meeting.started_at <= planned + dt.timedelta(minutes=10)
        items = agenda(demo, meeting.id)
        assert all(i.started_at and i.ended_at for i in items)
        assert items[0].started_at == meeting.started_at and items[-1].ended_at == meeting.ended_at
        assert all(a.ended_at == b.started_at for a, b in itertools.pairwise(items))
    total = sum(presences.values())
    assert presences[Presence.PRESENT] / total > 0.7
    assert presences[Presence.APOLOGIES] > 0 and presences[Presence.SUBSTITUTE] > 0
    assert presences[Presence.ABSENT] > 0
    # Decisions at the street and strategic rounds, none at the public meetings (they inform and listen).
    for tier in (Tier.OPERATIONAL, Tier.STRATEGIC):
        forum = _forum(demo, tier)
        decided = [
            m
            for m in meetings_of(demo, forum.id)
            if m.status is MeetingStatus.HELD and any(decision_of(demo, i.id) for i in agenda(demo, m.id))
        ]
        assert len(decided) >= 0.6 * len(
            [m for m in meetings_of(demo, forum.id) if m.status is MeetingStatus.HELD]
        )
    public = _forum(demo, Tier.PUBLIC)
    assert not any(decision_of(demo, i.id) for m in meetings_of(demo, public.id) for i in agenda(demo, m.id))


def test_every_decision_has_one_position_per_member_partner_matching_the_roll(demo: MemoryStore) -> None:
    methods: Counter[DecisionMethod] = Counter()
    stances: Counter[Stance] = Counter()
    for meeting in demo.all(Meeting):
        standings, _quorum = meeting_standings(demo, meeting)
        by_partner = {s.partner.id: s.standing for s in standings}
        for item in agenda(demo, meeting.id):
            found = decision_of(demo, item.id)
            if found is None or item.kind is ItemKind.MINUTES:  # approving minutes records no positions
                continue
            decision, positions = found
            methods[decision.method] += 1
            assert sorted(p.partner_id for p in positions) == sorted(by_partner)
            for position in positions:
                stances[position.stance] += 1
                standing = by_partner[position.partner_id]
                assert (standing is Standing.NOT_PRESENT) == (position.stance is Stance.NOT_PRESENT)
                if standing is Standing.CANNOT_DECIDE:
                    assert position.stance is Stance.ABSTAIN and position.reason
                if position.stance is Stance.BLOCK:
                    assert position.reason
    assert methods[DecisionMethod.CONSENSUS] > methods[DecisionMethod.VOTE] > 0
    assert stances[Stance.AGREE] > stances[Stance.DISAGREE] > 0


def test_junior_stand_ins_and_substitutes_appear(demo: MemoryStore) -> None:
    people = {p.id: p for p in demo.all(Representative, include_archived=True)}
    substitutes = [a for a in demo.all(Attendance) if a.presence is Presence.SUBSTITUTE]
    assert substitutes
    for line in substitutes:
        assert line.substitute_for_id and people[line.substitute_for_id].partner_id == line.partner_id
    assert any(not people[a.representative_id or ""].may_decide for a in substitutes)
    flagged = [
        s
        for m in demo.all(Meeting)
        if m.status is MeetingStatus.HELD
        for s in meeting_standings(demo, m)[0]
        if s.standing is Standing.CANNOT_DECIDE
    ]
    assert flagged
    # The outreach worker who has since left stood in during the early months.
    leaver = next(p for p in people.values() if p.archived)
    assert any(a.representative_id == leaver.id for a in substitutes)
    assert any(a.role is not AttendeeRole.MEMBER and a.guest_name for a in demo.all(Attendance))


def test_a_restricted_police_item_exists_for_the_police_and_public_order_only(demo: MemoryStore) -> None:
    partners = {p.sector: p.id for p in demo.all(Partner)}
    restricted = [i for i in demo.all(AgendaItem) if i.confidentiality is Confidentiality.RESTRICTED]
    assert restricted
    for item in restricted:
        assert "police operation" in item.title.lower()
        assert set(item.restricted_to) == {partners[Sector.POLICE], partners[Sector.PUBLIC_ORDER]}
        assert decision_of(demo, item.id) is None
    # The next street round has it on its agenda.
    weekly = _forum(demo, Tier.OPERATIONAL)
    upcoming = next(
        m
        for m in meetings_of(demo, weekly.id)
        if m.starts_at.date() >= TODAY and m.status is MeetingStatus.PLANNED
    )
    assert any(i.confidentiality is Confidentiality.RESTRICTED for i in agenda(demo, upcoming.id))


def test_held_items_have_notes_about_the_scene(demo: MemoryStore) -> None:
    notes = " ".join(i.notes for i in demo.all(AgendaItem)).lower()
    for words in ("needle", "underpass", "shelter", "outreach", "cctv", "complaints", "clean"):
        assert words in notes, words
    assert all(len(i.title) <= 200 for i in demo.all(AgendaItem))


def test_cancelled_meetings_have_a_reason(demo: MemoryStore) -> None:
    cancelled = [m for m in demo.all(Meeting) if m.status is MeetingStatus.CANCELLED]
    assert cancelled
    assert all(m.cancelled_reason for m in cancelled)
    assert all(m.started_at is None for m in cancelled)
    # The street round does not meet in Christmas week.
    weekly = _forum(demo, Tier.OPERATIONAL)
    christmas = [m for m in meetings_of(demo, weekly.id) if m.starts_at.month == 12 and m.starts_at.day >= 22]
    assert christmas and all(m.status is MeetingStatus.CANCELLED for m in christmas)


def test_speakers_were_heard_at_held_meetings(demo: MemoryStore) -> None:
    turns = demo.all(SpeakerTurn)
    assert turns and all(t.spoke_at and t.spoke_at > t.requested_at for t in turns)
    items = {i.id: i for i in demo.all(AgendaItem)}
    for turn in turns:
        item = items[turn.item_id]
        assert item.started_at and item.ended_at
        assert item.started_at <= turn.requested_at <= item.ended_at


def test_same_seed_same_meeting_ids_other_seed_other_ids() -> None:
    first, again, other = _demo(3), _demo(3), _demo(4)

    def ids(store: MemoryStore) -> list[str]:
        return [r.id for kind in (Meeting, AgendaItem, Attendance) for r in store.all(kind)]

    assert ids(first) == ids(again)
    assert set(ids(first)).isdisjoint(ids(other))


def test_ten_years_of_meetings() -> None:
    store = _demo(years=10)
    meetings = store.all(Meeting)
    assert 650 <= len(meetings) <= 720
    assert min(m.starts_at for m in meetings).date() >= TODAY - dt.timedelta(days=3651)
    assert store.commits == 1
    records = parse_document(build_document(store))
    assert len(records[Meeting]) == len(meetings)


def test_last_weeks_street_round_minutes_went_out_through_the_circulation(demo: MemoryStore) -> None:
    """The secretariat circulated the street round's last draft minutes to its partners, one copy a partner with
    the version that partner may see, and the minutes are circulated (not yet approved)."""
    (circulation,) = demo.all(Circulation)
    meeting = demo.get(Meeting, circulation.meeting_id)
    forum = demo.get(Forum, meeting.forum_id)
    held = [m for m in meetings_of(demo, forum.id) if m.status is MeetingStatus.HELD]
    assert forum.tier is Tier.OPERATIONAL and meeting == held[-1]
    assert TODAY - dt.timedelta(days=7) <= meeting.starts_at.date() < TODAY
    assert circulation.what is Circulated.MINUTES and not circulation.public
    assert circulation.on == meeting.starts_at.date() + dt.timedelta(days=2)
    assert circulation.prepared_at.date() == circulation.on
    assert minutes_status(demo, meeting.id) is MinutesStatus.CIRCULATED
    copies = copies_of(demo, circulation.id)
    assert {c.partner_id for c in copies} == {p.id for p, _seat in members(demo, forum.id)}
    assert len(demo.all(CirculatedCopy)) == len(copies)
    for copy in copies:
        assert copy.audience is AudienceKind.PARTNERS and copy.content_digest and copy.outline
        assert "@" in copy.recipients and copy.attachment.endswith(".pdf")
