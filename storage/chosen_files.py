"""Reading a file the user has just chosen in the window (a logo, a paper), to keep it in the partnership.

Only an ordinary file is read, and never more than the core's limit (``stored_files.MAX_BYTES``): a huge file or
a device is refused in words before it is read. What the file *is* is then checked by the core, by its content.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.i18n import _
from facilitator.safe_files import read_bounded
from facilitator.stored_files import MAX_BYTES


def read_chosen_file(path: Path | str, limit: int = MAX_BYTES, hint: str | None = None) -> tuple[str, bytes]:
    """The chosen file's own name (no folders) and its bytes; ``KnownError`` in plain words if it cannot be
    (``hint`` says what to choose instead of a file too large; by default, what a logo needs)."""
    path = Path(path)
    if hint is None:
        hint = _("Choose an image file of a few hundred kilobytes (a logo needs no more).")
    content = read_bounded(path, limit, hint=hint)
    return path.name, content
