"""Documents written and previewed on a worker thread, so that the window never freezes.

The document model is built on the window's thread beforehand (the SQLite connection stays there); a job only
lays it out (reportlab or python-docx), writes it, or renders the PDF's pages to images with PDFium. The first
PDF on a machine builds the bold fonts (seconds), and says so through ``progress``.

PDFium is not thread-safe and reportlab keeps its fonts in a process-wide registry, so every job takes one lock
while it works: jobs wait for each other, never for the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from facilitator import exports
from facilitator.exports import Format
from facilitator.ui.jobs import Job

if TYPE_CHECKING:
    from facilitator.docmodel import DocumentModel
    from facilitator.mail import MailDraft

#: Pixels per PDF point in the preview: 2 renders an A4 page 1190 pixels wide, sharp up to 150 % zoom.
PREVIEW_SCALE = 2.0
#: Pages rendered for the preview at most; a longer document is still exported and printed whole.
PREVIEW_PAGE_LIMIT = 60
#: Dots per inch of pages sent to a printer (higher only costs time: the text is already anti-aliased).
PRINT_DPI = 200

#: Held by every job while it lays out, writes or renders a document (reportlab's font registry is
#: process-wide; PDFium is not thread-safe).
document_lock = threading.Lock()


#: The formats a document is exported in: the one list of them, under the name the documents tab knows.
DocumentFormat: TypeAlias = Format


def render_pages(pdf: bytes, scale: float, numbers: Iterable[int] | None = None) -> list[QImage]:
    """Pages of ``pdf`` as images, ``scale`` pixels per point: those ``numbers`` (0-based) that exist, else all.
    Safe to call from any thread."""
    import pypdfium2  # noqa: PLC0415 - only when a preview or a print is asked for

    images: list[QImage] = []
    with document_lock:
        document = pypdfium2.PdfDocument(pdf)
        try:
            count = len(document)
            wanted = range(count) if numbers is None else [n for n in numbers if 0 <= n < count]
            for number in wanted:
                page = document[number]
                bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                try:
                    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
                    rgbx = bitmap.mode == "RGBX"
                    data = bytes(bitmap.buffer)
                finally:
                    bitmap.close()
                    page.close()
                fmt = QImage.Format.Format_RGBX8888 if rgbx else QImage.Format.Format_RGB888
                # QImage does not own ``data``: copy() gives it its own pixels before ``data`` goes away.
                images.append(QImage(data, width, height, stride, fmt).copy())
        finally:
            document.close()
    return images


def page_pixmap(image: QImage, width: int, ratio: float) -> QPixmap:
    """A rendered page ``width`` logical pixels wide, drawn with every device pixel of the screen: at 125 % or
    150 % display scaling (``ratio``), a copy made at the logical width would be enlarged, and blurred."""
    ratio = max(1.0, ratio)
    pixmap = QPixmap.fromImage(
        image.scaledToWidth(round(width * ratio), Qt.TransformationMode.SmoothTransformation)
    )
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    import pypdfium2  # noqa: PLC0415

    with document_lock:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def pdf_of(model: DocumentModel, progress: Callable[[str], None]) -> bytes:
    """The PDF of ``model`` (laid out while holding ``document_lock``). Safe to call from any thread."""
    from facilitator.exports.pdf_writer import pdf_bytes  # noqa: PLC0415 - reportlab loads when first needed

    with document_lock:
        return bytes(pdf_bytes(model, progress))


def write_document(
    model: DocumentModel, fmt: DocumentFormat, path: Path, progress: Callable[[str], None]
) -> None:
    """Write ``model`` to ``path`` in ``fmt``, completely or not at all (the writers write atomically); never
    over a partnership file, its companions or a backup (``storage.outputs.check_chosen``)."""
    from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

    check_chosen(path)
    with document_lock:
        exports.write(model, fmt, path, progress)


@dataclass
class PreviewResult:
    """A laid-out PDF and its first pages as images."""

    generation: int
    pdf: bytes
    pages: list[QImage] = field(default_factory=list)
    total_pages: int = 0


class PreviewJob(Job):
    """Lay out a document model as PDF and render its pages for the preview."""

    def __init__(self, model: DocumentModel, generation: int) -> None:
        super().__init__()
        self.model = model
        self.generation = generation

    def work(self) -> PreviewResult:
        pdf = pdf_of(self.model, self.progress)
        pages = render_pages(pdf, PREVIEW_SCALE, range(PREVIEW_PAGE_LIMIT))
        total = len(pages) if len(pages) < PREVIEW_PAGE_LIMIT else page_count(pdf)
        return PreviewResult(self.generation, pdf, pages, total)


class ExportJob(Job):
    """Write a document model to a file as PDF or Word."""

    def __init__(self, model: DocumentModel, fmt: DocumentFormat, path: Path) -> None:
        super().__init__()
        self.model = model
        self.format = fmt
        self.path = path

    def elsewhere(self, path: Path) -> ExportJob:
        return ExportJob(self.model, self.format, path)

    def work(self) -> Path:
        write_document(self.model, self.format, self.path, self.progress)
        return self.path


class DraftsJob(Job):
    """Write e-mail drafts (``exports.eml``), each path already checked; their PDFs are laid out under the same
    lock as every other document. The result is each partner's checksum of the version it carries."""

    def __init__(self, targets: list[tuple[Path, MailDraft]]) -> None:
        super().__init__()
        self.targets = targets

    def work(self) -> dict[str, str]:
        from facilitator.exports.eml import write_drafts  # noqa: PLC0415 - reportlab loads when first needed

        with document_lock:
            written: dict[str, str] = write_drafts(self.targets, self.progress)
        return written
