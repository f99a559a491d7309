"""Lay out a ``DocumentModel`` as an editable Word file with python-docx.

Everything is set through Word styles, so a secretariat can restyle the minutes in Word: Title, Subtitle,
Heading 1 and 2, List Bullet, Normal, a "Minutes Table" table style whose first row is a repeated header,
a "Facts Table", and the tones as paragraph styles of their own ("Note", "Withheld", "Untranslated",
"Warning") with a "Label" character style for lead-ins such as "Decision:".

The document language is set in the document defaults (``w:lang``, with ``w:bidi`` for a right-to-left
language). In a right-to-left document every paragraph that reads right to left carries ``w:bidi`` (its
alignment is left unset: "right" would mean "end" and put it on the left), tables are right to left
(``w:bidiVisual``) and the section too; only Arabic-script runs are marked ``w:rtl`` with a complex-script
font, while Latin and digit runs stay plain. python-docx has no API for these, so they are added as
elements in schema order. The footer has the status, a note and "Page X of Y" made of PAGE and NUMPAGES
fields; a draft carries a light diagonal watermark in the header.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from facilitator.docmodel import (
    Block,
    BulletList,
    Chart,
    DocumentModel,
    Facts,
    Heading,
    Paragraph,
    Table,
    Tone,
)
from facilitator.exports import rtl
from facilitator.exports.columns import column_widths, two_columns
from facilitator.exports.docx_xml import P_ORDER, R_ORDER, SECT_ORDER, child, language_tag
from facilitator.exports.files import write_atomically

#: The complex-script font for Arabic runs: one that Word on Windows and macOS has; LibreOffice falls back
#: to any installed Arabic font when it lacks it.
ARABIC_FONT = "Arial"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(22), Mm(20), Mm(22)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN_SIDE)
INK = RGBColor(0x1A, 0x1A, 0x1A)
QUIET = RGBColor(0x55, 0x55, 0x55)
WARNING_INK = RGBColor(0x8A, 0x14, 0x14)
TONE_STYLES = {
    Tone.NORMAL: "Normal",
    Tone.NOTE: "Note",
    Tone.WITHHELD: "Withheld",
    Tone.UNTRANSLATED: "Untranslated",
    Tone.WARNING: "Warning",
}
VML_NAMESPACES = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'

class _Writer:
    """Builds one Word document from one model."""

    def __init__(self, model: DocumentModel) -> None:
        self.model = model
        self.rtl = model.right_to_left
        self.doc: DocxDocument = Document()
        self._ids: dict[str, str] = {}
        self._styles()
        self._page()

    # --- styles -------------------------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles

        def named(name: str) -> ParagraphStyle:
            return cast(ParagraphStyle, styles[name])

        root = styles.element
        # Theme fonts for complex script would beat the Arabic font: drop them everywhere.
        for fonts in root.iter(qn("w:rFonts")):
            for attribute in ("w:cstheme",):
                fonts.attrib.pop(qn(attribute), None)
        defaults = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        child(defaults, "rFonts", R_ORDER).set(qn("w:cs"), ARABIC_FONT)
        lang = child(defaults, "lang", R_ORDER)
        tag = language_tag(self.model.language)
        lang.set(qn("w:val"), tag)
        if self.rtl:
            lang.set(qn("w:bidi"), tag)

        normal = named("Normal")
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(5)
        normal.paragraph_format.line_spacing = 1.1
        self._size_cs(normal, 10.5)

        title = named("Title")
        title.font.color.rgb = INK
        title.font.size = Pt(22)
        self._size_cs(title, 22)
        title.paragraph_format.space_after = Pt(2)
        border = title.element.pPr.find(qn("w:pBdr"))
        if border is not None:
            title.element.pPr.remove(border)

        for name in ("Title", "Subtitle"):  # letter spacing tears joined Arabic letters apart
            spacing = styles[name].element.rPr.find(qn("w:spacing"))
            if spacing is not None:
                styles[name].element.rPr.remove(spacing)

        subtitle = named("Subtitle")
        numbering = subtitle.element.pPr.find(qn("w:numPr"))
        if numbering is not None:  # the template's Subtitle has a stray list level
            subtitle.element.pPr.remove(numbering)
        subtitle.font.italic = False
        subtitle.font.cs_italic = False
        subtitle.font.color.rgb = QUIET
        subtitle.paragraph_format.space_after = Pt(12)
        self._bottom_border(subtitle)

        for name, size, before in (("Heading 1", 14, 16), ("Heading 2", 11.5, 10), ("Heading 3", 10.5, 6)):
            heading = named(name)
            heading.font.color.rgb = INK
            heading.font.size = Pt(size)
            self._size_cs(heading, size)
            heading.paragraph_format.space_before = Pt(before)
            heading.paragraph_format.space_after = Pt(4)

        def paragraph_style(name: str) -> ParagraphStyle:
            style = cast(ParagraphStyle, styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
            style.base_style = normal
            style.next_paragraph_style = normal
            style.quick_style = True
            return style

        note = paragraph_style("Note")
        note.paragraph_format.keep_with_next = (
            True  # "Presented by", a chart's definitions: with what follows
        )
        note.font.size = Pt(9)
        self._size_cs(note, 9)
        note.font.color.rgb = QUIET
        withheld = paragraph_style("Withheld")
        withheld.font.italic = True
        withheld.font.cs_italic = True
        withheld.font.color.rgb = QUIET
        untranslated = paragraph_style("Untranslated")
        untranslated.paragraph_format.left_indent = Pt(6)
        untranslated.paragraph_format.right_indent = Pt(6)
        self._shade(untranslated.element.get_or_add_pPr(), "F1F1F1", P_ORDER)
        warning = paragraph_style("Warning")
        warning.font.bold = True
        warning.font.cs_bold = True
        warning.font.color.rgb = WARNING_INK

        label = cast(CharacterStyle, styles.add_style("Label", WD_STYLE_TYPE.CHARACTER))
        label.base_style = styles["Default Paragraph Font"]
        label.font.bold = True
        label.font.cs_bold = True
        label.quick_style = True

        cells = paragraph_style("Table Text")
        cells.paragraph_format.space_after = Pt(0)
        cells.paragraph_format.line_spacing = 1.0
        cells.font.size = Pt(9.5)
        self._size_cs(cells, 9.5)
        dense = paragraph_style("Dense Table Text")  # a dense table's rows: an agenda kept to one page
        dense.base_style = cells
        dense.font.size = Pt(9)
        self._size_cs(dense, 9)
        self._table_styles()

        for name in ("Header", "Footer"):
            style = named(name)
            tabs = style.element.pPr.find(qn("w:tabs"))
            if tabs is not None:  # the template's tab stops are for US Letter
                style.element.pPr.remove(tabs)
        footer = named("Footer")
        footer.font.size = Pt(8)
        self._size_cs(footer, 8)
        footer.font.color.rgb = QUIET
        footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, alignment=2)  # right (end) tab

    def _size_cs(self, style: BaseStyle, points: float) -> None:
        """The size of complex-script text too (Word sizes Arabic by ``w:szCs``)."""
        rpr = style.element.get_or_add_rPr()
        child(rpr, "szCs", R_ORDER).set(qn("w:val"), str(round(points * 2)))

    def _bottom_border(self, style: BaseStyle) -> None:
        ppr = style.element.get_or_add_pPr()
        border = child(ppr, "pBdr", P_ORDER)
        bottom = OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "6"), ("color", "9A9A9A")):
            bottom.set(qn(f"w:{key}"), value)
        border.append(bottom)

    def _shade(self, parent: BaseOxmlElement, fill: str, order: list[str]) -> None:
        shade = child(parent, "shd", order)
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), fill)

    def _table_styles(self) -> None:
        styles = self.doc.styles
        minutes = styles.add_style("Minutes Table", WD_STYLE_TYPE.TABLE)
        minutes.base_style = styles["Normal Table"]
        facts = styles.add_style("Facts Table", WD_STYLE_TYPE.TABLE)
        facts.base_style = styles["Normal Table"]
        margins = (
            "<w:tblCellMar><w:top w:w='40' w:type='dxa'/><w:left w:w='100' w:type='dxa'/>"
            "<w:bottom w:w='40' w:type='dxa'/><w:right w:w='100' w:type='dxa'/></w:tblCellMar>"
        )
        minutes.element.append(
            parse_xml(f"<w:pPr {nsdecls('w')}><w:spacing w:before='0' w:after='0'/></w:pPr>")
        )
        minutes.element.append(
            parse_xml(
                f"<w:tblPr {nsdecls('w')}><w:tblBorders>"
                "<w:top w:val='single' w:sz='8' w:space='0' w:color='1A1A1A'/>"
                "<w:bottom w:val='single' w:sz='4' w:space='0' w:color='9A9A9A'/>"
                "<w:insideH w:val='single' w:sz='4' w:space='0' w:color='9A9A9A'/>"
                f"</w:tblBorders>{margins}</w:tblPr>"
            )
        )
        minutes.element.append(
            parse_xml(
                f"<w:tblStylePr {nsdecls('w')} w:type='firstRow'>"
                "<w:rPr><w:b/><w:bCs/></w:rPr>"
                "<w:tcPr><w:tcBorders><w:bottom w:val='single' w:sz='8' w:space='0' w:color='1A1A1A'/>"
                "</w:tcBorders><w:shd w:val='clear' w:color='auto' w:fill='E9E9E9'/></w:tcPr>"
                "</w:tblStylePr>"
            )
        )
        facts.element.append(
            parse_xml(f"<w:pPr {nsdecls('w')}><w:spacing w:before='0' w:after='20'/></w:pPr>")
        )
        facts.element.append(
            parse_xml(
                f"<w:tblPr {nsdecls('w')}><w:tblCellMar><w:left w:w='0' w:type='dxa'/>"
                "<w:right w:w='120' w:type='dxa'/></w:tblCellMar></w:tblPr>"
            )
        )
        facts.element.append(
            parse_xml(
                f"<w:tblStylePr {nsdecls('w')} w:type='firstCol'>"
                "<w:rPr><w:b/><w:bCs/><w:color w:val='555555'/></w:rPr></w:tblStylePr>"
            )
        )

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN_SIDE
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.header_distance = section.footer_distance = Mm(10)
        if self.rtl:
            child(section._sectPr, "bidi", SECT_ORDER)

    # --- text ---------------------------------------------------------------------------------------------

    def _reads_backwards(self, text: str, *, always: bool = False) -> bool:
        return (always and self.rtl) or rtl.reads_right_to_left(text, self.rtl)

    def _direction(self, paragraph: DocxParagraph, text: str, *, always: bool = False) -> None:
        if self._reads_backwards(text, always=always):
            child(paragraph._p.get_or_add_pPr(), "bidi", P_ORDER)
        elif self.rtl:  # Latin-only text in a right-to-left document: left to right, at the right margin
            child(paragraph._p.get_or_add_pPr(), "jc", P_ORDER).set(qn("w:val"), "right")

    def _style_id(self, name: str) -> str:
        # python-docx looks a style up among all of the template's styles on every use (and again for the
        # template's default style of its type, which is never one of those we set): remember the ids.
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        return self._ids[name]

    def _set_style(self, paragraph: DocxParagraph, name: str) -> None:
        p = paragraph._p
        if p.pPr is not None:
            p.pPr.style = self._style_id(name)
            return
        # A new paragraph: its properties are its first child and the style theirs (the schema's order), made
        # here at once; python-docx would look for each of the thirty-odd elements that may follow them.
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), self._style_id(name))
        properties.append(style)
        p.insert(0, properties)

    def _runs(self, paragraph: DocxParagraph, text: str, style: str | None = None) -> None:
        """``text`` as runs: Arabic-script runs marked right to left with the complex-script font."""
        for part, arabic in rtl.script_runs(rtl.clean_text(text)):
            run = paragraph.add_run(part)
            if style:
                run._r.get_or_add_rPr().style = self._style_id(style)
            if arabic:
                rpr = run._r.get_or_add_rPr()
                child(rpr, "rFonts", R_ORDER).set(qn("w:cs"), ARABIC_FONT)
                child(rpr, "rtl", R_ORDER)

    def paragraph(self, text: str, style: str, label: str = "", container: object = None) -> DocxParagraph:
        target = container if container is not None else self.doc
        paragraph: DocxParagraph = target.add_paragraph()  # type: ignore[attr-defined]
        self._set_style(paragraph, style)
        shown = f"{label} {text}" if label else text
        # List items keep the document's direction whatever their text, so that the bullets line up.
        always = style == "List Bullet"
        # Each phrase of the other direction (a name, an e-mail address, an untranslated original) is
        # isolated (U+2066/U+2067 … U+2069), so that it keeps its own order inside the paragraph.
        backwards = self._reads_backwards(shown, always=always)
        if label:
            self._runs(paragraph, rtl.isolate(label, backwards), "Label")
            self._runs(paragraph, " ")
        self._runs(paragraph, rtl.isolate(text, backwards))
        self._direction(paragraph, shown, always=always)
        return paragraph

    # --- blocks -------------------------------------------------------------------------------------------

    def body(self) -> None:
        model = self.model
        self.paragraph(model.title, "Title")
        if model.subtitle.strip():
            self.paragraph(model.subtitle, "Subtitle")
        closing = max(
            (i for i, b in enumerate(model.blocks) if isinstance(b, Heading) and b.level <= 1), default=-1
        )
        for number, block in enumerate(model.blocks):
            if number == closing and number > 0:
                self._keep_end_with_next()
            self.block(block)

    def _keep_end_with_next(self) -> None:
        """Keep the end of what is written so far with what follows, so that the last section (for minutes,
        "Next meeting") never starts a page on its own: the last paragraph, or a table's last row and the
        space after it, are kept with the next paragraph."""
        body = self.doc.element.body
        headings = {self._style_id(f"Heading {level}") for level in (1, 2, 3)}
        elements = [e for e in body if e.tag in (qn("w:p"), qn("w:tbl"))]
        for element in reversed(elements):
            if element.tag == qn("w:tbl"):
                rows = element.findall(qn("w:tr"))
                for paragraph in rows[-1].iter(qn("w:p")) if rows else ():
                    child(paragraph.get_or_add_pPr(), "keepNext", P_ORDER)
                return
            properties = element.get_or_add_pPr()
            child(properties, "keepNext", P_ORDER)
            # Empty spacers and headings with nothing under them ("12. Any other business") are passed over.
            empty = not "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
            if not empty and properties.style not in headings:
                return

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(block.text, f"Heading {min(max(block.level, 1), 3)}")
        elif isinstance(block, Paragraph):
            self.paragraph(block.text, TONE_STYLES[block.tone], block.label)
        elif isinstance(block, BulletList):
            if two_columns(block):
                self.list_in_columns(block)
                return
            for item in block.items:
                self.paragraph(item, "List Bullet")
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        else:
            self.facts(block)

    def list_in_columns(self, block: BulletList) -> None:
        """A long list of short items in two columns of a borderless table, read down the first column."""
        half = (len(block.items) + 1) // 2
        columns = [block.items[:half], block.items[half:]]
        table = self._new_table(2, "Normal Table", [1, 1])
        for row in range(half):
            cells = cast(Any, table).add_row().cells
            for cell, column in zip(cells, columns, strict=True):
                cell.width = table.columns[0].width
                paragraph = cell.paragraphs[0]
                if row < len(column):
                    cell._tc.remove(paragraph._p)
                    self.paragraph(column[row], "List Bullet", container=cell)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def chart(self, block: Chart) -> None:
        """The chart as the PDF draws it, as an image the width of the text, with alternative text that says
        what it shows (its title, then each category's values): ``exports.pdf_charts``."""
        from facilitator.exports.pdf_charts import chart_png  # noqa: PLC0415 - only documents with charts
        from facilitator.exports.pdf_fonts import register_fonts  # noqa: PLC0415
        from facilitator.exports.pdf_writer import chart_flowable  # noqa: PLC0415

        register_fonts()
        drawing = chart_flowable(block, TEXT_WIDTH / 12700, self.rtl)
        paragraph: DocxParagraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(4)
        run = paragraph.add_run()
        run.add_picture(BytesIO(chart_png(drawing)), width=Emu(TEXT_WIDTH))
        properties = run._r.find(".//" + qn("wp:docPr"))
        if properties is not None:
            properties.set("title", " ".join(rtl.clean_text(block.title).split()))
            properties.set("descr", rtl.clean_text(drawing.text))
        if self.rtl:
            child(paragraph._p.get_or_add_pPr(), "bidi", P_ORDER)

    def _new_table(self, columns: int, style: str, widths: list[float]) -> DocxTable:
        table: DocxTable = self.doc.add_table(rows=0, cols=columns)
        table._tbl.tblStyle_val = self._style_id(style)  # as ``table.style = ...`` sets it, without its lookups
        table.autofit = False
        if self.rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL
        total = sum(widths)
        for column, share in zip(table.columns, widths, strict=True):
            column.width = Emu(int(TEXT_WIDTH * share / total))
        look = child(table._tbl.tblPr, "tblLook", ["tblLook", "tblCaption", "tblDescription"])
        for key, value in (("firstRow", "1"), ("firstColumn", "1"), ("noHBand", "1"), ("noVBand", "1")):
            look.set(qn(f"w:{key}"), value)
        look.set(qn("w:lastRow"), "0")
        look.set(qn("w:lastColumn"), "0")
        return table

    def _fill(self, table: DocxTable, texts: list[str], style: str = "Table Text") -> None:
        row = cast(Any, table).add_row()  # python-docx leaves add_row unannotated
        for number, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = table.columns[number].width
            paragraph = cell.paragraphs[0]
            self._set_style(paragraph, style)
            self._runs(paragraph, rtl.isolate(text, self._reads_backwards(text)))
            self._direction(paragraph, text)

    def table(self, block: Table) -> None:
        count = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if count == 0:
            return
        given = [max(float(w), 0.01) for w in block.widths[:count]]
        shares = given + [sum(given) / len(given) if given else 1.0] * (count - len(given))
        cells = [list(block.header)] if block.header else []
        cells += [list(row) for row in block.rows]
        points = TEXT_WIDTH / 12700
        widths = column_widths(shares, cells, points, 9.5 * 1.12, 6, header=bool(block.header))
        table = self._new_table(count, "Minutes Table", widths)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        look.set(qn("w:firstColumn"), "0")
        if not block.header:
            look.set(qn("w:firstRow"), "0")
        if block.dense:  # rows closer together: no space above or below the text of a cell
            margins = parse_xml(
                f"<w:tblCellMar {nsdecls('w')}><w:top w:w='0' w:type='dxa'/><w:left w:w='100' w:type='dxa'/>"
                "<w:bottom w:w='0' w:type='dxa'/><w:right w:w='100' w:type='dxa'/></w:tblCellMar>"
            )
            table._tbl.tblPr.insert(table._tbl.tblPr.index(look), margins)
        style = "Dense Table Text" if block.dense else "Table Text"
        for texts in ([block.header] if block.header else []) + list(block.rows):
            self._fill(table, list(texts) + [""] * (count - len(texts)), style)
        if block.header:
            properties = table.rows[0]._tr.get_or_add_trPr()
            child(properties, "tblHeader", ["cantSplit", "trHeight", "tblHeader", "tblCellSpacing", "jc"])
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def facts(self, block: Facts) -> None:
        if not block.pairs:
            return
        table = self._new_table(2, "Facts Table", [0.28, 0.72])
        table._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstRow"), "0")
        for label, value in block.pairs:
            self._fill(table, [label, value])
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    # --- what every page carries --------------------------------------------------------------------------

    def footer(self) -> None:
        model = self.model
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        self._set_style(paragraph, "Footer")
        start = " · ".join(t for t in (model.status.strip(), model.footer_note.strip()) if t)
        self._runs(paragraph, start + "\t")
        for part in re.split(r"(\{page\}|\{pages\})", rtl.clean_text(model.page_label)):
            if part in ("{page}", "{pages}"):
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), " PAGE " if part == "{page}" else " NUMPAGES ")
                placeholder = OxmlElement("w:r")
                shown = OxmlElement("w:t")
                shown.text = "1"
                placeholder.append(shown)
                field.append(placeholder)
                paragraph._p.append(field)
            elif part:
                self._runs(paragraph, part)  # runs are appended after the field before them
        self._direction(paragraph, start + " " + model.page_label)

    def draft_mark(self) -> None:
        """A light diagonal watermark behind every page (Word's own kind: a VML text path in the header)."""
        mark = " ".join(rtl.clean_text(self.model.draft_mark).split())[:40]
        if not mark:
            return
        header = self.doc.sections[0].header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        self._set_style(paragraph, "Header")
        length = max(len(mark), 4)
        width, height = min(460, 95 * length), 130
        font = ARABIC_FONT if rtl.has_arabic(mark) else "Calibri"
        escaped = mark.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        shape = parse_xml(
            f"<w:r {nsdecls('w')} {VML_NAMESPACES}><w:rPr><w:noProof/></w:rPr><w:pict>"
            '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
            'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
            '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
            '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
            '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>'
            '<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>'
            '<v:f eqn="sum @6 0 @5"/></v:formulas>'
            '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
            'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
            '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
            '<v:shape id="DraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" '
            f'style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;'
            "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
            "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
            'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d9d9d9" stroked="f">'
            '<v:fill opacity=".5"/>'
            f'<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt;font-weight:bold" '
            f'string="{escaped}"/></v:shape></w:pict></w:r>'
        )
        paragraph._p.append(shape)

    def properties(self) -> None:
        core = self.doc.core_properties
        core.title = " ".join(rtl.clean_text(self.model.title).split())[:255]
        core.subject = " ".join(rtl.clean_text(self.model.subtitle).split())[:255]
        core.language = language_tag(self.model.language)
        core.author = "Partnership Facilitator"
        core.comments = ""

    def build(self) -> bytes:
        self.body()
        self.footer()
        self.draft_mark()
        self.properties()
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


def docx_bytes(model: DocumentModel) -> bytes:
    """The Word file of ``model``; raises ``ImpossibleFigure`` when it would print a figure that cannot be
    true."""
    model.check_figures()
    return _Writer(model).build()


def write_docx(model: DocumentModel, path: Path) -> None:
    """Write the Word file of ``model`` to ``path`` completely or not at all."""
    write_atomically(Path(path), docx_bytes(model))
