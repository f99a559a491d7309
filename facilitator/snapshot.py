"""Approved minutes, frozen: every record their minutes print, kept as it was when they were approved.

At approval the minutes are built once for each kind of audience over a ``RecordingStore``, which reads through to
the partnership and keeps every record read and every question asked. Those records are the snapshot (canonical
JSON in the ``MinutesRecord``, covered by its checksum). From then on the minutes are built over a
``SnapshotStore``, which answers the same questions from the snapshot only: whatever any section prints, today's or
one added later, comes from the snapshot by construction, so renaming an action or a partner changes nothing in
approved minutes. Three kinds are read live, because they are added to approved minutes by design rather than
edits of them: the minutes' own state (``MinutesRecord``), corrections (printed as a corrigendum) and translations
of their texts (the approved record is the original; a translation made later is a new rendering of it).

Only the people the snapshot's other records name are kept, without their e-mail or phone. Erasing a person
rewrites them, and every text naming them, in the snapshot (``erase_person``) and seals it again; the erasure is
also recorded as a correction that the minutes print.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar, cast

from facilitator.audience import Audience
from facilitator.entities import AnyRecord, Forum, Membership, Partner, R, Record, Representative
from facilitator.errors import DatabaseCorrupt, MinutesLocked, ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting
from facilitator.store import Store, existing

FORMAT = 1
#: How near the meeting other meetings must be for a smaller snapshot to keep them (tried in turn): the next meeting
#: and those between a notice and its change are all the minutes read them for. A smaller snapshot is kept only
#: when the minutes print exactly the same from it, so a forum's hundredth approved minutes are no larger than its
#: first.
NEARBY = (dt.timedelta(days=35), dt.timedelta(days=92))
#: How a snapshot is sealed: the checksum of the snapshot itself (minutes approved with snapshots), or the
#: checksum of the meeting's record that minutes approved before snapshots existed were sealed with.
SEALED_WHOLE, SEALED_MEETING_RECORD = "snapshot", "meeting_record"

Question = tuple[str, tuple[tuple[str, str], ...]]
T = TypeVar("T")


def _live_kinds() -> tuple[type[Record], ...]:
    from facilitator.approval import Correction, MinutesRecord  # noqa: PLC0415 - approval takes snapshots
    from facilitator.content_translation import ContentTranslation  # noqa: PLC0415 - not needed to read (Home)

    return (MinutesRecord, Correction, ContentTranslation)


def _kind_names() -> tuple[dict[str, type[AnyRecord]], dict[type[Record], str]]:
    from facilitator.records import KIND_NAMES, KINDS  # noqa: PLC0415 - records lists the approval kinds

    return KINDS, KIND_NAMES


def _matches(record: Record, equals: dict[str, str]) -> bool:
    return all(getattr(record, name) == value for name, value in equals.items())


def _values(records: list[R], fields: tuple[str, ...]) -> list[tuple[object, ...]]:
    """Some fields of ``records`` as stored (enums as their codes)."""
    return [tuple(getattr(getattr(r, f), "value", getattr(r, f)) for f in fields) for r in records]


def _ordered(records: list[R]) -> list[R]:
    return sorted(records, key=lambda r: (r.created, r.id))


class _ReadOnly:
    """What both stores over approved minutes share: they read, and refuse every write with ``refusal``."""

    refusal = N_("The minutes of this meeting are approved, so its record can no longer change.")

    def find(self, kind: type[R], record_id: str) -> R | None:  # pragma: no cover - each store answers it
        raise NotImplementedError

    def where(
        self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False
    ) -> list[R]:  # pragma: no cover - each store answers it
        raise NotImplementedError

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Nothing is written here."""
        raise MinutesLocked(_(self.refusal))
        yield  # pragma: no cover

    def get(self, kind: type[R], record_id: str) -> R:
        """The record; ``NotFound`` when there is none."""
        return existing(self.find(kind, record_id))

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        """Every record of ``kind``."""
        return self.where(kind, {}, include_archived=include_archived)

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """Some fields of the live records of ``kind`` (enums as their codes)."""
        return _values(self.where(kind, equals or {}), fields)

    def put(self, record: AnyRecord) -> None:
        """Refused."""
        raise MinutesLocked(_(self.refusal))

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """Refused."""
        raise MinutesLocked(_(self.refusal))


class ReadOnce(_ReadOnly):
    """A read-only view of a store that asks each question once: pages that read the same records many times
    over (Home asks for a forum's meetings from half a dozen places) read them from the file once. Only for
    work that reads and is done before the next edit: nothing here sees a change made to ``store`` later."""

    refusal = N_("Nothing can be written while this page is being prepared.")

    def __init__(self, store: Store) -> None:
        self.store = store
        self._answers: dict[tuple[type[Record], tuple[tuple[str, str], ...], bool], list[Record]] = {}
        self._found: dict[tuple[type[Record], str], Record | None] = {}
        self._values: dict[
            tuple[type[Record], tuple[str, ...], tuple[tuple[str, str], ...]], list[tuple[object, ...]]
        ] = {}
        self._worked_out: dict[Hashable, object] = {}

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record, read once."""
        key = (kind, record_id)
        if key not in self._found:
            self._found[key] = self.store.find(kind, record_id)
        return cast("R | None", self._found[key])  # stored under its own kind

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The answer, read once (a new list each time: callers may sort it)."""
        key = (kind, tuple(sorted(equals.items())), include_archived)
        if key not in self._answers:
            self._answers[key] = self.store.where(kind, equals, include_archived=include_archived)
        return cast("list[R]", list(self._answers[key]))  # stored under its own kind

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """The columns, read once (a new list each time), without building records."""
        key = (kind, fields, tuple(sorted((equals or {}).items())))
        if key not in self._values:
            self._values[key] = self.store.values(kind, fields, equals)
        return list(self._values[key])

    def once(self, question: Hashable, work_out: Callable[[], T]) -> T:
        """What ``work_out`` answers from this store, worked out the first time ``question`` (a key naming the work
        and its arguments, e.g. ``("timeline_of", forum_id)``) is asked: for answers the page asks for many
        times (a forum's timeline, asked once per meeting Home lists and per notice it weighs). Answers are
        shared: the caller must not change one."""
        if question not in self._worked_out:
            self._worked_out[question] = work_out()
        return cast("T", self._worked_out[question])


class RecordingStore(_ReadOnly):
    """A read-only store over another that keeps every record it hands out and every question asked."""

    refusal = N_("The minutes are being sealed; nothing can be written while they are.")

    def __init__(self, store: Store) -> None:
        self.store = store
        self.records: dict[type[Record], dict[str, Record]] = {}
        # Each question and its whole answer (archived records too), as ids in the order the store gave them.
        self.asked: dict[tuple[type[Record], tuple[tuple[str, str], ...]], tuple[str, ...]] = {}

    def _keep(self, kind: type[Record], found: list[R]) -> list[R]:
        self.records.setdefault(kind, {}).update((r.id, r) for r in found)
        return found

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record, remembered."""
        found = self.store.find(kind, record_id)
        if found is not None and kind not in _live_kinds():
            self._keep(kind, [found])
        return found

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The answer, remembered whole (archived records too, so that any later form of the question is
        answered)."""
        if kind in _live_kinds():
            return self.store.where(kind, equals, include_archived=include_archived)
        every = self._keep(kind, self.store.where(kind, equals, include_archived=True))
        self.asked[(kind, tuple(sorted(equals.items())))] = tuple(r.id for r in every)
        return [r for r in every if include_archived or not r.archived]

    def snapshot(
        self, seal: str = SEALED_WHOLE, around: Meeting | None = None, nearby: dt.timedelta = NEARBY[0]
    ) -> str:
        """What was read, as canonical JSON, people without their contact details. With ``around`` (the meeting
        whose minutes these are), the smaller snapshot ``take_snapshot`` tries first: people only if a record
        other than a seat names them, seats only on the meeting's forum, other meetings only if a record names
        them or they fall within ``nearby`` of it."""
        _kinds, names = _kind_names()
        records = {kind: dict(rows) for kind, rows in self.records.items()}
        people = records.pop(Representative, {})
        if around is not None:
            records[Membership] = {
                i: seat
                for i, seat in records.get(Membership, {}).items()
                if cast(Membership, seat).forum_id == around.forum_id
            }
            meetings = records.pop(Meeting, {})
            named = _ids_named(
                r for kind, rows in records.items() if kind is not Membership for r in rows.values()
            )
            records[Meeting] = {
                i: m
                for i, m in meetings.items()
                if i in named or abs(cast(Meeting, m).starts_at - around.starts_at) <= nearby
            }
            people = {i: p for i, p in people.items() if i in named}
        records[Representative] = {
            i: replace(cast(Representative, p), email="", phone="") for i, p in people.items()
        }
        return _dump(
            seal,
            {names[kind]: list(rows.values()) for kind, rows in records.items() if kind in names and rows},
            {(names[kind], equals): ids for (kind, equals), ids in self.asked.items() if kind in names},
        )


def _ids_named(records: Iterable[Record]) -> set[str]:
    """Every id a field of ``records`` holds (references are ids; other text cannot hold a UUID by chance)."""
    found: set[str] = set()
    for record in records:
        for field in dataclasses.fields(record):
            if field.name == "id":
                continue
            value = getattr(record, field.name)
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, tuple):
                found.update(v for v in value if isinstance(v, str))
    return found


def _dump(seal: str, records: dict[str, list[Record]], asked: dict[Question, tuple[str, ...]]) -> str:
    from facilitator.records import record_to_dict  # noqa: PLC0415 - records lists the approval kinds

    kept = {record.id for rows in records.values() for record in rows}
    document = {
        "format": FORMAT,
        "seal": seal,
        "records": {
            name: sorted((record_to_dict(r) for r in rows), key=lambda d: str(d["id"]))
            for name, rows in sorted(records.items())
        },
        # Each answer in the order it was given (ids of records left out of the snapshot are left out of it).
        "asked": [
            [name, dict(equals), [i for i in ids if i in kept]]
            for (name, equals), ids in sorted(asked.items())
        ],
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@frozen
class Snapshot:
    """A parsed snapshot: the records by kind, the questions it answers, and how it is sealed."""

    seal: str
    records: dict[type[Record], dict[str, Record]]
    asked: dict[Question, tuple[str, ...]]

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        """Read a snapshot written by ``RecordingStore.snapshot``; raises ``ValueError`` when it is not one."""
        from facilitator.records import record_from_dict  # noqa: PLC0415 - records lists the approval kinds

        kinds, _names = _kind_names()
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a snapshot of approved minutes")
        records: dict[type[Record], dict[str, Record]] = {}
        for name, rows in data["records"].items():
            kind = kinds[name]
            records[kind] = {row["id"]: record_from_dict(kind, row, validate=False) for row in rows}
        asked = {
            (str(name), tuple(sorted(equals.items()))): tuple(str(i) for i in ids)
            for name, equals, ids in data["asked"]
        }
        return cls(str(data["seal"]), records, asked)

    def dump(self) -> str:
        """The snapshot as canonical JSON again (after ``rewritten``)."""
        _kinds, names = _kind_names()
        return _dump(
            self.seal, {names[k]: list(rows.values()) for k, rows in self.records.items()}, self.asked
        )

    def rewritten(self, change: Callable[[Record], Record], seal: str | None = None) -> Snapshot:
        """The snapshot with ``change`` applied to every record (erasure of a person)."""
        records = {kind: {i: change(r) for i, r in rows.items()} for kind, rows in self.records.items()}
        return replace(self, records=records, seal=seal or self.seal)


class SnapshotStore(_ReadOnly):
    """A read-only store that answers from a snapshot; minutes' states, corrections and translations are read
    from ``live``. Questions the snapshot was not asked when it was taken are answered from it as well as it
    can, and counted in ``unasked`` (a test keeps that empty for every audience and language)."""

    def __init__(self, live: Store, snapshot: Snapshot) -> None:
        self.live = live
        self.snapshot = snapshot
        self.unasked: list[Question] = []
        _kinds, self._names = _kind_names()

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record as it was when the minutes were approved."""
        if kind in _live_kinds():
            return self.live.find(kind, record_id)
        return cast("R | None", self.snapshot.records.get(kind, {}).get(record_id))

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The answer as it was when the minutes were approved."""
        if kind in _live_kinds():
            return self.live.where(kind, equals, include_archived=include_archived)
        question = (self._names.get(kind, kind.__name__), tuple(sorted(equals.items())))
        rows = self.snapshot.records.get(kind, {})
        answer = self.snapshot.asked.get(question)
        if answer is None:
            self.unasked.append(question)
            found = _ordered([r for r in rows.values() if _matches(r, equals)])
        else:
            found = [rows[i] for i in answer if i in rows]
        return cast(list[R], [r for r in found if include_archived or not r.archived])


def recording_audiences(store: Store) -> list[Audience]:
    """The audiences minutes are built for when a snapshot is taken: every kind, and one partner's version."""
    chosen = [Audience.full(), Audience.partners(), Audience.public()]
    partners = store.all(Partner, include_archived=True)
    if partners:
        chosen.append(Audience.for_partner(partners[0].id))
    return chosen


def take_snapshot(store: Store, meeting_id: str, seal: str = SEALED_WHOLE) -> str:
    """Everything the minutes of ``meeting_id`` print, read now, as a snapshot's canonical JSON.

    Other meetings of the forum are kept only near this one when the minutes, built from that smaller
    snapshot, print exactly the same for every audience; otherwise all those read are kept.
    """
    from facilitator.minutes import build_minutes  # noqa: PLC0415 - the minutes build on approval

    recorder = RecordingStore(store)
    meeting = store.get(Meeting, meeting_id)
    language = store.get(Forum, meeting.forum_id).working_language
    audiences = recording_audiences(store)
    printed = [build_minutes(recorder, meeting_id, a, language, frozen=False).text() for a in audiences]
    for nearby in NEARBY:
        smaller = recorder.snapshot(seal, around=meeting, nearby=nearby)
        frozen = SnapshotStore(store, Snapshot.parse(smaller))
        if [
            build_minutes(frozen, meeting_id, a, language, frozen=False).text() for a in audiences
        ] == printed:
            return smaller
    return recorder.snapshot(seal)


def frozen_store(store: Store, meeting_id: str) -> Store:
    """What the minutes of ``meeting_id`` are built from: the snapshot once they are approved with one,
    otherwise the partnership as it is."""
    from facilitator.approval import MinutesStatus, minutes_record  # noqa: PLC0415 - approval takes snapshots

    record = minutes_record(store, meeting_id)
    if record is None or record.status is not MinutesStatus.APPROVED or not record.approved_record:
        return store
    try:
        return SnapshotStore(store, Snapshot.parse(record.approved_record))
    except (ValueError, KeyError, TypeError, ValidationError) as error:
        raise DatabaseCorrupt(
            _("The approved record of these minutes is damaged, so they cannot be printed."),
            hint=_("Restore the partnership file from a backup made before the damage."),
        ) from error
