"""A user's hands for window stories: menus found by their words, buttons pressed by their words, rows clicked,
text typed. Nothing here calls the core: what a story does, it does through the widgets a user sees."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def _words(text: str) -> str:
    """A menu's or button's words as read: without the mnemonic's ampersand or the ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


def menu_action(window: QMainWindow, *path: str) -> QAction:
    """The menu entry reached by ``path`` ("File", "Exchange with other laptops"), each step the start of the
    words shown; fails with what the menu offers when it is not there."""
    actions = window.menuBar().actions()
    found: QAction | None = None
    for step in path:
        matches = [a for a in actions if _words(a.text()).startswith(step)]
        assert matches, f"no {step!r} in {[_words(a.text()) for a in actions]}"
        found = matches[0]
        menu = found.menu()
        actions = menu.actions() if isinstance(menu, QMenu) else []
    assert found is not None
    return found


def use_menu(window: QMainWindow, *path: str) -> None:
    """Choose a menu entry, as a click on it does (it must be enabled, as for a user)."""
    action = menu_action(window, *path)
    assert action.isEnabled(), f"{' → '.join(path)} is disabled"
    action.trigger()
    QApplication.processEvents()


def go_to(window: QMainWindow, screen_title: str) -> QWidget:
    """Show a screen through the View menu (as Ctrl+1… does) and return the screen on show."""
    use_menu(window, "View", screen_title)
    current = window.current_screen()  # type: ignore[attr-defined]
    assert current is not None
    return current  # type: ignore[no-any-return]


def _said(button: QAbstractButton) -> str:
    """What a button says: its words, or the name a screen reader speaks when it shows only an icon."""
    return _words(button.text()) or _words(button.accessibleName())


def button(widget: QWidget, words: str) -> QAbstractButton:
    """The one visible button whose words start with ``words``."""
    buttons = [
        b
        for b in widget.findChildren(QAbstractButton)
        if b.isVisibleTo(widget) and _said(b).startswith(words)
    ]
    if (
        len(buttons) > 1
    ):  # the same words twice (a toolbar's and an empty state's): the one in the first place
        buttons = buttons[:1] if len({_said(b) for b in buttons}) == 1 else buttons
    assert len(buttons) == 1, f"{words!r}: {[_said(b) for b in buttons] or 'no such button'}"
    return buttons[0]


def press(qtbot, widget: QWidget, words: str) -> None:  # type: ignore[no-untyped-def]
    """Click the button whose words start with ``words`` (it must be enabled)."""
    found = button(widget, words)
    assert found.isEnabled(), f"{words!r} is disabled"
    qtbot.mouseClick(found, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def choose(box: QComboBox, words: str) -> None:
    """Pick the entry of a drop-down list that shows ``words``."""
    found = [i for i in range(box.count()) if words in box.itemText(i)]
    assert found, f"{words!r} not in {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(found[0])
    QApplication.processEvents()


def type_keys(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key. Characters beyond ASCII ("é", "ł", Arabic letters) arrive as a
    keyboard layout or input method sends them: a key event carrying the character (QTest's own typing knows only
    ASCII, and aborts on anything else)."""
    for char in text:
        if char == "\n":  # a new line in a box of several lines
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif char.isascii() and char.isprintable():
            QTest.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def step_to(edit: QDateTimeEdit, section: QDateTimeEdit.Section, steps: int) -> None:
    """Put the cursor in one part of a date or time field (the day, the hour...) and press the Up arrow (or
    Down) ``steps`` times, as a keyboard user moves a date: typed digits land in whichever part the cursor is in."""
    edit.setCurrentSection(section)
    key = Qt.Key.Key_Up if steps > 0 else Qt.Key.Key_Down
    for _step in range(abs(steps)):
        QTest.keyClick(edit, key)
    QApplication.processEvents()


def type_into(qtbot, edit: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace what a text box holds by typing ``text`` into it."""
    if isinstance(edit, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
        edit.selectAll()
        QTest.keyClick(edit, Qt.Key.Key_Delete)
    type_keys(edit, text)


def row_of(view: QAbstractItemView, words: str, column: int = 0) -> int:
    """The first row whose cell in ``column`` contains ``words`` (fails with what the column shows)."""
    model: QAbstractItemModel = view.model()
    shown = [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
    rows = [row for row, text in enumerate(shown) if words in text]
    assert rows, f"{words!r} not among {shown}"
    return rows[0]


def click_row(qtbot, view: QAbstractItemView, words: str, column: int = 0) -> int:  # type: ignore[no-untyped-def]
    """Click the row whose cell in ``column`` contains ``words``; returns the row."""
    row = row_of(view, words, column)
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    QApplication.processEvents()
    return row


def double_click_row(qtbot, view: QAbstractItemView, words: str, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Open the row whose cell contains ``words`` with a double click."""
    row = click_row(qtbot, view, words, column)
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()


def type_in_cell(
    qtbot, view: QAbstractItemView, words: str, column: int, text: str, *, find_in: int = 0
) -> None:  # type: ignore[no-untyped-def]
    """Click the cell in ``column`` of the row whose cell in ``find_in`` contains ``words``, press F2, type
    ``text`` into the editor that opens there and keep it: Ctrl+Enter in a multi-line box, Enter in a line."""
    index = view.model().index(row_of(view, words, find_in), column)
    view.scrollTo(index)
    # The user's window is the active one: an editor opened in a window without the focus closes at once.
    view.activateWindow()
    qtbot.waitUntil(lambda: view.window().isActiveWindow())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())

    def open_editors() -> list[QWidget]:
        shown = view.viewport().findChildren(QWidget)
        return [w for w in shown if isinstance(w, QLineEdit | QPlainTextEdit) and w.isVisible()]

    # A click on a cell already selected opens its editor by itself, after a double click's time; else F2.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    if not open_editors():
        QTest.keyClick(view, Qt.Key.Key_F2)
        QApplication.processEvents()
    editors = open_editors()
    assert len(editors) == 1, f"F2 on {words!r} opened {editors or 'no editor'}"
    type_keys(editors[0], text)
    keep = (
        Qt.KeyboardModifier.ControlModifier
        if isinstance(editors[0], QPlainTextEdit)
        else Qt.KeyboardModifier.NoModifier
    )
    QTest.keyClick(editors[0], Qt.Key.Key_Return, keep)
    QApplication.processEvents()
