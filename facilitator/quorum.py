"""Who is in the room, partner by partner: quorum, the right to decide, and the outcome of a decision.

Parity of esteem: every count here is by partner, never by head. A partner that sent three people has one
voice; a partner represented only by someone who may not decide is present but cannot commit its agency.

Everything is judged *at a moment*: the roll's arrivals and departures say who was in the room when a decision
was taken, or now, while the meeting runs. The live banner, the attendance tab, the decision dialog and the
minutes all ask ``meeting_standings`` here, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from zoneinfo import ZoneInfo

from facilitator import i18n
from facilitator.entities import Forum, Partner, Representative, Sector
from facilitator.frozen import frozen
from facilitator.i18n import Translator, _
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Decision,
    DecisionMethod,
    Meeting,
    MeetingStatus,
    Presence,
    Stance,
)
from facilitator.operations import members_on
from facilitator.store import Store

PRESENT = frozenset({Presence.PRESENT, Presence.SUBSTITUTE})
#: Arrivals this long before a meeting's start still count as arrivals for it (and a meeting may run past
#: midnight): times of one meeting are ordered from this long before its start.
EARLY_ARRIVAL = dt.timedelta(hours=2)


class Standing(Enum):
    """How a member partner stands at a meeting, at one moment."""

    CAN_DECIDE = "can_decide"  # someone present may take decisions for it
    CANNOT_DECIDE = "cannot_decide"  # present, but nobody present may decide
    NOT_PRESENT = "not_present"  # nobody present (apologies, absent, not yet marked, or gone)


@frozen
class PartnerStanding:
    """One member partner at one meeting (at one moment): who is here for it and whether they can commit it."""

    partner: Partner
    present: tuple[Representative, ...]
    standing: Standing
    apologies: bool
    #: Everyone who came for it had left by the moment judged, the last of them at this (local) time.
    left_at: dt.time | None = None

    @property
    def flagged(self) -> bool:
        """Whether the chair should see a warning for this partner."""
        return self.standing is not Standing.CAN_DECIDE

    @property
    def here(self) -> bool:
        """Whether someone is here for the partner."""
        return self.standing is not Standing.NOT_PRESENT

    def explanation(self) -> str:
        """Why the partner is flagged, in the window's language."""
        name = self.partner.display_name
        if self.standing is Standing.NOT_PRESENT:
            if self.left_at is not None:
                return _("{partner} left at {time}: nobody is here for it now.").format(
                    partner=name, time=i18n.active().format_time(self.left_at)
                )
            if self.apologies:
                return _("{partner} sent apologies: nobody is here for it.").format(partner=name)
            return _("Nobody is here for {partner}.").format(partner=name)
        if self.standing is Standing.CANNOT_DECIDE:
            names = ", ".join(p.name for p in self.present)
            return _("{partner} is represented only by {names}, who may not take decisions today.").format(
                partner=name, names=names
            )
        return _("{partner} can take decisions.").format(partner=name)

    def refusal(self) -> str:
        """Why the partner may hold no position on a decision (it was not there), in plain words."""
        name = self.partner.name
        if self.left_at is not None:
            return _(
                "{partner} had left (at {time}) when the decision was taken, so it holds no position on it."
            ).format(partner=name, time=i18n.active().format_time(self.left_at))
        if self.apologies:
            return _("{partner} sent apologies, so it holds no position on this decision.").format(
                partner=name
            )
        return _(
            "Nobody was present for {partner} when the decision was taken, so it holds no position on it. "
            "If someone was there, mark them present on the roll first."
        ).format(partner=name)


@frozen
class QuorumResult:
    """Whether a meeting may decide, and why.

    ``partners_present`` are the partners that *count*: present, and able to decide when the forum's rule asks
    for that. ``applies`` is False for a forum without a quorum rule: then nothing about quorum is said anywhere.
    """

    quorate: bool
    partners_present: int
    partners_needed: int
    missing_sectors: frozenset[Sector]
    applies: bool = True
    deciders_only: bool = False
    partners_here: int = 0  # partners with someone present, whether or not they may decide
    at: dt.time | None = None  # the local time judged; None: anyone present at some time during the meeting

    def reasons(self, t: Translator | None = None) -> list[str]:
        """Plain sentences: what is met and what is missing (in the language of ``t``; the window's by default)."""
        if not self.applies:
            return []
        t = t or i18n.active()
        present, needed = t.format_number(self.partners_present), t.format_number(self.partners_needed)
        if not self.partners_needed:  # a rule of sectors only: no number needed, never "of 0 needed"
            if self.deciders_only:
                # Translators: document
                counted = t.gettext("Partners able to decide: {present}.")
            else:
                # Translators: document
                counted = t.gettext("Partners present: {present}.")
        elif self.deciders_only:
            # Translators: document
            counted = t.gettext("Partners able to decide: {present} of {needed} needed.")
        else:
            # Translators: document
            counted = t.gettext("Partners present: {present} of {needed} needed.")
        said = [counted.format(present=present, needed=needed)]
        unable = self.partners_here - self.partners_present
        if self.deciders_only and unable > 0:
            # Translators: document
            more = t.ngettext(
                "{count} more partner is present, but nobody there may decide for it.",
                "{count} more partners are present, but nobody there may decide for them.",
                unable,
            )
            said.append(more.format(count=t.format_number(unable)))
        if self.missing_sectors:
            sectors = ", ".join(sorted(s.label_in(t) for s in self.missing_sectors))
            if self.deciders_only:
                # Translators: document
                missing = t.gettext("No partner able to decide from: {sectors}.")
            else:
                # Translators: document
                missing = t.gettext("No partner present from: {sectors}.")
            said.append(missing.format(sectors=sectors))
        return said

    def summary(self) -> str:
        """One line for the window: quorate or not, and why; empty when the forum has no quorum rule."""
        if not self.applies:
            return ""
        head = _("Quorate") if self.quorate else _("Not quorate")
        return f"{head}. {' '.join(self.reasons())}"


def _ordered(moment: dt.time, opens: dt.time | None) -> dt.timedelta:
    """How long after ``opens`` less ``EARLY_ARRIVAL`` the wall-clock time ``moment`` comes (a meeting's times in
    order, across midnight)."""
    base = dt.datetime.combine(dt.date(2000, 1, 1), opens or dt.time(0)) - (
        EARLY_ARRIVAL if opens else dt.timedelta()
    )
    span = dt.datetime.combine(dt.date(2000, 1, 1), moment) - base
    return span % dt.timedelta(days=1)


def in_room(line: Attendance, at: dt.time | None, opens: dt.time | None = None) -> bool:
    """Whether the person on ``line`` was in the room at the local time ``at`` (None: at some time), given
    the meeting opened at ``opens``: marked present or substitute, arrived by then and not yet gone."""
    if line.presence not in PRESENT:
        return False
    if at is None:
        return True
    when = _ordered(at, opens)
    if line.arrived_at is not None and when < _ordered(line.arrived_at, opens):
        return False
    return not (line.left_at is not None and when >= _ordered(line.left_at, opens))


def partner_standings(
    member_partners: Sequence[Partner],
    roll: Iterable[Attendance],
    people: Mapping[str, Representative],
    *,
    at: dt.time | None = None,
    opens: dt.time | None = None,
) -> list[PartnerStanding]:
    """For every member partner: who is present for it at ``at`` (local time; None: at some time during the
    meeting that opened at ``opens``) and whether any of them may decide."""
    present: dict[str, list[Representative]] = {}
    gone: dict[str, dt.time] = {}
    apologies: set[str] = set()
    for line in roll:
        if line.role is not AttendeeRole.MEMBER or not line.partner_id or not line.representative_id:
            continue
        person = people.get(line.representative_id)
        if person is None:
            continue
        if in_room(line, at, opens):
            present.setdefault(line.partner_id, []).append(person)
        elif line.presence in PRESENT and line.left_at is not None and at is not None:
            if _ordered(at, opens) >= _ordered(line.left_at, opens):
                last = gone.get(line.partner_id)
                if last is None or _ordered(line.left_at, opens) > _ordered(last, opens):
                    gone[line.partner_id] = line.left_at
        elif line.presence is Presence.APOLOGIES:
            apologies.add(line.partner_id)
    standings = []
    for partner in member_partners:
        here = tuple(present.get(partner.id, ()))
        if not here:
            standing = Standing.NOT_PRESENT
        elif any(p.may_decide for p in here):
            standing = Standing.CAN_DECIDE
        else:
            standing = Standing.CANNOT_DECIDE
        left = gone.get(partner.id) if not here else None
        standings.append(PartnerStanding(partner, here, standing, partner.id in apologies, left))
    return standings


def evaluate_quorum(
    forum: Forum, standings: Sequence[PartnerStanding], at: dt.time | None = None
) -> QuorumResult:
    """The forum's quorum rule applied by partner: enough partners present (able to decide, when the rule says
    so), and every required sector among them."""
    rule = forum.quorum
    here = [s for s in standings if s.here]
    counted = [s.partner for s in here if not rule.deciders_only or s.standing is Standing.CAN_DECIDE]
    missing = frozenset(rule.required_sectors - {p.sector for p in counted})
    return QuorumResult(
        quorate=len(counted) >= rule.min_partners and not missing,
        partners_present=len(counted),
        partners_needed=rule.min_partners,
        missing_sectors=missing,
        applies=rule.applies,
        deciders_only=rule.deciders_only,
        partners_here=len(here),
        at=at,
    )


# --- one meeting, at one moment -------------------------------------------------------------------------------


def local_time(meeting: Meeting, moment: dt.datetime | None) -> dt.time | None:
    """The wall-clock time in the meeting's zone of the UTC instant ``moment`` (None stays None)."""
    if moment is None:
        return None
    try:
        zone: dt.tzinfo = ZoneInfo(meeting.timezone)
    except (KeyError, ValueError):
        zone = dt.UTC
    return moment.astimezone(zone).time().replace(tzinfo=None)


def _instant(meeting: Meeting) -> dt.datetime:
    """The UTC instant a meeting starts."""
    try:
        zone: dt.tzinfo = ZoneInfo(meeting.timezone)
    except (KeyError, ValueError):
        zone = dt.UTC
    return meeting.starts_at.replace(tzinfo=zone).astimezone(dt.UTC)


def meeting_standings(
    store: Store, meeting: Meeting, at: dt.datetime | None = None
) -> tuple[list[PartnerStanding], QuorumResult]:
    """Every partner seated on the forum at ``meeting`` and its standing, and the forum's quorum, judged at the
    UTC instant ``at`` (None: anyone present at some time during the meeting).

    A partner that had left the forum before the meeting (its seat or the partner archived) is not counted; one
    that left later still counts for meetings it sat in.
    """
    forum = store.get(Forum, meeting.forum_id)
    partners = members_on(store, forum.id, _instant(meeting))
    people = {r.id: r for r in store.all(Representative, include_archived=True)}
    when = local_time(meeting, at)
    roll = store.where(Attendance, {"meeting_id": meeting.id})
    standings = partner_standings(partners, roll, people, at=when, opens=meeting.starts_at.time())
    return standings, evaluate_quorum(forum, standings, when)


def typed_afterwards(meeting: Meeting) -> bool:
    """Whether the meeting was started in the app only after it should have ended: its minutes are being typed in
    afterwards, so the live clock says when they were typed, not who was in the room when."""
    started = meeting.started_at
    if started is None:
        return False
    if started.tzinfo is None:  # stored instants are UTC
        started = started.replace(tzinfo=dt.UTC)
    return started > _instant(meeting) + dt.timedelta(minutes=meeting.duration_minutes)


def standings_now(
    store: Store, meeting: Meeting, now: dt.datetime
) -> tuple[list[PartnerStanding], QuorumResult]:
    """What the attendance tab and the live banner show: who is in the room now while the meeting runs, and
    otherwise (or when its minutes are typed in afterwards) everyone marked present."""
    running = meeting.status is MeetingStatus.IN_PROGRESS and not typed_afterwards(meeting)
    return meeting_standings(store, meeting, now if running else None)


def needs_attention(
    standing: PartnerStanding, meeting: Meeting, quorum: QuorumResult, *, roll_taken: bool = False
) -> bool:
    """Whether the attendance tab warns the chair about this partner: only when its absence or its
    representation costs the forum something the chair can still act on.

    Before the roll is taken (a planned meeting where nobody is marked present yet) nobody is flagged. Once it
    runs, was held or someone is marked present, a partner is flagged when the quorum counts only partners able
    to decide and nobody here may decide for it, or when it is absent and its sector is one the quorum still
    misses. A partner that is simply absent, or
    represented by someone who may not commit it where the rule does not ask for that, is shown as it is, not
    as an alarm (the roll says who came; a decision's positions still refuse partners not present).
    """
    started = meeting.status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)
    if not (started or roll_taken) or not quorum.applies:
        return False
    if standing.standing is Standing.CANNOT_DECIDE:
        return quorum.deciders_only
    if standing.standing is Standing.NOT_PRESENT:
        return standing.partner.sector in quorum.missing_sectors
    return False


def decision_moment(meeting: Meeting, item: AgendaItem, now: dt.datetime) -> dt.datetime | None:
    """When a decision recorded on ``item`` at the instant ``now`` was taken, by the live clock: now while the
    item (or the meeting) runs; when the item ended, if it has; not known for a meeting that is not running, nor
    for one whose minutes are typed in afterwards (``typed_afterwards``: then it is judged over the meeting)."""
    if typed_afterwards(meeting):
        return None
    if item.started_at is not None and item.ended_at is not None:
        return item.ended_at
    if item.started_at is not None or meeting.status is MeetingStatus.IN_PROGRESS:
        return now
    return None


def standings_at_decision(
    store: Store, meeting: Meeting, item: AgendaItem, decision: Decision | None, now: dt.datetime
) -> tuple[dt.datetime | None, list[PartnerStanding], QuorumResult]:
    """The moment of the decision on ``item`` (the recorded one, or the one it would be given now) and the
    standings and quorum at that moment."""
    moment = decision.taken_at if decision is not None and decision.taken_at else None
    if moment is None:
        moment = decision_moment(meeting, item, now)
    standings, quorum = meeting_standings(store, meeting, moment)
    return moment, standings, quorum


# --- outcomes ----------------------------------------------------------------------------------------------------


@frozen
class VoteOutcome:
    """Positions counted by partner."""

    agree: int
    disagree: int
    abstain: int
    block: int
    not_present: int

    @property
    def carried(self) -> bool:
        """Carried when more partners agree than disagree and none blocks: in a partnership of equals a block
        is a veto, not one more vote against. Abstentions and absences do not count."""
        return self.block == 0 and self.agree > self.disagree

    @property
    def consensus(self) -> bool:
        """Consensus: at least one partner agrees and none disagrees or blocks."""
        return self.agree > 0 and self.disagree == 0 and self.block == 0


def vote_outcome(stances: Iterable[Stance]) -> VoteOutcome:
    """Count partners' positions (one per partner) into an outcome."""
    counted = list(stances)
    return VoteOutcome(
        agree=counted.count(Stance.AGREE),
        disagree=counted.count(Stance.DISAGREE),
        abstain=counted.count(Stance.ABSTAIN),
        block=counted.count(Stance.BLOCK),
        not_present=counted.count(Stance.NOT_PRESENT),
    )


class Outcome(Enum):
    """What came of a decision, from its method and the partners' positions."""

    REACHED = "reached"  # consensus: some agree and nobody disagrees or blocks (or the chair declared it)
    BLOCKED = "blocked"  # consensus sought, and a partner blocked: not reached
    NOT_REACHED = "not_reached"  # consensus sought, and a partner disagrees (or every partner abstains)
    CARRIED = "carried"
    NOT_CARRIED = "not_carried"
    DEFERRED = "deferred"
    NO_DECISION = "no_decision"

    @property
    def decided(self) -> bool:
        """Whether something was decided (what reports list as decisions taken)."""
        return self in (Outcome.REACHED, Outcome.CARRIED)


def decision_outcome(method: DecisionMethod, stances: Iterable[Stance]) -> Outcome:
    """The outcome of a decision taken by ``method`` with these positions: a block makes a consensus blocked,
    a vote is carried only without a block and with more partners for than against."""
    if method is DecisionMethod.DEFERRED:
        return Outcome.DEFERRED
    if method is DecisionMethod.NO_DECISION:
        return Outcome.NO_DECISION
    counted = vote_outcome(stances)
    if method is DecisionMethod.VOTE:
        return Outcome.CARRIED if counted.carried else Outcome.NOT_CARRIED
    if counted.block:
        return Outcome.BLOCKED
    if counted.consensus:
        return Outcome.REACHED
    # Nobody stated a position: the chair declared the consensus (approving minutes, a formality).
    stated = counted.agree + counted.disagree + counted.abstain
    return Outcome.REACHED if stated == 0 else Outcome.NOT_REACHED
