"""Emoji and other characters without a glyph in the document's fonts are drawn from a fallback font (Noto
Emoji, Noto Sans Symbols, Noto Sans for further scripts), or as a visible mark; never dropped silently."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.docmodel import Chart, Paragraph, Series
from facilitator.exports import fonts
from facilitator.exports.leaflet_pdf import leaflet_pdf_bytes
from facilitator.exports.pdf_writer import markup, pdf_bytes
from facilitator.leaflets import build_leaflet, leaflet_for, save_leaflet
from tests.core.test_leaflets import make_partnership
from tests.exports.conftest import arabic_model, latin_model

pytestmark = pytest.mark.usefixtures("font_cache")

MIXED = "Meeting 🚉 at the station ☎ 020 ✓ שלום नमस्ते สวัสดี 中文 👍🏽 done"


def _fonts(pdf: bytes) -> set[str]:
    found = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1].split("-")[0])
    return found


#: pdftotext (poppler) reads a PDF as a person's copy and paste would; CI installs it on Linux and macOS, and
#: these tests say why they skip where it is missing (Windows runners have no poppler by default).
NEEDS_PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext (poppler), which this machine lacks"
)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_each_character_gets_a_font_or_a_visible_mark() -> None:
    runs = fonts.glyph_runs("a🚉b中c", "NotoSans")
    assert runs == [("a", "NotoSans"), ("🚉", "NotoEmoji"), ("b\ufffdc", "NotoSans")]
    assert fonts.font_for("ש", "NotoSans") == ("NotoSansHebrew", "ש")
    assert fonts.font_for("é", "NotoSansArabic") in {("NotoSansArabic", "é"), ("NotoSans", "é")}
    assert fonts.font_for("\ufe0f", "NotoSans") in {None, ("NotoEmoji", "\ufe0f")}  # invisible: never a mark


def test_markup_names_the_fallback_font() -> None:
    assert markup("Hi 🚉 & <b>") == 'Hi <font name="NotoEmoji">🚉</font> &amp; &lt;b&gt;'
    assert markup("中") == "\ufffd"


@NEEDS_PDFTOTEXT
def test_a_minutes_pdf_draws_emoji_symbols_and_other_scripts(tmp_path: Path) -> None:
    model = latin_model(blocks=(Paragraph(MIXED),))
    pdf = pdf_bytes(model)
    used = _fonts(pdf)
    # Noto Sans itself has Devanagari; Hebrew and Thai come from their own Noto fonts.
    assert {"NotoEmoji", "NotoSansHebrew", "NotoSansThai"} <= used, used
    text = _text(pdf, tmp_path)
    # Each emoji is drawn and copies out as itself: reportlab's ToUnicode entry for a character beyond U+FFFF
    # is malformed, so the fonts' maps write such characters as UTF-16 pairs (pdf_text.ReadableTTFont).
    between = text.split("Meeting", 1)[1].split("at the station", 1)[0]
    assert between.strip() == "🚉", text
    assert "👍" in text and "☎" in text and "שלום" in text and "สวัสดี" in text
    assert "🚉" in (PdfReader(BytesIO(pdf)).pages[0].extract_text() or "")
    assert "\ufffd" in text  # the Chinese has no font here: a visible mark, not nothing
    assert "Meeting" in text and "done" in text


def test_a_right_to_left_document_draws_emoji_too(tmp_path: Path) -> None:
    model = arabic_model(blocks=(Paragraph("اجتماع في المحطة 🚉 غدا ✓"),))
    pdf = pdf_bytes(model)
    assert "NotoEmoji" in _fonts(pdf)
    # Drawn by harfbuzz in a right-to-left line, and copied out as itself, beside readable Arabic.
    text = _text(pdf, tmp_path)
    assert "🚉" in text and "المحطة" in text


def test_a_chart_label_draws_emoji_and_copies_out(tmp_path: Path) -> None:
    chart = Chart(
        "Actions 📋 by partner",
        "bar",
        ("Police 🚓", "شرطة المدينة 🚓"),
        (Series("Done", (3.0, 1.0)),),
    )
    pdf = pdf_bytes(latin_model(blocks=(chart,)))
    assert "NotoEmoji" in _fonts(pdf)
    text = _text(pdf, tmp_path)
    assert "Police 🚓" in text and "📋" in text and "شرطة المدينة" in text


@NEEDS_PDFTOTEXT
def test_a_leaflet_draws_emoji(db_path: Path, tmp_path: Path) -> None:
    from facilitator.storage import open_partnership

    with open_partnership(db_path) as store:
        data = make_partnership(store)
        leaflet = leaflet_for(store, data.meeting_id)
        from dataclasses import replace

        save_leaflet(store, replace(leaflet, headline="Your say 🗣️ at the station 🚉")).apply(store)
        pdf = leaflet_pdf_bytes(build_leaflet(store, data.meeting_id, "en"))
    assert "NotoEmoji" in _fonts(pdf)
    assert "at the station" in _text(pdf, tmp_path)
