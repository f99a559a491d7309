"""Scripts and text direction for the writers, and the ``rlbidi`` module reportlab looks for.

The writers share a few plain-text helpers here: ``clean_text`` (what may go into a document at all),
``has_arabic``/``has_rtl`` and ``script_runs`` (which parts of a text are Arabic script).

reportlab lays out right-to-left paragraphs (``wordWrap="RTL"``) only when a module named ``rlbidi`` can be
imported, and it tries exactly once, when ``reportlab.pdfgen.textobject`` is first imported. That module is
not on any package registry, so without this adapter reportlab silently prints Arabic left to right. reportlab
needs one function from it, ``log2vis``; this module provides it over python-bidi's Unicode bidi algorithm
and registers itself as ``rlbidi``. ``install()`` must run before reportlab's text module is imported:
``facilitator.exports.pdf_writer`` calls it at its top, before importing reportlab.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
import unicodedata
from typing import Any

from bidi import algorithm

#: Explicit directional formatting characters: they steer the algorithm and are never drawn.
BIDI_MARKS = frozenset(
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
#: Arabic script: Arabic, Supplement, Extended-B and -A, Presentation Forms-A and -B, Rumi, Mathematical.
_ARABIC = (
    "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
    "\U00010e60-\U00010e7f\U0001ee00-\U0001eeff"
)
_ARABIC_CHAR = re.compile(f"[{_ARABIC}]")
#: Scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko... and the historic ones) and RLM.
_RTL_CHAR = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff\u200f\u202b\u202e\u2067]"
)
#: A letter or digit of a left-to-right script (anything alphanumeric that is not right-to-left).
_LTR_LETTER = re.compile(
    "[^\\W\\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
#: What no document may hold: C0 and C1 controls other than tab and line breaks, lone surrogates, and the
#: two non-characters XML refuses. Form feed and vertical tab become line breaks.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_RUN_BREAK = re.compile(f"([{_ARABIC}]+(?:[^\\w]+[{_ARABIC}]+)*)")

_LEVELS = {"LTR": "L", "RTL": "R", "L": "L", "R": "R"}
#: python-bidi's own algorithm predates isolates (Unicode 6.3); they are read as the embeddings they extend.
_ISOLATE_AS_EMBEDDING = {"LRI": "LRE", "RLI": "RLE", "PDI": "PDF"}


def clean_text(text: str) -> str:
    """``text`` as it may go into a document: line breaks made ``\\n``, control characters removed."""
    return _UNPRINTABLE.sub("", _LINE_BREAKS.sub("\n", text))


def has_arabic(text: str) -> bool:
    """True when ``text`` holds a letter of the Arabic script (Arabic, Persian, Urdu...)."""
    return _ARABIC_CHAR.search(text) is not None


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a letter of a right-to-left script (or a right-to-left mark)."""
    return _RTL_CHAR.search(text) is not None


def reads_right_to_left(text: str, document_rtl: bool) -> bool:
    """Whether a paragraph of ``text`` runs right to left: in a right-to-left document unless it has only
    left-to-right letters (a partner's name in Latin letters, an untranslated English note), which then
    read left to right as they were written (the first-strong-letter rule of the bidi algorithm)."""
    if not document_rtl:
        return False
    return has_rtl(text) or _LTR_LETTER.search(text) is None


def script_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs, each with True when it is Arabic script. Spaces and punctuation between two
    Arabic words stay in the Arabic run; everything else (Latin, digits, the rest) is in plain runs."""
    return [(part, index % 2 == 1) for index, part in enumerate(_RUN_BREAK.split(text)) if part]


def _resolved(text: str, base_direction: str | None) -> tuple[dict[str, Any], int]:
    """python-bidi's storage after the algorithm's rules up to L1, with each character's logical index."""
    storage = algorithm.get_empty_storage()
    direction = _LEVELS.get((base_direction or "").upper())
    level = algorithm.PARAGRAPH_LEVELS[direction] if direction else algorithm.get_base_level(text)
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index  # one entry per code point: Python strings have no surrogate pairs
        kind = char["type"]
        if kind == "FSI":  # first strong isolate: its direction is that of the text that follows
            kind = "RLE" if algorithm.get_base_level(text[index + 1 :]) else "LRE"
        kind = _ISOLATE_AS_EMBEDDING.get(kind, kind) or "L"  # unassigned code points have no class: L
        char["type"] = char["orig"] = kind
    algorithm.explicit_embed_and_overrides(storage)  # also drops the explicit marks (rule X9)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return storage, level


def log2vis(
    text: str,
    base_direction: str | None = "RTL",
    clean: bool = False,
    positions_V_to_L: list[int] | None = None,  # noqa: N803 - the name reportlab passes
    **_ignored: Any,
) -> str:
    """``text`` in logical order, returned in visual order (left to right as drawn), brackets mirrored.

    ``base_direction`` is "RTL", "LTR" or None (taken from the first strong character). With ``clean`` the
    explicit bidi marks are left out. When given, ``positions_V_to_L`` is filled with, for each character of
    the result, its index in ``text``: reportlab uses it to map visual words back to logical words.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    storage, _level = _resolved(text, base_direction)
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    chars = storage["chars"]
    if clean:
        chars = [c for c in chars if c["ch"] not in BIDI_MARKS]
    if positions_V_to_L is not None:
        positions_V_to_L[:] = [c["index"] for c in chars]
    return "".join(c["ch"] for c in chars)


def resolved_levels(text: str, right_to_left: bool) -> list[int | None]:
    """The embedding level of each character of one paragraph (no line breaks inside), resolved once for the
    whole paragraph as the Unicode bidi algorithm asks (rules up to I2); None for explicit bidi marks, which
    are never drawn. Odd levels read right to left."""
    storage, _base = _resolved(text, "RTL" if right_to_left else "LTR")
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        index = char["index"]
        levels[index] = storage["base_level"] if char["orig"] in ("B", "S") else char["level"]
    return levels


def line_runs(
    text: str, levels: list[int | None], start: int, end: int, right_to_left: bool
) -> list[tuple[int, int, bool]]:
    """The line ``text[start:end]`` of a paragraph whose levels were resolved by ``resolved_levels``, as runs
    of one direction in the order they are drawn from left to right.

    Each run is ``(start, end, rtl)``, a slice of ``text`` in logical order; ``rtl`` runs are drawn right to
    left (shaped right to left, brackets mirrored). Explicit bidi marks belong to no run. This is rules L1
    and L2 of the Unicode bidi algorithm at the level of runs, which is what a writer that shapes each run
    separately needs.
    """
    base = 1 if right_to_left else 0
    runs: list[list[int]] = []  # [start, end, level]
    for index in range(start, end):
        level = levels[index]
        if level is None:
            continue
        if runs and runs[-1][1] == index and runs[-1][2] == level:
            runs[-1][1] = index + 1
        elif runs and runs[-1][2] == level and all(levels[i] is None for i in range(runs[-1][1], index)):
            runs[-1][1] = index + 1  # a run goes on over the marks inside it
        else:
            runs.append([index, index + 1, level])
    # L1: whitespace at the end of the line takes the paragraph's level.
    while runs and not text[runs[-1][0] : runs[-1][1]].strip() and runs[-1][2] != base:
        runs[-1][2] = base
        if len(runs) > 1 and runs[-2][2] == base and runs[-2][1] == runs[-1][0]:
            runs[-2][1] = runs.pop()[1]
    if not runs:
        return []
    highest = max(run[2] for run in runs)
    lowest_odd = min((run[2] for run in runs if run[2] % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):  # L2
        first = None
        for position in range(len(runs) + 1):
            inside = position < len(runs) and runs[position][2] >= level
            if inside and first is None:
                first = position
            elif not inside and first is not None:
                runs[first:position] = runs[first:position][::-1]
                first = None
    return [(first, last, level % 2 == 1) for first, last, level in runs]


def visual_runs(text: str, right_to_left: bool) -> list[tuple[int, int, bool]]:
    """One line of ``text`` (a whole paragraph) as runs of one direction, in the order they are drawn from
    left to right (see ``line_runs``)."""
    return line_runs(text, resolved_levels(text, right_to_left), 0, len(text), right_to_left)


#: Characters of the two directions and numbers, by bidi class.
_STRONG_LTR, _STRONG_RTL, _NUMBER = frozenset({"L"}), frozenset({"R", "AL"}), frozenset({"EN", "AN"})
#: Latin punctuation that ends a left-to-right phrase ("…on Thursday morning.") and goes with it (with symbols
#: and emoji: ``_goes_with_phrase``).
_CLOSING = frozenset(".,;:!?)]}%\"'’”…")
LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def _classes(text: str) -> list[str]:
    return [unicodedata.bidirectional(char) or "L" for char in text]


def _goes_with_phrase(char: str) -> bool:
    """Latin closing punctuation, and symbols and emoji with what builds them (skin tones, variation
    selectors, joiners): what a sentence of the original language ends with."""
    return char in _CLOSING or unicodedata.category(char) in ("So", "Sk", "Mn", "Cf")


def _closing_end(text: str, end: int) -> int:
    """Where a left-to-right sentence that opens ``text`` and ends its letters at ``end`` really ends: after
    its closing punctuation and its symbols and emoji ("…the playground 🚸."), spaces between them included,
    never a space before what follows."""
    ahead = end
    while ahead < len(text) and (_goes_with_phrase(text[ahead]) or text[ahead] == " "):
        if text[ahead] != " ":
            end = ahead + 1
        ahead += 1
    return end


def isolate(text: str, right_to_left: bool) -> str:
    """``text`` with each phrase of the other direction isolated (U+2066 or U+2067 … U+2069), so that it keeps
    its own order inside a paragraph of ``right_to_left`` direction.

    In a right-to-left paragraph a left-to-right phrase runs from its first left-to-right letter (with the
    numbers just before it, as in "18 needles found") to its last letter or number; in a left-to-right
    paragraph a right-to-left phrase runs from its first right-to-left letter to its last right-to-left letter
    or number. Latin punctuation goes with a phrase that opens the text (a sentence in the original language:
    "…on Thursday morning."), not with a name inside an Arabic sentence. Text that already holds explicit
    bidi marks is left as it is: whoever put them there meant them.
    """
    if not text or any(char in BIDI_MARKS for char in text):
        return text
    classes = _classes(text)
    foreign, own = (_STRONG_LTR, _STRONG_RTL) if right_to_left else (_STRONG_RTL, _STRONG_LTR)
    opening = LRI if right_to_left else RLI
    islands: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        if classes[index] not in foreign:
            index += 1
            continue
        first = index
        back = first - 1  # numbers and their separators just before belong to the phrase
        while back >= 0 and classes[back] not in own | foreign and text[back] != "\n":
            if classes[back] in _NUMBER:
                first = back
            back -= 1
        last = index
        ahead = index + 1
        while ahead < len(text) and classes[ahead] not in own and text[ahead] != "\n":
            if classes[ahead] in foreign or classes[ahead] in _NUMBER:
                last = ahead
            ahead += 1
        end = last + 1
        if right_to_left and not any(c in own for c in classes[:first]):  # a sentence of its own
            end = _closing_end(text, end)
        islands.append((first, end))
        index = max(end, ahead)
    if not islands:
        return text
    pieces, done = [], 0
    for first, end in islands:
        pieces += [text[done:first], opening, text[first:end], PDI]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def mirrored(text: str) -> str:
    """``text`` with brackets and similar paired characters swapped, as a right-to-left run shows them."""
    return "".join(algorithm.MIRRORED.get(char, char) for char in text)


def install() -> None:
    """Register this adapter as ``rlbidi`` so that reportlab finds it when it first imports its text module.

    Harmless when called again. When reportlab's text module was already imported without it (something
    imported reportlab first), that module and the paragraph module that copies its names are reloaded so
    that right-to-left support is on all the same.
    """
    if sys.modules.get("rlbidi") is None:
        module = types.ModuleType("rlbidi", "reportlab's bidi module, provided by facilitator.exports.rtl")
        module.log2vis = log2vis  # type: ignore[attr-defined]
        sys.modules["rlbidi"] = module
    text_module = sys.modules.get("reportlab.pdfgen.textobject")
    if text_module is not None and not getattr(text_module, "rtlSupport", False):
        importlib.reload(text_module)
        paragraph_module = sys.modules.get("reportlab.platypus.paragraph")
        if paragraph_module is not None:
            importlib.reload(paragraph_module)
