"""The fonts PDFs embed: Noto Sans and Noto Sans Arabic from registry packages, with a real bold made once.

Both families come as *variable* fonts (``fontpkg-noto-sans``, ``fontpkg-noto-sans-arabic``). reportlab draws
only a variable font's default instance, which is the regular weight, so ``<b>`` would not be bold. A static
bold instance (weight 700) is cut from each with fontTools' instancer and kept in a cache folder:

    FACILITATOR_CACHE_DIR/fonts/        when that variable is set, else
    platformdirs.user_cache_dir("partnership-facilitator")/fonts/

A bundle made by ``packaging/build.py`` has both instances built in (``folders.built_in_fonts_dir()``), cut when
the bundle was made, so its user's first PDF waits for nothing; the cache is used only if they were missing.

Cutting Noto Sans takes 5 to 20 seconds depending on the machine, Noto Sans Arabic about a second, so it is
done once per machine (and again only when the source font changes: the file name carries a digest of it),
never per export. ``ensure_fonts`` does it and can report progress, so the window can run it off the GUI
thread before the first export. A cached file that cannot be read back whole is cut again.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import manimgx_fonts
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from facilitator import folders
from facilitator.exports.files import write_atomically
from facilitator.i18n import _

#: Files in the registry packages.
NOTO_SANS = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf"
NOTO_SANS_ITALIC = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans-Italic[wdth,wght].ttf"
NOTO_SANS_ARABIC = Path(fontpkg_noto_sans_arabic.ROOT) / "files" / "NotoSansArabic[wdth,wght].ttf"
FAMILY_NAMES = {NOTO_SANS: "Noto Sans", NOTO_SANS_ARABIC: "Noto Sans Arabic"}
BOLD = {"wght": 700, "wdth": 100}

CACHE_ENV = folders.CACHE_ENV  # tests move the cache with it
Progress = Callable[[str], None]
_building = threading.Lock()


@dataclass(frozen=True)
class FontFiles:
    """Paths of the TrueType files a PDF embeds. Regular and italic are the variable fonts' default
    instances (reportlab reads them as static); the bold files are the cached instances."""

    latin: Path
    latin_bold: Path
    latin_italic: Path
    arabic: Path
    arabic_bold: Path


def font_cache_dir() -> Path:
    """Where the bold instances are kept: ``$FACILITATOR_CACHE_DIR/fonts`` or the user's cache folder."""
    return folders.font_cache_dir()


@cache
def _digest(source: Path) -> str:
    # A newer font package gives a new file name, so a stale instance is never used.
    return hashlib.sha256(source.read_bytes()).hexdigest()[:12]


def bold_path(source: Path, cache_dir: Path | None = None) -> Path:
    """Where the bold instance of ``source`` is cached (it may not exist yet)."""
    folder = cache_dir if cache_dir is not None else font_cache_dir()
    stem = source.name.split("[", 1)[0]
    return folder / f"{stem}-Bold-{_digest(source)}.ttf"


def is_intact(path: Path) -> bool:
    """True when ``path`` is a whole static TrueType font: every table it lists lies inside the file and
    the tables reportlab needs are there. A half-written or damaged file is not."""
    try:
        size = path.stat().st_size
        with TTFont(path, lazy=True) as font:
            entries = font.reader.tables
            if any(entry.offset + entry.length > size for entry in entries.values()):
                return False
            if "fvar" in font or not {"glyf", "cmap", "head", "hmtx", "name"} <= set(entries):
                return False
            return bool(font["OS/2"].usWeightClass == BOLD["wght"])
    except Exception:  # any parse error means: cut it again
        return False


def make_bold(source: Path, target: Path) -> None:
    """Cut the static bold instance of the variable font ``source`` and write it to ``target`` atomically.

    ``updateFontNames`` gives the instance its own names (``NotoSans-Bold``): without them reportlab treats
    regular and bold as one font when it embeds them.
    """
    with TTFont(source) as variable:
        static = instancer.instantiateVariableFont(variable, BOLD, updateFontNames=True)
        out = BytesIO()
        static.save(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, out.getvalue())


def built_in_bold(source: Path) -> Path | None:
    """The bold instance of ``source`` built into the bundle the app runs from, if there is a whole one."""
    built_in = folders.built_in_fonts_dir()
    if built_in is None:
        return None
    shipped = bold_path(source, built_in)
    return shipped if is_intact(shipped) else None


def cached_bold(source: Path, cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """The bold instance of ``source``: the bundle's own (unless a ``cache_dir`` is named), else the cached one,
    cut now if it is not cached or the cached file is damaged."""
    shipped = built_in_bold(source) if cache_dir is None else None
    if shipped is not None:
        return shipped
    target = bold_path(source, cache_dir)
    if is_intact(target):
        return target
    with _building:
        if is_intact(target):  # another thread made it while this one waited
            return target
        if progress is not None:
            family = FAMILY_NAMES.get(source, source.stem)
            progress(_("Preparing the bold font {family} for PDF (done once)…").format(family=family))
        make_bold(source, target)
    return target


def fonts_ready(cache_dir: Path | None = None) -> bool:
    """True when ``ensure_fonts`` has nothing to build (cheap enough to ask before every export)."""
    return all(
        (cache_dir is None and built_in_bold(source) is not None) or is_intact(bold_path(source, cache_dir))
        for source in (NOTO_SANS, NOTO_SANS_ARABIC)
    )


def ensure_fonts(progress: Progress | None = None, cache_dir: Path | None = None) -> FontFiles:
    """Every font the PDF writer embeds, building the cached bold instances first if needed.

    The first call on a machine can take many seconds: run it off the GUI thread, with ``progress`` to show
    what it is doing. Later calls only check the cache. Safe to call from several threads at once.
    """
    latin_bold = cached_bold(NOTO_SANS, cache_dir, progress)
    arabic_bold = cached_bold(NOTO_SANS_ARABIC, cache_dir, progress)
    return FontFiles(
        latin=NOTO_SANS,
        latin_bold=latin_bold,
        latin_italic=NOTO_SANS_ITALIC,
        arabic=NOTO_SANS_ARABIC,
        arabic_bold=arabic_bold,
    )


# --- characters the document's fonts lack: fallback fonts, else a visible mark ---------------------------------
#
# Noto Sans and Noto Sans Arabic have no emoji, symbols such as ☎ or ✓, and no Hebrew, Devanagari, Thai...
# reportlab would draw nothing for them (the reader never knows something was there). Each such character is
# drawn from the first fallback font that has it; one no font has is drawn as U+FFFD "�" in Noto Sans, so it is
# visibly missing rather than silently gone. The fallback fonts are Noto as Noto publishes them, from the
# registry package ``manimgx-fonts`` (the only one that carries Noto Emoji; OFL). reportlab draws a variable
# font's default instance, which is what these need (no bold emoji).

FALLBACK_FOLDER = Path(manimgx_fonts.__file__).parent
#: reportlab name -> file, in the order they are asked: emoji and symbols first, then scripts.
FALLBACK_FILES: dict[str, str] = {
    "NotoEmoji": "NotoEmoji[wght].ttf",
    "NotoSansSymbols": "NotoSansSymbols[wght].ttf",
    **{
        f"NotoSans{script}": f"NotoSans{script}[wght].ttf"
        for script in (
            "Hebrew",
            "Armenian",
            "Georgian",
            "Devanagari",
            "Bengali",
            "Gurmukhi",
            "Gujarati",
            "Oriya",
            "Tamil",
            "Telugu",
            "Kannada",
            "Malayalam",
            "Sinhala",
            "Thai",
            "Lao",
            "Khmer",
            "Myanmar",
            "Ethiopic",
        )
    },
}
MISSING = "\ufffd"
MISSING_FONT = "NotoSans"
#: The fonts documents set text in (see ``pdf_writer.FONT_NAMES``), with the file whose characters they have.
PRIMARY_FILES: dict[str, Path] = {
    "NotoSans": NOTO_SANS,
    "NotoSans-Bold": NOTO_SANS,
    "NotoSans-Italic": NOTO_SANS_ITALIC,
    "NotoSansArabic": NOTO_SANS_ARABIC,
    "NotoSansArabic-Bold": NOTO_SANS_ARABIC,
}
_fallbacks_registered: list[bool] = []


@cache
def covered(path: Path) -> frozenset[int]:
    """The characters the font file ``path`` has a glyph for."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def register_fallbacks() -> None:
    """Make the fallback fonts known to reportlab (once per process)."""
    if _fallbacks_registered:
        return
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415 - only the PDF writers need reportlab

    # As the document's own fonts: glyphs drawn by harfbuzz (right-to-left paragraphs, chart labels) copy out.
    from facilitator.exports.pdf_text import ReadableTTFont  # noqa: PLC0415

    for name, file in FALLBACK_FILES.items():
        pdfmetrics.registerFont(ReadableTTFont(name, str(FALLBACK_FOLDER / file)))
    _fallbacks_registered.append(True)


def _invisible(char: str) -> bool:
    # Joiners, variation selectors and other format characters have no glyph anywhere and show nothing.
    return unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F


@cache
def font_for(char: str, font: str) -> tuple[str, str] | None:
    """How ``char`` is drawn in text set in ``font``: ``(font, char)`` where the font has it; else Noto Sans or
    a fallback font that has it; else ``(MISSING_FONT, MISSING)``, the mark that stands in for it. None for an
    invisible character (a joiner, a variation selector) that no font needs to draw."""
    code = ord(char)
    primary = PRIMARY_FILES.get(font)
    if primary is None or code in covered(primary) or char in "\n\t ":
        return font, char
    if code in covered(NOTO_SANS):
        return MISSING_FONT, char
    for name, file in FALLBACK_FILES.items():
        if code in covered(FALLBACK_FOLDER / file):
            return name, char
    return None if _invisible(char) else (MISSING_FONT, MISSING)


def glyph_runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` as ``(text, font)`` runs, every visible character drawn: by ``font`` where it has the glyph, by
    a fallback font where one has it, and as ``MISSING`` where none has (never dropped silently)."""
    runs: list[tuple[str, str]] = []
    for char in text:
        drawn = font_for(char, font)
        if drawn is None:
            continue
        chosen, shown = drawn
        if runs and runs[-1][1] == chosen:
            runs[-1] = (runs[-1][0] + shown, chosen)
        else:
            runs.append((shown, chosen))
    return runs
