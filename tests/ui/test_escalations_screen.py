"""The escalations register: filters, answering, closing, and the subject's history beside it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from facilitator.actions import Action, record_update, save_action
from facilitator.entities import Forum, Partner
from facilitator.escalation import EscalationStatus, escalations
from facilitator.meeting_ops import end_meeting, new_meeting, start_meeting
from facilitator.operations import save_forum
from facilitator.ui.action_dialogs import AnswerDialog
from facilitator.ui.escalations_screen import EscalationsScreen
from facilitator.ui.main_window import MainWindow
from tests.builders import escalation_of
from tests.conftest import stand_on
from tests.ui.conftest import add_mayors_round, show_screen

TODAY = dt.date(2026, 3, 9)


@pytest.fixture
def raised(window: MainWindow) -> dict[str, object]:
    """Two escalations from the street round to the mayor's round; the older one has a meeting history."""
    context = window.context
    store = context.store
    street, mayor = add_mayors_round(window)
    other = Forum(name="Harbour Lane round")
    context.run(save_forum(store, other))
    police = next(p for p in store.all(Partner) if p.short_name == "Police")
    hours = Action(forum_id=street.id, title="Evening outreach hours", owner_partner_id=police.id)
    bins = Action(forum_id=other.id, title="Needle bins in the park", owner_partner_id=police.id)
    for action in (hours, bins):
        context.run(save_action(store, action))
    edit, meeting = new_meeting(store, street.id, dt.datetime(2026, 3, 2, 10), timezone="Europe/Brussels")
    context.run(edit)
    context.run(start_meeting(store, meeting.id))
    context.run(record_update(store, hours.id, meeting.id, "No budget for it at street level.", today=TODAY))
    context.run(end_meeting(store, meeting.id))
    for action, source in ((hours, street), (bins, other)):
        context.run(
            escalation_of(
                store, action, source, mayor, f"{action.title}: the round cannot pay for it.", today=TODAY
            )
        )
    screen = show_screen(window, "escalations")
    stand_on(TODAY)
    return {"street": street, "mayor": mayor, "other": other, "hours": hours, "bins": bins, "screen": screen}


def subjects(screen: EscalationsScreen) -> list[str]:
    proxy = screen.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_register_and_filters(window, raised) -> None:
    screen = raised["screen"]
    assert sorted(subjects(screen)) == ["Evening outreach hours", "Needle bins in the park"]
    header = [
        screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(screen.model.columnCount())
    ]
    assert header == ["Subject", "Status", "From", "To", "Raised on", "Answered on", "Answer"]
    screen.forum.setCurrentIndex(screen.forum.findData(raised["street"].id))
    assert subjects(screen) == ["Evening outreach hours"]
    screen.forum.setCurrentIndex(screen.forum.findData(raised["mayor"].id))  # received counts too
    assert len(subjects(screen)) == 2
    screen.status.setCurrentIndex(screen.status.findData(EscalationStatus.ANSWERED))
    assert subjects(screen) == []
    screen.status.setCurrentIndex(screen.status.findData(EscalationStatus.OPEN))
    assert len(subjects(screen)) == 2


def test_answer_then_close(window, raised, modals) -> None:
    screen = raised["screen"]
    store = window.context.store
    hours = next(e for e in escalations(store) if e.subject_title == "Evening outreach hours")
    screen.select(hours.id)
    assert screen.answer_button.isEnabled()
    assert not screen.close_button.isEnabled()  # only an answered one closes

    def fill(dialog: AnswerDialog) -> None:
        assert dialog.meeting.currentData() is None  # not tabled at any of the mayor's meetings yet
        dialog.response.setPlainText("Funded for six months.")
        dialog.accept()

    modals.fill["AnswerDialog"] = fill
    screen.answer()
    answered = store.get(type(hours), hours.id)
    assert answered.status is EscalationStatus.ANSWERED
    assert answered.answered_on == TODAY
    assert answered.response == "Funded for six months."
    shown = subjects(screen).index("Evening outreach hours")
    row = [screen.proxy.index(shown, c).data() for c in range(screen.proxy.columnCount())]
    assert "Answered" in row and "Funded for six months." in row
    assert screen.close_button.isEnabled()
    screen.close_selected()
    assert store.get(type(hours), hours.id).status is EscalationStatus.CLOSED
    assert not screen.answer_button.isEnabled()
    window.context.undo_stack.undo()
    assert store.get(type(hours), hours.id).status is EscalationStatus.ANSWERED


def test_an_empty_answer_is_refused_in_the_dialog(window, raised, modals) -> None:
    screen = raised["screen"]
    screen.table.selectRow(0)
    errors: list[str] = []

    def fill(dialog: AnswerDialog) -> None:
        dialog.accept()
        errors.append(dialog.error.text())

    modals.fill["AnswerDialog"] = fill
    screen.answer()
    assert errors == ["Answer: must not be empty"]


def test_detail_shows_the_subjects_history(window, raised) -> None:
    screen = raised["screen"]
    store = window.context.store
    hours = next(e for e in escalations(store) if e.subject_title == "Evening outreach hours")
    screen.select(hours.id)
    text = screen.detail.toPlainText()
    assert "Action escalated from Station Square weekly round to Mayor's round" in text
    assert "Evening outreach hours: the round cannot pay for it." in text
    assert "Not answered yet." in text
    assert "History of the subject" in text
    assert "No budget for it at street level." in text  # the update given at the street round


def test_models_pass_qt_checks(window, raised, qtmodeltester) -> None:
    screen = raised["screen"]
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)
