"""The escalations register: what went up from one forum to another, whether it was answered, and the answer.

The rules (what is tabled where, when an escalation may be closed) are in ``facilitator.escalation``; this
screen shows the register, the subject's history, and starts answering and closing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.actions import Action, ActionReview, ActionUpdate, history
from facilitator.conflicts import Conflict, ConflictStep, timeline
from facilitator.entities import Forum
from facilitator.escalation import (
    Direction,
    Escalation,
    EscalationReview,
    EscalationStatus,
    answer_escalation,
    close_escalation,
    escalations,
)
from facilitator.i18n import N_, _
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import AgendaItem, Meeting
from facilitator.operations import Changes, Edit
from facilitator.ui.action_dialogs import AnswerDialog, history_lines, meeting_label
from facilitator.ui.context import AppContext
from facilitator.ui.empty_state import EmptyState, elsewhere
from facilitator.ui.models import AnyIndex, Column, RecordTableModel, SearchProxy
from facilitator.ui.widgets import (
    button,
    elide_choices,
    fit_columns,
    labelled,
    record_table,
    select_id,
    selected_id,
    wrap_title,
    wrapping_row,
)

SHOWN_KINDS = (Escalation, EscalationReview, Forum, Action, ActionReview, ActionUpdate, Meeting, Conflict)
SUBJECT_KINDS = {
    "actions": N_("Action"),
    "conflicts": N_("Conflict"),
    "agenda_items": N_("Agenda item"),
}


@dataclass(frozen=True)
class EscalationRow:
    """An escalation with its forums' names."""

    escalation: Escalation
    from_forum: str
    to_forum: str

    @property
    def id(self) -> str:
        """The escalation's id."""
        return self.escalation.id


def _date(day: dt.date | None) -> str:
    return i18n.active().format_date(day) if day else ""


STATUS_ORDER = {status: number for number, status in enumerate(EscalationStatus)}


class EscalationsModel(RecordTableModel[EscalationRow]):
    """Every escalation, oldest first."""

    columns = (
        Column[EscalationRow](N_("Subject"), lambda r: r.escalation.subject_title),
        Column[EscalationRow](
            N_("Status"), lambda r: r.escalation.status.label, lambda r: STATUS_ORDER[r.escalation.status]
        ),
        Column[EscalationRow](N_("From"), lambda r: r.from_forum),
        Column[EscalationRow](N_("To"), lambda r: r.to_forum),
        Column[EscalationRow](
            N_("Raised on"), lambda r: _date(r.escalation.raised_on), lambda r: r.escalation.raised_on
        ),
        Column[EscalationRow](
            N_("Answered on"),
            lambda r: _date(r.escalation.answered_on),
            lambda r: r.escalation.answered_on or dt.date.max,
        ),
        Column[EscalationRow](N_("Answer"), lambda r: " ".join(r.escalation.response.split())),
    )


class EscalationsProxy(SearchProxy):
    """Keeps the escalations of one forum (sent or received) and of one status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.forum_id: str | None = None
        self.status: EscalationStatus | None = None

    def set_filter(self, forum_id: str | None, status: EscalationStatus | None) -> None:
        """Show only escalations from or to ``forum_id``, with ``status`` (None: any)."""
        self.beginFilterChange()
        self.forum_id, self.status = forum_id, status
        self.endFilterChange(SearchProxy.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if isinstance(model, EscalationsModel):
            e = model.record(source_row).escalation
            if self.forum_id and self.forum_id not in (e.from_forum_id, e.to_forum_id):
                return False
            if self.status is not None and e.status is not self.status:
                return False
        return bool(super().filterAcceptsRow(source_row, source_parent))


class EscalationsScreen(QWidget):
    """The escalations register with the chosen one's history beside it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationsScreen")
        self.context = context
        self._stale = True
        self._closed = False
        self._fitted = False

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.forum_label, self.forum = QLabel(), QComboBox()
        self.status_label, self.status = QLabel(), QComboBox()
        self.forum.setObjectName("escalationForumFilter")
        elide_choices(self.forum)
        self.status.setObjectName("escalationStatusFilter")
        self.status.addItem("", None)
        for status in EscalationStatus:
            self.status.addItem("", status)
        for label, box in ((self.forum_label, self.forum), (self.status_label, self.status)):
            label.setBuddy(box)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.model = EscalationsModel(self)
        self.proxy = EscalationsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_table(self.proxy)
        self.table.setObjectName("escalationsTable")
        self.empty_state = EmptyState(
            self.table,
            N_(
                "No escalations. An escalation takes an action or a conflict that is stuck to the forum above: "
                "escalate one from the Actions or Conflicts screen."
            ),
            N_("Open the actions"),
            elsewhere(self, "actions", ""),
            clear_filters=self.clear_filters,
        )
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # raised on
        self.table.doubleClicked.connect(lambda _i: self.answer())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_moved())

        self.detail_title = QLabel()
        self.detail_title.setObjectName("sectionTitle")
        wrap_title(self.detail_title)
        self.detail = QTextBrowser()
        self.detail.setObjectName("escalationDetail")
        self.detail.setOpenLinks(False)
        self.answer_button = button("")
        self.close_button = button("")
        self.answer_button.clicked.connect(self.answer)
        self.close_button.clicked.connect(self.close_selected)

        filters = wrapping_row(
            labelled(self.forum_label, self.forum), labelled(self.status_label, self.status), spacing=12
        )
        buttons = wrapping_row(self.answer_button, self.close_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.detail, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)

        context.changed.connect(self._on_changed)
        context.closing.connect(self._file_closing)
        self.retranslate()
        self._fill_forums()
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------------------
    def _forum_names(self) -> dict[str, str]:
        return {f.id: f.name for f in self.context.store.all(Forum, include_archived=True)}

    def _fill_forums(self) -> None:
        keep = self.forum.currentData()
        self.forum.blockSignals(True)
        self.forum.clear()
        self.forum.addItem(_("All forums"), None)
        for forum in sorted(self.context.store.all(Forum), key=lambda f: f.name.casefold()):
            self.forum.addItem(forum.name, forum.id)
        self.forum.setCurrentIndex(max(0, self.forum.findData(keep)) if keep else 0)
        self.forum.blockSignals(False)

    def reload(self) -> None:
        """Read the escalations again, keeping the selection."""
        keep = selected_id(self.table)
        names = self._forum_names()
        rows = [
            EscalationRow(e, names.get(e.from_forum_id, ""), names.get(e.to_forum_id, ""))
            for e in escalations(self.context.store)
        ]
        self.model.reset_records(rows)
        self._stale = False
        if rows and not self._fitted:
            fit_columns(self.table, 240)
            header = self.table.horizontalHeader()
            for column in (2, 3):  # the forums' names
                header.resizeSection(column, min(header.sectionSize(column), 170))
            self._fitted = True
        select_id(self.table, keep)
        self._selection_moved()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Forum):
            self._fill_forums()
        if any(changes.touches(kind) for kind in SHOWN_KINDS) or changes.touches(ConflictStep):
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def _file_closing(self) -> None:
        self._closed = True  # screens are shown one last time while the window takes them down

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._closed:
            self.reload()

    def apply_filter(self) -> None:
        """Show the escalations of the chosen forum and status."""
        code = self.status.currentData()  # Qt hands enum members back as their string values
        self.proxy.set_filter(self.forum.currentData(), EscalationStatus(code) if code else None)
        self._selection_moved()

    def clear_filters(self) -> None:
        """Show every escalation: any forum, any status."""
        self.forum.setCurrentIndex(0)
        self.status.setCurrentIndex(0)

    def current(self) -> Escalation | None:
        """The escalation selected, as stored now."""
        chosen = selected_id(self.table)
        return self.context.store.find(Escalation, chosen) if chosen else None

    def select(self, escalation_id: str) -> None:
        """Select an escalation (when it is shown)."""
        select_id(self.table, escalation_id)

    def _selection_moved(self) -> None:
        escalation = self.current()
        writable = not self.context.read_only
        self.answer_button.setEnabled(
            writable and escalation is not None and escalation.status is not EscalationStatus.CLOSED
        )
        self.close_button.setEnabled(
            writable and escalation is not None and escalation.status is EscalationStatus.ANSWERED
        )
        self.detail.setHtml(self.detail_html(escalation) if escalation else "")
        self.detail_title.setText(_("Choose an escalation to see its history.") if escalation is None else "")
        self.detail_title.setVisible(escalation is None)

    # -- the detail ------------------------------------------------------------------------------------------------
    def detail_html(self, e: Escalation) -> str:
        """The escalation and its subject's history, as the detail panel shows it."""
        store = self.context.store
        names = self._forum_names()
        kind = _(SUBJECT_KINDS.get(e.subject_kind, N_("Agenda item")))
        parts = [f"<h3>{escape(e.subject_title)}</h3>"]
        facts = _("{kind} escalated from {source} to {target} on {date}.").format(
            kind=kind,
            source=names.get(e.from_forum_id, ""),
            target=names.get(e.to_forum_id, ""),
            date=_date(e.raised_on),
        )
        parts.append(f"<p>{escape(facts)}</p>")
        parts.append(f"<p><b>{escape(_('Reason:'))}</b> {_lines(e.reason)}</p>")
        if e.response:
            answered = _("Answer of {date}:").format(date=_date(e.answered_on))
            parts.append(f"<p><b>{escape(answered)}</b> {_lines(e.response)}</p>")
        else:
            parts.append(f"<p><i>{escape(_('Not answered yet.'))}</i></p>")
        tabled = sorted(
            (
                (meeting, review)
                for review in store.where(EscalationReview, {"escalation_id": e.id})
                if (meeting := store.find(Meeting, review.meeting_id)) is not None
            ),
            key=lambda mr: mr[0].starts_at,
        )
        if tabled:
            parts.append(f"<h4>{escape(_('On the agenda'))}</h4><ul>")
            for meeting, review in tabled:
                how = (
                    _("received for an answer")
                    if review.direction is Direction.INCOMING
                    else _("answer reported back")
                )
                parts.append(f"<li>{escape(meeting_label(meeting, names))}: {escape(how)}</li>")
            parts.append("</ul>")
        parts += self._subject_history(e, names)
        return "".join(parts)

    def _subject_history(self, e: Escalation, names: dict[str, str]) -> list[str]:
        store = self.context.store
        parts = [f"<h4>{escape(_('History of the subject'))}</h4>"]
        if e.subject_kind == "actions":
            action = store.find(Action, e.subject_id)
            if action is None:
                return []
            lines = history_lines(history(store, action.id), names)
            due = _date(action.due) or "—"
            now = _("Now: {status}, due {date}.").format(status=action.status.label, date=due)
            parts.append(f"<p>{escape(now)}</p>")
            if not lines:
                parts.append(f"<p><i>{escape(_('Not tabled at any meeting yet.'))}</i></p>")
            parts.append("<ul>")
            for line in lines:
                text = f"{line.meeting} — {line.status_then}: {line.said}"
                parts.append(f"<li>{escape(text)}</li>")
            parts.append("</ul>")
        elif e.subject_kind == "conflicts":
            conflict = store.find(Conflict, e.subject_id)
            if conflict is None:
                return []
            parts.append("<ul>")
            for step in timeline(store, conflict.id):
                text = f"{_date(step.on)} — {step.stage.label}"
                if step.note:
                    text += f": {step.note}"
                parts.append(f"<li>{escape(text)}</li>")
            parts.append("</ul>")
        else:
            item = store.find(AgendaItem, e.subject_id)
            meeting = store.find(Meeting, item.meeting_id) if item else None
            if item is None or meeting is None:
                return []
            where = _("On the agenda of {meeting}.").format(meeting=meeting_label(meeting, names))
            parts.append(f"<p>{escape(where)}</p>")
            if item.notes.strip():
                parts.append(f"<p>{_lines(item.notes)}</p>")
        return parts

    # -- operations ---------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> bool:
        return bool(self.context.apply(self, make))  # mypy sees facilitator.ui.* as Any

    def answer(self) -> None:
        """Record the target forum's answer, perhaps at one of its meetings."""
        escalation = self.current()
        if escalation is None or self.context.read_only or escalation.status is EscalationStatus.CLOSED:
            return
        store = self.context.store
        names = self._forum_names()
        meetings = meetings_of(store, escalation.to_forum_id)
        tabled_at = {
            r.meeting_id
            for r in store.where(EscalationReview, {"escalation_id": escalation.id})
            if r.direction is Direction.INCOMING
        }
        default = escalation.answered_at_meeting_id or next(
            (m.id for m in reversed(meetings) if m.id in tabled_at), None
        )
        choices = [(m.id, meeting_label(m, names)) for m in reversed(meetings)]

        def submit(choice: object) -> None:
            assert isinstance(choice, tuple)
            response, meeting_id = choice
            self.context.run(answer_escalation(store, escalation.id, response, clock.today(), meeting_id))

        AnswerDialog(
            self, escalation.subject_title, choices, submit, response=escalation.response, meeting_id=default
        ).exec()

    def close_selected(self) -> None:
        """Close an answered escalation once the origin forum has heard the answer."""
        escalation = self.current()
        if escalation is None or self.context.read_only:
            return
        self._run(lambda: close_escalation(self.context.store, escalation.id))

    # -- language ---------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Show every label in the current language."""
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Escalations"))
        self.detail.setAccessibleName(_("Escalation in detail"))
        self.title.setText(_("Escalations"))
        self.forum_label.setText(_("&Forum:"))
        self.status_label.setText(_("&Status:"))
        self.status.setItemText(0, _("Any status"))
        for row, status in enumerate(EscalationStatus, start=1):
            self.status.setItemText(row, status.label)
        if self.forum.count():
            self.forum.setItemText(0, _("All forums"))
        self.answer_button.setText(_("Answer…"))
        self.close_button.setText(_("Close escalation"))
        self.empty_state.refresh()
        self.model.retranslate()
        self._selection_moved()


def _lines(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.strip().splitlines())
