"""SQLite's quick check of a partnership file on a connection of its own, importing nothing but the standard
library: the window starts it on a worker as soon as it knows which file it will open, so that the check (a
read of every page: about 65 ms on ten years of records) runs beside the window's first paint and the loading
of storage instead of after them (``ui/main_window.py``, ``open_partnership(contents_checked=...)``).

Only a sound answer is taken from here. Anything else (a damaged file, a file that is not a database, a place
that cannot be read this way, no file yet) leaves the check to the opening's own connection
(``reading.check_contents``), which tells what it finds exactly as it does without this.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

#: SQLite's answer for a file whose pages are sound.
SOUND = "ok"


def file_uri(path: PurePath) -> str:
    """The absolute ``path`` as an SQLite URI filename (for ``mode=ro`` and ``immutable=1``).

    ``Path.as_uri`` gives ``file://server/share/x`` for a Windows network path (``\\\\server\\share\\x``),
    and SQLite refuses any URI authority but an empty one or ``localhost``; SQLite's Windows VFS takes the
    ``file:////server/share/x`` this gives instead (an empty authority, then the UNC path with slashes)."""
    if isinstance(path, PureWindowsPath) and path.drive.startswith("\\\\"):
        text = str(path).replace("\\", "/")
        if text.startswith("//?/UNC/"):
            text = "//" + text.removeprefix("//?/UNC/")
        elif text.startswith(("//?/", "//./")):
            text = "/" + text[4:]  # a drive letter written the long way: \\?\C:\x
        return "file://" + quote(text, safe="/:")
    return path.as_uri()


def quick_check_apart(path: Path) -> str | None:
    """``PRAGMA quick_check`` of the file at ``path``, read-only, on a connection opened and closed here (so on
    whichever thread calls it): ``SOUND`` for a file whose pages are sound, SQLite's first complaint otherwise,
    None when it could not be checked this way (no file, an empty one, a file SQLite will not read like this)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        conn = sqlite3.connect(f"{file_uri(path.resolve())}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None
