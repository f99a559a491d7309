"""What the window waits for, started as the app starts it, in a process of its own (what a process has loaded
cannot be unloaded); issue 17 and ``ui/main_window.py``'s docstring. No stopwatch here
(``bench/open_and_filter.py`` measures the paint and Home): this keeps what was gained.

- Before its first paint: Qt and the window's own modules; not the ``Qt`` namespace's enums, the search's
  results, the dialogs behind the menus, sqlite-utils, storage, the core's records nor the exchange engine. The
  window says which file it is opening, its menus are whole and its navigation is laid out as it stays (in
  French, where a name takes two lines).
- When Home shows the file: storage and the core, but still not sqlite-utils, the exchange engine, the search's
  rules nor (on Linux) psutil, and no module's source was read (PySide6's import hook). Then the search box
  searches the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from facilitator.entities import Forum, Partner
from facilitator.storage import open_partnership

PROGRAM = textwrap.dedent(
    """
    import gc, json, linecache, sys
    from pathlib import Path
    import facilitator
    import PySide6.QtCore as QtCore
    from PySide6.QtCore import QEvent, QObject
    from facilitator.ui.app import start_window
    from facilitator.ui.main_window import SCREENS
    from facilitator.ui.settings import Settings

    app, window = start_window(Path(sys.argv[2]), "fr", Settings(Path(sys.argv[1])))  # as ``run`` starts it
    window.resize(1366, 768)
    nav = window.navigation
    seen = {}

    def rows():
        return [nav.visualItemRect(nav.item(row)).height() for row in range(nav.count())]

    def menu():
        return [action.text() for action in window.file_menu.actions() if action.text()]

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not seen:
                seen["at_paint"] = sorted(sys.modules)
                seen["collecting_at_paint"] = gc.isenabled()
                seen["icon_at_paint"] = not app.windowIcon().isNull()
                seen["qt_namespace_built"] = "Qt" in QtCore.__dict__
                seen["says"] = window.empty.label.text()
                seen["menu_at_paint"], seen["rows_at_paint"] = menu(), rows()
            return False

    def home_shows():
        home = window.screens.get("home")
        return home is not None and getattr(home, "found", None) is not None and home.isVisible()

    spy = FirstPaint()
    window.installEventFilter(spy)  # shown, not painted yet: the paint comes from the event loop
    while not home_shows():  # the file opens once the window has painted, and Home reads it
        app.processEvents()
    seen["at_home"] = sorted(sys.modules)
    seen["style_built_at_home"] = "QStyle" in sys.modules["PySide6.QtWidgets"].__dict__
    ours = str(Path(facilitator.__file__).resolve().parent.parent)
    seen["sources_read"] = sorted(
        name[len(ours) + 1 :] for name in linecache.cache
        if name.startswith(ours) and not name[len(ours) + 1 :].startswith(".")
    )
    seen["menu_at_home"] = menu()
    while len(window.screens) < len(SCREENS) or not window.search_box.isEnabled():
        app.processEvents()
    seen["rows_later"] = rows()
    seen["log"] = sorted(path.name for path in Path(sys.argv[3]).iterdir())
    seen["collecting_later"] = gc.isenabled()
    seen["icon_later"] = not app.windowIcon().isNull()
    seen["searches"] = str(window.search.worker.path) if window.search.worker else None
    window.close()
    print(json.dumps(seen))
    """
)

NOT_BEFORE_PAINT = (
    "sqlite_utils",
    "click",
    "pluggy",
    "pycrdt",
    "qtawesome",
    "logging.handlers",  # the log's file is opened once the first screen shows; its start line is held till then
    "facilitator.records",
    "facilitator.entities",
    "facilitator.profile",
    "facilitator.storage",  # the log too is started once the first screen shows
    "facilitator.ui.search_box",
    "facilitator.ui.backup_dialogs",
    "facilitator.ui.exchange_dialog",
    "facilitator.ui.shortcuts_dialog",
    "facilitator.ui.home_screen",
)

#: Nor before Home shows the file's content: the opening and Home's reading need neither (sqlite-utils loads once
#: every screen is built, for the first edit; psutil when a lock's holder or a leftover's process is asked about,
#: and on Linux not even to name this process in the lock or to read the mount table).
NOT_BEFORE_HOME = (
    "sqlite_utils",
    "click",
    "pluggy",
    "pycrdt",
    "facilitator.storage.exchange",
    "facilitator.search",  # the index is checked on opening; the search's rules load when it is used
    "facilitator.figures",  # the street figures' rules load with the first edit (``rules.EDIT_GUARDS``)
    "facilitator.figure_ops",
    "facilitator.content_translation",  # translated content: only when approving or printing minutes
    "facilitator.papers",  # a meeting's papers and the quorum: with the first edit or decision
    "facilitator.quorum",
) + (("psutil",) if sys.platform.startswith("linux") else ())


def _offending(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the window had loaded and showed at its first paint, when Home showed, and once it was all built."""
    folder = tmp_path_factory.mktemp("start")
    path = folder / "partnership.sqlite"
    with open_partnership(path) as store:  # made by this version: nothing to migrate when the window opens it
        store.put(Forum(name="Weekly round"))
        store.put(Partner(name="City Police"))
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "FACILITATOR_CONFIG_DIR": str(folder / "config"),
        "FACILITATOR_LOG_DIR": str(folder / "log"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(folder / "settings"), str(path), str(folder / "log")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    seen["path"] = str(path)
    return seen


def test_the_window_paints_before_storage_and_the_core_load(started: dict[str, Any]) -> None:
    assert _offending(started["at_paint"], NOT_BEFORE_PAINT) == []
    assert started["qt_namespace_built"] is False  # its ~90 enums are built at once, when one is first named
    # The check can fail: once the file is open, storage and the core are there.
    assert {"facilitator.storage.database", "facilitator.entities", "facilitator.home"} <= set(
        started["at_home"]
    )
    assert _offending(started["at_home"], NOT_BEFORE_HOME) == []
    # QStyle's Python class and its enums (some 7 ms) are built when first named: elided choices name it when
    # they first paint, which Home has none of.
    assert started["style_built_at_home"] is False
    # PySide6 no longer reads each module's source through ``inspect`` as it is imported (``ui/pyside_imports``):
    # that filled ``linecache`` with every module of the app's by the time Home showed (about 150); only the
    # package that stops it, and what this program imported before it, are read now.
    assert set(started["sources_read"]) <= {"facilitator/__init__.py", "ui/pyside_imports.py"}


def test_the_first_paint_shows_the_window_as_it_stays(started: dict[str, Any]) -> None:
    assert started["says"] == "Ouverture de partnership.sqlite…"
    assert started["menu_at_paint"] == started["menu_at_home"]  # the menus are whole from the start
    assert len(started["menu_at_paint"]) >= 8
    # Nothing in the navigation moves when its icons come; "Partenaires et représentants" is on two lines from
    # the start (without room for its icon, the first paint cut it to "Partenaires et ...").
    assert started["rows_at_paint"] == started["rows_later"]
    assert max(started["rows_at_paint"]) > min(started["rows_at_paint"])
    assert started["searches"] == started["path"]
    assert started["log"] == ["facilitator.log"]  # opened once the first screen showed
    # Python's cycle collector paused while the window starts, and collecting again once its first screen shows.
    assert started["collecting_at_paint"] is False
    assert started["collecting_later"] is True
    # The window's own icon (title bar, task bar) comes with the navigation's icons: its SVG engine is not needed
    # for the first paint.
    assert started["icon_at_paint"] is False
    assert started["icon_later"] is True
