"""The Documents tab: a real PDF preview for every audience, exports read back, printing, and the minutes'
life from draft to approved and corrected. Meetings are built with the core's operations on a real file."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox

from facilitator.approval import MinutesStatus, minutes_status
from facilitator.audience import Audience
from facilitator.entities import Forum, Partner
from facilitator.meeting_ops import (
    agenda,
    end_meeting,
    new_meeting,
    record_decision,
    save_item,
    start_meeting,
)
from facilitator.meetings import AgendaItem, Confidentiality, DecisionMethod, Meeting
from facilitator.operations import save_forum
from facilitator.ui.approval_dialogs import ApproveDialog, CirculateDialog, CorrectionDialog
from facilitator.ui.dialogs import checked_data
from facilitator.ui.documents_tab import DocumentsTab
from facilitator.ui.export_worker import DocumentFormat
from facilitator.ui.main_window import SCREENS, MainWindow
from tests.conftest import FROZEN_AT
from tests.ui.conftest import seat_outreach

TODAY = FROZEN_AT.date()
PUBLIC_TITLE = "Needles in the station park"
PUBLIC_NOTES = "Outreach collected 40 needles."
DECISION = "Install a needle bin at the east entrance."
SECRET_TITLE = "Operation Nightjar"
SECRET_NOTES = "Raid planned for Thursday night."


@dataclass(frozen=True)
class Built:
    """Two meetings of the seeded forum: one held last week (with a public and a restricted item and a
    decision), and this week's, planned."""

    window: MainWindow
    forum: Forum
    police: Partner
    outreach: Partner
    held: Meeting
    next: Meeting
    public_item: AgendaItem
    secret_item: AgendaItem


def build_meetings(window: MainWindow) -> Built:
    """The meetings of ``Built``, made through the window's context (so every screen hears of them)."""
    context = window.context
    assert context is not None
    store = context.store
    forum = replace(store.all(Forum)[0], other_languages=("fr", "ar"))
    context.run(save_forum(store, forum))
    _forum, partners, _yusuf = seat_outreach(context)
    police, outreach = partners["City Police"], partners["Outreach North"]
    edit, held = new_meeting(
        store,
        forum.id,
        dt.datetime.combine(TODAY - dt.timedelta(days=7), dt.time(10)),
        timezone="Europe/Brussels",
    )
    context.run(edit)
    public_item = AgendaItem(
        meeting_id=held.id,
        position=0,
        title=PUBLIC_TITLE,
        notes=PUBLIC_NOTES,
        confidentiality=Confidentiality.PUBLIC,
    )
    secret_item = AgendaItem(
        meeting_id=held.id,
        position=0,
        title=SECRET_TITLE,
        notes=SECRET_NOTES,
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(police.id,),
        presenter_partner_id=police.id,
    )
    for item in (public_item, secret_item):
        context.run(save_item(store, item))
    context.run(record_decision(store, public_item.id, DECISION, DecisionMethod.CONSENSUS, {}))
    context.run(start_meeting(store, held.id))
    context.run(end_meeting(store, held.id))
    edit, following = new_meeting(
        store, forum.id, dt.datetime.combine(TODAY, dt.time(10)), timezone="Europe/Brussels"
    )
    context.run(edit)
    return Built(
        window=window,
        forum=forum,
        police=police,
        outreach=outreach,
        held=store.get(Meeting, held.id),
        next=following,
        public_item=store.get(AgendaItem, public_item.id),
        secret_item=store.get(AgendaItem, secret_item.id),
    )


def open_tab(window: MainWindow, meeting_id: str, name: str = "documents"):  # type: ignore[no-untyped-def]
    """Show the meeting on the Meetings screen with the tab ``name`` (documents or translations) in view."""
    window.navigation.setCurrentRow([s[0] for s in SCREENS].index("meetings"))
    screen = window.screens["meetings"]
    screen.show_meeting(meeting_id)
    tab = getattr(screen, name)
    screen.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    return tab


def wait_preview(qtbot, tab: DocumentsTab) -> None:  # type: ignore[no-untyped-def]
    """Wait until the preview of the current choices is shown (the worker is waited for, never slept on)."""
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.preview is not None, timeout=120_000)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def export(qtbot, monkeypatch, tab: DocumentsTab, target: Path) -> Path:  # type: ignore[no-untyped-def]
    """Export the chosen document to ``target`` through the file dialog, and wait for the worker."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(tab.exported, timeout=120_000) as done:
        assert tab.export() is not None
    return Path(done.args[0])


@pytest.fixture(autouse=True)
def _workers_finish() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(120_000)


@pytest.fixture
def built(window: MainWindow) -> Built:
    return build_meetings(window)


def test_the_tab_loads_only_when_in_view(window, built: Built) -> None:
    window.navigation.setCurrentRow([s[0] for s in SCREENS].index("meetings"))
    screen = window.screens["meetings"]
    screen.show_meeting(built.held.id)
    screen.tabs.setCurrentWidget(screen.agenda)
    assert screen.documents.meeting() is None and not screen.documents.is_busy()
    screen.tabs.setCurrentWidget(screen.documents)
    assert screen.documents.meeting() == built.held


def test_preview_renders_pages_for_every_audience(window, built: Built, qtbot) -> None:
    tab = open_tab(window, built.held.id)
    for audience in (
        Audience.public(),
        Audience.partners(),
        Audience.for_partner(built.police.id),
        Audience.full(),
    ):
        tab.set_choices(audience=audience)
        assert tab.audience() == audience
        wait_preview(qtbot, tab)
        assert tab.preview is not None and tab.preview.pages
        assert all(not page.isNull() and page.width() > 500 for page in tab.preview.pages)
        assert tab.page_view.pixmap() is not None and not tab.page_view.pixmap().isNull()
        assert tab.page_label.text() == f"Page 1 of {tab.preview.total_pages}"
        assert tab.model is not None
        assert (SECRET_TITLE in tab.model.text()) == (
            audience.kind.value == "full" or audience.partner_id is not None
        )


def test_page_navigation_and_zoom(window, built: Built, qtbot) -> None:
    tab = open_tab(window, built.held.id)
    tab.set_choices(audience=Audience.full())
    wait_preview(qtbot, tab)
    assert tab.preview is not None
    fit = tab.page_width()
    assert fit == tab.preview_area.viewport().width() - 24
    tab.zoom.setCurrentIndex(3)  # 100 %: an A4 page is about 794 pixels wide at 96 dpi
    assert abs(tab.page_width() - 794) <= 2
    assert tab.page_view.pixmap().width() == tab.page_width()
    tab.show_page(99)
    assert tab.page == len(tab.preview.pages) - 1
    tab.show_page(-5)
    assert tab.page == 0
    assert not tab.previous_button.isEnabled()


def test_preview_follows_record_changes(window, built: Built, qtbot) -> None:
    tab = open_tab(window, built.held.id)
    wait_preview(qtbot, tab)
    first = tab.preview
    store = window.context.store
    window.context.run(save_item(store, replace(built.public_item, title="Needles near the playground")))
    assert tab.is_busy()  # debounced: the preview is prepared again shortly
    wait_preview(qtbot, tab)
    assert tab.preview is not first
    assert tab.model is not None and "Needles near the playground" in tab.model.text()


def test_the_window_answers_while_the_worker_lays_out(window, built: Built, qtbot, monkeypatch) -> None:
    """The first PDF builds the fonts (seconds): the worker says so, and the window keeps answering."""
    from facilitator.exports import pdf_writer

    real = pdf_writer.pdf_bytes
    release = threading.Event()

    def slow(model, progress=None):  # type: ignore[no-untyped-def]
        if progress is not None:
            progress("Preparing the bold font Noto Sans for PDF (done once)…")
        release.wait(60)
        return real(model, progress)

    monkeypatch.setattr(pdf_writer, "pdf_bytes", slow)
    tab = open_tab(window, built.held.id)
    tab.refresh_preview()
    qtbot.waitUntil(lambda: "bold font" in tab.busy_label.full_text(), timeout=10_000)
    assert tab.busy.isVisible() and tab.is_busy()
    tab.set_choices(language="fr")  # the window still answers; the new choice waits its turn
    tab.refresh_preview()
    release.set()
    wait_preview(qtbot, tab)
    assert tab.model is not None and tab.model.language == "fr"
    assert not tab.busy.isVisible()


def test_untranslated_texts_are_listed(window, built: Built, qtbot) -> None:
    tab = open_tab(window, built.held.id)
    wait_preview(qtbot, tab)
    assert tab.language.currentData() == "en"  # the forum's working language
    assert tab.untranslated.isHidden()
    tab.set_choices(language="fr", audience=Audience.partners())
    wait_preview(qtbot, tab)
    assert not tab.untranslated.isHidden()
    warning = tab.untranslated.text()
    assert "French" in warning
    for text in (PUBLIC_TITLE, PUBLIC_NOTES, DECISION):
        assert text in warning
    assert SECRET_TITLE not in warning  # the partners' version does not show it, so it is not missing from it


def test_exports_are_read_back_and_public_ones_hold_no_restricted_item(
    window, built: Built, qtbot, monkeypatch, tmp_path: Path
) -> None:
    tab = open_tab(window, built.held.id)
    for audience, name in ((Audience.public(), "public"), (Audience.full(), "full")):
        tab.set_choices(audience=audience, fmt=DocumentFormat.PDF)
        pdf = export(qtbot, monkeypatch, tab, tmp_path / f"{name}.pdf")
        tab.set_choices(fmt=DocumentFormat.DOCX)
        word = export(qtbot, monkeypatch, tab, tmp_path / name)  # the ending is added
        assert word.name == f"{name}.docx"
        assert tab.last_export == word
        text_pdf, text_docx = pdf_text(pdf), docx_text(word)
        assert built.forum.name in text_pdf and built.forum.name in text_docx
        assert PUBLIC_TITLE in text_pdf and PUBLIC_TITLE in text_docx
        for secret in (SECRET_TITLE, SECRET_NOTES):
            assert (secret in text_pdf) == (name == "full")
            assert (secret in text_docx) == (name == "full")
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind


def test_agenda_export(window, built: Built, qtbot, monkeypatch, tmp_path: Path) -> None:
    tab = open_tab(window, built.next.id)
    tab.set_choices(document="agenda", audience=Audience.partners())
    wait_preview(qtbot, tab)
    assert tab.model is not None and tab.model.status == "Agenda for circulation"
    pdf = export(qtbot, monkeypatch, tab, tmp_path / "agenda.pdf")
    assert "Agenda" in pdf_text(pdf)


def test_a_failed_export_is_told_plainly(built: Built, qtbot, monkeypatch, modals, tmp_path: Path) -> None:
    tab = open_tab(built.window, built.held.id)
    target = tmp_path / "no such folder" / "minutes.pdf"
    modals.expect_message("does not exist")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(tab.export_failed, timeout=120_000):
        tab.export()
    told = [d for d in modals.opened if isinstance(d, QMessageBox)]
    assert told and "does not exist" in told[-1].text()
    assert told[-1].windowTitle() == "The document was not written"
    assert not target.parent.exists()


def test_open_with_the_system_viewer(window, built: Built, qtbot, monkeypatch, tmp_path: Path) -> None:
    tab = open_tab(window, built.held.id)
    assert not tab.open_button.isEnabled()
    written = export(qtbot, monkeypatch, tab, tmp_path / "minutes.pdf")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    assert tab.open_button.isEnabled()
    tab.open_button.click()
    assert [u.toLocalFile() for u in opened] == [str(written)]


def test_print_paints_the_rendered_pages(window, built: Built, qtbot, monkeypatch, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    tab = open_tab(window, built.held.id)
    tab.set_choices(audience=Audience.full())
    wait_preview(qtbot, tab)
    asked: list[QPrintDialog] = []
    monkeypatch.setattr(
        QPrintDialog, "exec", lambda self: asked.append(self) or int(QDialog.DialogCode.Accepted)
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert tab.print_document(printer)
    assert asked
    from pypdf import PdfReader

    assert tab.preview is not None
    assert len(PdfReader(str(target)).pages) == tab.preview.total_pages
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert not tab.print_document(printer)


def test_circulate_approve_lock_correct_verify(
    built: Built, qtbot, monkeypatch, modals, tmp_path: Path
) -> None:
    window = built.window
    store = window.context.store
    tab = open_tab(window, built.held.id)
    assert tab.minutes.circulate_button.isEnabled() and not tab.minutes.approve_button.isEnabled()
    assert not tab.minutes.correction_button.isEnabled() and not tab.minutes.verify_button.isEnabled()

    def circulate(dialog: CirculateDialog) -> None:
        # The forum's members are ticked by default.
        ticked = {str(d) for d in checked_data(dialog.partners)}
        assert ticked == {built.police.id, built.outreach.id}
        dialog.accept()

    modals.fill["CirculateDialog"] = circulate
    tab.minutes.circulate_button.click()
    assert minutes_status(store, built.held.id) is MinutesStatus.CIRCULATED
    assert "Circulated on" in tab.minutes.minutes_state.text()
    assert tab.minutes.approve_button.isEnabled()

    def approve(dialog: ApproveDialog) -> None:
        assert dialog.meeting.currentData() == built.next.id  # the next meeting by default
        assert any("locked" in label.text() for label in dialog.findChildren(QLabel))
        dialog.accept()

    modals.fill["ApproveDialog"] = approve
    tab.minutes.approve_button.click()
    assert minutes_status(store, built.held.id) is MinutesStatus.APPROVED
    assert "locked" in tab.minutes.minutes_state.text()
    assert not tab.minutes.circulate_button.isEnabled() and tab.minutes.correction_button.isEnabled()

    # The agenda of approved minutes can no longer change: told in plain words.
    screen = window.screens["meetings"]
    screen.tabs.setCurrentWidget(screen.agenda)
    editor = screen.agenda
    editor.select_row(editor.model.row_of(built.public_item.id))
    before = agenda(store, built.held.id)
    modals.expect_message("Record a correction instead")
    editor.move_selected(-1)
    assert agenda(store, built.held.id) == before
    shown = [f"{m.text()} {m.informativeText()}" for m in modals.opened if isinstance(m, QMessageBox)]
    assert shown and "approved" in shown[-1] and "correction" in shown[-1]
    screen.tabs.setCurrentWidget(tab)

    def correct(dialog: CorrectionDialog) -> None:
        dialog.text.setPlainText("The needle bin goes to the west entrance, not the east.")
        dialog.accept()

    modals.fill["CorrectionDialog"] = correct
    tab.minutes.correction_button.click()
    assert "1 correction recorded" in tab.minutes.minutes_state.text()
    tab.set_choices(audience=Audience.partners(), fmt=DocumentFormat.PDF)
    text = pdf_text(export(qtbot, monkeypatch, tab, tmp_path / "corrected.pdf"))
    assert "Corrigendum" in text and "west entrance" in text
    tab.set_choices(fmt=DocumentFormat.DOCX)
    assert "Corrigendum" in docx_text(export(qtbot, monkeypatch, tab, tmp_path / "corrected.docx"))

    told: list[tuple[object, ...]] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: told.append(a)))
    assert tab.minutes.verify() is True
    assert told and str(told[-1][2]).startswith("OK")


def test_approval_needs_a_later_meeting(window, built: Built, modals) -> None:
    store = window.context.store
    from facilitator.approval import circulate_minutes
    from facilitator.meeting_ops import cancel_meeting

    window.context.run(circulate_minutes(store, built.held.id, [built.police.id], TODAY))
    window.context.run(cancel_meeting(store, built.next.id, "Holiday"))
    tab = open_tab(window, built.held.id)
    modals.expect_message("Plan the next meeting first")
    tab.minutes.approve()
    assert any(isinstance(a, tuple) and "later meeting" in str(a[2]) for a in modals.opened)
    assert minutes_status(store, built.held.id) is MinutesStatus.CIRCULATED


def test_a_refused_circulation_keeps_the_dialog_open(window, built: Built, modals) -> None:
    tab = open_tab(window, built.next.id)  # planned, not held
    assert not tab.minutes.circulate_button.isEnabled()
    tab = open_tab(window, built.held.id)
    kept: list[CirculateDialog] = []

    def nobody(dialog: CirculateDialog) -> None:
        for row in range(dialog.partners.count()):
            dialog.partners.item(row).setCheckState(Qt.CheckState.Unchecked)
        dialog.accept()
        kept.append(dialog)

    modals.fill["CirculateDialog"] = nobody
    tab.minutes.circulate()
    assert kept and not kept[0].error.isHidden() and "at least one partner" in kept[0].error.text()
    assert minutes_status(window.context.store, built.held.id) is MinutesStatus.DRAFT
