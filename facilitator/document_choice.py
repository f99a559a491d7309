"""Which of a meeting's documents the window offers first, and for whom: decided here, shown by the Documents tab.

Before a meeting is held, its agenda is the document people need; once it was held (or while it runs, for the
notes), its minutes. A forum that is not public writes for its partners first: the public version is a choice,
never the default. The minutes of a meeting not yet held are no minutes at all: they are offered only as a
template to take notes in, and the window says so wherever it shows them.
"""

from __future__ import annotations

from facilitator.audience import Audience
from facilitator.entities import Forum, Tier
from facilitator.meetings import Meeting, MeetingStatus

AGENDA, MINUTES = "agenda", "minutes"


def default_document(meeting: Meeting) -> str:
    """``AGENDA`` before the meeting starts (planned or cancelled), ``MINUTES`` once it runs or was held."""
    return MINUTES if meeting.status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD) else AGENDA


def default_audience(forum: Forum | None) -> Audience:
    """The public for a public forum; the partners otherwise."""
    return Audience.public() if forum is not None and forum.tier is Tier.PUBLIC else Audience.partners()


def minutes_are_a_template(meeting: Meeting) -> bool:
    """Whether the minutes of ``meeting`` would only be a template for notes (it has not been held)."""
    return meeting.status is not MeetingStatus.HELD and meeting.status is not MeetingStatus.IN_PROGRESS
