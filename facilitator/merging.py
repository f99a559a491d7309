"""The rules of merging copies of a partnership, in the core: which value stands, and which rules a merge checks.

The replicated document (``facilitator.storage.exchange``) keeps every value written to a field that no later
write on any laptop has replaced: its *heads*. One head is the usual case. Two or more mean the field was edited on
two laptops before they exchanged; then ``standing`` says which value stands, by a stated rule, and the others are
kept for the coordinator to confirm or change:

1. a value written when minutes were approved (it restates the approved record) stands over any other; of two
   such values (the same minutes approved on two laptops), the one written first: the minutes approved first
   stay approved as they were, their sealed snapshot with its checksum;
2. otherwise the value written last stands, by the laptop's clock when it was written;
3. on the same moment, the laptop whose name comes first in alphabetical order, then the write's own stamp.

``updated`` and ``created`` never conflict: the latest ``updated`` and the earliest ``created`` stand.

After a merge, every record it changed is checked by the core's own rules (``check_record``): the record's
validator (``records.record_from_dict``), every edit guard (``operations.check_guards``: approved minutes are
locked there) and the rules between records (``facilitator.rules.RECORD_RULES``: no cycle of prerequisites, one
seat per partner on a forum, a position only from a partner present, escalations go up, ...). A merged change that
breaks a rule gives way: the record keeps its earlier value (or is not created), and what gave way is kept as a
conflict to confirm or change. Approved minutes must still match their checksum (``approved_minutes_changed``).

The rules live here as functions; ``facilitator.rules`` lists them (``RECORD_RULES`` by kind, ``LOCKS`` for a
change that freezes other records as an approval freezes its meeting's record, ``ONE_PER_PARTNERSHIP`` for kinds
a partnership holds one of), so none depends on what was imported first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar, cast

from facilitator.actions import Action, _check_no_cycle, check_prerequisites
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
from facilitator.escalation import Escalation, check_direction
from facilitator.figure_ops import check_reading_fits, readings_of
from facilitator.figures import FigureReading, FigureTarget
from facilitator.frozen import frozen
from facilitator.i18n import _
from facilitator.meeting_ops import check_position
from facilitator.meetings import AgendaItem, Attendance, Decision, Meeting, Position
from facilitator.operations import Edit, check_guards
from facilitator.profile import Profile
from facilitator.record_fields import table_of
from facilitator.store import Store

#: Fields stamped when a record is written: two of them are never a conflict. The latest ``updated`` stands, and
#: the earliest ``created`` (two laptops make the same record when its id is derived, as what a meeting carries).
STAMP_FIELDS = frozenset({"updated", "created"})
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
        return sorted(ordered, key=lambda h: str(h.value), reverse=field != "created")
    ordered.sort(key=lambda h: h.at, reverse=True)
    locked = sorted((h for h in ordered if h.lock), key=lambda h: h.at)  # the first approval stands
    return locked + [h for h in ordered if not h.lock]


def same_value(a: Any, b: Any) -> bool:
    """Whether two plain values are the same (lists and objects compared as JSON)."""
    return bool(json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True))


# --- rules between records --------------------------------------------------------------------------------------

#: A rule a record must keep with the records around it: given the store as it now holds the record, the record
#: before the change (None: it is new) and after it, raise ``KnownError`` when the change breaks the rule. The
#: rules are listed by kind in ``facilitator.rules.RECORD_RULES``; the operations enforce them before an edit, a
#: merge (and ``apply``) checks them after.
RecordRule = Callable[[Store, Any, Any], None]


def no_cycle(store: Store, _before: Action | None, action: Action) -> None:
    """Prerequisites never lead back to the action (``save_action``'s rule)."""
    _check_no_cycle(store, action)


def prerequisites_done_or_overridden(store: Store, before: Action | None, action: Action) -> None:
    """An action started or closed before what it waits for is done has the coordinator's override for it."""
    check_prerequisites(store, before, action)


def one_seat(store: Store, _before: Membership | None, membership: Membership) -> None:
    """One seat per partner on a forum, its main representative and substitutes its own people."""
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


def has_partner(store: Store, _before: Representative | None, person: Representative) -> None:
    """A representative's partner exists."""
    if store.find(Partner, person.partner_id) is None:
        raise ValidationError("partner_id", _("the partner does not exist"))


def position_held(store: Store, _before: Position | None, position: Position) -> None:
    """A position only from a partner present when the decision was taken (``record_decision``'s rule)."""
    check_position(store, position)


def reading_fits(store: Store, _before: FigureReading | None, reading: FigureReading) -> None:
    """A street figure's reading is its forum's, fits the figure, and counts no day another reading counts
    (``record_figure``'s rules)."""
    check_reading_fits(store, reading)


def escalation_goes_up(store: Store, before: Escalation | None, escalation: Escalation) -> None:
    """An escalation sent, or sent elsewhere, goes up by tier or where its forum says (``escalate``'s rule)."""
    route = (escalation.from_forum_id, escalation.to_forum_id)
    if before is None or (before.from_forum_id, before.to_forum_id) != route:
        check_direction(store, *route)


def check_record(
    store: Store, before: AnyRecord | None, after: AnyRecord, *, guards: bool = True
) -> str | None:
    """Why ``after``, as merged into ``store``, breaks a rule of the core (None when it keeps them all).

    ``before`` is the record as it was before the merge (None when the merge creates it). Runs the record's
    validator, every edit guard on the change (unless ``guards`` is false: the edit already passed them) and the
    kind's ``RECORD_RULES``.
    """
    from facilitator.records import record_from_dict, record_to_dict  # noqa: PLC0415 - every kind, for a merge
    from facilitator.rules import RECORD_RULES  # noqa: PLC0415 - the rules list this module's functions

    try:
        record_from_dict(type(after), record_to_dict(after))
        if guards:
            check_guards(store, Edit("", ((before, after),)))
        for rule in RECORD_RULES.get(type(after), ()):
            rule(store, before, after)
    except KnownError as error:
        return error.message
    return None


def rivals_of(store: Store, record: AnyRecord) -> list[AnyRecord]:
    """Records of a kind the partnership holds one of (``rules.ONE_PER_PARTNERSHIP``) that ``record`` and they
    cannot both be: every such record but the one made first."""
    from facilitator.rules import ONE_PER_PARTNERSHIP  # noqa: PLC0415 - the rules list this module's functions

    kind = type(record)
    if kind not in ONE_PER_PARTNERSHIP:
        return []
    every = sorted(
        store.all(cast(type[Profile], kind), include_archived=True), key=lambda r: (r.created, r.id)
    )
    return cast(list[AnyRecord], every[1:])


#: Records that cannot stand together with a record, as the store holds them: they hold its place (readings of one
#: figure counting the same day). Listed by kind in ``facilitator.rules.PLACE_RIVALS``; when a merge brings such
#: records together, the one made first keeps the place and the others give way, on every laptop.
Rivals = Callable[[Store, Any], list[AnyRecord]]


def overlapping_readings(store: Store, reading: FigureReading) -> list[AnyRecord]:
    """The figure's other readings that count a day ``reading`` counts (``record_figure``'s rule)."""
    return [
        other
        for other in readings_of(store, reading.figure_id)
        if other.id != reading.id
        and other.covers_from <= reading.covers_to
        and reading.covers_from <= other.covers_to
    ]


def place_rivals(store: Store, record: AnyRecord) -> list[AnyRecord]:
    """The records holding ``record``'s place (``rules.PLACE_RIVALS``); none for most kinds."""
    from facilitator.rules import PLACE_RIVALS  # noqa: PLC0415 - the rules list this module's functions

    find = PLACE_RIVALS.get(type(record))
    return find(store, record) if find is not None else []


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


#: A change that freezes other records: returns the records ``record`` freezes (none for most records). A merge
#: lets the frozen values written with such a change stand over any other (rule 1 of ``standing``). Listed in
#: ``facilitator.rules.LOCKS``.
Lock = Callable[[Store, AnyRecord], list[AnyRecord]]


def approval_locks(store: Store, record: AnyRecord) -> list[AnyRecord]:
    """Approving minutes freezes the minutes' own state (their sealed snapshot and its checksum, taken together),
    the meeting's whole record, and the street figures reported and targets agreed there."""
    if not isinstance(record, MinutesRecord) or record.status is not MinutesStatus.APPROVED:
        return []
    whole = json.loads(meeting_record(store, record.meeting_id))
    found: list[AnyRecord] = [record, store.get(Meeting, record.meeting_id)]
    for entry in whole["items"]:
        found.append(store.get(AgendaItem, entry["item"]["id"]))
        if "decision" in entry:
            found.append(store.get(Decision, entry["decision"]["id"]))
            found.extend(store.get(Position, p["id"]) for p in entry["positions"])
    found.extend(store.get(Attendance, a["id"]) for a in whole["attendance"])
    # The street figures reported at the meeting and the targets its decisions agreed are locked with it
    # (``figure_ops.guard_figures``).
    found.extend(store.where(FigureReading, {"meeting_id": record.meeting_id}, include_archived=True))
    for decision in [d for d in found if isinstance(d, Decision)]:
        found.extend(store.where(FigureTarget, {"decision_id": decision.id}, include_archived=True))
    return found


def locked_by(store: Store, record: AnyRecord) -> list[AnyRecord]:
    """Every record the change to ``record`` freezes (see ``rules.LOCKS``)."""
    from facilitator.rules import LOCKS  # noqa: PLC0415 - the rules list this module's functions

    return [locked for lock in LOCKS for locked in lock(store, record)]


# --- what a merge reports ----------------------------------------------------------------------------------------


@frozen
class GaveWay:
    """A merged change that gave way to a rule of the core, with the rule's words."""

    kind: str
    record_id: str
    field: str  # EXISTS when the record was not created or not removed
    reason: str


def kind_name(record: AnyRecord) -> str:
    """The name of ``record``'s kind, as tables and the JSON document use it."""
    return table_of(type(record))


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
