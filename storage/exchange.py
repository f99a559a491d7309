"""Exchanging changes between copies of a partnership file, in one transaction each time.

An exchange, whether by hand with a file or through a shared folder, does three things, all or nothing:

1. **Capture**: this laptop's changes since the last exchange, read from the audit trail (which names the field,
   the moment, the laptop and the person), are written into the replicated document (``exchange_doc``).
2. **Merge**: the other laptops' documents are merged into ours by pycrdt: any order, any number of times, the
   same result.
3. **Bring in**: every record whose fields changed in the document is rebuilt from the values that stand
   (``facilitator.merging.standing``) and written through the store, so the audit trail records who made each
   change on which laptop. Then the core's rules are checked (``merging.check_record``, foreign keys, approved
   minutes' checksums); a change that breaks one gives way, and that is written into the document too, so every
   laptop ends with the same records. Erasures heard of are carried out here.

After an exchange the records are exactly what the document's standing values say; that is what makes every
laptop's ``export-json`` the same once they have all exchanged.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import typing
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, cast

import sqlite_utils

from facilitator import clock
from facilitator.entities import AnyRecord, Forum, Representative
from facilitator.errors import KnownError, ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import _, ngettext
from facilitator.merging import (
    EXISTS,
    STAMP_FIELDS,
    GaveWay,
    approved_minutes_changed,
    check_record,
    locked_by,
    meeting_of,
    place_rivals,
    rivals_of,
    same_value,
)
from facilitator.operations import Edit
from facilitator.personal_data import (
    NOT_FREE_TEXT,
    PersonFinder,
    person_finder,
    plan_erasure,
    trail_redaction,
)
from facilitator.records import KIND_NAMES, KINDS, record_from_dict, record_to_dict
from facilitator.storage import audit
from facilitator.storage.database import Partnership, plain_errors
from facilitator.storage.exchange_doc import ERASED, MISSING, PARTNERSHIP, ExchangeDoc, Write, exists_in
from facilitator.storage.reading import from_row, partnership_id

CAPTURED = "captured_seq"
Scrub = Callable[[str], str]
#: How many times a merge may give way to the rules before it is refused as a whole (a bug if ever reached).
MAX_ROUNDS = 8
Progress = Callable[[int, int], None]


@frozen
class Conflict:
    """A field edited on two laptops, or a change that gave way to a rule: for the coordinator to decide."""

    id: str
    kind: str
    record_id: str
    field: str
    kept: dict[str, Any]  # the value that stands: value, at, laptop, person
    others: list[dict[str, Any]]  # the values set aside
    reason: str  # "" for two edits of the same field; otherwise the rule's words


@dataclass
class ExchangeReport:
    """What an exchange did, for the window and the command line."""

    sent: int = 0  # fields of this laptop's changes taken into the document
    changed: int = 0  # records changed here by other laptops' changes
    created: int = 0
    removed: int = 0
    gave_way: list[GaveWay] = field(default_factory=list)
    new_conflicts: int = 0
    open_conflicts: int = 0
    erased: int = 0
    first: bool = False  # the first exchange of this copy: its whole partnership was taken into the document
    state: bytes = b""  # the whole document after the exchange: what is sent to the others

    def lines(self) -> list[str]:
        """The report in plain words."""
        prepared = (
            _(
                "This copy of the partnership was prepared for exchanging, the whole of it (the first time only)."
            )
            if self.first
            else ngettext(
                "{count} change made here was prepared for the other laptops.",
                "{count} changes made here were prepared for the other laptops.",
                self.sent,
            ).format(count=self.sent)
        )
        lines = [
            prepared,
            ngettext(
                "{count} record was changed by the other laptops ({created} new, {removed} removed).",
                "{count} records were changed by the other laptops ({created} new, {removed} removed).",
                self.changed,
            ).format(count=self.changed, created=self.created, removed=self.removed),
        ]
        for item in self.gave_way:
            lines.append(
                _("Kept as it was: {kind} {record} ({field}): {reason}").format(
                    kind=item.kind, record=item.record_id, field=item.field, reason=item.reason
                )
            )
        if self.erased:
            lines.append(
                ngettext(
                    "{count} person erased on another laptop was erased here too.",
                    "{count} people erased on another laptop were erased here too.",
                    self.erased,
                ).format(count=self.erased)
            )
        if self.open_conflicts:
            lines.append(
                ngettext(
                    "{count} change made on two laptops needs your decision (File → Exchange…).",
                    "{count} changes made on two laptops need your decision (File → Exchange…).",
                    self.open_conflicts,
                ).format(count=self.open_conflicts)
            )
        return lines


# --- small facts kept in the file ---------------------------------------------------------------------------------


def _state(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.execute("select value from exchange_state where key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def _set_state(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute(
        "insert into exchange_state (key, value) values (?, ?) on conflict(key) do update set value = excluded.value",
        [key, value],
    )


#: Saved states kept as separate updates before they are folded into one.
COMPACT_AFTER = 32
GENERATION = "generation"
#: Set when a person was erased here: the next exchange folds the saved updates once it has captured the erasure.
FOLD_NEXT = "fold_next"


def load_doc(db: sqlite_utils.Database) -> ExchangeDoc:
    """The file's replicated document: its saved updates, merged."""
    rows = db.execute("select state from exchange_doc order by id").fetchall()
    return ExchangeDoc.load(*(bytes(row[0]) for row in rows))


def _cached_doc(partnership: Partnership) -> ExchangeDoc:
    """The document this connection loaded last time, when no one has saved another since (loading a large one
    takes a moment); pycrdt documents stay on the thread that made them."""
    generation = _state(partnership.db, GENERATION, "0")
    cached = _DOCS.get(partnership)
    if cached is not None and cached[0] == (generation, threading.get_ident()):
        return cached[1]
    doc = load_doc(partnership.db)
    _DOCS[partnership] = ((generation, threading.get_ident()), doc)
    return doc


_DOCS: weakref.WeakKeyDictionary[Partnership, tuple[tuple[str, int], ExchangeDoc]] = (
    weakref.WeakKeyDictionary()
)


def _save_doc(partnership: Partnership, doc: ExchangeDoc, since: bytes, *, fold: bool = False) -> None:
    """Append what changed in the document since ``since`` (a state vector); fold the updates into one now and
    then, and always with ``fold`` (after an erasure: earlier updates still hold what was erased)."""
    db = partnership.db
    if bytes(doc.doc.get_state()) == since and not fold:
        return
    count = db.execute("select count(*) from exchange_doc").fetchone()[0]
    if fold or count >= COMPACT_AFTER:
        db.execute("delete from exchange_doc")
        update = doc.state()
    else:
        update = bytes(doc.doc.get_update(since))
    db.execute("insert into exchange_doc (state, saved_at) values (?, ?)", [update, clock.now().isoformat()])
    generation = str(int(_state(db, GENERATION, "0")) + 1)
    _set_state(db, GENERATION, generation)
    _DOCS[partnership] = ((generation, threading.get_ident()), doc)


def note_erasure(partnership: Partnership, person_id: str, label: str, scrub: Scrub | None) -> None:
    """A person was erased here: take them out of the replicated document at once (``scrub`` finds them however
    written), so the file holds them nowhere, and announce the erasure there, so that every laptop that hears of
    it carries it out too. In its own transaction, or a savepoint inside the caller's."""
    db = partnership.db
    try:
        with db.atomic():
            doc = _cached_doc(partnership)
            since = bytes(doc.doc.get_state())
            with doc.transaction():
                if scrub is not None:
                    _scrub_document(doc, scrub, kept=_held_by(partnership, doc))
                doc.set_meta(ERASED + person_id, label)
            doc.touched.clear()
            _save_doc(partnership, doc, since, fold=True)
            _set_state(db, FOLD_NEXT, "1")
            db.execute(
                "insert into exchange_erasures (person_id, label, published, applied) values (?, ?, 1, 1) "
                "on conflict(person_id) do update set label = excluded.label, published = 1, applied = 1",
                [person_id, label],
            )
    except BaseException:
        _DOCS.pop(partnership, None)  # it may hold what was rolled back
        raise


def conflicts(db: sqlite_utils.Database) -> list[Conflict]:
    """The changes waiting for the coordinator's decision, oldest record first."""
    rows = db.execute(
        "select id, kind, record_id, field, kept, others, reason from exchange_conflicts "
        "where decided = '' order by kind, record_id, field"
    ).fetchall()
    return [Conflict(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), r[6] or "") for r in rows]


def keep_standing(partnership: Partnership, conflict_id: str) -> None:
    """The coordinator confirms the value that stands; the next exchange tells the other laptops."""
    _decide(partnership, conflict_id, "keep")


def chose_other(partnership: Partnership, conflict_id: str) -> None:
    """The coordinator put another value in place (``choose_value``'s edit); the next exchange tells the others."""
    _decide(partnership, conflict_id, "changed")


def _decide(partnership: Partnership, conflict_id: str, how: str) -> None:
    with plain_errors(partnership.path), partnership.db.atomic():
        partnership.db.execute("update exchange_conflicts set decided = ? where id = ?", [how, conflict_id])


def choose_value(partnership: Partnership, conflict: Conflict, value: Any) -> Edit:
    """The edit that puts ``value`` (one set aside) in place of the standing one, checked like any edit."""
    kind = KINDS[conflict.kind]
    if conflict.field == EXISTS:
        raise KnownError(
            _("Restore the record by hand; it was not kept because: {reason}").format(reason=conflict.reason)
        )
    before = partnership.get(kind, conflict.record_id)
    data = record_to_dict(before)
    data[conflict.field] = value
    after = record_from_dict(kind, data)
    reason = check_record(partnership, before, after)
    if reason:
        raise ValidationError(conflict.field, reason)
    return Edit(_("Choose the value from another laptop"), ((before, after),))


# --- one exchange --------------------------------------------------------------------------------------------------


def exchange(
    partnership: Partnership, updates: Sequence[bytes] = (), *, progress: Progress | None = None
) -> ExchangeReport:
    """Capture this laptop's changes, merge ``updates`` (other laptops' documents) and bring the merged values
    into the records, in one transaction. Returns what happened and the document to send to the others."""
    partnership._writable()
    db = partnership.db
    with plain_errors(partnership.path):
        db.execute("BEGIN IMMEDIATE")
        try:
            report = _exchange(partnership, updates, progress or (lambda _done, _total: None))
        except BaseException:
            db.conn.rollback()
            _DOCS.pop(partnership, None)  # it may hold half of what was rolled back
            raise
        db.conn.commit()
    return report


def _exchange(partnership: Partnership, updates: Sequence[bytes], progress: Progress) -> ExchangeReport:
    db = partnership.db
    db.execute("PRAGMA defer_foreign_keys = ON")
    report = ExchangeReport()
    doc = _cached_doc(partnership)
    since = bytes(doc.doc.get_state())
    merge = _Merge(partnership, doc, report)
    report.first = not doc.heads
    with doc.transaction():
        own = partnership_id(db)
        if doc.meta().get(PARTNERSHIP) != own:
            doc.set_meta(PARTNERSHIP, own)
        merge.capture()
    merge.conflict_fields |= doc.touched
    doc.touched.clear()
    for done, update in enumerate(updates):
        progress(done, len(updates) + 1)
        doc.apply(update)
    with doc.transaction():
        merge.prepare_erasures()
        merge.dedupe()
        merge.bring_in()
        merge.carry_out_erasures()
    merge.refresh_conflicts()
    # After an erasure (carried out here now, or made here since the last exchange: its sealed snapshots were
    # only captured now) the earlier saved updates still hold what was erased: fold them into one.
    _save_doc(partnership, doc, since, fold=bool(merge.erasures) or _state(db, FOLD_NEXT) == "1")
    _set_state(db, FOLD_NEXT, "")
    report.state = doc.state()
    last = db.execute("select coalesce(max(seq), 0) from audit").fetchone()[0]
    _set_state(db, CAPTURED, str(last))
    report.open_conflicts = len(conflicts(db))
    progress(len(updates) + 1, len(updates) + 1)
    return report


@dataclass
class _Merge:
    partnership: Partnership
    doc: ExchangeDoc
    report: ExchangeReport
    before: dict[tuple[str, str], AnyRecord | None] = field(default_factory=dict)
    erasures: dict[str, tuple[str, PersonFinder | None]] = field(default_factory=dict)  # person id -> label
    conflict_fields: set[tuple[str, str, str]] = field(default_factory=set)
    #: Records kept in their place while the records made after them give way: checked again next round.
    recheck: set[tuple[str, str]] = field(default_factory=set)

    @property
    def db(self) -> sqlite_utils.Database:
        db: sqlite_utils.Database = self.partnership.db
        return db

    # -- 1. this laptop's changes ----------------------------------------------------------------------------
    def capture(self) -> None:
        since = int(_state(self.db, CAPTURED, "0"))
        rows = self.db.execute(
            "select seq, at, coordinator, user, laptop, kind, record_id, field, old from audit where seq > ? "
            "order by seq",
            [since],
        ).fetchall()
        changed: dict[tuple[str, str], dict[str, tuple[Any, ...]]] = {}
        first_old: dict[tuple[str, str, str], Any] = {}
        for row in rows:
            changed.setdefault((row[5], row[6]), {})[row[7]] = row
            first_old.setdefault((row[5], row[6], row[7]), row[8])
        for (kind, record_id), fields in changed.items():
            if kind in KINDS:
                olds = {f: first_old[(kind, record_id, f)] for f in fields}
                self._capture_record(kind, record_id, fields, olds)
        self._capture_decisions()

    def _author(self, row: tuple[Any, ...]) -> dict[str, str]:
        return {
            "at": str(row[1]),
            "person": str(row[2] or ""),
            "user": str(row[3] or ""),
            "laptop": str(row[4] or self.partnership.author.laptop),
        }

    def _capture_record(
        self, kind: str, record_id: str, fields: dict[str, tuple[Any, ...]], olds: dict[str, Any]
    ) -> None:
        latest = max(fields.values(), key=lambda r: r[0])
        made = fields.get("", latest)
        record = self.partnership.find(KINDS[kind], record_id)
        known = exists_in(self.doc, kind, record_id)
        if record is None:
            if known is not False:
                self._write(kind, record_id, EXISTS, False, self._author(latest))
            return
        data = record_to_dict(record)
        whole = "" in fields
        if whole or known is False:
            self._write(kind, record_id, EXISTS, True, self._author(fields.get("", latest)))
        names = [n for n in data if n != "id" and (whole or n in fields or n in STAMP_FIELDS)]
        for name in names:
            current = self.doc.value_of(kind, record_id, name)
            if current is MISSING and olds.get(name) is not None and name not in FILE_FIELDS[kind]:
                # Not in the document yet: the value before this laptop changed it, from the audit trail, so that
                # a copy that did not change the field does not conflict with this one (see dedupe). The trail
                # keeps a file's size and digest, not its bytes: no value to compare with.
                current = from_row(KINDS[kind], {name: audit._unjson(olds[name])})[name]
            if current is MISSING or not same_value(current, data[name]):
                # A sealed snapshot is never kept as the value replaced: it cannot be scrubbed as text.
                was = MISSING if name in NOT_FREE_TEXT else current
                self._write(kind, record_id, name, data[name], self._author(fields.get(name, made)), was=was)
        if not whole and "status" not in fields:
            return
        for locked in locked_by(self.partnership, record):
            self._lock(locked, self._author(latest))

    def _lock(self, record: AnyRecord, author: dict[str, str]) -> None:
        kind = KIND_NAMES[type(record)]
        for name, value in record_to_dict(record).items():
            if name != "id":
                self._write(kind, record.id, name, value, author, lock=True)

    def _write(
        self, kind: str, record_id: str, name: str, value: Any, author: dict[str, str], **extra: Any
    ) -> None:
        sent = extra.pop("sent", True)
        self.doc.write(
            Write(
                kind=kind,
                record_id=record_id,
                field=name,
                stamp="",
                value=value,
                at=author["at"],
                laptop=author["laptop"],
                person=author["person"],
                user=author["user"],
                **extra,
            )
        )
        self.report.sent += int(sent)

    def _capture_decisions(self) -> None:
        """Conflicts the coordinator confirmed: the standing value is written again over every other."""
        rows = self.db.execute("select kind, record_id, field from exchange_conflicts where decided = 'keep'")
        for kind, record_id, name in rows.fetchall():
            heads = self.doc.heads_of(kind, record_id, name)
            if heads:
                author = {"at": clock.now_precise().isoformat(timespec="milliseconds"), **self._me()}
                self._write(kind, record_id, name, heads[0].value, author)
            self.conflict_fields.add((kind, record_id, name))

    def _me(self) -> dict[str, str]:
        me = self.partnership.author
        return {"person": me.coordinator, "user": me.user, "laptop": me.laptop}

    # -- erasures ----------------------------------------------------------------------------------------------
    def prepare_erasures(self) -> None:
        """Erasures heard of in this merge: the person is found as this laptop still knows them (before the merged
        values replace their name), and taken out of every value the document holds."""
        applied = {r[0] for r in self.db.execute("select person_id from exchange_erasures where applied = 1")}
        for key, label in self.doc.meta().items():
            person_id = key[len(ERASED) :]
            if not key.startswith(ERASED) or person_id in applied:
                continue
            person = self.partnership.find(Representative, person_id)
            finder = person_finder(self.partnership, person) if person is not None else None
            self.erasures[person_id] = (label, finder)
            if finder is not None:
                _scrub_document(self.doc, partial(finder.scrub, label=label))

    def carry_out_erasures(self) -> None:
        """The core's own erasure (``plan_erasure``) with the label the erasing laptop chose: mentions replaced,
        approved minutes' snapshots rewritten and sealed again, an erasure note where none says it yet; what it
        changes is written into the document too. Then the audit trail is redacted as ``finish_erasure`` does
        (the file is compacted once the exchange is written)."""
        for person_id, (label, finder) in self.erasures.items():
            if finder is not None and self.partnership.find(Representative, person_id) is not None:
                erasure = plan_erasure(self.partnership, person_id, label=label, finder=finder)
                for before, after in erasure.edit.steps:
                    self._carry(before, after)
                replacements, fields, scrub = trail_redaction(erasure)
                audit.redact(self.db, replacements, record_id=person_id, fields=fields, scrub=scrub)
            self.db.execute(
                "insert into exchange_erasures (person_id, label, published, applied) values (?, ?, 1, 1) "
                "on conflict(person_id) do update set published = 1, applied = 1",
                [person_id, label],
            )
            self.report.erased += 1

    def _carry(self, before: AnyRecord | None, after: AnyRecord | None) -> None:
        """Write one step of an erasure heard of into the records and the document (a step that changes nothing
        but the moment of the change is left out)."""
        if after is None:
            return
        old = record_to_dict(before) if before is not None else {}
        new = record_to_dict(after)
        names = [n for n in new if n != "id" and not same_value(old.get(n), new[n])]
        if not [n for n in names if n not in STAMP_FIELDS]:
            return
        kind = KIND_NAMES[type(after)]
        author = {"at": clock.now_precise().isoformat(timespec="milliseconds"), **self._me()}
        if before is None:
            self._write(kind, after.id, EXISTS, True, author, sent=False)
        for name in names:
            self._write(kind, after.id, name, new[name], author, sent=False)
        self.partnership.put(after)

    # -- 2. tidy what merged ---------------------------------------------------------------------------------
    def dedupe(self) -> None:
        """Drop heads that are no conflict: a head repeating the standing value (copies of one file all carry
        its first records), and a head holding the very value another laptop's change replaced (that laptop
        did not change the field; the other did: a three-way merge)."""
        for kind, record_id, name in list(self.doc.touched):
            heads = self.doc.heads_of(kind, record_id, name)
            replaced = [h.was for h in heads if h.was is not MISSING]
            kept = [heads[0]]
            for head in heads[1:]:
                if head.instead or head.lock:
                    kept.append(head)
                    continue
                repeated = any(same_value(head.value, k.value) for k in kept)  # the same value twice: once
                if repeated or any(same_value(head.value, w) for w in replaced):
                    self.doc.drop(head)
                else:
                    kept.append(head)

    # -- 3. bring the merged values into the records ------------------------------------------------------
    def bring_in(self) -> None:
        for _round in range(MAX_ROUNDS):
            touched = {(k, r) for k, r, _f in self.doc.touched}
            self.conflict_fields |= self.doc.touched
            self.doc.touched.clear()
            changed = self._write_records(touched)
            problems = self._problems(changed)
            if not problems and not self.doc.touched and not self.recheck:
                return
            for (kind, record_id), reason in problems.items():
                self._give_way(kind, record_id, reason)
        raise KnownError(
            _(
                "The exchange could not be merged without breaking a rule of the partnership; nothing was changed."
            ),
            hint=_("Please report this, with the exchange file, so that it can be put right."),
        )

    def _write_records(self, touched: set[tuple[str, str]]) -> list[tuple[str, str]]:
        changed = []
        for kind, cls in KINDS.items():
            for record_id in sorted(r for k, r in touched if k == kind):
                current = self.partnership.find(cls, record_id)
                self.before.setdefault((kind, record_id), current)
                try:
                    after = self._materialise(kind, cls, record_id, current)
                except ValidationError as error:
                    self._give_way(kind, record_id, error.message)
                    continue
                if _same(current, after):
                    continue
                try:
                    self._store(kind, record_id, current, after)
                except sqlite3.IntegrityError as error:
                    assert after is not None  # removing a record clashes with nothing
                    self._clash(kind, after, error)
                    continue
                changed.append((kind, record_id))
        return changed

    def _materialise(
        self, kind: str, cls: type[AnyRecord], record_id: str, current: AnyRecord | None
    ) -> AnyRecord | None:
        exists = exists_in(self.doc, kind, record_id)
        if exists is False or (current is None and exists is None):
            return None
        data = record_to_dict(current) if current is not None else {"id": record_id}
        names = set(data) | {f for f in self.doc.fields_of(kind, record_id) if f != EXISTS}
        for name in names & _field_names(cls):
            value = self.doc.value_of(kind, record_id, name)
            if value is not MISSING:
                data[name] = value
        return cast(AnyRecord, record_from_dict(cast(type[Forum], cls), data, validate=False))

    def _store(self, kind: str, record_id: str, current: AnyRecord | None, after: AnyRecord | None) -> None:
        # The audit trail names who made the change: the author of the latest value among the fields it changes.
        old = record_to_dict(current) if current is not None else {}
        new = record_to_dict(after) if after is not None else {}
        names = [
            n
            for n in self.doc.fields_of(kind, record_id)
            if (n == EXISTS and (current is None or after is None))
            or (n not in (EXISTS, *STAMP_FIELDS) and not same_value(old.get(n), new.get(n)))
        ]
        heads = [h for name in names for h in self.doc.heads_of(kind, record_id, name)[:1]]
        last = max(heads, key=lambda h: (h.at, h.stamp)) if heads else None
        saved_author, saved_at = self.partnership.author, self.partnership.changed_at
        if last is not None:
            self.partnership.author = audit.Author(
                coordinator=last.person, user=last.user, laptop=last.laptop
            )
            self.partnership.changed_at = last.at
        try:
            if after is None:
                self.partnership.discard(KINDS[kind], record_id)
            else:
                self.partnership.put(after)
        finally:
            self.partnership.author, self.partnership.changed_at = saved_author, saved_at
        self.report.changed += 1
        if current is None:
            self.report.created += 1
        elif after is None:
            self.report.removed += 1

    # -- the core's rules ------------------------------------------------------------------------------------
    def _problems(self, changed: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        problems: dict[tuple[str, str], str] = {}
        meetings: set[str] = set()
        again, self.recheck = sorted(self.recheck - set(changed)), set()
        for kind, record_id in [*changed, *again]:
            after = self.partnership.find(KINDS[kind], record_id)
            if after is None:
                continue
            before = self.before.get((kind, record_id))
            meeting = meeting_of(self.partnership, after)
            if meeting:
                meetings.add(meeting)
            if self._frozen(kind, record_id):
                continue
            reason = check_record(self.partnership, before, after)
            if not reason:
                continue
            later = self._made_after(kind, after)
            for rival in later:
                self.before.setdefault((kind, rival.id), rival)
                rival_before = self.before[(kind, rival.id)]
                problems.setdefault(
                    (kind, rival.id),
                    check_record(self.partnership, rival_before, rival, guards=False) or reason,
                )
            if later:
                self.recheck.add((kind, record_id))  # kept if nothing else breaks once they gave way
            else:
                problems[(kind, record_id)] = reason
        for kind, record_id in changed:
            record = self.partnership.find(KINDS[kind], record_id)
            for rival in rivals_of(self.partnership, record) if record is not None else ():
                self.before.setdefault((kind, rival.id), rival)
                problems.setdefault(
                    (kind, rival.id), _("the partnership holds one of these; the one made first is kept")
                )
        problems.update(self._broken_references())
        for meeting_id in approved_minutes_changed(self.partnership, meetings):
            for kind, record_id in self._unfrozen_parts(meeting_id):
                problems.setdefault(
                    (kind, record_id), _("the minutes of this meeting were approved on another laptop")
                )
        return problems

    def _made_after(self, kind: str, record: AnyRecord) -> list[AnyRecord]:
        """The records holding ``record``'s place (``rules.PLACE_RIVALS``) when every one of them was made after
        it and none is frozen by approved minutes: they give way and ``record`` keeps the place, on whichever
        laptop the two meet (otherwise ``record`` gives way, as to any rule)."""
        rivals = place_rivals(self.partnership, record)
        first = (record.created, record.id)
        if any((r.created, r.id) < first or self._frozen(kind, r.id) for r in rivals):
            return []
        return rivals

    def _frozen(self, kind: str, record_id: str) -> bool:
        """Whether every value of the record stands because approved minutes froze it."""
        names = [n for n in self.doc.fields_of(kind, record_id) if n not in (EXISTS, *STAMP_FIELDS)]
        return bool(names) and all(self.doc.heads_of(kind, record_id, n)[0].lock for n in names)

    def _unfrozen_parts(self, meeting_id: str) -> list[tuple[str, str]]:
        from facilitator.approval import meeting_record  # noqa: PLC0415 - only for this rare case

        whole = json.loads(meeting_record(self.partnership, meeting_id))
        parts = [("meetings", meeting_id)]
        for entry in whole["items"]:
            parts.append(("agenda_items", entry["item"]["id"]))
            if "decision" in entry:
                parts.append(("decisions", entry["decision"]["id"]))
                parts.extend(("positions", p["id"]) for p in entry["positions"])
        parts.extend(("attendance", a["id"]) for a in whole["attendance"])
        return [(k, r) for k, r in parts if not self._frozen(k, r)]

    def _broken_references(self) -> dict[tuple[str, str], str]:
        problems: dict[tuple[str, str], str] = {}
        for table, rowid, parent, key in self.db.execute("PRAGMA foreign_key_check").fetchall():
            column = self.db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()[key][3]
            owner = "membership_id" if table == "membership_substitutes" else "id"
            row = self.db.execute(
                f"select [{owner}], [{column}] from [{table}] where rowid = ?", [rowid]
            ).fetchone()
            child = ("memberships" if table == "membership_substitutes" else table, str(row[0]))
            removed = (parent, str(row[1])) if row[1] is not None else None
            if removed is not None and self.before.get(removed) is not None:
                problems[removed] = _("another record still refers to it")
            else:
                problems[child] = _("it refers to a record that was removed on another laptop")
        return problems

    def _give_way(self, kind: str, record_id: str, reason: str, attempted: AnyRecord | None = None) -> None:
        """The merged change to a record yields: the record keeps what it had here (or is not created).

        ``attempted`` is the merged record when it could not even be written (it clashed with another)."""
        before = self.before.get((kind, record_id))
        author = {"at": clock.now_precise().isoformat(timespec="milliseconds"), **self._me()}
        current = attempted or self.partnership.find(KINDS[kind], record_id)
        self.report.gave_way.append(GaveWay(kind, record_id, EXISTS, reason))
        if before is None or current is None:
            # Not created here after all (or not removed): the record stays as it was before the merge.
            exists = before is not None
            self._write(
                kind, record_id, EXISTS, exists, author, instead=(not exists,), reason=reason, sent=False
            )
            return
        old, new = record_to_dict(before), record_to_dict(current)
        fields = [n for n in old if n not in ("id", *STAMP_FIELDS) and not same_value(old[n], new[n])]
        if not fields:  # unchanged here, yet broken with the rest: not kept
            self._write(kind, record_id, EXISTS, False, author, instead=(True,), reason=reason, sent=False)
            return
        self.report.gave_way[-1] = GaveWay(kind, record_id, ", ".join(fields), reason)
        for name in fields:
            self._write(
                kind,
                record_id,
                name,
                old[name],
                author,
                was=new[name],
                instead=(new[name],),
                reason=reason,
                sent=False,
            )

    def _clash(self, kind: str, record: AnyRecord, error: sqlite3.IntegrityError) -> None:
        """A merged record takes a place only one record may hold (one seat per partner on a forum): the record
        made first keeps it, the other gives way, whichever laptop this is."""
        columns = (
            [c.split(".", 1)[1] for c in str(error).split(":", 1)[1].split(",")] if ":" in str(error) else []
        )
        data = record_to_dict(record)
        if "UNIQUE" not in str(error) or not columns or not set(columns) <= set(data):
            raise error
        where = " and ".join(f"[{c}] = ?" for c in columns)
        row = self.db.execute(
            f"select id from [{kind}] where {where} and id != ?", [*(data[c] for c in columns), record.id]
        ).fetchone()
        rival = self.partnership.find(KINDS[kind], str(row[0])) if row else None
        if rival is None:
            raise error
        reason = _("another record already holds this place (made earlier, so it is kept)")
        if (rival.created, rival.id) < (record.created, record.id):
            self._give_way(kind, record.id, reason, attempted=record)
        else:
            self.before.setdefault((kind, rival.id), rival)
            self._give_way(kind, rival.id, reason)
            self.doc.touched.add(
                (kind, record.id, EXISTS)
            )  # written in the next round, once the place is free

    # -- conflicts -------------------------------------------------------------------------------------------
    def refresh_conflicts(self) -> None:
        """The cached list of conflicts, for the fields this exchange touched."""
        self.conflict_fields |= self.doc.touched
        before = {r[0] for r in self.db.execute("select id from exchange_conflicts where decided = ''")}
        listed = {r[0] for r in self.db.execute("select id from exchange_conflicts")}
        for kind, record_id, name in sorted(self.conflict_fields):
            key = f"{kind}/{record_id}/{name}"
            if key in listed:
                self.db.execute("delete from exchange_conflicts where id = ?", [key])
            heads = self.doc.heads_of(kind, record_id, name)
            if not heads or name in STAMP_FIELDS or (len(heads) == 1 and not heads[0].instead):
                continue
            others = [h for h in heads[1:] if not same_value(h.value, heads[0].value)]
            if not others and not heads[0].instead:
                continue
            if self.partnership.find(KINDS[kind], record_id) is None and name != EXISTS:
                continue
            set_aside = [h.as_dict() for h in others] + [
                {**heads[0].as_dict(), "value": v} for v in heads[0].instead
            ]
            self.db.execute(
                "insert into exchange_conflicts (id, kind, record_id, field, kept, others, reason, decided) "
                "values (?, ?, ?, ?, ?, ?, ?, '')",
                [
                    key,
                    kind,
                    record_id,
                    name,
                    json.dumps(heads[0].as_dict(), ensure_ascii=False),
                    json.dumps(set_aside, ensure_ascii=False),
                    heads[0].reason,
                ],
            )
            if key not in before:
                self.report.new_conflicts += 1


def _same(a: AnyRecord | None, b: AnyRecord | None) -> bool:
    if a is None or b is None:
        return a is b
    return same_value(record_to_dict(a), record_to_dict(b))


def _field_names(cls: type[AnyRecord]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _scrub_document(doc: ExchangeDoc, scrub: Scrub, kept: Callable[[Write], bool] | None = None) -> None:
    """Take an erased person out of every value the document holds, except what the core keeps as approved: a
    value written when minutes were approved, and the sealed snapshots of approved minutes (``plan_erasure``
    rewrites those as records and seals them again; its write replaces them).

    ``kept`` says which standing values the records here still hold as they are after the core's own erasure
    (``_held_by``): those keep their value (the values they replaced and set aside are still scrubbed)."""
    for write in list(doc.writes()):
        if write.lock and write.field not in NOT_FREE_TEXT:
            continue
        clean = _scrubbed(write, scrub)
        if (
            clean is not None
            and kept is not None
            and not same_value(clean.value, write.value)
            and kept(write)
        ):
            clean = replace(clean, value=write.value)
            clean = None if clean == write else clean
        if clean is not None:
            doc.rewrite(write, clean)


def _held_by(partnership: Partnership, doc: ExchangeDoc) -> Callable[[Write], bool]:
    """Whether a write is the value that stands for its field and the record here holds it unchanged: the
    erasure just carried out here kept it (the core keeps what approved minutes say, their corrections included,
    and adds an erasure note instead).

    The document's standing values must stay what the records hold: a value scrubbed here only in the document
    would never be brought into this laptop's record (nothing merged changed it), while every other laptop builds
    its record from the document, so the copies would never agree. A laptop that carries out the erasure on
    hearing of it scrubs such a value as it merges and brings it into its records; that rewrite then travels
    and is brought in everywhere, this laptop included."""

    def kept(write: Write) -> bool:
        if write.field in (EXISTS, *STAMP_FIELDS) or write.kind not in KINDS:
            return False
        heads = doc.heads_of(write.kind, write.record_id, write.field)
        if not heads or heads[0].stamp != write.stamp:
            return False
        record = partnership.find(KINDS[write.kind], write.record_id)
        data = record_to_dict(record) if record is not None else {}
        return write.field in data and same_value(data[write.field], write.value)

    return kept


def _scrubbed(write: Write, scrub: Scrub) -> Write | None:
    if write.field in NOT_FREE_TEXT:
        # A sealed snapshot is rewritten as records by the core; a value it replaced or set aside naming the
        # person is dropped whole.
        kept = tuple(v for v in write.instead if not _names_them(v, scrub))
        was = MISSING if write.was is not MISSING and _names_them(write.was, scrub) else write.was
        new = replace(write, was=was, instead=kept, reason=write.reason if kept else "")
        return None if new == write else new

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return scrub(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    new = replace(
        write,
        value=clean(write.value),
        was=clean(write.was) if write.was is not MISSING else MISSING,
        instead=tuple(clean(v) for v in write.instead),
    )
    return None if new == write else new


def _names_them(value: Any, scrub: Scrub) -> bool:
    return isinstance(value, str) and scrub(value) != value


def _file_fields(kind: type[AnyRecord]) -> frozenset[str]:
    """The fields of ``kind`` that hold a file's bytes."""
    hints = typing.get_type_hints(kind)
    return frozenset(f.name for f in dataclasses.fields(kind) if hints.get(f.name) is bytes)


#: The fields of each kind (by name) that hold a file's bytes.
FILE_FIELDS: dict[str, frozenset[str]] = {name: _file_fields(kind) for name, kind in KINDS.items()}
