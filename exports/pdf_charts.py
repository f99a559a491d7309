"""Charts drawn for documents: on a PDF page, and as the same drawing rendered to a PNG for a Word file.

The plan comes from ``exports.charts`` (mirrored for a right-to-left document); shapes are drawn with the
canvas, labels with ``exports.pdf_text``: shaped by harfbuzz, each in its own direction, and readable when
copied out. A Word file gets the very same drawing: it is drawn on a one-page PDF and rendered by PDFium
(``pypdfium2``, which the window already ships for its previews), so the PDF and the Word file never differ.
"""

from __future__ import annotations

from io import BytesIO

import pypdfium2
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from facilitator.docmodel import Chart
from facilitator.exports import rtl
from facilitator.exports.charts import GREYS, Plan, chart_plan, chart_text, hatch_segments
from facilitator.exports.pdf_text import draw_line, line_width

#: Resolution of a chart's image in a Word file: sharp on paper, about 100 KB a chart.
IMAGE_DPI = 200


class ChartFlowable(Flowable):
    """``chart`` drawn ``width`` points wide in the given registered fonts, mirrored for right to left.
    ``text`` says in words what it shows."""

    def __init__(self, chart: Chart, width: float, font: str, bold_font: str, right_to_left: bool) -> None:
        super().__init__()
        self.font, self.bold_font = font, bold_font
        self.right_to_left = right_to_left

        def measure(text: str, size: float, bold: bool) -> float:
            return float(line_width(text, bold_font if bold else font, size))

        self.plan: Plan = chart_plan(chart, width, measure, right_to_left=right_to_left)
        self.width, self.height = self.plan.width, self.plan.height
        self.text = chart_text(chart)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas, plan, height = self.canv, self.plan, self.plan.height
        canvas.saveState()
        for rule in plan.rules:
            canvas.setStrokeGray(rule.grey)
            canvas.setLineWidth(rule.width)
            canvas.setDash(list(rule.dash) if rule.dash else [])
            canvas.line(rule.x1, height - rule.y1, rule.x2, height - rule.y2)
        canvas.setDash([])
        canvas.setLineWidth(0.5)
        canvas.setStrokeGray(0)
        for box in plan.boxes:
            canvas.setFillGray(GREYS[box.fill])
            canvas.rect(box.x, height - box.y - box.height, box.width, box.height, stroke=1, fill=1)
            if box.fill == "hatch":
                for x1, y1, x2, y2 in hatch_segments(box):
                    canvas.line(x1, height - y1, x2, height - y2)
        for line in plan.polylines:
            canvas.setLineWidth(line.width)
            canvas.setDash(list(line.dash) if line.dash else [])
            path = canvas.beginPath()
            (x0, y0), *rest = line.points
            path.moveTo(x0, height - y0)
            for x, y in rest:
                path.lineTo(x, height - y)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash([])
        canvas.setLineWidth(0.5)
        for marker in plan.markers:
            self._marker(canvas, marker.shape, marker.x, height - marker.y, marker.size)
        for label in plan.labels:
            canvas.setFillGray(label.grey)
            font = self.bold_font if label.bold else self.font
            backwards = rtl.reads_right_to_left(label.text, self.right_to_left)  # "89 % / 2 %" reads as a row
            draw_line(
                canvas,
                (label.x, height - label.y),
                rtl.isolate(label.text, backwards),
                font,
                label.size,
                anchor=label.anchor,
                right_to_left=backwards,
            )
        canvas.restoreState()

    @staticmethod
    def _marker(canvas: Canvas, shape: str, x: float, y: float, r: float) -> None:
        corners = {
            "triangle": ((x - r, y - r), (x + r, y - r), (x, y + r)),
            "diamond": ((x - r, y), (x, y + r), (x + r, y), (x, y - r)),
        }
        if shape == "square":
            canvas.setFillGray(1)
            canvas.rect(x - r, y - r, 2 * r, 2 * r, stroke=1, fill=1)
        elif shape in corners:
            canvas.setFillGray(0 if shape == "triangle" else 1)
            path = canvas.beginPath()
            (x0, y0), *rest = corners[shape]
            path.moveTo(x0, y0)
            for px, py in rest:
                path.lineTo(px, py)
            path.close()
            canvas.drawPath(path, stroke=int(shape != "triangle"), fill=1)
        else:
            canvas.setFillGray(0)
            canvas.circle(x, y, r, stroke=1, fill=1)


def chart_png(flowable: ChartFlowable, dpi: float = IMAGE_DPI) -> bytes:
    """The chart of ``flowable`` as a PNG image, drawn exactly as on a PDF page."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=(flowable.width, flowable.height), invariant=True)
    flowable.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    document = pypdfium2.PdfDocument(out.getvalue())
    try:
        page = document[0]
        image = page.render(scale=dpi / 72).to_pil()
        png = BytesIO()
        image.save(png, format="PNG", dpi=(dpi, dpi), optimize=True)
        page.close()
    finally:
        document.close()
    return png.getvalue()
