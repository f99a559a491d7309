"""One writer at a time: a lock file beside the database says who has it open for writing.

SQLite's own locks only last a transaction; two idle copies of the app would both believe they may write.
The lock file names the user, machine, process and start time, so the second copy can tell the user who has
the file. A lock left by a crashed copy on this machine (its process is gone) is recognised and taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path


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
    return LockHolder(user, socket.gethostname(), os.getpid(), dt.datetime.now().isoformat(timespec="seconds"))


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
                holder = read_holder(self.path.with_name(self.path.name[: -len(".lock")]))
                if holder is not None and not is_stale(holder):
                    return holder
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()  # stale or unreadable: left by a crash
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self.holder.__dict__, out)
            return None
        return read_holder(self.path.with_name(self.path.name[: -len(".lock")])) or self.holder

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        current = read_holder(self.path.with_name(self.path.name[: -len(".lock")]))
        if current is not None and current.pid == self.holder.pid and current.host == self.holder.host:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
