"""Circulating a meeting's agenda or minutes by e-mail: one draft per partner, written into a folder, opened in
the user's own mail program. Nothing is sent from the app.

What each partner gets (its recipients, version, language, papers, words, what changed since it last received the
document) is decided by ``facilitator.circulation``; this dialog shows it, lets the user leave partners out, and,
once the drafts are written, records the circulation through the undo stack.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from facilitator import i18n
from facilitator.circulation import (
    Circulated,
    CirculationPlan,
    PlannedCopy,
    circulations_of,
    copies_of,
    drafts,
    is_public_meeting,
    plan_circulation,
    record_circulation,
)
from facilitator.entities import Forum
from facilitator.errors import KnownError
from facilitator.i18n import N_, _, ngettext
from facilitator.meetings import Meeting
from facilitator.ui.context import AppContext
from facilitator.ui.drafts import DraftRowsModel, drafts_dialog_layout, drafts_table, red
from facilitator.ui.errors import tell
from facilitator.ui.register_widgets import data_label

HEADERS = (N_("Partner"), N_("To"), N_("Version"), N_("Language"), N_("Since the last version sent"))
OWN, PUBLIC = "own", "public"


def _version(copy: PlannedCopy) -> str:
    if copy.audience.is_public:
        return _("Public")
    return _("Partners, for {partner}").format(partner=copy.partner.display_name)


def _since(copy: PlannedCopy) -> str:
    if copy.previous is None:
        return _("first time")
    if copy.unchanged:
        return _("unchanged")
    return " ".join(copy.changes) or _("changed")


class CopiesModel(DraftRowsModel[PlannedCopy]):
    """One row per partner's draft, with a box to leave it out."""

    headers = HEADERS

    def cell(self, row: PlannedCopy, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return column == 1 and not row.recipients.reachable  # drawn as a warning
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return row.partner.name
        if column == 1:
            return row.recipients.line() if row.recipients.reachable else _("no e-mail address")
        if column == 2:
            return _version(row)
        if column == 3:
            return i18n.active().language_name(row.language)
        return _since(row)


class CirculationDialog(QDialog):
    """One e-mail draft per partner with the agenda (and its papers) or the minutes, each partner's version."""

    def __init__(
        self, context: AppContext, meeting_id: str, what: Circulated, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("circulationDialog")
        self.context = context
        self.meeting = context.store.get(Meeting, meeting_id)
        self.forum = context.store.get(Forum, self.meeting.forum_id)
        self.what = what
        self.plan: CirculationPlan | None = None
        self.recorded = False
        title = (
            _("Circulate the agenda by e-mail")
            if what is Circulated.AGENDA
            else _("Circulate the minutes by e-mail")
        )
        self.setWindowTitle(title)
        self.resize(1000, 560)
        t = i18n.active()
        self.heading = QLabel(
            f"{self.forum.name} · {t.format_date(self.meeting.starts_at.date(), 'full')} · {what.label}"
        )
        self.heading.setObjectName("sectionTitle")
        self.heading.setProperty("showsData", True)
        self.explanation = QLabel(
            _(
                "One e-mail draft per partner, addressed to its representatives on the forum (the main "
                "representative, the substitutes copied), with the version that partner may see, in its language "
                "when the whole document exists in it. Nothing is sent from here: the drafts open in your mail "
                "program, ready to send."
            )
        )
        self.explanation.setWordWrap(True)
        self.version = QComboBox()
        self.version.setProperty("enumChoice", True)
        self.version.addItem(_("Each partner's own version (partners, with what is restricted to it)"), OWN)
        self.version.addItem(_("The public version for everyone"), PUBLIC)
        public = is_public_meeting(self.meeting, self.forum)
        self.version.setCurrentIndex(1 if public else 0)
        self.version.currentIndexChanged.connect(lambda _i: self.replan())
        form = QFormLayout()
        form.addRow(_("Version:"), self.version)
        self.model = CopiesModel(self)
        self.table = drafts_table("circulationTable", self.model, self, stretch_last=True)
        self.table.setWordWrap(True)
        self.model.dataChanged.connect(lambda *_a: self._update())
        self.missing = red(data_label("circulationMissing"))
        self.history = data_label("circulationHistory")
        self.panel = drafts_dialog_layout(
            self,
            context,
            prepare=self.prepare,
            above=(self.heading, self.explanation, form),
            table=self.table,
            below=(self.missing, self.history),
        )
        self.replan()

    def replan(self) -> None:
        """Decide every draft again (the version chosen changed, or the records did)."""
        public = self.version.currentData() == PUBLIC
        try:
            self.plan = plan_circulation(
                self.context.store,
                self.meeting.id,
                self.what,
                public=public,
                sender=self.context.settings.preferences().coordinator_name,
            )
        except KnownError as error:
            self.plan = None
            self.model.reset([])
            self.missing.setText(error.message)
            self._update()
            return
        self.model.reset(list(self.plan.copies))
        self.table.resizeColumnsToContents()
        for column, most in ((0, 260), (1, 320), (2, 200), (3, 110)):
            if self.table.columnWidth(column) > most:
                self.table.setColumnWidth(column, most)
        self.table.resizeRowsToContents()
        self._show_history()
        self._update()

    def _show_history(self) -> None:
        store = self.context.store
        earlier = circulations_of(store, self.meeting.id, self.what)
        if not earlier:
            self.history.setText(_("Not circulated by e-mail before."))
            return
        t = i18n.active()
        last = earlier[-1]
        count = len(copies_of(store, last.id))
        self.history.setText(
            ngettext(
                "Last circulated on {date}, to {count} partner. Each draft says what changed since then.",
                "Last circulated on {date}, to {count} partners. Each draft says what changed since then.",
                count,
            ).format(date=t.format_date(last.on, "long"), count=count)
        )

    def _update(self) -> None:
        chosen = self.model.chosen()
        unreachable = [c.partner.name for c in chosen if not c.recipients.reachable]
        if unreachable:
            self.missing.setText(
                _(
                    "No e-mail address for: {partners}. Their drafts are written without a recipient: add the "
                    "address in your mail program, or on the Partners screen before preparing."
                ).format(partners=", ".join(unreachable))
            )
        elif self.plan is not None:
            self.missing.setText("")
        self.missing.setVisible(bool(self.missing.text()))
        self.panel.set_prepare_enabled(bool(chosen) and not self.context.read_only)

    def chosen_plan(self) -> CirculationPlan | None:
        """The plan with only the partners ticked."""
        if self.plan is None:
            return None
        return dataclasses.replace(self.plan, copies=tuple(self.model.chosen()))

    def prepare(self) -> bool:
        """Write the drafts of the partners ticked, then record the circulation."""
        plan = self.chosen_plan()
        if plan is None or not plan.copies or self.context.read_only:
            return False
        try:
            prepared = drafts(self.context.store, plan)
        except KnownError as error:
            tell(self, error, _("No drafts were written"))
            return False

        def done(checksums: dict[str, str]) -> None:
            try:
                self.context.run(record_circulation(self.context.store, plan, checksums))
                self.recorded = True
            except KnownError as error:
                tell(self, error, _("The circulation was not recorded"))
                return
            self.replan()

        return self.panel.write(prepared, done) is not None
