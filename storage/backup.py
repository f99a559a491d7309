"""Backups of a partnership file: made with SQLite's online backup, kept in rotation, checked and restored.

Copies go to a ``backups`` folder beside the file (or, when that folder cannot be written, to the user's data
folder). Every copy is written under a temporary name, synced, and renamed into place, so a crash or a full
disk never leaves a half-written backup under a real name. Copies are plain partnership files in rollback
(not WAL) mode, so a backup is one self-contained file that can be copied anywhere.

Names say what a copy is: ``partnership.2025-03-14T091500.daily.sqlite``. Automatic daily copies are rotated
(the newest of each of the last 7 days, and the newest of each of the last 8 weeks are kept); copies made by
hand or set aside before a restore are kept until the user removes them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from facilitator import clock, folders
from facilitator.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseReadOnly,
    DiskFull,
    KnownError,
    NewerSchema,
    NotADatabase,
    NotFound,
    StorageUnavailable,
)
from facilitator.frozen import frozen
from facilitator.i18n import _, ngettext
from facilitator.storage.quick_check import file_uri
from facilitator.storage.reading import (
    SQLITE_HEADER,
    applied_migrations,
    read_connection,
    read_header,
    tidy_after_reading,
)
from facilitator.storage.record_check import References, broken_references, unreadable_records
from facilitator.storage.schema import APPLICATION_ID, known_migrations
from facilitator.storage.sqlite_errors import place_error, place_is_read_only, plain_errors

BACKUP_FOLDER = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 8
_STAMP = "%Y-%m-%dT%H%M%S"


class BackupKind(StrEnum):
    """Why a copy was made."""

    DAILY = "daily"  # automatically, the first time the file was opened for writing that day
    MANUAL = "manual"  # asked for (the command line's ``backup`` without ``--out``)
    BEFORE_RESTORE = "before-restore"  # the file as it was just before a backup was restored over it
    BEFORE_MIGRATION = "before-migration"  # set aside beside the file before this version upgraded it
    DAMAGED = "damaged"  # the bytes of a damaged file, kept before a backup replaced it


@frozen
class Summary:
    """What a partnership file holds, in numbers a user recognises. ``None`` where it could not be read."""

    forums: int | None = None
    partners: int | None = None
    meetings: int | None = None
    actions: int | None = None
    newest_meeting: str | None = None  # ISO local date and time of the latest meeting
    last_change: str | None = None  # ISO instant of the latest change recorded
    partnership_id: str | None = None

    def describe(self) -> str:
        """One line for lists and messages."""

        def count(value: int | None) -> str:
            return "?" if value is None else str(value)

        text = _("{forums} forums, {partners} partners, {meetings} meetings, {actions} actions").format(
            forums=count(self.forums),
            partners=count(self.partners),
            meetings=count(self.meetings),
            actions=count(self.actions),
        )
        if self.newest_meeting:
            text += "; " + _("latest meeting {date}").format(date=self.newest_meeting[:10])
        return text

    def lost_compared_with(self, newer: Summary) -> list[str]:
        """What ``newer`` has that this (older) summary does not: what restoring this copy would lose."""
        lost: list[str] = []
        for name, label in (
            ("forums", _("forums")),
            ("partners", _("partners")),
            ("meetings", _("meetings")),
            ("actions", _("actions")),
        ):
            old, new = getattr(self, name), getattr(newer, name)
            if old is not None and new is not None and new > old:
                lost.append(_("{count} {what} added since").format(count=new - old, what=label))
        if newer.last_change and (self.last_change or "") < newer.last_change:
            lost.append(_("changes made up to {when}").format(when=newer.last_change.replace("T", " ")[:16]))
        return lost


@frozen
class BackupInfo:
    """One backup copy: where, when, why, whether it is intact, and what it holds."""

    path: Path
    made: dt.datetime  # local time
    kind: BackupKind
    size: int
    intact: bool
    summary: Summary

    def describe(self) -> str:
        """``2025-03-14 09:15 (daily): 2 forums, …`` for lists."""
        state = "" if self.intact else " — " + _("damaged")
        return f"{self.made:%Y-%m-%d %H:%M} ({kind_label(self.kind)}){state}: {self.summary.describe()}"


def kind_label(kind: BackupKind) -> str:
    """The kind of a backup in the user's words."""
    return {
        BackupKind.DAILY: _("automatic"),
        BackupKind.MANUAL: _("made by hand"),
        BackupKind.BEFORE_RESTORE: _("before a restore"),
        BackupKind.BEFORE_MIGRATION: _("before an upgrade"),
        BackupKind.DAMAGED: _("damaged file kept"),
    }[kind]


# --- where backups go ---------------------------------------------------------------------------------------


def _user_data_backups(db_path: Path) -> Path:
    import hashlib  # noqa: PLC0415 - hashlib loads OpenSSL: only when a digest is made

    base = folders.data_dir()
    tag = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:10]
    return base / BACKUP_FOLDER / f"{db_path.stem}-{tag}"


def backup_folders(db_path: Path) -> list[Path]:
    """Where backups of ``db_path`` may be: beside it first, then in the user's data folder."""
    return [db_path.parent / BACKUP_FOLDER, _user_data_backups(db_path)]


def backup_folder(db_path: Path) -> Path:
    """The folder new backups of ``db_path`` go to (created): beside the file if it may be written there."""
    beside = db_path.parent / BACKUP_FOLDER
    with contextlib.suppress(OSError):
        if beside.is_dir() or os.access(db_path.parent, os.W_OK):
            beside.mkdir(exist_ok=True)
            if os.access(beside, os.W_OK):
                return beside
    fallback = _user_data_backups(db_path)
    try:
        fallback.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _plain_os_error(fallback, error) from error
    return fallback


def backup_name(db_path: Path, made: dt.datetime, kind: BackupKind) -> str:
    """The file name of a backup of ``db_path`` made at ``made`` (local time)."""
    return f"{db_path.stem}.{made.strftime(_STAMP)}.{kind.value}.sqlite"


def _stamp_time(digits: str) -> dt.datetime:
    """The moment written in a backup's name, its fourteen digits (``YYYYmmddHHMMSS``) once the separators are
    taken out; ``ValueError`` for a moment that does not exist. The name's own pattern has made sure they are
    digits; ``strptime`` would say the same but costs its first caller a few milliseconds (the opening lists
    the backups)."""
    return dt.datetime(
        int(digits[0:4]),
        int(digits[4:6]),
        int(digits[6:8]),
        int(digits[8:10]),
        int(digits[10:12]),
        int(digits[12:14]),
    )


def _parse_name(db_path: Path, name: str) -> tuple[dt.datetime, BackupKind] | None:
    pattern = re.escape(db_path.stem) + r"\.(\d{4})-(\d{2})-(\d{2})T(\d{6})(?:-\d+)?\.([a-z-]+)\.sqlite"
    found = re.fullmatch(pattern, name)
    if found:
        try:
            return _stamp_time("".join(found.group(1, 2, 3, 4))), BackupKind(found[5])
        except ValueError:
            return None
    # Copies set aside beside the file before a migration (database._migrate).
    aside = re.fullmatch(re.escape(db_path.stem) + r"\.before-.+\.(\d{8})-(\d{6})\.sqlite", name)
    if aside:
        with contextlib.suppress(ValueError):
            return _stamp_time(aside[1] + aside[2]), BackupKind.BEFORE_MIGRATION
    return None


def _free_name(folder: Path, db_path: Path, made: dt.datetime, kind: BackupKind) -> Path:
    target = folder / backup_name(db_path, made, kind)
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{db_path.stem}.{made.strftime(_STAMP)}-{number}.{kind.value}.sqlite"
    return target


# --- writing a copy -----------------------------------------------------------------------------------------


def _plain_os_error(path: Path, error: OSError) -> KnownError:
    from facilitator import safe_files  # noqa: PLC0415 - only writing (and restoring) needs it, not reading or checking

    if error.errno in safe_files.NO_SPACE:
        return DiskFull(
            _("The disk is full, so the copy {path} was not made.").format(path=path),
            hint=_("Free some space, or choose another disk, then try again. Nothing was changed."),
        )
    if isinstance(error, PermissionError) or error.errno in safe_files.NOT_ALLOWED:
        return DatabaseReadOnly(
            _("You may not write to {path}.").format(path=path),
            hint=_("Choose a folder where you may save files, or ask whoever manages this computer."),
        )
    return safe_files.plain_os_error(path, error)


def write_backup(source: sqlite3.Connection, target: Path) -> None:
    """Copy the open database ``source`` to ``target`` with the online backup, completely or not at all.

    ``database.copy_database`` does the copying (temporary name, rollback journal, fsync, rename, fsync of the
    folder). A full disk raises ``DiskFull``; a folder that may not be written raises ``DatabaseReadOnly``; in
    both cases ``target`` is not touched.
    """
    target = Path(target)
    if not os.access(target.parent, os.W_OK):
        raise DatabaseReadOnly(
            _("You may not write to the folder {folder}.").format(folder=target.parent),
            hint=_("Choose a folder where you may save files, or ask whoever manages this computer."),
        )
    from facilitator.storage.database import copy_database  # noqa: PLC0415 - writing loads sqlite-utils

    try:
        copy_database(source, target)
    except DiskFull as error:
        raise DiskFull(
            _("The disk is full, so the copy {path} was not made.").format(path=target),
            hint=_("Free some space, or choose another disk, then try again. Nothing was changed."),
        ) from error
    except StorageUnavailable as error:
        raise KnownError(
            _("The copy {path} could not be made: {reason}.").format(path=target, reason=error.message),
            hint=_("Check that the disk is still there, then try again. Nothing was changed."),
        ) from error


def back_up(
    source: sqlite3.Connection,
    db_path: Path,
    *,
    kind: BackupKind = BackupKind.MANUAL,
    out: Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Copy the open partnership ``source`` (the file ``db_path``) to ``out``, or into its backups folder."""
    if out is not None:
        target = Path(out).expanduser()
        if target.resolve() == Path(db_path).resolve():
            raise KnownError(
                _("A copy cannot be written over the file it copies."), hint=_("Choose another name.")
            )
    else:
        target = _free_name(backup_folder(db_path), db_path, now or clock.local_now(), kind)
    write_backup(source, target)
    return target


def back_up_file(db_path: Path, out: Path | None = None, *, kind: BackupKind = BackupKind.MANUAL) -> Path:
    """Copy the partnership file at ``db_path`` (opened read-only: it may be open in the window meanwhile).

    A damaged file is refused: copying it would only make a damaged copy; ``check`` tells what is wrong.
    """
    db_path = Path(db_path).expanduser()
    _must_be_partnership(db_path)
    with _reading(db_path) as conn:
        if _quick_check(conn) != "ok":
            raise DatabaseCorrupt(
                _("The partnership file {path} is damaged, so no copy of it was made.").format(path=db_path),
                hint=_("Restore it from a backup (`facilitator backups --db PATH` lists them)."),
            )
        return back_up(conn, db_path, kind=kind, out=out)


def daily_backup(source: sqlite3.Connection, db_path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """The day's automatic copy, unless one was made today already; then the rotation. Returns the new copy."""
    moment = now or clock.local_now()
    # Today's copy is nearly always beside the file: looked for there first, and in the user's data folder (whose
    # place loads platformdirs, on every opening) only when it is not there.
    for places in ([db_path.parent / BACKUP_FOLDER], None):
        for made, kind in _backup_files(db_path, places).values():
            if kind is BackupKind.DAILY and made.date() == moment.date():
                return None
    target = back_up(source, db_path, kind=BackupKind.DAILY, now=moment)
    rotate(db_path)
    return target


def rotate(db_path: Path) -> list[Path]:
    """Remove automatic copies beyond the newest of each of the last 7 days and of each of the last 8 weeks.

    Days and weeks are counted among those that have copies, not on the calendar: a fortnight's holiday
    removes nothing. Copies made by hand, before a restore or before an upgrade are never removed here.
    Returns what was removed.
    """
    daily = sorted(
        ((made, path) for path, (made, kind) in _backup_files(db_path).items() if kind is BackupKind.DAILY),
        reverse=True,
    )
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for made, path in daily:  # newest first: the first copy seen of a day or week is its newest
        if made.date() not in days and len(days) < KEEP_DAILY:
            days.add(made.date())
            keep.add(path)
        week = made.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add((week[0], week[1]))
            keep.add(path)
    removed = []
    for _made, path in daily:
        if path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


# --- reading copies -----------------------------------------------------------------------------------------


def _backup_files(
    db_path: Path, places: list[Path] | None = None
) -> dict[Path, tuple[dt.datetime, BackupKind]]:
    """The copies of ``db_path`` in ``places`` (every place copies may be, by default), with when they were made
    and their kind; beside the file itself, only copies set aside before an upgrade."""
    found: dict[Path, tuple[dt.datetime, BackupKind]] = {}
    if places is None:
        places = [*backup_folders(db_path), db_path.parent]
    for folder in places:
        try:
            names = [p for p in folder.iterdir() if p.is_file()]
        except OSError:
            continue
        for path in names:
            parsed = _parse_name(db_path, path.name)
            if parsed is None:
                continue
            if folder == db_path.parent and parsed[1] is not BackupKind.BEFORE_MIGRATION:
                continue
            found[path] = parsed
    return found


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that never writes or creates anything beside ``path`` (for copies at rest)."""
    conn = sqlite3.connect(f"{file_uri(path.resolve())}?mode=ro&immutable=1", uri=True)
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a file that may be open for writing elsewhere (sees its WAL); on a read-only
    medium or a full disk, an immutable one (``database.read_connection``)."""
    conn, _read_only_place = read_connection(path)
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        yield conn
    finally:
        conn.close()
        tidy_after_reading(path)


def _second_reader(path: Path) -> sqlite3.Connection:
    """Another read-only connection to a file ``_reading`` has open (``_inspect`` checks it on a thread)."""
    conn: sqlite3.Connection = read_connection(path)[0]
    conn.execute("PRAGMA busy_timeout = 2000")
    return conn


def _quick_check(conn: sqlite3.Connection, path: Path | None = None) -> str:
    """``ok``, or what is wrong; a failure of the place ``path`` is in (a full disk) is raised, not returned."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        place = place_error(error, path) if path is not None else None
        if place is not None:
            raise place from error
        return str(error)
    return "\n".join(str(r[0]) for r in rows)


def _scalar(conn: sqlite3.Connection, sql: str) -> object:
    try:
        row = conn.execute(sql).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def read_summary(conn: sqlite3.Connection) -> Summary:
    """Counts and dates of an open partnership file, as far as they can be read."""
    changes = [
        _str(_scalar(conn, f"select max(updated) from [{table}]"))
        for table in ("forums", "partners", "representatives", "meetings", "agenda_items", "actions")
    ]
    changes.append(_str(_scalar(conn, "select max(at) from audit")))
    # Record stamps are UTC ISO with an offset; compare them on their first 19 characters.
    known = [c[:19] for c in changes if c]
    return Summary(
        forums=_int(_scalar(conn, "select count(*) from forums")),
        partners=_int(_scalar(conn, "select count(*) from partners")),
        meetings=_int(_scalar(conn, "select count(*) from meetings")),
        actions=_int(_scalar(conn, "select count(*) from actions")),
        newest_meeting=_str(_scalar(conn, "select max(starts_at) from meetings")),
        last_change=max(known) if known else None,
        partnership_id=_str(_scalar(conn, "select id from partnership limit 1")),
    )


def summarise(path: Path, *, live: bool = False) -> Summary:
    """The summary of a partnership file, read without changing anything.

    A copy at rest is read as an immutable file; a ``live`` file (open in the window) is read through SQLite's
    locks, so that changes still in its WAL count.
    """
    try:
        with _reading(path) if live else _immutable(path) as conn:
            return read_summary(conn)
    except sqlite3.Error:
        return Summary()


def _info(path: Path, made: dt.datetime, kind: BackupKind) -> BackupInfo:
    intact = False
    summary = Summary()
    try:
        size = path.stat().st_size
        if _has_header(path):
            with _immutable(path) as conn:
                intact = (
                    _quick_check(conn) == "ok" and _scalar(conn, "PRAGMA application_id") == APPLICATION_ID
                )
                summary = read_summary(conn)
    except (OSError, sqlite3.Error):
        size = 0
        intact = False
    return BackupInfo(path, made, kind, size, intact, summary)


def list_backups(db_path: Path | str) -> list[BackupInfo]:
    """Every backup of ``db_path`` that can be found, newest first, each checked and summarised (read-only)."""
    db_path = Path(db_path).expanduser()
    infos = [_info(path, made, kind) for path, (made, kind) in _backup_files(db_path).items()]
    return sorted(infos, key=lambda i: (i.made, i.path.name), reverse=True)


def newest_good_backup(db_path: Path | str) -> BackupInfo | None:
    """The newest intact backup of ``db_path`` (damaged copies kept by a restore do not count)."""
    for info in list_backups(db_path):
        if info.intact and info.kind is not BackupKind.DAMAGED:
            return info
    return None


def _has_header(path: Path) -> bool:
    return bool(read_header(path) == SQLITE_HEADER)


def _must_be_partnership(path: Path) -> None:
    if not path.exists():
        raise NotFound(_("There is no partnership file at {path}.").format(path=path))
    head = read_header(path)
    if not head:
        raise NotADatabase(
            _("{path} is empty: it holds no partnership.").format(path=path),
            hint=_("Choose a file that this app created (it ends in .sqlite)."),
        )
    if head != SQLITE_HEADER:
        raise NotADatabase(
            _("{path} is not a partnership file.").format(path=path),
            hint=_("Choose a file that this app created (it ends in .sqlite)."),
        )


# --- checking -----------------------------------------------------------------------------------------------


@dataclass
class CheckReport:
    """What ``check`` found: is the file sound, can the app read every record, and which schema it has.

    ``ok`` is True only for a sound file. A file that could not be checked because of where it is (a full
    disk, a vanished network folder) is neither sound nor damaged: ``unavailable`` says why.
    """

    path: Path
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    integrity: str = ""
    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    #: Records the app cannot read (bad data in a column, a broken reference); checked when the schema is current.
    unreadable: list[str] = field(default_factory=list)
    records_checked: bool = False
    #: The disk, folder or file cannot be written: the file was read as it is, without SQLite's shared memory.
    read_only: bool = False
    unavailable: KnownError | None = None
    not_ours: bool = False

    @property
    def damaged(self) -> bool:
        """Whether the file itself is wrong (not whether it could be checked)."""
        return not self.ok and self.unavailable is None

    def lines(self) -> list[str]:
        """The report as lines for the command line."""
        out = [
            _("File: {path}").format(path=self.path),
            _("Integrity: {result}").format(result=self.integrity or _("not checked")),
            _("Schema: {count} of {known} upgrades applied").format(
                count=len(self.applied) - len(self.unknown), known=len(known_migrations())
            ),
        ]
        if self.pending:
            out.append(
                _("Upgrades this version will apply when the file is opened: {names}").format(
                    names=", ".join(self.pending)
                )
            )
        out.append(_("Contents: {summary}").format(summary=self.summary.describe()))
        if self.records_checked and not self.unreadable:
            out.append(_("Records: every record can be read by this app."))
        out.extend(_("Problem: {problem}").format(problem=p) for p in self.problems)
        if self.unavailable is not None:
            out.append(_("The file could not be checked: {reason}").format(reason=self.unavailable))
        elif self.ok and self.read_only:
            out.append(
                _("The file is sound, and read-only: it is on a disk or in a folder that cannot be written.")
            )
        else:
            out.append(_("The file is sound.") if self.ok else _("The file is NOT sound."))
        return out


def _inspect(
    conn: sqlite3.Connection,
    report: CheckReport,
    *,
    full: bool,
    apart: Callable[[], sqlite3.Connection] | None = None,
) -> None:
    """Fill ``report`` from an open connection: SQLite's integrity check (``full`` or quick), whether the file
    is ours, its schema, its summary, and, when its schema is current, whether every record maps.

    With ``apart`` (a second connection to the same file, opened by the thread that uses it), SQLite checks the
    file there (integrity, then foreign keys, then the summary) while the records are read here: SQLite works
    without holding Python's lock, so on two cores ``check`` takes the longer of the two rather than both. The
    records read meanwhile count only once the file is known to be intact, as when they are read after."""
    pragma = "PRAGMA integrity_check" if full else "PRAGMA quick_check"
    with contextlib.ExitStack() as stack:
        pending_integrity: _Beside | None = None
        if apart is None:
            integrity = _pragma_text(conn, pragma)
        else:
            pending_integrity = _Beside(apart, pragma)
            stack.callback(pending_integrity.wait)  # never left running, whatever happens here
            integrity = "ok"  # supposed while it is checked; the records read meanwhile wait for the answer
        not_ours = _scalar(conn, "PRAGMA application_id") != APPLICATION_ID
        try:
            applied = applied_migrations(conn)
        except sqlite3.Error:
            applied = []
        summary = read_summary(conn) if pending_integrity is None else Summary()  # else read beside
        known = known_migrations()
        unknown = [n for n in applied if n not in known]
        pending = [n for n in known if n not in applied]
        unreadable: list[str] | None = None
        failed: sqlite3.DatabaseError | None = None
        if integrity == "ok" and not not_ours and not pending and not unknown:
            try:
                unreadable = unreadable_records(conn, references=_references_of(pending_integrity, conn))
            except sqlite3.DatabaseError as error:
                if pending_integrity is None:
                    raise
                failed = error  # a damaged file: the integrity check says so
        if pending_integrity is not None:
            integrity, _references, summary = pending_integrity.result()
    if failed is not None and integrity == "ok":
        raise failed
    report.integrity = integrity
    report.not_ours = not_ours
    if not_ours:
        report.problems.append(_("It is an SQLite database, but not one made by this app."))
    report.applied = applied
    report.summary = summary
    report.unknown = unknown
    report.pending = pending
    if integrity != "ok":
        report.problems.append(_("SQLite's integrity check failed: the file is damaged."))
    if unknown:
        report.problems.append(_("It was written by a newer version of this app."))
    if integrity == "ok" and unreadable is not None:
        report.unreadable = unreadable
        report.records_checked = True
        report.problems.extend(
            _("This app cannot read a record: {problem}").format(problem=p) for p in unreadable
        )


def _pragma_text(conn: sqlite3.Connection, pragma: str) -> str:
    return "\n".join(str(r[0]) for r in conn.execute(pragma).fetchall())


class _Apart(NamedTuple):
    """What ``_inspect``'s thread found: SQLite's integrity check; its foreign key check (None: not run, the
    file being damaged, or failed, so that the reading thread runs it and meets its error itself); the summary."""

    integrity: str
    references: References | None
    summary: Summary


def _integrity_apart(connect: Callable[[], sqlite3.Connection], pragma: str) -> _Apart:
    conn = connect()
    try:
        integrity = _pragma_text(conn, pragma)
        references: References | None = None
        if integrity == "ok":
            with contextlib.suppress(sqlite3.DatabaseError):
                references = broken_references(conn)
        return _Apart(integrity, references, read_summary(conn))
    finally:
        conn.close()


class _Beside:
    """``_integrity_apart`` on a thread of its own, started at once: ``result()`` waits for it and returns what it
    found or raises what it raised. (A thread rather than ``concurrent.futures``, which ``check`` would load, with
    its queue and its log, for this one call.)"""

    def __init__(self, connect: Callable[[], sqlite3.Connection], pragma: str) -> None:
        self._found: _Apart | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(connect, pragma), name="check-apart")
        self._thread.start()

    def _run(self, connect: Callable[[], sqlite3.Connection], pragma: str) -> None:
        try:
            self._found = _integrity_apart(connect, pragma)
        except BaseException as error:  # raised to the reading thread, when it asks
            self._error = error

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> _Apart:
        self.wait()
        if self._error is not None:
            raise self._error
        if self._found is None:
            raise RuntimeError(
                "the integrity check apart found nothing"
            )  # cannot happen: it returned or raised
        return self._found


def _references_of(pending: _Beside | None, conn: sqlite3.Connection) -> Callable[[], References] | None:
    """The foreign key check done beside the integrity check, waited for once the records are read."""
    if pending is None:
        return None

    def references() -> References:
        found = pending.result().references
        return broken_references(conn) if found is None else found

    return references


def check(path: Path | str) -> CheckReport:
    """A full integrity check, a check that the app can read every record, and a schema report of a
    partnership file; nothing is written to it."""
    path = Path(path).expanduser()
    report = CheckReport(path)
    try:
        _must_be_partnership(path)
        report.read_only = place_is_read_only(path)
        with _reading(path) as conn:
            _inspect(conn, report, full=True, apart=lambda: _second_reader(path))
    except KnownError as error:
        report.problems.append(error.message)
        if not isinstance(error, NotADatabase | NotFound):
            report.unavailable = error
    except sqlite3.Error as error:
        report.unavailable = place_error(error, path)
        if report.unavailable is None:
            report.integrity = str(error)
            report.problems.append(_("SQLite's integrity check failed: the file is damaged."))
    report.ok = not report.problems and report.unavailable is None
    return report


# --- damaged files on opening -------------------------------------------------------------------------------


class DamagedPartnership(DatabaseCorrupt):
    """A damaged partnership file, with the newest intact backup and what restoring it would lose."""

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        path: Path,
        backup: BackupInfo | None,
        lost: list[str],
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.backup = backup
        self.lost = lost


def damaged(path: Path, error: DatabaseError) -> DatabaseError:
    """``error`` (the file is damaged) told with the newest good backup and what would be lost since.

    Reads the damaged file only through an immutable connection, so nothing beside it is created or changed.
    Returns ``error`` itself when there is no backup to offer and the file was not recognised as ours.
    """
    backup = newest_good_backup(path)
    if backup is None:
        if isinstance(error, DatabaseCorrupt):
            return DamagedPartnership(
                error.message,
                hint=_("There is no backup of it to restore. Keep the file: a specialist may recover it."),
                path=path,
                backup=None,
                lost=[],
            )
        return error
    now_summary = summarise(path) if _safe_has_header(path) else Summary()
    lost = backup.summary.lost_compared_with(now_summary)
    hint = _("The newest good backup is from {when}: {summary}.").format(
        when=f"{backup.made:%Y-%m-%d %H:%M}", summary=backup.summary.describe()
    )
    if lost:
        hint += " " + _("Restoring it loses: {lost}.").format(lost="; ".join(lost))
    else:
        hint += " " + _("Changes made after it was taken, if any, would be lost.")
    return DamagedPartnership(
        _("The partnership file {path} is damaged, so it will not be written to.").format(path=path),
        hint=hint,
        path=path,
        backup=backup,
        lost=lost,
    )


def _safe_has_header(path: Path) -> bool:
    try:
        return _has_header(path)
    except OSError:
        return False


# --- restoring ----------------------------------------------------------------------------------------------


class OtherPartnership(DatabaseError):
    """The backup belongs to another partnership than the file it would replace."""


@frozen
class Restored:
    """What a restore did: the copy put in place, and where the file as it was before is kept."""

    database: Path
    restored_from: Path
    previous_kept_as: Path | None
    summary: Summary


def _check_backup(backup_path: Path) -> Summary:
    """Refuse what is not a sound backup of a partnership file this version can read; return its summary."""
    _must_be_partnership(backup_path)
    report = CheckReport(backup_path)
    try:
        with _immutable(backup_path) as conn:
            _inspect(conn, report, full=True)
    except sqlite3.Error as error:
        place = place_error(error, backup_path)
        if place is not None:
            raise place from error
        raise _damaged_backup(backup_path) from error
    if report.not_ours:
        raise NotADatabase(
            _("{path} is an SQLite database, but not one made by this app.").format(path=backup_path),
            hint=_("Choose a backup of a partnership file."),
        )
    if report.integrity != "ok":
        raise _damaged_backup(backup_path)
    if report.unknown:
        raise NewerSchema(
            _("The backup {path} was made by a newer version of this app.").format(path=backup_path),
            hint=_("Install the newer version to restore it."),
        )
    if report.unreadable:
        raise _unreadable_backup(backup_path, report.unreadable)
    return report.summary


def _damaged_backup(path: Path) -> DatabaseCorrupt:
    return DatabaseCorrupt(
        _("The backup {path} is damaged and cannot be restored.").format(path=path),
        hint=_("Choose an older backup."),
    )


def _unreadable_backup(path: Path, problems: list[str]) -> DatabaseCorrupt:
    return DatabaseCorrupt(
        _("The backup {path} holds records this app cannot read, so it was not restored: {problem}").format(
            path=path, problem=problems[0]
        ),
        hint=_("Choose an older backup. Nothing was changed."),
    )


def _keep_current(db_path: Path, now: dt.datetime) -> Path | None:
    """Set the file as it is now aside (a proper copy if it is sound, its raw bytes if it is damaged).

    A file that cannot be read because of where it is (a full disk, a vanished folder) is not damaged: that
    error is raised, and nothing is restored.
    """
    from facilitator import safe_files  # noqa: PLC0415 - only writing (and restoring) needs it, not reading or checking

    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    folder = backup_folder(db_path)
    if _has_header(db_path):
        try:
            conn, _read_only_place = read_connection(db_path)
            try:
                sound = (
                    _quick_check(conn, db_path) == "ok"
                    and _scalar(conn, "PRAGMA application_id") == APPLICATION_ID
                )
                if sound:
                    target = _free_name(folder, db_path, now, BackupKind.BEFORE_RESTORE)
                    write_backup(conn, target)
                    return target
            finally:
                conn.close()
        except sqlite3.Error as error:
            place = place_error(error, db_path)
            if place is not None:
                raise place from error
    # Damaged or unreadable: keep its bytes (and its WAL, which may hold the last changes) as they are.
    target = _free_name(folder, db_path, now, BackupKind.DAMAGED)
    with safe_files.replacing(target) as partial:
        shutil.copyfile(db_path, partial)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        with safe_files.replacing(target.with_name(target.name + "-wal.kept")) as partial:
            shutil.copyfile(wal, partial)
    return target


def restore(
    db_path: Path | str, backup_path: Path | str, *, force: bool = False, now: dt.datetime | None = None
) -> Restored:
    """Put the backup at ``backup_path`` in place of the partnership file at ``db_path``.

    The backup is checked first (intact, ours, not from a newer version, every record readable, of the same
    partnership unless ``force``); the file is taken for writing (``DatabaseLocked`` if another copy of the
    app has it open); the file as it is now is kept in the backups folder; then the backup is copied beside
    the file, upgraded to this version's schema if it is older, checked again for what the app can read, and
    renamed over the file in one step. Nothing is changed when any check fails.
    """
    from facilitator import safe_files  # noqa: PLC0415 - only writing (and restoring) needs it, not reading or checking
    from facilitator.storage.lock import WriterLock  # noqa: PLC0415 - only writing (and restoring) needs it, not reading or checking

    db_path = Path(db_path).expanduser()
    backup_path = Path(backup_path).expanduser()
    if backup_path.resolve() == db_path.resolve():
        raise KnownError(_("A file cannot be restored from itself."), hint=_("Choose a backup."))
    summary = _check_backup(backup_path)
    if place_is_read_only(db_path):
        raise DatabaseReadOnly(
            _("The partnership file {path} cannot be written, so nothing was restored.").format(path=db_path),
            hint=_("Check that the file and its folder may be written."),
        )
    current_id = _current_id(db_path)
    if not force and current_id and summary.partnership_id and current_id != summary.partnership_id:
        raise OtherPartnership(
            _("{backup} is a backup of another partnership, not of {path}.").format(
                backup=backup_path.name, path=db_path.name
            ),
            hint=_("Choose a backup of this partnership, or restore it anyway (it replaces everything)."),
        )
    lock = WriterLock(db_path)
    lock.take(hint=_("Close it there first; nothing was restored."))
    try:
        moment = now or clock.local_now()
        kept = _keep_current(db_path, moment)
        _checkpoint(db_path)

        def drop_old_companions() -> None:
            for companion in ("-wal", "-shm", "-journal"):
                # A WAL left beside the file belongs to the old contents; SQLite would replay it onto the new.
                with contextlib.suppress(FileNotFoundError):
                    db_path.with_name(db_path.name + companion).unlink()

        from facilitator.storage.database import backup_into  # noqa: PLC0415 - writing loads sqlite-utils

        with safe_files.replacing(db_path, before_replace=drop_old_companions) as staged:
            with _immutable(backup_path) as source, plain_errors(db_path):
                backup_into(source, staged)
            _upgrade_and_check(staged, backup_path)
    finally:
        lock.release()
    return Restored(db_path, backup_path, kept, summary)


def _upgrade_and_check(staged: Path, backup_path: Path) -> None:
    """Bring a staged copy of an older backup to this version's schema, then make sure every record maps."""
    import sqlite_utils  # noqa: PLC0415 - only where a file is written

    from facilitator.storage.schema import migrations  # noqa: PLC0415 - made with sqlite-utils

    conn = sqlite3.connect(str(staged))
    try:
        with plain_errors(staged):
            db = sqlite_utils.Database(conn, execute_plugins=False)
            conn.execute("PRAGMA foreign_keys = ON")
            if migrations.pending(db):
                migrations.apply(db)
            problems = unreadable_records(conn)
        conn.commit()
    finally:
        conn.close()
    if problems:
        raise _unreadable_backup(backup_path, problems)


def _current_id(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    with contextlib.suppress(OSError, sqlite3.Error):
        if _has_header(db_path):
            with _immutable(db_path) as conn:
                return _str(_scalar(conn, "select id from partnership limit 1"))
    return None


def _checkpoint(db_path: Path) -> None:
    """Fold a sound file's WAL into it (its contents are kept aside already) so nothing is left to replay."""
    with contextlib.suppress(OSError, sqlite3.Error):
        if db_path.exists() and _has_header(db_path):
            conn = sqlite3.connect(str(db_path))
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()


# --- leftovers and deleting old copies ----------------------------------------------------------------------

# Patterns kept as text: ``re`` compiles each (and keeps it) at its first use, not whenever the module loads.
#: Temporary names of earlier versions, which did not say which process wrote them.
_OLD_TEMPORARY = r"(\..+\.[0-9a-f]{8}\.(partial|restoring|tmp)|.+\.sqlite\.partial)"
#: An earlier version's temporary file this old is taken as left by a killed process (nobody writes one so long).
OLD_TEMPORARY_AGE = dt.timedelta(days=1)


def remove_leftovers(db_path: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Remove what interrupted work left beside a partnership file and in its backups folders; return it.

    Removed: temporary copies written by processes of this machine that no longer run (a backup, restore,
    upgrade or export killed half-way: ``safe_files.leftover_partials``), temporary files of earlier versions
    older than a day, and copies set aside before an upgrade that hold no records at all (made of a new file
    whose creation failed; they cannot help anyone). Copies of another machine's running work are never touched.
    """
    from facilitator import safe_files  # noqa: PLC0415 - only writing (and restoring) needs it, not reading or checking
    from facilitator.storage.lock import process_running  # noqa: PLC0415 - only writing (and restoring) needs it, not reading or checking

    db_path = Path(db_path)
    moment = (now or clock.now()).timestamp()
    removed: list[Path] = []
    for folder in dict.fromkeys([db_path.parent, *backup_folders(db_path)]):
        found = safe_files.leftover_partials(folder, process_running)
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                if re.fullmatch(_OLD_TEMPORARY, entry.name) and safe_files.partial_owner(entry) is None:
                    with contextlib.suppress(OSError):
                        if moment - entry.stat().st_mtime > OLD_TEMPORARY_AGE.total_seconds():
                            found.append(entry)
        for leftover in found:
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    for path, (_made, kind) in _backup_files(db_path).items():
        if kind is BackupKind.BEFORE_MIGRATION and _holds_no_records(path):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _holds_no_records(path: Path) -> bool:
    from facilitator.records import KINDS  # noqa: PLC0415 - only here

    try:
        with _immutable(path) as conn:
            tables = {str(r[0]) for r in conn.execute("select name from sqlite_master where type = 'table'")}
            return all(
                _scalar(conn, f"select count(*) from [{table}]") == 0 for table in KINDS if table in tables
            )
    except (OSError, sqlite3.Error):
        return False


def delete_backups(db_path: Path | str, *, keep: Collection[Path] = ()) -> list[Path]:
    """Delete every backup of ``db_path`` the app knows (of every kind) except ``keep``; return what was deleted.
    Copies saved elsewhere by hand are not known and not touched."""
    db_path = Path(db_path).expanduser()
    kept = {Path(p).resolve() for p in keep}
    removed = []
    for path in _backup_files(db_path):
        if path.resolve() in kept:
            continue
        for companion in (path, path.with_name(path.name + "-wal.kept")):
            with contextlib.suppress(FileNotFoundError):
                companion.unlink()
                if companion == path:
                    removed.append(path)
    return removed


def replace_old_backups(source: sqlite3.Connection, db_path: Path) -> tuple[Path, list[Path]]:
    """After an erasure: make a new backup of the file as it is now, then delete every older one (they still
    hold what was erased). Returns the new copy and what was deleted; nothing is deleted if the copy fails."""
    fresh = back_up(source, db_path, kind=BackupKind.MANUAL)
    return fresh, delete_backups(db_path, keep=[fresh])


def what_backups_hold(db_path: Path | str) -> list[str]:
    """What the backups of ``db_path`` hold and for how long, told truthfully, for the erasure's preview."""
    found = list_backups(db_path)
    if not found:
        return [_("There are no backups of this file, so no copy still holds the details.")]
    by_kind: dict[BackupKind, int] = {}
    for info in found:
        by_kind[info.kind] = by_kind.get(info.kind, 0) + 1
    lines = [
        ngettext(
            "{count} backup of this file still holds the details as they were when it was made.",
            "{count} backups of this file still hold the details as they were when each was made.",
            len(found),
        ).format(count=len(found))
    ]
    daily = by_kind.get(BackupKind.DAILY, 0)
    if daily:
        lines.append(
            ngettext(
                "{count} is an automatic copy: it is removed when newer copies replace it. The newest copy of "
                "each of the last {days} days and of each of the last {weeks} weeks on which the file was opened "
                "is kept, so a copy lasts longer when the file is opened rarely.",
                "{count} are automatic copies: each is removed when newer copies replace it. The newest copy of "
                "each of the last {days} days and of each of the last {weeks} weeks on which the file was opened "
                "is kept, so a copy lasts longer when the file is opened rarely.",
                daily,
            ).format(count=daily, days=KEEP_DAILY, weeks=KEEP_WEEKLY)
        )
    kept = {kind: n for kind, n in by_kind.items() if kind is not BackupKind.DAILY}
    if kept:
        total = sum(kept.values())
        lines.append(
            ngettext(
                "{count} is never removed automatically: {kinds}.",
                "{count} are never removed automatically: {kinds}.",
                total,
            ).format(
                count=total,
                kinds=", ".join(f"{n} × {kind_label(kind)}" for kind, n in sorted(kept.items())),
            )
        )
    lines.append(
        _(
            "Delete the older backups to remove the details from them now. Copies saved elsewhere (with “Save a "
            "copy as…” or `backup --out`) are not known to the app: delete those yourself."
        )
    )
    return lines
