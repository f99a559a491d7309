"""Undo and Redo keys that reach the window's stack from a text box that has nothing of its own to undo.

Qt gives Ctrl+Z to the text box that has the focus whether or not the box has typing to take back: an empty
search field, or the chair's notes just cleared for the next item, swallowed the key and nothing happened. The
chair's focus is in the notes for the whole meeting, so Ctrl+Z after a wrong "Next item" never worked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

TextBox = QLineEdit | QPlainTextEdit | QTextEdit


def _has_own(box: QWidget, key: QKeySequence.StandardKey) -> bool:
    """Whether ``box`` has typing of its own that ``key`` (Undo or Redo) would take back or put again."""
    undo = key is QKeySequence.StandardKey.Undo
    if isinstance(box, QLineEdit):
        return box.isUndoAvailable() if undo else box.isRedoAvailable()
    assert isinstance(box, QPlainTextEdit | QTextEdit)
    document = box.document()
    return document.isUndoAvailable() if undo else document.isRedoAvailable()


class TextUndoPassage(QObject):
    """Watches the text boxes of ``window`` as they get the focus: Undo or Redo pressed in one that has nothing of
    its own to take back goes to the window's menu action (the partnership's undo stack) instead."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, QApplication.focusWidget())  # a box that had the focus before this was made

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Only the window's own boxes: a dialog's Ctrl+Z must never reach the partnership's stack behind it.
        if isinstance(new, TextBox) and new.window() is self._window:
            new.installEventFilter(self)  # installing twice keeps one filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, TextBox) or watched.window() is not self._window:
            return False
        for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
            if event.matches(key) and not _has_own(watched, key):
                event.ignore()  # not the box's: the window's shortcut takes it
                return True
        return False
