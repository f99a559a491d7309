"""Where everything on a leaflet goes: panels, bands and type sizes, measured once for the PDF and the Word file.

A leaflet prints each language on a panel of its own: the whole page (A4 or A5), or one half (A5) of a folded A4
sheet. A panel is a stack of bands across it, each of one or more cells side by side:

    the kicker, the headline and "Free, and everyone is welcome"
    a tinted box: when | where  (and access; side by side on A4, in two rows on A5)
    what we will talk about | what we did  (side by side on A4, one under the other on A5)
    a warm box: raising a concern in confidence
    contacts | the QR code
    the data-protection line | the logos

Type is set as large as fits, from a generous size down to a stated minimum (11 pt in normal print, 14 pt in
large print) and never below; at the minimum the space between the bands narrows before anything is
refused. What is left over spreads between the bands, so the page is used to its foot rather than left empty.
When even the minimum does not fit, ``LeafletTooLong`` names the section that takes most room and about how
many lines to cut. The Word writer lays out exactly the bands measured here, in a grid
of fixed heights, so the Word file keeps to its page too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from facilitator.errors import KnownError
from facilitator.frozen import frozen
from facilitator.i18n import _
from facilitator.leaflets import (
    Folding,
    LeafletModel,
    LeafletSide,
    LeafletTooLong,
    PageSize,
    Section,
)

MM = 72 / 25.4
PAGE_POINTS = {PageSize.A4: (210 * MM, 297 * MM), PageSize.A5: (148 * MM, 210 * MM)}
#: Print-ready margins: office printers cannot print the outer 5 mm.
MARGINS = {PageSize.A4: 13 * MM, PageSize.A5: 7 * MM}
#: The body text's sizes in points, (largest tried, smallest allowed), by page and large print.
BODY_SIZES = {
    (PageSize.A4, False): (14.5, 11.0),
    (PageSize.A5, False): (12.5, 11.0),
    (PageSize.A4, True): (22.0, 14.0),
}
STEP = 0.5
#: Leading (line height) as a share of the type size, for Latin and for Arabic script (which needs more).
LEADING, ARABIC_LEADING = 1.2, 1.3
QR_SHARE = {PageSize.A4: 26 * MM, PageSize.A5: 18 * MM}
LOGO_HEIGHT = {PageSize.A4: 13 * MM, PageSize.A5: 9 * MM}
LOGO_ROOM = 4 * MM  # beside each logo
#: Sections the organiser can shorten, in the order they are suggested when several take as much room.
SHORTENABLE = (
    Section.DONE,
    Section.TOPICS,
    Section.CONCERN,
    Section.ACCESS,
    Section.CONTACTS,
    Section.WHERE,
    Section.HEADLINE,
    Section.PRIVACY,
)


class Role(Enum):
    """What a piece of text is, which decides its size, weight and colour."""

    KICKER = "kicker"
    HEADLINE = "headline"
    WELCOME = "welcome"
    LABEL = "label"  # "When", "Where" in the tinted box
    KEY = "key"  # the date and the hours
    STRONG = "strong"  # the venue's name, the office's name
    BODY = "body"
    ITEM = "item"  # an entry of a list, with a bullet
    HEADING = "heading"
    CONCERN_HEADING = "concern-heading"
    SMALL = "small"  # the data-protection line, the QR code's caption


class Fill(Enum):
    """The background of a band."""

    NONE = "none"
    KEY = "key"  # tinted, with an accent bar at the start side
    CONCERN = "concern"  # warm, with a warm bar


@frozen
class Sizes:
    """Type sizes of one panel, from its body size."""

    body: float
    minimum: float
    wide: bool  # an A4 panel: cells side by side
    tight: bool = False  # the last resort at the smallest type: less space between the bands

    def of(self, role: Role) -> float:
        """The size of ``role`` in points; nothing is smaller than the minimum."""
        body = self.body
        factor = {
            Role.KICKER: 0.9,
            Role.HEADLINE: 2.3 if self.wide else 1.5,
            Role.WELCOME: 1.12,
            Role.LABEL: 0.9,
            Role.KEY: 1.3 if self.wide else 1.12,
            Role.STRONG: 1.0,
            Role.BODY: 1.0,
            Role.ITEM: 1.0,
            Role.HEADING: 1.15,
            Role.CONCERN_HEADING: 1.15,
            Role.SMALL: 0.85,
        }[role]
        return max(self.minimum, round(body * factor * 4) / 4)

    @property
    def gap(self) -> float:
        """The space between bands."""
        return self.body * (0.9 if self.wide else 0.65) * (0.6 if self.tight else 1.0)

    @property
    def padding(self) -> float:
        """The padding inside a tinted box."""
        return self.body * (0.8 if self.wide else 0.6)


@dataclass
class Part:
    """A piece of text in a cell: its role and the section it belongs to (for the advice to shorten)."""

    role: Role
    text: str
    section: Section
    height: float = 0.0  # measured: its lines times their leading
    space_before: float = 0.0


@dataclass
class Cell:
    """A column of a band: its share of the band's width and what it holds. ``qr`` marks the cell of the code,
    ``logos`` the cell of the logos."""

    share: float
    parts: list[Part] = field(default_factory=list)
    qr: bool = False
    logos: bool = False
    x: float = 0.0  # measured, from the band's start side
    width: float = 0.0
    height: float = 0.0


@dataclass
class Band:
    """A strip across the panel: cells side by side, on a fill; ``below`` is a second row of cells on the same
    fill (access under when and where on an A5 page)."""

    cells: list[Cell]
    fill: Fill = Fill.NONE
    bottom: bool = False  # kept at the foot of the panel (contacts, privacy, logos)
    below: list[Cell] = field(default_factory=list)
    height: float = 0.0
    y: float = 0.0  # measured: from the panel's top
    row_height: float = 0.0  # measured: the first row's height, where ``below`` starts (after a row gap)

    @property
    def rows(self) -> list[list[Cell]]:
        """The band's rows of cells."""
        return [self.cells, self.below] if self.below else [self.cells]


@dataclass
class Panel:
    """One language's panel, measured: where each band goes, at which sizes."""

    side: LeafletSide | None  # None: the cover of a folded sheet in three languages
    width: float
    height: float
    sizes: Sizes
    bands: list[Band]
    sides: tuple[LeafletSide, ...] = ()  # the languages a cover names


@dataclass
class Sheet:
    """A page of the file: its size and its panels from left to right (x from the page's left edge)."""

    width: float
    height: float
    panels: list[tuple[float, float, Panel]]  # (x, y of the panel's top-left from the page's top-left, panel)


#: Measures a part: (part, size, width, rtl) -> height in points.
Measure = Callable[[Part, float, float, bool], float]


@frozen
class Measuring:
    """What measuring a panel needs besides its bands: the text measure, the direction, and the fixed sizes of
    the QR code and the logos (their height, and the width of them all side by side)."""

    measure: Measure
    right_to_left: bool
    qr_size: float
    logo_height: float
    logo_width: float = 0.0


def leading(size: float, arabic: bool) -> float:
    """The line height of text of ``size``."""
    return size * (ARABIC_LEADING if arabic else LEADING)


def page_name(size: PageSize, large_print: bool) -> str:
    """The page as the user chose it: "A4", "A5, large print"."""
    name = size.value.upper()
    return _("{size}, large print").format(size=name) if large_print else name


# --- the bands of a panel ------------------------------------------------------------------------------------


def _parts(
    side: LeafletSide, key: Section, *, heading: Role | None, body: Role, first: Role | None = None
) -> list[Part]:
    section = side.section(key)
    if section is None:
        return []
    parts = [Part(heading, section.heading, key)] if heading and section.heading else []
    for number, text in enumerate(section.paragraphs):
        role = first if first is not None and number == 0 else body
        parts += [Part(role, line, key) for line in text.split("\n") if line.strip()]
    parts += [Part(Role.ITEM, item, key) for item in section.items]
    return parts


def panel_bands(side: LeafletSide, *, wide: bool, qr: bool, logos: bool) -> list[Band]:
    """The bands of one language's panel, before measuring."""
    header = [Part(Role.KICKER, side.kicker if side.right_to_left else side.kicker.upper(), Section.HEADLINE)]
    headline = side.section(Section.HEADLINE)
    header += (
        [Part(Role.HEADLINE, text, Section.HEADLINE) for text in headline.paragraphs] if headline else []
    )
    if side.welcome:
        header.append(Part(Role.WELCOME, side.welcome, Section.HEADLINE))
    bands = [Band([Cell(1.0, header)])]

    when = _parts(side, Section.WHEN, heading=Role.LABEL, body=Role.KEY)
    where = _parts(side, Section.WHERE, heading=Role.LABEL, body=Role.BODY, first=Role.STRONG)
    access = _parts(side, Section.ACCESS, heading=Role.LABEL, body=Role.BODY)
    access = [p for p in access if p.role is not Role.ITEM] + _offers(side, inline=not wide)
    key_cells = [c for c in (Cell(0.3, when), Cell(0.38, where), Cell(0.32, access)) if c.parts]
    if wide:
        bands.append(Band(key_cells, Fill.KEY))
    else:
        first = [c for c in key_cells if c.parts is not access]
        for cell, share in zip(first, (0.44, 0.56), strict=False):
            cell.share = share
        below = [Cell(1.0, access)] if access else []
        if first:
            bands.append(Band(first, Fill.KEY, below=below))
        elif below:
            bands.append(Band(below, Fill.KEY))

    topics = _parts(side, Section.TOPICS, heading=Role.HEADING, body=Role.BODY)
    done = _parts(side, Section.DONE, heading=Role.HEADING, body=Role.BODY)
    if wide and topics and done:
        bands.append(Band([Cell(0.5, topics), Cell(0.5, done)]))
    else:
        bands += [Band([Cell(1.0, parts)]) for parts in (topics, done) if parts]

    concern = _parts(side, Section.CONCERN, heading=Role.CONCERN_HEADING, body=Role.BODY)
    if concern:
        bands.append(Band([Cell(1.0, concern)], Fill.CONCERN))

    contacts = _parts(side, Section.CONTACTS, heading=Role.HEADING, body=Role.BODY, first=Role.STRONG)
    foot: list[Cell] = [Cell(1.0, contacts)] if contacts else []
    if qr:  # the code beside the contacts, its caption at their foot, next to it
        caption = [Part(Role.SMALL, side.qr_caption, Section.CONTACTS)] if side.qr_caption else []
        foot = [Cell(1.0, contacts + caption), Cell(0.0, [], qr=True)]
    elif not wide and len(contacts) >= 4 and max(len(p.text) for p in contacts[1:]) <= 30:
        # a narrow page: short lines of the office in two columns under the heading
        lines = contacts[1:]
        half = (len(lines) + 1) // 2
        bands.append(
            Band(
                [Cell(1.0, contacts[:1])],
                bottom=True,
                below=[Cell(0.5, lines[:half]), Cell(0.5, lines[half:])],
            )
        )
        foot = []
    if foot:
        bands.append(Band(foot, bottom=True))
    # The small print and the partners' logos share the last band: logos under it would take a band's height
    # and a gap from a page that is full already.
    privacy = side.section(Section.PRIVACY)
    lines = (
        [Part(Role.SMALL, f"{privacy.heading}: {text}", Section.PRIVACY) for text in privacy.paragraphs]
        if privacy is not None
        else []
    )
    last = ([Cell(1.0, lines)] if lines else []) + ([Cell(0.0, [], logos=True)] if logos else [])
    if last:
        bands.append(Band(last, bottom=True))
    return bands


def _offers(side: LeafletSide, *, inline: bool) -> list[Part]:
    """The access offers: on one line across a narrow page, each kept whole ("Hearing loop · Childcare on
    site"); a line each in the narrow column of a wide page."""
    section = side.section(Section.ACCESS)
    if section is None or not section.items:
        return []
    if not inline:
        return [Part(Role.BODY, item, Section.ACCESS) for item in section.items]
    joined = " · ".join(item.replace(" ", "\u00a0") for item in section.items)
    return [Part(Role.BODY, joined, Section.ACCESS)]


def cover_bands(sides: tuple[LeafletSide, ...], *, qr: bool) -> list[Band]:
    """The back of a folded sheet in three languages: each language's kicker, headline and date, and the code."""
    bands = []
    for side in sides:
        parts = [
            Part(Role.KICKER, side.kicker if side.right_to_left else side.kicker.upper(), Section.HEADLINE)
        ]
        headline = side.section(Section.HEADLINE)
        parts += (
            [Part(Role.HEADING, text, Section.HEADLINE) for text in headline.paragraphs] if headline else []
        )
        when = side.section(Section.WHEN)
        parts += [
            Part(Role.BODY, line, Section.WHEN) for line in (when.paragraphs[0].split("\n") if when else [])
        ]
        if side.welcome:
            parts.append(Part(Role.BODY, side.welcome, Section.HEADLINE))
        bands.append(Band([Cell(1.0, parts)], Fill.KEY))
    if qr:
        caption = (
            [Part(Role.SMALL, sides[0].qr_caption, Section.CONTACTS)] if sides and sides[0].qr_caption else []
        )
        bands.append(Band([Cell(1.0, []), Cell(0.0, caption, qr=True)], bottom=True))
    return bands


# --- measuring ----------------------------------------------------------------------------------------------


def _measure_band(band: Band, width: float, sizes: Sizes, how: Measuring) -> float:
    pad = sizes.padding if band.fill is not Fill.NONE else 0.0
    heights = [_measure_row(row, width, pad, sizes, how) for row in band.rows]
    band.row_height = heights[0]
    return sum(heights) + ROW_GAP * sizes.body * (len(heights) - 1) + 2 * pad


#: The space between two rows of one band, as a share of the body size.
ROW_GAP = 0.4


def _measure_row(cells: list[Cell], width: float, pad: float, sizes: Sizes, how: Measuring) -> float:
    gutter = sizes.body * 1.2
    qr_size = how.qr_size
    fixed_widths = {id(c): qr_size if c.qr else how.logo_width for c in cells if c.qr or c.logos}
    flexible = [c for c in cells if id(c) not in fixed_widths]
    fixed = sum(w + gutter for w in fixed_widths.values()) - (0.0 if flexible else gutter)
    room = width - fixed - gutter * max(0, len(flexible) - 1) - 2.5 * pad
    total_share = sum(c.share for c in flexible) or 1.0
    x = pad * 1.25
    tallest = 0.0
    for cell in cells:
        cell.width = fixed_widths.get(id(cell), room * cell.share / total_share)
        cell.x = x
        x += cell.width + gutter
        height = qr_size + (sizes.body * 0.3 if cell.parts else 0.0) if cell.qr else 0.0
        if cell.logos:
            height = how.logo_height
        for number, part in enumerate(cell.parts):
            size = sizes.of(part.role)
            part.space_before = 0.0 if number == 0 else _space_before(part, cell.parts[number - 1], sizes)
            part.height = how.measure(part, size, cell.width, how.right_to_left)
            height += part.space_before + part.height
        cell.height = height
        tallest = max(tallest, height)
    return tallest


def _space_before(part: Part, previous: Part, sizes: Sizes) -> float:
    if part.role in (Role.HEADING, Role.CONCERN_HEADING, Role.LABEL):
        return sizes.body * 0.7
    if part.role is Role.ITEM:
        return sizes.body * 0.25
    if previous.role is Role.HEADLINE or part.role is Role.HEADLINE:
        return sizes.body * 0.35
    return sizes.body * 0.1


def measure_panel(panel: Panel, how: Measuring) -> float:
    """Measure every band of ``panel`` and place them; returns the room left over (negative: too long)."""
    for band in panel.bands:
        band.height = _measure_band(band, panel.width, panel.sizes, how)
    gap = panel.sizes.gap
    total = sum(b.height for b in panel.bands) + gap * max(0, len(panel.bands) - 1)
    left = panel.height - total
    if left < 0:
        return left
    # Space is used, not left empty: what is left spreads between the bands (up to three gaps' worth each);
    # the rest stays between the body and the bands kept at the foot.
    spaces = max(1, len(panel.bands) - 1)
    extra = min(left / spaces, gap * 3)
    y = 0.0
    top = [b for b in panel.bands if not b.bottom]
    for band in top:
        band.y = y
        y += band.height + gap + extra
    y = panel.height
    for band in reversed([b for b in panel.bands if b.bottom]):
        band.y = y - band.height
        y = band.y - gap - extra
    return left


def _shares(panel: Panel) -> dict[Section, float]:
    shares: dict[Section, float] = {}
    for band in panel.bands:
        for cell in [c for row in band.rows for c in row]:
            for part in cell.parts:
                shares[part.section] = shares.get(part.section, 0.0) + part.height + part.space_before
    return shares


def fit_panel(
    make: Callable[[Sizes], Panel], size: PageSize, large_print: bool, how: Measuring
) -> tuple[Panel, float]:
    """The panel at the largest type that fits, and the room it leaves; at the smallest type allowed with less
    space between the bands when nothing else fits; and when even that does not fit, at the smallest type (the
    room is then negative)."""
    largest, smallest = BODY_SIZES[(size, large_print)]
    wide = size is PageSize.A4
    body = largest
    while True:
        panel = make(Sizes(body, smallest, wide))
        left = measure_panel(panel, how)
        if left >= 0:
            return panel, left
        if body <= smallest:
            tight = make(Sizes(body, smallest, wide, tight=True))
            room = measure_panel(tight, how)
            return (tight, room) if room >= 0 else (panel, left)
        body = max(smallest, body - STEP)


def too_long(panel: Panel, left: float, language: str, page: str, *, folded: bool) -> LeafletTooLong:
    """What to shorten so that ``panel`` fits: the section that takes most room, and by about how many lines."""
    shares = _shares(panel)
    section = max(SHORTENABLE, key=lambda key: shares.get(key, 0.0))
    lines = math.ceil(-left / leading(panel.sizes.body, False))
    return LeafletTooLong(section, lines, language, page, folded=folded)


def sheets(
    model: LeafletModel,
    size: PageSize,
    large_print: bool,
    folding: Folding,
    measure: Measure,
    *,
    logos: tuple[float, ...] = (),
) -> list[Sheet]:
    """Every page of the leaflet with its panels measured; raises ``LeafletTooLong`` for the first panel that
    does not fit at the smallest type allowed. ``logos`` are the logos' shapes (width over height)."""
    folded = folding is Folding.FOLDED and len(model.sides) > 1
    panel_size = PageSize.A5 if folded else size
    if large_print and panel_size is PageSize.A5:
        raise KnownError(
            _("Large print is printed on A4 pages."),
            hint=_(
                "At 14 point and more an A5 page holds about half of what a leaflet says. Choose A4 with one "
                "page for each language, or normal print."
            ),
        )
    page_w, page_h = PAGE_POINTS[panel_size]
    margin = MARGINS[panel_size]
    width, height = page_w - 2 * margin, page_h - 2 * margin
    qr = bool(model.qr_link)
    qr_size = QR_SHARE[panel_size] if qr else 0.0
    logo_height = LOGO_HEIGHT[panel_size]
    # The logos side by side at their height, each with a little room, beside the small print at the foot.
    logo_width = min(width * 0.45, sum(logo_height * shape + LOGO_ROOM for shape in logos))
    page = page_name(panel_size, large_print)

    panels: list[Panel] = []
    for side in model.sides:

        def make(sizes: Sizes, side: LeafletSide = side) -> Panel:
            bands = panel_bands(side, wide=sizes.wide, qr=qr, logos=bool(logos))
            return Panel(side, width, height, sizes, bands)

        how = Measuring(measure, side.right_to_left, qr_size, logo_height, logo_width)
        panel, left = fit_panel(make, panel_size, large_print, how)
        if left < 0:
            raise too_long(panel, left, side.language, page, folded=folded)
        panels.append(panel)
    if folded and len(panels) == 3:

        def cover(sizes: Sizes) -> Panel:
            return Panel(None, width, height, sizes, cover_bands(model.sides, qr=qr), model.sides)

        panel, left = fit_panel(
            cover, panel_size, large_print, Measuring(measure, False, qr_size, logo_height)
        )
        if left < 0:
            raise too_long(panel, left, model.sides[0].language, page, folded=True)
        panels.append(panel)
    if not folded:
        return [Sheet(page_w, page_h, [(margin, margin, panel)]) for panel in panels]
    # A4 across, folded in the middle: the first side is the outside (back | front), the second the inside.
    sheet_w, sheet_h = PAGE_POINTS[PageSize.A4][1], PAGE_POINTS[PageSize.A4][0]
    halves = (margin, page_w + margin)
    order = [[panels[1], panels[0]]] if len(panels) == 2 else [[panels[3], panels[0]], [panels[1], panels[2]]]
    return [
        Sheet(sheet_w, sheet_h, [(x, margin, panel) for x, panel in zip(halves, pair, strict=True)])
        for pair in order
    ]
