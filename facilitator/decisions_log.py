"""Decisions taken over a period, for reports: partners-level content (never for the public)."""

from __future__ import annotations

import datetime as dt

from facilitator.audience import Audience, Visibility, seen_by
from facilitator.frozen import frozen
from facilitator.meetings import AgendaItem, Decision, Meeting, MeetingStatus, Position
from facilitator.quorum import decision_outcome
from facilitator.store import Store


@frozen
class DecidedItem:
    """A decision with the day and forum it was taken in."""

    day: dt.date
    forum_id: str
    text: str


def was_decided(store: Store, decision: Decision) -> bool:
    """Whether something was decided: a consensus nobody blocked or opposed, or a vote carried, with a text.
    Deferred items, blocked consensus and lost votes are not decisions taken."""
    stances = (p.stance for p in store.where(Position, {"decision_id": decision.id}))
    return bool(decision.text) and decision_outcome(decision.method, stances).decided


def decisions_in(
    store: Store, start: dt.date, end: dt.date, forum_id: str | None = None
) -> list[DecidedItem]:
    """Decisions taken (``was_decided``) at held meetings between ``start`` and ``end`` on items partners may all
    see (no restricted ones)."""
    meetings = {
        m.id: m
        for m in (store.where(Meeting, {"forum_id": forum_id}) if forum_id else store.all(Meeting))
        if m.status is MeetingStatus.HELD and start <= m.starts_at.date() <= end
    }
    found = []
    for meeting in meetings.values():
        for item in store.where(AgendaItem, {"meeting_id": meeting.id}):
            if seen_by(Audience.partners(), item) is not Visibility.SHOW:  # every partner may read it
                continue
            for decision in store.where(Decision, {"item_id": item.id}):
                if not was_decided(store, decision):
                    continue
                found.append(DecidedItem(meeting.starts_at.date(), meeting.forum_id, decision.text))
    return sorted(found, key=lambda d: d.day)
