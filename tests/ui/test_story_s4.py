"""Story S4, approval, end to end through the window: the secretariat circulates the draft minutes; at the next
meeting the partners approve them; from then on they are locked; a mistake found later is recorded as a
correction and printed with the minutes, never by editing them."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QMessageBox

from facilitator.approval import MinutesStatus, minutes_record, minutes_status
from facilitator.audience import Audience
from facilitator.meeting_ops import agenda, decision_of
from facilitator.meetings import ItemKind
from facilitator.ui.approval_dialogs import ApproveDialog, CorrectionDialog
from facilitator.ui.export_worker import DocumentFormat
from facilitator.ui.meeting_dialogs import ItemDialog
from tests.ui.conftest import assert_in_sight, ink, printed_pages
from tests.ui.test_documents_tab import (
    DECISION,
    PUBLIC_TITLE,
    SECRET_TITLE,
    TODAY,
    build_meetings,
    docx_text,
    export,
    open_tab,
    pdf_text,
    wait_preview,
)

CORRECTION = "The needle bin goes to the west entrance, not the east one."


@pytest.fixture(autouse=True)
def _workers_finish() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(120_000)


def test_s4_circulate_approve_lock_and_correct(
    window, modals, qtbot, monkeypatch, tmp_path: Path, *, laptop
) -> None:
    laptop(window)
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    built = build_meetings(window)
    store = window.context.store
    tab = open_tab(window, built.held.id)

    # The secretariat looks at the partners' draft: marked as a draft, the restricted police item withheld.
    tab.set_choices(audience=Audience.partners(), fmt=DocumentFormat.PDF)
    wait_preview(qtbot, tab)
    assert tab.model is not None and tab.model.draft_mark == "DRAFT"
    draft = pdf_text(export(qtbot, monkeypatch, tab, tmp_path / "draft.pdf"))
    assert PUBLIC_TITLE in draft and DECISION in draft and SECRET_TITLE not in draft

    # ... and circulates it to the forum's members.
    modals.fill["CirculateDialog"] = lambda dialog: dialog.accept()
    assert_in_sight(tab.minutes.circulate_button)
    tab.minutes.circulate_button.click()
    record = minutes_record(store, built.held.id)
    assert record is not None and record.status is MinutesStatus.CIRCULATED
    assert set(record.circulated_to) == {built.police.id, built.outreach.id}
    assert record.circulated_on == TODAY
    wait_preview(qtbot, tab)
    assert tab.model is not None and tab.model.status.startswith("Draft circulated on")

    # At the next meeting the partners approve them (the next meeting is offered).
    def approve(dialog: ApproveDialog) -> None:
        assert dialog.meeting.currentData() == built.next.id
        dialog.accept()

    modals.fill["ApproveDialog"] = approve
    assert_in_sight(tab.minutes.approve_button)
    tab.minutes.approve_button.click()
    assert minutes_status(store, built.held.id) is MinutesStatus.APPROVED
    minutes_item = next(i for i in agenda(store, built.next.id) if i.kind is ItemKind.MINUTES)
    found = decision_of(store, minutes_item.id)
    assert found is not None and "were approved" in found[0].text
    wait_preview(qtbot, tab)
    assert tab.model is not None and tab.model.draft_mark == "" and tab.model.status.startswith("Approved on")
    assert "Checksum of the approved record" in tab.model.footer_note

    # From then on the record is locked: editing an item is refused in plain words, and nothing changes.
    screen = window.screens["meetings"]
    screen.tabs.setCurrentWidget(screen.agenda)
    editor = screen.agenda
    editor.select_row(editor.model.row_of(built.public_item.id))
    refused: list[str] = []

    def rename(dialog: ItemDialog) -> None:
        dialog.title_edit.setText("Needles, renamed after approval")
        dialog.accept()
        refused.append(dialog.error.text())

    modals.fill["ItemDialog"] = rename
    editor.edit_item()
    assert refused and "approved" in refused[0] and "no longer change" in refused[0]
    assert agenda(store, built.held.id)[editor.model.row_of(built.public_item.id)].title == PUBLIC_TITLE

    # A mistake found later is recorded as a correction ...
    screen.tabs.setCurrentWidget(tab)
    assert tab.minutes.correction_button.isEnabled() and not tab.minutes.circulate_button.isEnabled()

    def correct(dialog: CorrectionDialog) -> None:
        dialog.text.setPlainText(CORRECTION)
        dialog.accept()

    modals.fill["CorrectionDialog"] = correct
    assert_in_sight(tab.minutes.correction_button)
    tab.minutes.correction_button.click()
    wait_preview(qtbot, tab)
    assert tab.model is not None and "Corrigendum" in tab.model.text() and CORRECTION in tab.model.text()

    # ... which the next exports and the printout carry.
    corrected = pdf_text(export(qtbot, monkeypatch, tab, tmp_path / "approved.pdf"))
    assert "Corrigendum" in corrected and "west entrance" in corrected and DECISION in corrected
    tab.set_choices(fmt=DocumentFormat.DOCX)
    assert CORRECTION in docx_text(export(qtbot, monkeypatch, tab, tmp_path / "approved.docx"))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QDialog.DialogCode.Accepted))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert tab.print_document(printer)
    # Every page of the corrected minutes is printed, none blank (the pages are drawn as images: judged by ink).
    pages = printed_pages(tmp_path / "printed.pdf")
    assert len(pages) == len(PdfReader(BytesIO(tab.preview.pdf)).pages)
    assert all(ink(page) > 0.002 for page in pages), [round(ink(page), 4) for page in pages]

    # The approved record still matches its checksum.
    told: list[tuple[object, ...]] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: told.append(a)))
    assert_in_sight(tab.minutes.verify_button)
    tab.minutes.verify_button.click()
    assert told and str(told[-1][1]) == "Checksum verified"
