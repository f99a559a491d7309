"""What the core needs from storage. ``facilitator.storage`` implements it on SQLite; tests may use any store."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from facilitator.entities import AnyRecord, R
from facilitator.errors import NotFound
from facilitator.i18n import _


class Store(Protocol):
    """Records by kind and id, written one user action at a time."""

    def atomic(self) -> AbstractContextManager[None]:
        """A transaction: everything inside is written, or nothing is."""
        ...

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record of ``kind`` with ``record_id``, or None."""
        ...

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id``; raises ``NotFound``."""
        ...

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        """Every record of ``kind``, archived ones only when asked."""
        ...

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The records of ``kind`` whose fields equal ``equals`` (for example a meeting's agenda items)."""
        ...

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """Only some fields of the live records of ``kind`` (as stored: enums as their codes), for counting
        over thousands of records without building each one."""
        ...

    def put(self, record: AnyRecord) -> None:
        """Write ``record``, replacing the stored one with the same id."""
        ...

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """Remove a record for good. Only undoing its creation may do this."""
        ...


def existing(record: R | None) -> R:
    """``record``, found by ``Store.find``; ``NotFound`` when there was none (what ``Store.get`` returns)."""
    if record is None:
        raise NotFound(_("The record you asked for no longer exists."))
    return record
