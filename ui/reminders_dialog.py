"""Reminders before a forum's next meeting: one e-mail draft per partner with what it promised and has not done,
and what it has not answered yet. Decided by ``facilitator.reminders``; written as drafts, sent by the user.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Forum, by_name
from facilitator.i18n import N_, _
from facilitator.reminders import Reminder, RemindersPlan, next_meeting, plan_reminders
from facilitator.ui.context import AppContext
from facilitator.ui.drafts import DraftRowsModel, drafts_dialog_layout, drafts_table, red
from facilitator.ui.register_widgets import data_label

HEADERS = (N_("Partner"), N_("To"), N_("Overdue"), N_("Open"), N_("Notices"), N_("Escalations"))


class RemindersModel(DraftRowsModel[Reminder]):
    """One row per partner reminded, with a box to leave it out."""

    headers = HEADERS

    def cell(self, row: Reminder, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:  # drawn as a warning: no address, or something overdue
            return (column == 1 and not row.recipients.reachable) or (column == 2 and bool(row.overdue))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter) if column >= 2 else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return row.partner.name
        if column == 1:
            return row.recipients.line() or _("no e-mail address")
        counts = (len(row.overdue), len(row.open), len(row.notices), len(row.escalations))
        return i18n.active().format_number(counts[column - 2])


def soonest_forum(context: AppContext) -> str | None:
    """The forum whose next meeting comes first (the one reminders are usually for)."""
    store = context.store
    today = clock.today()
    coming = [
        (m.starts_at, f.id) for f in store.all(Forum) if (m := next_meeting(store, f.id, today)) is not None
    ]
    if coming:
        return str(min(coming)[1])
    forums = store.all(Forum)
    return str(forums[0].id) if forums else None


class RemindersDialog(QDialog):
    """One reminder per partner of a forum before its next meeting, written as e-mail drafts."""

    def __init__(
        self, context: AppContext, forum_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("remindersDialog")
        self.context = context
        self.plan: RemindersPlan | None = None
        self.setWindowTitle(_("Remind partners before the meeting"))
        self.resize(960, 540)
        self.explanation = QLabel(
            _(
                "One e-mail draft per partner with its open actions for this forum (overdue first, with due dates "
                "and what they wait for) and what it has not answered yet. Nothing is sent from here: the drafts "
                "open in your mail program, ready to send."
            )
        )
        self.explanation.setWordWrap(True)
        self.forum = QComboBox()
        self.forum.setObjectName("remindersForum")
        for forum in by_name(context.store.all(Forum)):
            self.forum.addItem(forum.name, forum.id)
        chosen = forum_id or soonest_forum(context)
        if chosen is not None:
            self.forum.setCurrentIndex(max(0, self.forum.findData(chosen)))
        self.forum.currentIndexChanged.connect(lambda _i: self.replan())
        self.meeting = QLabel()
        self.meeting.setProperty("showsData", True)
        form = QFormLayout()
        form.addRow(_("Forum:"), self.forum)
        form.addRow(_("Next meeting:"), self.meeting)
        self.model = RemindersModel(self)
        self.table = drafts_table("remindersTable", self.model, self, stretch_last=False)
        self.model.dataChanged.connect(lambda *_a: self._update())
        self.quiet = data_label("remindersQuiet")
        self.missing = red(data_label("remindersMissing"))
        self.panel = drafts_dialog_layout(
            self,
            context,
            prepare=self.prepare,
            above=(self.explanation, form),
            table=self.table,
            below=(self.quiet, self.missing),
        )
        self.replan()

    def replan(self) -> None:
        """Decide every reminder again for the forum chosen."""
        forum_id = self.forum.currentData()
        if not forum_id:
            self.plan = None
            self.model.reset([])
            self._update()
            return
        self.plan = plan_reminders(
            self.context.store, str(forum_id), sender=self.context.settings.preferences().coordinator_name
        )
        t = i18n.active()
        meeting = self.plan.meeting
        self.meeting.setText(
            f"{t.format_date(meeting.starts_at.date(), 'full')} {t.format_time(meeting.starts_at.time())}"
            if meeting
            else _("none planned")
        )
        self.model.reset(list(self.plan.reminders))
        self.table.resizeColumnsToContents()
        for column, most in ((0, 300), (1, 380)):
            if self.table.columnWidth(column) > most:
                self.table.setColumnWidth(column, most)
        quiet = [p.name for p in self.plan.nothing_to_remind]
        self.quiet.setText(
            _("Nothing to remind: {partners}.").format(partners=", ".join(quiet)) if quiet else ""
        )
        self.quiet.setVisible(bool(quiet))
        self._update()

    def _update(self) -> None:
        chosen = self.model.chosen()
        unreachable = [r.partner.name for r in chosen if not r.recipients.reachable]
        self.missing.setText(
            _(
                "No e-mail address for: {partners}. Their drafts are written without a recipient: add the address "
                "in your mail program, or on the Partners screen before preparing."
            ).format(partners=", ".join(unreachable))
            if unreachable
            else ""
        )
        self.missing.setVisible(bool(unreachable))
        self.panel.set_prepare_enabled(bool(chosen))

    def prepare(self) -> bool:
        """Write the reminders of the partners ticked as drafts."""
        chosen = self.model.chosen()
        if not chosen:
            return False
        return self.panel.write([r.draft for r in chosen]) is not None
