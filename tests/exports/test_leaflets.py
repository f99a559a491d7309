"""Leaflets written and read back: one page exactly, fonts embedded, language, right to left, what may not be
printed never printed, and any text thrown at the free-text fields."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from facilitator.errors import KnownError
from facilitator.exports.leaflet_docx import leaflet_docx_bytes
from facilitator.exports.leaflet_pdf import check_fits, leaflet_pdf_bytes, write_leaflet_pdf
from facilitator.leaflets import (
    Folding,
    LeafletTooLong,
    PageSize,
    Section,
    add_logo,
    build_leaflet,
    leaflet_for,
    logo_files,
    save_leaflet,
)
from tests.core.test_leaflets import FORBIDDEN, Partnership, all_text, make_partnership
from tests.exports.conftest import libreoffice_pdf

pytestmark = pytest.mark.usefixtures("font_cache")


def read(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(data).pages)


def fonts_of(data: bytes) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for page in read(data).pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            found[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    return found


@pytest.fixture
def data() -> Partnership:
    partnership = make_partnership()
    leaflet = replace(
        leaflet_for(partnership.store, partnership.meeting_id),
        headline="PUBLICMARK-headline Residents' meeting: have your say",
        venue_address="4 Church Lane",
        hearing_loop=True,
        interpreters=True,
        accessibility_note="Polish and Arabic interpreters. Tea from 18:00.",
        contacts="Station Square office, 12 Station Road\nPhone: 020 7946 0150\nstationsquare@council.example.org",
    )
    save_leaflet(partnership.store, leaflet).apply(partnership.store)
    return partnership


# --- PDF ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", list(PageSize))
@pytest.mark.parametrize("large_print", [False, True])
def test_english_pdf_is_one_page_with_embedded_fonts_and_language(
    data: Partnership, size: PageSize, large_print: bool
) -> None:
    model = build_leaflet(data.store, data.meeting_id, "en")
    if size is PageSize.A5 and large_print:
        with pytest.raises(KnownError, match="Large print is printed on A4"):
            leaflet_pdf_bytes(model, size, large_print=large_print)
        return
    pdf = leaflet_pdf_bytes(model, size, large_print=large_print)
    reader = read(pdf)
    assert len(reader.pages) == 1
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
    fonts = fonts_of(pdf)
    assert fonts and all(fonts.values()), fonts
    text = " ".join(text_of(pdf).split())
    assert "PUBLICMARK-headline" in text and "PUBLICMARK-topic-1" in text and "PUBLICMARK-done-2" in text
    assert "020 7946 0150" in text
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == (595 if size is PageSize.A4 else 420)


@pytest.mark.parametrize(
    ("languages", "folding", "pages"),
    [
        (("ar",), Folding.SET, 1),
        (("en", "ar"), Folding.SET, 2),
        (("ar", "en"), Folding.FOLDED, 1),
        (("pl", "tr", "ar"), Folding.FOLDED, 2),
        (("en", "pl", "ar", "tr"), Folding.FOLDED, 2),
        (("en", "pl", "ar", "tr"), Folding.SET, 4),
    ],
)
def test_a_page_or_a_panel_for_each_language_in_its_direction(
    data: Partnership, languages: tuple[str, ...], folding: Folding, pages: int
) -> None:
    pdf = leaflet_pdf_bytes(build_leaflet(data.store, data.meeting_id, *languages), folding=folding)
    reader = read(pdf)
    assert len(reader.pages) == pages
    assert str(reader.trailer["/Root"]["/Lang"]) == languages[0]
    if folding is Folding.FOLDED:  # A4 across, folded into A5 panels
        assert [round(float(p.mediabox.width)) for p in reader.pages] == [842] * pages
    fonts = fonts_of(pdf)
    assert all(fonts.values())
    if "ar" in languages:
        assert any("NotoSansArabic" in name for name in fonts)
    if languages[0] == "ar":
        assert str(reader.trailer["/Root"]["/ViewerPreferences"]["/Direction"]) == "/R2L"
    assert text_of(pdf).count("PUBLICMARK-done-1") == len(languages)  # every language has its own panel
    outline = [item.title for item in reader.outline]
    assert len(outline) >= len(languages)  # a bookmark for each language's page or panel


def _sizes(pdf: bytes) -> set[float]:
    """Every type size the pages set text in (the operands of Tf)."""
    found: set[float] = set()
    for page in read(pdf).pages:
        content = page.get_contents()
        assert content is not None
        data = content.get_data().decode("latin-1")
        found |= {float(size) for size in re.findall(r"/F\S+ ([\d.]+) Tf", data)}
    return found


@pytest.mark.parametrize(
    ("size", "large_print", "least"),
    [(PageSize.A4, False, 11), (PageSize.A5, False, 11), (PageSize.A4, True, 14)],
)
def test_type_never_smaller_than_the_stated_minimum(
    data: Partnership, size: PageSize, large_print: bool, least: float
) -> None:
    for languages in (("en",), ("ar",), ("pl",)):
        pdf = leaflet_pdf_bytes(
            build_leaflet(data.store, data.meeting_id, *languages), size, large_print=large_print
        )
        sizes = _sizes(pdf)
        assert sizes and min(sizes) >= least, (languages, sorted(sizes))


def test_qr_code_free_and_welcome_and_each_fact_once(data: Partnership) -> None:
    leaflet = replace(leaflet_for(data.store, data.meeting_id), qr_link="https://maps.example.org/st-marks")
    save_leaflet(data.store, leaflet).apply(data.store)
    for size in PageSize:
        pdf = leaflet_pdf_bytes(build_leaflet(data.store, data.meeting_id, "en"), size)
        text = " ".join(text_of(pdf).split())
        assert "Free, and everyone is welcome." in text and "Scan for the map and more" in text
        assert text.count("nterpreters") == 1  # the note says it; the ticked offer is not printed again
        assert text.lower().count("step-free") == 1  # the venue's name says it
        content = read(pdf).pages[0].get_contents().get_data()  # type: ignore[union-attr]
        assert content.count(b" re f") > 50  # the code's modules, drawn as squares
    document = Document(BytesIO(leaflet_docx_bytes(build_leaflet(data.store, data.meeting_id, "en"))))
    assert document.inline_shapes  # the same code in the Word file


def test_arabic_copies_out_of_the_pdf_as_readable_text(data: Partnership) -> None:
    import subprocess
    import unicodedata

    pdf = leaflet_pdf_bytes(build_leaflet(data.store, data.meeting_id, "ar"))
    words = ("اجتماع", "عام")  # the kicker, "Public meeting"
    extracted = unicodedata.normalize("NFKC", text_of(pdf))
    assert all(word in extracted for word in words), extracted[:300]
    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        assert all(word in shown.decode("utf-8") for word in words)


def test_too_long_is_refused_naming_what_to_shorten(data: Partnership, tmp_path: Path) -> None:
    leaflet = replace(leaflet_for(data.store, data.meeting_id), concern="Please tell us. " * 120)
    save_leaflet(data.store, leaflet).apply(data.store)
    model = build_leaflet(data.store, data.meeting_id, "en")
    target = tmp_path / "long.pdf"
    with pytest.raises(LeafletTooLong) as raised:
        write_leaflet_pdf(model, target, PageSize.A5)
    assert raised.value.section is Section.CONCERN
    assert raised.value.lines > 10
    assert "Raising a concern in confidence" in str(raised.value) and "lines" in str(raised.value)
    assert not target.exists()  # never a cut or two-page leaflet
    with pytest.raises(LeafletTooLong):
        check_fits(model, PageSize.A5)
    check_fits(model, PageSize.A4)  # A4 holds it, at a smaller type (never below 11 point)


@pytest.mark.parametrize("language", ["en", "fr", "ar", "pl"])
def test_the_demo_leaflet_with_its_logo_fits_every_paper_offered(language: str) -> None:
    """The demo's own leaflet (its texts, its translations, its logo kept in the file) fits on its own: A4,
    A5, A4 in large print, and a folded A4 in four languages, with no text to shorten."""
    from facilitator.demo import build_demo
    from facilitator.meetings import Meeting, MeetingKind, MeetingStatus
    from tests.core.fakes import MemoryStore

    store = MemoryStore()
    build_demo(store, years=1, today=dt.date(2026, 12, 7))
    meeting = min(
        (m for m in store.all(Meeting) if m.kind is MeetingKind.PUBLIC and m.status is MeetingStatus.PLANNED),
        key=lambda m: m.starts_at,
    )
    others = [code for code in ("en", "pl", "ar", "tr") if code != language][:3]
    single = build_leaflet(store, meeting.id, language)
    assert len(single.logos) == 1
    for model, size, large, folding in (
        (single, PageSize.A4, False, Folding.SET),
        (single, PageSize.A5, False, Folding.SET),
        (single, PageSize.A4, True, Folding.SET),
        (build_leaflet(store, meeting.id, language, *others), PageSize.A4, False, Folding.FOLDED),
    ):
        check_fits(model, size, large_print=large, folding=folding)


def _png(width: int = 300, height: int = 120) -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), (11, 93, 107)).save(out, format="PNG")
    return out.getvalue()


def test_logos_are_kept_in_the_file_and_drawn_from_it(data: Partnership, tmp_path: Path) -> None:
    leaflet = leaflet_for(data.store, data.meeting_id)
    add_logo(data.store, leaflet, "logo.png", _png()).apply(data.store)
    leaflet = leaflet_for(data.store, data.meeting_id)
    add_logo(data.store, leaflet, "C:\\Users\\ana\\second logo.png", _png(200, 200)).apply(data.store)
    kept = logo_files(data.store, leaflet_for(data.store, data.meeting_id))
    assert [f.name for f in kept] == ["logo.png", "second logo.png"]  # names only, never a path
    pdf = leaflet_pdf_bytes(build_leaflet(data.store, data.meeting_id, "en"))
    assert len(read(pdf).pages) == 1
    images = [
        x
        for x in read(pdf).pages[0]["/Resources"].get_object().get("/XObject", {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert len(images) >= 2
    # The Word file draws the same kept images, in the logos' band (no QR link: no other picture).
    docx = leaflet_docx_bytes(build_leaflet(data.store, data.meeting_id, "en"))
    with zipfile.ZipFile(BytesIO(docx)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
    assert len(media) == 2


def test_a_kept_logo_no_reader_can_open_is_told_in_pdf_and_word(data: Partnership) -> None:
    leaflet = leaflet_for(data.store, data.meeting_id)
    broken = b"\x89PNG\r\n\x1a\n" + b"not really an image" * 20  # a PNG by its first bytes only
    add_logo(data.store, leaflet, "logo.png", broken).apply(data.store)
    model = build_leaflet(data.store, data.meeting_id, "en")
    with pytest.raises(KnownError, match="Logo 1 of the leaflet cannot be read"):
        leaflet_pdf_bytes(model)
    with pytest.raises(KnownError, match="Logo 1 of the leaflet cannot be read"):
        leaflet_docx_bytes(model)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"GIF89a" + b"0" * 100, "not a PNG or JPEG"),
        (b"%PDF-1.7 not an image", "not a PNG or JPEG"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * (3 * 1024 * 1024), "larger than"),
    ],
)
def test_a_logo_is_checked_by_its_content_and_size(data: Partnership, content: bytes, problem: str) -> None:
    from facilitator.errors import ValidationError

    with pytest.raises(ValidationError, match=problem):
        add_logo(data.store, leaflet_for(data.store, data.meeting_id), "logo.png", content)


# --- DOCX ---------------------------------------------------------------------------------------------------------


def test_docx_has_the_content_and_marks_arabic_right_to_left(data: Partnership) -> None:
    docx = leaflet_docx_bytes(build_leaflet(data.store, data.meeting_id, "en", "ar"), folding=Folding.FOLDED)
    document = Document(BytesIO(docx))
    assert len(document.sections) == 1  # both panels on one folded sheet
    outer = document.tables[0].rows[0].cells
    texts = [
        "\n".join(
            p.text for table in cell.tables for row in table.rows for c in row.cells for p in c.paragraphs
        )
        for cell in outer
    ]
    assert any("PUBLICMARK-headline" in text and "PUBLICMARK-topic-2" in text for text in texts)
    xml = zipfile.ZipFile(BytesIO(docx)).read("word/document.xml").decode("utf-8")
    arabic_runs = re.findall(r"<w:r>(?:(?!</w:r>).)*[\u0600-\u06ff](?:(?!</w:r>).)*</w:r>", xml, re.S)
    assert arabic_runs and all("<w:rtl/>" in run for run in arabic_runs)
    assert "<w:bidi/>" in xml and "<w:bidiVisual/>" in xml
    assert 'w:bidi="ar-' in xml  # the Arabic side's runs carry their language
    latin = re.findall(r"<w:r>(?:(?!</w:r>).)*PUBLICMARK-topic-2(?:(?!</w:r>).)*</w:r>", xml, re.S)
    assert latin and "<w:rtl/>" not in latin[0]
    assert 'w:hRule="exact"' in xml  # a grid of fixed measures, not flowing text


def test_docx_is_refused_with_the_same_advice_as_the_pdf(data: Partnership) -> None:
    leaflet = replace(leaflet_for(data.store, data.meeting_id), concern="Please tell us. " * 120)
    save_leaflet(data.store, leaflet).apply(data.store)
    model = build_leaflet(data.store, data.meeting_id, "en")
    with pytest.raises(LeafletTooLong) as from_pdf:
        leaflet_pdf_bytes(model, PageSize.A5)
    with pytest.raises(LeafletTooLong) as from_word:
        leaflet_docx_bytes(model, PageSize.A5)
    assert str(from_word.value) == str(from_pdf.value) and from_word.value.section is Section.CONCERN


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_stays_on_its_pages_in_libreoffice(data: Partnership, tmp_path: Path) -> None:
    """Every size offered, in four languages: LibreOffice lays the Word file out on exactly as many pages as
    the PDF has, and no text is lost off a band (every line of the PDF is in LibreOffice's PDF)."""
    model = build_leaflet(data.store, data.meeting_id, "en", "pl", "ar", "tr")
    cases = [
        (PageSize.A4, False, Folding.SET),
        (PageSize.A5, False, Folding.SET),
        (PageSize.A4, True, Folding.SET),
        (PageSize.A4, False, Folding.FOLDED),
    ]
    for number, (size, large, folding) in enumerate(cases):
        word = tmp_path / f"leaflet{number}.docx"
        word.write_bytes(leaflet_docx_bytes(model, size, large_print=large, folding=folding))
        libreoffice_pdf(tmp_path, word)
        converted = read((tmp_path / f"leaflet{number}.pdf").read_bytes())
        expected = len(read(leaflet_pdf_bytes(model, size, large_print=large, folding=folding)).pages)
        assert len(converted.pages) == expected, (size, large, folding)
        shown = " ".join(" ".join(page.extract_text() for page in converted.pages).split())
        for marker in ("PUBLICMARK-done-1", "PUBLICMARK-topic-2", "020 7946 0150"):
            assert shown.count(marker) == len(model.sides), (size, large, folding, marker)


def test_docx_page_size_follows_the_choice(data: Partnership) -> None:
    document = Document(
        BytesIO(leaflet_docx_bytes(build_leaflet(data.store, data.meeting_id, "pl"), PageSize.A5))
    )
    assert round(document.sections[0].page_width.mm) == 148


# --- the leak proof -----------------------------------------------------------------------------------------------

LANGUAGES = ("en", "pl", "ar", "tr", "fr")
#: Every way a leaflet is offered: A4 and A5, large print on A4, a folded A4 sheet.
PRINTINGS = (
    (PageSize.A4, False, Folding.SET),
    (PageSize.A5, False, Folding.SET),
    (PageSize.A4, True, Folding.SET),
    (PageSize.A4, False, Folding.FOLDED),
)


def test_nothing_partners_only_restricted_or_personal_reaches_any_leaflet(data: Partnership) -> None:
    """Markers: PARTNERSMARK, RESTRICTEDMARK and PERSONMARK are on every text the public may not see (item
    titles and notes, actions' titles, details and non-public wording, the representative's name). No leaflet,
    in any language, pair, size, print size or format, shows one; PUBLICMARK texts do appear (not blank)."""
    # Translations of non-public texts exist too: they must not come in by the back door.
    import unicodedata

    from facilitator.content_translation import set_translation, translatable_texts

    for text in translatable_texts(data.store, data.meeting_id):
        set_translation(data.store, text, "pl", text.source + " (pl)").apply(data.store)
    printed_files = 0
    for language in LANGUAGES:
        for second in (None, *[c for c in ("en", "ar") if c != language]):
            model = build_leaflet(data.store, data.meeting_id, language, second, "tr")
            sides = len(model.sides)
            # What each file must show, not only what it must not: the public topic on every side, and on an
            # Arabic side its kicker ("Public meeting") as readable text.
            arabic = "ar" in (language, second)
            shown = all_text(model)
            assert "PUBLICMARK-topic-1" in shown
            for marker in FORBIDDEN:
                assert marker not in shown, (language, second, marker)
            for size, large_print, folding in PRINTINGS:
                try:
                    pdf = leaflet_pdf_bytes(model, size, large_print=large_print, folding=folding)
                except LeafletTooLong:
                    continue
                printed = text_of(pdf)
                for marker in FORBIDDEN:
                    assert marker not in printed, (language, second, size, large_print, marker)
                assert b"PERSONMARK" not in pdf
                flat = " ".join(printed.split())
                assert flat.count("PUBLICMARK-topic-1") == sides, (
                    language,
                    second,
                    size,
                    large_print,
                    folding,
                )
                assert "PUBLICMARK-done-1" in flat, (language, second, size, large_print, folding)
                if arabic:
                    readable = unicodedata.normalize("NFKC", printed)
                    assert "اجتماع" in readable and "عام" in readable, (second, size, large_print, folding)
                printed_files += 1
            docx = leaflet_docx_bytes(model)
            xml = zipfile.ZipFile(BytesIO(docx)).read("word/document.xml").decode("utf-8")
            for marker in FORBIDDEN:
                assert marker not in xml, (language, second, marker)
            words = " ".join(Document(BytesIO(docx)).element.body.itertext())
            assert words.count("PUBLICMARK-topic-1") >= sides, (language, second)  # on every side, at least
            if arabic:
                assert "اجتماع" in words and "عام" in words, (language, second)
    # Every pair printed on most papers (a too-long leaflet is refused, never cut): the proof proved something.
    pairs = sum(1 + len([c for c in ("en", "ar") if c != language]) for language in LANGUAGES)
    assert printed_files >= pairs * (len(PRINTINGS) - 1), printed_files


# --- any free text ------------------------------------------------------------------------------------------------

FREE_TEXT = (
    st.lists(
        st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.sampled_from(
                [*"<>&\"'/;#\n\t", "<b>", "</para>", "&amp;", "<img src='x'/>", "\u202e", "\u200f"]
            ),
            st.sampled_from(
                ["مرحبا بكم", "اجتماع", "سلام", "Zażółć gęślą jaźń", "İğüşöç", "😀", "👩🏽‍⚕️", " "]
            ),
            st.just("Supercalifragilisticexpialidocious" * 4),
        ),
        max_size=60,
    )
    .map("".join)
    .map(lambda text: text[:1900])
)


def test_any_free_text_gives_one_page_or_says_what_to_shorten(data: Partnership) -> None:
    """Free text of every kind (the ``ci`` profile's settings, 40 examples) prints on one page per side, or is
    refused naming what to shorten; the refusals are counted, and many texts must print (a writer refusing
    everything would otherwise pass)."""
    outcomes = {"printed": 0, "refused": 0}

    @settings(max_examples=40)
    @given(
        headline=FREE_TEXT,
        note=FREE_TEXT,
        concern=FREE_TEXT,
        contacts=FREE_TEXT,
        privacy=FREE_TEXT,
        pair=st.sampled_from([("en", None), ("ar", None), ("en", "ar"), ("tr", "pl")]),
        printing=st.sampled_from(PRINTINGS),
    )
    def one_leaflet(  # noqa: PLR0917 - Hypothesis passes them
        headline: str,
        note: str,
        concern: str,
        contacts: str,
        privacy: str,
        pair: tuple[str, str | None],
        printing: tuple[PageSize, bool, Folding],
    ) -> None:
        clean = {  # the core refuses control characters; what passes validation must print
            name: "".join(c for c in value if ord(c) >= 32 or c in "\n\t")
            for name, value in {
                "headline": headline[:200],
                "accessibility_note": note,
                "concern": concern,
                "contacts": contacts,
                "data_protection": privacy,
            }.items()
        }
        leaflet = replace(leaflet_for(data.store, data.meeting_id), **clean)
        save_leaflet(data.store, leaflet).apply(data.store)
        model = build_leaflet(data.store, data.meeting_id, *pair)
        size, large, folding = printing
        try:
            pdf = leaflet_pdf_bytes(model, size, large_print=large, folding=folding)
        except LeafletTooLong as error:
            assert error.lines >= 1 and error.section.label
            outcomes["refused"] += 1
            return
        folded = folding is Folding.FOLDED and len(model.sides) > 1
        assert len(read(pdf).pages) == (1 if folded else len(model.sides))
        leaflet_docx_bytes(model, size, large_print=large, folding=folding)
        outcomes["printed"] += 1

    one_leaflet()
    assert outcomes["printed"] >= 10, outcomes  # about half print (long texts are drawn often): 20 of 40 seen
