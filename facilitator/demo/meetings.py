"""The demonstration partnership's meetings: years of held meetings and the next ones planned.

Every meeting is made and run through the core's operations, with explicit moments for the live clock: the
forum's series is planned by its cadence, past meetings get their topical items, attendance (mostly present,
some apologies, now and then a junior stand-in or a substitute), a chaired run through the agenda, speakers
and decisions with each partner's position; a few are cancelled with a reason. Future meetings are planned
with their agendas. What is said about the scene is in ``stories/meetings.toml`` (``facilitator.demo.scene``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from facilitator import clock
from facilitator.demo import stories
from facilitator.demo.scene import DISCUSS, RESTRICTED, SCENE, Topic
from facilitator.entities import AnyRecord, Cadence, Forum, Membership, Partner, Representative, Tier
from facilitator.meeting_ops import (
    agenda,
    ask_to_speak,
    cancel_meeting,
    end_meeting,
    give_floor,
    move_item,
    move_meeting,
    plan_meetings,
    record_decision,
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
)
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Confidentiality,
    DecisionMethod,
    ItemKind,
    Meeting,
    Presence,
    SpeakerTurn,
    Stance,
    UsualItem,
    standing_items,
)
from facilitator.operations import Edit, members
from facilitator.planning import MAX_PLANNED, planned_dates, to_utc
from facilitator.quorum import Standing, meeting_standings, standings_at_decision
from facilitator.store import Store

TIMEZONE = "Europe/London"
CLOSING_KINDS = frozenset({ItemKind.OTHER_BUSINESS})
#: How many meetings of each cadence are planned ahead of today.
AHEAD = {Cadence.WEEKLY: 8, Cadence.MONTHLY: 3, Cadence.QUARTERLY: 2}

NewId = Callable[[], str]


def with_ids(edit: Edit, new_id: NewId) -> Edit:
    """The edit with every record it creates given an id from ``new_id``, and references to them rewritten.

    The core draws random UUIDs; the demo draws them from its seeded generator so that the same seed gives the
    same partnership, ids included.
    """
    mapping = {after.id: new_id() for before, after in edit.steps if before is None and after is not None}
    if not mapping:
        return edit
    return Edit(edit.text, tuple((before, _renamed(after, mapping)) for before, after in edit.steps))


def apply_with_ids(store: Store, edit: Edit, new_id: NewId) -> Edit:
    """Apply ``edit`` to ``store`` with the demo's own ids (``with_ids``); return it as applied."""
    applied = with_ids(edit, new_id)
    applied.apply(store)
    return applied


def _renamed(record: AnyRecord | None, mapping: Mapping[str, str]) -> AnyRecord | None:
    if record is None:
        return None
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, str) and value in mapping:
            changes[field.name] = mapping[value]
        elif isinstance(value, tuple) and any(isinstance(v, str) and v in mapping for v in value):
            changes[field.name] = tuple(mapping.get(v, v) if isinstance(v, str) else v for v in value)
    return replace(record, **changes) if changes else record


def series(forum: Forum, start: dt.date, end: dt.date) -> list[dt.datetime]:
    """Every meeting time of ``forum`` from ``start`` to before ``end`` by its cadence.

    Monthly and quarterly forums meet on the second weekday of their month (the first date is taken on or after
    the 8th), so that a series planned in several calls stays on the same nth weekday.
    """
    months = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3}.get(forum.cadence)
    after = dt.date(start.year, start.month, 8) if months else start
    if months == 3:
        # Quarters start in January, April, July and October.
        shift = (-(after.month - 1)) % 3
        after = _month_later(after, shift)
    found: list[dt.datetime] = []
    while True:
        chunk = [d for d in planned_dates(forum, after, MAX_PLANNED) if d.date() >= start]
        for when in chunk:
            if when.date() >= end:
                return found
            found.append(when)
        last = chunk[-1].date()
        after = _month_later(dt.date(last.year, last.month, 8), months) if months else last + dt.timedelta(1)


def _month_later(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, day.day)


class MeetingMaker:
    """Makes the demo's meetings in ``store``, drawing every choice and id from ``rng``."""

    def __init__(
        self,
        store: Store,
        rng: random.Random,
        new_id: NewId,
        *,
        forums: Mapping[str, Forum],
        partners: Mapping[str, Partner],
        leaver: Representative,
    ) -> None:
        self.store = store
        self.rng = rng
        self.new_id = new_id
        self.forums = forums
        self.partners = partners
        self.keys = {p.id: key for key, p in partners.items()}
        self.leaver = leaver
        self.staff: dict[str, list[Representative]] = {}
        for person in store.all(Representative):
            self.staff.setdefault(person.partner_id, []).append(person)

    def do(self, edit: Edit) -> Edit:
        """Apply ``edit`` with the demo's own ids; return it as applied."""
        return apply_with_ids(self.store, edit, self.new_id)

    def _text(self, template: str) -> str:
        return template.format(n=self.rng.randint(3, 24), m=self.rng.randint(1, 9))

    # --- the usual agendas ---------------------------------------------------------------------------------

    def fill_usual_agendas(self) -> None:
        """Each forum's usual agenda (its standing items set as the demo's coordinators set them, around its own
        items), copied into every meeting made after it."""
        for key, talk in SCENE.forums.items():
            forum = self.forums[key]
            for standard in usual_agenda(self.store, forum.id):
                self.do(remove_usual_item(self.store, standard.id))
            seen = Confidentiality.PUBLIC if forum.tier is Tier.PUBLIC else Confidentiality.PARTNERS
            standing = standing_items(forum.id, talk.opening + talk.closing, seen)
            own = [
                UsualItem(
                    forum_id=forum.id,
                    position=0,
                    title=topic.title,
                    kind=topic.kind,
                    minutes_allowed=topic.minutes,
                    presenter_partner_id=self.partners[topic.presenter].id,
                    confidentiality=topic.confidentiality,
                )
                for topic in talk.usual
            ]
            # A new usual item goes before the closing "any other business".
            for item in standing + own:
                self.do(save_usual_item(self.store, item))

    # --- series ------------------------------------------------------------------------------------------

    def make_series(self, key: str, today: dt.date, years: int) -> None:
        """The forum's meetings over ``years`` up to today, held or cancelled, and the next ones planned."""
        forum = self.forums[key]
        start = today - dt.timedelta(days=365 * years)
        ahead = AHEAD.get(forum.cadence, 4)
        times = series(forum, start, today + dt.timedelta(days=400))
        past = [t for t in times if t.date() < today]
        future = [t for t in times if t.date() >= today][:ahead]
        made: list[Meeting] = []
        for chunk_start in range(0, len(past) + len(future), MAX_PLANNED):
            chunk = (past + future)[chunk_start : chunk_start + MAX_PLANNED]
            edit = self.do(
                plan_meetings(self.store, forum.id, chunk[0].date(), len(chunk), timezone=TIMEZONE)
            )
            made.extend(r for _b, r in edit.steps if isinstance(r, Meeting))
        made.sort(key=lambda m: m.starts_at)
        # The archived outreach worker stood in at the street round until they left, 40% into the period.
        leaver_left = start + dt.timedelta(days=365 * years * 2 // 5) if key == "operational" else start
        prepared = 0
        for meeting in made:
            day = meeting.starts_at.date()
            if _christmas_week(day) and key == "operational":
                self.do(cancel_meeting(self.store, meeting.id, SCENE.christmas))
            elif day.month == 8 and key == "strategic":
                self.do(cancel_meeting(self.store, meeting.id, SCENE.recess))
            elif day >= today:
                self._prepare(key, meeting, prepared)
                prepared += 1
            elif key == "operational" and self.rng.random() < 0.02:
                reason = self.rng.choice(SCENE.forums[key].cancelled)
                self.do(cancel_meeting(self.store, meeting.id, reason))
            else:
                self._hold(key, meeting, leaver_may_stand_in=day < leaver_left)

    # --- future meetings ---------------------------------------------------------------------------------

    def _prepare(self, key: str, meeting: Meeting, ahead: int) -> None:
        """The next meetings get their topical items; the next street round also the police operation."""
        if ahead == 1 and key == "strategic":
            # The mayor's diary: the second planned round moves a day later; the rest of the series stays.
            self.do(move_meeting(self.store, meeting.id, meeting.starts_at + dt.timedelta(days=1)))
        if ahead > 1:
            return
        for topic in self.rng.sample(SCENE.forums[key].topics, 2):
            self._add_topic(meeting, topic, with_notes=False)
        if key == "operational" and ahead == 0:
            self._add_topic(meeting, SCENE.operation, with_notes=False)

    def _add_topic(self, meeting: Meeting, topic: Topic, *, with_notes: bool) -> AgendaItem:
        presenter = self.partners[topic.presenter]
        person = self._main_representative(meeting.forum_id, presenter.id)
        item = AgendaItem(
            meeting_id=meeting.id,
            position=0,
            title=topic.title,
            kind=topic.kind,
            minutes_allowed=topic.minutes,
            presenter_partner_id=presenter.id,
            presenter_id=person,
            confidentiality=topic.confidentiality,
            restricted_to=tuple(self.partners[k].id for k in topic.restricted_to),
            notes=self._text(self.rng.choice(topic.notes)) if with_notes and topic.notes else "",
        )
        edit = self.do(save_item(self.store, item))
        created = edit.steps[0][1]
        assert isinstance(created, AgendaItem)
        # Added at the end; the coordinator moves it up before "any other business".
        closing = [i.position for i in agenda(self.store, meeting.id) if i.kind in CLOSING_KINDS]
        if closing:
            self.do(move_item(self.store, created.id, min(closing)))
        return self.store.get(AgendaItem, created.id)

    def _main_representative(self, forum_id: str, partner_id: str) -> str | None:
        for partner, seat in members(self.store, forum_id):
            if partner.id == partner_id:
                return seat.main_representative_id
        return None

    # --- held meetings -----------------------------------------------------------------------------------

    def _hold(self, key: str, meeting: Meeting, *, leaver_may_stand_in: bool) -> None:
        topics = list(self.rng.sample(SCENE.forums[key].topics, self.rng.randint(1, 2)))
        if key == "operational" and self.rng.random() < 0.1:
            topics.append(SCENE.operation)
        added = [(self._add_topic(meeting, t, with_notes=True), t) for t in topics]
        self._take_attendance(key, meeting, leaver_may_stand_in=leaver_may_stand_in)
        self._name_chair_and_minute_taker(meeting)
        self._chair(key, meeting)
        if self.forums[key].tier is not Tier.PUBLIC:
            for item, topic in added:
                if topic.decision and topic.confidentiality is not RESTRICTED:
                    self._decide(meeting, item, topic)

    def _name_chair_and_minute_taker(self, meeting: Meeting) -> None:
        """The first member present on the roll chairs; the last takes the minutes (no draw of the demo's dice, so
        everything else the demo makes stays as it was)."""
        present = [
            line.representative_id
            for line in roll(self.store, meeting.id)
            if line.representative_id and line.presence in (Presence.PRESENT, Presence.SUBSTITUTE)
        ]
        if len(present) < 2:
            return
        current = self.store.get(Meeting, meeting.id)
        chosen = replace(current, chair_id=present[0], minute_taker_id=present[-1])
        self.do(save_meeting(self.store, chosen))

    def _take_attendance(self, key: str, meeting: Meeting, *, leaver_may_stand_in: bool) -> None:
        seats = {m.partner_id: m for _p, m in members(self.store, meeting.forum_id)}
        start = meeting.starts_at
        for line in roll(self.store, meeting.id):
            chance = self.rng.random()
            if leaver_may_stand_in and line.partner_id == self.leaver.partner_id and chance < 0.25:
                chance = 1.0  # before they left, the outreach worker often stood in at the street round
            if chance < 0.8:
                late = self.rng.random() < 0.06
                arrived = (start + dt.timedelta(minutes=self.rng.randint(10, 25))).time() if late else None
                self.do(
                    set_attendance(self.store, replace(line, presence=Presence.PRESENT, arrived_at=arrived))
                )
            elif chance < 0.9:
                self.do(set_attendance(self.store, replace(line, presence=Presence.APOLOGIES)))
            elif chance < 0.93:
                self.do(set_attendance(self.store, replace(line, presence=Presence.ABSENT)))
            else:
                stand_in = self._stand_in(seats.get(line.partner_id or ""), line, leaver_may_stand_in)
                if stand_in is None:
                    self.do(set_attendance(self.store, replace(line, presence=Presence.PRESENT)))
                    continue
                self.do(set_attendance(self.store, replace(line, presence=Presence.APOLOGIES)))
                substitute = Attendance(
                    meeting_id=meeting.id,
                    partner_id=line.partner_id,
                    representative_id=stand_in.id,
                    presence=Presence.SUBSTITUTE,
                    substitute_for_id=line.representative_id,
                )
                self.do(set_attendance(self.store, substitute))
        guest_chance = {"strategic": 0.15, "operational": 0.05}.get(key, 0.0)
        if self.rng.random() < guest_chance:
            guest = {"meeting_id": meeting.id, "presence": "present", **self.rng.choice(SCENE.guests)}
            self.do(set_attendance(self.store, stories.entry(Attendance, guest)))

    def _stand_in(
        self, seat: Membership | None, line: Attendance, leaver_may_stand_in: bool
    ) -> Representative | None:
        """A named substitute, or else a colleague: often someone junior who may not decide."""
        if seat is None or line.partner_id is None:
            return None
        colleagues = {p.id: p for p in self.staff.get(line.partner_id, [])}
        if leaver_may_stand_in and self.leaver.partner_id == line.partner_id:
            colleagues[self.leaver.id] = self.leaver
        named = [colleagues[i] for i in seat.substitute_ids if i in colleagues]
        if leaver_may_stand_in and self.leaver.id in colleagues:
            named = [self.leaver]
        others = [p for p in colleagues.values() if p.id != line.representative_id]
        pool = named or others
        return self.rng.choice(pool) if pool else None

    def _chair(self, key: str, meeting: Meeting) -> None:
        """Run the meeting live: open a few minutes late, take each item in turn, hear the speakers, close."""
        moment = to_utc(meeting.starts_at, meeting.timezone) + dt.timedelta(minutes=self.rng.randint(0, 6))
        self.do(start_meeting(self.store, meeting.id, now=moment))
        standings, _quorum = meeting_standings(self.store, self.store.get(Meeting, meeting.id))
        present = [s.partner for s in standings if s.standing is not Standing.NOT_PRESENT]
        usual = {t.title: t.notes for t in SCENE.forums[key].usual}
        heard = False
        for item in agenda(self.store, meeting.id):
            self.do(start_item(self.store, item.id, now=moment))
            spent = dt.timedelta(seconds=int(item.minutes_allowed * 60 * self.rng.uniform(0.5, 1.35)))
            if item.title in usual:
                options = usual[item.title]
                if options:
                    self.do(save_notes(self.store, item.id, self._text(self.rng.choice(options))))
            if item.kind is DISCUSS and not heard and len(present) >= 2:
                heard = True
                self._speakers(item, present, moment, spent)
            moment += spent
        self.do(end_meeting(self.store, meeting.id, now=moment))

    def _speakers(
        self, item: AgendaItem, present: Sequence[Partner], started: dt.datetime, spent: dt.timedelta
    ) -> None:
        speakers = self.rng.sample(list(present), min(len(present), self.rng.randint(2, 4)))
        step = spent / (len(speakers) + 1)
        for number, partner in enumerate(speakers):
            asked = started + step * number + dt.timedelta(seconds=30)
            edit = self.do(ask_to_speak(self.store, item.id, partner.id, now=asked))
            turn = edit.steps[0][1]
            assert isinstance(turn, SpeakerTurn)
            self.do(give_floor(self.store, turn.id, now=asked + step / 2))

    def _decide(self, meeting: Meeting, item: AgendaItem, topic: Topic) -> None:
        """A decision with the position of every partner in the room when it was taken: mostly consensus, some
        votes, now and then a block."""
        held = self.store.get(Meeting, meeting.id)
        _moment, standings, _quorum = standings_at_decision(
            self.store, held, self.store.get(AgendaItem, item.id), None, clock.now()
        )
        chance = self.rng.random()
        method = (
            DecisionMethod.CONSENSUS
            if chance < 0.78
            else DecisionMethod.VOTE
            if chance < 0.94
            else DecisionMethod.DEFERRED
        )
        deciders = [s.partner.id for s in standings if s.standing is Standing.CAN_DECIDE]
        blocker = dissenter = None
        if method is DecisionMethod.VOTE and deciders:
            # A vote is taken because someone disagrees; now and then a partner blocks.
            if self.rng.random() < 0.2:
                blocker = self.rng.choice(deciders)
            elif len(deciders) > 1:
                dissenter = self.rng.choice(deciders)
        positions: dict[str, tuple[Stance, str]] = {}
        for standing in standings:
            partner_id = standing.partner.id
            if standing.standing is Standing.NOT_PRESENT:
                positions[partner_id] = (Stance.NOT_PRESENT, "")
            elif standing.standing is Standing.CANNOT_DECIDE:
                positions[partner_id] = (Stance.ABSTAIN, SCENE.cannot_decide)
            elif partner_id == blocker:
                positions[partner_id] = (Stance.BLOCK, self.rng.choice(SCENE.block))
            elif partner_id == dissenter:
                positions[partner_id] = (Stance.DISAGREE, self.rng.choice(SCENE.disagree))
            elif method is DecisionMethod.VOTE and self.rng.random() < 0.2:
                stance = self.rng.choice((Stance.DISAGREE, Stance.ABSTAIN))
                reason = self.rng.choice(SCENE.disagree) if stance is Stance.DISAGREE else ""
                positions[partner_id] = (stance, reason)
            else:
                positions[partner_id] = (Stance.AGREE, "")
        text = topic.decision
        if method is DecisionMethod.DEFERRED:
            text = SCENE.deferred.format(decision=text)
        self.do(record_decision(self.store, item.id, text, method, positions))


def _christmas_week(day: dt.date) -> bool:
    return (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)
