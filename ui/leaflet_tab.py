"""The leaflet of a public meeting: what the organiser writes for it on the left, the printed page on the right.

Every edit is a core operation (``save_leaflet``) on the undo stack; the preview follows. The leaflet model is
built here, on the window's thread (SQLite stays there); laying it out as PDF, rendering the page and writing
files happen on a worker (``export_worker``'s lock keeps reportlab and PDFium to one job at a time). When PDFium
(``pypdfium2``) is missing, the preview is the leaflet's layout drawn from the model with QPainter. A leaflet
that does not fit its page says what to shorten; the personal-data warnings are shown, and asked about before
anything is exported or printed.
"""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator import exports, i18n
from facilitator.actions import Action
from facilitator.entities import Forum
from facilitator.errors import FileInUse, KnownError
from facilitator.exports import Format
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.leaflets import (
    MAX_LANGUAGES,
    Folding,
    Leaflet,
    LeafletModel,
    LeafletTooLong,
    PageSize,
    Section,
    actions_to_report,
    add_logo,
    build_leaflet,
    leaflet_for,
    logo_files,
    personal_data_warnings,
    save_leaflet,
    topic_items,
)
from facilitator.meetings import Meeting, MeetingKind
from facilitator.operations import Changes
from facilitator.ui.combos import refill
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.export_worker import document_lock, page_pixmap, render_pages
from facilitator.ui.file_in_use import where_instead
from facilitator.ui.jobs import Job, report_failure
from facilitator.ui.palette import band_style, warning_text_style
from facilitator.ui.printing import print_pdf
from facilitator.ui.widgets import button, elide_choices, wrapping_row

EDIT_DEBOUNCE_MS = 700
PREVIEW_DEBOUNCE_MS = 300
PREVIEW_SCALE = 1.5
TEXT_FIELDS = (
    "headline",
    "venue_address",
    "accessibility_note",
    "concern",
    "contacts",
    "data_protection",
    "qr_link",
)
#: Where each section of the leaflet is written on this tab (the topics are chosen here, worded on the agenda).
SECTION_FIELDS = {
    Section.HEADLINE: "headline",
    Section.WHERE: "venue_address",
    Section.ACCESS: "accessibility_note",
    Section.CONCERN: "concern",
    Section.CONTACTS: "contacts",
    Section.PRIVACY: "data_protection",
}
FLAGS = (
    ("step_free_access", N_("Step-free access")),
    ("hearing_loop", N_("Hearing loop")),
    ("childcare", N_("Childcare on site")),
    ("interpreters", N_("Interpreters")),
)
IMAGES = N_("Images (*.png *.jpg *.jpeg)")


def pdfium_available() -> bool:
    """Whether PDFium (``pypdfium2``) can render the preview and the print."""
    return importlib.util.find_spec("pypdfium2") is not None


@frozen
class LeafletChoice:
    """How the leaflet is laid out: its languages (up to four), paper, print size and folding."""

    languages: tuple[str, ...]
    size: PageSize
    large_print: bool
    folding: Folding = Folding.SET

    @property
    def language(self) -> str:
        """The first language."""
        return self.languages[0]


def _pdf(model: LeafletModel, choice: LeafletChoice, progress: Callable[[str], None]) -> bytes:
    from facilitator.exports.leaflet_pdf import leaflet_pdf_bytes  # noqa: PLC0415 - reportlab when first needed

    with document_lock:  # reportlab's font registry is shared by every document job
        data = leaflet_pdf_bytes(
            model, choice.size, large_print=choice.large_print, folding=choice.folding, progress=progress
        )
        return bytes(data)


class LeafletPreviewJob(Job):
    """Lay the leaflet out and render its page; ``LeafletTooLong`` comes back as a failure to show."""

    def __init__(self, model: LeafletModel, choice: LeafletChoice, generation: int) -> None:
        super().__init__()
        self.model, self.choice, self.generation = model, choice, generation

    def work(self) -> tuple[int, bytes, QImage | None]:
        pdf = _pdf(self.model, self.choice, self.progress)
        image = render_pages(pdf, PREVIEW_SCALE, [0])[0] if pdfium_available() else None
        return self.generation, pdf, image


class LeafletExportJob(Job):
    """Write the leaflet as PDF or Word."""

    def __init__(self, model: LeafletModel, choice: LeafletChoice, fmt: str, path: Path) -> None:
        super().__init__()
        self.model, self.choice, self.format, self.path = model, choice, fmt, path

    def work(self) -> Path:
        choice = self.choice
        with document_lock:  # reportlab's font registry is shared by every document job
            exports.write(
                self.model,
                Format(self.format),
                self.path,
                self.progress,
                size=choice.size,
                large_print=choice.large_print,
                folding=choice.folding,
            )
        return self.path


class LayoutPreview(QWidget):
    """The leaflet's layout drawn from the model, for machines without PDFium: sections in order, to scale."""

    def __init__(self) -> None:
        super().__init__()
        self.model: LeafletModel | None = None
        self.size_choice = PageSize.A4
        self.setMinimumSize(300, 420)

    def show_model(self, model: LeafletModel | None, size: PageSize) -> None:
        self.model, self.size_choice = model, size
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        ratio = 297 / 210
        width = min(self.width() - 16, (self.height() - 16) / ratio)
        page = QRectF((self.width() - width) / 2, 8, width, width * ratio)
        painter.fillRect(page, QColor("white"))
        painter.setPen(QColor("#9a9a9a"))
        painter.drawRect(page)
        if self.model is None:
            return
        columns = len(self.model.sides)
        margin = width * 0.07
        column_width = (width - 2 * margin) / columns
        for number, side in enumerate(self.model.sides):
            x = page.left() + margin + number * column_width
            y = page.top() + margin
            direction = Qt.AlignmentFlag.AlignRight if side.right_to_left else Qt.AlignmentFlag.AlignLeft
            for section in side.sections:
                heading = section.heading if section.key is not Section.HEADLINE else ""
                lines = [*section.paragraphs, *(f"• {item}" for item in section.items)]
                for text, bold, size in [
                    (heading, True, 0.03),
                    *((line, section.key is Section.HEADLINE, 0.024) for line in lines),
                ]:
                    if not text:
                        continue
                    font = QFont()
                    font.setPixelSize(
                        max(6, int(width * size * (1.6 if section.key is Section.HEADLINE else 1)))
                    )
                    font.setBold(bold)
                    painter.setFont(font)
                    painter.setPen(
                        QColor("#0b5d6b" if bold and section.key is not Section.HEADLINE else "#1a1a1a")
                    )
                    box = QRectF(x, y, column_width - margin * 0.3, page.bottom() - y)
                    flags = int(direction) | int(Qt.TextFlag.TextWordWrap)
                    used = painter.boundingRect(box, flags, text)
                    painter.drawText(box, flags, text)
                    y += used.height() + 2
                y += width * 0.015
        painter.end()


class LeafletTab(QWidget):
    """Write a public meeting's leaflet and see the page it prints; export it as PDF or Word, or print it."""

    preview_ready = Signal()
    exported = Signal(object)  # Path
    edit_elsewhere = Signal(str)  # "agenda" or "translations": where the text to shorten is edited

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leafletTab")
        self.context = context
        self._meeting_id: str | None = None
        self._loading = False
        self._generation = 0
        self._jobs: set[Job] = set()
        self.model: LeafletModel | None = None
        self.pdf: bytes | None = None
        self.image: QImage | None = None
        self.problem: KnownError | None = None
        self.warnings: list[str] = []
        self.last_export: Path | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {
            "headline": QLineEdit(),
            "venue_address": QLineEdit(),
            "accessibility_note": QPlainTextEdit(),
            "concern": QPlainTextEdit(),
            "contacts": QPlainTextEdit(),
            "data_protection": QPlainTextEdit(),
            "qr_link": QLineEdit(),
        }
        for name, widget in self.texts.items():
            widget.setObjectName(f"leaflet_{name}")
            if isinstance(widget, QPlainTextEdit):
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(90)
                widget.textChanged.connect(self._text_edited)
            else:
                widget.textEdited.connect(self._text_edited)
                widget.editingFinished.connect(self.save_now)
        self.flags = {name: QCheckBox() for name, _label in FLAGS}
        for box in self.flags.values():
            box.toggled.connect(lambda _on: self.save_now())
        self.topics = QListWidget()
        self.topics.setObjectName("leafletTopics")
        self.topics.setMaximumHeight(120)
        self.topics.itemChanged.connect(lambda _item: self.save_now())
        self.logos = QListWidget()
        self.logos.setMaximumHeight(70)
        self.add_logo_button = button("")
        self.remove_logo_button = button("")
        self.add_logo_button.clicked.connect(self.add_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels over their fields: room
        self.labels: dict[str, QLabel] = {}
        for name in ("headline", "venue_address"):
            self._row(name, self.texts[name])
        flags = QWidget()
        flag_layout = QVBoxLayout(flags)
        flag_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.flags.values():
            flag_layout.addWidget(box)
        self._row("access", flags)
        for name in ("accessibility_note", "concern", "contacts", "data_protection", "qr_link"):
            self._row(name, self.texts[name])
        self._row("topics", self.topics)
        logo_box = QWidget()
        logo_layout = QVBoxLayout(logo_box)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logos)
        # One under the other where the form is narrow (Dutch at 125 %: "Logo toevoegen…", "Logo verwijderen").
        logo_layout.addLayout(wrapping_row(self.add_logo_button, self.remove_logo_button))
        self._row("logos", logo_box)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.intro)
        editor_layout.addLayout(self.form)
        editor_layout.addStretch(1)
        editor_scroll = QScrollArea()
        editor_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not the page
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(editor)

        self.language = QComboBox()
        self.language.setObjectName("leafletLanguage")
        self.more_languages = [QComboBox() for _n in range(MAX_LANGUAGES - 1)]
        for combo, name in zip(self.more_languages, ("Second", "Third", "Fourth"), strict=True):
            combo.setObjectName(f"leaflet{name}Language")
        self.second_language = self.more_languages[0]
        self.folding = QComboBox()
        self.folding.setObjectName("leafletFolding")
        self.paper = QComboBox()
        self.paper.setObjectName("leafletSize")
        for size in PageSize:
            self.paper.addItem(size.value.upper(), size.value)
        self.large_print = QCheckBox()
        self.large_print.setObjectName("leafletLargePrint")
        for combo in (self.language, *self.more_languages, self.paper, self.folding):
            combo.currentIndexChanged.connect(lambda _i: self.schedule_preview())
        elide_choices(
            self.language, *self.more_languages, self.folding, letters=6
        )  # four languages at 1366 px, 125 %
        self.large_print.toggled.connect(lambda _on: self.schedule_preview())
        self.language_label, self.second_label, self.paper_label = QLabel(), QLabel(), QLabel()
        self.folding_label = QLabel()
        options = QGridLayout()  # one choice a row: the tab shares a laptop's width with the meetings list
        options.addWidget(self.language_label, 0, 0)
        options.addWidget(self.language, 0, 1)
        # The further languages wrap under one another where the tab is narrow (a 1024-pixel screen), rather than
        # making the window wider than the screen.
        also = wrapping_row(*self.more_languages)
        options.addWidget(self.second_label, 1, 0)
        options.addLayout(also, 1, 1, 1, 4)
        options.addWidget(self.paper_label, 2, 0)
        options.addWidget(self.paper, 2, 1)
        options.addWidget(self.folding_label, 3, 0)
        options.addWidget(self.folding, 3, 1, 1, 4)
        options.addWidget(
            self.large_print, 4, 1, 1, 4
        )  # on a row of its own: beside another choice it had no room
        options.setColumnStretch(5, 1)
        for label, combo in (
            (self.language_label, self.language),
            (self.second_label, self.more_languages[0]),
            (self.paper_label, self.paper),
            (self.folding_label, self.folding),
        ):
            label.setBuddy(combo)

        self.status = QLabel()
        self.status.setObjectName("leafletProblem")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"QLabel {{ {warning_text_style(extra='font-weight: 600;')} }}")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(lambda _link: self.show_what_to_shorten())
        self.status.hide()
        self.warning_label = QLabel()
        self.warning_label.setObjectName("leafletWarnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(band_style())
        self.warning_label.hide()
        self.page_view = QLabel()
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.layout_view = LayoutPreview()
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.page_view)
        holder_layout.addWidget(self.layout_view)
        self.layout_view.setVisible(not pdfium_available())
        self.preview_area.setWidget(holder)
        self.pdf_button, self.docx_button, self.print_button = button(""), button(""), button("")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.docx_button.clicked.connect(lambda: self.export("docx"))
        self.print_button.clicked.connect(lambda: self.print_leaflet())  # noqa: PLW0108 - not `checked`
        actions = wrapping_row(
            self.pdf_button, self.docx_button, self.print_button
        )  # wraps rather than widening
        self.export_state = QLabel()
        self.export_state.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(options)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.warning_label)
        right_layout.addWidget(self.preview_area, 1)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.export_state)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(editor_scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # The form stays wide enough to type in at 1366 pixels; the preview gives way first.
        editor_scroll.setMinimumWidth(250)  # 260 made the window 6 px too wide at 1366x768 and 125 %
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(EDIT_DEBOUNCE_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DEBOUNCE_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        context.changed.connect(self._on_changed)
        context.closing.connect(self._file_closing)
        self.retranslate()
        self.set_meeting(None)

    def _file_closing(self) -> None:
        """Keep what is being typed, then forget the meeting: the file is about to close."""
        self.save_now()
        self._preview_timer.stop()
        self._meeting_id = None

    def _row(self, name: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        self.labels[name] = label
        self.form.addRow(label, widget)

    # --- the meeting shown --------------------------------------------------------------------------------------

    def set_meeting(self, meeting_id: str | None) -> None:
        """Show the leaflet of ``meeting_id`` (a public meeting), or nothing."""
        self.save_now()
        meeting = self.context.store.find(Meeting, meeting_id) if meeting_id else None
        self._meeting_id = meeting.id if meeting and meeting.kind is MeetingKind.PUBLIC else None
        self._fill_languages()
        self._load_form()
        self.setEnabled(self._meeting_id is not None)
        self.schedule_preview()

    def leaflet(self) -> Leaflet | None:
        """The leaflet as stored, or the new one the form starts from."""
        return leaflet_for(self.context.store, self._meeting_id) if self._meeting_id else None

    def _fill_languages(self) -> None:
        codes = list(i18n.DOCUMENT_LANGUAGES)
        meeting = self.context.store.find(Meeting, self._meeting_id) if self._meeting_id else None
        forum = self.context.store.find(Forum, meeting.forum_id) if meeting else None
        if forum is not None:
            wanted = [forum.working_language, *forum.other_languages]
            codes = list(dict.fromkeys([*wanted, *codes]))
        named = [(f"{i18n.active().language_name(code)} ({code})", code) for code in codes]
        refill(self.language, named)
        for box in self.more_languages:
            refill(box, [(_("(none)"), ""), *named])

    def _load_form(self) -> None:
        leaflet = self.leaflet()
        self._loading = True
        try:
            for name, widget in self.texts.items():
                value = str(getattr(leaflet, name)) if leaflet else ""
                if isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != value:
                        widget.setPlainText(value)
                elif widget.text() != value:
                    widget.setText(value)
            for name, box in self.flags.items():
                box.setChecked(bool(getattr(leaflet, name)) if leaflet else False)
            self.topics.clear()
            if leaflet is not None and self._meeting_id:
                for item in topic_items(self.context.store, self._meeting_id):
                    entry = QListWidgetItem(item.display_title)
                    entry.setData(Qt.ItemDataRole.UserRole, item.id)
                    entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    left_out = item.id in leaflet.left_out_item_ids
                    entry.setCheckState(Qt.CheckState.Unchecked if left_out else Qt.CheckState.Checked)
                    self.topics.addItem(entry)
            self.logos.clear()
            for stored in logo_files(self.context.store, leaflet) if leaflet else ():
                entry = QListWidgetItem(stored.name)
                entry.setData(Qt.ItemDataRole.UserRole, stored.id)
                self.logos.addItem(entry)
        finally:
            self._loading = False

    # --- edits, each an undoable operation ----------------------------------------------------------------------

    def _text_edited(self) -> None:
        if not self._loading:
            self._save_timer.start()

    def form_leaflet(self) -> Leaflet | None:
        """The leaflet as the form shows it now."""
        base = self.leaflet()
        if base is None:
            return None
        values: dict[str, Any] = {}
        for name, widget in self.texts.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            values[name] = text.strip()
        for name, box in self.flags.items():
            values[name] = box.isChecked()
        left_out = []
        for row in range(self.topics.count()):
            entry = self.topics.item(row)
            if entry.checkState() != Qt.CheckState.Checked:
                left_out.append(str(entry.data(Qt.ItemDataRole.UserRole)))
        values["left_out_item_ids"] = tuple(left_out)
        values["logo_ids"] = tuple(
            str(self.logos.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.logos.count())
        )
        return replace(base, **values)

    def save_now(self) -> None:
        """Keep what the form shows, as one undoable edit, if it changed."""
        self._save_timer.stop()
        if self._loading or self._meeting_id is None or self.context.read_only:
            return
        wanted = self.form_leaflet()
        before = self.leaflet()
        if wanted is None or before is None or wanted == before:
            return
        try:
            self.context.run(save_leaflet(self.context.store, wanted))
        except KnownError as error:
            tell(self, error, _("The leaflet was not changed"))
            self._load_form()

    def add_logo(self, paths: list[str] | None = None) -> None:
        """Add partner logos from image files: each is copied into the partnership file (checked to be a PNG
        or JPEG image of reasonable size), so the leaflet never depends on a file elsewhere on this laptop."""
        from facilitator.storage.chosen_files import read_chosen_file  # noqa: PLC0415 - only when adding

        if paths is None:
            paths, _filter = QFileDialog.getOpenFileNames(self, _("Add logos"), "", _(IMAGES))
        if not paths or self.context.read_only:
            return
        self.save_now()
        for path in paths:
            leaflet = self.leaflet()
            if leaflet is None:
                return
            try:
                name, content = read_chosen_file(path)
                self.context.run(add_logo(self.context.store, leaflet, name, content))
            except KnownError as error:
                tell(self, error, _("The logo was not added"))
                return
        self._load_form()

    def remove_logo(self) -> None:
        """Take the chosen logo off the leaflet."""
        row = self.logos.currentRow()
        if row >= 0:
            self.logos.takeItem(row)
            self.save_now()

    def _on_changed(self, changes: Changes) -> None:
        if self._meeting_id is None:
            return
        if not self._save_timer.isActive() and changes.touches(Leaflet):
            self._load_form()  # an undo or a redo: show the leaflet as it is now
        self.schedule_preview()

    # --- the preview ------------------------------------------------------------------------------------------

    def choice(self) -> LeafletChoice:
        """The languages, paper, print size and folding chosen."""
        codes = [str(self.language.currentData() or "en")]
        codes += [str(combo.currentData()) for combo in self.more_languages if combo.currentData()]
        return LeafletChoice(
            languages=tuple(dict.fromkeys(codes)),
            size=PageSize(self.paper.currentData() or "a4"),
            large_print=self.large_print.isChecked(),
            folding=Folding(self.folding.currentData() or Folding.SET.value),
        )

    def schedule_preview(self) -> None:
        """Lay the page out again shortly."""
        self._preview_timer.start()

    def is_busy(self) -> bool:
        """Whether a preview is waiting or being laid out."""
        return self._preview_timer.isActive() or bool(self._jobs)

    def build_model(self) -> LeafletModel:
        """The leaflet as it prints now, in the languages chosen."""
        assert self._meeting_id is not None
        choice = self.choice()
        return build_leaflet(self.context.store, self._meeting_id, *choice.languages)

    def refresh_preview(self) -> None:
        """Build the leaflet now and lay it out on a worker."""
        self._preview_timer.stop()
        if self._meeting_id is None:
            self.model, self.pdf, self.image = None, None, None
            self._show()
            return
        try:
            self.model = self.build_model()
            stored = self.leaflet()
            self.warnings = personal_data_warnings(self.context.store, stored) if stored else []
        except KnownError as error:
            self.model, self.problem = None, error
            self._show()
            return
        self._generation += 1
        job = LeafletPreviewJob(self.model, self.choice(), self._generation)
        self._jobs.add(job)
        job.signals.done.connect(self._preview_done)
        job.signals.failed.connect(self._preview_failed)
        job.signals.progress.connect(self._say)
        job.start()

    def _preview_done(self, result: tuple[int, bytes, QImage | None]) -> None:
        self._jobs = {j for j in self._jobs if j.signals is not self.sender()}
        generation, pdf, image = result
        if generation != self._generation:
            return
        self.pdf, self.image, self.problem = pdf, image, None
        self._show()
        self.preview_ready.emit()

    def _preview_failed(self, error: Exception) -> None:
        self._jobs = {j for j in self._jobs if j.signals is not self.sender()}
        if not isinstance(error, KnownError):
            raise error
        self.pdf, self.image, self.problem = None, None, error
        self._show()
        self.preview_ready.emit()

    def _show(self) -> None:
        if self.problem is not None:
            said = html.escape(str(self.problem)).replace("\n", "<br/>")
            if isinstance(self.problem, LeafletTooLong):
                said += f' <a href="shorten">{html.escape(_("Show me where"))}</a>'
            self.status.setText(said)
        self.status.setVisible(self.problem is not None)
        if self.warnings:
            self.warning_label.setText(
                "\n".join(
                    [_("Check before you print: this may name a person."), *(f"• {w}" for w in self.warnings)]
                )
            )
        self.warning_label.setVisible(bool(self.warnings))
        if self.image is not None:
            width = max(200, self.preview_area.viewport().width() - 30)
            self.page_view.setPixmap(page_pixmap(self.image, width, self.devicePixelRatioF()))
        else:
            self.page_view.setPixmap(QPixmap())
        self.layout_view.show_model(self.model if self.problem is None else None, self.choice().size)
        ready = self.pdf is not None and self.problem is None
        self.pdf_button.setEnabled(ready)
        self.print_button.setEnabled(ready and pdfium_available())
        self.docx_button.setEnabled(self.model is not None and self.problem is None)

    # --- export and print ---------------------------------------------------------------------------------------

    def confirm_personal_data(self) -> bool:
        """Ask before export when the leaflet may name a person; True to go on."""
        if not self.warnings:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("The leaflet may name a person"))
        box.setText(_("Leaflets name organisations, never people. Check these texts before you go on:"))
        box.setInformativeText("\n".join(f"• {w}" for w in self.warnings))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Export anyway"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return bool(box.exec() == QMessageBox.StandardButton.Yes)

    def export(self, fmt: str) -> LeafletExportJob | None:
        """Ask where to save the leaflet as ``fmt`` ("pdf" or "docx") and write it on a worker."""
        self.save_now()
        if self._meeting_id is None:
            return None
        try:
            model = self.build_model()
            # The Word file is laid out as the PDF is, so both are refused alike, before a file is asked for.
            from facilitator.exports.leaflet_pdf import check_fits  # noqa: PLC0415

            with document_lock:
                choice = self.choice()
                check_fits(model, choice.size, large_print=choice.large_print, folding=choice.folding)
        except KnownError as error:
            tell(self, error, _("The leaflet was not written"))
            return None
        if not self.confirm_personal_data():
            return None
        suggested = f"{_('Leaflet')} {self.choice().language}.{fmt}"
        filters = _(Format(fmt).file_filter)
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the leaflet"), suggested, filters)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(target.name + f".{fmt}")
        return self._start_export(LeafletExportJob(model, self.choice(), fmt, target))

    def _start_export(self, job: LeafletExportJob) -> LeafletExportJob:
        self._jobs.add(job)
        job.signals.done.connect(self._export_done)
        job.signals.failed.connect(self._export_failed)
        self._say(_("Writing {name}…").format(name=job.path.name))
        job.start()
        return job

    def _export_done(self, path: Path) -> None:
        self._jobs = {j for j in self._jobs if j.signals is not self.sender()}
        self.last_export = path
        self._say(_("Written to {path}").format(path=path))
        self.exported.emit(path)

    def _export_failed(self, error: Exception) -> None:
        failed = next((j for j in self._jobs if j.signals is self.sender()), None)
        self._jobs = {j for j in self._jobs if j.signals is not self.sender()}
        if isinstance(error, FileInUse) and isinstance(failed, LeafletExportJob):
            instead = where_instead(self, error)
            if instead is not None:
                self._start_export(LeafletExportJob(failed.model, failed.choice, failed.format, instead))
                return
        self._say(_("The leaflet was not written."))
        report_failure(self, error, _("The leaflet was not written"))

    def _say(self, text: str) -> None:
        self.export_state.setText(text)

    def print_leaflet(self, printer: Any = None) -> bool:
        """Print the previewed leaflet: the printer dialog, then its pages as the PDF draws them."""
        if self.pdf is None or self.problem is not None:
            QMessageBox.information(self, _("Not ready"), _("The preview is still being prepared."))
            return False
        if not self.confirm_personal_data():
            return False
        return bool(print_pdf(self, self.pdf, self.model.title if self.model else _("Leaflet"), printer))

    # --- what to shorten ----------------------------------------------------------------------------------------

    def show_what_to_shorten(self) -> None:
        """Open the text the advice names where it can be edited: its field on this tab; the topics (chosen
        here, worded on the agenda); the public wording of the longest action told (its own dialog); or the
        translations tab when the text is a translation."""
        problem = self.problem
        if not isinstance(problem, LeafletTooLong) or self._meeting_id is None:
            return
        store = self.context.store
        meeting = store.get(Meeting, self._meeting_id)
        working = store.get(Forum, meeting.forum_id).working_language
        section = problem.section
        if problem.language != working and section is not Section.TOPICS:
            self.edit_elsewhere.emit("translations")
            return
        if section is Section.TOPICS:
            self.topics.setFocus()
            self.edit_elsewhere.emit("agenda")
            return
        if section is Section.DONE:
            self._edit_longest_action(meeting)
            return
        field = SECTION_FIELDS.get(section)
        if field is not None:
            widget = self.texts[field]
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def _edit_longest_action(self, meeting: Meeting) -> None:
        from facilitator.actions import save_action  # noqa: PLC0415
        from facilitator.ui.action_dialogs import ActionDialog  # noqa: PLC0415 - only when asked

        told = actions_to_report(self.context.store, meeting)
        if not told:
            return
        longest = max(told, key=lambda action: len(action.public_text))

        def submit(record: object) -> None:
            assert isinstance(record, Action)
            self.context.run(save_action(self.context.store, record))

        ActionDialog(self, self.context.store, longest, submit).exec()

    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.intro.setText(
            _(
                "A leaflet for residents, a page or a panel for each language. Only public agenda items and public "
                "actions are printed; leaflets name organisations, never people."
            )
        )
        names = {
            "headline": _("&Headline:"),
            "venue_address": _("Address:"),
            "access": _("Access:"),
            "accessibility_note": _("About access:"),
            "concern": _("Raising a concern in confidence:"),
            "contacts": _("Contacts of the office:"),
            "data_protection": _("Data protection:"),
            "topics": _("Topics to list:"),
            "qr_link": _("Web address for the QR code:"),
            "logos": _("Partner logos:"),
        }
        for name, text in names.items():
            self.labels[name].setText(text)
        # Lists and previews do not take their spoken name from a label: say it (screen readers).
        self.topics.setAccessibleName(names["topics"].replace("&", "").rstrip(" :"))
        self.logos.setAccessibleName(names["logos"].replace("&", "").rstrip(" :"))
        self.preview_area.setAccessibleName(_("Preview of the leaflet"))
        for name, label in FLAGS:
            self.flags[name].setText(_(label))
        self.texts["concern"].setPlaceholderText(_("Empty: the standard wording in each language"))
        self.texts["data_protection"].setPlaceholderText(_("Empty: the standard wording in each language"))
        self.add_logo_button.setText(_("Add logo…"))
        self.remove_logo_button.setText(_("Remove logo"))
        self.language_label.setText(_("&Language:"))
        self.second_label.setText(_("&Also in:"))
        self.folding_label.setText(_("&Several languages:"))
        refill(self.folding, [(folding.label, folding.value) for folding in Folding])
        self.paper_label.setText(_("&Paper:"))
        self.large_print.setText(_("Large print"))
        self.pdf_button.setText(_("Export PDF…"))
        self.docx_button.setText(_("Export Word…"))
        self.print_button.setText(_("Print…"))
        for combo in self.more_languages:
            if combo.count():
                combo.setItemText(0, _("(none)"))
