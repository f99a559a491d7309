"""Home is today, the guide of a new file, the window's region, and a calm demo: through the real window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from facilitator import i18n
from facilitator.demo import build_demo
from facilitator.entities import Forum, Partner
from facilitator.meeting_ops import meetings_of, new_meeting
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.profile import partnership_profile
from facilitator.storage import open_partnership
from facilitator.ui.home_screen import HomeScreen
from facilitator.ui.main_window import MainWindow
from facilitator.ui.meeting_dialogs import date_edit, time_edit
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.settings import Settings
from facilitator.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import window_on
from tests.ui.test_home_screen import _home as home_on

TODAY = dt.date(2026, 12, 7)


def _home(window: MainWindow) -> HomeScreen:
    return home_on(window, TODAY)


def _plan_today(window: MainWindow) -> Meeting:
    assert window.context is not None
    store = window.context.store
    forum = store.all(Forum)[0]
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2026, 12, 7, 10, 0), timezone="Europe/London")
    window.context.run(edit)
    return meeting


def test_one_click_opens_an_entry_and_start_starts_todays_meeting(window: MainWindow, qtbot: Any) -> None:
    meeting = _plan_today(window)
    home = _home(window)
    section = home.sections["meetings"]
    entry, pushes = section.row_buttons[0]
    assert [p.text() for p in pushes] == ["Prepare agenda", "Start"]
    assert entry.text().startswith("Today 10:00")
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)  # one click, not a double click
    screen = window.current_screen()
    assert isinstance(screen, MeetingsScreen) and screen.current_meeting().id == meeting.id  # type: ignore[union-attr]

    window.open_screen("home")
    prepare = home.sections["meetings"].row_buttons[0][1][0]
    prepare.click()
    assert isinstance(screen, MeetingsScreen) and screen.tabs.currentWidget() is screen.agenda

    window.open_screen("home")
    home.sections["meetings"].row_buttons[0][1][1].click()  # Start
    assert window.context is not None
    assert window.context.store.get(Meeting, meeting.id).status is MeetingStatus.IN_PROGRESS
    assert screen.tabs.currentWidget() is screen.live
    window.open_screen("home")
    assert [p.text() for p in home.sections["meetings"].row_buttons[0][1]] == ["Go on chairing"]
    window.undo_action.trigger()  # back to planned: the window closes without a meeting under way
    screen.open_tab("agenda")  # the live view refreshes on show even while its file closes (see the report)
    window.open_screen("home")


def test_a_list_entry_opens_with_one_click(window: MainWindow, qtbot: Any) -> None:
    from facilitator.conflicts import Conflict, raise_conflict

    assert window.context is not None
    store = window.context.store
    forum, partner = store.all(Forum)[0], store.all(Partner)[0]
    conflict = Conflict(
        forum_id=forum.id,
        title="Who cleans the steps",
        raised_on=dt.date(2026, 12, 1),
        raised_by_partner_id=partner.id,
        review_on=dt.date(2026, 12, 8),
    )
    window.context.run(raise_conflict(store, conflict))
    home = _home(window)
    view = home.sections["conflicts"].view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_screen() is window.screens["conflicts"]
    assert window.screens["conflicts"].current().id == conflict.id  # type: ignore[attr-defined]


def test_home_never_scrolls_as_a_page_and_empty_sections_are_one_line(window: MainWindow) -> None:
    home = _home(window)
    window.resize(1366, 768)
    QApplication.processEvents()
    from PySide6.QtWidgets import QScrollArea

    # At 1366 x 768 the page does not scroll (only a long section's own entries would).
    assert isinstance(home.page, QScrollArea)
    assert not home.page.verticalScrollBar().isVisible()
    actions = home.sections["actions"]
    assert not actions.view.isVisible() and actions.empty.isVisible()
    assert actions.height() < 80  # a heading and a line, not an empty box


def test_a_new_file_opens_on_the_guide_whose_buttons_start_each_step(
    empty_window: MainWindow, modals: Any
) -> None:
    home = _home(empty_window)
    guide = home.guide
    assert guide.isVisible() and guide.title.text() == "Getting started: 0 of 5 steps done"

    def choose(dialog: SettingsDialog) -> None:
        assert dialog.partnership_region is not None and dialog.partnership_name is not None
        assert dialog.partnership_name.accessibleName() == "The partnership's name"
        dialog.partnership_name.setText("  Station Square Partnership ")
        dialog.partnership_region.setCurrentIndex(dialog.partnership_region.findData("GB"))
        dialog.accept()

    modals.fill["SettingsDialog"] = choose
    assert guide.buttons["profile"].text() == "Name the partnership…"
    guide.buttons["profile"].click()
    assert empty_window.context is not None
    profile = partnership_profile(empty_window.context.store)  # through save_profile, trimmed
    assert (profile.name, profile.region) == ("Station Square Partnership", "GB")
    assert empty_window.windowTitle().startswith("Station Square Partnership (new.sqlite)")
    assert guide.title.text() == "Getting started: 1 of 5 steps done"
    assert guide.buttons["partners"].font().bold()  # the next step stands out
    opened = len(modals.opened)
    modals.expect("ForumDialog")
    guide.buttons["forums"].click()  # the forums screen's own dialog (expected, and cancelled)
    assert type(modals.opened[opened]).__name__ == "ForumDialog"
    assert empty_window.current_screen() is empty_window.screens["forums"]
    # The meetings screen of a file without forums says so, with the button that starts it.
    meetings = empty_window.open_screen("meetings")
    assert isinstance(meetings, MeetingsScreen)
    assert "create one first" in meetings.heading.text()
    assert meetings.first_step.isVisible() and meetings.first_step.text() == "New forum…"


@pytest.mark.parametrize(
    ("language", "region", "date_text", "time_text"),
    [
        ("en", "GB", "07/12/2026", "10:00"),
        ("en", "US", "12/7/2026", "10:00 AM"),
        ("fr", "FR", "07/12/2026", "10:00"),
    ],
)
def test_date_fields_and_tables_agree_in_each_region(
    window: MainWindow, language: str, region: str, date_text: str, time_text: str
) -> None:
    i18n.set_language(language, region)
    try:
        _plan_today(window)
        screen = window.open_screen("meetings")
        assert isinstance(screen, MeetingsScreen)
        screen.reload()
        row = next(
            r
            for r in range(screen.meetings.rowCount())
            if screen.meetings.record(r).starts_at.date() == TODAY
        )
        assert screen.meetings.index(row, 0).data() == date_text
        shown = screen.meetings.index(row, 1).data().replace("\u00a0", " ")
        assert shown == time_text.replace("\u202f", " ")
        edit = date_edit(TODAY)
        assert edit.text() == date_text  # the picker says what the table says
        assert edit.date() == QDate(2026, 12, 7)
        assert time_edit(dt.time(10, 0)).text().replace("\u202f", " ") == time_text.replace("\u202f", " ")
    finally:
        i18n.set_language("en", "")


def test_settings_change_the_windows_region_now_and_next_time(window: MainWindow, modals: Any) -> None:
    def choose(dialog: SettingsDialog) -> None:
        dialog.window_region.setCurrentIndex(dialog.window_region.findData("GB"))
        dialog.accept()

    modals.fill["SettingsDialog"] = choose
    try:
        window.settings_action.trigger()
        assert window.settings.preferences().region == "GB"
        assert i18n.active().format_date(TODAY) == "07/12/2026"
    finally:
        i18n.set_language("en", "")


def test_time_zones_are_chosen_from_a_list_in_the_users_words(qapp: Any) -> None:
    from facilitator.ui.region import timezone_combo

    combo = timezone_combo("Europe/London")
    assert combo.currentText() == "London (United Kingdom Time)" and combo.currentData() == "Europe/London"
    i18n.set_language("fr", "FR")
    try:
        assert timezone_combo("Europe/London").currentText().startswith("Londres")
    finally:
        i18n.set_language("en", "")


@pytest.fixture
def demo_window(qtbot: Any, settings: Settings, tmp_path: Path, modals: Any) -> Iterator[MainWindow]:
    path = tmp_path / "demo.sqlite"
    with open_partnership(path) as store:
        build_demo(store, years=1, today=TODAY)
    yield from window_on(qtbot, settings, path)


def test_the_demo_shows_only_the_warnings_its_data_deserves(demo_window: MainWindow) -> None:
    """Walk Home, every agenda and every attendance of the demo: a warning shows only where the data has what
    the rule warns of (an agenda longer than its meeting; a partner the quorum still needs)."""
    store = demo_window.context.store  # type: ignore[union-attr]
    home = _home(demo_window)
    assert home.found is not None
    alarms = [
        home.sections[k].model.line(r)
        for k in home.sections
        for r in range(home.sections[k].model.rowCount())
    ]
    assert all(not line.alarm or line.kind == "notices" for line in alarms)  # an unheard notice is the alarm
    screen = demo_window.open_screen("meetings")
    assert isinstance(screen, MeetingsScreen)
    shown, justified = 0, 0
    for meeting in meetings_of(store):
        screen.show_meeting(meeting.id)
        screen.open_tab("agenda")
        over = sum(r.item.minutes_allowed for r in screen.agenda.model.records()) > meeting.duration_minutes
        shown += not screen.agenda.warning.isHidden()
        justified += over
        screen.open_tab("attendance")
        quorum = screen.attendance.quorum
        flagged = screen.attendance.flagged
        if meeting.status is MeetingStatus.PLANNED:
            assert not flagged and "need" not in screen.attendance.standings_title.text()
        for partner_id in flagged:  # each flag has the quorum's reason behind it
            standing = next(s for s in screen.attendance.standings.records() if s.partner.id == partner_id)
            assert quorum is not None and (
                quorum.deciders_only or standing.partner.sector in quorum.missing_sectors
            )
    assert shown == justified
