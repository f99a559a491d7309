"""The leaflet tab: only on public meetings, edits are undoable operations, the preview follows, personal data
is asked about before export, and a leaflet too long for its page says what to shorten."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from facilitator.leaflets import leaflet_of
from facilitator.ui.export_worker import render_pages
from facilitator.ui.leaflet_tab import LeafletTab
from facilitator.ui.main_window import MainWindow
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.settings import Settings
from tests.conftest import leaflet_file_at
from tests.core.test_leaflets import Partnership
from tests.ui.conftest import ModalAnswers, ink, meetings_on, printed_pages


@pytest.fixture
def leaflet_db(tmp_path: Path) -> tuple[Path, Partnership]:
    return leaflet_file_at(tmp_path / "leaflets.sqlite")


@pytest.fixture
def screen(
    qtbot, settings: Settings, leaflet_db: tuple[Path, Partnership], modals: ModalAnswers
) -> Iterator[tuple[MainWindow, MeetingsScreen, Partnership]]:
    for window, meetings in meetings_on(qtbot, settings, leaflet_db[0]):
        yield window, meetings, leaflet_db[1]


def open_leaflet(qtbot, meetings: MeetingsScreen, meeting_id: str) -> LeafletTab:
    meetings.show_meeting(meeting_id)
    meetings.tabs.setCurrentWidget(meetings.leaflet)
    tab = meetings.leaflet
    qtbot.waitUntil(
        lambda: not tab.is_busy() and (tab.pdf is not None or tab.problem is not None), timeout=60000
    )
    return tab


def test_tab_only_on_public_meetings(qtbot, screen) -> None:
    _window, meetings, data = screen
    index = meetings.tabs.indexOf(meetings.leaflet)
    meetings.show_meeting(data.private_meeting_id)
    assert not meetings.tabs.isTabVisible(index)
    meetings.show_meeting(data.meeting_id)
    assert meetings.tabs.isTabVisible(index)
    assert meetings.tabs.tabText(index) == "Leaflet"


def test_edits_are_undoable_and_the_preview_follows(qtbot, screen) -> None:
    window, meetings, data = screen
    tab = open_leaflet(qtbot, meetings, data.meeting_id)
    assert tab.pdf is not None and tab.problem is None
    first = tab.pdf
    tab.texts["headline"].setText("PUBLICMARK-headline Come and have your say")
    tab.save_now()
    stored = leaflet_of(window.context.store, data.meeting_id)
    assert stored is not None and stored.headline.startswith("PUBLICMARK-headline")
    assert window.context.undo_stack.undoText() == "Write the leaflet"
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.pdf != first, timeout=30000)
    assert "PUBLICMARK-headline" in PdfReader(BytesIO(tab.pdf)).pages[0].extract_text()  # type: ignore[arg-type]
    tab.flags["hearing_loop"].setChecked(True)
    assert leaflet_of(window.context.store, data.meeting_id).hearing_loop  # type: ignore[union-attr]
    window.context.undo_stack.undo()
    assert not leaflet_of(window.context.store, data.meeting_id).hearing_loop  # type: ignore[union-attr]
    assert not tab.flags["hearing_loop"].isChecked()  # the form shows the leaflet as it is after the undo
    window.context.undo_stack.undo()
    assert leaflet_of(window.context.store, data.meeting_id) is None


def test_too_long_says_what_to_shorten_and_opens_it(qtbot, screen) -> None:
    _window, meetings, data = screen
    tab = open_leaflet(qtbot, meetings, data.meeting_id)
    tab.texts["concern"].setPlainText("Tell us in confidence. " * 80)
    tab.save_now()
    tab.paper.setCurrentIndex(tab.paper.findData("a5"))
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.problem is not None, timeout=30000)
    assert tab.status.isVisibleTo(tab) and "Shorten" in tab.status.text()
    assert "Raising a concern in confidence" in tab.status.text() and 'href="shorten"' in tab.status.text()
    assert not tab.pdf_button.isEnabled()
    tab.status.linkActivated.emit("shorten")  # "Show me where"
    assert tab.texts["concern"].hasFocus() or tab.focusWidget() is tab.texts["concern"]


def test_large_print_is_on_a4_and_four_languages_fold(qtbot, screen, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    _window, meetings, data = screen
    tab = open_leaflet(qtbot, meetings, data.meeting_id)
    tab.paper.setCurrentIndex(tab.paper.findData("a5"))
    tab.large_print.setChecked(True)
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.problem is not None, timeout=30000)
    assert "Large print is printed on A4" in tab.status.text()
    tab.large_print.setChecked(False)
    for combo, code in zip(tab.more_languages, ("pl", "ar", "tr"), strict=True):
        combo.setCurrentIndex(combo.findData(code))
    tab.folding.setCurrentIndex(tab.folding.findData("folded"))
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.problem is None and tab.pdf is not None, timeout=60000)
    assert tab.choice().languages == ("en", "pl", "ar", "tr")
    reader = PdfReader(BytesIO(tab.pdf))  # type: ignore[arg-type]
    assert len(reader.pages) == 2 and reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert tab.print_leaflet(printer)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 2  # every page, as the PDF draws them


def test_export_asks_about_personal_data_then_writes(
    qtbot, screen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modals: ModalAnswers
) -> None:
    _window, meetings, data = screen
    tab = open_leaflet(qtbot, meetings, data.meeting_id)
    tab.texts["contacts"].setPlainText("Ask for PERSONMARK-Kowalska: 07700 900123")
    tab.save_now()
    qtbot.waitUntil(lambda: not tab.is_busy() and bool(tab.warnings), timeout=30000)
    assert tab.warning_label.isVisibleTo(tab) and "07700 900123" in tab.warning_label.text()
    target = tmp_path / "leaflet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    modals.expect_message("The leaflet may name a person", answer=QMessageBox.StandardButton.Cancel)
    assert tab.export("pdf") is None  # the question was answered "Cancel" (the default)
    assert any(isinstance(d, QMessageBox) for d in modals.opened)
    modals.fill["QMessageBox"] = lambda box: box.done(QMessageBox.StandardButton.Yes)
    job = tab.export("pdf")
    assert job is not None
    with qtbot.waitSignal(tab.exported, timeout=30000):
        pass
    assert len(PdfReader(str(target)).pages) == 1
    word = tmp_path / "leaflet.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(word), "")))
    with qtbot.waitSignal(tab.exported, timeout=30000):
        tab.export("docx")
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    # The Word file says what the PDF says, paragraph by paragraph (the PDF prints its kicker in capitals).
    # Its page is a grid of tables of fixed measures: the words are in the cells' paragraphs, nested tables
    # included, read in the order of the file.
    body = docx.Document(str(word)).element.body
    paragraphs = (Paragraph(element, None) for element in body.iter(qn("w:p")))
    written = [p.text for p in paragraphs if p.text.strip()]
    shown = "".join((PdfReader(str(target)).pages[0].extract_text() or "").split()).casefold()
    assert len(written) >= 8
    assert [text for text in written if "".join(text.split()).casefold() not in shown] == []


def test_print_sends_the_page(qtbot, screen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    _window, meetings, data = screen
    tab = open_leaflet(qtbot, meetings, data.meeting_id)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    answers = [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: answers.pop(0))  # its own exec, never QDialog's
    assert not tab.print_leaflet(printer)  # the printer dialog was cancelled
    assert tab.print_leaflet(printer)
    (page,) = printed_pages(tmp_path / "printed.pdf")  # one page, and it shows the leaflet
    (preview,) = render_pages(tab.pdf, 0.5, [0])
    assert ink(preview) > 0.02
    assert abs(ink(page) - ink(preview)) < 0.5 * ink(preview)


def test_layout_preview_without_pdfium(qtbot, screen, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.ui import leaflet_tab

    _window, meetings, data = screen
    tab = open_leaflet(qtbot, meetings, data.meeting_id)
    monkeypatch.setattr(leaflet_tab, "pdfium_available", lambda: False)
    tab.layout_view.show()
    tab.schedule_preview()
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.image is None and tab.pdf is not None, timeout=30000)
    assert tab.layout_view.model is not None
    assert not tab.layout_view.grab().isNull()
