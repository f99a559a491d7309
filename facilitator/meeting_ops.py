"""Named operations on meetings: plan, create from the usual agenda, edit the agenda, take attendance,
chair live, and record decisions. Each returns an ``Edit`` (undoable, applied in one transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from facilitator import clock
from facilitator.entities import AnyRecord, Forum, Partner, Representative, Tier, touched
from facilitator.errors import NotFound, ValidationError
from facilitator.i18n import _, ngettext
from facilitator.meetings import (
    PARTNERS_ONLY_KINDS,
    STANDING_KINDS,
    AgendaItem,
    Attendance,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Position,
    SpeakerTurn,
    Stance,
    UsualItem,
    validate_attendance,
    validate_decision,
    validate_item,
    validate_meeting,
    validate_position,
)
from facilitator.operations import Edit, members
from facilitator.planning import plan_from, planned_dates
from facilitator.snapshot import ReadOnce
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator.quorum import PartnerStanding

Step = tuple[AnyRecord | None, AnyRecord | None]


def _now() -> dt.datetime:
    return clock.now()


def _moment(now: dt.datetime | None) -> dt.datetime:
    """``now``, or the current moment: always an aware instant, since the live clock subtracts stored ones."""
    if now is None:
        return _now()
    if now.tzinfo is None:
        raise ValueError("the live clock needs an aware UTC instant, not a naive time")  # a programming error
    return now


def _created(record: AnyRecord) -> Step:
    return (None, record)


def _changed(before: AnyRecord, after: AnyRecord) -> Step:
    return (before, touched(after))


# --- queries -----------------------------------------------------------------------------------------------------


def agenda(store: Store, meeting_id: str) -> list[AgendaItem]:
    """A meeting's agenda, in order."""
    return sorted(store.where(AgendaItem, {"meeting_id": meeting_id}), key=lambda i: i.position)


def usual_agenda(store: Store, forum_id: str) -> list[UsualItem]:
    """A forum's usual agenda, in order."""
    return sorted(store.where(UsualItem, {"forum_id": forum_id}), key=lambda i: i.position)


def roll(store: Store, meeting_id: str) -> list[Attendance]:
    """A meeting's roll, in the order it was made."""
    return store.where(Attendance, {"meeting_id": meeting_id})


def meetings_of(store: Store, forum_id: str | None = None) -> list[Meeting]:
    """Meetings, of one forum or of all, by start time."""
    found = store.where(Meeting, {"forum_id": forum_id}) if forum_id else store.all(Meeting)
    return sorted(found, key=lambda m: m.starts_at)


class Slot(NamedTuple):
    """A meeting as a forum's timeline needs it (``timeline_of``)."""

    starts_at: dt.datetime
    id: str
    status: MeetingStatus
    #: When it was started, as stored: only whether there is a moment is asked (``agenda_routing.is_fixed``).
    started_at: object | None


def timeline_of(store: Store, forum_id: str) -> list[Slot]:
    """The meetings of one forum as ``Slot`` s, in ``meetings_of``'s order, read from a few columns only: a forum
    of ten years has hundreds of meetings, and Home needs whole only the few it lists (``store.get`` them). A
    start or a status that would not read as a meeting's (damage) gives the meetings as ``meetings_of`` reads
    them, so that what is wrong is told as it is there. Over a ``ReadOnce`` (Home), worked out once a forum."""
    if isinstance(store, ReadOnce):
        return list(store.once(("timeline_of", forum_id), lambda: _timeline_of(store, forum_id)))
    return _timeline_of(store, forum_id)


def _timeline_of(store: Store, forum_id: str) -> list[Slot]:
    rows = store.values(
        Meeting, ("id", "starts_at", "status", "created", "started_at"), {"forum_id": forum_id}
    )
    found = []
    try:
        for record_id, starts_at, status, created, started_at in rows:
            # Stores over approved minutes answer with the records' own values.
            starts = (
                starts_at if isinstance(starts_at, dt.datetime) else dt.datetime.fromisoformat(str(starts_at))
            )
            if starts.tzinfo is not None:
                raise ValueError(starts_at)
            # In meetings_of's order: by start, then as the store lists them (by creation, then id).
            found.append((starts, created, str(record_id), MeetingStatus(str(status)), started_at))
    except ValueError:
        return [Slot(m.starts_at, m.id, m.status, m.started_at) for m in meetings_of(store, forum_id)]
    return [
        Slot(starts, record_id, status, started) for starts, _c, record_id, status, started in sorted(found)
    ]


def meetings_around(store: Store, meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The last meeting of ``meeting``'s forum that starts before it and the first that starts after it,
    cancelled ones left out: what ``meetings_of`` would give, from the start, status and order of the others
    only (a forum of ten years has hundreds of meetings; the minutes of one need its two neighbours)."""
    cancelled = MeetingStatus.CANCELLED.value
    rows = store.values(Meeting, ("id", "starts_at", "status", "created"), {"forum_id": meeting.forum_id})
    # In meetings_of's order: by start, then as the store lists them (by creation, then id).
    timeline = sorted(
        (dt.datetime.fromisoformat(str(starts)), str(created), str(record_id))
        for record_id, starts, status, created in rows
        if status != cancelled
    )
    before = [record_id for starts, _created, record_id in timeline if starts < meeting.starts_at]
    after = [record_id for starts, _created, record_id in timeline if starts > meeting.starts_at]
    return (
        store.get(Meeting, before[-1]) if before else None,
        store.get(Meeting, after[0]) if after else None,
    )


def decision_of(store: Store, item_id: str) -> tuple[Decision, list[Position]] | None:
    """The decision taken on an item and the partners' positions, if any."""
    decisions = store.where(Decision, {"item_id": item_id})
    if not decisions:
        return None
    decision = decisions[0]
    return decision, store.where(Position, {"decision_id": decision.id})


def planned_minutes(items: Iterable[AgendaItem]) -> int:
    """Minutes the agenda's items are allowed, together."""
    return sum(item.minutes_allowed for item in items)


# --- planning and creating meetings ----------------------------------------------------------------------------


def _meeting_steps(store: Store, forum: Forum, meeting: Meeting) -> list[Step]:
    """The meeting, its agenda (a copy of the forum's usual agenda, standing items included) and its roll.

    What the registers put before the meeting (actions to review, notices, conflicts, escalations) is not copied
    here: ``facilitator.carried`` derives it from the registers until the meeting starts, then fixes it.
    """
    validate_meeting(meeting)
    steps: list[Step] = [_created(meeting)]
    for position, usual in enumerate(usual_agenda(store, forum.id)):
        item = AgendaItem(meeting_id=meeting.id, position=position, **_passed_on(usual))
        validate_item(item)
        steps.append(_created(item))
    for partner, membership in members(store, forum.id):
        if partner.archived or membership.main_representative_id is None:
            continue
        steps.append(
            _created(
                Attendance(
                    meeting_id=meeting.id,
                    partner_id=partner.id,
                    representative_id=membership.main_representative_id,
                )
            )
        )
    return steps


def _passed_on(usual: UsualItem) -> dict[str, Any]:
    """What an item of a usual agenda passes on to its copies (on a meeting, or on another forum)."""
    return {
        "title": usual.title,
        "kind": usual.kind,
        "minutes_allowed": usual.minutes_allowed,
        "presenter_partner_id": usual.presenter_partner_id,
        "confidentiality": usual.confidentiality,
        "restricted_to": usual.restricted_to,
    }


def _meeting_for(
    forum: Forum,
    starts_at: dt.datetime,
    timezone: str,
    *,
    kind: MeetingKind | None = None,
    duration_minutes: int | None = None,
    venue: str | None = None,
) -> Meeting:
    if forum.archived:
        raise ValidationError("forum_id", _("{name} is archived").format(name=forum.name))
    return Meeting(
        forum_id=forum.id,
        starts_at=starts_at.replace(second=0, microsecond=0),
        timezone=timezone,
        duration_minutes=duration_minutes or forum.usual_duration_minutes,
        venue=forum.usual_venue if venue is None else venue,
        kind=kind or (MeetingKind.PUBLIC if forum.tier is Tier.PUBLIC else MeetingKind.REGULAR),
    )


def new_meeting(
    store: Store,
    forum_id: str,
    starts_at: dt.datetime,
    *,
    timezone: str,
    kind: MeetingKind | None = None,
    duration_minutes: int | None = None,
    venue: str | None = None,
) -> tuple[Edit, Meeting]:
    """A meeting of ``forum_id`` at ``starts_at`` (local time), with its agenda and roll built.

    The agenda is a copy of the forum's usual agenda (its standing items included, as the forum has them); the
    roll holds each member partner's main representative, not yet marked.
    """
    forum = store.get(Forum, forum_id)
    meeting = _meeting_for(
        forum, starts_at, timezone, kind=kind, duration_minutes=duration_minutes, venue=venue
    )
    steps = _meeting_steps(store, forum, meeting)
    text = _("Create meeting of {forum}").format(forum=forum.name)
    return Edit(text, tuple(steps)), meeting


def plan_meetings(store: Store, forum_id: str, after: dt.date, count: int, *, timezone: str) -> Edit:
    """The forum's next ``count`` meetings by its cadence, skipping times that already have one.

    A cancelled meeting keeps its time taken: planning again never quietly brings it back.
    """
    forum = store.get(Forum, forum_id)
    taken = {m.starts_at for m in meetings_of(store, forum_id)}
    steps: list[Step] = []
    for when in planned_dates(forum, after, count):
        if when in taken:
            continue
        steps.extend(_meeting_steps(store, forum, _meeting_for(forum, when, timezone)))
    text = ngettext("Plan {count} meeting of {forum}", "Plan {count} meetings of {forum}", count).format(
        count=count, forum=forum.name
    )
    return Edit(text, tuple(steps))


def planning_starts(store: Store, forum_id: str, today: dt.date) -> dt.date:
    """The day from which the next meetings of ``forum_id`` are proposed for planning: where its series goes on
    after its latest meeting (``planning.plan_from``: a moved meeting keeps the place of the date it was moved
    from), never before ``today``. Extraordinary meetings are not part of the series."""
    forum = store.get(Forum, forum_id)
    days = [
        m.starts_at.date() for m in meetings_of(store, forum_id) if m.kind is not MeetingKind.EXTRAORDINARY
    ]
    return plan_from(forum, days, today)


def save_meeting(store: Store, meeting: Meeting) -> Edit:
    """Change a meeting's time, place, length, kind or title; other meetings of the series stay as they are."""
    before = store.get(Meeting, meeting.id)
    validate_meeting(meeting)
    for name in ("chair_id", "minute_taker_id"):
        person = getattr(meeting, name)
        if person is not None and store.find(Representative, person) is None:
            raise ValidationError(name, _("names nobody the partnership knows"))
    if meeting.starts_at != before.starts_at and before.status in (
        MeetingStatus.HELD,
        MeetingStatus.IN_PROGRESS,
    ):
        raise ValidationError("starts_at", _("a meeting that has started cannot be moved"))
    # Its forum, status and live clock change only through their own operations (cancel, start, end).
    after = replace(
        meeting,
        created=before.created,
        forum_id=before.forum_id,
        status=before.status,
        cancelled_reason=before.cancelled_reason,
        started_at=before.started_at,
        ended_at=before.ended_at,
    ).revised_over(before)
    return Edit(_("Edit meeting"), (_changed(before, after),))


def move_meeting(store: Store, meeting_id: str, starts_at: dt.datetime) -> Edit:
    """Move one meeting to another time (the rest of its series is left alone)."""
    before = store.get(Meeting, meeting_id)
    if before.status in (MeetingStatus.HELD, MeetingStatus.IN_PROGRESS):
        raise ValidationError("starts_at", _("a meeting that has started cannot be moved"))
    after = replace(before, starts_at=starts_at.replace(second=0, microsecond=0)).revised_over(before)
    validate_meeting(after)
    return Edit(_("Move meeting"), (_changed(before, after),))


def cancel_meeting(store: Store, meeting_id: str, reason: str = "") -> Edit:
    """Cancel one meeting, with the reason; it stays on record."""
    before = store.get(Meeting, meeting_id)
    if before.status is not MeetingStatus.PLANNED:
        raise ValidationError("status", _("only a planned meeting can be cancelled"))
    after = replace(before, status=MeetingStatus.CANCELLED, cancelled_reason=reason.strip()).revised_over(
        before
    )
    validate_meeting(after)
    return Edit(_("Cancel meeting"), (_changed(before, after),))


# --- the agenda --------------------------------------------------------------------------------------------------


def _renumbered(items: Sequence[AgendaItem | UsualItem]) -> list[Step]:
    return [_changed(item, replace(item, position=i)) for i, item in enumerate(items) if item.position != i]


def save_item(store: Store, item: AgendaItem) -> Edit:
    """Add an item (at the end when new) or change one."""
    validate_item(item)
    before = store.find(AgendaItem, item.id)
    if before is None:
        store.get(Meeting, item.meeting_id)
        item = replace(item, position=len(agenda(store, item.meeting_id)))
        return Edit(_("Add item {title}").format(title=item.display_title), (_created(item),))
    # Its meeting, place and live clock change only through their own operations (move, start an item).
    item = replace(
        item,
        created=before.created,
        meeting_id=before.meeting_id,
        position=before.position,
        started_at=before.started_at,
        ended_at=before.ended_at,
    )
    return Edit(_("Edit item {title}").format(title=item.display_title), (_changed(before, item),))


def remove_item(store: Store, item_id: str) -> Edit:
    """Take an item off the agenda, with its papers; an item with a decision on it stays (remove the decision
    first)."""
    item = store.get(AgendaItem, item_id)
    if decision_of(store, item_id) is not None:
        raise ValidationError("item", _("this item has a decision; remove the decision first"))
    from facilitator.papers import removal_steps  # noqa: PLC0415 - papers name the items they are on

    turns = store.where(SpeakerTurn, {"item_id": item_id})
    rest = [i for i in agenda(store, item.meeting_id) if i.id != item_id]
    steps: list[Step] = [(t, None) for t in turns]
    steps.extend(removal_steps(store, item_id))  # its papers go with it (undo brings them back)
    steps.append((item, None))
    steps.extend(_renumbered(rest))
    return Edit(_("Remove item {title}").format(title=item.display_title), tuple(steps))


def move_item(store: Store, item_id: str, new_index: int) -> Edit:
    """Put an item at ``new_index`` in its agenda; the others close up around it."""
    item = store.get(AgendaItem, item_id)
    items = [i for i in agenda(store, item.meeting_id) if i.id != item_id]
    new_index = max(0, min(new_index, len(items)))
    items.insert(new_index, item)
    return Edit(_("Move item {title}").format(title=item.display_title), tuple(_renumbered(items)))


def save_usual_item(store: Store, item: UsualItem) -> Edit:
    """Add an item to a forum's usual agenda, or change one. A new item goes before a closing "any other
    business"; a standing item (attendance, minutes, review of actions...) is on a forum's agenda at most once."""
    validate_item(item)
    before = store.find(UsualItem, item.id)
    items = usual_agenda(store, item.forum_id)
    if item.kind in STANDING_KINDS and any(i.kind is item.kind and i.id != item.id for i in items):
        raise ValidationError(
            "kind", _("“{kind}” is on this forum's agenda already").format(kind=item.kind.label)
        )
    if before is None:
        store.get(Forum, item.forum_id)
        last = items[-1] if items else None
        closing = last is not None and last.kind is ItemKind.OTHER_BUSINESS and item.kind is not last.kind
        position = len(items) - 1 if closing else len(items)
        created = replace(item, position=position)
        steps: list[Step] = [_created(created)]
        if closing and last is not None:
            steps.append(_changed(last, replace(last, position=len(items))))
        return Edit(_("Add usual item {title}").format(title=_usual_title(created)), tuple(steps))
    item = replace(item, created=before.created, position=before.position, forum_id=before.forum_id)
    return Edit(_("Edit usual item {title}").format(title=_usual_title(item)), (_changed(before, item),))


def _usual_title(item: UsualItem) -> str:
    return item.title or item.kind.label


def copy_usual_agenda(store: Store, source_forum_id: str, target_forum_id: str) -> Edit:
    """Make a forum's usual agenda a copy of another forum's (its own items are replaced; undo brings them back).

    A public forum takes no partners-only standing item (review of actions, notices, conflicts, escalations)
    from the copy: the coordinator adds one by hand if the public meeting really needs it.
    """
    source = store.get(Forum, source_forum_id)
    target = store.get(Forum, target_forum_id)
    if source.id == target.id:
        raise ValidationError("forum_id", _("choose another forum to copy from"))
    steps: list[Step] = [(old, None) for old in usual_agenda(store, target.id)]
    copied = [
        usual
        for usual in usual_agenda(store, source.id)
        if not (target.tier is Tier.PUBLIC and usual.kind in PARTNERS_ONLY_KINDS)
    ]
    for position, usual in enumerate(copied):
        steps.append(_created(UsualItem(forum_id=target.id, position=position, **_passed_on(usual))))
    text = _("Copy the usual agenda of {source} to {target}").format(source=source.name, target=target.name)
    return Edit(text, tuple(steps))


def remove_usual_item(store: Store, item_id: str) -> Edit:
    """Take an item off a forum's usual agenda (meetings already made keep theirs)."""
    item = store.get(UsualItem, item_id)
    rest = [i for i in usual_agenda(store, item.forum_id) if i.id != item_id]
    text = _("Remove usual item {title}").format(title=_usual_title(item))
    return Edit(text, ((item, None), *_renumbered(rest)))


def move_usual_item(store: Store, item_id: str, new_index: int) -> Edit:
    """Reorder a forum's usual agenda."""
    item = store.get(UsualItem, item_id)
    items = [i for i in usual_agenda(store, item.forum_id) if i.id != item_id]
    items.insert(max(0, min(new_index, len(items))), item)
    return Edit(_("Move usual item {title}").format(title=_usual_title(item)), tuple(_renumbered(items)))


# --- attendance --------------------------------------------------------------------------------------------------


def set_attendance(store: Store, line: Attendance) -> Edit:
    """Mark a line of the roll (present, apologies, absent, substitute for a colleague; arrival and departure)."""
    validate_attendance(line)
    before = store.find(Attendance, line.id)
    if line.representative_id:
        person = store.get(Representative, line.representative_id)
        if line.partner_id and person.partner_id != line.partner_id:
            raise ValidationError(
                "representative_id", _("{name} does not represent this partner").format(name=person.name)
            )
        for other in roll(store, line.meeting_id):
            if other.id != line.id and other.representative_id == line.representative_id:
                raise ValidationError(
                    "representative_id", _("{name} is already on the roll").format(name=person.name)
                )
    if line.substitute_for_id:
        colleague = store.get(Representative, line.substitute_for_id)
        if line.partner_id and colleague.partner_id != line.partner_id:
            raise ValidationError(
                "substitute_for_id", _("a substitute stands in for a colleague of the same partner")
            )
    name = _attendee_name(store, line)
    if before is None:
        store.get(Meeting, line.meeting_id)
        return Edit(_("Add {name} to the roll").format(name=name), (_created(line),))
    return Edit(
        _("Mark {name} as {presence}").format(name=name, presence=line.presence.label),
        (_changed(before, replace(line, created=before.created)),),
    )


def remove_from_roll(store: Store, line_id: str) -> Edit:
    """Take a line off the roll (someone added by mistake)."""
    line = store.get(Attendance, line_id)
    return Edit(_("Take {name} off the roll").format(name=_attendee_name(store, line)), ((line, None),))


def _attendee_name(store: Store, line: Attendance) -> str:
    if line.representative_id:
        person = store.find(Representative, line.representative_id)
        if person is not None:
            return person.name
    return line.guest_name or _("a guest")


# --- decisions ---------------------------------------------------------------------------------------------------


def record_decision(
    store: Store,
    item_id: str,
    text: str,
    method: DecisionMethod,
    positions: Mapping[str, tuple[Stance, str]],
    *,
    now: dt.datetime | None = None,
) -> Edit:
    """Record (or replace) the decision on an item with the positions partners stated: one partner, one voice.

    The decision is taken at the live clock's moment (``quorum.decision_moment``; a decision changed later keeps
    its moment). Only a partner present at that moment holds a position; any other is refused in plain words
    (it may only be marked not present). A partner whose position was not stated has none recorded.
    """
    item = store.get(AgendaItem, item_id)
    existing = decision_of(store, item_id)
    meeting = store.get(Meeting, item.meeting_id)
    from facilitator.quorum import standings_at_decision  # noqa: PLC0415 - loaded with decisions, not with Home

    moment, standings, _quorum = standings_at_decision(
        store, meeting, item, existing[0] if existing else None, _moment(now)
    )
    decision = Decision(item_id=item.id, text=text.strip(), method=method, taken_at=moment)
    if existing is not None:
        decision = replace(decision, id=existing[0].id, created=existing[0].created)
    validate_decision(decision)
    steps: list[Step] = [_changed(existing[0], decision) if existing else _created(decision)]
    old = {p.partner_id: p for p in (existing[1] if existing else [])}
    for partner_id, (stance, reason) in positions.items():
        problem = position_refusal(standings, store.get(Partner, partner_id), stance)
        if problem is not None:
            raise ValidationError("positions", problem)
        position = Position(
            decision_id=decision.id, partner_id=partner_id, stance=stance, reason=reason.strip()
        )
        validate_position(position)
        if partner_id in old:
            previous = old.pop(partner_id)
            steps.append(_changed(previous, replace(position, id=previous.id, created=previous.created)))
        else:
            steps.append(_created(position))
    steps.extend((gone, None) for gone in old.values())
    return Edit(_("Record decision on {title}").format(title=item.display_title), tuple(steps))


def position_refusal(standings: Sequence[PartnerStanding], partner: Partner, stance: Stance) -> str | None:
    """Why ``partner`` may not hold ``stance`` on a decision taken with ``standings`` (None when it may): it does
    not sit on the forum, or nobody was there for it (it may only be marked not present)."""
    standing = next((s for s in standings if s.partner.id == partner.id), None)
    if standing is None:
        return _("{name} does not sit on this forum, so it takes no position here").format(name=partner.name)
    if stance is not Stance.NOT_PRESENT and not standing.here:
        return standing.refusal()
    return None


def check_position(store: Store, position: Position, now: dt.datetime | None = None) -> None:
    """Refuse a position its partner could not hold when the decision was taken: ``record_decision``'s rule, for
    a position as the store holds it (a merge of copies checks it on every position it writes)."""
    decision = store.get(Decision, position.decision_id)
    item = store.get(AgendaItem, decision.item_id)
    meeting = store.get(Meeting, item.meeting_id)
    from facilitator.quorum import standings_at_decision  # noqa: PLC0415 - loaded with decisions, not with Home

    _taken, standings, _quorum = standings_at_decision(store, meeting, item, decision, _moment(now))
    problem = position_refusal(standings, store.get(Partner, position.partner_id), position.stance)
    if problem is not None:
        raise ValidationError("partner_id", problem)


def remove_decision(store: Store, item_id: str) -> Edit:
    """Remove the decision on an item, with its positions."""
    found = decision_of(store, item_id)
    if found is None:
        raise NotFound(_("There is no decision on this item."))
    decision, positions = found
    return Edit(_("Remove decision"), (*((p, None) for p in positions), (decision, None)))


# --- chairing live -----------------------------------------------------------------------------------------------


def start_meeting(store: Store, meeting_id: str, now: dt.datetime | None = None) -> Edit:
    """Open the meeting: its clock starts, and so does its first item's.

    The first time a meeting starts, what it carries from the registers (actions to review, notices, conflicts,
    escalations and answers to report back) is fixed: from then on its record reads only what was written here.
    """
    from facilitator.carried import freeze_steps  # noqa: PLC0415 - the registers build on this module

    meeting = store.get(Meeting, meeting_id)
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError("status", _("a cancelled meeting cannot be started"))
    if meeting.started_at is not None and meeting.ended_at is None:
        raise ValidationError("status", _("the meeting has already started"))
    moment = _moment(now)
    after = replace(
        meeting, status=MeetingStatus.IN_PROGRESS, started_at=meeting.started_at or moment, ended_at=None
    )
    steps: list[Step] = [_changed(meeting, after)]
    items = agenda(store, meeting_id)
    if items and all(i.started_at is None for i in items):
        steps.append(_changed(items[0], replace(items[0], started_at=moment)))
    if meeting.started_at is None:
        steps.extend(freeze_steps(store, meeting))
    return Edit(_("Start the meeting"), tuple(steps))


def current_item(items: Sequence[AgendaItem]) -> AgendaItem | None:
    """The item being discussed: started and not ended."""
    running = [i for i in items if i.started_at is not None and i.ended_at is None]
    return running[-1] if running else None


def start_item(store: Store, item_id: str, now: dt.datetime | None = None) -> Edit:
    """Move the meeting to ``item_id``; the item under way ends. Time already spent on the item counts on."""
    item = store.get(AgendaItem, item_id)
    meeting = store.get(Meeting, item.meeting_id)
    if meeting.status is not MeetingStatus.IN_PROGRESS:
        raise ValidationError("status", _("start the meeting first"))
    moment = _moment(now)
    steps: list[Step] = []
    running = current_item(agenda(store, meeting.id))
    if running is not None and running.id == item.id:
        return Edit(_("Take item {title}").format(title=item.display_title), ())
    if running is not None:
        steps.append(_changed(running, replace(running, ended_at=moment)))
    # A resumed item keeps the time it already had: its start moves forward by the pause.
    spent = (item.ended_at - item.started_at) if item.started_at and item.ended_at else dt.timedelta(0)
    steps.append(_changed(item, replace(item, started_at=moment - spent, ended_at=None)))
    return Edit(_("Take item {title}").format(title=item.display_title), tuple(steps))


def end_meeting(store: Store, meeting_id: str, now: dt.datetime | None = None) -> Edit:
    """Close the meeting: the item under way ends and the meeting is held."""
    meeting = store.get(Meeting, meeting_id)
    if meeting.status is not MeetingStatus.IN_PROGRESS:
        raise ValidationError("status", _("the meeting is not in progress"))
    moment = _moment(now)
    steps: list[Step] = []
    running = current_item(agenda(store, meeting_id))
    if running is not None:
        steps.append(_changed(running, replace(running, ended_at=moment)))
    steps.append(_changed(meeting, replace(meeting, status=MeetingStatus.HELD, ended_at=moment)))
    return Edit(_("End the meeting"), tuple(steps))


def save_notes(store: Store, item_id: str, notes: str) -> Edit:
    """Keep what was said on an item."""
    item = store.get(AgendaItem, item_id)
    after = replace(item, notes=notes)
    validate_item(after)
    return Edit(_("Notes on {title}").format(title=item.display_title), (_changed(item, after),))


def ask_to_speak(store: Store, item_id: str, partner_id: str, now: dt.datetime | None = None) -> Edit:
    """Put a partner in the speakers' queue of an item (once: a partner already waiting keeps its place)."""
    store.get(AgendaItem, item_id)
    partner = store.get(Partner, partner_id)
    waiting = [t for t in store.where(SpeakerTurn, {"item_id": item_id}) if t.spoke_at is None]
    if any(t.partner_id == partner_id for t in waiting):
        raise ValidationError(
            "partner_id", _("{name} is already waiting to speak").format(name=partner.display_name)
        )
    turn = SpeakerTurn(item_id=item_id, partner_id=partner_id, requested_at=_moment(now))
    return Edit(_("{name} asks to speak").format(name=partner.display_name), (_created(turn),))


def give_floor(store: Store, turn_id: str, now: dt.datetime | None = None) -> Edit:
    """The waiting partner has spoken."""
    turn = store.get(SpeakerTurn, turn_id)
    partner = store.get(Partner, turn.partner_id)
    if turn.spoke_at is not None:
        raise ValidationError(
            "spoke_at", _("{name} has already spoken in this turn").format(name=partner.display_name)
        )
    after = replace(turn, spoke_at=_moment(now))
    return Edit(_("{name} spoke").format(name=partner.display_name), (_changed(turn, after),))


def withdraw_turn(store: Store, turn_id: str) -> Edit:
    """Take a partner out of the queue without speaking."""
    turn = store.get(SpeakerTurn, turn_id)
    return Edit(_("Withdraw from the queue"), ((turn, None),))
