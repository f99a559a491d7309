"""The Word writer, read back with python-docx: text in order, styles, language, right-to-left marks, footer."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.docmodel import BulletList, DocumentModel, Facts, Heading, Paragraph, Table, Tone
from facilitator.errors import KnownError
from facilitator.exports import rtl
from facilitator.exports.docx_writer import docx_bytes, write_docx
from facilitator.exports.docx_xml import language_tag
from tests.exports.conftest import arabic_model, latin_model, libreoffice_pdf, long_model

W_BIDI, W_RTL, W_LANG = qn("w:bidi"), qn("w:rtl"), qn("w:lang")


def read(model: DocumentModel) -> Document:
    return docx.Document(BytesIO(docx_bytes(model)))


def body(document: Document) -> list[DocxParagraph | DocxTable]:
    """Paragraphs and tables of the body in order, without the empty spacer paragraphs after tables."""
    items: list[DocxParagraph | DocxTable] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = DocxParagraph(element, document)
            if paragraph.text or paragraph.style.name != "Normal":
                items.append(paragraph)
        elif element.tag == qn("w:tbl"):
            items.append(DocxTable(element, document))
    return items


def expected(model: DocumentModel) -> list[tuple[str, object]]:
    """What the body should hold, in order: (style name, text) or ("table", rows)."""
    out: list[tuple[str, object]] = [("Title", model.title), ("Subtitle", model.subtitle)]
    tones = {
        Tone.NORMAL: "Normal",
        Tone.NOTE: "Note",
        Tone.WITHHELD: "Withheld",
        Tone.UNTRANSLATED: "Untranslated",
        Tone.WARNING: "Warning",
    }
    for block in model.blocks:
        if isinstance(block, Heading):
            out.append((f"Heading {min(block.level, 2)}", block.text))
        elif isinstance(block, Paragraph):
            out.append((tones[block.tone], f"{block.label} {block.text}".strip()))
        elif isinstance(block, BulletList):
            out += [("List Bullet", item) for item in block.items]
        elif isinstance(block, Table):
            out.append(("Minutes Table", [list(block.header), *map(list, block.rows)]))
        else:
            out.append(("Facts Table", [list(pair) for pair in block.pairs]))
    return out


def unmarked(text: str) -> str:
    """Text without the bidi isolates the writer puts around phrases of the other direction."""
    return "".join(char for char in text if char not in rtl.BIDI_MARKS)


def found(document: Document) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for item in body(document):
        if isinstance(item, DocxTable):
            out.append((item.style.name, [[unmarked(cell.text) for cell in row.cells] for row in item.rows]))
        else:
            out.append((item.style.name, unmarked(item.text)))
    return out


@pytest.mark.parametrize("make", [latin_model, arabic_model], ids=["english", "arabic"])
def test_every_block_in_order_with_its_style(make: object) -> None:
    model = make()  # type: ignore[operator]
    assert found(read(model)) == expected(model)


def test_label_is_a_character_style(english: DocumentModel) -> None:
    document = read(english)
    decision = next(p for p in document.paragraphs if p.text.startswith("Decision:"))
    assert decision.runs[0].style.name == "Label"
    assert decision.runs[0].text == "Decision:"
    styles = document.styles
    assert styles["Label"].font.bold and styles["Warning"].font.bold
    assert styles["Withheld"].font.italic


def test_table_header_row_repeats(english: DocumentModel) -> None:
    table = next(t for t in read(english).tables if t.style.name == "Minutes Table")
    first, second = table.rows[0]._tr, table.rows[1]._tr
    assert first.trPr.find(qn("w:tblHeader")) is not None
    assert second.trPr is None or second.trPr.find(qn("w:tblHeader")) is None
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstRow")) == "1"


def test_language_of_a_latin_document(english: DocumentModel) -> None:
    document = read(english)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{W_LANG}")
    assert lang.get(qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title == "Northside Street Round"
    xml = document.element.xml
    assert "<w:bidi/>" not in xml and "<w:rtl/>" not in xml and "bidiVisual" not in xml
    assert not any("cstheme" in key for key in _all_attributes(document.styles.element))


def _all_attributes(element: object) -> set[str]:
    return {key for node in element.iter() for key in node.attrib}  # type: ignore[attr-defined]


def test_language_tags() -> None:
    assert language_tag("fr") == "fr-FR"
    assert language_tag("ar") == "ar-EG"
    assert language_tag("nb") == "nb-NO"
    assert language_tag("pt_BR") == "pt-BR"


def test_right_to_left_marks_only_where_they_belong(arabic: DocumentModel) -> None:
    document = read(arabic)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{W_LANG}")
    assert lang.get(qn("w:val")) == "ar-EG" and lang.get(qn("w:bidi")) == "ar-EG"
    paragraphs = list(document.element.body.iter(qn("w:p")))
    for p in paragraphs:
        paragraph = DocxParagraph(p, document)
        marked = p.pPr is not None and p.pPr.find(W_BIDI) is not None
        if rtl.has_arabic(paragraph.text) or (
            paragraph.text
            and not rtl.reads_right_to_left(paragraph.text, False)
            and not any(c.isalpha() for c in paragraph.text)
        ):
            assert marked, paragraph.text  # Arabic, and text with no letters ("10:00 – 11:30")
            assert p.pPr.find(qn("w:jc")) is None  # alignment left to the direction
        elif paragraph.text and paragraph.style.name != "List Bullet":
            assert not marked, paragraph.text  # Latin-only text reads left to right, at the right
        for run in paragraph.runs:
            arabic = rtl.has_arabic(run.text)
            assert (run._r.rPr is not None and run._r.rPr.find(W_RTL) is not None) == arabic, run.text
            if arabic:
                assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:cs"))
    latin_only = next(p for p in document.paragraphs if p.text == "Residents asked for more lighting.")
    assert latin_only._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert all(t.table_direction == 1 for t in document.tables)  # WD_TABLE_DIRECTION.RTL
    assert document.sections[0]._sectPr.find(W_BIDI) is not None


def test_footer_has_page_fields_and_status(english: DocumentModel, arabic: DocumentModel) -> None:
    for model in (english, arabic):
        footer = read(model).sections[0].footer
        xml = footer._element.xml
        fields = [f.get(qn("w:instr")).strip() for f in footer._element.iter(qn("w:fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        text = footer.paragraphs[0].text
        assert model.status in text and model.footer_note in text
        assert model.page_label.split("{page}")[0].strip() in text
        assert ("<w:bidi/>" in xml) == model.right_to_left


def test_draft_watermark_only_on_drafts(english: DocumentModel) -> None:
    header = read(english).sections[0].header._element.xml
    assert 'string="DRAFT"' in header and "rotation:315" in header
    assert "v:textpath" not in read(latin_model(draft_mark="")).sections[0].header._element.xml


def test_long_document(tmp_path: Path) -> None:
    target = tmp_path / "long.docx"
    write_docx(long_model(), target)
    document = docx.Document(str(target))
    assert len(document.tables[0].rows) == 81
    assert [p.name for p in tmp_path.iterdir()] == ["long.docx"]
    with pytest.raises(KnownError):
        write_docx(long_model(), tmp_path / "missing" / "long.docx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_both(tmp_path: Path, english: DocumentModel, arabic: DocumentModel) -> None:
    from pypdf import PdfReader

    for name, model in (("en", english), ("ar", arabic)):
        write_docx(model, tmp_path / f"{name}.docx")
    libreoffice_pdf(tmp_path, tmp_path / "en.docx", tmp_path / "ar.docx", timeout=120)
    english_text = PdfReader(tmp_path / "en.pdf").pages[0].extract_text()
    assert "Northside Street Round" in english_text and "Page 1 of 1" in english_text
    arabic_pdf = PdfReader(tmp_path / "ar.pdf")
    assert len(arabic_pdf.pages) == 1
    assert "Police station" in arabic_pdf.pages[0].extract_text()


# --- any text ------------------------------------------------------------------------------------------------

SPECIAL = st.sampled_from(
    [
        "<b>bold</b>",
        "Q&A &amp; <i>",
        '<img src="x">',
        "a\x00b\x07c\x1bd\x7fe\ufffe",
        "line\nbreak\ttab\r\nwindows\x0cpage",
        "مرحبا Hello שלום 123 (قرب)",
        "😀 👩‍👩‍👧 🇵🇱",
        "x" * 10_000,
        "",
    ]
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SPECIAL, st.text(max_size=200)), st.booleans())
def test_any_text_comes_out_as_written(text: str, right_to_left: bool) -> None:
    model = (arabic_model if right_to_left else latin_model)(
        title=text,
        blocks=(
            Heading(text),
            Paragraph(text, Tone.WARNING, label="Label:"),
            BulletList((text,)),
            Table(("Head", text), ((text, "x"),)),
            Facts(((text, text),)),
        ),
        status=text,
        footer_note=text,
        draft_mark=text,
        page_label=text + " {page}/{pages}",
    )
    document = read(model)
    clean = unmarked(rtl.clean_text(text))  # phrases of the other direction come back isolated
    texts = [unmarked(p.text) for p in document.paragraphs]
    assert texts[0] == clean  # the title
    assert clean in texts and f"Label: {clean}" in texts
    cells = [unmarked(cell.text) for table in document.tables for row in table.rows for cell in row.cells]
    assert cells == ["Head", clean, clean, "x", clean, clean]
    assert clean in unmarked(document.sections[0].footer.paragraphs[0].text)
