"""Lay out a ``LeafletModel`` as a one-page PDF: A4 or A5, normal or large print, one language or two.

One page, always: every column is measured with reportlab (each flowable wrapped at its width) before anything
is drawn, and content that does not fit raises ``LeafletTooLong`` naming the section to shorten and by about
how many lines. Nothing is ever cut or moved to a second page. Drawing checks again that the frames took
everything.

The page: a thin accent rule at the top, the kicker ("Public meeting") and the headline; a tinted box with when,
where and access; the topics and "what we did"; a warm box on raising a concern in confidence; the contacts;
the data-protection line kept at the foot of its column; partner logos along the bottom. A bilingual leaflet
has a column per language, the right-to-left one on the right, each laid out in its own direction. Fonts,
escaping, Arabic shaping and right-to-left paragraphs are those of ``pdf_writer`` (``BidiParagraph``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from facilitator.errors import KnownError
from facilitator.exports import rtl
from facilitator.exports.files import write_atomically
from facilitator.exports.fonts import Progress, ensure_fonts
from facilitator.i18n import _
from facilitator.leaflets import LeafletModel, LeafletSection, LeafletSide, LeafletTooLong, PageSize, Section

rtl.install()  # before reportlab's text module is imported, or reportlab ignores right-to-left

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.pagesizes import A4, A5  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Flowable, Frame  # noqa: E402
from reportlab.platypus import Paragraph as RLParagraph  # noqa: E402
from reportlab.platypus import Table as RLTable  # noqa: E402
from reportlab.platypus import TableStyle as RLTableStyle  # noqa: E402
from reportlab.platypus.doctemplate import LayoutError  # noqa: E402

from facilitator.exports.pdf_writer import (  # noqa: E402 - the layout of minutes, reused for leaflets
    ARABIC,
    FONT_NAMES,
    BidiParagraph,
    _register,
    _script,
    markup,
    rtl_supported,
)

INK = colors.HexColor("#1a1a1a")
QUIET = colors.HexColor("#4a4a4a")
ACCENT = colors.HexColor("#0b5d6b")
ACCENT_TINT = colors.HexColor("#e7f0f2")
CONCERN_BAR = colors.HexColor("#b8671a")
CONCERN_TINT = colors.HexColor("#fcf1e2")
RULE = colors.HexColor("#b5c4c7")

PAGES = {PageSize.A4: A4, PageSize.A5: A5}
#: Print-ready margins: office printers cannot print the outer 5 mm; 15 mm leaves room to trim and to hold.
MARGINS = {PageSize.A4: 16 * mm, PageSize.A5: 12 * mm}
GUTTER = {PageSize.A4: 10 * mm, PageSize.A5: 7 * mm}
LOGO_HEIGHT = {PageSize.A4: 13 * mm, PageSize.A5: 9 * mm}


@dataclass(frozen=True)
class Scale:
    """Type sizes in points for one page size, print size and number of columns."""

    kicker: float
    headline: float
    key: float  # date and time, the most important line
    heading: float
    body: float
    small: float
    gap: float  # space before a section


def scale(size: PageSize, large_print: bool, columns: int) -> Scale:
    """The type sizes: large print sets the text at 16 pt or more (the data-protection line at 14 pt)."""
    if large_print:
        if columns == 1:
            return Scale(kicker=14, headline=28, key=17, heading=18, body=16, small=14, gap=13)
        return Scale(kicker=14, headline=20, key=16, heading=17, body=16, small=14, gap=11)
    if size is PageSize.A4:
        if columns == 1:
            return Scale(kicker=10.5, headline=30, key=14, heading=14, body=12, small=8.5, gap=14)
        return Scale(kicker=8.5, headline=17, key=11, heading=11, body=9.2, small=7.2, gap=8)
    if columns == 1:
        return Scale(kicker=8.5, headline=20, key=12, heading=11.5, body=9.5, small=7.2, gap=9)
    return Scale(kicker=7, headline=12.5, key=8.6, heading=8.4, body=7.4, small=6.2, gap=5.5)


def page_name(size: PageSize, large_print: bool) -> str:
    """The page as the user chose it: "A4", "A5, large print"."""
    name = size.value.upper()
    return _("{size}, large print").format(size=name) if large_print else name


#: Sections the user can shorten, in the order they are suggested when several are as long.
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
BIG = 1e6


class _Stack(Flowable):
    """Flowables kept together in one column (a heading with its first line, a section's first item)."""

    def __init__(self, parts: list[Flowable], space_before: float = 0.0) -> None:
        super().__init__()
        self.parts = parts
        self.spaceBefore = space_before
        self._placed: list[tuple[Flowable, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        height = 0.0
        self._placed = []
        for number, part in enumerate(self.parts):
            if number:
                height += part.getSpaceBefore()
            _w, tall = part.wrap(availWidth, BIG)
            height += tall
            self._placed.append((part, height))
            if number < len(self.parts) - 1:
                height += part.getSpaceAfter()
        self.height = height
        return availWidth, height

    def getSpaceAfter(self) -> float:
        return float(self.parts[-1].getSpaceAfter()) if self.parts else 0.0

    def draw(self) -> None:
        for part, bottom in self._placed:
            part.drawOn(self.canv, 0, self.height - bottom)


class _Side:
    """One language's side of the leaflet as flowables, each tagged with the section it belongs to.

    ``header`` (kicker, headline and the when-where-access box) is set at ``width``; ``body`` (topics, what we
    did, the concern box and contacts) flows through columns of ``body_width``; ``privacy`` sits at the foot.
    """

    def __init__(
        self,
        side: LeafletSide,
        sizes: Scale,
        widths: tuple[float, float],
        *,
        wide_box: bool,
        contact_band: bool,
        whole_sections: bool,
    ) -> None:
        width, body_width = widths
        self.side = side
        self.sizes = sizes
        self.width = width
        self.body_width = body_width
        self.rtl = side.right_to_left
        self._styles: dict[tuple[str, str], ParagraphStyle] = {}
        self.header: list[tuple[Section, Flowable]] = []
        self.body: list[tuple[Section, Flowable]] = []
        self.privacy: list[Flowable] = []
        self.footer: list[Flowable] = []  # the contact band of a one-language page
        self.contact_band = contact_band
        self.whole_sections = whole_sections
        self.shares: dict[Section, float] = {}
        self._header(wide_box)
        self._body()
        privacy = side.section(Section.PRIVACY)
        if privacy is not None:
            self.privacy = [self.para("small", f"{privacy.heading}: {text}") for text in privacy.paragraphs]
            self._share(Section.PRIVACY, sum(f.wrap(width, BIG)[1] for f in self.privacy))

    # --- styles and paragraphs -------------------------------------------------------------------------------

    def style(self, role: str, text: str) -> ParagraphStyle:
        script = _script(text, self.rtl)
        key = (role, script)
        if key not in self._styles:
            self._styles[key] = self._make(role, script)
        return self._styles[key]

    def _make(self, role: str, script: str) -> ParagraphStyle:
        s = self.sizes
        spec: dict[str, tuple[float, float, int, Any]] = {
            # role: (size, leading factor, weight, colour)
            "kicker": (s.kicker, 1.25, 1, ACCENT),
            "headline": (s.headline, 1.12, 1, INK),
            "label": (s.small + 0.7, 1.3, 1, ACCENT),
            "key": (s.key, 1.25, 1, INK),
            "value": (s.body, 1.32, 0, INK),
            "heading": (s.heading, 1.2, 1, ACCENT),
            "body": (s.body, 1.32, 0, INK),
            "item": (s.body, 1.32, 0, INK),
            "strong": (s.body, 1.32, 1, INK),
            "concern-heading": (s.heading, 1.2, 1, CONCERN_BAR),
            "small": (s.small, 1.3, 0, QUIET),
        }
        size, factor, weight, colour = spec[role]
        leading = size * factor * (1.12 if script == ARABIC else 1.0)  # Arabic needs more room
        indent = size * 1.3 if role == "item" else 0.0
        options: dict[str, Any] = {
            "fontName": FONT_NAMES[script][weight],
            "bulletFontName": FONT_NAMES[script][0],
            "fontSize": size,
            "leading": leading,
            "textColor": colour,
            "splitLongWords": 1,
            "keepWithNext": 0,
            "spaceBefore": size * 0.3 if role == "item" else 0,
            "spaceAfter": size * 0.45 if role in ("heading", "concern-heading") else 0,
        }
        if self.rtl:
            options.update(alignment=TA_RIGHT, rightIndent=indent)
        else:
            options.update(alignment=TA_LEFT, leftIndent=indent, bulletIndent=indent * 0.1)
        return ParagraphStyle(f"leaflet-{role}-{script}", **options)

    def para(self, role: str, text: str, bullet: str = "") -> Flowable:
        style = self.style(role, text)
        if self.rtl or rtl.has_rtl(text):
            return BidiParagraph(
                text,
                style,
                right_to_left=rtl.reads_right_to_left(text, self.rtl),
                bold_font=FONT_NAMES[_script(text, self.rtl)][1],
                bullet=bullet,
            )
        return RLParagraph(markup(text), style, bulletText=bullet or None)

    def _share(self, section: Section, height: float) -> None:
        self.shares[section] = self.shares.get(section, 0.0) + height

    # --- the header: kicker, headline, when-where-access ------------------------------------------------------

    def _header(self, wide_box: bool) -> None:
        side = self.side
        kicker = self.para("kicker", side.kicker if self.rtl else side.kicker.upper())
        kicker.spaceAfter = self.sizes.kicker * 0.5
        self.header.append((Section.HEADLINE, kicker))
        headline = side.section(Section.HEADLINE)
        for text in headline.paragraphs if headline else ():
            flowable = self.para("headline", text)
            self.header.append((Section.HEADLINE, flowable))
            self._share(Section.HEADLINE, flowable.wrap(self.width, BIG)[1])
        cells: list[tuple[Section, list[Flowable]]] = []
        for key in (Section.WHEN, Section.WHERE, Section.ACCESS):
            section = side.section(key)
            if section is None:
                continue
            parts = [self.para("label", section.heading)]
            for number, text in enumerate(section.paragraphs):
                role = (
                    "key"
                    if key is Section.WHEN
                    else "strong"
                    if key is Section.WHERE and number == 0
                    else "value"
                )
                parts.append(self.para(role, text))
            if section.items and wide_box:
                parts += [self.para("value", item) for item in section.items]
            elif section.items:  # each offer kept whole on its line
                offers = [item.replace(" ", "\u00a0") for item in section.items]
                parts.append(self.para("value", " · ".join(offers)))
            cells.append((key, parts))
        if cells:
            box = self._wide_box(cells) if wide_box else self._tall_box(cells)
            box.spaceBefore = self.sizes.gap * 0.9
            self.header.append((Section.WHEN, box))

    def _padding(self) -> float:
        return self.sizes.body * 0.85

    def _tall_box(self, cells: list[tuple[Section, list[Flowable]]]) -> RLTable:
        inner = self.width - 2.5 * self._padding()
        rows: list[list[Flowable]] = []
        for number, (key, parts) in enumerate(cells):
            if number:
                parts[0].spaceBefore = self.sizes.body * 0.6
            stack = _Stack(parts)
            self._share(key, stack.wrap(inner, BIG)[1])
            rows.append([stack])
        return self._box(rows, [self.width], ACCENT_TINT, ACCENT)

    def _wide_box(self, cells: list[tuple[Section, list[Flowable]]]) -> RLTable:
        """When, where and access side by side, for a page wide enough."""
        shares = {Section.WHEN: 0.33, Section.WHERE: 0.34, Section.ACCESS: 0.33}
        total = sum(shares[key] for key, _parts in cells)
        widths = [self.width * shares[key] / total for key, _parts in cells]
        stacks: list[Flowable] = []
        for (key, parts), width in zip(cells, widths, strict=True):
            stack = _Stack(parts)
            self._share(key, stack.wrap(width - 2.5 * self._padding(), BIG)[1])
            stacks.append(stack)
        if self.rtl:
            stacks.reverse()
            widths.reverse()
        box = self._box([stacks], widths, ACCENT_TINT, ACCENT)
        box.setStyle(RLTableStyle([("LINEAFTER", (0, 0), (-2, -1), 0.6, RULE)]))
        return box

    def _box(self, rows: list[list[Flowable]], widths: list[float], fill: Any, bar: Any) -> RLTable:
        pad = self._padding()
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("FONT", (0, 0), (-1, -1), FONT_NAMES["latin"][0], self.sizes.body),  # not reportlab's Helvetica
            (
                "LINEAFTER" if self.rtl else "LINEBEFORE",
                (-1, 0) if self.rtl else (0, 0),
                (-1, -1) if self.rtl else (0, -1),
                3.2,
                bar,
            ),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.25),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.25),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]
        return RLTable(rows, colWidths=widths, style=RLTableStyle(commands))

    # --- the body: topics, what we did, the concern box, contacts ---------------------------------------------

    def _body(self) -> None:
        side = self.side
        for key in (Section.TOPICS, Section.DONE):
            section = side.section(key)
            if section is not None:
                self._listing(section)
        concern = side.section(Section.CONCERN)
        if concern is not None:
            rows = [self.para("concern-heading", concern.heading)]
            rows += [self.para("body", text) for text in concern.paragraphs]
            box = self._box([[_Stack(rows)]], [self.body_width], CONCERN_TINT, CONCERN_BAR)
            box.spaceBefore = self.sizes.gap
            self._add(Section.CONCERN, box)
        contacts = side.section(Section.CONTACTS)
        if contacts is not None:
            room = self.width * 0.7 if self.contact_band else self.body_width
            lines = [
                self.para("strong" if n == 0 else "body", self._breakable(line, room))
                for n, line in enumerate(contacts.paragraphs)
            ]
            if self.contact_band:  # across the page under the columns, where an e-mail address is never cut
                self.footer = [self._contact_band(contacts.heading, lines)]
                self._share(Section.CONTACTS, self.footer[0].wrap(self.width, BIG)[1])
            else:
                self._add(
                    Section.CONTACTS, _Stack([self.para("heading", contacts.heading), *lines], self.sizes.gap)
                )

    def _breakable(self, line: str, room: float) -> str:
        """``line`` with an e-mail address too wide for ``room`` broken after its @, not anywhere."""
        style = self.style("strong", line)
        words = [
            word.replace("@", "@\n", 1)
            if "@" in word and pdfmetrics.stringWidth(word, style.fontName, style.fontSize) > room
            else word
            for word in line.split(" ")
        ]
        return " ".join(words)

    def _contact_band(self, heading: str, lines: list[Flowable]) -> RLTable:
        cells: list[Flowable] = [_Stack([self.para("heading", heading)]), _Stack(lines)]
        widths = [self.width * 0.3, self.width * 0.7]
        if self.rtl:
            cells.reverse()
            widths.reverse()
        band = RLTable(
            [cells],
            colWidths=widths,
            style=RLTableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), FONT_NAMES["latin"][0], self.sizes.body),
                    ("LINEABOVE", (0, 0), (-1, 0), 1.6, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), self.sizes.body * 0.7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        band.spaceBefore = self.sizes.gap
        return band

    def _add(self, section: Section, flowable: Flowable) -> None:
        self.body.append((section, flowable))
        _w, height = flowable.wrap(self.body_width, BIG)
        self._share(section, height + flowable.getSpaceBefore())

    def _listing(self, section: LeafletSection) -> None:
        """A heading and its list; the heading stays with the first entry."""
        entries = [self.para("body", text) for text in section.paragraphs]
        entries += [self.para("item", item, bullet="•") for item in section.items]
        head = self.para("heading", section.heading)
        if self.whole_sections:  # a list stays in one column
            self._add(section.key, _Stack([head, *entries], self.sizes.gap))
            return
        self._add(section.key, _Stack([head, *entries[:1]], self.sizes.gap))
        for entry in entries[1:]:
            self._add(section.key, entry)

    def header_height(self) -> float:
        height = 0.0
        for number, (_section, flowable) in enumerate(self.header):
            height += flowable.wrap(self.width, BIG)[1] + flowable.getSpaceAfter()
            if number:
                height += flowable.getSpaceBefore()
        return height

    def footer_height(self) -> float:
        return float(sum(f.wrap(self.width, BIG)[1] + f.getSpaceBefore() for f in self.footer))

    def privacy_height(self) -> float:
        return float(sum(f.wrap(self.width, BIG)[1] + f.getSpaceAfter() for f in self.privacy))

    def to_shorten(self) -> Section:
        """The section that takes most room of those the user can shorten."""
        return max(SHORTENABLE, key=lambda key: self.shares.get(key, 0.0))


def _order(model: LeafletModel) -> list[LeafletSide]:
    """Sides from left to right: a right-to-left language takes the right-hand column."""
    sides = list(model.sides)
    if len(sides) == 2 and sides[0].right_to_left and not sides[1].right_to_left:
        sides.reverse()
    return sides


def _logos(images: tuple[bytes, ...]) -> list[ImageReader]:
    """The logos kept in the partnership file, ready to draw (never a file named in the data)."""
    readers = []
    for number, image in enumerate(images, start=1):
        try:
            readers.append(ImageReader(BytesIO(image)))
        except Exception:  # Pillow and reportlab raise many kinds for a broken image
            raise KnownError(
                _("Logo {number} of the leaflet cannot be read.").format(number=number),
                hint=_("Remove it from the leaflet and add the image again."),
            ) from None
    return readers


def _frame(x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, max(height, 1.0), leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _fill(frames: list[Frame], story: list[Flowable], canvas: Canvas) -> list[Flowable]:
    """Put ``story`` into ``frames`` in turn (whole flowables, never split); returns what did not fit."""
    left = list(story)
    for frame in frames:
        try:
            frame.addFromList(left, canvas)
        except LayoutError:  # a flowable taller than an empty frame: it does not fit at all
            continue
        if not left:
            break
    return left


class _Page:
    """The page's geometry, its sides, and their placing (which is also the measuring)."""

    def __init__(
        self,
        model: LeafletModel,
        size: PageSize,
        large_print: bool,
        growth: float,
        logos: list[ImageReader],
        *,
        plan: tuple[bool, bool] = (True, True),
    ) -> None:
        self.model = model
        self.size = size
        self.large_print = large_print
        self.width, self.height = PAGES[size]
        self.margin = MARGINS[size]
        self.gutter = GUTTER[size]
        sides = _order(model)
        # One language: the header spans the page and the body runs in two columns (one, for A5 in large print).
        self.body_columns = 2 if len(sides) == 1 and (size is PageSize.A4 or not large_print) else 1
        base = scale(size, large_print, len(sides))
        self.sizes = Scale(*(value * growth for value in dataclasses.astuple(base)))
        content = self.width - 2 * self.margin
        self.side_width = (content - self.gutter * (len(sides) - 1)) / len(sides)
        self.body_width = (self.side_width - self.gutter * (self.body_columns - 1)) / self.body_columns
        self.sides = [
            _Side(
                side,
                self.sizes,
                (self.side_width, self.body_width),
                wide_box=len(sides) == 1 and size is PageSize.A4,
                contact_band=plan[0] and self.body_columns == 2,
                whole_sections=plan[1],
            )
            for side in sides
        ]
        self.logos = logos
        self.top_rule = 2.2 * mm
        self.logo_band = LOGO_HEIGHT[size] + 6 * mm if self.logos else 0.0
        self.privacy_band = max((s.privacy_height() for s in self.sides), default=0.0)

    def side_x(self, number: int) -> float:
        return float(self.margin + number * (self.side_width + self.gutter))

    @property
    def top(self) -> float:
        return float(self.height - self.margin - self.top_rule - self.sizes.gap * 0.9)

    @property
    def bottom(self) -> float:
        return float(self.margin + self.logo_band + self.privacy_band + self.sizes.gap * 1.3)

    def place(self, canvas: Canvas) -> None:
        """Lay every side out on ``canvas``; raise ``LeafletTooLong`` for the first side that does not fit."""
        for number, side in enumerate(self.sides):
            x = self.side_x(number)
            header = [flowable for _section, flowable in side.header]
            header_height = side.header_height()
            left = _fill(
                [_frame(x, self.top - header_height - 1, self.side_width, header_height + 1)], header, canvas
            )
            body_top = self.top - header_height - self.sizes.gap * 0.4
            tall = self._balanced(side, self._body_room(side))
            columns = range(self.body_columns)
            frames = [  # a right-to-left body starts in the right-hand column
                _frame(x + c * (self.body_width + self.gutter), body_top - tall, self.body_width, tall)
                for c in (reversed(columns) if side.rtl else columns)
            ]
            left += _fill(frames, [flowable for _section, flowable in side.body], canvas)
            if side.footer:
                footer_height = side.footer_height()
                below = body_top - tall - footer_height - 1
                left += _fill(
                    [_frame(x, below, self.side_width, footer_height + 1)], list(side.footer), canvas
                )
            if left:
                over = sum(f.wrap(self.body_width, BIG)[1] + f.getSpaceBefore() for f in left)
                lines = math.ceil(over / (self.sizes.body * 1.32) / self.body_columns)
                raise LeafletTooLong(
                    side.to_shorten(), lines, side.side.language, page_name(self.size, self.large_print)
                )
            self._privacy(canvas, side, x)
        if len(self.sides) == 2:
            middle = self.side_x(1) - self.gutter / 2
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.line(middle, self.bottom, middle, self.top)

    def _body_sizes(self, side: _Side) -> list[tuple[float, float, float]]:
        return [
            (f.wrap(self.body_width, BIG)[1], f.getSpaceBefore(), f.getSpaceAfter()) for _s, f in side.body
        ]

    def _fits_in(self, sizes: list[tuple[float, float, float]], height: float) -> bool:
        """Whether whole flowables of ``sizes`` fill the body's columns of ``height`` without overflow (as a
        frame fills them: space before counts only below something)."""
        column, used = 0, 0.0
        for tall, before, after in sizes:
            need = tall + (before if used else 0.0)
            if used + need > height:
                column, used, need = column + 1, 0.0, tall
                if column >= self.body_columns or need > height:
                    return False
            used += need + after
        return True

    def _body_room(self, side: _Side) -> float:
        return self.top - side.header_height() - self.sizes.gap * 0.4 - self.bottom - side.footer_height()

    def fits(self) -> bool:
        """Whether every side fits its part of the page."""
        return all(self._fits_in(self._body_sizes(side), self._body_room(side) - 1.0) for side in self.sides)

    def _balanced(self, side: _Side, room: float) -> float:
        """The height of the body's columns: the least in which the body fits (so that two columns end level),
        at most ``room``. A frame takes whole flowables, so this is found by trying heights."""
        if self.body_columns == 1:
            return room
        sizes = self._body_sizes(side)
        if not self._fits_in(sizes, room):
            return room
        low, high = sum(t for t, _b, _a in sizes) / self.body_columns, room
        for _step in range(14):
            middle = (low + high) / 2
            low, high = (low, middle) if self._fits_in(sizes, middle) else (middle, high)
        return min(room, high + 2.0)  # a little slack for the frame's own rounding

    def draw(self, canvas: Canvas) -> None:
        canvas.setFillColor(ACCENT)
        canvas.rect(
            self.margin,
            self.height - self.margin - self.top_rule,
            self.width - 2 * self.margin,
            self.top_rule,
            stroke=0,
            fill=1,
        )
        self.place(canvas)
        self._draw_logos(canvas)

    def _privacy(self, canvas: Canvas, side: _Side, x: float) -> None:
        top = self.margin + self.logo_band + self.privacy_band
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        rule = top + self.sizes.gap * 0.6
        canvas.line(x, rule, x + self.side_width, rule)
        y = top
        for flowable in side.privacy:
            _w, height = flowable.wrap(self.side_width, BIG)
            y -= height
            flowable.drawOn(canvas, x, y)
            y -= flowable.getSpaceAfter()

    def _draw_logos(self, canvas: Canvas) -> None:
        if not self.logos:
            return
        height = LOGO_HEIGHT[self.size]
        space = (self.width - 2 * self.margin) / len(self.logos)
        for number, logo in enumerate(self.logos):
            wide, high = logo.getSize()
            width = min(space - 6 * mm, height * wide / max(high, 1))
            drawn = width * high / max(wide, 1)
            x = self.margin + number * space + (space - width) / 2
            canvas.drawImage(logo, x, self.margin + (height - drawn) / 2, width, drawn, mask="auto")


#: Short content is set larger, up to these factors, so that a leaflet fills its page; long content at 1.
GROWTH = {False: (1.22, 1.1, 1.0), True: (1.1, 1.0)}
#: Ways to fill the page, best first: (contacts in a band across the page, each list kept in one column).
PLANS = ((True, True), (False, True), (False, False))


def _layout(model: LeafletModel, size: PageSize, large_print: bool) -> _Page:
    """The page at the largest type that fits; at the normal size when nothing fits (placing it then says
    what to shorten)."""
    logos = _logos(model.logos)
    for plan in PLANS:
        for growth in GROWTH[large_print]:
            page = _Page(model, size, large_print, growth, logos, plan=plan)
            if page.fits():
                return page
    return page


def _canvas(out: BytesIO, model: LeafletModel, size: PageSize) -> Canvas:
    canvas = Canvas(
        out,
        pagesize=PAGES[size],
        invariant=True,
        lang=model.language.replace("_", "-"),
        initialFontName="NotoSans",
    )
    canvas.setTitle(" ".join(rtl.clean_text(model.title).split()))
    canvas.setSubject(" ".join(rtl.clean_text(model.sides[0].kicker).split()))
    canvas.setCreator("Partnership Facilitator")
    if model.sides[0].right_to_left:
        canvas.setViewerPreference("Direction", "R2L")
    return canvas


def check_fits(model: LeafletModel, size: PageSize, *, large_print: bool = False) -> None:
    """Raise ``LeafletTooLong`` when the leaflet would not fit on one page (it is laid out and thrown away)."""
    _register(ensure_fonts())
    _layout(model, size, large_print).place(_canvas(BytesIO(), model, size))


def leaflet_pdf_bytes(
    model: LeafletModel,
    size: PageSize = PageSize.A4,
    *,
    large_print: bool = False,
    progress: Progress | None = None,
) -> bytes:
    """The one-page PDF of ``model``. Raises ``LeafletTooLong`` when it would not fit on one page."""
    _register(ensure_fonts(progress))
    if any(side.right_to_left for side in model.sides) and not rtl_supported():
        raise RuntimeError("reportlab was imported without right-to-left support (see exports/rtl.py)")
    out = BytesIO()
    canvas = _canvas(out, model, size)
    _layout(model, size, large_print).draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def write_leaflet_pdf(
    model: LeafletModel,
    path: Path,
    size: PageSize = PageSize.A4,
    *,
    large_print: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write the leaflet's PDF to ``path`` completely or not at all (nothing when it does not fit)."""
    write_atomically(Path(path), leaflet_pdf_bytes(model, size, large_print=large_print, progress=progress))
