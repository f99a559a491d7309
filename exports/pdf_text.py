"""Text in PDFs drawn glyph by glyph from harfbuzz, in every script and direction, and readable when copied out.

reportlab 5.1 shapes Arabic (``shaping=1``) but then never reorders the words of a line (its paragraph code skips
the bidi step when shaping is on), and a shaped glyph reaches the PDF under the first character the font maps to
it (a presentation form, a dotless letter or a private-use code), so copying Arabic out of its PDFs gave broken
letters ("نوفمبر" as "ﺮ ﻤ ﻮ"). Text that needs either is therefore set here:

- **Order.** A paragraph's levels are resolved once by the Unicode bidi algorithm (``rtl.resolved_levels``);
  each line is cut into runs of one direction (``rtl.line_runs``, rules L1 and L2); each run is shaped by
  harfbuzz in its direction and drawn from left to right.
- **Copying out.** The same glyph can stand for different text (an Arabic letter's medial form, a letter with
  or without its dots, a ligature of two letters). ``ReadableTTFont`` gives each pair of glyph and meaning its
  own character code (in the supplementary private use area) and writes the meaning, taken from harfbuzz's
  clusters, into the font's ToUnicode map. Glyphs are drawn in visual order, as PDF readers expect: pdftotext
  and pypdf both give the logical text back (pypdf in presentation forms only where the meaning is one; NFKC
  turns any left into the plain letters).
"""

from __future__ import annotations

import io
import pickle
import re
import sys
from collections.abc import Callable, Sequence
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from facilitator.exports import rtl
from facilitator.exports.fonts import font_for, font_stamp, keep, kept_path, register_fallback
from facilitator.frozen import frozen

rtl.install()  # before reportlab's text module is imported, or reportlab ignores right-to-left


class LazyPattern:
    """A regular expression compiled the first time it is used, standing in for ``re.compile``'s result."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
        return getattr(self.compiled, name)


#: How the web address pattern of reportlab's paragraph module begins (``reportlab.platypus.paragraph.uri_pat``).
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


def import_paragraph_module() -> None:
    """Import reportlab's paragraph module with its web address pattern compiled only when it is used.

    That pattern (case-insensitive, over every character up to U+FFFF) took a quarter of reportlab's import,
    a fifteenth of a PDF's whole run, to compile; reportlab uses it only to hyphenate web addresses, which it
    does only when a style asks for hyphenation (``hyphenationLang``, ``uriWasteReduce``,
    ``embeddedHyphenation``), and no style of ours does. If reportlab ever changes the pattern, it is simply
    compiled at import again (tests/exports/test_kept_fonts.py notices)."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    real = re.compile

    def compile_lazily(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START) and flags == re.IGNORECASE:
            return LazyPattern(pattern, flags)
        return real(pattern, flags)

    setattr(re, "compile", compile_lazily)  # noqa: B010 - only while the paragraph module is imported
    try:
        import reportlab.platypus.paragraph  # noqa: F401, PLC0415
    finally:
        setattr(re, "compile", real)  # noqa: B010


import_paragraph_module()

import reportlab  # noqa: E402
import uharfbuzz  # noqa: E402
from reportlab import rl_config  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import (  # noqa: E402
    SUBSETN,
    TTEncoding,
    TTFNameBytes,
    TTFontFace,
)
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Flowable  # noqa: E402

#: Character codes for glyphs whose meaning is not the character the font maps to them: the supplementary
#: private use area A, which no font we embed maps and reportlab's own private codes (U+E000...) never reach.
PRIVATE_BASE = 0xF0000
FEATURES = {"kern": True, "liga": True}


class _FaceUnpickler(pickle.Unpickler):
    """Reads a kept face back and nothing else: the only class a kept face holds is reportlab's name string, so
    a damaged or planted file cannot make the unpickler call anything."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (TTFNameBytes.__module__, TTFNameBytes.__name__):
            return TTFNameBytes
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a kept font face")


def _scale(units_per_em: int) -> Callable[[float], float]:
    # What reportlab's ``extractInfo`` sets as ``_pdfScale`` (a closure, so it is not kept but made again).
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


#: What reportlab's parser leaves on a face that is not kept: the file's bytes (read again) and the closure.
_NOT_KEPT = ("_ttf_data", "_pdfScale")


def _kept_state(kept: Path, stamp: list[object]) -> dict[str, Any] | None:
    try:
        found = _FaceUnpickler(io.BytesIO(kept.read_bytes())).load()
        if not isinstance(found, list) or len(found) != 2 or found[0] != stamp:
            return None
        if not isinstance(found[1], dict) or "unitsPerEm" not in found[1]:
            return None
        state: dict[str, Any] = found[1]
    except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, IndexError):
        return None
    return state


def font_face(path: str) -> TTFontFace:
    """reportlab's face of the TrueType file ``path``, as its parser makes it: a new one on each call (a
    ``ReadableTTFont`` adds its own private codes to its face, so two fonts never share one).

    Parsing the five document fonts took a tenth of a PDF's time on every run; what the parser finds is kept in
    the font cache (``fonts.kept_path``, stamped as ``fonts.font_stamp`` says and with reportlab's version) and
    read back with the file's bytes."""
    font = Path(path)
    stamp = [*font_stamp(font), reportlab.Version]
    kept = kept_path(font, "face")
    state = _kept_state(kept, stamp)
    if state is None:
        face = TTFontFace(path)
        state = {key: value for key, value in vars(face).items() if key not in _NOT_KEPT}
        keep(kept, pickle.dumps([stamp, state], protocol=pickle.HIGHEST_PROTOCOL))
        return face
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(state, _ttf_data=font.read_bytes(), _pdfScale=_scale(state["unitsPerEm"]))
    return face


class ReadableTTFont(ReportlabTTFont):
    """A TrueType font whose shaped glyphs copy out of a PDF as the text they stand for."""

    def __init__(self, name: str, path: str) -> None:
        # reportlab's ``TTFont.__init__`` with the face read back from the font cache (``font_face``);
        # tests/exports/test_kept_fonts.py checks that the result is what reportlab's own constructor makes.
        self.fontName = name
        self.face = font_face(path)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob or ())
        self._codes: dict[tuple[int, str], int] = {}
        self._meanings: dict[int, str] = {}

    def thousandths(self, units: float) -> float:
        """``units`` of the font's design grid in 1/1000 em, as PDF widths are given."""
        return float(self.pdfScale(units))  # type: ignore[no-untyped-call]  # untyped in types-reportlab

    def code_for(self, glyph: int, meaning: str, advance: float) -> int:
        """The character code that draws ``glyph`` and copies out as ``meaning`` (``advance`` in 1/1000 em)."""
        face = self.face
        if len(meaning) == 1 and face.charToGlyph.get(ord(meaning)) == glyph:
            return ord(meaning)  # the font's own mapping says it already
        key = (glyph, meaning)
        code = self._codes.get(key)
        if code is None:
            code = PRIVATE_BASE + len(self._codes)
            face.charToGlyph[code] = glyph
            face.charWidths[code] = advance
            self._codes[key] = code
            self._meanings[code] = meaning
        return code

    def addObjects(self, doc: Any) -> None:
        """reportlab's font objects, with ToUnicode maps that say what each private code means, and characters
        beyond U+FFFF (emoji) written as UTF-16 pairs (reportlab writes them as four hex digits and one more,
        which readers take for another character or refuse)."""
        subsets = [list(subset) for subset in self.state[doc].subsets]
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is None or not any(code in self._meanings or code > 0xFFFF for code in subset):
                continue
            entries = []
            for index, code in enumerate(subset):
                text = self._meanings.get(code, chr(code) if code < PRIVATE_BASE else "")
                entries.append(f"<{index:02X}> <{text.encode('utf-16-be').hex().upper()}>")
            head, _sep, rest = stream.content.partition("beginbfchar")
            head = head.rsplit("\n", 1)[0]
            tail = rest.split("endbfchar", 1)[1]
            stream.content = (
                f"{head}\n{len(entries)} beginbfchar\n" + "\n".join(entries) + f"\nendbfchar{tail}"
            )


@frozen
class Glyph:
    """One glyph of a shaped run, in 1/1000 em: where it is drawn from the run's pen, and what it means."""

    glyph: int
    x: float
    y: float
    advance: float
    meaning: str


@frozen
class Shaped:
    """A run shaped by harfbuzz: its glyphs from left to right and its width in 1/1000 em."""

    glyphs: tuple[Glyph, ...]
    width: float


def registered(font_name: str) -> ReadableTTFont:
    """The font registered as ``font_name``: every font the writers register is one of ours (``pdf_fonts``,
    ``fonts.register_fallbacks``)."""
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, ReadableTTFont), font_name
    return font


@cache
def shape(text: str, font_name: str, right_to_left: bool) -> Shaped:
    """``text`` shaped in ``font_name`` in one direction. Each glyph's meaning comes from harfbuzz's clusters:
    the widest glyph of a cluster carries the cluster's characters, its marks carry nothing."""
    font = registered(font_name)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_GRAPHEMES
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if right_to_left else "ltr"
    uharfbuzz.shape(font.hbFont(1000), buffer, FEATURES)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    carriers: dict[int, int] = {}
    for number, info in enumerate(infos):
        best = carriers.get(info.cluster)
        if best is None or positions[number].x_advance > positions[best].x_advance:
            carriers[info.cluster] = number
    glyphs, pen = [], 0.0
    for number, (info, position) in enumerate(zip(infos, positions, strict=True)):
        advance = font.thousandths(position.x_advance)
        meaning = text[info.cluster : ends[info.cluster]] if carriers[info.cluster] == number else ""
        meaning = "".join(char for char in meaning if char not in rtl.BIDI_MARKS)
        glyphs.append(
            Glyph(
                info.codepoint,
                pen + font.thousandths(position.x_offset),
                font.thousandths(position.y_offset),
                advance,
                meaning,
            )
        )
        pen += advance
    return Shaped(tuple(glyphs), pen)


def text_width(text: str, font_name: str, size: float, right_to_left: bool | None = None) -> float:
    """The width of ``text`` shaped as one run, in points."""
    backwards = rtl.has_rtl(text) if right_to_left is None else right_to_left
    return shape(text, font_name, backwards).width * size / 1000


def drawn_with(text: str, fonts: Sequence[str]) -> tuple[str, list[str]]:
    """``text`` as it is drawn, character for character (so bidi levels and spans still fit): each character in
    its font where that has it, else in a fallback font that has it, else as the visible mark ``fonts.MISSING``
    (``fonts.font_for``). An invisible character that no font has (an isolate, a joiner) stays where it is, in
    its font: harfbuzz draws nothing for it."""
    chars: list[str] = []
    chosen: list[str] = []
    for char, font in zip(text, fonts, strict=True):
        drawn = font_for(char, font)
        shown_font, shown = drawn if drawn is not None else (font, char)
        if shown_font != font:
            register_fallback(shown_font)
        chars.append(shown)
        chosen.append(shown_font)
    return "".join(chars), chosen


def span_width(text: str, fonts: Sequence[str], span: tuple[int, int], size: float) -> float:
    """The width in points of ``text[span]`` (one word, say), each run of one font shaped on its own."""
    width, start = 0.0, span[0]
    for index in range(span[0], span[1] + 1):
        if index == span[1] or fonts[index] != fonts[start]:
            if index > start:
                width += text_width(text[start:index], fonts[start], size)
            start = index
    return width


def draw_shaped(canvas: Canvas, at: tuple[float, float], shaped: Shaped, font_name: str, size: float) -> None:
    """Draw a shaped run with its left end on the baseline at ``at``, in the canvas's fill colour."""
    x, y = at
    font = registered(font_name)
    doc = canvas._doc  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it (no public way to draw glyph ids)
    operators = ["BT"]
    current = ""
    # Glyphs that carry text first, in visual order, then those that carry none (the dots of a letter drawn
    # apart): a mark drawn between two letters would make readers see a space there.
    ordered = [g for g in shaped.glyphs if g.meaning] + [g for g in shaped.glyphs if not g.meaning]
    for glyph in ordered:
        code = font.code_for(glyph.glyph, glyph.meaning, glyph.advance)
        for subset, data in font.splitString(chr(code), doc):
            name = font.getSubsetInternalName(subset, doc)
            if name != current:
                operators.append(f"{name} {size:.2f} Tf")
                current = name
            left = x + glyph.x * size / 1000
            rise = y + glyph.y * size / 1000
            operators.append(f"1 0 0 1 {left:.3f} {rise:.3f} Tm <{data.hex()}> Tj")
    operators.append("ET")
    canvas._code.append(" ".join(operators))  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it


@frozen
class Piece:
    """A part of a line in one font and one direction, shaped, as it is drawn from left to right."""

    shaped: Shaped
    font: str
    width: float  # points


def line_pieces(
    text: str,
    fonts: Sequence[str],
    size: float,
    levels: list[int | None],
    span: tuple[int, int],
    *,
    right_to_left: bool,
) -> list[Piece]:
    """The line ``text[span]`` of a paragraph (levels from ``rtl.resolved_levels``) as shaped pieces from left
    to right; ``fonts`` gives each character's font."""
    pieces: list[Piece] = []
    for start, end, backwards in rtl.line_runs(text, levels, span[0], span[1], right_to_left):
        parts: list[tuple[str, str]] = []
        for index in range(start, end):
            if parts and fonts[index] == parts[-1][1]:
                parts[-1] = (parts[-1][0] + text[index], parts[-1][1])
            else:
                parts.append((text[index], fonts[index]))
        if backwards:
            parts.reverse()
        for part, font in parts:
            shaped = shape(part, font, backwards)
            pieces.append(Piece(shaped, font, shaped.width * size / 1000))
    return pieces


def _one_line(text: str, font: str, size: float, right_to_left: bool | None) -> list[Piece]:
    text = rtl.clean_text(text).replace("\n", " ")
    backwards = rtl.reads_right_to_left(text, rtl.has_rtl(text)) if right_to_left is None else right_to_left
    levels = rtl.resolved_levels(text, backwards)
    shown, fonts = drawn_with(text, [font] * len(text))
    return line_pieces(shown, fonts, size, levels, (0, len(text)), right_to_left=backwards)


def draw_line(
    canvas: Canvas,
    at: tuple[float, float],
    text: str,
    font: str,
    size: float,
    *,
    anchor: str = "start",
    right_to_left: bool | None = None,
) -> float:
    """One line of plain text (a chart's label, a footer) drawn in its own direction; ``anchor`` is where ``x``
    is: "start" (the left end), "middle" or "end" (the right end). Characters ``font`` lacks are drawn from a
    fallback font or as a visible mark. Returns its width."""
    x, y = at
    pieces = _one_line(text, font, size, right_to_left)
    width = sum(piece.width for piece in pieces)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    for piece in pieces:
        draw_shaped(canvas, (left, y), piece.shaped, piece.font, size)
        left += piece.width
    return width


def line_width(text: str, font: str, size: float) -> float:
    """The width of one line of plain text as ``draw_line`` draws it."""
    return sum(piece.width for piece in _one_line(text, font, size, None))


# --- paragraphs --------------------------------------------------------------------------------------------


@frozen
class _Prepared:
    """A paragraph's text as hard lines (split at line breaks), each with its characters' fonts and levels."""

    lines: tuple[str, ...]
    fonts: tuple[tuple[str, ...], ...]
    levels: tuple[tuple[int | None, ...], ...]


Line = tuple[int, int, int]  # (hard line, start, end)


class BidiParagraph(Flowable):
    """A paragraph of plain text that holds right-to-left script or sits in a right-to-left document.

    ``label`` is set in ``bold_font`` before the text (as "Decision:" is). Lines break between words in
    logical order and are drawn in visual order; splits between lines across pages and table rows, never
    leaving one line alone at the foot or the head of a page; honours the style's font, size, leading,
    colour, spacing, alignment, indents, background and the bullet of ``bullet``.
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        right_to_left: bool,
        label: str = "",
        bold_font: str = "",
        bullet: str = "",
        _prepared: _Prepared | None = None,
        _lines: list[Line] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.right_to_left = right_to_left
        self.label = label
        self.bold_font = bold_font or style.fontName
        self.bullet = bullet
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self._prepared = _prepared or self._prepare()
        self._lines = _lines
        self._fixed = _lines is not None
        self._broken_for: float | None = None
        self.width = self.height = 0.0

    def _prepare(self) -> _Prepared:
        label_words = rtl.clean_text(self.label).split()
        lines, fonts, levels = [], [], []
        for number, line in enumerate(rtl.clean_text(self.text).replace("\t", " ").split("\n")):
            words = [(word, self.style.fontName) for word in line.split(" ") if word]
            if number == 0:
                words = [(word, self.bold_font) for word in label_words] + words
            text = " ".join(word for word, _font in words)
            marks: list[str] = []
            for index, (word, font) in enumerate(words):
                marks += [font] * (len(word) + (1 if index else 0))
            levels.append(tuple(rtl.resolved_levels(text, self.right_to_left)))
            # What the paragraph's fonts lack is drawn from a fallback font, or as a visible mark.
            text, marks = drawn_with(text, marks)
            lines.append(text)
            fonts.append(tuple(marks))
        return _Prepared(tuple(lines), tuple(fonts), tuple(levels))

    def _cut(
        self, text: str, start: int, end: int, fonts: Sequence[str], width: float
    ) -> list[tuple[int, int]]:
        """A word too long for a line, cut where it must be (widths of single characters, unshaped)."""
        size = self.style.fontSize
        pieces, first, used = [], start, 0.0
        for index in range(start, end):
            advance = pdfmetrics.stringWidth(text[index], fonts[index], size)
            if used + advance > width and index > first:
                pieces.append((first, index))
                first, used = index, 0.0
            used += advance
        pieces.append((first, end))
        return pieces

    def _break(self, width: float) -> list[Line]:
        size = self.style.fontSize
        lines: list[Line] = []
        for number, text in enumerate(self._prepared.lines):
            fonts = self._prepared.fonts[number]
            start = end = 0
            used = 0.0
            position = 0
            opened = False
            for word in text.split(" ") if text else []:
                first, last = position, position + len(word)
                position = last + 1
                font = fonts[first]
                advance = span_width(text, fonts, (first, last), size) if len(word) < 200 else width + 1
                if advance > width:
                    for piece in self._cut(text, first, last, fonts, width):
                        if opened:
                            lines.append((number, start, end))
                        start, end, opened = piece[0], piece[1], True
                        used = sum(
                            pdfmetrics.stringWidth(text[index], fonts[index], size)
                            for index in range(piece[0], piece[1])
                        )
                    continue
                space = pdfmetrics.stringWidth(" ", font, size) if opened else 0.0
                if opened and used + space + advance > width:
                    lines.append((number, start, end))
                    start, used, space = first, 0.0, 0.0
                elif not opened:
                    start = first
                end, opened = last, True
                used += space + advance
            lines.append((number, start, end) if opened else (number, 0, 0))
        return lines

    def _text_width(self, available: float) -> float:
        return float(max(available - self.style.leftIndent - self.style.rightIndent, self.style.fontSize))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        text_width = self._text_width(availWidth)
        if self._lines is None or (not self._fixed and self._broken_for != text_width):
            self._lines = self._break(text_width)
            self._broken_for = text_width
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def line_count(self) -> int:
        """How many lines the paragraph takes at the width it was last wrapped to."""
        return len(self._lines or ())

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        count = len(self._lines)
        fits = int(availHeight // self.style.leading)
        if fits >= count:
            return [self]
        if count - fits < 2:  # no widow: at least two lines go over
            fits = count - 2
        if fits < 2:  # no orphan: at least two lines stay
            return []
        first_style = ParagraphStyle(self.style.name + "-head", parent=self.style, spaceAfter=0)
        rest_style = ParagraphStyle(self.style.name + "-tail", parent=self.style, spaceBefore=0)
        common: dict[str, Any] = {
            "right_to_left": self.right_to_left,
            "bold_font": self.bold_font,
            "_prepared": self._prepared,
        }
        return [
            BidiParagraph(self.text, first_style, bullet=self.bullet, _lines=self._lines[:fits], **common),
            BidiParagraph(self.text, rest_style, _lines=self._lines[fits:], **common),
        ]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        assert self._lines is not None
        left = style.leftIndent
        text_width = self._text_width(self.width)
        if style.backColor is not None:
            pad = (
                style.borderPadding
                if isinstance(style.borderPadding, (tuple, list))
                else [style.borderPadding] * 4
            )
            canvas.saveState()
            canvas.setFillColor(style.backColor)
            canvas.rect(-pad[3], -pad[2], self.width + pad[1] + pad[3], self.height + pad[0] + pad[2], 0, 1)
            canvas.restoreState()
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        size, leading = style.fontSize, style.leading
        prepared = self._prepared
        for number, (hard, start, end) in enumerate(self._lines):
            baseline = self.height - (number + 1) * leading + 0.3 * leading
            pieces = line_pieces(
                prepared.lines[hard],
                prepared.fonts[hard],
                size,
                list(prepared.levels[hard]),
                (start, end),
                right_to_left=self.right_to_left,
            )
            total = sum(piece.width for piece in pieces)
            if style.alignment == TA_CENTER:
                x = left + (text_width - total) / 2
            elif style.alignment == TA_RIGHT:
                x = left + text_width - total
            else:
                x = left
            for piece in pieces:
                draw_shaped(canvas, (x, baseline), piece.shaped, piece.font, size)
                x += piece.width
            if number == 0 and self.bullet:
                bullet_x = left + text_width + 4 if style.alignment == TA_RIGHT else left - 10
                draw_line(canvas, (bullet_x, baseline), self.bullet, style.bulletFontName, size)
        canvas.restoreState()
