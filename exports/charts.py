"""Charts of the document model, planned once and drawn by the PDF writer (``exports.pdf_charts``, which also
makes the Word file's images) and the window (QPainter, ``facilitator.ui.charts``).

``chart_plan`` turns a ``Chart`` into plain shapes (rectangles, lines, polylines, markers and texts) laid out
for a given width, with y growing downwards; a renderer only draws them. Charts must read in black-and-white
print, so series differ by fill pattern (light grey, dark grey, hatched, white) or by line dash and marker
shape, never by colour alone, and every bar and point carries its number. A right-to-left document's chart
is mirrored (``mirrored``); ``chart_text`` says in words what a chart shows, for alternative text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.docmodel import Chart
from facilitator.frozen import frozen

#: Fill of each series' bars, in order; a fifth series starts again.
FILLS = ("light", "dark", "hatch", "white")
#: Dash pattern and marker of each series' line, in order.
LINES = (((), "circle"), ((4.0, 2.5), "square"), ((1.2, 2.0), "triangle"), ((6.0, 2.0, 1.2, 2.0), "diamond"))
GREYS = {"light": 0.80, "dark": 0.30, "hatch": 1.0, "white": 1.0}
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 9.5, 8.0, 7.0
LINE_PLOT_HEIGHT = 130.0
HATCH_GAP = 3.2

Measure = Callable[[str, float, bool], float]  # (text, size, bold) -> width


@frozen
class Box:
    """A rectangle: a bar (``role`` "bar", with the series it shows) or a legend swatch."""

    x: float
    y: float
    width: float
    height: float
    fill: str  # one of FILLS
    role: str = "bar"
    series: int = 0


@frozen
class Rule:
    """A straight line; ``grey`` 0 is black, 1 white."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    grey: float = 0.0
    dash: tuple[float, ...] = ()


@frozen
class Polyline:
    """A series' line through its points (a gap where a value is missing starts a new polyline)."""

    points: tuple[tuple[float, float], ...]
    dash: tuple[float, ...]
    width: float = 1.4


@frozen
class Marker:
    """A point of a line series."""

    x: float
    y: float
    shape: str
    size: float = 3.2


@frozen
class Label:
    """Text on a baseline at ``y``; ``anchor`` is "start", "middle" or "end"; ``grey`` as for rules."""

    x: float
    y: float
    text: str
    size: float = TEXT_SIZE
    bold: bool = False
    anchor: str = "start"
    grey: float = 0.0


@dataclass
class Plan:
    """Everything to draw, in a ``width`` × ``height`` area with y growing downwards."""

    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    polylines: list[Polyline] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def bars(self) -> list[Box]:
        """The bars drawn (legend swatches left out)."""
        return [b for b in self.boxes if b.role == "bar"]


def hatch_segments(box: Box, gap: float = HATCH_GAP) -> list[tuple[float, float, float, float]]:
    """Diagonal hatching lines (rising to the right) clipped to ``box``."""
    segments = []
    x0, y0, x1, y1 = box.x, box.y, box.x + box.width, box.y + box.height
    # Lines x + y = c in downward coordinates rise to the right on the page.
    c = x0 + y0 + gap
    while c < x1 + y1:
        start_x, start_y = max(x0, c - y1), min(y1, c - x0)
        end_x, end_y = min(x1, c - y0), max(y0, c - x1)
        if end_x > start_x:
            segments.append((start_x, start_y, end_x, end_y))
        c += gap
    return segments


def nice_maximum(value: float) -> tuple[float, float]:
    """A round top of the scale at or above ``value`` and the step between its ticks (about four ticks)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    step = max(step, 1.0)
    return step * math.ceil(value / step), step


def _tick_text(value: float, percent: bool) -> str:
    return f"{round(value * 100)}" if percent else f"{value:g}"


def _fill(series: int) -> str:
    return FILLS[series % len(FILLS)]


def _legend(chart: Chart, plan: Plan, top: float, measure: Measure, lines: bool) -> float:
    """Swatches (or line samples) with the series' names, flowing over as many rows as needed."""
    x, y, row = 0.0, top, 12.0
    for number, series in enumerate(chart.series):
        width = 16 + measure(series.name, TEXT_SIZE, False) + 12
        if x > 0 and x + width > plan.width:
            x, y = 0.0, y + row
        if lines:
            dash, shape = LINES[number % len(LINES)]
            plan.rules.append(Rule(x, y + 4.5, x + 12, y + 4.5, 1.4, 0.0, dash))
            plan.markers.append(Marker(x + 6, y + 4.5, shape))
        else:
            plan.boxes.append(Box(x, y, 9, 9, _fill(number), "swatch", number))
        plan.labels.append(Label(x + 16, y + 8, series.name))
        x += width
    return y + row + 4


def _header(chart: Chart, plan: Plan, measure: Measure, lines: bool) -> float:
    plan.labels.append(Label(0, TITLE_SIZE + 1, chart.title, TITLE_SIZE, bold=True))
    top = TITLE_SIZE + 7
    if len(chart.series) > 1:
        top = _legend(chart, plan, top, measure, lines)
    return top


def _bar_plan(chart: Chart, width: float, measure: Measure) -> Plan:
    plan = Plan(width, 0)
    top = _header(chart, plan, measure, lines=False)
    count = len(chart.series)
    percent = chart.value_format == "percent"
    names = list(chart.categories)
    label_width = min(width * 0.36, max((measure(n, TEXT_SIZE, False) for n in names), default=0) + 8)
    texts = [
        " / ".join(chart.text_of(row, s) for s in range(count))
        if chart.layout != "stacked"
        else chart.text_of(row, 0)
        for row in range(len(names))
    ]
    if chart.layout == "stacked":
        totals = [sum(s.values[row] or 0 for s in chart.series) for row in range(len(names))]
        texts = [f"{total:g}" for total in totals]
        top_value = max(totals, default=0)
    elif chart.layout == "grouped" and count > 1:
        texts = [chart.text_of(row, s) for row in range(len(names)) for s in range(count)]
        top_value = max((v or 0 for s in chart.series for v in s.values), default=0)
    else:
        top_value = max((v or 0 for s in chart.series for v in s.values), default=0)
    text_room = max((measure(t, SMALL_SIZE, False) for t in texts), default=0) + 8
    left, right = label_width, max(label_width + 40, width - text_room)
    if percent:
        scale, step = 1.0, 0.25
    else:
        scale, step = nice_maximum(top_value)
    span = right - left

    def across(value: float) -> float:
        return span * max(0.0, min(value, scale)) / scale

    band = 13.0 if chart.layout != "grouped" or count == 1 else 8.0 * count + 3
    gap = 5.0
    y = top + 2
    rows_top = y
    for row, name in enumerate(names):
        middle = y + band / 2
        plan.labels.append(Label(left - 6, middle + TEXT_SIZE * 0.35, name, anchor="end"))
        if chart.layout == "stacked":
            x = left
            for number, series in enumerate(chart.series):
                value = series.values[row] or 0
                if value <= 0:
                    continue
                length = across(value)
                plan.boxes.append(Box(x, y, length, band, _fill(number), "bar", number))
                text = chart.text_of(row, number)
                if measure(text, SMALL_SIZE, False) + 4 < length:
                    dark = _fill(number) == "dark"
                    plan.labels.append(
                        Label(
                            x + length / 2, middle + 2.4, text, SMALL_SIZE, anchor="middle", grey=1.0 * dark
                        )
                    )
                x += length
            plan.labels.append(Label(x + 4, middle + 2.4, texts[row], SMALL_SIZE, bold=True))
        elif chart.layout == "overlay" or count == 1:
            end = left
            for number, series in enumerate(chart.series):
                shown = series.values[row]
                if shown is None:
                    continue
                inset = band * 0.22 * number
                length = across(shown)
                plan.boxes.append(
                    Box(left, y + inset, length, band - 2 * inset, _fill(number), "bar", number)
                )
                end = max(end, left + length)
            plan.labels.append(Label(end + 4, middle + 2.4, texts[row], SMALL_SIZE))
        else:
            sub = (band - 3) / count
            for number, series in enumerate(chart.series):
                shown = series.values[row]
                sub_y = y + 1.5 + sub * number
                length = across(shown or 0)
                if shown is not None:
                    plan.boxes.append(Box(left, sub_y, length, sub - 1, _fill(number), "bar", number))
                plan.labels.append(
                    Label(left + length + 4, sub_y + sub / 2 + 2.2, chart.text_of(row, number), SMALL_SIZE)
                )
        y += band + gap
    bottom = y - gap + 3
    ticks = round(scale / step)
    for tick in range(ticks + 1):
        value = step * tick
        x = left + across(value)
        plan.rules.append(
            Rule(x, rows_top - 2, x, bottom, 0.4, 0.6 if tick else 0.0, () if tick == 0 else (1, 2))
        )
        text = _tick_text(value, percent) + (" %" if percent and tick == ticks else "")
        plan.labels.append(Label(x, bottom + SMALL_SIZE + 3, text, SMALL_SIZE, anchor="middle", grey=0.3))
    if not names:
        plan.labels.append(Label(left, rows_top + 10, "—", TEXT_SIZE))
    plan.height = bottom + SMALL_SIZE + 6
    return plan


def _line_plan(chart: Chart, width: float, measure: Measure) -> Plan:
    plan = Plan(width, 0)
    top = _header(chart, plan, measure, lines=True) + 4
    percent = chart.value_format == "percent"
    values = [v for s in chart.series for v in s.values if v is not None]
    scale, step = (1.0, 0.25) if percent else nice_maximum(max(values, default=0))
    axis_width = measure("100 %", SMALL_SIZE, False) + 6
    left, right = axis_width, width - 4
    plot_top, plot_bottom = top + 6, top + 6 + LINE_PLOT_HEIGHT
    ticks = round(scale / step)
    for tick in range(ticks + 1):
        value = step * tick
        y = plot_bottom - LINE_PLOT_HEIGHT * value / scale
        plan.rules.append(
            Rule(left, y, right, y, 0.4, 0.0 if tick == 0 else 0.6, () if tick == 0 else (1, 2))
        )
        text = _tick_text(value, percent) + (" %" if percent and tick == ticks else "")
        plan.labels.append(Label(left - 4, y + 2.4, text, SMALL_SIZE, anchor="end", grey=0.3))
    plan.rules.append(Rule(left, plot_top - 4, left, plot_bottom, 0.4))
    count = len(chart.categories)
    slot = (right - left) / max(count, 1)
    widest = max((measure(c, SMALL_SIZE, False) for c in chart.categories), default=0)
    every = max(1, math.ceil((widest + 6) / slot)) if slot > 0 else 1
    for index, name in enumerate(chart.categories):
        if index % every == 0:
            x = left + slot * (index + 0.5)
            plan.labels.append(Label(x, plot_bottom + SMALL_SIZE + 4, name, SMALL_SIZE, anchor="middle"))
            plan.rules.append(Rule(x, plot_bottom, x, plot_bottom + 3, 0.4))
    show_values = count <= 16
    for number, series in enumerate(chart.series):
        dash, shape = LINES[number % len(LINES)]
        run: list[tuple[float, float]] = []
        for index, point in enumerate(series.values):
            if point is None:
                if len(run) > 1:
                    plan.polylines.append(Polyline(tuple(run), dash))
                run = []
                continue
            x = left + slot * (index + 0.5)
            y = plot_bottom - LINE_PLOT_HEIGHT * max(0.0, min(point, scale)) / scale
            run.append((x, y))
            plan.markers.append(Marker(x, y, shape))
            if show_values:
                # The highest value of a category is labelled above its point, the others below theirs, so
                # that a series under another (reported below its target) never has its label on the other.
                rivals = [(s.values[index], -n) for n, s in enumerate(chart.series) if n != number]
                highest = all(v is None or (point, -number) > (v, r) for v, r in rivals)
                above = y - 6 if highest else y + 12
                plan.labels.append(Label(x, above, chart.text_of(index, number), SMALL_SIZE, anchor="middle"))
        if len(run) > 1:
            plan.polylines.append(Polyline(tuple(run), dash))
    plan.height = plot_bottom + SMALL_SIZE + 8
    return plan


_ANCHORS = {"start": "end", "end": "start", "middle": "middle"}


def mirrored(plan: Plan) -> Plan:
    """``plan`` as a right-to-left reader reads it: flipped from left to right (categories start at the right,
    bars grow to the left, legends and titles sit at the right), its text not turned round."""
    w = plan.width
    return Plan(
        w,
        plan.height,
        [Box(w - b.x - b.width, b.y, b.width, b.height, b.fill, b.role, b.series) for b in plan.boxes],
        [Rule(w - r.x1, r.y1, w - r.x2, r.y2, r.width, r.grey, r.dash) for r in plan.rules],
        [
            Polyline(tuple((w - x, y) for x, y in line.points), line.dash, line.width)
            for line in plan.polylines
        ],
        [Marker(w - m.x, m.y, m.shape, m.size) for m in plan.markers],
        [
            Label(w - lab.x, lab.y, lab.text, lab.size, lab.bold, _ANCHORS[lab.anchor], lab.grey)
            for lab in plan.labels
        ],
    )


def chart_plan(chart: Chart, width: float, measure: Measure, *, right_to_left: bool = False) -> Plan:
    """The shapes of ``chart`` laid out ``width`` wide, text measured with ``measure``; mirrored for a
    right-to-left document."""
    plan = _line_plan(chart, width, measure) if chart.kind == "line" else _bar_plan(chart, width, measure)
    return mirrored(plan) if right_to_left else plan


def chart_text(chart: Chart) -> str:
    """What a chart shows, in words, for a reader who cannot see it (a Word image's alternative text): its
    title, then each category with its values."""
    lines = [chart.title]
    for row, category in enumerate(chart.categories):
        values = ", ".join(
            f"{series.name}: {chart.text_of(row, number)}"
            if len(chart.series) > 1
            else chart.text_of(row, number)
            for number, series in enumerate(chart.series)
        )
        lines.append(f"{category}: {values}")
    return "\n".join(lines)
