"""A document as content, before any layout: what the DOCX and PDF writers both lay out.

The core builds one of these for a meeting, an audience and a language; the writers in ``facilitator.exports``
only decide how it looks, so a Word file and a PDF made from the same model always say the same thing.
Text here is plain (never markup): writers escape it for their format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Tone(Enum):
    """How a paragraph reads."""

    NORMAL = "normal"
    NOTE = "note"  # secondary information: small, quiet
    WITHHELD = "withheld"  # a neutral placeholder where confidential content was
    UNTRANSLATED = "untranslated"  # the original text, shown because no translation exists
    WARNING = "warning"  # something the reader must notice (not quorate, overdue...)


@dataclass(frozen=True)
class Heading:
    """A section title; level 1 is a section, 2 a subsection (an agenda item)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (line breaks are kept)."""

    text: str
    tone: Tone = Tone.NORMAL
    label: str = ""  # a lead-in shown in bold, e.g. "Decision:"


@dataclass(frozen=True)
class BulletList:
    """A list of short items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (date, time, place...)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Series:
    """One named row of values of a chart (None: no value for that category, e.g. no meetings then)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of figures, with the same figures available as a table (``table()``).

    ``kind`` is "bar" (one horizontal band per category) or "line" (categories along the bottom);
    ``value_format`` is "percent" (values are shares from 0 to 1) or "count". Bars of several series are
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


@dataclass(frozen=True)
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
