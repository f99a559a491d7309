"""The weekly story (S1) with the keyboard alone, on a 1366×768 window.

Every step is a key press sent to the widget that has the focus (``QApplication.focusWidget()``): Tab and
Shift+Tab, arrows, Space, Enter, and the window's shortcuts from ``ui/shortcuts.py``. Nothing is clicked and no
method of the window is called to do a step; the test only reads what the window and the file hold.

Modal dialogs run for real (``exec`` is not replaced): a timer watches for the active modal dialog and answers
it with keys only, from inside the dialog's own event loop. A dialog nobody expected fails the test, and so does
one that the keys did not close.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTimeEdit,
    QWidget,
)

from facilitator.actions import Action
from facilitator.entities import Forum, Partner, Representative
from facilitator.meeting_ops import agenda, decision_of, meetings_of
from facilitator.meetings import Attendance, Meeting, MeetingStatus, Presence, Stance
from facilitator.operations import set_membership
from facilitator.storage import open_partnership
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings
from facilitator.ui.shortcuts import sequences
from tests.conftest import FROZEN_AT
from tests.ui.conftest import assert_in_sight, window_on

TODAY = FROZEN_AT.date()
DECISION = "Outreach and police walk the underpass together on Fridays."
ACTION = "Friday walk of the underpass"
Mods = Qt.KeyboardModifier
# Dialogs run in their real event loop, answered by ``KeyboardModals`` (the autouse ``modals`` guard stands aside).
pytestmark = pytest.mark.modal_loops
NONE = Mods.NoModifier


# -- keys ----------------------------------------------------------------------------------------------------------
def focus() -> QWidget:
    """The widget that has the keyboard focus (a step that leaves none is a focus trap).

    A closed dialog hands the focus back when the window system activates the main window again. The offscreen
    platform has no window manager to do it, so the test does what one does (this is not a step of the story).
    """
    if QApplication.activeWindow() is None and QApplication.activeModalWidget() is None:
        main = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if len(main) == 1:
            main[0].activateWindow()
    for _ in range(50):
        if QApplication.focusWidget() is not None:
            break
        QTest.qWait(10)
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """One key, sent to the focused widget, as a keyboard sends it."""
    QTest.keyClick(focus(), key, modifiers)
    QApplication.processEvents()


def type_text(text: str) -> None:
    """Typed into the focused widget, key by key."""
    QTest.keyClicks(focus(), text)
    QApplication.processEvents()


def shortcut(name: str) -> None:
    """The first keys of the shortcut ``name`` in the one list (ui/shortcuts.py)."""
    combination = sequences(name)[0][0]
    press(combination.key(), combination.keyboardModifiers())


def spoken(widget: QWidget) -> str:
    """What a screen reader says a widget is (its accessible name, its text or its label's)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).replace("&", "").rstrip(" :") if interface else ""


def label_of(widget: QWidget) -> str:
    """The words of the label that names ``widget`` in its form (its buddy)."""
    labels = [label for label in widget.window().findChildren(QLabel) if label.buddy() is widget]
    return labels[0].text().replace("&", "").rstrip(" :") if labels else ""


def tab_to(
    wanted: Callable[[QWidget], bool], what: str, *, backwards: bool = False, limit: int = 60
) -> QWidget:
    """Press Tab (or Shift+Tab) until the focus is on the widget ``wanted`` picks; fail when it never comes."""
    seen: list[str] = []
    for _ in range(limit):
        if wanted(focus()):
            assert_in_sight(focus())  # a keyboard user sees where the focus is
            return focus()
        seen.append(f"{type(focus()).__name__} {spoken(focus())!r}")
        press(Qt.Key.Key_Backtab, Mods.ShiftModifier) if backwards else press(Qt.Key.Key_Tab)
    raise AssertionError(f"{what} cannot be reached with Tab; the focus went through {seen}")


def is_button(name: str) -> Callable[[QWidget], bool]:
    return lambda w: isinstance(w, QAbstractButton) and spoken(w) == name


def replace_text(text: str) -> None:
    """Select what the focused field holds and type ``text`` over it."""
    press(Qt.Key.Key_A, Mods.ControlModifier)
    type_text(text)


# -- modal dialogs answered by keys ------------------------------------------------------------------------------
class KeyboardModals:
    """Answers each modal dialog, in its own event loop, with the keys of the filler expected for its class."""

    def __init__(self) -> None:
        self.expected: list[tuple[str, Callable[[QWidget], None]]] = []
        self.answered: list[str] = []
        self.unexpected: list[str] = []
        self.left_open: list[str] = []
        self.errors: list[BaseException] = []
        self._busy: set[int] = set()
        self._waits: dict[int, int] = {}
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def expect(self, class_name: str, filler: Callable[[QWidget], None]) -> None:
        """The next modal dialog must be a ``class_name``; ``filler`` answers it with keys."""
        self.expected.append((class_name, filler))

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or id(dialog) in self._busy:
            return
        name = type(dialog).__name__
        if not self.expected or self.expected[0][0] != name:
            self.unexpected.append(f"{name}: {dialog.windowTitle()} {getattr(dialog, 'text', lambda: '')()}")
            dialog.reject() if isinstance(dialog, QDialog) else dialog.close()
            return
        # A dialog just shown gets the focus when the window system activates it: wait a little for that.
        self._waits[id(dialog)] = waits = self._waits.get(id(dialog), 0) + 1
        focused = QApplication.focusWidget()
        if (focused is None or not dialog.isAncestorOf(focused)) and waits < 50:
            return
        _name, filler = self.expected.pop(0)
        self._busy.add(id(dialog))
        try:
            assert dialog.isAncestorOf(focus()), f"{name} opened without the focus inside it"
            filler(dialog)
            if dialog.isVisible():
                self.left_open.append(name)
                dialog.close()
            else:
                self.answered.append(name)
        except BaseException as error:  # reported by check(), never lost in the event loop
            self.errors.append(error)
            dialog.close()
        finally:
            self._busy.discard(id(dialog))

    def check(self) -> None:
        """Every dialog expected came, was answered by keys and closed by them; none other came."""
        if self.errors:
            raise self.errors[0]
        assert not self.unexpected, self.unexpected
        assert not self.left_open, f"the keys did not close {self.left_open}"
        assert not self.expected, f"never opened: {[name for name, _f in self.expected]}"

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def keyboard_modals(qapp) -> Iterator[KeyboardModals]:  # a timer needs the application first
    answers = KeyboardModals()
    yield answers
    answers.stop()


@pytest.fixture
def seated_db(seeded_db: Path) -> Path:
    """The seeded partnership, with a second seat on its forum (outreach's, beside the police's)."""
    with open_partnership(seeded_db) as store:
        forum = store.all(Forum)[0]
        outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")
        yusuf = next(r for r in store.all(Representative) if r.name == "Yusuf Demir")
        set_membership(store, forum.id, outreach.id, yusuf.id).apply(store)
    return seeded_db


@pytest.fixture
def keyboard_window(
    qtbot, settings: Settings, seated_db: Path, keyboard_modals: KeyboardModals
) -> Iterator[MainWindow]:
    """The main window on the seated file, active, dialogs running for real."""
    for win in window_on(qtbot, settings, seated_db):
        win.activateWindow()
        QApplication.processEvents()
        yield win


# -- the dialogs' answers, in keys ---------------------------------------------------------------------------------
def new_meeting_today(dialog: QWidget) -> None:
    """Date field first: today's date typed over the proposal; the usual time kept; Enter."""
    field = focus()
    assert isinstance(field, QDateEdit), f"the new meeting's dialog starts on {type(field).__name__}"
    replace_text(QDate(TODAY.year, TODAY.month, TODAY.day).toString(field.displayFormat()))
    press(Qt.Key.Key_Tab)
    time = focus()
    assert isinstance(time, QTimeEdit)
    press(Qt.Key.Key_Return)


def decision_by_keys(dialog: QWidget) -> None:
    """The decision typed, the method kept (consensus), each partner in the room agreeing; Enter."""
    field = focus()
    assert isinstance(field, QPlainTextEdit), f"the decision dialog starts on {type(field).__name__}"
    type_text(DECISION)
    agreed: set[str] = set()
    for _ in range(30):
        press(Qt.Key.Key_Tab)
        box = focus()
        if isinstance(box, QComboBox) and box.accessibleName() in ("Police", "Outreach North"):
            # A closed combo box takes the first letter of a choice: "A" is "Agree".
            type_text("A")
            assert box.currentText() == "Agree"
            agreed.add(box.accessibleName())
        if len(agreed) == 2:
            break
    assert len(agreed) == 2, "the partners' positions cannot be reached with Tab"
    press(Qt.Key.Key_Return)


def action_by_keys(dialog: QWidget) -> None:
    """The action's title, outreach as the partner responsible, due on Friday; Enter."""
    title = focus()
    assert isinstance(title, QLineEdit), f"the action dialog starts on {type(title).__name__}"
    type_text(ACTION)
    partner = tab_to(lambda w: label_of(w) == "Partner responsible", "the partner responsible")
    type_text("Outreach")
    assert isinstance(partner, QComboBox) and partner.currentText() == "Outreach North"
    tab_to(lambda w: spoken(w) == "Has a due date", "the due date's check box")
    press(Qt.Key.Key_Space)
    due = tab_to(lambda w: isinstance(w, QDateEdit), "the due date")
    assert isinstance(due, QDateEdit)
    friday = TODAY + dt.timedelta(days=4)
    replace_text(QDate(friday.year, friday.month, friday.day).toString(due.displayFormat()))
    press(Qt.Key.Key_Return)


# -- the story ---------------------------------------------------------------------------------------------------
def test_the_weekly_story_by_keyboard_alone(
    qtbot, keyboard_window: MainWindow, keyboard_modals: KeyboardModals, laptop
) -> None:
    window = laptop(keyboard_window)
    store = window.context.store
    forum = store.all(Forum)[0]
    assert (window.width(), window.height()) == (1366, 768)

    # Ctrl+2: the Meetings screen.
    shortcut("screen_2")
    meetings = window.screens["meetings"]
    assert window.stack.currentWidget() is meetings

    # New meeting…: reached with Tab, pressed with Space; the dialog is answered with keys.
    tab_to(is_button("New meeting…"), "New meeting…")
    keyboard_modals.expect("MeetingDialog", new_meeting_today)
    press(Qt.Key.Key_Space)
    keyboard_modals.check()
    (meeting,) = meetings_of(store, forum.id)
    assert meeting.starts_at.date() == TODAY

    # Its agenda: the first tab; Tab into the agenda's table, which lists the forum's standing items.
    tab_to(lambda w: isinstance(w, QTabBar), "the meeting's tabs")
    assert meetings.tabs.currentWidget() is meetings.agenda
    tab_to(lambda w: isinstance(w, QTableView) and w is meetings.agenda.table, "the agenda's table")
    items = agenda(store, meeting.id)
    assert len(items) >= 2
    assert meetings.agenda.model.rowCount() == len(items)

    # Attendance: the police and outreach present (arrow keys choose the person, Space presses Present).
    tab_to(lambda w: isinstance(w, QTabBar), "the meeting's tabs", backwards=True)
    press(Qt.Key.Key_Right)
    assert meetings.tabs.currentWidget() is meetings.attendance
    for person in ("Anna Kowalska", "Yusuf Demir"):
        tab_to(lambda w: w is meetings.attendance.roll_table, "the roll")
        press(Qt.Key.Key_Home, Mods.ControlModifier)
        for _ in range(meetings.attendance.roll.rowCount()):
            if meetings.attendance.roll.index(focus().currentIndex().row(), 1).data() == person:
                break
            press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Space)  # the row under the cursor is chosen
        tab_to(is_button("Present"), "Present")
        press(Qt.Key.Key_Space)
    present = {line.representative_id for line in store.all(Attendance) if line.presence is Presence.PRESENT}
    assert len(present) == 2

    # The live view: Start, then the next item, by the chairing shortcuts.
    tab_to(lambda w: isinstance(w, QTabBar), "the meeting's tabs", backwards=True)
    press(Qt.Key.Key_Right)
    assert meetings.tabs.currentWidget() is meetings.live
    live = meetings.live
    assert_in_sight(*live.primary_buttons())  # start, previous, next, decision, action, end: no scrolling
    tab_to(lambda w: w is live.start_button, "Start meeting")
    press(Qt.Key.Key_Space)
    assert store.get(Meeting, meeting.id).status is MeetingStatus.IN_PROGRESS
    first = live.state.current
    assert first is not None and first.id == items[0].id
    shortcut("next_item")
    assert live.state.current is not None and live.state.current.id == items[1].id
    current = live.state.current

    # Record decision: the dialog filled by keys.
    keyboard_modals.expect("DecisionDialog", decision_by_keys)
    shortcut("record_decision")
    keyboard_modals.check()
    decision, positions = decision_of(store, current.id)
    assert decision.text == DECISION
    assert {p.stance for p in positions} == {Stance.AGREE} and len(positions) == 2

    # New action: the dialog filled by keys.
    keyboard_modals.expect("ActionDialog", action_by_keys)
    shortcut("new_action")
    keyboard_modals.check()
    (made,) = [a for a in store.all(Action) if a.title == ACTION]
    outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")
    assert (made.owner_partner_id, made.due) == (outreach.id, TODAY + dt.timedelta(days=4))
    assert (made.origin_meeting_id, made.origin_item_id) == (meeting.id, current.id)

    # End meeting.
    shortcut("end_meeting")
    keyboard_modals.check()

    # What the window shows: the meeting ended, in the live view and the meetings list.
    assert store.get(Meeting, meeting.id).status is MeetingStatus.HELD
    assert live.item_title.text() == "The meeting has ended."
    row = meetings.meetings.records().index(store.get(Meeting, meeting.id))
    assert meetings.meetings.index(row, 2).data() == "Held"

    # The Documents tab (Shift+Tab to the meeting's tabs, Right): after the meeting it shows the minutes, which
    # hold the decision and the new action.
    tab_to(lambda w: isinstance(w, QTabBar), "the meeting's tabs", backwards=True)
    press(Qt.Key.Key_Right)
    documents = meetings.documents
    assert meetings.tabs.currentWidget() is documents
    qtbot.waitUntil(lambda: documents.model is not None and not documents.is_busy(), timeout=20000)
    minutes = documents.model.text()
    assert DECISION in minutes and ACTION in minutes

    # Ctrl+3: the Actions screen lists the new action, owned by outreach.
    shortcut("screen_3")
    actions = window.screens["actions"]
    assert window.stack.currentWidget() is actions
    table = actions.table.model()
    shown = [
        " ".join(str(table.index(row, column).data()) for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]
    assert any(ACTION in line and "Outreach North" in line for line in shown), shown
    keyboard_modals.check()
