"""Menus follow each platform's conventions through Qt: standard keys and menu roles.

A shortcut given as a ``QKeySequence.StandardKey`` takes every binding of the platform it runs on (Cmd on
macOS; Ctrl+Y beside Ctrl+Shift+Z for Redo on Windows), and "Ctrl+..." is Cmd on macOS. Menu roles move About,
Settings and Quit into macOS's application menu; every other entry must say NoRole, or Qt guesses a role from
its text ("About...", "Options...", "Quit...") and moves it there. These tests read the menus of the real
window; the bindings they compare with are the platform's own, so on macOS and Windows runners they check those
platforms' keys.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from facilitator import i18n
from facilitator.ui.main_window import MainWindow

STANDARD_KEYS = [key for key in QKeySequence.StandardKey if key is not QKeySequence.StandardKey.UnknownKey]


def menu_actions(window: MainWindow) -> list[QAction]:
    """Every entry of the menu bar, submenus and the recent files' list included (filled as when opened)."""
    window.recent_menu.aboutToShow.emit()
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu())
            else:
                found.append(action)

    for top in window.menuBar().actions():
        walk(top.menu())
    return found


def test_every_entry_has_a_deliberate_role(window: MainWindow) -> None:
    roles = {action: action.menuRole() for action in menu_actions(window)}
    assert roles and QAction.MenuRole.TextHeuristicRole not in roles.values()
    special = {action: role for action, role in roles.items() if role is not QAction.MenuRole.NoRole}
    assert special == {
        window.about_action: QAction.MenuRole.AboutRole,
        window.quit_action: QAction.MenuRole.QuitRole,
        window.settings_action: QAction.MenuRole.PreferencesRole,
    }


def test_roles_stay_in_every_language(window: MainWindow) -> None:
    """Qt's guess reads the text: in French "Quitter" would not be guessed, "Options" would. Roles do not care."""
    for language in i18n.UI_LANGUAGES:
        window.change_language(language)
        assert QAction.MenuRole.TextHeuristicRole not in {a.menuRole() for a in menu_actions(window)}
    window.change_language("en")


def test_entries_with_a_standard_meaning_use_the_standard_key(window: MainWindow) -> None:
    expected = {
        window.new_action: QKeySequence.StandardKey.New,
        window.open_action: QKeySequence.StandardKey.Open,
        window.quit_action: QKeySequence.StandardKey.Quit,
        window.undo_action: QKeySequence.StandardKey.Undo,
        window.redo_action: QKeySequence.StandardKey.Redo,
        window.settings_action: QKeySequence.StandardKey.Preferences,
    }
    for action, key in expected.items():
        # Where a platform binds no key to Quit (offscreen, Windows), Ctrl+Q stands in: what users everywhere try.
        fallback = [QKeySequence("Ctrl+Q")] if key is QKeySequence.StandardKey.Quit else []
        assert action.shortcuts() == (QKeySequence.keyBindings(key) or fallback), action.text()


def test_no_entry_hard_codes_a_key_the_platform_reserves_for_a_standard_meaning(window: MainWindow) -> None:
    """Any entry whose shortcut is one of this platform's bindings of a standard key must carry all of that
    key's bindings, i.e. have been given the standard key itself, not a spelled-out "Ctrl+..."."""
    wrong = []
    for action in menu_actions(window):
        for key in STANDARD_KEYS:
            bindings = QKeySequence.keyBindings(key)
            if bindings and set(action.shortcuts()) & set(bindings) and action.shortcuts() != bindings:
                wrong.append((action.text(), key.name, [s.toString() for s in action.shortcuts()]))
    assert wrong == []


def test_screen_shortcuts_are_ctrl_digits_which_are_cmd_digits_on_macos(window: MainWindow) -> None:
    keys = [
        action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) for action in window.view_actions
    ]
    assert keys == [f"Ctrl+{n}" for n in range(1, len(keys) + 1)]


def test_keys_named_in_the_window_are_written_the_platform_s_way(window: MainWindow) -> None:
    """ "Ctrl+Up" on Windows and Linux is "⌘↑" on macOS: hints name keys through Qt, never spelled out."""

    def native(keys: str) -> str:
        return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)

    meetings = window.screens["meetings"]
    assert meetings.agenda.up_button.toolTip() == f"{native('Ctrl+Up')}, or drag the item"  # type: ignore[attr-defined]
    assert meetings.agenda.down_button.toolTip() == f"{native('Ctrl+Down')}, or drag the item"  # type: ignore[attr-defined]
    assert f"; {native('Ctrl+Return')} keeps it." in meetings.translations.hint.text()  # type: ignore[attr-defined]
