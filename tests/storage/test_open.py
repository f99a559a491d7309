"""Opening partnership files on disk: what is created, what is refused, and that refusals change nothing."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from facilitator.entities import Forum, Membership, Partner, Representative
from facilitator.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    KnownError,
    NewerSchema,
    NotADatabase,
    NotFound,
    OlderSchema,
    StorageUnavailable,
)
from facilitator.operations import save_partner
from facilitator.storage import database, schema
from facilitator.storage.database import Partnership, open_partnership, plain_errors
from facilitator.storage.lock import lock_path, read_holder
from facilitator.storage.schema import APPLICATION_ID, MIGRATION_SET, known_migrations

EXTRA_MIGRATION = "0999_test_extra_table"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _companions(path: Path) -> list[Path]:
    """The files SQLite and the app put beside a database while it is open."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal", ".lock")]


def _assert_untouched(path: Path, digest: str) -> None:
    assert _sha(path) == digest, "a refused file was changed"
    left = [p.name for p in _companions(path) if p.exists()]
    assert left == [], f"left behind: {left}"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def _refused(path: Path, error: type[KnownError], **kwargs: bool) -> KnownError:
    """Open ``path``, expecting ``error``, and check that the file and its folder are exactly as before."""
    digest = _sha(path)
    with pytest.raises(error) as caught:
        open_partnership(path, **kwargs)
    _assert_untouched(path, digest)
    assert caught.value.message
    return caught.value


def _refused_both_ways(
    path: Path, error: type[KnownError] | tuple[type[KnownError], ...], words: str
) -> None:
    """Opening ``path`` for writing is refused with ``error``, saying ``words``, and opening it read-only too;
    nothing lay beside the file before (so that "nothing is left beside it" means something), and the file and
    its folder are exactly as before."""
    assert [p.name for p in _companions(path) if p.exists()] == []
    assert words in _refused(path, error).message  # type: ignore[arg-type]
    _refused(path, error, read_only=True)  # type: ignore[arg-type]


def _fill(path: Path, partners: int = 1) -> list[Partner]:
    """A real partnership file with ``partners`` partners, closed again."""
    made = [Partner(name=f"Partner {i}", contact="Street 1\n" + "x" * 1500) for i in range(partners)]
    with open_partnership(path) as db, db.atomic():
        for partner in made:
            db.put(partner)
    return made


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    pid = int(done.stdout)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    return pid


@pytest.fixture
def opened(db_path: Path) -> Iterator[Partnership]:
    db = open_partnership(db_path)
    yield db
    db.close()


# --- creating and reopening ---------------------------------------------------------------------------------


def test_new_file_gets_every_migration(db_path: Path) -> None:
    assert known_migrations()  # at least one
    with open_partnership(db_path) as db:
        assert db_path.is_file()
        assert db.schema_version() == known_migrations()
        assert db.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.integrity() == "ok"
        assert db.is_empty()
        assert db.migrated_from is None
        assert not db.read_only
        holder = read_holder(db_path)
        assert holder is not None
        assert (holder.pid, holder.host) == (os.getpid(), socket.gethostname())
        assert set(db.db.table_names()) >= {"forums", "partners", "representatives", "memberships"}
    assert [p.name for p in _companions(db_path) if p.exists()] == []
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_foreign_keys_are_enforced(opened: Partnership) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        opened.put(Representative(name="Nobody's", partner_id="no-such-partner"))
    assert opened.all(Representative, include_archived=True) == []


def test_reopening_changes_nothing(db_path: Path) -> None:
    (partner,) = _fill(db_path)
    with open_partnership(db_path) as db:
        first_migrations = db.db.execute("select name, applied_at from _sqlite_migrations").fetchall()
    digest = _sha(db_path)
    with open_partnership(db_path) as db:
        assert db.schema_version() == known_migrations()
        assert db.db.execute("select name, applied_at from _sqlite_migrations").fetchall() == first_migrations
        assert db.migrated_from is None
        assert db.get(Partner, partner.id) == partner
    assert _sha(db_path) == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]  # no copy set aside


def test_zero_byte_file_is_taken_as_new(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with open_partnership(db_path) as db:
        assert db.schema_version() == known_migrations()
        assert db.is_empty()
        db.put(Partner(name="First"))
    with open_partnership(db_path) as db:
        assert [p.name for p in db.all(Partner)] == ["First"]


def test_read_only_open_of_a_missing_file_creates_nothing(db_path: Path) -> None:
    with pytest.raises(NotFound):
        open_partnership(db_path, read_only=True)
    assert list(db_path.parent.iterdir()) == []


# --- refusals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"Minutes of the meeting of 14 March 2025\n",
        b"PK\x03\x04" + b"\x00" * 200,  # a .docx renamed
        b"SQLite format 2\x00" + b"\x00" * 100,
        "جمعية الإسكان\n".encode(),
    ],
)
def test_text_file_renamed_sqlite_is_refused(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    _refused_both_ways(db_path, NotADatabase, str(db_path))


def test_truncated_header_is_refused(db_path: Path) -> None:
    db_path.write_bytes(b"SQLite for")
    _refused(db_path, NotADatabase)


def test_folder_is_refused(db_path: Path) -> None:
    db_path.mkdir()
    with pytest.raises(NotADatabase):
        open_partnership(db_path)
    assert list(db_path.iterdir()) == []
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_foreign_sqlite_database_is_refused(db_path: Path, journal: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("create table songs (title text, artist text)")
    conn.executemany("insert into songs values (?, ?)", [("Song", "Band")] * 50)
    conn.commit()
    conn.close()
    _refused_both_ways(db_path, NotADatabase, "not one made by this app")


def test_sqlite_database_of_another_application_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    _refused(db_path, NotADatabase)


def test_file_with_a_garbage_page_is_refused(db_path: Path) -> None:
    _fill(db_path, partners=300)
    size = db_path.stat().st_size
    page = 4096
    assert size >= 50 * page, "the file should have many pages"
    middle = (size // page // 2) * page
    with db_path.open("r+b") as file:
        file.seek(middle)
        file.write(bytes((i * 37 + 11) % 256 for i in range(2 * page)))
    _refused_both_ways(db_path, (NotADatabase, DatabaseCorrupt), str(db_path))


def test_newer_schema_is_refused(db_path: Path) -> None:
    _fill(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values (?, ?, ?)",
        [MIGRATION_SET, "9999_from_the_future", "2030-01-01 00:00:00+00:00"],
    )
    conn.commit()
    conn.close()
    _refused_both_ways(db_path, NewerSchema, "newer version")


def test_migrations_of_another_set_do_not_count_as_newer(db_path: Path) -> None:
    _fill(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values (?, ?, ?)",
        ["some-plugin", "0001_plugin", "2030-01-01 00:00:00+00:00"],
    )
    conn.commit()
    conn.close()
    with open_partnership(db_path) as db:
        assert db.schema_version() == known_migrations()


def _forbid_writing(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[Path] | None:
    """Make ``target`` unwritable: by its mode, and, for root (whom modes do not stop), by ``os.access``.

    Returns the list of times the patched ``os.access`` was asked about ``target``, or None when the mode
    alone does it (not root).
    """
    asked: list[Path] = []
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(path) == target:  # type: ignore[arg-type]
            asked.append(target)
            if mode & os.W_OK:
                return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    if not real_access(target, os.W_OK):
        return None
    # Running as root, or on a file system that ignores modes: make the app's probe see what a user would.
    monkeypatch.setattr(os, "access", access)
    assert not os.access(target, os.W_OK)
    asked.clear()
    return asked


def test_read_only_file_is_refused_for_writing_but_opens_read_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (partner,) = _fill(db_path)
    db_path.chmod(0o444)
    try:
        asked = _forbid_writing(monkeypatch, db_path)
        error = _refused(db_path, DatabaseReadOnly)
        assert str(db_path) in error.message
        if asked is not None:
            assert asked, "open_partnership did not ask whether the file may be written"
        digest = _sha(db_path)
        with open_partnership(db_path, read_only=True) as db:
            assert db.read_only
            assert db.get(Partner, partner.id) == partner
            with pytest.raises(DatabaseReadOnly):
                db.put(Partner(name="New"))
        _assert_untouched(db_path, digest)
    finally:
        db_path.chmod(0o644)


def test_read_only_folder_is_refused(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(db_path)
    folder = db_path.parent
    folder.chmod(0o555)
    try:
        asked = _forbid_writing(monkeypatch, folder)
        _refused(db_path, DatabaseReadOnly)
        assert asked is None or asked
        new_file = folder / "new.sqlite"
        with pytest.raises(DatabaseReadOnly):
            open_partnership(new_file)
        assert not new_file.exists()
    finally:
        folder.chmod(0o755)


def test_second_writer_is_refused_and_told_who_has_the_file(opened: Partnership, db_path: Path) -> None:
    partner = Partner(name="Written by the first copy")
    opened.put(partner)
    lock_before = lock_path(db_path).read_bytes()
    holder = read_holder(db_path)
    assert holder is not None

    wal = db_path.with_name(db_path.name + "-wal")
    files_before = (_sha(db_path), _sha(wal))
    with pytest.raises(DatabaseLocked) as caught:
        open_partnership(db_path)
    assert (_sha(db_path), _sha(wal)) == files_before
    who = f"{holder.user}@{socket.gethostname()}"
    assert who in caught.value.holder
    assert who in caught.value.message
    assert lock_path(db_path).read_bytes() == lock_before  # the first copy keeps its lock

    with open_partnership(db_path, read_only=True) as reader:
        assert reader.read_only
        assert reader.get(Partner, partner.id) == partner
        with pytest.raises(DatabaseReadOnly):
            reader.put(Partner(name="From the reader"))
        with pytest.raises(DatabaseReadOnly):
            reader.discard(Partner, partner.id)
        with pytest.raises(DatabaseReadOnly), reader.atomic():
            pass
        with pytest.raises(DatabaseReadOnly):
            save_partner(reader, Partner(name="Via an operation")).apply(reader)
    assert lock_path(db_path).read_bytes() == lock_before  # closing the reader leaves the writer's lock
    assert db_path.with_name(db_path.name + "-wal").exists()  # and the writer's WAL

    opened.put(Partner(name="The first copy still writes"))
    opened.close()
    assert not lock_path(db_path).exists()
    with open_partnership(db_path) as again:
        assert len(again.all(Partner)) == 2
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_read_only_session_leaves_no_files_behind(db_path: Path) -> None:
    (partner,) = _fill(db_path)
    digest = _sha(db_path)
    with open_partnership(db_path, read_only=True) as reader:
        assert reader.all(Partner) == [partner]
        assert reader.schema_version() == known_migrations()
    _assert_untouched(db_path, digest)


def test_lock_of_a_live_process_on_another_machine_is_respected(db_path: Path) -> None:
    _fill(db_path)
    lock = lock_path(db_path)
    lock.write_text(
        json.dumps(
            {"user": "maria", "host": "laptop-of-maria", "pid": os.getpid(), "since": "2025-03-14T09:00:00"}
        ),
        encoding="utf-8",
    )
    digest, lock_digest = _sha(db_path), _sha(lock)
    with pytest.raises(DatabaseLocked) as caught:
        open_partnership(db_path)
    assert "maria@laptop-of-maria" in caught.value.holder
    assert "maria@laptop-of-maria" in str(caught.value)
    assert (_sha(db_path), _sha(lock)) == (digest, lock_digest)
    assert not db_path.with_name(db_path.name + "-wal").exists()


def test_stale_lock_of_a_dead_process_on_this_machine_is_taken_over(db_path: Path) -> None:
    (partner,) = _fill(db_path)
    lock = lock_path(db_path)
    lock.write_text(
        json.dumps(
            {
                "user": "crashed",
                "host": socket.gethostname(),
                "pid": _dead_pid(),
                "since": "2025-03-14T09:00:00",
            }
        ),
        encoding="utf-8",
    )
    with open_partnership(db_path) as db:
        holder = read_holder(db_path)
        assert holder is not None
        assert holder.pid == os.getpid()
        assert holder.user != "crashed"
        assert db.get(Partner, partner.id) == partner
        db.put(Partner(name="After the crash"))
    assert not lock.exists()


# --- migrating an older file --------------------------------------------------------------------------------


@pytest.fixture
def extra_migration(monkeypatch: pytest.MonkeyPatch) -> sqlite_utils.Migrations:
    """This app's migrations plus one more, as a later version of the app would have them."""
    extended = sqlite_utils.Migrations(MIGRATION_SET)
    for migration in schema.migrations._migrations:
        extended(name=migration.name)(migration.fn)

    @extended(name=EXTRA_MIGRATION)
    def _extra(db: sqlite_utils.Database) -> None:
        db["test_extra"].create(
            {"id": int, "partner_id": str}, pk="id", foreign_keys=[("partner_id", "partners", "id")]
        )
        db["partners"].create_index(["name"])

    monkeypatch.setattr(schema, "migrations", extended)
    names = [m.name for m in extended._migrations]
    monkeypatch.setattr(database, "known_migrations", lambda: names)
    return extended


def _older_file(path: Path, extended: sqlite_utils.Migrations) -> Partner:
    """A file made by the version before the extra migration, with one partner in it."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = wal")
    extended.apply(db, stop_before=EXTRA_MIGRATION)
    partner = Partner(name="Made by the older version")
    Partnership(path, db, read_only=False, lock=None).put(partner)
    db.conn.close()
    return partner


def test_older_schema_is_migrated_after_a_copy_is_set_aside(
    db_path: Path, extra_migration: sqlite_utils.Migrations
) -> None:
    partner = _older_file(db_path, extra_migration)
    probe = sqlite_utils.Database(db_path)
    old_migrations = [m.name for m in extra_migration.applied(probe)]
    probe.close()
    assert old_migrations == known_migrations()  # the real list: everything but the extra one
    assert database.known_migrations() == [*old_migrations, EXTRA_MIGRATION]

    with open_partnership(db_path) as db:
        assert db.schema_version() == [*old_migrations, EXTRA_MIGRATION]
        assert "test_extra" in db.db.table_names()
        assert db.get(Partner, partner.id) == partner
        aside = db.migrated_from
    assert aside is not None
    assert aside.parent == db_path.parent
    assert aside.name.startswith(f"{db_path.stem}.before-{EXTRA_MIGRATION}.")
    assert aside.suffix == ".sqlite"
    copies = sorted(db_path.parent.glob("*.before-*.sqlite"))
    assert copies == [aside]
    assert not list(db_path.parent.glob("*.partial"))

    copy = sqlite3.connect(f"{aside.as_uri()}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        names = [r[0] for r in copy.execute("select name from _sqlite_migrations order by rowid")]
        assert names == old_migrations
        assert copy.execute("select id, name from partners").fetchall() == [(partner.id, partner.name)]
    finally:
        copy.close()

    # Opening the migrated file again migrates nothing and sets nothing more aside.
    with open_partnership(db_path) as db:
        assert db.migrated_from is None
    assert sorted(db_path.parent.glob("*.before-*.sqlite")) == [aside]


def test_older_schema_is_not_migrated_read_only(
    db_path: Path, extra_migration: sqlite_utils.Migrations
) -> None:
    _older_file(db_path, extra_migration)
    error = _refused(db_path, OlderSchema, read_only=True)
    assert "older version" in error.message


# --- transactions and error translation ---------------------------------------------------------------------


def test_atomic_rolls_back_every_write(opened: Partnership, db_path: Path) -> None:
    kept = Partner(name="Kept")
    opened.put(kept)
    first, second = Partner(name="First"), Partner(name="Second")
    with pytest.raises(RuntimeError, match="in the middle"), opened.atomic():
        opened.put(first)
        opened.put(second)
        assert opened.find(Partner, first.id) == first  # visible inside the transaction
        raise RuntimeError("in the middle")
    assert opened.find(Partner, first.id) is None
    assert opened.find(Partner, second.id) is None
    assert opened.all(Partner) == [kept]
    opened.close()
    with open_partnership(db_path) as again:
        assert again.all(Partner) == [kept]


def test_atomic_rolls_back_membership_substitutes(opened: Partnership) -> None:
    forum, partner = Forum(name="F"), Partner(name="P")
    ana = Representative(name="Ana", partner_id=partner.id)
    ben = Representative(name="Ben", partner_id=partner.id)
    seat = Membership(
        forum_id=forum.id, partner_id=partner.id, main_representative_id=ana.id, substitute_ids=(ben.id,)
    )
    with opened.atomic():
        for record in (forum, partner, ana, ben, seat):
            opened.put(record)
    with pytest.raises(ValueError, match="undo me"), opened.atomic():
        opened.put(
            Membership(
                id=seat.id,
                created=seat.created,
                updated=seat.updated,
                forum_id=forum.id,
                partner_id=partner.id,
                substitute_ids=(ana.id,),
            )
        )
        raise ValueError("undo me")
    assert opened.get(Membership, seat.id) == seat
    assert opened.all(Membership) == [seat]


def _sqlite_error(
    kind: type[sqlite3.Error], code: int, message: str = "whatever SQLite says"
) -> sqlite3.Error:
    error = kind(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (5, DatabaseLocked),  # SQLITE_BUSY
        (6, DatabaseLocked),  # SQLITE_LOCKED
        (8, DatabaseReadOnly),  # SQLITE_READONLY
        (8 | (1 << 8), DatabaseReadOnly),  # SQLITE_READONLY_RECOVERY
        (13, DiskFull),  # SQLITE_FULL
        (10, StorageUnavailable),  # SQLITE_IOERR
        (10 | (18 << 8), DatabaseReadOnly),  # SQLITE_IOERR_SHMOPEN: no shared memory on a read-only place
        (11, DatabaseCorrupt),  # SQLITE_CORRUPT
        (26, DatabaseCorrupt),  # SQLITE_NOTADB
    ],
)
def test_plain_errors_maps_sqlite_failures_by_their_code(
    db_path: Path, code: int, error: type[KnownError]
) -> None:
    with pytest.raises(error) as caught, plain_errors(db_path):
        raise _sqlite_error(sqlite3.OperationalError, code)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert caught.value.message
    assert caught.value.hint


def test_plain_errors_reads_the_code_never_the_message(db_path: Path) -> None:
    """A message that reads like a busy file, with the code of a damaged one, is a damaged file."""
    with pytest.raises(DatabaseCorrupt), plain_errors(db_path):
        raise _sqlite_error(sqlite3.DatabaseError, 11, "database is locked")
    with pytest.raises(sqlite3.OperationalError), plain_errors(db_path):
        raise sqlite3.OperationalError("database or disk is full")  # no code: not recognised, a bug


def test_an_io_error_on_a_nearly_full_disk_is_a_full_disk(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(10_000_000, 10_000_000, 0))
    with pytest.raises(DiskFull), plain_errors(db_path):
        raise _sqlite_error(sqlite3.OperationalError, 10)


def test_plain_errors_lets_bugs_through(db_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table"), plain_errors(db_path):
        raise sqlite3.OperationalError("no such table: nothing")
    with pytest.raises(sqlite3.IntegrityError), plain_errors(db_path):
        raise sqlite3.IntegrityError("UNIQUE constraint failed")


def test_a_real_busy_database_is_reported_as_locked(opened: Partnership, db_path: Path) -> None:
    opened.db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseLocked):
            opened.put(Partner(name="Blocked"))
    finally:
        other.rollback()
        other.close()
    opened.put(Partner(name="Free again"))
    assert [p.name for p in opened.all(Partner)] == ["Free again"]


def test_a_real_read_only_connection_is_reported_as_read_only(db_path: Path) -> None:
    _fill(db_path)
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    store = Partnership(db_path, sqlite_utils.Database(conn), read_only=False, lock=None)
    try:
        with pytest.raises(DatabaseReadOnly):
            store.put(Partner(name="Cannot be written"))
    finally:
        conn.close()
