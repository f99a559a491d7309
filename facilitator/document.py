"""The whole partnership as one versioned, JSON-ready document, and back.

The document is how a partnership moves between laptops and versions of the app, and how it is backed up in a
form people can read. Every record goes in, archived ones too, with its UUID and timestamps, so that minutes
referring to an archived partner still make sense after an import. Reading is all-or-nothing: everything is
checked (each field, ids, references between records) before a single record is handed back.

This module builds and checks plain data only; reading and writing files is ``facilitator.exports.json_file``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from facilitator import __version__
from facilitator.approval import freeze_older_approvals
from facilitator.entities import (
    AnyRecord,
    Forum,
    Membership,
    Partner,
    Representative,
    now,
    validate_membership,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.i18n import _
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Position,
    SpeakerTurn,
    UsualItem,
)
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.store import Store
from facilitator.upgrade import upgrade_records

FORMAT = "partnership-facilitator"
#: Raised whenever a document may hold something an older app would not understand (a new kind of record or a
#: new field): an older app must refuse such a document rather than silently drop what it does not know.
#: Version 2 added meetings: usual items, meetings, agenda items, attendance, decisions, positions, speakers.
#: Version 3: forums' usual agendas hold their standing items, meetings not started hold no copies of what the
#: registers put before them, tabled escalations and conflicts keep their order, approved minutes their snapshot.
#: Older documents are upgraded as an older file is (``facilitator.upgrade``).
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
        if record.id in seen:
            raise ValidationError(
                "id", _("is also the id of {other}").format(other=seen[record.id]), record=label
            )
        seen[record.id] = label
        parsed.append((label, record))
    return parsed


def _check_references(parsed: Mapping[type[AnyRecord], Sequence[tuple[str, AnyRecord]]]) -> None:
    forums = {r.id for _label, r in parsed.get(Forum, ())}
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
        if seat in taken:
            raise ValidationError(
                "partner_id",
                _("this partner already has a seat on this forum in {other}").format(other=taken[seat]),
                record=label,
            )
        taken[seat] = label
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


K = TypeVar("K", bound=AnyRecord)
Parsed = Mapping[type[AnyRecord], Sequence[tuple[str, AnyRecord]]]


def _rows(parsed: Parsed, kind: type[K]) -> list[tuple[str, K]]:
    return [(label, r) for label, r in parsed.get(kind, ()) if isinstance(r, kind)]


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
        if decision.item_id in decided:
            raise ValidationError(
                "item_id",
                _("this item already has a decision in {other}").format(other=decided[decision.item_id]),
                record=label,
            )
        decided[decision.item_id] = label
    decisions = {d.id for _label, d in _rows(parsed, Decision)}
    voiced: dict[tuple[str, str], str] = {}
    for label, position in _rows(parsed, Position):
        _must_name(label, "decision_id", position.decision_id, decisions, no_decision)
        _must_name(label, "partner_id", position.partner_id, partners, no_partner)
        key = (position.decision_id, position.partner_id)
        if key in voiced:
            raise ValidationError(
                "partner_id",
                _("this partner already has a position on this decision in {other}").format(
                    other=voiced[key]
                ),
                record=label,
            )
        voiced[key] = label
    for label, turn in _rows(parsed, SpeakerTurn):
        _must_name(label, "item_id", turn.item_id, items, no_item)
        _must_name(label, "partner_id", turn.partner_id, partners, no_partner)


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
            if seat in on_roll:
                raise ValidationError(
                    "representative_id",
                    _("this person is already on the roll of this meeting in {other}").format(
                        other=on_roll[seat]
                    ),
                    record=label,
                )
            on_roll[seat] = label


def parse_document(data: object) -> RecordsByKind:
    """Check a whole document and return its records by kind; raise ``ValidationError`` naming what is wrong.

    Checked, in order: the format marker and version (a newer version is refused), that there are no unknown
    top-level keys, every field of every record, duplicate ids within a kind, and every reference between
    records (a representative's partner; a membership's forum, partner and representatives, who must represent
    that partner; a usual item's forum; a meeting's forum; an agenda item's meeting; a roll line's meeting,
    partner and people; a decision's item, one per item; a position's decision and partner, one per partner;
    a speaker's item and partner; presenters and the partners an item is restricted to). The error names the
    record (``partners[3] (Police Service)``) and the field. Nothing is returned unless everything is right. A
    list of records missing from the document counts as empty, so that documents of older versions without a
    later kind (version 1 had no meetings) can still be read.
    """
    document = _check_header(data)
    parsed: dict[type[AnyRecord], list[tuple[str, AnyRecord]]] = {}
    for kind_name, kind in KINDS.items():
        parsed[kind] = _parse_kind(kind_name, kind, document.get(kind_name, []))
    _check_references(parsed)
    records: RecordsByKind = {kind: [record for _label, record in rows] for kind, rows in parsed.items()}
    if document["version"] < 3:
        records = {kind: list(rows) for kind, rows in upgrade_records(records).items()}
    return records


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
