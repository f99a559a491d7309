"""Reading a partnership file: its checks on opening, and the core's ``Store`` for reading, on Python's own
``sqlite3`` only.

``Reader`` is what a read-only command opens (``open_reading``): the file is checked as ``open_partnership``
checks it (an SQLite file, ours, intact, of a schema this version reads) and its rows become the core's records,
without sqlite-utils (and the click and pluggy it loads), without the writer's lock, and importing only the
kinds of record it is asked for (``facilitator.record_fields``). ``database.Partnership`` is a ``Reader`` that
also writes: both read records with the same code, so a command's answer is the same whichever opened the file.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from facilitator import safe_files
from facilitator.entities import AnyRecord, Membership, R, Record
from facilitator.errors import (
    DatabaseCorrupt,
    DatabaseReadOnly,
    NewerSchema,
    NotADatabase,
    NotFound,
    OlderSchema,
    ValidationError,
)
from facilitator.i18n import _
from facilitator.record_fields import fields_from_dict, flag_fields, structured_fields, table_of
from facilitator.storage.quick_check import SOUND, file_uri
from facilitator.storage.schema import APPLICATION_ID, MIGRATION_SET, known_migrations
from facilitator.storage.sqlite_errors import not_readable, place_error, place_is_read_only
from facilitator.store import existing

SQLITE_HEADER = b"SQLite format 3\x00"


class Reader:
    """An open partnership file, read through one SQLite connection: the core's ``Store`` for reading (writing
    raises ``DatabaseReadOnly``; ``database.Partnership`` writes)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = True) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only
        #: True when the file was opened read-only because the disk, folder or file cannot be written.
        self.on_read_only_place = False

    # -- Store: reading ------------------------------------------------------------------------------------
    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record of ``kind`` with ``record_id``, or None."""
        rows = self._rows(f"select * from [{table_of(kind)}] where id = ?", [record_id])
        return self._record(kind, rows[0]) if rows else None

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id``; raises ``NotFound``."""
        return existing(self.find(kind, record_id))

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        """Every record of ``kind``, in the order they were made."""
        return self.where(kind, {}, include_archived=include_archived)

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The records of ``kind`` whose columns equal ``equals`` (for example a partner's representatives)."""
        conditions = [f"[{column}] = :{column}" for column in equals]
        if not include_archived:
            conditions.append("archived = 0")
        where = f"where {' and '.join(conditions)}" if conditions else ""
        rows = self._rows(f"select * from [{table_of(kind)}] {where} order by created, id", equals)
        if kind is Membership:
            substitutes = self._substitutes()
            return [self._record(kind, row, substitutes) for row in rows]
        return [self._record(kind, row) for row in rows]

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """Some columns of the live records of ``kind``, as stored (enums as their codes)."""
        known = set(KIND_FIELDS(kind))
        if not set(fields) <= known or not set(equals or {}) <= known:
            raise ValueError(f"unknown fields of {kind.__name__}")  # a programming error, not a user's
        conditions = [f"[{column}] = :{column}" for column in equals or {}] + ["archived = 0"]
        columns = ", ".join(f"[{f}]" for f in fields)
        sql = f"select {columns} from [{table_of(kind)}] where {' and '.join(conditions)}"
        return [tuple(row) for row in self.conn.execute(sql, equals or {}).fetchall()]

    # -- Store: writing (a reader refuses) ----------------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """A reader writes nothing: ``DatabaseReadOnly``."""
        self._writable()
        yield

    def put(self, record: AnyRecord) -> None:
        """A reader writes nothing: ``DatabaseReadOnly``."""
        self._writable()

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """A reader writes nothing: ``DatabaseReadOnly``."""
        self._writable()

    def _writable(self) -> None:
        if self.read_only:
            raise DatabaseReadOnly(
                _("This partnership file is open read-only."),
                hint=_("Close it and open it again for writing when no one else has it open."),
            )

    # -- helpers --------------------------------------------------------------------------------------------
    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def _substitutes(self, membership_id: str | None = None) -> dict[str, list[str]]:
        sql = "select membership_id, representative_id from membership_substitutes"
        params: list[str] = []
        if membership_id is not None:
            sql += " where membership_id = ?"
            params.append(membership_id)
        found: dict[str, list[str]] = {}
        for membership, person in self.conn.execute(sql + " order by position", params).fetchall():
            found.setdefault(membership, []).append(person)
        return found

    def _record(
        self, kind: type[R], row: dict[str, Any], substitutes: dict[str, list[str]] | None = None
    ) -> R:
        if kind is Membership and substitutes is None:
            substitutes = self._substitutes(str(row.get("id")))
        try:
            return row_to_record(kind, row, substitutes)
        except UnreadableRecord as error:
            raise UnreadableRecord(
                _("The partnership file {path} holds a record this app cannot read ({problem}).").format(
                    path=self.path, problem=error.problem
                ),
                hint=_("Restore it from a backup (`facilitator backups --db PATH` lists them)."),
                problem=error.problem,
            ) from error

    def close(self) -> None:
        """Close the connection (a reader leaves no empty ``-wal`` behind)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self.read_only:
            tidy_after_reading(self.path)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- rows and records --------------------------------------------------------------------------------------------


class UnreadableRecord(DatabaseCorrupt):
    """A row that does not make a record of its kind (bad JSON in a column, a value of the wrong type): the
    file was changed outside this app, or restored from something that is not quite a partnership file."""

    def __init__(self, message: str, *, hint: str = "", problem: str = "") -> None:
        super().__init__(message, hint=hint)
        self.problem = problem or message


def json_columns(kind: type[Record]) -> frozenset[str]:
    """The columns of ``kind`` that hold JSON text."""
    # A membership's substitutes live in their own table (with foreign keys), not as JSON.
    return structured_fields(kind) - {"substitute_ids"} if kind is Membership else structured_fields(kind)


def from_row(kind: type[Record], row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as the plain data of a record (JSON columns read, flags as true or false)."""
    json_fields = json_columns(kind)
    flags = flag_fields(kind)
    data = {}
    for key, value in row.items():
        if key in json_fields:
            data[key] = json.loads(value) if value else ({} if key == "quorum" else [])
        elif key in flags:
            data[key] = bool(value)
        else:
            data[key] = value
    return data


def row_to_record(kind: type[R], row: dict[str, Any], substitutes: dict[str, list[str]] | None = None) -> R:
    """The record of ``kind`` stored in ``row``; ``UnreadableRecord`` naming the table, row and field when
    the row does not make one (types only: the core's rules were applied when the record was written)."""
    where = f"{table_of(kind)} {row.get('id')!s:.40}"
    try:
        data = from_row(kind, row)
    except (ValueError, TypeError) as error:  # json.JSONDecodeError is a ValueError
        raise UnreadableRecord(
            where, problem=_("{where}: a column holds damaged data").format(where=where)
        ) from error
    if kind is Membership:
        data["substitute_ids"] = (substitutes or {}).get(str(row.get("id")), [])
    try:
        return fields_from_dict(kind, data)
    except ValidationError as error:
        raise UnreadableRecord(where, problem=f"{where}: {error.message}") from error
    except (ValueError, TypeError) as error:
        raise UnreadableRecord(where, problem=f"{where}: {error}") from error


def KIND_FIELDS(kind: type[Record]) -> tuple[str, ...]:
    """The column names of a kind's table."""
    import dataclasses  # noqa: PLC0415

    return tuple(f.name for f in dataclasses.fields(kind))


# --- opening -----------------------------------------------------------------------------------------------------


def read_header(path: Path) -> bytes:
    """The first bytes of ``path`` (where SQLite writes its header), refusing what is not an ordinary file:
    a folder, a device such as ``/dev/zero``, a pipe that would never end."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise NotADatabase(_("{path} is a folder, not a partnership file.").format(path=path))
        if not stat.S_ISREG(mode):
            raise NotADatabase(
                _("{path} is not a file but a device or a pipe.").format(path=path),
                hint=_("Choose a partnership file (it ends in .sqlite)."),
            )
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise DatabaseReadOnly(
            _("You are not allowed to read {path}.").format(path=path),
            hint=_("Ask whoever manages this computer for access to the file."),
        ) from error
    except IsADirectoryError as error:
        raise NotADatabase(_("{path} is a folder, not a partnership file.").format(path=path)) from error
    except FileNotFoundError as error:
        raise NotFound(_("There is no partnership file at {path}.").format(path=path)) from error


def check_header(path: Path) -> None:
    """``NotADatabase`` when ``path`` holds something other than an SQLite database (an empty file passes)."""
    head = read_header(path)
    if head and head != SQLITE_HEADER:
        raise NotADatabase(
            _("{path} is not a partnership file.").format(path=path),
            hint=_("Choose a file that this app created (it ends in .sqlite), or create a new one."),
        )


def read_connection(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection to ``path``, and whether the place it is in cannot be written.

    First through SQLite's locks (``mode=ro``), so that changes still in the WAL of a file open elsewhere are
    seen. On a read-only medium or folder, or a full disk, SQLite cannot make the shared memory a WAL file is
    read through; then, if there is no WAL with changes in it, the file is read as immutable, which needs
    nothing beside it. Errors of the file itself (damage) are left to the caller's checks.
    """
    conn = sqlite3.connect(f"{file_uri(path.resolve())}?mode=ro", uri=True, check_same_thread=True)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.Error as error:
        conn.close()
        if place_error(error, path) is None or _wal_has_changes(path):
            raise
        conn = sqlite3.connect(
            f"{file_uri(path.resolve())}?mode=ro&immutable=1", uri=True, check_same_thread=True
        )
        return conn, True
    return conn, place_is_read_only(path)


def _wal_has_changes(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def tidy_after_reading(path: Path) -> None:
    """Remove the empty ``-wal``/``-shm`` that a read-only connection to a WAL file made and cannot remove.

    A read-write connection that closes as the last one deletes them (SQLite's own locks decide whether it is
    the last). Only an empty ``-wal`` is tidied, so nothing is ever checkpointed into the file by this.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size != 0:
            return
    except OSError:
        return
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(path), check_same_thread=True)
        try:
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("select count(*) from sqlite_master").fetchone()
        finally:
            conn.close()


def partnership_id(db: _Executes) -> str:
    """The partnership's own id (every copy of a partnership file has the same one); ``db`` is a connection,
    or sqlite-utils' database over one."""
    row = db.execute("select id from partnership").fetchone()
    return str(row[0]) if row else ""


class _Executes(Protocol):
    def execute(self, sql: str, /) -> sqlite3.Cursor: ...


#: Tables a ``Reader`` never reads: the audit trail and the search index (its tables, and the FTS5 shadow
#: tables, all begin with ``search_``). The commands that read them open the file with sqlite-utils
#: (``open_partnership``), which checks every table.
UNREAD_BY_READERS = ("audit",)
UNREAD_PREFIX = "search_"


def read_by_readers(table: str) -> bool:
    """Whether a ``Reader`` may read ``table`` (every table but the audit trail and the search index)."""
    return table not in UNREAD_BY_READERS and not table.startswith(UNREAD_PREFIX)


def _quick_check(conn: sqlite3.Connection, *, readers_only: bool) -> str:
    """SQLite's quick check of the whole file, or (``readers_only``) of every table a ``Reader`` reads, with
    its indexes: "ok", or the first problem found."""
    if not readers_only:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    tables = conn.execute(
        "select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%'"
    ).fetchall()
    for (table,) in tables:
        if read_by_readers(table):
            quoted = '"' + table.replace('"', '""') + '"'
            found = str(conn.execute(f"PRAGMA quick_check({quoted})").fetchone()[0])
            if found != "ok":
                return found
    return "ok"


def check_contents(
    path: Path, conn: sqlite3.Connection, checked: str | None = None, *, readers_only: bool = False
) -> None:
    """``NotADatabase`` when the file is not ours, ``DatabaseCorrupt`` when SQLite's quick check fails.

    ``checked``: the quick check's answer already found on another connection (``quick_check_apart``, run on a
    worker while the window starts); only a sound answer is taken, anything else is checked again here.

    ``readers_only`` checks only the tables a ``Reader`` reads (``read_by_readers``): a read-only command is
    then refused for damage in anything it reads, in the same words, and does not spend two thirds of the check
    on the audit trail and the search index, which it never reads (on the 10-year demo, 27 of 37 MB). Damage
    there is found where those are read or written: opening the file for writing, ``check``, backups."""
    try:
        check = checked if checked == SOUND else _quick_check(conn, readers_only=readers_only)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("select count(*) from sqlite_master where type = 'table'").fetchone()[0]
    except sqlite3.Error as error:
        # A full disk or a read-only place is told as what it is; only the file's own failure is "damaged".
        raise not_readable(error, path) from error
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise NotADatabase(
            _("{path} is an SQLite database, but not one made by this app.").format(path=path),
            hint=_("Choose a partnership file, or create a new one. The file was not changed."),
        )
    if check != SOUND:
        raise DatabaseCorrupt(
            _("The partnership file {path} is damaged, so it will not be written to.").format(path=path),
            hint=_("Restore it from a backup."),
        )


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations applied to the file, in the order they were applied (none in a new file)."""
    has_table = conn.execute(
        "select count(*) from sqlite_master where type = 'table' and name = '_sqlite_migrations'"
    ).fetchone()[0]
    if not has_table:
        return []
    rows = conn.execute(
        "select name from _sqlite_migrations where migration_set = ? order by rowid", [MIGRATION_SET]
    ).fetchall()
    return [str(name) for (name,) in rows]


def check_schema(path: Path, conn: sqlite3.Connection, known: list[str]) -> list[str]:
    """The migrations applied to the file; ``NewerSchema`` when one is not ``known`` to this version."""
    applied = applied_migrations(conn)
    if any(name not in known for name in applied):
        raise NewerSchema(
            _("{path} was written by a newer version of this app.").format(path=path),
            hint=_("Install the newer version to open it. The file was not changed."),
        )
    return applied


def older_schema(path: Path) -> OlderSchema:
    """What a read-only opening says of a file that migrations would have to upgrade first."""
    return OlderSchema(
        _("{path} was made by an older version and must be upgraded before it can be read.").format(path=path),
        hint=_("Open it for writing once; a copy of the old file is kept beside it."),
    )


def open_reading(path: Path | str) -> Reader:
    """Open the partnership file at ``path`` for reading only (no writer lock: a file open in the window can
    still be read), with the checks and the errors of ``open_partnership(path, read_only=True)``."""
    path = Path(path).expanduser()
    try:
        return _open_reading(path)
    except (DatabaseCorrupt, NotADatabase) as error:
        from facilitator.storage.backup import damaged  # noqa: PLC0415 - only for a damaged file

        raise damaged(path, error) from error


def _open_reading(path: Path) -> Reader:
    if safe_files.too_long_for_windows(path):
        raise safe_files.path_too_long(path)  # Windows would say "not found", and SQLite "cannot open"
    if not path.exists():
        raise NotFound(_("There is no partnership file at {path}.").format(path=path))
    check_header(path)
    if path.stat().st_size == 0:
        raise NotADatabase(
            _("{path} is empty: it holds no partnership yet.").format(path=path),
            hint=_("Choose another file, or open this one for writing to start a new partnership in it."),
        )
    conn, on_read_only_place = read_connection(path)
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        check_contents(path, conn, readers_only=True)
        known = known_migrations()
        applied = check_schema(path, conn, known)
        if any(name not in applied for name in known):
            raise older_schema(path)
    except BaseException:
        conn.close()
        tidy_after_reading(path)
        raise
    reader = Reader(path, conn)
    reader.on_read_only_place = on_read_only_place
    return reader
