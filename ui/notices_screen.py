"""The register of notices of intended change ("no surprises"): who intends to change what, by when, whom it
affects, whether the notice came in time, and every affected partner's answer, the missing ones marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Forum, Partner, by_name, forum_names, partner_names
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Confidentiality, Meeting
from facilitator.notices import (
    CLOSED_NOTICES,
    Notice,
    NoticeResponse,
    NoticeStatus,
    give_notice,
    notice_checks,
    respond,
    responses,
    set_notice_status,
)
from facilitator.register_docs import notice_register
from facilitator.ui.conflict_dialogs import PrintsRegister
from facilitator.ui.context import AppContext
from facilitator.ui.empty_state import elsewhere
from facilitator.ui.models import AnyIndex, Column, RecordTableModel
from facilitator.ui.notice_dialogs import (
    Answer,
    NoticeDialog,
    NoticeStatusDialog,
    ResponseDialog,
    short_notice_reasons,
)
from facilitator.ui.palette import warning_text_style
from facilitator.ui.register_screen import Choice, RegisterProxy, RegisterScreen, date_text, flagged
from facilitator.ui.register_widgets import data_label
from facilitator.ui.widgets import (
    fit_columns,
    record_table,
    selected_id,
    wrap_title,
    wrapping_row,
)

OPEN, CLOSED, ALL = "open", "closed", "all"


@frozen
class NoticeRow:
    """A notice as the register shows it: names, why it is short (if it is), answers still missing."""

    notice: Notice
    partner: str
    forums: str
    partners: str
    restricted_to: str
    short_reasons: tuple[str, ...]
    missing: int

    @property
    def id(self) -> str:
        """The notice's id."""
        return self.notice.id


def _short_text(row: NoticeRow) -> str:
    return "; ".join(row.short_reasons) if row.short_reasons else "—"


class NoticesModel(RecordTableModel[NoticeRow]):
    """The notices register; short notice and missing answers in red."""

    columns = (
        Column[NoticeRow](N_("Intended change"), lambda r: r.notice.title),
        Column[NoticeRow](N_("Partner"), lambda r: r.partner),
        Column[NoticeRow](
            N_("Given on"), lambda r: date_text(r.notice.given_on), lambda r: r.notice.given_on
        ),
        Column[NoticeRow](
            N_("Takes effect"),
            lambda r: date_text(r.notice.takes_effect_on),
            lambda r: r.notice.takes_effect_on,
        ),
        Column[NoticeRow](
            N_("Status"),
            lambda r: r.notice.status.label,
            lambda r: list(NoticeStatus).index(r.notice.status),
        ),
        Column[NoticeRow](
            N_("Answers missing"), lambda r: i18n.active().format_number(r.missing), lambda r: r.missing
        ),
        Column[NoticeRow](N_("Short notice"), _short_text, lambda r: (not r.short_reasons, _short_text(r))),
        Column[NoticeRow](N_("Forums affected"), lambda r: r.forums),
        Column[NoticeRow](N_("Partners affected"), lambda r: r.partners),
    )
    SHORT_COLUMN = 6
    MISSING_COLUMN = 5

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            row = self.record(index.row())
            warn = (index.column() == self.SHORT_COLUMN and bool(row.short_reasons)) or (
                index.column() == self.MISSING_COLUMN and row.missing > 0
            )
            shown = flagged(role) if warn else None
            if shown is not None:
                return shown
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.MISSING_COLUMN:
                return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


@frozen
class AnswerRow:
    """An affected partner and its answer, or None when it has not answered."""

    partner_id: str
    partner: str
    response: NoticeResponse | None

    @property
    def id(self) -> str:
        """The partner's id (one answer per partner)."""
        return self.partner_id


class AnswersModel(RecordTableModel[AnswerRow]):
    """Every affected partner's answer; those still missing are marked."""

    columns = (
        Column[AnswerRow](N_("Partner"), lambda r: r.partner),
        Column[AnswerRow](
            N_("Answer"),
            lambda r: r.response.kind.label if r.response else _("No answer yet"),
            lambda r: bool(r.response),
        ),
        Column[AnswerRow](
            N_("Date"),
            lambda r: date_text(r.response.on) if r.response else "",
            lambda r: r.response.on if r.response else dt.date.min,
        ),
        Column[AnswerRow](N_("Comment"), lambda r: r.response.text.replace("\n", " ") if r.response else ""),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        missing = (
            index.isValid()
            and 0 <= index.row() < self.rowCount()
            and self.record(index.row()).response is None
        )
        shown = flagged(role, italic=True) if missing else None
        return shown if shown is not None else super().data(index, role)


class NoticesScreen(RegisterScreen[Notice], PrintsRegister):
    """The register on top, the chosen notice and its answers below."""

    exported = Signal(str)  # the path of a printed register
    record_kind = Notice
    shown_kinds = frozenset({Notice, NoticeResponse, Forum, Partner, Meeting})
    select_first = True
    refit = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "noticesScreen", parent)
        self.last_export: Path | None = None
        self.export_job: Any = None
        self.notices = NoticesModel(self)
        self.answers = AnswersModel(self)

        self.forum_label, self.forum_filter = self.choice_filter()
        self.state_label, self.state_filter = self.choice_filter(everything=ALL)
        self.search = self.search_field()
        self.give_button = self.command(N_("Give notice…"), self.give_new)
        self.edit_button = self.command(N_("Edit…"), self.edit_notice)
        self.status_button = self.command(N_("Set status…"), self.set_status)
        self.answer_button = self.command(N_("Record answer…"), self.record_answer)
        self.print_button = self.command(N_("Print register…"), self.print_register)
        self.set_table(
            self.notices,
            RegisterProxy(self),
            "noticesTable",
            sort=(2, Qt.SortOrder.DescendingOrder),  # the latest given first
            open_record=self.edit_notice,
            what=N_(
                "No notices yet. A partner gives notice here of a change it intends to make, so that no partner "
                "is surprised: it is tabled at the next meetings and the partners affected answer."
            ),
            first_step=N_("Give notice…"),
            do_first=self.give_new,
            needs=(
                (
                    lambda: not context.store.all(Partner),
                    N_("New partner…"),
                    elsewhere(self, "partners", "create_partner"),
                ),
            ),
        )

        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        wrap_title(self.heading)
        self.heading.setWordWrap(True)
        self.facts = data_label("noticeFacts")
        self.short = data_label("noticeShort")
        self.short.setStyleSheet(warning_text_style(extra="font-weight: 600;"))
        self.description = data_label("noticeDescription")
        self.outcome = data_label("noticeOutcome")
        self.answers_title = QLabel()
        self.answers_table = record_table(self.answers)
        self.answers_table.setObjectName("answersTable")
        self.answers_table.setSortingEnabled(False)  # in the order the notice names the partners
        self.answers_table.doubleClicked.connect(lambda _i: self.record_answer())

        actions = wrapping_row(
            self.give_button,
            self.edit_button,
            self.status_button,
            self.answer_button,
            self.print_button,
        )
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.facts)
        detail_layout.addWidget(self.short)
        detail_layout.addWidget(self.description)
        detail_layout.addWidget(self.outcome)
        detail_layout.addWidget(self.answers_title)
        detail_layout.addWidget(self.answers_table, 1)
        self.lay_out([self.filter_row(self.search), actions], detail=detail, sizes=(360, 420))
        self.start()

    # -- reading -------------------------------------------------------------------------------------------------
    def read(self) -> None:
        """Read the register from the file."""
        store = self.context.store
        forums, partners = forum_names(store), partner_names(store, short=True)
        rows = []
        for notice in sorted(store.all(Notice), key=lambda n: n.given_on, reverse=True):
            answered = {r.partner_id for r in responses(store, notice.id)}
            rows.append(
                NoticeRow(
                    notice=notice,
                    partner=partners.get(notice.partner_id, ""),
                    forums=", ".join(forums.get(f, "") for f in notice.affected_forums),
                    partners=", ".join(partners.get(p, "") for p in notice.affected_partners),
                    restricted_to=", ".join(partners.get(p, "") for p in notice.restricted_to),
                    short_reasons=tuple(short_notice_reasons(notice_checks(store, notice))),
                    missing=len([p for p in notice.affected_partners if p not in answered]),
                )
            )
        self.notices.reset_records(rows)

    def filter_choices(self) -> list[tuple[QComboBox, list[Choice]]]:
        forums: list[Choice] = [(forum.name, forum.id) for forum in self.context.store.all(Forum)]
        states: list[Choice] = [
            (_("Not yet implemented or withdrawn"), OPEN),
            (_("Implemented or withdrawn"), CLOSED),
            (_("All"), ALL),
        ]
        return [(self.forum_filter, [(_("All forums"), None), *forums]), (self.state_filter, states)]

    def filter_test(self) -> Callable[[NoticeRow], bool]:
        forum_id, state = self.forum_filter.currentData(), self.state_filter.currentData() or OPEN

        def accepts(row: NoticeRow) -> bool:
            notice = row.notice
            closed = notice.status in CLOSED_NOTICES
            return (not forum_id or forum_id in notice.affected_forums) and (
                state == ALL or closed == (state == CLOSED)
            )

        return accepts

    def show_notice(self, notice_id: str) -> None:
        """Select ``notice_id``, showing every notice if the filters hide it."""
        self.show_record(notice_id)

    def show_detail(self) -> None:
        notice = self.current()
        shown = self.current_row() if notice else None
        if notice is None or shown is None:
            self.heading.setText(_("Choose a notice to see who has answered."))
            for label in (self.facts, self.short, self.description, self.outcome):
                label.setText("")
                label.setVisible(label is self.facts)
            self.answers_title.setText("")
            self.answers.reset_records([])
            return
        partners = partner_names(self.context.store)
        giver = partners.get(notice.partner_id, "")
        self.heading.setText(_("{partner}: {title}").format(partner=giver, title=notice.title))
        lines = [
            " · ".join(
                (
                    _("Given on {date}").format(date=date_text(notice.given_on)),
                    _("takes effect on {date}").format(date=date_text(notice.takes_effect_on)),
                    _("Status: {status}").format(status=notice.status.label),
                )
            )
        ]
        if shown.forums:
            lines.append(_("Forums affected: {forums}").format(forums=shown.forums))
        level = notice.confidentiality.label
        if notice.confidentiality is Confidentiality.RESTRICTED:
            names = ", ".join(partners.get(p, "") for p in notice.restricted_to)
            level = _("Restricted: {partners}").format(partners=names)
        lines.append(_("Who may see it: {level}").format(level=level))
        self.facts.setText("\n".join(lines))
        short = _("Short notice: {reasons}").format(reasons="; ".join(shown.short_reasons))
        self.short.setText(short if shown.short_reasons else "")
        self.short.setVisible(bool(shown.short_reasons))
        about = [notice.description] if notice.description else []
        if notice.reason:
            about.append(_("Why: {reason}").format(reason=notice.reason))
        self.description.setText("\n".join(about))
        self.description.setVisible(bool(about))
        self.outcome.setText(_("Outcome: {text}").format(text=notice.outcome) if notice.outcome else "")
        self.outcome.setVisible(bool(notice.outcome))
        given = {r.partner_id: r for r in responses(self.context.store, notice.id)}
        self.answers.reset_records(
            [AnswerRow(p, partners.get(p, ""), given.get(p)) for p in notice.affected_partners]
        )
        fit_columns(self.answers_table, 420)
        self.answers_title.setText(
            i18n.ngettext(
                "Answers of the partners affected ({n} missing)",
                "Answers of the partners affected ({n} missing)",
                shown.missing,
            ).format(n=shown.missing)
            if shown.missing
            else _("Answers of the partners affected (all answered)")
        )

    def update_buttons(self) -> None:
        writable = not self.context.read_only
        notice = self.current()
        store = self.context.store
        self.give_button.setEnabled(writable and bool(store.all(Partner)))
        self.edit_button.setEnabled(writable and notice is not None)
        self.status_button.setEnabled(writable and notice is not None)
        self.answer_button.setEnabled(writable and notice is not None and bool(notice.affected_partners))

    # -- acting --------------------------------------------------------------------------------------------------
    def _partners(self) -> list[Partner]:
        return by_name(self.context.store.all(Partner))

    def _notice_dialog(self, notice: Notice | None) -> None:
        store = self.context.store
        saved: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, Notice)
            self.context.run(give_notice(store, record))
            saved.append(record.id)

        NoticeDialog(
            self,
            notice,
            store.all(Forum),
            self._partners(),
            submit,
            checks=lambda draft: notice_checks(store, draft),
            today=clock.today(),
        ).exec()
        if saved:
            self.show_notice(saved[0])

    def give_new(self) -> None:
        """Record a partner's notice of an intended change, warning of short notice."""
        self._notice_dialog(None)

    def edit_notice(self) -> None:
        """Change the selected notice."""
        notice = self.current()
        if notice is not None and not self.context.read_only:
            self._notice_dialog(notice)

    def set_status(self) -> None:
        """Move the selected notice on, with the outcome."""
        notice = self.current()
        if notice is None or self.context.read_only:
            return
        store = self.context.store

        def submit(record: object) -> None:
            assert isinstance(record, tuple)
            status, outcome = record
            self.context.run(set_notice_status(store, notice.id, status, outcome))

        NoticeStatusDialog(self, notice, submit).exec()

    def record_answer(self) -> None:
        """Record the answer of a partner the selected notice affects (the one selected below, if any)."""
        notice = self.current()
        if notice is None or self.context.read_only or not notice.affected_partners:
            return
        store = self.context.store
        affected = [p for p in self._partners() if p.id in notice.affected_partners]
        affected += [
            store.get(Partner, p) for p in notice.affected_partners if p not in {a.id for a in affected}
        ]

        def submit(record: object) -> None:
            assert isinstance(record, Answer)
            self.context.run(
                respond(store, notice.id, record.partner_id, kind=record.kind, text=record.text, on=record.on)
            )

        ResponseDialog(
            self,
            notice,
            affected,
            responses(store, notice.id),
            submit,
            today=clock.today(),
            partner_id=selected_id(self.answers_table),
        ).exec()

    def print_register(self) -> None:
        """Print the register for the partners (or the full record, or one partner) as DOCX or PDF."""
        self.print_document(
            _("Print the notices register"),
            _("Notices of intended change"),
            self._partners(),
            lambda choice: notice_register(
                self.context.store, choice.audience, choice.language, clock.today()
            ),
        )

    def translate(self) -> None:
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Notices of change"))
        self.answers_table.setAccessibleName(_("Answers from partners"))
        self.search.setAccessibleName(_("Search notices"))
        self.facts.setAccessibleName(_("Notices of change"))
        self.title.setText(_("Notices of intended change"))
        self.forum_label.setText(_("Forum affected:"))
        self.state_label.setText(_("Show:"))
        self.search.setPlaceholderText(_("Search notices"))
        self.answers.retranslate()
