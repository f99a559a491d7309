"""Sample documents for the writers, and LibreOffice in a profile of its own (the run's font cache,
``font_cache``, is in tests/conftest.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from facilitator.docmodel import BulletList, DocumentModel, Facts, Heading, Paragraph, Table, Tone


def latin_model(**changes: object) -> DocumentModel:
    """Minutes in English with every kind of block and tone."""
    fields: dict[str, object] = {
        "title": "Northside Street Round",
        "subtitle": "Minutes · 14 March 2025",
        "language": "en",
        "right_to_left": False,
        "blocks": (
            Facts(
                (("Date", "Friday, 14 March 2025"), ("Time", "10:00 – 11:30"), ("Place", "Police station"))
            ),
            Heading("Attendance"),
            Table(
                ("Partner", "Attendance", "Represented by"),
                (
                    ("Police", "Present", "Inspector Dąbrowska"),
                    ("Housing & Homes", "Apologies", ""),
                    ("Outreach <Team>", "Present", "Zoë Øster, for Ines"),
                ),
                (3, 1.4, 4),
            ),
            Paragraph("The meeting was quorate. 2 of 2 partners needed were present."),
            Heading("Items"),
            Heading("1. Needles found near the school", 2),
            Paragraph("Inspector Dąbrowska", Tone.NOTE, label="Presented by:"),
            Paragraph("Residents reported needles on the path.\nOutreach will sweep daily."),
            Paragraph("Sweep the path every morning", label="Decision:"),
            Paragraph("Reached by: consensus.", Tone.NOTE),
            Heading("2. Confidential item", 2),
            Paragraph("This item is confidential to some partners and is not shown here.", Tone.WITHHELD),
            Heading("3. Shop doorway", 2),
            Paragraph("Die Ladenbesitzer bitten um Hilfe.", Tone.UNTRANSLATED),
            Paragraph("The meeting was not quorate.", Tone.WARNING),
            BulletList(("Police", "Outreach Team", "Łódź Community Group")),
            Heading("Next meeting"),
            Paragraph("Friday, 21 March 2025 at 10:00, Police station"),
        ),
        "status": "Draft minutes",
        "draft_mark": "DRAFT",
        "footer_note": "Version for: partners",
        "page_label": "Page {page} of {pages}",
    }
    fields.update(changes)
    return DocumentModel(**fields)  # type: ignore[arg-type]


def arabic_model(**changes: object) -> DocumentModel:
    """Minutes in Arabic, with Latin names and numbers inside Arabic sentences."""
    fields: dict[str, object] = {
        "title": "جولة الشارع الشمالي",
        "subtitle": "محضر الاجتماع · 14 مارس 2025",
        "language": "ar",
        "right_to_left": True,
        "blocks": (
            Facts(
                (
                    ("التاريخ", "الجمعة، 14 مارس 2025"),
                    ("الوقت", "10:00 – 11:30"),
                    ("المكان", "Police station"),
                )
            ),
            Heading("الحضور"),
            Table(
                ("الشريك", "الحضور", "الممثل"),
                (("Police", "حاضر", "Inspector Dąbrowska"), ("الإسكان", "اعتذر", "")),
                (3, 1.4, 4),
            ),
            Paragraph("كان الاجتماع مكتمل النصاب. حضر 2 من أصل 2 من الشركاء المطلوبين."),
            Heading("البنود"),
            Heading("1. إبر قرب المدرسة", 2),
            Paragraph(
                "أبلغ السكان عن إبر على الطريق (قرب Northside School) يوم 2025-03-14.", label="ملاحظات:"
            ),
            Paragraph("هذا البند سري لبعض الشركاء ولا يظهر هنا.", Tone.WITHHELD),
            Paragraph("Residents asked for more lighting.", Tone.UNTRANSLATED),
            Paragraph("لم يكتمل النصاب.", Tone.WARNING),
            BulletList(("الشرطة", "فريق التوعية", "Łódź Community Group")),
        ),
        "status": "مسودة المحضر",
        "draft_mark": "مسودة",
        "footer_note": "نسخة لـ: الشركاء",
        "page_label": "الصفحة {page} من {pages}",
    }
    fields.update(changes)
    return DocumentModel(**fields)  # type: ignore[arg-type]


def long_model(items: int = 40) -> DocumentModel:
    """A long document that runs over several pages, with a table that breaks across pages."""
    blocks: list[object] = [Heading("Items")]
    for number in range(1, items + 1):
        blocks += [
            Heading(f"{number}. Item number {number}", 2),
            Paragraph(f"Notes on item {number}. " + "The partners discussed the matter at length. " * 8),
        ]
    blocks.append(
        Table(("Action", "Owner", "Due"), tuple((f"Action {n}", "Police", "1 April") for n in range(80)))
    )
    return latin_model(blocks=tuple(blocks))


@pytest.fixture
def english() -> DocumentModel:
    return latin_model()


@pytest.fixture
def arabic() -> DocumentModel:
    return arabic_model()


def libreoffice_pdf(folder: Path, *documents: Path, timeout: int = 180) -> None:
    """Convert ``documents`` to PDF in ``folder`` with LibreOffice, in a profile of its own (under ``folder``).

    With the default profile, a LibreOffice started while another one runs with it (the user's, another test
    run's) hands its request to that one or stops on the profile's lock, and no PDF is made here: a full run
    beside another failed this way."""
    profile = (folder / "libreoffice-profile").resolve()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
