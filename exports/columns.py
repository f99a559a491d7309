"""How wide each column of a table is: the model's shares, widened where a word would otherwise be cut.

A date (Arabic writes 28/09/2026 with direction marks between its parts) or a number has no place to break; in
a narrow column it was cut in two, and in a right-to-left cell the two halves read in the wrong order ("/09/28"
over "2026"). Both writers therefore give each column at least the width of its widest unbreakable word (as a
browser gives a column its min-content width), taking the room from columns that have more than they need.
Widths are measured with the fonts the PDF embeds; Word's fonts are close enough for this with a little to
spare.
"""

from __future__ import annotations

from functools import cache

from facilitator.docmodel import BulletList
from facilitator.exports import rtl
from facilitator.exports.fonts import NOTO_SANS, NOTO_SANS_ARABIC, advances

#: Share of the table a single column may claim for one word: a 10,000-character word is cut, not shown whole.
MOST = 0.4


@cache
def _advances(arabic: bool) -> tuple[dict[int, float], float]:
    """Each character's advance in 1/1000 em in the font that sets it, and a default for the others."""
    return advances(NOTO_SANS_ARABIC if arabic else NOTO_SANS), 600.0


def _width(word: str, size: float) -> float:
    widths, default = _advances(rtl.has_arabic(word))
    return sum(widths.get(ord(char), default) for char in word) * size / 1000


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """The width in points of the widest word of ``text`` (a word: what lies between spaces)."""
    widest = 0.0
    for word in rtl.clean_text(text).split():
        if len(word) > 60:
            return float("inf")
        widest = max(widest, _width(word, size) * (1.07 if bold else 1.0))
    return widest


def column_widths(
    shares: list[float], rows: list[list[str]], total: float, size: float, padding: float, *, header: bool
) -> list[float]:
    """Widths of the columns of a table ``total`` wide: in proportion to ``shares``, then each widened to its
    widest word (plus ``padding`` on both sides) at the expense of the others' spare room."""
    count = len(shares)
    whole = sum(shares) or 1.0
    widths = [total * share / whole for share in shares]
    needed = [0.0] * count
    for number, row in enumerate(rows):
        for column, text in enumerate(row[:count]):
            word = widest_word(text, size, bold=header and number == 0)
            needed[column] = max(needed[column], min(word + 2 * padding + 1, total * MOST))
    short = [max(0.0, needed[c] - widths[c]) for c in range(count)]
    spare = [max(0.0, widths[c] - needed[c]) for c in range(count)]
    wanted, available = sum(short), sum(spare)
    if wanted <= 0 or available <= 0:
        return widths
    given = min(wanted, available)
    return [widths[c] + short[c] * given / wanted - spare[c] * given / available for c in range(count)]


#: A list of this many items or more, each at most so long, is set in two columns.
LIST_COLUMNS_FROM, LIST_COLUMN_ITEM = 6, 60


def two_columns(block: BulletList) -> bool:
    """Whether a list is set in two columns by both writers: many short items (the partners invited), not
    sentences; it keeps an agenda to one page."""
    return len(block.items) >= LIST_COLUMNS_FROM and all(
        len(item) <= LIST_COLUMN_ITEM for item in block.items
    )
