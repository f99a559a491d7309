"""One writer at a time: a lock file beside the database says who has it open for writing.

SQLite's own locks only last a transaction; two idle copies of the app would both believe they may write.
The lock file names the user, machine, process and start time, so the second copy can tell the user who has
the file. A lock left by a crashed copy on this machine (its process is gone) is recognised and taken over.

Whether the holder still runs is *asked* of the operating system through psutil, never by sending the process
anything: ``os.kill(pid, 0)`` is a harmless probe on POSIX but on Windows signal 0 is ``CTRL_C_EVENT``, which
interrupts a console process group and never reports a dead one. The lock also records when its process
started (as the operating system counts it), so a process that merely got the same number after a crash or a
restart is not taken for the holder. Odd lock files (a number that is no process, unreadable text, a folder)
are recovered, or explained when they cannot be.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facilitator import clock
from facilitator.errors import DatabaseLocked, DatabaseReadOnly, DiskFull, KnownError
from facilitator.folders import host_name
from facilitator.frozen import frozen
from facilitator.i18n import _
from facilitator.safe_files import NO_SPACE

#: psutil, once a holder's liveness is first asked (``process_started``).
psutil: Any = None


@frozen
class LockHolder:
    """Who holds a database open for writing."""

    user: str
    host: str
    pid: int
    since: str
    #: When the process started, as the operating system counts it (seconds since the epoch); 0 if unknown.
    started: float = 0.0

    def describe(self) -> str:
        """``user on host since time`` for messages."""
        return f"{self.user}@{self.host} (pid {self.pid}, {self.since})"


def lock_path(database: Path) -> Path:
    """The lock file of ``database``."""
    return database.with_name(database.name + ".lock")


def _me() -> LockHolder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        user = str(os.getuid()) if hasattr(os, "getuid") else "?"
    return LockHolder(
        user,
        host_name(),
        os.getpid(),
        clock.local_now().isoformat(timespec="seconds"),
        _own_start(),
    )


def _own_start() -> float:
    """When this process started, as ``process_started`` says it (0 if unknown); on Linux read from ``/proc`` as
    psutil reads it (``linux_started``), which spares psutil's import on every opening for writing."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            return linux_started(os.getpid())
    return process_started(os.getpid()) or 0.0


def linux_started(pid: int) -> float:
    """psutil's ``Process(pid).create_time()`` on Linux, computed as psutil 7 computes it, to the last bit: the
    process's start in clock ticks since the boot (``/proc/<pid>/stat``, the 20th field after the name) over
    the ticks per second, plus the boot time (``btime`` of ``/proc/stat``). Raises ``OSError`` when there is no
    such process, ``ValueError`` or ``IndexError`` when the files do not read as expected."""
    with open(f"/proc/{pid}/stat", "rb") as stat:  # noqa: PTH123 - bytes, as psutil reads them
        data = stat.read()
    fields = data[data.rfind(b")") + 2 :].split()
    since_boot = float(fields[19]) / os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", "rb") as system:  # noqa: PTH123
        for line in system:
            if line.startswith(b"btime"):
                return since_boot + float(line.strip().split()[1])
    raise ValueError("no btime in /proc/stat")


def read_holder(database: Path) -> LockHolder | None:
    """The holder written in the lock file, or None when there is no readable lock."""
    try:
        data = json.loads(lock_path(database).read_text(encoding="utf-8"))
        started = data.get("started", 0.0)
        return LockHolder(
            str(data["user"]),
            str(data["host"]),
            int(data["pid"]),
            str(data["since"]),
            float(started) if isinstance(started, int | float) and not isinstance(started, bool) else 0.0,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def process_started(pid: int) -> float | None:
    """When the process ``pid`` of this machine started, or None when no such process runs. Nothing is sent
    to the process (psutil reads the process table: ``/proc`` on Linux, ``OpenProcess`` on Windows)."""
    if pid <= 0:  # 0 is the kernel's own on POSIX and the idle process on Windows; never a copy of the app
        return None
    global psutil
    if psutil is None:  # imported at the first check: read-only commands never ask, and skip its import
        import psutil as loaded  # noqa: PLC0415

        psutil = loaded
    try:
        return float(psutil.Process(pid).create_time())
    except psutil.NoSuchProcess:
        return None
    except (psutil.AccessDenied, OSError):
        # It exists, but belongs to someone this user may not inspect: it runs.
        return 0.0


def process_running(pid: int) -> bool:
    """Whether a process with ``pid`` runs on this machine, asked without sending it anything."""
    return process_started(pid) is not None


def _alive(holder: LockHolder) -> bool:
    started = process_started(holder.pid)
    if started is None:
        return False
    # Another process that got the same number later is not the holder (a tolerance for rounding).
    return not (holder.started and started and abs(started - holder.started) > 1.0)


def is_stale(holder: LockHolder) -> bool:
    """Whether the lock was left by a copy of the app on this machine that no longer runs, or names no process
    at all (a number below 1)."""
    if holder.pid <= 0:
        return True
    return holder.host == host_name() and not _alive(holder)


#: How long an unreadable lock file is taken as being written by a copy that is starting, not as left by a crash.
UNREADABLE_GRACE_SECONDS = 10.0


class WriterLock:
    """The lock this process holds on a database; release it when the database is closed."""

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self.holder = _me()

    def try_acquire(self) -> LockHolder | None:
        """Take the lock; returns None on success, or the live holder that has it.

        Raises ``DatabaseLocked`` in plain words when the lock's place holds something that cannot be taken
        over: a folder with files in it, or a lock file this user may not remove.
        """
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if self.path.is_dir():
                    self._remove_empty_folder()
                    continue
                holder = read_holder(self.database)
                if holder is None and self._age() < UNREADABLE_GRACE_SECONDS:
                    # Another copy has just created the file and not yet written its name: it is live.
                    return LockHolder("?", "?", 0, "")
                if holder is not None and not is_stale(holder):
                    return holder
                self._remove_stale()  # stale, or unreadable for a while: left by a crash
                continue
            except IsADirectoryError:  # Windows says this of a folder in the way
                self._remove_empty_folder()
                continue
            except OSError as error:
                raise _cannot_lock(self.database, error) from error
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(self.holder.__dict__, out)
            except OSError as error:  # a full disk: the lock is not half-written either
                with contextlib.suppress(OSError):
                    self.path.unlink()
                raise _cannot_lock(self.database, error) from error
            return None
        return read_holder(self.database) or self.holder

    def take(self, hint: str) -> None:
        """Take the lock, or refuse with ``DatabaseLocked`` naming the copy of the app that holds it (``hint``:
        what the user can do about it, which depends on what they were doing)."""
        holder = self.try_acquire()
        if holder is not None:
            raise DatabaseLocked(
                _("{path} is open in another copy of the app: {holder}.").format(
                    path=self.database, holder=holder.describe()
                ),
                hint=hint,
                holder=holder.describe(),
            )

    def _remove_stale(self) -> None:
        self._clear_the_way(
            self.path.unlink,
            _(
                "The lock file {lock} was left by a copy of the app that no longer runs, but it cannot be "
                "removed."
            ).format(lock=self.path),
            _("Remove that file by hand (nothing else is lost), or ask whoever manages this computer."),
        )

    def _remove_empty_folder(self) -> None:
        self._clear_the_way(
            self.path.rmdir,
            _("There is a folder named {lock} where the app keeps the file's lock.").format(lock=self.path),
            _("Move or rename that folder, then open the file again."),
        )

    def _clear_the_way(self, remove: Callable[[], None], message: str, hint: str) -> None:
        """Remove what stands where the lock file goes (gone already is as good); ``DatabaseLocked`` with
        ``message`` and ``hint`` when it cannot be removed."""
        try:
            remove()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise DatabaseLocked(message, hint=hint, holder="") from error

    @property
    def database(self) -> Path:
        """The database this lock guards."""
        return self.path.with_name(self.path.name[: -len(".lock")])

    def _age(self) -> float:
        try:
            return time.time() - self.path.stat().st_mtime
        except FileNotFoundError:
            return UNREADABLE_GRACE_SECONDS

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        current = read_holder(self.database)
        if current is not None and current.pid == self.holder.pid and current.host == self.holder.host:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def _cannot_lock(database: Path, error: OSError) -> KnownError:
    if error.errno in NO_SPACE:
        return DiskFull(
            _("The disk is full, so {path} cannot be opened for writing.").format(path=database),
            hint=_("Free some space, or open the file read-only."),
        )
    return DatabaseReadOnly(
        _("The partnership file {path} cannot be written.").format(path=database),
        hint=_("Open it read-only, or copy it to a folder where you may write."),
    )


def break_lock(database: Path) -> LockHolder | None:
    """Remove the lock of ``database`` whoever holds it, and return who held it.

    Only for a lock the user decided to take over (a copy on another machine that crashed, or a laptop that
    was closed with the file open): if that copy is in fact still writing, two copies now write one file.
    The window asks the user, with that warning, before calling this.
    """
    holder = read_holder(database)
    place = lock_path(database)
    with contextlib.suppress(FileNotFoundError):
        if place.is_dir():
            place.rmdir()
        else:
            place.unlink()
    return holder
