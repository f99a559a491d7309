"""``facilitator check``'s quick reading of every record (``storage/record_check.py``) says exactly what reading
each row through ``row_to_record`` says.

The quick path tests whole columns and calls a row "plainly fine" without making its record; every other row
is read by ``row_to_record``. Hypothesis writes rows of every kind with awkward values in any column (wrong
types, impossible dates, dates with and without a time zone, unknown codes, damaged or misshapen JSON, flags
as any number, NaN and infinities, NULL in required fields) and checks that (1) a row called fine does make
its record, (2) the problems reported are the same, in the same order, as when every row is read, and (3)
rows of plain, valid values are called fine (so the quick path is not quietly the slow one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import sqlite3
import types
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import entities
from facilitator.entities import Membership, QuorumRule, Record, Sector
from facilitator.errors import ValidationError
from facilitator.record_fields import _hints, constructs_plainly, plainly_read
from facilitator.records import KINDS
from facilitator.storage.reading import UnreadableRecord, row_to_record
from facilitator.storage.record_check import _column_checks, _doubtful, unreadable_records

Row = tuple[Any, ...]

#: Tables whose rows are each read by ``row_to_record``: a field has no whole-column test (a forum's quorum
#: rule, three or four forums in a partnership). Any other table here would make ``check`` slower unseen.
READ_ROW_BY_ROW = frozenset({"forums"})

_INT64 = st.integers(-(2**63), 2**63 - 1)
#: Texts that look like what a column holds, and are not quite.
_NEAR_MISSES = [
    "",
    " ",
    "0",
    "1",
    "true",
    "null",
    "None",
    "[]",
    "{}",
    "[",
    '"text"',
    "[1, 2]",
    '["a", 1]',
    '["a", null]',
    "[true]",
    "[[]]",
    '{"a": 1}',
    "NaN",
    '{"min_partners": true}',
    '{"min_partners": 2, "required_sectors": ["nonsense"]}',
    '{"min_partners": 2, "required_sectors": "health"}',
    '{"min_partners": 2, "deciders_only": 1}',
    '{"min_partners": 1.5}',
    "2026-12-07",
    "2026-13-01",
    "2026-02-30",
    "2026-12-07T09:30:00",
    "2026-12-07 09:30",
    "2026-12-07T25:00",
    "2026-12-07T09:30:00+01:00",
    "2026-12-07T09:30:00Z",
    "20261207",
    "09:30",
    "24:00",
    "9:30",
    "10:61",
    "not-a-code",
    "Health",
    "health ",
    "\u00e9",
]
#: Any value SQLite can hand back, and the near misses.
AWKWARD = st.one_of(
    st.none(),
    st.sampled_from([0, 1, 2, -1]),
    _INT64,
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, 1.5, float("nan"), float("inf")]),
    st.text(max_size=12),
    st.binary(max_size=6),
    st.sampled_from(_NEAR_MISSES),
    st.sampled_from([m.value for m in Sector]),
)


def _valid(hint: Any) -> st.SearchStrategy[Any]:
    """Values of ``hint`` as storage keeps them (before JSON columns are read)."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:  # a local date and time
        return st.datetimes().map(dt.datetime.isoformat)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in typing.get_args(hint) if a is not type(None))
        return st.one_of(st.none(), _valid(inner))
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return st.one_of(
            st.just(""), st.none(), st.lists(_plain(item), max_size=3).map(json.dumps)
        )
    if hint is QuorumRule:
        return st.fixed_dictionaries(
            {"min_partners": st.integers(0, 9)},
            optional={
                "required_sectors": st.lists(st.sampled_from([s.value for s in Sector]), max_size=2),
                "deciders_only": st.booleans(),
            },
        ).map(json.dumps)
    if hint is bool:
        return st.sampled_from([0, 1, None, 2])  # a flag reads any value as true or false
    return _plain(hint)


def _plain(hint: Any) -> st.SearchStrategy[Any]:
    if hint is str:
        return st.text(max_size=12)
    if hint is int:
        return _INT64
    if hint is float:
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), _INT64)
    if hint is bytes:
        return st.binary(max_size=6)
    if hint is dt.datetime:
        return st.datetimes(timezones=st.sampled_from([None, dt.UTC])).map(dt.datetime.isoformat)
    if hint is dt.date:
        return st.dates().map(dt.date.isoformat)
    if hint is dt.time:
        return st.times().map(dt.time.isoformat)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from([m.value for m in hint])
    raise AssertionError(f"no strategy for {hint!r}: add one, and a whole-column test in record_fields")


def _columns(kind: type[Record]) -> list[str]:
    return [f.name for f in dataclasses.fields(kind) if not (kind is Membership and f.name == "substitute_ids")]


@st.composite
def awkward_rows(draw: st.DrawFn) -> tuple[str, list[Row]]:
    """A table and a few rows of it: valid values, with awkward ones in some columns of some rows."""
    table = draw(st.sampled_from(sorted(KINDS)))
    kind = KINDS[table]
    hints = typing.get_type_hints(kind, include_extras=True)
    names = _columns(kind)
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        spoiled = draw(st.sets(st.sampled_from(names), max_size=3))
        rows.append(tuple(draw(AWKWARD if name in spoiled else _valid(hints[name])) for name in names))
    return table, rows


def _database(table: str, rows: list[Row]) -> sqlite3.Connection:
    """Every kind's table, without column types (so values stay as written), with ``rows`` in ``table``."""
    conn = sqlite3.connect(":memory:")
    for name, kind in KINDS.items():
        conn.execute(f"create table [{name}] ({', '.join(f'[{c}]' for c in _columns(kind))})")
    conn.execute("create table membership_substitutes (membership_id, representative_id, position)")
    width = len(_columns(KINDS[table]))
    conn.executemany(f"insert into [{table}] values ({', '.join('?' * width)})", rows)
    return conn


def _told(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """What ``unreadable_records`` tells of ``conn``, the same quick or row by row (the connection is closed)."""
    try:
        quick: list[str] = unreadable_records(conn, limit, references=lambda: [])
        assert quick == unreadable_records(conn, limit, quick=False, references=lambda: [])
    finally:
        conn.close()
    return quick


def _reads(table: str, row: Row) -> bool:
    kind = KINDS[table]
    try:
        row_to_record(kind, dict(zip(_columns(kind), row, strict=True)), {})
    except UnreadableRecord:
        return False
    return True


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(awkward_rows())
def test_a_row_called_fine_makes_its_record(example: tuple[str, list[Row]]) -> None:
    table, rows = example
    kind = KINDS[table]
    checks = _column_checks(kind, _columns(kind))
    doubtful = rows if checks is None else _doubtful(rows, checks)
    for row in rows:
        if not any(row is d for d in doubtful):
            assert _reads(table, row), (table, row)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(awkward_rows(), st.sampled_from([1, 2, 20]))
def test_quick_and_row_by_row_report_the_same_problems(example: tuple[str, list[Row]], limit: int) -> None:
    table, rows = example
    conn = _database(table, rows)
    try:
        quick: list[str] = unreadable_records(conn, limit, references=lambda: [])
        slow = unreadable_records(conn, limit, quick=False, references=lambda: [])
        stored = conn.execute(f"select * from [{table}]").fetchall()  # SQLite keeps NaN as NULL
    finally:
        conn.close()
    assert quick == slow
    assert len(slow) == min(limit, sum(not _reads(table, row) for row in stored))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_rows_of_plain_valid_values_are_never_read_one_by_one(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(sorted(set(KINDS) - READ_ROW_BY_ROW)))
    kind = KINDS[table]
    hints = typing.get_type_hints(kind, include_extras=True)
    rows = [
        tuple(data.draw(_valid(hints[name])) for name in _columns(kind))
        for _ in range(data.draw(st.integers(1, 3)))
    ]
    checks = _column_checks(kind, _columns(kind))
    assert checks is not None, f"{table} would be read row by row"
    assert _doubtful(rows, checks) == []
    assert all(_reads(table, row) for row in rows)


_MORE_NEAR_MISSES = [
    2**63 - 1,
    -(2**63),
    -0.0,
    float("inf"),
    float("-inf"),
    b"",
    b"x",
    b"\xff",
    '["a"]',
    '[""]',
    '[{"a": 1}]',
    "[1.5]",
    '{"min_partners": 2, "required_sectors": ["police"], "deciders_only": true}',
    '{"min_partners": -1}',
    '{"required_sectors": ["police"]}',
    '{"min_partners": 2, "required_sectors": [1]}',
    '{"min_partners": 2, "required_sectors": ["police"], "deciders_only": "yes"}',
    "2026-12-07T09:30:00.123456",
    "2026-12-07T09:30:00+00:00",
    "2026-12-07T09:30:00-05:00",
    "0001-01-01",
    "9999-12-31T23:59:59",
    "2026-W49-1",
    "09:30:00",
    "09:30:00+01:00",
    "T09:30",
    "１２",
]


def _codes() -> list[str]:
    """Every code of every kind of choice a record has (so one kind's code is tried in another's field)."""
    found: set[str] = set()
    for kind in KINDS.values():
        for hint in typing.get_type_hints(kind).values():
            for part in (hint, *typing.get_args(hint)):
                if isinstance(part, type) and issubclass(part, Enum):
                    found.update(m.value for m in part)
    return sorted(found)


EVERY_AWKWARD = [None, 0, 1, 2, -1, 1.0, 0.0, 1.5, float("nan"), *_NEAR_MISSES, *_MORE_NEAR_MISSES, *_codes()]


def _usual(hint: Any) -> object:
    """A valid stored value of ``hint``."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return "2026-12-07T09:30:00"
    if origin in (typing.Union, types.UnionType):
        return _usual(next(a for a in typing.get_args(hint) if a is not type(None)))
    if origin is tuple:
        return "[]"
    usual: dict[Any, object] = {
        str: "x",
        int: 1,
        bool: 1,
        float: 1.5,
        bytes: b"x",
        dt.datetime: "2026-12-07T09:30:00+00:00",
        dt.date: "2026-12-07",
        dt.time: "09:30",
        QuorumRule: '{"min_partners": 1}',
    }
    if isinstance(hint, type) and issubclass(hint, Enum):
        return next(iter(hint)).value
    return usual[hint]


EVERY_COLUMN = [(table, name) for table, kind in KINDS.items() for name in _columns(kind)]


@pytest.mark.parametrize(("table", "column"), EVERY_COLUMN, ids=[f"{t}.{c}" for t, c in EVERY_COLUMN])
def test_every_awkward_value_in_every_column(table: str, column: str) -> None:
    """Each awkward value alone in a row of usual values, and all of them together in one table."""
    kind = KINDS[table]
    names = _columns(kind)
    hints = typing.get_type_hints(kind, include_extras=True)
    usual = {name: _usual(hints[name]) for name in names}
    rows = [tuple(usual.values())] + [tuple((usual | {column: value}).values()) for value in EVERY_AWKWARD]
    assert _reads(table, rows[0])
    checks = _column_checks(kind, names)
    for row in rows:
        if checks is not None and _doubtful([row], checks) == []:
            assert _reads(table, row), (table, column, row[names.index(column)])
    if checks is not None:
        doubtful = _doubtful(rows, checks)
        fine = [row for row in rows if not any(row is d for d in doubtful)]
        assert all(_reads(table, row) for row in fine)
    _told(_database(table, rows), len(rows))


def test_only_the_tables_said_are_read_row_by_row() -> None:
    """A new kind, a field of a type with no whole-column test (``record_fields._plainly``), or a kind that
    checks its values when it is made (``__post_init__``: its rows must be made to be checked) makes ``check``
    read every row of its table one by one: say so here, or give the type a test."""
    by_row = {table for table, kind in KINDS.items() if _column_checks(kind, _columns(kind)) is None}
    assert by_row == READ_ROW_BY_ROW
    assert {t for t, k in KINDS.items() if None in plainly_read(k).values()} == READ_ROW_BY_ROW


@pytest.fixture
def partner_that_refuses(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Record]]:
    """``partners`` read as a kind that refuses some names when it is made (``__post_init__``)."""

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Partner(entities.Partner):
        def __post_init__(self) -> None:
            if self.name == "refused":
                raise ValidationError("name", "is refused when made")

    monkeypatch.setitem(KINDS, "partners", Partner)
    yield Partner


def test_a_kind_that_checks_itself_when_made_is_read_row_by_row(partner_that_refuses: type[Record]) -> None:
    assert not constructs_plainly(partner_that_refuses)
    assert _column_checks(partner_that_refuses, _columns(partner_that_refuses)) is None
    moment = "2026-12-07T09:30:00+00:00"
    rows = [
        ("p1", moment, moment, 0, "kept", "K", "police", "", "en"),
        ("p2", moment, moment, 0, "refused", "R", "police", "", "en"),
    ]
    assert len(rows[0]) == len(_columns(partner_that_refuses))
    assert _told(_database("partners", rows)) == ["partners p2: name: is refused when made"]


def test_a_plain_dataclass_kind_made_by_hand_is_not_plain() -> None:
    """A kind with an ``__init__`` of its own is read row by row too."""

    class Partner(entities.Partner):
        def __init__(self, **values: object) -> None:
            super().__init__(**values)  # type: ignore[arg-type]

    assert constructs_plainly(entities.Partner)
    assert not constructs_plainly(Partner)


def test_damaged_values_are_told_as_reading_tells_them() -> None:
    moment = "2026-12-07T09:30:00+00:00"
    kind = KINDS["agenda_items"]
    good = dict.fromkeys(_columns(kind), None) | {
        "id": "a1",
        "created": moment,
        "updated": moment,
        "archived": 0,
        "meeting_id": "m1",
        "position": 1,
        "title": "Welcome",
        "kind": "information",
        "minutes_allowed": 5,
        "confidentiality": "public",
        "restricted_to": "[]",
        "notes": "",
    }
    assert _reads("agenda_items", tuple(good.values()))
    rows = [
        tuple(good.values()),
        tuple((good | {"id": "a2", "kind": "nonsense"}).values()),
        tuple((good | {"id": "a3", "restricted_to": "[oops"}).values()),
        tuple((good | {"id": "a4", "position": "1"}).values()),
        tuple((good | {"id": "a5", "created": "2026-02-30T09:00"}).values()),
    ]
    assert [p.split(":")[0] for p in _told(_database("agenda_items", rows))] == [
        "agenda_items a2",
        "agenda_items a3",
        "agenda_items a4",
        "agenda_items a5",
    ]


@pytest.mark.parametrize(
    ("columns", "problem"),
    [
        (["id", "created", "updated", "archived", "short_name", "sector", "contact", "language"], "name"),
        (["id", "created", "updated", "archived", "name", "short_name", "sector", "contact", "language", "x"], "x"),
    ],
    ids=["a required field without its column", "a column that is no field"],
)
def test_a_table_not_shaped_like_its_kind_is_read_row_by_row(columns: list[str], problem: str) -> None:
    moment = "2026-12-07T09:30:00+00:00"
    usual = {"id": "p1", "created": moment, "updated": moment, "archived": 0, "sector": "police"}
    conn = _database("partners", [])
    conn.execute("drop table partners")
    conn.execute(f"create table partners ({', '.join(columns)})")
    conn.execute(
        f"insert into partners values ({', '.join('?' * len(columns))})", [usual.get(c, "") for c in columns]
    )
    found = _told(conn)
    assert len(found) == 1
    assert f"partners p1: {problem}:" in found[0]


def test_the_quick_type_hints_are_typings_own() -> None:
    for kind in KINDS.values():
        assert _hints(kind) == typing.get_type_hints(kind, include_extras=True), kind.__name__


@pytest.mark.parametrize("bad_rows_before", [0, 2])
def test_text_that_is_not_utf8_is_met_as_reading_meets_it(bad_rows_before: int) -> None:
    """SQLite hands back text it cannot decode as an error of the file; after ``limit`` problems, reading
    stops before it, quick or not."""
    moment = "2026-12-07T09:30:00+00:00"
    rows = [(f"p{i}", moment, moment, 0, "x", "X", "nonsense", "", "en") for i in range(bad_rows_before)]
    rows.append(("p9", moment, moment, 0, "x", "X", "police", "", "en"))
    conn = _database("partners", rows)
    try:
        conn.execute("update partners set contact = cast(x'ff' as text) where id = 'p9'")
        for quick in (True, False):
            if bad_rows_before:
                found = unreadable_records(conn, 2, quick=quick, references=lambda: [])
                assert [p.split(":")[0] for p in found] == ["partners p0", "partners p1"]
            else:
                with pytest.raises(sqlite3.OperationalError):
                    unreadable_records(conn, 2, quick=quick, references=lambda: [])
    finally:
        conn.close()


@pytest.mark.parametrize("collecting", [True, False])
def test_the_cycle_collector_is_left_as_it_was(collecting: bool) -> None:
    """The check holds Python's cycle collector off while it reads, and gives it back as it found it: after
    a sound file, after problems, and after an error of the file."""
    moment = "2026-12-07T09:30:00+00:00"
    conn = _database("partners", [("p1", moment, moment, 0, "x", "X", "nonsense", "", "en")])
    seen: list[bool] = []

    def references() -> list[tuple[str, int, str, int]]:
        seen.append(gc.isenabled())
        return []

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert len(unreadable_records(conn, references=references)) == 1
        assert gc.isenabled() is collecting
        conn.execute("update partners set contact = cast(x'ff' as text) where id = 'p1'")
        with pytest.raises(sqlite3.OperationalError):
            unreadable_records(conn, references=lambda: [])
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
        conn.close()
    assert seen == [False]  # held off while it read
