"""Reading a file the user has just chosen in the window (a logo, later a paper), to keep it in the partnership.

Only an ordinary file is read, and never more than the core's limit (``stored_files.MAX_BYTES``): a huge file or
a device is refused in words before it is read. What the file *is* is then checked by the core, by its content.
"""

from __future__ import annotations

import stat
from pathlib import Path

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.stored_files import MAX_BYTES


def read_chosen_file(path: Path | str, limit: int = MAX_BYTES) -> tuple[str, bytes]:
    """The chosen file's own name (no folders) and its bytes; ``KnownError`` in plain words if it cannot be."""
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise KnownError(_("{path} is not a file.").format(path=path), hint=_("Choose an image file."))
        if info.st_size > limit:
            raise KnownError(
                _("{path} is larger than {limit} MB.").format(path=path, limit=limit // (1024 * 1024)),
                hint=_("Choose a smaller image (a logo needs a few hundred kilobytes at most)."),
            )
        with path.open("rb") as file:
            content = file.read(limit + 1)
    except FileNotFoundError as error:
        raise KnownError(_("There is no file at {path}.").format(path=path)) from error
    except PermissionError as error:
        raise KnownError(
            _("You may not read {path}.").format(path=path),
            hint=_("Ask whoever manages this computer for access to the file."),
        ) from error
    except OSError as error:
        raise KnownError(
            _("{path} could not be read: {reason}.").format(path=path, reason=error.strerror or error)
        ) from error
    if len(content) > limit:  # it grew while being read
        raise KnownError(
            _("{path} is larger than {limit} MB.").format(path=path, limit=limit // (1024 * 1024))
        )
    return path.name, content
