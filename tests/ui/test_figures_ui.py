"""Street figures in the window: chosen on the Forums screen, typed in the agenda editor and the live view (last
time beside, missing shown as missing), a target agreed as a decision, figures from a partner's records, and the
Indicators screen's part about the street with its CSV."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from facilitator import clock
from facilitator.entities import Forum
from facilitator.figure_ops import (
    entries_under,
    figures_of,
    reading_at,
    record_figure,
    targets_of,
)
from facilitator.figures import FigureReading, TrackedFigure
from facilitator.indicators import Period
from facilitator.meeting_ops import agenda, start_item, start_meeting
from facilitator.meetings import Confidentiality, Decision, Meeting
from facilitator.storage import open_partnership
from facilitator.street_report import NOT_CAUSE, PROCESS_TITLE, STREET_TITLE
from facilitator.ui.figure_dialogs import (
    FigureDialog,
    ForumFiguresDialog,
    PastFigureDialog,
    PastFiguresDialog,
    ReadingsModel,
    TrackedFiguresModel,
)
from facilitator.ui.figures_panel import (
    COVERS,
    LAST_TIME,
    NOTE,
    THIS_TIME,
    CoversDialog,
    FiguresPanel,
    TargetDialog,
)
from facilitator.ui.indicators_screen import CUSTOM
from facilitator.ui.main_window import MainWindow
from tests.core.figure_world import SECRET, build_figure_world
from tests.ui.conftest import ModalAnswers

QUARTER = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """The street round of ``tests.core.figure_world``: six Mondays from 6 January 2025, four held, and needles
    reported at the first three."""
    path = tmp_path / "figures.sqlite"
    with open_partnership(path) as store:
        world = build_figure_world(store, weeks=6, held=4)
        for number in range(3):
            record_figure(store, world.meetings[number].id, world.needles.id, 10 + number).apply(store)
    return path


def _meetings(window: MainWindow) -> list[Meeting]:
    return sorted(window.context.store.all(Meeting), key=lambda m: m.starts_at)


def _figure(window: MainWindow, common: str) -> TrackedFigure:
    return next(f for f in window.context.store.all(TrackedFigure) if f.common == common)


def _show_agenda(window: MainWindow, meeting: Meeting, title: str) -> FiguresPanel:
    window.navigation.setCurrentRow(1)
    screen = window.screens["meetings"]
    screen.show_meeting(meeting.id)
    screen.tabs.setCurrentWidget(screen.agenda)
    items = agenda(window.context.store, meeting.id)
    screen.agenda.select_row(next(n for n, i in enumerate(items) if i.title.startswith(title)))
    return screen.agenda.figures


def test_figures_are_chosen_on_the_forums_screen(window: MainWindow, modals: ModalAnswers) -> None:
    store = window.context.store
    forums = window.screens["forums"]
    window.navigation.setCurrentRow(list(window.screens).index("forums"))
    forums.table.selectRow(0)
    refused: list[str] = []

    def own_without_unit(dialog: QDialog) -> None:
        assert isinstance(dialog, FigureDialog)
        dialog.name.setText("People seen using in the underpass")
        dialog.accept()  # no unit: refused, the dialog stays open and says why
        refused.append(dialog.error.text())
        dialog.unit.setText("people")
        dialog.public.setChecked(True)
        dialog.accept()

    def common(dialog: QDialog) -> None:
        assert isinstance(dialog, FigureDialog)
        dialog.common.setCurrentIndex(dialog.common.findData("resident_complaints"))
        assert dialog.name.placeholderText() == "Complaints from residents"
        assert not dialog.higher.isChecked()  # fewer complaints is better
        dialog.under.setEditText("Street picture")
        dialog.accept()

    def figures(dialog: QDialog) -> None:
        assert isinstance(dialog, ForumFiguresDialog)
        assert dialog.model.rowCount() == 3
        modals.fill["FigureDialog"] = own_without_unit
        dialog.add_figure()
        modals.fill["FigureDialog"] = common
        dialog.add_figure()
        assert dialog.model.rowCount() == 5
        dialog.table.selectRow(4)
        dialog.up_button.click()
        dialog.reject()

    modals.fill["ForumFiguresDialog"] = figures
    forums.figures.click()
    assert refused == ["Unit: must not be empty"]
    tracked = figures_of(store, forums.current().id)  # type: ignore[union-attr]
    assert [f.common or f.name for f in tracked][-2:] == [
        "resident_complaints",
        "People seen using in the underpass",
    ]
    own = tracked[-1]
    assert own.confidentiality is Confidentiality.PUBLIC and own.unit == "people"
    assert tracked[-2].reported_under == "Street picture"
    window.context.undo_stack.undo()  # the move
    window.context.undo_stack.undo()  # the common figure
    assert [f.common or f.name for f in figures_of(store, tracked[0].forum_id)][-1] == own.name


def test_figures_are_typed_in_the_agenda_editor_with_last_time_beside(window: MainWindow) -> None:
    store = window.context.store
    meeting = _meetings(window)[3]
    panel = _show_agenda(window, meeting, "Needle finds")
    assert panel.isVisible() and panel.model.rowCount() == 1
    model = panel.model
    assert model.text(0, THIS_TIME) == "missing"
    assert model.index(0, THIS_TIME).data(Qt.ItemDataRole.FontRole).italic()
    assert model.text(0, LAST_TIME).startswith("12 (")  # the meeting of 20 January
    assert model.text(0, COVERS) == "20 Jan 2025 – 26 Jan 2025"
    assert panel.heading.text() == "Figures about the street: 1 to enter"
    needles = _figure(window, "needles_found")
    assert model.setData(model.index(0, THIS_TIME), "14")
    assert reading_at(store, meeting.id, needles.id).value == 14.0  # type: ignore[union-attr]
    assert model.text(0, THIS_TIME) == "14" and panel.heading.text() == "Figures about the street"
    assert not model.setData(model.index(0, THIS_TIME), "14 kg")
    assert (
        panel.problem.isVisible() and "this figure is counted in needles, not in kg" in panel.problem.text()
    )
    assert reading_at(store, meeting.id, needles.id).value == 14.0  # type: ignore[union-attr]
    window.context.undo_stack.undo()
    assert reading_at(store, meeting.id, needles.id) is None and model.text(0, THIS_TIME) == "missing"
    assert model.setData(model.index(0, NOTE), "The bin log was not collected.")
    assert model.text(0, THIS_TIME) == "not available"
    screen = window.screens["meetings"]
    screen.agenda.select_row(0)  # attendance: no figures there
    assert not panel.isVisible()


def test_the_days_a_figure_covers_can_be_changed(window: MainWindow, modals: ModalAnswers) -> None:
    meeting = _meetings(window)[3]
    panel = _show_agenda(window, meeting, "Needle finds")
    panel.model.setData(panel.model.index(0, THIS_TIME), "9")
    panel.table.selectRow(0)

    def covers(dialog: QDialog) -> None:
        assert isinstance(dialog, CoversDialog)
        dialog.first.setDate(dialog.first.date().addDays(2))
        dialog.accept()

    modals.fill["CoversDialog"] = covers
    panel.covers_button.click()
    reading = reading_at(window.context.store, meeting.id, _figure(window, "needles_found").id)
    assert reading is not None and reading.covers_from == dt.date(2025, 1, 22)


def test_figures_and_a_target_in_the_live_view(qtbot, window: MainWindow, modals: ModalAnswers) -> None:  # type: ignore[no-untyped-def]
    store = window.context.store
    meeting = _meetings(window)[4]  # planned
    window.navigation.setCurrentRow(1)
    screen = window.screens["meetings"]
    screen.show_meeting(meeting.id)
    screen.tabs.setCurrentWidget(screen.live)
    window.context.run(start_meeting(store, meeting.id, clock.now()))
    street = next(i for i in agenda(store, meeting.id) if i.title == "Street picture")
    window.context.run(start_item(store, street.id, clock.now()))
    panel = screen.live.figures
    assert panel.isVisible()
    names = [panel.model.text(row, 0) for row in range(panel.model.rowCount())]
    assert names == [f"Incidents {SECRET} (incidents)", "People seen using in the cycle park (people)"]
    assert panel.model.setData(panel.model.index(0, THIS_TIME), "5")
    incidents = next(f for f in store.all(TrackedFigure) if f.common == "incidents")

    def target(dialog: QDialog) -> None:
        assert isinstance(dialog, TargetDialog)
        assert dialog.figure.currentData() == incidents.id
        dialog.value.setText("40")
        assert dialog.wording.text().startswith("Target for Incidents")
        assert dialog.wording.text().endswith("at most 40 incidents.")
        dialog.accept()

    panel.table.selectRow(0)
    modals.fill["TargetDialog"] = target
    panel.target_button.click()
    (agreed,) = targets_of(store, incidents.id)
    assert agreed.target.value == 40.0 and agreed.item.meeting_id == meeting.id
    assert store.find(Decision, agreed.target.decision_id) is not None
    assert "Agree a target for" in window.context.undo_stack.undoText()


def test_figures_from_a_partner_s_records(window: MainWindow, modals: ModalAnswers) -> None:
    store = window.context.store
    needles = _figure(window, "needles_found")

    def past(dialog: QDialog) -> None:
        assert isinstance(dialog, PastFigureDialog)
        dialog.first.setDate(dialog.first.date().fromString("2024-10-01", "yyyy-MM-dd"))
        dialog.last.setDate(dialog.last.date().fromString("2024-10-31", "yyyy-MM-dd"))
        dialog.value.setText("61")
        dialog.accept()

    modals.fill["PastFigureDialog"] = past
    dialog = PastFiguresDialog(window.context, needles, window)
    assert dialog.model.rowCount() == 3
    dialog.add()
    assert dialog.model.rowCount() == 4
    found = [r for r in store.all(FigureReading) if r.meeting_id is None]
    assert [(r.covers_from, r.value) for r in found] == [(dt.date(2024, 10, 1), 61.0)]
    assert dialog.model.index(3, 3).data() == "from the partner's records"  # oldest last


def test_the_indicators_screen_has_a_part_about_the_street_and_its_csv(
    window: MainWindow, tmp_path: Path
) -> None:
    window.navigation.setCurrentRow(list(window.screens).index("indicators"))
    screen = window.screens["indicators"]
    forum_id = window.context.store.all(TrackedFigure)[0].forum_id
    screen.choose(CUSTOM, forum_id, QUARTER)
    QApplication.processEvents()
    assert screen.process_title.text() == PROCESS_TITLE
    assert screen.street.title.text() == STREET_TITLE and screen.street.warning.text() == NOT_CAUSE
    layout = screen.body_layout
    positions = [layout.indexOf(v) for v in screen.views.values()]
    assert max(positions) < layout.indexOf(screen.street)  # every process indicator before the street part
    views = screen.street.views
    needles = _figure(window, "needles_found")
    assert set(views) >= {"street", f"figure-{needles.id}"}
    view = views[f"figure-{needles.id}"]
    assert view.chart.isVisibleTo(screen) and view.model.rowCount() == 3
    assert view.model.table.rows[0][1] == str(10 + 11 + 12)
    path = screen.export_csv(tmp_path / "tables")
    assert path == tmp_path / "tables.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert ["What changed on the street"] not in rows  # tables only, titled one by one
    assert ["Figures against last year and targets"] in rows and ["Figures as reported"] in rows
    assert ["Needles found", "needles", "2024-12-30", "2025-01-05", "10"] in [r[:5] for r in rows]


def test_the_models_pass_qt_s_checks(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    meeting = _meetings(window)[3]
    panel = _show_agenda(window, meeting, "Street picture")
    assert panel.model.rowCount() == 2
    qtmodeltester.check(panel.model)
    dialog = ForumFiguresDialog(window.context, window.context.store.all(Forum)[0], window)
    assert isinstance(dialog.model, TrackedFiguresModel)
    qtmodeltester.check(dialog.model)
    readings = PastFiguresDialog(window.context, _figure(window, "needles_found"), window)
    assert isinstance(readings.model, ReadingsModel)
    qtmodeltester.check(readings.model)
    assert entries_under(window.context.store, meeting.id)
