"""The partnership's indicators over a period, computed from the records (principles 3 and 9 of the brief).

Each indicator has a written definition (``DEFINITIONS``) shown beside it in the window and the report, so
partners can trust and argue with the numbers. Counting is by partner, never by head.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable

from facilitator import clock
from facilitator.actions import Action, ActionReview, ActionStatus
from facilitator.conflicts import Conflict, ConflictCategory, ConflictStage, timeline
from facilitator.entities import Partner, Representative
from facilitator.escalation import Escalation
from facilitator.frozen import frozen
from facilitator.i18n import N_
from facilitator.meetings import Attendance, AttendeeRole, Meeting, MeetingStatus, Presence
from facilitator.notices import Notice, is_short_notice, missing_responses
from facilitator.store import Store

DEFINITIONS: dict[str, str] = {
    "meetings": N_(
        "Meetings held: meetings of the period marked held. Planned: every meeting of the period that was not "
        "cancelled, held or not. Cancelled: meetings of the period that were cancelled."
    ),
    "attendance": N_(
        "Attendance rate of a partner: of the held meetings where the partner was on the roll, the share where at "
        "least one of its representatives (or a substitute) was present. One partner counts once, however many "
        "people it sent."
    ),
    "decision_level": N_(
        "Represented at decision level: of the held meetings where the partner was on the roll, the share where "
        "someone present for it may take decisions."
    ),
    "actions": N_(
        "Actions due in the period, by owner partner. Completed on time: done on or before the due date. Overdue: "
        "not done or dropped by the end of the period and past due. Days to complete: from the day the action was "
        "agreed (its meeting, or the day it was recorded) to the day it was done, never less than zero (median). "
        "Carried: meetings at which an action was reviewed (average)."
    ),
    "conflicts": N_(
        "Conflicts raised in the period and, of those, resolved; days to resolve from raising to the step that "
        "resolved it, never less than zero (median); by category."
    ),
    "notices": N_(
        "Notices given in the period; with enough notice: for every affected forum, at least its minimum notice "
        "period and a meeting before the change took effect; responses outstanding: affected partners that have "
        "not answered."
    ),
    "escalations": N_(
        "Escalations raised in the period; answered: with a response recorded; days to answer from raising to the "
        "response, never less than zero (median)."
    ),
}


@frozen
class Period:
    """A stretch of days, both ends included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@frozen
class MeetingCounts:
    """Meetings held against planned, and cancelled."""

    held: int
    planned: int
    cancelled: int


@frozen
class PartnerAttendance:
    """One partner's attendance over the held meetings where it was on the roll."""

    partner: Partner
    meetings: int
    present: int
    decision_level: int

    @property
    def rate(self) -> float | None:
        """Share of meetings attended, or None without meetings."""
        return self.present / self.meetings if self.meetings else None

    @property
    def decision_rate(self) -> float | None:
        """Share of meetings with someone present who may decide."""
        return self.decision_level / self.meetings if self.meetings else None


@frozen
class PartnerActions:
    """A partner's actions due in the period."""

    partner: Partner
    due: int
    completed: int
    on_time: int
    overdue: int
    median_days_to_complete: float | None
    average_times_carried: float | None


@frozen
class ConflictCounts:
    """Conflicts raised and resolved, by category."""

    category: ConflictCategory | None  # None: all categories
    raised: int
    resolved: int
    median_days_to_resolve: float | None


@frozen
class NoticeCounts:
    """Notices given, with enough notice, and answers outstanding."""

    given: int
    enough_notice: int
    responses_outstanding: int


@frozen
class EscalationCounts:
    """Escalations raised and answered, and how fast."""

    raised: int
    answered: int
    median_days_to_answer: float | None


def _days_between(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end``, never below zero: a record dated before what it follows (typed in late,
    imported, corrected) is counted as done the same day, not as a negative duration."""
    return max(0, (end - start).days)


def _median(values: Iterable[float]) -> float | None:
    found = list(values)
    return float(statistics.median(found)) if found else None


def _meetings(store: Store, period: Period, forum_id: str | None) -> list[Meeting]:
    found = store.where(Meeting, {"forum_id": forum_id}) if forum_id else store.all(Meeting)
    return [m for m in found if m.starts_at.date() in period]


def meeting_counts(store: Store, period: Period, forum_id: str | None = None) -> MeetingCounts:
    """Meetings held, planned (not cancelled) and cancelled in the period."""
    meetings = _meetings(store, period, forum_id)
    cancelled = sum(1 for m in meetings if m.status is MeetingStatus.CANCELLED)
    held = sum(1 for m in meetings if m.status is MeetingStatus.HELD)
    return MeetingCounts(held=held, planned=len(meetings) - cancelled, cancelled=cancelled)


@frozen
class _Roll:
    """Who was on the roll, present, and present at decision level, partner by partner, for held meetings."""

    day: dict[str, dt.date]  # meeting id -> day
    on_roll: dict[str, set[str]]  # partner id -> meeting ids
    present: dict[str, set[str]]
    deciding: dict[str, set[str]]


def _roll(store: Store, period: Period, forum_id: str | None) -> _Roll:
    """Read the roll of every held meeting of the period once (the trend slices it, never reads it again)."""
    held = {
        m.id: m.starts_at.date() for m in _meetings(store, period, forum_id) if m.status is MeetingStatus.HELD
    }
    people = {r.id: r for r in store.all(Representative, include_archived=True)}
    on_roll: dict[str, set[str]] = {}
    present: dict[str, set[str]] = {}
    deciding: dict[str, set[str]] = {}
    fields = ("meeting_id", "partner_id", "representative_id", "role", "presence")
    here = {Presence.PRESENT.value, Presence.SUBSTITUTE.value}
    # Only the five columns counted, for thousands of roll lines: building each record would cost more.
    for meeting_id, partner_id, person_id, role, presence in store.values(Attendance, fields):
        if meeting_id not in held or role != AttendeeRole.MEMBER.value or not partner_id:
            continue
        partner, meeting = str(partner_id), str(meeting_id)
        on_roll.setdefault(partner, set()).add(meeting)
        if presence in here:
            present.setdefault(partner, set()).add(meeting)
            person = people.get(str(person_id or ""))
            if person is not None and person.may_decide:
                deciding.setdefault(partner, set()).add(meeting)
    return _Roll(held, on_roll, present, deciding)


def _attendance(store: Store, roll: _Roll, keep: set[str] | None = None) -> list[PartnerAttendance]:
    partners = {p.id: p for p in store.all(Partner, include_archived=True)}

    def count(meetings: set[str]) -> int:
        return len(meetings if keep is None else meetings & keep)

    result = [
        PartnerAttendance(
            partner=partners[pid],
            meetings=count(meetings),
            present=count(roll.present.get(pid, set())),
            decision_level=count(roll.deciding.get(pid, set())),
        )
        for pid, meetings in roll.on_roll.items()
        if pid in partners and count(meetings)
    ]
    return sorted(result, key=lambda a: a.partner.name.casefold())


def attendance_by_partner(
    store: Store, period: Period, forum_id: str | None = None
) -> list[PartnerAttendance]:
    """Each partner's attendance rate and decision-level representation over the held meetings of the period."""
    return _attendance(store, _roll(store, period, forum_id))


def attendance_trend(
    store: Store, period: Period, forum_id: str | None = None, *, months_per_step: int = 3
) -> list[tuple[Period, float | None]]:
    """The overall attendance rate (partners present / partners on the roll) step by step through the period."""
    roll = _roll(store, period, forum_id)
    steps = []
    start = period.start
    while start <= period.end:
        month = start.month - 1 + months_per_step
        end = dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        part = Period(start, min(end, period.end))
        keep = {meeting_id for meeting_id, day in roll.day.items() if day in part}
        on_roll = sum(len(m & keep) for m in roll.on_roll.values())
        present = sum(len(m & keep) for m in roll.present.values())
        steps.append((part, present / on_roll if on_roll else None))
        start = part.end + dt.timedelta(days=1)
    return steps


def _done_by(action: Action, day: dt.date) -> bool:
    """Whether ``action`` was done on or before ``day``."""
    return (
        action.status is ActionStatus.DONE and action.completed_on is not None and action.completed_on <= day
    )


def _open_on(action: Action, day: dt.date) -> bool:
    """Whether ``action`` was still open on ``day``: not dropped, and not done by then (a done action without a
    completion day counts as done)."""
    if action.status is ActionStatus.DROPPED:
        return False
    if action.status is ActionStatus.DONE:
        return action.completed_on is not None and action.completed_on > day
    return True


def actions_by_partner(
    store: Store, period: Period, forum_id: str | None = None, *, today: dt.date | None = None
) -> list[PartnerActions]:
    """Actions due in the period by owner partner: completed, on time, overdue, days to complete, times carried.

    Overdue is judged on the period's last day, or on ``today`` (by default the clock's) when the period is still
    running: an action done after that day was not done by then, so it is overdue there, not done.
    """
    judged_on = min(period.end, today or clock.today())
    actions = store.where(Action, {"forum_id": forum_id}) if forum_id else store.all(Action)
    due = [a for a in actions if a.due in period]
    partners = {p.id: p for p in store.all(Partner, include_archived=True)}
    # An action is agreed at the meeting it came from; its record may be written later (or imported).
    origins = {a.origin_meeting_id for a in due if a.origin_meeting_id}
    meeting_days = {
        m.id: m.starts_at.date() for m in (store.find(Meeting, i) for i in origins) if m is not None
    }
    agreed_on = {
        a.id: meeting_days[a.origin_meeting_id]
        for a in due
        if a.origin_meeting_id and a.origin_meeting_id in meeting_days
    }
    result = []
    for partner_id in sorted({a.owner_partner_id for a in due}, key=lambda p: partners[p].name.casefold()):
        mine = [a for a in due if a.owner_partner_id == partner_id]
        done = [a for a in mine if _done_by(a, judged_on)]
        carried = [len(store.where(ActionReview, {"action_id": a.id})) for a in mine]
        result.append(
            PartnerActions(
                partner=partners[partner_id],
                due=len(mine),
                completed=len(done),
                on_time=sum(
                    1
                    for a in done
                    if a.due is not None and a.completed_on is not None and a.completed_on <= a.due
                ),
                overdue=sum(
                    1 for a in mine if a.due is not None and a.due < judged_on and _open_on(a, judged_on)
                ),
                median_days_to_complete=_median(
                    _days_between(agreed_on.get(a.id, a.created.date()), a.completed_on)
                    for a in done
                    if a.completed_on is not None
                ),
                average_times_carried=sum(carried) / len(carried) if carried else None,
            )
        )
    return result


def conflict_counts(store: Store, period: Period, forum_id: str | None = None) -> list[ConflictCounts]:
    """Conflicts raised in the period and resolved, overall (first row) and by category."""
    conflicts = store.where(Conflict, {"forum_id": forum_id}) if forum_id else store.all(Conflict)
    raised = [c for c in conflicts if c.raised_on in period]

    def resolved_after(conflict: Conflict) -> int | None:
        steps = [s for s in timeline(store, conflict.id) if s.stage is ConflictStage.RESOLVED]
        return _days_between(conflict.raised_on, steps[0].on) if steps else None

    def counts(category: ConflictCategory | None, chosen: list[Conflict]) -> ConflictCounts:
        days = [d for d in (resolved_after(c) for c in chosen) if d is not None]
        return ConflictCounts(category, len(chosen), len(days), _median(days))

    rows = [counts(None, raised)]
    for category in ConflictCategory:
        chosen = [c for c in raised if c.category is category]
        if chosen:
            rows.append(counts(category, chosen))
    return rows


def notice_counts(store: Store, period: Period, forum_id: str | None = None) -> NoticeCounts:
    """Notices given in the period, those given with enough notice, and answers outstanding."""
    notices = [
        n
        for n in store.all(Notice)
        if n.given_on in period and (forum_id is None or forum_id in n.affected_forums)
    ]
    return NoticeCounts(
        given=len(notices),
        enough_notice=sum(1 for n in notices if not is_short_notice(store, n)),
        responses_outstanding=sum(len(missing_responses(store, n)) for n in notices),
    )


def escalation_counts(store: Store, period: Period, forum_id: str | None = None) -> EscalationCounts:
    """Escalations raised in the period (from or to the forum), answered, and median days to answer."""
    found = [
        e
        for e in store.all(Escalation)
        if e.raised_on in period and (forum_id is None or forum_id in (e.from_forum_id, e.to_forum_id))
    ]
    answered = [e for e in found if e.answered_on is not None]
    return EscalationCounts(
        raised=len(found),
        answered=len(answered),
        median_days_to_answer=_median(
            _days_between(e.raised_on, e.answered_on) for e in answered if e.answered_on
        ),
    )
