"""The year in review's street part, written and read back: Word files with python-docx, PDFs with pypdf, in
English, French and Arabic; and a figure not marked public never in a public file, Word or PDF."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from facilitator.audience import Audience
from facilitator.exports.docx_writer import docx_bytes
from facilitator.exports.pdf_writer import pdf_bytes
from facilitator.figure_ops import agree_target, record_figure
from facilitator.i18n import translator
from facilitator.indicators import Period
from facilitator.street_report import NOT_CAUSE, PROCESS_TITLE, STREET_TITLE
from facilitator.year_review import year_in_review
from tests.core.fakes import MemoryStore
from tests.core.figure_world import SECRET, FigureWorld, build_figure_world

pytestmark = pytest.mark.usefixtures("font_cache")
QUARTER = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))


@pytest.fixture(scope="module")
def world() -> FigureWorld:
    world = build_figure_world(MemoryStore())
    store = world.store
    for number, meeting in enumerate(world.meetings):
        record_figure(store, meeting.id, world.needles.id, 10 + number).apply(store)
        record_figure(store, meeting.id, world.incidents.id, 4).apply(store)
    agree_target(store, world.meetings[0].id, world.needles.id, (QUARTER.start, QUARTER.end), 90).apply(store)
    return world


def _docx(world: FigureWorld, language: str, audience: Audience) -> docx.document.Document:
    model = year_in_review(world.store, QUARTER, language, audience=audience)
    return docx.Document(BytesIO(docx_bytes(model)))


def _docx_text(document: docx.document.Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(world: FigureWorld, language: str, audience: Audience) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(pdf_bytes(year_in_review(world.store, QUARTER, language, audience=audience))))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_word_file_has_the_two_parts_and_each_figure_s_chart_and_table(
    world: FigureWorld, language: str
) -> None:
    t = translator(language)
    document = _docx(world, language, Audience.partners())
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    parts = [text for style, text in styles if style == "Heading 1"]
    assert parts == [t.gettext(PROCESS_TITLE), t.gettext(STREET_TITLE)]
    street = [text for style, text in styles[[s for s in styles].index(("Heading 1", parts[1])) :]]
    assert t.gettext(NOT_CAUSE) in street
    assert t.gettext("Needles found") in street
    # Each chart is a picture whose alternative text names it and says its values.
    charts = [
        (shape.get("title"), shape.get("descr"))
        for shape in document.element.body.iter(docx.oxml.ns.qn("wp:docPr"))
    ]
    unit = t.gettext("needles")
    assert any(title == f"{t.gettext('Needles found')} ({unit})" for title, _descr in charts), charts
    # The chart's figures as a table and the figure's own table, read back cell by cell.
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    needle_table = next(
        rows
        for rows in tables
        if rows[0] == [t.gettext(h) for h in ("Period", "Figure", "Reports", "Target")]
    )
    january = t.format_date(dt.date(2025, 1, 1), "MMM y")
    assert needle_table[1][:3] == [
        january,
        t.format_number(46),
        t.gettext("{reported} of {expected}").format(
            reported=t.format_number(4), expected=t.format_number(4)
        ),
    ]
    assert needle_table[1][3].startswith(t.format_number(31))


def test_the_pdf_reads_back_with_the_figures_and_the_warning(world: FigureWorld) -> None:
    _reader, text = _pdf_text(world, "en", Audience.partners())
    for expected in (
        PROCESS_TITLE,
        STREET_TITLE,
        "These figures show what changed on the street, not why it changed.",
        "Figures against last year and targets",
        "Needles found (needles)",
        "What counts: Discarded needles and syringes",
        "Reported at every meeting by Street Cleansing",
        "Target agreed on January 6, 2025",
        f"Incidents {SECRET}",
        "People seen using in the cycle park",
    ):
        assert expected in text, expected
    assert text.index(PROCESS_TITLE) < text.index("Attendance by partner") < text.index(STREET_TITLE)
    assert text.index(STREET_TITLE) < text.index("Needles found (needles)")
    assert "46" in text and "31 (not met)" in text


def test_the_french_pdf_and_the_arabic_pdf_and_word_file(world: FigureWorld) -> None:
    fr = translator("fr")
    _reader, text = _pdf_text(world, "fr", Audience.partners())
    assert fr.gettext(STREET_TITLE) in text and fr.gettext("Needles found") in text
    reader, arabic_text = _pdf_text(world, "ar", Audience.partners())
    root = reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L" and root["/Lang"] == "ar"
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"].get_object().get("/Font", {}).values()
    }
    assert "NotoSansArabic-Regular" in fonts
    assert "People seen using in the cycle park" in arabic_text  # the forum's own name, as typed
    document = _docx(world, "ar", Audience.partners())
    ar = translator("ar")
    assert ar.gettext(STREET_TITLE) in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert all(t._tbl.tblPr.find(docx.oxml.ns.qn("w:bidiVisual")) is not None for t in document.tables)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_figure_not_marked_public_never_reaches_a_public_file(world: FigureWorld, language: str) -> None:
    public_docx = _docx_text(_docx(world, language, Audience.public()))
    partners_docx = _docx_text(_docx(world, language, Audience.partners()))
    assert SECRET in partners_docx and SECRET not in public_docx
    assert "cycle park" in partners_docx and "cycle park" not in public_docx
    _reader, public_pdf = _pdf_text(world, language, Audience.public())
    _reader, partners_pdf = _pdf_text(world, language, Audience.partners())
    assert SECRET in partners_pdf.replace(" ", "") or SECRET in partners_pdf
    assert SECRET not in public_pdf.replace(" ", "") and "cyclepark" not in public_pdf.replace(" ", "")
