"""Fixtures of the exchange tests: the demo set up for exchange once per module, and laptops holding copies of it;
a new partnership file, and the way migration tests write records into a file an older version made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from facilitator.entities import AnyRecord
from facilitator.records import KIND_NAMES, record_to_dict
from facilitator.storage import Partnership, open_partnership
from facilitator.storage.database import _to_row
from tests.storage.exchange_helpers import copies, set_up_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, set up for exchange once (as a coordinator would before handing out copies)."""
    return set_up_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def laptops(template: Path, tmp_path: Path) -> Iterator[dict[str, Partnership]]:
    """Three laptops, a, b and c, each with its own copy of the template."""
    opened = copies(template, tmp_path, "abc")
    yield opened
    for partnership in opened.values():
        partnership.close()


@pytest.fixture
def store(db_path: Path) -> Iterator[Partnership]:
    """A new partnership file, open (a test module may ask for another ``store``)."""
    with open_partnership(db_path) as db:
        yield db


def clear(store: Partnership) -> None:
    """Empty every table, children first, so that examples cannot collide on ids or unique seats."""
    with store.atomic():
        store.db.execute("delete from membership_substitutes")
        for table in reversed(list(KIND_NAMES.values())):
            store.db.execute(f"delete from [{table}]")


def write_as_older_version(db: sqlite_utils.Database, *records: AnyRecord, **stored_as: object) -> None:
    """Write ``records`` into ``db``, a file migrated only up to an older version
    (``migrations.apply(db, stop_before=...)``), as that version wrote them: only the columns its tables have
    (later migrations add more). ``stored_as`` gives columns the values that version stored instead."""
    for record in records:
        table = db.table(KIND_NAMES[type(record)])
        columns = set(table.columns_dict)
        row = {**_to_row(type(record), record_to_dict(record)), **stored_as}
        table.insert({k: v for k, v in row.items() if k in columns})
