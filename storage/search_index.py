"""The search index of a partnership file: SQLite FTS5 over the entries the core derives (``facilitator.search``).

Kept current in the same transaction as every edit: triggers on the searched tables only note which records
changed (``search_dirty``; plain SQL, so a write by any tool is noted too), and the store brings their entries up
to date before the transaction commits (``catch_up``). The index is built again when it is missing, was never
built, or is damaged (``ensure``, on opening, and whenever a search meets a damaged index). A file open read-only
whose index is not current is searched through a temporary index built in memory for that connection.

An erased person's details leave the index with the records that held them; ``optimize`` then merges the index so
that nothing deleted stays in its pages, before the file is compacted.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import sqlite_utils

    from facilitator.audience import Audience
    from facilitator.search import Group, Hit, ResultKind, SearchEntry
    from facilitator.storage.database import Partnership

    #: What only runs statements: the app's sqlite-utils database, or the stdlib connection under it (the opening
    #: reads and prepares the index without loading sqlite-utils).
    Executes: TypeAlias = sqlite_utils.Database | sqlite3.Connection

ENTRIES = "search_entries"
WORDS = "search_words"
DIRTY = "search_dirty"
STATE = "search_state"
#: More changes than this at once (an import, a demo, an upgrade) are indexed by building the index again.
REBUILD_AT = 2000
#: Bumped when what entries hold or how words are folded changes: the index is then built again on opening.
INDEX_VERSION = "2"
_TOKENIZE = "unicode61 remove_diacritics 2"
#: The newest matches counted at most: a word as short as one letter matches most of thirty years, and counting
#: them all would cost more than a keystroke may (``bench/search.py``); beyond it, the counts are "at least".
SCAN_LIMIT = 2000
#: An entry's number says when it is from and what it is, so that the index hands back matches newest first and
#: by kind without reading the entries: the day (0 for none), the kind, then a count within both.
_KIND_BITS, _COUNT_BITS = 4, 22


# The core's search (``facilitator.search``: what each kind of record puts in the index, and the answers' types) is
# imported where it is used: opening a file only checks the index and catches up with what others wrote, and
# loading the search's rules with every register's would add about 10 ms to the window's way to Home.
@functools.cache
def _kinds() -> tuple[ResultKind, ...]:
    from facilitator.search import ResultKind  # noqa: PLC0415 - see above

    return tuple(ResultKind)


def _base(kind: ResultKind, day: str | None) -> int:
    import datetime as dt  # noqa: PLC0415

    ordinal = dt.date.fromisoformat(day).toordinal() if day else 0
    return ((ordinal << _KIND_BITS) | _kinds().index(kind)) << _COUNT_BITS


def kind_of(entry: int) -> ResultKind:
    """The kind of record an entry's number says it is."""
    return _kinds()[(entry >> _COUNT_BITS) & ((1 << _KIND_BITS) - 1)]


def _triggers(db: Executes) -> list[str]:
    from facilitator import search  # noqa: PLC0415 - see _kinds

    statements = []
    noted = [(table, "id", f"'{table}'") for table in search.SEARCHED]
    for dependent, field, owner in search.DEPENDENT:
        noted.append((dependent, field, f"'{owner}'" if owner else "{row}.record_kind"))
    for table, field, kind in noted:
        for event, row in (("insert", "new"), ("update", "new"), ("delete", "old")):
            # Never "insert or ignore": the conflict policy of the statement that fires a trigger (an upsert)
            # overrides the trigger's own, so a second change to the same record would fail.
            value = kind.format(row=row)
            statements.append(
                f"create trigger if not exists [{DIRTY}_{table}_{event}] after {event} on [{table}] begin "
                f"insert into [{DIRTY}] (kind, record_id) select {value}, {row}.[{field}] "
                f"where {row}.[{field}] is not null and not exists (select 1 from [{DIRTY}] "
                f"where kind = {value} and record_id = {row}.[{field}]); end"
            )
    return statements


def install(db: Executes) -> None:
    """Create the index's tables and triggers (migration ``0016``); the index is built when the file opens."""
    db.execute(
        f"create table if not exists [{ENTRIES}] (entry integer primary key, kind text not null, "
        "record_id text not null, title text not null, text text not null, day text, meeting_id text, "
        "screen text not null, target_id text not null)"
    )
    db.execute(f"create unique index if not exists [{ENTRIES}_record] on [{ENTRIES}] (kind, record_id)")
    db.execute(
        f"create virtual table if not exists [{WORDS}] using fts5(words, tokenize = '{_TOKENIZE}', "
        "prefix = '1 2 3')"
    )
    db.execute(
        f"create table if not exists [{DIRTY}] (kind text not null, record_id text not null, "
        "primary key (kind, record_id)) without rowid"
    )
    db.execute(f"create table if not exists [{STATE}] (key text primary key, value text not null)")
    for statement in _triggers(db):
        db.execute(statement)
    db.execute(f"insert or replace into [{STATE}] (key, value) values ('version', '')")


def _tables(db: Executes, schema: str = "main") -> set[str]:
    return {
        str(row[0])
        for row in db.execute(f"select name from {schema}.sqlite_master where type in ('table', 'trigger')")
    }


def is_installed(db: Executes) -> bool:
    """Whether the file has the index's tables (files of this version always have them)."""
    return {ENTRIES, WORDS, DIRTY, STATE} <= _tables(db)


def _version(db: Executes) -> str:
    row = db.execute(f"select value from [{STATE}] where key = 'version'").fetchone()
    return str(row[0]) if row else ""


def is_current(db: Executes) -> bool:
    """Whether the index was built by this version and nothing waits to be indexed."""
    try:
        if not is_installed(db) or _version(db) != INDEX_VERSION:
            return False
        return db.execute(f"select 1 from [{DIRTY}] limit 1").fetchone() is None
    except sqlite3.DatabaseError:
        return False


def is_whole(db: Executes) -> bool:
    """The quick check made on every opening: the index has as many rows of words as entries."""
    try:
        entries = db.execute(f"select count(*) from [{ENTRIES}]").fetchone()[0]
        words = db.execute(f"select count(*) from [{WORDS}]").fetchone()[0]
    except sqlite3.DatabaseError:
        return False
    return bool(entries == words)


def is_sound(db: Executes) -> bool:
    """The thorough check (before the index is built again, and in ``bench/search.py``): FTS5 reads its whole
    index back against its content, and the index is whole."""
    try:
        db.execute(f"insert into [{WORDS}] ([{WORDS}]) values ('integrity-check')")
    except sqlite3.DatabaseError:
        return False
    return is_whole(db)


# --- writing ------------------------------------------------------------------------------------------------------


def _row(entry: SearchEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind.value,
        "record_id": entry.record_id,
        "title": entry.title,
        "text": entry.text,
        "day": entry.day.isoformat() if entry.day else None,
        "meeting_id": entry.meeting_id,
        "screen": entry.screen,
        "target_id": entry.target_id,
    }


def _stored(db: Executes, kind: str, record_id: str, schema: str = "main") -> tuple[Any, ...] | None:
    found = db.execute(
        f"select entry, title, day from {schema}.[{ENTRIES}] where kind = ? and record_id = ?",
        [kind, record_id],
    ).fetchone()
    return tuple(found) if found else None


def _write(db: Executes, entry: SearchEntry, schema: str = "main") -> None:
    row = _row(entry)
    old = _stored(db, row["kind"], row["record_id"], schema)
    if old is not None:
        db.execute(f"delete from {schema}.[{WORDS}] where rowid = ?", [old[0]])
        db.execute(f"delete from {schema}.[{ENTRIES}] where entry = ?", [old[0]])
    base = _base(entry.kind, row["day"])
    last = db.execute(
        f"select max(entry) from {schema}.[{ENTRIES}] where entry >= ? and entry < ?",
        [base, base + (1 << _COUNT_BITS)],
    ).fetchone()[0]
    number = base if last is None else int(last) + 1
    columns = ["entry", *row]
    db.execute(
        f"insert into {schema}.[{ENTRIES}] ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
        [number, *row.values()],
    )
    db.execute(f"insert into {schema}.[{WORDS}] (rowid, words) values (?, ?)", [number, entry.words])


def _remove(db: Executes, kind: str, record_id: str) -> None:
    old = _stored(db, kind, record_id)
    if old is not None:
        db.execute(f"delete from [{WORDS}] where rowid = ?", [old[0]])
        db.execute(f"delete from [{ENTRIES}] where entry = ?", [old[0]])


def catch_up(partnership: Partnership) -> int:
    """Index every record noted as changed, inside the transaction that changed it; return how many. Many at
    once (an import) build the index again instead."""
    db = partnership.conn  # statements only: the opening catches up without loading sqlite-utils
    if not is_installed(db):
        return 0
    if _version(db) != INDEX_VERSION:
        # Not built yet, or being built on a connection of its own (``build_apart``): the changes stay noted,
        # and the build indexes them when it takes its index in.
        return 0
    noted = db.execute(f"select kind, record_id from [{DIRTY}] limit {REBUILD_AT + 1}").fetchall()
    if not noted:
        return 0
    if len(noted) > REBUILD_AT:
        return rebuild(partnership)
    from facilitator import search  # noqa: PLC0415 - see _kinds

    look = search.Lookup(partnership)
    done: set[tuple[str, str]] = set()
    waiting = [(str(kind), str(record_id)) for kind, record_id in noted]
    while waiting:
        kind_name, record_id = waiting.pop()
        if (kind_name, record_id) in done:
            continue
        done.add((kind_name, record_id))
        kind = search.SEARCHED.get(kind_name)
        if kind is None:
            continue
        record = partnership.find(kind, record_id)
        before = _stored(db, kind_name, record_id)
        entry = search.entry_for(look, record) if record is not None else None
        if entry is None:
            _remove(db, kind_name, record_id)
        else:
            _write(db, entry)
        after = (entry.title, entry.day.isoformat() if entry.day else None) if entry else None
        if record is not None and (before is None or before[1:] != after):
            waiting += [f for f in search.followers(partnership, kind_name, record) if f not in done]
    db.execute(f"delete from [{DIRTY}]")
    return len(done)


def _fill(
    db: sqlite_utils.Database,
    entries: Iterable[SearchEntry],
    schema: str = "main",
    counts: dict[int, int] | None = None,
) -> int:
    """Write ``entries`` into an empty index (in pieces: ``counts`` carries the numbering from one to the next)."""
    counts = {} if counts is None else counts
    numbered = []
    for entry in entries:
        row = _row(entry)
        base = _base(entry.kind, row["day"])
        counts[base] = counts.get(base, -1) + 1
        numbered.append((base + counts[base], row, entry))
    if not numbered:
        return 0
    columns = ["entry", *numbered[0][1]]
    db.conn.executemany(
        f"insert into {schema}.[{ENTRIES}] ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
        ([number, *row.values()] for number, row, _entry in numbered),
    )
    db.conn.executemany(
        f"insert into {schema}.[{WORDS}] (rowid, words) values (?, ?)",
        ((number, entry.words) for number, _row_, entry in numbered),
    )
    return len(numbered)


def rebuild(partnership: Partnership) -> int:
    """Build the whole index again from the records (inside the caller's transaction, or in one of its own)."""
    from facilitator import search  # noqa: PLC0415 - see _kinds

    db = partnership.db
    guard = contextlib.nullcontext() if db.conn.in_transaction else db.atomic()
    with guard:
        if not is_installed(db) or not is_sound(db):
            drop(db)
            install(db)
        db.execute(f"delete from [{WORDS}]")
        db.execute(f"delete from [{ENTRIES}]")
        count = _fill(db, search.every_entry(partnership))
        db.execute(f"delete from [{DIRTY}]")
        db.execute(f"insert or replace into [{STATE}] (key, value) values ('version', ?)", [INDEX_VERSION])
    return count


_SHADOWS = ("data", "idx", "content", "docsize", "config")


def drop(db: sqlite_utils.Database) -> None:
    """Remove the index (a damaged one is dropped before it is built again)."""
    for name in (WORDS, ENTRIES):
        with contextlib.suppress(sqlite3.DatabaseError):
            db.execute(f"drop table if exists [{name}]")
    if WORDS in _tables(db):
        _forget_broken_index(db)


def _forget_broken_index(db: sqlite_utils.Database) -> None:
    """An FTS5 table whose own pages are damaged cannot even be dropped (SQLite must open it to drop it): its
    pages are dropped, then its line in the schema is taken out, as SQLite documents for a broken virtual table.
    Only the index's own table is touched; the records are never."""
    for shadow in _SHADOWS:
        db.execute(f"drop table if exists [{WORDS}_{shadow}]")
    version = int(db.execute("pragma schema_version").fetchone()[0])
    db.execute("pragma writable_schema = on")
    try:
        db.execute("delete from sqlite_master where type = 'table' and name = ?", [WORDS])
        db.execute(f"pragma schema_version = {version + 1}")
    finally:
        db.execute("pragma writable_schema = off")


class Readiness(enum.StrEnum):
    """What the index of a file just opened for writing needs (``prepare``)."""

    READY = "ready"  # built by this version and whole: only the thorough check is left (``check_apart``)
    BUILD = "build"  # missing, never built, built by another version, or damaged: it must be built


def prepare(partnership: Partnership) -> Readiness:
    """On opening for writing, what is quick: the index's tables and triggers are there (a file that was
    upgraded before a kind was searched gets its triggers now), what others wrote since is indexed when the
    index is current, and an index that must be built is marked so (its version emptied), so that from now on
    every change stays noted for the build (``catch_up`` leaves them)."""
    db = partnership.conn
    with _transaction(partnership):
        if not is_installed(db):
            install(db)
        elif _version(db) != INDEX_VERSION:
            for statement in _triggers(db):
                db.execute(statement)
        if _version(db) == INDEX_VERSION and is_whole(db):
            catch_up(partnership)
            return Readiness.READY
        _mark_unbuilt(db)
    return Readiness.BUILD


@contextlib.contextmanager
def _transaction(partnership: Partnership) -> Iterator[None]:
    """One transaction on the file's stdlib connection, as ``sqlite_utils.Database.atomic`` makes one outside a
    transaction (inside one, that savepoint itself): the opening prepares the index without loading sqlite-utils."""
    conn = partnership.conn
    if conn.in_transaction:
        with partnership.db.atomic():
            yield
        return
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise


def _mark_unbuilt(db: Executes) -> None:
    db.execute(f"insert or replace into [{STATE}] (key, value) values ('version', '')")


def ensure(partnership: Partnership) -> bool:
    """On opening for writing, in the foreground (the command line, tests): ``prepare``, then build the index
    if it must be. Returns whether it was built."""
    if prepare(partnership) is Readiness.READY:
        return False
    rebuild(partnership)
    return True


# --- building beside the window -----------------------------------------------------------------------------------

#: Reports how far a build is, from 0 to 1; it raises to stop the build (a job cancelled: the file closed).
Progress = Callable[[float], None]
_BUILDING = "building"
#: Entries indexed between two progress reports.
_CHUNK = 1000


def _own_connection(path: Path) -> Partnership:
    """A connection of the calling thread's own to a file the window holds open for writing (the window's
    connection stays on the window's thread): same settings, no lock of its own, used only by this module."""
    from facilitator.storage.database import Partnership, _connect  # noqa: PLC0415 - database imports us

    db, _place = _connect(path, read_only=False)
    return Partnership(path, db, read_only=False, lock=None)


def check_apart(path: Path) -> bool:
    """The thorough check of the index (``is_sound``: FTS5 reads its whole index back against its content,
    which catches damage that raises no error and keeps the counts), on a connection of its own: run by the
    window's job after every opening, as it takes a fraction of a second on thirty years. True when sound."""
    partnership = _own_connection(path)
    try:
        with partnership.conn:  # the check is a statement that writes nothing: its transaction ends here
            return is_sound(partnership.conn)
    finally:
        partnership.conn.close()


def build_apart(path: Path, progress: Progress) -> int:
    """Build the index of the file at ``path``, which the window holds open, without stopping its edits;
    returns how many entries it holds. Runs on a worker's thread with connections of its own.

    1. The index is marked as not built (its version emptied) in a short transaction, unless ``prepare``
       already did. From then on the window's transactions leave every change noted in ``search_dirty`` (the
       triggers note it, ``catch_up`` leaves it): nothing changed after the mark can be missed.
    2. The records are read, each query in its own short read (no long read transaction, so that a file in
       the rollback-journal mode, on a network drive, is never kept from being written), and the entries are
       written into an index in memory (``building``, attached to this connection): the file is not locked
       while the words are taken apart, which is most of the time.
    3. One short write transaction takes the built index into the file (its tables copied as they are, page
       for page, which is much quicker than indexing again): the window's writes wait for it at most a
       moment, under SQLite's busy timeout.
    4. A second short write transaction, on a fresh connection, indexes every record changed since the mark
       (read as it is now), empties the list of changes and sets the version: from then on the window's own
       transactions keep the index current. Until it commits, the window's changes stay noted, so an edit
       made at any moment of the build is in the index at the end.
    """
    partnership = _own_connection(path)
    db = partnership.db
    try:
        if _version(db) != "":
            with db.atomic():
                _mark_unbuilt(db)
        progress(0.0)
        reader = _reading(partnership)
        from facilitator import search  # noqa: PLC0415 - see _kinds

        entries = list(search.every_entry(reader))
        progress(0.3)
        db.execute(f"attach database ':memory:' as {_BUILDING}")
        _create(db, _BUILDING)
        numbering: dict[int, int] = {}
        for start in range(0, len(entries), _CHUNK):
            with db.conn:  # only the memory is written: the file is not locked
                _fill(db, entries[start : start + _CHUNK], _BUILDING, numbering)
            progress(0.3 + 0.6 * min(1.0, (start + _CHUNK) / max(1, len(entries))))
        db.conn.execute("begin immediate")
        try:
            _take_in(db)
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()
        db.execute(f"detach database {_BUILDING}")
    finally:
        db.conn.close()
    return _finish_apart(path)


def _reading(partnership: Partnership) -> Partnership:
    """The store a build reads records through: the same connection, refusing writes."""
    from facilitator.storage.database import Partnership  # noqa: PLC0415

    return Partnership(partnership.path, partnership.db, read_only=True, lock=None)


def _create(db: sqlite_utils.Database, schema: str) -> None:
    db.execute(
        f"create table {schema}.[{ENTRIES}] (entry integer primary key, kind text not null, "
        "record_id text not null, title text not null, text text not null, day text, meeting_id text, "
        "screen text not null, target_id text not null)"
    )
    db.execute(
        f"create virtual table {schema}.[{WORDS}] using fts5(words, tokenize = '{_TOKENIZE}', "
        "prefix = '1 2 3')"
    )


def _take_in(db: sqlite_utils.Database) -> None:
    """Replace the file's index by the one built in memory, in the caller's write transaction: the entries
    copied row for row, the FTS5 table's own tables (its pages, their directory, its content, the sizes and its
    settings) copied as they are, which is the whole of an FTS5 table's state."""
    drop(db)  # a damaged index too
    _create(db, "main")
    db.execute(f"create unique index if not exists main.[{ENTRIES}_record] on [{ENTRIES}] (kind, record_id)")
    db.execute(f"insert into main.[{ENTRIES}] select * from {_BUILDING}.[{ENTRIES}]")
    for shadow in _SHADOWS:
        db.execute(f"delete from main.[{WORDS}_{shadow}]")
        db.execute(f"insert into main.[{WORDS}_{shadow}] select * from {_BUILDING}.[{WORDS}_{shadow}]")


def _finish_apart(path: Path) -> int:
    """Step 4 of ``build_apart``: index what changed during the build and declare the index current."""
    partnership = _own_connection(path)
    db = partnership.db
    try:
        db.conn.execute("begin immediate")
        try:
            db.execute(
                f"insert or replace into [{STATE}] (key, value) values ('version', ?)", [INDEX_VERSION]
            )
            catch_up(partnership)
            count = int(db.execute(f"select count(*) from [{ENTRIES}]").fetchone()[0])
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()
    finally:
        db.conn.close()
    return count


def optimize(db: sqlite_utils.Database) -> None:
    """Merge the index into one piece, so that entries deleted (an erased person's) leave no trace in it."""
    if is_installed(db):
        db.execute(f"insert into [{WORDS}] ([{WORDS}]) values ('optimize')")


# --- searching ----------------------------------------------------------------------------------------------------


def _match(terms: list[str]) -> str:
    return " ".join(f'"{term}"*' for term in terms)


@contextlib.contextmanager
def _temporary(partnership: Partnership) -> Iterator[str]:
    """A read-only file whose index is not current is searched through an index built in the connection's
    temporary schema (in memory), once per connection."""
    db = partnership.db
    if f"{WORDS}" not in _tables(db, "temp"):
        db.execute(
            f"create table temp.[{ENTRIES}] (entry integer primary key, kind text not null, "
            "record_id text not null, title text not null, text text not null, day text, meeting_id text, "
            "screen text not null, target_id text not null)"
        )
        db.execute(
            f"create virtual table temp.[{WORDS}] using fts5(words, tokenize = '{_TOKENIZE}', prefix = '1 2 3')"
        )
        from facilitator import search  # noqa: PLC0415 - see _kinds

        _fill(db, search.every_entry(partnership), "temp")
    yield "temp"


def _schema_for(partnership: Partnership) -> contextlib.AbstractContextManager[str]:
    db = partnership.db
    if is_current(db):
        return contextlib.nullcontext("main")
    if not partnership.read_only:
        with db.atomic():
            if is_installed(db) and _version(db) == INDEX_VERSION:
                catch_up(partnership)
            else:
                rebuild(partnership)
        return contextlib.nullcontext("main")
    return _temporary(partnership)


def find(
    partnership: Partnership, text: str, per_kind: int | None = None, audience: Audience | None = None
) -> list[Group]:
    """What ``text`` finds (each word typed the beginning of a word of the record), grouped by kind of record,
    each group newest first, at most ``per_kind`` shown and the rest counted. With ``audience`` (not the full
    record), only what that audience may see whole (``search.visible_to``). A damaged index is built again and
    asked once more (``per_kind``: by default ``search.PER_KIND``)."""
    from facilitator import search  # noqa: PLC0415 - see _kinds

    terms = search.query_terms(text)
    if not terms:
        return []
    per_kind = search.PER_KIND if per_kind is None else per_kind
    try:
        return _find(partnership, terms, per_kind, audience)
    except sqlite3.DatabaseError:
        if partnership.read_only:
            raise
        rebuild(partnership)
        return _find(partnership, terms, per_kind, audience)


def _find_for(
    partnership: Partnership, schema: str, numbers: list[int], per_kind: int, audience: Audience
) -> list[Group]:
    """The matches ``audience`` may see, each asked of the audience rule (slower: every match's record is read)."""
    from facilitator import search  # noqa: PLC0415 - see _kinds
    from facilitator.search import Group  # noqa: PLC0415

    db = partnership.db
    visible: dict[ResultKind, list[Hit]] = {}
    scanned = numbers[:SCAN_LIMIT]
    for start in range(0, len(scanned), 500):
        chunk = scanned[start : start + 500]
        rows = {
            int(row[0]): tuple(row[1:])
            for row in db.execute(
                f"select entry, kind, record_id, title, text, day, screen, target_id from {schema}.[{ENTRIES}] "
                f"where entry in ({', '.join('?' for _ in chunk)})",
                chunk,
            )
        }
        for number in chunk:
            if number in rows:
                hit = _hit(rows[number])
                if search.visible_to(partnership, hit, audience):
                    visible.setdefault(hit.kind, []).append(hit)
    capped = len(numbers) > SCAN_LIMIT
    return [
        Group(kind, tuple(visible[kind][:per_kind]), max(0, len(visible[kind]) - per_kind), capped=capped)
        for kind in _kinds()
        if kind in visible
    ]


def _find(
    partnership: Partnership, terms: list[str], per_kind: int, audience: Audience | None
) -> list[Group]:
    from facilitator.audience import AudienceKind  # noqa: PLC0415 - see _kinds
    from facilitator.search import Group  # noqa: PLC0415

    db = partnership.db
    mask = (1 << _KIND_BITS) - 1
    with _schema_for(partnership) as schema:
        # Kinds by their number in the entry (plain integers: this loop runs once per match).
        shown: dict[int, list[int]] = {}
        counted = [0] * len(_kinds())
        numbers = [
            number
            for (number,) in db.execute(
                f"select rowid from {schema}.[{WORDS}] where [{WORDS}] match ? order by rowid desc limit ?",
                [_match(terms), SCAN_LIMIT + 1],
            )
        ]
        if audience is not None and audience.kind is not AudienceKind.FULL:
            return _find_for(partnership, schema, numbers, per_kind, audience)
        capped = len(numbers) > SCAN_LIMIT
        for number in numbers[:SCAN_LIMIT]:
            kind = (number >> _COUNT_BITS) & mask
            counted[kind] += 1
            if counted[kind] <= per_kind:
                shown.setdefault(kind, []).append(number)
        wanted = [n for found in shown.values() for n in found]
        rows: dict[int, tuple[Any, ...]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for row in db.execute(
                f"select entry, kind, record_id, title, text, day, screen, target_id from {schema}.[{ENTRIES}] "
                f"where entry in ({', '.join('?' for _ in chunk)})",
                chunk,
            ):
                rows[int(row[0])] = tuple(row[1:])
    groups = []
    for index, kind in enumerate(_kinds()):
        if index not in shown:
            continue
        hits = tuple(_hit(rows[n]) for n in shown[index] if n in rows)
        groups.append(Group(kind, hits, counted[index] - len(hits), capped=capped))
    return groups


def _hit(row: tuple[Any, ...]) -> Hit:
    import datetime as dt  # noqa: PLC0415

    from facilitator.search import Hit, ResultKind  # noqa: PLC0415 - see _kinds

    kind, record_id, title, text, day, screen, target_id = row
    return Hit(
        ResultKind(kind),
        record_id,
        title,
        text,
        dt.date.fromisoformat(day) if day else None,
        screen,
        target_id,
    )
