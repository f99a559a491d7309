"""Lay out a ``LeafletModel`` as PDF pages: a page for each language, or a folded A4 sheet with a panel for each.

Where everything goes is decided by ``exports.leaflet_layout`` (bands, type sizes as large as fit and never
below 11 pt, or 14 pt in large print); this module measures text for it with reportlab and draws the result:
a thin accent rule at the top, the kicker, headline and welcome line, a tinted box with when, where and
access, the topics and "what we did", a warm box on raising a concern in confidence, the contacts with the QR
code, the data-protection line and the logos at the foot. Fonts, escaping, Arabic shaping and right-to-left
paragraphs are those of the minutes (``pdf_writer``, ``pdf_text``); each language's panel is laid out in its
own direction, and every panel is in the PDF's outline under its language's name.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from facilitator.errors import KnownError
from facilitator.exports import rtl
from facilitator.exports.files import write_atomically
from facilitator.exports.fonts import Progress
from facilitator.exports.leaflet_layout import (
    LOGO_ROOM,
    MM,
    ROW_GAP,
    Band,
    Cell,
    Fill,
    Panel,
    Part,
    Role,
    Sheet,
    leading,
    sheets,
)
from facilitator.i18n import _, translator
from facilitator.leaflets import Folding, LeafletModel, PageSize

rtl.install()  # before reportlab's text module is imported, or reportlab ignores right-to-left

import segno  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Flowable  # noqa: E402
from reportlab.platypus import Paragraph as RLParagraph  # noqa: E402

from facilitator.exports.pdf_fonts import (  # noqa: E402
    ARABIC,
    FONT_NAMES,
    markup,
    register_fonts,
    rtl_supported,
    script_of,
)
from facilitator.exports.pdf_text import BidiParagraph  # noqa: E402

INK = colors.HexColor("#1a1a1a")
QUIET = colors.HexColor("#4a4a4a")
ACCENT = colors.HexColor("#0b5d6b")
ACCENT_TINT = colors.HexColor("#e7f0f2")
CONCERN_BAR = colors.HexColor("#b8671a")
CONCERN_TINT = colors.HexColor("#fcf1e2")
RULE = colors.HexColor("#b5c4c7")
FILLS = {Fill.KEY: (ACCENT_TINT, ACCENT), Fill.CONCERN: (CONCERN_TINT, CONCERN_BAR)}
#: Colour and weight (0 regular, 1 bold) of each role.
LOOKS: dict[Role, tuple[Any, int]] = {
    Role.KICKER: (ACCENT, 1),
    Role.HEADLINE: (INK, 1),
    Role.WELCOME: (ACCENT, 1),
    Role.LABEL: (ACCENT, 1),
    Role.KEY: (INK, 1),
    Role.STRONG: (INK, 1),
    Role.BODY: (INK, 0),
    Role.ITEM: (INK, 0),
    Role.HEADING: (ACCENT, 1),
    Role.CONCERN_HEADING: (CONCERN_BAR, 1),
    Role.SMALL: (QUIET, 0),
}
BIG = 1e6


def _style(role: Role, text: str, size: float, right_to_left: bool) -> ParagraphStyle:
    script = script_of(text, right_to_left)
    colour, weight = LOOKS[role]
    indent = size * 1.2 if role is Role.ITEM else 0.0
    options: dict[str, Any] = {
        "fontName": FONT_NAMES[script][weight],
        "bulletFontName": FONT_NAMES[script][0],
        "fontSize": size,
        "bulletFontSize": size,
        "leading": leading(size, script == ARABIC),
        "textColor": colour,
        "splitLongWords": 1,
    }
    if right_to_left:
        options.update(alignment=TA_RIGHT, rightIndent=indent)
    else:
        options.update(alignment=TA_LEFT, leftIndent=indent, bulletIndent=indent * 0.15)
    return ParagraphStyle(f"leaflet-{role.value}-{script}-{size}", **options)


def flowable(part: Part, size: float, right_to_left: bool) -> Flowable:
    """A part of a panel as a paragraph in its role's look, in the panel's direction."""
    text = part.text
    style = _style(part.role, text, size, right_to_left)
    bullet = "•" if part.role is Role.ITEM else ""
    if right_to_left or rtl.has_rtl(text):
        backwards = rtl.reads_right_to_left(text, right_to_left)
        return BidiParagraph(
            rtl.isolate(text, backwards),
            style,
            right_to_left=backwards,
            bold_font=FONT_NAMES[script_of(text, right_to_left)][1],
            bullet=bullet,
        )
    return RLParagraph(markup(text), style, bulletText=bullet or None)


def measure(part: Part, size: float, width: float, right_to_left: bool) -> float:
    """The height of ``part`` set ``width`` wide (``leaflet_layout``'s measure), with a little to spare: the
    Word file is measured by the same numbers, and Word's and LibreOffice's lines may come out a hair longer."""
    return float(flowable(part, size, right_to_left).wrap(width - 3, BIG)[1])


def unreadable_logo(number: int) -> KnownError:
    """The words for a kept logo that an image reader refuses (``number`` counts from 1)."""
    return KnownError(
        _("Logo {number} of the leaflet cannot be read.").format(number=number),
        hint=_("Remove it from the leaflet and add the image again."),
    )


def _logos(images: tuple[bytes, ...]) -> list[ImageReader]:
    """The logos kept in the partnership file, ready to draw (never a file named in the data)."""
    readers = []
    for number, image in enumerate(images, start=1):
        try:
            readers.append(ImageReader(BytesIO(image)))
        except Exception:  # Pillow and reportlab raise many kinds for a broken image
            raise unreadable_logo(number) from None
    return readers


class _Drawer:
    """Draws measured sheets on a canvas."""

    def __init__(self, model: LeafletModel, canvas: Canvas, logos: list[ImageReader]) -> None:
        self.model = model
        self.canvas = canvas
        self.logos = logos
        self.qr = segno.make(model.qr_link, error="m") if model.qr_link else None
        self._outlined = 0

    def sheet(self, sheet: Sheet) -> None:
        canvas = self.canvas
        canvas.setPageSize((sheet.width, sheet.height))
        for x, y, panel in sheet.panels:
            self.panel(panel, x, sheet.height - y)
        if len(sheet.panels) == 2:  # fold marks at the middle, outside the printed area
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            middle = sheet.width / 2
            canvas.line(middle, sheet.height, middle, sheet.height - 4 * MM)
            canvas.line(middle, 0, middle, 4 * MM)
        canvas.showPage()

    def panel(self, panel: Panel, left: float, top: float) -> None:
        canvas = self.canvas
        side = panel.side
        rtl_panel = bool(side and side.right_to_left)
        canvas.setFillColor(ACCENT)
        canvas.rect(left, top + 0.6 * MM, panel.width, 2.2 * MM, stroke=0, fill=1)
        title = (
            translator(side.language).language_name(side.language)
            if side
            else " · ".join(translator(s.language).language_name(s.language) for s in panel.sides)
        )
        key = f"panel{self._outlined}"
        self._outlined += 1
        canvas.bookmarkHorizontal(key, left, top + 4 * MM)
        canvas.addOutlineEntry(title, key, 0)
        for band in panel.bands:
            self.band(panel, band, left, top - band.y, rtl_panel)

    def band(self, panel: Panel, band: Band, left: float, top: float, rtl_panel: bool) -> None:
        canvas = self.canvas
        if band.fill is not Fill.NONE:
            tint, bar = FILLS[band.fill]
            canvas.setFillColor(tint)
            canvas.rect(left, top - band.height, panel.width, band.height, stroke=0, fill=1)
            canvas.setFillColor(bar)
            bar_x = left + panel.width - 3.2 if rtl_panel else left
            canvas.rect(bar_x, top - band.height, 3.2, band.height, stroke=0, fill=1)
        pad = panel.sizes.padding if band.fill is not Fill.NONE else 0.0
        row_tops = [top - pad, top - pad - band.row_height - ROW_GAP * panel.sizes.body]
        for row_top, row in zip(row_tops, band.rows, strict=False):
            for cell in row:
                self.cell(panel, cell, left, row_top, rtl_panel)

    def cell(self, panel: Panel, cell: Cell, left: float, top: float, rtl_panel: bool) -> None:
        """One cell's parts from ``top`` down, at its place from the panel's start side."""
        x = left + panel.width - cell.x - cell.width if rtl_panel else left + cell.x
        y = top
        if cell.qr and self.qr is not None:
            self._draw_qr(x, y, cell.width)
            y -= cell.width + panel.sizes.body * 0.3
        if cell.logos:
            self._draw_logos(x, y - cell.height, cell.width, cell.height)
        for part in cell.parts:
            y -= part.space_before
            drawn = flowable(part, panel.sizes.of(part.role), rtl_panel)
            _w, height = drawn.wrapOn(self.canvas, cell.width, BIG)
            drawn.drawOn(self.canvas, x, y - height)
            y -= height

    def _draw_qr(self, x: float, top: float, size: float) -> None:
        assert self.qr is not None
        matrix = self.qr.matrix
        border = 1
        count = len(matrix) + 2 * border
        module = size / count
        canvas = self.canvas
        canvas.setFillColor(colors.white)
        canvas.rect(x, top - size, size, size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for row, line in enumerate(matrix):
            y = top - (row + border + 1) * module
            start = None
            for column, dark in enumerate([*line, 0]):
                if dark and start is None:
                    start = column
                elif not dark and start is not None:  # one rectangle for a run of dark modules
                    canvas.rect(
                        x + (start + border) * module, y, (column - start) * module, module, stroke=0, fill=1
                    )
                    start = None

    def _draw_logos(self, left: float, bottom: float, width: float, height: float) -> None:
        """The logos side by side at ``height`` (smaller, all alike, when they would not fit ``width``)."""
        if not self.logos:
            return
        shapes = [wide / max(high, 1) for wide, high in (logo.getSize() for logo in self.logos)]
        scale = min(1.0, width / sum(height * shape + LOGO_ROOM for shape in shapes))
        x = left + LOGO_ROOM * scale / 2
        tall = height * scale
        for logo, shape in zip(self.logos, shapes, strict=True):
            self.canvas.drawImage(logo, x, bottom + (height - tall), tall * shape, tall, mask="auto")
            x += tall * shape + LOGO_ROOM * scale


def _canvas(out: BytesIO, model: LeafletModel) -> Canvas:
    canvas = Canvas(
        out,
        invariant=True,
        lang=model.language.replace("_", "-"),
        initialFontName="NotoSans",  # type: ignore[arg-type]  # a font name; types-reportlab says float
    )
    canvas.setTitle(" ".join(rtl.clean_text(model.title).split()))
    canvas.setSubject(" ".join(rtl.clean_text(model.sides[0].kicker).split()))
    canvas.setCreator("Partnership Facilitator")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    if model.sides[0].right_to_left:
        canvas.setViewerPreference("Direction", "R2L")
    return canvas


def leaflet_sheets(
    model: LeafletModel, size: PageSize, *, large_print: bool, folding: Folding = Folding.SET
) -> list[Sheet]:
    """The leaflet's pages measured with the PDF's fonts (the Word writer lays out the same); raises
    ``LeafletTooLong`` when a language does not fit its page or panel at the smallest type allowed."""
    register_fonts()
    shapes = tuple(w / max(h, 1) for w, h in (logo.getSize() for logo in _logos(model.logos)))
    return list(sheets(model, size, large_print, folding, measure, logos=shapes))


def check_fits(
    model: LeafletModel, size: PageSize, *, large_print: bool = False, folding: Folding = Folding.SET
) -> None:
    """Raise ``LeafletTooLong`` when the leaflet would not fit (it is measured and thrown away)."""
    leaflet_sheets(model, size, large_print=large_print, folding=folding)


def leaflet_pdf_bytes(
    model: LeafletModel,
    size: PageSize = PageSize.A4,
    *,
    large_print: bool = False,
    folding: Folding = Folding.SET,
    progress: Progress | None = None,
) -> bytes:
    """The PDF of ``model``: a page a language, or folded A4 sheets. Raises ``LeafletTooLong`` when a
    language would not fit."""
    register_fonts(progress)
    if any(side.right_to_left for side in model.sides) and not rtl_supported():
        raise RuntimeError("reportlab was imported without right-to-left support (see exports/rtl.py)")
    measured = leaflet_sheets(model, size, large_print=large_print, folding=folding)
    out = BytesIO()
    canvas = _canvas(out, model)
    drawer = _Drawer(model, canvas, _logos(model.logos))
    for sheet in measured:
        drawer.sheet(sheet)
    canvas.showOutline()
    canvas.save()
    return out.getvalue()


def write_leaflet_pdf(
    model: LeafletModel,
    path: Path,
    size: PageSize = PageSize.A4,
    *,
    large_print: bool = False,
    folding: Folding = Folding.SET,
    progress: Progress | None = None,
) -> None:
    """Write the leaflet's PDF to ``path`` completely or not at all (nothing when it does not fit)."""
    data = leaflet_pdf_bytes(model, size, large_print=large_print, folding=folding, progress=progress)
    write_atomically(Path(path), data)
