"""Writing a file so that a crash, a full disk or a pulled USB stick never leaves a half-written file behind.

One way for every file the app writes (documents, exports, backups, copies set aside before an upgrade or a
restore): the bytes go to a hidden temporary file beside the target, are synced to the disk, and only then take
the target's name in one step (``os.replace``); the folder is synced so that the rename itself survives a
power cut. Until that step an old file at the target is untouched; after it the new file is complete. On any
failure the temporary file is removed and the error is told in plain words (``DiskFull`` for a full disk).

The temporary name says which process writes it (``.minutes.pdf.<host>-<pid>-<random>.partial``), so that a
copy left by a process that was killed can be recognised and removed later (``leftover_partials``) without ever
touching one that another running process is still writing.

This module sits in the core's package only because both storage and the writers use it and neither may import
the other; it holds no rules and is imported by neither the core's rules nor its document models.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from facilitator.errors import DiskFull, KnownError
from facilitator.i18n import _

PARTIAL = ".partial"
NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
#: Files SQLite may make beside a database that is being written under a temporary name.
SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


def host_tag() -> str:
    """A short, stable tag of this machine for temporary names (a host name can be long or odd)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def temporary_name(path: Path) -> Path:
    """A hidden name beside ``path`` that says which machine and process writes it."""
    return path.with_name(f".{path.name}.{host_tag()}-{os.getpid()}-{secrets.token_hex(3)}{PARTIAL}")


_PARTIAL_NAME = re.compile(r"\.(?P<target>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]{6}\.partial")


def partial_owner(path: Path) -> tuple[str, int] | None:
    """``(host tag, pid)`` of the process that writes the temporary file ``path``, or None if it is not one."""
    name = path.name
    for companion in SQLITE_COMPANIONS:
        name = name.removesuffix(companion)
    found = _PARTIAL_NAME.fullmatch(name)
    return (found["host"], int(found["pid"])) if found else None


def leftover_partials(folder: Path, is_running: Callable[[int], bool]) -> list[Path]:
    """Temporary files in ``folder`` left by processes of this machine that no longer run (killed mid-write).

    A temporary file of a running process, or of another machine (which may still be writing to a shared
    folder), is never listed.
    """
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    mine = host_tag()
    for entry in entries:
        owner = partial_owner(entry)
        if owner is not None and owner[0] == mine and not is_running(owner[1]):
            found.append(entry)
    return found


def plain_os_error(path: Path, error: OSError) -> KnownError:
    """What went wrong while writing ``path``, in words the user can act on."""
    if error.errno in NO_SPACE:
        return DiskFull(
            _("The disk is full, so {path} was not written.").format(path=path),
            hint=_("Free some space, or choose another disk, then try again."),
        )
    if isinstance(error, PermissionError) or error.errno in NOT_ALLOWED:
        return KnownError(
            _("You may not write to {path}.").format(path=path),
            hint=_("Choose a folder where you may save files, or ask whoever manages this computer."),
        )
    if isinstance(error, IsADirectoryError):
        return KnownError(
            _("{path} is a folder.").format(path=path), hint=_("Choose a file name inside the folder.")
        )
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return KnownError(
            _("The folder {folder} does not exist.").format(folder=path.parent),
            hint=_("Choose an existing folder, or create it first."),
        )
    return KnownError(
        _("{path} could not be written: {reason}.").format(path=path, reason=error.strerror or error),
        hint=_("Check that the disk is still there, then try again."),
    )


def sync_file(path: Path) -> None:
    """Flush ``path`` to the disk (opened for writing: Windows flushes only a handle that may write)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. POSIX only: Windows cannot open a folder, and NTFS journals renames."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_quietly(path: Path) -> None:
    """Remove ``path`` and any SQLite companion beside it, if they are there."""
    for leftover in (path, *(path.with_name(path.name + c) for c in SQLITE_COMPANIONS)):
        with contextlib.suppress(OSError):
            leftover.unlink()


@contextlib.contextmanager
def replacing(path: Path, *, before_replace: Callable[[], None] | None = None) -> Iterator[Path]:
    """Write ``path`` completely or not at all: yields a temporary path beside it to write to.

    When the block ends without an error the temporary file is synced, ``before_replace`` runs (a restore
    removes the old file's WAL there), the file takes the name ``path`` and the folder is synced. When the
    block or any of that fails, the temporary file (and anything SQLite made beside it) is removed, ``path``
    is left as it was, and an ``OSError`` becomes a ``KnownError`` in plain words.
    """
    path = Path(path)
    temporary = temporary_name(path)
    try:
        yield temporary
        sync_file(temporary)
        if before_replace is not None:
            before_replace()
        temporary.replace(path)  # os.replace: atomic, and overwrites on Windows too
    except OSError as error:
        remove_quietly(temporary)
        raise plain_os_error(path, error) from error
    except BaseException:
        remove_quietly(temporary)
        raise
    sync_folder(path.parent)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all (see ``replacing``)."""
    with replacing(Path(path)) as temporary:
        # 0o666 honours the user's umask, unlike tempfile's private 0o600: an export is made to be shared.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()


def read_bounded(path: Path, limit: int, *, hint: str = "") -> bytes:
    """The bytes of the ordinary file ``path``, refused in plain words when it is not one (a folder, a device
    such as ``/dev/zero`` or a pipe, which would never end), cannot be read, or holds more than ``limit``
    bytes (``hint`` says what to choose instead). Never reads more than ``limit`` + 1 bytes."""
    path = Path(path)
    too_large = KnownError(
        _("{path} is larger than {limit} MB.").format(path=path, limit=max(1, limit // (1024 * 1024))),
        hint=hint,
    )
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise KnownError(_("{path} is a folder, not a file.").format(path=path), hint=hint)
        if not stat.S_ISREG(mode):
            raise KnownError(_("{path} is not a file but a device or a pipe.").format(path=path), hint=hint)
        if path.stat().st_size > limit:
            raise too_large
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError as error:
        raise KnownError(_("There is no file at {path}.").format(path=path)) from error
    except IsADirectoryError as error:
        raise KnownError(_("{path} is a folder, not a file.").format(path=path), hint=hint) from error
    except PermissionError as error:
        raise KnownError(
            _("You may not read {path}.").format(path=path),
            hint=_("Ask whoever manages this computer for access to the file."),
        ) from error
    except OSError as error:
        raise KnownError(
            _("{path} could not be read: {reason}.").format(path=path, reason=error.strerror or error),
            hint=_("Check that the disk is still there, then try again."),
        ) from error
    if len(data) > limit:  # it grew while being read
        raise too_large
    return data
