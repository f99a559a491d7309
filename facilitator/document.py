"""The whole partnership as one versioned, JSON-ready document, and back.

The document is how a partnership moves between laptops and versions of the app, and how it is backed up in a
form people can read. Every record goes in, archived ones too, with its UUID and timestamps, so that minutes
referring to an archived partner still make sense after an import. Reading is all-or-nothing: everything is
checked (each field, ids, references between records) before a single record is handed back.

This module builds and checks plain data only; reading and writing files is ``facilitator.exports.json_file``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from facilitator import __version__, clock
from facilitator.actions import (
    Action,
    ActionOverride,
    ActionReview,
    ActionUpdate,
    record_update,
    save_action,
)
from facilitator.approval import Correction, MinutesRecord, freeze_older_approvals
from facilitator.circulation import CirculatedCopy, Circulation
from facilitator.conflicts import Conflict, ConflictStep, raise_conflict
from facilitator.content_translation import ContentTranslation
from facilitator.entities import (
    AnyRecord,
    Forum,
    Membership,
    Partner,
    R,
    Representative,
    now,
    validate_membership,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.escalation import Escalation, EscalationReview, EscalationStatus, escalate
from facilitator.figures import FigureReading, FigureTarget, TrackedFigure
from facilitator.i18n import N_, _
from facilitator.leaflets import Leaflet, save_leaflet
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Position,
    SpeakerTurn,
    UsualItem,
)
from facilitator.notices import Notice, NoticeResponse, give_notice, respond
from facilitator.papers import Paper, check_paper
from facilitator.records import KIND_NAMES, KINDS, record_from_dict, record_to_dict
from facilitator.store import Store
from facilitator.stored_files import StoredFile
from facilitator.tablings import Tabling
from facilitator.upgrade import upgrade_records

FORMAT = "partnership-facilitator"
#: Raised whenever a document may hold something an older app would not understand (a new kind of record or a
#: new field): an older app must refuse such a document rather than silently drop what it does not know.
#: Version 2 added meetings: usual items, meetings, agenda items, attendance, decisions, positions, speakers.
#: Version 3 (one version for the whole round; nothing was released between): forums' usual agendas hold their
#: standing items, meetings not started hold no copies of what the registers put before them, tabled escalations
#: and conflicts keep their order, approved minutes their snapshot; where a forum escalates, who counts for its
#: quorum, a meeting's calendar revision, when a decision was taken, and actions' overrides of their
#: prerequisites; files kept inside the document (``stored_files``, base64), and a leaflet names its logos by
#: their stored file (``logo_ids``) instead of by a path on some computer (``logo_paths``, refused when not
#: empty). Older documents are upgraded as an older file is (``facilitator.upgrade``); fields they lack take
#: their defaults. It also holds the partnership's profile (its region), a leaflet's QR link, and the street
#: figures each forum tracks with their readings and targets (``tracked_figures``, ``figure_readings``,
#: ``figure_targets``).
VERSION = 3
#: Top-level keys that are not lists of records.
HEADER_KEYS = ("format", "version", "exported_at", "app_version")

RecordsByKind = dict[type[AnyRecord], list[AnyRecord]]


def _every(store: Store, kind: type[AnyRecord]) -> list[AnyRecord]:
    # Store.all is generic over a constrained type variable; ``kind`` is always one of its types.
    return cast(list[AnyRecord], store.all(cast(type[Forum], kind), include_archived=True))


def build_document(store: Store) -> dict[str, Any]:
    """Every record of the partnership, archived ones included, as one JSON-ready document.

    Lists of records are keyed by the kind names of ``records.KINDS``, in that order; each record is
    ``records.record_to_dict`` of it, so ids, timestamps and the archived flag are kept as they are.
    """
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now().isoformat(),
        "app_version": __version__,
    }
    for name, kind in KINDS.items():
        document[name] = [record_to_dict(r) for r in _every(store, kind)]
    return document


def _label(kind_name: str, index: int, raw: object) -> str:
    """How a record is named in error messages: ``partners[3] (Police Service)``."""
    label = f"{kind_name}[{index}]"
    if isinstance(raw, dict):
        shown = raw.get("id") or raw.get("name")
        if isinstance(shown, str) and shown:
            if len(shown) > 60:
                shown = shown[:57] + "..."
            label += f" ({shown})"
    return label


def _check_header(data: object) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError("", _("this is not a partnership document (it is not a JSON object)"))
    if data.get("format") != FORMAT:
        message = _("this is not a Partnership Facilitator document (format '{expected}' is missing)")
        raise ValidationError("format", message.format(expected=FORMAT))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError("version", _("is missing or is not a whole number from 1 up"))
    if version > VERSION:
        raise ValidationError(
            "version",
            _(
                "the document was written by a newer version of the app (document version {found}; this "
                "version reads up to {known}). Install the newer version to import it."
            ).format(found=version, known=VERSION),
        )
    unknown = sorted(k for k in data if k not in HEADER_KEYS and k not in KINDS)
    if unknown:
        # An unknown list would be dropped without a word; refuse instead (see VERSION).
        raise ValidationError(unknown[0], _("is not part of a partnership document of this version"))
    return data


def _parse_kind(kind_name: str, kind: type[AnyRecord], raw_list: object) -> list[tuple[str, AnyRecord]]:
    if not isinstance(raw_list, list):
        raise ValidationError(kind_name, _("is not a list of records"))
    parsed: list[tuple[str, AnyRecord]] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_list):
        label = _label(kind_name, index, raw)
        try:
            # record_from_dict is generic over a constrained type variable, as Store.all is.
            record = cast(AnyRecord, record_from_dict(cast(type[Forum], kind), raw))
        except ValidationError as error:
            raise error.in_record(label) from None
        _only_once(seen, record.id, label, "id", N_("is also the id of {other}"))
        parsed.append((label, record))
    return parsed


def _check_references(parsed: Mapping[type[AnyRecord], Sequence[tuple[str, AnyRecord]]]) -> None:
    forums = {r.id for _label, r in parsed.get(Forum, ())}
    no_forum = _("names a forum that is not in the document")
    for label, forum in _rows(parsed, Forum):
        _must_name(label, "escalates_to_id", forum.escalates_to_id, forums, no_forum)
    partners = {r.id for _label, r in parsed.get(Partner, ())}
    people = [(label, r) for label, r in parsed.get(Representative, ()) if isinstance(r, Representative)]
    seats = [(label, r) for label, r in parsed.get(Membership, ()) if isinstance(r, Membership)]
    missing_partner = _("names a partner that is not in the document")
    for label, person in people:
        if person.partner_id not in partners:
            raise ValidationError("partner_id", missing_partner, record=label)
    representatives = {person.id: person for _label, person in people}
    taken: dict[tuple[str, str], str] = {}
    for label, membership in seats:
        if membership.forum_id not in forums:
            raise ValidationError("forum_id", _("names a forum that is not in the document"), record=label)
        if membership.partner_id not in partners:
            raise ValidationError("partner_id", missing_partner, record=label)
        seat = (membership.forum_id, membership.partner_id)
        _only_once(
            taken, seat, label, "partner_id", N_("this partner already has a seat on this forum in {other}")
        )
        main = membership.main_representative_id
        # validate_membership would report a missing main representative under "substitute_ids"; name the
        # field the user has to fix.
        if main and main not in representatives:
            raise ValidationError(
                "main_representative_id", _("names a representative who is not in the document"), record=label
            )
        if main and representatives[main].partner_id != membership.partner_id:
            raise ValidationError(
                "main_representative_id",
                _("{name} does not represent this partner").format(name=representatives[main].name),
                record=label,
            )
        try:
            validate_membership(membership, representatives)
        except ValidationError as error:
            raise error.in_record(label) from None
    _check_meeting_references(parsed, forums, partners, representatives)
    _check_figure_references(parsed, forums, partners)


K = TypeVar("K", bound=AnyRecord)
Parsed = Mapping[type[AnyRecord], Sequence[tuple[str, AnyRecord]]]


def _rows(parsed: Parsed, kind: type[K]) -> list[tuple[str, K]]:
    return [(label, r) for label, r in parsed.get(kind, ()) if isinstance(r, kind)]


H = TypeVar("H", bound=Hashable)


def _only_once(first: dict[H, str], key: H, label: str, field: str, message: str) -> None:
    """Refuse the record ``label`` when a record before it (``first``: the label of the first record with each
    key) has the same ``key``; ``message`` (marked with ``N_``) names that first record as ``{other}``."""
    if key in first:
        raise ValidationError(field, _(message).format(other=first[key]), record=label)
    first[key] = label


def _must_name(
    label: str, field: str, value: str | None, known: Iterable[str] | Mapping[str, Any], what: str
) -> None:
    """Refuse ``value`` in ``field`` of the record ``label`` unless it is one of ``known`` (None is allowed)."""
    if value is not None and value not in known:
        raise ValidationError(field, what, record=label)


def _check_meeting_references(
    parsed: Parsed, forums: set[str], partners: set[str], representatives: Mapping[str, Representative]
) -> None:
    """Meetings, their agendas, rolls, decisions, positions and speakers point at records in the document."""
    no_forum = _("names a forum that is not in the document")
    no_partner = _("names a partner that is not in the document")
    no_person = _("names a representative who is not in the document")
    no_meeting = _("names a meeting that is not in the document")
    no_item = _("names an agenda item that is not in the document")
    no_decision = _("names a decision that is not in the document")

    for label, usual in _rows(parsed, UsualItem):
        _must_name(label, "forum_id", usual.forum_id, forums, no_forum)
        _must_name(label, "presenter_partner_id", usual.presenter_partner_id, partners, no_partner)
        for partner_id in usual.restricted_to:
            _must_name(label, "restricted_to", partner_id, partners, no_partner)
    meetings = set()
    for label, meeting in _rows(parsed, Meeting):
        _must_name(label, "forum_id", meeting.forum_id, forums, no_forum)
        meetings.add(meeting.id)
    items = set()
    for label, item in _rows(parsed, AgendaItem):
        _must_name(label, "meeting_id", item.meeting_id, meetings, no_meeting)
        _must_name(label, "presenter_partner_id", item.presenter_partner_id, partners, no_partner)
        _must_name(label, "presenter_id", item.presenter_id, representatives, no_person)
        for partner_id in item.restricted_to:
            _must_name(label, "restricted_to", partner_id, partners, no_partner)
        items.add(item.id)
    _check_roll(_rows(parsed, Attendance), meetings, partners, representatives)
    decided: dict[str, str] = {}
    for label, decision in _rows(parsed, Decision):
        _must_name(label, "item_id", decision.item_id, items, no_item)
        _only_once(
            decided, decision.item_id, label, "item_id", N_("this item already has a decision in {other}")
        )
    decisions = {d.id for _label, d in _rows(parsed, Decision)}
    voiced: dict[tuple[str, str], str] = {}
    for label, position in _rows(parsed, Position):
        _must_name(label, "decision_id", position.decision_id, decisions, no_decision)
        _must_name(label, "partner_id", position.partner_id, partners, no_partner)
        key = (position.decision_id, position.partner_id)
        again = N_("this partner already has a position on this decision in {other}")
        _only_once(voiced, key, label, "partner_id", again)
    for label, turn in _rows(parsed, SpeakerTurn):
        _must_name(label, "item_id", turn.item_id, items, no_item)
        _must_name(label, "partner_id", turn.partner_id, partners, no_partner)


def _check_figure_references(parsed: Parsed, forums: set[str], partners: set[str]) -> None:
    """Street figures name their forum and partner; readings their figure and meeting (one per meeting); targets
    their figure and the decision that agreed them."""
    figures = set()
    for label, figure in _rows(parsed, TrackedFigure):
        _must_name(label, "forum_id", figure.forum_id, forums, _("names a forum that is not in the document"))
        _must_name(
            label, "partner_id", figure.partner_id, partners, _("names a partner that is not in the document")
        )
        figures.add(figure.id)
    no_figure = _("names a figure that is not in the document")
    no_meeting = _("names a meeting that is not in the document")
    meetings = {m.id for _label, m in _rows(parsed, Meeting)}
    reported: dict[tuple[str, str], str] = {}
    for label, reading in _rows(parsed, FigureReading):
        _must_name(label, "figure_id", reading.figure_id, figures, no_figure)
        _must_name(label, "meeting_id", reading.meeting_id, meetings, no_meeting)
        if reading.meeting_id is not None:
            key = (reading.meeting_id, reading.figure_id)
            again = N_("this figure was already reported at this meeting in {other}")
            _only_once(reported, key, label, "figure_id", again)
    by_figure: dict[str, list[tuple[str, FigureReading]]] = {}
    for label, reading in _rows(parsed, FigureReading):
        by_figure.setdefault(reading.figure_id, []).append((label, reading))
    for readings in by_figure.values():  # no day is counted twice
        readings.sort(key=lambda lr: lr[1].covers_from)
        for (earlier, first), (label, second) in itertools.pairwise(readings):
            if second.covers_from <= first.covers_to:
                raise ValidationError(
                    "covers_from",
                    _("these days are already counted in {other}").format(other=earlier),
                    record=label,
                )
    decisions = {d.id for _label, d in _rows(parsed, Decision)}
    no_decision = _("names a decision that is not in the document")
    for label, target in _rows(parsed, FigureTarget):
        _must_name(label, "figure_id", target.figure_id, figures, no_figure)
        _must_name(label, "decision_id", target.decision_id, decisions, no_decision)


def _check_roll(
    lines: Sequence[tuple[str, Attendance]],
    meetings: set[str],
    partners: set[str],
    representatives: Mapping[str, Representative],
) -> None:
    """Each roll line names a meeting, partner and people in the document; a person is on a roll once."""
    no_person = _("names a representative who is not in the document")
    on_roll: dict[tuple[str, str], str] = {}
    for label, line in lines:
        _must_name(
            label, "meeting_id", line.meeting_id, meetings, _("names a meeting that is not in the document")
        )
        _must_name(
            label, "partner_id", line.partner_id, partners, _("names a partner that is not in the document")
        )
        for field, person_id in (
            ("representative_id", line.representative_id),
            ("substitute_for_id", line.substitute_for_id),
        ):
            _must_name(label, field, person_id, representatives, no_person)
            person = representatives.get(person_id or "")
            if person is not None and line.partner_id and person.partner_id != line.partner_id:
                raise ValidationError(
                    field, _("{name} does not represent this partner").format(name=person.name), record=label
                )
        if line.representative_id:
            seat = (line.meeting_id, line.representative_id)
            again = N_("this person is already on the roll of this meeting in {other}")
            _only_once(on_roll, seat, label, "representative_id", again)


# --- every reference of every list, and the operations' own rules ------------------------------------------------

#: Fields that name another record of the document, by kind of record: ``(field, kind named)``. A tuple field
#: names one record per element. The lists checked above (standing records and meetings) are checked again
#: here only where they were not; every kind is covered, so that no reference reaches SQLite unchecked.
REFERENCES: dict[type[AnyRecord], tuple[tuple[str, type[AnyRecord]], ...]] = {
    Meeting: (("chair_id", Representative), ("minute_taker_id", Representative)),
    MinutesRecord: (("meeting_id", Meeting), ("circulated_to", Partner), ("approved_at_meeting_id", Meeting)),
    Correction: (("meeting_id", Meeting), ("recorded_at_meeting_id", Meeting), ("restricted_to", Partner)),
    Action: (
        ("forum_id", Forum),
        ("owner_partner_id", Partner),
        ("owner_person_id", Representative),
        ("restricted_to", Partner),
        ("origin_meeting_id", Meeting),
        ("origin_item_id", AgendaItem),
        ("waits_for", Action),
    ),
    ActionReview: (("meeting_id", Meeting), ("item_id", AgendaItem), ("action_id", Action)),
    ActionOverride: (("action_id", Action), ("waiting_for", Action), ("meeting_id", Meeting)),
    ActionUpdate: (("action_id", Action), ("meeting_id", Meeting)),
    Escalation: (
        ("from_forum_id", Forum),
        ("to_forum_id", Forum),
        ("raised_at_meeting_id", Meeting),
        ("answered_at_meeting_id", Meeting),
    ),
    EscalationReview: (("meeting_id", Meeting), ("item_id", AgendaItem), ("escalation_id", Escalation)),
    Conflict: (
        ("forum_id", Forum),
        ("raised_by_partner_id", Partner),
        ("partners_involved", Partner),
        ("restricted_to", Partner),
    ),
    ConflictStep: (("conflict_id", Conflict), ("meeting_id", Meeting)),
    Notice: (
        ("partner_id", Partner),
        ("affected_partners", Partner),
        ("affected_forums", Forum),
        ("restricted_to", Partner),
    ),
    NoticeResponse: (("notice_id", Notice), ("partner_id", Partner)),
    Tabling: (("meeting_id", Meeting), ("item_id", AgendaItem)),
    Leaflet: (("meeting_id", Meeting), ("left_out_item_ids", AgendaItem), ("logo_ids", StoredFile)),
    Paper: (("item_id", AgendaItem), ("file_id", StoredFile)),
    Circulation: (("meeting_id", Meeting),),
    CirculatedCopy: (("circulation_id", Circulation), ("partner_id", Partner), ("papers", StoredFile)),
}
#: Fields that name a record of any kind, with the field that says which kind (a kind name of ``KINDS``).
SUBJECTS: dict[type[AnyRecord], tuple[str, str]] = {
    Escalation: ("subject_kind", "subject_id"),
    Tabling: ("subject_kind", "subject_id"),
    ContentTranslation: ("record_kind", "record_id"),
}
#: Fields whose values together may belong to one record of a kind only (a meeting has one minutes record).
UNIQUE: dict[type[AnyRecord], tuple[str, ...]] = {
    MinutesRecord: ("meeting_id",),
    Leaflet: ("meeting_id",),
    NoticeResponse: ("notice_id", "partner_id"),
    ContentTranslation: ("record_kind", "record_id", "field", "language"),
}


def _named(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def _check_every_reference(parsed: Parsed) -> None:
    """Every reference of ``REFERENCES`` and ``SUBJECTS`` names a record of the document; ``UNIQUE`` holds."""
    ids = {kind: {r.id for _label, r in rows} for kind, rows in parsed.items()}
    for kind, fields in REFERENCES.items():
        for label, record in parsed.get(kind, ()):
            for field, target in fields:
                for value in _named(getattr(record, field)):
                    if value not in ids.get(target, set()):
                        raise ValidationError(
                            field,
                            _("names a record of “{kind}” that is not in the document").format(
                                kind=KIND_NAMES[target]
                            ),
                            record=label,
                        )
    for kind, (kind_field, id_field) in SUBJECTS.items():
        for label, record in parsed.get(kind, ()):
            subject_kind = KINDS.get(getattr(record, kind_field))
            if subject_kind is None:
                raise ValidationError(kind_field, _("is not a kind of record"), record=label)
            if getattr(record, id_field) not in ids.get(subject_kind, set()):
                raise ValidationError(
                    id_field,
                    _("names a record of “{kind}” that is not in the document").format(
                        kind=getattr(record, kind_field)
                    ),
                    record=label,
                )
    for kind, key_fields in UNIQUE.items():
        seen: dict[tuple[object, ...], str] = {}
        for label, record in parsed.get(kind, ()):
            key = tuple(getattr(record, f) for f in key_fields)
            _only_once(
                seen, key, label, key_fields[0], N_("is the same as in {other}, and may be there only once")
            )


class _DocumentStore:
    """The parsed document as a read-only ``Store``, so that the operations' own checks can run on it."""

    def __init__(self, parsed: Parsed, leave_out: AnyRecord | None = None) -> None:
        self._parsed = parsed
        self._leave_out = leave_out
        self._by_id: dict[type[AnyRecord], dict[str, AnyRecord]] = {
            kind: {r.id: r for _label, r in rows if r is not leave_out} for kind, rows in parsed.items()
        }

    def without(self, record: AnyRecord) -> _DocumentStore:
        """The same document without ``record`` (an operation that creates it must not find it already)."""
        return _DocumentStore(self._parsed, record)

    def atomic(self) -> AbstractContextManager[None]:
        raise TypeError("a document being checked is never written")  # a programming error

    def find(self, kind: type[R], record_id: str) -> R | None:
        return cast(R | None, self._by_id.get(kind, {}).get(record_id))

    def get(self, kind: type[R], record_id: str) -> R:
        found = self.find(kind, record_id)
        if found is None:
            raise ValidationError(
                "id",
                _("names a record of “{kind}” that is not in the document").format(kind=KIND_NAMES[kind]),
            )
        return found

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        records = cast(list[R], list(self._by_id.get(kind, {}).values()))
        return records if include_archived else [r for r in records if not r.archived]

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        return [
            r
            for r in self.all(kind, include_archived=include_archived)
            if all(getattr(r, f) == v for f, v in equals.items())
        ]

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        rows = [record_to_dict(r) for r in self.where(kind, equals or {})]
        return [tuple(row[f] for f in fields) for row in rows]

    def put(self, record: AnyRecord) -> None:
        raise TypeError("a document being checked is never written")  # a programming error

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        raise TypeError("a document being checked is never written")  # a programming error


def _check_with_operations(parsed: Parsed) -> None:
    """Run the operations that make these records in the window, on the document itself: whatever they refuse
    (an action waiting for itself, a person acting for another partner, an answer from a partner the notice
    does not affect, a leaflet for a meeting that is not public...) is refused here in the same words."""
    store = _DocumentStore(parsed)
    checks: list[tuple[type[AnyRecord], Callable[[_DocumentStore, Any], object]]] = [
        (Action, save_action),
        (Conflict, raise_conflict),
        (Notice, give_notice),
        (
            NoticeResponse,
            lambda s, r: respond(s, r.notice_id, r.partner_id, kind=r.kind, text=r.text, on=r.on),
        ),
        (Leaflet, save_leaflet),
        (Paper, check_paper),
        (
            ActionUpdate,
            lambda s, u: record_update(
                s,
                u.action_id,
                u.meeting_id,
                u.note,
                new_status=u.new_status,
                new_due=u.new_due,
                today=clock.today(),
            ),
        ),
        (
            Escalation,
            lambda s, e: escalate(
                s.without(e) if e.status is EscalationStatus.OPEN else s,
                subject_kind=e.subject_kind,
                subject_id=e.subject_id,
                subject_title=e.subject_title,
                from_forum_id=e.from_forum_id,
                to_forum_id=e.to_forum_id,
                reason=e.reason,
                today=e.raised_on,
                at_meeting_id=e.raised_at_meeting_id,
            ),
        ),
    ]
    for kind, operation in checks:
        for label, record in parsed.get(kind, ()):
            try:
                operation(store, record)
            except ValidationError as error:
                raise error.in_record(label) from None
            except KnownError as error:  # e.g. a leaflet for a meeting that is not public
                raise ValidationError("", error.message, record=label) from None


def _without_paths(raw_list: object) -> object:
    """Leaflets of version 2 named their logos by paths on the computer that made them. A path is never
    followed (it could print any file of this computer on a public leaflet): an empty list is dropped, a path
    is refused in words."""
    if not isinstance(raw_list, list):
        return raw_list
    kept = []
    for index, raw in enumerate(raw_list):
        if isinstance(raw, dict) and "logo_paths" in raw:
            if raw["logo_paths"]:
                raise ValidationError(
                    "logo_paths",
                    _(
                        "names image files on another computer; they are not read. Remove logo_paths from "
                        "the document, import it, and add the logos again in the window."
                    ),
                    record=_label("leaflets", index, raw),
                )
            kept.append({k: v for k, v in raw.items() if k != "logo_paths"})
            continue
        kept.append(raw)
    return kept


def parse_document(data: object) -> RecordsByKind:
    """Check a whole document and return its records by kind; raise ``ValidationError`` naming what is wrong.

    Checked, in order: the format marker and version (a newer version is refused), that there are no unknown
    top-level keys, every field of every record, duplicate ids within a kind, and every reference between
    records (a representative's partner; a membership's forum, partner and representatives, who must represent
    that partner; a usual item's forum; a meeting's forum; an agenda item's meeting; a roll line's meeting,
    partner and people; a decision's item, one per item; a position's decision and partner, one per partner;
    a speaker's item and partner; presenters and the partners an item is restricted to; a street figure's forum
    and partner, a reading's figure and meeting, readings of a figure that count a day twice, a target's figure
    and decision). The error names the
    record (``partners[3] (Police Service)``) and the field. Nothing is returned unless everything is right. A
    list of records missing from the document counts as empty, so that documents of older versions without a
    later kind (version 1 had no meetings) can still be read. A document older than version 3 is then upgraded
    as an older file is (``facilitator.upgrade``), and the operations' own rules are checked on what will be
    written.
    """
    document = _check_header(data)
    parsed: dict[type[AnyRecord], list[tuple[str, AnyRecord]]] = {}
    for kind_name, kind in KINDS.items():
        raw = document.get(kind_name, [])
        if kind is Leaflet:
            raw = _without_paths(raw)
        parsed[kind] = _parse_kind(kind_name, kind, raw)
    _check_references(parsed)
    _check_every_reference(parsed)
    if document["version"] < 3:
        parsed = _upgraded(parsed)
    _check_with_operations(parsed)
    return {kind: [record for _label, record in rows] for kind, rows in parsed.items()}


def _upgraded(parsed: Parsed) -> dict[type[AnyRecord], list[tuple[str, AnyRecord]]]:
    """A document of an older version as this version keeps its records (``facilitator.upgrade``, as an older
    file is upgraded), each record still named as the document names it; records the upgrade adds (a forum's
    standing items) are named by their kind and id."""
    labels = {(kind, record.id): label for kind, rows in parsed.items() for label, record in rows}
    upgraded = upgrade_records({kind: [record for _label, record in rows] for kind, rows in parsed.items()})
    return {
        kind: [(labels.get((kind, r.id)) or f"{KIND_NAMES[kind]} ({r.id})", r) for r in rows]
        for kind, rows in upgraded.items()
    }


def is_empty(store: Store) -> bool:
    """Whether the partnership holds no records at all, archived ones included."""
    return all(_every(store, kind) == [] for kind in KINDS.values())


def load_document(store: Store, records_by_kind: Mapping[type[AnyRecord], Sequence[AnyRecord]]) -> int:
    """Write the records of a parsed document into an empty partnership in one transaction; return how many.

    ``records_by_kind`` comes from ``parse_document``. Records are written kind by kind in ``records.KINDS``
    order, so that every reference points at a record already written. Raises ``KnownError`` when the
    partnership already holds records: an import never merges, so nothing can be overwritten or doubled.
    """
    if not is_empty(store):
        raise KnownError(
            _("This partnership file already holds records, so nothing was imported."),
            hint=_("Import into a new partnership file, or into one that is still empty."),
        )
    count = 0
    with store.atomic():
        for kind in KINDS.values():
            for record in records_by_kind.get(kind, ()):
                store.put(record)
                count += 1
        # Minutes approved in an older version get the snapshot they print from (``approval``).
        freeze_older_approvals(store).apply(store)
    return count
