"""Charts in the window, drawn with QPainter from the same plan as the report's (``facilitator.exports.charts``).

Black, greys and hatching only, so that a screenshot or a printout reads as well as the screen; the figures
are always in a table beside the chart as well.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.docmodel import Chart
from facilitator.exports.charts import GREYS, Plan, chart_plan, hatch_segments

#: Pixels per unit of the plan (the plan is laid out in print points, its text sized in the same units).
SCALE = 1.4


class ChartView(QWidget):
    """Shows one ``Chart``; its height follows its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        # Plans by width: a layout asks heightForWidth of the same widths again and again (150 plans to show
        # the indicators screen once), and each plan measures every label.
        self._plans: dict[float, Plan] = {}
        self.setMinimumWidth(320)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_chart(self, chart: Chart | None) -> None:
        """Show ``chart`` (None: nothing)."""
        self.chart = chart
        self._plans = {}
        self.updateGeometry()
        self.update()

    def _font(self, size: float, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(1, round(size)))
        font.setBold(bold)
        return font

    def _measure(self, text: str, size: float, bold: bool) -> float:
        return QFontMetricsF(self._font(size, bold)).horizontalAdvance(text)

    def plan(self, width: float | None = None) -> Plan | None:
        """The shapes of the chart at ``width`` pixels (the widget's own width by default)."""
        if self.chart is None:
            return None
        at = (width or self.width()) / SCALE
        if at not in self._plans:
            self._plans[at] = chart_plan(self.chart, at, self._measure)
        return self._plans[at]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._plans = {}  # the labels measure differently now
        super().changeEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        plan = self.plan(width)
        return int(plan.height * SCALE) + 4 if plan else 0

    def sizeHint(self) -> QSize:
        return QSize(560, self.heightForWidth(560))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            plan = self.plan()
            if plan is not None:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.scale(SCALE, SCALE)
                paint_plan(painter, plan, self._font)
        finally:
            painter.end()


def _grey(level: float) -> QColor:
    value = round(255 * level)
    return QColor(value, value, value)


def paint_plan(painter: QPainter, plan: Plan, font_for: object) -> None:
    """Draw ``plan`` with ``painter`` (``font_for(size, bold)`` gives the fonts)."""
    for rule in plan.rules:
        pen = QPen(_grey(rule.grey), rule.width)
        if rule.dash:
            pen.setDashPattern([max(d / rule.width, 0.5) for d in rule.dash])
        painter.setPen(pen)
        painter.drawLine(QPointF(rule.x1, rule.y1), QPointF(rule.x2, rule.y2))
    outline = QPen(QColor("black"), 0.6)
    for box in plan.boxes:
        painter.setPen(outline)
        painter.setBrush(_grey(GREYS[box.fill]))
        painter.drawRect(QRectF(box.x, box.y, box.width, box.height))
        if box.fill == "hatch":
            painter.setPen(QPen(QColor("black"), 0.5))
            for x1, y1, x2, y2 in hatch_segments(box):
                painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for line in plan.polylines:
        pen = QPen(QColor("black"), line.width)
        if line.dash:
            pen.setDashPattern([max(d / line.width, 0.5) for d in line.dash])
        painter.setPen(pen)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in line.points]))
    painter.setPen(QPen(QColor("black"), 0.8))
    for marker in plan.markers:
        x, y, r = marker.x, marker.y, marker.size
        if marker.shape == "square":
            painter.setBrush(QColor("white"))
            painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        elif marker.shape == "triangle":
            painter.setBrush(QColor("black"))
            painter.drawPolygon(QPolygonF([QPointF(x - r, y + r), QPointF(x + r, y + r), QPointF(x, y - r)]))
        elif marker.shape == "diamond":
            painter.setBrush(QColor("white"))
            painter.drawPolygon(
                QPolygonF([QPointF(x - r, y), QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r)])
            )
        else:
            painter.setBrush(QColor("black"))
            painter.drawEllipse(QPointF(x, y), r, r)
    for label in plan.labels:
        font = font_for(label.size, label.bold)  # type: ignore[operator]
        painter.setFont(font)
        painter.setPen(_grey(label.grey))
        width = QFontMetricsF(font).horizontalAdvance(label.text)
        x = label.x - (width if label.anchor == "end" else width / 2 if label.anchor == "middle" else 0)
        painter.drawText(QPointF(x, label.y), label.text)
