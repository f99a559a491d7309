"""The conflict log screen: its models, filters, detail pane, dialogs and printing off the GUI thread."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication

from facilitator import operations
from facilitator.audience import AudienceKind
from facilitator.conflicts import (
    Conflict,
    ConflictCategory,
    ConflictStage,
    Severity,
    move_conflict,
    raise_conflict,
    timeline,
)
from facilitator.docmodel import DocumentModel
from facilitator.entities import Forum, Tier
from facilitator.escalation import Escalation
from facilitator.meetings import Confidentiality
from facilitator.storage import open_partnership
from facilitator.ui import conflict_dialogs
from facilitator.ui.conflict_dialogs import ConflictDialog, EscalateDialog, MoveConflictDialog
from facilitator.ui.conflicts_screen import ConflictsScreen
from facilitator.ui.context import AppContext
from facilitator.ui.palette import warning_colour
from facilitator.ui.settings import Settings
from tests.ui.register_tests import check, column, forum, partner, pick_print, shown

TODAY = dt.date(2030, 3, 4)


@pytest.fixture
def context(seeded_db: Path, settings: Settings) -> Iterator[AppContext]:
    """The seeded partnership with a second (strategic) forum and a conflict procedure on the first."""
    store = open_partnership(seeded_db)
    street = store.all(Forum)[0]
    operations.save_forum(
        store, replace(street, conflict_procedure="Tell the coordinator first.\nMediation after two rounds.")
    ).apply(store)
    operations.save_forum(store, Forum(name="Mayor's round", tier=Tier.STRATEGIC)).apply(store)
    ctx = AppContext(store, settings)
    yield ctx
    ctx.close()


@pytest.fixture
def screen(qtbot: Any, context: AppContext, modals: Any) -> ConflictsScreen:
    return shown(qtbot, ConflictsScreen(context), TODAY)


def _street(context: AppContext) -> Forum:
    return forum(context, "Station")


def _sent_once(context: AppContext, conflict: Conflict) -> Escalation:
    """The one escalation sent, the conflict now escalated."""
    (sent,) = context.store.all(Escalation)
    assert context.store.get(Conflict, conflict.id).stage is ConflictStage.ESCALATED
    return sent


def _one_undo_takes_the_escalation_back(context: AppContext, conflict: Conflict) -> None:
    """One user action, one undo: the stage and the escalation go back together."""
    context.undo_stack.undo()
    assert context.store.all(Escalation) == []
    assert context.store.get(Conflict, conflict.id).stage is ConflictStage.RAISED


def _raise(context: AppContext, **changes: Any) -> Conflict:
    fields: dict[str, Any] = {
        "forum_id": _street(context).id,
        "title": "Complaint about stop-and-search",
        "description": "Young people searched in front of shops.",
        "raised_on": dt.date(2030, 2, 1),
        "raised_by_partner_id": partner(context, "Residents of Station Square").id,
        "partners_involved": (partner(context, "City Police").id,),
    }
    fields.update(changes)
    conflict = Conflict(**fields)
    context.run(raise_conflict(context.store, conflict, "Raised at the round"))
    return conflict


def _cell(screen: ConflictsScreen, title: str, heading: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    proxy = screen.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data() == title:
            return proxy.index(row, column(screen.conflicts, heading)).data(role)
    raise AssertionError(f"{title} is not shown")


def test_models_pass_the_model_tester(
    qtmodeltester: Any, screen: ConflictsScreen, context: AppContext
) -> None:
    _raise(context)
    _raise(
        context,
        title="Sharing information about named clients",
        category=ConflictCategory.INFORMATION_SHARING,
    )
    screen.table.selectRow(0)
    qtmodeltester.check(screen.conflicts)
    qtmodeltester.check(screen.proxy)
    qtmodeltester.check(screen.steps)


def test_raise_a_conflict_through_the_dialog(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    police = partner(context, "City Police")
    residents = partner(context, "Residents of Station Square")
    seen: list[ConflictDialog] = []

    def fill(dialog: ConflictDialog) -> None:
        seen.append(dialog)
        levels = [dialog.confidentiality.itemData(i) for i in range(dialog.confidentiality.count())]
        assert levels == [Confidentiality.PARTNERS, Confidentiality.RESTRICTED]  # never public
        assert dialog.form.isRowVisible(dialog.restricted) is False
        dialog.title_edit.setText("Police operation around the station")
        dialog.forum.setCurrentIndex(dialog.forum.findData(_street(context).id))
        dialog.description.setPlainText("Outreach was not told.")
        dialog.raised_by.setCurrentIndex(dialog.raised_by.findData(residents.id))
        check(dialog.parties, police.id, residents.id)
        dialog.category.setCurrentIndex(dialog.category.findData(ConflictCategory.INFORMATION_SHARING))
        dialog.severity.setCurrentIndex(dialog.severity.findData(Severity.HIGH))
        dialog.confidentiality.setCurrentIndex(1)
        assert dialog.form.isRowVisible(dialog.restricted) is True
        dialog.accept()  # restricted to nobody: refused, the dialog stays open
        assert not dialog.error.isHidden() and dialog.error.text().startswith("Only these partners")
        check(dialog.restricted, police.id)
        dialog.review_on.enabled.setChecked(True)
        dialog.review_on.edit.setDate(QDate(2030, 3, 1))
        dialog.note.setPlainText("Raised by the residents")
        dialog.accept()

    modals.fill["ConflictDialog"] = fill
    screen.raise_new()
    assert seen[0].result() == ConflictDialog.DialogCode.Accepted
    (conflict,) = context.store.all(Conflict)
    assert conflict.confidentiality is Confidentiality.RESTRICTED
    assert conflict.restricted_to == (police.id,)
    assert set(conflict.partners_involved) == {police.id, residents.id}
    assert screen.current() == conflict
    assert [s.note for s in timeline(context.store, conflict.id)] == ["Raised by the residents"]
    # The detail pane: the description beside the forum's procedure, and the timeline.
    assert screen.description.text() == "Outreach was not told."
    assert "Mediation after two rounds." in screen.procedure.text()
    assert "Station Square weekly round" in screen.procedure_box.title()
    assert screen.steps.rowCount() == 1
    # Reviewed on 1 March, today is 4 March: overdue, in words and in colour.
    assert _cell(screen, conflict.title, "Review").endswith("overdue")
    brush = _cell(screen, conflict.title, "Review", Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == warning_colour(QApplication.palette()).name()
    assert screen.review.isVisible() and "Mar 1, 2030" in screen.review.text()
    assert _cell(screen, conflict.title, "Who may see it") == "Restricted: Police"  # short names in the table
    assert "Restricted: City Police" in screen.facts.text()


def test_edit_keeps_the_stage(screen: ConflictsScreen, context: AppContext, modals: Any) -> None:
    conflict = _raise(context)
    context.run(move_conflict(context.store, conflict.id, ConflictStage.ACKNOWLEDGED, dt.date(2030, 2, 2)))
    screen.show_conflict(conflict.id)

    def fill(dialog: ConflictDialog) -> None:
        assert dialog.title_edit.text() == conflict.title
        assert "note" not in dialog.field_labels  # a first note only when raising
        dialog.severity.setCurrentIndex(dialog.severity.findData(Severity.HIGH))
        dialog.accept()

    modals.fill["ConflictDialog"] = fill
    screen.edit_conflict()
    stored = context.store.get(Conflict, conflict.id)
    assert (stored.severity, stored.stage) == (Severity.HIGH, ConflictStage.ACKNOWLEDGED)
    assert _cell(screen, conflict.title, "Severity") == "High"


def _move_after_a_refusal(
    screen: ConflictsScreen,
    modals: Any,
    stage: ConflictStage,
    fill_in: Callable[[MoveConflictDialog], None],
) -> list[str]:
    """Move the shown conflict to ``stage`` through the dialog: OK on the empty form first (the errors it shows
    are returned), then OK again after ``fill_in`` has checked the form and filled it in."""
    errors: list[str] = []

    def fill(dialog: MoveConflictDialog) -> None:
        dialog.stage.setCurrentIndex(dialog.stage.findData(stage))
        dialog.accept()
        errors.append(dialog.error.text())
        fill_in(dialog)
        dialog.accept()

    modals.fill["MoveConflictDialog"] = fill
    screen.move_stage()
    return errors


def test_move_to_mediation_needs_a_mediator(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    conflict = _raise(context)
    screen.show_conflict(conflict.id)

    def fill_in(dialog: MoveConflictDialog) -> None:
        assert dialog.form.isRowVisible(dialog.mediator)
        assert not dialog.form.isRowVisible(dialog.resolution)
        dialog.mediator.setText("Dr Helen Marsh")
        dialog.note.setPlainText("Both sides agreed to mediation")

    errors = _move_after_a_refusal(screen, modals, ConflictStage.IN_MEDIATION, fill_in)
    assert errors == ["Mediator: name the mediator"]
    stored = context.store.get(Conflict, conflict.id)
    assert (stored.stage, stored.mediator) == (ConflictStage.IN_MEDIATION, "Dr Helen Marsh")
    assert screen.steps.rowCount() == 2
    assert screen.steps.index(1, 2).data() == "Both sides agreed to mediation"
    assert "Mediator: Dr Helen Marsh" in screen.facts.text()


def test_resolving_needs_a_resolution_and_keeps_the_lessons(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    conflict = _raise(context)
    screen.show_conflict(conflict.id)

    def fill_in(dialog: MoveConflictDialog) -> None:
        assert dialog.form.isRowVisible(dialog.resolution) and dialog.form.isRowVisible(dialog.lessons)
        dialog.resolution.setPlainText("Record slips handed out from now on")
        dialog.lessons.setPlainText("Invite residents to the briefing")

    errors = _move_after_a_refusal(screen, modals, ConflictStage.RESOLVED, fill_in)
    assert errors == ["How it was resolved: say how the conflict was resolved"]
    # Resolved conflicts leave the default "open" view; the log can show them again.
    assert screen.current() is None
    screen.show_conflict(conflict.id)
    assert "Record slips handed out" in screen.outcome.text()
    assert "Invite residents" in screen.outcome.text()


def test_filters_by_forum_stage_category_and_words(screen: ConflictsScreen, context: AppContext) -> None:
    mayor = forum(context, "Mayor's round")
    _raise(context)
    _raise(context, title="Rivalry over funding", category=ConflictCategory.PROTECTIONISM, forum_id=mayor.id)
    closed = _raise(context, title="Old quarrel about needles")
    context.run(
        move_conflict(
            context.store, closed.id, ConflictStage.CLOSED_UNRESOLVED, dt.date(2030, 2, 3), "Nobody came"
        )
    )

    def titles() -> set[str]:
        return {screen.proxy.index(r, 0).data() for r in range(screen.proxy.rowCount())}

    assert titles() == {"Complaint about stop-and-search", "Rivalry over funding"}
    screen.state_filter.setCurrentIndex(screen.state_filter.findData("closed"))
    assert titles() == {"Old quarrel about needles"}
    screen.state_filter.setCurrentIndex(screen.state_filter.findData("all"))
    assert len(titles()) == 3
    screen.forum_filter.setCurrentIndex(screen.forum_filter.findData(mayor.id))
    assert titles() == {"Rivalry over funding"}
    screen.forum_filter.setCurrentIndex(0)
    screen.category_filter.setCurrentIndex(screen.category_filter.findData(ConflictCategory.PROTECTIONISM))
    assert titles() == {"Rivalry over funding"}
    screen.category_filter.setCurrentIndex(0)
    screen.search.setText("needles")
    assert titles() == {"Old quarrel about needles"}


def test_escalate_sends_it_up_and_one_undo_takes_it_back(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    conflict = _raise(context)
    screen.show_conflict(conflict.id)
    mayor = forum(context, "Mayor's round")
    context.run(operations.save_forum(context.store, Forum(name="Residents' meeting", tier=Tier.PUBLIC)))

    def fill(dialog: EscalateDialog) -> None:  # never to a public meeting
        assert [dialog.target.itemData(i) for i in range(dialog.target.count())] == [mayor.id]
        dialog.reason.setPlainText("The police chief must decide on record slips")
        dialog.accept()

    modals.fill["EscalateDialog"] = fill
    screen.escalate_conflict()
    sent = _sent_once(context, conflict)
    assert (sent.subject_kind, sent.subject_id, sent.to_forum_id) == ("conflicts", conflict.id, mayor.id)
    assert "Mayor's round" in screen.steps.index(1, 2).data()
    _one_undo_takes_the_escalation_back(context, conflict)


def test_moving_to_escalated_escalates_to_the_forum_above_in_the_same_edit(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    conflict = _raise(context)
    screen.show_conflict(conflict.id)
    mayor = forum(context, "Mayor's round")

    def fill_in(dialog: MoveConflictDialog) -> None:
        assert dialog.form.isRowVisible(dialog.escalate_to)
        assert [dialog.escalate_to.itemData(i) for i in range(dialog.escalate_to.count())] == [mayor.id]
        dialog.note.setPlainText("Only the mayor's round can fund the interpreter")

    errors = _move_after_a_refusal(screen, modals, ConflictStage.ESCALATED, fill_in)
    # No reason at first: refused, in plain words, and nothing is written.
    assert errors == ["Note: say why it is escalated"]
    sent = _sent_once(context, conflict)
    assert (sent.subject_id, sent.from_forum_id, sent.to_forum_id) == (
        conflict.id,
        conflict.forum_id,
        mayor.id,
    )
    assert sent.reason == "Only the mayor's round can fund the interpreter"
    assert "Escalated to Mayor's round: Only the mayor's round" in screen.steps.index(1, 2).data()
    _one_undo_takes_the_escalation_back(context, conflict)


def test_moving_an_escalated_conflict_back_and_up_again_links_the_open_escalation(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    conflict = _raise(context)
    mayor = forum(context, "Mayor's round")
    store = context.store
    context.run(move_conflict(store, conflict.id, ConflictStage.ESCALATED, TODAY, "Needs the mayor"))
    context.run(move_conflict(store, conflict.id, ConflictStage.IN_DISCUSSION, TODAY, "Talked again"))
    screen.show_conflict(conflict.id)

    def fill(dialog: MoveConflictDialog) -> None:
        dialog.stage.setCurrentIndex(dialog.stage.findData(ConflictStage.ESCALATED))
        assert dialog.escalate_to.count() == 1 and not dialog.escalate_to.isEnabled()
        assert dialog.escalate_to.currentText() == "Mayor's round (already escalated there)"
        dialog.accept()

    modals.fill["MoveConflictDialog"] = fill
    screen.move_stage()
    (only,) = store.all(Escalation)  # linked, not sent twice
    assert only.to_forum_id == mayor.id
    assert store.get(Conflict, conflict.id).stage is ConflictStage.ESCALATED
    notes = [screen.steps.index(row, 2).data() for row in range(screen.steps.rowCount())]
    assert any(n.startswith("Escalated to Mayor's round since") for n in notes)


def test_a_strategic_forum_has_nowhere_to_escalate(
    screen: ConflictsScreen, context: AppContext, modals: Any
) -> None:
    store = context.store
    mayor = forum(context, "Mayor's round")
    conflict = _raise(context)
    context.run(
        operations.save_forum(store, replace(store.get(Forum, conflict.forum_id), tier=Tier.STRATEGIC))
    )
    screen.show_conflict(conflict.id)
    modals.expect_message("has no forum above it to escalate to")
    screen.escalate_conflict()
    said = modals.opened[-1]
    assert "has no forum above it to escalate to" in said.text()
    assert store.all(Escalation) == []
    # Unless the forum says where it escalates.
    context.run(
        operations.save_forum(store, replace(store.get(Forum, conflict.forum_id), escalates_to_id=mayor.id))
    )
    modals.fill["EscalateDialog"] = lambda d: (d.reason.setPlainText("Up to the board"), d.accept())
    screen.escalate_conflict()
    assert [e.to_forum_id for e in store.all(Escalation)] == [mayor.id]


def test_print_log_builds_on_the_gui_thread_and_writes_on_a_worker(
    qtbot: Any, screen: ConflictsScreen, context: AppContext, *, modals: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    import threading

    from PySide6.QtWidgets import QFileDialog

    _raise(context)
    written: list[tuple[DocumentModel, Path, str, bool]] = []

    def fake(model: DocumentModel, path: Path, file_format: str, progress: Any) -> None:
        progress("Preparing fonts…")
        written.append((model, path, file_format, threading.current_thread() is threading.main_thread()))
        path.write_bytes(b"written")

    monkeypatch.setattr(conflict_dialogs, "write_document", fake)
    target = tmp_path / "log"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    pick_print(modals, "full", "docx")
    with qtbot.waitSignal(screen.exported, timeout=10_000) as signal:
        screen.print_log()
    ((model, path, file_format, on_main),) = written
    assert not on_main
    assert (path, file_format) == (target.with_suffix(".docx"), "docx")
    assert signal.args == [str(target.with_suffix(".docx"))]
    assert model.title == "Conflict log" and model.status == AudienceKind.FULL.label
    assert "Complaint about stop-and-search" in model.text()
    assert screen.export_job is None


def test_a_failed_export_is_told_plainly(
    qtbot: Any, screen: ConflictsScreen, modals: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from facilitator.errors import DiskFull

    def full(*_args: Any) -> None:
        raise DiskFull("The disk is full, so the log was not written.", hint="Free some space.")

    monkeypatch.setattr(conflict_dialogs, "write_document", full)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "x"), ""))
    )
    pick_print(modals, "partners", "pdf")
    modals.expect_message("The disk is full, so the log was not written")
    screen.print_log()
    qtbot.waitUntil(lambda: screen.export_job is None, timeout=10_000)
    boxes = [d for d in modals.opened if isinstance(d, QMessageBox)]
    assert boxes and boxes[-1].text() == "The disk is full, so the log was not written."
    assert screen.last_export is None


@pytest.fixture(scope="module")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A font cache of this module's own, so the user's cache is never touched (the first PDF builds it)."""
    from facilitator.exports.fonts import CACHE_ENV

    root = tmp_path_factory.mktemp("fonts")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(root)
    yield root
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


def test_printed_log_for_partners_withholds_a_restricted_conflict(
    qtbot: Any,
    screen: ConflictsScreen,
    context: AppContext,
    *,
    modals: Any,
    monkeypatch: Any,
    tmp_path: Path,
    font_cache: Path,
) -> None:
    """A real PDF and a real DOCX, read back: the restricted conflict is only in the version for its partner."""
    from docx import Document
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    police = partner(context, "City Police")
    _raise(context)
    _raise(
        context,
        title="Operation Quetzal at the station",
        description="Plain clothes Zanzibar team",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(police.id,),
    )

    def export(name: str, audience: str, file_format: str, partner_id: str | None = None) -> str:
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
        pick_print(modals, audience, file_format, partner_id)
        with qtbot.waitSignal(screen.exported, timeout=120_000):
            screen.print_log()
        path = target.with_suffix(f".{file_format}")
        if file_format == "pdf":
            return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
        document = Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)

    partners_pdf = " ".join(export("partners", "partners", "pdf").split())
    assert "Complaint about stop-and-search" in partners_pdf
    assert "1 confidential conflict is not shown." in partners_pdf
    assert "Quetzal" not in partners_pdf and "Zanzibar" not in partners_pdf
    partners_docx = export("partners-docx", "partners", "docx")
    assert "Complaint about stop-and-search" in partners_docx
    assert "Quetzal" not in partners_docx and "Zanzibar" not in partners_docx
    police_docx = export("police", "for_partner", "docx", police.id)
    assert "Operation Quetzal at the station" in police_docx and "Zanzibar" in police_docx
