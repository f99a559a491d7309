"""The conflict log and notices of intended change in the core: validation, stages and timeline, short notice,
tabling on new meetings, answers, and what each audience may read in the printed registers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from facilitator.audience import Audience
from facilitator.carried import carried
from facilitator.conflicts import (
    Conflict,
    ConflictStage,
    move_conflict,
    open_conflicts,
    raise_conflict,
    save_conflict,
    timeline,
)
from facilitator.docmodel import Paragraph, Tone
from facilitator.entities import Forum, Membership, Partner, Sector, Tier
from facilitator.errors import ValidationError
from facilitator.meeting_ops import agenda, cancel_meeting, new_meeting, start_meeting
from facilitator.meetings import Confidentiality, ItemKind, Meeting
from facilitator.notices import (
    Notice,
    NoticeResponse,
    NoticeStatus,
    ResponseKind,
    give_notice,
    is_short_notice,
    missing_responses,
    notice_checks,
    notice_forums,
    respond,
    responses,
    set_notice_status,
)
from facilitator.operations import save_forum
from facilitator.register_docs import conflict_register, notice_register
from facilitator.tablings import Tabling, tablings_at
from tests.builders import escalation_of
from tests.conftest import stand_on
from tests.core.fakes import MemoryStore

ZONE = "Europe/Brussels"


@dataclass
class World:
    store: MemoryStore
    street: Forum
    mayor: Forum
    police: Partner
    outreach: Partner
    residents: Partner
    service: Partner


def _world() -> World:
    store = MemoryStore()
    street = Forum(name="Street round", min_notice_days=14)
    mayor = Forum(name="Mayor's round", tier=Tier.STRATEGIC, min_notice_days=28)
    police = Partner(name="City Police", sector=Sector.POLICE)
    outreach = Partner(name="Outreach North", sector=Sector.OUTREACH)
    residents = Partner(name="Residents of Station Square", sector=Sector.COMMUNITY)
    service = Partner(name="Harbour Lane Drug Service", sector=Sector.DRUG_TREATMENT)
    for forum in (street, mayor):
        save_forum(store, forum).apply(store)  # with the standard standing items
    for record in (police, outreach, residents, service):
        store.put(record)
    for partner in (police, outreach, residents, service):
        store.put(Membership(forum_id=street.id, partner_id=partner.id))
    return World(store, street, mayor, police, outreach, residents, service)


@pytest.fixture
def world() -> World:
    return _world()


def _meeting(w: World, forum: Forum, day: dt.date) -> Meeting:
    edit, meeting = new_meeting(w.store, forum.id, dt.datetime.combine(day, dt.time(10, 0)), timezone=ZONE)
    edit.apply(w.store)
    return meeting


def _conflict(w: World, **changes: object) -> Conflict:
    fields: dict[str, object] = {
        "forum_id": w.street.id,
        "title": "Drug service moving near the school",
        "raised_on": dt.date(2025, 3, 3),
        "raised_by_partner_id": w.residents.id,
        "partners_involved": (w.service.id, w.residents.id),
    }
    fields.update(changes)
    return Conflict(**fields)  # type: ignore[arg-type]


def _notice(w: World, **changes: object) -> Notice:
    fields: dict[str, object] = {
        "partner_id": w.service.id,
        "title": "The drug service moves to Church Street",
        "given_on": dt.date(2025, 3, 1),
        "takes_effect_on": dt.date(2025, 4, 1),
        "affected_forums": (w.street.id,),
        "affected_partners": (w.police.id, w.residents.id),
    }
    fields.update(changes)
    return Notice(**fields)  # type: ignore[arg-type]


# --- validation --------------------------------------------------------------------------------------------------


RAISING, GIVING = (raise_conflict, _conflict), (give_notice, _notice)


@pytest.mark.parametrize(
    ("make", "changes", "field"),
    [
        (RAISING, {"title": "  "}, "title"),
        (RAISING, {"confidentiality": Confidentiality.PUBLIC}, "confidentiality"),
        (RAISING, {"confidentiality": Confidentiality.RESTRICTED}, "restricted_to"),  # names nobody
        (GIVING, {"takes_effect_on": dt.date(2025, 2, 1)}, "takes_effect_on"),  # before it is given
        (GIVING, {"confidentiality": Confidentiality.PUBLIC}, "confidentiality"),
    ],
    ids=[
        "conflict without title",
        "public conflict",
        "restricted to nobody",
        "effect before notice",
        "public notice",
    ],
)
def test_a_conflict_or_notice_is_refused(
    world: World,
    make: tuple[Callable[..., object], Callable[..., object]],
    changes: dict[str, object],
    field: str,
) -> None:
    operation, record = make
    with pytest.raises(ValidationError) as caught:
        operation(world.store, record(world, **changes))
    assert caught.value.field == field


def test_a_raised_conflict_cannot_be_made_public(world: World) -> None:
    raised = _conflict(world)
    raise_conflict(world.store, raised).apply(world.store)
    with pytest.raises(ValidationError):
        save_conflict(world.store, replace(raised, confidentiality=Confidentiality.PUBLIC))


def test_mediation_needs_a_mediator_and_resolution_a_resolution(world: World) -> None:
    conflict = _conflict(world)
    raise_conflict(world.store, conflict).apply(world.store)
    day = dt.date(2025, 3, 10)
    with pytest.raises(ValidationError) as caught:
        move_conflict(world.store, conflict.id, ConflictStage.IN_MEDIATION, day)
    assert caught.value.field == "mediator"
    with pytest.raises(ValidationError) as caught:
        move_conflict(world.store, conflict.id, ConflictStage.RESOLVED, day, resolution="  ")
    assert caught.value.field == "resolution"
    move_conflict(world.store, conflict.id, ConflictStage.IN_MEDIATION, day, mediator="Dr Marsh").apply(
        world.store
    )
    assert world.store.get(Conflict, conflict.id).mediator == "Dr Marsh"


def test_editing_a_conflict_never_moves_its_stage(world: World) -> None:
    conflict = _conflict(world)
    raise_conflict(world.store, conflict).apply(world.store)
    save_conflict(world.store, replace(conflict, title="Renamed", stage=ConflictStage.RESOLVED)).apply(
        world.store
    )
    stored = world.store.get(Conflict, conflict.id)
    assert (stored.title, stored.stage) == ("Renamed", ConflictStage.RAISED)


# --- stages and timeline -----------------------------------------------------------------------------------------


def test_working_a_conflict_through_keeps_every_step_in_date_order(world: World) -> None:
    conflict = _conflict(world)
    raise_conflict(world.store, conflict, "Raised at the round").apply(world.store)
    meeting = _meeting(world, world.street, dt.date(2025, 3, 17))
    moves = [
        (ConflictStage.IN_DISCUSSION, dt.date(2025, 3, 17), {"meeting_id": meeting.id}),
        (ConflictStage.ACKNOWLEDGED, dt.date(2025, 3, 5), {}),  # recorded late, dated earlier
        (ConflictStage.IN_MEDIATION, dt.date(2025, 4, 1), {"mediator": "Dr Marsh"}),
        (
            ConflictStage.RESOLVED,
            dt.date(2025, 5, 2),
            {"resolution": "A new site away from the school", "lessons": "Talk earlier"},
        ),
    ]
    for stage, day, extra in moves:
        move_conflict(world.store, conflict.id, stage, day, f"note {stage.value}", **extra).apply(  # type: ignore[arg-type]
            world.store
        )
    steps = timeline(world.store, conflict.id)
    assert [s.stage for s in steps] == [
        ConflictStage.RAISED,
        ConflictStage.ACKNOWLEDGED,
        ConflictStage.IN_DISCUSSION,
        ConflictStage.IN_MEDIATION,
        ConflictStage.RESOLVED,
    ]
    assert [s.on for s in steps] == sorted(s.on for s in steps)
    assert steps[0].note == "Raised at the round"
    assert steps[2].meeting_id == meeting.id
    done = world.store.get(Conflict, conflict.id)
    assert (done.resolution, done.lessons, done.is_open) == (
        "A new site away from the school",
        "Talk earlier",
        False,
    )
    assert open_conflicts(world.store, world.street.id) == []


def test_undoing_a_move_restores_the_stage_and_drops_the_step(world: World) -> None:
    conflict = _conflict(world)
    raise_conflict(world.store, conflict).apply(world.store)
    edit = move_conflict(world.store, conflict.id, ConflictStage.ACKNOWLEDGED, dt.date(2025, 3, 4))
    edit.apply(world.store)
    edit.revert(world.store)
    assert world.store.get(Conflict, conflict.id).stage is ConflictStage.RAISED
    assert len(timeline(world.store, conflict.id)) == 1


def test_review_overdue_only_while_open(world: World) -> None:
    conflict = _conflict(world, review_on=dt.date(2025, 3, 20))
    assert not conflict.review_overdue(dt.date(2025, 3, 20))
    assert conflict.review_overdue(dt.date(2025, 3, 21))
    assert not replace(conflict, stage=ConflictStage.RESOLVED).review_overdue(dt.date(2025, 3, 21))


# --- short notice ------------------------------------------------------------------------------------------------


def test_short_notice_below_the_forums_minimum(world: World) -> None:
    _meeting(world, world.street, dt.date(2025, 3, 5))
    notice = _notice(world, given_on=dt.date(2025, 3, 1), takes_effect_on=dt.date(2025, 3, 10))
    [check] = notice_checks(world.store, notice)
    assert (check.short, check.below_minimum, check.no_meeting_between) == (True, True, False)
    assert is_short_notice(world.store, notice)


def test_short_notice_when_no_meeting_falls_in_between(world: World) -> None:
    _meeting(world, world.street, dt.date(2025, 5, 5))  # after the change
    notice = _notice(world, given_on=dt.date(2025, 3, 1), takes_effect_on=dt.date(2025, 4, 1))
    [check] = notice_checks(world.store, notice)
    assert (check.short, check.below_minimum, check.no_meeting_between) == (True, False, True)


def test_a_cancelled_meeting_does_not_count_as_one_in_between(world: World) -> None:
    meeting = _meeting(world, world.street, dt.date(2025, 3, 17))
    notice = _notice(world)
    assert not is_short_notice(world.store, notice)
    cancel_meeting(world.store, meeting.id, "Strike").apply(world.store)
    assert is_short_notice(world.store, notice)


def test_enough_notice_for_every_forum(world: World) -> None:
    _meeting(world, world.street, dt.date(2025, 3, 17))
    _meeting(world, world.mayor, dt.date(2025, 3, 20))
    notice = _notice(world, affected_forums=(world.street.id, world.mayor.id))
    checks = notice_checks(world.store, notice)
    assert [c.short for c in checks] == [False, False]
    assert not is_short_notice(world.store, notice)
    # The strategic group wants four weeks: three are short for it alone.
    quicker = replace(notice, takes_effect_on=dt.date(2025, 3, 22))
    assert [c.below_minimum for c in notice_checks(world.store, quicker)] == [False, True]


# --- what meetings table ----------------------------------------------------------------------------------------

DAY_BEFORE = dt.date(2025, 3, 9)  # the clock stands on the Sunday before the first meeting of these tests


def _item(store: MemoryStore, meeting: Meeting, kind: ItemKind) -> str:
    return next(i.id for i in agenda(store, meeting.id) if i.kind is kind)


def _start(w: World, meeting: Meeting) -> None:
    stand_on(meeting.starts_at.date(), dt.time(10, 0))
    start_meeting(w.store, meeting.id).apply(w.store)


def test_open_conflicts_are_on_every_meeting_until_closed_and_fixed_when_it_starts(world: World) -> None:
    stand_on(DAY_BEFORE)
    conflict = _conflict(world)
    other_forum = _conflict(world, forum_id=world.mayor.id, title="Strategic quarrel")
    first = _meeting(world, world.street, dt.date(2025, 3, 10))
    later = _meeting(world, world.street, dt.date(2025, 3, 17))
    assert carried(world.store, first).conflicts == []  # planned before the conflict was raised
    for c in (conflict, other_forum):
        raise_conflict(world.store, c).apply(world.store)
    for meeting in (first, later):
        [tabled] = carried(world.store, meeting).conflicts
        assert tabled.subject_id == conflict.id
        assert tabled.item_id == _item(world.store, meeting, ItemKind.CONFLICT)
        assert tabled.state_then == ConflictStage.RAISED.value
    assert tablings_at(world.store, first.id, "conflicts") == []  # derived, nothing written yet
    _start(world, first)
    [fixed] = tablings_at(world.store, first.id, "conflicts")
    assert fixed.subject_id == conflict.id and fixed.state_then == ConflictStage.RAISED.value
    move_conflict(
        world.store, conflict.id, ConflictStage.RESOLVED, dt.date(2025, 3, 12), resolution="Agreed"
    ).apply(world.store)
    assert carried(world.store, later).conflicts == []
    assert [t.subject_id for t in carried(world.store, first).conflicts] == [conflict.id]  # as it stood then


def test_a_notice_goes_to_the_next_meeting_before_it_takes_effect_and_only_where_it_affects(
    world: World,
) -> None:
    stand_on(DAY_BEFORE)
    elsewhere = _meeting(world, world.mayor, dt.date(2025, 3, 12))
    before = _meeting(world, world.street, dt.date(2025, 3, 10))
    again = _meeting(world, world.street, dt.date(2025, 3, 24))
    after = _meeting(world, world.street, dt.date(2025, 4, 1))  # the day it takes effect
    notice = _notice(world)  # names the street round, 1 March to 1 April; police and residents sit there
    give_notice(world.store, notice).apply(world.store)
    assert carried(world.store, elsewhere).notices == []  # no affected partner sits on the mayor's round
    [tabled] = carried(world.store, before).notices
    assert tabled.item_id == _item(world.store, before, ItemKind.NOTICE)
    assert tabled.state_then == NoticeStatus.GIVEN.value
    assert world.store.get(Notice, notice.id).status is NoticeStatus.GIVEN  # nothing written before the start
    assert carried(world.store, again).notices == []  # the next meeting only
    _start(world, before)
    assert world.store.get(Notice, notice.id).status is NoticeStatus.TABLED
    assert [t.subject_id for t in tablings_at(world.store, before.id, "notices")] == [notice.id]
    assert carried(world.store, again).notices == []  # heard once
    assert carried(world.store, after).notices == []


def test_a_notice_given_after_a_meeting_started_goes_to_the_following_one(world: World) -> None:
    stand_on(DAY_BEFORE)
    first = _meeting(world, world.street, dt.date(2025, 3, 10))
    second = _meeting(world, world.street, dt.date(2025, 3, 17))
    _start(world, first)
    notice = _notice(world, given_on=dt.date(2025, 3, 10))
    give_notice(world.store, notice).apply(world.store)
    assert carried(world.store, first).notices == []
    assert [t.subject_id for t in carried(world.store, second).notices] == [notice.id]


def test_a_notice_reaches_a_forum_where_an_affected_partner_sits(world: World) -> None:
    stand_on(DAY_BEFORE)
    world.store.put(Membership(forum_id=world.mayor.id, partner_id=world.police.id))
    mayor = _meeting(world, world.mayor, dt.date(2025, 3, 13))
    notice = _notice(world, affected_forums=())  # names no forum; the police sit on both rounds
    give_notice(world.store, notice).apply(world.store)
    assert [t.subject_id for t in carried(world.store, mayor).notices] == [notice.id]
    assert [f.name for f in notice_forums(world.store, notice)] == ["Mayor's round", "Street round"]


def test_undoing_the_start_untables_the_notice(world: World) -> None:
    stand_on(DAY_BEFORE)
    meeting = _meeting(world, world.street, dt.date(2025, 3, 10))
    notice = _notice(world)
    give_notice(world.store, notice).apply(world.store)
    stand_on(dt.date(2025, 3, 10), dt.time(10, 0))
    edit = start_meeting(world.store, meeting.id)
    edit.apply(world.store)
    assert world.store.get(Notice, notice.id).status is NoticeStatus.TABLED
    edit.revert(world.store)
    assert world.store.get(Notice, notice.id).status is NoticeStatus.GIVEN
    assert world.store.all(Tabling) == []
    assert [t.subject_id for t in carried(world.store, meeting).notices] == [notice.id]


def test_withdrawn_notices_are_not_tabled(world: World) -> None:
    stand_on(DAY_BEFORE)
    notice = _notice(world)
    give_notice(world.store, notice).apply(world.store)
    meeting = _meeting(world, world.street, dt.date(2025, 3, 10))
    assert len(carried(world.store, meeting).notices) == 1
    set_notice_status(world.store, notice.id, NoticeStatus.WITHDRAWN, "Lease extended").apply(world.store)
    assert carried(world.store, meeting).notices == []
    assert world.store.get(Notice, notice.id).outcome == "Lease extended"


# --- answers -----------------------------------------------------------------------------------------------------


def test_only_affected_partners_answer_and_a_second_answer_replaces_the_first(world: World) -> None:
    notice = _notice(world)
    give_notice(world.store, notice).apply(world.store)
    day = dt.date(2025, 3, 5)
    with pytest.raises(ValidationError) as caught:
        respond(world.store, notice.id, world.outreach.id, kind=ResponseKind.SUPPORTS, text="", on=day)
    assert caught.value.field == "partner_id"
    assert missing_responses(world.store, notice) == [world.police.id, world.residents.id]
    respond(
        world.store, notice.id, world.police.id, kind=ResponseKind.HAS_CONCERNS, text="Patrols", on=day
    ).apply(world.store)
    first = responses(world.store, notice.id)[0]
    respond(
        world.store,
        notice.id,
        world.police.id,
        kind=ResponseKind.SUPPORTS,
        text="Agreed after talks",
        on=dt.date(2025, 3, 9),
    ).apply(world.store)
    [answer] = responses(world.store, notice.id)
    assert (answer.id, answer.kind, answer.text) == (first.id, ResponseKind.SUPPORTS, "Agreed after talks")
    assert missing_responses(world.store, notice) == [world.residents.id]
    respond(
        world.store, notice.id, world.residents.id, kind=ResponseKind.OBJECTS, text="School", on=day
    ).apply(world.store)
    assert missing_responses(world.store, notice) == []
    assert len(world.store.all(NoticeResponse)) == 2


# --- printed registers and confidentiality -----------------------------------------------------------------------

SECRET = ("Zanzibar", "Quetzal", "Xylophone", "Marmalade", "Kestrel")


def _secrets(w: World) -> tuple[Conflict, Notice]:
    """A restricted conflict and a restricted notice for the police and outreach, every text a marker word."""
    conflict = _conflict(
        w,
        title=f"Operation {SECRET[0]} at the station",
        description=f"Plain clothes {SECRET[1]} team",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(w.police.id, w.outreach.id),
        partners_involved=(w.police.id, w.outreach.id),
    )
    raise_conflict(w.store, conflict, f"First note {SECRET[2]}").apply(w.store)
    move_conflict(
        w.store,
        conflict.id,
        ConflictStage.RESOLVED,
        dt.date(2025, 3, 20),
        f"Closing note {SECRET[2]}",
        resolution=f"Resolved by {SECRET[3]}",
        lessons=f"Lesson {SECRET[4]}",
    ).apply(w.store)
    notice = _notice(
        w,
        partner_id=w.police.id,
        title=f"Evening operation {SECRET[0]}",
        description=f"Test purchases {SECRET[1]}",
        reason=f"Because {SECRET[2]}",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(w.police.id, w.outreach.id),
        affected_partners=(w.outreach.id,),
    )
    give_notice(w.store, notice).apply(w.store)
    set_notice_status(w.store, notice.id, NoticeStatus.AGREED, f"Outcome {SECRET[3]}").apply(w.store)
    return conflict, notice


def _open_ones(w: World) -> tuple[Conflict, Notice]:
    conflict = _conflict(w, title="Complaint about stop-and-search")
    raise_conflict(w.store, conflict).apply(w.store)
    notice = _notice(w, title="Opening hours change")
    give_notice(w.store, notice).apply(w.store)
    return conflict, notice


TODAY = dt.date(2025, 3, 25)


def test_the_public_sees_no_conflict_at_all(world: World) -> None:
    _secrets(world)
    _open_ones(world)
    text = conflict_register(world.store, Audience.public(), "en", TODAY).text()
    assert "stop-and-search" not in text
    assert "No conflicts to show." in text
    assert "confidential" not in text  # not even a count


def test_partners_get_a_placeholder_count_for_restricted_conflicts(world: World) -> None:
    _secrets(world)
    _open_ones(world)
    model = conflict_register(world.store, Audience.partners(), "en", TODAY)
    assert "Complaint about stop-and-search" in model.text()
    withheld = [b for b in model.blocks if isinstance(b, Paragraph) and b.tone is Tone.WITHHELD]
    assert [b.text for b in withheld] == ["1 confidential conflict is not shown."]


def test_notice_register_for_partners_and_the_public(world: World) -> None:
    _secrets(world)
    _open_ones(world)
    partners = notice_register(world.store, Audience.partners(), "en", TODAY)
    assert "Opening hours change" in partners.text()
    assert "1 confidential notice is not shown." in partners.text()
    public = notice_register(world.store, Audience.public(), "en", TODAY).text()
    assert "Opening hours change" not in public
    assert "confidential" not in public  # the public is not even told that something is withheld
    assert "No notices to show." in public


@pytest.mark.parametrize(
    ("audience", "entitled"),
    [
        ("public", False),
        ("partners", False),
        ("residents", False),
        ("outreach", True),
        ("police", True),
        ("full", True),
    ],
)
def test_no_word_of_a_restricted_conflict_or_notice_leaks(
    world: World, audience: str, entitled: bool
) -> None:
    _secrets(world)
    _open_ones(world)
    who = {
        "public": Audience.public(),
        "partners": Audience.partners(),
        "full": Audience.full(),
        "residents": Audience.for_partner(world.residents.id),
        "outreach": Audience.for_partner(world.outreach.id),
        "police": Audience.for_partner(world.police.id),
    }[audience]
    for language in ("en", "de"):
        conflicts_text = conflict_register(world.store, who, language, TODAY).text()
        notices_text = notice_register(world.store, who, language, TODAY).text()
        if entitled:
            # Everything written about the conflict is printed; the notice register lists titles.
            assert all(word in conflicts_text for word in SECRET)
            assert SECRET[0] in notices_text
        else:
            leaked = [w for w in SECRET if w in conflicts_text or w in notices_text]
            assert leaked == []


def test_an_escalated_restricted_conflict_shows_only_whom_it_is_restricted_to(world: World) -> None:
    """Regression: the receiving forum's minutes printed a restricted conflict's title and reason to every
    partner there, because the escalation's subject ignored the conflict's own restriction."""
    from facilitator.minutes import build_minutes

    w = world
    for partner in (w.police, w.outreach, w.residents):
        w.store.put(Membership(forum_id=w.mayor.id, partner_id=partner.id))
    secret = _conflict(
        w,
        title="SECRET-TITLE covert operation dispute",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(w.police.id,),
    )
    raise_conflict(w.store, secret).apply(w.store)
    reason = "SECRET-REASON the street round cannot settle it"
    escalation_of(w.store, secret, w.street, w.mayor, reason, today=dt.date(2025, 3, 5)).apply(w.store)
    stand_on(dt.date(2025, 3, 9))
    meeting = _meeting(w, w.mayor, dt.date(2025, 3, 10))

    def text(audience: Audience) -> str:
        return build_minutes(w.store, meeting.id, audience, "en").text()

    for outsider in (Audience.partners(), Audience.for_partner(w.outreach.id), Audience.public()):
        assert "SECRET" not in text(outsider)
    assert "1 confidential escalation is not shown here." in text(Audience.for_partner(w.outreach.id))
    for insider in (Audience.for_partner(w.police.id), Audience.full()):
        shown = text(insider)
        assert "SECRET-TITLE" in shown and "SECRET-REASON" in shown
