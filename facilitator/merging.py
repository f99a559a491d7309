"""The rules of merging copies of a partnership, in the core: which value stands, and which rules a merge checks.

The replicated document (``facilitator.storage.exchange``) keeps every value written to a field that no later
write on any laptop has replaced: its *heads*. One head is the usual case. Two or more mean the field was edited on
two laptops before they exchanged; then ``standing`` says which value stands, by a stated rule, and the others are
kept for the coordinator to confirm or change:

1. a value written when minutes were approved (it restates the approved record) stands over any other;
2. otherwise the value written last stands, by the laptop's clock when it was written;
3. on the same moment, the laptop whose name comes first in alphabetical order, then the write's own stamp.

``updated`` never conflicts: the latest stands.

After a merge, every record it changed is checked by the core's own rules (``check_merged``): the record's
validator (``records.record_from_dict``), every edit guard (``operations.EDIT_GUARDS``: approved minutes are
locked there) and the rules between records listed in ``RECORD_RULES`` (no cycle of prerequisites, one seat per
partner on a forum and its main representative one of its own people, ...). A merged change that breaks a rule
gives way: the record keeps its earlier value (or is not created), and what gave way is kept as a conflict to
confirm or change. Approved minutes must still match their checksum (``approved_minutes_changed``).

Registers add their rules here: ``RECORD_RULES[kind]`` for a rule between records, ``LOCKS`` for a change that
freezes other records (as an approval freezes its meeting's record).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from facilitator.actions import Action, _check_no_cycle
from facilitator.approval import (
    MinutesRecord,
    MinutesStatus,
    _meeting_of,
    meeting_record,
    minutes_status,
    verify_minutes,
)
from facilitator.entities import AnyRecord, Forum, Membership, Partner, Representative, validate_membership
from facilitator.errors import KnownError, ValidationError
from facilitator.i18n import _
from facilitator.meetings import AgendaItem, Attendance, Decision, Meeting, Position
from facilitator.operations import EDIT_GUARDS, Edit
from facilitator.records import KIND_NAMES, record_from_dict, record_to_dict
from facilitator.store import Store

#: Fields that are stamped on every write: the latest value stands and two of them are never a conflict.
STAMP_FIELDS = frozenset({"updated"})
#: The pseudo-field that says whether a record exists (true) or was removed (false).
EXISTS = "~"


class Head(Protocol):
    """A value written to a field that no later write has replaced (see ``storage.exchange_doc.Write``)."""

    @property
    def value(self) -> Any: ...
    @property
    def at(self) -> str: ...
    @property
    def laptop(self) -> str: ...
    @property
    def stamp(self) -> str: ...
    @property
    def lock(self) -> bool: ...


H = TypeVar("H", bound=Head)


def standing(field: str, heads: Sequence[H]) -> list[H]:
    """The heads of a field, the one whose value stands first (the rule in this module's docstring)."""
    if len(heads) < 2:
        return list(heads)
    # Stable sorts, the weakest tie-break first.
    ordered = sorted(heads, key=lambda h: (h.laptop, h.stamp))
    if field in STAMP_FIELDS:
        return sorted(ordered, key=lambda h: str(h.value), reverse=True)
    ordered.sort(key=lambda h: h.at, reverse=True)
    ordered.sort(key=lambda h: not h.lock)
    return ordered


def same_value(a: Any, b: Any) -> bool:
    """Whether two plain values are the same (lists and objects compared as JSON)."""
    return bool(json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True))


# --- rules between records --------------------------------------------------------------------------------------

RecordRule = Callable[[Store, Any], None]
#: Rules a record must keep with the records around it, by kind: each raises ``KnownError`` when the record, as the
#: store now holds it, breaks the rule. Operations enforce these before an edit; a merge checks them after.
RECORD_RULES: dict[type[AnyRecord], list[RecordRule]] = {}


def _no_cycle(store: Store, action: Action) -> None:
    _check_no_cycle(store, action)


def _one_seat(store: Store, membership: Membership) -> None:
    store.get(Forum, membership.forum_id)
    store.get(Partner, membership.partner_id)
    if membership.archived:
        return
    for other in store.where(
        Membership, {"forum_id": membership.forum_id, "partner_id": membership.partner_id}
    ):
        if other.id != membership.id:
            raise ValidationError("partner_id", _("this partner already has a seat on this forum"))
    people = {r.id: r for r in store.all(Representative, include_archived=True)}
    validate_membership(membership, people)


def _has_partner(store: Store, person: Representative) -> None:
    if store.find(Partner, person.partner_id) is None:
        raise ValidationError("partner_id", _("the partner does not exist"))


RECORD_RULES[Action] = [_no_cycle]
RECORD_RULES[Membership] = [_one_seat]
RECORD_RULES[Representative] = [_has_partner]


def check_record(
    store: Store, before: AnyRecord | None, after: AnyRecord, *, guards: bool = True
) -> str | None:
    """Why ``after``, as merged into ``store``, breaks a rule of the core (None when it keeps them all).

    ``before`` is the record as it was before the merge (None when the merge creates it). Runs the record's
    validator, every edit guard on the change (unless ``guards`` is false: the edit already passed them) and the
    kind's ``RECORD_RULES``.
    """
    try:
        record_from_dict(type(after), record_to_dict(after))
        edit = Edit("", ((before, after),))
        for guard in EDIT_GUARDS if guards else ():
            guard(store, edit)
        for rule in RECORD_RULES.get(type(after), ()):
            rule(store, after)
    except KnownError as error:
        return error.message
    return None


# --- approved minutes ---------------------------------------------------------------------------------------------


def meeting_of(store: Store, record: AnyRecord) -> str | None:
    """The meeting whose record ``record`` is part of, if any (approved minutes lock it)."""
    if isinstance(record, MinutesRecord):
        return record.meeting_id
    return _meeting_of(store, record)


def approved_minutes_changed(store: Store, meeting_ids: Iterable[str]) -> list[str]:
    """Of ``meeting_ids``, the meetings whose approved minutes no longer match their checksum."""
    changed = []
    for meeting_id in sorted(set(meeting_ids)):
        if store.find(Meeting, meeting_id) is None:
            continue
        if minutes_status(store, meeting_id) is MinutesStatus.APPROVED and not verify_minutes(
            store, meeting_id
        ):
            changed.append(meeting_id)
    return changed


Lock = Callable[[Store, AnyRecord], list[AnyRecord]]
#: Changes that freeze other records: each returns the records ``record`` freezes (none for most records). A merge
#: lets the frozen values written with such a change stand over any other (rule 1 of ``standing``).
LOCKS: list[Lock] = []


def _approval_locks(store: Store, record: AnyRecord) -> list[AnyRecord]:
    if not isinstance(record, MinutesRecord) or record.status is not MinutesStatus.APPROVED:
        return []
    whole = json.loads(meeting_record(store, record.meeting_id))
    found: list[AnyRecord] = [store.get(Meeting, record.meeting_id)]
    for entry in whole["items"]:
        found.append(store.get(AgendaItem, entry["item"]["id"]))
        if "decision" in entry:
            found.append(store.get(Decision, entry["decision"]["id"]))
            found.extend(store.get(Position, p["id"]) for p in entry["positions"])
    found.extend(store.get(Attendance, a["id"]) for a in whole["attendance"])
    return found


LOCKS.append(_approval_locks)


def locked_by(store: Store, record: AnyRecord) -> list[AnyRecord]:
    """Every record the change to ``record`` freezes (see ``LOCKS``)."""
    return [locked for lock in LOCKS for locked in lock(store, record)]


# --- what a merge reports ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GaveWay:
    """A merged change that gave way to a rule of the core, with the rule's words."""

    kind: str
    record_id: str
    field: str  # EXISTS when the record was not created or not removed
    reason: str


def kind_name(record: AnyRecord) -> str:
    """The name of ``record``'s kind, as tables and the JSON document use it."""
    return KIND_NAMES[type(record)]


def describe_record(record: AnyRecord | None) -> str:
    """A short name for a record in reports: its name, title or text when it has one."""
    if record is None:
        return ""
    for attribute in ("name", "title", "headline", "text", "note"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value.strip():
            flat = " ".join(value.split())
            return flat if len(flat) <= 60 else flat[:59] + "…"
    return record.id
