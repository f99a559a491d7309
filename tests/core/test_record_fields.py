"""Reading a record's fields: the quick readers (``record_fields._quick``) give exactly what the full reader gives,
or leave the value to it; and every kind has its table declared once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import record_fields
from facilitator.errors import ValidationError
from facilitator.records import KINDS

#: Every type hint a field of a record has.
HINTS = sorted(
    {hint for kind in KINDS.values() for hint in record_fields._hints(kind).values()}, key=repr
)
QUICK = [hint for hint in HINTS if record_fields._quick(hint) is not None]

ISO_TEXTS = st.sampled_from(
    [
        "2026-12-07",
        "2026-02-30",
        "0000-01-01",
        "2026-12-07T09:30:00",
        "2026-12-07T09:30:00+00:00",
        "2026-12-07T09:30:00.123456+01:00",
        "2026-12-07 09:30",
        "09:30",
        "24:00",
        "09:30:15",
        "agreed",
        "open",
        "done",
        "public",
        "",
        "x",
    ]
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    ISO_TEXTS,
    st.lists(st.one_of(st.text(max_size=4), st.integers(), st.none()), max_size=3),
    st.binary(max_size=4),
)


def _full(hint: Any, value: object) -> tuple[str, object]:
    try:
        return "read", record_fields._parse("field", hint, value)
    except ValidationError as error:
        return "refused", error.message


def test_most_hints_have_a_quick_reader() -> None:
    """The check below can fail only if quick readers exist: dates, flags, numbers, codes and lists have them."""
    assert {bool, int, dt.datetime, dt.date} <= set(QUICK)
    assert any(isinstance(hint, type) and issubclass(hint, record_fields.Enum) for hint in QUICK)


@pytest.mark.parametrize("hint", QUICK, ids=repr)
@given(value=VALUES)
def test_a_quick_reader_gives_what_the_full_reader_gives(hint: Any, value: object) -> None:
    quick = record_fields._quick(hint)
    assert quick is not None
    read = quick(value)
    if read is record_fields._SLOW:
        return  # the full reader reads it, and says what is wrong
    assert _full(hint, value) == ("read", read)
    assert type(read) is type(_full(hint, value)[1])


@pytest.mark.parametrize("hint", QUICK, ids=repr)
def test_members_and_dates_are_read_quickly(hint: Any) -> None:
    """The quick readers are used: the values this app writes never need the full reader."""
    samples: list[object] = [None, True, 3, "2026-12-07T09:30:00+00:00", "2026-12-07T09:30", "2026-12-07", "09:30"]
    samples += [["a", "b"]]
    if isinstance(hint, type) and issubclass(hint, record_fields.Enum):
        samples.append(next(iter(hint)).value)
    quick = record_fields._quick(hint)
    assert quick is not None
    assert any(quick(value) is not record_fields._SLOW for value in samples)


def test_every_kind_has_its_table_and_the_tables_their_kind() -> None:
    assert list(KINDS) == list(record_fields.TABLES.values())
    assert {kind.__name__ for kind in KINDS.values()} == set(record_fields.TABLES)
    for table, kind in KINDS.items():
        assert record_fields.table_of(kind) == table
