"""`facilitator leaflet`: writes a leaflet (a page or a panel per language) read-only; known failures are plain
messages, exit code 1."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.leaflets import leaflet_for, save_leaflet
from facilitator.storage import open_partnership
from tests.core.test_leaflets import Partnership, make_partnership

# PDFs have their bold: the fonts are cut once for the run (tests/conftest.py); see test_cli_first_pdf.py.
pytestmark = pytest.mark.usefixtures("font_cache")


@pytest.fixture
def partnership(db_path: Path) -> tuple[Path, Partnership]:
    with open_partnership(db_path) as store:
        data = make_partnership(store)
        leaflet = replace(leaflet_for(store, data.meeting_id), headline="PUBLICMARK-headline Have your say")
        save_leaflet(store, leaflet).apply(store)
    return db_path, data


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_pdf_and_docx_in_one_or_two_languages(
    partnership: tuple[Path, Partnership], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, data = partnership
    out = tmp_path / "leaflet.pdf"
    code, said, err = run(
        ["leaflet", "--db", str(db), "--meeting", data.meeting_id, "--lang", "en", "--second-lang", "ar",
         "--size", "a4", "--format", "pdf", "--out", str(out)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert str(out) in said
    reader = PdfReader(BytesIO(out.read_bytes()))
    assert len(reader.pages) == 2  # a page for each language
    assert all("PUBLICMARK-headline" in page.extract_text() for page in reader.pages)
    folded = tmp_path / "folded.pdf"
    code, said, err = run(
        ["leaflet", "--db", str(db), "--meeting", data.meeting_id, "--lang", "en", "--also", "ar", "--also",
         "pl", "--also", "tr", "--folded", "--format", "pdf", "--out", str(folded)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert len(PdfReader(str(folded)).pages) == 2  # a folded A4 sheet, both sides: a panel per language
    word = tmp_path / "leaflet.docx"
    code, said, err = run(
        ["leaflet", "--db", str(db), "--meeting", data.meeting_id, "--lang", "pl", "--size", "a4",
         "--large-print", "--format", "docx", "--out", str(word)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    document = Document(str(word))
    cells = [c for t in document.tables for row in t.rows for c in row.cells]
    texts = [p.text for c in cells for t in c.tables for row in t.rows for x in row.cells for p in x.paragraphs]
    assert any("PUBLICMARK-headline" in text for text in texts)
    assert "printed in the original" in said  # nothing is translated into Polish


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--meeting", "nope"], "There is no meeting"),
        (["--size", "a3"], "not a paper size"),
        (["--format", "odt"], "not a format"),
        (["--lang", "xx-nope"], "not a known language"),
    ],
)
def test_wrong_choices_are_plain_messages(
    partnership: tuple[Path, Partnership],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: list[str],
    expected: str,
) -> None:
    db, data = partnership
    options = {"--meeting": data.meeting_id, "--lang": "en", "--size": "a4", "--format": "pdf"}
    options[change[0]] = change[1]
    arguments = ["leaflet", "--db", str(db), "--out", str(tmp_path / "x")]
    for key, value in options.items():
        arguments += [key, value]
    code, _out, err = run(arguments, capsys)
    assert code == 1
    assert expected in err and "Traceback" not in err


def test_a_private_meeting_and_a_too_long_leaflet_are_refused(
    partnership: tuple[Path, Partnership], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, data = partnership
    out = tmp_path / "leaflet.pdf"
    base = ["leaflet", "--db", str(db), "--lang", "en", "--format", "pdf", "--out", str(out)]
    code, _out, err = run([*base, "--meeting", data.private_meeting_id], capsys)
    assert code == 1 and "public meetings only" in err
    with open_partnership(db) as store:
        leaflet = leaflet_for(store, data.meeting_id)
        save_leaflet(store, replace(leaflet, concern="Tell us in confidence. " * 85)).apply(store)
    code, _out, err = run([*base, "--meeting", data.meeting_id, "--size", "a5"], capsys)
    assert code == 1
    assert "does not fit on one A5 page" in err and "Shorten" in err and "Traceback" not in err
    assert not out.exists()
    code, _out, err = run([*base, "--meeting", data.meeting_id, "--size", "a5", "--large-print"], capsys)
    assert code == 1 and "Large print is printed on A4 pages." in err and not out.exists()


def test_the_file_is_opened_read_only(
    partnership: tuple[Path, Partnership], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, data = partnership
    with open_partnership(db):  # the window has it open for writing
        code, _out, err = run(
            ["leaflet", "--db", str(db), "--meeting", data.meeting_id, "--lang", "tr", "--format", "pdf",
             "--out", str(tmp_path / "x.pdf")],
            capsys,
        )  # fmt: skip
    assert code == 0, err
