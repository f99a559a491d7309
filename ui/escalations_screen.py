"""The escalations register: what went up from one forum to another, whether it was answered, and the answer.

The rules (what is tabled where, when an escalation may be closed) are in ``facilitator.escalation``; this
screen shows the register, the subject's history, and starts answering and closing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock
from facilitator.actions import Action, ActionReview, ActionUpdate, history
from facilitator.conflicts import Conflict, ConflictStep, timeline
from facilitator.entities import Forum, by_name, forum_names
from facilitator.escalation import (
    Direction,
    Escalation,
    EscalationReview,
    EscalationStatus,
    answer_escalation,
    close_escalation,
    escalations,
)
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import AgendaItem, Meeting
from facilitator.operations import Edit
from facilitator.ui.action_dialogs import AnswerDialog, history_lines, meeting_label
from facilitator.ui.context import AppContext
from facilitator.ui.empty_state import elsewhere
from facilitator.ui.models import Column, RecordTableModel
from facilitator.ui.register_screen import Choice, RegisterProxy, RegisterScreen, date_text
from facilitator.ui.widgets import (
    elide_choices,
    wrap_title,
    wrapping_row,
)

SHOWN_KINDS = (Escalation, EscalationReview, Forum, Action, ActionReview, ActionUpdate, Meeting, Conflict)
SUBJECT_KINDS = {
    "actions": N_("Action"),
    "conflicts": N_("Conflict"),
    "agenda_items": N_("Agenda item"),
}


@frozen
class EscalationRow:
    """An escalation with its forums' names."""

    escalation: Escalation
    from_forum: str
    to_forum: str

    @property
    def id(self) -> str:
        """The escalation's id."""
        return self.escalation.id


def _day(day: dt.date | None) -> str:
    text: str = date_text(day, "")  # an escalation not answered yet shows nothing, not a dash
    return text


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
            N_("Raised on"), lambda r: _day(r.escalation.raised_on), lambda r: r.escalation.raised_on
        ),
        Column[EscalationRow](
            N_("Answered on"),
            lambda r: _day(r.escalation.answered_on),
            lambda r: r.escalation.answered_on or dt.date.max,
        ),
        Column[EscalationRow](N_("Answer"), lambda r: " ".join(r.escalation.response.split())),
    )


class EscalationsScreen(RegisterScreen[Escalation]):
    """The escalations register with the chosen one's history beside it."""

    record_kind = Escalation
    shown_kinds = frozenset({*SHOWN_KINDS, ConflictStep})
    lazy = True
    fit_limit = 240
    narrow_columns = (2, 3)  # the forums' names
    narrow_width = 170

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "escalationsScreen", parent)
        self.forum_label, self.forum = self.choice_filter("escalationForumFilter")
        self.status_label, self.status = self.choice_filter("escalationStatusFilter")
        elide_choices(self.forum)
        self.status.addItem("", None)
        for status in EscalationStatus:
            self.status.addItem("", status)
        for box in (self.forum, self.status):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_table(
            EscalationsModel(self),
            RegisterProxy(self),
            "escalationsTable",
            sort=(4, Qt.SortOrder.AscendingOrder),  # raised on
            open_record=self.answer,
            what=N_(
                "No escalations. An escalation takes an action or a conflict that is stuck to the forum above: "
                "escalate one from the Actions or Conflicts screen."
            ),
            first_step=N_("Open the actions"),
            do_first=elsewhere(self, "actions", ""),
            writes=False,
        )

        self.detail_title = QLabel()
        self.detail_title.setObjectName("sectionTitle")
        wrap_title(self.detail_title)
        self.detail = QTextBrowser()
        self.detail.setObjectName("escalationDetail")
        self.detail.setOpenLinks(False)
        self.answer_button = self.command(N_("Answer…"), self.answer)
        self.close_button = self.command(N_("Close escalation"), self.close_selected)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.detail, 1)
        self.lay_out(
            [self.filter_row(spacing=12)],
            [wrapping_row(self.answer_button, self.close_button)],
            right,
            across=True,
            stretch=(3, 2),
            collapsible=False,
        )
        self.start()

    # -- reading ---------------------------------------------------------------------------------------------------
    def read(self) -> None:
        """Read the escalations from the file."""
        names = forum_names(self.context.store)
        self.model.reset_records(
            [
                EscalationRow(e, names.get(e.from_forum_id, ""), names.get(e.to_forum_id, ""))
                for e in escalations(self.context.store)
            ]
        )

    def filter_choices(self) -> list[tuple[QComboBox, list[Choice]]]:
        forums = by_name(self.context.store.all(Forum))
        return [(self.forum, [(_("All forums"), None), *((forum.name, forum.id) for forum in forums)])]

    def filter_test(self) -> Callable[[EscalationRow], bool]:
        forum_id = self.forum.currentData()
        code = self.status.currentData()  # Qt hands enum members back as their string values
        status = EscalationStatus(code) if code else None

        def accepts(row: EscalationRow) -> bool:
            e = row.escalation
            return (not forum_id or forum_id in (e.from_forum_id, e.to_forum_id)) and (
                status is None or e.status is status
            )

        return accepts

    def select(self, escalation_id: str) -> None:
        """Select an escalation (when it is shown)."""
        self.select_ids([escalation_id])

    def update_buttons(self) -> None:
        escalation = self.current()
        writable = not self.context.read_only
        self.answer_button.setEnabled(
            writable and escalation is not None and escalation.status is not EscalationStatus.CLOSED
        )
        self.close_button.setEnabled(
            writable and escalation is not None and escalation.status is EscalationStatus.ANSWERED
        )

    def show_detail(self) -> None:
        escalation = self.current()
        self.detail.setHtml(self.detail_html(escalation) if escalation else "")
        self.detail_title.setText(_("Choose an escalation to see its history.") if escalation is None else "")
        self.detail_title.setVisible(escalation is None)

    # -- the detail ------------------------------------------------------------------------------------------------
    def detail_html(self, e: Escalation) -> str:
        """The escalation and its subject's history, as the detail panel shows it."""
        store = self.context.store
        names = forum_names(self.context.store)
        kind = _(SUBJECT_KINDS.get(e.subject_kind, N_("Agenda item")))
        parts = [f"<h3>{escape(e.subject_title)}</h3>"]
        facts = _("{kind} escalated from {source} to {target} on {date}.").format(
            kind=kind,
            source=names.get(e.from_forum_id, ""),
            target=names.get(e.to_forum_id, ""),
            date=_day(e.raised_on),
        )
        parts.append(f"<p>{escape(facts)}</p>")
        parts.append(f"<p><b>{escape(_('Reason:'))}</b> {_lines(e.reason)}</p>")
        if e.response:
            answered = _("Answer of {date}:").format(date=_day(e.answered_on))
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
            due = _day(action.due) or "—"
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
                text = f"{_day(step.on)} — {step.stage.label}"
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
        names = forum_names(self.context.store)
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
    def translate(self) -> None:
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Escalations"))
        self.detail.setAccessibleName(_("Escalation in detail"))
        self.title.setText(_("Escalations"))
        self.forum_label.setText(_("&Forum:"))
        self.status_label.setText(_("&Status:"))
        self.status.setItemText(0, _("Any status"))
        for row, status in enumerate(EscalationStatus, start=1):
            self.status.setItemText(row, status.label)


def _lines(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.strip().splitlines())
