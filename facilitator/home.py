"""What needs the coordinator's attention today: the home screen's content, decided here and only shown by the UI.

Each entry names the record it is about (``kind`` as in ``records.KINDS``, and ``record_id``), so that the window
can open it.

- **Meetings**: every meeting of today (planned or running) and the next one of each forum that is not archived,
  in the order they take place (a forum with no meeting planned comes last). What the coordinator can do from
  there is said here too: prepare the agenda of a meeting still planned, start one planned for today, go on
  chairing one under way. Its
  agenda is **ready** when it holds something to discuss beyond the routine: at least one item that is not a
  standing item (attendance, minutes, review of actions, notices, conflicts, escalations, any other business)
  and that either names a presenter (a partner or a person) or was added for this meeting (it is not a copy of
  an item of the forum's usual agenda). Beside it, what the meeting carries from the registers as they are now
  (``facilitator.carried``). A forum without a planned meeting is listed too, with no meeting.
- **Actions** overdue (past due and not closed) and due this week (not closed, due from today to seven days on,
  as the register's "due this week" filter), grouped by owner partner.
- **Notices** still open (not withdrawn nor implemented) with affected partners that have not answered, or given
  at short notice for a forum (``conflicts.is_short_notice``) and not yet in effect, or, an alarm, that no meeting
  of a forum they go to will table before they take effect (``conflicts.unheard_notices``).
- **Conflicts** still open whose review date has passed or falls within the next seven days.
- **Escalations** still waiting for the other forum's answer.
- **Minutes** of meetings held in the last twelve weeks waiting to be circulated (draft) or approved
  (circulated); older ones still waiting are counted, not listed, so that years of unfinished paperwork do not
  bury this week's.
"""

from __future__ import annotations

import datetime as dt

from facilitator.actions import Action, ActionFilter, filter_actions
from facilitator.approval import MinutesRecord, MinutesStatus
from facilitator.carried import Carried, carried
from facilitator.conflicts import Conflict
from facilitator.entities import Forum, Partner
from facilitator.escalation import Escalation, EscalationStatus, escalations
from facilitator.frozen import frozen
from facilitator.meeting_ops import agenda, timeline_of, usual_agenda
from facilitator.meetings import STANDING_KINDS, Meeting, MeetingStatus
from facilitator.notices import CLOSED_NOTICES, Notice, is_short_notice, missing_responses, unheard_notices
from facilitator.snapshot import ReadOnce
from facilitator.store import Store

#: How far ahead "due this week" and "review due" look, in days.
WEEK = 7
#: How far back minutes waiting for circulation or approval are listed one by one, in days.
MINUTES_WINDOW = 84


@frozen
class NextMeeting:
    """A forum's next meeting (None when none is planned) and whether its agenda is ready."""

    forum: Forum
    meeting: Meeting | None
    agenda_ready: bool
    carried: Carried | None = None  # what the registers put before the meeting, as they are now
    today: dt.date | None = None  # the day the entry was read on

    @property
    def kind(self) -> str:
        """What the entry opens."""
        return "meetings"

    @property
    def is_today(self) -> bool:
        """Whether the meeting takes place today."""
        return self.meeting is not None and self.meeting.starts_at.date() == self.today

    @property
    def can_prepare(self) -> bool:
        """Whether its agenda can still be prepared (the meeting has not started)."""
        return self.meeting is not None and self.meeting.status is MeetingStatus.PLANNED

    @property
    def can_start(self) -> bool:
        """Whether it can be started now: planned for today."""
        return self.can_prepare and self.is_today

    @property
    def running(self) -> bool:
        """Whether it is under way (the chair goes on from the live view)."""
        return self.meeting is not None and self.meeting.status is MeetingStatus.IN_PROGRESS

    @property
    def record_id(self) -> str | None:
        """The meeting, if there is one."""
        return self.meeting.id if self.meeting else None


@frozen
class ActionDue:
    """An action overdue or due this week."""

    action: Action
    overdue: bool

    @property
    def kind(self) -> str:
        """What the entry opens."""
        return "actions"

    @property
    def record_id(self) -> str:
        """The action."""
        return self.action.id


@frozen
class PartnerActions:
    """One partner's actions that need chasing: overdue first, then due this week, each by due date."""

    partner: Partner
    overdue: tuple[ActionDue, ...]
    due_this_week: tuple[ActionDue, ...]

    @property
    def entries(self) -> tuple[ActionDue, ...]:
        """Overdue, then due this week."""
        return self.overdue + self.due_this_week


@frozen
class NoticeAttention:
    """An open notice with answers outstanding or given at short notice."""

    notice: Notice
    partner: Partner | None  # who gave it
    waiting_for: tuple[Partner, ...]  # affected partners that have not answered
    short_notice: bool
    unheard_in: tuple[Forum, ...] = ()  # forums it goes to where no meeting tables it before it takes effect

    @property
    def kind(self) -> str:
        """What the entry opens."""
        return "notices"

    @property
    def record_id(self) -> str:
        """The notice."""
        return self.notice.id


@frozen
class ConflictReview:
    """An open conflict whose review is overdue or due within a week."""

    conflict: Conflict
    overdue: bool

    @property
    def kind(self) -> str:
        """What the entry opens."""
        return "conflicts"

    @property
    def record_id(self) -> str:
        """The conflict."""
        return self.conflict.id


@frozen
class EscalationWaiting:
    """An escalation the other forum has not answered yet."""

    escalation: Escalation
    days_waiting: int

    @property
    def kind(self) -> str:
        """What the entry opens."""
        return "escalations"

    @property
    def record_id(self) -> str:
        """The escalation."""
        return self.escalation.id


@frozen
class MinutesWaiting:
    """Minutes of a held meeting waiting to be circulated (draft) or approved (circulated)."""

    meeting: Meeting
    forum: Forum | None
    status: MinutesStatus

    @property
    def kind(self) -> str:
        """What the entry opens."""
        return "meetings"

    @property
    def record_id(self) -> str:
        """The meeting."""
        return self.meeting.id

    @property
    def can_circulate(self) -> bool:
        """Whether the draft can be circulated now (it has not been yet)."""
        return self.status is MinutesStatus.DRAFT


@frozen
class Attention:
    """Everything the home screen lists, each part in the order it is shown."""

    today: dt.date
    next_meetings: tuple[NextMeeting, ...]
    actions: tuple[PartnerActions, ...]
    notices: tuple[NoticeAttention, ...]
    conflicts: tuple[ConflictReview, ...]
    escalations: tuple[EscalationWaiting, ...]
    minutes: tuple[MinutesWaiting, ...]
    older_minutes: int = 0  # held before the window and still not approved

    @property
    def overdue_actions(self) -> int:
        """How many actions are overdue."""
        return sum(len(p.overdue) for p in self.actions)

    @property
    def actions_due_this_week(self) -> int:
        """How many actions fall due this week."""
        return sum(len(p.due_this_week) for p in self.actions)


def agenda_ready(store: Store, meeting: Meeting) -> bool:
    """Whether a meeting's agenda holds something beyond the routine (see the module's definition)."""
    usual = {(u.title.strip().casefold(), u.kind) for u in usual_agenda(store, meeting.forum_id)}
    for item in agenda(store, meeting.id):
        if item.kind in STANDING_KINDS:
            continue
        if item.presenter_partner_id or item.presenter_id:
            return True
        if (item.title.strip().casefold(), item.kind) not in usual:
            return True
    return False


def next_meetings(store: Store, today: dt.date) -> list[NextMeeting]:
    """Every meeting of today and the next one of each forum that is not archived, in the order they take place
    (by date and time; forums with no meeting planned last, by name)."""
    found = []
    for forum in store.all(Forum):
        # Starts and statuses only: of a forum's hundreds of meetings, the one or two listed are read whole.
        coming = [
            m
            for m in timeline_of(store, forum.id)
            if m.status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS)
            and (m.starts_at.date() >= today or m.status is MeetingStatus.IN_PROGRESS)
        ]
        if not coming:
            found.append(NextMeeting(forum, None, False, today=today))
            continue
        now_or_today = [m.id for m in coming if m.starts_at.date() <= today]
        for meeting in [store.get(Meeting, i) for i in now_or_today or [coming[0].id]]:
            found.append(
                NextMeeting(
                    forum, meeting, agenda_ready(store, meeting), carried(store, meeting, today), today=today
                )
            )
        if now_or_today and len(coming) > len(now_or_today):  # and the one after today's
            after = store.get(Meeting, coming[len(now_or_today)].id)
            found.append(
                NextMeeting(forum, after, agenda_ready(store, after), carried(store, after, today), today)
            )
    return sorted(
        found,
        key=lambda n: (
            n.meeting is None,
            n.meeting.starts_at if n.meeting else dt.datetime.min,
            n.forum.name.casefold(),
        ),
    )


def actions_to_chase(store: Store, today: dt.date) -> list[PartnerActions]:
    """Actions overdue and due this week, by owner partner (partners by name)."""
    actions = store.all(Action)
    overdue = [a for a in actions if a.is_overdue(today)]
    soon = filter_actions(actions, ActionFilter(due_within_days=WEEK), today)
    partners = {p.id: p for p in store.all(Partner, include_archived=True)}
    result = []
    owners = {a.owner_partner_id for a in overdue + soon if a.owner_partner_id in partners}
    for partner_id in sorted(owners, key=lambda p: partners[p].name.casefold()):

        def mine(found: list[Action], late: bool, owner: str = partner_id) -> tuple[ActionDue, ...]:
            chosen = sorted(
                (a for a in found if a.owner_partner_id == owner),
                key=lambda a: (a.due or dt.date.max, a.title.casefold()),
            )
            return tuple(ActionDue(a, late) for a in chosen)

        result.append(PartnerActions(partners[partner_id], mine(overdue, True), mine(soon, False)))
    return result


def notices_to_follow(store: Store, today: dt.date) -> list[NoticeAttention]:
    """Open notices with answers outstanding, at short notice and not yet in effect, or that some forum they go
    to will not hear of before they take effect; soonest change first."""
    partners = {p.id: p for p in store.all(Partner, include_archived=True)}
    unheard = {notice.id: tuple(forums) for notice, forums in unheard_notices(store, today)}
    found = []
    for notice in store.all(Notice):
        if notice.status in CLOSED_NOTICES:
            continue
        waiting = tuple(partners[p] for p in missing_responses(store, notice) if p in partners)
        short = notice.takes_effect_on >= today and is_short_notice(store, notice)
        missed = unheard.get(notice.id, ())
        if waiting or short or missed:
            found.append(NoticeAttention(notice, partners.get(notice.partner_id), waiting, short, missed))
    return sorted(found, key=lambda n: (n.notice.takes_effect_on, n.notice.title.casefold()))


def conflicts_to_review(store: Store, today: dt.date) -> list[ConflictReview]:
    """Open conflicts whose review date has passed or comes within a week, earliest review first."""
    horizon = today + dt.timedelta(days=WEEK)
    found = [
        ConflictReview(c, c.review_overdue(today))
        for c in store.all(Conflict)
        if c.is_open and c.review_on is not None and c.review_on <= horizon
    ]
    return sorted(found, key=lambda r: (r.conflict.review_on or today, r.conflict.title.casefold()))


def escalations_waiting(store: Store, today: dt.date) -> list[EscalationWaiting]:
    """Escalations still waiting for an answer, longest waiting first."""
    return [
        EscalationWaiting(e, max(0, (today - e.raised_on).days))
        for e in escalations(store)
        if e.status is EscalationStatus.OPEN
    ]


def minutes_waiting(store: Store, today: dt.date) -> tuple[list[MinutesWaiting], int]:
    """Meetings held in the last ``MINUTES_WINDOW`` days whose minutes wait to be circulated or approved
    (oldest first), and how many held before that still wait."""
    forums = {f.id: f for f in store.all(Forum, include_archived=True)}
    # Codes only, not records: ten years hold hundreds of held meetings, and approved minutes carry their
    # whole snapshot; only the few meetings listed are read whole.
    states = {
        str(meeting_id): MinutesStatus(str(status))
        for meeting_id, status in store.values(MinutesRecord, ("meeting_id", "status"))
    }
    since = today - dt.timedelta(days=MINUTES_WINDOW)
    waiting, older = [], 0
    for meeting_id, starts_at, status, created in store.values(
        Meeting, ("id", "starts_at", "status", "created")
    ):
        minutes = states.get(str(meeting_id), MinutesStatus.DRAFT)
        if status != MeetingStatus.HELD.value or minutes is MinutesStatus.APPROVED:
            continue
        starts = dt.datetime.fromisoformat(str(starts_at))
        if starts.date() < since:
            older += 1
        else:
            waiting.append((starts, str(created), str(meeting_id), minutes))
    # In ``meetings_of``'s order: by start, then as the store lists them (by creation, then id).
    found = []
    for _starts, _created, meeting_id, minutes in sorted(waiting):
        meeting = store.get(Meeting, meeting_id)
        found.append(MinutesWaiting(meeting, forums.get(meeting.forum_id), minutes))
    return found, older


def attention(store: Store, today: dt.date) -> Attention:
    """Everything that needs the coordinator's attention on ``today``."""
    store = ReadOnce(store)  # the sections ask for the same meetings, members and notices many times over
    minutes, older = minutes_waiting(store, today)
    return Attention(
        today=today,
        next_meetings=tuple(next_meetings(store, today)),
        actions=tuple(actions_to_chase(store, today)),
        notices=tuple(notices_to_follow(store, today)),
        conflicts=tuple(conflicts_to_review(store, today)),
        escalations=tuple(escalations_waiting(store, today)),
        minutes=tuple(minutes),
        older_minutes=older,
    )
