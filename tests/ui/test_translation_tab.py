"""The Translations tab: texts beside their translation with states, edits in place through the core,
review, stale sources, and PO files for outside translators checked entry by entry."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPlainTextEdit, QStyleOptionViewItem

from facilitator.content_translation import ContentTranslation, TranslationStatus, export_po
from facilitator.meeting_ops import save_item
from facilitator.storage import open_partnership
from facilitator.ui.palette import tint
from facilitator.ui.translation_tab import STATE, TRANSLATION, WHERE, TranslationModel, TranslationTab
from tests.ui.test_documents_tab import (
    DECISION,
    PUBLIC_NOTES,
    PUBLIC_TITLE,
    SECRET_TITLE,
    Built,
    build_meetings,
    open_tab,
)


@pytest.fixture
def built(window) -> Built:  # type: ignore[no-untyped-def]
    return build_meetings(window)


@pytest.fixture
def tab(built: Built) -> TranslationTab:
    return open_tab(built.window, built.held.id, "translations")


def row_of(tab: TranslationTab, source: str) -> int:
    return next(r for r, row in enumerate(tab.model.rows()) if row.text.source == source)


def state(tab: TranslationTab, source: str) -> TranslationStatus:
    return tab.model.row(row_of(tab, source)).status


def edit(tab: TranslationTab, source: str, text: str) -> bool:
    return tab.model.setData(
        tab.model.index(row_of(tab, source), TRANSLATION), text, Qt.ItemDataRole.EditRole
    )


def test_texts_side_by_side_with_states(tab: TranslationTab) -> None:
    assert tab.working_language() == "en"
    assert tab.target_language() == "fr"  # the forum's first other language
    assert tab.language.findData("en") == -1  # no translating into the working language
    sources = [row.text.source for row in tab.model.rows()]
    for text in (PUBLIC_TITLE, PUBLIC_NOTES, DECISION, SECRET_TITLE):
        assert text in sources
    row = row_of(tab, PUBLIC_TITLE)
    model = tab.model
    assert model.index(row, WHERE).data() == "Item 8: title"
    assert model.index(row, STATE).data() == "Missing"
    missing = tint(QApplication.palette(), "bad")[0]  # the palette's tint for a missing translation
    assert model.index(row, STATE).data(Qt.ItemDataRole.BackgroundRole).color() == missing
    assert model.flags(model.index(row, TRANSLATION)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, WHERE)) & Qt.ItemFlag.ItemIsEditable
    assert tab.summary.text().startswith(f"{len(sources)} texts: {len(sources)} missing")


def test_edit_review_and_stale(built: Built, tab: TranslationTab) -> None:
    context = built.window.context
    assert edit(tab, PUBLIC_TITLE, "Seringues dans le parc de la gare")
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.DRAFT
    assert (
        tab.model.index(row_of(tab, PUBLIC_TITLE), TRANSLATION).data() == "Seringues dans le parc de la gare"
    )
    assert context.undo_stack.undoText().startswith("Translate Item 8: title")

    tab.table.selectRow(row_of(tab, PUBLIC_TITLE))
    assert tab.review_button.isEnabled()
    tab.review_button.click()
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.REVIEWED
    assert not tab.review_button.isEnabled()  # already reviewed

    # Editing a reviewed translation makes it a draft again; undo brings back the review.
    assert edit(tab, PUBLIC_TITLE, "Seringues au parc de la gare")
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.DRAFT
    context.undo_stack.undo()
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.REVIEWED

    # The original changes: the translation is stale.
    store = context.store
    context.run(save_item(store, replace(built.public_item, title="Needles near the station playground")))
    assert state(tab, "Needles near the station playground") is TranslationStatus.STALE
    assert "1 stale" in tab.summary.text()


def test_mark_several_reviewed_in_one_undo_step(built: Built, tab: TranslationTab) -> None:
    edit(tab, PUBLIC_TITLE, "Seringues")
    edit(tab, DECISION, "Installer une boîte à seringues.")
    tab.table.selectAll()
    assert tab.mark_reviewed() == 2  # the missing ones have nothing to review
    assert state(tab, PUBLIC_TITLE) is state(tab, DECISION) is TranslationStatus.REVIEWED
    built.window.context.undo_stack.undo()
    assert state(tab, PUBLIC_TITLE) is state(tab, DECISION) is TranslationStatus.DRAFT


def test_the_multi_line_delegate_edits_in_place(tab: TranslationTab, qtbot) -> None:  # type: ignore[no-untyped-def]
    index = tab.model.index(row_of(tab, PUBLIC_NOTES), TRANSLATION)
    delegate = tab.table.itemDelegateForColumn(TRANSLATION)
    editor = delegate.createEditor(tab.table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QPlainTextEdit)
    delegate.setEditorData(editor, index)
    editor.setPlainText("Les équipes de rue ont ramassé 40 seringues.\nDeuxième ligne.")
    delegate.setModelData(editor, tab.model, index)
    assert tab.model.row(row_of(tab, PUBLIC_NOTES)).translation.endswith("Deuxième ligne.")
    assert state(tab, PUBLIC_NOTES) is TranslationStatus.DRAFT
    editor.deleteLater()


def test_another_language(tab: TranslationTab) -> None:
    edit(tab, PUBLIC_TITLE, "Seringues")
    tab.set_language("ar")
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.MISSING
    tab.set_language("fr")
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.DRAFT


def _translated_po(data: bytes, translations: dict[str, str]) -> bytes:
    """What an outside translator sends back: the PO with some entries filled in (done with Babel)."""
    from babel.messages.pofile import read_po, write_po

    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def test_po_round_trip_applies_after_confirmation(
    built: Built, tab: TranslationTab, monkeypatch, modals, tmp_path: Path
) -> None:
    target = tmp_path / "for translator.po"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert tab.export_po() == target
    sent = target.read_bytes()
    assert PUBLIC_TITLE.encode() in sent
    back = tmp_path / "back.po"
    back.write_bytes(
        _translated_po(sent, {PUBLIC_TITLE: "Seringues dans le parc", DECISION: "Installer une boîte."})
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(back), "")))

    # Cancel first: nothing is applied.
    modals.fill["QMessageBox"] = lambda box: box.done(QMessageBox.StandardButton.Cancel)
    assert tab.import_po() == 0
    assert state(tab, PUBLIC_TITLE) is TranslationStatus.MISSING
    box = modals.opened[-1]
    assert box.text() == "2 translations will be applied as drafts."
    assert "Item 8: notes: no translation given; left out" in box.informativeText()

    modals.fill["QMessageBox"] = lambda box: box.done(QMessageBox.StandardButton.Apply)
    assert tab.import_po() == 2
    assert state(tab, PUBLIC_TITLE) is state(tab, DECISION) is TranslationStatus.DRAFT
    assert tab.model.row(row_of(tab, DECISION)).translation == "Installer une boîte."
    assert tab.hint.text() == "2 translations imported"


def test_po_entries_whose_source_changed_are_left_out(
    built: Built, tab: TranslationTab, monkeypatch, modals, tmp_path: Path
) -> None:
    store = built.window.context.store
    sent = export_po(store, built.held.id, "fr")
    built.window.context.run(save_item(store, replace(built.public_item, title="Needles by the playground")))
    back = tmp_path / "back.po"
    back.write_bytes(_translated_po(sent, {PUBLIC_TITLE: "Seringues dans le parc"}))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(back), "")))
    modals.fill["QMessageBox"] = lambda box: box.done(QMessageBox.StandardButton.Close)
    assert tab.import_po() == 0
    box = modals.opened[-1]
    assert box.text() == "Nothing in this file can be applied."
    assert (
        "Item 8: title: the original changed after the file was exported; left out" in box.informativeText()
    )
    assert state(tab, "Needles by the playground") is TranslationStatus.MISSING


def test_a_po_for_another_meeting_is_refused(
    built: Built, tab: TranslationTab, monkeypatch, modals, tmp_path: Path
) -> None:
    other = tmp_path / "other.po"
    other.write_bytes(export_po(built.window.context.store, built.next.id, "fr"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), "")))
    modals.expect_message("Not imported")
    assert tab.import_po() == 0
    told = [d for d in modals.opened if isinstance(d, QMessageBox)]
    assert told[-1].text() == "This PO file belongs to another meeting."
    assert told[-1].windowTitle() == "Not imported"


def test_a_broken_file_is_refused(tab: TranslationTab, monkeypatch, modals, tmp_path: Path) -> None:
    broken = tmp_path / "broken.po"
    broken.write_bytes(b'msgid "x\n\x00\xff')
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(broken), "")))
    modals.expect_message("Not imported")
    assert tab.import_po() == 0
    told = [d for d in modals.opened if isinstance(d, QMessageBox)]
    assert told and told[-1].windowTitle() == "Not imported"


def test_model_passes_the_model_tester(tab: TranslationTab, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(tab.model, force_py=True)
    empty = TranslationModel()
    qtmodeltester.check(empty, force_py=True)


def test_empty_when_no_meeting(tab: TranslationTab) -> None:
    tab.set_meeting(None)
    assert tab.model.rowCount() == 0
    assert not tab.export_button.isEnabled() and not tab.import_button.isEnabled()


def test_closing_the_window_keeps_what_is_typed_in_an_open_cell(built: Built, tab: TranslationTab, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A coordinator closes the window with a translation half-typed in its cell: it is saved while the file is
    still open (as leaving the cell would), and nothing is written to a closed file."""
    window = built.window
    window.show()
    path = window.context.store.path
    index = tab.model.index(row_of(tab, PUBLIC_NOTES), TRANSLATION)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPlainTextEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    editor.setPlainText("Les équipes de rue ont ramassé 40 seringues.")

    window.close()
    QApplication.processEvents()

    assert window.context is None
    with open_partnership(path, read_only=True) as store:
        texts = [t.text for t in store.all(ContentTranslation)]
    assert "Les équipes de rue ont ramassé 40 seringues." in texts
