"""Actions partners agree to take, carried from meeting to meeting until done.

An action belongs to the forum where it is followed up. Every open action of a forum is on the "review of
actions" item of each of its meetings not started yet, as the register stands (``derive_reviews``); when the
meeting starts, the actions it reviews are fixed as ``ActionReview`` records, each as the action stood then. The
update given at that meeting (``ActionUpdate``) belongs to that meeting. Minutes print reviews and updates, never
the action's current state, so an earlier meeting's record never changes when an action changes later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from facilitator import clock
from facilitator.entities import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_NAME,
    MAX_TEXT,
    LabelledEnum,
    Partner,
    Record,
    Representative,
    touched,
)
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Confidentiality, ItemKind, Meeting
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator.agenda_routing import Routing
    from facilitator.meeting_ops import Step
    from facilitator.operations import Edit


class ActionStatus(LabelledEnum):
    """Where an action stands."""

    OPEN = "open", N_("Open")
    IN_PROGRESS = "in_progress", N_("In progress")
    DONE = "done", N_("Done")
    DROPPED = "dropped", N_("Dropped")


CLOSED = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})


@frozen(kw_only=True)
class Action(Record):
    """Something a partner agreed to do."""

    forum_id: str
    title: str
    details: str = ""
    owner_partner_id: str
    owner_person_id: str | None = None
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    origin_meeting_id: str | None = None
    origin_item_id: str | None = None
    waits_for: tuple[str, ...] = ()
    completed_on: dt.date | None = None
    public_text: str = ""  # how the action may be told to the public (leaflets); empty: not told
    agreed_due: dt.date | None = (
        None  # the due date when it was agreed: what the minutes of that meeting print
    )

    @property
    def is_closed(self) -> bool:
        """Done or dropped."""
        return self.status in CLOSED

    def is_overdue(self, today: dt.date) -> bool:
        """Past its due date and not closed."""
        return self.due is not None and self.due < today and not self.is_closed


@frozen(kw_only=True)
class ActionOverride(Record):
    """The coordinator setting an action in progress or done before what it waits for is done, and why
    (services before intervention: principle 8 of the brief). Kept in the action's history and printed in the
    minutes and in what the partner promised."""

    action_id: str
    on: dt.date
    status: ActionStatus  # the status it was given
    reason: str
    waiting_for: tuple[str, ...]  # the prerequisites not done at that moment
    meeting_id: str | None = None  # the meeting where it was decided, when it was at one


class PrerequisitesNotDone(ValidationError):
    """Starting or closing actions whose prerequisites are not done needs the coordinator's reason."""

    def __init__(self, waiting: Sequence[tuple[Action, Sequence[Action]]], status: ActionStatus) -> None:
        lines = [
            _("“{action}” waits for {prerequisites}, which are not done.").format(
                action=action.title, prerequisites=", ".join(f"“{p.title}”" for p in prerequisites)
            )
            for action, prerequisites in waiting
        ]
        lines.append(
            _("To mark it {status} anyway, give the reason: it is kept in the action's history.").format(
                status=status.label
            )
        )
        super().__init__("override_reason", " ".join(lines))
        self.waiting = tuple((action, tuple(prerequisites)) for action, prerequisites in waiting)
        self.status = status


@frozen(kw_only=True)
class ActionReview(Record):
    """An action tabled at a meeting, as it stood when the meeting started (derived, unsaved, before that)."""

    meeting_id: str
    item_id: str
    action_id: str
    position: int
    status_then: ActionStatus
    due_then: dt.date | None = None


@frozen(kw_only=True)
class ActionUpdate(Record):
    """What was said about an action at one meeting: a note, and perhaps a new status or due date."""

    action_id: str
    meeting_id: str
    note: str = ""
    new_status: ActionStatus | None = None
    new_due: dt.date | None = None


def validate_action(action: Action) -> None:
    """Refuse an action without title or owner, with an absurd date, or waiting for itself."""
    if not action.title.strip():
        raise ValidationError("title", _("must not be empty"))
    if len(action.title) > MAX_NAME:
        raise ValidationError("title", _("is longer than {limit} characters").format(limit=MAX_NAME))
    if len(action.details) > MAX_TEXT or len(action.public_text) > MAX_TEXT:
        raise ValidationError("details", _("is longer than {limit} characters").format(limit=MAX_TEXT))
    if not action.owner_partner_id:
        raise ValidationError("owner_partner_id", _("every action has a partner that owns it"))
    for name in ("due", "completed_on"):
        day = getattr(action, name)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(name, _("is not a plausible date"))
    if action.id in action.waits_for:
        raise ValidationError("waits_for", _("an action cannot wait for itself"))
    if action.confidentiality is Confidentiality.RESTRICTED and not action.restricted_to:
        raise ValidationError("restricted_to", _("name at least one partner who may see a restricted action"))


def validate_override(override: ActionOverride) -> None:
    """Refuse an override without a reason, with an over-long one or an absurd date."""
    if not override.reason.strip():
        raise ValidationError("override_reason", _("say why it goes ahead before what it waits for is done"))
    if len(override.reason) > MAX_TEXT:
        raise ValidationError(
            "override_reason", _("is longer than {limit} characters").format(limit=MAX_TEXT)
        )
    if not EARLIEST_YEAR <= override.on.year <= LATEST_YEAR:
        raise ValidationError("on", _("is not a plausible date"))


def validate_update(update: ActionUpdate) -> None:
    """Refuse an over-long note or an absurd new date."""
    if len(update.note) > MAX_TEXT:
        raise ValidationError("note", _("is longer than {limit} characters").format(limit=MAX_TEXT))
    if update.new_due is not None and not EARLIEST_YEAR <= update.new_due.year <= LATEST_YEAR:
        raise ValidationError("new_due", _("is not a plausible date"))


# --- queries -----------------------------------------------------------------------------------------------------


def open_actions(store: Store, forum_id: str) -> list[Action]:
    """Open and in-progress actions followed up by a forum, oldest first."""
    # Asked by status so that years of closed actions are never read when a meeting is made.
    found = [
        action
        for status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        for action in store.where(Action, {"forum_id": forum_id, "status": status.value})
    ]
    return sorted(found, key=lambda a: (a.created, a.title.casefold()))


def reviews_of(store: Store, action_id: str) -> list[ActionReview]:
    """The meetings an action was tabled at."""
    return store.where(ActionReview, {"action_id": action_id})


def updates_of(store: Store, action_id: str) -> list[ActionUpdate]:
    """Every update of an action."""
    return store.where(ActionUpdate, {"action_id": action_id})


@frozen
class HistoryEntry:
    """One meeting in an action's life: tabled there (or not), and what was said."""

    meeting: Meeting
    review: ActionReview | None
    update: ActionUpdate | None

    @property
    def no_update(self) -> bool:
        """Reviewed at a meeting that has been held, and nothing was said about it."""
        return self.review is not None and self.update is None and self.meeting.started_at is not None


def history(store: Store, action_id: str) -> list[HistoryEntry]:
    """An action's history, meeting by meeting, oldest first."""
    reviews = {r.meeting_id: r for r in reviews_of(store, action_id)}
    updates = {u.meeting_id: u for u in updates_of(store, action_id)}
    entries = []
    for meeting_id in set(reviews) | set(updates):
        meeting = store.find(Meeting, meeting_id)
        if meeting is not None:
            entries.append(HistoryEntry(meeting, reviews.get(meeting_id), updates.get(meeting_id)))
    return sorted(entries, key=lambda e: e.meeting.starts_at)


@frozen
class ActionFacts:
    """What the register shows about an action beside its own fields."""

    action: Action
    times_carried: int
    overdue: bool
    missed_updates: int  # held meetings where it was tabled and nothing was said


def action_facts(store: Store, action: Action, today: dt.date) -> ActionFacts:
    """Times carried forward, overdue, and meetings without an update."""
    entries = history(store, action.id)
    return ActionFacts(
        action,
        times_carried=sum(1 for e in entries if e.review is not None),
        overdue=action.is_overdue(today),
        missed_updates=sum(1 for e in entries if e.no_update),
    )


@frozen
class ActionFilter:
    """The register's filter; empty fields filter nothing."""

    forum_id: str | None = None
    partner_id: str | None = None
    statuses: frozenset[ActionStatus] = frozenset()
    overdue_only: bool = False
    due_within_days: int | None = None  # 7: due this week
    text: str = ""

    def accepts(self, action: Action, today: dt.date) -> bool:
        """Whether ``action`` passes the filter on ``today``."""
        if self.forum_id and action.forum_id != self.forum_id:
            return False
        if self.partner_id and action.owner_partner_id != self.partner_id:
            return False
        if self.statuses and action.status not in self.statuses:
            return False
        if self.overdue_only and not action.is_overdue(today):
            return False
        if self.due_within_days is not None:
            if action.due is None or action.is_closed:
                return False
            if not today <= action.due <= today + dt.timedelta(days=self.due_within_days):
                return False
        if not self.words:
            return True
        haystack = f"{action.title} {action.details}".casefold()
        return all(word in haystack for word in self.words)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The search words, case-folded once per filter rather than once per action."""
        return tuple(self.text.casefold().split())


def filter_actions(actions: Iterable[Action], rule: ActionFilter, today: dt.date) -> list[Action]:
    """The actions that pass ``rule``."""
    return [a for a in actions if rule.accepts(a, today)]


def open_prerequisites(store: Store, action: Action) -> list[Action]:
    """The actions ``action`` waits for that are not done yet (a dropped one is not done either: the service
    it stood for will not be there)."""
    waiting = [store.find(Action, other) for other in action.waits_for]
    return [a for a in waiting if a is not None and a.status is not ActionStatus.DONE]


def prerequisites(store: Store, action: Action) -> list[Action]:
    """The actions ``action`` waits for, in the order given (any that no longer exist left out)."""
    found = [store.find(Action, other) for other in action.waits_for]
    return [a for a in found if a is not None]


#: The statuses an action may only take once what it waits for is done (or with the coordinator's reason).
NEEDS_PREREQUISITES = frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE})


def blocking_prerequisites(store: Store, before: Action | None, after: Action) -> list[Action]:
    """What starting or closing ``after`` would go ahead without: the prerequisites not done, when its status
    changes (from ``before``; None: it is new) to one that needs them done."""
    changing = before is None or before.status is not after.status
    if after.status not in NEEDS_PREREQUISITES or not changing:
        return []
    return open_prerequisites(store, after)


def check_prerequisites(store: Store, before: Action | None, after: Action) -> None:
    """Refuse starting or closing ``after`` while what it waits for is not done, unless an override recorded
    for that status names each prerequisite skipped: the rule ``set_status``, ``save_action`` and
    ``record_update`` apply, for a change as the store holds it (a merge of copies checks it)."""
    blocking = blocking_prerequisites(store, before, after)
    if not blocking:
        return
    waived = {w for o in overrides_of(store, after.id) if o.status is after.status for w in o.waiting_for}
    missing = [a for a in blocking if a.id not in waived]
    if missing:
        raise PrerequisitesNotDone([(after, missing)], after.status)


def _override(
    store: Store,
    before: Action | None,
    after: Action,
    *,
    reason: str,
    today: dt.date,
    meeting_id: str | None = None,
) -> tuple[list[Action], ActionOverride | None]:
    """The prerequisites that block ``after``'s new status, and the override that lets it through with
    ``reason`` (None when nothing blocks, or no reason was given)."""
    blocking = blocking_prerequisites(store, before, after)
    if not blocking or not reason.strip():
        return blocking, None
    override = ActionOverride(
        action_id=after.id,
        on=today,
        status=after.status,
        reason=reason.strip(),
        waiting_for=tuple(a.id for a in blocking),
        meeting_id=meeting_id,
    )
    validate_override(override)
    return blocking, override


def overrides_of(store: Store, action_id: str) -> list[ActionOverride]:
    """Every time an action went ahead before what it waits for was done, oldest first."""
    return sorted(store.where(ActionOverride, {"action_id": action_id}), key=lambda o: (o.on, o.created))


def _check_no_cycle(store: Store, action: Action) -> None:
    """Refuse prerequisites that lead back to the action itself."""
    seen: set[str] = set()
    todo = list(action.waits_for)
    while todo:
        current = todo.pop()
        if current == action.id:
            raise ValidationError("waits_for", _("these prerequisites would make the action wait for itself"))
        if current in seen:
            continue
        seen.add(current)
        other = store.find(Action, current)
        if other is None:
            raise ValidationError("waits_for", _("waits for an action that does not exist"))
        todo.extend(other.waits_for)


# --- operations --------------------------------------------------------------------------------------------------


def save_action(
    store: Store, action: Action, *, override_reason: str = "", today: dt.date | None = None
) -> Edit:
    """Create or change an action; its owner partner must exist and its prerequisites may not form a cycle.

    Starting or closing it (or creating it started) while what it waits for is not done needs
    ``override_reason``; the override is recorded with it (``today``: the day, by default the clock's).
    An action saved as done without a completion day is done ``today`` (or on the day it was already done); one
    saved as not done has none, as ``set_status`` does: reports count done actions by that day.
    """
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    validate_action(action)
    before = store.find(Action, action.id)
    if action.status is ActionStatus.DONE and action.completed_on is None:
        already = before.completed_on if before is not None and before.status is ActionStatus.DONE else None
        action = replace(action, completed_on=already or today or clock.today())
    elif action.status is not ActionStatus.DONE and action.completed_on is not None:
        action = replace(action, completed_on=None)
    store.get(Partner, action.owner_partner_id)
    if action.owner_person_id:
        person = store.get(Representative, action.owner_person_id)
        if person.partner_id != action.owner_partner_id:
            raise ValidationError(
                "owner_person_id", _("{name} does not represent this partner").format(name=person.name)
            )
    _check_no_cycle(store, action)
    blocking, override = _override(
        store, before, action, reason=override_reason, today=today or clock.today()
    )
    if blocking and override is None:
        raise PrerequisitesNotDone([(action, blocking)], action.status)
    extra: tuple[tuple[None, ActionOverride], ...] = ((None, override),) if override else ()
    if before is None:
        agreed = replace(action, agreed_due=action.agreed_due or action.due)
        return Edit(_("New action {title}").format(title=action.title), ((None, agreed), *extra))
    after = touched(replace(action, created=before.created, agreed_due=before.agreed_due))
    return Edit(_("Edit action {title}").format(title=action.title), ((before, after), *extra))


@frozen
class StatusChange:
    """A status change ready to apply, and the prerequisites not done that it goes ahead without (with the
    coordinator's reason, recorded as overrides)."""

    edit: Edit
    open_prerequisites: tuple[Action, ...]


def set_status(
    store: Store,
    action_ids: Sequence[str],
    status: ActionStatus,
    today: dt.date,
    *,
    override_reason: str = "",
) -> StatusChange:
    """Change the status of one or several actions. Starting or closing one that waits for actions not done is
    refused (``PrerequisitesNotDone``) unless the coordinator gives ``override_reason``, which is recorded."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    steps: list[Step] = []
    overridden: list[Action] = []
    blocked: list[tuple[Action, list[Action]]] = []
    for action_id in action_ids:
        action = store.get(Action, action_id)
        completed = today if status is ActionStatus.DONE else None
        after = replace(action, status=status, completed_on=completed)
        blocking, override = _override(store, action, after, reason=override_reason, today=today)
        if blocking and override is None:
            blocked.append((action, blocking))
            continue
        steps.append((action, touched(after)))
        if override is not None:
            steps.append((None, override))
            overridden += blocking
    if blocked:
        raise PrerequisitesNotDone(blocked, status)
    text = ngettext_status(len(action_ids), status)
    return StatusChange(Edit(text, tuple(steps)), tuple(overridden))


def ngettext_status(count: int, status: ActionStatus) -> str:
    """The undo text of a status change."""
    from facilitator.i18n import ngettext  # noqa: PLC0415

    return ngettext("Mark {count} action as {status}", "Mark {count} actions as {status}", count).format(
        count=count, status=status.label
    )


def record_update(
    store: Store,
    action_id: str,
    meeting_id: str,
    note: str,
    *,
    new_status: ActionStatus | None = None,
    new_due: dt.date | None = None,
    today: dt.date,
    override_reason: str = "",
) -> Edit:
    """What was said about an action at a meeting; a new status or due date also changes the action itself.

    A new status that starts or closes the action while what it waits for is not done needs
    ``override_reason``, recorded as decided at this meeting. An action said to be done at a meeting was done by
    that meeting's day: minutes typed in after the meeting do not make it done on the day they were typed.
    """
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    action = store.get(Action, action_id)
    meeting = store.get(Meeting, meeting_id)
    existing = [u for u in updates_of(store, action_id) if u.meeting_id == meeting_id]
    update = ActionUpdate(
        action_id=action_id, meeting_id=meeting_id, note=note.strip(), new_status=new_status, new_due=new_due
    )
    validate_update(update)
    steps: list[Step] = []
    if existing:
        steps.append((existing[0], touched(replace(update, id=existing[0].id, created=existing[0].created))))
    else:
        steps.append((None, update))
    changed = action
    if new_status is not None:
        done_on = min(today, meeting.starts_at.date())
        changed = replace(
            changed, status=new_status, completed_on=done_on if new_status is ActionStatus.DONE else None
        )
    if new_due is not None:
        changed = replace(changed, due=new_due)
    blocking, override = _override(
        store, action, changed, reason=override_reason, today=today, meeting_id=meeting_id
    )
    if blocking and override is None:
        raise PrerequisitesNotDone([(action, blocking)], changed.status)
    if changed != action:
        steps.append((action, touched(changed)))
    if override is not None:
        steps.append((None, override))
    return Edit(_("Update on {title}").format(title=action.title), tuple(steps))


def derive_reviews(routing: Routing, meeting: Meeting) -> list[ActionReview]:
    """What a meeting reviews under its first "review of actions" item: every open action of its forum, and open
    actions of other forums escalated to it (by the meeting's day) and not yet answered, by owner partner then
    oldest first. An action agreed at this meeting or at a later one is not reviewed here: minutes of a meeting
    typed in after later meetings were held do not review what those meetings agreed."""
    from facilitator.agenda_routing import derived_id  # noqa: PLC0415 - loaded when used: reading records needs none of it

    item = routing.item(meeting, ItemKind.REVIEW_OF_ACTIONS)
    if item is None:
        return []
    store = routing.store
    partners = {p.id: p.name.casefold() for p in store.all(Partner, include_archived=True)}
    tabled = sorted(
        open_actions(store, meeting.forum_id)
        + escalated_actions(store, meeting.forum_id, by=meeting.starts_at.date()),
        key=lambda a: (partners.get(a.owner_partner_id, ""), a.created, a.title.casefold()),
    )
    starts = {m.id: m.starts_at for m in routing.timeline(meeting.forum_id)}

    def agreed_here_or_later(action: Action) -> bool:
        origin = action.origin_meeting_id
        if origin is None:
            return False
        if origin not in starts:  # agreed at another forum's meeting (an escalated action)
            found = store.find(Meeting, origin)
            starts[origin] = found.starts_at if found is not None else dt.datetime.min
        return origin == meeting.id or starts[origin] > meeting.starts_at

    seen: set[str] = set()
    reviews: list[ActionReview] = []
    for action in tabled:
        # Agreed at this very meeting (or a later one): reviewed from the next one on.
        if action.id in seen or agreed_here_or_later(action):
            continue
        seen.add(action.id)
        reviews.append(
            ActionReview(
                id=derived_id(meeting.id, "action", action.id),
                meeting_id=meeting.id,
                item_id=item.id,
                action_id=action.id,
                position=len(reviews),
                status_then=action.status,
                due_then=action.due,
            )
        )
    return reviews


def escalated_actions(store: Store, forum_id: str, *, by: dt.date | None = None) -> list[Action]:
    """Open actions of other forums escalated to ``forum_id`` (raised by the day ``by``, when given) and not yet
    answered."""
    from facilitator.escalation import open_escalated_subjects  # noqa: PLC0415 - escalation builds on actions

    ids = open_escalated_subjects(store, forum_id, "actions", by=by)
    found = [store.find(Action, i) for i in ids]
    return [a for a in found if a is not None and not a.is_closed]
