"""The agenda editor: add, edit, reorder by keyboard and by drag and drop, remove, undo, totals, usual agenda."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtTest import QTest

from facilitator import meeting_ops, operations
from facilitator.entities import Forum, Partner, Representative, Tier
from facilitator.meetings import (
    PARTNERS_ONLY_KINDS,
    AgendaItem,
    Confidentiality,
    ItemKind,
    Meeting,
    UsualItem,
)
from facilitator.ui.agenda_editor import (
    MIME_TYPE,
    AgendaEditor,
    AgendaModel,
    CopyAgendaDialog,
    ItemRow,
    UsualAgendaDialog,
    _RoomForTheStretch,
    size_columns_to_text,
)
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.meeting_dialogs import ItemDialog
from facilitator.ui.widgets import select_id
from tests.ui.register_tests import check


@pytest.fixture
def meeting(window: MainWindow) -> Meeting:
    assert window.context is not None
    store = window.context.store
    forum = store.all(Forum)[0]
    edit, made = meeting_ops.new_meeting(store, forum.id, dt.datetime(2031, 3, 3, 10, 0), timezone="UTC")
    window.context.run(edit)
    window.screens["meetings"].show_meeting(made.id)
    return made


@pytest.fixture
def editor(window: MainWindow, meeting: Meeting) -> AgendaEditor:
    found = window.screens["meetings"].agenda
    assert isinstance(found, AgendaEditor)
    return found


def _titles(editor: AgendaEditor) -> list[str]:
    return [editor.model.index(r, 1).data() for r in range(editor.model.rowCount())]


def _store(window: MainWindow) -> Any:
    assert window.context is not None
    return window.context.store


def _add(editor: AgendaEditor, modals: Any, title: str, minutes: int = 10, **choices: Any) -> None:
    def fill(dialog: ItemDialog) -> None:
        dialog.title_edit.setText(title)
        dialog.minutes.setValue(minutes)
        if "kind" in choices:
            dialog.kind.setCurrentIndex(dialog.kind.findData(choices["kind"]))
        dialog.accept()

    modals.fill["ItemDialog"] = fill
    QTest.keyClick(editor.table, Qt.Key.Key_Insert)


def test_standing_items_and_total(window: MainWindow, editor: AgendaEditor, meeting: Meeting) -> None:
    items = meeting_ops.agenda(_store(window), meeting.id)
    assert _titles(editor) == [i.display_title for i in items]
    assert _titles(editor)[:3] == [
        "Attendance and apologies",
        "Minutes of the last meeting",
        "Review of actions",
    ]
    assert _titles(editor)[-1] == "Any other business"
    assert editor.model.index(0, 0).data() == "1"
    assert editor.model.index(2, 4).data() == "10"  # the forum's standard standing items
    assert meeting_ops.planned_minutes(items) == 40
    assert editor.total.text() == "Planned: 40 of 90 minutes"
    assert editor.warning.isHidden()
    assert "follow the registers" in editor.carried_note.text()


def test_add_edit_reorder_remove_with_undo(
    window: MainWindow, editor: AgendaEditor, meeting: Meeting, modals: Any
) -> None:
    store = _store(window)
    editor.select_row(1)  # after the minutes of the last meeting
    _add(editor, modals, "Needle finds in the playground", 20, kind=ItemKind.DISCUSSION)
    assert _titles(editor)[2] == "Needle finds in the playground"
    assert editor.selected_row() == 2
    assert editor.total.text() == "Planned: 60 of 90 minutes"
    assert "Add item Needle finds" in window.undo_action.text()
    # Adding and placing the item are one undo step.
    window.undo_action.trigger()
    assert "Needle finds in the playground" not in _titles(editor)
    assert len(meeting_ops.agenda(store, meeting.id)) == 7
    window.redo_action.trigger()
    assert _titles(editor)[2] == "Needle finds in the playground"

    # Edit with Enter: more time, and the warning shows when the agenda runs over.
    editor.select_row(2)

    def edit(dialog: ItemDialog) -> None:
        assert dialog.title_edit.text() == "Needle finds in the playground"
        dialog.minutes.setValue(60)
        dialog.accept()

    modals.fill["ItemDialog"] = edit
    QTest.keyClick(editor.table, Qt.Key.Key_Return)
    assert editor.model.index(2, 4).data() == "60"
    assert editor.total.text() == "Planned: 100 of 90 minutes"
    header = editor.table.horizontalHeader()
    assert header.sectionSize(2) < header.sectionSize(1)  # the title has the room, the kind a word
    assert not editor.warning.isHidden()
    assert editor.warning.text() == (  # what is wrong, and what to do about it
        "The agenda runs 10 minutes over the meeting's 1 h 30 min: shorten items or move one to the next meeting."
    )

    # Keyboard: Ctrl+Up and Ctrl+Down move the selected item and keep it selected.
    QTest.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _titles(editor)[1] == "Needle finds in the playground"
    assert editor.selected_row() == 1
    QTest.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _titles(editor)[3] == "Needle finds in the playground"
    positions = [i.position for i in meeting_ops.agenda(store, meeting.id)]
    assert positions == list(range(8))
    window.undo_action.trigger()
    assert _titles(editor)[2] == "Needle finds in the playground"

    # Delete removes; undo puts it back in its place.
    editor.select_row(2)
    QTest.keyClick(editor.table, Qt.Key.Key_Delete)
    assert "Needle finds in the playground" not in _titles(editor)
    assert editor.total.text() == "Planned: 40 of 90 minutes"
    window.undo_action.trigger()
    assert _titles(editor)[2] == "Needle finds in the playground"
    # A Mac keyboard's "delete" key sends Backspace: it removes as well.
    editor.select_row(2)
    QTest.keyClick(editor.table, Qt.Key.Key_Backspace)
    assert "Needle finds in the playground" not in _titles(editor)
    window.undo_action.trigger()


def test_drop_and_move_rows_reorder_through_the_core(
    window: MainWindow, editor: AgendaEditor, meeting: Meeting
) -> None:
    store = _store(window)
    model = editor.model
    last = model.record(6).id  # any other business
    # Drag the last item and drop it between the first and the second row.
    mime = model.mimeData([model.index(6, 1)])
    assert mime.hasFormat(MIME_TYPE)
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert (
        model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    )  # the view removes nothing
    assert meeting_ops.agenda(store, meeting.id)[1].id == last
    assert _titles(editor)[1] == "Any other business"
    # Dropped onto a row, the item takes that row's place.
    mime = model.mimeData([model.index(1, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(5, 0))
    assert meeting_ops.agenda(store, meeting.id)[4].id == last
    # Dropped below the last row: to the end.
    model.dropMimeData(model.mimeData([model.index(4, 0)]), Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert meeting_ops.agenda(store, meeting.id)[-1].id == last
    # moveRows follows Qt's convention: the destination is the row before which the item goes.
    assert model.moveRows(QModelIndex(), 6, 1, QModelIndex(), 0)
    assert meeting_ops.agenda(store, meeting.id)[0].id == last
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 1)  # onto itself: nothing to do
    assert not model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 5)
    # Other data is refused.
    other = QMimeData()
    other.setText("hello")
    assert not model.canDropMimeData(other, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    window.undo_action.trigger()
    assert meeting_ops.agenda(store, meeting.id)[-1].id == last


def test_presenter_person_is_filtered_by_partner_and_restricted_items_name_partners(
    window: MainWindow, editor: AgendaEditor, meeting: Meeting, modals: Any
) -> None:
    store = _store(window)
    police = next(p for p in store.all(Partner) if p.short_name == "Police")
    outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")
    inspector = next(r for r in store.all(Representative) if r.partner_id == police.id)
    seen: dict[str, Any] = {}

    def fill(dialog: ItemDialog) -> None:
        dialog.title_edit.setText("Planned operation at the station")
        dialog.partner.setCurrentIndex(dialog.partner.findData(police.id))
        seen["people"] = [dialog.person.itemText(i) for i in range(dialog.person.count())]
        dialog.person.setCurrentIndex(dialog.person.findData(inspector.id))
        assert not dialog.form.isRowVisible(dialog.restricted)
        dialog.confidentiality.setCurrentIndex(dialog.confidentiality.findData(Confidentiality.RESTRICTED))
        assert dialog.form.isRowVisible(dialog.restricted)
        # Restricted to nobody is refused by the core, in the dialog, which stays open.
        dialog.accept()
        seen["error"] = dialog.error.text()
        check(dialog.restricted, police.id, outreach.id)
        dialog.accept()

    modals.fill["ItemDialog"] = fill
    editor.add_item()
    assert seen["people"] == ["Nobody named", "Anna Kowalska — Inspector"]
    assert seen["error"].startswith("Only these partners:")
    item = meeting_ops.agenda(store, meeting.id)[-1]
    assert item.presenter_id == inspector.id and item.presenter_partner_id == police.id
    assert set(item.restricted_to) == {police.id, outreach.id}
    row = editor.model.rowCount() - 1
    assert editor.model.index(row, 3).data() == "Police · Anna Kowalska"
    assert editor.model.index(row, 5).data() in (
        "Restricted: Police, Outreach North",
        "Restricted: Outreach North, Police",
    )


def test_usual_agenda_from_the_forums_screen(window: MainWindow, modals: Any) -> None:
    store = _store(window)
    forums = window.screens["forums"]
    window.navigation.setCurrentRow([name for name, *_rest in SCREENS].index("forums"))
    forums.table.selectRow(0)
    assert forums.usual_agenda.text() == "Usual agenda…"
    assert forums.usual_agenda.isEnabled()
    totals: list[str] = []

    def usual(dialog: UsualAgendaDialog) -> None:
        editor = dialog.editor
        assert "Station Square weekly round" in dialog.windowTitle()
        # The forum's standing items are on its usual agenda, editable like the rest.
        assert (
            _titles(editor)[0] == "Attendance and apologies" and _titles(editor)[-1] == "Any other business"
        )
        _add(editor, modals, "Street report", 15)
        _add(editor, modals, "Health update", 10)
        assert _titles(editor)[-1] == "Any other business"  # new items go before it
        editor.select_row(_titles(editor).index("Health update"))
        QTest.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
        totals.append(editor.total.text())
        dialog.reject()

    modals.fill["UsualAgendaDialog"] = usual
    forums.edit_usual_agenda()
    forum = store.all(Forum)[0]
    assert [u.title for u in meeting_ops.usual_agenda(store, forum.id) if u.title] == [
        "Health update",
        "Street report",
    ]
    assert totals == ["Planned: 65 of 90 minutes"]  # 40 standing minutes and 25 usual ones
    # A new meeting is built from it, between the standing items.
    edit, made = meeting_ops.new_meeting(store, forum.id, dt.datetime(2031, 3, 3, 10), timezone="UTC")
    window.context.run(edit)  # type: ignore[union-attr]
    titles = [i.display_title for i in meeting_ops.agenda(store, made.id)]
    assert titles[6:8] == ["Health update", "Street report"]
    window.undo_action.trigger()  # the meeting
    window.undo_action.trigger()  # the move
    assert [u.title for u in meeting_ops.usual_agenda(store, forum.id) if u.title] == [
        "Street report",
        "Health update",
    ]


def _rows() -> list[ItemRow]:
    items = [
        AgendaItem(meeting_id="m", position=0, title="", kind=ItemKind.ATTENDANCE, minutes_allowed=5),
        AgendaItem(
            meeting_id="m",
            position=1,
            title="Raid follow-up <b>&</b>",
            confidentiality=Confidentiality.RESTRICTED,
            restricted_to=("p",),
        ),
    ]
    usual = UsualItem(forum_id="f", position=0, title="")
    return [ItemRow(items[0], "", ""), ItemRow(items[1], "Police", "Police"), ItemRow(usual, "", "")]


@pytest.fixture
def agenda_model(qapp) -> AgendaModel:
    model = AgendaModel()
    model.reset_records(_rows())
    return model


def test_agenda_model_passes_qt_model_tester(agenda_model: AgendaModel, qtmodeltester) -> None:
    qtmodeltester.check(agenda_model, force_py=True)
    assert agenda_model.index(0, 1).data() == "Attendance and apologies"
    assert agenda_model.index(1, 1).data() == "Raid follow-up <b>&</b>"
    assert agenda_model.index(1, 5).data() == "Restricted: Police"
    assert agenda_model.index(2, 1).data() == "Discussion"
    # The Kind column says what the item is for in a word, not the title again ("Attendance and apol…").
    assert [agenda_model.index(row, 2).data() for row in range(3)] == [
        "Attendance",
        "Discussion",
        "Discussion",
    ]
    assert agenda_model.flags(agenda_model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    agenda_model.editable = False
    assert not agenda_model.flags(agenda_model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    mime = agenda_model.mimeData([agenda_model.index(1, 0)])
    assert not agenda_model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_a_usual_agenda_is_copied_from_another_forum_without_partners_only_items_for_a_public_one(
    window: MainWindow, modals: Any
) -> None:
    store = _store(window)
    context = window.context
    assert context is not None
    street = store.all(Forum)[0]
    residents = Forum(name="Residents' meeting", tier=Tier.PUBLIC)
    context.run(operations.save_forum(store, residents))
    assert [u.kind for u in meeting_ops.usual_agenda(store, residents.id)] == [
        ItemKind.ATTENDANCE,
        ItemKind.MINUTES,
        ItemKind.OTHER_BUSINESS,
    ]
    context.run(
        meeting_ops.save_usual_item(store, UsualItem(forum_id=street.id, position=0, title="Street picture"))
    )
    forums = window.screens["forums"]
    window.navigation.setCurrentRow([name for name, *_rest in SCREENS].index("forums"))
    select_id(forums.table, residents.id)
    seen: list[str] = []

    def copy(dialog: CopyAgendaDialog) -> None:
        seen.append(dialog.note.text())
        dialog.source.setCurrentIndex(dialog.source.findData(street.id))
        dialog.accept()

    def usual(dialog: UsualAgendaDialog) -> None:
        assert "standing items included" in dialog.explanation.text()
        assert dialog.copy_button.isEnabled()
        modals.fill["CopyAgendaDialog"] = copy
        dialog.copy_button.click()
        seen.extend(_titles(dialog.editor))
        dialog.reject()

    modals.fill["UsualAgendaDialog"] = usual
    forums.edit_usual_agenda()
    assert "partners-only items" in seen[0]
    assert seen[1:] == [
        "Attendance and apologies",
        "Minutes of the last meeting",
        "Street picture",
        "Any other business",
    ]
    copied = meeting_ops.usual_agenda(store, residents.id)
    assert not {u.kind for u in copied} & PARTNERS_ONLY_KINDS
    window.undo_action.trigger()
    assert [u.kind for u in meeting_ops.usual_agenda(store, residents.id)] == [
        ItemKind.ATTENDANCE,
        ItemKind.MINUTES,
        ItemKind.OTHER_BUSINESS,
    ]


def test_the_items_titles_keep_room_on_a_narrow_screen(qtbot) -> None:
    """On a laptop at 125 % the other columns' widths left an item's title three letters; they now give room in
    proportion, each down to its heading, so that the title keeps its share and nothing needs scrolling."""
    from PySide6.QtWidgets import QTableView

    item = AgendaItem(meeting_id="m", position=0, title="Report from the Station Square street round")
    model = AgendaModel()
    model.reset_records([ItemRow(item, "Public Order and Community Safety Team", "Police, Housing, Health")])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1400, 300)
    view.show()
    size_columns_to_text(view, model, stretch=1)
    header = view.horizontalHeader()
    others = [c for c in range(model.columnCount()) if c != 1]
    wide = {c: header.sectionSize(c) for c in others}
    room = view.viewport().width()
    assert header.sectionSize(1) == room - sum(wide.values())  # the title takes the room left
    heading = header.fontMetrics().horizontalAdvance
    title = {c: heading(str(model.headerData(c, Qt.Orientation.Horizontal))) + 24 for c in others}
    least = {c: max(header.minimumSectionSize(), min(wide[c], title[c])) for c in others}
    share = _RoomForTheStretch.SHARE
    # Room to give, as on the laptop: the others' texts want more than they may have, their headings less.
    assert sum(wide.values()) > (1 - share) * 640 > sum(least.values())

    view.resize(640, 300)
    qtbot.waitUntil(lambda: view.viewport().width() < 640)
    room = view.viewport().width()
    narrow = {c: header.sectionSize(c) for c in others}
    assert all(least[c] <= narrow[c] <= wide[c] for c in others)
    assert abs(header.sectionSize(1) - share * room) <= len(others)  # its share, give or take the rounding
    assert sum(narrow.values()) + header.sectionSize(1) <= room  # nothing to scroll

    view.resize(1400, 300)
    qtbot.waitUntil(lambda: view.viewport().width() > 1000)
    assert {c: header.sectionSize(c) for c in others} == wide  # back to each column's own width
