"""Escalation: what the street-level group cannot solve goes up to another forum, and the answer comes back.

An escalated item, action or conflict is tabled under "escalations and report back" at every meeting of the target
forum, from the day it was raised, until it is answered; the answer is then reported back exactly once, under the
same item at the origin forum's next meeting. Until a meeting starts this follows the register as it is
(``derive_reviews``); when it starts, what it received and heard is fixed as ``EscalationReview`` records. The
register shows each escalation as open, answered or closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator.entities import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_TEXT,
    Forum,
    LabelledEnum,
    Record,
    Tier,
    touched,
)
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import ItemKind, Meeting
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator.agenda_routing import Routing
    from facilitator.operations import Edit


class EscalationStatus(LabelledEnum):
    """Open until the target forum answers; closed once the origin has heard the answer."""

    OPEN = "open", N_("Open")
    ANSWERED = "answered", N_("Answered")
    CLOSED = "closed", N_("Closed")


class Direction(LabelledEnum):
    """Whether a meeting receives an escalation or hears the answer to one it sent."""

    INCOMING = "incoming", N_("Escalated to this forum")
    REPORT_BACK = "report_back", N_("Report back")


#: What can be escalated, by the kind names of ``records.KINDS``.
SUBJECT_KINDS = ("agenda_items", "actions", "conflicts")


@frozen(kw_only=True)
class Escalation(Record):
    """A question sent from one forum to another, and its answer."""

    subject_kind: str
    subject_id: str
    subject_title: str  # as it was called when escalated
    from_forum_id: str
    to_forum_id: str
    reason: str
    raised_on: dt.date
    raised_at_meeting_id: str | None = None
    status: EscalationStatus = EscalationStatus.OPEN
    response: str = ""
    answered_on: dt.date | None = None
    answered_at_meeting_id: str | None = None


@frozen(kw_only=True)
class EscalationReview(Record):
    """An escalation tabled at a meeting, incoming or reported back, as it stood when the meeting started
    (derived, unsaved, before that)."""

    meeting_id: str
    item_id: str
    escalation_id: str
    direction: Direction
    status_then: EscalationStatus
    response_then: str = ""
    position: int = 0


def validate_escalation(escalation: Escalation) -> None:
    """Refuse an escalation to the same forum, of an unknown kind, without a reason, or with an absurd date."""
    if escalation.subject_kind not in SUBJECT_KINDS:
        raise ValidationError(
            "subject_kind", _("only an agenda item, an action or a conflict can be escalated")
        )
    if escalation.from_forum_id == escalation.to_forum_id:
        raise ValidationError("to_forum_id", _("escalate to another forum"))
    if not escalation.reason.strip():
        raise ValidationError("reason", _("say why it is escalated"))
    if len(escalation.reason) > MAX_TEXT or len(escalation.response) > MAX_TEXT:
        raise ValidationError("reason", _("is longer than {limit} characters").format(limit=MAX_TEXT))
    if not EARLIEST_YEAR <= escalation.raised_on.year <= LATEST_YEAR:
        raise ValidationError("raised_on", _("is not a plausible date"))


#: How high each tier stands: what a forum cannot solve goes up, never down or sideways, unless the forum names
#: where it escalates (``Forum.escalates_to_id``). Public meetings raise what residents bring to the partnership.
TIER_RANK = {Tier.PUBLIC: 0, Tier.OPERATIONAL: 1, Tier.STRATEGIC: 2}


def escalation_targets(store: Store, from_forum_id: str) -> list[Forum]:
    """The forums ``from_forum_id`` may escalate to: the one it names, or else every forum of a higher tier
    (street level and public meetings up to the strategic group), nearest tier first. A strategic forum that
    names none escalates to nobody."""
    forum = store.get(Forum, from_forum_id)
    if forum.escalates_to_id:
        named = store.find(Forum, forum.escalates_to_id)
        return [named] if named is not None and not named.archived else []
    higher = [f for f in store.all(Forum) if TIER_RANK[f.tier] > TIER_RANK[forum.tier]]
    return sorted(higher, key=lambda f: (TIER_RANK[f.tier], f.name.casefold()))


def escalation_target(store: Store, from_forum_id: str) -> Forum | None:
    """The forum above ``from_forum_id``: where its escalations go unless the user chooses another allowed one."""
    targets = escalation_targets(store, from_forum_id)
    return targets[0] if targets else None


def nowhere_to_escalate(forum: Forum) -> ValidationError:
    """The plain words for a forum with no forum above it."""
    return ValidationError(
        "to_forum_id",
        _(
            "{forum} has no forum above it to escalate to. If it should escalate somewhere, name that forum in "
            "its settings (Forums screen, Escalates to)."
        ).format(forum=forum.name),
    )


def check_direction(store: Store, from_forum_id: str, to_forum_id: str) -> None:
    """Refuse an escalation that does not go up (``escalation_targets``), in plain words."""
    origin = store.get(Forum, from_forum_id)
    targets = escalation_targets(store, from_forum_id)
    if any(f.id == to_forum_id for f in targets):
        return
    if not targets:
        raise nowhere_to_escalate(origin)
    target = store.get(Forum, to_forum_id)
    raise ValidationError(
        "to_forum_id",
        _("Escalation goes up: {forum} escalates to {targets}, not to {target}.").format(
            forum=origin.name, targets=", ".join(f.name for f in targets), target=target.name
        ),
    )


def open_escalation_of(store: Store, subject_id: str) -> Escalation | None:
    """The open escalation of an item, action or conflict, if there is one."""
    found = [
        e for e in store.where(Escalation, {"subject_id": subject_id}) if e.status is EscalationStatus.OPEN
    ]
    return min(found, key=lambda e: (e.raised_on, e.created)) if found else None


def escalations(
    store: Store, *, to_forum_id: str | None = None, from_forum_id: str | None = None
) -> list[Escalation]:
    """Escalations, filtered by target or origin forum, oldest first."""
    equals = {}
    if to_forum_id:
        equals["to_forum_id"] = to_forum_id
    if from_forum_id:
        equals["from_forum_id"] = from_forum_id
    return sorted(store.where(Escalation, equals), key=lambda e: (e.raised_on, e.created))


def open_escalated_subjects(
    store: Store, forum_id: str, subject_kind: str, *, by: dt.date | None = None
) -> list[str]:
    """Ids of the subjects of ``subject_kind`` escalated to ``forum_id`` (raised by the day ``by``, when given)
    and not yet answered."""
    return [
        e.subject_id
        for e in escalations(store, to_forum_id=forum_id)
        if e.subject_kind == subject_kind
        and e.status is EscalationStatus.OPEN
        and (by is None or e.raised_on <= by)
    ]


def escalate(
    store: Store,
    *,
    subject_kind: str,
    subject_id: str,
    subject_title: str,
    from_forum_id: str,
    to_forum_id: str,
    reason: str,
    today: dt.date,
    at_meeting_id: str | None = None,
) -> Edit:
    """Send an item, action or conflict up to another forum (``escalation_targets``) with a reason."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    target = store.get(Forum, to_forum_id)
    store.get(Forum, from_forum_id)
    check_direction(store, from_forum_id, to_forum_id)
    for existing in escalations(store, to_forum_id=to_forum_id):
        if existing.subject_id == subject_id and existing.status is EscalationStatus.OPEN:
            raise ValidationError(
                "subject_id", _("this is already escalated to {forum}").format(forum=target.name)
            )
    escalation = Escalation(
        subject_kind=subject_kind,
        subject_id=subject_id,
        subject_title=subject_title,
        from_forum_id=from_forum_id,
        to_forum_id=to_forum_id,
        reason=reason.strip(),
        raised_on=today,
        raised_at_meeting_id=at_meeting_id,
    )
    validate_escalation(escalation)
    return Edit(_("Escalate to {forum}").format(forum=target.name), ((None, escalation),))


def answer_escalation(
    store: Store, escalation_id: str, response: str, today: dt.date, at_meeting_id: str | None
) -> Edit:
    """Record the target forum's answer; it is reported back at the origin forum's next meeting."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    before = store.get(Escalation, escalation_id)
    if not response.strip():
        raise ValidationError("response", _("must not be empty"))
    after = replace(
        before,
        status=EscalationStatus.ANSWERED,
        response=response.strip(),
        answered_on=today,
        answered_at_meeting_id=at_meeting_id,
    )
    validate_escalation(after)
    return Edit(_("Answer escalation"), ((before, touched(after)),))


def close_escalation(store: Store, escalation_id: str) -> Edit:
    """Close an answered escalation once the origin forum has heard the answer."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    before = store.get(Escalation, escalation_id)
    if before.status is not EscalationStatus.ANSWERED:
        raise ValidationError("status", _("only an answered escalation can be closed"))
    return Edit(_("Close escalation"), ((before, touched(replace(before, status=EscalationStatus.CLOSED))),))


def reviews_at(store: Store, meeting_id: str) -> list[EscalationReview]:
    """Escalations tabled at a meeting when it started."""
    return store.where(EscalationReview, {"meeting_id": meeting_id})


def derive_reviews(routing: Routing, meeting: Meeting) -> list[EscalationReview]:
    """What a meeting takes under its first "escalations and report back" item: escalations to its forum still
    open (raised by the meeting's day), then answers due back to its forum, each at the first meeting of the
    forum from the day it was answered (``agenda_routing``), and only there."""
    from facilitator.agenda_routing import derived_id  # noqa: PLC0415 - loaded when used: reading records needs none of it

    item = routing.item(meeting, ItemKind.REPORT_BACK)
    if item is None:
        return []
    store = routing.store
    day = meeting.starts_at.date()
    reviews: list[EscalationReview] = []

    def add(escalation: Escalation, direction: Direction) -> None:
        reviews.append(
            EscalationReview(
                id=derived_id(meeting.id, f"escalation-{direction.value}", escalation.id),
                meeting_id=meeting.id,
                item_id=item.id,
                escalation_id=escalation.id,
                direction=direction,
                status_then=escalation.status,
                response_then=escalation.response if direction is Direction.REPORT_BACK else "",
                position=len(reviews),
            )
        )

    for escalation in escalations(store, to_forum_id=meeting.forum_id):
        if escalation.status is EscalationStatus.OPEN and escalation.raised_on <= day:
            add(escalation, Direction.INCOMING)
    for escalation in escalations(store, from_forum_id=meeting.forum_id):
        if escalation.status is not EscalationStatus.ANSWERED:
            continue
        heard_at = report_back_meeting(routing, escalation)
        if heard_at is not None and heard_at.id == meeting.id:
            add(escalation, Direction.REPORT_BACK)
    return reviews


def report_back_meeting(routing: Routing, escalation: Escalation) -> Meeting | None:
    """Where the answer is reported back: the origin forum's first meeting from the day it was answered that
    heard it, or that has not started yet and has an item for escalations and report back."""
    return routing.next_meeting(
        escalation.from_forum_id,
        ItemKind.REPORT_BACK,
        EscalationReview,
        lambda r: r.escalation_id == escalation.id and r.direction is Direction.REPORT_BACK,
        start=escalation.answered_on or escalation.raised_on,
    )
