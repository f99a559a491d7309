"""Where a document's pages break, and the outline (bookmarks) of its headings.

Pages break where a reader expects, by three rules the PDF writer applies to any document:

- **A heading keeps with its content.** Before a heading (or a run of headings) ``RoomFor`` asks for room for
  the headings and the start of what follows: two lines of a paragraph, a table's header and first rows, a
  chart whole. When there is not that much room left the page ends there; otherwise the content simply flows
  on and splits where the page ends. (reportlab's ``keepWithNext`` would move a heading together with the
  *whole* next block, so a long table after "Review of actions" left half of page 1 blank.)
- **Nothing else forces a break.** Paragraphs split between lines (never one line alone), tables between
  rows and inside tall rows; so a page is left short only by a heading's start that does not fit, or by a
  block that cannot be split at all (a chart).
- **A closing section never stands alone.** ``KeepTail`` holds the document's last section (for minutes,
  "Next meeting") with the end of what comes before it: when the last section would start a new page, the
  last lines or rows before it go over with it.

``OutlinedDocTemplate`` bookmarks each heading in the PDF's outline and opens the outline in viewers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import FrameBreak

from facilitator.exports.pdf_text import BidiParagraph

BIG = 1e6
#: How many rows of a table, after its header, must fit under a heading.
FIRST_ROWS = 1
#: How many lines of a paragraph must fit under a heading (as many as it has, up to this).
FIRST_LINES = 2


def _height(flowable: Flowable, width: float) -> float:
    return float(flowable.wrap(width, BIG)[1])


def start_height(flowable: Flowable, width: float) -> float:
    """The least of ``flowable`` that may start at the foot of a page: the whole of what cannot split, two
    lines of a paragraph, a table's header row and first rows."""
    whole = _height(flowable, width)
    if isinstance(flowable, BidiParagraph):
        lines = flowable.line_count()
        if lines > FIRST_LINES + 1:
            return float(flowable.style.leading * FIRST_LINES)
        return whole
    if isinstance(flowable, RLParagraph):
        laid_out = getattr(flowable, "blPara", None)
        lines = len(laid_out.lines) if laid_out is not None else 1
        if lines > FIRST_LINES + 1:
            return float(flowable.style.leading * FIRST_LINES)
        return whole
    if isinstance(flowable, RLTable):
        heights = list(getattr(flowable, "_rowHeights", []) or [])
        rows = (1 if flowable.repeatRows else 0) + FIRST_ROWS
        if len(heights) > rows:
            return float(sum(heights[:rows]))
        return whole
    return whole


class RoomFor(Spacer):
    """Ends the page unless there is room for ``lead`` (headings, a chart's notes) and the start of ``first``."""

    locChanger = 1  # noqa: N815 - reportlab's name: this flowable may change the location

    def __init__(self, lead: list[Flowable], first: Flowable | None) -> None:
        super().__init__(0, 0)
        self.lead = lead
        self.first = first

    def needed(self, width: float) -> float:
        """The height the headings and the start of their content take."""
        total = 0.0
        for number, flowable in enumerate(self.lead):
            if number:
                total += flowable.getSpaceBefore()
            total += _height(flowable, width) + flowable.getSpaceAfter()
        if self.first is not None:
            total += self.first.getSpaceBefore() + start_height(self.first, width)
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        frame = self._doctemplateAttr("frame")  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it
        if frame is not None:
            at_top = availHeight >= frame._aH - 1
            if not at_top and self.needed(availWidth) > availHeight:
                frame.add_generated_content(FrameBreak)
        return 0, 0


class KeepTail(Flowable):
    """The last section of a document (``closing``) with what comes just before it (``before``: a block and
    the space after it), so that the section never starts a page on its own."""

    def __init__(self, before: list[Flowable], closing: list[Flowable], most: float) -> None:
        super().__init__()
        self.before = before
        self.closing = closing
        self.most = most  # the tallest closing section that is held with what precedes it

    def _content(self) -> list[Flowable]:
        return [*self.before, *self.closing]

    def _total(self, width: float) -> float:
        total, previous = 0.0, None
        for flowable in self._content():
            if previous is not None:
                total += max(previous.getSpaceAfter(), flowable.getSpaceBefore())
            total += _height(flowable, width)
            previous = flowable
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, self._total(availWidth)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.before[0].getSpaceBefore()) if self.before else 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._total(availWidth) <= availHeight:  # the frame measures a little differently: keep it whole
            return [KeepTogether(self._content())]
        closing = sum(_height(f, availWidth) for f in self.closing)
        if closing > self.most:  # a long last section is not a lonely one: it flows as any other
            content = self._content()
            first = content[0]
            # What stays on this page must fit it whole (the frame does not split it again): the block's first
            # lines, or nothing here and all of it on the next page.
            if _height(first, availWidth) <= availHeight:
                return content
            parts = first.split(availWidth, availHeight)
            return [*parts, *content[1:]] if len(parts) >= 2 else []
        block, after = self.before[0], self.before[1:]
        tall = _height(block, availWidth)
        if tall > availHeight:  # the block runs over the page anyway: its end goes with the closing section
            parts = block.split(availWidth, availHeight)
            if len(parts) >= 2:
                return [*parts[:-1], KeepTail([parts[-1], *after], self.closing, self.most)]
            return []
        # The block fits here but the closing section does not: carry the block's last lines or rows over.
        parts = block.split(availWidth, tall - 1)
        if len(parts) >= 2:
            return [*parts[:-1], KeepTogether([parts[-1], *after, *self.closing])]
        return []

    def draw(self) -> None:
        y = self.height
        previous = None
        self.placed: list[tuple[Flowable, float]] = []  # each part and its top, from the foot of this
        for flowable in self._content():
            if previous is not None:
                y -= max(previous.getSpaceAfter(), flowable.getSpaceBefore())
            _w, tall = flowable.wrap(self.width, BIG)
            self.placed.append((flowable, y))
            y -= tall
            flowable.drawOn(self.canv, 0, y)
            previous = flowable


class OutlinedDocTemplate(BaseDocTemplate):
    """A document template that puts every flowable marked ``outline = (level, title)`` into the PDF's
    outline (bookmarks), pointing at the place where it is drawn, and opens the outline in viewers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        placed = getattr(flowable, "placed", None) or [(flowable, getattr(flowable, "height", 0))]
        for part, top in placed:
            mark = getattr(part, "outline", None)
            if not mark or self.frame is None:
                continue
            bottom = self.frame._y  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it
            level, title = mark
            level = min(level, self._outline_level + 1)  # an outline may not skip a level
            self._outline_level = level
            if isinstance(self.canv, MarkingCanvas):
                self.canv.marks.append((title, level, bottom + top + 4))


class MarkingCanvas(Canvas):
    """A canvas that collects the outline's marks of the page being drawn (title, level, height)."""

    marks: list[tuple[str, int, float]]


def mark_outline(flowable: Flowable, level: int, title: str) -> Flowable:
    """``flowable`` bookmarked at ``level`` of the PDF's outline as ``title`` (``OutlinedDocTemplate`` reads it)."""
    vars(flowable)["outline"] = (level, title)
    return flowable


def numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so that each footer can say "of Y", and bookmarks
    each page's headings as the page is finally written (a held page has no place in the PDF yet)."""

    class NumberedCanvas(MarkingCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            self.marks: list[tuple[str, int, float]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it
            self.marks = []

        def save(self) -> None:
            pages = len(self._held)
            count = 0
            for state in self._held:
                self.__dict__.update(state)
                draw_footer(self, self._pageNumber, pages)  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it
                for title, level, top in self.marks:
                    key = f"heading{count}"
                    count += 1
                    self.bookmarkHorizontal(key, 0, top)
                    self.addOutlineEntry(title, key, level, closed=level > 0)
                super().showPage()
            if count:
                self.showOutline()
            super().save()

    return NumberedCanvas
