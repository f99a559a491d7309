"""The PDF writer, read back: text, fonts, pages, metadata, right-to-left, and any text thrown at it."""

from __future__ import annotations

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from facilitator.docmodel import BulletList, DocumentModel, Facts, Heading, Paragraph, Table, block_text
from facilitator.errors import KnownError
from facilitator.exports import fonts, rtl
from facilitator.exports.pdf_writer import markup, pdf_bytes, rtl_supported, write_pdf
from tests.exports.conftest import arabic_model, latin_model, long_model

pytestmark = pytest.mark.usefixtures("font_cache")
ROOT = Path(__file__).resolve().parents[2]


def read(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


def words(text: str) -> str:
    return " ".join(text.split())


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> whether a TrueType program is embedded, over every page."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"])] = embedded
    return found


# --- right-to-left support ---------------------------------------------------------------------------------


def test_reportlab_has_right_to_left_support() -> None:
    from reportlab.pdfgen import textobject

    assert textobject.rtlSupport is True
    assert rtl_supported()


def test_right_to_left_support_survives_reportlab_imported_first() -> None:
    code = (
        "import reportlab.platypus, reportlab.pdfgen.textobject as t; assert not t.rtlSupport;"
        "import facilitator.exports.pdf_writer; import reportlab.platypus.paragraph as p;"
        "assert t.rtlSupport and p.rtlSupport; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def test_log2vis_reorders_and_maps_positions() -> None:
    positions: list[int] = []
    shown = rtl.log2vis("abc مرحبا (1)", "RTL", True, positions)
    assert shown == "(1) ابحرم abc"
    assert sorted(positions) == list(range(len(shown)))
    assert rtl.log2vis("abc", "LTR") == "abc"
    assert rtl.log2vis("\u2067x\u2069 y", "RTL", clean=True) == "y x"


def test_visual_runs_follow_the_bidi_rules() -> None:
    text = "حضر النصاب. (قرب Northside School) 2025"
    runs = [(text[start:end], backwards) for start, end, backwards in rtl.visual_runs(text, True)]
    # "2025" follows Latin letters, so it joins their left-to-right run, closing bracket and all (rule W7).
    assert runs[0] == ("Northside School) 2025", False)
    assert runs[-1] == ("حضر النصاب. (قرب ", True)
    left_to_right = rtl.visual_runs("see شرطة المدينة now.", False)
    assert [backwards for *_span, backwards in left_to_right] == [False, True, False]


def test_markup_escapes_user_text() -> None:
    assert markup('x<y & <b>bold</b> <img src="x">\nnext\x00') == (
        'x&lt;y &amp; &lt;b&gt;bold&lt;/b&gt; &lt;img src="x"&gt;<br/>next'
    )


# --- Latin documents -----------------------------------------------------------------------------------------


def test_every_block_is_in_the_text_in_order(english: DocumentModel) -> None:
    extracted = words(text_of(read(pdf_bytes(english))))
    position = 0
    for part in [english.title, english.subtitle, *(t for b in english.blocks for t in block_text(b))]:
        for word in part.split():
            found = extracted.find(word, position)
            assert found >= 0, f"{word!r} missing after position {position}"
            position = found + len(word)  # the next word must come after this one
        assert squeeze(part) in squeeze(extracted)
    assert "Outreach <Team>" in extracted  # escaped, not taken as markup
    assert "Draft minutes · Version for: partners" in extracted
    assert "Page 1 of 1" in extracted


def test_fonts_are_embedded_with_a_real_bold(english: DocumentModel) -> None:
    found = embedded_fonts(read(pdf_bytes(english)))
    used = {name.split("+", 1)[-1]: embedded for name, embedded in found.items() if "Noto" in name}
    assert used == {"NotoSans-Regular": True, "NotoSans-Bold": True, "NotoSans-Italic": True}


def test_long_document_pages_and_footer() -> None:
    reader = read(pdf_bytes(long_model()))
    pages = len(reader.pages)
    assert pages >= 5
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()
    # The table's header row is repeated on every page it runs onto.
    table_pages = [
        p.extract_text()
        for p in reader.pages
        if "Action 1" in p.extract_text() or "Action 79" in p.extract_text()
    ]
    assert all("Action Owner Due" in words(t) for t in table_pages)


def test_metadata(english: DocumentModel) -> None:
    reader = read(pdf_bytes(english))
    assert reader.metadata is not None
    assert reader.metadata.title == "Northside Street Round"
    assert reader.metadata.subject == "Minutes · 14 March 2025"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/ViewerPreferences" not in reader.trailer["/Root"]


def test_draft_mark_only_on_drafts(english: DocumentModel) -> None:
    assert "DRAFT" in text_of(read(pdf_bytes(english)))
    assert "DRAFT" not in text_of(read(pdf_bytes(latin_model(draft_mark=""))))


def test_write_pdf_is_atomic_and_plain_about_errors(tmp_path: Path, english: DocumentModel) -> None:
    target = tmp_path / "minutes.pdf"
    write_pdf(english, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.pdf"]
    with pytest.raises(KnownError):
        write_pdf(english, tmp_path / "missing" / "minutes.pdf")


# --- Arabic --------------------------------------------------------------------------------------------------


def test_arabic_document(arabic: DocumentModel) -> None:
    reader = read(pdf_bytes(arabic))
    assert len(reader.pages) == 1
    found = embedded_fonts(reader)
    used = {name.split("+", 1)[-1]: embedded for name, embedded in found.items() if "Noto" in name}
    assert used["NotoSansArabic-Regular"] and used["NotoSansArabic-Bold"]
    root = reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert root["/Lang"] == "ar"
    extracted = text_of(reader)
    for latin in ("Inspector Dąbrowska", "Police station", "Northside School", "Łódź Community Group"):
        assert latin in extracted
    assert "Residents asked for more lighting." in extracted  # Latin-only text keeps its own direction


def test_arabic_paragraphs_wrap_over_pages() -> None:
    sentence = "أبلغ السكان عن إبر على الطريق قرب المدرسة. "
    model = arabic_model(blocks=tuple(Paragraph(sentence * 30) for _ in range(12)))
    assert len(read(pdf_bytes(model)).pages) >= 3


# --- the font cache ------------------------------------------------------------------------------------------


def test_font_cache_follows_the_environment(font_cache: Path) -> None:
    assert fonts.font_cache_dir() == font_cache
    assert fonts.fonts_ready()
    assert fonts.is_intact(fonts.bold_path(fonts.NOTO_SANS))


def test_a_damaged_cached_font_is_built_again(tmp_path: Path) -> None:
    messages: list[str] = []
    built = fonts.cached_bold(fonts.NOTO_SANS_ARABIC, tmp_path, messages.append)
    assert fonts.is_intact(built)
    assert messages and "Noto Sans Arabic" in messages[0]
    assert fonts.cached_bold(fonts.NOTO_SANS_ARABIC, tmp_path, messages.append) == built
    assert len(messages) == 1  # cached: not built again
    whole = built.read_bytes()
    built.write_bytes(whole[: len(whole) // 2])
    assert not fonts.is_intact(built)
    assert fonts.cached_bold(fonts.NOTO_SANS_ARABIC, tmp_path, messages.append) == built
    assert fonts.is_intact(built) and len(messages) == 2
    assert not fonts.is_intact(fonts.NOTO_SANS_ARABIC)  # a variable font is not a bold instance
    assert not fonts.fonts_ready(tmp_path / "empty")


def test_twenty_item_minutes_print_every_item(english: DocumentModel) -> None:
    """Twenty items' worth of blocks all reach the pages (how fast: bench/documents.py, never asserted here)."""
    blocks = [b for _ in range(20) for b in english.blocks[5:12]]
    reader = read(pdf_bytes(latin_model(blocks=tuple(blocks))))
    extracted = squeeze(text_of(reader))
    assert len(reader.pages) > 1
    for block in english.blocks[5:12]:
        for part in block_text(block):
            if part.strip():
                assert extracted.count(squeeze(part)) >= 20, part


# --- any text --------------------------------------------------------------------------------------------------

SPECIAL = st.sampled_from(
    [
        "<b>bold</b>",
        "Q&A &amp; <i>",
        '<img src="x">',
        "a\x00b\x07c\x1bd\x7fe",
        "line\nbreak\ttab\r\nwindows",
        "مرحبا Hello שלום 123",
        "😀 👩‍👩‍👧 🇵🇱",
        "x" * 10_000,
        "",
        "   ",
    ]
)
ANY_TEXT = st.one_of(SPECIAL, st.text(max_size=200))
LATIN_GREEK_CYRILLIC = st.text(
    alphabet=st.sampled_from(
        list("abcxyzABCXYZ0123456789 .,;:!?()[]{}<>&\"'/\\-_=+*#%@\n\t")
        + list("àéîõüçñßøåæąęłńśźżșțğışčřžőű")
        + list("αβγδλμπσωΑΒΓΔΩάέ")
        + list("абвгдежзийклмнопрстуфхцчшщыэюяАБВЖЯ")
    ),
    max_size=300,
)


def model_with(text: str, **changes: object) -> DocumentModel:
    return latin_model(
        title=f"T1 {text}",
        subtitle=f"S2 {text}",
        blocks=(
            Heading(f"H3 {text}"),
            Paragraph(f"P4 {text}", label=f"L5 {text}"),
            BulletList((f"B6 {text}",)),
            Table(("C7", f"C8 {text}"), ((f"R9 {text}", ""),)),
            Facts(((f"F10 {text}", f"V11 {text}"),)),
        ),
        status="",
        footer_note="",
        draft_mark="",
        page_label="",
        **changes,
    )


MARKERS = ("T1", "S2", "H3", "P4", "B6", "C8", "R9", "F10", "V11")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LATIN_GREEK_CYRILLIC)
def test_latin_greek_cyrillic_text_comes_out_as_written(text: str) -> None:
    extracted = squeeze(text_of(read(pdf_bytes(model_with(text)))))
    expected = squeeze(rtl.clean_text(text))
    for marker in MARKERS:
        assert marker + expected in extracted
    assert "L5" + expected + "P4" + expected in extracted


def test_a_ten_thousand_character_word_wraps() -> None:
    word = "Wörterbuch" * 1000
    reader = read(pdf_bytes(model_with(word)))
    extracted = squeeze(text_of(reader))
    for marker in ("T1", "S2", "H3", "P4", "B6", "C8", "R9"):
        assert marker + word in extracted
    # The two cells of a facts row break over the same pages, so their pieces alternate: count the letters.
    assert extracted.count("ö") == 10 * 1000
    assert len(reader.pages) > 5


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.booleans())
def test_any_text_goes_through(text: str, right_to_left: bool) -> None:
    model = model_with(text, right_to_left=right_to_left, language="ar" if right_to_left else "en")
    model = DocumentModel(
        **{**model.__dict__, "status": text[:50], "draft_mark": text[:20], "footer_note": text}
    )
    assert pdf_bytes(model).startswith(b"%PDF")


def test_control_characters_are_removed() -> None:
    assert rtl.clean_text("a\x00b\x0bc\x0cd\r\ne\u2028f\x85g\ufffe\x9f") == "ab\nc\nd\ne\nf\ng"
    assert re.fullmatch(r"[^\x00-\x08]*", rtl.clean_text("".join(map(chr, range(64)))))
