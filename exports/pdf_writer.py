"""Lay out a ``DocumentModel`` as a printable PDF with reportlab's platypus.

A4 with print margins; Noto Sans and Noto Sans Arabic embedded with a real bold (see ``exports.fonts``); every
user string escaped before reportlab's paragraph parser sees it; a font per paragraph chosen by script;
Arabic shaped (uharfbuzz) and laid out right to left (the ``rlbidi`` adapter in ``exports.rtl``); tables with
repeated header rows; a footer on every page with the status, a note and "Page X of Y"; a light diagonal mark
across draft pages. The writer decides how things look, never what is in the document.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape

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
from facilitator.exports.files import write_atomically
from facilitator.exports.fonts import (
    FontFiles,
    Progress,
    ensure_fonts,
    font_for,
    glyph_runs,
    register_fallbacks,
)

rtl.install()  # before reportlab's text module is imported, or reportlab ignores right-to-left

from fontTools.ttLib import TTFont  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont  # noqa: E402
from reportlab.pdfgen import textobject  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer  # noqa: E402
from reportlab.platypus import Paragraph as RLParagraph  # noqa: E402
from reportlab.platypus import Table as RLTable  # noqa: E402
from reportlab.platypus import TableStyle as RLTableStyle  # noqa: E402
from reportlab.platypus.flowables import HRFlowable  # noqa: E402

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_SIDE = 22 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
INK = colors.HexColor("#1a1a1a")
QUIET = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
HEADER_FILL = colors.HexColor("#e9e9e9")
UNTRANSLATED_FILL = colors.HexColor("#f1f1f1")
WARNING_INK = colors.HexColor("#8a1414")
MARK_INK = colors.Color(0.5, 0.5, 0.5, alpha=0.16)
#: Footer strings are cut to this many characters: the footer has one or two lines of room.
FOOTER_LIMIT = 240
MARK_LIMIT = 40
HEADER_LIMIT = 120

#: reportlab font names, by script, for regular, bold and italic.
LATIN, ARABIC = "latin", "arabic"
FONT_NAMES = {
    LATIN: ("NotoSans", "NotoSans-Bold", "NotoSans-Italic"),
    ARABIC: ("NotoSansArabic", "NotoSansArabic-Bold", "NotoSansArabic"),
}
_registered: dict[str, FontFiles] = {}


def rtl_supported() -> bool:
    """True when reportlab found the ``rlbidi`` adapter and lays out right-to-left paragraphs."""
    return bool(textobject.rtlSupport)


def _register(files: FontFiles) -> None:
    if _registered.get("files") == files:
        return
    paths = {
        "NotoSans": files.latin,
        "NotoSans-Bold": files.latin_bold,
        "NotoSans-Italic": files.latin_italic,
        "NotoSansArabic": files.arabic,
        "NotoSansArabic-Bold": files.arabic_bold,
    }
    for name, path in paths.items():
        pdfmetrics.registerFont(ReportlabTTFont(name, str(path)))
    for regular, bold, italic in FONT_NAMES.values():
        pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
    register_fallbacks()
    _registered["files"] = files


@cache
def _arabic_font_covers() -> frozenset[int]:
    with TTFont(ensure_fonts().arabic, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _script(text: str, right_to_left: bool) -> str:
    """Which font family sets ``text``: Arabic script needs Noto Sans Arabic, which also has Latin and digits,
    so a right-to-left document keeps to it wherever it covers the text (one font per paragraph)."""
    if rtl.has_arabic(text):
        return ARABIC
    if right_to_left:
        covered = _arabic_font_covers()
        if all(ord(c) in covered or c.isspace() for c in text):
            return ARABIC
    return LATIN


def markup(text: str) -> str:
    """Plain user text as reportlab paragraph markup: escaped, controls removed, line breaks kept, and every
    character Noto Sans lacks drawn from a fallback font or as a visible mark (``fonts.glyph_runs``)."""
    primary = FONT_NAMES[LATIN][0]
    parts = []
    for run, font in glyph_runs(rtl.clean_text(text), primary):
        piece = escape(run).replace("\t", " ").replace("\n", "<br/>")
        parts.append(piece if font == primary else f'<font name="{font}">{piece}</font>')
    return "".join(parts)


# --- paragraphs that need the bidi algorithm ---------------------------------------------------------------
#
# reportlab 5.1 shapes Arabic (``shaping=1``) but then never reorders the words of a line: with shaping on,
# its paragraph code skips the bidi step ("bidiSort = False #doBidi"), so a right-to-left line came out in
# logical order. Paragraphs with right-to-left text are therefore laid out here: words are measured shaped,
# lines are broken in logical order, and each line is cut into runs of one direction (Unicode bidi rules L1
# and L2, ``rtl.visual_runs``), each shaped on its own by harfbuzz and drawn from left to right.


def _shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """``text`` shaped by harfbuzz (in visual order for right-to-left script) and its width in points."""
    shaped = shapeStr(text, font, size)
    if isinstance(shaped, ShapedStr) and shaped.__shapeData__ is not None:
        return shaped, sum(d.x_advance for d in shaped.__shapeData__) * size / 1000
    return shaped, pdfmetrics.stringWidth(shaped, font, size)


@cache
def _word_width(word: str, font: str, size: float) -> float:
    return float(_shaped(word, font, size)[1])


class BidiParagraph(Flowable):
    """A paragraph of plain text that holds right-to-left script or sits in a right-to-left document.

    ``label`` is set in ``bold_font`` before the text (as "Decision:" is). Splits between lines across
    pages and table rows; honours the style's font, size, leading, colour, spacing, alignment, background
    and the bullet of ``bullet``.
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        right_to_left: bool,
        label: str = "",
        bold_font: str = "",
        bullet: str = "",
        lines: list[list[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.right_to_left = right_to_left
        self.label = label
        self.bold_font = bold_font or style.fontName
        self.bullet = bullet
        self.keepWithNext = style.keepWithNext
        self._lines = lines
        self._broken_for: float | None = None if lines is None else -1.0
        self.width = self.height = 0.0

    # Each token is (text, font); "\n" alone is a forced line break.
    def _tokens(self) -> list[tuple[str, str]]:
        tokens = [(word, self.bold_font) for word in rtl.clean_text(self.label).split()]
        for number, line in enumerate(rtl.clean_text(self.text).replace("\t", " ").split("\n")):
            if number:
                tokens.append(("\n", ""))
            tokens += [(word, self.style.fontName) for word in line.split(" ") if word]
        return tokens

    def _pieces(self, word: str, font: str, width: float) -> list[str]:
        """A word too long for a line, cut where it must be (widths of single characters, unshaped)."""
        size = self.style.fontSize
        pieces, start, used = [], 0, 0.0
        for index, char in enumerate(word):
            advance = pdfmetrics.stringWidth(char, font, size)
            if used + advance > width and index > start:
                pieces.append(word[start:index])
                start, used = index, 0.0
            used += advance
        pieces.append(word[start:])
        return pieces

    def _break(self, width: float) -> list[list[tuple[str, str]]]:
        size = self.style.fontSize
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0.0
        for word, font in self._tokens():
            if word == "\n":
                lines.append([])
                used = 0.0
                continue
            space = pdfmetrics.stringWidth(" ", font, size) if lines[-1] else 0.0
            advance = _word_width(word, font, size) if len(word) < 200 else width + 1
            if advance > width:
                for piece in self._pieces(word, font, width):
                    if lines[-1]:
                        lines.append([])
                    lines[-1].append((piece, font))
                used = _word_width(lines[-1][-1][0], font, size) if len(lines[-1][-1][0]) < 200 else width
                continue
            if lines[-1] and used + space + advance > width:
                lines.append([])
                used, space = 0.0, 0.0
            lines[-1].append((word, font))
            used += space + advance
        return lines

    def _text_width(self, available: float) -> float:
        return float(max(available - self.style.leftIndent - self.style.rightIndent, self.style.fontSize))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        text_width = self._text_width(availWidth)
        if self._lines is None or (self._broken_for not in (-1.0, text_width)):
            self._lines = self._break(text_width)
            self._broken_for = text_width
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        fits = int(availHeight // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(self._lines):
            return [self]
        first_style = ParagraphStyle(self.style.name + "-head", parent=self.style, spaceAfter=0)
        rest_style = ParagraphStyle(self.style.name + "-tail", parent=self.style, spaceBefore=0)
        direction, bold = self.right_to_left, self.bold_font
        return [
            BidiParagraph(
                self.text,
                first_style,
                right_to_left=direction,
                bold_font=bold,
                bullet=self.bullet,
                lines=self._lines[:fits],
            ),
            BidiParagraph(
                self.text, rest_style, right_to_left=direction, bold_font=bold, lines=self._lines[fits:]
            ),
        ]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def _line_runs(self, line: list[tuple[str, str]]) -> list[tuple[str, str, float]]:
        """The shaped pieces of one line from left to right, each with its font and width."""
        text = " ".join(word for word, _font in line)
        fonts: list[str] = []
        for number, (word, font) in enumerate(line):
            fonts += [font] * (len(word) + (1 if number else 0))
        # What the paragraph's font lacks is drawn from a fallback font, or as a visible mark.
        drawable = [d for d in (font_for(c, f) for c, f in zip(text, fonts, strict=True)) if d is not None]
        text, fonts = "".join(c for _f, c in drawable), [f for f, _c in drawable]
        drawn: list[tuple[str, str, float]] = []
        for start, end, backwards in rtl.visual_runs(text, self.right_to_left):
            parts: list[tuple[str, str]] = []
            for index in range(start, end):
                if parts and fonts[index] == parts[-1][1]:
                    parts[-1] = (parts[-1][0] + text[index], parts[-1][1])
                else:
                    parts.append((text[index], fonts[index]))
            if backwards:
                parts.reverse()
            for part, font in parts:
                piece = part
                if backwards and not rtl.has_rtl(part):
                    piece = rtl.mirrored(part[::-1])  # only neutrals: harfbuzz would not turn them round
                shaped, width = _shaped(piece, font, self.style.fontSize)
                drawn.append((shaped, font, width))
        return drawn

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        assert self._lines is not None
        left = style.leftIndent
        text_width = self._text_width(self.width)
        if style.backColor is not None:
            pad = (
                style.borderPadding
                if isinstance(style.borderPadding, (tuple, list))
                else [style.borderPadding] * 4
            )
            canvas.saveState()
            canvas.setFillColor(style.backColor)
            canvas.rect(-pad[3], -pad[2], self.width + pad[1] + pad[3], self.height + pad[0] + pad[2], 0, 1)
            canvas.restoreState()
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        size, leading = style.fontSize, style.leading
        for number, line in enumerate(self._lines):
            baseline = self.height - (number + 1) * leading + 0.3 * leading
            runs = self._line_runs(line)
            total = sum(width for _text, _font, width in runs)
            if style.alignment == TA_CENTER:
                x = left + (text_width - total) / 2
            elif style.alignment == TA_RIGHT:
                x = left + text_width - total
            else:
                x = left
            for shaped, font, width in runs:
                writer = canvas.beginText(x, baseline)
                writer.setFont(font, size)
                writer.textOut(shaped)
                canvas.drawText(writer)
                x += width
            if number == 0 and self.bullet:
                bullet_x = left + text_width + 4 if style.alignment == TA_RIGHT else left - 10
                canvas.setFont(FONT_NAMES[LATIN][0], size)
                canvas.drawString(bullet_x, baseline, self.bullet)
        canvas.restoreState()


class _Styles:
    """Paragraph styles for one document, made on demand for each role, script and weight."""

    ROLES: ClassVar[dict[str, dict[str, Any]]] = {
        "title": {"fontSize": 20, "leading": 25, "spaceAfter": 3, "weight": 1},
        "subtitle": {"fontSize": 11.5, "leading": 15, "spaceAfter": 6, "textColor": QUIET},
        "h1": {"fontSize": 13.5, "leading": 17, "spaceBefore": 14, "spaceAfter": 5, "weight": 1, "keep": 1},
        "h2": {"fontSize": 11, "leading": 14.5, "spaceBefore": 10, "spaceAfter": 3, "weight": 1, "keep": 1},
        "body": {"fontSize": 10, "leading": 14, "spaceAfter": 5},
        "note": {"fontSize": 9, "leading": 12.5, "spaceAfter": 4, "textColor": QUIET},
        "withheld": {"fontSize": 10, "leading": 14, "spaceAfter": 5, "textColor": QUIET, "weight": 2},
        "untranslated": {
            "fontSize": 10,
            "leading": 14,
            "spaceBefore": 2,
            "spaceAfter": 7,
            "backColor": UNTRANSLATED_FILL,
            "borderPadding": (3, 4, 3, 4),
        },
        "warning": {"fontSize": 10, "leading": 14, "spaceAfter": 5, "textColor": WARNING_INK, "weight": 1},
        "bullet": {"fontSize": 10, "leading": 14, "spaceAfter": 2, "indent": 15},
        "cell": {"fontSize": 9, "leading": 12},
        "head": {"fontSize": 9, "leading": 12, "weight": 1},
        "label": {"fontSize": 9.5, "leading": 13, "textColor": QUIET, "weight": 1},
        "value": {"fontSize": 9.5, "leading": 13},
        "footer": {"fontSize": 7.5, "leading": 9.5, "textColor": QUIET},
        "mark": {"fontSize": 100, "leading": 110, "textColor": MARK_INK, "weight": 1},
    }

    def __init__(self, right_to_left: bool) -> None:
        self.right_to_left = right_to_left
        self._made: dict[tuple[str, str, str], ParagraphStyle] = {}

    def get(self, role: str, text: str, align: str = "") -> ParagraphStyle:
        script = _script(text, self.right_to_left)
        key = (role, script, align)
        if key not in self._made:
            self._made[key] = self._make(role, script, align)
        return self._made[key]

    def _make(self, role: str, script: str, align: str) -> ParagraphStyle:
        spec = dict(self.ROLES[role])
        weight = spec.pop("weight", 0)
        keep = spec.pop("keep", 0)
        indent = spec.pop("indent", 0)
        arabic = script == ARABIC
        options: dict[str, Any] = {
            "fontName": FONT_NAMES[script][weight],
            "bulletFontName": FONT_NAMES[script][0],
            "textColor": INK,
            "keepWithNext": keep,
            "splitLongWords": 1,
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        options.update(spec)
        if self.right_to_left:
            options.update(alignment=TA_RIGHT, rightIndent=indent)
        else:
            options.update(alignment=TA_LEFT, leftIndent=indent, bulletIndent=3 if indent else 0)
        if arabic:
            # Arabic letters need more room above and below than Latin ones at the same size.
            options["leading"] = options["leading"] * 1.12
        if align == "center":
            options["alignment"] = TA_CENTER
        return ParagraphStyle(f"{role}-{script}-{align}", **options)


class _Layout:
    """Turns the blocks of one document into platypus flowables."""

    def __init__(self, model: DocumentModel) -> None:
        self.model = model
        self.rtl = model.right_to_left
        self.styles = _Styles(self.rtl)

    def paragraph(self, role: str, text: str, label: str = "", bullet: str = "") -> Flowable:
        shown = f"{label} {text}" if label else text
        style = self.styles.get(role, shown)
        if self.rtl or rtl.has_rtl(shown):
            bold = FONT_NAMES[_script(shown, self.rtl)][1]
            return BidiParagraph(
                text,
                style,
                right_to_left=rtl.reads_right_to_left(shown, self.rtl),
                label=label,
                bold_font=bold,
                bullet=bullet,
            )
        body = markup(text)
        if label:
            body = f"<b>{markup(label)}</b> {body}"
        return RLParagraph(body, style, bulletText=bullet or None)

    def plain(self, text: str, style: ParagraphStyle) -> Flowable:
        """A paragraph of ``text`` in exactly ``style``."""
        if self.rtl or rtl.has_rtl(text):
            return BidiParagraph(text, style, right_to_left=rtl.reads_right_to_left(text, self.rtl))
        return RLParagraph(markup(text), style)

    def flowables(self) -> list[Flowable]:
        model = self.model
        head: list[Flowable] = [self.paragraph("title", model.title)]
        if model.subtitle.strip():
            head.append(self.paragraph("subtitle", model.subtitle))
        head.append(HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=2, spaceAfter=8))
        story: list[Flowable] = [KeepTogether(head)]
        for block in model.blocks:
            # A chart starts on the page of the heading and notes that introduce it.
            if isinstance(block, Chart):
                for flowable in reversed(story[-4:]):
                    if not isinstance(flowable, RLParagraph | BidiParagraph):
                        break
                    flowable.keepWithNext = 1
            story += self.block(block)
        return story

    def block(self, block: Block) -> list[Flowable]:
        if isinstance(block, Heading):
            return [self.paragraph("h1" if block.level <= 1 else "h2", block.text)]
        if isinstance(block, Paragraph):
            role = {
                Tone.NORMAL: "body",
                Tone.NOTE: "note",
                Tone.WITHHELD: "withheld",
                Tone.UNTRANSLATED: "untranslated",
                Tone.WARNING: "warning",
            }[block.tone]
            return [self.paragraph(role, block.text, block.label)]
        if isinstance(block, BulletList):
            items = [self.paragraph("bullet", item, bullet="•") for item in block.items]
            return [*items, Spacer(1, 4)] if items else []
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            return self.chart(block)
        return self.facts(block)

    def chart(self, block: Chart) -> list[Flowable]:
        """The chart drawn in black, greys and hatching, in the document's fonts (see ``exports.charts``)."""
        from facilitator.exports.charts import chart_drawing  # noqa: PLC0415 - only documents with charts

        script = _script(" ".join((block.title, *block.categories)), self.rtl)
        drawing = chart_drawing(block, FRAME_WIDTH, FONT_NAMES[script][0], FONT_NAMES[script][1])
        before = Spacer(1, 4)
        before.keepWithNext = 1  # the notes kept with the chart are kept through this space
        return [before, drawing, Spacer(1, 8)]

    def _columns(self, widths: tuple[float, ...], count: int) -> list[float]:
        given = [max(float(w), 0.01) for w in widths[:count]] if widths else []
        given += [sum(given) / len(given) if given else 1.0] * (count - len(given))
        total = sum(given)
        return [FRAME_WIDTH * w / total for w in given]

    def _row(self, cells: list[Flowable]) -> list[Flowable]:
        return cells[::-1] if self.rtl else cells  # a right-to-left table starts at the right

    def table(self, block: Table) -> list[Flowable]:
        count = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if count == 0:
            return []

        def cells(texts: tuple[str, ...], role: str) -> list[Flowable]:
            padded = list(texts) + [""] * (count - len(texts))
            return self._row([self.paragraph(role, text) for text in padded])

        data = [cells(block.header, "head")] if block.header else []
        data += [cells(row, "cell") for row in block.rows]
        widths = self._columns(block.widths, count)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ]
        if block.header:
            commands += [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ]
        table = RLTable(
            data,
            colWidths=self._row(widths),
            # A header row is repeated on each page the table runs onto, unless it is too long to repeat.
            repeatRows=1 if block.header and max(len(h) for h in block.header) <= HEADER_LIMIT else 0,
            splitInRow=1,
            hAlign="RIGHT" if self.rtl else "LEFT",
            style=RLTableStyle(commands),
        )
        return [table, Spacer(1, 7)]

    def facts(self, block: Facts) -> list[Flowable]:
        if not block.pairs:
            return []
        data = [
            self._row([self.paragraph("label", label), self.paragraph("value", value)])
            for label, value in block.pairs
        ]
        table = RLTable(
            data,
            colWidths=self._row([FRAME_WIDTH * 0.28, FRAME_WIDTH * 0.72]),
            splitInRow=1,
            hAlign="RIGHT" if self.rtl else "LEFT",
            style=RLTableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )
        return [table, Spacer(1, 6)]

    # --- what every page carries ----------------------------------------------------------------------------

    def _short(self, text: str, limit: int) -> str:
        text = " ".join(rtl.clean_text(text).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def draw_mark(self, canvas: Canvas, _doc: object = None) -> None:
        """The draft mark: large, light, diagonal, beneath the page's text."""
        if self.rtl:
            canvas.setViewerPreference("Direction", "R2L")
        mark = self._short(self.model.draft_mark, MARK_LIMIT)
        if not mark:
            return
        style = self.styles.get("mark", mark, "center")
        diagonal = math.hypot(PAGE_WIDTH, PAGE_HEIGHT)
        natural = pdfmetrics.stringWidth(mark, style.fontName, style.fontSize)
        size = max(18.0, min(style.fontSize, style.fontSize * 0.62 * diagonal / max(natural, 1.0)))
        sized = ParagraphStyle(f"{style.name}-{size:.0f}", parent=style, fontSize=size, leading=size * 1.15)
        paragraph = self.plain(mark, sized)
        _width, height = paragraph.wrap(diagonal, PAGE_HEIGHT)
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(math.degrees(math.atan2(PAGE_HEIGHT, PAGE_WIDTH)))
        paragraph.drawOn(canvas, -diagonal / 2, -height / 2)
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        """Status and note at the start side, "Page X of Y" at the end side, under a thin rule."""
        model = self.model
        label = self._short(model.page_label, FOOTER_LIMIT)
        label = label.replace("{page}", str(page)).replace("{pages}", str(pages))
        left_text = " · ".join(
            t
            for t in (self._short(model.status, FOOTER_LIMIT), self._short(model.footer_note, FOOTER_LIMIT))
            if t
        )
        start_width, end_width = FRAME_WIDTH * 0.72, FRAME_WIDTH * 0.26
        start = self.paragraph("footer", left_text)
        end = self.plain(label, self._end_style(label))
        top = MARGIN_BOTTOM - 7 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_SIDE, top + 2 * mm, PAGE_WIDTH - MARGIN_SIDE, top + 2 * mm)
        _w, start_height = start.wrap(start_width, MARGIN_BOTTOM)
        _w, end_height = end.wrap(end_width, MARGIN_BOTTOM)
        if self.rtl:
            start.drawOn(canvas, PAGE_WIDTH - MARGIN_SIDE - start_width, top - start_height)
            end.drawOn(canvas, MARGIN_SIDE, top - end_height)
        else:
            start.drawOn(canvas, MARGIN_SIDE, top - start_height)
            end.drawOn(canvas, PAGE_WIDTH - MARGIN_SIDE - end_width, top - end_height)
        canvas.restoreState()

    def _end_style(self, text: str) -> ParagraphStyle:
        style = self.styles.get("footer", text)
        return ParagraphStyle(style.name + "-end", parent=style, alignment=TA_LEFT if self.rtl else TA_RIGHT)


def _numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so that each footer can say "of Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                draw_footer(self, self._pageNumber, pages)
                super().showPage()
            super().save()

    return NumberedCanvas


def pdf_bytes(model: DocumentModel, progress: Progress | None = None) -> bytes:
    """The PDF of ``model``. The first call on a machine may build the bold fonts (see ``ensure_fonts``)."""
    _register(ensure_fonts(progress))
    if model.right_to_left and not rtl_supported():
        raise RuntimeError("reportlab was imported without right-to-left support (see exports/rtl.py)")
    layout = _Layout(model)
    out = BytesIO()
    frame = Frame(
        MARGIN_SIDE,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document = BaseDocTemplate(
        out,
        pagesize=A4,
        pageTemplates=[PageTemplate("page", [frame], onPage=layout.draw_mark)],
        title=" ".join(rtl.clean_text(model.title).split()),
        subject=" ".join(rtl.clean_text(model.subtitle).split()),
        creator="Partnership Facilitator",
        lang=model.language.replace("_", "-"),
        initialFontName=FONT_NAMES[LATIN][0],
        invariant=True,
    )
    document.build(layout.flowables(), canvasmaker=_numbered_canvas(layout.draw_footer))
    return out.getvalue()


def write_pdf(model: DocumentModel, path: Path, progress: Progress | None = None) -> None:
    """Write the PDF of ``model`` to ``path`` completely or not at all."""
    write_atomically(Path(path), pdf_bytes(model, progress))
