"""The demonstration partnership's registers: actions, escalations, conflicts and notices of intended change.

The demo's meetings are made before any register entry exists, so this module walks the held meetings again in
date order, as if each were being started: at each meeting what it carries is fixed as the core fixes it when a
meeting starts (open actions, escalations, conflicts and notices), then what happened at that meeting is recorded
through the core's operations (actions agreed, updates given, escalations raised or answered, conflicts moved
on). Meetings still to come are not touched: they carry what the registers say, as any planned meeting does.
Every choice and id comes from the demo's seeded generator, every date is relative to the demo's ``today``, and
every record gets one shared timestamp, so that a seed gives the same file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
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
from facilitator.demo.meetings import with_ids
from facilitator.entities import AnyRecord, Forum, Partner, Tier, now
from facilitator.escalation import (
    Direction,
    Escalation,
    EscalationReview,
    answer_escalation,
    close_escalation,
    escalate,
)
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


@dataclass(frozen=True)
class _Say:
    """An update on an action, ``after`` held meetings of its forum after the one that agreed it."""

    after: int
    note: str
    status: ActionStatus | None = None
    due_after: int | None = None  # a new due date: the day of that many meetings after the agreeing one
    override: str = ""  # the coordinator's reason to go ahead before what the action waits for is done


@dataclass(frozen=True)
class _ActionPlan:
    key: str
    forum: str
    owner: str  # partner short name
    title: str
    details: str
    agreed: int  # days before today: agreed at the forum's first held meeting on or after that day
    due_after: int | None  # due on the day of that many meetings after the agreeing one...
    due_in: int | None = None  # ...or that many days from today
    says: tuple[_Say, ...] = ()
    public_text: str = ""
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    waits_for: tuple[str, ...] = ()
    quiet: bool = False  # nobody says anything about it: the register shows missed updates


IP, DONE, DROPPED = ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED

ACTIONS: tuple[_ActionPlan, ...] = (
    _ActionPlan(
        "needles",
        "operational",
        "Street Cleansing",
        "Clear needle litter from the underpass stairwells every morning",
        "The stairwells on the square side are where most needles are found; the night crew sweeps them first.",
        agreed=280,
        due_after=4,
        says=(
            _Say(1, "Rota agreed with the night crew; first sweep at 06:30.", IP),
            _Say(3, "Done: the stairwells are cleared every morning; finds are logged for the round.", DONE),
        ),
        public_text="The underpass stairwells are now cleared of needles every morning.",
    ),
    _ActionPlan(
        "lights",
        "operational",
        "Public Order",
        "Get the broken lights in the underpass repaired",
        "Half the lights have been out for a month; people use the dark end to deal and to inject.",
        agreed=250,
        due_after=2,
        says=(
            _Say(1, "Reported to Highways; waiting for a contractor.", IP),
            _Say(3, "The contractor cannot come before the end of the month; new date agreed.", due_after=7),
            _Say(8, "Lights repaired and checked at night by the wardens, later than agreed.", DONE),
        ),
        public_text="The lights in the underpass have been repaired.",
    ),
    _ActionPlan(
        "shelter",
        "operational",
        "Housing",
        "Offer a night shelter place to everyone sleeping at the station entrance",
        "Six people sleep at the east entrance most nights.",
        agreed=220,
        due_after=3,
        says=(
            _Say(1, "Four offered a place so far, two accepted.", IP),
            _Say(2, "All six offered a place; four took it up. Done.", DONE),
        ),
    ),
    _ActionPlan(
        "bin",
        "operational",
        "Station",
        "Install a second needle bin by the taxi rank",
        "",
        agreed=180,
        due_after=4,
        says=(
            _Say(2, "The station's insurer will not allow a bin on the forecourt."),
            _Say(3, "Dropped: Street Cleansing sweeps the taxi rank twice a day instead.", DROPPED),
        ),
    ),
    _ActionPlan(
        "places",
        "operational",
        "Harbour Lane",
        "Secure ten extra treatment places for people from the square",
        "People the round refers wait six weeks for a place; the intervention at the underpass needs places ready.",
        agreed=150,
        due_after=6,
        says=(
            _Say(2, "Four places found with the residential unit; the other six need money.", IP),
            _Say(4, "Harbour Lane cannot fund the other six; escalated to the mayor's round."),
            _Say(10, "Six more places promised by Public Health; contracts being signed.", due_after=14),
            _Say(14, "Eight of ten places in use; the last two wait for the new budget."),
        ),
    ),
    _ActionPlan(
        "underpass",
        "operational",
        "Police",
        "Joint intervention at the underpass: outreach first, then enforcement",
        "Outreach offers every person at the underpass a treatment place or a bed; enforcement follows a week later.",
        agreed=120,
        due_after=None,
        due_in=28,
        says=(
            _Say(1, "Cannot start before the ten treatment places are there: people need somewhere to go."),
            _Say(
                6,
                "Outreach starts at the underpass with the eight places there are; enforcement waits.",
                IP,
                override="Eight of the ten places are ready and winter is coming: outreach cannot wait for the "
                "last two, which the new budget brings.",
            ),
        ),
        waits_for=("places",),
    ),
    _ActionPlan(
        "naloxone",
        "operational",
        "Pharmacists",
        "Naloxone training for the station's staff",
        "Two overdoses on the platforms this spring; staff waited for the ambulance.",
        agreed=90,
        due_after=3,
        says=(
            _Say(2, "Dates offered; the station's shift rota makes them hard to fill.", IP),
            _Say(7, "Twelve staff trained, a month late; a refresher in a year.", DONE),
        ),
        public_text="Station staff have been trained to give naloxone in an overdose.",
    ),
    _ActionPlan(
        "leaflet",
        "operational",
        "Outreach",
        "Needle-exchange leaflet in Polish, Arabic and Romanian",
        "Many of the people using at the square read little English.",
        agreed=100,
        due_after=4,
        quiet=True,
    ),
    _ActionPlan(
        "operation",
        "operational",
        "Police",
        "Prepare the warrant operation against dealing in the underpass",
        "Two addresses off Station Road. Only the police and Public Order know the date.",
        agreed=45,
        due_after=None,
        due_in=10,
        says=(_Say(1, "Warrants applied for; Public Order has the closure plan.", IP),),
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=("Police", "Public Order"),
    ),
    _ActionPlan(
        "welfare",
        "operational",
        "Outreach",
        "Welfare checks on the three people sleeping in the car park",
        "",
        agreed=40,
        due_after=2,
        says=(_Say(1, "Done: all three seen; one referred to a GP, two to Harbour Lane.", DONE),),
    ),
    _ActionPlan(
        "evening",
        "strategic",
        "Public Health",
        "Fund an evening outreach worker for the square",
        "Outreach works until 17:00; the scene is busiest from 18:00.",
        agreed=270,
        due_after=3,
        says=(
            _Say(1, "Bid written; it goes to the budget panel this month.", IP),
            _Say(2, "Funded for two years; the post is advertised.", DONE),
        ),
        public_text="An outreach worker now works evenings in Station Square.",
    ),
    _ActionPlan(
        "toilets",
        "strategic",
        "Councillors",
        "Ask the rail operator to keep the station toilets open at night",
        "",
        agreed=210,
        due_after=2,
        says=(
            _Say(1, "Letter sent to the operator's head office."),
            _Say(
                2,
                "The operator refuses for security reasons. Dropped; a toilet on the square is costed.",
                DROPPED,
            ),
        ),
    ),
    _ActionPlan(
        "protocol",
        "strategic",
        "Social Services",
        "Draft an information-sharing agreement for named clients",
        "Who may tell whom what about a named person, with or without their consent.",
        agreed=130,
        due_after=2,
        says=(
            _Say(1, "First draft circulated; outreach and police disagree about consent."),
            _Say(3, "Waiting for the mediation between outreach and police."),
        ),
    ),
    _ActionPlan(
        "waiting",
        "strategic",
        "Harbour Lane",
        "Report on treatment waiting times",
        "",
        agreed=100,
        due_after=1,
        says=(_Say(1, "Presented: the average wait is down from 21 to 9 days.", DONE),),
    ),
    _ActionPlan(
        "searches",
        "public",
        "Police",
        "Answer the residents' questions about stop-and-search in writing",
        "",
        agreed=280,
        due_after=1,
        says=(_Say(1, "Written answers handed out and put on the council's website.", DONE),),
        public_text="The police answered your questions about stop-and-search in writing; copies at St Mark's.",
        confidentiality=Confidentiality.PUBLIC,
    ),
    _ActionPlan(
        "report_line",
        "public",
        "Public Order",
        "Put the council's needle-reporting line on every notice board",
        "",
        agreed=190,
        due_after=1,
        says=(_Say(1, "Posters on all twelve boards round the square.", DONE),),
        public_text="How to report needles is now on every notice board round the square.",
        confidentiality=Confidentiality.PUBLIC,
    ),
)

#: What is said about an open action at a meeting when nothing in particular happened.
ROUTINE = (
    "No change since the last meeting.",
    "Work under way; the owner reports at the next meeting.",
    "The owner sent apologies; carried forward.",
    "Progress slower than hoped; kept on the list.",
)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    note: str
    moves: tuple[_Move, ...]
    raised: int | None = None
    review_in: int | None = None  # a review date this many days after today, set at the last move's meeting


#: The conflicts of the demo, each with its story.
CONFLICTS = (
    _ConflictPlan(
        key="searches",
        forum="strategic",
        first=260,
        raised=265,
        order=0,
        by="Residents",
        other="Police",
        title="Residents' complaint about how stop-and-search is done on the square",
        description="Young men from the estate are searched again and again, in front of their "
        "neighbours, without being told why.",
        category=ConflictCategory.CONDUCT,
        severity=Severity.HIGH,
        note="Letter from the residents' association to the mayor, copied to the local paper.",
        moves=(
            _Move(
                ConflictStage.ACKNOWLEDGED,
                0,
                "The Chief Superintendent apologised for how the searches were done and asked for the dates.",
            ),
            _Move(
                ConflictStage.IN_DISCUSSION,
                1,
                "Residents and police walked the square together; body-worn video of two searches reviewed with "
                "the ward councillors.",
            ),
            _Move(
                ConflictStage.RESOLVED,
                3,
                "The residents' chair accepted the changes at the round.",
                resolution="Officers give the grounds for every search and a receipt; a residents' panel reviews "
                "body-worn video every quarter.",
                lessons="Complaints about conduct settle faster when the people affected see the evidence "
                "themselves. Bring residents in at the start, not after a letter to the press.",
            ),
        ),
    ),
    _ConflictPlan(
        key="names",
        forum="operational",
        first=110,
        order=250,
        by="Outreach",
        other="Police",
        title="Sharing the names of outreach clients with the police",
        description="The police ask outreach workers for the names of the people they meet in the "
        "underpass; outreach will not give them without the person's consent.",
        category=ConflictCategory.INFORMATION_SHARING,
        severity=Severity.HIGH,
        note="Raised by the Outreach Services Manager after two clients stopped coming to the van.",
        moves=(
            _Move(
                ConflictStage.ACKNOWLEDGED,
                1,
                "Police and outreach agreed nothing named is shared until this is settled.",
            ),
            _Move(
                ConflictStage.IN_DISCUSSION,
                3,
                "Discussed with the council's data protection officer; no agreement on sharing without consent "
                "when someone is at risk.",
            ),
            _Move(
                ConflictStage.IN_MEDIATION,
                0,
                "Both sides agreed to mediation; the first session is booked.",
                days_ago=35,
                mediator="Ruth Adler, City Mediation Service",
            ),
        ),
        review_in=10,
    ),
    _ConflictPlan(
        key="forecourt",
        forum="operational",
        first=200,
        order=251,
        by="Station",
        other="Outreach",
        title="Outreach workers on the station forecourt",
        description="The station operator wants outreach workers off the forecourt; outreach says "
        "that is where the people are.",
        category=ConflictCategory.POLICY,
        severity=Severity.LOW,
        note="",
        moves=(
            _Move(
                ConflictStage.IN_DISCUSSION,
                1,
                "The station manager will ask head office for an exception.",
            ),
            _Move(
                ConflictStage.CLOSED_UNRESOLVED,
                4,
                "Head office will not change its policy; outreach now meets people at the taxi rank. Closed "
                "without agreement.",
                lessons="Decisions made at a partner's head office belong at the mayor's round, not the street "
                "round.",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class _Answer:
    """A partner's answer to a notice, ``days_ago`` days before today."""

    partner: str
    kind: ResponseKind
    text: str
    days_ago: int


@dataclass(frozen=True)
class _Status:
    """A notice's status set at the forum's first meeting on or after ``days_ago`` days before today."""

    forum: str
    days_ago: int
    status: NoticeStatus
    outcome: str | None = None


@dataclass(frozen=True)
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
    answers: tuple[_Answer, ...]
    statuses: tuple[_Status, ...] = ()
    restricted_to: tuple[str, ...] = ()  # given: restricted to these partners


#: The notices of the demo, with their answers and what the forums made of them.
NOTICES = (
    _NoticePlan(
        key="move",
        given=120,
        order=10,
        partner="Harbour Lane",
        title="Harbour Lane moves to new premises on Quay Street",
        description="The drug and alcohol service moves from Harbour Lane to 14 Quay Street, 150 "
        "metres from St Mark's primary school.",
        reason="The lease on Harbour Lane ends; Quay Street has room for the ten new treatment places.",
        takes_effect_in=45,
        affected_partners=("Residents", "Police", "Public Order", "Outreach", "Councillors", "Traders"),
        affected_forums=("operational", "strategic", "public"),
        answers=(
            _Answer(
                "Outreach", ResponseKind.SUPPORTS, "More room for the clinic; closer to the square.", 112
            ),
            _Answer("Police", ResponseKind.ACKNOWLEDGED, "Patrols will include Quay Street.", 108),
            _Answer(
                "Residents",
                ResponseKind.HAS_CONCERNS,
                "Parents fear people waiting on the pavement at school drop-off and pick-up times.",
                104,
            ),
            _Answer(
                "Councillors",
                ResponseKind.HAS_CONCERNS,
                "Support the move if the school and the parents are involved before it happens.",
                100,
            ),
            _Answer("Public Order", ResponseKind.SUPPORTS, "Wardens can cover Quay Street.", 98),
            _Answer("Traders", ResponseKind.ACKNOWLEDGED, "", 95),
        ),
        statuses=(
            _Status("strategic", 90, NoticeStatus.DISCUSSED),
            _Status(
                "strategic",
                55,
                NoticeStatus.AGREED_WITH_CONDITIONS,
                "Agreed on conditions: clients wait inside, never on the pavement; the clinic opens at 10:00, "
                "after school drop-off; a warden at the school gate for the first three months; the residents' "
                "meeting reviews the move after six months.",
            ),
        ),
    ),
    _NoticePlan(
        key="operation",
        given=6,
        order=11,
        partner="Police",
        title="Police operation around the station",
        description="Warrants at two addresses off Station Road at 06:00; the underpass is closed "
        "for two hours.",
        reason="Intelligence on the dealers supplying the square; the date cannot be told earlier.",
        takes_effect_in=4,
        affected_partners=("Public Order",),
        affected_forums=("operational",),
        answers=(
            _Answer(
                "Public Order", ResponseKind.SUPPORTS, "Wardens close the underpass from 05:30 to 08:00.", 5
            ),
        ),
        restricted_to=("Police", "Public Order"),
    ),
    _NoticePlan(
        key="hours",
        given=25,
        order=12,
        partner="Harbour Lane",
        title="New opening hours of the needle exchange",
        description="The needle exchange opens 12:00 to 19:00 instead of 09:00 to 17:00 on weekdays.",
        reason="Most people come in the afternoon and evening; mornings are nearly empty.",
        takes_effect_in=35,
        affected_partners=("Outreach", "Pharmacists", "Street Cleansing", "Police"),
        affected_forums=("operational", "strategic"),
        # The police have not answered yet.
        answers=(
            _Answer("Outreach", ResponseKind.SUPPORTS, "Fits the evening outreach shift.", 22),
            _Answer(
                "Pharmacists",
                ResponseKind.HAS_CONCERNS,
                "The morning demand will come to the pharmacies; we need more packs.",
                18,
            ),
            _Answer("Street Cleansing", ResponseKind.ACKNOWLEDGED, "", 15),
        ),
    ),
)


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
        applied = with_ids(edit, self.new_id)
        applied.apply(self.store)
        return applied

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
        for order, plan in enumerate(ACTIONS):
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
        restricted = plan.confidentiality is Confidentiality.RESTRICTED
        item = self.item(meeting, starts="Planned police operation" if restricted else "")
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
        if say.status is DONE and plan.public_text:
            action = self.store.get(Action, action_id)
            self.do(save_action(self.store, replace(action, public_text=plan.public_text)))

    def routine_updates(self, meeting: Meeting) -> None:
        """At a held meeting, about half the tabled actions without news get a routine word."""
        quiet = {self.ids[p.key] for p in ACTIONS if p.quiet and p.key in self.ids}
        for action in self.store.where(Action, {"forum_id": meeting.forum_id}):
            if action.is_closed or action.id in quiet or (action.id, meeting.id) in self.said:
                continue
            if action.origin_meeting_id == meeting.id or self.rng.random() < 0.5:
                continue
            self.do(
                record_update(self.store, action.id, meeting.id, self.rng.choice(ROUTINE), today=self.today)
            )

    def plan_escalations(self) -> None:
        places = next(p for p in ACTIONS if p.key == "places")
        sent = self.meeting("operational", self.index("operational", places.agreed) + 4)

        def ten_places() -> None:
            self.escalate_up(
                "ten_places",
                sent,
                "Harbour Lane can fund four places; the other six need money only the mayor's round can find.",
                action=places,
            )
            self.close_when_reported.add(self.ids["ten_places"])

        answered = self.next_held("strategic", sent.starts_at.date())
        if answered is not None:
            self.at(
                answered,
                50,
                lambda: self.answer(
                    "ten_places",
                    "Public Health funds six places from its reserve for this year; the new budget carries "
                    "them on.",
                    answered,
                ),
            )
        self.at(sent, 200, ten_places)

        moved = self.meeting("operational", self.index("operational", 50))
        car_park = partial(
            self.escalate_up,
            "car_park",
            moved,
            "Dealing has moved from the underpass into the multi-storey car park; its private owner will only "
            "talk to the council's leadership.",
            item="Street picture",
        )

        # Answered after the street round last met, so the answer waits for its next meeting.
        last_street = self.held["operational"][-1].starts_at.date()
        last_round = self.held["strategic"][-1]
        response = (
            "The deputy mayor meets the car park's owner this month; the owner pays for night security "
            "and better lighting on levels 3 and 4."
        )
        if last_round.starts_at.date() > last_street:
            self.at(last_round, 51, lambda: self.answer("car_park", response, last_round))
        else:
            answered_on = last_street + dt.timedelta(days=1)
            self.on(answered_on, 51, lambda: self.answer("car_park", response, None, answered_on))

        self.at(moved, 201, car_park)

        full = self.meeting("operational", self.index("operational", 20))
        winter_beds = partial(
            self.escalate_up,
            "winter_beds",
            full,
            "The night shelter has been full every night for three weeks; only the mayor's round can fund "
            "winter beds.",
            item="Outreach and shelter",
        )
        self.at(full, 202, winter_beds)

    def escalate_up(
        self, key: str, meeting: Meeting, reason: str, *, action: _ActionPlan | None = None, item: str = ""
    ) -> None:
        """At ``meeting``, the street round sends an action of the plan, or its item whose title starts with
        ``item``, up to the mayor's round."""
        if action is not None:
            kind, subject_id, title = "actions", self.ids[action.key], action.title
        else:
            found = self.item(meeting, starts=item)
            kind, subject_id, title = "agenda_items", found.id, found.title
        edit = self.do(
            escalate(
                self.store,
                subject_kind=kind,
                subject_id=subject_id,
                subject_title=title,
                from_forum_id=self.forums["operational"].id,
                to_forum_id=self.forums["strategic"].id,
                reason=reason,
                today=meeting.starts_at.date(),
                at_meeting_id=meeting.id,
            )
        )
        self.ids[key] = self.created(edit, Escalation)

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
        for plan in CONFLICTS:
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
        for plan in NOTICES:
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
