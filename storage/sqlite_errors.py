"""SQLite's failures told as the user-facing errors of ``facilitator.errors``, recognised by SQLite's result code.

SQLite says what went wrong in ``sqlite_errorcode`` (Python 3.11+); its message text is for people and may
change between versions, so it is never searched. The primary code is the low byte of the extended code.

What matters most is telling the *place* (a full disk, a read-only medium, a vanished network folder, a file
busy in another program) from the *file* (damaged, or not a database at all): a sound file on a read-only USB
stick or a full disk must never be called damaged, and must never lead to a restore.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from facilitator.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    KnownError,
    NotADatabase,
    StorageUnavailable,
)
from facilitator.i18n import _

log = logging.getLogger(__name__)

# SQLite's primary result codes (https://sqlite.org/rescode.html), as the sqlite3 module names them.
SQLITE_PERM = sqlite3.SQLITE_PERM
SQLITE_BUSY = sqlite3.SQLITE_BUSY
SQLITE_LOCKED = sqlite3.SQLITE_LOCKED
SQLITE_READONLY = sqlite3.SQLITE_READONLY
SQLITE_IOERR = sqlite3.SQLITE_IOERR
SQLITE_CORRUPT = sqlite3.SQLITE_CORRUPT
SQLITE_FULL = sqlite3.SQLITE_FULL
SQLITE_CANTOPEN = sqlite3.SQLITE_CANTOPEN
SQLITE_NOTADB = sqlite3.SQLITE_NOTADB
#: Extended codes of SQLITE_IOERR that mean "the shared memory beside a WAL file cannot be made": a read-only
#: place, not a damaged file.
SQLITE_IOERR_SHM = frozenset(
    {
        sqlite3.SQLITE_IOERR_SHMOPEN,
        sqlite3.SQLITE_IOERR_SHMSIZE,
        sqlite3.SQLITE_IOERR_SHMLOCK,
        sqlite3.SQLITE_IOERR_SHMMAP,
    }
)
#: Below this much free space an I/O error while writing is taken as a full disk (SQLite reports some
#: out-of-space failures, e.g. while growing the WAL's shared memory, as I/O errors).
NEARLY_FULL_BYTES = 1 << 20


def result_code(error: BaseException) -> int | None:
    """SQLite's primary result code of ``error``, or None when it carries none."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def error_name(error: BaseException) -> str:
    """SQLite's name of ``error``'s extended result code (``SQLITE_BUSY_SNAPSHOT``), for the log; the class
    name of anything that carries none."""
    name = getattr(error, "sqlite_errorname", None)
    return name if isinstance(name, str) else type(error).__name__


def is_damage(error: BaseException) -> bool:
    """Whether ``error`` says that the file itself is damaged or not a database (not the place it is in)."""
    return result_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def place_is_read_only(path: Path) -> bool:
    """Whether ``path`` (or, for a file not there yet, its folder) cannot be written: a read-only medium, a
    read-only file, or a folder the user may not write to."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return True
    return path.exists() and not os.access(path, os.W_OK)


def nearly_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no free space left."""
    for place in (path.parent, path):
        with contextlib.suppress(OSError):
            return shutil.disk_usage(place).free < NEARLY_FULL_BYTES
    return False


def disk_full() -> DiskFull:
    """The disk is full: the last change was not saved."""
    return DiskFull(
        _("The disk is full; your last change was not saved."),
        hint=_("Free some space, then make the change again."),
    )


def place_error(error: BaseException, path: Path) -> KnownError | None:
    """The error of the *place* ``path`` is in (full, read-only, busy, gone), or None when it is not one."""
    code = result_code(error)
    extended = getattr(error, "sqlite_errorcode", None)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLocked(
            _("The partnership file {path} is busy: another program is writing to it.").format(path=path),
            hint=_("Wait a moment and try again; nothing was changed."),
        )
    if code == SQLITE_FULL:
        return disk_full()
    if code in (SQLITE_READONLY, SQLITE_PERM) or extended in SQLITE_IOERR_SHM:
        return _read_only(path)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        if nearly_full(path):
            return disk_full()
        if place_is_read_only(path):
            return _read_only(path)
        return StorageUnavailable(
            _("The partnership file {path} could not be read or written.").format(path=path),
            hint=_("Check that the disk or network folder is still there; your last change was not saved."),
        )
    return None


def _read_only(path: Path) -> DatabaseReadOnly:
    return DatabaseReadOnly(
        _("The partnership file {path} cannot be written.").format(path=path),
        hint=_("Check that the file and its folder may be written, or open it read-only."),
    )


def known_error(error: BaseException, path: Path) -> KnownError | None:
    """``error`` as the user-facing error it stands for, or None when it is a bug (let it through)."""
    if is_damage(error):
        return DatabaseCorrupt(
            _("The partnership file {path} is damaged.").format(path=path),
            hint=_("Restore it from a backup; nothing more will be written to it."),
        )
    return place_error(error, path)


@contextlib.contextmanager
def plain_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's failures into errors the user can act on; anything else (a bug) goes through."""
    try:
        yield
    except sqlite3.Error as error:
        known = known_error(error, path)
        if known is None:
            raise
        log.warning("%s on %s: told as %s", error_name(error), Path(path).name, type(known).__name__)
        raise known from error


def not_readable(error: BaseException, path: Path) -> KnownError:
    """Opening ``path`` failed: the place's error if it is one, else the file is not ours or is damaged."""
    return place_error(error, path) or NotADatabase(
        _("{path} is not a partnership file, or it is damaged beyond reading.").format(path=path),
        hint=_("Restore it from a backup, or create a new partnership file."),
    )
