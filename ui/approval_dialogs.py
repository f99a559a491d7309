"""The life of minutes in the window: a panel that shows where they are, and dialogs to circulate the draft,
approve it at a later meeting and record a correction.

Each dialog gathers values and hands them to ``submit``, which runs the core operation; a refusal is shown in
the dialog, which stays open (see ``RecordDialog``). Whether a step is allowed is the core's to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.approval import (
    MinutesStatus,
    approve_minutes,
    circulate_minutes,
    corrections,
    minutes_record,
    record_correction,
    verify_minutes,
)
from facilitator.entities import Partner, by_name
from facilitator.errors import KnownError
from facilitator.frozen import frozen
from facilitator.i18n import _
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import Confidentiality, Meeting, MeetingStatus
from facilitator.operations import members
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import (
    RecordDialog,
    Submit,
    checked_data,
    checklist,
    chosen,
    enum_combo,
    is_restricted,
    restricted_to,
)
from facilitator.ui.errors import tell
from facilitator.ui.meeting_dialogs import date_edit, date_of
from facilitator.ui.widgets import button


def _explanation(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


@frozen
class Circulation:
    """To whom and when the draft minutes go out."""

    partner_ids: list[str]
    on: dt.date


@frozen
class Approval:
    """At which meeting, and on which day, the minutes were approved."""

    at_meeting_id: str
    on: dt.date


@frozen
class CorrectionChoice:
    """A correction to approved minutes, and who may read it."""

    text: str
    on: dt.date
    confidentiality: Confidentiality
    restricted_to: tuple[str, ...]


class CirculateDialog(RecordDialog):
    """Circulate the draft minutes: to which partners (the forum's members by default), on which day."""

    def __init__(
        self,
        parent: QWidget | None,
        partners: Sequence[Partner],
        members: set[str],
        today: dt.date,
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Circulate the draft minutes"), submit)
        self.form.addRow(
            _explanation(
                _(
                    "The partners receive the minutes as they stand now; this version is kept. "
                    "The minutes can still be changed until they are approved."
                )
            )
        )
        default = members or {p.id for p in partners}
        self.partners = checklist([(p.name, p.id) for p in partners], set(default))
        self.date = date_edit(today)
        self.add_row("circulated_to", _("Circulate to:"), self.partners)
        self.add_row("circulated_on", _("Date:"), self.date)

    def record(self) -> Circulation:
        return Circulation([str(p) for p in checked_data(self.partners)], date_of(self.date))


class ApproveDialog(RecordDialog):
    """Approve the minutes at a later meeting of the forum (the next one by default), on a day."""

    def __init__(
        self,
        parent: QWidget | None,
        meetings: Sequence[tuple[str, str, dt.date]],
        default_id: str | None,
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Approve the minutes"), submit)
        self.form.addRow(
            _explanation(
                _(
                    "Once approved, the record of this meeting is locked: its agenda, attendance, notes and "
                    "decisions can no longer be changed. A mistake found later is recorded as a correction, "
                    "which is printed with the minutes."
                )
            )
        )
        self.meeting = QComboBox()
        for meeting_id, label, _day in meetings:
            self.meeting.addItem(label, meeting_id)
        self._days = {meeting_id: day for meeting_id, _label, day in meetings}
        if default_id is not None:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(default_id)))
        first = self._days.get(self.meeting.currentData() or "", clock.today())
        self.date = date_edit(first)
        self.meeting.currentIndexChanged.connect(lambda _i: self._meeting_chosen())
        self.add_row("approved_at_meeting_id", _("Approved at the meeting of:"), self.meeting)
        self.add_row("approved_on", _("Date:"), self.date)

    def _meeting_chosen(self) -> None:
        day = self._days.get(self.meeting.currentData() or "")
        if day is not None:
            self.date.setDate(QDate(day.year, day.month, day.day))

    def record(self) -> Approval:
        return Approval(str(self.meeting.currentData() or ""), date_of(self.date))


class CorrectionDialog(RecordDialog):
    """Record a mistake found in approved minutes; later exports print it as a corrigendum."""

    def __init__(
        self,
        parent: QWidget | None,
        partners: Sequence[Partner],
        today: dt.date,
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Record a correction"), submit)
        self.form.addRow(
            _explanation(
                _(
                    "Approved minutes are never edited. The correction is printed as a corrigendum in the "
                    "minutes from now on, for the readers chosen below."
                )
            )
        )
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        self.text.setPlaceholderText(_("What was wrong, and what is right."))
        self.date = date_edit(today)
        self.confidentiality = enum_combo(Confidentiality, Confidentiality.PARTNERS)
        self.restricted_to = checklist([(p.name, p.id) for p in partners], set())
        self.restricted_to.setEnabled(False)
        self.restricted_to.setMaximumHeight(140)
        self.confidentiality.currentIndexChanged.connect(lambda _i: self._confidentiality_chosen())
        self.add_row("text", _("Correction:"), self.text)
        self.add_row("recorded_on", _("Date:"), self.date)
        self.add_row("confidentiality", _("Who may read it:"), self.confidentiality)
        self.add_row("restricted_to", _("Only these partners:"), self.restricted_to)

    def _confidentiality_chosen(self) -> None:
        self.restricted_to.setEnabled(is_restricted(self.confidentiality))

    def record(self) -> CorrectionChoice:
        return CorrectionChoice(
            self.text.toPlainText().strip(),
            date_of(self.date),
            chosen(self.confidentiality, Confidentiality),
            restricted_to(self.confidentiality, self.restricted_to),
        )


class MinutesPanel(QGroupBox):
    """Where a meeting's minutes are (draft, circulated, approved and locked, corrected), and the buttons that
    move them on: each runs a core operation through the context, so it can be undone."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPanel")
        self.context = context
        self._meeting_id: str | None = None
        self.minutes_state = QLabel()
        self.minutes_state.setObjectName("minutesState")
        self.minutes_state.setProperty("showsData", True)
        self.minutes_state.setWordWrap(True)
        self.circulate_button = button("")
        self.approve_button = button("")
        self.correction_button = button("")
        self.verify_button = button("")
        self.circulate_button.clicked.connect(self.circulate)
        self.approve_button.clicked.connect(self.approve)
        self.correction_button.clicked.connect(self.add_correction)
        self.verify_button.clicked.connect(self.verify)
        layout = QVBoxLayout(self)
        for widget in (
            self.minutes_state,
            self.circulate_button,
            self.approve_button,
            self.correction_button,
            self.verify_button,
        ):
            layout.addWidget(widget)
        self.retranslate()

    def set_meeting(self, meeting_id: str | None) -> None:
        """Show the minutes of ``meeting_id`` (None: nothing)."""
        self._meeting_id = meeting_id
        self.refresh()

    def meeting(self) -> Meeting | None:
        """The meeting whose minutes are shown."""
        return self.context.store.find(Meeting, self._meeting_id) if self._meeting_id else None

    def refresh(self) -> None:
        """Read the minutes' state again."""
        self._show_state()
        self._update_buttons()

    def _show_state(self) -> None:
        meeting = self.meeting()
        if meeting is None:
            self.minutes_state.setText("")
            return
        store = self.context.store
        record = minutes_record(store, meeting.id)
        t = i18n.active()
        if record is None or record.status is MinutesStatus.DRAFT:
            text = _("Draft: not yet circulated.")
            if meeting.status is not MeetingStatus.HELD:
                text += " " + _("The minutes can be circulated once the meeting has been held.")
        elif record.status is MinutesStatus.CIRCULATED:
            names = sorted(
                p.name for p in store.all(Partner, include_archived=True) if p.id in record.circulated_to
            )
            day = t.format_date(record.circulated_on) if record.circulated_on else ""
            text = _("Circulated on {date} to {partners}.").format(date=day, partners=", ".join(names))
        else:
            at = store.find(Meeting, record.approved_at_meeting_id or "")
            day = t.format_date(record.approved_on) if record.approved_on else ""
            text = _("Approved on {date}").format(date=day)
            if at is not None:
                text += " " + _("at the meeting of {date}").format(date=t.format_date(at.starts_at.date()))
            text += ". " + _("The record of this meeting is locked.")
            fixes = len(corrections(store, meeting.id))
            if fixes:
                text += " " + i18n.ngettext(
                    "{n} correction recorded.", "{n} corrections recorded.", fixes
                ).format(n=fixes)
        self.minutes_state.setText(text)

    def _update_buttons(self) -> None:
        meeting = self.meeting()
        writable = not self.context.read_only
        record = minutes_record(self.context.store, meeting.id) if meeting else None
        status = record.status if record else MinutesStatus.DRAFT
        held = meeting is not None and meeting.status is MeetingStatus.HELD
        self.circulate_button.setEnabled(writable and held and status is not MinutesStatus.APPROVED)
        self.approve_button.setEnabled(writable and status is MinutesStatus.CIRCULATED)
        self.correction_button.setEnabled(writable and status is MinutesStatus.APPROVED)
        self.verify_button.setEnabled(status is MinutesStatus.APPROVED)

    def circulate(self) -> None:
        """Circulate the draft minutes to partners (the forum's members by default), on a day."""
        meeting = self.meeting()
        if meeting is None or self.context.read_only:
            return
        store = self.context.store
        partners = by_name(store.all(Partner))
        seated = {partner.id for partner, _seat in members(store, meeting.forum_id)}

        def submit(choice: object) -> None:
            assert isinstance(choice, Circulation)
            self.context.run(circulate_minutes(store, meeting.id, choice.partner_ids, choice.on))

        CirculateDialog(self, partners, seated, clock.today(), submit).exec()

    def approve(self) -> None:
        """Approve the minutes at a later meeting of the forum (the next one by default)."""
        meeting = self.meeting()
        if meeting is None or self.context.read_only:
            return
        store = self.context.store
        later = [
            m
            for m in meetings_of(store, meeting.forum_id)
            if m.starts_at > meeting.starts_at and m.status is not MeetingStatus.CANCELLED
        ]
        if not later:
            QMessageBox.information(
                self,
                _("No later meeting"),
                _("Minutes are approved at a later meeting of the forum. Plan the next meeting first."),
            )
            return
        t = i18n.active()
        choices = [
            (m.id, f"{t.format_date(m.starts_at.date(), 'full')} · {m.status.label}", m.starts_at.date())
            for m in later
        ]

        def submit(choice: object) -> None:
            assert isinstance(choice, Approval)
            self.context.run(approve_minutes(store, meeting.id, choice.at_meeting_id, choice.on))

        ApproveDialog(self, choices, later[0].id, submit).exec()

    def add_correction(self) -> None:
        """Record a mistake found in the approved minutes."""
        meeting = self.meeting()
        if meeting is None or self.context.read_only:
            return
        store = self.context.store
        partners = by_name(store.all(Partner))

        def submit(choice: object) -> None:
            assert isinstance(choice, CorrectionChoice)
            self.context.run(
                record_correction(
                    store,
                    meeting.id,
                    choice.text,
                    choice.on,
                    confidentiality=choice.confidentiality,
                    restricted_to=choice.restricted_to,
                )
            )

        CorrectionDialog(self, partners, clock.today(), submit).exec()

    def verify(self) -> bool | None:
        """Check the meeting's record against the checksum taken when its minutes were approved."""
        meeting = self.meeting()
        if meeting is None:
            return None
        try:
            intact = verify_minutes(self.context.store, meeting.id)
        except KnownError as error:
            tell(self, error, _("Nothing to verify"))
            return None
        if intact:
            QMessageBox.information(
                self,
                _("Checksum verified"),
                _("OK: the record of this meeting is exactly as it was when its minutes were approved."),
            )
        else:
            QMessageBox.warning(
                self,
                _("Checksum does not match"),
                _(
                    "The record of this meeting no longer matches the checksum taken when its minutes were "
                    "approved: it was changed outside this program, or the file is damaged. Keep the printed "
                    "approved minutes, and restore the file from a backup."
                ),
            )
        return intact

    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.setTitle(_("Minutes"))
        self.circulate_button.setText(_("Circulate…"))
        self.approve_button.setText(_("Approve at…"))
        self.correction_button.setText(_("Record correction…"))
        self.verify_button.setText(_("Verify checksum"))
        self._show_state()
