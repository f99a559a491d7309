"""The window's Undo from a text box with nothing of its own to undo (``ui/text_undo.py``), when the passage is made
after a box already has the focus: the window makes it at its first paint or its first file, whichever comes first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from facilitator.ui.text_undo import TextUndoPassage


def _box_keeps_undo(box: QLineEdit) -> bool:
    """Whether Ctrl+Z, asked of the box before the window's shortcuts, stays with the box."""
    press = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press.setAccepted(False)
    QApplication.sendEvent(box, press)
    return press.isAccepted()


def test_a_box_focused_before_the_passage_is_made_passes_undo_on(qtbot) -> None:
    window = QWidget()
    box = QLineEdit()
    QVBoxLayout(window).addWidget(box)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    assert _box_keeps_undo(box) is True  # Qt's line edit takes Ctrl+Z even with nothing to undo
    TextUndoPassage(window)  # made once the box has the focus: no focus change will tell it of the box
    assert _box_keeps_undo(box) is False  # passed on to the window's Undo
    box.insert("typed")
    assert _box_keeps_undo(box) is True  # typing of its own: the box takes it back
