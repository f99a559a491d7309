"""Opening a file from the event loop (as the app does at start): the screen on show is built first and shows
its content at once; the others follow one per turn of the event loop, or at once when chosen first. When all
are built, the PDF fonts' bold is prepared in a process of its own and sqlite-utils is loaded for the first edit
(nobody waits for either)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from facilitator.exports import fonts
from facilitator.ui.app import create_application
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.settings import Settings

NAMES = [name for name, *_rest in SCREENS]


def test_home_first_then_the_others_then_the_fonts(
    qtbot, settings: Settings, seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    monkeypatch.setattr(fonts, "build_in_background", lambda: started.append("fonts"))
    create_application()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_path(seeded_db, screens_later=True)
    assert list(window.screens) == ["home"]
    assert window.context is not None and window.context.store._db is None  # sqlite-utils not needed yet
    assert window.current_screen() is window.screens["home"]
    # Chosen before its turn: built there and then.
    window.navigation.setCurrentRow(NAMES.index("partners"))
    assert window.current_screen() is window.screens["partners"]
    assert list(window.screens) == ["home", "partners"]
    qtbot.waitUntil(lambda: len(window.screens) == len(SCREENS))
    assert list(window.screens) == NAMES  # in navigation order whatever order they were built in
    qtbot.waitUntil(lambda: started == ["fonts"])
    QApplication.processEvents()
    assert started == ["fonts"]  # once
    # Opened and read without sqlite-utils; made ready for the first edit once every screen is built.
    qtbot.waitUntil(lambda: window.context is not None and window.context.store._db is not None)


def test_opened_at_once_builds_every_screen(qtbot, settings: Settings, seeded_db: Path) -> None:
    create_application()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_path(seeded_db)
    assert list(window.screens) == NAMES
