"""A document as content, before any layout: what the DOCX and PDF writers both lay out.

The core builds one of these for a meeting, an audience and a language; the writers in ``facilitator.exports``
only decide how it looks, so a Word file and a PDF made from the same model always say the same thing.
Text here is plain (never markup): writers escape it for their format.
"""

from __future__ import annotations

import math
from dataclasses import field
from enum import Enum

from facilitator.errors import KnownError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _


class Tone(Enum):
    """How a paragraph reads."""

    NORMAL = "normal"
    NOTE = "note"  # secondary information: small, quiet
    WITHHELD = "withheld"  # a neutral placeholder where confidential content was
    UNTRANSLATED = "untranslated"  # the original text, shown because no translation exists
    WARNING = "warning"  # something the reader must notice (not quorate, overdue...)


@frozen
class Heading:
    """A section title; level 1 is a section, 2 a subsection (an agenda item), 3 a subsection set closer to what
    it heads (what an agenda item carries, in an agenda kept to one page; Word shows it as level 2)."""

    text: str
    level: int = 1


@frozen
class Paragraph:
    """A paragraph of plain text (line breaks are kept)."""

    text: str
    tone: Tone = Tone.NORMAL
    label: str = ""  # a lead-in shown in bold, e.g. "Decision:"


@frozen
class BulletList:
    """A list of short items."""

    items: tuple[str, ...]


@frozen
class Table:
    """A table with a header row; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    #: Rows set closer together (an agenda's list of items, kept to one page).
    dense: bool = False


@frozen
class Facts:
    """Label and value pairs (date, time, place...)."""

    pairs: tuple[tuple[str, str], ...]


@frozen
class Series:
    """One named row of values of a chart (None: no value for that category, e.g. no meetings then)."""

    name: str
    values: tuple[float | None, ...]


@frozen
class Chart:
    """A chart of figures, with the same figures available as a table (``table()``).

    ``kind`` is "bar" (one horizontal band per category) or "line" (categories along the bottom);
    ``value_format`` is "percent" (values are shares from 0 to 1), "count" (whole numbers) or "number" (an
    amount that may have decimals, such as a median or an average, 0 or more). Bars of several series are
    "grouped" side by side, drawn one over the other ("overlay", each narrower: a part of the whole) or
    "stacked" end to end. ``value_texts`` are the values as the document's language writes them, one row per
    category and one text per series; writers print those, never their own number format.
    """

    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_format: str = "count"
    layout: str = "grouped"
    category_title: str = ""
    value_texts: tuple[tuple[str, ...], ...] = ()

    def text_of(self, category: int, series: int) -> str:
        """The value of one series for one category, as written in the document."""
        if category < len(self.value_texts) and series < len(self.value_texts[category]):
            return self.value_texts[category][series]
        value = self.series[series].values[category]
        if value is None:
            return "—"
        if self.value_format == "percent":
            return f"{round(value * 100)} %"
        return f"{value:g}"

    def table(self) -> Table:
        """The chart's figures as a table: a row per category, a column per series."""
        header = (self.category_title, *(s.name for s in self.series))
        rows = tuple(
            (category, *(self.text_of(row, column) for column in range(len(self.series))))
            for row, category in enumerate(self.categories)
        )
        return Table(header, rows, (3, *(1.4 for _s in self.series)))


Block = Heading | Paragraph | BulletList | Table | Facts | Chart


class Measure(Enum):
    """What kind of number a figure is, and so which values it can take."""

    COUNT = "count"  # a whole number, 0 or more
    SHARE = "share"  # a part of a whole, from 0 to 1 (printed as a percentage)
    DURATION = "duration"  # days, minutes: 0 or more
    NEEDED = "needed"  # how many are needed (a quorum): 1 or more
    AMOUNT = "amount"  # an amount that may have decimals (a median, an average): 0 or more
    CHANGE = "change"  # how a figure moved from one period to another: either way, but a number


@frozen
class Figure:
    """A number a document prints, with what it means, so that one that cannot be true is caught before the
    document goes out. ``name`` is the figure's name as a translatable message (marked with ``N_``, put into
    the window's language when it is refused), ``detail`` says which one (a partner, a period), ``most`` is an
    upper bound where there is one (partners present out of the partners on the roll)."""

    name: str
    value: float | None
    measure: Measure
    detail: str = ""
    most: float | None = None

    def possible(self) -> bool:
        """Whether the figure can be true (no value at all is always possible: it prints as "—")."""
        value = self.value
        if value is None:
            return True
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.most is not None and value > self.most:
            return False
        if self.measure is Measure.SHARE:
            return 0 <= value <= 1
        if self.measure is Measure.COUNT:
            return value >= 0 and float(value).is_integer()
        if self.measure is Measure.NEEDED:
            return value >= 1 and float(value).is_integer()
        if self.measure is Measure.CHANGE:
            return True
        return value >= 0


class ImpossibleFigure(KnownError):
    """A document would print a figure that cannot be true; it is not written."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        name = _(figure.name)
        if figure.detail:
            name = _("{figure} ({detail})").format(figure=name, detail=figure.detail)
        super().__init__(
            _(
                "The document was not written: it would print {value} as “{figure}”, which cannot be true."
            ).format(value=f"{figure.value:g}" if figure.value is not None else "", figure=name),
            hint=_(
                "The records behind this figure need correcting (a date before another, a count out of step). "
                "Check them, or report the problem with the figure's name."
            ),
        )


#: The name of a chart's value when it is refused.
CHART_VALUE = N_("a value of a chart")


#: The measure of a chart's values by its ``value_format``.
CHART_MEASURES = {"percent": Measure.SHARE, "count": Measure.COUNT, "number": Measure.AMOUNT}


def chart_figures(chart: Chart) -> list[Figure]:
    """A chart's values as figures: shares between 0 and 1, counts whole and not negative, amounts (with
    decimals where they have them) not negative. A value format no writer knows is not a chart to print."""
    measure = CHART_MEASURES.get(chart.value_format)
    if measure is None:
        raise ValueError(f"unknown value format of a chart: {chart.value_format!r}")
    return [
        Figure(CHART_VALUE, value, measure, f"{chart.title}: {series.name}, {chart.categories[row]}")
        for series in chart.series
        for row, value in enumerate(series.values)
        if row < len(chart.categories)
    ]


@frozen
class DocumentModel:
    """A whole document: title block, body and what the footer says."""

    title: str
    subtitle: str
    language: str
    right_to_left: bool
    blocks: tuple[Block, ...]
    status: str  # "Draft", "Circulated on ...", "Approved on ..."
    draft_mark: str = ""  # a visible mark across draft pages; empty when not a draft
    footer_note: str = ""  # e.g. the audience and a checksum of the approved record
    page_label: str = "Page {page} of {pages}"  # translated; writers fill the numbers
    untranslated: tuple[str, ...] = field(default=())  # what fell back to the original language
    figures: tuple[Figure, ...] = field(default=())  # the numbers it prints, checked before it is written

    def impossible_figures(self) -> list[Figure]:
        """The figures of the document, and of its charts, that cannot be true."""
        every = list(self.figures)
        for block in self.blocks:
            if isinstance(block, Chart):
                every += chart_figures(block)
        return [figure for figure in every if not figure.possible()]

    def check_figures(self) -> None:
        """Raise ``ImpossibleFigure`` naming the first figure that cannot be true: writers call this first, so
        that no document prints a negative duration, "of 0 needed" or a rate over 100 %."""
        wrong = self.impossible_figures()
        if wrong:
            raise ImpossibleFigure(wrong[0])

    def text(self) -> str:
        """Every visible word of the document, in reading order (for tests and search)."""
        parts = [self.title, self.subtitle]
        for block in self.blocks:
            parts.extend(block_text(block))
        parts += [self.status, self.draft_mark, self.footer_note]
        return "\n".join(p for p in parts if p)


def block_text(block: Block) -> list[str]:
    """The visible words of one block."""
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Paragraph):
        return [f"{block.label} {block.text}".strip()]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, Table):
        return [" ".join(block.header)] + [" ".join(row) for row in block.rows]
    if isinstance(block, Chart):
        return [block.title, *block_text(block.table())]
    return [f"{label} {value}" for label, value in block.pairs]
