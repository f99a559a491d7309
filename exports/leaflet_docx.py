"""Lay out a ``LeafletModel`` as an editable Word file, for organisers who want to change it in Word.

The same content and order as the PDF, through Word styles (Title for the headline, Heading 2 for sections,
List Bullet for lists) so that it can be restyled. A bilingual leaflet is a two-column table without borders,
one cell per language, the right-to-left one on the right. Right to left is marked as ``docx_writer`` marks it:
``w:bidi`` on right-to-left paragraphs (alignment left unset), ``w:rtl`` and the complex-script font only on
Arabic-script runs, and each run's language (``w:lang``, with ``w:bidi`` for a right-to-left language). Word
decides the final page break, so a DOCX is not held to one page; the PDF is.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from facilitator.exports import rtl
from facilitator.exports.docx_writer import ARABIC_FONT, P_ORDER, R_ORDER, _child, language_tag
from facilitator.exports.files import write_atomically
from facilitator.leaflets import LeafletModel, LeafletSide, PageSize, Section

PAGES = {PageSize.A4: (Mm(210), Mm(297)), PageSize.A5: (Mm(148), Mm(210))}
MARGINS = {PageSize.A4: Mm(16), PageSize.A5: Mm(12)}
ACCENT = RGBColor(0x0B, 0x5D, 0x6B)
QUIET = RGBColor(0x4A, 0x4A, 0x4A)


class _Writer:
    def __init__(self, model: LeafletModel, size: PageSize, large_print: bool) -> None:
        self.model = model
        self.doc: DocxDocument = Document()
        self.body = 16.0 if large_print else (11.0 if size is PageSize.A4 else 9.5)
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAGES[size]
        section.left_margin = section.right_margin = MARGINS[size]
        section.top_margin = section.bottom_margin = MARGINS[size]
        self._styles()

    def _styles(self) -> None:
        styles = self.doc.styles
        root = styles.element
        for fonts in root.iter(qn("w:rFonts")):  # theme fonts for complex script would beat the Arabic font
            fonts.attrib.pop(qn("w:cstheme"), None)
        defaults = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _child(defaults, "rFonts", R_ORDER).set(qn("w:cs"), ARABIC_FONT)
        lang = _child(defaults, "lang", R_ORDER)
        tag = language_tag(self.model.language)
        lang.set(qn("w:val"), tag)
        if self.model.sides[0].right_to_left:
            lang.set(qn("w:bidi"), tag)
        sizes = {
            "Normal": self.body,
            "Title": self.body * 2.3,
            "Heading 2": self.body * 1.2,
            "List Bullet": self.body,
            "Subtitle": self.body * 0.9,
        }
        for name, points in sizes.items():
            style = cast(ParagraphStyle, styles[name])
            style.font.size = Pt(points)
            _child(style.element.get_or_add_rPr(), "szCs", R_ORDER).set(qn("w:val"), str(round(points * 2)))
        for name in ("Title", "Subtitle"):  # letter spacing tears joined Arabic letters apart
            spacing = styles[name].element.rPr.find(qn("w:spacing"))
            if spacing is not None:
                styles[name].element.rPr.remove(spacing)
        title = cast(ParagraphStyle, styles["Title"])
        border = title.element.pPr.find(qn("w:pBdr"))
        if border is not None:
            title.element.pPr.remove(border)
        normal = cast(ParagraphStyle, styles["Normal"])
        normal.paragraph_format.space_after = Pt(2)
        normal.paragraph_format.line_spacing = 1.05
        heading = cast(ParagraphStyle, styles["Heading 2"])
        heading.font.color.rgb = ACCENT
        heading.paragraph_format.space_before = Pt(self.body * 0.8)
        heading.paragraph_format.space_after = Pt(2)
        subtitle = cast(ParagraphStyle, styles["Subtitle"])
        numbering = subtitle.element.pPr.find(qn("w:numPr"))
        if numbering is not None:
            subtitle.element.pPr.remove(numbering)
        subtitle.font.color.rgb = ACCENT
        subtitle.font.bold = True
        subtitle.font.italic = False

    def paragraph(
        self,
        container: Any,
        side: LeafletSide,
        text: str,
        style: str,
        *,
        bold: bool = False,
        quiet: bool = False,
    ) -> None:
        paragraph: DocxParagraph = container.add_paragraph(style=style)
        tag = language_tag(side.language)
        for part, arabic in rtl.script_runs(rtl.clean_text(text)):
            run = paragraph.add_run(part)
            run.bold = bold or None
            if quiet:
                run.font.color.rgb = QUIET
            rpr = run._r.get_or_add_rPr()
            if arabic:
                _child(rpr, "rFonts", R_ORDER).set(qn("w:cs"), ARABIC_FONT)
                _child(rpr, "rtl", R_ORDER)
            lang = _child(rpr, "lang", R_ORDER)
            lang.set(qn("w:bidi" if side.right_to_left else "w:val"), tag)
        if side.right_to_left and (rtl.reads_right_to_left(text, True) or style == "List Bullet"):
            _child(paragraph._p.get_or_add_pPr(), "bidi", P_ORDER)
        elif (
            side.right_to_left
        ):  # Latin-only text in a right-to-left side: left to right, at the right margin
            _child(paragraph._p.get_or_add_pPr(), "jc", P_ORDER).set(qn("w:val"), "right")

    def side(self, container: Any, side: LeafletSide) -> None:
        self.paragraph(container, side, side.kicker, "Subtitle")
        for section in side.sections:
            if section.key is Section.HEADLINE:
                for text in section.paragraphs:
                    self.paragraph(container, side, text, "Title")
                continue
            if section.key is Section.PRIVACY:
                for text in section.paragraphs:
                    self.paragraph(container, side, f"{section.heading}: {text}", "Normal", quiet=True)
                continue
            self.paragraph(container, side, section.heading, "Heading 2")
            for number, text in enumerate(section.paragraphs):
                strong = section.key in (Section.WHEN, Section.CONTACTS) and number == 0
                for line in text.split("\n"):
                    self.paragraph(container, side, line, "Normal", bold=strong)
            for item in section.items:
                self.paragraph(container, side, item, "List Bullet")

    def build(self) -> bytes:
        sides = list(self.model.sides)
        if len(sides) == 1:
            self.side(self.doc, sides[0])
        else:
            if sides[0].right_to_left and not sides[1].right_to_left:
                sides.reverse()  # the right-to-left language takes the right-hand column
            table = self.doc.add_table(rows=1, cols=2)
            table.autofit = False
            for cell, side in zip(table.rows[0].cells, sides, strict=True):
                cell._tc.remove(cell.paragraphs[0]._p)  # start empty: each side adds its own paragraphs
                self.side(cell, side)
        core = self.doc.core_properties
        core.title = " ".join(rtl.clean_text(self.model.title).split())[:255]
        core.language = language_tag(self.model.language)
        core.author = "Partnership Facilitator"
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


def leaflet_docx_bytes(
    model: LeafletModel, size: PageSize = PageSize.A4, *, large_print: bool = False
) -> bytes:
    """The editable Word file of the leaflet."""
    return _Writer(model, size, large_print).build()


def write_leaflet_docx(
    model: LeafletModel, path: Path, size: PageSize = PageSize.A4, *, large_print: bool = False
) -> None:
    """Write the leaflet's Word file to ``path`` completely or not at all."""
    write_atomically(Path(path), leaflet_docx_bytes(model, size, large_print=large_print))
