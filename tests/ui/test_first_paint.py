"""The window's first paint, in this process (what it loads is checked in a process of its own by
``test_window_imports.py``): the numbers it names instead of Qt's enums are Qt's, the style sheet sets what it
would have named, and a file that cannot be opened after the paint leaves the ways forward on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from facilitator.ui import main_window, shortcuts
from facilitator.ui.main_window import MainWindow
from tests.ui.conftest import ModalAnswers


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
