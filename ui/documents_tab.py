"""The documents of a meeting: minutes or agenda, for an audience, in a language, previewed as the PDF prints.

The document model is built here, on the window's thread (SQLite stays there); laying it out, rendering the
preview and writing files happen on a worker (``export_worker``), so the window never freezes. The minutes'
life (circulated, approved, corrected) is shown beside the preview, and each step runs a core operation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.audience import Audience, AudienceKind
from facilitator.docmodel import DocumentModel
from facilitator.document_choice import (
    AGENDA,
    MINUTES,
    default_audience,
    default_document,
    minutes_are_a_template,
)
from facilitator.entities import Forum, Partner, by_name
from facilitator.errors import FileInUse, KnownError
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting
from facilitator.minutes import build_agenda, build_minutes
from facilitator.operations import Changes
from facilitator.safe_files import file_name_for
from facilitator.ui.approval_dialogs import MinutesPanel
from facilitator.ui.combos import languages_by_name, refill
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.export_worker import (
    PREVIEW_SCALE,
    DocumentFormat,
    ExportJob,
    PreviewJob,
    PreviewResult,
    page_pixmap,
)
from facilitator.ui.file_in_use import where_instead
from facilitator.ui.palette import band_style
from facilitator.ui.printing import print_pdf
from facilitator.ui.widgets import button, elide_choices, wrapping_row

FOR_PARTNER = "for_partner"
#: Zoom choices: None fits the page to the width; a number is the size against the printed page.
ZOOMS: tuple[float | None, ...] = (None, 0.5, 0.75, 1.0, 1.25, 1.5)
DEBOUNCE_MS = 300
FILTERS = {
    DocumentFormat.PDF: N_("PDF documents (*.pdf)"),
    DocumentFormat.DOCX: N_("Word documents (*.docx)"),
}
UNTRANSLATED_SHOWN = 8


class ElidedLabel(QLabel):
    """One line of changing text that gives way to its neighbours: cut with "…" where there is no room."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        """Show ``text``, elided to the width there is."""
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        """The text, whole."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        )


class PreviewArea(QScrollArea):
    """A scrolling page view that says when its width changes (the page is zoomed to fit it).

    It asks for little room: the page is zoomed to whatever width it is given, so the choices and buttons beside
    it get theirs first (asking for the page's own width squeezed them under their least, cutting them off)."""

    resized = Signal()

    def sizeHint(self) -> QSize:
        return QSize(240, 320)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class SideColumn(QScrollArea):
    """The choices and buttons beside the preview: as wide as their words ask where there is room, scrolled
    sideways where there is not (never cut off). Qt's scroll area keeps the width its contents first asked for,
    before they had their words, which left the buttons cut off at the right in French."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        return QSize(inner.sizeHint().width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # its contents' words changed: ask the tab's layout again
        return super().eventFilter(watched, event)


class DocumentsTab(QWidget):
    """Choose a document, its audience, language and format; preview it, export it, print it; and move the
    minutes from draft to circulated to approved."""

    preview_ready = Signal()
    exported = Signal(object)  # Path
    export_failed = Signal(object)  # Exception

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsTab")
        self.context = context
        self._meeting_id: str | None = None
        self._forum_id: str | None = None
        self._defaults_for: str | None = None  # the meeting whose default document and audience were chosen
        self._generation = 0
        self._running: set[PreviewJob] = set()
        self._pending: DocumentModel | None = None
        self._exports: set[ExportJob] = set()
        self.preview: PreviewResult | None = None
        self.model: DocumentModel | None = None
        self.page = 0
        self.last_export: Path | None = None
        self._exported_model: DocumentModel | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_preview)

        # -- choices --
        self.document_label, self.document = QLabel(), QComboBox()
        self.audience_label, self.audience_choice = QLabel(), QComboBox()
        self.partner_label, self.partner = QLabel(), QComboBox()
        self.language_label, self.language = QLabel(), QComboBox()
        self.format_label, self.format = QLabel(), QComboBox()
        self.format.setProperty("enumChoice", True)
        self.document.setProperty("enumChoice", True)
        self.audience_choice.setProperty("enumChoice", True)
        choices = QFormLayout()
        choices.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, box in (
            (self.document_label, self.document),
            (self.audience_label, self.audience_choice),
            (self.partner_label, self.partner),
            (self.language_label, self.language),
            (self.format_label, self.format),
        ):
            label.setBuddy(box)
            box.setMinimumContentsLength(12)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            choices.addRow(label, box)
            box.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.export_button = button("")
        self.open_button = button("")
        self.print_button = button("")
        self.circulate_button = button("")
        self.circulate_button.setObjectName("circulateByEmail")
        self.circulate_button.clicked.connect(lambda _c=False: self.circulate())
        self.export_button.clicked.connect(self.export)
        self.open_button.clicked.connect(self.open_export)
        self.print_button.clicked.connect(lambda _checked=False: self.print_document())
        self.export_state = QLabel()
        self.export_state.setObjectName("exportState")
        self.export_state.setProperty("showsData", True)
        self.export_state.setWordWrap(True)
        self.export_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_state.hide()

        # -- the minutes' life --
        self.minutes = MinutesPanel(context)

        self.untranslated = QLabel()
        self.untranslated.setObjectName("untranslatedWarning")
        self.untranslated.setProperty("showsData", True)
        self.untranslated.setStyleSheet(band_style())
        self.untranslated.setWordWrap(True)
        self.untranslated.setTextFormat(Qt.TextFormat.PlainText)
        self.untranslated.hide()
        self.template_note = QLabel()  # the minutes of a meeting not held are only a template for notes
        self.template_note.setObjectName("templateNote")
        self.template_note.setStyleSheet(band_style())
        self.template_note.setWordWrap(True)
        self.template_note.hide()

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 6, 0)
        side_layout.addLayout(choices)
        side_layout.addWidget(self.template_note)
        actions = QGridLayout()
        actions.addWidget(self.export_button, 0, 0)
        actions.addWidget(self.print_button, 0, 1)
        actions.addWidget(self.open_button, 1, 0, 1, 2)
        actions.addWidget(self.circulate_button, 2, 0, 1, 2)
        side_layout.addLayout(actions)
        side_layout.addWidget(self.export_state)
        side_layout.addWidget(self.minutes)
        side_layout.addWidget(self.untranslated)
        side_layout.addStretch(1)
        side_scroll = self.side_column = SideColumn()
        side_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        side_scroll.setWidget(side)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Where even its least does not fit (a narrow window at 150 %), it scrolls rather than cut its buttons off.
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        side_scroll.setMinimumWidth(190)  # narrower still, it scrolls sideways: a 1024-pixel screen in Dutch
        side_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not the page
        side_scroll.setMaximumWidth(360)

        # -- the preview --
        self.previous_button = QToolButton()
        self.next_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.page_label = QLabel()
        self.page_label.setProperty("showsData", True)
        self.zoom_label, self.zoom = QLabel(), QComboBox()
        self.zoom_label.setBuddy(self.zoom)
        self.zoom.currentIndexChanged.connect(lambda _i: self._show_image())
        elide_choices(self.zoom, letters=9)  # "An Breite anpassen": German at 125 % on a 1366x768 laptop
        # The fonts' progress can be long: it is elided by the room there is, never widening the tab.
        self.busy_label = ElidedLabel()
        self.busy_label.setObjectName("previewBusy")
        self.busy_label.setProperty("showsData", True)  # its text changes with the fonts' progress
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(60)
        self.busy.setTextVisible(False)
        # Pages, zoom and progress wrap onto a second line where the tab is narrow (a laptop at 125 %), rather
        # than the bar setting the window's least width.
        pages, zoom, progress = QWidget(), QWidget(), QWidget()
        for group, parts in (
            (pages, (self.previous_button, self.page_label, self.next_button)),
            (zoom, (self.zoom_label, self.zoom)),
            (progress, (self.busy_label, self.busy)),
        ):
            group_layout = QHBoxLayout(group)
            group_layout.setContentsMargins(0, 0, 0, 0)
            for part in parts:
                group_layout.addWidget(part, 1 if part is self.busy_label else 0)
        progress.setFixedWidth(200)  # the fonts' progress is elided to it
        progress.hide()  # shown while a preview is being made (_show_busy)
        self.progress = progress
        bar = wrapping_row(pages, zoom, progress, spacing=12)
        self.page_view = QLabel()
        self.page_view.setObjectName("previewPage")
        self.page_view.setProperty("showsData", True)  # says why there is no preview, in words
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_view.setWordWrap(True)
        self.page_view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview_area = PreviewArea()
        self.preview_area.setObjectName("previewArea")
        self.preview_area.setWidget(self.page_view)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        )  # no fit-width loop
        self.preview_area.setStyleSheet(
            "QScrollArea#previewArea, QLabel#previewPage { background: #8a8f96; }"
        )
        self.preview_area.resized.connect(self._show_image)
        preview = QVBoxLayout()
        preview.addLayout(bar)
        preview.addWidget(self.preview_area, 1)

        layout = QHBoxLayout(self)
        layout.addWidget(side_scroll)
        layout.addLayout(preview, 1)

        context.changed.connect(self._on_changed)
        context.closing.connect(self._file_closing)
        self.retranslate()
        self._show_busy(False)
        self._update_buttons()

    # -- what is shown -----------------------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: str | None) -> None:
        """Show the documents of ``meeting_id`` (None empties the tab and stops previewing)."""
        self._meeting_id = meeting_id
        meeting = self.meeting()
        if meeting is None:
            self._meeting_id = None
            self._debounce.stop()
            self._pending = None
            self.preview = None
            self.model = None
            self.untranslated.hide()
            self.minutes.set_meeting(None)
            self._show_image()
            self._update_buttons()
            return
        if meeting.forum_id != self._forum_id:
            self._forum_id = meeting.forum_id
            self._fill_language(self._working_language())
        self._fill_partners()
        if meeting.id != self._defaults_for:  # a meeting newly shown opens on the document it needs now
            self._defaults_for = meeting.id
            forum = self.context.store.find(Forum, meeting.forum_id)
            for box in (self.document, self.audience_choice):
                box.blockSignals(True)
            self.set_choices(document=default_document(meeting), audience=default_audience(forum))
            for box in (self.document, self.audience_choice):
                box.blockSignals(False)
            self._show_partner_choice()
        self._name_minutes(meeting)
        self.minutes.set_meeting(meeting.id)
        self._update_buttons()
        self.schedule_preview()

    def _name_minutes(self, meeting: Meeting | None) -> None:
        """Call the minutes of a meeting not yet held what they are: a template for notes."""
        template = meeting is not None and minutes_are_a_template(meeting)
        index = self.document.findData(MINUTES)
        if index >= 0:
            self.document.setItemText(
                index, _("Template for notes (not held yet)") if template else _("Minutes")
            )
        chosen = template and self.document.currentData() == MINUTES
        self.template_note.setVisible(chosen)
        self.template_note.setText(
            _(
                "This meeting has not been held: this is an empty template to take notes in, not its minutes. "
                "The minutes are written once it is held."
            )
        )

    def _file_closing(self) -> None:
        self.set_meeting(None)  # no preview is ever built from a closed file

    def meeting(self) -> Meeting | None:
        """The meeting shown."""
        return self.context.store.find(Meeting, self._meeting_id) if self._meeting_id else None

    def _working_language(self) -> str:
        forum = self.context.store.find(Forum, self._forum_id) if self._forum_id else None
        language = forum.working_language if forum else i18n.SOURCE_LANGUAGE
        return language if language in i18n.DOCUMENT_LANGUAGES else i18n.SOURCE_LANGUAGE

    def _fill_language(self, current: str) -> None:
        refill(self.language, languages_by_name(i18n.DOCUMENT_LANGUAGES), current)

    def _fill_partners(self) -> None:
        refill(self.partner, [(p.name, p.id) for p in by_name(self.context.store.all(Partner))])

    def audience(self) -> Audience:
        """The audience chosen."""
        kind = self.audience_choice.currentData()
        if kind == FOR_PARTNER and self.partner.currentData():
            return Audience.for_partner(str(self.partner.currentData()))
        if kind == AudienceKind.PUBLIC.value:
            return Audience.public()
        if kind == AudienceKind.FULL.value:
            return Audience.full()
        return Audience.partners()

    def set_choices(
        self,
        *,
        document: str | None = None,
        audience: Audience | None = None,
        language: str | None = None,
        fmt: DocumentFormat | None = None,
    ) -> None:
        """Choose the document, audience, language or format (as a user would in the boxes)."""
        if document is not None:
            self.document.setCurrentIndex(self.document.findData(document))
        if audience is not None:
            kind = FOR_PARTNER if audience.partner_id else audience.kind.value
            if audience.partner_id:
                self.partner.setCurrentIndex(self.partner.findData(audience.partner_id))
            self.audience_choice.setCurrentIndex(self.audience_choice.findData(kind))
        if language is not None:
            self.language.setCurrentIndex(self.language.findData(language))
        if fmt is not None:
            self.format.setCurrentIndex(self.format.findData(fmt.value))

    def document_format(self) -> DocumentFormat:
        """The format chosen for export."""
        return DocumentFormat(self.format.currentData() or DocumentFormat.PDF.value)

    def build_model(self) -> DocumentModel:
        """The chosen document of the meeting, built from the file now (on the window's thread)."""
        if self._meeting_id is None:
            raise KnownError(_("Choose a meeting first."))
        build = build_agenda if self.document.currentData() == AGENDA else build_minutes
        language = str(self.language.currentData() or self._working_language())
        return build(self.context.store, self._meeting_id, self.audience(), language)

    def _choice_changed(self) -> None:
        self._name_minutes(self.meeting())
        self._show_partner_choice()
        self.schedule_preview()

    def _show_partner_choice(self) -> None:
        self.partner.setVisible(self.audience_choice.currentData() == FOR_PARTNER)
        self.partner_label.setVisible(self.audience_choice.currentData() == FOR_PARTNER)

    def _on_changed(self, changes: Changes) -> None:
        if self._meeting_id is None:
            return
        if self.meeting() is None:  # its creation was undone
            self.set_meeting(None)
            return
        if changes.touches(Partner):
            self._fill_partners()
        self.minutes.refresh()
        self._update_buttons()
        self.schedule_preview()

    # -- the preview -------------------------------------------------------------------------------------------------
    def schedule_preview(self) -> None:
        """Prepare the preview again shortly (choices and records often change several times in a row)."""
        if self._meeting_id is None:
            return
        self._show_busy(True, _("Preparing preview…"))
        self._debounce.start()

    def is_busy(self) -> bool:
        """Whether a preview is waiting to be built or being laid out."""
        return self._debounce.isActive() or bool(self._running) or self._pending is not None

    def refresh_preview(self) -> None:
        """Build the document now and lay it out on a worker; the preview follows when it is done."""
        self._debounce.stop()
        if self._meeting_id is None:
            return
        try:
            model = self.build_model()
        except KnownError as error:
            self.preview = None
            self.model = None
            self._show_busy(False)
            self._show_image(error.message)
            return
        self.model = model
        self._show_untranslated(model)
        if self._running:
            self._pending = model  # laid out as soon as the running job is done
            return
        self._start_preview(model)

    def _start_preview(self, model: DocumentModel) -> None:
        self._generation += 1
        job = PreviewJob(model, self._generation)
        self._running.add(job)
        job.signals.progress.connect(self._preview_progress)
        job.signals.done.connect(self._preview_done)
        job.signals.failed.connect(self._preview_failed)
        self._show_busy(True, _("Preparing preview…"))
        job.start()

    def _job_ended(self) -> bool:
        """Forget the finished job (one runs at a time) and start the pending one, if any. True when the
        finished job's result is still wanted."""
        self._running.clear()
        if self._pending is not None and self._meeting_id is not None:
            model, self._pending = self._pending, None
            self._start_preview(model)
            return False
        self._pending = None
        return self._meeting_id is not None

    def _preview_progress(self, text: str) -> None:
        self._show_busy(True, text)

    def _preview_done(self, result: PreviewResult) -> None:
        if not self._job_ended() or result.generation != self._generation:
            return
        self._show_busy(self._debounce.isActive(), _("Preparing preview…"))
        self.preview = result
        self.page = min(self.page, max(0, len(result.pages) - 1))
        self._show_image()
        self._update_buttons()
        self.preview_ready.emit()

    def _preview_failed(self, error: Exception) -> None:
        wanted = self._job_ended()
        self._show_busy(bool(self._running))
        if not isinstance(error, KnownError):
            raise error
        if wanted:
            self.preview = None
            self._show_image(_("No preview: {problem}").format(problem=str(error)))
            self._update_buttons()

    def _show_busy(self, busy: bool, text: str = "") -> None:
        self.busy_label.set_full_text(text if busy else "")
        self.busy.setToolTip(text if busy else "")  # whole, where the label beside it has no room
        self.busy.setVisible(busy)
        self.progress.setVisible(busy)

    def show_page(self, page: int) -> None:
        """Show page ``page`` (0-based) of the preview."""
        if self.preview is None or not self.preview.pages:
            return
        self.page = max(0, min(page, len(self.preview.pages) - 1))
        self.preview_area.verticalScrollBar().setValue(0)
        self._show_image()
        self._update_buttons()

    def page_width(self) -> int:
        """How wide the page is drawn, in pixels: the view's width, or the zoom chosen."""
        if self.preview is None or not self.preview.pages:
            return 0
        zoom = ZOOMS[max(0, self.zoom.currentIndex())]
        image = self.preview.pages[self.page]
        if zoom is None:
            return max(100, int(self.preview_area.viewport().width()) - 24)
        # 100 % is the printed size on a 96 dpi screen.
        return int(image.width() / PREVIEW_SCALE * 96 / 72 * zoom)

    def _show_image(self, message: str = "") -> None:
        if self.preview is None or not self.preview.pages:
            self.page_view.setPixmap(QPixmap())
            self.page_view.setText(message or (_("Choose a meeting.") if self._meeting_id is None else ""))
            self.page_label.setText("")
            return
        image = self.preview.pages[self.page]
        width = self.page_width()
        self.page_view.setPixmap(page_pixmap(image, width, self.devicePixelRatioF()))
        self.page_view.setMinimumSize(QSize(width, round(image.height() * width / image.width()) + 12))
        self.page_label.setText(
            _("Page {page} of {pages}").format(page=self.page + 1, pages=self.preview.total_pages)
        )

    def _show_untranslated(self, model: DocumentModel) -> None:
        if not model.untranslated:
            self.untranslated.hide()
            return
        count = len(model.untranslated)
        language = i18n.active().language_name(model.language)
        lines = [
            i18n.ngettext(
                "{n} text has no translation into {language}; the document prints it in the original:",
                "{n} texts have no translation into {language}; the document prints them in the original:",
                count,
            ).format(n=count, language=language)
        ]
        lines += ["• " + " ".join(text.split()) for text in model.untranslated[:UNTRANSLATED_SHOWN]]
        if count > UNTRANSLATED_SHOWN:
            more = count - UNTRANSLATED_SHOWN
            lines.append(i18n.ngettext("… and {n} more", "… and {n} more", more).format(n=more))
        self.untranslated.setText("\n".join(lines))
        self.untranslated.show()

    # -- export, open, print -----------------------------------------------------------------------------------------
    def _suggested_name(self, fmt: DocumentFormat) -> str:
        meeting = self.meeting()
        forum = self.context.store.find(Forum, meeting.forum_id) if meeting else None
        kind = self.document.currentText()
        day = f"{meeting.starts_at:%Y-%m-%d}" if meeting else ""
        parts = [forum.name if forum else "", day, kind, self.audience_choice.currentText()]
        name = " ".join(p for p in parts if p) + f" ({self.language.currentData()})"
        return file_name_for(name) + str(fmt.suffix)

    def export(self) -> ExportJob | None:
        """Ask where to save the chosen document, then write it on a worker."""
        fmt = self.document_format()
        suggested = self._suggested_name(fmt)
        if self.last_export is not None:
            suggested = str(self.last_export.parent / suggested)
        path, _filter = QFileDialog.getSaveFileName(self, _("Export document"), suggested, _(FILTERS[fmt]))
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != fmt.suffix:
            target = target.with_name(target.name + fmt.suffix)
        try:
            model = self.build_model()
        except KnownError as error:
            tell(self, error, _("The document was not written"))
            return None
        return self._start_export(ExportJob(model, fmt, target))

    def _start_export(self, job: ExportJob) -> ExportJob:
        self._exports.add(job)
        job.signals.progress.connect(self._say)
        job.signals.done.connect(self._export_done)
        job.signals.failed.connect(self._export_failed)
        self._say(_("Writing {name}…").format(name=job.path.name))
        self._exported_model = job.model
        job.start()
        return job

    def _export_done(self, path: Path) -> None:
        self._exports = {job for job in self._exports if job.path != path}
        self.last_export = path
        text = _("Written to {path}").format(path=path)
        model = self._exported_model
        if model is not None and model.untranslated:
            count = len(model.untranslated)
            text += "\n" + i18n.ngettext(
                "{n} text was left in the original language.",
                "{n} texts were left in the original language.",
                count,
            ).format(n=count)
        self._say(text)
        self._update_buttons()
        status = getattr(self.window(), "statusBar", None)
        if callable(status):
            status().showMessage(_("Written to {path}").format(path=path), 8000)
        self.exported.emit(path)

    def _export_failed(self, error: Exception) -> None:
        failed = next((job for job in self._exports if job.signals is self.sender()), None)
        self._exports = {job for job in self._exports if job.signals is not self.sender()}
        if isinstance(error, FileInUse) and failed is not None:
            instead = where_instead(self, error)
            if instead is not None:
                self._start_export(ExportJob(failed.model, failed.format, instead))
                return
        self._say(_("The document was not written."))
        self.export_failed.emit(error)
        if isinstance(error, KnownError):
            tell(self, error, _("The document was not written"))
        elif isinstance(error, OSError):
            tell(
                self,
                KnownError(str(error), hint=_("Choose another folder.")),
                _("The document was not written"),
            )
        else:
            raise error

    def _say(self, text: str) -> None:
        self.export_state.setText(text)
        self.export_state.setVisible(bool(text))

    def open_export(self) -> bool:
        """Open the file exported last with the program the system uses for it."""
        if self.last_export is None:
            return False
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export)))
        if not opened:
            QMessageBox.information(
                self,
                _("Not opened"),
                _("No program was found to open {name}. It is saved in {folder}.").format(
                    name=self.last_export.name, folder=self.last_export.parent
                ),
            )
        return bool(opened)

    def circulate(self) -> QWidget | None:
        """Circulate the chosen document (agenda or minutes) by e-mail: one draft per partner, each with its
        version (``ui.circulation_dialog``)."""
        if self._meeting_id is None:
            return None
        from facilitator.circulation import Circulated  # noqa: PLC0415 - opened on demand
        from facilitator.ui.circulation_dialog import CirculationDialog  # noqa: PLC0415

        what = Circulated.AGENDA if self.document.currentData() == AGENDA else Circulated.MINUTES
        dialog: QWidget = CirculationDialog(self.context, self._meeting_id, what, self)
        dialog.exec()  # type: ignore[attr-defined]
        return dialog

    def print_document(self, printer: Any = None) -> bool:
        """Print the previewed document: the printer dialog, then its pages as the preview shows them."""
        if self.preview is None:
            QMessageBox.information(self, _("Not ready"), _("The preview is still being prepared."))
            return False
        return bool(print_pdf(self, self.preview.pdf, self.model.title if self.model else "", printer))

    def _update_buttons(self) -> None:
        meeting = self.meeting()
        for widget in (self.document, self.audience_choice, self.partner, self.language, self.format):
            widget.setEnabled(meeting is not None)
        self.export_button.setEnabled(meeting is not None)
        self.circulate_button.setEnabled(meeting is not None and not self.context.read_only)
        self.print_button.setEnabled(self.preview is not None)
        self.open_button.setEnabled(self.last_export is not None)
        pages = len(self.preview.pages) if self.preview else 0
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < pages - 1)

    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.preview_area.setAccessibleName(_("Preview of the document"))  # spoken by screen readers
        self.document_label.setText(_("&Document:"))
        self.audience_label.setText(_("&Audience:"))
        self.partner_label.setText(_("&Partner:"))
        self.language_label.setText(_("&Language:"))
        self.format_label.setText(_("&Format:"))
        refill(self.document, [(_("Minutes"), MINUTES), (_("Agenda"), AGENDA)])
        refill(
            self.audience_choice,
            [
                (AudienceKind.PUBLIC.label, AudienceKind.PUBLIC.value),
                (AudienceKind.PARTNERS.label, AudienceKind.PARTNERS.value),
                (_("Partners, for one partner"), FOR_PARTNER),
                (AudienceKind.FULL.label, AudienceKind.FULL.value),
            ],
        )
        refill(self.format, [(_("PDF"), DocumentFormat.PDF.value), (_("Word"), DocumentFormat.DOCX.value)])
        self._fill_language(str(self.language.currentData() or self._working_language()))
        self.zoom_label.setText(_("&Zoom:"))
        self.zoom.blockSignals(True)
        keep = max(0, self.zoom.currentIndex())
        self.zoom.clear()
        for zoom in ZOOMS:
            self.zoom.addItem(_("Fit width") if zoom is None else i18n.active().format_percent(zoom))
        self.zoom.setCurrentIndex(keep)
        self.zoom.blockSignals(False)
        self.export_button.setText(_("Export…"))
        self.open_button.setText(_("Open with system viewer"))
        self.print_button.setText(_("Print…"))
        self.circulate_button.setText(_("Circulate by e-mail…"))
        self.circulate_button.setToolTip(_("One e-mail draft per partner, each with the version it may see"))
        self.minutes.retranslate()
        widest = _("Page {page} of {pages}").format(
            page=88, pages=88
        )  # the label keeps its width as pages turn
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance(widest) + 6)
        self.previous_button.setToolTip(_("Previous page"))
        self.previous_button.setAccessibleName(_("Previous page"))
        self.next_button.setAccessibleName(_("Next page"))
        self.next_button.setToolTip(_("Next page"))
        self._show_partner_choice()
        self._name_minutes(self.meeting())
        if self.model is not None:  # the document itself does not change with the window's language
            self._show_untranslated(self.model)
        self._show_image()
