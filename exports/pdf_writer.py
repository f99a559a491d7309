"""Lay out a ``DocumentModel`` as a printable PDF with reportlab's platypus.

A4 with print margins; Noto Sans and Noto Sans Arabic embedded with a real bold (see ``exports.fonts``); every
user string escaped before reportlab's paragraph parser sees it; a font per paragraph chosen by script;
Arabic shaped (uharfbuzz) and laid out right to left (the ``rlbidi`` adapter in ``exports.rtl``); tables with
repeated header rows; a footer on every page with the status, a note and "Page X of Y"; a light diagonal mark
across draft pages. The writer decides how things look, never what is in the document.
"""

from __future__ import annotations

import math
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

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
from facilitator.exports.files import write_atomically
from facilitator.exports.fonts import Progress
from facilitator.exports.pdf_fonts import (
    ARABIC,
    FONT_NAMES,
    LATIN,
    markup,
    register_fonts,
    rtl_supported,
    script_of,
)
from facilitator.exports.pdf_pages import (
    KeepTail,
    OutlinedDocTemplate,
    RoomFor,
    mark_outline,
    numbered_canvas,
)
from facilitator.exports.pdf_text import BidiParagraph

rtl.install()  # before reportlab's text module is imported, or reportlab ignores right-to-left

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Flowable, Frame, KeepTogether, PageTemplate, Spacer  # noqa: E402
from reportlab.platypus import Paragraph as RLParagraph  # noqa: E402
from reportlab.platypus import Table as RLTable  # noqa: E402
from reportlab.platypus import TableStyle as RLTableStyle  # noqa: E402
from reportlab.platypus.flowables import HRFlowable  # noqa: E402

if TYPE_CHECKING:
    from facilitator.exports.pdf_charts import ChartFlowable

#: A table row's cells, or their widths: a right-to-left row is reversed either way.
Cell = TypeVar("Cell")

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


def _unruled(vertical: float) -> RLTableStyle:
    """A table that only places text (two columns of a list, label and value pairs): no lines, cells set from
    their top, a gap after each column and ``vertical`` points above and below each row."""
    return RLTableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), vertical),
            ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ]
    )


class _Styles:
    """Paragraph styles for one document, made on demand for each role, script and weight."""

    ROLES: ClassVar[dict[str, dict[str, Any]]] = {
        "title": {"fontSize": 20, "leading": 25, "spaceAfter": 3, "weight": 1},
        "subtitle": {"fontSize": 11.5, "leading": 15, "spaceAfter": 6, "textColor": QUIET},
        "h1": {"fontSize": 13.5, "leading": 17, "spaceBefore": 14, "spaceAfter": 5, "weight": 1},
        "h2": {"fontSize": 11, "leading": 14.5, "spaceBefore": 10, "spaceAfter": 3, "weight": 1},
        "h3": {"fontSize": 10, "leading": 13, "spaceBefore": 6, "spaceAfter": 1.5, "weight": 1},
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
        # The rows of a dense table (an agenda's): Arabic keeps the Latin leading there, the cell's padding
        # giving its letters their room (the weekly agenda then stays on one page in Arabic too).
        "dense-cell": {"fontSize": 9, "leading": 12, "tight": 1},
        "dense-head": {"fontSize": 9, "leading": 12, "weight": 1, "tight": 1},
        "label": {"fontSize": 9.5, "leading": 13, "textColor": QUIET, "weight": 1},
        "value": {"fontSize": 9.5, "leading": 13},
        "footer": {"fontSize": 7.5, "leading": 9.5, "textColor": QUIET},
        "mark": {"fontSize": 100, "leading": 110, "textColor": MARK_INK, "weight": 1},
    }

    def __init__(self, right_to_left: bool) -> None:
        self.right_to_left = right_to_left
        self._made: dict[tuple[str, str, str], ParagraphStyle] = {}

    def get(self, role: str, text: str, align: str = "") -> ParagraphStyle:
        script = script_of(text, self.right_to_left)
        key = (role, script, align)
        if key not in self._made:
            self._made[key] = self._make(role, script, align)
        return self._made[key]

    def _make(self, role: str, script: str, align: str) -> ParagraphStyle:
        spec = dict(self.ROLES[role])
        weight = spec.pop("weight", 0)
        indent = spec.pop("indent", 0)
        arabic = script == ARABIC and not spec.pop("tight", 0)
        options: dict[str, Any] = {
            "fontName": FONT_NAMES[script][weight],
            "bulletFontName": FONT_NAMES[script][0],
            "textColor": INK,
            "keepWithNext": 0,
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
            # Each phrase of the other direction (a name, an e-mail address, an untranslated original) is
            # isolated, so that it keeps its own order inside the paragraph.
            backwards = rtl.reads_right_to_left(shown, self.rtl)
            return BidiParagraph(
                rtl.isolate(text, backwards),
                style,
                right_to_left=backwards,
                label=rtl.isolate(label, backwards),
                bold_font=FONT_NAMES[script_of(shown, self.rtl)][1],
                bullet=bullet,
            )
        body = markup(text)
        if label:
            body = f"<b>{markup(label)}</b> {body}"
        return RLParagraph(body, style, bulletText=bullet or None)

    def plain(self, text: str, style: ParagraphStyle) -> Flowable:
        """A paragraph of ``text`` in exactly ``style``."""
        if self.rtl or rtl.has_rtl(text):
            backwards = rtl.reads_right_to_left(text, self.rtl)
            return BidiParagraph(rtl.isolate(text, backwards), style, right_to_left=backwards)
        return RLParagraph(markup(text), style)

    def flowables(self) -> list[Flowable]:
        """The document's flowables, with the page-break rules of ``exports.pdf_pages``: headings keep with
        the start of their content, a chart with its heading and notes, and the last section with the end of
        what comes before it."""
        model = self.model
        head: list[Flowable] = [self.paragraph("title", model.title)]
        if model.subtitle.strip():
            head.append(self.paragraph("subtitle", model.subtitle))
        head.append(HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=2, spaceAfter=8))
        made = [self.block(block) for block in model.blocks]
        story: list[Flowable] = [KeepTogether(head)]
        blocks = model.blocks
        closing = max(
            (i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level <= 1), default=-1
        )
        index = 0
        while index < len(blocks):
            if not isinstance(blocks[index], Heading):
                story += made[index]
                index += 1
                continue
            lead: list[Flowable] = []
            end = index
            while end < len(blocks) and isinstance(blocks[end], Heading) and (end == index or end != closing):
                lead += made[end]
                end += 1
            notes = end
            while notes < len(blocks) and isinstance(blocks[notes], Paragraph):
                notes += 1
            if notes < len(blocks) and isinstance(blocks[notes], Chart) and notes - end <= 3:
                for between in range(end, notes):  # a chart comes with the notes that introduce it
                    lead += made[between]
                end = notes
            while end + 1 < len(blocks) and _is_note(blocks[end]):  # "Presented by:" stays with its text
                lead += made[end]
                end += 1
            following = (
                next((f for f in made[end] if not isinstance(f, Spacer)), None) if end < len(blocks) else None
            )
            if index == closing and closing > 0:
                rest = [f for found in made[end:] for f in found]
                story = self._keep_tail(story, [*lead, *rest])
                break
            story += [RoomFor(lead, following), *lead]
            index = end
        return story

    def _keep_tail(self, story: list[Flowable], closing: list[Flowable]) -> list[Flowable]:
        """``story`` ending with the closing section held together with the block before it."""
        cut = len(story)
        while cut > 1 and isinstance(story[cut - 1], Spacer | RoomFor):
            cut -= 1
        # Headings with nothing under them ("12. Any other business") come along with what precedes them.
        while (
            cut > 2
            and getattr(story[cut - 1], "outline", None)
            and not isinstance(story[cut - 2], KeepTogether)
        ):
            cut -= 1
            while cut > 1 and isinstance(story[cut - 1], Spacer | RoomFor):
                cut -= 1
        if cut <= 1:  # nothing but the title before it
            return [*story, *closing]
        body = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
        return [*story[: cut - 1], KeepTail(story[cut - 1 :], closing, body / 3)]

    def block(self, block: Block) -> list[Flowable]:
        if isinstance(block, Heading):
            heading = self.paragraph("h1" if block.level <= 1 else "h2" if block.level == 2 else "h3", block.text)
            return [mark_outline(heading, 0 if block.level <= 1 else 1, " ".join(rtl.clean_text(block.text).split()))]
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
            if two_columns(block):
                return self.list_in_columns(block)
            items = [self.paragraph("bullet", item, bullet="•") for item in block.items]
            return [*items, Spacer(1, 4)] if items else []
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            return self.chart(block)
        return self.facts(block)

    def list_in_columns(self, block: BulletList) -> list[Flowable]:
        """A long list of short items (the partners invited) in two columns, read down the first then the
        second (the first at the right in a right-to-left document)."""
        half = (len(block.items) + 1) // 2
        columns = [block.items[:half], block.items[half:]]
        rows = [
            self._row(
                [
                    self.paragraph("bullet", column[row], bullet="•") if row < len(column) else Spacer(1, 1)
                    for column in columns
                ]
            )
            for row in range(half)
        ]
        table = RLTable(
            rows,
            colWidths=[FRAME_WIDTH / 2] * 2,
            hAlign="RIGHT" if self.rtl else "LEFT",
            style=_unruled(0),
        )
        return [table, Spacer(1, 4)]

    def chart(self, block: Chart) -> list[Flowable]:
        """The chart drawn in black, greys and hatching, in the document's fonts and direction (see
        ``exports.charts``)."""
        return [Spacer(1, 4), chart_flowable(block, FRAME_WIDTH, self.rtl), Spacer(1, 8)]

    def _columns(self, block: Table, count: int) -> list[float]:
        given = [max(float(w), 0.01) for w in block.widths[:count]] if block.widths else []
        given += [sum(given) / len(given) if given else 1.0] * (count - len(given))
        texts = [list(block.header)] if block.header else []
        texts += [list(row) for row in block.rows]
        return list(column_widths(given, texts, FRAME_WIDTH, 9, 5, header=bool(block.header)))

    def _row(self, cells: list[Cell]) -> list[Cell]:
        return cells[::-1] if self.rtl else cells  # a right-to-left table starts at the right

    def table(self, block: Table) -> list[Flowable]:
        count = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if count == 0:
            return []

        def cells(texts: tuple[str, ...], role: str) -> list[Flowable]:
            padded = list(texts) + [""] * (count - len(texts))
            return self._row([self.paragraph(role, text) for text in padded])

        prefix = "dense-" if block.dense else ""
        data = [cells(block.header, prefix + "head")] if block.header else []
        data += [cells(row, prefix + "cell") for row in block.rows]
        widths = self._columns(block, count)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1 if block.dense else 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 if block.dense else 4),
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
        in_order: list[float] = self._row(widths)
        table = RLTable(
            data,
            colWidths=in_order,
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
            style=_unruled(1.5),
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


def _is_note(block: Block) -> bool:
    """A one-line note under a heading (who presents the item), kept with the heading."""
    return (
        isinstance(block, Paragraph) and block.tone is Tone.NOTE and len(block.text) + len(block.label) < 90
    )


def chart_flowable(chart: Chart, width: float, right_to_left: bool) -> ChartFlowable:
    """``chart`` as a flowable ``width`` points wide, in the fonts of its script (fonts registered)."""
    from facilitator.exports.pdf_charts import ChartFlowable  # noqa: PLC0415 - only documents with charts

    script = script_of(
        " ".join((chart.title, *chart.categories, *(s.name for s in chart.series))), right_to_left
    )
    return ChartFlowable(chart, width, FONT_NAMES[script][0], FONT_NAMES[script][1], right_to_left)


def pdf_bytes(model: DocumentModel, progress: Progress | None = None) -> bytes:
    """The PDF of ``model``. The first call on a machine may build the bold fonts (see ``ensure_fonts``)."""
    model.check_figures()
    register_fonts(progress)
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
    document = OutlinedDocTemplate(
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
    document.build(layout.flowables(), canvasmaker=numbered_canvas(layout.draw_footer))
    return out.getvalue()


def write_pdf(model: DocumentModel, path: Path, progress: Progress | None = None) -> None:
    """Write the PDF of ``model`` to ``path`` completely or not at all."""
    write_atomically(Path(path), pdf_bytes(model, progress))
