"""The notices register: its models, the live short-notice warning and its confirmation, answers, status,
and printing off the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator import operations
from facilitator.docmodel import DocumentModel
from facilitator.entities import Forum, Partner
from facilitator.meeting_ops import new_meeting
from facilitator.meetings import Confidentiality
from facilitator.notices import (
    Notice,
    NoticeResponse,
    NoticeStatus,
    ResponseKind,
    give_notice,
    notice_checks,
    respond,
)
from facilitator.storage import open_partnership
from facilitator.ui import conflict_dialogs
from facilitator.ui.context import AppContext
from facilitator.ui.notice_dialogs import NoticeDialog, ResponseDialog
from facilitator.ui.notices_screen import NoticesScreen
from facilitator.ui.palette import warning_colour
from facilitator.ui.settings import Settings
from tests.ui.register_tests import check, column, forum, partner, pick_print, set_notice_status, shown

TODAY = dt.date(2030, 3, 1)


@pytest.fixture
def context(seeded_db: Path, settings: Settings) -> Iterator[AppContext]:
    store = open_partnership(seeded_db)
    operations.save_forum(store, Forum(name="Mayor's round", min_notice_days=28)).apply(store)
    ctx = AppContext(store, settings)
    yield ctx
    ctx.close()


@pytest.fixture
def screen(qtbot: Any, context: AppContext, modals: Any) -> NoticesScreen:
    return shown(qtbot, NoticesScreen(context), TODAY)


def _meeting(context: AppContext, forum: Forum, day: dt.date) -> None:
    edit, _meeting = new_meeting(
        context.store, forum.id, dt.datetime.combine(day, dt.time(10)), timezone="Europe/Brussels"
    )
    context.run(edit)


def _give(context: AppContext, **changes: Any) -> Notice:
    fields: dict[str, Any] = {
        "partner_id": partner(context, "Outreach North").id,
        "title": "Outreach van moves to Church Street",
        "given_on": dt.date(2030, 3, 1),
        "takes_effect_on": dt.date(2030, 4, 1),
        "affected_forums": (forum(context, "Station").id,),
        "affected_partners": (
            partner(context, "City Police").id,
            partner(context, "Residents of Station Square").id,
        ),
    }
    fields.update(changes)
    notice = Notice(**fields)
    context.run(give_notice(context.store, notice))
    return notice


def test_models_pass_the_model_tester(qtmodeltester: Any, screen: NoticesScreen, context: AppContext) -> None:
    notice = _give(context)
    _give(context, title="Evening patrols", takes_effect_on=dt.date(2030, 3, 5))
    context.run(
        respond(
            context.store,
            notice.id,
            partner(context, "City Police").id,
            kind=ResponseKind.SUPPORTS,
            text="Fine",
            on=TODAY,
        )
    )
    screen.show_notice(notice.id)
    qtmodeltester.check(screen.notices)
    qtmodeltester.check(screen.proxy)
    qtmodeltester.check(screen.answers)


def test_the_dialog_warns_of_short_notice_as_dates_and_forums_change(
    screen: NoticesScreen, context: AppContext
) -> None:
    street = forum(context, "Station")
    mayor = forum(context, "Mayor")
    _meeting(context, street, dt.date(2030, 3, 4))
    store = context.store
    dialog = NoticeDialog(
        screen,
        None,
        store.all(Forum),
        store.all(Partner),
        lambda _r: None,
        checks=lambda draft: notice_checks(store, draft),
        today=TODAY,
    )
    assert dialog.warning.text() == "Tick the forums this change affects to check the notice period."
    check(dialog.forums, street.id)  # a month, a meeting on the 4th: enough
    assert dialog.warning.text() == "Enough notice for every forum affected."
    dialog.takes_effect_on.setDate(QDate(2030, 3, 8))
    assert dialog.warning.text() == "Short notice: below the 14-day minimum for Station Square weekly round"
    dialog.takes_effect_on.setDate(QDate(2030, 3, 20))  # enough for the street round, not for the mayor's
    check(dialog.forums, mayor.id)
    assert dialog.warning.text() == (
        "Short notice: below the 28-day minimum for Mayor's round; no meeting of Mayor's round before it takes "
        "effect"
    )
    dialog.takes_effect_on.setDate(QDate(2030, 2, 1))
    assert dialog.warning.text() == "The change cannot take effect before notice of it is given."
    dialog.deleteLater()


def _fill_notice(modals: Any, context: AppContext, takes_effect: QDate, seen: list[NoticeDialog]) -> None:
    street = forum(context, "Station")
    police = partner(context, "City Police")
    residents = partner(context, "Residents of Station Square")

    def fill(dialog: NoticeDialog) -> None:
        seen.append(dialog)
        levels = [dialog.confidentiality.itemData(i) for i in range(dialog.confidentiality.count())]
        assert Confidentiality.PUBLIC not in levels
        dialog.partner.setCurrentIndex(dialog.partner.findData(partner(context, "Outreach North").id))
        dialog.title_edit.setText("Needle exchange closes on Sundays")
        dialog.reason.setPlainText("Staff shortage")
        dialog.given_on.setDate(QDate(2030, 3, 1))
        dialog.takes_effect_on.setDate(takes_effect)
        check(dialog.forums, street.id)
        check(dialog.partners_affected, police.id, residents.id)
        dialog.accept()

    modals.fill["NoticeDialog"] = fill


def test_short_notice_is_saved_only_when_confirmed(
    screen: NoticesScreen, context: AppContext, modals: Any
) -> None:
    seen: list[NoticeDialog] = []
    _fill_notice(modals, context, QDate(2030, 3, 5), seen)
    modals.expect_message("Short notice: below the 14-day minimum", answer=QMessageBox.StandardButton.Cancel)
    screen.give_new()
    (box,) = [d for d in modals.opened if isinstance(d, QMessageBox)]
    assert box.text().startswith("Short notice: below the 14-day minimum for Station Square weekly round")
    assert seen[0].result() != NoticeDialog.DialogCode.Accepted
    assert context.store.all(Notice) == []

    modals.fill["QMessageBox"] = lambda message: message.done(QMessageBox.StandardButton.Save)
    screen.give_new()
    (notice,) = context.store.all(Notice)
    assert notice.title == "Needle exchange closes on Sundays"
    assert screen.current() == notice
    row = screen.proxy.mapFromSource(screen.notices.index(0, 0)).row()
    short = screen.proxy.index(row, column(screen.notices, "Short notice"))
    assert "below the 14-day minimum for Station Square weekly round" in short.data()
    assert "no meeting of Station Square weekly round before it takes effect" in short.data()
    assert (
        short.data(Qt.ItemDataRole.ForegroundRole).color().name()
        == warning_colour(QApplication.palette()).name()
    )
    assert screen.short.text().startswith("Short notice: ")
    assert screen.proxy.index(row, column(screen.notices, "Answers missing")).data() == "2"


def test_enough_notice_is_saved_without_asking(
    screen: NoticesScreen, context: AppContext, modals: Any
) -> None:
    _meeting(context, forum(context, "Station"), dt.date(2030, 3, 11))
    seen: list[NoticeDialog] = []
    _fill_notice(modals, context, QDate(2030, 4, 1), seen)
    screen.give_new()
    assert not [d for d in modals.opened if isinstance(d, QMessageBox)]
    (notice,) = context.store.all(Notice)
    row = screen.proxy.mapFromSource(screen.notices.index(0, 0)).row()
    assert screen.proxy.index(row, column(screen.notices, "Short notice")).data() == "—"
    assert screen.short.isHidden()
    assert notice.affected_partners


def test_record_answers_until_none_is_missing(
    screen: NoticesScreen, context: AppContext, modals: Any
) -> None:
    notice = _give(context)
    police = partner(context, "City Police")
    residents = partner(context, "Residents of Station Square")
    screen.show_notice(notice.id)
    assert [screen.answers.index(r, 1).data() for r in range(2)] == ["No answer yet", "No answer yet"]
    assert screen.answers.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    offered: list[list[str]] = []

    def answer(partner: Partner, kind: ResponseKind, text: str) -> None:
        def fill(dialog: ResponseDialog) -> None:
            offered.append([dialog.partner.itemData(i) for i in range(dialog.partner.count())])
            dialog.partner.setCurrentIndex(dialog.partner.findData(partner.id))
            dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
            dialog.text.setPlainText(text)
            dialog.on.setDate(QDate(2030, 3, 3))
            dialog.accept()

        modals.fill["ResponseDialog"] = fill
        screen.record_answer()

    answer(police, ResponseKind.HAS_CONCERNS, "Patrols must follow")
    assert set(offered[0]) == {police.id, residents.id}  # only the partners it affects
    assert "1 missing" in screen.answers_title.text()
    answer(residents, ResponseKind.OBJECTS, "Too close to the school")
    assert "all answered" in screen.answers_title.text()
    assert [screen.answers.index(r, 1).data() for r in range(2)] == ["Has concerns", "Objects"]
    # A second answer from the police replaces the first; the dialog shows what it replaces.
    replaced: list[str] = []

    def again(dialog: ResponseDialog) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(police.id))
        replaced.append(dialog.replaces.text())
        assert dialog.text.toPlainText() == "Patrols must follow"
        dialog.kind.setCurrentIndex(dialog.kind.findData(ResponseKind.SUPPORTS))
        dialog.accept()

    modals.fill["ResponseDialog"] = again
    screen.record_answer()
    assert replaced and "Mar 3, 2030" in replaced[0]
    assert len(context.store.all(NoticeResponse)) == 2
    assert screen.answers.index(0, 1).data() == "Supports"


def test_set_the_status_with_the_outcome(screen: NoticesScreen, context: AppContext, modals: Any) -> None:
    notice = _give(context)
    screen.show_notice(notice.id)

    outcome = "Agreed if the van parks away from the school gate"
    set_notice_status(screen, modals, NoticeStatus.AGREED_WITH_CONDITIONS, outcome)
    stored = context.store.get(Notice, notice.id)
    assert stored.status is NoticeStatus.AGREED_WITH_CONDITIONS
    assert "away from the school gate" in screen.outcome.text()
    row = screen.proxy.mapFromSource(screen.notices.index(0, 0)).row()
    assert screen.proxy.index(row, column(screen.notices, "Status")).data() == "Agreed with conditions"
    # Withdrawn and implemented notices leave the default view.
    set_notice_status(screen, modals, NoticeStatus.IMPLEMENTED)
    assert screen.proxy.rowCount() == 0
    screen.state_filter.setCurrentIndex(screen.state_filter.findData("all"))
    assert screen.proxy.rowCount() == 1


def test_filter_by_affected_forum(screen: NoticesScreen, context: AppContext) -> None:
    mayor = forum(context, "Mayor")
    _give(context)
    _give(context, title="Budget cut", affected_forums=(mayor.id,))
    screen.forum_filter.setCurrentIndex(screen.forum_filter.findData(mayor.id))
    assert [screen.proxy.index(r, 0).data() for r in range(screen.proxy.rowCount())] == ["Budget cut"]
    screen.forum_filter.setCurrentIndex(0)
    screen.search.setText("van")
    assert [screen.proxy.index(r, 0).data() for r in range(screen.proxy.rowCount())] == [
        "Outreach van moves to Church Street"
    ]


def test_print_register_for_one_partner_off_the_gui_thread(
    qtbot: Any, screen: NoticesScreen, context: AppContext, *, modals: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    police = partner(context, "City Police")
    _give(context)
    _give(
        context,
        title="Operation Quetzal",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(partner(context, "Outreach North").id,),
    )
    models: list[DocumentModel] = []

    def fake(model: DocumentModel, path: Path, file_format: str, progress: Any) -> None:
        models.append(model)
        path.write_bytes(b"pdf")

    monkeypatch.setattr(conflict_dialogs, "write_document", fake)
    target = tmp_path / "register.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    pick_print(modals, "for_partner", "pdf", police.id)
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.print_register()
    (model,) = models
    assert "Outreach van moves to Church Street" in model.text()
    assert "Quetzal" not in model.text()  # restricted to outreach, not to the police
    assert "1 confidential notice is not shown." in model.text()
    assert screen.last_export == target
