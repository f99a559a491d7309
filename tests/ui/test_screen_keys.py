"""Ctrl+1…9 take the keyboard to the screen they name: after looking something up, Ctrl+3 shows the actions and
the next key typed goes to them, not back into the search box (which would hide the screen again under its
results). Real window, real keys."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.shortcuts import sequences


def _keys(window: MainWindow, name: str) -> None:
    combination = sequences(name)[0][0]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, combination.key(), combination.keyboardModifiers())
    QApplication.processEvents()


def test_a_screen_key_takes_the_keyboard_from_the_search_box(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    names = [name for name, _title, _where in SCREENS]
    _keys(window, "find")
    assert QApplication.focusWidget() is window.search_box
    QTest.keyClicks(window.search_box, "underpass")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.search_results)

    _keys(window, f"screen_{names.index('actions') + 1}")

    actions = window.screens["actions"]
    assert window.stack.currentWidget() is actions
    focused = QApplication.focusWidget()
    assert focused is not None and actions.isAncestorOf(focused), focused
    QTest.keyClicks(focused, "x")
    QApplication.processEvents()
    assert window.search_box.text() == "underpass"
    assert window.stack.currentWidget() is actions


def test_the_key_of_the_screen_on_show_brings_it_back_from_the_search_results(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    row = window.navigation.currentRow()
    home = window.stack.currentWidget()
    _keys(window, "find")
    QTest.keyClicks(window.search_box, "underpass")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.search_results)

    _keys(window, f"screen_{row + 1}")

    assert window.stack.currentWidget() is home
    focused = QApplication.focusWidget()
    assert focused is not None and home.isAncestorOf(focused), focused
