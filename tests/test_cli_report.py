"""``facilitator report``: the year in review from the command line, read back; refusals in plain words."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from facilitator.demo import build_demo
from facilitator.entities import Forum
from facilitator.storage import open_partnership
from tests.cli_run import run_cli
from tests.core.test_indicators import YEAR_REVIEW_SECTIONS

# PDFs have their bold: the fonts are cut once for the run (tests/conftest.py); see test_cli_first_pdf.py.
pytestmark = pytest.mark.usefixtures("font_cache")


TODAY = dt.date(2025, 12, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A demo partnership of one year up to mid-December 2025, and one of its forums."""
    path = tmp_path_factory.mktemp("report") / "demo.sqlite"
    with open_partnership(path) as store:
        build_demo(store, years=1, today=TODAY)
        forum = sorted(store.all(Forum), key=lambda f: f.name)[0].id
    return path, forum


def _args(db: Path, out: Path, **changes: str) -> list[str]:
    options = {"--from": "2025-01-01", "--to": "2025-12-31", "--lang": "en", "--format": "pdf", **changes}
    return ["report", "--db", str(db), "--out", str(out), *(x for kv in options.items() for x in kv)]


def test_pdf_report_for_partners_reads_back(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.pdf"
    code, said, err = run_cli(capsys, *_args(demo[0], out))
    assert (code, err) == (0, "")
    assert str(out) in said
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    flat = " ".join(text.split())
    for heading in (
        "The year in review",
        "Meetings held against planned",
        *YEAR_REVIEW_SECTIONS,
        "For partners",
    ):
        assert heading in flat
    assert "Represented at decision level: of the held meetings" in flat


def test_docx_report_for_the_public_in_german_for_one_forum(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.docx"
    code, _said, err = run_cli(
        capsys,
        *_args(
            demo[0], out, **{"--lang": "de", "--format": "docx", "--audience": "public", "--forum": demo[1]}
        ),
    )
    assert (code, err) == (0, "")
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Dezember 2025" in text  # dates in German
    assert "Conflicts" not in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    pictures = document.element.body.findall(".//" + qn("wp:docPr"))  # charts as images, as in the PDF
    assert pictures and all(p.get("descr") and p.get("title") for p in pictures)  # with alternative text
    assert "%" in cells


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"--from": "2025-13-01"}, "--from 2025-13-01 is not a date."),
        ({"--to": "2024-01-01"}, "The period ends before it starts."),
        ({"--audience": "full"}, "'full' is not an audience."),
        ({"--lang": "xx"}, "Documents cannot be written in 'xx'."),
        ({"--format": "odt"}, "'odt' is not a format documents are written in."),
        ({"--forum": "nope"}, "There is no forum with the id nope"),
    ],
)
def test_refusals_exit_1_in_plain_words(
    demo: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, str],
    said: str,
) -> None:
    out = tmp_path / "review.pdf"
    code, _out, err = run_cli(capsys, *_args(demo[0], out, **changes))
    assert code == 1
    assert said in err and "Traceback" not in err
    assert not out.exists()


def test_missing_file_and_folder(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, *_args(tmp_path / "none.sqlite", tmp_path / "r.pdf"))
    assert code == 1 and "Traceback" not in err and err.strip()
    code, _out, err = run_cli(capsys, *_args(demo[0], tmp_path / "no" / "such" / "r.pdf"))
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_a_refusal_in_a_real_process(demo: tuple[Path, str], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", *_args(demo[0], tmp_path / "r.pdf", **{"--from": "soon"})],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "is not a date" in done.stderr and "Traceback" not in done.stderr
