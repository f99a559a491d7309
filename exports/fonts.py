"""The fonts PDFs embed: Noto Sans and Noto Sans Arabic from registry packages, with a real bold made once.

Both families come as *variable* fonts (``fontpkg-noto-sans``, ``fontpkg-noto-sans-arabic``). reportlab draws
only a variable font's default instance, which is the regular weight, so ``<b>`` would not be bold. A static
bold instance (weight 700) is cut from each with fontTools' instancer and kept in a cache folder:

    FACILITATOR_CACHE_DIR/fonts/        when that variable is set, else
    platformdirs.user_cache_dir("partnership-facilitator")/fonts/

A bundle made by ``packaging/build.py`` has both instances built in (``folders.built_in_fonts_dir()``), cut when
the bundle was made, so its user's first PDF waits for nothing; the cache is used only if they were missing.

Cutting Noto Sans takes 5 to 35 seconds depending on the machine, Noto Sans Arabic a few, so it is done
once per machine (and again only when the source font changes: the file name carries a digest of it), never
per export, and never where someone waits: the window starts it in a background thread when it shows Home
(``start_building``), and the command line, which must not keep anyone waiting either, writes its first
document with the regular weight standing in for bold (``never_wait``) and leaves a background process
(``python -m facilitator.exports.fonts``) to cut the bold for the next one. A cached file that cannot be read
back whole is cut again.

Imports are kept for when they are needed: checking the cache reads the file's table directory with
``struct`` (no fontTools), and fontTools' instancer (about half a second to import) loads only to cut.
"""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from io import BytesIO
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import manimgx_fonts

from facilitator import folders
from facilitator.exports.files import write_atomically
from facilitator.frozen import frozen
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
#: False within ``never_wait``: missing bold instances are not cut, the regular weight stands in.
_wait_for_bold: list[bool] = [True]


@frozen
class FontFiles:
    """Paths of the TrueType files a PDF embeds. Regular and italic are the variable fonts' default
    instances (reportlab reads them as static); the bold files are the cached instances."""

    latin: Path
    latin_bold: Path
    latin_italic: Path
    arabic: Path
    arabic_bold: Path

    @property
    def has_bold(self) -> bool:
        """False while a bold instance is missing and the regular file stands in for it (``never_wait``)."""
        return self.latin_bold != self.latin and self.arabic_bold != self.arabic


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


#: Tables a static TrueType font reportlab can embed must have.
_NEEDED_TABLES = {b"glyf", b"cmap", b"head", b"hmtx", b"name", b"OS/2"}


def is_intact(path: Path) -> bool:
    """True when ``path`` is a whole static TrueType font of weight 700: every table it lists lies inside the
    file, the tables reportlab needs are there and it is not variable. A half-written or damaged file is not.

    Read with ``struct`` from the file's table directory (the sfnt header, 16 bytes a table), so asking costs
    a fraction of a millisecond and loads no font library."""
    try:
        with path.open("rb") as file:
            data = file.read(12)
            version, count = struct.unpack(">4sH", data[:6])
            if version != b"\x00\x01\x00\x00" or not 0 < count < 100:
                return False
            directory = file.read(16 * count)
            size = path.stat().st_size
            tables = {}
            for i in range(count):
                tag, _checksum, offset, length = struct.unpack_from(">4sLLL", directory, 16 * i)
                if offset + length > size:
                    return False
                tables[tag] = offset
            if b"fvar" in tables or not set(tables) >= _NEEDED_TABLES:
                return False
            file.seek(tables[b"OS/2"] + 4)  # version, xAvgCharWidth, then usWeightClass
            (weight,) = struct.unpack(">H", file.read(2))
            return bool(weight == BOLD["wght"])
    except (OSError, struct.error):  # missing, unreadable or cut short: cut it again
        return False


def make_bold(source: Path, target: Path) -> None:
    """Cut the static bold instance of the variable font ``source`` and write it to ``target`` atomically.

    ``updateFontNames`` gives the instance its own names (``NotoSans-Bold``): without them reportlab treats
    regular and bold as one font when it embeds them.
    """
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - only to cut an instance
    from fontTools.varLib import instancer  # noqa: PLC0415 - half a second to import: only to cut

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


@contextmanager
def never_wait() -> Iterator[None]:
    """Within this block, ``ensure_fonts`` cuts nothing: where a bold instance is not cached yet, the regular
    weight stands in for bold (the command line's first document on a machine, ready in a second instead of
    half a minute; ``build_in_background`` then cuts the bold for the next one)."""
    before = _wait_for_bold[0]
    _wait_for_bold[0] = False
    try:
        yield
    finally:
        _wait_for_bold[0] = before


def ensure_fonts(progress: Progress | None = None, cache_dir: Path | None = None) -> FontFiles:
    """Every font the PDF writer embeds, building the cached bold instances first if needed.

    The first call on a machine can take many seconds: run it off the GUI thread, with ``progress`` to show
    what it is doing (the window starts it when it shows Home: ``start_building``). Later calls only check the
    cache. Safe to call from several threads at once. After ``never_wait`` nothing is cut: a bold not yet
    cached is the regular file (``FontFiles.has_bold`` says which).
    """
    if not _wait_for_bold[0]:
        return available_fonts(cache_dir)
    latin_bold = cached_bold(NOTO_SANS, cache_dir, progress)
    arabic_bold = cached_bold(NOTO_SANS_ARABIC, cache_dir, progress)
    return FontFiles(
        latin=NOTO_SANS,
        latin_bold=latin_bold,
        latin_italic=NOTO_SANS_ITALIC,
        arabic=NOTO_SANS_ARABIC,
        arabic_bold=arabic_bold,
    )


def available_fonts(cache_dir: Path | None = None) -> FontFiles:
    """The fonts as they are now, cutting nothing: a bold instance not cached (or damaged) is replaced by the
    regular file, which the PDF writer then uses for bold text too."""

    def bold_or_regular(source: Path) -> Path:
        target = bold_path(source, cache_dir)
        return target if is_intact(target) else source

    return FontFiles(
        latin=NOTO_SANS,
        latin_bold=bold_or_regular(NOTO_SANS),
        latin_italic=NOTO_SANS_ITALIC,
        arabic=NOTO_SANS_ARABIC,
        arabic_bold=bold_or_regular(NOTO_SANS_ARABIC),
    )


def build_in_background() -> subprocess.Popen[bytes] | None:
    """Cut the missing bold instances (in ``font_cache_dir``) in a separate process that outlives this one:
    the command line's way of never keeping anyone waiting. None when there is nothing to cut."""
    if fonts_ready():
        return None
    builder = subprocess.Popen(
        [sys.executable, "-m", "facilitator.exports.fonts"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Held for as long as this process runs: a handle dropped while its process still runs makes Python warn
    # ("subprocess … is still running"), which tests turn into a failure when a test's PDF started the builder.
    _BUILDERS.append(builder)
    return builder


_BUILDERS: list[subprocess.Popen[bytes]] = []


def start_building(progress: Progress | None = None) -> threading.Thread | None:
    """Cut the missing bold instances in a daemon thread of this process (the window calls it when Home is
    shown, so the first PDF does not wait); None when there is nothing to cut."""
    if fonts_ready():
        return None
    thread = threading.Thread(target=ensure_fonts, args=(progress,), name="bold-fonts", daemon=True)
    thread.start()
    return thread


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
_fallbacks_registered: set[str] = set()


@cache
def covered(path: Path) -> frozenset[int]:
    """The characters the font file ``path`` has a glyph for."""
    return frozenset(advances(path))


# --- what a font file holds, measured once per machine ---------------------------------------------------------
#
# Which characters a font has (``covered``) and how wide each is (``exports.columns``) were read with fontTools
# on every document: a twentieth of a second to import it and read the fonts' tables, for facts that change only
# when the font package does. They are measured once and kept in the font cache beside the bold instances, in a
# small JSON file stamped with the font's path, size, modification time and own checksum (``font_stamp``); a font
# that changed is measured again, a kept file that cannot be read is measured again and replaced, and a cache that
# cannot be written only costs the measuring.

#: Changes when what is kept changes: older files are then measured again.
_KEPT_VERSION = 1


def kept_path(font: Path, kind: str) -> Path:
    """Where something measured from the font file ``font`` is kept (``kind`` is the file's ending)."""
    tag = zlib.crc32(str(font).encode("utf-8", "surrogatepass"))
    return font_cache_dir() / "measured" / f"{font.name.split('[', 1)[0].removesuffix('.ttf')}-{tag:08x}.{kind}"


def _whole_file_checksum(font: Path) -> int | None:
    # The ``head`` table's checkSumAdjustment, which font tools compute from every byte of the font when they
    # build it: a new build of a font carries a new one (a wheel may give all its files one fixed time, so
    # size and time alone could miss a new font of the same size).
    try:
        with font.open("rb") as file:
            (count,) = struct.unpack(">H", file.read(12)[4:6])
            directory = file.read(16 * count)
            for i in range(count):
                tag, _checksum, offset, _length = struct.unpack_from(">4sLLL", directory, 16 * i)
                if tag == b"head":
                    file.seek(offset + 8)
                    (adjustment,) = struct.unpack(">L", file.read(4))
                    return int(adjustment)
    except (OSError, struct.error):
        return None
    return None


def font_stamp(font: Path) -> list[object]:
    """What says that a kept measurement still belongs to ``font``: its path, size, modification time and the
    checksum the font keeps of its whole file."""
    status = font.stat()
    return [_KEPT_VERSION, str(font), status.st_size, status.st_mtime_ns, _whole_file_checksum(font)]


def keep(target: Path, data: bytes) -> None:
    """Keep a measurement in the font cache; a cache that cannot be written is not an error (the measuring is
    done again next time)."""
    from facilitator.errors import KnownError  # noqa: PLC0415 - only when a measurement is kept

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except (OSError, KnownError):
        return


def _read_advances(kept: Path, stamp: list[object]) -> dict[int, float] | None:
    try:
        data = json.loads(kept.read_bytes())
        codes, widths = data["codes"], data["advances"]
        if data["stamp"] != stamp or len(codes) != len(widths):
            return None
        result = {int(code): float(width) for code, width in zip(codes, widths, strict=True)}
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return result


def _measure_advances(path: Path) -> dict[int, float]:
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - only when the fonts are measured (once per machine)

    with TTFont(path, lazy=True) as font:
        scale = 1000 / font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {code: metrics[name][0] * scale for code, name in font.getBestCmap().items()}


@cache
def advances(path: Path) -> dict[int, float]:
    """Every character the font file ``path`` has a glyph for, with its advance in 1/1000 em: measured with
    fontTools the first time, then read from the font cache (see above)."""
    stamp = font_stamp(path)
    kept = kept_path(path, "json")
    found = _read_advances(kept, stamp)
    if found is not None:
        return found
    measured = _measure_advances(path)
    codes = sorted(measured)
    data = {"stamp": stamp, "codes": codes, "advances": [measured[code] for code in codes]}
    keep(kept, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    return measured


def register_fallback(name: str) -> None:
    """Make the fallback font ``name`` known to reportlab, the first time a PDF draws with it (once per process;
    a name that is not a fallback font is left alone). Registering one reads the whole font, so they are not
    all registered for every PDF: twenty of them cost a document that needs none a tenth of a second."""
    if name not in FALLBACK_FILES or name in _fallbacks_registered:
        return
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415 - only the PDF writers need reportlab

    # As the document's own fonts: glyphs drawn by harfbuzz (right-to-left paragraphs, chart labels) copy out.
    from facilitator.exports.pdf_text import ReadableTTFont  # noqa: PLC0415

    pdfmetrics.registerFont(ReadableTTFont(name, str(FALLBACK_FOLDER / FALLBACK_FILES[name])))
    _fallbacks_registered.add(name)


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


if __name__ == "__main__":  # ``python -m facilitator.exports.fonts``: cut the bold instances (build_in_background)
    ensure_fonts()
