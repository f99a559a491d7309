"""Meetings as an iCalendar file (RFC 5545) that Outlook, Thunderbird and phones accept.

The file is built with the ``icalendar`` library, which escapes text, folds long lines at 75 octets and ends
lines with CRLF; nothing here writes iCalendar text by hand. Times are the meeting's local wall time with its
``TZID``, and a ``VTIMEZONE`` for every zone used is included, so that "Monday 10:00" stays 10:00 in the
partners' calendars across daylight-saving changes.

A calendar file is easily forwarded, so it carries only what the public may see: the forum, time and place,
the kind of meeting, and the titles of agenda items whose confidentiality is public. Partners-only and
restricted items, notes and the reason for a cancellation never go in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from facilitator import APP_NAME, __version__, clock
from facilitator.audience import Audience, Visibility, seen_by
from facilitator.entities import Forum
from facilitator.exports.files import write_atomically
from facilitator.i18n import _
from facilitator.meetings import AgendaItem, Meeting, MeetingStatus

PRODID = f"-//{APP_NAME}//{__version__}//EN"
UID_DOMAIN = "partnership-facilitator"
#: Zones written as UTC (``...Z``) rather than with a TZID and a VTIMEZONE.
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Zulu", "Zulu"})


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: stable, so that a calendar updates the event rather than adding a second one."""
    return f"{meeting.id}@{UID_DOMAIN}"


def _zone(name: str) -> dt.tzinfo:
    return dt.UTC if name in _UTC_NAMES else ZoneInfo(name)


def _description(meeting: Meeting, items: Sequence[AgendaItem]) -> str:
    """The kind of meeting and the public items of its agenda, one per line."""
    lines = [meeting.kind.label]
    # A calendar is public: anyone a meeting invitation is forwarded to may read it.
    public = [item for item in items if seen_by(Audience.public(), item) is Visibility.SHOW]
    if public:
        lines.append("")
        lines.append(_("Agenda:"))
        lines.extend(
            f"{number}. {item.display_title}"
            for number, item in enumerate(sorted(public, key=lambda i: i.position), start=1)
        )
    return "\n".join(lines)


def _event(
    meeting: Meeting, forum: Forum | None, items: Sequence[AgendaItem], stamp: dt.datetime
) -> icalendar.Event:
    zone = _zone(meeting.timezone)
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.replace(tzinfo=zone))
    event.add("dtend", meeting.ends_at.replace(tzinfo=zone))
    event.add("summary", meeting.title or (forum.name if forum is not None else _("Meeting")))
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("description", _description(meeting, items))
    event.add("last-modified", meeting.updated.astimezone(dt.UTC))
    cancelled = meeting.status is MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Every change a calendar shows (time, place, length, cancellation) is a revision: calendars apply an update
    # only when the sequence goes up, so the meeting keeps its own count (``Meeting.revised_over``).
    event.add("sequence", meeting.sequence)
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _timezones(meetings: Sequence[Meeting]) -> list[icalendar.Timezone]:
    """One VTIMEZONE per zone used, covering the meetings' dates (and a year either side)."""
    by_zone: dict[str, list[dt.date]] = {}
    for meeting in meetings:
        if meeting.timezone not in _UTC_NAMES:
            by_zone.setdefault(meeting.timezone, []).append(meeting.starts_at.date())
    components = []
    for name, days in sorted(by_zone.items()):
        first = min(days) - dt.timedelta(days=366)
        last = max(days) + dt.timedelta(days=366)
        components.append(
            icalendar.Timezone.from_tzinfo(ZoneInfo(name), tzid=name, first_date=first, last_date=last)
        )
    return components


def calendar_bytes(
    meetings: Sequence[Meeting],
    forums: Mapping[str, Forum],
    *,
    agendas: Mapping[str, Sequence[AgendaItem]] | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """An iCalendar file (``METHOD:PUBLISH``) with one event per meeting, as bytes ready to write.

    ``forums`` maps forum ids to forums (for the events' summaries); ``agendas`` maps meeting ids to their
    agenda items, of which only public ones are listed in the description. ``now`` is the events' DTSTAMP
    (default: the current moment). Each event's ``SEQUENCE`` is the meeting's calendar revision, so calendars that
    already hold a moved meeting move it; cancelled meetings are kept, with ``STATUS:CANCELLED``, so that
    calendars that already hold them take them out. The ``UID`` never changes.
    """
    stamp = (now or clock.now()).astimezone(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    forum_ids = {m.forum_id for m in meetings}
    if len(forum_ids) == 1:
        (only,) = forum_ids
        if only in forums:
            calendar.add("x-wr-calname", forums[only].name)
    for timezone in _timezones(meetings):
        calendar.add_component(timezone)
    for meeting in sorted(meetings, key=lambda m: (m.starts_at, m.id)):
        items = (agendas or {}).get(meeting.id, ())
        calendar.add_component(_event(meeting, forums.get(meeting.forum_id), items, stamp))
    return bytes(calendar.to_ical())


def write_calendar(
    path: Path,
    meetings: Sequence[Meeting],
    forums: Mapping[str, Forum],
    *,
    agendas: Mapping[str, Sequence[AgendaItem]] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Write ``calendar_bytes`` of the meetings to ``path``, completely or not at all."""
    write_atomically(Path(path), calendar_bytes(meetings, forums, agendas=agendas, now=now))
