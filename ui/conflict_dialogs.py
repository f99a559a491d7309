"""Dialogs of the conflict log, and printing either register (conflicts or notices) off the GUI thread.

Each dialog hands what was entered to a ``submit`` callback that runs the core operation; a refusal is shown in the
dialog, which stays open. Whether a notice comes at short notice is the core's ``notice_checks``; the dialogs only
put its findings into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QWidget,
)

from facilitator import i18n
from facilitator.audience import Audience
from facilitator.conflicts import Conflict, ConflictCategory, ConflictStage, Severity
from facilitator.docmodel import DocumentModel
from facilitator.entities import Forum, Partner, Tier
from facilitator.errors import FileInUse
from facilitator.exports import Format
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Confidentiality, Meeting, MeetingStatus
from facilitator.safe_files import file_name_for
from facilitator.ui.dialogs import (
    OptionalDate,
    RecordDialog,
    Submit,
    checked_data,
    checklist,
    chosen,
    enum_combo,
    language_combo,
    restricted_to,
)
from facilitator.ui.jobs import Job, Progress, report_failure
from facilitator.ui.meeting_dialogs import date_edit, date_of
from facilitator.ui.register_widgets import (
    confidentiality_combo,
    meeting_text,
    partner_combo,
    scroll_form,
    text_box,
)

# --- conflicts ---------------------------------------------------------------------------------------------------


class ConflictDialog(RecordDialog):
    """Raise a conflict, or change one: everything but its stage, which moves through ``MoveConflictDialog``."""

    def __init__(
        self,
        parent: QWidget | None,
        conflict: Conflict | None,
        forums: Sequence[Forum],
        partners: Sequence[Partner],
        submit: Submit,
        *,
        today: dt.date,
        forum_id: str | None = None,
    ) -> None:
        super().__init__(parent, _("Edit conflict") if conflict else _("Raise conflict"), submit)
        self._new = conflict is None
        self._original = conflict or Conflict(
            forum_id=forum_id or (forums[0].id if forums else ""),
            title="",
            raised_on=today,
            raised_by_partner_id=partners[0].id if partners else "",
        )
        c = self._original
        self.title_edit = QLineEdit(c.title)
        self.forum = QComboBox()
        for forum in forums:
            self.forum.addItem(forum.name, forum.id)
        self.forum.setCurrentIndex(max(0, self.forum.findData(c.forum_id)))
        self.description = text_box(c.description, 110)
        self.raised_on = date_edit(c.raised_on)
        self.raised_by = partner_combo(partners, c.raised_by_partner_id)
        self.parties = checklist([(p.name, p.id) for p in partners], set(c.partners_involved))
        self.category = enum_combo(ConflictCategory, c.category)
        self.severity = enum_combo(Severity, c.severity)
        self.confidentiality = confidentiality_combo(c.confidentiality)
        self.restricted = checklist([(p.name, p.id) for p in partners], set(c.restricted_to))
        self.parties.setMinimumHeight(170)
        self.restricted.setMinimumHeight(150)
        self.review_on = OptionalDate(c.review_on, _("Review on"))
        self.note = text_box("")
        self.add_row("title", _("Title:"), self.title_edit)
        self.add_row("forum_id", _("Forum:"), self.forum)
        self.add_row("description", _("What it is about:"), self.description)
        self.add_row("raised_on", _("Raised on:"), self.raised_on)
        self.add_row("raised_by_partner_id", _("Raised by:"), self.raised_by)
        self.add_row("partners_involved", _("Partners involved:"), self.parties)
        self.add_row("category", _("Category:"), self.category)
        self.add_row("severity", _("Severity:"), self.severity)
        self.add_row("confidentiality", _("Who may see it:"), self.confidentiality)
        self.add_row("restricted_to", _("Only these partners:"), self.restricted)
        self.add_row("review_on", _("Review date:"), self.review_on)
        if self._new:
            self.add_row("note", _("First note:"), self.note)
        self.show_restricted_row(self.confidentiality, self.restricted)
        scroll_form(self)

    def record(self) -> tuple[Conflict, str]:
        """The conflict, and the note that opens its timeline (new conflicts only)."""
        conflict = replace(
            self._original,
            title=self.title_edit.text().strip(),
            forum_id=self.forum.currentData(),
            description=self.description.toPlainText().strip(),
            raised_on=date_of(self.raised_on),
            raised_by_partner_id=self.raised_by.currentData(),
            partners_involved=tuple(str(p) for p in checked_data(self.parties)),
            category=chosen(self.category, ConflictCategory),
            severity=chosen(self.severity, Severity),
            confidentiality=chosen(self.confidentiality, Confidentiality),
            restricted_to=restricted_to(self.confidentiality, self.restricted),
            review_on=self.review_on.value(),
        )
        return conflict, self.note.toPlainText().strip() if self._new else ""


@frozen
class StageMove:
    """What ``MoveConflictDialog`` gathers for ``conflicts.move_conflict``."""

    stage: ConflictStage
    on: dt.date
    note: str
    meeting_id: str | None
    mediator: str
    resolution: str
    lessons: str
    escalate_to: str | None = None  # moving to "escalated": the forum it goes up to


class MoveConflictDialog(RecordDialog):
    """Take a conflict to another stage, with a dated note, perhaps at a meeting of its forum."""

    def __init__(
        self,
        parent: QWidget | None,
        conflict: Conflict,
        meetings: Sequence[Meeting],
        submit: Submit,
        *,
        today: dt.date,
        targets: Sequence[Forum] = (),
        escalated_to: Forum | None = None,
    ) -> None:
        super().__init__(parent, _("Move {title} to another stage").format(title=conflict.title), submit)
        self.stage = enum_combo(ConflictStage, _next_stage(conflict.stage))
        self.on = date_edit(today)
        self.note = text_box("")
        self.meeting = QComboBox()
        self.meeting.addItem(_("Not at a meeting"), None)
        for meeting in meetings:
            if meeting.status is not MeetingStatus.CANCELLED:
                self.meeting.addItem(meeting_text(meeting), meeting.id)
        same_day = [m.id for m in meetings if m.starts_at.date() == today]
        if same_day:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(same_day[0])))
        self.mediator = QLineEdit(conflict.mediator)
        self.mediator.setPlaceholderText(_("Who mediates, and for which organisation"))
        self.resolution = text_box(conflict.resolution)
        self.lessons = text_box(conflict.lessons)
        # Moving it to "escalated" sends it up (escalation.escalation_targets), or links the open escalation.
        self.escalate_to = QComboBox()
        if escalated_to is not None:
            self.escalate_to.addItem(
                _("{forum} (already escalated there)").format(forum=escalated_to.name), None
            )
            self.escalate_to.setEnabled(False)
        for forum in targets if escalated_to is None else ():
            self.escalate_to.addItem(forum.name, forum.id)
        self.add_row("stage", _("New stage:"), self.stage)
        self.add_row("to_forum_id", _("Escalate to:"), self.escalate_to)
        self.add_row("on", _("Date:"), self.on)
        self.add_row("note", _("Note:"), self.note)
        self.add_row("meeting_id", _("Discussed at:"), self.meeting)
        self.add_row("mediator", _("Mediator:"), self.mediator)
        self.add_row("resolution", _("How it was resolved:"), self.resolution)
        self.add_row("lessons", _("Lessons learned:"), self.lessons)
        self.stage.currentIndexChanged.connect(lambda _i: self._show_fields())
        self._show_fields()

    def _show_fields(self) -> None:
        stage = chosen(self.stage, ConflictStage)
        self.form.setRowVisible(
            self.mediator, stage is ConflictStage.IN_MEDIATION or bool(self.mediator.text())
        )
        closing = stage in (ConflictStage.RESOLVED, ConflictStage.CLOSED_UNRESOLVED)
        self.form.setRowVisible(self.resolution, stage is ConflictStage.RESOLVED)
        self.form.setRowVisible(self.lessons, closing)
        escalating = stage is ConflictStage.ESCALATED
        self.form.setRowVisible(self.escalate_to, escalating)
        self.note.setPlaceholderText(
            _("Why this forum cannot resolve it, and what the other forum should decide")
            if escalating
            else ""
        )

    def record(self) -> StageMove:
        return StageMove(
            stage=chosen(self.stage, ConflictStage),
            on=date_of(self.on),
            note=self.note.toPlainText().strip(),
            meeting_id=self.meeting.currentData(),
            mediator=self.mediator.text().strip(),
            resolution=self.resolution.toPlainText().strip(),
            lessons=self.lessons.toPlainText().strip(),
            escalate_to=self.escalate_to.currentData(),
        )


def _next_stage(stage: ConflictStage) -> ConflictStage:
    order = list(ConflictStage)
    following = order.index(stage) + 1
    if stage in (ConflictStage.IN_MEDIATION, ConflictStage.ESCALATED):
        return ConflictStage.RESOLVED
    return order[following] if following < len(order) else stage


class EscalateDialog(RecordDialog):
    """Send a conflict to another forum (usually up to the strategic group), saying why."""

    def __init__(
        self,
        parent: QWidget | None,
        conflict: Conflict,
        targets: Sequence[Forum],
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Escalate {title}").format(title=conflict.title), submit)
        self.target = QComboBox()
        # Only up the tiers (escalation.escalation_targets); never to a public meeting: conflicts are partners'.
        for forum in targets:
            if forum.tier is not Tier.PUBLIC:
                self.target.addItem(forum.name, forum.id)
        self.reason = text_box("", 110)
        self.reason.setPlaceholderText(
            _("Why this forum cannot resolve it, and what the other forum should decide")
        )
        self.add_row("to_forum_id", _("Escalate to:"), self.target)
        self.add_row("reason", _("Reason:"), self.reason)

    def record(self) -> tuple[str, str]:
        """The target forum's id and the reason."""
        return self.target.currentData() or "", self.reason.toPlainText().strip()


# --- printing a register -----------------------------------------------------------------------------------------

#: What a register can be printed as: on paper (through Qt's print dialog), or saved as a file.
PRINT = "print"
FORMATS = ((PRINT, N_("Paper (printer)")), *((fmt.value, fmt.label) for fmt in (Format.DOCX, Format.PDF)))
FILE_FILTERS = {fmt.value: fmt.file_filter for fmt in Format}


@frozen
class PrintChoice:
    """For whom, in which language and in which format a register is printed."""

    audience: Audience
    language: str
    file_format: str


class PrintDialog(RecordDialog):
    """Choose the audience (all partners, the full record, or one partner), the language and the format."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        partners: Sequence[Partner],
        submit: Submit,
    ) -> None:
        super().__init__(parent, title, submit)
        self.setMinimumWidth(520)
        self.audience = QComboBox()
        self.audience.addItem(_("All partners"), "partners")
        self.audience.addItem(_("Full record (secretariat)"), "full")
        self.audience.addItem(_("Partners, with what is restricted to one partner"), "for_partner")
        self.partner = partner_combo(partners, None)
        self.language = language_combo(i18n.current_language())
        self.file_format = QComboBox()
        for code, name in FORMATS:
            self.file_format.addItem(_(name), code)
        self.note = QLabel(_("Restricted entries the audience may not see are left out, with a count."))
        self.note.setWordWrap(True)
        self.add_row("audience", _("For:"), self.audience)
        self.add_row("partner_id", _("Partner:"), self.partner)
        self.add_row("language", _("Language:"), self.language)
        self.add_row("file_format", _("Format:"), self.file_format)
        self.form.addRow(self.note)
        self.audience.currentIndexChanged.connect(lambda _i: self._show_partner())
        self._show_partner()

    def _show_partner(self) -> None:
        self.form.setRowVisible(self.partner, self.audience.currentData() == "for_partner")

    def record(self) -> PrintChoice:
        kind = self.audience.currentData()
        if kind == "full":
            audience = Audience.full()
        elif kind == "for_partner" and self.partner.currentData():
            audience = Audience.for_partner(self.partner.currentData())
        else:
            audience = Audience.partners()
        return PrintChoice(audience, self.language.currentData(), self.file_format.currentData())


def write_document(model: DocumentModel, path: Path, file_format: str, progress: Progress) -> None:
    """Lay ``model`` out as DOCX or PDF at ``path``. Runs on a worker thread: it touches no Qt and no database."""
    from facilitator.ui.export_worker import write_document as write  # noqa: PLC0415 - only when printing

    write(model, Format(file_format), path, progress)


def ask_for_path(parent: QWidget, suggested: str, file_format: str) -> Path | None:
    """Ask where to save the register; the format's extension is added when missing."""
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see ui/errors.py

    name = f"{file_name_for(suggested)}.{file_format}"
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save as"), name, _(FILE_FILTERS[file_format]))
    if not path:
        return None
    target = Path(path)
    return target if target.suffix else target.with_suffix(f".{file_format}")


def busy_dialog(parent: QWidget, text: str) -> QProgressDialog:
    """A progress dialog without a cancel button that says what is being done while a worker prints."""
    progress = QProgressDialog(parent)
    progress.setWindowTitle(_("Printing"))
    progress.setLabelText(text)
    progress.setRange(0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(420)
    return progress


def start_export(
    parent: QWidget,
    model: DocumentModel,
    path: Path,
    file_format: str,
    done: Callable[[Path | None], None],
) -> Job:
    """Write ``model`` on a worker thread with a progress dialog; ``done`` gets the path, or None on failure."""
    progress = busy_dialog(parent, _("Writing {name}…").format(name=path.name))

    def work(say: Progress) -> Path:
        write_document(model, path, file_format, say)
        return path

    def end(outcome: Path | None) -> None:
        progress.close()
        progress.deleteLater()
        done(outcome)

    def failed(error: Exception) -> None:
        # Open in another program: write beside it, or try again, or leave it.
        if isinstance(error, FileInUse):
            from facilitator.ui.file_in_use import where_instead  # noqa: PLC0415

            progress.close()
            progress.deleteLater()
            elsewhere = where_instead(parent, error)
            if elsewhere is not None:
                start_export(parent, model, elsewhere, file_format, done)
            else:
                done(None)
            return
        end(None)
        report_failure(parent, error, _("Cannot write the file"))

    job = Job(work, name="writing a register")
    job.signals.progress.connect(progress.setLabelText)
    job.signals.done.connect(end)
    job.signals.failed.connect(failed)
    progress.show()
    return job.start()


def start_printing(parent: QWidget, model: DocumentModel, done: Callable[[bool], None]) -> Job:
    """Make ``model``'s PDF on a worker with a progress dialog, then print it through Qt's print dialog;
    ``done`` gets whether it was printed."""
    from facilitator.ui.export_worker import pdf_of  # noqa: PLC0415 - only when printing
    from facilitator.ui.printing import print_pdf  # noqa: PLC0415

    progress = busy_dialog(parent, _("Preparing the pages…"))

    def end(printed: bool) -> None:  # the job ends once, with its one outcome (the print dialog is modal)
        progress.close()
        progress.deleteLater()
        done(printed)

    def made(pdf: bytes) -> None:
        progress.close()
        end(print_pdf(parent, pdf, model.title))

    def failed(error: Exception) -> None:
        progress.close()
        end(False)
        report_failure(parent, error, _("Not printed"))

    job = Job(lambda say: pdf_of(model, say), name="printing a register")
    job.signals.progress.connect(progress.setLabelText)
    job.signals.done.connect(made)
    job.signals.failed.connect(failed)
    progress.show()
    return job.start()


class PrintsRegister:
    """What the conflict log and the notices register share to print themselves: choose the audience, the
    language and the format, build the document on the window's thread, write it in a worker, say where."""

    context: Any
    export_job: Any
    last_export: Path | None
    exported: Any  # Signal(str): the path written

    def print_document(
        self,
        dialog_title: str,
        file_title: str,
        partners: Sequence[Partner],
        build: Callable[[PrintChoice], DocumentModel],
    ) -> None:
        """Ask what to print, then print it; one print at a time."""
        if self.export_job is not None:
            return
        chosen: list[PrintChoice] = []

        def submit(choice: object) -> None:
            assert isinstance(choice, PrintChoice)
            chosen.append(choice)

        parent = cast(QWidget, self)
        PrintDialog(parent, dialog_title, partners, submit).exec()
        if not chosen:
            return
        choice = chosen[0]
        if choice.file_format == PRINT:
            # Built here, on the GUI thread that owns the database connection; the PDF is made on a worker and
            # printed as it draws, as minutes are (ui/printing.py).
            self.export_job = start_printing(parent, build(choice), self._printed)
            return
        path = ask_for_path(parent, file_title, choice.file_format)
        if path is None:
            return
        # Built here, on the GUI thread that owns the database connection; only the writing goes to a worker.
        model = build(choice)
        self.export_job = start_export(parent, model, path, choice.file_format, self._exported)

    def _printed(self, done: bool) -> None:
        self.export_job = None
        if done:
            window = cast(QWidget, self).window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(_("Sent to the printer."), 8000)

    def _exported(self, path: Path | None) -> None:
        self.export_job = None
        if path is None:
            return
        self.last_export = path
        window = cast(QWidget, self).window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(_("Saved {path}").format(path=path), 8000)
        self.exported.emit(str(path))
