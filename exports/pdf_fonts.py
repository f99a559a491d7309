"""The fonts PDF documents and leaflets are drawn in, shared by every PDF writer: registering them with
reportlab, choosing the family that sets a text (by script), and turning plain user text into paragraph markup
with fallback fonts for the characters Noto Sans lacks.
"""

from __future__ import annotations

from facilitator.exports import rtl
from facilitator.exports.fonts import (
    NOTO_SANS_ARABIC,
    FontFiles,
    Progress,
    covered,
    ensure_fonts,
    glyph_runs,
    register_fallback,
)
from facilitator.exports.pdf_text import ReadableTTFont

rtl.install()  # before reportlab's text module is imported, or reportlab ignores right-to-left

from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfgen import textobject  # noqa: E402

#: reportlab font names, by script, for regular, bold and italic.
LATIN, ARABIC = "latin", "arabic"
FONT_NAMES = {
    LATIN: ("NotoSans", "NotoSans-Bold", "NotoSans-Italic"),
    ARABIC: ("NotoSansArabic", "NotoSansArabic-Bold", "NotoSansArabic"),
}
_registered: dict[str, FontFiles] = {}


def rtl_supported() -> bool:
    """True when reportlab found the ``rlbidi`` adapter and lays out right-to-left paragraphs."""
    return bool(textobject.rtlSupport)


def _register(files: FontFiles) -> None:
    if _registered.get("files") == files:
        return
    paths = {
        "NotoSans": files.latin,
        "NotoSans-Bold": files.latin_bold,
        "NotoSans-Italic": files.latin_italic,
        "NotoSansArabic": files.arabic,
        "NotoSansArabic-Bold": files.arabic_bold,
    }
    for name, path in paths.items():
        # reportlab keeps the first font registered under a name: drop it, these files replace it (the bold
        # that stood in while none was cut, ``fonts.never_wait``, gives way to the real one).
        pdfmetrics._fonts.pop(name, None)  # type: ignore[attr-defined]  # reportlab's private API: its stubs do not list it
        if name.endswith("-Bold") and path == paths[name.removesuffix("-Bold")]:
            # No bold instance yet (``fonts.never_wait``): bold text is set in the regular font itself. The
            # same font object under both names, so the PDF embeds it once (two objects of one file would
            # give two embedded fonts of the same name, which viewers confuse).
            pdfmetrics._fonts[name] = pdfmetrics.getFont(name.removesuffix("-Bold"))  # type: ignore[attr-defined]
            continue
        pdfmetrics.registerFont(ReadableTTFont(name, str(path)))
    for regular, bold, italic in FONT_NAMES.values():
        pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
    _registered["files"] = files


def _arabic_font_covers() -> frozenset[int]:
    characters: frozenset[int] = covered(NOTO_SANS_ARABIC)
    return characters


def script_of(text: str, right_to_left: bool) -> str:
    """Which font family sets ``text``: Arabic script needs Noto Sans Arabic, which also has Latin and digits,
    so a right-to-left document keeps to it wherever it covers the text (one font per paragraph)."""
    if rtl.has_arabic(text):
        return ARABIC
    if right_to_left:
        covered = _arabic_font_covers()
        if all(ord(c) in covered or c.isspace() for c in text):
            return ARABIC
    return LATIN


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as reportlab's paragraph parser reads them (as ``xml.sax.saxutils.escape`` does;
    that module loads ``urllib.request``, and with it http and ssl, for every PDF)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """Plain user text as reportlab paragraph markup: escaped, controls removed, line breaks kept, and every
    character Noto Sans lacks drawn from a fallback font or as a visible mark (``fonts.glyph_runs``)."""
    primary = FONT_NAMES[LATIN][0]
    parts = []
    for run, font in glyph_runs(rtl.clean_text(text), primary):
        piece = escape(run).replace("\t", " ").replace("\n", "<br/>")
        if font != primary:
            register_fallback(font)
        parts.append(piece if font == primary else f'<font name="{font}">{piece}</font>')
    return "".join(parts)


def register_fonts(progress: Progress | None = None) -> None:
    """Register the fonts documents are drawn in with reportlab (building their bold once per machine)."""
    _register(ensure_fonts(progress))
