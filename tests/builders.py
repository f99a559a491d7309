"""Small builders that tests of every layer share: a record or an edit in a test's own words, where the core's
call spells out fields that follow from the records at hand.

Import them as ``from tests.builders import escalation_of, substitute_line``. They only build what a test puts
in; every value a test expects stays written out in the test itself.
"""

from __future__ import annotations

import datetime as dt

from facilitator.actions import Action
from facilitator.conflicts import Conflict
from facilitator.entities import Forum
from facilitator.escalation import escalate
from facilitator.meetings import AgendaItem, Attendance, Presence
from facilitator.operations import Edit
from facilitator.records import KIND_NAMES
from facilitator.store import Store


def escalation_of(
    store: Store,
    subject: AgendaItem | Action | Conflict,
    source: Forum,
    target: Forum,
    reason: str,
    *,
    today: dt.date,
) -> Edit:
    """The edit that escalates ``subject`` (an agenda item, action or conflict) from ``source`` up to
    ``target``, with its kind, id and title (an item's title as the agenda shows it) filled in."""
    title = subject.display_title if isinstance(subject, AgendaItem) else subject.title
    return escalate(
        store,
        subject_kind=KIND_NAMES[type(subject)],
        subject_id=subject.id,
        subject_title=title,
        from_forum_id=source.id,
        to_forum_id=target.id,
        reason=reason,
        today=today,
    )


def substitute_line(meeting_id: str, partner_id: str, representative_id: str, for_id: str) -> Attendance:
    """A line of a meeting's roll: ``representative_id`` of ``partner_id`` there as the substitute of ``for_id``."""
    return Attendance(
        meeting_id=meeting_id,
        partner_id=partner_id,
        representative_id=representative_id,
        presence=Presence.SUBSTITUTE,
        substitute_for_id=for_id,
    )
