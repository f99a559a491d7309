"""Story S5, the year in review, through the window: choose the year, see the indicators and, kept apart, what
changed on the street against last year and targets, export the report as PDF and as Word, and read both back:
every section and every definition is there, in two named parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from facilitator.demo import build_demo
from facilitator.exports import Format
from facilitator.i18n import translator
from facilitator.indicators import DEFINITIONS
from facilitator.storage import open_partnership
from facilitator.street_report import NOT_CAUSE, PROCESS_TITLE, STREET_TITLE, SUMMARY_KEY
from facilitator.ui.indicators_screen import (
    LAST_YEAR,
    IndicatorsScreen,
    ReportChoice,
    ReportDialog,
)
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings
from facilitator.year_review import TREND_DEFINITION
from tests.conftest import stand_on
from tests.core.test_indicators import YEAR_REVIEW_SECTIONS
from tests.ui.conftest import assert_in_sight, window_on


@pytest.fixture
def demo_window(qtbot, settings: Settings, tmp_path: Path, modals) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.sqlite"
    with open_partnership(path) as store:
        build_demo(store, years=1, today=dt.date(2025, 12, 15))
    yield from window_on(qtbot, settings, path)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _expected() -> list[str]:
    definitions = [DEFINITIONS[key] for key in DEFINITIONS] + [TREND_DEFINITION]
    return [*YEAR_REVIEW_SECTIONS, *definitions]


def test_year_in_review(demo_window: MainWindow, qtbot, modals, tmp_path: Path, laptop) -> None:  # type: ignore[no-untyped-def]
    window = laptop(demo_window)
    window.navigation.setCurrentRow(window.navigation.count() - 1)  # Indicators, the last screen
    screen = window.current_screen()
    assert isinstance(screen, IndicatorsScreen)
    stand_on(dt.date(2026, 2, 10))  # the annual review, early in the new year
    screen.period.setCurrentIndex(screen.period.findData(LAST_YEAR))
    assert (screen.current_period().start, screen.current_period().end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )

    attendance = screen.views["attendance"]
    assert attendance.model.rowCount() > 3  # every partner on the rolls
    assert attendance.chart.isVisibleTo(screen)
    plan = attendance.chart.plan()
    assert plan is not None and len(plan.bars) >= attendance.model.rowCount()
    assert not window.grab().isNull()
    shown = " ".join(v.definition.text() for v in screen.views.values())
    assert all(DEFINITIONS[key] in shown for key in DEFINITIONS)
    # Beside them, kept apart: what changed on the street against last year and against targets.
    street = screen.street.views
    summary = street[SUMMARY_KEY].model.table
    assert len(summary.rows) == 8
    needles = next(row for row in summary.rows if row[0] == "Needles found")
    assert needles[2] != "—" and needles[4].endswith("met)")  # last year's figure; this year's target judged
    assert all(view.chart.isVisibleTo(screen) for key, view in street.items() if key != SUMMARY_KEY)

    pdf = tmp_path / "review.pdf"
    job = screen.export_report(ReportChoice("en", "partners", Format.PDF.value, pdf))
    assert job is not None
    with qtbot.waitSignal(screen.export_finished, timeout=120_000):
        pass
    pdf_text = _flat(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    for expected in _expected():
        assert _flat(expected) in pdf_text, expected
    for expected in (
        STREET_TITLE,
        NOT_CAUSE,
        "Needles found (needles)",
        "Same period last year",
        "Target agreed on",
    ):
        assert _flat(expected) in pdf_text, expected
    assert pdf_text.index("Decisions taken") < pdf_text.index(STREET_TITLE)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ReportDialog)
        dialog.format.setCurrentIndex(dialog.format.findData(Format.DOCX.value))
        dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        dialog.path.setText(str(tmp_path / "revue"))
        dialog.accept()

    modals.fill["ReportDialog"] = fill
    assert_in_sight(screen.export_button)
    with qtbot.waitSignal(screen.export_finished, timeout=60_000) as done:
        screen.export_button.click()
    assert done.args == [tmp_path / "revue.docx"]
    document = docx.Document(str(tmp_path / "revue.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    t = translator("fr")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        t.gettext(PROCESS_TITLE),
        t.gettext(STREET_TITLE),
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for section in YEAR_REVIEW_SECTIONS:
        assert t.gettext(section) in headings, section
    assert headings.index(t.gettext("Decisions taken")) < headings.index(t.gettext("Needles found"))
    assert t.gettext(NOT_CAUSE) in paragraphs
    for key in DEFINITIONS:
        assert t.gettext(DEFINITIONS[key]) in paragraphs
    assert "2025" in document.paragraphs[1].text
