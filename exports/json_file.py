"""The partnership document as a JSON file: UTF-8, indented, written atomically, read back with plain errors.

What the document holds is decided by ``facilitator.document``; this module only moves it to and from disk.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from facilitator.errors import KnownError
from facilitator.exports.files import write_atomically
from facilitator.i18n import _


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` to ``path`` as indented UTF-8 JSON (letters of every script kept as they are)."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomically(Path(path), text.encode("utf-8"))


#: The largest JSON file read (a ten-year partnership exports to about 30 MB); larger is not one of ours.
MAX_JSON_BYTES = 512 * 1024 * 1024


def read_json(path: Path) -> dict[str, Any]:
    """Read the JSON object in ``path``; raise ``KnownError`` in plain words when there is none.

    Only an ordinary file is read (never a device such as ``/dev/zero`` or a pipe, which would never end), and
    only up to ``MAX_JSON_BYTES``; JSON nested deeper than Python can follow is refused in words.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise KnownError(_("{path} is a folder, not a file.").format(path=path))
        if not stat.S_ISREG(mode):
            raise KnownError(
                _("{path} is not a file but a device or a pipe.").format(path=path),
                hint=_("Choose a JSON file exported by this app."),
            )
        with path.open("rb") as file:
            raw = file.read(MAX_JSON_BYTES + 1)
    except FileNotFoundError as error:
        raise KnownError(_("There is no file at {path}.").format(path=path)) from error
    except IsADirectoryError as error:
        raise KnownError(_("{path} is a folder, not a file.").format(path=path)) from error
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
    if len(raw) > MAX_JSON_BYTES:
        raise KnownError(
            _("{path} is larger than any partnership document ({size} MB at most).").format(
                path=path, size=MAX_JSON_BYTES // (1024 * 1024)
            ),
            hint=_("Choose a JSON file exported by this app."),
        )
    try:
        # utf-8-sig: Windows editors often put a byte-order mark in front; it is not part of the JSON.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise KnownError(
            _("{path} is not UTF-8 text (unreadable bytes from position {position}).").format(
                path=path, position=error.start
            ),
            hint=_("Choose a JSON file exported by this app."),
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KnownError(
            _("{path} is not valid JSON: {problem} at line {line}, column {column}.").format(
                path=path, problem=error.msg, line=error.lineno, column=error.colno
            ),
            hint=_("Choose a JSON file exported by this app, or correct the file at that place."),
        ) from error
    except RecursionError as error:
        raise KnownError(
            _("{path} is nested too deeply to be a partnership document.").format(path=path),
            hint=_("Choose a JSON file exported by this app."),
        ) from error
    if not isinstance(data, dict):
        raise KnownError(
            _("{path} holds JSON, but not a partnership document (it is not an object).").format(path=path),
            hint=_("Choose a JSON file exported by this app."),
        )
    return data
