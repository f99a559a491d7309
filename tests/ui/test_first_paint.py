"""The window's first paint waits for nothing it does not show (issue 17; ``ui/main_window.py``'s docstring).

The window is started as the app starts it, in a process of its own (what a process has loaded cannot be
unloaded): before its first paint, the ``Qt`` namespace's enums are not built and neither the search's results,
the dialogs behind the menus, storage nor the core's records are loaded; the window says which file it is
opening; the menus are whole; the navigation is laid out as it stays (in French, where a name takes two
lines); once Home shows the file, the search box searches it. No time is measured here
(``bench/open_and_filter.py`` does that); what is checked is what the first paint waits for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from facilitator.ui import main_window, shortcuts
from facilitator.ui.main_window import MainWindow
from tests.ui.conftest import ModalAnswers

START = """
import json, sys
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject
from facilitator.ui.app import build_main_window, create_application
from facilitator.ui.settings import Settings

app = create_application()
window = build_main_window(Settings(Path(sys.argv[2])), Path(sys.argv[1]), "fr", open_now=False)
window.resize(1366, 768)
seen = {}
nav = window.navigation

def rows():
    return [nav.visualItemRect(nav.item(row)).height() for row in range(nav.count())]

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["qt_namespace_built"] = "Qt" in QtCore.__dict__
            seen["loaded"] = sorted(m for m in sys.modules if m.startswith(LATER))
            seen["says"] = window.empty.label.text()
            seen["file_menu"] = [a.text() for a in window.file_menu.actions() if a.text()]
            seen["rows"] = rows()
        return False

LATER = (
    "facilitator.ui.search_box", "facilitator.ui.backup_dialogs", "facilitator.ui.exchange_dialog",
    "facilitator.ui.shortcuts_dialog", "facilitator.ui.home_screen", "facilitator.storage", "sqlite_utils",
    "facilitator.entities", "facilitator.records", "qtawesome",
)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
while not seen:
    app.processEvents()
while "home" not in window.screens or not window.search_box.isEnabled():
    app.processEvents()
seen["home_shown"] = window.current_screen() is window.screens["home"]
seen["file_menu_then"] = [a.text() for a in window.file_menu.actions() if a.text()]
while len(window.screens) < 9:  # the icons come, then the other screens
    app.processEvents()
seen["rows_then"] = rows()
seen["searches"] = str(window.search.worker.path) if window.search.worker else None
print(json.dumps(seen))
window.close()
"""


def test_the_first_paint_waits_for_nothing_it_does_not_show(seeded_db: Path, tmp_path: Path) -> None:
    environment = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", FACILITATOR_CONFIG_DIR=str(tmp_path / "config")
    )
    done = subprocess.run(
        [sys.executable, "-c", START, str(seeded_db), str(tmp_path / "settings")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["qt_namespace_built"] is False
    assert seen["loaded"] == []
    assert seen["says"] == "Ouverture de seeded.sqlite…"
    assert seen["file_menu"] == seen["file_menu_then"]  # the menus are whole from the start
    assert len(seen["file_menu"]) >= 8
    # Nothing in the navigation moves when its icons come; "Partenaires et représentants" is on two lines from
    # the start (without room for its icon, the first paint cut it to "Partenaires et ...").
    assert seen["rows"] == seen["rows_then"]
    assert max(seen["rows"]) > min(seen["rows"])
    assert seen["home_shown"] is True
    assert seen["searches"] == str(seeded_db)


def test_the_numbers_named_for_qt_before_the_first_paint_are_qts() -> None:
    assert Qt.Key.Key_Back.value == shortcuts.FIRST_MEDIA_KEY
    assert Qt.KeyboardModifier.KeyboardModifierMask.value == shortcuts.MODIFIER_MASK
    assert Qt.ItemDataRole.AccessibleTextRole.value == main_window.ACCESSIBLE_TEXT_ROLE


def test_the_style_sheet_sets_what_the_shell_would_have_named(window: MainWindow) -> None:
    assert window.navigation.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert window.navigation.textElideMode() == Qt.TextElideMode.ElideRight
    assert window.find_action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    window.set_context(None)
    label: QLabel = window.empty.label
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert window.empty.new.isVisible() and window.empty.open.isVisible()


def test_a_file_that_cannot_be_opened_after_the_first_paint_leaves_the_ways_forward(
    qtbot, window: MainWindow, tmp_path: Path, modals: ModalAnswers
) -> None:
    window.set_context(None)
    not_a_partnership = tmp_path / "notes.sqlite"
    not_a_partnership.write_text("shopping list", encoding="utf-8")
    modals.expect_message("is not a partnership file")
    window.open_soon(not_a_partnership)
    assert window.empty.label.text() == "Opening notes.sqlite…"
    assert not window.empty.new.isVisible()
    window.repaint()  # the first paint opens the file
    qtbot.waitUntil(lambda: window.empty.new.isVisible())
    assert window.empty.label.text().startswith("No partnership file is open.")
    assert window.context is None
