"""A small street round with figures, for the tests of street figures (core, documents, storage and window).

Import it as ``from tests.core.figure_world import build_figure_world`` and give it any store (a ``MemoryStore``
or a real partnership file). Every number the tests count on is made here, by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from facilitator.entities import Cadence, Forum, Partner, Representative, Sector
from facilitator.figure_ops import save_figure
from facilitator.figures import Combine, Frequency, TrackedFigure
from facilitator.meeting_ops import new_meeting, save_usual_item, set_attendance
from facilitator.meetings import (
    Attendance,
    Confidentiality,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
    UsualItem,
)
from facilitator.operations import save_forum, save_partner, save_representative, set_membership
from facilitator.store import Store

ZONE = "Europe/London"
FIRST_MONDAY = dt.date(2025, 1, 6)
#: The marker a partners-only figure carries in its name: it must never reach a public document.
SECRET = "PARTNERSONLYFIGURE"


@dataclass
class FigureWorld:
    """The street round, its partners, its weekly meetings (held) and three figures."""

    store: Store
    forum: Forum
    police: Partner
    cleansing: Partner
    outreach: Partner
    meetings: list[Meeting]
    needles: TrackedFigure  # common, public, reported by street cleansing under "Needle finds and cleaning"
    incidents: TrackedFigure  # common, partners only, reported by the police under "Street picture"
    cycle_park: TrackedFigure  # the forum's own: monthly, averaged, one decimal, partners only

    def figure(self, figure: TrackedFigure) -> TrackedFigure:
        """The figure as stored now."""
        return self.store.get(TrackedFigure, figure.id)


def _save(store: Store, figure: TrackedFigure) -> TrackedFigure:
    edit = save_figure(store, figure)
    edit.apply(store)
    created = edit.steps[0][1]
    assert isinstance(created, TrackedFigure)
    return created


def build_figure_world(store: Store, *, weeks: int = 10, held: int | None = None) -> FigureWorld:
    """The street round meeting every Monday from 6 January 2025, ``held`` of its ``weeks`` meetings held (all by
    default), the rest planned; its usual agenda has "Street picture" (police, partners only) and "Needle finds
    and cleaning" (street cleansing, public)."""
    forum = Forum(
        name="Station Square weekly round",
        cadence=Cadence.WEEKLY,
        usual_weekday=0,
        usual_time=dt.time(10),
        working_language="en",
    )
    save_forum(store, forum).apply(store)
    police = Partner(name="City Police", short_name="Police", sector=Sector.POLICE)
    cleansing = Partner(name="Street Cleansing", sector=Sector.STREET_CLEANING)
    outreach = Partner(name="Outreach North", short_name="Outreach", sector=Sector.OUTREACH)
    for partner in (police, cleansing, outreach):
        save_partner(store, partner).apply(store)
        set_membership(store, forum.id, partner.id).apply(store)
    for title, presenter, confidentiality in (
        ("Street picture", police, Confidentiality.PARTNERS),
        ("Needle finds and cleaning", cleansing, Confidentiality.PUBLIC),
    ):
        save_usual_item(
            store,
            UsualItem(
                forum_id=forum.id,
                position=0,
                title=title,
                kind=ItemKind.DISCUSSION,
                presenter_partner_id=presenter.id,
                confidentiality=confidentiality,
            ),
        ).apply(store)
    meetings = []
    for week in range(weeks):
        day = FIRST_MONDAY + dt.timedelta(days=7 * week)
        edit, meeting = new_meeting(store, forum.id, dt.datetime.combine(day, dt.time(10)), timezone=ZONE)
        edit.apply(store)
        if held is None or week < held:
            meeting = replace(meeting, status=MeetingStatus.HELD)
            store.put(meeting)
        meetings.append(meeting)
    needles = _save(
        store,
        TrackedFigure(
            forum_id=forum.id,
            partner_id=cleansing.id,
            common="needles_found",
            confidentiality=Confidentiality.PUBLIC,
            reported_under="Needle finds",
        ),
    )
    incidents = _save(
        store,
        TrackedFigure(
            forum_id=forum.id,
            partner_id=police.id,
            common="incidents",
            name=f"Incidents {SECRET}",
            reported_under="Street picture",
        ),
    )
    cycle_park = _save(
        store,
        TrackedFigure(
            forum_id=forum.id,
            partner_id=outreach.id,
            name="People seen using in the cycle park",
            unit="people",
            counts="People seen injecting or smoking in the cycle park on the count night.",
            frequency=Frequency.MONTHLY,
            combine=Combine.AVERAGE,
            decimals=1,
            higher_is_better=False,
            reported_under="Street picture",
        ),
    )
    return FigureWorld(store, forum, police, cleansing, outreach, meetings, needles, incidents, cycle_park)


def seat(world: FigureWorld, meeting: Meeting, *partners: Partner, arrived: dt.time | None = None) -> None:
    """Put someone who may decide for each of ``partners`` on the meeting's roll, present (from ``arrived``)."""
    for partner in partners:
        person = Representative(partner_id=partner.id, name=f"Head of {partner.name}", may_decide=True)
        save_representative(world.store, person).apply(world.store)
        line = Attendance(
            meeting_id=meeting.id,
            partner_id=partner.id,
            representative_id=person.id,
            presence=Presence.PRESENT,
            arrived_at=arrived,
        )
        set_attendance(world.store, line).apply(world.store)
