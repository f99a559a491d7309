"""What a meeting carries from the registers: the actions it reviews, the notices and conflicts it tables, the
escalations it must answer and the answers reported back to it.

One function, ``carried``, answers for every screen and document (the agenda screen, the agenda and the minutes,
the live view, Home). For a meeting that has not started, it is derived from the registers as they are now, by
the derivers listed in ``facilitator.rules``: whatever is raised, answered, done or withdrawn between planning and
the meeting shows up, or drops off, by itself. When the meeting starts (``meeting_ops.start_meeting``) it is written
once, by ``freeze_steps``, and from then on only what was written is read: the record says exactly what was before
the meeting. A cancelled meeting carries nothing.
"""

from __future__ import annotations

import datetime as dt

from facilitator import clock
from facilitator.actions import ActionReview
from facilitator.agenda_routing import Routing, is_fixed
from facilitator.entities import R, Record
from facilitator.escalation import Direction, EscalationReview
from facilitator.frozen import frozen
from facilitator.meeting_ops import Step
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.store import Store
from facilitator.tablings import Tabling


@frozen
class Carried:
    """What one meeting carries, each kind in its order; ``fixed`` once the meeting has started."""

    meeting: Meeting
    fixed: bool
    records: tuple[Record, ...]

    def of(self, kind: type[R]) -> list[R]:
        """The records of ``kind``, in order."""
        return [r for r in self.records if isinstance(r, kind)]

    @property
    def actions(self) -> list[ActionReview]:
        """Actions under review."""
        return self.of(ActionReview)

    @property
    def escalations(self) -> list[EscalationReview]:
        """Escalations received, then answers reported back."""
        return self.of(EscalationReview)

    @property
    def incoming(self) -> list[EscalationReview]:
        """Escalations the meeting is asked to answer."""
        return [r for r in self.escalations if r.direction is Direction.INCOMING]

    @property
    def reported_back(self) -> list[EscalationReview]:
        """Answers reported back to the meeting."""
        return [r for r in self.escalations if r.direction is Direction.REPORT_BACK]

    @property
    def conflicts(self) -> list[Tabling]:
        """Conflicts tabled."""
        return [t for t in self.of(Tabling) if t.subject_kind == "conflicts"]

    @property
    def notices(self) -> list[Tabling]:
        """Notices of intended change tabled."""
        return [t for t in self.of(Tabling) if t.subject_kind == "notices"]

    def under(self, item_id: str) -> list[Record]:
        """What is tabled under one agenda item."""
        return [r for r in self.records if getattr(r, "item_id", None) == item_id]


def _position(record: Record) -> tuple[int, dt.datetime, str]:
    return (getattr(record, "position", 0), record.created, record.id)


def carried(store: Store, meeting: Meeting | str, today: dt.date | None = None) -> Carried:
    """What ``meeting`` carries: written when it started, or else derived from the registers on ``today``
    (by default the clock's today)."""
    from facilitator.rules import AGENDA_DERIVERS  # noqa: PLC0415 - the rules import the registers

    meeting = store.get(Meeting, meeting if isinstance(meeting, str) else meeting.id)  # as it is now
    if meeting.status is MeetingStatus.CANCELLED:
        return Carried(meeting, False, ())
    records: list[Record] = []
    if is_fixed(meeting):
        for deriver in AGENDA_DERIVERS:
            records += sorted(store.where(deriver.kind, {"meeting_id": meeting.id}), key=_position)
        return Carried(meeting, True, tuple(records))
    routing = Routing(store, today or clock.today())
    for deriver in AGENDA_DERIVERS:
        records += deriver.derive(routing, meeting)
    return Carried(meeting, False, tuple(records))


def freeze_steps(store: Store, meeting: Meeting) -> list[Step]:
    """The steps that fix what ``meeting`` carries as it starts: what the registers put before it now, written
    once (copies an older version made when the meeting was planned are replaced), and what follows from it (a
    notice only given is now tabled)."""
    from facilitator.rules import AGENDA_DERIVERS, WHEN_FIXED  # noqa: PLC0415 - the rules import the registers

    routing = Routing(store, clock.today(), starting=meeting)
    steps: list[Step] = []
    fixed: list[Record] = []
    for deriver in AGENDA_DERIVERS:
        steps += [(old, None) for old in store.where(deriver.kind, {"meeting_id": meeting.id})]
        fixed += deriver.derive(routing, meeting)
    steps += [(None, record) for record in fixed]
    for follow in WHEN_FIXED:
        steps += follow(store, fixed)
    return steps
