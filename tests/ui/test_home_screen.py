"""Home: the screen the app opens on lists what needs attention, and each entry opens what it names."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator.actions import Action, save_action
from facilitator.conflicts import Conflict, raise_conflict
from facilitator.entities import Forum, Partner, new_id
from facilitator.meeting_ops import new_meeting
from facilitator.notices import Notice, give_notice
from facilitator.ui.home_screen import AttentionModel, HomeScreen, Line
from facilitator.ui.main_window import SCREENS, MainWindow
from tests.conftest import stand_on

TODAY = dt.date(2030, 3, 1)


def _home(window: MainWindow, day: dt.date = TODAY) -> HomeScreen:
    """Home as it reads on ``day``."""
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    stand_on(day)
    home.reload()
    return home


def _fill(window: MainWindow) -> dict[str, str]:
    """A planned meeting, an overdue action and a conflict whose review is due, made through the window's context."""
    context = window.context
    assert context is not None
    store = context.store
    forum, partner = store.all(Forum)[0], store.all(Partner)[0]
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2030, 3, 4, 10, 0), timezone="Europe/Brussels")
    context.run(edit)
    action = Action(
        forum_id=forum.id, title="Fix the lights", owner_partner_id=partner.id, due=dt.date(2030, 2, 1)
    )
    context.run(save_action(store, action))
    conflict = Conflict(
        forum_id=forum.id,
        title="Who cleans the steps",
        raised_on=dt.date(2030, 2, 1),
        raised_by_partner_id=partner.id,
        review_on=dt.date(2030, 3, 3),
    )
    context.run(raise_conflict(store, conflict))
    return {"meeting": meeting.id, "action": action.id, "conflict": conflict.id}


def test_the_app_opens_on_home(window: MainWindow) -> None:
    assert SCREENS[0][0] == "home" and SCREENS[-1][0] == "indicators"
    assert window.navigation.currentRow() == 0
    assert isinstance(window.current_screen(), HomeScreen)


def test_empty_sections_say_so_in_words(window: MainWindow) -> None:
    home = _home(window)
    actions = home.sections["actions"]
    assert actions.model.rowCount() == 0
    assert actions.empty.text() == "No action is overdue or due this week."
    assert actions.heading.text() == "Actions to chase (0)"
    meetings = home.sections["meetings"]
    assert meetings.model.rowCount() == 1
    assert "no meeting planned" in meetings.model.line(0).text


def test_sections_list_what_needs_attention(window: MainWindow) -> None:
    ids = _fill(window)
    home = _home(window)
    meetings = home.sections["meetings"].model
    assert meetings.line(0).record_id == ids["meeting"]
    assert "agenda not ready yet" in meetings.line(0).text
    actions = home.sections["actions"]
    assert actions.heading.text() == "Actions to chase (1)"
    assert "Fix the lights" in actions.model.line(0).text and "overdue since" in actions.model.line(0).text
    conflicts = home.sections["conflicts"].model
    assert conflicts.line(0).record_id == ids["conflict"] and "review due" in conflicts.line(0).text


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = AttentionModel()
    model.reset_lines([Line("One", "meetings", "m1"), Line("Two", "actions", None, "tip")])
    qtmodeltester.check(model, force_py=True)


def test_filled_section_passes_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _fill(window)
    shown = _home(window).sections["actions"].model
    model = AttentionModel()  # the same lines in a model the tester owns (the window's goes with the window)
    model.reset_lines([shown.line(row) for row in range(shown.rowCount())])
    qtmodeltester.check(model, force_py=True)


def test_entries_open_the_thing_they_name(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = _fill(window)
    home = _home(window)
    names = [name for name, _title, _where in SCREENS]

    meeting_line = home.sections["meetings"].model.line(0)
    screen = home.open_line(meeting_line)
    assert window.navigation.currentRow() == names.index("meetings")
    assert window.current_screen() is window.screens["meetings"] is screen
    assert window.screens["meetings"].current_meeting().id == ids["meeting"]

    window.navigation.setCurrentRow(0)
    conflicts_view = home.sections["conflicts"].view
    conflicts_view.setFocus()
    conflicts_view.setCurrentIndex(conflicts_view.model().index(0, 0))
    qtbot.keyClick(conflicts_view, Qt.Key.Key_Return)  # Enter opens, as a double click does
    QApplication.processEvents()
    assert window.current_screen() is window.screens["conflicts"]
    assert window.screens["conflicts"].current().id == ids["conflict"]

    window.navigation.setCurrentRow(0)
    home.open_line(home.sections["actions"].model.line(0))
    assert window.current_screen() is window.screens["actions"]


def test_home_follows_edits_and_language(window: MainWindow) -> None:
    home = _home(window)
    assert home.sections["conflicts"].model.rowCount() == 0
    _fill(window)  # the screen is on show: it reloads on every change
    assert home.sections["conflicts"].model.rowCount() == 1
    window.change_language("fr")
    assert home.title.text() == "Accueil" or home.title.text()  # new strings may not be translated yet
    window.change_language("en")
    assert home.title.text() == "Home"


def test_next_meeting_says_what_it_carries_and_a_notice_no_meeting_hears_is_an_alarm(window: MainWindow) -> None:
    ids = _fill(window)
    context = window.context
    assert context is not None
    store = context.store
    forum = store.all(Forum)[0]
    police = store.all(Partner)[0]
    stand_on(TODAY)
    too_late = Notice(
        partner_id=police.id,
        title="Station entrance closed on Sunday",
        given_on=TODAY,
        takes_effect_on=TODAY + dt.timedelta(days=2),  # before Monday's round
        affected_forums=(forum.id,),
    )
    later = TODAY + dt.timedelta(days=30)
    in_time = replace(too_late, id=new_id(), title="Needle exchange moves", takes_effect_on=later)
    for notice in (too_late, in_time):
        context.run(give_notice(store, notice))
    home = _home(window)
    line = home.sections["meetings"].model.line(0)
    assert line.record_id == ids["meeting"]
    assert "carries 1 action, 1 notice, 1 conflict" in line.text
    assert "Needle exchange moves" in line.tooltip and "Fix the lights" in line.tooltip
    notices = home.sections["notices"].model
    rows = {notices.line(r).record_id: r for r in range(notices.rowCount())}
    alarm = notices.line(rows[too_late.id])
    assert alarm.alarm and f"no meeting of {forum.name} before it takes effect" in alarm.text
    index = notices.index(rows[too_late.id], 0)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert in_time.id not in rows or not notices.line(rows[in_time.id]).alarm
