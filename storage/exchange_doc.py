"""The replicated record of changes: a pycrdt document (Yjs' data model) laid out for our records.

One map per kind of record (named as in ``records.KINDS``), holding one entry per value written to a field:
``record_id/field/stamp`` → the value and who wrote it when, as JSON text (pycrdt would turn whole numbers into
floats). A new value for a field removes the entries it replaces, so what is left for a field are its *heads*:
one after ordinary editing, two or more when laptops edited it before exchanging. pycrdt merges documents in any
order, any number of times, to the same state, and drops the content of removed entries, so nothing replaced
stays in a file. ``facilitator.merging.standing`` says which head stands.

The pseudo-field ``~`` says whether the record exists (a record removed on a laptop, or that gave way to a rule).
A map ``meta`` holds facts about the partnership: its id and the people erased.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from pycrdt import Doc, Map, MapEvent

from facilitator.frozen import frozen
from facilitator.merging import EXISTS, standing
from facilitator.records import KINDS

META = "meta"
ERASED = "erased/"
PARTNERSHIP = "partnership"


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: No value: a field never written in the document.
MISSING: Any = _Missing()

FieldKey = tuple[str, str, str]  # kind, record id, field


@frozen
class Write:
    """One value written to one field of one record, by a laptop and person at a moment."""

    kind: str
    record_id: str
    field: str
    stamp: str
    value: Any
    at: str  # UTC, ISO, milliseconds
    laptop: str = ""
    person: str = ""  # the coordinator's name on that laptop
    user: str = ""  # the system user
    lock: bool = False  # written with approved minutes: it stands over any other head
    was: Any = MISSING  # the value it replaced, as its laptop saw it
    instead: tuple[Any, ...] = ()  # values that gave way to a rule when this one was written
    reason: str = ""  # the rule's words

    @property
    def key(self) -> str:
        """The entry's key in its kind's map."""
        return f"{self.record_id}/{self.field}/{self.stamp}"

    def envelope(self) -> str:
        """The entry's value: everything but the key, as JSON text."""
        data: dict[str, Any] = {"v": self.value, "t": self.at, "l": self.laptop, "p": self.person}
        if self.user:
            data["u"] = self.user
        if self.lock:
            data["k"] = 1
        if self.was is not MISSING:
            data["w"] = self.was
        if self.instead:
            data["x"] = list(self.instead)
            data["r"] = self.reason
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def as_dict(self) -> dict[str, Any]:
        """What the coordinator is shown of it (value, when, where, who), as plain data."""
        return {"value": self.value, "at": self.at, "laptop": self.laptop, "person": self.person}


def parse(kind: str, key: str, text: str) -> Write:
    """The write stored under ``key`` of ``kind``'s map."""
    record_id, field_name, stamp = key.rsplit("/", 2)
    data = json.loads(text)
    return Write(
        kind=kind,
        record_id=record_id,
        field=field_name,
        stamp=stamp,
        value=data.get("v"),
        at=str(data.get("t", "")),
        laptop=str(data.get("l", "")),
        person=str(data.get("p", "")),
        user=str(data.get("u", "")),
        lock=bool(data.get("k")),
        was=data.get("w", MISSING),
        instead=tuple(data.get("x", ())),
        reason=str(data.get("r", "")),
    )


@dataclass
class ExchangeDoc:
    """A partnership's replicated record of changes, with an index of every field's heads."""

    doc: Doc[Any] = field(default_factory=Doc)
    #: kind and record id -> field -> stamp -> the write (None until it is first read: most never are)
    heads: dict[tuple[str, str], dict[str, dict[str, Write | None]]] = field(default_factory=dict)
    touched: set[FieldKey] = field(default_factory=set)
    _counter: int = 0
    _roots: dict[str, Map[str]] = field(default_factory=dict)
    _listening: bool = False  # only merges are observed: local writes index themselves at once
    _subscriptions: list[Any] = field(default_factory=list)  # kept alive, or pycrdt stops telling

    @classmethod
    def load(cls, *updates: bytes) -> ExchangeDoc:
        """The document from its saved updates (none: a new, empty one)."""
        made = cls()
        for update in updates:
            made.doc.apply_update(update)
        for name in KINDS:
            root = made.root(name)
            for key in list(root.keys()):  # values are read when first needed: most never are
                record_id, field_name, stamp = key.rsplit("/", 2)
                made.heads.setdefault((name, record_id), {}).setdefault(field_name, {})[stamp] = None
            made._subscriptions.append(root.observe(made._changed(name)))
        made.root(META)
        made.touched.clear()
        return made

    def root(self, name: str) -> Map[str]:
        """The map of one kind of record (or ``meta``)."""
        found = self._roots.get(name)
        if found is None:
            found = self._roots[name] = self.doc.get(name, type=Map)
        return found

    # -- reading ---------------------------------------------------------------------------------------------
    def heads_of(self, kind: str, record_id: str, field_name: str) -> list[Write]:
        """The field's heads, the one that stands first."""
        found = self.heads.get((kind, record_id), {}).get(field_name)
        if not found:
            return []
        for stamp, write in found.items():
            if write is None:
                key = f"{record_id}/{field_name}/{stamp}"
                found[stamp] = parse(kind, key, self.root(kind)[key])
        return standing(field_name, cast(list[Write], list(found.values())))

    def value_of(self, kind: str, record_id: str, field_name: str) -> Any:
        """The value that stands for a field, or ``MISSING`` when the document has none."""
        heads = self.heads_of(kind, record_id, field_name)
        return heads[0].value if heads else MISSING

    def fields_of(self, kind: str, record_id: str) -> list[str]:
        """The fields of a record the document holds values for."""
        return sorted(self.heads.get((kind, record_id), {}))

    def writes(self) -> Iterator[Write]:
        """Every write the document holds."""
        for (kind, record_id), by_field in list(self.heads.items()):
            for name in list(by_field):
                yield from self.heads_of(kind, record_id, name)

    def meta(self) -> dict[str, str]:
        """The partnership's facts: its id and who was erased."""
        return {key: str(value) for key, value in self.root(META).items()}

    # -- writing (inside ``transaction``) --------------------------------------------------------------------
    def write(self, new: Write, *, replacing: list[Write] | None = None) -> Write:
        """Store ``new`` (its stamp is given here), removing the field's heads it replaces (all, by default)."""
        self._counter += 1
        stamped = Write(**{**new.__dict__, "stamp": f"{self.doc.client_id:x}.{self._counter}"})
        root = self.root(new.kind)
        gone = self.heads_of(new.kind, new.record_id, new.field) if replacing is None else replacing
        for old in gone:
            self.drop(old)
        root[stamped.key] = stamped.envelope()
        self._index(stamped)
        return stamped

    def rewrite(self, old: Write, new: Write) -> None:
        """Replace the content of an entry, keeping its key (to take erased personal data out of it)."""
        self.root(old.kind)[old.key] = new.envelope()
        self._unindex(old)
        self._index(new)

    def drop(self, old: Write) -> None:
        """Remove one entry (a head that repeats the value that stands)."""
        root = self.root(old.kind)
        if old.key in root:
            del root[old.key]
        self._unindex(old)

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the partnership."""
        self.root(META)[key] = value

    def transaction(self) -> Any:
        """One change of the document: its writes travel together."""
        return self.doc.transaction()

    # -- merging ---------------------------------------------------------------------------------------------
    def apply(self, update: bytes) -> None:
        """Merge another copy's state (or part of it); ``touched`` gathers the fields whose heads changed."""
        self._listening = True
        try:
            self.doc.apply_update(update)
        finally:
            self._listening = False

    def state(self) -> bytes:
        """The whole document as one update: what is saved and what an exchange file carries."""
        return bytes(self.doc.get_update())

    def _changed(self, kind: str) -> Any:
        def observe(event: MapEvent) -> None:
            if not self._listening:
                return
            for key, change in event.keys.items():  # type: ignore[attr-defined]
                if change["action"] in ("delete", "update"):
                    self._unindex(parse(kind, key, change["oldValue"]))
                if change["action"] in ("add", "update"):
                    self._index(parse(kind, key, change["newValue"]))

        return observe

    def _index(self, write: Write) -> None:
        self.heads.setdefault((write.kind, write.record_id), {}).setdefault(write.field, {})[write.stamp] = (
            write
        )
        self.touched.add((write.kind, write.record_id, write.field))

    def _unindex(self, write: Write) -> None:
        by_field = self.heads.get((write.kind, write.record_id), {})
        by_stamp = by_field.get(write.field, {})
        by_stamp.pop(write.stamp, None)
        if not by_stamp:
            by_field.pop(write.field, None)
        self.touched.add((write.kind, write.record_id, write.field))


def exists_in(doc: ExchangeDoc, kind: str, record_id: str) -> bool | None:
    """Whether the document says the record exists (None: it says nothing; the record was there from the start)."""
    value = doc.value_of(kind, record_id, EXISTS)
    return None if value is MISSING else bool(value)
