"""The partnership document as a JSON file: UTF-8, indented, written atomically, read back with plain errors.

What the document holds is decided by ``facilitator.document``; this module only moves it to and from disk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from facilitator.errors import KnownError
from facilitator.exports.files import write_atomically
from facilitator.i18n import _
from facilitator.safe_files import read_bounded


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
    raw = read_bounded(path, MAX_JSON_BYTES, hint=_("Choose a JSON file exported by this app."))
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
