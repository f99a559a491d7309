"""A dict-backed ``facilitator.store.Store`` for core tests that need no SQLite.

Import it as ``from tests.core.fakes import MemoryStore`` (pytest's importlib mode registers ``tests`` as a
package); ``without_timestamps`` compares two stores built alike. Transactions are real enough to test
all-or-nothing: ``atomic()`` copies the tables on entry and puts them back when an exception escapes; nested
blocks behave like savepoints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import cast

from facilitator.entities import AnyRecord, R
from facilitator.errors import NotFound


class MemoryStore:
    """Records by kind and id, in the order they were first put (as SQLite's rowid order keeps them)."""

    def __init__(self) -> None:
        self.tables: dict[type[AnyRecord], dict[str, AnyRecord]] = {}
        self.commits = 0  # outermost transactions that ended without an exception
        self._depth = 0

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Everything inside is kept, or, when an exception escapes, nothing is."""
        saved = {kind: dict(rows) for kind, rows in self.tables.items()}
        self._depth += 1
        try:
            yield
        except BaseException:
            self.tables = saved
            raise
        finally:
            self._depth -= 1
        if self._depth == 0:
            self.commits += 1

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record of ``kind`` with ``record_id``, or None."""
        return cast("R | None", self.tables.get(kind, {}).get(record_id))

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id``; raises ``NotFound``."""
        record = self.find(kind, record_id)
        if record is None:
            raise NotFound(f"no {kind.__name__} {record_id}")
        return record

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        """Every record of ``kind`` by creation time, then by insertion; archived ones only when asked."""
        rows = [r for r in self.tables.get(kind, {}).values() if include_archived or not r.archived]
        return cast("list[R]", sorted(rows, key=lambda r: r.created))

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The records of ``kind`` whose fields equal ``equals``."""
        return [
            r
            for r in self.all(kind, include_archived=include_archived)
            if all(getattr(r, name) == value for name, value in equals.items())
        ]

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """Some fields of the live records of ``kind``, enums as their codes (as SQLite stores them)."""

        def plain(value: object) -> object:
            return getattr(value, "value", value)

        return [tuple(plain(getattr(r, f)) for f in fields) for r in self.where(kind, equals or {})]

    def put(self, record: AnyRecord) -> None:
        """Write ``record``, replacing the stored one with the same id (keeping its place)."""
        self.tables.setdefault(type(record), {})[record.id] = record

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """Remove a record for good."""
        del self.tables.setdefault(kind, {})[record_id]

    def snapshot(self) -> dict[type[AnyRecord], dict[str, AnyRecord]]:
        """A copy of every non-empty table, to compare states before and after an edit."""
        return {kind: dict(rows) for kind, rows in self.tables.items() if rows}

    def count(self) -> int:
        """How many records are stored, of every kind."""
        return sum(len(rows) for rows in self.tables.values())


def without_timestamps(store: MemoryStore) -> dict[str, object]:
    """The JSON document of ``store`` without the moments it was exported and each record was written: what two
    stores built the same way have in common."""
    # Imported here: the JSON document loads every kind's module, and tests of what the operations load on their
    # own (tests/core/test_rules.py) import this fake store.
    from facilitator.document import build_document

    document = build_document(store)
    document.pop("exported_at")
    for rows in document.values():
        if isinstance(rows, list):
            for row in rows:
                row.pop("created")
                row.pop("updated")
    return document
