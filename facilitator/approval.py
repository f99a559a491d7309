"""Minutes from draft to approved, and locked from then on.

Minutes are drafted, circulated to partners (the circulated version is kept), and approved at a later meeting of
the same forum, as that meeting's decision on its "minutes of the last meeting" item. At approval a snapshot of
everything the minutes print is taken (``facilitator.snapshot``) and sealed with a checksum; the minutes are built
from it from then on, so later edits to any record change nothing in them, and verification fails on any change
to the snapshot. Every edit that would change the meeting's own record is also refused by a guard on all edits; a
mistake found later is recorded as a correction, which later exports print as a corrigendum.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator.actions import ActionReview, ActionUpdate
from facilitator.entities import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_TEXT,
    Forum,
    LabelledEnum,
    Partner,
    Record,
    touched,
)
from facilitator.errors import MinutesLocked, ValidationError
from facilitator.escalation import EscalationReview
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Confidentiality,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Position,
    SpeakerTurn,
)
from facilitator.profile import document_translator
from facilitator.store import Store
from facilitator.tablings import Tabling

if TYPE_CHECKING:
    from facilitator.operations import Edit
    from facilitator.papers import Paper


class MinutesStatus(LabelledEnum):
    """Where a meeting's minutes are in their life."""

    DRAFT = "draft", N_("Draft")
    CIRCULATED = "circulated", N_("Circulated")
    APPROVED = "approved", N_("Approved")


@frozen(kw_only=True)
class MinutesRecord(Record):
    """The state of one meeting's minutes."""

    meeting_id: str
    status: MinutesStatus = MinutesStatus.DRAFT
    circulated_on: dt.date | None = None
    circulated_to: tuple[str, ...] = ()
    circulated_record: str = ""  # the meeting's record as circulated (canonical JSON)
    approved_on: dt.date | None = None
    approved_at_meeting_id: str | None = None
    checksum: str = ""  # SHA-256 of the approved snapshot
    approved_record: str = ""  # the snapshot of everything the minutes print, as approved (canonical JSON)


@frozen(kw_only=True)
class Correction(Record):
    """A mistake found in approved minutes, recorded instead of editing them."""

    meeting_id: str
    text: str
    recorded_on: dt.date
    recorded_at_meeting_id: str | None = None
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()


def validate_correction(correction: Correction) -> None:
    """Refuse an empty or absurd correction."""
    if not correction.text.strip():
        raise ValidationError("text", _("must not be empty"))
    if len(correction.text) > MAX_TEXT:
        raise ValidationError("text", _("is longer than {limit} characters").format(limit=MAX_TEXT))
    if not EARLIEST_YEAR <= correction.recorded_on.year <= LATEST_YEAR:
        raise ValidationError("recorded_on", _("is not a plausible date"))
    if correction.confidentiality is Confidentiality.RESTRICTED and not correction.restricted_to:
        raise ValidationError("restricted_to", _("name at least one partner who may see it"))


def minutes_record(store: Store, meeting_id: str) -> MinutesRecord | None:
    """The minutes' state of a meeting, or None while nothing was done with them (a draft)."""
    found = store.where(MinutesRecord, {"meeting_id": meeting_id})
    return found[0] if found else None


def minutes_status(store: Store, meeting_id: str) -> MinutesStatus:
    """Draft, circulated or approved."""
    record = minutes_record(store, meeting_id)
    return record.status if record else MinutesStatus.DRAFT


def corrections(store: Store, meeting_id: str) -> list[Correction]:
    """Corrections recorded against a meeting's approved minutes, oldest first."""
    return sorted(
        store.where(Correction, {"meeting_id": meeting_id}), key=lambda c: (c.recorded_on, c.created)
    )


def meeting_record(store: Store, meeting_id: str) -> str:
    """The meeting's whole record as canonical JSON: what is circulated, approved and checksummed.

    Timestamps of when rows were written are left out, so the same record always gives the same text.
    """
    from facilitator.meeting_ops import agenda, decision_of, roll  # noqa: PLC0415 - loaded when used: reading records needs none of it

    meeting = store.get(Meeting, meeting_id)
    items = agenda(store, meeting_id)
    parts: dict[str, object] = {"meeting": _plain(meeting), "items": [], "attendance": []}
    for item in items:
        entry: dict[str, object] = {"item": _plain(item)}
        found = decision_of(store, item.id)
        if found:
            decision, positions = found
            entry["decision"] = _plain(decision)
            entry["positions"] = sorted((_plain(p) for p in positions), key=lambda p: str(p["partner_id"]))
        parts["items"].append(entry)  # type: ignore[attr-defined]
    parts["attendance"] = sorted((_plain(a) for a in roll(store, meeting_id)), key=lambda a: str(a["id"]))
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(record: Record) -> dict[str, object]:
    from facilitator.records import record_to_dict  # noqa: PLC0415 - records lists this module's kinds

    data = record_to_dict(record)
    for stamp in ("created", "updated"):
        data.pop(stamp, None)
    return data


def checksum(record_json: str) -> str:
    """SHA-256 of a record's canonical JSON, as hex."""
    import hashlib  # noqa: PLC0415 - hashlib loads OpenSSL: only when a digest is made

    return hashlib.sha256(record_json.encode("utf-8")).hexdigest()


def verify_minutes(store: Store, meeting_id: str) -> bool:
    """Whether the approved record is still what was sealed when the minutes were approved: the snapshot
    matches its checksum (for minutes approved before snapshots were taken, the meeting's record inside it does),
    and the meeting's own record in the file is still the one in the snapshot."""
    from facilitator import snapshot  # noqa: PLC0415 - loaded when used: reading records needs none of it

    record = minutes_record(store, meeting_id)
    if record is None or record.status is not MinutesStatus.APPROVED:
        raise ValidationError("status", _("these minutes are not approved, so there is nothing to verify"))
    if not record.approved_record:
        return checksum(meeting_record(store, meeting_id)) == record.checksum
    try:
        frozen = snapshot.Snapshot.parse(record.approved_record)
    except (ValueError, KeyError, TypeError, ValidationError):
        return False
    kept = meeting_record(snapshot.SnapshotStore(store, frozen), meeting_id)
    sealed = kept if frozen.seal == snapshot.SEALED_MEETING_RECORD else record.approved_record
    return checksum(sealed) == record.checksum and meeting_record(store, meeting_id) == kept


def _state(store: Store, meeting_id: str) -> MinutesRecord:
    return minutes_record(store, meeting_id) or MinutesRecord(meeting_id=meeting_id)


def circulate_minutes(store: Store, meeting_id: str, partner_ids: list[str], on: dt.date) -> Edit:
    """Circulate the draft minutes to partners; the version circulated is kept as it was."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    meeting = store.get(Meeting, meeting_id)
    if meeting.status is not MeetingStatus.HELD:
        raise ValidationError("status", _("only the minutes of a meeting that was held can be circulated"))
    before = minutes_record(store, meeting_id)
    state = before or MinutesRecord(meeting_id=meeting_id)
    if state.status is MinutesStatus.APPROVED:
        raise MinutesLocked(_("These minutes are approved; they are no longer circulated as a draft."))
    if not partner_ids:
        raise ValidationError("circulated_to", _("choose at least one partner to circulate the minutes to"))
    for partner_id in partner_ids:
        store.get(Partner, partner_id)
    after = replace(
        state,
        status=MinutesStatus.CIRCULATED,
        circulated_on=on,
        circulated_to=tuple(partner_ids),
        circulated_record=meeting_record(store, meeting_id),
    )
    return Edit(_("Circulate minutes"), ((before, touched(after)),))


def approve_minutes(store: Store, meeting_id: str, at_meeting_id: str, on: dt.date) -> Edit:
    """Approve a meeting's minutes at a later meeting of the same forum.

    The approval is recorded as the later meeting's decision on its "minutes of the last meeting" item; a
    snapshot of everything the minutes print is kept with its checksum, and the meeting's record is locked.
    """
    from facilitator import snapshot  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.meeting_ops import agenda, decision_of  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    meeting = store.get(Meeting, meeting_id)
    later = store.get(Meeting, at_meeting_id)
    if later.forum_id != meeting.forum_id or later.starts_at <= meeting.starts_at:
        raise ValidationError(
            "approved_at_meeting_id", _("minutes are approved at a later meeting of the same forum")
        )
    before = minutes_record(store, meeting_id)
    state = before or MinutesRecord(meeting_id=meeting_id)
    if state.status is MinutesStatus.APPROVED:
        raise MinutesLocked(_("These minutes are already approved."))
    if meeting.status is not MeetingStatus.HELD:
        raise ValidationError("status", _("only the minutes of a meeting that was held can be approved"))
    items = [i for i in agenda(store, at_meeting_id) if i.kind is ItemKind.MINUTES]
    if not items:
        raise ValidationError(
            "approved_at_meeting_id", _("that meeting has no item for the minutes of the last meeting")
        )
    if state.status is not MinutesStatus.CIRCULATED:
        raise ValidationError(
            "status", _("circulate the draft minutes to the partners before they are approved")
        )
    if later.status is MeetingStatus.CANCELLED:
        raise ValidationError("approved_at_meeting_id", _("a cancelled meeting approves nothing"))
    frozen = snapshot.take_snapshot(store, meeting_id)
    after = replace(
        state,
        status=MinutesStatus.APPROVED,
        approved_on=on,
        approved_at_meeting_id=at_meeting_id,
        checksum=checksum(frozen),
        approved_record=frozen,
    )
    steps: list[tuple[Record | None, Record | None]] = [(before, touched(after))]
    if decision_of(store, items[0].id) is None:
        # Content is written in the forum's working language, whatever the window's language, with the
        # partnership's region for the date (en alone wrote "November 23, 2026" in a British partnership's minutes).
        content = document_translator(store, store.get(Forum, meeting.forum_id).working_language)
        text = content.gettext("The minutes of the meeting of {date} were approved.").format(
            date=content.format_date(meeting.starts_at.date(), "long")
        )
        steps.append((None, Decision(item_id=items[0].id, text=text, method=DecisionMethod.CONSENSUS)))
    return Edit(_("Approve minutes"), tuple(steps))


def record_correction(
    store: Store,
    meeting_id: str,
    text: str,
    on: dt.date,
    at_meeting_id: str | None = None,
    *,
    confidentiality: Confidentiality = Confidentiality.PARTNERS,
    restricted_to: tuple[str, ...] = (),
) -> Edit:
    """Record a mistake found in approved minutes; later exports print it as a corrigendum to the audiences
    its confidentiality allows (partners by default: a correction may touch a confidential item)."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    if minutes_status(store, meeting_id) is not MinutesStatus.APPROVED:
        raise ValidationError(
            "status", _("minutes that are not approved can still be edited; no correction needed")
        )
    correction = Correction(
        meeting_id=meeting_id,
        text=text.strip(),
        recorded_on=on,
        recorded_at_meeting_id=at_meeting_id,
        confidentiality=confidentiality,
        restricted_to=restricted_to,
    )
    validate_correction(correction)
    return Edit(_("Record a correction"), ((None, correction),))


def _meeting_of(store: Store, record: Record) -> str | None:
    """The meeting a record belongs to, for the lock."""
    if isinstance(record, Meeting):
        return record.id
    if isinstance(record, AgendaItem | Attendance | ActionReview | ActionUpdate | EscalationReview | Tabling):
        return record.meeting_id
    from facilitator.papers import Paper  # noqa: PLC0415 - papers load with an edit, not with Home

    if isinstance(record, Decision | SpeakerTurn | Paper | Position):  # a paper is part of its item's record
        return meeting_of_item_part(store, record)
    return None


def meeting_of_item_part(store: Store, record: Decision | SpeakerTurn | Paper | Position) -> str | None:
    """The meeting of a record that is part of an agenda item (a position, through its decision); None when
    the item (or the decision) is gone."""
    if isinstance(record, Position):
        decision = store.find(Decision, record.decision_id)
        if decision is None:
            return None
        record = decision
    item = store.find(AgendaItem, record.item_id)
    return item.meeting_id if item else None


def refuse_changes_to_approved_minutes(store: Store, edit: Edit) -> None:
    """The guard on every edit: nothing that belongs to a meeting with approved minutes may change."""
    checked: set[str] = set()
    for before, after in edit.steps:
        for record in (before, after):
            if record is None or isinstance(record, MinutesRecord | Correction):
                continue
            meeting_id = _meeting_of(store, record)
            if meeting_id is None or meeting_id in checked:
                continue
            checked.add(meeting_id)
            if minutes_status(store, meeting_id) is MinutesStatus.APPROVED and not _is_approval(
                edit, meeting_id
            ):
                raise MinutesLocked(
                    _("The minutes of this meeting are approved, so its record can no longer change."),
                    hint=_("Record a correction instead; it will be printed with the minutes."),
                )


def _is_approval(edit: Edit, meeting_id: str) -> bool:
    """Undoing an approval (right after it) touches the approving meeting, not the approved one."""
    return any(
        isinstance(r, MinutesRecord) and r.meeting_id == meeting_id for step in edit.steps for r in step if r
    )


def freeze_older_approvals(store: Store) -> Edit:
    """Snapshots for minutes approved before snapshots were taken (a file or document of an older version): the
    records they print are fixed as they are now, and their checksum stays the one taken at approval, which
    covers the meeting's record inside the snapshot."""
    from facilitator import snapshot  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    steps: list[tuple[Record | None, Record | None]] = []
    waiting = store.values(
        MinutesRecord, ("id",), {"status": MinutesStatus.APPROVED.value, "approved_record": ""}
    )
    for (record_id,) in waiting:
        record = store.get(MinutesRecord, str(record_id))
        frozen = snapshot.take_snapshot(store, record.meeting_id, snapshot.SEALED_MEETING_RECORD)
        steps.append((record, touched(replace(record, approved_record=frozen))))
    return Edit(_("Fix the approved minutes as they are"), tuple(steps))


def last_held_meeting(store: Store, meeting: Meeting) -> Meeting | None:
    """The meeting of the same forum held before ``meeting``: the one whose minutes it would approve."""
    from facilitator.meeting_ops import meetings_of  # noqa: PLC0415 - loaded when used: reading records needs none of it

    earlier = [
        m
        for m in meetings_of(store, meeting.forum_id)
        if m.starts_at < meeting.starts_at and m.status is MeetingStatus.HELD
    ]
    return earlier[-1] if earlier else None
