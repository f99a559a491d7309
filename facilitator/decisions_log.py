"""Decisions taken over a period, for reports: partners-level content (never for the public)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.meetings import AgendaItem, Confidentiality, Decision, DecisionMethod, Meeting, MeetingStatus
from facilitator.store import Store


@dataclass(frozen=True)
class DecidedItem:
    """A decision with the day and forum it was taken in."""

    day: dt.date
    forum_id: str
    text: str


def decisions_in(
    store: Store, start: dt.date, end: dt.date, forum_id: str | None = None
) -> list[DecidedItem]:
    """Decisions of held meetings between ``start`` and ``end`` on items partners may all see (no restricted ones)."""
    meetings = {
        m.id: m
        for m in (store.where(Meeting, {"forum_id": forum_id}) if forum_id else store.all(Meeting))
        if m.status is MeetingStatus.HELD and start <= m.starts_at.date() <= end
    }
    found = []
    for meeting in meetings.values():
        for item in store.where(AgendaItem, {"meeting_id": meeting.id}):
            if item.confidentiality is Confidentiality.RESTRICTED:
                continue
            for decision in store.where(Decision, {"item_id": item.id}):
                if (
                    decision.method in (DecisionMethod.DEFERRED, DecisionMethod.NO_DECISION)
                    or not decision.text
                ):
                    continue
                found.append(DecidedItem(meeting.starts_at.date(), meeting.forum_id, decision.text))
    return sorted(found, key=lambda d: d.day)
