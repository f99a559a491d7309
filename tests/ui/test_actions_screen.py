"""The actions register: facts, filters, sorting, several at once, history, cycles, escalation and exports."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from facilitator import i18n
from facilitator.actions import (
    Action,
    ActionFilter,
    ActionStatus,
    action_facts,
    overrides_of,
    record_update,
    save_action,
)
from facilitator.entities import Forum, Partner, Representative
from facilitator.escalation import escalations
from facilitator.meeting_ops import end_meeting, new_meeting, start_meeting
from facilitator.ui.action_dialogs import (
    ActionDialog,
    HistoryDialog,
    HistoryModel,
    OverrideDialog,
    history_lines,
)
from facilitator.ui.actions_model import ActionRow, ActionsModel, ActionsProxy, register_rows
from facilitator.ui.actions_screen import ActionsScreen
from facilitator.ui.main_window import MainWindow
from tests.conftest import stand_on
from tests.ui.conftest import add_mayors_round, show_screen

TODAY = dt.date(2026, 3, 9)  # a Monday


def ids(store, title: str) -> str:
    return next(a.id for a in store.all(Action) if a.title == title)


@pytest.fixture
def actions(window: MainWindow) -> dict[str, Action]:
    """Four actions of two forums and three partners, one waiting for another; the screen's today is fixed."""
    context = window.context
    store = context.store
    street, mayor = add_mayors_round(window)
    partners = {p.display_name: p for p in store.all(Partner)}
    anna = next(r for r in store.all(Representative) if r.name == "Anna Kowalska")
    places = Action(
        forum_id=street.id,
        title="Find treatment places",
        owner_partner_id=partners["Police"].id,
        owner_person_id=anna.id,
        due=TODAY - dt.timedelta(days=10),
    )
    operation = Action(
        forum_id=street.id,
        title="Police operation at the square",
        owner_partner_id=partners["Police"].id,
        due=TODAY + dt.timedelta(days=3),
        waits_for=(places.id,),
    )
    leaflet = Action(
        forum_id=street.id,
        title='Leaflet: "how to report", safely',
        details="In Arabic too: كيف تبلغ بأمان\nand Polish.",
        owner_partner_id=partners["Outreach North"].id,
        due=TODAY + dt.timedelta(days=20),
        status=ActionStatus.IN_PROGRESS,
    )
    lights = Action(
        forum_id=mayor.id,
        title="Better lighting at the north exit",
        owner_partner_id=partners["Residents of Station Square"].id,
        status=ActionStatus.DONE,
        completed_on=TODAY,
    )
    for action in (places, operation, leaflet, lights):
        context.run(save_action(store, action))
    stand_on(TODAY)
    screen = show_screen(window, "actions")
    screen.reload()
    return {"places": places, "operation": operation, "leaflet": leaflet, "lights": lights}


def titles(screen: ActionsScreen) -> list[str]:
    return [row.action.title for row in screen.shown_rows()]


def test_register_lists_every_action_with_words_for_each_column(window, actions) -> None:
    screen = show_screen(window, "actions")
    screen.set_status_filter(frozenset())
    assert screen.model.rowCount() == 4
    assert screen.count.text() == "4 of 4 actions"
    row = next(r for r in range(screen.model.rowCount()) if screen.model.record(r).id == actions["places"].id)
    texts = [screen.model.index(row, c).data() for c in range(screen.model.columnCount())]
    assert texts[0] == "Find treatment places"
    assert texts[1] == "Station Square weekly round"
    assert texts[2] == "Police (Anna Kowalska)"
    assert texts[3] == i18n.active().format_date(TODAY - dt.timedelta(days=10))
    assert texts[4] == "Open"
    assert texts[5] == ""  # waits for nothing
    assert texts[7] == "Overdue"
    red = screen.model.index(row, ActionsModel.OVERDUE).data(Qt.ItemDataRole.ForegroundRole)
    assert red.color().name() == "#b3001b"


def test_filter_combinations(window, actions) -> None:
    screen = show_screen(window, "actions")
    store = window.context.store
    # By default only what is not closed: the done action is hidden.
    assert sorted(titles(screen)) == sorted(
        ["Find treatment places", "Police operation at the square", 'Leaflet: "how to report", safely']
    )
    screen.set_status_filter(frozenset())
    assert len(titles(screen)) == 4
    mayor = next(f for f in store.all(Forum) if f.name == "Mayor's round")
    screen.forum.setCurrentIndex(screen.forum.findData(mayor.id))
    assert titles(screen) == ["Better lighting at the north exit"]
    screen.forum.setCurrentIndex(0)
    police = next(p for p in store.all(Partner) if p.short_name == "Police")
    screen.partner.setCurrentIndex(screen.partner.findData(police.id))
    assert sorted(titles(screen)) == ["Find treatment places", "Police operation at the square"]
    screen.overdue_only.setChecked(True)
    assert titles(screen) == ["Find treatment places"]
    screen.overdue_only.setChecked(False)
    screen.due_this_week.setChecked(True)
    assert titles(screen) == ["Police operation at the square"]
    screen.due_this_week.setChecked(False)
    screen.partner.setCurrentIndex(0)
    screen.search.setText("ARABIC")  # details count, case does not
    assert titles(screen) == ['Leaflet: "how to report", safely']
    screen.search.setText("arabic polish")
    assert len(titles(screen)) == 1
    screen.search.setText("arabic police")
    assert titles(screen) == []
    assert screen.count.text() == "0 of 4 actions"
    assert not screen.csv_button.isEnabled()
    # The widgets only describe the rule; the rule is the core's.
    assert screen.filter_rule() == ActionFilter(text="arabic police")


def test_typing_on_only_narrows_and_deleting_widens_again(window, actions) -> None:
    screen = show_screen(window, "actions")
    screen.set_status_filter(frozenset())
    for typed, expected in (("p", 3), ("po", 2), ("poli", 2), ("polic", 1), ("pol", 2), ("", 4)):
        screen.search.setText(typed)
        assert len(titles(screen)) == expected, typed


def test_sort_by_any_column_keeps_the_selection(window, actions) -> None:
    screen = show_screen(window, "actions")
    screen.set_status_filter(frozenset())
    screen.select_ids([actions["leaflet"].id])
    screen.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles(screen) == sorted(titles(screen), key=str.casefold)
    screen.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # due: none last
    assert titles(screen) == [
        "Find treatment places",
        "Police operation at the square",
        'Leaflet: "how to report", safely',
        "Better lighting at the north exit",
    ]
    screen.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert titles(screen)[0] == "Better lighting at the north exit"
    for column in range(screen.model.columnCount()):
        screen.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert screen.selected_ids() == [actions["leaflet"].id]


def test_marking_done_before_its_prerequisites_needs_a_reason_that_is_kept(window, actions, modals) -> None:
    screen = show_screen(window, "actions")
    store = window.context.store
    screen.select_ids([actions["operation"].id, actions["leaflet"].id])
    assert screen.selected_ids().__len__() == 2

    # Cancelled: nothing changes, not even the action that waits for nothing.
    modals.expect("OverrideDialog")  # asked for a reason; cancelled here
    assert not screen.mark_selected(ActionStatus.DONE)
    dialog = modals.opened[-1]
    assert isinstance(dialog, OverrideDialog)
    assert dialog.what.text() == "Police operation at the square: Waits for: Find treatment places (Open)"
    assert store.get(Action, actions["operation"].id).status is ActionStatus.OPEN
    assert store.get(Action, actions["leaflet"].id).status is ActionStatus.IN_PROGRESS

    def without_reason(dialog: OverrideDialog) -> None:
        dialog.accept()
        assert dialog.error.text().startswith(
            "Reason to go ahead: “Police operation at the square” waits for"
        )
        assert dialog.error.text().endswith("give the reason: it is kept in the action's history.")
        dialog.reject()

    modals.fill["OverrideDialog"] = without_reason
    assert not screen.mark_selected(ActionStatus.DONE)
    assert store.get(Action, actions["operation"].id).status is ActionStatus.OPEN

    def with_reason(dialog: OverrideDialog) -> None:
        dialog.reason.setPlainText("The dealers moved to the school gate; treatment places follow next week.")
        dialog.accept()

    modals.fill["OverrideDialog"] = with_reason
    assert screen.mark_selected(ActionStatus.DONE)
    assert store.get(Action, actions["operation"].id).status is ActionStatus.DONE
    assert store.get(Action, actions["leaflet"].id).completed_on == TODAY
    (kept,) = overrides_of(store, actions["operation"].id)
    assert kept.reason.startswith("The dealers moved") and kept.waiting_for == (actions["places"].id,)
    assert kept.status is ActionStatus.DONE and kept.on == TODAY and kept.meeting_id is None
    assert overrides_of(store, actions["leaflet"].id) == []  # it waited for nothing
    assert "Mark 2 actions as Done" in window.context.undo_stack.undoText()

    # The action's history shows it, beside what it waits for.
    modals.fill["HistoryDialog"] = lambda d: d.reject()
    screen.set_status_filter(frozenset())  # done now: shown with any status
    screen.select_ids([actions["operation"].id])
    history = screen.show_history()
    assert history is not None
    assert history.prerequisites.text() == "Waits for: Find treatment places (Open)"
    assert any(
        "before what it waits for was done (Find treatment places (Open))" in s for s in history.said()
    )
    assert any("The dealers moved" in s for s in history.said())

    window.context.undo_stack.undo()
    assert store.get(Action, actions["leaflet"].id).status is ActionStatus.IN_PROGRESS
    assert overrides_of(store, actions["operation"].id) == []


def test_the_register_and_its_csv_say_what_each_action_waits_for(window, actions, tmp_path) -> None:
    screen = show_screen(window, "actions")
    header, rows = screen.csv_table()
    assert header[5] == "Waits for"
    by_title = {row["Action"]: row for row in rows}
    assert by_title["Police operation at the square"]["Waits for"] == "Find treatment places (Open)"
    assert by_title["Find treatment places"]["Waits for"] == ""
    written = screen.export_csv(tmp_path / "actions.csv")
    assert written is not None
    text = written.read_text(encoding="utf-8-sig")
    assert "Find treatment places (Open)" in text


def test_marking_without_open_prerequisites_asks_nothing(window, actions, modals) -> None:
    screen = show_screen(window, "actions")
    screen.select_ids([actions["places"].id, actions["leaflet"].id])
    assert screen.mark_selected(ActionStatus.DROPPED)
    assert modals.opened == []
    statuses = {a.status for a in window.context.store.all(Action) if a.id != actions["lights"].id}
    assert ActionStatus.DROPPED in statuses
    # A dropped action is closed: gone from the default "not closed" view.
    assert "Find treatment places" not in titles(screen)


def test_a_cycle_is_refused_in_the_dialog(window, actions, modals) -> None:
    screen = show_screen(window, "actions")
    screen.select_ids([actions["places"].id])
    seen: list[ActionDialog] = []

    def make_a_cycle(dialog: ActionDialog) -> None:
        seen.append(dialog)
        dialog.tick_prerequisite(actions["operation"].id)
        dialog.accept()

    modals.fill["ActionDialog"] = make_a_cycle
    screen.edit_action()
    dialog = seen[0]
    assert not dialog.error.isHidden()
    assert dialog.error.text() == "Waits for: these prerequisites would make the action wait for itself"
    assert dialog.result() == 0  # still open: nothing saved
    assert window.context.store.get(Action, actions["places"].id).waits_for == ()


def test_new_action_with_person_filtered_by_partner(window, actions, modals) -> None:
    screen = show_screen(window, "actions")
    store = window.context.store
    outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")

    def fill(dialog: ActionDialog) -> None:
        dialog.title_edit.setText("Evening outreach on Fridays")
        dialog.forum.setCurrentIndex(dialog.forum.findData(actions["places"].forum_id))
        dialog.partner.setCurrentIndex(dialog.partner.findData(outreach.id))
        people = [dialog.person.itemText(i) for i in range(dialog.person.count())]
        assert people == ["No one named", "Yusuf Demir"]
        dialog.person.setCurrentIndex(1)
        dialog.due.enabled.setChecked(True)
        dialog.tick_prerequisite(actions["places"].id)
        dialog.accept()

    modals.fill["ActionDialog"] = fill
    screen.new_action()
    made = next(a for a in store.all(Action) if a.title == "Evening outreach on Fridays")
    assert made.owner_partner_id == outreach.id
    assert made.owner_person_id is not None
    assert made.waits_for == (actions["places"].id,)
    assert screen.selected_ids() == [made.id]


def test_restricted_partners_only_when_restricted(window, actions) -> None:
    from facilitator.meetings import Confidentiality

    store = window.context.store
    dialog = ActionDialog(window, store, actions["places"], lambda _r: None)
    assert dialog.restricted.isHidden()
    dialog.confidentiality.setCurrentIndex(dialog.confidentiality.findData(Confidentiality.RESTRICTED))
    assert not dialog.restricted.isHidden()
    # Closed actions of the forum are not offered as prerequisites unless already chosen.
    lights = replace(actions["lights"], forum_id=actions["places"].forum_id)
    window.context.run(save_action(store, lights))
    dialog = ActionDialog(window, store, actions["operation"], lambda _r: None)
    offered = [dialog.waits_for.item(i).text() for i in range(dialog.waits_for.count())]
    assert "Better lighting at the north exit" not in " ".join(offered)
    assert "Find treatment places" in offered


def _two_meetings(window, actions) -> tuple[str, str]:
    """Meeting 1 held with no update on the places; meeting 2 with an update."""
    context = window.context
    store = context.store
    forum_id = actions["places"].forum_id
    edit, first = new_meeting(store, forum_id, dt.datetime(2026, 3, 2, 10), timezone="Europe/Brussels")
    context.run(edit)
    context.run(start_meeting(store, first.id))
    context.run(end_meeting(store, first.id))
    edit, second = new_meeting(store, forum_id, dt.datetime(2026, 3, 9, 10), timezone="Europe/Brussels")
    context.run(edit)
    context.run(start_meeting(store, second.id))  # what it reviews is fixed as it starts
    context.run(
        record_update(
            store,
            actions["places"].id,
            second.id,
            "Six places found.",
            new_due=dt.date(2026, 3, 30),
            today=TODAY,
        )
    )
    return first.id, second.id


def test_history_dialog_meeting_by_meeting(window, actions, modals) -> None:
    _two_meetings(window, actions)
    screen = show_screen(window, "actions")
    screen.select_ids([actions["places"].id])
    seen: list[list[str]] = []

    def read(dialog: HistoryDialog) -> None:
        seen.append(dialog.said())
        seen.append([dialog.summary.text()])
        dialog.accept()

    modals.fill["HistoryDialog"] = read
    screen.show_history()
    new_due = i18n.active().format_date(dt.date(2026, 3, 30))
    assert seen[0] == ["No update given", f"Six places found. New due date: {new_due}."]
    assert seen[1] == ["Tabled at 2 meetings. No update was given at 1 of them."]
    row = screen.shown_rows()[[r.id for r in screen.shown_rows()].index(actions["places"].id)]
    assert (row.times_carried, row.missed_updates) == (2, 1)


def test_batched_facts_equal_the_cores(window, actions) -> None:
    _two_meetings(window, actions)
    store = window.context.store
    for row in register_rows(store, TODAY):
        facts = action_facts(store, row.action, TODAY)
        assert (row.times_carried, row.overdue, row.missed_updates) == (
            facts.times_carried,
            facts.overdue,
            facts.missed_updates,
        ), row.action.title


def test_escalate_from_the_register(window, actions, modals) -> None:
    screen = show_screen(window, "actions")
    store = window.context.store
    screen.select_ids([actions["places"].id])

    def fill(dialog) -> None:
        assert dialog.target.currentText() == "Mayor's round"  # the strategic forum first
        dialog.reason.setPlainText("No money for treatment places at street level.")
        dialog.accept()

    modals.fill["EscalateDialog"] = fill
    screen.escalate_selected()
    [escalation] = escalations(store)
    assert escalation.subject_id == actions["places"].id
    assert escalation.raised_on == TODAY

    # The same again is refused by the core and said in the dialog.
    refused: list[str] = []

    def again(dialog) -> None:
        dialog.reason.setPlainText("Again.")
        dialog.accept()
        refused.append(dialog.error.text())

    modals.fill["EscalateDialog"] = again
    screen.escalate_selected()
    assert "already escalated" in refused[0]


def test_csv_of_the_filtered_rows_reads_back(window, actions, tmp_path: Path) -> None:
    window.change_language("fr")
    screen = show_screen(window, "actions")
    screen.set_status_filter(frozenset())
    screen.search.setText("leaflet")
    screen.search.clear()
    screen.forum.setCurrentIndex(screen.forum.findData(actions["places"].forum_id))
    path = screen.export_csv(tmp_path / "actions")
    assert path == tmp_path / "actions.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [i18n._(c.title) for c in ActionsModel.columns]
    assert len(rows) == 4  # header and the street forum's three actions
    leaflet = next(r for r in rows if r[0].startswith("Leaflet"))
    assert leaflet[0] == 'Leaflet: "how to report", safely'
    assert leaflet[3] == i18n.translator("fr").format_date(TODAY + dt.timedelta(days=20))
    assert "mars" in leaflet[3]
    # Newlines, commas and Arabic survive too.
    store = window.context.store
    tricky = replace(
        store.get(Action, actions["leaflet"].id), title="Line one\nline two, with كيف تبلغ بأمان"
    )
    window.context.run(save_action(store, tricky))
    screen.export_csv(tmp_path / "again.csv")
    with (tmp_path / "again.csv").open(encoding="utf-8-sig", newline="") as handle:
        back = list(csv.reader(handle))
    assert "Line one\nline two, with كيف تبلغ بأمان" in [r[0] for r in back]


def test_promises_written_as_docx_off_the_window_thread(  # noqa: PLR0917 - pytest fixtures
    window, actions, modals, qtbot, tmp_path, monkeypatch
):
    import docx

    from facilitator.exports import docx_writer

    threads: list[str] = []
    real = docx_writer.write_docx

    def spy(model, path) -> None:
        threads.append(threading.current_thread().name)
        real(model, path)

    monkeypatch.setattr(docx_writer, "write_docx", spy)
    screen = show_screen(window, "actions")
    police = next(p for p in window.context.store.all(Partner) if p.short_name == "Police")

    def fill(dialog) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(police.id))
        assert dialog.language.currentData() == police.language
        assert dialog.path.text().endswith(".docx")
        dialog.path.setText(str(tmp_path / "promised"))
        dialog.accept()

    modals.fill["PromisesDialog"] = fill
    with qtbot.waitSignal(screen.export_finished, timeout=20000) as done:
        screen.export_promises()
        assert screen.progress.isVisibleTo(screen)
    assert done.args == [tmp_path / "promised.docx"]
    assert threads and threads[0] != threading.main_thread().name
    assert not screen.progress.isVisibleTo(screen)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "promised.docx")).paragraphs)
    tables = docx.Document(str(tmp_path / "promised.docx")).tables
    cells = " ".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "What City Police promised" in text
    assert "Find treatment places" in cells
    assert "Better lighting" not in cells  # not the police's


def test_pdf_export_keeps_the_window_responsive_and_shows_progress(  # noqa: PLR0917 - pytest fixtures
    window, actions, modals, qtbot, tmp_path, monkeypatch
):
    from facilitator.exports import pdf_writer

    started = threading.Event()
    release = threading.Event()

    def slow(model, path, progress=None) -> None:
        started.set()
        progress("Preparing the bold font (done once)…")
        assert release.wait(30)  # as if the fonts were being built: until the test has seen the window live
        path.write_bytes(b"%PDF-1.7 " + model.title.encode())

    monkeypatch.setattr(pdf_writer, "write_pdf", slow)
    screen = show_screen(window, "actions")

    def fill(dialog) -> None:
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.path.setText(str(tmp_path / "promised.pdf"))
        dialog.accept()

    modals.fill["PromisesDialog"] = fill
    seen: list[tuple[bool, str]] = []
    with qtbot.waitSignal(screen.export_finished, timeout=10000):
        screen.export_promises()
        assert started.wait(5)
        qtbot.waitUntil(lambda: "Preparing" in screen.progress_label.text(), timeout=5000)
        for _ in range(5):  # the window's event loop turns while the worker is still writing
            qtbot.wait(20)
            seen.append(((tmp_path / "promised.pdf").exists(), screen.progress_label.text()))
        release.set()
    assert [written for written, _text in seen] == [False] * 5  # the window answered before the file was done
    assert all("Preparing" in text for _written, text in seen)
    assert (tmp_path / "promised.pdf").read_bytes().startswith(b"%PDF")


def test_a_failed_export_is_told_in_plain_words(window, actions, modals, qtbot, tmp_path) -> None:
    screen = show_screen(window, "actions")

    def fill(dialog) -> None:
        dialog.path.setText(str(tmp_path / "no-such-folder" / "x.docx"))
        dialog.accept()

    modals.fill["PromisesDialog"] = fill
    modals.expect_message("does not exist")
    with qtbot.waitSignal(screen.export_failed, timeout=20000):
        screen.export_promises()
    box = modals.opened[-1]
    assert isinstance(box, QMessageBox)
    assert "does not exist" in box.text()


def test_models_pass_qt_checks(window, actions, qtmodeltester) -> None:
    _two_meetings(window, actions)
    screen = show_screen(window, "actions")
    screen.set_status_filter(frozenset())
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)
    store = window.context.store
    from facilitator.actions import history

    model = HistoryModel(screen)
    model.reset_records(history_lines(history(store, actions["places"].id), {}))
    qtmodeltester.check(model)


def test_twenty_thousand_actions_filter_and_sort_right(window, qtbot) -> None:
    """The register's filters and sort over 20,000 rows; how fast is measured by bench/actions.py."""
    model = ActionsModel()
    proxy = ActionsProxy()
    proxy.setSourceModel(model)
    statuses = list(ActionStatus)
    rows = [
        ActionRow(
            Action(
                forum_id=f"forum{i % 5}",
                title=f"Action {i} about lighting" if i % 7 else f"Needle bins {i}",
                details="details",
                owner_partner_id=f"partner{i % 13}",
                due=TODAY + dt.timedelta(days=i % 60 - 30),
                status=statuses[i % 4],
            ),
            "Forum",
            "Partner",
            "",
            i % 9,
            False,
            i % 3,
        )
        for i in range(20_000)
    ]
    model.reset_rows(rows)
    # Expected counts from how the rows were made (i = 0..19,999), not from the filter under test.
    numbers = range(20_000)
    expected = {
        "forum1": sum(1 for i in numbers if i % 5 == 1),
        "needle": sum(1 for i in numbers if i % 7 == 0),
        "needle 7": sum(1 for i in numbers if i % 7 == 0 and "7" in str(i)),
        "open and overdue": sum(1 for i in numbers if i % 4 == 0 and i % 60 < 30),
        "due this week": sum(1 for i in numbers if i % 4 in (0, 1) and 30 <= i % 60 <= 37),
        "everything": 20_000,
    }
    assert expected == {
        "forum1": 4000,
        "needle": 2858,
        "needle 7": 983,
        "open and overdue": 2669,
        "due this week": 1332,
        "everything": 20_000,
    }
    for name, rule in (
        ("forum1", ActionFilter(forum_id="forum1")),
        ("needle", ActionFilter(text="needle")),
        ("needle 7", ActionFilter(text="needle 7")),
        ("open and overdue", ActionFilter(statuses=frozenset({ActionStatus.OPEN}), overdue_only=True)),
        ("due this week", ActionFilter(due_within_days=7)),
        ("everything", ActionFilter()),
    ):
        proxy.set_rule(rule, TODAY)
        assert proxy.rowCount() == expected[name], name
    proxy.set_rule(ActionFilter(text="needle 7"), TODAY)
    shown = [model.record(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]
    assert all(r.action.title.startswith("Needle bins ") and "7" in r.action.title for r in shown)
    proxy.set_rule(ActionFilter(), TODAY)
    proxy.sort(3, Qt.SortOrder.DescendingOrder)
    dues = [
        model.record(proxy.mapToSource(proxy.index(r, 0)).row()).action.due for r in range(proxy.rowCount())
    ]
    assert dues[0] == TODAY + dt.timedelta(days=29) and dues[-1] == TODAY - dt.timedelta(days=30)
    assert all(a >= b for a, b in itertools.pairwise(dues))  # type: ignore[operator]
