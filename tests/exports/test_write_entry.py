"""One entry point writes a document model in a format (``exports.write``), with one list of formats
(``exports.Format``); the command line and the window choose writers only through it, and the leaflet writers
use the shared PDF and Word helpers from their own modules, never private names of the minutes writers."""

from __future__ import annotations

import ast
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from facilitator import exports
from facilitator.errors import KnownError
from facilitator.exports import Format
from facilitator.leaflets import Folding, PageSize, build_leaflet
from tests.core.test_leaflets import make_partnership
from tests.exports.conftest import latin_model

pytestmark = pytest.mark.usefixtures("font_cache")
ROOT = Path(__file__).resolve().parents[2]


def _text(path: Path, fmt: Format) -> str:
    if fmt is Format.PDF:
        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)
    body = Document(str(path)).element.body
    return " ".join(node.text or "" for node in body.iter(qn("w:t")))


@pytest.mark.parametrize("fmt", list(Format))
def test_a_document_model_is_written_and_reads_back(fmt: Format, tmp_path: Path) -> None:
    target = tmp_path / f"minutes{fmt.suffix}"
    heard: list[str] = []
    exports.write(latin_model(), fmt, target, heard.append)
    assert "Northside Street Round" in _text(target, fmt)


@pytest.mark.parametrize("fmt", list(Format))
def test_a_leaflet_is_written_on_its_paper_and_reads_back(fmt: Format, tmp_path: Path) -> None:
    partnership = make_partnership()
    model = build_leaflet(partnership.store, partnership.meeting_id, "en")
    target = tmp_path / f"leaflet{fmt.suffix}"
    exports.write(model, fmt, target, size=PageSize.A5, folding=Folding.SET)
    text = _text(target, fmt)
    assert model.sides[0].sections[0].paragraphs[0].split()[0] in text
    if fmt is Format.PDF:
        width, height = PdfReader(str(target)).pages[0].mediabox[2:]
        assert (round(float(width)), round(float(height))) == (420, 595)  # A5 in points


def test_a_format_is_named_in_any_case_and_an_unknown_one_is_refused() -> None:
    assert Format.named(" PDF ") is Format.PDF
    assert Format.named("docx") is Format.DOCX
    with pytest.raises(KnownError) as refused:
        Format.named("odt")
    assert "pdf, docx" in refused.value.hint
    assert [f.suffix for f in Format] == [".pdf", ".docx"]


CHOOSERS = [
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "facilitator" / "cli").glob("*.py")),
    "ui/export_worker.py",
    "ui/jobs.py",
    "ui/conflict_dialogs.py",
    "ui/indicators_screen.py",
    "ui/leaflet_tab.py",
    "ui/action_dialogs.py",
]
WRITERS = {
    "write_pdf",
    "write_docx",
    "write_leaflet_pdf",
    "write_leaflet_docx",
    "docx_bytes",
    "leaflet_docx_bytes",
}


@pytest.mark.parametrize("name", CHOOSERS)
def test_the_command_line_and_the_window_choose_a_writer_only_through_exports_write(name: str) -> None:
    tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("facilitator.exports.")
        ):
            used = {alias.name for alias in node.names}
            assert not used & WRITERS, f"{name}:{node.lineno} imports a writer: {used & WRITERS}"
        if isinstance(node, ast.Compare):
            texts = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant)}
            assert not texts & {"pdf", "docx"}, f"{name}:{node.lineno} compares a format by its name"


def test_no_writer_imports_another_modules_private_names() -> None:
    for path in sorted((ROOT / "exports").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("facilitator."):
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "_"]
                assert private == [], f"{path.name}:{node.lineno} imports {private} from {node.module}"
            if isinstance(node, ast.ImportFrom) and path.name.startswith("leaflet_") and node.module:
                assert node.module not in (
                    "facilitator.exports.pdf_writer",
                    "facilitator.exports.docx_writer",
                )
