"""Meetings: one sitting of a forum, its agenda, its roll, its decisions and the partners' positions.

A meeting's times are wall-clock times in the meeting's own time zone (``starts_at`` is naive local time, so
"Monday 10:00" stays 10:00 across daylight-saving changes); the live timer's moments (``started_at``...) are UTC
instants stored on the records, so a crash or a restart in the middle of a meeting resumes where it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, ClassVar

from facilitator.entities import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_NAME,
    MAX_TEXT,
    LabelledEnum,
    Record,
    check_text,
)
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _

#: A wall-clock time without a zone (the zone is kept beside it); stored and exported as such, never as UTC.
LocalDateTime = Annotated[dt.datetime, "local"]


class MeetingKind(LabelledEnum):
    """Regular, extraordinary or public."""

    REGULAR = "regular", N_("Regular")
    EXTRAORDINARY = "extraordinary", N_("Extraordinary")
    PUBLIC = "public", N_("Public meeting")


class MeetingStatus(LabelledEnum):
    """Where a meeting is in its life (the minutes' own states come with the minutes)."""

    PLANNED = "planned", N_("Planned")
    IN_PROGRESS = "in_progress", N_("In progress")
    HELD = "held", N_("Held")
    CANCELLED = "cancelled", N_("Cancelled")


class ItemKind(LabelledEnum):
    """What an agenda item is for. The standing kinds are filled by the registers that feed them."""

    ATTENDANCE = "attendance", N_("Attendance and apologies")
    MINUTES = "minutes", N_("Minutes of the last meeting")
    INFORMATION = "information", N_("Information")
    DISCUSSION = "discussion", N_("Discussion")
    DECISION = "decision", N_("Decision")
    REVIEW_OF_ACTIONS = "review_of_actions", N_("Review of actions")
    NOTICE = "notice", N_("Notices of intended change")
    CONFLICT = "conflict", N_("Conflicts")
    REPORT_BACK = "report_back", N_("Escalations and report back")
    OTHER_BUSINESS = "other_business", N_("Any other business")
    OTHER = "other", N_("Other")


class Confidentiality(LabelledEnum):
    """Who may see an item: everyone, the partners, or only the partners named on it."""

    PUBLIC = "public", N_("Public")
    PARTNERS = "partners", N_("Partners only")
    RESTRICTED = "restricted", N_("Restricted to named partners")


class Presence(LabelledEnum):
    """A person's attendance at one meeting."""

    EXPECTED = "expected", N_("Not yet marked")
    PRESENT = "present", N_("Present")
    APOLOGIES = "apologies", N_("Apologies")
    ABSENT = "absent", N_("Absent")
    SUBSTITUTE = "substitute", N_("Substitute")


class AttendeeRole(LabelledEnum):
    """Why someone is on the roll: a member's representative, a guest or an observer."""

    MEMBER = "member", N_("Member")
    GUEST = "guest", N_("Guest")
    OBSERVER = "observer", N_("Observer")


class DecisionMethod(LabelledEnum):
    """How a decision was reached."""

    CONSENSUS = "consensus", N_("Consensus")
    VOTE = "vote", N_("Vote")
    DEFERRED = "deferred", N_("Deferred")
    NO_DECISION = "no_decision", N_("No decision")


class Stance(LabelledEnum):
    """A partner's position on a decision (one per partner, however many people it sent)."""

    AGREE = "agree", N_("Agree")
    DISAGREE = "disagree", N_("Disagree")
    ABSTAIN = "abstain", N_("Abstain")
    BLOCK = "block", N_("Block")
    NOT_PRESENT = "not_present", N_("Not present")


#: Kinds of item whose name is their title (a title may be left empty): the standing items a forum's usual agenda
#: may hold, each at most once.
STANDING_KINDS = frozenset(
    {
        ItemKind.ATTENDANCE,
        ItemKind.MINUTES,
        ItemKind.REVIEW_OF_ACTIONS,
        ItemKind.NOTICE,
        ItemKind.CONFLICT,
        ItemKind.REPORT_BACK,
        ItemKind.OTHER_BUSINESS,
    }
)
#: Standing items filled from the partners' registers (actions, notices, conflicts, escalations): partners'
#: business, so a public forum's agenda has none unless the coordinator adds one.
PARTNERS_ONLY_KINDS = frozenset(
    {ItemKind.REVIEW_OF_ACTIONS, ItemKind.NOTICE, ItemKind.CONFLICT, ItemKind.REPORT_BACK}
)
#: The standing items every agenda had, with their minutes, before each forum decided its own (the items before
#: the usual ones, then those after). Files and documents of that time are upgraded with exactly these.
LEGACY_STANDING_ITEMS: tuple[tuple[ItemKind, int], ...] = (
    (ItemKind.ATTENDANCE, 5),
    (ItemKind.MINUTES, 5),
    (ItemKind.REVIEW_OF_ACTIONS, 15),
    (ItemKind.NOTICE, 10),
    (ItemKind.CONFLICT, 10),
    (ItemKind.REPORT_BACK, 10),
)
LEGACY_CLOSING_ITEMS: tuple[tuple[ItemKind, int], ...] = ((ItemKind.OTHER_BUSINESS, 5),)


@frozen(kw_only=True)
class UsualItem(Record):
    """An item of a forum's usual agenda (standing items included), copied into each new meeting."""

    forum_id: str
    position: int
    title: str
    kind: ItemKind = ItemKind.DISCUSSION
    minutes_allowed: int = 10
    presenter_partner_id: str | None = None
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()


def standard_usual_agenda(forum_id: str, *, public: bool) -> list[UsualItem]:
    """The standing items a new forum's usual agenda starts with, in order; the forum then edits its own.

    A partners' forum takes attendance, the last minutes, then reviews actions, notices, conflicts and
    escalations, and ends with any other business; a public forum has none of the partners' registers, and its
    standing items are public like the meeting.
    """
    kinds = [(ItemKind.ATTENDANCE, 5), (ItemKind.MINUTES, 5)]
    if not public:
        kinds += [
            (ItemKind.REVIEW_OF_ACTIONS, 10),
            (ItemKind.NOTICE, 5),
            (ItemKind.CONFLICT, 5),
            (ItemKind.REPORT_BACK, 5),
        ]
    kinds.append((ItemKind.OTHER_BUSINESS, 5))
    return standing_items(forum_id, kinds, Confidentiality.PUBLIC if public else Confidentiality.PARTNERS)


def standing_items(
    forum_id: str,
    kinds: Sequence[tuple[ItemKind, int]],
    confidentiality: Confidentiality = Confidentiality.PARTNERS,
) -> list[UsualItem]:
    """Standing items of a forum's usual agenda, untitled, of ``kinds`` with their minutes, numbered in order."""
    return [
        UsualItem(
            forum_id=forum_id,
            position=n,
            title="",
            kind=kind,
            minutes_allowed=minutes,
            confidentiality=confidentiality,
        )
        for n, (kind, minutes) in enumerate(kinds)
    ]


@frozen(kw_only=True)
class Meeting(Record):
    """One sitting of a forum."""

    forum_id: str
    starts_at: LocalDateTime
    timezone: str = "UTC"
    duration_minutes: int = 90
    venue: str = ""
    kind: MeetingKind = MeetingKind.REGULAR
    status: MeetingStatus = MeetingStatus.PLANNED
    title: str = ""
    cancelled_reason: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    #: The calendar revision (iCalendar ``SEQUENCE``): one more with every change a calendar shows.
    sequence: int = 0
    #: Who chairs it and who takes its minutes (representatives; printed in the minutes of partners and full).
    chair_id: str | None = None
    minute_taker_id: str | None = None

    revised_on_write: ClassVar[bool] = True

    @property
    def ends_at(self) -> dt.datetime:
        """When the meeting is planned to end (local wall time)."""
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def revised_over(self, stored: Meeting) -> Meeting:
        """The meeting as written over ``stored``: a change a calendar shows (time, zone, length, place, title,
        kind, cancellation) takes the sequence one above the stored one, whichever way it goes, so that an undo,
        which puts an earlier version back, is one more revision for the calendars that hold the meeting."""
        changed = calendar_view(self) != calendar_view(stored)
        sequence = stored.sequence + 1 if changed else max(stored.sequence, self.sequence)
        return self if sequence == self.sequence else replace(self, sequence=sequence)


def calendar_view(meeting: Meeting) -> tuple[object, ...]:
    """What a calendar file shows of a meeting (``exports.ics``): a change in it is a new calendar revision."""
    return (
        meeting.starts_at,
        meeting.timezone,
        meeting.duration_minutes,
        meeting.venue,
        meeting.title,
        meeting.kind,
        meeting.status is MeetingStatus.CANCELLED,
    )


@frozen(kw_only=True)
class AgendaItem(Record):
    """A point on a meeting's agenda; ``notes`` are what was said, captured during the meeting."""

    meeting_id: str
    position: int
    title: str
    kind: ItemKind = ItemKind.DISCUSSION
    minutes_allowed: int = 10
    presenter_partner_id: str | None = None
    presenter_id: str | None = None
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    notes: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None

    @property
    def display_title(self) -> str:
        """The title, or the standing item's name when the title was left empty."""
        return self.title or self.kind.label


@frozen(kw_only=True)
class Attendance(Record):
    """One line of a meeting's roll: a representative, or a guest or observer named in free text."""

    meeting_id: str
    partner_id: str | None = None
    representative_id: str | None = None
    guest_name: str = ""
    guest_organisation: str = ""
    role: AttendeeRole = AttendeeRole.MEMBER
    presence: Presence = Presence.EXPECTED
    substitute_for_id: str | None = None
    arrived_at: dt.time | None = None
    left_at: dt.time | None = None


@frozen(kw_only=True)
class Decision(Record):
    """What the meeting decided on an item, and how."""

    item_id: str
    text: str
    method: DecisionMethod = DecisionMethod.CONSENSUS
    #: When it was taken (a UTC instant from the live clock): quorum and who may hold a position are judged at
    #: this moment. None: not known (decisions recorded before it was kept, or outside a running meeting).
    taken_at: dt.datetime | None = None


@frozen(kw_only=True)
class Position(Record):
    """One partner's position on a decision, with an optional reason."""

    decision_id: str
    partner_id: str
    stance: Stance
    reason: str = ""


@frozen(kw_only=True)
class SpeakerTurn(Record):
    """A partner asking to speak on an item; ``spoke_at`` is set once it has been heard."""

    item_id: str
    partner_id: str
    requested_at: dt.datetime
    spoke_at: dt.datetime | None = None


def validate_meeting(meeting: Meeting) -> None:
    """Refuse a meeting with an impossible date, length or text."""
    if not EARLIEST_YEAR <= meeting.starts_at.year <= LATEST_YEAR:
        raise ValidationError(
            "starts_at",
            _("{year} is not a plausible year (between {first} and {last})").format(
                year=meeting.starts_at.year, first=EARLIEST_YEAR, last=LATEST_YEAR
            ),
        )
    if meeting.starts_at.tzinfo is not None:
        raise ValidationError("starts_at", _("must be a local time without a time zone"))
    if not 5 <= meeting.duration_minutes <= 24 * 60:
        raise ValidationError("duration_minutes", _("must be between 5 minutes and 24 hours"))
    if meeting.sequence < 0:
        raise ValidationError("sequence", _("must not be negative"))
    check_text(meeting.venue, "venue", MAX_NAME * 2)
    check_text(meeting.title, "title", MAX_NAME)
    check_text(meeting.cancelled_reason, "cancelled_reason", MAX_TEXT)
    if not is_known_timezone(meeting.timezone):
        raise ValidationError(
            "timezone", _("'{zone}' is not a known time zone").format(zone=meeting.timezone)
        )


def validate_item(item: AgendaItem | UsualItem) -> None:
    """Refuse an item without a title (standing items may use their kind's name), or with impossible fields."""
    check_text(item.title, "title", MAX_NAME, required=item.kind not in STANDING_KINDS)
    if not 0 <= item.minutes_allowed <= 8 * 60:
        raise ValidationError("minutes_allowed", _("must be between 0 and 480 minutes"))
    if item.confidentiality is Confidentiality.RESTRICTED and not item.restricted_to:
        raise ValidationError("restricted_to", _("name at least one partner who may see a restricted item"))
    if item.confidentiality is not Confidentiality.RESTRICTED and item.restricted_to:
        raise ValidationError("restricted_to", _("only a restricted item names partners"))
    if isinstance(item, AgendaItem):
        check_text(item.notes, "notes", MAX_TEXT * 5)


def validate_attendance(line: Attendance) -> None:
    """Refuse a roll line that names nobody, or a substitute who stands in for no one."""
    check_text(line.guest_name, "guest_name", MAX_NAME)
    check_text(line.guest_organisation, "guest_organisation", MAX_NAME)
    if line.role is AttendeeRole.MEMBER and not (line.partner_id and line.representative_id):
        raise ValidationError("representative_id", _("a member's line names the partner and the person"))
    if line.role is not AttendeeRole.MEMBER and not (line.guest_name.strip() or line.representative_id):
        raise ValidationError("guest_name", _("must not be empty"))
    if line.presence is Presence.SUBSTITUTE and not line.substitute_for_id:
        raise ValidationError("substitute_for_id", _("name the colleague this person stands in for"))
    if line.presence is not Presence.SUBSTITUTE and line.substitute_for_id:
        raise ValidationError("substitute_for_id", _("only a substitute stands in for someone"))
    if line.substitute_for_id and line.substitute_for_id == line.representative_id:
        raise ValidationError("substitute_for_id", _("a substitute stands in for someone else"))
    if line.arrived_at and line.left_at and line.left_at < line.arrived_at:
        raise ValidationError("left_at", _("is before the arrival"))


def validate_decision(decision: Decision) -> None:
    """Refuse a decision without text."""
    check_text(decision.text, "text", MAX_TEXT, required=decision.method is not DecisionMethod.NO_DECISION)


def validate_position(position: Position) -> None:
    """Refuse a reason that is too long."""
    check_text(position.reason, "reason", MAX_TEXT)


def is_known_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows (``Europe/London``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
