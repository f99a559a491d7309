"""Indicators against a small partnership whose every number was counted by hand (see ``build_world``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from facilitator.actions import Action, ActionReview, ActionStatus
from facilitator.audience import Audience
from facilitator.conflicts import Conflict, ConflictCategory, ConflictStage, move_conflict, raise_conflict
from facilitator.docmodel import Chart, Heading, Paragraph, Table, Tone
from facilitator.entities import Forum, Partner, Representative, Sector, Tier
from facilitator.escalation import Escalation, answer_escalation, escalate
from facilitator.i18n import translator
from facilitator.indicators import (
    Period,
    actions_by_partner,
    attendance_by_partner,
    attendance_trend,
    conflict_counts,
    escalation_counts,
    meeting_counts,
    notice_counts,
)
from facilitator.meeting_ops import agenda, new_meeting, roll
from facilitator.meetings import (
    Attendance,
    Confidentiality,
    Decision,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
)
from facilitator.notices import Notice, ResponseKind, give_notice, respond
from facilitator.operations import save_forum, save_partner, save_representative, set_membership
from facilitator.year_review import indicator_sections, year_in_review
from tests.builders import substitute_line
from tests.conftest import stand_on
from tests.core.fakes import MemoryStore

YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
ZONE = "Europe/Brussels"
UTC = dt.UTC
#: The headings of the year in review's sections in English, in their order (the window's and the command
#: line's tests look for them too).
YEAR_REVIEW_SECTIONS = (
    "Meetings",
    "Attendance by partner",
    "Attendance over time",
    "Actions by partner",
    "Conflicts",
    "Notices of intended change",
    "Escalations",
    "Meetings held",
    "Decisions taken",
)


@dataclass
class World:
    store: MemoryStore
    street: Forum
    mayor: Forum
    police: Partner
    outreach: Partner
    residents: Partner
    meetings: list[Meeting]  # M1..M7: five held, one cancelled (June), one planned (December)
    actions: dict[str, Action]
    conflicts: list[Conflict]
    notices: list[Notice]
    escalations: list[Escalation]


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def build_world() -> World:
    """The hand-counted partnership of 2025.

    Street round: M1 13 Jan, M2 10 Feb, M3 10 Mar, M4 14 Apr, M5 12 May held; M6 9 Jun cancelled; M7 8 Dec planned.

    Attendance (held meetings):       M1            M2                 M3           M4         M5
    - Police (Anna decides, Ben not): Anna + Ben    Anna               Ben only     apologies  Anna
      -> 5 on roll, 4 present (two people at M1 count once), 3 at decision level
    - Outreach (Omar decides):        Omar          junior stand-in    Omar         Omar       absent
      -> 5, 4 present, 3 at decision level (the stand-in may not decide)
    - Residents (Rita decides):       Rita          absent             Rita         absent     absent
      -> 5, 2, 2
    Trend by quarter: Q1 8 of 9, Q2 2 of 6, Q3 and Q4 no held meeting.

    Actions due in 2025: Police A1 done on time (15 days), A2 done late (41 days), A3 open past due (tabled at two
    meetings, A2 at one); Outreach A4 done on the due day (28 days), A6 dropped; A5 is due in 2026.
    Conflicts: C1 trust, raised 10 Feb, resolved 12 Mar (30 days); C2 resources, raised 1 Apr, open, review 15 Apr.
    Notices: N1 given 2 Jan for 1 Mar (in time), Outreach answered, Residents not; N2 given 20 Apr for 25 Apr
    (short: 5 days and no meeting between), Police not answered. Escalations: E1 raised 5 Mar, answered 19 Mar
    (14 days); E2 raised 1 Apr, open.
    """
    store = MemoryStore()
    street = Forum(name="Street round", min_notice_days=14)
    mayor = Forum(name="Mayor's round", tier=Tier.STRATEGIC)
    police = Partner(name="City Police", short_name="Police", sector=Sector.POLICE)
    outreach = Partner(name="Outreach North", sector=Sector.OUTREACH)
    residents = Partner(name="Residents' Association", short_name="Residents", sector=Sector.COMMUNITY)
    anna = Representative(name="Anna", partner_id=police.id, may_decide=True)
    ben = Representative(name="Ben", partner_id=police.id, may_decide=False)
    omar = Representative(name="Omar", partner_id=outreach.id, may_decide=True)
    junior = Representative(name="Jo", partner_id=outreach.id, may_decide=False)
    rita = Representative(name="Rita", partner_id=residents.id, may_decide=True)
    for forum in (street, mayor):
        save_forum(store, forum).apply(store)
    for partner in (police, outreach, residents):
        save_partner(store, partner).apply(store)
    for person in (anna, ben, omar, junior, rita):
        save_representative(store, person).apply(store)
    for partner, person in ((police, anna), (outreach, omar), (residents, rita)):
        set_membership(store, street.id, partner.id, person.id).apply(store)

    days = [
        dt.date(2025, 1, 13),
        dt.date(2025, 2, 10),
        dt.date(2025, 3, 10),
        dt.date(2025, 4, 14),
        dt.date(2025, 5, 12),
        dt.date(2025, 6, 9),
        dt.date(2025, 12, 8),
    ]
    meetings = []
    for day in days:
        edit, meeting = new_meeting(
            store, street.id, dt.datetime(day.year, day.month, day.day, 10), timezone=ZONE
        )
        edit.apply(store)
        meetings.append(meeting)
    present = {  # meeting number -> representatives present
        0: {anna.id, omar.id, rita.id},
        1: {anna.id},
        2: {omar.id, rita.id},
        3: {omar.id},
        4: {anna.id},
    }
    for number in range(5):
        meeting = replace(meetings[number], status=MeetingStatus.HELD)
        store.put(meeting)
        meetings[number] = meeting
        for line in roll(store, meeting.id):
            here = line.representative_id in present[number]
            store.put(replace(line, presence=Presence.PRESENT if here else Presence.ABSENT))
    store.put(
        replace(
            next(line for line in roll(store, meetings[3].id) if line.partner_id == police.id),
            presence=Presence.APOLOGIES,
        )
    )
    for number in (0, 2):  # Ben, who may not decide, came with Anna to M1 and alone to M3
        store.put(
            Attendance(
                meeting_id=meetings[number].id,
                partner_id=police.id,
                representative_id=ben.id,
                presence=Presence.PRESENT,
            )
        )
    store.put(substitute_line(meetings[1].id, outreach.id, junior.id, omar.id))
    meetings[5] = replace(meetings[5], status=MeetingStatus.CANCELLED)
    store.put(meetings[5])

    def action(key: str, owner: Partner, created: dt.date, due: dt.date, **more: object) -> Action:
        made = Action(
            forum_id=street.id, title=key, owner_partner_id=owner.id, due=due, created=_at(created), **more
        )  # type: ignore[arg-type]
        store.put(made)
        return made

    done = ActionStatus.DONE
    actions = {
        "A1": action(
            "A1",
            police,
            dt.date(2025, 1, 10),
            dt.date(2025, 2, 1),
            status=done,
            completed_on=dt.date(2025, 1, 25),
        ),
        "A2": action(
            "A2",
            police,
            dt.date(2025, 1, 10),
            dt.date(2025, 2, 1),
            status=done,
            completed_on=dt.date(2025, 2, 20),
        ),
        "A3": action("A3", police, dt.date(2025, 3, 1), dt.date(2025, 4, 1)),
        "A4": action(
            "A4",
            outreach,
            dt.date(2025, 2, 1),
            dt.date(2025, 3, 1),
            status=done,
            completed_on=dt.date(2025, 3, 1),
        ),
        "A5": action("A5", outreach, dt.date(2025, 6, 1), dt.date(2026, 1, 15)),
        "A6": action("A6", outreach, dt.date(2025, 5, 1), dt.date(2025, 6, 1), status=ActionStatus.DROPPED),
    }
    review_item = next(i for i in agenda(store, meetings[1].id) if i.kind is ItemKind.REVIEW_OF_ACTIONS)
    for key, meeting in (("A2", meetings[1]), ("A3", meetings[3]), ("A3", meetings[4])):
        store.put(
            ActionReview(
                meeting_id=meeting.id,
                item_id=review_item.id,
                action_id=actions[key].id,
                position=0,
                status_then=ActionStatus.OPEN,
            )
        )

    c1 = Conflict(
        forum_id=street.id,
        title="C1",
        raised_on=dt.date(2025, 2, 10),
        raised_by_partner_id=police.id,
        category=ConflictCategory.TRUST,
    )
    c2 = Conflict(
        forum_id=street.id,
        title="C2",
        raised_on=dt.date(2025, 4, 1),
        raised_by_partner_id=outreach.id,
        category=ConflictCategory.RESOURCES,
        review_on=dt.date(2025, 4, 15),
    )
    for conflict in (c1, c2):
        raise_conflict(store, conflict).apply(store)
    move_conflict(store, c1.id, ConflictStage.RESOLVED, dt.date(2025, 3, 12), resolution="Talked").apply(
        store
    )

    n1 = Notice(
        partner_id=police.id,
        title="N1",
        given_on=dt.date(2025, 1, 2),
        takes_effect_on=dt.date(2025, 3, 1),
        affected_forums=(street.id,),
        affected_partners=(outreach.id, residents.id),
    )
    n2 = Notice(
        partner_id=outreach.id,
        title="N2",
        given_on=dt.date(2025, 4, 20),
        takes_effect_on=dt.date(2025, 4, 25),
        affected_forums=(street.id,),
        affected_partners=(police.id,),
    )
    for notice in (n1, n2):
        give_notice(store, notice).apply(store)
    respond(store, n1.id, outreach.id, kind=ResponseKind.SUPPORTS, text="", on=dt.date(2025, 1, 9)).apply(
        store
    )

    raised = []
    for subject, day in (("C1", dt.date(2025, 3, 5)), ("A3", dt.date(2025, 4, 1))):
        edit = escalate(
            store,
            subject_kind="actions",
            subject_id=subject,
            subject_title=subject,
            from_forum_id=street.id,
            to_forum_id=mayor.id,
            reason="Stuck",
            today=day,
        )
        edit.apply(store)
        raised.append(edit.steps[0][1])
    answer_escalation(store, raised[0].id, "Funded", dt.date(2025, 3, 19), None).apply(store)
    return World(
        store,
        street,
        mayor,
        police,
        outreach,
        residents,
        meetings,
        actions,
        [c1, c2],
        [n1, n2],
        [store.get(Escalation, e.id) for e in raised],
    )


@pytest.fixture
def world() -> World:
    return build_world()


def test_meetings_held_against_planned(world: World) -> None:
    counts = meeting_counts(world.store, YEAR)
    assert (counts.held, counts.planned, counts.cancelled) == (5, 6, 1)
    assert meeting_counts(world.store, YEAR, world.mayor.id) == type(counts)(0, 0, 0)
    first_half = Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert meeting_counts(world.store, first_half).planned == 5


def test_attendance_by_partner_counts_each_partner_once(world: World) -> None:
    rows = {a.partner.short_name or a.partner.name: a for a in attendance_by_partner(world.store, YEAR)}
    assert set(rows) == {"Police", "Outreach North", "Residents"}
    police, outreach, residents = rows["Police"], rows["Outreach North"], rows["Residents"]
    assert (police.meetings, police.present, police.decision_level) == (5, 4, 3)
    assert (outreach.meetings, outreach.present, outreach.decision_level) == (5, 4, 3)
    assert (residents.meetings, residents.present, residents.decision_level) == (5, 2, 2)
    assert police.rate == pytest.approx(0.8)
    assert police.decision_rate == pytest.approx(0.6)
    assert residents.rate == pytest.approx(0.4)


def test_attendance_trend_by_quarter(world: World) -> None:
    trend = attendance_trend(world.store, YEAR, months_per_step=3)
    assert [step.start for step, _rate in trend] == [
        dt.date(2025, 1, 1),
        dt.date(2025, 4, 1),
        dt.date(2025, 7, 1),
        dt.date(2025, 10, 1),
    ]
    rates = [rate for _step, rate in trend]
    assert rates[0] == pytest.approx(8 / 9)
    assert rates[1] == pytest.approx(2 / 6)
    assert rates[2:] == [None, None]


def test_actions_by_partner(world: World) -> None:
    rows = {a.partner.name: a for a in actions_by_partner(world.store, YEAR)}
    police, outreach = rows["City Police"], rows["Outreach North"]
    assert (police.due, police.completed, police.on_time, police.overdue) == (3, 2, 1, 1)
    assert police.median_days_to_complete == pytest.approx(28.0)  # 15 and 41 days
    assert police.average_times_carried == pytest.approx(1.0)  # 0, 1 and 2 meetings
    assert (outreach.due, outreach.completed, outreach.on_time, outreach.overdue) == (2, 1, 1, 0)
    assert outreach.median_days_to_complete == pytest.approx(28.0)
    assert outreach.average_times_carried == pytest.approx(0.0)
    assert "Residents' Association" not in rows


def test_conflicts_notices_and_escalations(world: World) -> None:
    conflicts = conflict_counts(world.store, YEAR)
    assert (conflicts[0].category, conflicts[0].raised, conflicts[0].resolved) == (None, 2, 1)
    assert conflicts[0].median_days_to_resolve == pytest.approx(30.0)
    by_category = {c.category: c for c in conflicts[1:]}
    assert (by_category[ConflictCategory.TRUST].raised, by_category[ConflictCategory.TRUST].resolved) == (
        1,
        1,
    )
    assert by_category[ConflictCategory.RESOURCES].median_days_to_resolve is None
    notices = notice_counts(world.store, YEAR)
    assert (notices.given, notices.enough_notice, notices.responses_outstanding) == (2, 1, 2)
    escalated = escalation_counts(world.store, YEAR)
    assert (escalated.raised, escalated.answered) == (2, 1)
    assert escalated.median_days_to_answer == pytest.approx(14.0)
    assert escalation_counts(world.store, YEAR, world.mayor.id).raised == 2


def test_sections_show_the_same_numbers_with_charts(world: World) -> None:
    sections = {s.key: s for s in indicator_sections(world.store, YEAR, translator("en"))}
    assert list(sections) == [
        "meetings",
        "attendance",
        "trend",
        "actions",
        "conflicts",
        "notices",
        "escalations",
    ]
    assert sections["meetings"].table.rows == (("5", "6", "1"),)
    attendance = sections["attendance"]
    assert ("City Police", "5", "80%", "60%") in attendance.table.rows
    chart = attendance.chart
    assert isinstance(chart, Chart) and chart.layout == "overlay" and chart.value_format == "percent"
    assert chart.categories == ("Police", "Outreach North", "Residents")
    assert chart.series[0].values == pytest.approx((0.8, 0.8, 0.4))
    assert chart.table().rows[0] == ("Police", "80%", "60%")
    actions = sections["actions"].chart
    assert actions is not None and actions.layout == "stacked"
    # Police: 1 on time, 1 late, 1 overdue, 0 other; Outreach: 1 on time, 0, 0, 1 dropped.
    assert [s.values for s in actions.series] == [(1.0, 1.0), (1.0, 0.0), (1.0, 0.0), (0.0, 1.0)]
    assert sections["trend"].table.rows == (
        ("Jan–Mar 2025", "89%"),
        ("Apr–Jun 2025", "33%"),
        ("Jul–Sep 2025", "—"),
        ("Oct–Dec 2025", "—"),
    )
    assert sections["notices"].table.rows == (("2", "1", "50%", "2"),)


def _headings(model: object) -> list[str]:
    return [b.text for b in model.blocks if isinstance(b, Heading)]  # type: ignore[attr-defined]


def test_year_in_review_for_partners_has_every_section_and_definition(world: World) -> None:
    item = next(i for i in agenda(world.store, world.meetings[0].id) if i.kind is ItemKind.MINUTES)
    public_item = replace(
        item,
        id="public-item",
        title="Cleaner square",
        kind=ItemKind.DECISION,
        confidentiality=Confidentiality.PUBLIC,
    )
    partners_item = replace(
        public_item, id="partners-item", title="Joint patrol plan", confidentiality=Confidentiality.PARTNERS
    )
    world.store.put(public_item)
    world.store.put(partners_item)
    world.store.put(Decision(item_id=public_item.id, text="Extra bins on the square"))
    world.store.put(Decision(item_id=partners_item.id, text="Patrols at night from May"))
    model = year_in_review(world.store, YEAR, "en")
    text = model.text()
    for heading in (*YEAR_REVIEW_SECTIONS, "Conflicts handled", "Notices of change handled"):
        assert heading in _headings(model)
    notes = [b.text for b in model.blocks if isinstance(b, Paragraph) and b.tone is Tone.NOTE]
    assert any(n.startswith("Attendance rate of a partner") for n in notes)
    assert any(n.startswith("Represented at decision level") for n in notes)
    assert sum(isinstance(b, Chart) for b in model.blocks) == 4
    assert "Extra bins on the square" in text and "Patrols at night from May" in text
    assert "C1" in text and "N2" in text and "Short notice" in text
    assert model.status == "For partners"


def test_public_year_in_review_leaves_out_what_the_public_may_not_see(world: World) -> None:
    item = next(i for i in agenda(world.store, world.meetings[0].id) if i.kind is ItemKind.MINUTES)
    for number, (title, level) in enumerate(
        (
            ("Public", Confidentiality.PUBLIC),
            ("Partners", Confidentiality.PARTNERS),
            ("Restricted", Confidentiality.RESTRICTED),
        )
    ):
        decided = replace(
            item,
            id=f"i{number}",
            title=title,
            kind=ItemKind.DECISION,
            confidentiality=level,
            restricted_to=(world.police.id,) if level is Confidentiality.RESTRICTED else (),
        )
        world.store.put(decided)
        world.store.put(Decision(item_id=decided.id, text=f"{title} decision"))
    model = year_in_review(world.store, YEAR, "en", audience=Audience.public())
    text = model.text()
    assert "Public decision" in text
    assert "Partners decision" not in text and "Restricted decision" not in text
    assert "Conflicts" not in _headings(model) and "Conflicts handled" not in _headings(model)
    assert "C1" not in text and "N1" not in text
    assert "Notices of change handled" not in _headings(model)
    assert model.status == "For the public"
    partners = year_in_review(world.store, YEAR, "en").text()
    assert "Restricted decision" not in partners  # restricted items are for their partners only


def test_restricted_conflicts_are_counted_not_listed(world: World) -> None:
    secret = replace(
        world.store.get(Conflict, world.conflicts[1].id),
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(world.police.id,),
    )
    world.store.put(secret)
    model = year_in_review(world.store, YEAR, "en")
    tables = [b for b in model.blocks if isinstance(b, Table) and b.header and b.header[0] == "Conflict"]
    assert [row[0] for row in tables[0].rows] == ["C1"]
    assert "1 restricted conflict is not listed here." in model.text()


def test_year_in_review_in_another_language_and_for_one_forum(world: World) -> None:
    model = year_in_review(world.store, YEAR, "fr", world.street.id)
    assert model.language == "fr"
    assert "Street round" in model.subtitle
    assert "janv." in model.text()  # dates in French
    empty = year_in_review(world.store, YEAR, "en", world.mayor.id)
    assert "Nothing to count in this period." in empty.text()
    assert not any(isinstance(b, Chart) and not b.categories for b in empty.blocks)


def _one_action(store: MemoryStore, partner: Partner, forum: Forum, due: dt.date, **more: object) -> Action:
    action = Action(forum_id=forum.id, title=f"Due {due}", owner_partner_id=partner.id, due=due, **more)  # type: ignore[arg-type]
    store.put(action)
    return action


def test_a_year_still_running_counts_as_overdue_only_what_is_past_due_today(world: World) -> None:
    stand_on(dt.date(2025, 12, 7))  # the coordinator looks at this year's figures in early December
    store = MemoryStore()
    partner = Partner(name="Harbour Trust", sector=Sector.HOUSING)
    store.put(partner)
    _one_action(store, partner, world.street, dt.date(2025, 12, 1))  # a week late
    _one_action(store, partner, world.street, dt.date(2025, 12, 20))  # due in a fortnight
    [row] = actions_by_partner(store, YEAR)
    assert (row.due, row.completed, row.overdue) == (2, 0, 1)
    stand_on(dt.date(2026, 1, 5))  # the year is over: both were past due at its end
    [row] = actions_by_partner(store, YEAR)
    assert (row.due, row.completed, row.overdue) == (2, 0, 2)


def test_an_action_done_after_the_year_ended_was_overdue_at_its_end(world: World) -> None:
    stand_on(dt.date(2026, 3, 1))  # the year's report, printed in March
    store = MemoryStore()
    partner = Partner(name="Harbour Trust", sector=Sector.HOUSING)
    store.put(partner)
    late = dict(status=ActionStatus.DONE, completed_on=dt.date(2026, 1, 20))
    _one_action(store, partner, world.street, dt.date(2025, 11, 3), **late)  # done in January
    _one_action(
        store,
        partner,
        world.street,
        dt.date(2025, 11, 10),
        status=ActionStatus.DONE,
        completed_on=dt.date(2025, 11, 7),
    )
    [row] = actions_by_partner(store, YEAR)
    assert (row.due, row.completed, row.on_time, row.overdue) == (2, 1, 1, 1)
    assert actions_by_partner(store, YEAR, today=dt.date(2025, 12, 31)) == [
        row
    ]  # as printed on New Year's Eve
