"""What the chair's live view shows, derived from stored moments so that a restart resumes exactly."""

from __future__ import annotations

import datetime as dt

from facilitator.entities import Partner
from facilitator.frozen import frozen
from facilitator.meeting_ops import agenda, current_item
from facilitator.meetings import AgendaItem, Meeting, SpeakerTurn
from facilitator.quorum import PartnerStanding, QuorumResult, standings_now
from facilitator.store import Store


@frozen
class LiveState:
    """The meeting at one moment: the item under way, its clock, the meeting's clock and the speakers."""

    meeting: Meeting
    items: tuple[AgendaItem, ...]
    current: AgendaItem | None
    following: AgendaItem | None
    item_elapsed: dt.timedelta
    meeting_elapsed: dt.timedelta
    waiting: tuple[SpeakerTurn, ...]
    spoken: frozenset[str]
    not_yet_spoken: tuple[Partner, ...]
    standings: tuple[PartnerStanding, ...]
    quorum: QuorumResult

    @property
    def item_allowed(self) -> dt.timedelta:
        """Time allowed for the item under way."""
        return dt.timedelta(minutes=self.current.minutes_allowed if self.current else 0)

    @property
    def item_over(self) -> bool:
        """Whether the item under way has run over its time."""
        return self.current is not None and self.item_elapsed > self.item_allowed

    @property
    def meeting_remaining(self) -> dt.timedelta:
        """Planned length minus time used (negative when the meeting runs over)."""
        return dt.timedelta(minutes=self.meeting.duration_minutes) - self.meeting_elapsed


def _elapsed(started: dt.datetime | None, ended: dt.datetime | None, now: dt.datetime) -> dt.timedelta:
    if started is None:
        return dt.timedelta(0)
    return max(dt.timedelta(0), (ended or now) - started)


def live_state(store: Store, meeting_id: str, now: dt.datetime) -> LiveState:
    """The chair's view of ``meeting_id`` at ``now`` (a UTC instant)."""
    if now.tzinfo is None:
        raise ValueError("the live view needs an aware UTC instant, not a naive time")  # a programming error
    meeting = store.get(Meeting, meeting_id)
    items = agenda(store, meeting_id)
    current = current_item(items)
    following = None
    if current is not None:
        later = [i for i in items if i.position > current.position and i.ended_at is None]
        following = later[0] if later else None
    elif items:
        untouched = [i for i in items if i.started_at is None]
        following = untouched[0] if untouched else None
    standings, quorum = standings_now(store, meeting, now)
    turns = store.where(SpeakerTurn, {"item_id": current.id}) if current else []
    waiting = tuple(sorted((t for t in turns if t.spoke_at is None), key=lambda t: t.requested_at))
    spoken = frozenset(t.partner_id for t in turns if t.spoke_at is not None)
    present = [s.partner for s in standings if s.here]
    return LiveState(
        meeting=meeting,
        items=tuple(items),
        current=current,
        following=following,
        item_elapsed=_elapsed(current.started_at, current.ended_at, now) if current else dt.timedelta(0),
        meeting_elapsed=_elapsed(meeting.started_at, meeting.ended_at, now),
        waiting=waiting,
        spoken=spoken,
        not_yet_spoken=tuple(p for p in present if p.id not in spoken),
        standings=tuple(standings),
        quorum=quorum,
    )
