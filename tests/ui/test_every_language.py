"""Every screen and dialog opens in every shipped language, and no visible string escapes translation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
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
    QTabWidget,
    QWidget,
)

from facilitator import i18n
from facilitator.entities import Forum, Partner, Representative, Tier
from facilitator.meetings import Confidentiality, Meeting, MeetingStatus, UsualItem
from facilitator.ui.crash_dialog import CrashDialog
from facilitator.ui.dialogs import ForumDialog, PartnerDialog, RepresentativeDialog, SeatDialog
from facilitator.ui.exchange_dialog import ExchangeDialog
from facilitator.ui.main_window import MainWindow
from tests.builders import escalation_of
from tests.ui.conftest import add_mayors_round, assert_shown, meeting_everyone_present

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
        ExchangeDialog(window.exchange, window),
        *_meeting_dialogs(window),
        *_reach_dialogs(window),
    ]


def _reach_dialogs(window: MainWindow) -> list[QDialog]:
    """Circulating by e-mail, an item's papers and the reminders."""
    from facilitator.circulation import Circulated
    from facilitator.meeting_ops import agenda
    from facilitator.ui.circulation_dialog import CirculationDialog
    from facilitator.ui.papers_dialog import PapersDialog
    from facilitator.ui.reminders_dialog import RemindersDialog

    assert window.context is not None
    meeting = _a_meeting(window)
    item = agenda(window.context.store, meeting.id)[0]
    return [
        CirculationDialog(window.context, meeting.id, Circulated.AGENDA, window),
        PapersDialog(window.context, item, window),
        RemindersDialog(window.context, meeting.forum_id, window),
    ]


def _a_meeting(window: MainWindow) -> Meeting:
    """A meeting of the seeded forum (made once), shown on the Meetings screen."""
    import datetime as dt

    from facilitator.meeting_ops import meetings_of, new_meeting

    assert window.context is not None
    store = window.context.store
    forum = store.all(Forum)[0]
    found = [m for m in meetings_of(store, forum.id) if m.status is MeetingStatus.PLANNED]
    if found:
        return found[0]
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2030, 3, 4, 10, 0), timezone="Europe/Brussels")
    window.context.run(edit)
    window.screens["meetings"].show_meeting(meeting.id)
    return meeting


def _meeting_dialogs(window: MainWindow) -> list[QDialog]:
    """Every dialog of the Meetings screen, the agenda editor and the roll."""
    from facilitator.meeting_ops import agenda, roll
    from facilitator.ui.agenda_editor import CopyAgendaDialog, UsualAgendaDialog
    from facilitator.ui.meeting_dialogs import (
        AddRepresentativeDialog,
        CancelDialog,
        GuestDialog,
        ItemDialog,
        MeetingDialog,
        MoveDialog,
        PlanDialog,
        SubstituteDialog,
        TimeDialog,
    )

    assert window.context is not None
    store = window.context.store
    meeting = _a_meeting(window)
    forum = store.get(Forum, meeting.forum_id)
    partners, people = store.all(Partner), store.all(Representative)
    item = agenda(store, meeting.id)[0]
    restricted = replace(item, confidentiality=Confidentiality.RESTRICTED, restricted_to=(partners[0].id,))
    usual = UsualItem(forum_id=forum.id, position=0, title="Report from the street")
    line = roll(store, meeting.id)[0]
    person = store.get(Representative, line.representative_id or "")

    def ignore(_record: object) -> None:
        return None

    return [
        MeetingDialog(window, meeting, ignore, new=True),
        MeetingDialog(window, meeting, ignore, new=False),
        PlanDialog(window, forum.name, meeting.starts_at.date(), lambda _d, _n: [meeting], ignore),
        MoveDialog(window, meeting, ignore),
        CancelDialog(window, meeting, ignore),
        ItemDialog(window, item, partners, people, ignore, new=False),
        ItemDialog(window, restricted, partners, people, ignore, new=True),
        ItemDialog(window, usual, partners, people, ignore, new=True),
        SubstituteDialog(window, line, person, people, ignore),
        TimeDialog(window, line, person.name, leaving=False, default=meeting.starts_at.time(), submit=ignore),
        TimeDialog(window, line, person.name, leaving=True, default=meeting.starts_at.time(), submit=ignore),
        AddRepresentativeDialog(window, meeting.id, partners, people, ignore),
        GuestDialog(window, meeting.id, ignore),
        UsualAgendaDialog(window.context, forum, window),
        CopyAgendaDialog(window, replace(forum, tier=Tier.PUBLIC), [forum], ignore),
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
    for tabs in root.findChildren(QTabWidget):
        found += [("tab", tabs.tabText(i)) for i in range(tabs.count())]
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


def open_each(roots: list[QWidget], width: int | None = None, height: int | None = None) -> None:
    """Show each of ``roots`` at ``width`` x ``height`` (its own size without them): it paints, and a dialog has
    a title; then close it."""
    for root in roots:
        if width is not None and height is not None:
            root.resize(width, height)
        root.show()
        assert_shown(root)
        if isinstance(root, QDialog):
            assert root.windowTitle()
        root.close()
        root.deleteLater()


def untranslated(root: QWidget) -> list[tuple[str, str, str]]:
    """What ``root`` shows in the pseudo-language that escaped translation: its texts, the choices of enum combo
    boxes and check boxes (a widget embedded in a screen has no window title of its own)."""
    escaped = [
        (type(root).__name__, kind, text)
        for kind, text in _chrome_texts(root)
        if i18n.PSEUDO_OPEN not in text and (kind != "window title" or isinstance(root, QDialog))
    ]
    for combo in root.findChildren(QComboBox):
        if combo.property("enumChoice"):
            escaped += [
                (type(root).__name__, "choice", combo.itemText(i))
                for i in range(combo.count())
                if i18n.PSEUDO_OPEN not in combo.itemText(i)
            ]
    escaped += [
        (type(root).__name__, "check", check.text())
        for check in root.findChildren(QCheckBox)
        if check.text() and i18n.PSEUDO_OPEN not in check.text()
    ]
    return escaped


def untranslated_headers(root: QWidget, models: Iterable[str]) -> list[tuple[str, str, str]]:
    """The column headers of ``root``'s table models (its attributes named ``models``) that escaped translation
    in the pseudo-language."""
    escaped = []
    for name in models:
        model = getattr(root, name, None)
        if hasattr(model, "headerData") and hasattr(model, "columnCount"):
            headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            escaped += [(type(root).__name__, "header", h) for h in headers if i18n.PSEUDO_OPEN not in h]
    return escaped


def _headers(window: MainWindow) -> list[str]:
    texts = []
    for screen in window.screens.values():
        for name in ("forums", "seats", "partners", "people"):
            model = getattr(screen, name, None)
            if model is not None:
                texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    meetings = window.screens["meetings"]
    for model in (
        meetings.meetings,
        meetings.agenda.model,
        meetings.attendance.roll,
        meetings.attendance.standings,
    ):
        texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_and_dialog_opens(window: MainWindow, language: str, tmp_path: Path) -> None:
    window.change_language(language)
    shots = tmp_path / "shots"
    shots.mkdir()
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        assert_shown(window)
        window.grab().save(str(shots / f"screen{row}.png"))
    for dialog in _dialogs(window):
        dialog.show()
        assert dialog.windowTitle()
        assert_shown(dialog)
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
                if combo.property("enumChoice") and i18n.PSEUDO_OPEN not in combo.itemText(i):
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


# --- chairing live and decisions ----------------------------------------------------------------------------------


def _live_meeting(window: MainWindow) -> tuple[str, str]:
    """A meeting of the seeded forum, everyone present, started, with a partner waiting to speak."""
    import datetime as dt

    from facilitator.meeting_ops import ask_to_speak, start_meeting

    context = window.context
    assert context is not None
    store = context.store
    meeting = meeting_everyone_present(window, dt.datetime(2025, 3, 10, 10, 0), "Europe/Berlin")
    context.run(start_meeting(store, meeting.id))
    from facilitator.entities import now
    from facilitator.live import live_state

    current = live_state(store, meeting.id, now()).current
    assert current is not None and current.id
    context.run(ask_to_speak(store, current.id, store.all(Partner)[0].id))
    return meeting.id, current.id


def _live_roots(window: MainWindow) -> list[QWidget]:
    from facilitator.ui.decision_dialog import DecisionDialog
    from facilitator.ui.live_view import AskToSpeakDialog, LiveView

    assert window.context is not None
    meeting_id, item_id = _live_meeting(window)
    view = LiveView(window.context)
    view.set_meeting(meeting_id)
    empty = LiveView(window.context)
    empty.set_meeting(None)

    def ignore(_record: object) -> None:
        return None

    return [
        view,
        empty,
        DecisionDialog(window, window.context, item_id),
        AskToSpeakDialog(window, window.context.store.all(Partner), ignore),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_live_view_and_decision_dialog_open(window: MainWindow, language: str) -> None:
    window.change_language(language)
    open_each(_live_roots(window), 1280, 720)


def test_no_live_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    escaped = []
    for root in _live_roots(window):
        root.show()
        escaped += untranslated(root)
        root.close()
        root.deleteLater()
    assert escaped == []


# --- conflict log and notices of intended change ------------------------------------------------------------------


def _conflict_roots(window: MainWindow) -> list[QWidget]:
    """Both registers with a record selected, and every dialog they open (a short notice warned)."""
    import datetime as dt

    from facilitator.conflicts import Conflict, ConflictStage, move_conflict, raise_conflict
    from facilitator.meeting_ops import meetings_of
    from facilitator.notices import Notice, ResponseKind, give_notice, notice_checks, respond
    from facilitator.ui.conflict_dialogs import (
        ConflictDialog,
        EscalateDialog,
        MoveConflictDialog,
        PrintDialog,
    )
    from facilitator.ui.notice_dialogs import NoticeDialog, NoticeStatusDialog, ResponseDialog

    context = window.context
    assert context is not None
    store = context.store
    forums, partners = store.all(Forum), store.all(Partner)
    forum = forums[0]
    conflict = Conflict(
        forum_id=forum.id,
        title="Stop-and-search complaint",
        raised_on=dt.date(2030, 1, 6),
        raised_by_partner_id=partners[0].id,
        partners_involved=(partners[0].id, partners[1].id),
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(partners[0].id,),
        review_on=dt.date(2030, 1, 20),
    )
    context.run(raise_conflict(store, conflict))
    context.run(
        move_conflict(store, conflict.id, ConflictStage.IN_MEDIATION, dt.date(2030, 1, 8), mediator="M")
    )
    notice = Notice(
        partner_id=partners[1].id,
        title="Service moves",
        given_on=dt.date(2030, 1, 6),
        takes_effect_on=dt.date(2030, 1, 9),
        affected_forums=(forum.id,),
        affected_partners=(partners[0].id, partners[2].id),
    )
    context.run(give_notice(store, notice))
    context.run(
        respond(store, notice.id, partners[0].id, kind=ResponseKind.SUPPORTS, text="", on=notice.given_on)
    )
    conflicts, notices = window.screens["conflicts"], window.screens["notices"]
    conflicts.show_conflict(conflict.id)
    notices.show_notice(notice.id)

    def ignore(_record: object) -> None:
        return None

    def checks(draft: Notice) -> list:  # type: ignore[type-arg]
        return notice_checks(store, draft)

    affected = [p for p in partners if p.id in notice.affected_partners]
    return [
        conflicts,
        notices,
        ConflictDialog(window, None, forums, partners, ignore, today=dt.date(2030, 1, 6)),
        ConflictDialog(window, conflict, forums, partners, ignore, today=dt.date(2030, 1, 6)),
        MoveConflictDialog(window, conflict, meetings_of(store, forum.id), ignore, today=dt.date(2030, 1, 6)),
        EscalateDialog(window, conflict, forums, ignore),
        NoticeDialog(window, None, forums, partners, ignore, checks=checks, today=dt.date(2030, 1, 6)),
        NoticeDialog(window, notice, forums, partners, ignore, checks=checks, today=dt.date(2030, 1, 6)),
        NoticeStatusDialog(window, notice, ignore),
        ResponseDialog(window, notice, affected, [], ignore, today=dt.date(2030, 1, 6)),
        PrintDialog(window, i18n._("Print the conflict log"), partners, ignore),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_conflict_and_notice_screens_and_dialogs_open(window: MainWindow, language: str) -> None:
    window.change_language(language)
    roots = _conflict_roots(window)
    for root in roots:
        if isinstance(root, QDialog):
            root.show()
            assert root.windowTitle()
        assert_shown(root)
        if isinstance(root, QDialog):
            root.close()
            root.deleteLater()


def test_no_conflict_or_notice_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    roots = _conflict_roots(window)
    escaped = [found for root in roots for found in untranslated(root)]
    for screen in roots[:2]:
        escaped += untranslated_headers(screen, ("conflicts", "steps", "notices", "answers"))
    assert escaped == []


# --- actions and escalations ------------------------------------------------------------------------------------


def _action_roots(window: MainWindow) -> list[QWidget]:
    """The actions register's and escalations register's dialogs, with an action and an escalation to show."""
    import datetime as dt

    from facilitator.actions import Action, history, save_action
    from facilitator.ui.action_dialogs import (
        ActionDialog,
        AnswerDialog,
        EscalateDialog,
        HistoryDialog,
        PromisesDialog,
        UpdateDialog,
    )
    from facilitator.ui.action_review import TabledPanel
    from facilitator.ui.main_window import SCREENS

    context = window.context
    assert context is not None
    store = context.store
    forum, mayor = add_mayors_round(window)
    partner = store.all(Partner)[0]
    first = Action(forum_id=forum.id, title="Find treatment places", owner_partner_id=partner.id)
    second = Action(forum_id=forum.id, title="Operation", owner_partner_id=partner.id, waits_for=(first.id,))
    for action in (first, second):
        context.run(save_action(store, action))
    context.run(escalation_of(store, first, forum, mayor, "No money.", today=dt.date(2026, 3, 9)))
    meeting = _a_meeting(window)
    names = {f.id: f.name for f in store.all(Forum)}
    for name in ("actions", "escalations"):
        window.navigation.setCurrentRow([s[0] for s in SCREENS].index(name))
    window.screens["escalations"].table.selectRow(0)
    panel = TabledPanel(context)
    from facilitator.meeting_ops import agenda
    from facilitator.meetings import ItemKind

    item = next(i for i in agenda(store, meeting.id) if i.kind is ItemKind.REVIEW_OF_ACTIONS)
    panel.show_item(meeting, item)

    def ignore(_record: object) -> None:
        return None

    return [
        ActionDialog(window, store, None, ignore),
        ActionDialog(window, store, second, ignore),
        HistoryDialog(window, first, history(store, first.id), names),
        UpdateDialog(window, first, "Station Square weekly round, 4 Mar 2030", None, ignore),
        EscalateDialog(window, first.title, forum, store.all(Forum), ignore),
        AnswerDialog(window, first.title, [(meeting.id, "Mayor's round, 4 Mar 2030")], ignore),
        PromisesDialog(window, store.all(Partner), ignore),
        panel,
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_action_dialogs_open(window: MainWindow, language: str) -> None:
    window.change_language(language)
    open_each(_action_roots(window))


def test_no_action_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    roots = _action_roots(window)
    escaped = []
    for root in [*roots, window.screens["actions"], window.screens["escalations"]]:
        root.show()
        escaped += untranslated(root)
        for name in ("status", "confidentiality", "new_status", "format"):
            combo = getattr(root, name, None)
            if isinstance(combo, QComboBox):
                escaped += [
                    (type(root).__name__, "choice", combo.itemText(i))
                    for i in range(combo.count())
                    if i18n.PSEUDO_OPEN not in combo.itemText(i)
                ]
        escaped += untranslated_headers(root, ("model", "action_rows", "escalation_rows"))
    assert escaped == []


# --- documents, translations and the minutes' approval ----------------------------------------------------------


def _document_roots(window: MainWindow) -> list[QWidget]:
    """The Documents and Translations tabs on a held meeting, and the approval dialogs."""
    import datetime as dt

    from facilitator.ui.approval_dialogs import ApproveDialog, CirculateDialog, CorrectionDialog
    from facilitator.ui.documents_tab import DocumentsTab
    from facilitator.ui.translation_tab import TranslationTab
    from tests.ui.test_documents_tab import build_meetings

    assert window.context is not None
    built = build_meetings(window)
    partners = window.context.store.all(Partner)
    documents = DocumentsTab(window.context)
    documents.set_meeting(built.held.id)
    documents.set_choices(language="fr")
    documents.refresh_preview()  # the untranslated texts are listed
    translations = TranslationTab(window.context)
    translations.set_meeting(built.held.id)

    def ignore(_record: object) -> None:
        return None

    day = dt.date(2030, 1, 6)
    return [
        documents,
        translations,
        CirculateDialog(window, partners, {partners[0].id}, day, ignore),
        ApproveDialog(window, [(built.next.id, "Monday 6 January 2030", day)], built.next.id, ignore),
        CorrectionDialog(window, partners, day, ignore),
    ]


def _done_with(roots: list[QWidget]) -> None:
    """Stop previews and wait for workers, so that nothing arrives after the window has gone."""
    from PySide6.QtCore import QThreadPool

    from facilitator.ui.documents_tab import DocumentsTab

    for root in roots:
        if isinstance(root, DocumentsTab):
            root.set_meeting(None)
        root.close()
        root.deleteLater()
    QThreadPool.globalInstance().waitForDone(120_000)


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_tabs_and_approval_dialogs_open(window: MainWindow, language: str) -> None:
    window.change_language(language)
    roots = _document_roots(window)
    for root in roots:
        root.resize(1100, 700)
        root.show()
        assert_shown(root)
        if isinstance(root, QDialog):
            assert root.windowTitle()
    _done_with(roots)


def test_no_document_or_translation_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    roots = _document_roots(window)
    escaped = []
    for root in roots:
        root.show()
        escaped += untranslated(root)
        escaped += untranslated_headers(root, ("model",))
    tabs = window.screens["meetings"].tabs
    escaped += [
        ("tab", "tab", tabs.tabText(i))
        for i in range(tabs.count())
        if i18n.PSEUDO_OPEN not in tabs.tabText(i)
    ]
    _done_with(roots)
    assert escaped == []


# --- home, indicators and the year in review -----------------------------------------------------------------------


def _home_and_indicator_roots(window: MainWindow) -> list[QWidget]:
    """Home with every section filled or empty, the Indicators screen, and the report's dialog."""
    import datetime as dt

    from facilitator.actions import Action, save_action
    from facilitator.ui.indicators_screen import ReportDialog

    context = window.context
    assert context is not None
    store = context.store
    forum, partner = store.all(Forum)[0], store.all(Partner)[0]
    if not store.all(Action):
        context.run(
            save_action(
                store,
                Action(
                    forum_id=forum.id, title="Lights", owner_partner_id=partner.id, due=dt.date(2020, 1, 1)
                ),
            )
        )
    _a_meeting(window)
    home, indicators = window.screens["home"], window.screens["indicators"]
    home.reload()
    indicators.reload()
    return [home, indicators, ReportDialog(window, lambda _choice: None, Path.home(), "Review")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_indicators_and_report_dialog_open(window: MainWindow, language: str) -> None:
    window.change_language(language)
    for root in _home_and_indicator_roots(window):
        root.resize(1100, 700)
        root.show()
        assert_shown(root)
        if isinstance(root, QDialog):
            assert root.windowTitle()
            root.close()


def test_no_home_or_indicator_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    escaped = []
    for root in _home_and_indicator_roots(window):
        root.show()
        escaped += untranslated(root)
        for view in root.findChildren(type(window.screens["indicators"].views["meetings"])):
            model = view.model
            escaped += [
                (type(root).__name__, "header", model.headerData(c, Qt.Orientation.Horizontal))
                for c in range(model.columnCount())
                if i18n.PSEUDO_OPEN not in model.headerData(c, Qt.Orientation.Horizontal)
            ]
        for line in _home_lines(root):
            if i18n.PSEUDO_OPEN not in line:
                escaped.append((type(root).__name__, "entry", line))
        if isinstance(root, QDialog):
            root.close()
    assert escaped == []


def _home_lines(root: QWidget) -> list[str]:
    from facilitator.ui.home_screen import HomeScreen

    if not isinstance(root, HomeScreen):
        return []
    return [
        section.model.line(row).text
        for section in root.sections.values()
        for row in range(section.model.rowCount())
    ]
