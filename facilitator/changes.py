"""Bulk changes from outside: records in the partnership document's format, applied through the core's operations.

A changes document looks like the JSON export (``docs/json-format.md``): the header, then lists of records by kind.
A record whose ``id`` is already in the partnership changes only the fields it lists; any other record is new
(its ``id``, ``created`` and ``updated`` may be left out and are then made here).

Everything an import checks is checked first, by the import's own code: the partnership as it would be after
the changes is checked as a whole document (``document.parse_document``: every field, every reference of the
declared reference table, one record where one is allowed, and the operations' own rules run on it), so a change
that an import would refuse is refused in the same words. Then every record goes through the window's path: the
kind's named operation where there is one (``save_partner``, ``save_action``...), the edit guards (approved
minutes are locked), the rules between records (``rules.RECORD_RULES``: an action started before what it waits
for needs an override, a position only from a partner present...) and the audit trail; all in one
transaction, so one wrong record changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from facilitator.actions import Action, save_action
from facilitator.document import _check_header, _label, build_document, parse_document
from facilitator.entities import AnyRecord, Forum, Partner, Representative, new_id, now, touched
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import _, ngettext
from facilitator.merging import check_record, describe_record, same_value
from facilitator.operations import Edit, save_forum, save_partner, save_representative
from facilitator.profile import Profile, save_profile
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.store import Store

#: The window's named operation for kinds that have one; other kinds are checked by the import's checks, their
#: validator and the rules between records.
SAVE_OPERATIONS: dict[type[AnyRecord], Callable[[Store, Any], Edit]] = {
    Forum: save_forum,
    Partner: save_partner,
    Representative: save_representative,
    Action: save_action,
    Profile: save_profile,
}


@dataclass
class ChangesReport:
    """What a changes document did, line by line."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        """The report in plain words."""
        lines = [
            ngettext("{count} record created:", "{count} records created:", len(self.created)).format(
                count=len(self.created)
            ),
            *(f"  + {line}" for line in self.created),
            ngettext("{count} record changed:", "{count} records changed:", len(self.changed)).format(
                count=len(self.changed)
            ),
            *(f"  ~ {line}" for line in self.changed),
        ]
        if self.unchanged:
            lines.append(
                ngettext(
                    "{count} record was already as given.",
                    "{count} records were already as given.",
                    self.unchanged,
                ).format(count=self.unchanged)
            )
        return lines


@frozen
class _Change:
    """One record of a changes document, read: the record as it stands here (None: new) and as it will be."""

    name: str
    label: str  # how the changes document names it: ``partners[0] (Night shelter)``
    existing: AnyRecord | None
    record: AnyRecord
    fields: tuple[str, ...]  # the fields it changes (empty for a new record)


def apply_changes(store: Store, document: object) -> ChangesReport:
    """Apply a changes document to ``store`` in one transaction; raise ``ValidationError`` naming the record."""
    data = _check_header(document)
    report = ChangesReport()
    changes: list[_Change] = []
    for name, kind in KINDS.items():
        rows = data.get(name, [])
        if not isinstance(rows, list):
            raise ValidationError(name, _("is not a list of records"))
        for index, raw in enumerate(rows):
            label = _label(name, index, raw)
            try:
                change = _read(store, name, kind, label, raw)
            except ValidationError as error:
                raise error.in_record(label) from None
            if change is None:
                report.unchanged += 1
            else:
                changes.append(change)
    if not changes:
        return report
    _check_as_an_import(store, changes)
    with store.atomic():
        for change in changes:
            try:
                _apply(store, change, report)
            except ValidationError as error:
                raise error.in_record(change.label) from None
    return report


def _read(store: Store, name: str, kind: type[AnyRecord], label: str, raw: object) -> _Change | None:
    """The record ``raw`` makes or changes (None when it is already as given)."""
    if not isinstance(raw, dict):
        raise ValidationError("", _("is not a record"))
    record_id = raw.get("id")
    existing = store.find(cast(type[Forum], kind), record_id) if isinstance(record_id, str) else None
    if existing is None:
        moment = now().isoformat()
        made = {"created": moment, "updated": moment, **raw}
        if not isinstance(record_id, str) or not record_id:
            made["id"] = new_id()
        return _Change(name, label, None, record_from_dict(kind, made), ())
    known = {f.name for f in dataclasses.fields(kind)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValidationError(unknown[0], _("is not a field of this kind of record"))
    old = record_to_dict(existing)
    fields = tuple(f for f in raw if f not in ("id", "created", "updated") and not same_value(old[f], raw[f]))
    if not fields:
        return None
    record = record_from_dict(kind, {**old, **{f: raw[f] for f in fields}})
    return _Change(name, label, existing, record, fields)


def _check_as_an_import(store: Store, changes: list[_Change]) -> None:
    """The partnership as it would be after ``changes``, checked by the import's own checks
    (``document.parse_document``); an error is told naming the record as the changes document names it, or by
    its kind and id for a record already here that the changes would break."""
    whole = build_document(store)
    told: dict[str, str] = {}
    for change in changes:
        rows: list[dict[str, Any]] = whole[change.name]
        at = next((i for i, row in enumerate(rows) if row["id"] == change.record.id), len(rows))
        rows[at:at + 1] = [record_to_dict(change.record)]
        told[_label(change.name, at, rows[at])] = change.label
    try:
        parse_document(whole)
    except ValidationError as error:
        if not error.record:
            raise
        named = told.get(error.record)
        if named is None:  # a record already here: its place in an export means nothing to the user
            kind, _sep, rest = error.record.partition("[")
            named = f"{kind} {rest.partition(']')[2].strip()}".strip()
        raise error.in_record(named) from None


def _apply(store: Store, change: _Change, report: ChangesReport) -> None:
    kind = type(change.record)
    edit = _edit(store, kind, change.existing, change.record)
    edit.apply(store)
    after = next(a for _b, a in reversed(edit.steps) if a is not None and a.id == change.record.id)
    reason = check_record(store, change.existing, after, guards=False)
    if reason:
        raise ValidationError(change.fields[0] if change.fields else "id", reason)
    what = f"{change.name} {describe_record(after)} ({after.id})"
    if change.existing is None:
        report.created.append(what)
    else:
        report.changed.append(f"{what}: {', '.join(change.fields)}")


def _edit(store: Store, kind: type[AnyRecord], existing: AnyRecord | None, record: AnyRecord) -> Edit:
    operation = SAVE_OPERATIONS.get(kind)
    if operation is not None:
        return operation(store, record)
    after = (
        touched(record) if existing is None else touched(replace(cast(Any, record), created=existing.created))
    )
    text = _("Apply changes from a file")
    return Edit(text, ((existing, after),))
