"""Which meeting a register entry goes to: the next meeting of a forum that can table it.

A meeting that has started carries what was fixed when it started; a meeting not started yet carries what the
registers say now. An entry that goes to "the next meeting" (a notice, an answer to report back) therefore goes to
the first meeting of the forum, from the day it arose, that either tabled it when it started or has not started
yet and has an item to table it under (the forum's settings decide which items its agendas have). Meetings that
started without it (it arose later) and cancelled meetings are passed over; so are meetings left unstarted in the
past, which nobody will hold any more.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import cast

from facilitator.entities import R, Record
from facilitator.meeting_ops import Slot, agenda, timeline_of
from facilitator.meetings import AgendaItem, ItemKind, Meeting, MeetingStatus
from facilitator.store import Store

#: Derived records get ids from their meeting and subject, so that reading twice gives the same records and the
#: records written when the meeting starts are those the coordinator saw before.
_NAMESPACE = uuid.UUID("6b0f3c52-8d55-4d8e-9a55-3c9e1a0d4f21")

try:
    from _sha1 import sha1 as _sha1  # CPython's built-in SHA-1
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import sha1 as _sha1


def derived_id(meeting_id: str, what: str, subject_id: str) -> str:
    """The stable id of what ``meeting_id`` carries about ``subject_id`` (``what`` names the kind of record): the
    name-based UUID ``uuid.uuid5`` makes, computed as it computes it but with the interpreter's own SHA-1, so that
    Home's reading does not load ``hashlib`` and OpenSSL with it (a few milliseconds; tested against uuid5)."""
    name = f"{meeting_id}/{what}/{subject_id}".encode()
    return str(uuid.UUID(bytes=_sha1(_NAMESPACE.bytes + name).digest()[:16], version=5))


def is_fixed(meeting: Meeting | Slot) -> bool:
    """Whether the meeting has started, so that what it carries was fixed then."""
    return meeting.started_at is not None or meeting.status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)


class Routing:
    """What deriving a meeting's contents needs beside the store: the day, the meeting being started if it is a
    start, and the meetings and agendas already read (a derivation reads each once)."""

    def __init__(self, store: Store, today: dt.date, starting: Meeting | None = None) -> None:
        self.store = store
        self.today = today
        self.starting = starting
        self._timelines: dict[str, list[Slot]] = {}
        self._agendas: dict[str, list[AgendaItem]] = {}
        self._fixed: dict[tuple[type[Record], str], list[Record]] = {}

    def timeline(self, forum_id: str) -> list[Slot]:
        """The forum's meetings by start time, as their start, status and id (``meeting_ops.timeline_of``): a
        derivation reads whole only the meetings it finds."""
        if forum_id not in self._timelines:
            self._timelines[forum_id] = timeline_of(self.store, forum_id)
        return self._timelines[forum_id]

    def item(self, meeting: Meeting | Slot, kind: ItemKind) -> AgendaItem | None:
        """The meeting's first item of ``kind``, under which what the registers send is tabled."""
        if meeting.id not in self._agendas:
            self._agendas[meeting.id] = agenda(self.store, meeting.id)
        return next((i for i in self._agendas[meeting.id] if i.kind is kind), None)

    def fixed(self, kind: type[R], meeting_id: str) -> list[R]:
        """The records of ``kind`` written when ``meeting_id`` started."""
        key = (cast(type[Record], kind), meeting_id)
        if key not in self._fixed:
            self._fixed[key] = list(self.store.where(kind, {"meeting_id": meeting_id}))
        return cast(list[R], self._fixed[key])

    def _open_to(self, meeting: Meeting | Slot, kind: ItemKind) -> bool:
        """Whether a meeting not started yet will table something under ``kind``."""
        if self.starting is not None and meeting.id == self.starting.id:
            return self.item(meeting, kind) is not None
        # Starting a meeting passes over earlier ones nobody started; otherwise those left in the past are.
        since = self.starting.starts_at if self.starting else dt.datetime.combine(self.today, dt.time.min)
        return meeting.starts_at >= since and self.item(meeting, kind) is not None

    def next_meeting(
        self,
        forum_id: str,
        kind: ItemKind,
        record_kind: type[R],
        tabled_there: Callable[[R], bool],
        *,
        start: dt.date,
        end: dt.date | None = None,
    ) -> Meeting | None:
        """The meeting of ``forum_id`` that takes an entry arising on ``start`` (and due before ``end``): one
        that tabled it when it started (a record of ``record_kind`` for which ``tabled_there`` holds), or else
        the first, from ``start``, that has not started and has an item of ``kind``. Only once: a meeting started
        later, for minutes typed in afterwards, does not table what a later one already did."""
        window = [
            m
            for m in self.timeline(forum_id)
            if m.status is not MeetingStatus.CANCELLED
            and m.starts_at.date() >= start
            and (end is None or m.starts_at.date() < end)
        ]
        for meeting in window:
            starting = self.starting is not None and meeting.id == self.starting.id
            if (
                is_fixed(meeting)
                and not starting
                and any(tabled_there(r) for r in self.fixed(record_kind, meeting.id))
            ):
                return self.store.get(Meeting, meeting.id)
        for meeting in window:
            starting = self.starting is not None and meeting.id == self.starting.id
            if (starting or not is_fixed(meeting)) and self._open_to(meeting, kind):
                return self.store.get(Meeting, meeting.id)
        return None
