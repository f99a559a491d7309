"""The conflict log: every conflict between partners, worked through in stages, escalated if needed, resolved.

The log is a table with filters; below it the chosen conflict, its forum's conflict procedure beside its
description, and its timeline. Every change is a core operation on the undo stack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock
from facilitator.conflicts import (
    Conflict,
    ConflictCategory,
    ConflictStage,
    ConflictStep,
    move_conflict,
    raise_conflict,
    save_conflict,
    timeline,
)
from facilitator.entities import Forum, LabelledEnum, Partner, by_name, partner_names
from facilitator.errors import KnownError
from facilitator.escalation import escalation_targets, nowhere_to_escalate, open_escalation_of
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import Confidentiality, Meeting
from facilitator.register_docs import conflict_register
from facilitator.ui.conflict_dialogs import (
    ConflictDialog,
    EscalateDialog,
    MoveConflictDialog,
    PrintsRegister,
    StageMove,
)
from facilitator.ui.context import AppContext
from facilitator.ui.empty_state import elsewhere
from facilitator.ui.errors import tell
from facilitator.ui.models import AnyIndex, Column, RecordTableModel
from facilitator.ui.palette import warning_text_style
from facilitator.ui.register_screen import Choice, RegisterProxy, RegisterScreen, date_text, flagged
from facilitator.ui.register_widgets import data_label, meeting_text
from facilitator.ui.widgets import (
    elide_choices,
    fit_columns,
    record_table,
    wrap_title,
    wrapping_row,
)

OPEN, CLOSED, ALL = "open", "closed", "all"


def _order(member: LabelledEnum) -> int:
    return list(type(member)).index(member)


@frozen
class ConflictRow:
    """A conflict as the log shows it, with the names it refers to."""

    conflict: Conflict
    forum: str
    raised_by: str
    parties: str
    restricted_to: str
    overdue: bool

    @property
    def id(self) -> str:
        """The conflict's id."""
        return self.conflict.id


def _review_text(row: ConflictRow) -> str:
    text = date_text(row.conflict.review_on)
    return _("{date} — overdue").format(date=text) if row.overdue else text


def _confidentiality_text(row: ConflictRow) -> str:
    if row.conflict.confidentiality is Confidentiality.RESTRICTED:
        return _("Restricted: {partners}").format(partners=row.restricted_to)
    return row.conflict.confidentiality.label


class ConflictsModel(RecordTableModel[ConflictRow]):
    """The conflict log; overdue reviews in red."""

    columns = (
        Column[ConflictRow](N_("Conflict"), lambda r: r.conflict.title),
        Column[ConflictRow](
            N_("Stage"), lambda r: r.conflict.stage.label, lambda r: _order(r.conflict.stage)
        ),
        Column[ConflictRow](
            N_("Severity"), lambda r: r.conflict.severity.label, lambda r: _order(r.conflict.severity)
        ),
        Column[ConflictRow](
            N_("Review"), _review_text, lambda r: (r.conflict.review_on or dt.date.max).toordinal()
        ),
        Column[ConflictRow](
            N_("Raised on"), lambda r: date_text(r.conflict.raised_on), lambda r: r.conflict.raised_on
        ),
        Column[ConflictRow](N_("Raised by"), lambda r: r.raised_by),
        Column[ConflictRow](N_("Forum"), lambda r: r.forum),
        Column[ConflictRow](N_("Category"), lambda r: r.conflict.category.label),
        Column[ConflictRow](N_("Partners involved"), lambda r: r.parties),
        Column[ConflictRow](N_("Who may see it"), _confidentiality_text),
    )
    REVIEW_COLUMN = 3

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount() and index.column() == self.REVIEW_COLUMN:
            shown = flagged(role) if self.record(index.row()).overdue else None
            if shown is not None:
                return shown
        return super().data(index, role)


@frozen
class StepRow:
    """A step of the timeline, with the meeting where it was discussed."""

    step: ConflictStep
    meeting: str

    @property
    def id(self) -> str:
        """The step's id."""
        return self.step.id


class TimelineModel(RecordTableModel[StepRow]):
    """A conflict's steps, oldest first."""

    columns = (
        Column[StepRow](N_("Date"), lambda r: date_text(r.step.on), lambda r: r.step.on),
        Column[StepRow](N_("Stage"), lambda r: r.step.stage.label),
        Column[StepRow](N_("Note"), lambda r: r.step.note.replace("\n", " ")),
        Column[StepRow](N_("Meeting"), lambda r: r.meeting),
    )


class ConflictsScreen(RegisterScreen[Conflict], PrintsRegister):
    """The conflict log on top, the chosen conflict below."""

    exported = Signal(str)  # the path of a printed log
    record_kind = Conflict
    shown_kinds = frozenset({Conflict, ConflictStep, Forum, Partner, Meeting})
    select_first = True
    refit = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "conflictsScreen", parent)
        self.last_export: Path | None = None
        self.export_job: Any = None
        self.conflicts = ConflictsModel(self)
        self.steps = TimelineModel(self)

        self.forum_label, self.forum_filter = self.choice_filter()
        self.state_label, self.state_filter = self.choice_filter(everything=ALL)
        self.category_label, self.category_filter = self.choice_filter()
        elide_choices(self.forum_filter, self.state_filter, self.category_filter)
        self.search = self.search_field()
        self.raise_button = self.command(N_("Raise conflict…"), self.raise_new)
        self.edit_button = self.command(N_("Edit…"), self.edit_conflict)
        self.move_button = self.command(N_("Move to stage…"), self.move_stage)
        self.escalate_button = self.command(N_("Escalate…"), self.escalate_conflict)
        self.print_button = self.command(N_("Print log…"), self.print_log)
        self.set_table(
            self.conflicts,
            RegisterProxy(self),
            "conflictsTable",
            sort=(4, Qt.SortOrder.DescendingOrder),  # the latest raised first
            open_record=self.edit_conflict,
            what=N_(
                "No conflicts recorded. A conflict between partners (distrust, rivalry, a broken promise) is "
                "logged here and worked through in stages."
            ),
            first_step=N_("Raise conflict…"),
            do_first=self.raise_new,
            needs=(
                (
                    lambda: not context.store.all(Forum),
                    N_("New forum…"),
                    elsewhere(self, "forums", "create_forum"),
                ),
            ),
        )

        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        wrap_title(self.heading)
        self.heading.setWordWrap(True)
        self.facts = data_label("conflictFacts")
        self.review = data_label("conflictReview")
        self.review.setStyleSheet(warning_text_style(extra="font-weight: 600;"))
        self.description = data_label("conflictDescription")
        self.procedure = data_label("forumProcedure")
        self.description_box = QGroupBox()
        QVBoxLayout(self.description_box).addWidget(self.description)
        self.procedure_box = QGroupBox()
        QVBoxLayout(self.procedure_box).addWidget(self.procedure)
        self.timeline_title = QLabel()
        self.timeline_table = record_table(self.steps)
        self.timeline_table.setObjectName("timelineTable")
        self.timeline_table.setSortingEnabled(False)  # the timeline reads in date order
        self.timeline_table.setMinimumHeight(150)
        self.outcome = data_label("conflictOutcome")

        actions = wrapping_row(
            self.raise_button,
            self.edit_button,
            self.move_button,
            self.escalate_button,
            self.print_button,
        )
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 6, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.facts)
        detail_layout.addWidget(self.review)
        beside = QHBoxLayout()
        beside.addWidget(self.description_box, 3)
        beside.addWidget(self.procedure_box, 2)
        detail_layout.addLayout(beside)
        detail_layout.addWidget(self.timeline_title)
        detail_layout.addWidget(self.timeline_table, 1)
        detail_layout.addWidget(self.outcome)
        # The story of a conflict can be long: it scrolls rather than squeezing the timeline.
        scroller = QScrollArea()
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not the page
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(detail)
        self.lay_out(
            [self.filter_row(self.search), actions], detail=scroller, stretch=(2, 3), sizes=(260, 460)
        )
        self.start()

    # -- reading -------------------------------------------------------------------------------------------------
    def _forums(self) -> dict[str, Forum]:
        return {f.id: f for f in self.context.store.all(Forum, include_archived=True)}

    def read(self) -> None:
        """Read the log from the file."""
        forums, partners = self._forums(), partner_names(self.context.store, short=True)
        today = clock.today()
        rows = [
            ConflictRow(
                conflict=c,
                forum=forums[c.forum_id].name if c.forum_id in forums else "",
                raised_by=partners.get(c.raised_by_partner_id, ""),
                parties=", ".join(partners.get(p, "") for p in c.partners_involved),
                restricted_to=", ".join(partners.get(p, "") for p in c.restricted_to),
                overdue=c.review_overdue(today),
            )
            for c in sorted(self.context.store.all(Conflict), key=lambda c: c.raised_on, reverse=True)
        ]
        self.conflicts.reset_records(rows)

    def filter_choices(self) -> list[tuple[QComboBox, list[Choice]]]:
        forums: list[Choice] = [(forum.name, forum.id) for forum in self.context.store.all(Forum)]
        return [
            (self.forum_filter, [(_("All forums"), None), *forums]),
            (self.state_filter, [(_("Open"), OPEN), (_("Resolved or closed"), CLOSED), (_("All"), ALL)]),
            (
                self.category_filter,
                [(_("All categories"), None), *((member.label, member) for member in ConflictCategory)],
            ),
        ]

    def filter_test(self) -> Callable[[ConflictRow], bool]:
        forum_id, state = self.forum_filter.currentData(), self.state_filter.currentData() or OPEN
        code = self.category_filter.currentData()
        category = ConflictCategory(code) if code else None

        def accepts(row: ConflictRow) -> bool:
            conflict = row.conflict
            return (
                (not forum_id or conflict.forum_id == forum_id)
                and (state == ALL or conflict.is_open == (state == OPEN))
                and (category is None or conflict.category is category)
            )

        return accepts

    def show_conflict(self, conflict_id: str) -> None:
        """Select ``conflict_id``, showing every conflict if the filters hide it."""
        self.show_record(conflict_id)

    def show_detail(self) -> None:
        conflict = self.current()
        shown = self.current_row() if conflict else None
        if conflict is None or shown is None:
            self.heading.setText(_("Choose a conflict to see its story."))
            for label in (self.facts, self.review, self.description, self.procedure, self.outcome):
                label.setText("")
            self.review.hide()
            self.steps.reset_records([])
            return
        forums, partners = self._forums(), partner_names(self.context.store)
        parties = ", ".join(partners.get(p, "") for p in conflict.partners_involved)
        level = conflict.confidentiality.label
        if conflict.confidentiality is Confidentiality.RESTRICTED:
            names = ", ".join(partners.get(p, "") for p in conflict.restricted_to)
            level = _("Restricted: {partners}").format(partners=names)
        forum = forums.get(conflict.forum_id)
        self.heading.setText(_("{title} — {stage}").format(title=conflict.title, stage=conflict.stage.label))
        first = [
            _("Raised on {date} by {partner}").format(
                date=date_text(conflict.raised_on), partner=partners.get(conflict.raised_by_partner_id, "")
            ),
            _("{category}; severity: {severity}").format(
                category=conflict.category.label, severity=conflict.severity.label
            ),
        ]
        if conflict.review_on and not shown.overdue:
            first.append(_("Review on {date}").format(date=date_text(conflict.review_on)))
        lines = [" · ".join(first)]
        if parties:
            lines.append(_("Partners involved: {partners}").format(partners=parties))
        if conflict.mediator:
            lines.append(_("Mediator: {name}").format(name=conflict.mediator))
        lines.append(_("Who may see it: {level}").format(level=level))
        self.facts.setText("\n".join(lines))
        self.review.setText(
            _("The review was due on {date}.").format(date=date_text(conflict.review_on))
            if shown.overdue
            else ""
        )
        self.review.setVisible(shown.overdue)
        self.description.setText(conflict.description or _("No description."))
        self.procedure_box.setTitle(
            _("Conflict procedure of {forum}").format(forum=forum.name if forum else "")
        )
        self.procedure.setText(
            (forum.conflict_procedure if forum else "")
            or _("This forum has not described its conflict procedure yet (Forums, Edit…).")
        )
        meetings = {m.id: m for m in meetings_of(self.context.store, conflict.forum_id)}
        self.steps.reset_records(
            [
                StepRow(s, meeting_text(meetings[s.meeting_id]) if s.meeting_id in meetings else "")
                for s in timeline(self.context.store, conflict.id)
            ]
        )
        fit_columns(self.timeline_table, 420)
        outcome = []
        if conflict.resolution:
            outcome.append(_("Resolution: {text}").format(text=conflict.resolution))
        if conflict.lessons:
            outcome.append(_("Lessons learned: {text}").format(text=conflict.lessons))
        self.outcome.setText("\n".join(outcome))
        self.outcome.setVisible(bool(outcome))

    def update_buttons(self) -> None:
        writable = not self.context.read_only
        conflict = self.current()
        has_forums = bool(self.context.store.all(Forum))
        self.raise_button.setEnabled(writable and has_forums)
        self.edit_button.setEnabled(writable and conflict is not None)
        self.move_button.setEnabled(writable and conflict is not None)
        self.escalate_button.setEnabled(
            writable and conflict is not None and conflict.is_open and len(self.context.store.all(Forum)) > 1
        )

    # -- acting --------------------------------------------------------------------------------------------------
    def _partners(self) -> list[Partner]:
        return by_name(self.context.store.all(Partner))

    def raise_new(self) -> None:
        """Raise a new conflict."""
        store = self.context.store
        created: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, tuple)
            conflict, note = record
            self.context.run(raise_conflict(store, conflict, note))
            created.append(conflict.id)

        ConflictDialog(
            self,
            None,
            store.all(Forum),
            self._partners(),
            submit,
            today=clock.today(),
            forum_id=self.forum_filter.currentData(),
        ).exec()
        if created:
            self.show_conflict(created[0])

    def edit_conflict(self) -> None:
        """Change the selected conflict's description, parties, category, severity, confidentiality or review."""
        conflict = self.current()
        if conflict is None or self.context.read_only:
            return
        store = self.context.store

        def submit(record: object) -> None:
            assert isinstance(record, tuple)
            self.context.run(save_conflict(store, record[0]))

        ConflictDialog(self, conflict, store.all(Forum), self._partners(), submit, today=clock.today()).exec()

    def move_stage(self) -> None:
        """Take the selected conflict to another stage, with a dated note."""
        conflict = self.current()
        if conflict is None or self.context.read_only:
            return
        store = self.context.store

        def submit(record: object) -> None:
            assert isinstance(record, StageMove)
            self.context.run(
                move_conflict(
                    store,
                    conflict.id,
                    record.stage,
                    record.on,
                    record.note,
                    meeting_id=record.meeting_id,
                    mediator=record.mediator,
                    resolution=record.resolution,
                    lessons=record.lessons,
                    escalate_to=record.escalate_to,
                )
            )

        meetings = meetings_of(store, conflict.forum_id)
        open_one = open_escalation_of(store, conflict.id)
        MoveConflictDialog(
            self,
            conflict,
            meetings,
            submit,
            today=clock.today(),
            targets=escalation_targets(store, conflict.forum_id),
            escalated_to=store.find(Forum, open_one.to_forum_id) if open_one else None,
        ).exec()

    def escalate_conflict(self) -> None:
        """Send the selected conflict up to another forum: it moves to the escalated stage, in one edit."""
        conflict = self.current()
        if conflict is None or self.context.read_only:
            return
        store = self.context.store
        targets = escalation_targets(store, conflict.forum_id)
        if not targets:
            origin = store.get(Forum, conflict.forum_id)
            tell(self, KnownError(nowhere_to_escalate(origin).problem), _("Not escalated"))
            return

        def submit(record: object) -> None:
            assert isinstance(record, tuple)
            to_forum_id, reason = record
            self.context.run(
                move_conflict(
                    store,
                    conflict.id,
                    ConflictStage.ESCALATED,
                    clock.today(),
                    reason,
                    escalate_to=to_forum_id,
                )
            )

        EscalateDialog(self, conflict, targets, submit).exec()

    def print_log(self) -> None:
        """Print the conflict log for the partners (or the full record, or one partner) as DOCX or PDF."""
        self.print_document(
            _("Print the conflict log"),
            _("Conflict log"),
            self._partners(),
            lambda choice: conflict_register(
                self.context.store, choice.audience, choice.language, clock.today()
            ),
        )

    def translate(self) -> None:
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Conflicts"))
        self.timeline_table.setAccessibleName(_("Timeline"))
        self.search.setAccessibleName(_("Search conflicts"))
        self.facts.setAccessibleName(_("Conflicts"))
        self.outcome.setAccessibleName(_("Timeline"))
        self.procedure.setAccessibleName(_("What it is about"))
        self.title.setText(_("Conflict log"))
        self.forum_label.setText(_("Forum:"))
        self.state_label.setText(_("Show:"))
        self.category_label.setText(_("Category:"))
        self.search.setPlaceholderText(_("Search conflicts"))
        self.description_box.setTitle(_("What it is about"))
        self.timeline_title.setText(_("Timeline"))
        self.steps.retranslate()
