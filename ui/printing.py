"""One way to print a document: Qt's print dialog, then the PDF's pages rendered as the PDF draws them.

Minutes and agendas, leaflets, and the conflict and notice registers all print through ``print_pdf``: what
comes out of the printer is exactly what the PDF shows (PDFium renders each page; the page is scaled to the
paper, keeping its proportions). Screens that have no preview to print from make the PDF off the window's
thread first, with a ``ui.jobs.Job`` (``conflict_dialogs.start_printing``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QDialog, QWidget

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell
from facilitator.ui.export_worker import PRINT_DPI, render_pages


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    import pypdfium2  # noqa: PLC0415 - only when printing

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def print_pdf(parent: QWidget, pdf: bytes, title: str, printer: Any = None) -> bool:
    """Ask Qt's print dialog where and which pages, then print ``pdf``'s pages as it draws them. True when
    printed; False when the dialog was cancelled or the printer could not start (the user is told)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: PLC0415 - only when printing

    total = page_count(pdf)
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # the PDF's pages carry their own margins
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(total, 1))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    first, last = printer.fromPage(), printer.toPage()
    numbers = range(first - 1, last) if first > 0 else range(total)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pages = render_pages(pdf, min(PRINT_DPI, printer.resolution()) / 72, numbers)
        return _paint(parent, printer, pages)
    finally:
        QGuiApplication.restoreOverrideCursor()


def _paint(parent: QWidget, printer: Any, pages: list[QImage]) -> bool:
    from PySide6.QtPrintSupport import QPrinter  # noqa: PLC0415

    painter = QPainter()
    if not painter.begin(printer):
        tell(parent, KnownError(_("The printer could not be started.")), _("Not printed"))
        return False
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            ratio = min(paper.width() / image.width(), paper.height() / image.height())
            width, height = image.width() * ratio, image.height() * ratio
            painter.drawImage(QRectF((paper.width() - width) / 2, 0, width, height), image)
    finally:
        painter.end()
    return True


