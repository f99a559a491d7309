"""Dialogs of the actions register and the review of actions: an action, its history, an update given at a
meeting, an escalation, an answer to one, and "what a partner promised".

Each dialog gathers values and hands them to a ``submit`` callback that runs the core operation; a refusal
(``ValidationError``) is shown in the dialog, which stays open with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.actions import (
    NEEDS_PREREQUISITES,
    Action,
    ActionOverride,
    ActionStatus,
    ActionUpdate,
    HistoryEntry,
    PrerequisitesNotDone,
    history,
    open_prerequisites,
    overrides_of,
)
from facilitator.entities import Forum, Membership, Partner, Representative, by_name, forum_names
from facilitator.errors import ValidationError
from facilitator.exports import Format
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Confidentiality, Meeting
from facilitator.prerequisites import by_id, override_line, waits_for_line
from facilitator.safe_files import file_name_for
from facilitator.store import Store
from facilitator.ui.dialogs import (
    OptionalDate,
    RecordDialog,
    Submit,
    checked_data,
    checklist,
    enum_combo,
    language_combo,
    restricted_to,
)
from facilitator.ui.models import Column, RecordTableModel
from facilitator.ui.save_as import SaveAs
from facilitator.ui.widgets import fit_columns, record_table

DOCX = Format.DOCX.value
PDF = Format.PDF.value
FORMATS = tuple((fmt.value, fmt.label) for fmt in (Format.DOCX, Format.PDF))


def _text_box(text: str, placeholder: str = "", lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def meeting_label(meeting: Meeting, forums: dict[str, str]) -> str:
    """``Station Square weekly round, 10 Mar 2025`` in the window's language."""
    name = meeting.title or forums.get(meeting.forum_id, "")
    return _("{forum}, {date}").format(forum=name, date=i18n.active().format_date(meeting.starts_at.date()))


def update_text(update: ActionUpdate | None, *, tabled: bool = True, held: bool = True) -> str:
    """What was said about an action at a meeting, in words; "no update given" when it was tabled and silent."""
    if update is None:
        if tabled and held:
            return _("No update given")
        return "—"
    parts = [update.note] if update.note else []
    if update.new_status is not None:
        parts.append(_("Now: {status}.").format(status=update.new_status.label))
    if update.new_due is not None:
        parts.append(_("New due date: {date}.").format(date=i18n.active().format_date(update.new_due)))
    return " ".join(parts) or "—"


# --- an action ------------------------------------------------------------------------------------------------------


def forum_partners(store: Store, forum_id: str) -> list[Partner]:
    """The partners with a seat on the forum (every partner when it has no members yet), by name."""
    seats = {m.partner_id for m in store.where(Membership, {"forum_id": forum_id})}
    partners = [p for p in store.all(Partner) if not seats or p.id in seats]
    return by_name(partners)


def _reason_box() -> QPlainTextEdit:
    """Where the coordinator says why an action goes ahead before what it waits for is done."""
    return _text_box(
        "", _("Why it cannot wait: this is kept in the action's history and printed in the minutes"), 2
    )


@frozen
class ActionChoice:
    """What the action dialog gathered: the action, and the reason to start or close it before what it waits
    for is done (empty when none is needed)."""

    action: Action
    override_reason: str = ""


class ActionDialog(RecordDialog):
    """Create or edit an action: what, whose, by when, who may see it and what it waits for."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        action: Action | None,
        submit: Submit,
        *,
        forum_id: str | None = None,
        partners: Sequence[Partner] | None = None,
        origin: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent, _("Edit action") if action else _("New action"), submit)
        self._store = store
        forums = by_name(store.all(Forum))
        chosen_forum = forum_id or (forums[0].id if forums else "")
        every_partner = by_name(store.all(Partner))
        choices = list(partners) if partners is not None else every_partner
        if action is None:
            meeting_id, item_id = origin or (None, None)
            action = Action(
                forum_id=chosen_forum,
                title="",
                owner_partner_id=choices[0].id if choices else "",
                origin_meeting_id=meeting_id,
                origin_item_id=item_id,
            )
        elif action.owner_partner_id not in {p.id for p in choices}:
            owner = store.find(Partner, action.owner_partner_id)
            choices = [*choices, owner] if owner else choices
        self._original = action
        a = action
        self.title_edit = QLineEdit(a.title)
        self.details = _text_box(a.details, _("What exactly is to be done, and how"))
        self.forum = QComboBox()
        for forum in forums:
            self.forum.addItem(forum.name, forum.id)
        if self.forum.findData(a.forum_id) < 0:
            known = store.find(Forum, a.forum_id)
            self.forum.addItem(known.name if known else a.forum_id, a.forum_id)
        self.forum.setCurrentIndex(max(0, self.forum.findData(a.forum_id)))
        self.partner = QComboBox()
        for partner in choices:
            self.partner.addItem(partner.name, partner.id)
        self.partner.setCurrentIndex(max(0, self.partner.findData(a.owner_partner_id)))
        self.person = QComboBox()
        self._people = store.all(Representative)
        self.due = OptionalDate(a.due, _("Has a due date"))
        self.status = enum_combo(ActionStatus, a.status)
        self.confidentiality = enum_combo(Confidentiality, a.confidentiality)
        self.restricted = checklist([(p.display_name, p.id) for p in every_partner], set(a.restricted_to))
        self.waits_for = QListWidget()
        self.waits_for.setObjectName("waitsFor")
        self.waits_for.setMinimumHeight(110)
        self.public_text = _text_box(
            a.public_text, _("How it may be told to residents on leaflets; empty keeps it off them"), 3
        )
        self.add_row("title", _("Action:"), self.title_edit)
        self.add_row("details", _("Details:"), self.details)
        self.add_row("forum_id", _("Followed up by:"), self.forum)
        self.add_row("owner_partner_id", _("Partner responsible:"), self.partner)
        self.add_row("owner_person_id", _("Person responsible:"), self.person)
        self.add_row("due", _("Due:"), self.due)
        self.add_row("status", _("Status:"), self.status)
        self.add_row("confidentiality", _("Who may see it:"), self.confidentiality)
        self.add_row("restricted_to", _("Restricted to:"), self.restricted)
        self.add_row("waits_for", _("Waits for:"), self.waits_for)
        self.add_row("public_text", _("Public wording:"), self.public_text)
        self.override_reason = _reason_box()
        self.add_row("override_reason", _("Reason to go ahead:"), self.override_reason)
        self.partner.currentIndexChanged.connect(lambda _i: self._fill_people(None))
        self.status.currentIndexChanged.connect(lambda _i: self._show_override())
        self.waits_for.itemChanged.connect(lambda _i: self._show_override())
        self.forum.currentIndexChanged.connect(lambda _i: self._fill_waits_for(self.chosen_prerequisites()))
        self._fill_people(a.owner_person_id)
        self._fill_waits_for(list(a.waits_for))
        self.show_restricted_row(self.confidentiality, self.restricted)
        self.confidentiality.currentIndexChanged.connect(lambda _i: self.adjustSize())
        self.adjustSize()
        self._show_override()

    def _show_override(self) -> None:
        """Ask for a reason only when the core will: started or closed while what it waits for is not done."""
        status = ActionStatus(self.status.currentData())
        changing = self._store.find(Action, self._original.id) is None or status is not self._original.status
        candidate = replace(self._original, waits_for=tuple(self.chosen_prerequisites()))
        needed = (
            changing and status in NEEDS_PREREQUISITES and bool(open_prerequisites(self._store, candidate))
        )
        self.reason_needed = needed
        self.form.setRowVisible(self.override_reason, needed)

    def _fill_people(self, keep: str | None) -> None:
        partner_id = self.partner.currentData()
        self.person.clear()
        self.person.addItem(_("No one named"), None)
        for person in by_name(self._people):
            if person.partner_id == partner_id and (not person.archived or person.id == keep):
                self.person.addItem(person.name, person.id)
        self.person.setCurrentIndex(max(0, self.person.findData(keep)) if keep else 0)

    def _fill_waits_for(self, chosen: Sequence[str]) -> None:
        """Other actions of the chosen forum that are not closed, and those already chosen."""
        forum_id = self.forum.currentData()
        ticked = set(chosen)
        candidates = [
            a
            for a in self._store.where(Action, {"forum_id": forum_id})
            if a.id != self._original.id and (not a.is_closed or a.id in ticked)
        ]
        candidates += [
            a
            for a in (self._store.find(Action, i) for i in ticked)
            if a is not None and a.forum_id != forum_id
        ]
        self.waits_for.clear()
        for other in sorted(candidates, key=lambda a: (a.is_closed, a.title.casefold())):
            text = other.title if not other.is_closed else f"{other.title} ({other.status.label})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if other.id in ticked else Qt.CheckState.Unchecked)
            self.waits_for.addItem(item)

    def chosen_prerequisites(self) -> list[str]:
        """The ids of the actions ticked under "waits for"."""
        return [str(i) for i in checked_data(self.waits_for)]

    def tick_prerequisite(self, action_id: str, ticked: bool = True) -> None:
        """Tick (or untick) an action under "waits for" (for keyboard users and tests alike)."""
        for row in range(self.waits_for.count()):
            item = self.waits_for.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == action_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def record(self) -> ActionChoice:
        reason = self.override_reason.toPlainText().strip() if self.reason_needed else ""
        return ActionChoice(self._action(), reason)

    def _action(self) -> Action:
        return replace(
            self._original,
            title=self.title_edit.text().strip(),
            details=self.details.toPlainText().strip(),
            forum_id=self.forum.currentData() or "",
            owner_partner_id=self.partner.currentData() or "",
            owner_person_id=self.person.currentData(),
            due=self.due.value(),
            # Qt hands enum members back as their string values.
            status=ActionStatus(self.status.currentData()),
            confidentiality=Confidentiality(self.confidentiality.currentData()),
            restricted_to=restricted_to(self.confidentiality, self.restricted),
            waits_for=tuple(self.chosen_prerequisites()),
            public_text=self.public_text.toPlainText().strip(),
        )


# --- history ------------------------------------------------------------------------------------------------------


@frozen
class HistoryLine:
    """One meeting of an action's history, worded for the window."""

    meeting: str
    when: dt.datetime
    tabled: str
    status_then: str
    due_then: str
    said: str


def override_lines(
    overrides: Sequence[ActionOverride],
    actions: Mapping[str, Action],
    meetings: Mapping[str, Meeting],
    forums: dict[str, str],
) -> list[HistoryLine]:
    """Each time the action went ahead before what it waits for was done, as a line of its history: at the
    meeting where it was decided, or between meetings."""
    t = i18n.active()
    lines = []
    for override in overrides:
        meeting = meetings.get(override.meeting_id or "")
        lines.append(
            HistoryLine(
                meeting=meeting_label(meeting, forums) if meeting else _("Between meetings"),
                when=meeting.starts_at if meeting else dt.datetime.combine(override.on, dt.time(23, 59)),
                tabled="",
                status_then=override.status.label,
                due_then="—",
                said=override_line(t, override, actions),
            )
        )
    return lines


def history_lines(entries: Sequence[HistoryEntry], forums: dict[str, str]) -> list[HistoryLine]:
    """``facilitator.actions.history`` in words, oldest first."""
    t = i18n.active()
    lines = []
    for entry in entries:
        review = entry.review
        lines.append(
            HistoryLine(
                meeting=meeting_label(entry.meeting, forums),
                when=entry.meeting.starts_at,
                tabled=_("Tabled") if review else _("Not tabled"),
                status_then=review.status_then.label if review else "—",
                due_then=t.format_date(review.due_then) if review and review.due_then else "—",
                said=update_text(
                    entry.update, tabled=review is not None, held=entry.meeting.started_at is not None
                ),
            )
        )
    return lines


class HistoryModel(RecordTableModel[HistoryLine]):
    """An action's meetings, one row each."""

    columns = (
        Column[HistoryLine](N_("Meeting"), lambda h: h.meeting, lambda h: h.when),
        Column[HistoryLine](N_("Status then"), lambda h: h.status_then),
        Column[HistoryLine](N_("Due then"), lambda h: h.due_then, lambda h: h.when),
        Column[HistoryLine](N_("Update given"), lambda h: h.said),
    )


class HistoryDialog(QDialog):
    """Every meeting an action was tabled at: its status and due date then, and the update given there."""

    def __init__(
        self,
        parent: QWidget | None,
        action: Action,
        entries: Sequence[HistoryEntry],
        forums: dict[str, str],
        *,
        store: Store | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of an action"))
        self.setMinimumSize(760, 360)
        self.heading = QLabel(action.title)
        self.heading.setObjectName("sectionTitle")
        self.heading.setProperty("showsData", True)
        self.heading.setWordWrap(True)
        # What it waits for and where each stands, and every time it went ahead before they were done.
        lines = history_lines(entries, forums)
        waits = ""
        if store is not None:
            overrides = overrides_of(store, action.id)
            known = by_id(store, [*action.waits_for, *(i for o in overrides for i in o.waiting_for)])
            waits = waits_for_line(i18n.active(), [known[i] for i in action.waits_for if i in known])
            meetings = {o.meeting_id: store.find(Meeting, o.meeting_id) for o in overrides if o.meeting_id}
            held = {i: m for i, m in meetings.items() if m is not None}
            lines = sorted(lines + override_lines(overrides, known, held, forums), key=lambda h: h.when)
        self.prerequisites = QLabel(waits)
        self.prerequisites.setObjectName("prerequisites")
        self.prerequisites.setProperty("showsData", True)
        self.prerequisites.setWordWrap(True)
        self.prerequisites.setVisible(bool(waits))
        tabled = sum(1 for e in entries if e.review is not None)
        silent = sum(1 for e in entries if e.no_update)
        summary = i18n.ngettext("Tabled at {n} meeting.", "Tabled at {n} meetings.", tabled).format(n=tabled)
        if silent:
            summary += " " + i18n.ngettext(
                "No update was given at {n} of them.", "No update was given at {n} of them.", silent
            ).format(n=silent)
        self.summary = QLabel(summary if entries else _("Not tabled at any meeting yet."))
        self.summary.setWordWrap(True)
        self.model = HistoryModel(self)
        self.model.reset_records(lines)
        self.table = record_table(self.model, self)
        self.table.setObjectName("historyTable")
        self.table.setSortingEnabled(False)  # meeting by meeting
        self.table.setWordWrap(True)
        fit_columns(self.table, 300)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.prerequisites)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def said(self) -> list[str]:
        """The update column, meeting by meeting (what the user reads)."""
        return [line.said for line in self.model.records()]


# --- an update at a meeting -----------------------------------------------------------------------------------------


def show_history(parent: QWidget | None, store: Store, action_id: str) -> HistoryDialog:
    """Open an action's history: meeting by meeting, with what it waits for and its overrides."""
    forums = forum_names(store)
    dialog = HistoryDialog(
        parent, store.get(Action, action_id), history(store, action_id), forums, store=store
    )
    dialog.exec()
    return dialog


@frozen
class UpdateChoice:
    """What the update dialog gathered."""

    note: str
    new_status: ActionStatus | None
    new_due: dt.date | None
    override_reason: str = ""


class UpdateDialog(RecordDialog):
    """What was said about an action at this meeting: a note, and perhaps a new status or due date."""

    def __init__(
        self,
        parent: QWidget | None,
        action: Action,
        meeting: str,
        existing: ActionUpdate | None,
        submit: Submit,
        *,
        waiting: Sequence[Action] = (),
    ) -> None:
        super().__init__(parent, _("Update on an action"), submit)
        self.setMinimumWidth(560)
        self.what = QLabel(_("{action} — at {meeting}").format(action=action.title, meeting=meeting))
        self.what.setProperty("showsData", True)
        self.what.setWordWrap(True)
        self.form.addRow(self.what)
        self.note = _text_box(existing.note if existing else "", _("What the partner reported"))
        self.new_status = QComboBox()
        self.new_status.addItem(_("No change ({status})").format(status=action.status.label), None)
        for status in ActionStatus:
            self.new_status.addItem(status.label, status)
        if existing and existing.new_status is not None:
            self.new_status.setCurrentIndex(self.new_status.findData(existing.new_status))
        current_due = existing.new_due if existing and existing.new_due else action.due
        self.new_due = OptionalDate(existing.new_due if existing else None, _("New due date"))
        if current_due is not None:
            self.new_due.edit.setDate(QDate(current_due.year, current_due.month, current_due.day))
        self.add_row("note", _("Update:"), self.note)
        self.add_row("new_status", _("New status:"), self.new_status)
        self.add_row("new_due", _("Due date:"), self.new_due)
        # Starting or closing it while what it waits for is not done needs the coordinator's reason.
        self._action = action
        self._waiting = tuple(waiting)
        self.waiting = QLabel(waits_for_line(i18n.active(), self._waiting))
        self.waiting.setProperty("showsData", True)
        self.waiting.setWordWrap(True)
        self.override_reason = _reason_box()
        self.form.addRow("", self.waiting)
        self.add_row("override_reason", _("Reason to go ahead:"), self.override_reason)
        self.new_status.currentIndexChanged.connect(lambda _i: self._show_override())
        self._show_override()

    def _show_override(self) -> None:
        status = self.new_status.currentData()
        self.reason_needed = (
            bool(self._waiting)
            and status is not None
            and ActionStatus(status) in NEEDS_PREREQUISITES
            and ActionStatus(status) is not self._action.status
        )
        self.form.setRowVisible(self.waiting, self.reason_needed)
        self.form.setRowVisible(self.override_reason, self.reason_needed)

    def record(self) -> UpdateChoice:
        status = self.new_status.currentData()
        return UpdateChoice(
            note=self.note.toPlainText().strip(),
            new_status=ActionStatus(status) if status else None,
            new_due=self.new_due.value(),
            override_reason=self.override_reason.toPlainText().strip() if self.reason_needed else "",
        )


class OverrideDialog(RecordDialog):
    """Start or close actions although what they wait for is not done: only with the coordinator's reason, which
    the core records in each action's history (services before intervention)."""

    def __init__(self, parent: QWidget | None, refused: PrerequisitesNotDone, submit: Submit) -> None:
        super().__init__(parent, _("Mark as {status}").format(status=refused.status.label), submit)
        self.setMinimumWidth(560)
        t = i18n.active()
        said = [f"{action.title}: {waits_for_line(t, waited)}" for action, waited in refused.waiting]
        self.what = QLabel("\n".join(said))
        self.what.setObjectName("overrideWhat")
        self.what.setProperty("showsData", True)
        self.what.setWordWrap(True)
        self.form.addRow(self.what)
        self.hint = QLabel(_("These services are not in place yet. Go ahead only for a reason you can give."))
        self.hint.setWordWrap(True)
        self.form.addRow(self.hint)
        self.reason = _reason_box()
        self.add_row("override_reason", _("Reason to go ahead:"), self.reason)

    def record(self) -> str:
        """The reason given."""
        return self.reason.toPlainText().strip()


# --- escalation -----------------------------------------------------------------------------------------------------


class EscalateDialog(RecordDialog):
    """Send something the forum cannot solve to another forum, saying why."""

    def __init__(
        self,
        parent: QWidget | None,
        subject: str,
        from_forum: Forum,
        targets: Sequence[Forum],
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Escalate"), submit)
        self.setMinimumWidth(560)
        self.what = QLabel(_("{subject} — from {forum}").format(subject=subject, forum=from_forum.name))
        self.what.setProperty("showsData", True)
        self.what.setWordWrap(True)
        self.form.addRow(self.what)
        self.target = QComboBox()
        # Only where the core lets it go (escalation.escalation_targets): up the tiers, nearest first.
        for forum in targets:
            self.target.addItem(forum.name, forum.id)
        self.reason = _text_box("", _("What the forum cannot solve itself, and what it asks for"))
        self.add_row("to_forum_id", _("Escalate to:"), self.target)
        self.add_row("reason", _("Reason:"), self.reason)

    def record(self) -> tuple[str, str]:
        """The target forum's id and the reason."""
        return (self.target.currentData() or "", self.reason.toPlainText().strip())


class AnswerDialog(RecordDialog):
    """The target forum's answer to an escalation, perhaps given at one of its meetings."""

    def __init__(
        self,
        parent: QWidget | None,
        subject: str,
        meetings: Sequence[tuple[str, str]],
        submit: Submit,
        *,
        response: str = "",
        meeting_id: str | None = None,
    ) -> None:
        super().__init__(parent, _("Answer an escalation"), submit)
        self.setMinimumWidth(560)
        self.what = QLabel(subject)
        self.what.setProperty("showsData", True)
        self.what.setWordWrap(True)
        self.form.addRow(self.what)
        self.response = _text_box(response, _("What the forum decided or answers"), 6)
        self.meeting = QComboBox()
        self.meeting.addItem(_("Not at a meeting"), None)
        for meeting, label in meetings:
            self.meeting.addItem(label, meeting)
        self.meeting.setCurrentIndex(max(0, self.meeting.findData(meeting_id)) if meeting_id else 0)
        self.add_row("response", _("Answer:"), self.response)
        self.add_row("answered_at_meeting_id", _("Given at:"), self.meeting)

    def record(self) -> tuple[str, str | None]:
        """The answer and the meeting it was given at, if any."""
        return (self.response.toPlainText().strip(), self.meeting.currentData())


# --- what a partner promised --------------------------------------------------------------------------------------


@frozen
class PromisesChoice:
    """Whose promises, in which language and format, written where."""

    partner_id: str
    language: str
    format: str
    path: Path


class PromisesDialog(RecordDialog):
    """Choose a partner, the language (the partner's own by default), the format and the file."""

    def __init__(
        self,
        parent: QWidget | None,
        partners: Sequence[Partner],
        submit: Submit,
        *,
        partner_id: str | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent, _("What a partner promised"), submit)
        self.setMinimumWidth(620)
        self._partners = {p.id: p for p in partners}
        self._folder = folder or Path.home()
        self.partner = QComboBox()
        for partner in partners:
            self.partner.addItem(partner.name, partner.id)
        if partner_id:
            self.partner.setCurrentIndex(max(0, self.partner.findData(partner_id)))
        first = self._partners.get(self.partner.currentData() or "")
        self.language = language_combo(first.language if first else i18n.current_language())
        self.save_as = SaveAs(self, FORMATS)
        self.format, self.path, self.browse = self.save_as.format, self.save_as.path, self.save_as.browse
        self.add_row("partner_id", _("Partner:"), self.partner)
        self.add_row("language", _("Language:"), self.language)
        self.add_row("format", _("Format:"), self.format)
        self.add_row("path", _("Save as:"), self.save_as.row)
        self.partner.currentIndexChanged.connect(lambda _i: self._partner_chosen())
        self.format.currentIndexChanged.connect(lambda _i: self._suggest_path())
        self._suggest_path()

    def _partner_chosen(self) -> None:
        partner = self._partners.get(self.partner.currentData() or "")
        if partner is not None:
            self.language.setCurrentIndex(max(0, self.language.findData(partner.language)))
        self._suggest_path()

    def _suggest_path(self) -> None:
        if self.save_as.typed:
            path = Path(self.path.text())
            if path.suffix.lower() in (".docx", ".pdf"):
                self.path.setText(str(path.with_suffix(self.save_as.suffix())))
            return
        partner = self._partners.get(self.partner.currentData() or "")
        name = _("What {partner} promised").format(partner=partner.display_name if partner else "")
        self.path.setText(str(self._folder / f"{file_name_for(name)}.{self.format.currentData()}"))

    def record(self) -> PromisesChoice:
        path = self.save_as.target()
        if not self.partner.currentData():
            raise ValidationError("partner_id", _("choose a partner"))
        return PromisesChoice(
            partner_id=str(self.partner.currentData()),
            language=str(self.language.currentData()),
            format=str(self.format.currentData()),
            path=path,
        )
