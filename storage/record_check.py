"""Whether the app can read every record of a partnership file (``facilitator check``, restoring a backup).

Every row of every kind is checked, every time. Making tens of thousands of records only to throw them away was
most of the time ``check`` took, so each table's columns are tested whole (``record_fields.plainly_read``: a few C
loops per column); a row whose values are all plainly of their field's type makes a record for certain, and every
other row is read by ``reading.row_to_record`` itself, so a problem is told in the very words reading it tells.
``unreadable_records(..., quick=False)`` reads every row that way (the tests compare the two).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection
from operator import itemgetter
from typing import Any

from facilitator.collector import collector_paused
from facilitator.entities import Membership, Record
from facilitator.i18n import _
from facilitator.record_fields import Plainly, constructs_plainly, flag_fields, plainly_read, required_fields
from facilitator.storage.reading import UnreadableRecord, json_columns, row_to_record

#: Foreign key check's rows: (table, rowid, parent table, index of the key).
References = list[tuple[Any, ...]]


def unreadable_records(
    conn: sqlite3.Connection,
    limit: int = 20,
    *,
    quick: bool = True,
    references: Callable[[], References] | None = None,
) -> list[str]:
    """What the app could not read in the open file: rows that make no record, and references SQLite's foreign
    key check finds broken (``references`` gives that check's rows when it is run elsewhere, on another thread;
    else it is run here). Empty when every record maps. Reads everything once; nothing is written."""
    with collector_paused():
        return _unreadable(conn, limit, quick=quick, references=references)


def _unreadable(
    conn: sqlite3.Connection,
    limit: int,
    *,
    quick: bool,
    references: Callable[[], References] | None,
) -> list[str]:
    from facilitator.records import KINDS  # noqa: PLC0415 - every kind of record, for this check only

    problems: list[str] = []
    tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    seats: dict[str, list[str]] = {}
    if "membership_substitutes" in tables:
        for membership_id, person in conn.execute(
            "select membership_id, representative_id from membership_substitutes order by position"
        ).fetchall():
            seats.setdefault(str(membership_id), []).append(str(person))
    for table, kind in KINDS.items():
        if table not in tables:
            continue
        cursor = conn.execute(f"select * from [{table}]")
        names = [c[0] for c in cursor.description]
        checks = _column_checks(kind, names) if quick else None
        rows: Collection[tuple[Any, ...]] | sqlite3.Cursor = cursor  # every row read as the window reads it
        if checks is not None:
            try:
                rows = _doubtful(cursor.fetchall(), checks)
            except sqlite3.OperationalError:  # text that is not UTF-8: found where reading row by row finds it
                rows = conn.execute(f"select * from [{table}]")
        for values in rows:
            try:
                row_to_record(kind, dict(zip(names, values, strict=True)), seats)
            except UnreadableRecord as error:
                problems.append(error.problem)
                if len(problems) >= limit:
                    return problems
    broken = broken_references(conn) if references is None else references()
    for table, rowid, parent, _fk in broken[:limit]:
        problems.append(
            _("{table} row {row} names a record of {parent} that is not there").format(
                table=table, row=rowid, parent=parent
            )
        )
    return problems[:limit]


def broken_references(conn: sqlite3.Connection) -> References:
    """SQLite's foreign key check of the whole file: a row for each reference to a record that is not there."""
    return [tuple(row) for row in conn.execute("PRAGMA foreign_key_check").fetchall()]


def _column_checks(kind: type[Record], names: list[str]) -> list[tuple[int, Plainly]] | None:
    """The test of each column of ``kind``'s table that can hold a value ``row_to_record`` would not take as
    it is, by position; None when rows of ``kind`` must each be read (a kind that checks its values when made,
    a column that is not a field, a field without a column, a field with no whole-column test)."""
    if not constructs_plainly(kind):
        return None
    tests = plainly_read(kind)
    given = set(names) | ({"substitute_ids"} if kind is Membership else set())
    if not set(names) <= tests.keys() or not required_fields(kind) <= given:
        return None
    stored_as_json = json_columns(kind)
    flags = flag_fields(kind)  # stored as 0 or 1; any value reads as true or false
    checks: list[tuple[int, Plainly]] = []
    for position, name in enumerate(names):
        if name in flags:
            continue
        test = tests[name]
        if test is None:
            return None
        checks.append((position, _as_json(test) if name in stored_as_json else test))
    return checks


def _as_json(test: Plainly) -> Plainly:
    """``test`` of values stored as JSON text (empty or NULL: the field's empty list)."""

    def plainly(values: Collection[Any]) -> bool:
        if not set(map(type, values)) <= {str, type(None)}:
            return False
        texts = set(values) - {None, ""}
        try:
            return test([json.loads(text) for text in texts])
        except (ValueError, RecursionError):
            return False

    return plainly


def _doubtful(rows: list[tuple[Any, ...]], checks: list[tuple[int, Plainly]]) -> list[tuple[Any, ...]]:
    """The rows, in their order, that hold a value some column's test does not take as it is."""
    doubtful: set[int] = set()
    for position, plainly in checks:
        column = list(map(itemgetter(position), rows))
        if not plainly(column):
            doubtful.update(i for i, value in enumerate(column) if not plainly((value,)))
    return [rows[i] for i in sorted(doubtful)]
