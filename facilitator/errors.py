"""The errors a user can meet and understand.

Storage and the core raise only these for expected situations; the window and the command line catch
``KnownError`` and show its message. Anything else is a bug and goes to the crash dialog.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.i18n import _


class KnownError(Exception):
    """An expected failure with a message written for the user: what happened and what to do."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class ValidationError(KnownError):
    """A record has a field the core does not accept. ``record`` and ``field`` name where."""

    def __init__(self, field: str, message: str, *, record: str = "") -> None:
        where = f"{record}: {field}" if record and field else (record or field)
        super().__init__(_("{where}: {problem}").format(where=where, problem=message))
        self.field = field
        self.problem = message
        self.record = record

    def in_record(self, record: str) -> ValidationError:
        """The same error, told as belonging to ``record`` (for example ``partners[3]``)."""
        return ValidationError(self.field, self.problem, record=record)


class NotFound(KnownError):
    """A record the user asked for does not exist (any more)."""


class DatabaseError(KnownError):
    """Base of the problems with a partnership file itself."""


class NotADatabase(DatabaseError):
    """The file is not a partnership file, or it is damaged beyond reading."""


class DatabaseCorrupt(DatabaseError):
    """SQLite's integrity check failed: the file is never written to."""


class DatabaseReadOnly(DatabaseError):
    """The file or its folder cannot be written."""


class DatabaseLocked(DatabaseError):
    """Another running copy of the app (here or on another laptop) has the file open for writing."""

    def __init__(self, message: str, *, hint: str = "", holder: str = "") -> None:
        super().__init__(message, hint=hint)
        self.holder = holder


class NewerSchema(DatabaseError):
    """The file was written by a newer version of the app."""


class OlderSchema(DatabaseError):
    """The file needs upgrading by this version, which cannot happen while it is open read-only."""


class StorageUnavailable(DatabaseError):
    """The disk or network folder holding the file could not be read or written (it may have gone away)."""


class DiskFull(KnownError):
    """The disk is full; nothing was written."""


class MinutesLocked(KnownError):
    """The minutes of the meeting are approved: its record can no longer change (record a correction instead)."""


class FileInUse(KnownError):
    """Another program holds the file open, so it cannot be replaced (Windows: Word or a PDF reader has it).
    ``beside`` is a free name in the same folder to write instead (``minutes (2).pdf``)."""

    def __init__(self, message: str, *, hint: str = "", path: Path, beside: Path) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.beside = beside
