"""The agenda editor: a meeting's items (or a forum's usual agenda) in order, reordered by drag and drop or
Ctrl+Up/Ctrl+Down (Cmd on macOS), added with Insert, removed with Delete, edited with Enter or a double click.

Every change is a core operation on the undo stack; the table is read again from the store afterwards. Beside each
item it shows what the registers put under it (``facilitator.carried``): followed live until the meeting starts,
fixed from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import meeting_ops
from facilitator.actions import Action, ActionReview
from facilitator.carried import Carried, carried
from facilitator.conflicts import Conflict
from facilitator.entities import Forum, Membership, Partner, Representative, Tier, by_name
from facilitator.escalation import Escalation, EscalationReview
from facilitator.frozen import frozen
from facilitator.i18n import N_, _, ngettext
from facilitator.meetings import AgendaItem, Confidentiality, ItemKind, Meeting, UsualItem
from facilitator.notices import Notice
from facilitator.operations import Changes, Edit
from facilitator.tablings import Tabling
from facilitator.ui.carried_text import carried_texts
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import ForumListDialog, RecordDialog, Submit
from facilitator.ui.figures_panel import FiguresPanel
from facilitator.ui.meeting_dialogs import ItemDialog
from facilitator.ui.models import AnyIndex, Column, RecordTableModel
from facilitator.ui.palette import mute
from facilitator.ui.widgets import button, key_name, select_id, selected_id, wrapping_row

MIME_TYPE = "application/x-facilitator-agenda-item"

#: The usual agenda dialog's title and what it says the agenda is for.
USUAL_AGENDA_WORDS = (
    N_("Usual agenda of {forum}"),
    N_(
        "Every new meeting of this forum starts from this agenda, in this order and with these times, "
        "standing items included: attendance, the last minutes, the review of actions, notices, conflicts, "
        "escalations and any other business are on it only if they are here."
    ),
)
AnyItem = AgendaItem | UsualItem


@frozen
class ItemRow:
    """An agenda item as the table shows it, with the names it refers to looked up once."""

    item: AnyItem
    presenter: str
    restricted: str
    carries: str = ""  # what the registers put under it, counted
    carried_titles: str = ""  # and named, for the tooltip

    @property
    def id(self) -> str:
        """The item's id."""
        return self.item.id


def _confidentiality(row: ItemRow) -> str:
    if row.item.confidentiality is Confidentiality.RESTRICTED:
        return _("Restricted: {partners}").format(partners=row.restricted)
    return row.item.confidentiality.label


#: An item's kind in a word or two, for the agenda's Kind column: the full label ("Attendance and apologies") is
#: often the title itself, so the column says what the item is for and leaves the room to the title.
SHORT_KINDS: dict[ItemKind, str] = {
    ItemKind.ATTENDANCE: N_("Attendance"),
    ItemKind.MINUTES: N_("Minutes"),
    ItemKind.INFORMATION: N_("Information"),
    ItemKind.DISCUSSION: N_("Discussion"),
    ItemKind.DECISION: N_("Decision"),
    ItemKind.REVIEW_OF_ACTIONS: N_("Actions"),
    ItemKind.NOTICE: N_("Notices"),
    ItemKind.CONFLICT: N_("Conflicts"),
    ItemKind.REPORT_BACK: N_("Report"),
    ItemKind.OTHER_BUSINESS: N_("Other business"),
    ItemKind.OTHER: N_("Other"),
}


def short_kind(kind: ItemKind) -> str:
    """An item's kind in a word or two, in the window's language."""
    return _(SHORT_KINDS[kind])


def duration_text(minutes: int) -> str:
    """A length as people say it: "45 min", "2 h", "1 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)


def _title(row: ItemRow) -> str:
    title = (
        row.item.display_title if isinstance(row.item, AgendaItem) else row.item.title or row.item.kind.label
    )
    # What the registers put under it follows its name: "Review of actions · 4 actions".
    return f"{title} · {row.carries}" if row.carries else title


def size_columns_to_text(
    view: QTableView, model: RecordTableModel[Any], stretch: int, limit: int = 180
) -> None:
    """Give each column the width of its widest text, measured from the model's own texts; the ``stretch``
    column takes the room left, and keeps at least part of it on a narrow screen (``_RoomForTheStretch``).

    Qt's resize-to-contents asks every cell of every column for all its roles after each reset, which costs more
    than the rest of opening a meeting; measuring the strings is a small fraction of it.
    """
    header = view.horizontalHeader()
    cell, head = view.fontMetrics(), header.fontMetrics()
    rows = model.records()
    measured: dict[int, tuple[int, int]] = {}
    for column, spec in enumerate(model.columns):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        title = head.horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal))) + 24
        widest = max((cell.horizontalAdvance(spec.text(row)) for row in rows), default=0) + 16
        least = max(min(limit, title), header.minimumSectionSize())  # Qt gives no section less
        measured[column] = (max(least, min(limit, max(title, widest))), least)
    room = view.findChild(_RoomForTheStretch)
    if room is None:
        room = _RoomForTheStretch(view)
    room.measured = measured
    room.fit()


class _RoomForTheStretch(QObject):
    """Keeps at least ``SHARE`` of a table's width for the column that stretches (an agenda item's title, a
    name): when the other columns' widths would leave it less (a laptop at 125 %, French words), they give room
    in proportion, each down to no less than its heading, their texts elided. Fitted again as the table resizes."""

    SHARE = 0.3  # at 1366 pixels and 100 % the title has this much anyway: the others keep their width

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.measured: dict[int, tuple[int, int]] = {}  # column: (width of its widest text, of its heading)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        spare = self.view.viewport().width() * (1 - self.SHARE)
        at_least: dict[int, int] = {}  # the columns held at their heading's width
        while True:  # the others share what those leave, in proportion to their texts' widths
            free = {c: width for c, (width, _least) in self.measured.items() if c not in at_least}
            wanted = sum(free.values())
            scale = min(1.0, (spare - sum(at_least.values())) / wanted) if wanted > 0 else 1.0
            held = {
                c: self.measured[c][1] for c, width in free.items() if width * scale < self.measured[c][1]
            }
            if not held:
                break
            at_least.update(held)
        header = self.view.horizontalHeader()
        for column, (width, _least) in self.measured.items():
            header.resizeSection(column, at_least.get(column, round(width * scale)))


class AgendaModel(RecordTableModel[ItemRow]):
    """The items in agenda order, movable by drag and drop (the move itself is the editor's core operation)."""

    columns = (
        Column[ItemRow](N_("#"), lambda r: str(r.item.position + 1), lambda r: r.item.position),
        Column[ItemRow](N_("Item"), _title),
        Column[ItemRow](N_("Kind"), lambda r: short_kind(r.item.kind)),
        Column[ItemRow](N_("Presented by"), lambda r: r.presenter),
        Column[ItemRow](
            N_("Time (min)"), lambda r: str(r.item.minutes_allowed), lambda r: r.item.minutes_allowed
        ),
        Column[ItemRow](N_("Who may see it"), _confidentiality),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        #: Moves the item with the id to the index; returns whether it moved. Set by the editor.
        self.mover: Callable[[str, int], bool] | None = None
        self.editable = True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in (0, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 1:
            return self.record(index.row()).carried_titles or None
        return super().data(index, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            mime.setData(MIME_TYPE, QByteArray(self.record(rows[0]).id.encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return self.editable and data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dragged item to where it was dropped: between rows, or onto a row (taking its place)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        item_id = bytes(data.data(MIME_TYPE).data()).decode()
        if row < 0:
            row = parent.row() if parent.isValid() else self.rowCount()
        # False: the move is done by the core and shown by a reload, so the view must remove nothing itself.
        self._move_before(item_id, row)
        return False

    def moveRows(
        self, source_parent: AnyIndex, source_row: int, count: int, destination_parent: AnyIndex, child: int
    ) -> bool:
        if count != 1 or source_parent.isValid() or destination_parent.isValid():
            return False
        if not 0 <= source_row < self.rowCount() or not 0 <= child <= self.rowCount():
            return False
        return self._move_before(self.record(source_row).id, child)

    def _move_before(self, item_id: str, row: int) -> bool:
        """Move ``item_id`` before what is now ``row`` (``rowCount`` for the end)."""
        old = self.row_of(item_id)
        if old < 0 or self.mover is None or not self.editable:
            return False
        new_index = row if row <= old else row - 1
        if new_index == old:
            return False
        return self.mover(item_id, new_index)


class AgendaEditor(QWidget):
    """A meeting's agenda: items in order with a running total against the meeting's length."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaEditor")
        self.context = context
        self._owner_id: str | None = None
        self.model = AgendaModel(self)
        self.model.mover = self.move_item
        self.table = QTableView()
        self.table.setObjectName("agendaTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the agenda; arrows move in it
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setMinimumSize(120, 60)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        # The selected item's street figures, typed here before or after the meeting (a meeting's agenda only).
        self.figures = FiguresPanel(context)

        self.total = QLabel()
        self.total.setObjectName("agendaTotal")
        self.carried_note = QLabel()
        self.carried_note.setObjectName("agendaCarriedNote")
        self.carried_note.setWordWrap(True)
        mute(self.carried_note)
        self.warning = QLabel()
        self.warning.setObjectName("agendaOverrun")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "QLabel#agendaOverrun { background: #b3261e; color: white; font-weight: 600; padding: 4px 8px;"
            " border-radius: 3px; }"
        )
        self.warning.hide()
        self.add_button = button("")
        self.edit_button = button("")
        self.remove_button = button("")
        self.up_button = button("")
        self.down_button = button("")
        self.papers_button = button("")  # a meeting's items only: a usual agenda has no papers
        self.papers_button.clicked.connect(lambda _c=False: self.show_papers())
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))

        # The buttons wrap onto a second line when the agenda is narrow (French on a laptop at 125 %), each
        # keeping its whole label, rather than being squeezed to the middle of their words.
        bar = wrapping_row(
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.papers_button,
        )
        totals = QHBoxLayout()
        totals.addWidget(self.total)
        totals.addWidget(self.warning, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.carried_note)
        layout.addWidget(self.figures)
        layout.addLayout(totals)
        context.changed.connect(self._on_changed)
        self.retranslate()

    # -- what is edited: a meeting's agenda (a subclass edits a forum's usual agenda) ------------------------------
    watched: tuple[type, ...] = (
        AgendaItem,
        Meeting,
        Partner,
        Representative,
        Membership,
        Action,
        ActionReview,
        Escalation,
        EscalationReview,
        Conflict,
        Notice,
        Tabling,
    )

    def set_meeting(self, meeting_id: str | None) -> None:
        """Show the agenda of ``meeting_id`` (or nothing)."""
        self._owner_id = meeting_id
        self.reload()

    def _items(self) -> list[AnyItem]:
        return list(meeting_ops.agenda(self.context.store, self._owner_id)) if self._owner_id else []

    def _length(self) -> int | None:
        meeting = self.context.store.find(Meeting, self._owner_id) if self._owner_id else None
        return meeting.duration_minutes if meeting else None

    def _carried(self) -> Carried | None:
        """What the meeting carries from the registers (a forum's usual agenda carries nothing)."""
        meeting = self.context.store.find(Meeting, self._owner_id) if self._owner_id else None
        return carried(self.context.store, meeting) if meeting is not None else None

    def _new_item(self) -> AnyItem:
        assert self._owner_id is not None
        return AgendaItem(meeting_id=self._owner_id, position=0, title="")

    def _save(self, item: AnyItem) -> Edit:
        assert isinstance(item, AgendaItem)
        return meeting_ops.save_item(self.context.store, item)

    def _remove(self, item_id: str) -> Edit:
        return meeting_ops.remove_item(self.context.store, item_id)

    def _move(self, item_id: str, new_index: int) -> Edit:
        return meeting_ops.move_item(self.context.store, item_id, new_index)

    # -- showing ---------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the items again, keeping the selection."""
        keep = selected_id(self.table)
        items = self._items()
        store = self.context.store
        partners = {p.id: p for p in store.all(Partner, include_archived=True)} if items else {}
        people = (
            {r.id: r for r in store.all(Representative, include_archived=True)}
            if any(getattr(i, "presenter_id", None) for i in items)
            else {}
        )
        rows = []
        found = self._carried()
        for item in items:
            partner = partners.get(item.presenter_partner_id or "")
            presenter = partner.display_name if partner else ""
            person = people.get(getattr(item, "presenter_id", None) or "")
            if person is not None:
                presenter = f"{presenter} · {person.name}" if presenter else person.name
            restricted = ", ".join(
                partners[p].display_name if p in partners else "?" for p in item.restricted_to
            )
            carries, titles = carried_texts(self.context.store, found, item.id) if found else ("", "")
            rows.append(ItemRow(item, presenter, restricted, carries, titles))
        self._show_carried_note(found)
        self.model.editable = self._owner_id is not None and not self.context.read_only
        self.model.reset_records(rows)
        size_columns_to_text(self.table, self.model, stretch=1, limit=130)  # the title takes the room left
        select_id(self.table, keep)
        self._update_total([r.item for r in rows])
        self._update_buttons()

    def _show_carried_note(self, found: Carried | None) -> None:
        if found is None:
            self.carried_note.hide()
            return
        if found.fixed:
            text = _("What the registers put before this meeting was fixed when it started.")
        else:
            text = _(
                "Until the meeting starts, actions, notices, conflicts and escalations follow the registers as "
                "they change; what is there when it starts is kept in its record."
            )
        self.carried_note.setText(text)
        self.carried_note.show()

    def _update_total(self, items: Sequence[AnyItem]) -> None:
        length = self._length()
        if self._owner_id is None or length is None:
            self.total.setText("")
            self.warning.hide()
            return
        planned = sum(i.minutes_allowed for i in items)
        self.total.setText(
            ngettext(
                "Planned: {planned} of {length} minute", "Planned: {planned} of {length} minutes", length
            ).format(planned=planned, length=length)
        )
        over = planned - length
        if over > 0:
            self.warning.setText(
                ngettext(
                    "The agenda runs {over} minute over the meeting's {length}: shorten items or move one to "
                    "the next meeting.",
                    "The agenda runs {over} minutes over the meeting's {length}: shorten items or move one to "
                    "the next meeting.",
                    over,
                ).format(over=over, length=duration_text(length))
            )
            self.warning.show()
        else:
            self.warning.hide()

    def _on_changed(self, changes: Changes) -> None:
        if self._owner_id is not None and any(changes.touches(kind) for kind in self.watched):
            self.reload()

    def _update_buttons(self) -> None:
        writable = self.model.editable
        row = self.selected_row()
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and row >= 0)
        self.remove_button.setEnabled(writable and row >= 0)
        self.up_button.setEnabled(writable and row > 0)
        self.down_button.setEnabled(writable and 0 <= row < self.model.rowCount() - 1)
        item = self.model.record(row).item if row >= 0 else None
        self.papers_button.setEnabled(isinstance(item, AgendaItem))
        meeting = self.context.store.find(Meeting, item.meeting_id) if isinstance(item, AgendaItem) else None
        self.figures.show_item(meeting, item if meeting and isinstance(item, AgendaItem) else None)

    def selected_row(self) -> int:
        """The selected row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select ``row`` (for the keyboard and tests)."""
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    # -- keyboard ----------------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key == Qt.Key.Key_Up:
            self.move_selected(-1)
        elif ctrl and key == Qt.Key.Key_Down:
            self.move_selected(+1)
        elif key == Qt.Key.Key_Insert:
            self.add_item()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):  # a Mac keyboard's "delete" is Backspace
            self.remove_item()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_item()
        else:
            return False
        return True

    # -- editing -----------------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> bool:
        return bool(self.context.apply(self, make))  # mypy sees facilitator.ui.* as Any

    def _dialog(self, item: AnyItem, submit: Submit, *, new: bool) -> None:
        store = self.context.store
        partners = by_name(store.all(Partner))
        people = by_name(store.all(Representative))
        ItemDialog(self, item, partners, people, submit, new=new).exec()

    def add_item(self) -> None:
        """Ask for a new item and put it after the selected one (at the end when none is selected)."""
        if not self.model.editable:
            return
        after = self.selected_row()
        created: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, AgendaItem | UsualItem)
            edit = self._save(record)
            stack = self.context.undo_stack
            # One user action, one undo step: adding and placing the item are undone together.
            stack.beginMacro(edit.text)
            try:
                self.context.run(edit)
                if 0 <= after < self.model.rowCount() - 2:
                    self.context.run(self._move(record.id, after + 1))
            finally:
                stack.endMacro()
            created.append(record.id)

        self._dialog(self._new_item(), submit, new=True)
        if created:
            select_id(self.table, created[0])

    def edit_item(self) -> None:
        """Edit the selected item."""
        row = self.selected_row()
        if row < 0 or not self.model.editable:
            return
        item = self.model.record(row).item

        def submit(record: object) -> None:
            assert isinstance(record, AgendaItem | UsualItem)
            self.context.run(self._save(record))

        self._dialog(item, submit, new=False)

    def remove_item(self) -> None:
        """Take the selected item off the agenda (undo brings it back)."""
        row = self.selected_row()
        if row < 0 or not self.model.editable:
            return
        item_id = self.model.record(row).id
        if self._run(lambda: self._remove(item_id)) and self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))

    def show_papers(self) -> QDialog | None:
        """The papers of the selected item: listed, added, saved and removed (``ui.papers_dialog``)."""
        row = self.selected_row()
        item = self.model.record(row).item if row >= 0 else None
        if not isinstance(item, AgendaItem):
            return None
        from facilitator.ui.papers_dialog import PapersDialog  # noqa: PLC0415 - opened on demand

        dialog: QDialog = PapersDialog(self.context, item, self)
        dialog.exec()
        return dialog

    def move_selected(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        row = self.selected_row()
        if row < 0 or not 0 <= row + step < self.model.rowCount():
            return
        self.move_item(self.model.record(row).id, row + step)

    def move_item(self, item_id: str, new_index: int) -> bool:
        """Put the item at ``new_index`` (the core renumbers the others) and keep it selected."""
        if not self.model.editable:
            return False
        moved = self._run(lambda: self._move(item_id, new_index))
        select_id(self.table, item_id)
        return moved

    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.table.setAccessibleName(_("Agenda"))  # spoken by screen readers
        self.add_button.setText(_("Add item…"))
        self.add_button.setToolTip(_("Insert key"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Enter key or double click"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Delete key"))
        self.up_button.setText(_("Move up"))
        self.up_button.setToolTip(_("{keys}, or drag the item").format(keys=key_name("Ctrl+Up")))
        self.down_button.setText(_("Move down"))
        self.down_button.setToolTip(_("{keys}, or drag the item").format(keys=key_name("Ctrl+Down")))
        self.papers_button.setText(_("Papers…"))
        self.papers_button.setToolTip(_("Files for this item: briefings, maps, reports"))
        self.figures.retranslate()
        self.model.retranslate()
        self.reload()


class UsualAgendaEditor(AgendaEditor):
    """A forum's usual agenda, copied into each new meeting between the standing items."""

    watched = (UsualItem, Forum, Partner)

    def set_forum(self, forum_id: str | None) -> None:
        """Show the usual agenda of ``forum_id`` (or nothing)."""
        self.papers_button.hide()
        self.set_meeting(forum_id)

    def _items(self) -> list[AnyItem]:
        return list(meeting_ops.usual_agenda(self.context.store, self._owner_id)) if self._owner_id else []

    def _length(self) -> int | None:
        forum = self.context.store.find(Forum, self._owner_id) if self._owner_id else None
        return forum.usual_duration_minutes if forum else None

    def _carried(self) -> Carried | None:
        return None

    def _new_item(self) -> AnyItem:
        assert self._owner_id is not None
        return UsualItem(forum_id=self._owner_id, position=0, title="")

    def _save(self, item: AnyItem) -> Edit:
        assert isinstance(item, UsualItem)
        return meeting_ops.save_usual_item(self.context.store, item)

    def _remove(self, item_id: str) -> Edit:
        return meeting_ops.remove_usual_item(self.context.store, item_id)

    def _move(self, item_id: str, new_index: int) -> Edit:
        return meeting_ops.move_usual_item(self.context.store, item_id, new_index)


class CopyAgendaDialog(RecordDialog):
    """Choose the forum whose usual agenda this forum's becomes a copy of."""

    def __init__(self, parent: QWidget | None, forum: Forum, others: Sequence[Forum], submit: Submit) -> None:
        super().__init__(parent, _("Copy a usual agenda to {forum}").format(forum=forum.name), submit)
        self.source = QComboBox()
        for other in others:
            self.source.addItem(other.name, other.id)
        self.add_row("forum_id", _("Copy from:"), self.source)
        note = _(
            "The items of this forum's usual agenda are replaced by a copy (Edit → Undo brings them back)."
        )
        if forum.tier is Tier.PUBLIC:
            note += " " + _(
                "A public forum takes none of the partners-only items (review of actions, notices, conflicts, "
                "escalations); add one by hand if this meeting really needs it."
            )
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.form.addRow(self.note)

    def record(self) -> object:
        """The forum chosen to copy from."""
        return self.source.currentData()


class UsualAgendaDialog(ForumListDialog):
    """The usual agenda of one forum, edited in place (every change is saved and undoable at once)."""

    def __init__(self, context: AppContext, forum: Forum, parent: QWidget | None = None) -> None:
        super().__init__(context, forum, USUAL_AGENDA_WORDS, size=(900, 520), parent=parent)
        self.editor = UsualAgendaEditor(context, self)
        self.editor.set_forum(forum.id)
        self.copy_button = button(_("Copy from another forum…"))
        self.copy_button.clicked.connect(self.copy_from_another)
        others = [f for f in context.store.all(Forum) if f.id != forum.id]
        self.copy_button.setEnabled(bool(others) and not context.read_only)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.editor, 1)
        layout.addLayout(row)

    def copy_from_another(self) -> None:
        """Replace this forum's usual agenda by a copy of another forum's."""
        store = self.context.store
        others = by_name(f for f in store.all(Forum) if f.id != self.forum.id)

        def submit(source_id: object) -> None:
            self.context.run(meeting_ops.copy_usual_agenda(store, str(source_id), self.forum.id))

        CopyAgendaDialog(self, self.forum, others, submit).exec()
