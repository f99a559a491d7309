"""What the live view shows under the standing items that registers fill: the actions tabled for review (with
a way to record each one's update at this meeting) and the escalations received or reported back.

Both show what the meeting carries (``facilitator.carried``): what the registers put before it until it starts,
then what was fixed when it started (``ActionReview``, ``EscalationReview``), never the registers' state later.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QStackedWidget, QVBoxLayout, QWidget

from facilitator import clock, i18n
from facilitator.actions import (
    Action,
    ActionOverride,
    ActionReview,
    ActionUpdate,
    open_prerequisites,
    record_update,
    save_action,
)
from facilitator.carried import carried
from facilitator.entities import Partner, Representative, forum_names, partner_names
from facilitator.errors import KnownError
from facilitator.escalation import Direction, Escalation, EscalationReview
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import AgendaItem, ItemKind, Meeting
from facilitator.operations import Changes
from facilitator.store import Store
from facilitator.ui.action_dialogs import (
    ActionChoice,
    ActionDialog,
    HistoryDialog,
    UpdateChoice,
    UpdateDialog,
    forum_partners,
    meeting_label,
    show_history,
    update_text,
)
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.models import Column, RecordTableModel
from facilitator.ui.widgets import button, fit_columns, record_table, select_id, selected_id, wrap_headers

SHOWN_KINDS = (
    Action,
    ActionReview,
    ActionUpdate,
    ActionOverride,
    Escalation,
    EscalationReview,
    Partner,
    Representative,
)


@frozen
class TabledAction:
    """An action as it was tabled at the meeting, and what was said about it there."""

    review: ActionReview
    action: Action
    owner: str
    carried: int
    update: ActionUpdate | None

    @property
    def id(self) -> str:
        """The action's id."""
        return self.action.id


def _due(day: dt.date | None) -> str:
    return i18n.active().format_date(day) if day else "—"


class TabledActionsModel(RecordTableModel[TabledAction]):
    """The actions under review at one meeting, in the order they were tabled."""

    columns = (
        Column[TabledAction](N_("Partner"), lambda t: t.owner),
        Column[TabledAction](N_("Action"), lambda t: t.action.title),
        Column[TabledAction](N_("Status then"), lambda t: t.review.status_then.label),
        Column[TabledAction](N_("Due then"), lambda t: _due(t.review.due_then)),
        Column[TabledAction](N_("Carried"), lambda t: i18n.active().format_number(t.carried)),
        Column[TabledAction](N_("Update at this meeting"), lambda t: update_text(t.update, held=False)),
    )


@frozen
class TabledEscalation:
    """An escalation received by the meeting, or an answer reported back to it."""

    review: EscalationReview
    escalation: Escalation
    other_forum: str

    @property
    def id(self) -> str:
        """The escalation's id."""
        return self.escalation.id


class TabledEscalationsModel(RecordTableModel[TabledEscalation]):
    """Escalations tabled at one meeting."""

    columns = (
        Column[TabledEscalation](N_("Kind"), lambda t: t.review.direction.label),
        Column[TabledEscalation](N_("Subject"), lambda t: t.escalation.subject_title),
        Column[TabledEscalation](N_("Forum"), lambda t: t.other_forum),
        Column[TabledEscalation](
            N_("Reason or answer"),
            lambda t: " ".join(
                (
                    t.escalation.reason
                    if t.review.direction is Direction.INCOMING
                    else t.review.response_then
                ).split()
            ),
        ),
    )


class TabledPanel(QWidget):
    """Under "review of actions": the tabled actions and their updates; under report back: the escalations."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tabledPanel")
        self.context = context
        self._shown: tuple[str | None, str | None] = (None, None)
        self._meeting: Meeting | None = None
        self._kind: ItemKind | None = None
        self.heading = QLabel()
        self.heading.setObjectName("liveHeading")
        self.action_rows = TabledActionsModel(self)
        self.actions_table = record_table(self.action_rows)
        self.actions_table.setObjectName("tabledActions")
        self.actions_table.setSortingEnabled(False)  # the order they were tabled in: by partner, oldest first
        self.actions_table.doubleClicked.connect(lambda _i: self.record_update())
        self.actions_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.escalation_rows = TabledEscalationsModel(self)
        self.escalations_table = record_table(self.escalation_rows)
        self.escalations_table.setObjectName("tabledEscalations")
        self.escalations_table.setSortingEnabled(False)
        self.escalations_table.setWordWrap(True)
        self.update_button = button("")
        self.history_button = button("")
        self.update_button.clicked.connect(self.record_update)
        self.history_button.clicked.connect(lambda _c=False: self.show_history())
        actions_page = QWidget()
        page = QVBoxLayout(actions_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.actions_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.update_button)
        row.addWidget(self.history_button)
        row.addStretch(1)
        page.addLayout(row)
        self.pages = QStackedWidget()
        self.pages.addWidget(actions_page)
        self.pages.addWidget(self.escalations_table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        # Read from the back of the room like the rest of the live view; at least three rows, then the table
        # scrolls by itself (the live view has no page scroll bar: chair mode fits 1280 x 720).
        self.setStyleSheet("QTableView { font-size: 12pt; }")
        self.setMinimumHeight(130)
        for table in (self.actions_table, self.escalations_table):
            # The columns share the width (long texts elided, whole in the tooltip), so no header is cut by a
            # sideways scroll.
            wrap_headers(table)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        context.changed.connect(self._on_changed)
        self.retranslate()
        self.hide()

    def show_item(self, meeting: Meeting | None, item: AgendaItem | None) -> None:
        """Show what was tabled under ``item`` (hidden unless it is a review of actions or report back)."""
        wanted = (
            item
            if item is not None and item.kind in (ItemKind.REVIEW_OF_ACTIONS, ItemKind.REPORT_BACK)
            else None
        )
        key = (meeting.id if meeting and wanted else None, wanted.id if wanted else None)
        self._meeting = meeting if wanted else None
        if key == self._shown:
            return
        self._shown = key
        self._kind = wanted.kind if wanted else None
        self.reload()

    def reload(self) -> None:
        """Read what was tabled again (an update was recorded, an undo)."""
        meeting_id, item_id = self._shown
        if meeting_id is None or item_id is None:
            self.action_rows.reset_records([])
            self.escalation_rows.reset_records([])
            self.hide()
            return
        if self._kind is ItemKind.REVIEW_OF_ACTIONS:
            keep = selected_id(self.actions_table)
            self.action_rows.reset_records(tabled_actions(self.context.store, meeting_id, item_id))
            self.pages.setCurrentIndex(0)
            fit_columns(self.actions_table, 260)
            select_id(self.actions_table, keep)
        else:
            self.escalation_rows.reset_records(tabled_escalations(self.context.store, meeting_id, item_id))
            self.pages.setCurrentIndex(1)
            fit_columns(self.escalations_table, 200)  # the reason or answer takes the rest
            self.escalations_table.resizeRowsToContents()
        self._show_heading()
        self._update_buttons()
        self.show()

    def _show_heading(self) -> None:
        if self._kind is ItemKind.REVIEW_OF_ACTIONS:
            n = self.action_rows.rowCount()
            text = i18n.ngettext("{n} action to review", "{n} actions to review", n).format(n=n)
        else:
            n = self.escalation_rows.rowCount()
            text = i18n.ngettext("{n} escalation or answer", "{n} escalations or answers", n).format(n=n)
        self.heading.setText(text)

    def _on_changed(self, changes: Changes) -> None:
        if self._shown[0] is not None and any(changes.touches(kind) for kind in SHOWN_KINDS):
            self.reload()

    def _update_buttons(self) -> None:
        chosen = selected_id(self.actions_table) is not None
        self.update_button.setEnabled(chosen and not self.context.read_only)
        self.history_button.setEnabled(chosen)

    def select_action(self, action_id: str) -> None:
        """Select a tabled action."""
        select_id(self.actions_table, action_id)

    def record_update(self) -> None:
        """Record what was said about the selected action at this meeting."""
        action_id, meeting_id = selected_id(self.actions_table), self._shown[0]
        if action_id is None or meeting_id is None or self.context.read_only:
            return
        store = self.context.store
        action = store.get(Action, action_id)
        meeting = store.get(Meeting, meeting_id)
        existing = next(
            (u for u in store.where(ActionUpdate, {"action_id": action_id}) if u.meeting_id == meeting_id),
            None,
        )
        names = forum_names(store)

        def submit(choice: object) -> None:
            assert isinstance(choice, UpdateChoice)
            self.context.run(
                record_update(
                    store,
                    action_id,
                    meeting_id,
                    choice.note,
                    new_status=choice.new_status,
                    new_due=choice.new_due,
                    today=clock.today(),
                    override_reason=choice.override_reason,
                )
            )

        waiting = open_prerequisites(store, action)
        UpdateDialog(self, action, meeting_label(meeting, names), existing, submit, waiting=waiting).exec()

    def show_history(self) -> HistoryDialog | None:
        """The selected action's history, meeting by meeting."""
        action_id = selected_id(self.actions_table)
        if action_id is None:
            return None
        return show_history(self, self.context.store, action_id)

    def retranslate(self) -> None:
        """Show the labels in the current language."""
        self.update_button.setText(_("Record update…"))
        self.history_button.setText(_("History…"))
        self.action_rows.retranslate()
        self.escalation_rows.retranslate()
        if self._shown[0] is not None:
            self._show_heading()


def tabled_actions(store: Store, meeting_id: str, item_id: str) -> list[TabledAction]:
    """The actions tabled under an item, in their order, with the update given at the meeting."""
    reviews = [r for r in carried(store, meeting_id).actions if r.item_id == item_id]
    updates = {u.action_id: u for u in store.where(ActionUpdate, {"meeting_id": meeting_id})}
    partners = partner_names(store, short=True)
    people = {r.id: r.name for r in store.all(Representative, include_archived=True)}
    found = []
    for review in reviews:
        action = store.find(Action, review.action_id)
        if action is None:
            continue
        # Meetings it was reviewed at once they started, and this one if it has not started yet.
        fixed = store.where(ActionReview, {"action_id": action.id})
        times = len(fixed) + (0 if any(r.id == review.id for r in fixed) else 1)
        person = people.get(action.owner_person_id or "", "")
        owner = partners.get(action.owner_partner_id, "")
        found.append(
            TabledAction(
                review, action, f"{owner} ({person})" if person else owner, times, updates.get(action.id)
            )
        )
    return found


def tabled_escalations(store: Store, meeting_id: str, item_id: str) -> list[TabledEscalation]:
    """Escalations received by the meeting and answers reported back to it."""
    names = forum_names(store)
    found = []
    for review in carried(store, meeting_id).escalations:
        if review.item_id != item_id:
            continue
        escalation = store.find(Escalation, review.escalation_id)
        if escalation is None:
            continue
        other = escalation.from_forum_id if review.direction is Direction.INCOMING else escalation.to_forum_id
        found.append(TabledEscalation(review, escalation, names.get(other, "")))
    return found


def new_action_at(parent: QWidget, context: AppContext, meeting: Meeting, item: AgendaItem) -> list[str]:
    """Ask for an action agreed on ``item``: followed up by the meeting's forum, owned by one of its members."""
    store = context.store
    made: list[str] = []

    def submit(record: object) -> None:
        assert isinstance(record, ActionChoice)
        context.run(save_action(store, record.action, override_reason=record.override_reason))
        made.append(record.action.id)

    try:
        ActionDialog(
            parent,
            store,
            None,
            submit,
            forum_id=meeting.forum_id,
            partners=forum_partners(store, meeting.forum_id),
            origin=(meeting.id, item.id),
        ).exec()
    except KnownError as error:
        tell(parent, error, _("Not changed"))
    return made
