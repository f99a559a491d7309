"""Indicators in the window: charts drawn with QPainter beside their figures, definitions shown, CSV export."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter

from facilitator.docmodel import Chart, Series, Table
from facilitator.i18n import translator
from facilitator.indicators import DEFINITIONS, Period
from facilitator.ui.charts import ChartView
from facilitator.ui.indicators_screen import (
    CUSTOM,
    LAST_12_MONTHS,
    LAST_YEAR,
    THIS_YEAR,
    FiguresModel,
    IndicatorsScreen,
    period_for,
    tables_csv,
)
from facilitator.ui.main_window import MainWindow
from facilitator.year_review import indicator_sections
from tests.core.test_indicators import YEAR, build_world

ATTENDANCE = Chart(
    "Attendance",
    "bar",
    ("Police", "Outreach", "Residents"),
    (Series("Attended", (0.8, 0.8, 0.4)), Series("At decision level", (0.6, 0.6, None))),
    value_format="percent",
    layout="overlay",
)


def _paint(chart: Chart, width: int = 600) -> tuple[ChartView, QImage]:
    view = ChartView()
    view.set_chart(chart)
    view.resize(width, view.heightForWidth(width))
    image = QImage(view.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    painter = QPainter(image)
    view.render(painter, QPoint(0, 0))
    painter.end()
    return view, image


def test_charts_paint_with_the_right_number_of_bars(qapp) -> None:  # type: ignore[no-untyped-def]
    view, image = _paint(ATTENDANCE)
    plan = view.plan()
    assert plan is not None
    assert len(plan.bars) == 5  # three attended, two at decision level (one has no value)
    assert [b.fill for b in plan.boxes if b.role == "swatch"] == [
        "light",
        "dark",
    ]  # a legend in greys, not colour
    assert image.pixelColor(2, 2) == QColor("white")  # painted over the whole widget
    assert not image.isNull()
    stacked = Chart(
        "Actions", "bar", ("A", "B"), tuple(Series(n, (1.0, 2.0)) for n in "wxyz"), layout="stacked"
    )
    view, _image = _paint(stacked)
    assert len(view.plan().bars) == 8  # type: ignore[union-attr]
    assert {b.fill for b in view.plan().bars} == {"light", "dark", "hatch", "white"}  # type: ignore[union-attr]
    line = Chart("Trend", "line", ("Q1", "Q2", "Q3"), (Series("Attended", (0.5, None, 0.7)),), "percent")
    view, _image = _paint(line)
    plan = view.plan()
    assert plan is not None and len(plan.markers) == 2 and plan.bars == []
    empty = Chart("Nothing", "bar", (), ())
    assert _paint(empty)[0].plan() is not None


def test_figures_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = FiguresModel()
    model.set_table(Table(("Partner", "Attended"), (("Police", "80%"), ("Outreach", "80%"))))
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Attended"


def test_periods() -> None:
    today = dt.date(2026, 11, 29)
    assert period_for(THIS_YEAR, today) == Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_for(LAST_YEAR, today) == Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_for(LAST_12_MONTHS, today) == Period(dt.date(2025, 11, 30), today)
    assert period_for(CUSTOM, today, YEAR) == YEAR


def test_csv_of_every_table_reads_back(tmp_path: Path) -> None:
    world = build_world()
    sections = indicator_sections(world.store, YEAR, translator("en"))
    path = tmp_path / "tables.csv"
    path.write_bytes(tables_csv(sections))
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    assert (
        rows[0] == ["Meetings"] and rows[1] == ["Held", "Planned", "Cancelled"] and rows[2] == ["5", "6", "1"]
    )
    assert ["City Police", "5", "80%", "60%"] in rows
    assert ["Attendance over time"] in rows and ["Jan–Mar 2025", "89%"] in rows


def test_screen_shows_every_indicator_with_its_definition(window: MainWindow, tmp_path: Path) -> None:
    screen = window.screens["indicators"]
    assert isinstance(screen, IndicatorsScreen)
    window.navigation.setCurrentRow(window.navigation.count() - 1)
    assert window.current_screen() is screen
    screen.choose(CUSTOM, custom=Period(dt.date(2030, 1, 1), dt.date(2030, 12, 31)))
    assert set(screen.views) >= {"meetings", "attendance", "trend", "actions", "conflicts", "notices"}
    shown = " ".join(view.definition.text() for view in screen.views.values())
    for key in DEFINITIONS:
        assert DEFINITIONS[key] in shown
    assert screen.views["meetings"].model.rowCount() == 1
    assert not screen.views["actions"].table.isVisibleTo(screen)  # nothing due: said in words
    assert screen.views["actions"].empty.text() == "Nothing to count in this period."
    written = screen.export_csv(tmp_path / "figures")
    assert written == tmp_path / "figures.csv" and written.read_bytes().startswith(b"\xef\xbb\xbf")
