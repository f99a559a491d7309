"""The conflict-management log, and what each meeting tables from the registers (``derive_tablings``).

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
from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator import i18n
from facilitator.entities import (
    MAX_TEXT,
    Forum,
    LabelledEnum,
    Partner,
    Record,
    touched,
)
from facilitator.errors import ValidationError
from facilitator.escalation import escalate, escalation_target, nowhere_to_escalate, open_escalation_of
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Confidentiality, ItemKind, Meeting
from facilitator.notices import CLOSED_NOTICES, Notice, notice_forums, notice_meeting
from facilitator.store import Store
from facilitator.tablings import Tabling

if TYPE_CHECKING:
    from facilitator.agenda_routing import Routing
    from facilitator.meeting_ops import Step
    from facilitator.operations import Edit


class ConflictCategory(LabelledEnum):
    """What a conflict is about (the risks the guidelines name)."""

    TRUST = "trust", N_("Communication or trust")
    INFORMATION_SHARING = "information_sharing", N_("Information sharing and confidentiality")
    RESOURCES = "resources", N_("Resources")
    CONDUCT = "conduct", N_("Conduct or abuse of power")
    PROTECTIONISM = "protectionism", N_("Protectionism or rivalry")
    CULTURAL = "cultural", N_("Cultural or ethnic issues")
    POLICY = "policy", N_("Policy disagreement")
    OTHER = "other", N_("Other")


class Severity(LabelledEnum):
    """How much the conflict threatens the partnership's work."""

    LOW = "low", N_("Low")
    MEDIUM = "medium", N_("Medium")
    HIGH = "high", N_("High")


class ConflictStage(LabelledEnum):
    """Where a conflict stands."""

    RAISED = "raised", N_("Raised")
    ACKNOWLEDGED = "acknowledged", N_("Acknowledged")
    IN_DISCUSSION = "in_discussion", N_("In discussion")
    IN_MEDIATION = "in_mediation", N_("In mediation")
    ESCALATED = "escalated", N_("Escalated")
    RESOLVED = "resolved", N_("Resolved")
    CLOSED_UNRESOLVED = "closed_unresolved", N_("Closed without resolution")


CLOSED_STAGES = frozenset({ConflictStage.RESOLVED, ConflictStage.CLOSED_UNRESOLVED})


@frozen(kw_only=True)
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


@frozen(kw_only=True)
class ConflictStep(Record):
    """One step in a conflict's timeline: a stage change, a note, perhaps the meeting where it was discussed."""

    conflict_id: str
    on: dt.date
    stage: ConflictStage
    note: str = ""
    meeting_id: str | None = None


def validate_conflict(conflict: Conflict) -> None:
    """Refuse a conflict without title, with absurd dates, public, or in mediation without a mediator."""
    from facilitator.register_checks import check_dates, check_restriction, check_texts  # noqa: PLC0415 - loaded when used: reading records needs none of it

    check_texts(conflict, "title", "description", "resolution", "lessons")
    check_dates(conflict, "raised_on", "review_on")
    if conflict.confidentiality is Confidentiality.PUBLIC:
        raise ValidationError("confidentiality", _("conflicts are never public"))
    check_restriction(conflict.confidentiality, conflict.restricted_to)
    if conflict.stage is ConflictStage.IN_MEDIATION and not conflict.mediator.strip():
        raise ValidationError("mediator", _("name the mediator"))


def validate_step(step: ConflictStep) -> None:
    """Refuse an over-long note or an absurd date."""
    from facilitator.register_checks import check_dates  # noqa: PLC0415 - loaded when used: reading records needs none of it

    check_dates(step, "on")
    if len(step.note) > MAX_TEXT:
        raise ValidationError("note", _("is longer than {limit} characters").format(limit=MAX_TEXT))


# --- conflicts ---------------------------------------------------------------------------------------------------


def raise_conflict(store: Store, conflict: Conflict, note: str = "") -> Edit:
    """Record a new conflict; its timeline starts with the step that raised it."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    validate_conflict(conflict)
    store.get(Forum, conflict.forum_id)
    store.get(Partner, conflict.raised_by_partner_id)
    first = ConflictStep(
        conflict_id=conflict.id, on=conflict.raised_on, stage=conflict.stage, note=note.strip()
    )
    return Edit(_("Raise conflict {title}").format(title=conflict.title), ((None, conflict), (None, first)))


def save_conflict(store: Store, conflict: Conflict) -> Edit:
    """Change a conflict's description, parties, category, severity, confidentiality or review date."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

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
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

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
    store: Store,
    conflict: Conflict,
    on: dt.date,
    reason: str,
    *,
    to_forum_id: str | None,
    meeting_id: str | None,
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


# --- what meetings table --------------------------------------------------------------------------------------


def derive_tablings(routing: Routing, meeting: Meeting) -> list[Tabling]:
    """What a meeting tables: every open conflict of its forum (raised by the meeting's day) under its conflicts
    item, and under its notices item each open notice for which it is the forum's meeting (``notice_meeting``)."""
    from facilitator.agenda_routing import derived_id  # noqa: PLC0415 - loaded when used: reading records needs none of it

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
