"""A partnership file: one SQLite database opened safely, as a ``Store`` for the core.

Opening checks, in order, that the file is SQLite, is ours, is intact, is not newer than this app, and is not
being written by another copy; only then is anything written (migrations, after a copy is set aside). Expected
failures raise the user-facing errors of ``facilitator.errors``; nothing is changed on disk when they do.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator import clock, safe_files
from facilitator.entities import AnyRecord, Forum, Membership, Record
from facilitator.errors import (
    DatabaseCorrupt,
    DatabaseReadOnly,
    KnownError,
    NotADatabase,
    NotFound,
)
from facilitator.i18n import _
from facilitator.record_fields import TABLES, fields_from_dict, record_to_dict, table_of
from facilitator.storage import audit, schema, search_index, shared_places
from facilitator.storage.lock import WriterLock
from facilitator.storage.quick_check import file_uri
from facilitator.storage.reading import (
    KIND_FIELDS,
    Reader,
    UnreadableRecord,
    applied_migrations,
    check_contents,
    check_header,
    check_schema,
    from_row,
    json_columns,
    older_schema,
    read_connection,
    read_header,
    row_to_record,
    tidy_after_reading,
)
from facilitator.storage.schema import MIGRATION_SET, known_migrations
from facilitator.storage.sqlite_errors import place_is_read_only, plain_errors

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "KIND_FIELDS",
    "Partnership",
    "UnreadableRecord",
    "file_uri",
    "open_partnership",
    "plain_errors",
    "read_connection",
    "read_header",
    "row_to_record",
    "tidy_after_reading",
]


class Partnership(Reader):
    """An open partnership file: the core's ``Store`` on SQLite (reading as a ``Reader`` does, and writing)."""

    def __init__(
        self,
        path: Path,
        db: sqlite_utils.Database | sqlite3.Connection,
        *,
        read_only: bool,
        lock: WriterLock | None,
    ):
        if isinstance(db, sqlite3.Connection):
            super().__init__(path, db, read_only=read_only)
            self._db: sqlite_utils.Database | None = None
        else:
            super().__init__(path, db.conn, read_only=read_only)
            self._db = db
        self._lock = lock
        self.migrated_from: Path | None = None
        #: Who the audit trail names for changes made through this connection (the window sets the coordinator).
        self.author = audit.Author(user=audit.system_user(), laptop=audit.machine_name())
        #: When the changes written now were made, if not now (changes merged from another laptop keep their time).
        self.changed_at: str | None = None
        #: The day's automatic backup made on opening, or why it could not be made (the window tells the user).
        self.backed_up_to: Path | None = None
        self.backup_problem: KnownError | None = None
        #: Temporary copies of killed processes and worthless copies removed on opening (``remove_leftovers``).
        self.removed_leftovers: list[Path] = []
        #: Where the file is: this laptop's disk, a network drive or a synchronised folder (``shared_places``).
        self.place: shared_places.Place = shared_places.LOCAL
        #: SQLite's journal mode, as SQLite answered: "wal" on the laptop's disk, "delete" where WAL cannot work.
        self.journal_mode = ""
        self._audited: bool | None = None
        #: How deep the transactions of ``atomic`` are: the outermost one brings the search index up to date.
        self._depth = 0
        #: What the search index still needs once the file is open (``search_index.prepare``): the window
        #: builds or checks it on a worker (``ui/search_box.py``); ``open_partnership`` builds it by default.
        self.search_readiness = search_index.Readiness.READY

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' database over the same connection, made at its first use: opening the file and reading
        it need only the standard library (loading sqlite-utils costs about as much as Home's reading), the
        first edit, a migration and the audit trail load it."""
        if self._db is None:
            self._db = _database(self.conn)
        return self._db

    # -- Store ----------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction: everything inside is written or nothing is; the search index follows the records
        before it commits (``search_index.catch_up``)."""
        self._writable()
        with plain_errors(self.path), self._immediate(), self.db.atomic():
            self._depth += 1
            try:
                yield
                if self._depth == 1:
                    search_index.catch_up(self)
            finally:
                self._depth -= 1

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[None]:
        """The outermost transaction takes the file's write lock when it begins (waiting its turn under the busy
        timeout), not at its first write: an edit reads before it writes, and in WAL mode a transaction that
        has read cannot write any more once another connection committed meanwhile (SQLite answers "database
        is locked" at once). Other connections write to the same file while the window is open: the search
        index's job (``search_index.build_apart``)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise
        self.conn.commit()

    def put(self, record: AnyRecord) -> None:
        """Insert or replace ``record`` (one row, and the substitutes of a membership)."""
        self._writable()
        table = table_of(type(record))
        row = _to_row(type(record), record_to_dict(record))
        substitutes = row.pop("substitute_ids", None)
        # Inside an edit's transaction a failure rolls the whole edit back, so no savepoint per record is
        # needed; on its own, a put is its own transaction.
        alone = not self.db.conn.in_transaction
        guard = self.db.atomic() if alone else contextlib.nullcontext()
        with plain_errors(self.path), guard:
            old = self._stored_row(type(record), table, record.id)
            self.db.conn.execute(_upsert_sql(table, tuple(row)), row)
            if substitutes is not None:
                self.db.execute("delete from membership_substitutes where membership_id = ?", [record.id])
                self.db.table("membership_substitutes").insert_all(
                    {"membership_id": record.id, "representative_id": s, "position": i}
                    for i, s in enumerate(substitutes)
                )
            if self._is_audited():
                new = dict(row) if substitutes is None else {**row, "substitute_ids": list(substitutes)}
                audit.record_change(
                    self.db, table, record.id, old, new, author=self.author, at=self.changed_at
                )
            if alone:
                search_index.catch_up(self)

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """Delete a record for good (only to undo its creation)."""
        self._writable()
        table = table_of(kind)
        alone = not self.db.conn.in_transaction
        with plain_errors(self.path), self.db.atomic():
            old = self._stored_row(kind, table, record_id)
            if kind is Membership:
                self.db.execute("delete from membership_substitutes where membership_id = ?", [record_id])
            self.db.execute(f"delete from [{table}] where id = ?", [record_id])
            if old is not None and self._is_audited():
                audit.record_change(
                    self.db, table, record_id, old, None, author=self.author, at=self.changed_at
                )
            if alone:
                search_index.catch_up(self)

    # -- audit trail ----------------------------------------------------------------------------------------
    def _is_audited(self) -> bool:
        if self._audited is None:
            self._audited = audit.has_audit(self.db)
        return self._audited

    def _stored_row(self, kind: type[AnyRecord], table: str, record_id: str) -> dict[str, Any] | None:
        """The row as stored now (a membership with its substitutes), to compare with what is written."""
        if not self._is_audited():
            return None
        cursor = self.db.conn.execute(f"select * from [{table}] where id = ?", [record_id])
        found = cursor.fetchone()
        if found is None:
            return None
        row = dict(zip((c[0] for c in cursor.description), found, strict=True))
        if kind is Membership:
            row["substitute_ids"] = self._substitutes(record_id).get(record_id, [])
        return row

    def history(self, kind: type[AnyRecord], record_id: str) -> list[audit.AuditEntry]:
        """Every recorded change of one record, oldest first."""
        found: list[audit.AuditEntry] = audit.history(self.db, table_of(kind), record_id)
        return found

    def audit_entries_about(
        self, record_ids: list[str], texts: list[str], matches: Callable[[str], bool] | None = None
    ) -> list[dict[str, Any]]:
        """Audit entries about ``record_ids``, mentioning ``texts`` or with a text ``matches`` accepts, as plain
        data (for subject access)."""
        return [e.as_dict() for e in audit.mentioning(self.db, record_ids, texts, matches)]

    def redact_audit(
        self,
        replacements: dict[str, str],
        record_id: str | None = None,
        fields: dict[str, str] | None = None,
        scrub: Callable[[str], str] | None = None,
    ) -> int:
        """Replace personal data in the audit trail (erasure, retention); returns the entries changed."""
        self._writable()
        with plain_errors(self.path):
            changed: int = audit.redact(
                self.db, replacements, record_id=record_id, fields=fields, scrub=scrub
            )
            if record_id is not None and fields and "name" in fields:
                # A person's name is redacted only by an erasure: the other laptops must carry it out too.
                from facilitator.storage.exchange import note_erasure  # noqa: PLC0415 - exchange imports us

                note_erasure(self, record_id, fields["name"], scrub)
            return changed

    def exchange_decisions_waiting(self) -> int:
        """How many changes made on two laptops wait for the coordinator's decision (``storage.exchange`` holds
        them; counted here so that Home need not load the exchange engine to say whether there are any)."""
        with plain_errors(self.path):
            row = self.conn.execute("select count(*) from exchange_conflicts where decided = ''").fetchone()
        return int(row[0])

    def compact(self) -> None:
        """Rewrite the file without its free pages (VACUUM) and empty the WAL, so that nothing deleted (an
        erased person) stays readable in the file's unused space."""
        self._writable()
        with plain_errors(self.path):
            search_index.optimize(self.db)  # entries deleted leave no trace in the index's own pages
            self.db.conn.execute("VACUUM")
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- helpers --------------------------------------------------------------------------------------------
    def schema_version(self) -> list[str]:
        """The migrations applied to this file."""
        applied: list[str] = applied_migrations(self.conn)
        return applied

    def integrity(self) -> str:
        """SQLite's integrity check: ``ok`` or the problems found."""
        rows = self.db.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def remove_leftovers(self) -> list[Path]:
        """Remove what interrupted work left beside the file and in its backups folders (``backup.remove_leftovers``:
        temporary copies of processes that no longer run, worthless copies); ``open_partnership`` does it on
        opening for writing unless the caller said it would (the window, once Home is on screen)."""
        from facilitator.storage.backup import remove_leftovers  # noqa: PLC0415 - backup imports this module

        self.removed_leftovers = remove_leftovers(self.path)
        return self.removed_leftovers

    def is_empty(self) -> bool:
        """Whether the file holds no records yet (where JSON may be imported)."""
        return not any(
            self.conn.execute(f"select exists (select 1 from [{t}])").fetchone()[0] for t in TABLES.values()
        )

    def close(self) -> None:
        """Close the connection and give up the writer lock."""
        super().close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Partnership:
        return self


@functools.cache
def _upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    """Insert a row, or update every column of the row with the same id (never delete-and-insert, which would
    trip foreign keys)."""
    names = ", ".join(f"[{c}]" for c in columns)
    values = ", ".join(f":{c}" for c in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    return f"insert into [{table}] ({names}) values ({values}) on conflict(id) do update set {updates}"


def _to_row(kind: type[Record], data: dict[str, Any]) -> dict[str, Any]:
    json_fields = json_columns(kind)
    row: dict[str, Any] = {}
    for key, value in data.items():
        if key in json_fields:
            row[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            row[key] = int(value)
        else:
            row[key] = value
    return row


def upgrade_rows(
    db: sqlite_utils.Database,
    kinds: tuple[type[AnyRecord], ...],
    upgrade: Callable[
        [Mapping[type[AnyRecord], Sequence[AnyRecord]]], Mapping[type[AnyRecord], Sequence[AnyRecord]]
    ],
) -> None:
    """Inside a migration: read the tables of ``kinds`` as records, let the core ``upgrade`` them, and write back
    only what changed (rows removed, added or changed; only columns the table has at this point of the
    migrations), removals last kind first and the rest in ``kinds`` order, so references hold throughout."""
    before: dict[type[AnyRecord], list[AnyRecord]] = {}
    for kind in kinds:
        cursor = db.execute(f"select * from [{table_of(kind)}]")
        names = [c[0] for c in cursor.description]
        before[kind] = [
            fields_from_dict(kind, from_row(kind, dict(zip(names, row, strict=True))))
            for row in cursor.fetchall()
        ]
    after = upgrade(before)
    changed = {kind: {r.id: r for r in after.get(kind, ())} for kind in kinds}
    for kind in reversed(kinds):
        gone = [r.id for r in before[kind] if r.id not in changed[kind]]
        for record_id in gone:
            db.execute(f"delete from [{table_of(kind)}] where id = ?", [record_id])
    for kind in kinds:
        table = table_of(kind)
        columns = set(db.table(table).columns_dict)
        old = {r.id: record_to_dict(r) for r in before[kind]}
        for record_id, record in changed[kind].items():
            row = {k: v for k, v in _to_row(kind, record_to_dict(record)).items() if k in columns}
            if record_id not in old:
                db.table(table).insert(row)
                continue
            was = _to_row(kind, old[record_id])
            updates = {k: v for k, v in row.items() if was.get(k) != v}
            if updates:
                db.table(table).update(record_id, updates)


def _connect(path: Path, read_only: bool) -> tuple[sqlite3.Connection, bool]:
    """The connection, and whether the file's place cannot be written (only asked when reading)."""
    on_read_only_place = False
    if read_only:
        conn, on_read_only_place = read_connection(path)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=True)
    conn.execute("PRAGMA busy_timeout = 2000")
    conn.execute("PRAGMA foreign_keys = ON")
    # macOS: a commit is on the disk only when the drive is asked with F_FULLFSYNC (ignored elsewhere).
    conn.execute("PRAGMA fullfsync = ON")
    # Deleted content is overwritten, not left in free pages: an erased person must not stay readable in the
    # file's unused space (SQLite is not always compiled with this on).
    conn.execute("PRAGMA secure_delete = ON")
    return conn, on_read_only_place


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils' database over the connection ``conn`` (made by ``_connect``)."""
    import sqlite_utils  # noqa: PLC0415 - the opening and the reading need only the standard library

    # No sqlite-utils plugins: this app's connections are its own, and looking for plugins scans the entry
    # points of every installed package (tens of milliseconds on every opening).
    db = sqlite_utils.Database(conn, execute_plugins=False)
    # sqlite-utils probes for upsert support by creating a table on the first upsert and caches a failure for
    # good; a probe that meets a busy file would switch it to INSERT OR IGNORE + UPDATE, which silently drops
    # new rows of our NOT NULL tables. SQLite has had ON CONFLICT since 3.24, so say so instead of probing.
    db._supports_on_conflict = sqlite3.sqlite_version_info >= (3, 24, 0)
    return db


def backup_into(source: sqlite3.Connection, target: Path) -> None:
    """Copy the open database ``source`` into the new file ``target`` with SQLite's online backup (consistent
    even while the source is in use), as one self-contained file: a rollback journal, not WAL."""
    destination = sqlite3.connect(str(target))
    try:
        with plain_errors(target):
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = delete")
            destination.commit()
    finally:
        destination.close()


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy an open database to ``target`` (``backup_into``), written completely or not at all: temporary name,
    fsync, rename, fsync of the folder (``safe_files.replacing``)."""
    with safe_files.replacing(target) as partial:
        backup_into(source, partial)


def open_partnership(
    path: Path | str,
    *,
    read_only: bool = False,
    daily_backup: bool = False,
    build_search: bool = True,
    contents_checked: Callable[[], str | None] | None = None,
    leftovers_later: bool = False,
) -> Partnership:
    """Open (or create) the partnership file at ``path`` for the core to use.

    Raises ``NotADatabase``, ``DatabaseCorrupt``, ``NewerSchema``, ``DatabaseReadOnly`` or ``DatabaseLocked``
    with a message for the user; in each of those cases the file on disk is left exactly as it was. A damaged
    file raises ``backup.DamagedPartnership`` (a ``DatabaseCorrupt``) naming the newest good backup and what
    restoring it would lose, when there is one.

    With ``daily_backup`` (the window asks for it), a file opened for writing is first copied to its backups
    folder if no automatic copy was made today; a copy that fails does not stop the opening but is kept in
    ``backup_problem`` for the window to tell.

    A file opened for writing gets its search index built here if it has none that this version can use
    (seconds on decades of records); with ``build_search=False`` (the window) it is only marked to be built,
    and ``search_readiness`` says what is left for a worker (``search_index.build_apart``).

    ``contents_checked`` gives SQLite's quick check of the file made on another connection beforehand
    (``quick_check.quick_check_apart``, which the window runs on a worker while it starts); it is asked when the
    check is due, and only a sound answer spares the check here.

    A file opened for writing has the leftovers of interrupted work beside it removed (``remove_leftovers``);
    with ``leftovers_later`` (the window, which shows Home first) the caller removes them itself once it can.
    """
    path = Path(path).expanduser()
    try:
        partnership = _open(
            path, read_only=read_only, build_search=build_search, contents_checked=contents_checked
        )
    except (DatabaseCorrupt, NotADatabase) as error:
        from facilitator.storage.backup import damaged  # noqa: PLC0415 - backup imports this module

        raise damaged(path, error) from error
    if not read_only and not leftovers_later:
        partnership.remove_leftovers()
    if daily_backup and not read_only and not partnership.is_empty():
        from facilitator.storage.backup import daily_backup as make_daily  # noqa: PLC0415

        try:
            partnership.backed_up_to = make_daily(partnership.conn, path)
        except KnownError as problem:
            partnership.backup_problem = problem
    return partnership


def _open(
    path: Path,
    *,
    read_only: bool,
    build_search: bool = True,
    contents_checked: Callable[[], str | None] | None = None,
) -> Partnership:
    if safe_files.too_long_for_windows(path):
        raise safe_files.path_too_long(path)  # Windows would say "not found", and SQLite "cannot open"
    exists = path.exists()
    if exists:
        check_header(path)
    elif read_only:
        raise NotFound(_("There is no partnership file at {path}.").format(path=path))
    if exists and read_only and path.stat().st_size == 0:
        raise NotADatabase(
            _("{path} is empty: it holds no partnership yet.").format(path=path),
            hint=_("Choose another file, or open this one for writing to start a new partnership in it."),
        )
    if not read_only and place_is_read_only(path):
        raise DatabaseReadOnly(
            _("The partnership file {path} cannot be written.").format(path=path),
            hint=_("Open it read-only, or copy it to a folder where you may write."),
        )
    lock: WriterLock | None = None
    if not read_only:
        lock = WriterLock(path)
        lock.take(hint=_("Close it there, or open it here read-only."))
    try:
        conn, on_read_only_place = _connect(path, read_only)
        try:
            check_contents(path, conn, contents_checked() if contents_checked is not None else None)
            applied = check_schema(path, conn, known_migrations())
            partnership = Partnership(path, conn, read_only=read_only, lock=lock)
            partnership.on_read_only_place = on_read_only_place
            partnership.place = shared_places.place_of(path)
            if not read_only:
                _migrate(partnership, applied)
                _freeze_older_approvals(partnership)
                with plain_errors(path):
                    if build_search:
                        search_index.ensure(partnership)
                    else:
                        partnership.search_readiness = search_index.prepare(partnership)
            elif _pending(applied):
                raise older_schema(path)
        except BaseException:
            conn.close()
            if read_only:
                tidy_after_reading(path)
            raise
    except BaseException:
        if not exists:
            # The file was made by this opening and holds nothing of the user's: nothing half-made stays.
            safe_files.remove_quietly(path)
        if lock is not None:
            lock.release()
        raise
    return partnership


def _pending(applied: list[str]) -> list[str]:
    """The migrations not yet applied to a file that has ``applied`` (read from the file by ``check_schema``, as
    sqlite-utils' ``Migrations.pending`` reads them), in order."""
    return [name for name in known_migrations() if name not in applied]


def _migrate(partnership: Partnership, applied: list[str]) -> None:
    conn = partnership.conn
    with plain_errors(partnership.path):
        pending = _pending(applied)
        if pending and applied:
            stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
            aside = partnership.path.with_name(f"{partnership.path.stem}.before-{pending[0]}.{stamp}.sqlite")
            copy_database(conn, aside)
            partnership.migrated_from = aside
        # WAL only on this laptop's own disk: it needs memory shared by every process that opens the file
        # (not there on a network drive), and it keeps recent changes in a -wal file that a sync client
        # would copy apart from the file. Elsewhere a rollback journal: each change is whole in the file.
        mode = conn.execute(f"PRAGMA journal_mode = {partnership.place.journal_mode}").fetchone()
        partnership.journal_mode = str(mode[0]).lower() if mode else ""
        if pending:  # sqlite-utils (and every step) is loaded only when there is something to apply
            schema.migrations.apply(partnership.db)


def _freeze_older_approvals(partnership: Partnership) -> None:
    """Minutes approved by an older version get their snapshot once, after every migration has run (the
    minutes builder reads the file as this version knows it), in one transaction."""
    from facilitator.approval import freeze_older_approvals  # noqa: PLC0415 - the core's records import slowly

    with plain_errors(partnership.path):
        edit = freeze_older_approvals(partnership)
        if edit.steps:
            edit.apply(partnership)


def describe_schema() -> dict[str, object]:
    """Facts about the schema this app writes (for the About box and ``check``)."""
    return {
        "migration_set": MIGRATION_SET,
        "migrations": known_migrations(),
        "forum_table": table_of(Forum),
    }
