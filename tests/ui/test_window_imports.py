"""What the window loads before its first paint, in a process of its own: Qt and the window's own modules, not
sqlite-utils, not the core's records and not the exchange engine (the file opens, and they load, once the window
is on screen); and what it has still not loaded when Home shows the file (sqlite-utils, psutil on Linux). No
stopwatch here (``bench/open_and_filter.py`` measures the paint): this keeps what was gained."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from facilitator.entities import Forum, Partner
from facilitator.storage import open_partnership

PROGRAM = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.settings import Settings

    app = create_application()
    window = build_main_window(Settings(Path(sys.argv[1])), Path(sys.argv[2]), "en", open_now=False)
    window.show()
    before = sorted(sys.modules)
    def home_shows():
        home = window.screens.get("home")
        return home is not None and getattr(home, "found", None) is not None and home.isVisible()
    while not home_shows():  # the file opens once the event loop runs, and Home reads it
        app.processEvents()
    after = sorted(sys.modules)
    window.close()
    print(json.dumps([before, after]))
    """
)

NOT_BEFORE_PAINT = (
    "sqlite_utils",
    "click",
    "pluggy",
    "pycrdt",
    "facilitator.records",
    "facilitator.entities",
    "facilitator.profile",
    "facilitator.storage.database",
    "facilitator.storage.exchange",
)


#: Nor before Home shows the file's content: the opening and Home's reading need neither (sqlite-utils loads at the
#: first edit; psutil when a lock's holder or a leftover's process is asked about, and on Linux not even to name
#: this process in the lock or to read the mount table).
NOT_BEFORE_HOME = ("sqlite_utils", "click", "pluggy", "pycrdt", "facilitator.storage.exchange") + (
    ("psutil",) if sys.platform.startswith("linux") else ()
)


def _offending(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_the_window_paints_before_storage_and_the_core_load(tmp_path: Path) -> None:
    path = tmp_path / "partnership.sqlite"
    with open_partnership(path) as store:  # made by this version: nothing to migrate when the window opens it
        store.put(Forum(name="Weekly round"))
        store.put(Partner(name="City Police"))
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "settings"), str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert _offending(before, NOT_BEFORE_PAINT) == []
    # The check can fail: once the file is open, storage and the core are there.
    assert {"facilitator.storage.database", "facilitator.entities", "facilitator.home"} <= set(after)
    assert _offending(after, NOT_BEFORE_HOME) == []
