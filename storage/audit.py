"""The audit trail: every change to a record, field by field, written in the same transaction as the change.

``Partnership.put`` and ``discard`` call ``record_change`` with the row as stored before and the row written;
only fields that changed are recorded, in one ``executemany``. A record's creation and removal are one entry
each, with the whole record as JSON (field ``""``). Values are kept as JSON text so that a number stays a number.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from facilitator import clock
from facilitator.folders import host_name
from facilitator.frozen import frozen
from facilitator.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

AUDIT_TABLE = "audit"
#: Fields that change on every write and say nothing the entry's own time does not.
_NOT_AUDITED = frozenset({"updated"})
WHOLE_RECORD = ""


def system_user() -> str:
    """The name the operating system knows the user by."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def machine_name() -> str:
    """The computer's own name: what a laptop is called until the user gives it a name."""
    return host_name() or "?"


@frozen
class Author:
    """Who makes the changes: the coordinator's name from the settings, and the system user."""

    coordinator: str = ""
    user: str = ""
    laptop: str = ""  # the name the user gave this laptop (File → Exchange…)


@frozen
class AuditEntry:
    """One change of one field of one record."""

    seq: int
    at: str  # UTC, ISO
    coordinator: str
    user: str
    kind: str  # the record's table, e.g. "partners"
    record_id: str
    field: str  # "" for the whole record (created or removed)
    old: Any  # None when the record was created
    new: Any  # None when the record was removed
    laptop: str = ""  # which laptop the change was made on

    @property
    def action(self) -> str:
        """Created, removed or changed, in the user's words."""
        if self.field == WHOLE_RECORD:
            return _("created") if self.old is None else _("removed")
        return _("changed")

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for exports and the core)."""
        return {
            "seq": self.seq,
            "at": self.at,
            "coordinator": self.coordinator,
            "user": self.user,
            "kind": self.kind,
            "record_id": self.record_id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "laptop": self.laptop,
        }


def show(value: Any) -> str:
    """A value as text for the window and CSV."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=_bytes)


def _bytes(value: object) -> str:
    """A file's content in the trail: its size and digest, not its bytes (a logo must not bloat the trail)."""
    if isinstance(value, bytes):
        import hashlib  # noqa: PLC0415 - hashlib loads OpenSSL: only when a file's content is written

        return f"<{len(value)} bytes, sha256 {hashlib.sha256(value).hexdigest()[:16]}>"
    raise TypeError(f"{type(value).__name__} is not JSON")  # a programming error


def _unjson(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def has_audit(db: sqlite_utils.Database) -> bool:
    """Whether the file has the audit table (every file opened for writing by this version has it)."""
    return bool(
        db.execute(f"select 1 from sqlite_master where type = 'table' and name = '{AUDIT_TABLE}'").fetchone()
    )


def changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """The (field, old, new) triples between two stored rows; a creation or removal is one whole-record triple."""
    if old is None and new is None:
        return []
    if old is None:
        return [(WHOLE_RECORD, None, dict(new or {}))]
    if new is None:
        return [(WHOLE_RECORD, dict(old), None)]
    found = []
    for name in sorted(set(old) | set(new)):
        if name in _NOT_AUDITED:
            continue
        before, after = old.get(name), new.get(name)
        if before != after:
            found.append((name, before, after))
    return found


def record_change(
    db: sqlite_utils.Database,
    kind: str,
    record_id: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
    *,
    author: Author,
    at: str | None = None,
) -> int:
    """Write the changed fields of one record as audit entries (inside the caller's transaction).

    ``at`` is when the change was made, when that was not now (a change merged from another laptop)."""
    triples = changes(old, new)
    if not triples:
        return 0
    at = at or clock.now_precise().isoformat(timespec="milliseconds")
    columns = "at, coordinator, user, kind, record_id, field, old, new"
    values: list[tuple[str | None, ...]] = [
        (at, author.coordinator, author.user, kind, record_id, name, _json(before), _json(after))
        for name, before, after in triples
    ]
    if _has_laptop(db):
        columns += ", laptop"
        values = [(*row, author.laptop) for row in values]  # who made it on which laptop
    marks = ", ".join("?" for _c in columns.split(", "))
    db.conn.executemany(f"insert into {AUDIT_TABLE} ({columns}) values ({marks})", values)
    return len(triples)


def _has_laptop(db: sqlite_utils.Database) -> bool:
    # Files are migrated on opening for writing, so the column is there; a read-only file of an older version is
    # never written to.
    known = _LAPTOP_COLUMN.get(db)
    if known is None:
        known = _LAPTOP_COLUMN[db] = any(c.name == "laptop" for c in db.table(AUDIT_TABLE).columns)
    return known


#: Whether each open database's audit table has the laptop column (looked up once per connection).
_LAPTOP_COLUMN: weakref.WeakKeyDictionary[sqlite_utils.Database, bool] = weakref.WeakKeyDictionary()


def _entries(rows: Iterable[Mapping[str, Any]]) -> list[AuditEntry]:
    return [
        AuditEntry(
            seq=int(row["seq"]),
            at=str(row["at"]),
            coordinator=str(row["coordinator"] or ""),
            user=str(row["user"] or ""),
            kind=str(row["kind"]),
            record_id=str(row["record_id"]),
            field=str(row["field"]),
            old=_unjson(row["old"]),
            new=_unjson(row["new"]),
            laptop=str(row.get("laptop") or ""),
        )
        for row in rows
    ]


def history(db: sqlite_utils.Database, kind: str, record_id: str) -> list[AuditEntry]:
    """Every recorded change of one record (``kind`` is its table, e.g. ``"partners"``), oldest first."""
    if not has_audit(db):
        return []
    return _entries(
        db.query(
            f"select * from {AUDIT_TABLE} where kind = ? and record_id = ? order by seq", [kind, record_id]
        )
    )


def trail(db: sqlite_utils.Database, *, since: str | None = None) -> list[AuditEntry]:
    """The whole trail, oldest first (from ``since``, an ISO instant, when given)."""
    if not has_audit(db):
        return []
    if since:
        return _entries(db.query(f"select * from {AUDIT_TABLE} where at >= ? order by seq", [since]))
    return _entries(db.query(f"select * from {AUDIT_TABLE} order by seq"))


CSV_HEADER = ("when", "coordinator", "user", "kind", "record_id", "field", "old", "new", "laptop")


def audit_csv(entries: Iterable[AuditEntry]) -> str:
    """The entries as CSV text (UTF-8 with a header row; spreadsheet programs open it)."""
    import csv  # noqa: PLC0415 - only the audit command writes CSV: opening a file does not load it
    import io  # noqa: PLC0415

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for e in entries:
        writer.writerow(
            [
                e.at,
                e.coordinator,
                e.user,
                e.kind,
                e.record_id,
                e.field,
                _safe_cell(show(e.old)),
                _safe_cell(show(e.new)),
                e.laptop,
            ]
        )
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ is a formula to spreadsheet programs; a user's text must never run as one.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def mentioning(
    db: sqlite_utils.Database,
    record_ids: Collection[str],
    texts: Collection[str],
    matches: Callable[[str], bool] | None = None,
) -> list[AuditEntry]:
    """Entries about the records ``record_ids``, whose values contain any of ``texts`` (case-insensitively),
    or, when ``matches`` is given, any of whose texts it accepts (every entry is read for that)."""
    if not has_audit(db):
        return []
    wanted = [t for t in texts if t.strip()]
    conditions: list[str] = []
    params: list[str] = []
    if record_ids:
        conditions.append(f"record_id in ({', '.join('?' for _i in record_ids)})")
        params.extend(record_ids)
    for text in wanted:
        conditions.append("(instr(lower(old), lower(?)) > 0 or instr(lower(new), lower(?)) > 0)")
        params.extend([_json_fragment(text), _json_fragment(text)])
    if matches is not None:
        found = _entries(db.query(f"select * from {AUDIT_TABLE} order by seq"))
        chosen = set(record_ids)
        lowered = [t.casefold() for t in wanted]

        def about(entry: AuditEntry) -> bool:
            texts_in = list(_texts(entry.old)) + list(_texts(entry.new))
            return (
                entry.record_id in chosen
                or any(t in v.casefold() for v in texts_in for t in lowered)
                or any(matches(v) for v in texts_in)
            )

        return [e for e in found if about(e)]
    if not conditions:
        return []
    rows = db.query(f"select * from {AUDIT_TABLE} where {' or '.join(conditions)} order by seq", params)
    return _entries(rows)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)


def _json_fragment(text: str) -> str:
    """``text`` as it appears inside a JSON string (quotes and backslashes escaped)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _replace(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_replace(v, change) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, change) for k, v in value.items()}
    return value


def redact(
    db: sqlite_utils.Database,
    replacements: Mapping[str, str],
    *,
    record_id: str | None = None,
    fields: Mapping[str, str] | None = None,
    scrub: Callable[[str], str] | None = None,
) -> int:
    """Replace personal data in the trail (for an erasure or the retention rule); returns the entries changed.

    Every occurrence of a key of ``replacements`` (case-insensitively) in any old or new value is replaced by
    its value; ``scrub``, when given, is applied to every text of every entry (an erasure finds a person
    however they were written); and for the record ``record_id``, every past value of ``fields`` (also inside
    whole-record entries) becomes the value given. Runs in its own transaction.
    """
    if not has_audit(db):
        return 0
    texts = {k.casefold(): v for k, v in replacements.items() if k.strip()}
    pattern = (
        re.compile("|".join(re.escape(k) for k in sorted(texts, key=len, reverse=True)), re.IGNORECASE)
        if texts
        else None
    )

    def change(text: str) -> str:
        if pattern is not None:
            text = pattern.sub(lambda m: texts[m.group(0).casefold()], text)
        return scrub(text) if scrub is not None else text

    matches = (lambda text: scrub(text) != text) if scrub is not None else None
    candidates = mentioning(db, [record_id] if record_id else [], list(replacements), matches)
    updates = []
    for entry in candidates:
        old, new = _replace(entry.old, change), _replace(entry.new, change)
        if fields and entry.record_id == record_id:
            if entry.field in fields:
                old = fields[entry.field] if old is not None else None
                new = fields[entry.field] if new is not None else None
            for whole in (old, new):
                if entry.field == WHOLE_RECORD and isinstance(whole, dict):
                    whole.update({k: v for k, v in fields.items() if k in whole})
        if (old, new) != (entry.old, entry.new):
            updates.append((_json(old), _json(new), entry.seq))
    if updates:
        with db.atomic():
            db.conn.executemany(f"update {AUDIT_TABLE} set old = ?, new = ? where seq = ?", updates)
    return len(updates)


def count(db: sqlite_utils.Database) -> int:
    """How many entries the trail has."""
    if not db[AUDIT_TABLE].exists():  # a file older than the trail; any other failure is SQLite's to report
        return 0
    return int(db.execute(f"select count(*) from {AUDIT_TABLE}").fetchone()[0])
