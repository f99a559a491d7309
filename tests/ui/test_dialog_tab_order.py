"""A form opens on its first field and Tab goes through the fields before OK and Cancel (issue 15, keyboard).

The button box of ``RecordDialog`` is put in the window before any field, so Qt's Tab order used to start on OK.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QDialogButtonBox, QLineEdit, QWidget

from facilitator.meetings import Meeting
from facilitator.ui.app import create_application
from facilitator.ui.dialogs import ForumDialog, RecordDialog
from facilitator.ui.meeting_dialogs import MeetingDialog


def tab_order(dialog: QWidget) -> list[QWidget]:
    """The widgets Tab reaches in ``dialog``, in order."""
    found = []
    widget = dialog.nextInFocusChain()
    while widget is not dialog:
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy().value & 1:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def opened(dialog: RecordDialog) -> list[QWidget]:
    dialog.show()
    dialog.activateWindow()
    for _ in range(20):
        QApplication.processEvents()
    return tab_order(dialog)


def test_a_form_opens_on_its_first_field_and_ends_on_ok_and_cancel(qtbot) -> None:
    create_application()
    meeting = Meeting(forum_id="forum", starts_at=dt.datetime(2026, 12, 8, 10))
    for dialog, first in (
        (MeetingDialog(None, meeting, lambda _r: None, new=True), QDateEdit),
        (ForumDialog(None, None, lambda _r: None), QLineEdit),
    ):
        qtbot.addWidget(dialog)
        order = opened(dialog)
        assert dialog.buttons.isVisible()  # shown with the dialog, not a moment later
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        buttons = [w for w in order if box.isAncestorOf(w)]
        assert [b.text().replace("&", "") for b in buttons] == ["OK", "Cancel"]
        assert order[-2:] == buttons, [type(w).__name__ for w in order]
        assert isinstance(order[0], first)
        assert QApplication.focusWidget() is order[0], QApplication.focusWidget()
        dialog.close()


def test_tab_leaves_every_read_only_table_of_every_screen(window) -> None:
    """A table of records is one stop for Tab (arrows move inside it): with Qt's default, Tab walked every cell of
    every row before reaching the next control, and Shift+Tab out of an agenda never came to the meeting's tabs."""
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    walked = []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
    for screen in window.screens.values():
        for table in screen.findChildren(QTableView):
            if table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers:
                walked.append(table)
                assert not table.tabKeyNavigation(), f"{type(screen).__name__}: {table.objectName()}"
    assert len(walked) >= 9  # every screen has at least one


def test_a_long_form_in_a_scroll_area_opens_on_its_first_field(qtbot) -> None:
    """The notice and conflict forms scroll on a laptop. They opened with the keyboard on the scroll area itself:
    what the coordinator typed went nowhere, and the arrows scrolled the form, until a Tab reached the first field."""
    from PySide6.QtWidgets import QComboBox

    from facilitator.entities import Forum, Partner
    from facilitator.ui.conflict_dialogs import ConflictDialog
    from facilitator.ui.notice_dialogs import NoticeDialog

    create_application()
    forums = [Forum(name="Station Square weekly round")]
    partners = [Partner(name="City Police"), Partner(name="Outreach North")]
    today = dt.date(2026, 12, 7)
    for dialog in (
        NoticeDialog(None, None, forums, partners, lambda _r: None, checks=lambda _n: [], today=today),
        ConflictDialog(None, None, forums, partners, lambda _r: None, today=today),
    ):
        qtbot.addWidget(dialog)
        order = opened(dialog)
        assert isinstance(order[0], QComboBox | QLineEdit), [type(w).__name__ for w in order[:3]]
        assert QApplication.focusWidget() is order[0], QApplication.focusWidget()
        dialog.resize(dialog.width(), 360)  # the form scrolls: Tab still brings each field into sight
        last = [w for w in order if not dialog.buttons.isAncestorOf(w)][-1]
        while QApplication.focusWidget() is not last:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QApplication.processEvents()
        assert not last.visibleRegion().isEmpty()
        dialog.close()
