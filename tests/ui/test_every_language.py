"""Every screen and dialog opens in every shipped language, and no visible string escapes translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from facilitator import i18n
from facilitator.entities import Forum, Partner, Representative
from facilitator.ui.crash_dialog import CrashDialog
from facilitator.ui.dialogs import ForumDialog, PartnerDialog, RepresentativeDialog, SeatDialog
from facilitator.ui.main_window import MainWindow

LANGUAGES = [*i18n.UI_LANGUAGES, i18n.PSEUDO_LANGUAGE]


def _dialogs(window: MainWindow) -> list[QDialog]:
    store = window.context.store
    forum = store.all(Forum)[0]
    partner = store.all(Partner)[0]
    person = store.all(Representative)[0]
    partner_of_person = store.get(Partner, person.partner_id)

    def ignore(_record: object) -> None:
        return None

    return [
        ForumDialog(window, None, ignore),
        ForumDialog(window, forum, ignore),
        PartnerDialog(window, partner, ignore),
        RepresentativeDialog(window, None, partner, ignore),
        RepresentativeDialog(window, person, partner_of_person, ignore),
        SeatDialog(window, forum, store.all(Partner), store.all(Representative), ignore),
        CrashDialog("Traceback (most recent call last): ...", window),
    ]


def _chrome_texts(root: QWidget) -> list[tuple[str, str]]:
    """The texts the app itself puts on screen (labels, buttons, titles, placeholders, menus)."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for label in root.findChildren(QLabel):
        if label.objectName() == "dialogError" or label.property("showsData"):
            continue
        found.append(("label", label.text()))
    standard = set()
    for box in root.findChildren(QDialogButtonBox):
        standard |= {
            b for b in box.buttons() if box.standardButton(b) != QDialogButtonBox.StandardButton.NoButton
        }
    for push in root.findChildren(QAbstractButton):
        if push in standard or not push.text() or type(push).__name__ == "QToolButton":
            continue
        found.append((type(push).__name__, push.text()))
    for edit in root.findChildren(QLineEdit):
        if edit.placeholderText():
            found.append(("placeholder", edit.placeholderText()))
    for menu in root.findChildren(QMenu):
        if menu.title():
            found.append(("menu", menu.title()))
        for action in menu.actions():
            if action.text() and not action.isSeparator() and action.data() is None and action.menu() is None:
                found.append(("action", action.text()))
    return [(kind, text) for kind, text in found if text.strip()]


def _headers(window: MainWindow) -> list[str]:
    texts = []
    for screen in window.screens.values():
        for name in ("forums", "seats", "partners", "people"):
            model = getattr(screen, name, None)
            if model is not None:
                texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_and_dialog_opens(window: MainWindow, language: str, tmp_path: Path) -> None:
    window.change_language(language)
    shots = tmp_path / "shots"
    shots.mkdir()
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        assert not window.grab().isNull()
        window.grab().save(str(shots / f"screen{row}.png"))
    for dialog in _dialogs(window):
        dialog.show()
        assert dialog.windowTitle()
        assert not dialog.grab().isNull()
        dialog.close()
    window.set_context(None)  # the empty state is a screen too
    assert window.empty.label.text()


def test_no_visible_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    window.screens["partners"].table.selectRow(0)
    escaped = []
    roots: list[QWidget] = [window, *_dialogs(window)]
    for root in roots:
        for kind, text in _chrome_texts(root):
            if i18n.PSEUDO_OPEN not in text:
                escaped.append((type(root).__name__, kind, text))
    escaped += [("header", "header", h) for h in _headers(window) if i18n.PSEUDO_OPEN not in h]
    for dialog in _dialogs(window):
        for combo in dialog.findChildren(QComboBox):
            for i in range(combo.count()):
                # Enum choices are ours to translate; names of people, partners and languages are data or Babel's.
                if hasattr(combo.itemData(i), "label") and i18n.PSEUDO_OPEN not in combo.itemText(i):
                    escaped.append((type(dialog).__name__, "choice", combo.itemText(i)))
        for check in dialog.findChildren(QCheckBox):
            if check.text() and i18n.PSEUDO_OPEN not in check.text():
                escaped.append((type(dialog).__name__, "check", check.text()))
    assert escaped == []


def test_pseudo_check_would_catch_an_untranslated_label(window: MainWindow) -> None:
    """The check above is not vacuous: a raw string on screen is found."""
    window.change_language(i18n.PSEUDO_LANGUAGE)
    QLabel("Untranslated text", window.screens["forums"])
    texts = [text for _kind, text in _chrome_texts(window)]
    assert "Untranslated text" in texts
