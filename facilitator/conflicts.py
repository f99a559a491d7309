"""The conflict-management log and the register of notices of intended change.

Conflicts (distrust, abuse of power, protectionism, rivalry...) are raised, worked through in stages, escalated
if needed and resolved, with a timeline; an open conflict is on the conflicts item of every meeting of its forum.
Notices of intended change ("no surprises") are given by one partner to the others, tabled at the next meeting,
before they take effect, of every forum that they name or where an affected partner sits, and answered by each
affected partner. Until a meeting starts what it tables follows the registers (``derive_tablings``); when it starts,
it is fixed as ``Tabling`` records. Both are partners' business: the public never sees a conflict, and restricted
ones only their partners.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator import i18n
from facilitator.agenda_routing import Routing, derived_id
from facilitator.entities import (
    EARLIEST_YEAR,
    LABELS,
    LATEST_YEAR,
    MAX_NAME,
    MAX_TEXT,
    Forum,
    LabelledEnum,
    Membership,
    Partner,
    Record,
    touched,
)
from facilitator.errors import ValidationError
from facilitator.escalation import escalate, escalation_target, nowhere_to_escalate, open_escalation_of
from facilitator.i18n import N_, _
from facilitator.meeting_ops import Step, meetings_of, usual_agenda
from facilitator.meetings import Confidentiality, ItemKind, Meeting, MeetingStatus
from facilitator.operations import Edit
from facilitator.store import Store


class ConflictCategory(LabelledEnum):
    """What a conflict is about (the risks the guidelines name)."""

    TRUST = "trust"
    INFORMATION_SHARING = "information_sharing"
    RESOURCES = "resources"
    CONDUCT = "conduct"
    PROTECTIONISM = "protectionism"
    CULTURAL = "cultural"
    POLICY = "policy"
    OTHER = "other"


class Severity(LabelledEnum):
    """How much the conflict threatens the partnership's work."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ConflictStage(LabelledEnum):
    """Where a conflict stands."""

    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    IN_DISCUSSION = "in_discussion"
    IN_MEDIATION = "in_mediation"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED_UNRESOLVED = "closed_unresolved"


class NoticeStatus(LabelledEnum):
    """Where a notice of intended change stands."""

    GIVEN = "given"
    TABLED = "tabled"
    DISCUSSED = "discussed"
    AGREED = "agreed"
    AGREED_WITH_CONDITIONS = "agreed_with_conditions"
    OBJECTED_TO = "objected_to"
    WITHDRAWN = "withdrawn"
    IMPLEMENTED = "implemented"


class ResponseKind(LabelledEnum):
    """An affected partner's answer to a notice."""

    ACKNOWLEDGED = "acknowledged"
    SUPPORTS = "supports"
    HAS_CONCERNS = "has_concerns"
    OBJECTS = "objects"


LABELS.update(
    {
        ConflictCategory.TRUST: N_("Communication or trust"),
        ConflictCategory.INFORMATION_SHARING: N_("Information sharing and confidentiality"),
        ConflictCategory.RESOURCES: N_("Resources"),
        ConflictCategory.CONDUCT: N_("Conduct or abuse of power"),
        ConflictCategory.PROTECTIONISM: N_("Protectionism or rivalry"),
        ConflictCategory.CULTURAL: N_("Cultural or ethnic issues"),
        ConflictCategory.POLICY: N_("Policy disagreement"),
        ConflictCategory.OTHER: N_("Other"),
        Severity.LOW: N_("Low"),
        Severity.MEDIUM: N_("Medium"),
        Severity.HIGH: N_("High"),
        ConflictStage.RAISED: N_("Raised"),
        ConflictStage.ACKNOWLEDGED: N_("Acknowledged"),
        ConflictStage.IN_DISCUSSION: N_("In discussion"),
        ConflictStage.IN_MEDIATION: N_("In mediation"),
        ConflictStage.ESCALATED: N_("Escalated"),
        ConflictStage.RESOLVED: N_("Resolved"),
        ConflictStage.CLOSED_UNRESOLVED: N_("Closed without resolution"),
        NoticeStatus.GIVEN: N_("Given"),
        NoticeStatus.TABLED: N_("Tabled"),
        NoticeStatus.DISCUSSED: N_("Discussed"),
        NoticeStatus.AGREED: N_("Agreed"),
        NoticeStatus.AGREED_WITH_CONDITIONS: N_("Agreed with conditions"),
        NoticeStatus.OBJECTED_TO: N_("Objected to"),
        NoticeStatus.WITHDRAWN: N_("Withdrawn"),
        NoticeStatus.IMPLEMENTED: N_("Implemented"),
        ResponseKind.ACKNOWLEDGED: N_("Acknowledged"),
        ResponseKind.SUPPORTS: N_("Supports"),
        ResponseKind.HAS_CONCERNS: N_("Has concerns"),
        ResponseKind.OBJECTS: N_("Objects"),
    }
)
CLOSED_STAGES = frozenset({ConflictStage.RESOLVED, ConflictStage.CLOSED_UNRESOLVED})
CLOSED_NOTICES = frozenset({NoticeStatus.WITHDRAWN, NoticeStatus.IMPLEMENTED})


@dataclass(frozen=True, kw_only=True)
class Conflict(Record):
    """A disagreement or complaint between partners."""

    forum_id: str
    title: str
    description: str = ""
    raised_on: dt.date
    raised_by_partner_id: str
    partners_involved: tuple[str, ...] = ()
    category: ConflictCategory = ConflictCategory.OTHER
    severity: Severity = Severity.MEDIUM
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    review_on: dt.date | None = None
    stage: ConflictStage = ConflictStage.RAISED
    mediator: str = ""
    resolution: str = ""
    lessons: str = ""

    @property
    def is_open(self) -> bool:
        """Not resolved nor closed."""
        return self.stage not in CLOSED_STAGES

    def review_overdue(self, today: dt.date) -> bool:
        """An open conflict whose review date has passed."""
        return self.is_open and self.review_on is not None and self.review_on < today


@dataclass(frozen=True, kw_only=True)
class ConflictStep(Record):
    """One step in a conflict's timeline: a stage change, a note, perhaps the meeting where it was discussed."""

    conflict_id: str
    on: dt.date
    stage: ConflictStage
    note: str = ""
    meeting_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Notice(Record):
    """A partner telling the others of a change it intends to make."""

    partner_id: str
    title: str
    description: str = ""
    reason: str = ""
    given_on: dt.date
    takes_effect_on: dt.date
    affected_partners: tuple[str, ...] = ()
    affected_forums: tuple[str, ...] = ()
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    status: NoticeStatus = NoticeStatus.GIVEN
    outcome: str = ""


@dataclass(frozen=True, kw_only=True)
class NoticeResponse(Record):
    """An affected partner's answer to a notice."""

    notice_id: str
    partner_id: str
    kind: ResponseKind
    text: str = ""
    on: dt.date


@dataclass(frozen=True, kw_only=True)
class Tabling(Record):
    """A conflict or notice tabled at a meeting, as it stood when the meeting started (derived, unsaved, before)."""

    meeting_id: str
    item_id: str
    subject_kind: str  # "conflicts" or "notices"
    subject_id: str
    state_then: str  # the stage or status code when tabled
    position: int = 0


def _dates(record: Record, *names: str) -> None:
    for name in names:
        day = getattr(record, name)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(name, _("is not a plausible date"))


def _texts(record: Record, required: str, *others: str) -> None:
    value = getattr(record, required)
    if not value.strip():
        raise ValidationError(required, _("must not be empty"))
    if len(value) > MAX_NAME:
        raise ValidationError(required, _("is longer than {limit} characters").format(limit=MAX_NAME))
    for name in others:
        if len(getattr(record, name)) > MAX_TEXT:
            raise ValidationError(name, _("is longer than {limit} characters").format(limit=MAX_TEXT))


def _restriction(confidentiality: Confidentiality, restricted_to: Sequence[str]) -> None:
    if confidentiality is Confidentiality.PUBLIC:
        raise ValidationError("confidentiality", _("conflicts and notices are never public"))
    if confidentiality is Confidentiality.RESTRICTED and not restricted_to:
        raise ValidationError("restricted_to", _("name at least one partner who may see it"))


def validate_conflict(conflict: Conflict) -> None:
    """Refuse a conflict without title, with absurd dates, public, or in mediation without a mediator."""
    _texts(conflict, "title", "description", "resolution", "lessons")
    _dates(conflict, "raised_on", "review_on")
    if conflict.confidentiality is Confidentiality.PUBLIC:
        raise ValidationError("confidentiality", _("conflicts are never public"))
    _restriction(conflict.confidentiality, conflict.restricted_to)
    if conflict.stage is ConflictStage.IN_MEDIATION and not conflict.mediator.strip():
        raise ValidationError("mediator", _("name the mediator"))


def validate_step(step: ConflictStep) -> None:
    """Refuse an over-long note or an absurd date."""
    _dates(step, "on")
    if len(step.note) > MAX_TEXT:
        raise ValidationError("note", _("is longer than {limit} characters").format(limit=MAX_TEXT))


def validate_notice(notice: Notice) -> None:
    """Refuse a notice without title, taking effect before it was given, or with absurd dates."""
    _texts(notice, "title", "description", "reason", "outcome")
    _dates(notice, "given_on", "takes_effect_on")
    if notice.takes_effect_on < notice.given_on:
        raise ValidationError(
            "takes_effect_on", _("a change cannot take effect before notice of it is given")
        )
    _restriction(notice.confidentiality, notice.restricted_to)


def validate_response(response: NoticeResponse) -> None:
    """Refuse an over-long answer or an absurd date."""
    _dates(response, "on")
    if len(response.text) > MAX_TEXT:
        raise ValidationError("text", _("is longer than {limit} characters").format(limit=MAX_TEXT))


# --- conflicts ---------------------------------------------------------------------------------------------------


def raise_conflict(store: Store, conflict: Conflict, note: str = "") -> Edit:
    """Record a new conflict; its timeline starts with the step that raised it."""
    validate_conflict(conflict)
    store.get(Forum, conflict.forum_id)
    store.get(Partner, conflict.raised_by_partner_id)
    first = ConflictStep(
        conflict_id=conflict.id, on=conflict.raised_on, stage=conflict.stage, note=note.strip()
    )
    return Edit(_("Raise conflict {title}").format(title=conflict.title), ((None, conflict), (None, first)))


def save_conflict(store: Store, conflict: Conflict) -> Edit:
    """Change a conflict's description, parties, category, severity, confidentiality or review date."""
    before = store.get(Conflict, conflict.id)
    after = replace(conflict, stage=before.stage, created=before.created)
    validate_conflict(after)
    return Edit(_("Edit conflict {title}").format(title=conflict.title), ((before, touched(after)),))


def move_conflict(
    store: Store,
    conflict_id: str,
    stage: ConflictStage,
    on: dt.date,
    note: str = "",
    *,
    meeting_id: str | None = None,
    mediator: str | None = None,
    resolution: str | None = None,
    lessons: str | None = None,
    escalate_to: str | None = None,
) -> Edit:
    """Take a conflict to another stage, with a dated step on its timeline.

    Moving it to "escalated" escalates it in the same edit: to ``escalate_to`` (one of the forum's
    ``escalation_targets``) or else the forum above, with the note as the reason; an open escalation of the
    conflict is linked instead of sending a second one.
    """
    before = store.get(Conflict, conflict_id)
    after = replace(
        before,
        stage=stage,
        mediator=before.mediator if mediator is None else mediator.strip(),
        resolution=before.resolution if resolution is None else resolution.strip(),
        lessons=before.lessons if lessons is None else lessons.strip(),
    )
    if stage is ConflictStage.RESOLVED and not after.resolution:
        raise ValidationError("resolution", _("say how the conflict was resolved"))
    validate_conflict(after)
    escalated: tuple[Step, ...] = ()
    if stage is ConflictStage.ESCALATED and before.stage is not ConflictStage.ESCALATED:
        note, escalated = _escalate(
            store, before, on, note.strip(), to_forum_id=escalate_to, meeting_id=meeting_id
        )
    step = ConflictStep(conflict_id=conflict_id, on=on, stage=stage, note=note.strip(), meeting_id=meeting_id)
    validate_step(step)
    text = _("{title}: {stage}").format(title=before.title, stage=stage.label)
    return Edit(text, ((before, touched(after)), (None, step), *escalated))


def _escalate(
    store: Store, conflict: Conflict, on: dt.date, reason: str, *, to_forum_id: str | None, meeting_id: str | None
) -> tuple[str, tuple[Step, ...]]:
    """The timeline note and the steps that escalate ``conflict``: an open escalation of it is linked, otherwise
    one is sent to ``to_forum_id`` or the forum above."""
    existing = open_escalation_of(store, conflict.id)
    if existing is not None:
        target = store.get(Forum, existing.to_forum_id)
        linked = _("Escalated to {forum} since {date}.").format(
            forum=target.name, date=i18n.active().format_date(existing.raised_on)
        )
        return (f"{reason} {linked}" if reason else linked), ()
    if to_forum_id is None:
        above = escalation_target(store, conflict.forum_id)
        if above is None:
            raise nowhere_to_escalate(store.get(Forum, conflict.forum_id))
        to_forum_id = above.id
    if not reason:
        raise ValidationError("note", _("say why it is escalated"))
    sent = escalate(
        store,
        subject_kind="conflicts",
        subject_id=conflict.id,
        subject_title=conflict.title,
        from_forum_id=conflict.forum_id,
        to_forum_id=to_forum_id,
        reason=reason,
        today=on,
        at_meeting_id=meeting_id,
    )
    target = store.get(Forum, to_forum_id)
    note = _("Escalated to {forum}: {reason}").format(forum=target.name, reason=reason)
    return note, sent.steps


def timeline(store: Store, conflict_id: str) -> list[ConflictStep]:
    """A conflict's steps, oldest first."""
    return sorted(store.where(ConflictStep, {"conflict_id": conflict_id}), key=lambda s: (s.on, s.created))


def open_conflicts(store: Store, forum_id: str) -> list[Conflict]:
    """Open conflicts of a forum, oldest first."""
    return sorted(
        (c for c in store.where(Conflict, {"forum_id": forum_id}) if c.is_open), key=lambda c: c.raised_on
    )


# --- notices -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeCheck:
    """Whether a notice came soon enough for one affected forum, and why not."""

    forum: Forum
    short: bool
    below_minimum: bool
    no_meeting_between: bool


def notice_checks(store: Store, notice: Notice) -> list[NoticeCheck]:
    """For each affected forum: short notice when below its minimum period, or when no meeting falls between."""
    checks = []
    days = (notice.takes_effect_on - notice.given_on).days
    for forum_id in notice.affected_forums:
        forum = store.get(Forum, forum_id)
        below = days < forum.min_notice_days
        between = [
            m
            for m in meetings_of(store, forum_id)
            if m.status is not MeetingStatus.CANCELLED
            and notice.given_on <= m.starts_at.date() < notice.takes_effect_on
        ]
        checks.append(NoticeCheck(forum, below or not between, below, not between))
    return checks


def is_short_notice(store: Store, notice: Notice) -> bool:
    """Whether any affected forum got short notice."""
    return any(check.short for check in notice_checks(store, notice))


def give_notice(store: Store, notice: Notice) -> Edit:
    """Record a notice of intended change (check ``notice_checks`` first to warn of short notice)."""
    validate_notice(notice)
    store.get(Partner, notice.partner_id)
    for forum_id in notice.affected_forums:
        store.get(Forum, forum_id)
    for partner_id in notice.affected_partners:
        store.get(Partner, partner_id)
    before = store.find(Notice, notice.id)
    if before is None:
        return Edit(_("Notice: {title}").format(title=notice.title), ((None, notice),))
    return Edit(
        _("Edit notice {title}").format(title=notice.title),
        ((before, touched(replace(notice, created=before.created))),),
    )


def set_notice_status(store: Store, notice_id: str, status: NoticeStatus, outcome: str | None = None) -> Edit:
    """Move a notice on (discussed, agreed, objected to, withdrawn, implemented...), with the outcome."""
    before = store.get(Notice, notice_id)
    after = replace(before, status=status, outcome=before.outcome if outcome is None else outcome.strip())
    validate_notice(after)
    return Edit(
        _("{title}: {status}").format(title=before.title, status=status.label), ((before, touched(after)),)
    )


def respond(
    store: Store, notice_id: str, partner_id: str, *, kind: ResponseKind, text: str, on: dt.date
) -> Edit:
    """Record (or replace) an affected partner's answer to a notice."""
    notice = store.get(Notice, notice_id)
    partner = store.get(Partner, partner_id)
    if partner_id not in notice.affected_partners:
        raise ValidationError(
            "partner_id", _("{name} is not among the partners this notice affects").format(name=partner.name)
        )
    existing = [
        r for r in store.where(NoticeResponse, {"notice_id": notice_id}) if r.partner_id == partner_id
    ]
    response = NoticeResponse(notice_id=notice_id, partner_id=partner_id, kind=kind, text=text.strip(), on=on)
    validate_response(response)
    if existing:
        before = existing[0]
        return Edit(
            _("Answer of {partner}").format(partner=partner.display_name),
            ((before, touched(replace(response, id=before.id, created=before.created))),),
        )
    return Edit(_("Answer of {partner}").format(partner=partner.display_name), ((None, response),))


def responses(store: Store, notice_id: str) -> list[NoticeResponse]:
    """The answers given to a notice."""
    return store.where(NoticeResponse, {"notice_id": notice_id})


def missing_responses(store: Store, notice: Notice) -> list[str]:
    """Affected partners who have not answered."""
    answered = {r.partner_id for r in responses(store, notice.id)}
    return [p for p in notice.affected_partners if p not in answered]


# --- what meetings table --------------------------------------------------------------------------------------


def notice_forums(store: Store, notice: Notice) -> list[Forum]:
    """The forums a notice goes to: those it names, and every forum where an affected partner sits whose agenda
    tables notices (its usual agenda has a notices item), archived forums left out; by name."""
    wanted = set(notice.affected_forums)
    affected = set(notice.affected_partners)
    seated = {m.forum_id for m in store.all(Membership) if m.partner_id in affected}
    for forum_id in seated - wanted:
        if any(u.kind is ItemKind.NOTICE for u in usual_agenda(store, forum_id)):
            wanted.add(forum_id)
    found = [store.find(Forum, forum_id) for forum_id in wanted]
    return sorted((f for f in found if f is not None and not f.archived), key=lambda f: f.name.casefold())


def notice_meeting(routing: Routing, notice: Notice, forum_id: str) -> Meeting | None:
    """The meeting of ``forum_id`` that tables a notice: the first, from the day it was given and before the
    change takes effect, that tabled it when it started or that has not started and has a notices item."""
    return routing.next_meeting(
        forum_id,
        ItemKind.NOTICE,
        Tabling,
        lambda t: t.subject_kind == "notices" and t.subject_id == notice.id,
        start=notice.given_on,
        end=notice.takes_effect_on,
    )


def unheard_notices(store: Store, today: dt.date) -> list[tuple[Notice, list[Forum]]]:
    """Open notices not yet in effect that no meeting of some of their forums will table before the change
    takes effect, with those forums: the change would come as a surprise there."""
    routing = Routing(store, today)
    found = []
    for notice in sorted(store.all(Notice), key=lambda n: (n.takes_effect_on, n.title.casefold())):
        if notice.status in CLOSED_NOTICES or notice.takes_effect_on <= today:
            continue
        missed = [f for f in notice_forums(store, notice) if notice_meeting(routing, notice, f.id) is None]
        if missed:
            found.append((notice, missed))
    return found


def derive_tablings(routing: Routing, meeting: Meeting) -> list[Tabling]:
    """What a meeting tables: every open conflict of its forum (raised by the meeting's day) under its conflicts
    item, and under its notices item each open notice for which it is the forum's meeting (``notice_meeting``)."""
    store = routing.store
    day = meeting.starts_at.date()
    tablings: list[Tabling] = []

    def add(item_id: str, subject_kind: str, subject_id: str, state: str) -> None:
        tablings.append(
            Tabling(
                id=derived_id(meeting.id, subject_kind, subject_id),
                meeting_id=meeting.id,
                item_id=item_id,
                subject_kind=subject_kind,
                subject_id=subject_id,
                state_then=state,
                position=len(tablings),
            )
        )

    conflict_item = routing.item(meeting, ItemKind.CONFLICT)
    if conflict_item is not None:
        for conflict in open_conflicts(store, meeting.forum_id):
            if conflict.raised_on <= day:
                add(conflict_item.id, "conflicts", conflict.id, conflict.stage.value)
    notice_item = routing.item(meeting, ItemKind.NOTICE)
    if notice_item is not None:
        notices = sorted(store.all(Notice), key=lambda n: (n.takes_effect_on, n.given_on, n.title.casefold()))
        for notice in notices:
            if notice.status in CLOSED_NOTICES or not notice.given_on <= day < notice.takes_effect_on:
                continue
            if meeting.forum_id not in {f.id for f in notice_forums(store, notice)}:
                continue
            tabled_at = notice_meeting(routing, notice, meeting.forum_id)
            if tabled_at is not None and tabled_at.id == meeting.id:
                add(notice_item.id, "notices", notice.id, notice.status.value)
    return tablings


def mark_notices_tabled(store: Store, fixed: list[Record]) -> list[Step]:
    """When a meeting starts: a notice it tables that was only given is now tabled."""
    steps: list[Step] = []
    for record in fixed:
        if isinstance(record, Tabling) and record.subject_kind == "notices":
            notice = store.find(Notice, record.subject_id)
            if notice is not None and notice.status is NoticeStatus.GIVEN:
                steps.append((notice, touched(replace(notice, status=NoticeStatus.TABLED))))
    return steps


def tablings_at(store: Store, meeting_id: str, subject_kind: str) -> list[Tabling]:
    """Conflicts or notices tabled at a meeting when it started."""
    return [t for t in store.where(Tabling, {"meeting_id": meeting_id}) if t.subject_kind == subject_kind]
