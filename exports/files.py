"""Writing files so that a crash, a full disk or a pulled USB stick never leaves a half-written file behind.

Every writer in ``exports`` goes through ``write_atomically``: the data goes to a temporary file beside
the target, is flushed to the disk, and only then takes the target's name in one step. Until that step the
old file (if any) is untouched; after it the new file is complete.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from facilitator.errors import DiskFull, KnownError
from facilitator.i18n import _

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _plain_error(path: Path, error: OSError) -> KnownError | None:
    """The user-facing error for what went wrong, or None when it is not one a user can act on."""
    if error.errno in _NO_SPACE:
        return DiskFull(
            _("The disk is full, so {path} was not written.").format(path=path),
            hint=_("Free some space, or choose another disk, then try again."),
        )
    if isinstance(error, PermissionError) or error.errno in _NOT_ALLOWED:
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
    return None


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, and NTFS journals renames anyway.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all.

    The bytes go to a temporary file in the same folder (so the final rename stays on one disk), are flushed
    and synced, then ``os.replace`` puts them under the real name. On failure the temporary file is removed
    and any old file at ``path`` is left as it was. A full disk raises ``DiskFull``; a file or folder that may
    not be written, a missing folder or a folder in the way raise ``KnownError`` in plain words.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # 0o666 honours the user's umask, unlike tempfile's private 0o600: an export is made to be shared.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            temporary.replace(path)  # os.replace: atomic, and overwrites on Windows too
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        with contextlib.suppress(OSError):
            _sync_folder(path.parent)
    except OSError as error:
        plain = _plain_error(path, error)
        if plain is None:
            raise
        raise plain from error
