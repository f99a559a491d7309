"""The iCalendar writer, read back with icalendar itself and checked line by line against RFC 5545's shape."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import clock as app_clock
from facilitator.entities import Cadence, Forum, Partner
from facilitator.exports.ics import calendar_bytes, meeting_uid, write_calendar
from facilitator.meeting_ops import (
    cancel_meeting,
    meetings_of,
    move_meeting,
    plan_meetings,
    save_meeting,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    Confidentiality,
    ItemKind,
    Meeting,
    MeetingKind,
)
from facilitator.planning import planned_dates, to_utc
from tests.core.fakes import MemoryStore

LONDON = "Europe/London"
NOW = dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)
ROUND = Forum(
    name="Station Square weekly round", cadence=Cadence.WEEKLY, usual_weekday=0, usual_time=dt.time(10)
)
POLICE = Partner(name="Police")
FORUMS = {ROUND.id: ROUND}


def _meeting(when: dt.datetime, **fields: object) -> Meeting:
    values: dict[str, object] = {
        "forum_id": ROUND.id,
        "starts_at": when,
        "timezone": LONDON,
        "duration_minutes": 60,
        "venue": "Central Police Station, meeting room 2",
    }
    values.update(fields)
    return Meeting(**values)  # type: ignore[arg-type]


def _item(meeting: Meeting, position: int, title: str, confidentiality: Confidentiality) -> AgendaItem:
    return AgendaItem(
        meeting_id=meeting.id,
        position=position,
        title=title,
        kind=ItemKind.DISCUSSION,
        confidentiality=confidentiality,
        restricted_to=(POLICE.id,) if confidentiality is Confidentiality.RESTRICTED else (),
    )


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def _events(data: bytes) -> list[icalendar.Event]:
    return list(_parse(data).walk("VEVENT"))


def _unfolded(data: bytes) -> str:
    """The content lines with folding undone (RFC 5545 3.1), as text."""
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8")


def _assert_well_formed(data: bytes) -> None:
    """CRLF everywhere, no line longer than 75 octets, folds that never split a UTF-8 character."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    lines = data.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is whole UTF-8: folding did not cut a character
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    assert _unfolded(data).count("BEGIN:VEVENT") == _unfolded(data).count("END:VEVENT")


def test_every_field_of_an_event_reads_back() -> None:
    meeting = _meeting(dt.datetime(2025, 3, 10, 10, 0), title="", kind=MeetingKind.REGULAR)
    items = [
        _item(meeting, 0, "Street picture", Confidentiality.PUBLIC),
        _item(meeting, 1, "Shelter beds", Confidentiality.PARTNERS),
    ]
    data = calendar_bytes([meeting], FORUMS, agendas={meeting.id: items}, now=NOW)
    _assert_well_formed(data)
    calendar = _parse(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "Partnership Facilitator" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == ROUND.name
    (event,) = _events(data)
    assert str(event["UID"]) == f"{meeting.id}@partnership-facilitator" == meeting_uid(meeting)
    assert event.decoded("DTSTAMP") == NOW
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == LONDON
    assert event["DTEND"].params["TZID"] == LONDON
    assert start.replace(tzinfo=None) == dt.datetime(2025, 3, 10, 10, 0)
    assert end.replace(tzinfo=None) == dt.datetime(2025, 3, 10, 11, 0)
    assert start.utcoffset() == dt.timedelta(0)  # GMT in March before the change
    assert str(event["SUMMARY"]) == ROUND.name
    assert str(event["LOCATION"]) == "Central Police Station, meeting room 2"
    description = str(event["DESCRIPTION"])
    assert description.splitlines()[0] == "Regular"
    assert "1. Street picture" in description
    assert "Shelter beds" not in description
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("SEQUENCE") == 0


def test_a_meeting_title_goes_before_the_forum_name() -> None:
    meeting = _meeting(dt.datetime(2025, 3, 10, 10), title="Extraordinary round after the operation")
    (event,) = _events(calendar_bytes([meeting], FORUMS, now=NOW))
    assert str(event["SUMMARY"]) == "Extraordinary round after the operation"


def test_a_weekly_series_keeps_ten_oclock_across_the_clock_change() -> None:
    # British Summer Time starts on the last Sunday of March 2025, the 30th.
    times = planned_dates(ROUND, dt.date(2025, 3, 17), 3)
    meetings = [_meeting(t) for t in times]
    data = calendar_bytes(meetings, FORUMS, now=NOW)
    _assert_well_formed(data)
    starts = sorted(e.decoded("DTSTART") for e in _events(data))
    assert [s.replace(tzinfo=None) for s in starts] == [
        dt.datetime(2025, 3, 17, 10),
        dt.datetime(2025, 3, 24, 10),
        dt.datetime(2025, 3, 31, 10),
    ]
    in_utc = [s.astimezone(dt.UTC).time() for s in starts]
    assert in_utc == [dt.time(10), dt.time(10), dt.time(9)]
    assert [to_utc(t, LONDON) for t in times] == [s.astimezone(dt.UTC) for s in starts]


def test_a_vtimezone_is_included_for_every_zone_used() -> None:
    london = _meeting(dt.datetime(2025, 3, 31, 10))
    brussels = _meeting(dt.datetime(2025, 3, 31, 11), timezone="Europe/Brussels")
    data = calendar_bytes([london, brussels], FORUMS, now=NOW)
    _assert_well_formed(data)
    calendar = _parse(data)
    zones = {str(z["TZID"]): z for z in calendar.walk("VTIMEZONE")}
    assert set(zones) == {LONDON, "Europe/Brussels"}
    london_zone = zones[LONDON]
    assert {c.name for c in london_zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    # The zone described in the file agrees with the system's: BST is an hour ahead of UTC.
    tz = london_zone.to_tz()
    assert dt.datetime(2025, 7, 1, 12, tzinfo=tz).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2025, 1, 1, 12, tzinfo=tz).utcoffset() == dt.timedelta(0)
    # Every TZID an event uses has its VTIMEZONE, and the zones come before the events.
    text = _unfolded(data)
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    used = set(re.findall(r";TZID=([^:;]+)", text))
    assert used == set(zones)


def test_a_meeting_in_utc_is_written_in_utc_without_a_vtimezone() -> None:
    meeting = _meeting(dt.datetime(2025, 6, 2, 10), timezone="UTC")
    data = calendar_bytes([meeting], FORUMS, now=NOW)
    assert b"DTSTART:20250602T100000Z" in data
    assert b"VTIMEZONE" not in data


def _exported(store: MemoryStore, meeting_id: str) -> icalendar.Event:
    (event,) = _events(calendar_bytes([store.get(Meeting, meeting_id)], FORUMS, now=NOW))
    return event


def test_every_change_a_calendar_shows_raises_the_sequence_and_the_uid_stays() -> None:
    """Moved, lengthened, relocated, retitled, cancelled, and undone: each is one more revision, so calendars
    that already hold the meeting take it; a change calendars do not show (starting it) is not."""
    store = MemoryStore()
    store.put(ROUND)
    plan_meetings(store, ROUND.id, dt.date(2025, 3, 1), 2, timezone=LONDON).apply(store)
    planned, kept = meetings_of(store, ROUND.id)
    uid = str(_exported(store, planned.id)["UID"])
    assert _exported(store, planned.id).decoded("SEQUENCE") == 0

    def revision() -> int:
        event = _exported(store, planned.id)
        assert str(event["UID"]) == uid
        return int(event.decoded("SEQUENCE"))

    moved = move_meeting(store, planned.id, dt.datetime(2025, 3, 4, 14, 0))
    moved.apply(store)
    assert revision() == 1
    meeting = store.get(Meeting, planned.id)
    save_meeting(store, replace(meeting, duration_minutes=120)).apply(store)
    assert revision() == 2
    save_meeting(store, replace(store.get(Meeting, planned.id), venue="Town hall")).apply(store)
    assert revision() == 3
    save_meeting(store, replace(store.get(Meeting, planned.id), title="Extra round")).apply(store)
    assert revision() == 4
    unchanged = save_meeting(store, store.get(Meeting, planned.id))
    unchanged.apply(store)
    assert revision() == 4  # saved without a change: nothing for calendars
    cancelled = cancel_meeting(store, planned.id, "Operation Lantern")
    cancelled.apply(store)
    assert revision() == 5
    assert str(_exported(store, planned.id)["STATUS"]) == "CANCELLED"
    # An undo puts the earlier time and status back: for calendars that is one more revision, never a lower one.
    cancelled.revert(store)
    assert revision() == 6
    assert str(_exported(store, planned.id)["STATUS"]) == "CONFIRMED"
    cancelled.apply(store)
    assert revision() == 7
    # Its neighbour of the series was never touched.
    assert _exported(store, kept.id).decoded("SEQUENCE") == 0
    start_meeting(store, kept.id, NOW).apply(store)
    assert _exported(store, kept.id).decoded("SEQUENCE") == 0


def test_a_cancelled_meeting_keeps_its_uid_and_says_nothing_of_why() -> None:
    store = MemoryStore()
    store.put(ROUND)
    plan_meetings(store, ROUND.id, dt.date(2025, 3, 1), 2, timezone=LONDON).apply(store)
    first, second = meetings_of(store, ROUND.id)
    cancel_meeting(store, second.id, "Operation Lantern: the station is closed").apply(store)
    data = calendar_bytes(meetings_of(store, ROUND.id), FORUMS, now=NOW)
    events = {str(e["UID"]): e for e in _events(data)}
    gone = events[meeting_uid(second)]
    kept = events[meeting_uid(first)]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert str(kept["STATUS"]) == "CONFIRMED"
    assert gone.decoded("SEQUENCE") > kept.decoded("SEQUENCE")
    # The reason may say more than the public should know; the calendar says only that it is cancelled.
    assert "Lantern" not in _unfolded(data)


def test_only_public_item_titles_are_listed() -> None:
    meeting = _meeting(dt.datetime(2025, 3, 10, 10))
    items = [
        _item(meeting, 0, "Needle bins in the square", Confidentiality.PUBLIC),
        _item(meeting, 1, "Shelter beds for named clients", Confidentiality.PARTNERS),
        _item(meeting, 2, "Planned police operation in the underpass", Confidentiality.RESTRICTED),
        _item(meeting, 3, "Residents' questions", Confidentiality.PUBLIC),
    ]
    data = calendar_bytes([meeting], FORUMS, agendas={meeting.id: items}, now=NOW)
    text = _unfolded(data)
    assert "Needle bins in the square" in text and "Residents' questions" in text
    for secret in ("Shelter beds", "named clients", "police operation", "underpass"):
        assert secret not in text
    (event,) = _events(data)
    lines = str(event["DESCRIPTION"]).splitlines()
    assert lines[-2:] == ["1. Needle bins in the square", "2. Residents' questions"]


def test_text_with_separators_other_scripts_and_emoji_survives() -> None:
    title = "Round, special; after the raid\nsecond line — مركز الصحة العامة 🚉 Ayşe"
    venue = "St Mark's, main hall; step-free: use the side door\\ramp"
    meeting = _meeting(dt.datetime(2025, 3, 10, 10), title=title, venue=venue)
    item = _item(meeting, 0, "Questions, answers; and more\nاجتماع السكان 😀", Confidentiality.PUBLIC)
    data = calendar_bytes([meeting], FORUMS, agendas={meeting.id: [item]}, now=NOW)
    _assert_well_formed(data)
    (event,) = _events(data)
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == venue
    assert "1. Questions, answers; and more\nاجتماع السكان 😀" in str(event["DESCRIPTION"])


_free_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\r")
    | st.sampled_from('\n\t,;:\\"'),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(title=_free_text, venue=_free_text, item_title=_free_text)
def test_any_text_survives_and_every_line_stays_within_75_octets(
    title: str, venue: str, item_title: str
) -> None:
    meeting = _meeting(dt.datetime(2025, 3, 10, 10), title=title, venue=venue)
    item = _item(meeting, 0, item_title, Confidentiality.PUBLIC)
    data = calendar_bytes([meeting], FORUMS, agendas={meeting.id: [item]}, now=NOW)
    _assert_well_formed(data)
    (event,) = _events(data)
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == venue
    assert str(event["DESCRIPTION"]).endswith(f"1. {item_title}")


def test_write_calendar_writes_the_same_bytes_to_a_file(tmp_path: Path) -> None:
    meetings = [_meeting(t) for t in planned_dates(ROUND, dt.date(2025, 1, 6), 12)]
    target = tmp_path / "round.ics"
    write_calendar(target, meetings, FORUMS, now=NOW)
    data = target.read_bytes()
    assert data == calendar_bytes(meetings, FORUMS, now=NOW)
    assert len(_events(data)) == 12
    assert [p.name for p in tmp_path.iterdir()] == ["round.ics"]  # no temporary file left behind


def test_an_empty_calendar_is_still_a_calendar() -> None:
    data = calendar_bytes([], FORUMS, now=NOW)
    _assert_well_formed(data)
    assert _events(data) == []


def test_dtstamp_defaults_to_now_in_utc() -> None:
    meeting = _meeting(dt.datetime(2025, 3, 10, 10))
    (event,) = _events(calendar_bytes([meeting], FORUMS))
    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset() == dt.timedelta(0)
    assert stamp == app_clock.now()
