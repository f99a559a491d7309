"""One writer at a time: a lock file beside the database says who has it open for writing.

SQLite's own locks only last a transaction; two idle copies of the app would both believe they may write.
The lock file names the user, machine, process and start time, so the second copy can tell the user who has
the file. A lock left by a crashed copy on this machine (its process is gone) is recognised and taken over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from facilitator import clock


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database open for writing."""

    user: str
    host: str
    pid: int
    since: str

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
        user, socket.gethostname(), os.getpid(), clock.local_now().isoformat(timespec="seconds")
    )


def read_holder(database: Path) -> LockHolder | None:
    """The holder written in the lock file, or None when there is no readable lock."""
    try:
        data = json.loads(lock_path(database).read_text(encoding="utf-8"))
        return LockHolder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(holder: LockHolder) -> bool:
    """Whether the lock was left by a copy of the app on this machine that no longer runs."""
    return holder.host == socket.gethostname() and not _alive(holder.pid)


#: How long an unreadable lock file is taken as being written by a copy that is starting, not as left by a crash.
UNREADABLE_GRACE_SECONDS = 10.0


class WriterLock:
    """The lock this process holds on a database; release it when the database is closed."""

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self.holder = _me()

    def try_acquire(self) -> LockHolder | None:
        """Take the lock; returns None on success, or the live holder that has it."""
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = read_holder(self.database)
                if holder is None and self._age() < UNREADABLE_GRACE_SECONDS:
                    # Another copy has just created the file and not yet written its name: it is live.
                    return LockHolder("?", "?", 0, "")
                if holder is not None and not is_stale(holder):
                    return holder
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()  # stale, or unreadable for a while: left by a crash
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self.holder.__dict__, out)
            return None
        return read_holder(self.database) or self.holder

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


def break_lock(database: Path) -> LockHolder | None:
    """Remove the lock of ``database`` whoever holds it, and return who held it.

    Only for a lock the user decided to take over (a copy on another machine that crashed, or a laptop that
    was closed with the file open): if that copy is in fact still writing, two copies now write one file.
    The window asks the user, with that warning, before calling this.
    """
    holder = read_holder(database)
    with contextlib.suppress(FileNotFoundError):
        lock_path(database).unlink()
    return holder
