"""Bulk changes from outside: records in the partnership document's format, applied through the core's operations.

A changes document looks like the JSON export (``docs/json-format.md``): the header, then lists of records by kind.
A record whose ``id`` is already in the partnership changes only the fields it lists; any other record is new
(its ``id``, ``created`` and ``updated`` may be left out and are then made here). Every record goes through the
same checks as in the window: the kind's named operation where there is one (``save_partner``, ``save_action``...),
the record's validator, the edit guards (approved minutes are locked), the rules between records
(``merging.RECORD_RULES``) and the audit trail; all in one transaction, so one wrong record changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from facilitator.actions import Action, save_action
from facilitator.document import _check_header
from facilitator.entities import AnyRecord, Forum, Partner, Representative, new_id, now, touched
from facilitator.errors import ValidationError
from facilitator.i18n import _, ngettext
from facilitator.merging import check_record, describe_record, same_value
from facilitator.operations import Edit, save_forum, save_partner, save_representative
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.store import Store

#: The window's named operation for kinds that have one; other kinds are checked by their validator and rules.
SAVE_OPERATIONS: dict[type[AnyRecord], Callable[[Store, Any], Edit]] = {
    Forum: save_forum,
    Partner: save_partner,
    Representative: save_representative,
    Action: save_action,
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


def apply_changes(store: Store, document: object) -> ChangesReport:
    """Apply a changes document to ``store`` in one transaction; raise ``ValidationError`` naming the record."""
    data = _check_header(document)
    report = ChangesReport()
    with store.atomic():
        for name, kind in KINDS.items():
            rows = data.get(name, [])
            if not isinstance(rows, list):
                raise ValidationError(name, _("is not a list of records"))
            for index, raw in enumerate(rows):
                label = f"{name}[{index}]"
                try:
                    _apply_one(store, name, kind, raw, report)
                except ValidationError as error:
                    raise error.in_record(label) from None
    return report


def _apply_one(store: Store, name: str, kind: type[AnyRecord], raw: object, report: ChangesReport) -> None:
    if not isinstance(raw, dict):
        raise ValidationError("", _("is not a record"))
    record_id = raw.get("id")
    existing = store.find(cast(type[Forum], kind), record_id) if isinstance(record_id, str) else None
    if existing is not None:
        known = {f.name for f in dataclasses.fields(kind)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValidationError(unknown[0], _("is not a field of this kind of record"))
        old = record_to_dict(existing)
        fields = [f for f in raw if f not in ("id", "created", "updated") and not same_value(old[f], raw[f])]
        if not fields:
            report.unchanged += 1
            return
        record = record_from_dict(kind, {**old, **{f: raw[f] for f in fields}})
    else:
        moment = now().isoformat()
        made = {"created": moment, "updated": moment, **raw}
        if not isinstance(record_id, str) or not record_id:
            made["id"] = new_id()
        record = record_from_dict(kind, made)
        fields = []
    edit = _edit(store, kind, existing, record)
    edit.apply(store)
    after = next(a for _b, a in reversed(edit.steps) if a is not None and a.id == record.id)
    reason = check_record(store, existing, after, guards=False)
    if reason:
        raise ValidationError(fields[0] if fields else "id", reason)
    what = f"{name} {describe_record(after)} ({after.id})"
    if existing is None:
        report.created.append(what)
    else:
        report.changed.append(f"{what}: {', '.join(fields)}")


def _edit(store: Store, kind: type[AnyRecord], existing: AnyRecord | None, record: AnyRecord) -> Edit:
    operation = SAVE_OPERATIONS.get(kind)
    if operation is not None:
        return operation(store, record)
    after = (
        touched(record) if existing is None else touched(replace(cast(Any, record), created=existing.created))
    )
    text = _("Apply changes from a file")
    return Edit(text, ((existing, after),))
