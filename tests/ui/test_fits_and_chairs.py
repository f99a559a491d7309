"""The window fits a small laptop in every language; chair mode fits 1280 x 720; the projector shows only what
the room may see; every shortcut is listed in Help and none is a key that typing uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from facilitator import i18n
from facilitator.entities import Partner
from facilitator.live import live_state
from facilitator.meeting_ops import (
    agenda,
    ask_to_speak,
    save_item,
    start_meeting,
)
from facilitator.meetings import Confidentiality
from facilitator.ui.chair_window import ChairWindow, ProjectorWindow
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings
from facilitator.ui.shortcuts import SHORTCUTS, sequences
from facilitator.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.conftest import meeting_everyone_present

MAX_MIN_WIDTH = 1024


def _running_meeting(window: MainWindow, clock) -> str:
    """A meeting of the seeded forum with everyone present, started, a partner waiting to speak."""
    context = window.context
    store = context.store
    meeting = meeting_everyone_present(window, dt.datetime(2026, 12, 7, 9, 0), "Europe/London")
    context.run(start_meeting(store, meeting.id, clock.now()))
    current = live_state(store, meeting.id, clock.now()).current
    assert current is not None
    context.run(ask_to_speak(store, current.id, store.all(Partner)[0].id, clock.now()))
    return meeting.id


def _chair(window: MainWindow, clock, qtbot) -> ChairWindow:
    """Chair mode on a running meeting, opened from the Meetings screen."""
    meeting_id = _running_meeting(window, clock)
    screen = window.screens["meetings"]
    window.navigation.setCurrentRow(1)
    screen.show_meeting(meeting_id)
    chair = screen.chair_mode()
    qtbot.addWidget(chair)
    return chair


def _every_page(window: MainWindow) -> None:
    """Show every screen and every tab of the Meetings screen once (a hidden page still counts for the width)."""
    meetings = window.screens["meetings"]
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
    window.navigation.setCurrentRow(1)
    for tab in range(meetings.tabs.count()):
        meetings.tabs.setCurrentIndex(tab)
        QApplication.processEvents()


@pytest.mark.parametrize("language", i18n.UI_LANGUAGES)
def test_the_window_fits_a_1024_pixel_screen(window: MainWindow, language: str, clock) -> None:
    _running_meeting(window, clock)
    window.change_language(language)
    _every_page(window)
    assert window.minimumSizeHint().width() <= MAX_MIN_WIDTH, window.minimumSizeHint()
    window.resize(1280, 720)
    QApplication.processEvents()
    assert window.width() == 1280  # nothing forces it wider than the laptop


def test_the_width_check_is_not_vacuous(window: MainWindow) -> None:
    """A screen that insists on more room makes the window too wide, and the check above sees it."""
    wide = QLabel("A row of buttons that never wraps")
    wide.setMinimumWidth(1100)
    window.screens["forums"].layout().addWidget(wide)
    window.navigation.setCurrentRow(6)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() > MAX_MIN_WIDTH


def test_navigation_collapses_and_is_remembered(window: MainWindow, settings: Settings, qtbot) -> None:
    wide = window.navigation.width()
    assert window.navigation.item(0).text() == "Home"
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.navigation.width() < wide / 2
    assert window.navigation.item(0).text() == ""
    assert window.navigation.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == "Home"
    assert settings.navigation_collapsed()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.navigation_toggle.isChecked() and again.navigation.item(0).text() == ""
    window.navigation_toggle.click()
    assert window.navigation.item(0).text() == "Home" and not settings.navigation_collapsed()


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return QRect(0, 0, window.width(), window.height()).contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("language", ["en", "fr", "de", "nl"])
def test_chair_mode_shows_every_primary_button_at_1280_by_720(
    window: MainWindow, language: str, clock, qtbot
) -> None:
    meeting_id = _running_meeting(window, clock)
    window.change_language(language)
    screen = window.screens["meetings"]
    window.navigation.setCurrentRow(1)
    screen.show_meeting(meeting_id)
    window.activateWindow()
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_F11)  # one key from the meeting
    chair = screen.chair_window
    assert isinstance(chair, ChairWindow)
    qtbot.addWidget(chair)
    chair.resize(1280, 720)
    QApplication.processEvents()
    assert (chair.width(), chair.height()) == (1280, 720)  # its content does not force it bigger
    live = chair.live
    for button in (*live.primary_buttons(), chair.projector_button, chair.leave_button):
        assert button.isVisible() and _inside(button, chair), button.text()
        # Its words are whole (a French label cut mid-word was the complaint) or, when squeezed, in the tooltip.
        assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width() or button.toolTip()
        assert button.height() >= 40  # large enough to hit on a laptop on the table
    for shown in (
        live.item_title,
        live.timer_label,
        live.next_label,
        live.queue,
        live.partners,
        live.quorum_label,
    ):
        assert _inside(shown, chair)
    assert live.timer_label.text()  # the item's clock, read from facilitator.clock
    assert live.waiting_partner_ids() and live.not_heard_partner_ids()
    chair.close()


def test_chair_shortcuts_work_while_typing_notes(window: MainWindow, clock, qtbot, modals) -> None:
    chair = _chair(window, clock, qtbot)
    with qtbot.waitActive(chair):
        chair.activateWindow()
    live = chair.live
    first = live.state.current.id
    live.notes.setFocus()
    qtbot.keyClicks(live.notes, "Nobody new; an apology")  # letters are typing, never chairing
    assert live.state.current.id == first and live.notes.toPlainText() == "Nobody new; an apology"
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(live.notes, Qt.Key.Key_N, ctrl_shift)
    assert live.state.current.id != first  # next item, with the cursor still in the notes
    stored = window.context.store.find(type(live.state.current), first)
    assert stored.notes == "Nobody new; an apology"  # the notes were kept before moving on
    modals.expect("DecisionDialog")  # Ctrl+Shift+D opens it (and the test cancels it)
    qtbot.keyClick(live.notes, Qt.Key.Key_D, ctrl_shift)
    assert [type(d).__name__ for d in modals.opened] == ["DecisionDialog"]
    qtbot.keyClick(live.notes, Qt.Key.Key_Escape)
    chair.close()


def _texts(root: QWidget) -> str:
    """Every text the widget tree of ``root`` holds, shown or not: labels, lists, buttons, tooltips, titles."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        for getter in ("text", "toPlainText", "toolTip", "accessibleName", "placeholderText", "title"):
            value = getattr(widget, getter, None)
            if callable(value):
                try:
                    got = value()
                except TypeError:
                    continue
                if isinstance(got, str):
                    found.append(got)
        count = getattr(widget, "count", None)
        item = getattr(widget, "item", None)
        if callable(count) and callable(item):
            found += [item(i).text() for i in range(count()) if item(i) is not None]
    return "\n".join(found)


def test_the_projector_never_shows_a_restricted_item_or_notes(window: MainWindow, clock, qtbot) -> None:
    context = window.context
    store = context.store
    meeting_id = _running_meeting(window, clock)
    items = agenda(store, meeting_id)
    police = store.all(Partner)[0]
    secret = replace(
        items[0],
        title="Operation MARKER-RESTRICTED at the station",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(police.id,),
        notes="MARKER-NOTES informant seen",
    )
    context.run(save_item(store, secret))
    chair = ChairWindow(context, meeting_id)
    qtbot.addWidget(chair)
    chair.show()
    chair.show_projector(True)
    projector = chair.projector
    assert isinstance(projector, ProjectorWindow)
    assert "MARKER-RESTRICTED" in chair.live.item_title.text()  # the chair sees it; the room must not
    room = _texts(projector)
    assert "MARKER" not in room
    assert projector.timer_label.text() and "confidential" in projector.title.text()
    # Moving on to an item the room may see shows its title, and the notes of no item are ever there.
    chair.live.next_item()
    projector.refresh()
    following = chair.live.state.current
    assert following.title in projector.title.text()
    assert "MARKER" not in _texts(projector)
    assert projector.speakers.count() == 0 or all(
        "MARKER" not in projector.speakers.item(i).text() for i in range(projector.speakers.count())
    )
    chair.close()


def test_the_projector_check_is_not_vacuous(window: MainWindow, clock, qtbot) -> None:
    """The text walk finds a title the projector does show."""
    meeting_id = _running_meeting(window, clock)
    projector = ProjectorWindow(window.context, meeting_id)
    qtbot.addWidget(projector)
    projector.show()
    current = live_state(window.context.store, meeting_id, clock.now()).current
    assert current.display_title in _texts(projector)
    waiting = live_state(window.context.store, meeting_id, clock.now()).waiting[0].partner_id
    assert window.context.store.get(Partner, waiting).display_name in _texts(projector)  # who waits to speak


def test_every_shortcut_is_listed_in_help(window: MainWindow, clock, qtbot, modals) -> None:
    modals.expect("ShortcutsDialog")  # Help → Keyboard shortcuts, opened below
    chair = _chair(window, clock, qtbot)
    dialog = ShortcutsDialog(window)
    listed = dialog.listed_keys()
    used = set()
    for root in (window, chair):
        for widget in [root, *root.findChildren(QWidget)]:
            for action in widget.actions():
                used |= {key.toString() for key in action.shortcuts()}
    used.discard("")
    media = {k.toString() for k in map(QKeySequence, used) if k[0].key().value >= Qt.Key.Key_Back.value}
    assert used and used - media <= listed, used - media - listed  # media keys (Open, Help) come with Qt's own
    assert len(listed) >= len(SHORTCUTS)
    window.show_shortcuts()  # Help → Keyboard shortcuts opens it
    assert [type(d).__name__ for d in modals.opened] == ["ShortcutsDialog"]
    chair.close()


def test_closing_the_file_closes_chair_mode(window: MainWindow, clock, qtbot) -> None:
    meeting_id = _running_meeting(window, clock)
    screen = window.screens["meetings"]
    screen.show_meeting(meeting_id)
    chair = screen.chair_mode()
    qtbot.addWidget(chair)
    chair.show_projector(True)
    assert chair.isVisible() and chair.projector.isVisible()
    window.set_context(None)
    assert not chair.isVisible() and not chair.projector.isVisible()


def test_no_chairing_shortcut_is_a_key_that_typing_uses() -> None:
    typing = {
        QKeySequence(k).toString()
        for k in ("Ctrl+A", "Ctrl+Left", "Ctrl+Right", "Ctrl+Z", "Ctrl+Y", "Ctrl+C", "Ctrl+V", "Ctrl+X")
    }
    for shortcut in SHORTCUTS:
        if shortcut.where.startswith("While chairing"):
            for key in sequences(shortcut.name):
                text = key.toString()
                assert text not in typing, shortcut.name
                assert len(text) > 1, shortcut.name  # never a bare letter
                assert not text.startswith("Ctrl+Alt+"), shortcut.name  # AltGr on Windows is Ctrl+Alt
