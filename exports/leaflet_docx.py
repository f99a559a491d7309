"""Lay out a ``LeafletModel`` as an editable Word file that keeps to its pages in Word and LibreOffice.

Flowing text would let Word decide where pages break, and a leaflet must stay on its page. So the Word file is
a grid of fixed measures taken from the PDF's layout (``exports.leaflet_layout``, measured with the PDF's
fonts): each page is a section of its size, holding one table row of exactly the panels' height; in each
panel every band is a small table whose rows have exact heights and whose columns have fixed widths, with the
band's tint and accent bar. Text is set in the same sizes with exact line heights, in the fonts it was measured
in (Noto Sans and Noto Sans Arabic; a Word without them substitutes narrower fonts, which fit all the more). A
band that would be overfilled after editing is clipped by Word rather than pushed onto another page. A leaflet that
does not fit is refused exactly as the PDF is (``LeafletTooLong`` with the same advice).

Right to left is marked as ``docx_writer`` marks it: ``w:bidi`` on right-to-left paragraphs, ``w:rtl`` and
the complex-script font on Arabic-script runs, each run's language, and tables laid out right to left.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import segno
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_DIRECTION
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell

from facilitator.exports import rtl
from facilitator.exports.docx_xml import P_ORDER, R_ORDER, child, language_tag
from facilitator.exports.files import write_atomically
from facilitator.exports.leaflet_layout import (
    LOGO_ROOM,
    ROW_GAP,
    Band,
    Cell,
    Fill,
    Panel,
    Part,
    Role,
    Sheet,
    leading,
)
from facilitator.exports.leaflet_pdf import LOOKS, leaflet_sheets, unreadable_logo
from facilitator.leaflets import Folding, LeafletModel, LeafletSide, PageSize

#: The fonts the layout is measured in (the PDF's): LibreOffice and a Word with them installed set the text
#: exactly as measured; a Word without them substitutes a narrower font, which fits all the more.
LATIN_FONT, ARABIC_SCRIPT_FONT = "Noto Sans", "Noto Sans Arabic"
FILL_HEX = {Fill.KEY: ("E7F0F2", "0B5D6B"), Fill.CONCERN: ("FCF1E2", "B8671A")}
#: What Word and LibreOffice are given less than the page holds, so that the paragraph Word insists on after
#: a table (and the section break it carries) never spills onto a page of its own.
SLACK = 6.0
#: The width of a filled band's accent bar, in points (as the PDF draws it).
BAR = 3.2


def _twips(points: float) -> int:
    return round(points * 20)


def _colour(role: Role) -> RGBColor:
    colour, _weight = LOOKS[role]
    return RGBColor.from_string(str(colour.hexval())[2:].upper())  # reportlab writes 0x1a1a1a


class _Writer:
    def __init__(self, model: LeafletModel, measured: list[Sheet]) -> None:
        self.model = model
        self.sheets = measured
        self.doc: DocxDocument = Document()
        self.qr_png = _qr_png(model.qr_link) if model.qr_link else b""
        self._styles()

    def _styles(self) -> None:
        styles = self.doc.styles
        root = styles.element
        for fonts in root.iter(qn("w:rFonts")):  # theme fonts for complex script would beat the Arabic font
            fonts.attrib.pop(qn("w:cstheme"), None)
            fonts.attrib.pop(qn("w:asciiTheme"), None)
            fonts.attrib.pop(qn("w:hAnsiTheme"), None)
        defaults = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = child(defaults, "rFonts", R_ORDER)
        for key in ("ascii", "hAnsi"):
            fonts.set(qn(f"w:{key}"), LATIN_FONT)
        fonts.set(qn("w:cs"), ARABIC_SCRIPT_FONT)
        lang = child(defaults, "lang", R_ORDER)
        tag = language_tag(self.model.language)
        lang.set(qn("w:val"), tag)
        if self.model.sides[0].right_to_left:
            lang.set(qn("w:bidi"), tag)
        normal = styles["Normal"]
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)

    # --- pages ----------------------------------------------------------------------------------------------

    def build(self) -> bytes:
        body = self.doc.element.body
        for number, sheet in enumerate(self.sheets):
            if number:
                section = self.doc.add_section(WD_SECTION.NEW_PAGE)
                # The section break is a paragraph after the page's table: as small as Word allows.
                _spacer(body.findall(qn("w:p"))[-1], 1)
            else:
                section = self.doc.sections[0]
            landscape = sheet.width > sheet.height
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Pt(sheet.width), Pt(sheet.height)
            x0, y0, first = sheet.panels[0]
            section.left_margin = section.right_margin = Pt(x0)
            section.top_margin, section.bottom_margin = Pt(y0), Pt(sheet.height - y0 - first.height)
            section.header_distance = section.footer_distance = Pt(0)
            self._sheet(sheet)
        core = self.doc.core_properties
        core.title = " ".join(rtl.clean_text(self.model.title).split())[:255]
        core.language = language_tag(self.model.language)
        core.author = "Partnership Facilitator"
        _spacer(self.doc.add_paragraph()._p, 1)  # a file ends with a paragraph after its last table
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _sheet(self, sheet: Sheet) -> None:
        """One page: a table of one row exactly the panels' height, a column for each panel (and the fold)."""
        widths: list[float] = []
        previous_end = None
        for x, _y, panel in sheet.panels:
            if previous_end is not None:
                widths.append(x - previous_end)  # the fold between two panels
            widths.append(panel.width)
            previous_end = x + panel.width
        height = sheet.panels[0][2].height - SLACK
        table = self._table(widths, [height])
        cells = table.rows[0].cells
        column = 0
        for number, (_x, _y, panel) in enumerate(sheet.panels):
            if number:
                column += 1
            self._panel(cells[column], panel)
            column += 1

    def _table(self, widths: list[float], heights: list[float], container: Any = None) -> DocxTable:
        target = container if container is not None else self.doc
        table: DocxTable = target.add_table(rows=len(heights), cols=len(widths))
        following = table._tbl.getnext()
        if container is not None and following is not None and following.tag == qn("w:p"):
            table._tbl.getparent().remove(following)  # python-docx adds a paragraph after a table in a cell
        table.autofit = False
        properties = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        properties.append(layout)
        margins = OxmlElement("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), "0")
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        properties.append(margins)
        grid = table._tbl.tblGrid
        for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
            column.set(qn("w:w"), str(_twips(width)))
        for row, height in zip(table.rows, heights, strict=True):
            row.height = Pt(max(height, 1))
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Pt(width)
        return table

    # --- a panel --------------------------------------------------------------------------------------------

    def _panel(self, cell: _Cell, panel: Panel) -> None:
        side = panel.side
        rtl_panel = bool(side and side.right_to_left)
        language = side or (panel.sides[0] if panel.sides else self.model.sides[0])
        cell._tc.remove(cell.paragraphs[0]._p)  # start empty: bands and spaces follow
        y = 0.0
        for band in panel.bands:
            if band.y > y:
                self._space(cell, band.y - y)
            self._band(cell, panel, band, rtl_panel, language)
            y = band.y + band.height
        self._space(cell, 0.5)  # a cell ends with a paragraph

    def _space(self, cell: _Cell, height: float) -> None:
        _spacer(cell.add_paragraph()._p, height)

    def _band(self, container: _Cell, panel: Panel, band: Band, rtl_panel: bool, side: LeafletSide) -> None:
        pad = panel.sizes.padding if band.fill is not Fill.NONE else 0.0
        rows = band.rows
        if len(rows) == 2:
            first = band.row_height + pad + ROW_GAP * panel.sizes.body / 2
            heights = [first, band.height - first]
        else:
            heights = [band.height]
        for number, (row, height) in enumerate(zip(rows, heights, strict=True)):
            widths, cells = self._columns(panel, row, band.fill is not Fill.NONE)
            table = self._table(widths, [height], container)
            if rtl_panel:
                table.table_direction = WD_TABLE_DIRECTION.RTL  # the bar, first, stands at the right
            for column, (docx_cell, cell) in enumerate(zip(table.rows[0].cells, cells, strict=True)):
                self._shade(docx_cell, band, bar=column == 0)
                top = pad if number == 0 else ROW_GAP * panel.sizes.body / 2
                self._cell(docx_cell, panel, cell, band, (rtl_panel, side), top=top)

    def _columns(self, panel: Panel, row: list[Cell], filled: bool) -> tuple[list[float], list[Cell | None]]:
        """Widths of a row's columns: the accent bar of a filled band, the padding, each cell, and the gutters
        between them."""
        widths: list[float] = [BAR] if filled else []
        cells: list[Cell | None] = [None] if filled else []
        x = BAR if filled else 0.0
        for cell in row:
            if cell.x > x:
                widths.append(cell.x - x)
                cells.append(None)
            widths.append(cell.width)
            cells.append(cell)
            x = cell.x + cell.width
        if panel.width > x:
            widths.append(panel.width - x)
            cells.append(None)
        return widths, cells

    def _shade(self, cell: _Cell, band: Band, *, bar: bool) -> None:
        """A filled band's tint, and the accent bar in its first column (a column, not a border: a border
        would take its width from the text's)."""
        if band.fill is Fill.NONE:
            return
        tint, accent = FILL_HEX[band.fill]
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), accent if bar else tint)
        cell._tc.get_or_add_tcPr().append(shade)

    def _cell(
        self,
        docx_cell: _Cell,
        panel: Panel,
        cell: Cell | None,
        band: Band,
        direction: tuple[bool, LeafletSide],
        *,
        top: float,
    ) -> None:
        rtl_panel, side = direction
        paragraph = docx_cell.paragraphs[0]
        if cell is None:
            return
        if cell.logos:
            self._logos(paragraph, cell.width, cell.height)
            return
        first = True
        if top > 0:
            _spacer(paragraph._p, top)
            first = False
        if cell.qr and self.qr_png:
            target = paragraph if first else docx_cell.add_paragraph()
            target.add_run().add_picture(BytesIO(self.qr_png), width=Pt(cell.width), height=Pt(cell.width))
            first = False
        for part in cell.parts:
            target = paragraph if first else docx_cell.add_paragraph()
            first = False
            self._part(target, panel, part, rtl_panel, side)

    def _part(self, paragraph: Any, panel: Panel, part: Part, rtl_panel: bool, side: LeafletSide) -> None:
        size = panel.sizes.of(part.role)
        text = part.text
        arabic = rtl.has_arabic(text)
        backwards = rtl.reads_right_to_left(text, rtl_panel)
        shown = rtl.isolate(text, backwards)
        if part.role is Role.ITEM:
            shown = "•\u00a0" + shown
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(part.space_before)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(leading(size, arabic))
        if part.role is Role.ITEM:
            indent = Pt(size * 1.2)
            fmt.first_line_indent = Pt(-size * 0.9)
            if rtl_panel:
                fmt.right_indent = indent
            else:
                fmt.left_indent = indent
        _colour_value, weight = LOOKS[part.role]
        tag = language_tag(side.language)
        for piece, is_arabic in rtl.script_runs(rtl.clean_text(shown)):
            run = paragraph.add_run(piece)
            run.font.size = Pt(size)
            run.font.bold = bool(weight) or None
            run.font.color.rgb = _colour(part.role)
            properties = run._r.get_or_add_rPr()
            child(properties, "szCs", R_ORDER).set(qn("w:val"), str(round(size * 2)))
            if weight:
                child(properties, "bCs", R_ORDER)
            if is_arabic:
                child(properties, "rFonts", R_ORDER).set(qn("w:cs"), ARABIC_SCRIPT_FONT)
                child(properties, "rtl", R_ORDER)
            lang = child(properties, "lang", R_ORDER)
            lang.set(qn("w:bidi" if side.right_to_left else "w:val"), tag)
        if backwards:
            child(paragraph._p.get_or_add_pPr(), "bidi", P_ORDER)
        elif rtl_panel:  # Latin-only text on a right-to-left panel: left to right, at the right margin
            child(paragraph._p.get_or_add_pPr(), "jc", P_ORDER).set(qn("w:val"), "right")

    def _logos(self, paragraph: Any, width: float, height: float) -> None:
        """The logos side by side, as the PDF draws them: at ``height``, smaller when they would not fit."""
        images = self.model.logos
        runs = []
        for number, image in enumerate(images, start=1):
            run = paragraph.add_run()
            try:
                run.add_picture(BytesIO(image), height=Pt(height * 0.9))
            except Exception:  # python-docx raises several kinds for an image it cannot read
                raise unreadable_logo(number) from None
            runs.append(run)
        extents = [run._r.find(".//" + qn("wp:extent")) for run in runs]
        room = Pt(LOGO_ROOM)
        total = sum(int(extent.get("cx")) + room for extent in extents if extent is not None)
        scale = min(1.0, Pt(width) / total) if total else 1.0
        for run in runs:
            if scale < 1.0:  # the size Word shows (wp:extent) and the picture's own (a:ext) alike
                for extent in (run._r.find(".//" + qn("wp:extent")), run._r.find(".//" + qn("a:ext"))):
                    if extent is not None:
                        for key in ("cx", "cy"):
                            extent.set(key, str(int(int(extent.get(key)) * scale)))
            run.add_text(" ")


def _spacer(paragraph: Any, height: float) -> None:
    """Make ``paragraph`` an empty line exactly ``height`` points high (at least a twentieth of a point)."""
    properties = paragraph.get_or_add_pPr()
    spacing = child(properties, "spacing", P_ORDER)
    line = str(max(_twips(height), 1))
    for key, value in (("before", "0"), ("after", "0"), ("line", line), ("lineRule", "exact")):
        spacing.set(qn(f"w:{key}"), value)
    marks = child(properties, "rPr", P_ORDER)
    child(marks, "sz", R_ORDER).set(qn("w:val"), "2")


def _qr_png(link: str) -> bytes:
    out = BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=10, border=1)
    return out.getvalue()


def leaflet_docx_bytes(
    model: LeafletModel,
    size: PageSize = PageSize.A4,
    *,
    large_print: bool = False,
    folding: Folding = Folding.SET,
) -> bytes:
    """The editable Word file of the leaflet, laid out as the PDF is; raises ``LeafletTooLong`` when a
    language would not fit its page or panel."""
    measured = leaflet_sheets(model, size, large_print=large_print, folding=folding)
    return _Writer(model, measured).build()


def write_leaflet_docx(
    model: LeafletModel,
    path: Path,
    size: PageSize = PageSize.A4,
    *,
    large_print: bool = False,
    folding: Folding = Folding.SET,
) -> None:
    """Write the leaflet's Word file to ``path`` completely or not at all."""
    write_atomically(Path(path), leaflet_docx_bytes(model, size, large_print=large_print, folding=folding))
