"""An in-memory ``Store`` for testing operations without SQLite: records in dicts, transactions by copy."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from facilitator.entities import AnyRecord, R
from facilitator.errors import NotFound


class FakeStore:
    """Records by kind and id in dicts; ``atomic()`` copies them on entry and puts them back on error."""

    def __init__(self) -> None:
        self.tables: dict[type[AnyRecord], dict[str, AnyRecord]] = {}
        self.transactions = 0  # how many outermost transactions were committed

    def _table(self, kind: type[AnyRecord]) -> dict[str, AnyRecord]:
        return self.tables.setdefault(kind, {})

    def snapshot(self) -> dict[type[AnyRecord], dict[str, AnyRecord]]:
        """A copy of everything stored (records are frozen, so copying the dicts is enough)."""
        return {kind: dict(rows) for kind, rows in self.tables.items() if rows}

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Everything inside is kept, or, when an exception escapes, nothing is."""
        saved = {kind: dict(rows) for kind, rows in self.tables.items()}
        try:
            yield
        except BaseException:
            self.tables = saved
            raise
        self.transactions += 1

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record of ``kind`` with ``record_id``, or None."""
        record = self._table(kind).get(record_id)
        assert record is None or type(record) is kind
        return record  # type: ignore[return-value]

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id``; raises ``NotFound``."""
        record = self.find(kind, record_id)
        if record is None:
            raise NotFound(f"no {kind.__name__} {record_id}")
        return record

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        """Every record of ``kind`` in the order they were made, archived ones only when asked."""
        rows = [r for r in self._table(kind).values() if include_archived or not r.archived]
        return sorted(rows, key=lambda r: r.created)  # type: ignore[return-value]

    def put(self, record: AnyRecord) -> None:
        """Write ``record``, replacing the stored one with the same id."""
        self._table(type(record))[record.id] = record

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """Remove a record for good."""
        del self._table(kind)[record_id]
