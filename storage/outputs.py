"""Where a command or a save dialog may write: one check for every output path.

Never over the partnership file, its companions (``-wal``, ``-shm``, ``-journal``, ``.lock``), any partnership
file or backup (recognised by its content, whatever its name), or one of the command's own inputs; never over an
existing file unless the user said so (``--force``, or the save dialog's own question); never to an empty path,
a folder, or a device. The check only reads; it is told in plain words (``OutputRefused``).
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.storage.lock import lock_path
from facilitator.storage.reading import SQLITE_HEADER
from facilitator.storage.schema import APPLICATION_ID

#: Files SQLite and the app keep beside a partnership file.
COMPANIONS = ("-wal", "-shm", "-journal")
#: Where SQLite keeps the application id in a database's header (big-endian, 4 bytes).
_APPLICATION_ID_OFFSET = 68


class OutputRefused(KnownError):
    """The path given to write to would overwrite something that must not be overwritten."""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.absolute() == b.absolute() or a.resolve() == b.resolve()


def companions(database: Path) -> list[Path]:
    """The files beside a partnership file that belong to it."""
    return [database.with_name(database.name + c) for c in COMPANIONS] + [lock_path(database)]


def is_partnership_file(path: Path) -> bool:
    """Whether ``path`` holds a partnership file or a backup of one (by its content, not its name)."""
    try:
        with path.open("rb") as file:
            head = file.read(_APPLICATION_ID_OFFSET + 4)
    except OSError:
        return False
    if not head.startswith(SQLITE_HEADER) or len(head) < _APPLICATION_ID_OFFSET + 4:
        return False
    return bool(int.from_bytes(head[_APPLICATION_ID_OFFSET:], "big") == APPLICATION_ID)


def check_chosen(path: Path | str, database: Path | None = None) -> Path:
    """A path chosen in the window's save dialog, which has already asked before replacing a file: refused
    only where ``check_output`` refuses even with ``--force`` (the partnership file and its companions, any
    partnership file or backup, a folder or a device)."""
    return check_output(path, database=database, force=True)


def check_output(
    path: Path | str | None,
    *,
    database: Path | None = None,
    inputs: Iterable[Path] = (),
    force: bool = False,
) -> Path:
    """``path`` if a command may write to it; ``OutputRefused`` in plain words if not.

    ``database`` is the partnership file the command reads (its companions are refused too); ``inputs`` are
    the other files it reads; ``force`` allows replacing an existing file that is none of those.
    """
    if path is None or not str(path).strip():
        raise OutputRefused(
            _("No file to write to was given."), hint=_("Give a file name, for example --out minutes.pdf.")
        )
    target = Path(path).expanduser()
    if database is not None:
        database = Path(database).expanduser()
        if _same(target, database):
            raise OutputRefused(
                _("{path} is the partnership file itself; writing there would destroy it.").format(
                    path=target
                ),
                hint=_("Choose another file name."),
            )
        for companion in companions(database):
            if _same(target, companion) or target.absolute() == companion.absolute():
                raise OutputRefused(
                    _(
                        "{path} belongs to the partnership file {database}; writing there would damage it."
                    ).format(path=target, database=database.name),
                    hint=_("Choose another file name."),
                )
    for source in inputs:
        if _same(target, Path(source)):
            raise OutputRefused(
                _("{path} is a file this command reads; it cannot also be written.").format(path=target),
                hint=_("Choose another file name."),
            )
    if target.name.endswith((*COMPANIONS, ".lock")):
        raise OutputRefused(
            _("{path} is a name the app keeps for a partnership file's own use.").format(path=target),
            hint=_("Choose another file name."),
        )
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError:
        return target  # the writer tells what is wrong with the folder
    if stat.S_ISDIR(mode):
        raise OutputRefused(
            _("{path} is a folder.").format(path=target), hint=_("Choose a file name inside the folder.")
        )
    if not stat.S_ISREG(mode):
        raise OutputRefused(
            _("{path} is not a file but a device or a pipe.").format(path=target),
            hint=_("Choose a file name."),
        )
    if is_partnership_file(target):
        raise OutputRefused(
            _("{path} is a partnership file or a backup of one; it is never written over.").format(
                path=target
            ),
            hint=_("Choose another file name."),
        )
    if not force:
        raise OutputRefused(
            _("{path} already exists.").format(path=target),
            hint=_("Choose another file name, or add --force to replace it."),
        )
    return target
