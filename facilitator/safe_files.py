"""Writing a file so that a crash, a full disk or a pulled USB stick never leaves a half-written file behind.

One way for every file the app writes (documents, exports, backups, copies set aside before an upgrade or a
restore): the bytes go to a hidden temporary file beside the target, are synced to the disk, and only then take
the target's name in one step (``os.replace``); the folder is synced so that the rename itself survives a
power cut. Until that step an old file at the target is untouched; after it the new file is complete. On any
failure the temporary file is removed and the error is told in plain words (``DiskFull`` for a full disk).

Windows adds two things POSIX does not have (``docs/platforms.md``): a file that another program holds open
(a document open in Word or a PDF reader) cannot be replaced, and an antivirus scanner or a search indexer opens
a new file for a moment just after it is written. The second is waited out, briefly and a bounded number of
times (``patiently``); the first is told as ``FileInUse`` with a free name beside the open file to write instead
(``free_name_beside``: ``minutes (2).pdf``). A path longer than Windows allows is told as such, not as a
missing folder.

The temporary name says which process writes it (``.minutes.pdf.<host>-<pid>-<random>.partial``), so that a
copy left by a process that was killed can be recognised and removed later (``leftover_partials``) without ever
touching one that another running process is still writing.

This module sits in the core's package only because both storage and the writers use it and neither may import
the other; it holds no rules and is imported by neither the core's rules nor its document models.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from facilitator.errors import DiskFull, FileInUse, KnownError
from facilitator.i18n import _

try:
    import fcntl  # POSIX; F_FULLFSYNC exists on macOS only
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment,unused-ignore]

T = TypeVar("T")

PARTIAL = ".partial"
NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
#: Files SQLite may make beside a database that is being written under a temporary name.
SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")
#: What Windows answers when another program has a file open: ERROR_ACCESS_DENIED (5: a file open without
#: leave to delete it cannot be replaced; also a read-only file), ERROR_SHARING_VIOLATION (32) and
#: ERROR_LOCK_VIOLATION (33). Python raises them as ``PermissionError`` with ``winerror`` set.
WINDOWS_IN_USE = frozenset({5, 32, 33})
WINDOWS_ACCESS_DENIED = 5
#: Pauses before trying again when Windows says a file is in use: an antivirus scanner, a search indexer or a
#: backup agent opens a new file for a moment. 0.65 s in all, then the user is told.
IN_USE_PAUSES = (0.02, 0.05, 0.1, 0.18, 0.3)
#: The longest path Windows accepts unless long paths are turned on (MAX_PATH is 260 with the closing NUL).
WINDOWS_MAX_PATH = 259
_pause = time.sleep  # tests replace it: waiting is counted, never timed


def on_windows() -> bool:
    """Whether this is Windows (tests simulate it by replacing this function)."""
    return os.name == "nt"


def windows_long_paths() -> bool:
    """Whether Windows accepts paths longer than 259 characters here (the LongPathsEnabled setting, Windows 10
    and later; Python itself is marked as able to use them)."""
    try:
        import winreg  # noqa: PLC0415 - Windows only

        with winreg.OpenKey(  # type: ignore[attr-defined,unused-ignore]
            winreg.HKEY_LOCAL_MACHINE,  # type: ignore[attr-defined,unused-ignore]
            r"SYSTEM\CurrentControlSet\Control\FileSystem",
        ) as key:
            value, _kind = winreg.QueryValueEx(key, "LongPathsEnabled")  # type: ignore[attr-defined,unused-ignore]
            return bool(value)
    except (ImportError, OSError):
        return False


def too_long_for_windows(path: Path) -> bool:
    """Whether ``path`` is longer than this Windows accepts (never on macOS and Linux)."""
    return on_windows() and len(str(Path(path).absolute())) > WINDOWS_MAX_PATH and not windows_long_paths()


def path_too_long(path: Path) -> KnownError:
    """The plain words for a path longer than Windows accepts here."""
    return KnownError(
        _(
            "The path of {name} is {count} characters long; Windows on this computer accepts at most {limit}."
        ).format(name=Path(path).name, count=len(str(Path(path).absolute())), limit=WINDOWS_MAX_PATH),
        hint=_(
            "Choose a folder nearer the top of the disk or a shorter file name, or ask whoever manages this "
            "computer to turn on long paths."
        ),
    )


def held_by_another_program(error: BaseException) -> bool:
    """Whether ``error`` is Windows saying that another program has the file open (or held it for a moment)."""
    return getattr(error, "winerror", None) in WINDOWS_IN_USE


def patiently(step: Callable[[], T]) -> T:
    """``step()``; when Windows says a file is held by another program, wait a little and try again, a few times
    (``IN_USE_PAUSES``), before letting the error through. Any other error goes through at once."""
    for pause in IN_USE_PAUSES:
        try:
            return step()
        except OSError as error:
            if not held_by_another_program(error):
                raise
        _pause(pause)
    return step()


#: What Windows refuses in a file name ("/" no platform takes); control characters are refused too.
NOT_IN_FILE_NAMES = frozenset('<>:"/\\|?*')
#: Device names Windows reserves, with any extension ("CON.pdf" is the console, not a file).
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
)


def file_name_for(text: str) -> str:
    """``text`` (a forum's name, a document's title) as a file name every platform takes: what Windows refuses
    ("Mayor's round: strategy" has a colon) becomes "-", trailing dots and spaces go (Windows drops them), and
    a name Windows keeps for a device (CON, NUL, COM1...) gets "_" in front. Suggested in save dialogs."""
    name = "".join("-" if c in NOT_IN_FILE_NAMES or ord(c) < 32 else c for c in text).rstrip(" .")
    if name.split(".")[0].strip().upper() in WINDOWS_DEVICES:
        name = "_" + name
    return name or "_"


def free_name_beside(path: Path) -> Path:
    """The first free name beside ``path`` in the way file managers number copies: ``minutes (2).pdf``,
    ``minutes (3).pdf``... (``minutes (2).pdf`` itself gives ``minutes (3).pdf``)."""
    path = Path(path)
    stem, number = path.stem, 2
    numbered = re.fullmatch(r"(?P<stem>.*\S) \((?P<n>\d{1,6})\)", stem)
    if numbered:
        stem, number = numbered["stem"], int(numbered["n"]) + 1
    while True:
        candidate = path.with_name(f"{stem} ({number}){path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
        number += 1


def _held_open(path: Path) -> bool:
    """Whether another program holds the existing file ``path`` open, rather than it being read-only: asked by
    opening it for writing (nothing is written, and it is closed at once)."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError as probe:
        return held_by_another_program(probe) and getattr(probe, "winerror", None) != WINDOWS_ACCESS_DENIED
    os.close(fd)
    return True  # it may be written, yet not replaced: it is open without leave to be replaced


def in_use(path: Path, error: OSError) -> KnownError | None:
    """``error`` (from replacing ``path``) told as a file held by another program, or None when it is not that."""
    if not held_by_another_program(error):
        return None
    if path.exists():
        if not _held_open(path):
            return None  # read-only, or not ours to replace: told as not allowed
        beside = free_name_beside(path)
        return FileInUse(
            _("{name} is open in another program, so it cannot be replaced.").format(name=path.name),
            hint=_(
                "Close it there (in Word or a PDF reader, for example) and try again, or save it beside the open "
                "one as “{beside}”."
            ).format(beside=beside.name),
            path=path,
            beside=beside,
        )
    if getattr(error, "winerror", None) != WINDOWS_ACCESS_DENIED:
        return KnownError(
            _(
                "Another program (an antivirus or a search indexer, perhaps) kept {path} busy, so it was not written."
            ).format(path=path),
            hint=_("Wait a moment, then try again."),
        )
    return None


def host_tag() -> str:
    """A short, stable tag of this machine for temporary names (a host name can be long or odd)."""
    import hashlib  # noqa: PLC0415 - loaded when a file is written, not by every reader of paths

    from facilitator.folders import host_name  # noqa: PLC0415

    return hashlib.sha256(host_name().encode("utf-8", "replace")).hexdigest()[:8]


def temporary_name(path: Path) -> Path:
    """A hidden name beside ``path`` that says which machine and process writes it."""
    import secrets  # noqa: PLC0415 - loaded when a file is written, not by every reader of paths

    return path.with_name(f".{path.name}.{host_tag()}-{os.getpid()}-{secrets.token_hex(3)}{PARTIAL}")


# Patterns kept as text: ``re`` compiles each (and keeps it) at its first use, not whenever the module loads.
_PARTIAL_NAME = r"\.(?P<target>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]{6}\.partial"


def partial_owner(path: Path) -> tuple[str, int] | None:
    """``(host tag, pid)`` of the process that writes the temporary file ``path``, or None if it is not one."""
    name = path.name
    for companion in SQLITE_COMPANIONS:
        name = name.removesuffix(companion)
    found = re.fullmatch(_PARTIAL_NAME, name)
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
    if too_long_for_windows(path):
        return path_too_long(path)
    held = in_use(path, error)
    if held is not None:
        return held
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


def flush_to_disk(fd: int) -> None:
    """Make what was written through ``fd`` survive a power cut. On macOS ``fsync`` only hands the data to the
    drive, which may keep it in its cache; ``F_FULLFSYNC`` asks the drive to write it (as SQLite's
    ``fullfsync``). A file system that refuses it (some network ones) gets ``fsync``; so do Linux and Windows
    (where Python's ``fsync`` is ``_commit``, FlushFileBuffers)."""
    full = getattr(fcntl, "F_FULLFSYNC", None) if fcntl is not None else None
    if full is not None:
        try:
            fcntl.fcntl(fd, full)  # type: ignore[union-attr,unused-ignore]
            return
        except OSError:
            pass
    os.fsync(fd)


def sync_file(path: Path) -> None:
    """Flush ``path`` to the disk (opened for writing: Windows flushes only a handle that may write)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        flush_to_disk(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. POSIX only: Windows cannot open a folder, and NTFS journals renames."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            flush_to_disk(fd)
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
    is left as it was, and an ``OSError`` becomes a ``KnownError`` in plain words (``FileInUse`` when another
    program has ``path`` open on Windows). A file held for a moment by an antivirus or an indexer is waited for.
    """
    path = Path(path)
    if too_long_for_windows(path):
        raise path_too_long(path)
    temporary = temporary_name(path)
    try:
        yield temporary
        patiently(lambda: sync_file(temporary))
        if before_replace is not None:
            before_replace()
        # os.replace: one step, and over an existing file on Windows too (unless another program holds it).
        patiently(lambda: temporary.replace(path))
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
