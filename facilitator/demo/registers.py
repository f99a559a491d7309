"""The demonstration partnership's registers: actions, escalations, conflicts and notices of intended change.

The demo's meetings are made before any register entry exists, so this module walks the held meetings again in
date order, as if each were being started: at each meeting what it carries is fixed as the core fixes it when a
meeting starts (open actions, escalations, conflicts and notices), then what happened at that meeting is recorded
through the core's operations (actions agreed, updates given, escalations raised or answered, conflicts moved
on). Meetings still to come are not touched: they carry what the registers say, as any planned meeting does.
Every choice and id comes from the demo's seeded generator, every date is relative to the demo's ``today``, and
every record gets one shared timestamp, so that a seed gives the same file. The stories themselves are in
``stories/registers.toml``; the dataclasses below declare the shape of its entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from facilitator.actions import Action, ActionStatus, record_update, save_action
from facilitator.carried import freeze_steps
from facilitator.conflicts import (
    Conflict,
    ConflictCategory,
    ConflictStage,
    Severity,
    move_conflict,
    raise_conflict,
    save_conflict,
)
from facilitator.demo import stories
from facilitator.demo.meetings import apply_with_ids
from facilitator.entities import AnyRecord, Forum, Partner, Tier, now
from facilitator.escalation import (
    Direction,
    Escalation,
    EscalationReview,
    answer_escalation,
    close_escalation,
    escalate,
)
from facilitator.frozen import frozen
from facilitator.meeting_ops import agenda, meetings_of
from facilitator.meetings import AgendaItem, Confidentiality, ItemKind, Meeting, MeetingStatus
from facilitator.notices import Notice, NoticeStatus, ResponseKind, give_notice, respond, set_notice_status
from facilitator.operations import Edit, members
from facilitator.planning import to_utc
from facilitator.records import KINDS
from facilitator.store import Store

NewId = Callable[[], str]

#: Forum keys by tier, as the demo names them.
FORUM_KEYS = {Tier.OPERATIONAL: "operational", Tier.STRATEGIC: "strategic", Tier.PUBLIC: "public"}


@frozen
class _Say:
    """An update on an action, ``after`` held meetings of its forum after the one that agreed it."""

    after: int
    note: str
    status: ActionStatus | None = None
    due_after: int | None = None  # a new due date: the day of that many meetings after the agreeing one
    override: str = ""  # the coordinator's reason to go ahead before what the action waits for is done


@frozen
class _ActionPlan:
    key: str
    forum: str
    owner: str  # partner short name
    title: str
    agreed: int  # days before today: agreed at the forum's first held meeting on or after that day
    details: str = ""
    item: str = ""  # the start of the title of the item it is agreed under (else the first discussion item)
    due_after: int | None = None  # due on the day of that many meetings after the agreeing one...
    due_in: int | None = None  # ...or that many days from today
    says: tuple[_Say, ...] = ()
    public_text: str = ""
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    waits_for: tuple[str, ...] = ()
    quiet: bool = False  # nobody says anything about it: the register shows missed updates


@frozen
class _Answer:
    """The answer to an escalation: at the destination's next meeting after it was sent (``next_round``), or at
    the latest moment there is (``latest``: its last meeting if that came after the origin's last one, else the
    day after the origin's last meeting)."""

    at: str
    order: int
    response: str


@frozen
class _EscalationPlan:
    """Something the street round sends up to the mayor's round: an action of the plan, ``after`` meetings
    after the one that agreed it, or an item (by the start of its title) at the first meeting on or after
    ``days_ago``."""

    key: str
    order: int
    reason: str
    from_forum: str = "operational"
    to_forum: str = "strategic"
    action: str = ""
    after: int = 0
    days_ago: int = 0
    item: str = ""
    close_when_reported: bool = False  # closed when the origin hears the answer
    answer: _Answer | None = None


@frozen
class _Move:
    """A conflict taken to ``stage`` at a held meeting of its forum: ``after`` meetings after the one its story
    starts at, or (``days_ago`` given) the forum's first meeting on or after that many days before today."""

    stage: ConflictStage
    after: int
    note: str
    days_ago: int | None = None
    mediator: str = ""
    resolution: str = ""
    lessons: str = ""


@frozen
class _ConflictPlan:
    """A conflict between ``by`` (who raised it) and ``other``. Its story starts at the forum's first meeting on
    or after ``first`` days ago: raised there, or between meetings ``raised`` days ago."""

    key: str
    forum: str
    first: int
    order: int  # among the events of the day or meeting it is raised at
    by: str
    other: str
    title: str
    description: str
    category: ConflictCategory
    severity: Severity
    moves: tuple[_Move, ...]
    note: str = ""
    raised: int | None = None
    review_in: int | None = None  # a review date this many days after today, set at the last move's meeting


@frozen
class _Response:
    """A partner's answer to a notice, ``days_ago`` days before today."""

    partner: str
    kind: ResponseKind
    days_ago: int
    text: str = ""


@frozen
class _Status:
    """A notice's status set at the forum's first meeting on or after ``days_ago`` days before today."""

    forum: str
    days_ago: int
    status: NoticeStatus
    outcome: str | None = None


@frozen
class _NoticePlan:
    """A notice given by ``partner`` ``given`` days ago, taking effect ``takes_effect_in`` days after today."""

    key: str
    given: int
    order: int
    partner: str
    title: str
    description: str
    reason: str
    takes_effect_in: int
    affected_partners: tuple[str, ...]
    affected_forums: tuple[str, ...]
    answers: tuple[_Response, ...]
    statuses: tuple[_Status, ...] = ()
    restricted_to: tuple[str, ...] = ()  # given: restricted to these partners


@frozen
class _Registers:
    """Everything ``stories/registers.toml`` holds."""

    routine: tuple[str, ...]  # what is said about an open action when nothing in particular happened
    actions: tuple[_ActionPlan, ...]
    escalations: tuple[_EscalationPlan, ...]
    conflicts: tuple[_ConflictPlan, ...]
    notices: tuple[_NoticePlan, ...]


STORY = stories.load("registers", _Registers)


class _History:
    """Walks the meetings in date order, tabling and recording as a coordinator would have."""

    def __init__(self, store: Store, rng: random.Random, new_id: NewId, today: dt.date) -> None:
        self.store = store
        self.rng = rng
        self.new_id = new_id
        self.today = today
        self.forums: dict[str, Forum] = {
            FORUM_KEYS[f.tier]: f for f in store.all(Forum) if f.tier in FORUM_KEYS
        }
        self.partners: dict[str, Partner] = {p.short_name: p for p in store.all(Partner)}
        self.held: dict[str, list[Meeting]] = {}
        for key, forum in self.forums.items():
            self.held[key] = [
                m
                for m in meetings_of(store, forum.id)
                if m.status is MeetingStatus.HELD and m.starts_at.date() < today
            ]
        self.ids: dict[str, str] = {}  # plan key -> record id
        self.events: list[tuple[tuple[dt.datetime, int, int], Callable[[], object]]] = []
        self.close_when_reported: set[str] = set()  # escalation ids closed when the origin hears the answer
        self.said: set[tuple[str, str]] = set()  # (action id, meeting id) with a planned update

    # --- helpers -----------------------------------------------------------------------------------------------

    def do(self, edit: Edit) -> Edit:
        """Apply ``edit`` with the demo's own ids; return it as applied."""
        return apply_with_ids(self.store, edit, self.new_id)

    def created(self, edit: Edit, kind: type[AnyRecord]) -> str:
        return next(after.id for before, after in edit.steps if before is None and isinstance(after, kind))

    def index(self, forum: str, days_ago: int) -> int:
        """The forum's first held meeting on or after ``days_ago`` days before today (or its last one)."""
        held = self.held[forum]
        day = self.today - dt.timedelta(days=days_ago)
        for number, meeting in enumerate(held):
            if meeting.starts_at.date() >= day:
                return number
        return len(held) - 1

    def meeting(self, forum: str, number: int) -> Meeting:
        held = self.held[forum]
        return held[min(number, len(held) - 1)]

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def at(self, meeting: Meeting, order: int, action: Callable[[], object]) -> None:
        """Something that happens at ``meeting`` (after it was tabled), in ``order`` among that meeting's events."""
        self.events.append(((meeting.starts_at, 1, order), action))

    def on(self, day: dt.date, order: int, action: Callable[[], object]) -> None:
        """Something that happens on ``day`` between meetings (around noon)."""
        self.events.append(((dt.datetime.combine(min(day, self.today), dt.time(12, 0)), 1, order), action))

    def item(self, meeting: Meeting, *, kind: ItemKind | None = None, starts: str = "") -> AgendaItem:
        """An item of the meeting: by title, or of a kind, or else the first discussion item."""
        items = agenda(self.store, meeting.id)
        for item in items:
            if starts and item.title.startswith(starts):
                return item
        for item in items:
            if kind is not None and item.kind is kind:
                return item
        discussed = [i for i in items if i.kind in (ItemKind.DISCUSSION, ItemKind.DECISION)]
        return (discussed or items)[0]

    def person(self, forum: str, partner: str) -> str | None:
        for seated, seat in members(self.store, self.forums[forum].id):
            if seated.short_name == partner:
                return seat.main_representative_id
        return None

    # --- the plan ----------------------------------------------------------------------------------------------

    def plan_actions(self) -> None:
        for order, plan in enumerate(STORY.actions):
            first = self.index(plan.forum, plan.agreed)
            self.at(self.meeting(plan.forum, first), order, partial(self.agree, plan, first))
            for say in plan.says:
                meeting = self.meeting(plan.forum, first + say.after)
                self.at(meeting, 100 + order, partial(self.say, plan, say, first))

    def agree(self, plan: _ActionPlan, first: int) -> None:
        meeting = self.meeting(plan.forum, first)
        if plan.due_after is not None:
            due = self.meeting(plan.forum, first + plan.due_after).starts_at.date()
        else:
            due = self.today + dt.timedelta(days=plan.due_in or 0)
        item = self.item(meeting, starts=plan.item)
        owner = self.partners[plan.owner]
        action = Action(
            id=self.new_id(),
            created=to_utc(meeting.starts_at, meeting.timezone),
            forum_id=meeting.forum_id,
            title=plan.title,
            details=plan.details,
            owner_partner_id=owner.id,
            owner_person_id=self.person(plan.forum, plan.owner),
            due=due,
            confidentiality=plan.confidentiality,
            restricted_to=tuple(self.partners[p].id for p in plan.restricted_to),
            origin_meeting_id=meeting.id,
            origin_item_id=item.id,
            waits_for=tuple(self.ids[k] for k in plan.waits_for),
        )
        self.ids[plan.key] = self.created(self.do(save_action(self.store, action)), Action)
        for say in plan.says:
            self.said.add((self.ids[plan.key], self.meeting(plan.forum, first + say.after).id))

    def say(self, plan: _ActionPlan, say: _Say, first: int) -> None:
        meeting = self.meeting(plan.forum, first + say.after)
        action_id = self.ids[plan.key]
        new_due = None
        if say.due_after is not None:
            new_due = self.meeting(plan.forum, first + say.due_after).starts_at.date()
        day = meeting.starts_at.date()
        self.do(
            record_update(
                self.store,
                action_id,
                meeting.id,
                say.note,
                new_status=say.status,
                new_due=new_due,
                today=day,
                override_reason=say.override,
            )
        )
        if say.status is ActionStatus.DONE and plan.public_text:
            action = self.store.get(Action, action_id)
            self.do(save_action(self.store, replace(action, public_text=plan.public_text)))

    def routine_updates(self, meeting: Meeting) -> None:
        """At a held meeting, about half the tabled actions without news get a routine word."""
        quiet = {self.ids[p.key] for p in STORY.actions if p.quiet and p.key in self.ids}
        for action in self.store.where(Action, {"forum_id": meeting.forum_id}):
            if action.is_closed or action.id in quiet or (action.id, meeting.id) in self.said:
                continue
            if action.origin_meeting_id == meeting.id or self.rng.random() < 0.5:
                continue
            self.do(
                record_update(
                    self.store, action.id, meeting.id, self.rng.choice(STORY.routine), today=self.today
                )
            )

    def plan_escalations(self) -> None:
        for plan in STORY.escalations:
            self.plan_escalation(plan)

    def plan_escalation(self, plan: _EscalationPlan) -> None:
        """One escalation: sent up at a meeting of its forum, answered as its story says."""
        if plan.action:
            action = next(p for p in STORY.actions if p.key == plan.action)
            sent = self.meeting(plan.from_forum, self.index(plan.from_forum, action.agreed) + plan.after)
        else:
            sent = self.meeting(plan.from_forum, self.index(plan.from_forum, plan.days_ago))
        answer = plan.answer
        if answer is not None:
            respond = partial(self.answer, plan.key, answer.response)
            if answer.at == "next_round":
                answered = self.next_held(plan.to_forum, sent.starts_at.date())
                if answered is not None:
                    self.at(answered, answer.order, partial(respond, answered))
            elif answer.at == "latest":
                # Answered after the origin last met, the answer waits for its next meeting.
                last_origin = self.held[plan.from_forum][-1].starts_at.date()
                last_round = self.held[plan.to_forum][-1]
                if last_round.starts_at.date() > last_origin:
                    self.at(last_round, answer.order, partial(respond, last_round))
                else:
                    answered_on = last_origin + dt.timedelta(days=1)
                    self.on(answered_on, answer.order, partial(respond, None, answered_on))
            else:
                raise ValueError(f"registers.toml: {plan.key} is answered at {answer.at!r}")
        self.at(sent, plan.order, partial(self.escalate_up, plan, sent))

    def escalate_up(self, plan: _EscalationPlan, meeting: Meeting) -> None:
        """At ``meeting``, the forum sends an action of the plan, or its item whose title starts with the plan's,
        up to the forum above."""
        if plan.action:
            action = next(p for p in STORY.actions if p.key == plan.action)
            kind, subject_id, title = "actions", self.ids[action.key], action.title
        else:
            found = self.item(meeting, starts=plan.item)
            kind, subject_id, title = "agenda_items", found.id, found.title
        edit = self.do(
            escalate(
                self.store,
                subject_kind=kind,
                subject_id=subject_id,
                subject_title=title,
                from_forum_id=self.forums[plan.from_forum].id,
                to_forum_id=self.forums[plan.to_forum].id,
                reason=plan.reason,
                today=meeting.starts_at.date(),
                at_meeting_id=meeting.id,
            )
        )
        self.ids[plan.key] = self.created(edit, Escalation)
        if plan.close_when_reported:
            self.close_when_reported.add(self.ids[plan.key])

    def next_held(self, forum: str, after: dt.date) -> Meeting | None:
        return next((m for m in self.held[forum] if m.starts_at.date() > after), None)

    def answer(self, key: str, response: str, meeting: Meeting | None, day: dt.date | None = None) -> None:
        answered_on = meeting.starts_at.date() if meeting else day or self.today
        self.do(
            answer_escalation(
                self.store, self.ids[key], response, answered_on, meeting.id if meeting else None
            )
        )

    def close_reported(self, meeting: Meeting) -> None:
        """At the origin forum's meeting, an answer reported back there is heard, and the escalation closed."""
        for review in self.store.where(EscalationReview, {"meeting_id": meeting.id}):
            if review.direction is Direction.REPORT_BACK and review.escalation_id in self.close_when_reported:
                self.do(close_escalation(self.store, review.escalation_id))

    def plan_conflicts(self) -> None:
        for plan in STORY.conflicts:
            self.plan_conflict(plan)

    def plan_conflict(self, plan: _ConflictPlan) -> None:
        """One conflict's story: raised between meetings or at its first meeting, then moved at meetings."""
        first = self.index(plan.forum, plan.first)
        start = self.meeting(plan.forum, first)
        raised = self.day(plan.raised) if plan.raised is not None else start.starts_at.date()
        conflict = Conflict(
            forum_id=self.forums[plan.forum].id,
            title=plan.title,
            description=plan.description,
            raised_on=raised,
            raised_by_partner_id=self.partners[plan.by].id,
            partners_involved=(self.partners[plan.by].id, self.partners[plan.other].id),
            category=plan.category,
            severity=plan.severity,
        )
        raise_it = partial(self.conflict, plan.key, conflict, plan.note)
        if plan.raised is not None:
            self.on(raised, plan.order, raise_it)
        else:
            self.at(start, plan.order, raise_it)
        meeting = start
        for step in plan.moves:
            number = (
                self.index(plan.forum, step.days_ago) if step.days_ago is not None else first + step.after
            )
            meeting = self.meeting(plan.forum, number)
            fields = {
                name: value
                for name, value in (
                    ("mediator", step.mediator),
                    ("resolution", step.resolution),
                    ("lessons", step.lessons),
                )
                if value
            }
            self.move(plan.key, step.stage, meeting, step.note, **fields)
        if plan.review_in is not None:
            self.at(meeting, 301, partial(self.review_on, plan.key, plan.review_in))

    def conflict(self, key: str, conflict: Conflict, note: str) -> None:
        edit = self.do(raise_conflict(self.store, replace(conflict, id=self.new_id()), note))
        self.ids[f"conflict:{key}"] = self.created(edit, Conflict)

    def move(self, key: str, stage: ConflictStage, meeting: Meeting, note: str, **fields: Any) -> None:
        self.at(
            meeting,
            300,
            lambda: self.do(
                move_conflict(
                    self.store,
                    self.ids[f"conflict:{key}"],
                    stage,
                    meeting.starts_at.date(),
                    note,
                    meeting_id=meeting.id,
                    **fields,
                )
            ),
        )

    def review_on(self, key: str, days: int) -> None:
        conflict = self.store.get(Conflict, self.ids[f"conflict:{key}"])
        self.do(save_conflict(self.store, replace(conflict, review_on=self.today + dt.timedelta(days=days))))

    def plan_notices(self) -> None:
        for plan in STORY.notices:
            self.plan_notice(plan)

    def plan_notice(self, plan: _NoticePlan) -> None:
        """One notice: given on a day, answered by partners on later days, its status set at meetings."""
        given = self.day(plan.given)
        restricted: dict[str, Any] = {}
        if plan.restricted_to:
            restricted = {
                "confidentiality": Confidentiality.RESTRICTED,
                "restricted_to": tuple(self.partners[p].id for p in plan.restricted_to),
            }
        notice = Notice(
            partner_id=self.partners[plan.partner].id,
            title=plan.title,
            description=plan.description,
            reason=plan.reason,
            given_on=given,
            takes_effect_on=self.today + dt.timedelta(days=plan.takes_effect_in),
            affected_partners=tuple(self.partners[p].id for p in plan.affected_partners),
            affected_forums=tuple(self.forums[k].id for k in plan.affected_forums),
            **restricted,
        )
        self.on(given, plan.order, partial(self.notice, plan.key, notice))
        for answer in plan.answers:
            self.answer_notice(plan.key, answer.partner, answer.kind, answer.text, answer.days_ago)
        for status in plan.statuses:
            meeting = self.meeting(status.forum, self.index(status.forum, status.days_ago))
            self.notice_status(plan.key, meeting, status.status, status.outcome)

    def notice(self, key: str, notice: Notice) -> None:
        edit = self.do(give_notice(self.store, replace(notice, id=self.new_id())))
        self.ids[f"notice:{key}"] = self.created(edit, Notice)

    def answer_notice(self, key: str, partner: str, kind: ResponseKind, text: str, days_ago: int) -> None:
        day = self.day(days_ago)
        self.on(
            day,
            400,
            lambda: self.do(
                respond(
                    self.store,
                    self.ids[f"notice:{key}"],
                    self.partners[partner].id,
                    kind=kind,
                    text=text,
                    on=day,
                )
            ),
        )

    def notice_status(
        self, key: str, meeting: Meeting, status: NoticeStatus, outcome: str | None = None
    ) -> None:
        self.at(
            meeting,
            410,
            lambda: self.do(set_notice_status(self.store, self.ids[f"notice:{key}"], status, outcome)),
        )

    # --- the walk ----------------------------------------------------------------------------------------------

    def run(self) -> None:
        if any(len(held) < 2 for held in self.held.values()) or len(self.forums) < len(FORUM_KEYS):
            return
        self.plan_actions()
        self.plan_escalations()
        self.plan_conflicts()
        self.plan_notices()
        start = min(key[0] for key, _action in self.events)
        walk: list[tuple[tuple[int, dt.datetime, int, int], Callable[[], object]]] = [
            ((0, *key), action) for key, action in self.events
        ]
        for meeting in meetings_of(self.store):
            if meeting.status is MeetingStatus.CANCELLED or meeting.starts_at < start:
                continue
            if meeting.status is MeetingStatus.HELD and meeting.starts_at.date() < self.today:
                walk.append(((0, meeting.starts_at, 0, 0), partial(self.table, meeting)))
                walk.append(((0, meeting.starts_at, 2, 0), partial(self.after, meeting)))
        for _key, action in sorted(walk, key=lambda pair: pair[0]):
            action()

    def table(self, meeting: Meeting) -> None:
        """What the core fixes on the meeting had it been started now (the registers as they stand then)."""
        steps = tuple(freeze_steps(self.store, meeting))
        if steps:
            self.do(Edit("", steps))

    def after(self, meeting: Meeting) -> None:
        self.routine_updates(meeting)
        self.close_reported(meeting)


def add_register_history(store: Store, rng: random.Random, new_id: NewId, today: dt.date) -> None:
    """Actions, escalations, conflicts and notices over the last months up to ``today``, with their history.

    Ids come from ``new_id``; every record added gets one shared timestamp (the moment of building).
    """
    before = {(kind, r.id) for kind in KINDS.values() for r in store.all(kind, include_archived=True)}
    _History(store, rng, new_id, today).run()
    stamp = now()
    for kind in KINDS.values():
        for record in store.all(kind, include_archived=True):
            if (kind, record.id) not in before:
                store.put(_stamped(record, stamp))


def _stamped(record: AnyRecord, stamp: dt.datetime) -> AnyRecord:
    fields: dict[str, Any] = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    fields.update(created=stamp, updated=stamp)
    return type(record)(**fields)
