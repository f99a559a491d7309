"""What the PDF and Word writers measure in a font file is measured once per machine and kept in the font cache
(``fonts.advances``, ``pdf_text.font_face``): kept facts are exactly what measuring gives, a font that changed or
a kept file that is damaged is measured again, and a cache that cannot be written costs only the measuring.

Also here: reportlab's web address pattern, compiled only when used (``pdf_text.import_paragraph_module``)."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from facilitator.docmodel import Paragraph
from facilitator.exports import fonts, pdf_text
from facilitator.exports.pdf_writer import pdf_bytes
from tests.exports.conftest import arabic_model, latin_model, long_model

pytestmark = pytest.mark.usefixtures("font_cache")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty font cache of this test's own (no measurement kept yet), and a copy of Noto Sans Arabic in a
    folder of its own, so that the test may change the font's file."""
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "cache"))
    fonts.advances.cache_clear()
    yield tmp_path
    fonts.advances.cache_clear()
    fonts.covered.cache_clear()


def _copy_of_a_font(folder: Path) -> Path:
    copy = folder / "fonts" / fonts.NOTO_SANS_ARABIC.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(fonts.NOTO_SANS_ARABIC, copy)
    return copy


def test_advances_are_kept_and_read_back_as_measured(cache: Path) -> None:
    font = _copy_of_a_font(cache)
    measured = fonts._measure_advances(font)
    assert len(measured) > 500 and measured[ord("ب")] > 0  # the check can fail: a real font was measured
    first = fonts.advances(font)
    kept = fonts.kept_path(font, "json")
    assert kept.exists() and kept.parent.parent == fonts.font_cache_dir()
    fonts.advances.cache_clear()
    again = fonts.advances(font)
    assert again == first == measured
    assert fonts.covered(font) == frozenset(measured)


def test_a_changed_font_or_a_damaged_kept_file_is_measured_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = _copy_of_a_font(cache)
    fonts.advances(font)
    kept = fonts.kept_path(font, "json")
    kept.write_text('{"stamp": [1], "codes": [65], "advances": [1.0]}')  # not this font's stamp
    fonts.advances.cache_clear()
    assert fonts.advances(font) == fonts._measure_advances(font)
    for damaged in (b"\x00\xffnot json", b'{"codes": [1, 2]}', b"[]"):
        kept.write_bytes(damaged)
        fonts.advances.cache_clear()
        assert fonts.advances(font) == fonts._measure_advances(font)
        assert kept.read_bytes() != damaged  # replaced by the new measurement

    # A newer font package: same path, another size and time. Its measurement is not the old one's.
    data = bytearray(font.read_bytes())
    font.write_bytes(bytes(data) + b"\x00" * 4)
    os.utime(font, ns=(font.stat().st_atime_ns, font.stat().st_mtime_ns + 10**9))
    assert _measured(font, monkeypatch) == [font]


def _measured(font: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The fonts measured (not taken from what was kept) when ``font``'s advances are asked for afresh."""
    calls: list[Path] = []
    real = fonts._measure_advances
    monkeypatch.setattr(fonts, "_measure_advances", lambda path: calls.append(path) or real(path))
    fonts.advances.cache_clear()
    fonts.advances(font)
    return calls


def test_a_new_build_of_the_same_size_and_time_is_measured_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wheels may give every file the same time: the font's own whole-file checksum tells a new build."""
    font = _copy_of_a_font(cache)
    fonts.advances(font)
    times = (font.stat().st_atime_ns, font.stat().st_mtime_ns)
    data = bytearray(font.read_bytes())
    count = struct.unpack_from(">H", data, 4)[0]
    head = next(
        struct.unpack_from(">L", data, 12 + 16 * i + 8)[0]
        for i in range(count)
        if data[12 + 16 * i : 16 + 16 * i] == b"head"
    )
    data[head + 8 : head + 12] = b"\x12\x34\x56\x78"  # as a rebuilt font's checkSumAdjustment
    font.write_bytes(bytes(data))
    os.utime(font, ns=times)
    assert _measured(font, monkeypatch) == [font]


def test_a_cache_that_cannot_be_written_only_costs_the_measuring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv(fonts.CACHE_ENV, str(blocked))
    fonts.advances.cache_clear()
    try:
        assert fonts.advances(fonts.NOTO_SANS) == fonts._measure_advances(fonts.NOTO_SANS)
        face = pdf_text.font_face(str(fonts.NOTO_SANS))
        assert face.charWidths == TTFont("Plain", str(fonts.NOTO_SANS)).face.charWidths
    finally:
        fonts.advances.cache_clear()


def _same_face(kept: object, parsed: object) -> None:
    mine, theirs = dict(vars(kept)), dict(vars(parsed))
    scale_mine, scale_theirs = mine.pop("_pdfScale"), theirs.pop("_pdfScale")
    assert scale_mine(1234) == scale_theirs(1234)
    assert mine.keys() == theirs.keys()
    for key, value in theirs.items():
        assert mine[key] == value, key
        assert type(mine[key]) is type(value), key


@pytest.mark.parametrize("which", ["latin", "latin_bold", "latin_italic", "arabic", "arabic_bold"])
def test_a_kept_face_is_what_reportlab_parses(cache: Path, font_files: fonts.FontFiles, which: str) -> None:
    path = str(getattr(font_files, which))
    theirs = TTFont("Theirs", path)
    made = pdf_text.ReadableTTFont("Mine", path)  # measured and kept
    kept = fonts.kept_path(Path(path), "face")
    assert kept.exists()
    read_back = pdf_text.ReadableTTFont("Mine", path)  # read from the cache
    for mine in (made, read_back):
        _same_face(mine.face, theirs.face)
        mine_vars = {k: v for k, v in vars(mine).items() if k not in ("_codes", "_meanings")}
        their_vars = dict(vars(theirs))
        assert mine_vars.keys() == their_vars.keys()  # reportlab's constructor sets nothing ours does not
        assert type(mine_vars.pop("encoding")) is type(their_vars.pop("encoding"))
        assert vars(mine.encoding) == vars(theirs.encoding)
        assert type(mine_vars.pop("state")) is type(their_vars.pop("state"))
        assert len(mine.state) == len(theirs.state) == 0
        mine_vars.pop("face"), their_vars.pop("face")
        assert {**mine_vars, "fontName": "Theirs"} == their_vars
    assert read_back.face is not made.face  # each font adds its own private codes to its own face
    assert read_back.face.charToGlyph is not made.face.charToGlyph


def test_a_kept_face_can_call_nothing(cache: Path) -> None:
    """A damaged or planted face file is parsed again, and nothing in it is called."""
    path = str(fonts.NOTO_SANS_ARABIC)
    pdf_text.font_face(path)
    kept = fonts.kept_path(fonts.NOTO_SANS_ARABIC, "face")
    stamp = pickle.loads(kept.read_bytes())[0]
    marker = cache / "planted"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    kept.write_bytes(pickle.dumps([stamp, {"charWidths": Planted()}]))
    pickle.loads(kept.read_bytes())  # the check can fail: a plain unpickler makes the folder
    assert marker.is_dir()
    marker.rmdir()
    face = pdf_text.font_face(path)
    assert not marker.exists()
    _same_face(face, TTFont("Theirs", path).face)
    kept.write_bytes(b"\x80\x05garbage")
    _same_face(pdf_text.font_face(path), TTFont("Theirs", path).face)


def test_the_web_address_pattern_is_compiled_only_when_used(tmp_path: Path) -> None:
    from reportlab.platypus import paragraph

    pattern = paragraph.uri_pat
    # reportlab's pattern still begins as it did: were it changed, it would be compiled at import again.
    assert isinstance(pattern, pdf_text.LazyPattern), type(pattern)
    real = re.compile(pattern.pattern, re.IGNORECASE)
    for text in ("https://example.org/a?b=1", "mailto://x@y.org", "not an address", "HTTP://ÉXAMPLE.ORG"):
        assert bool(pattern.match(text)) == bool(real.match(text))
        if real.match(text):
            assert pattern.match(text).groups() == real.match(text).groups()  # type: ignore[union-attr]


def test_no_document_of_ours_hyphenates() -> None:
    """The lazy pattern saves its compiling only because our styles never ask reportlab to hyphenate: writing
    documents with long web addresses in every direction never uses it."""
    from reportlab.platypus import paragraph

    fresh = pdf_text.LazyPattern(paragraph.uri_pat.pattern, re.IGNORECASE)
    before = paragraph.uri_pat
    paragraph.uri_pat = fresh
    address = "https://example.org/a-very-long-address/" + "x" * 300
    try:
        for model in (latin_model(), arabic_model(), long_model(3)):
            blocks = (*model.blocks, Paragraph(address), Paragraph("See " + address + " and www.example.org"))
            assert pdf_bytes(replace(model, blocks=blocks)).startswith(b"%PDF")
    finally:
        paragraph.uri_pat = before
    assert fresh.compiled is None
