"""The first PDF on a fresh machine: the command line does not wait for the bold fonts to be cut.

It writes the document with the regular weight standing in for bold, says so, and leaves a process of its own
to cut the bold for the next document (how long it all takes: bench/commands.py, never asserted here)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.exports import fonts
from tests.conftest import round_file_at
from tests.core.test_minutes import Round


@pytest.fixture
def fresh_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty font cache; the background process is recorded instead of started."""
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "cache"))
    started: list[str] = []
    monkeypatch.setattr(fonts, "build_in_background", lambda: started.append("started") or "process")
    return started


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, Round]:
    return round_file_at(tmp_path / "round.sqlite")


def _written(made: tuple[Path, Round], tmp_path: Path, file_format: str) -> Path:
    """The partners' minutes in English written by the command line in ``file_format``; where they went."""
    db, r = made
    out = tmp_path / f"minutes.{file_format}"
    argv = ["--db", str(db), "--meeting", r.meeting.id, "--audience", "partners", "--lang", "en"]
    assert main(["minutes", *argv, "--format", file_format, "--out", str(out)]) == 0
    return out


def test_first_pdf_is_written_at_once_and_the_bold_cut_in_the_background(
    made: tuple[Path, Round], tmp_path: Path, fresh_machine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _written(made, tmp_path, "pdf")
    said = capsys.readouterr().out.splitlines()
    assert said[0] == f"Wrote {out}."
    assert "regular weight" in said[1] and "background" in said[1]
    assert fresh_machine == ["started"]
    # Nothing was cut while the user waited: what was measured of the regular fonts is all it kept.
    assert not list((tmp_path / "cache").rglob("*.ttf"))
    kept = {p.parent for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    assert kept <= {fonts.kept_path(fonts.NOTO_SANS, "face").parent}
    reader = PdfReader(BytesIO(out.read_bytes()))
    embedded = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert "NotoSans-Regular" in embedded and not any("Bold" in name for name in embedded)
    assert "Station Quarter Group" in "".join(page.extract_text() for page in reader.pages)
    assert fonts._wait_for_bold == [True]  # the library still waits for the bold outside the command


def test_word_documents_need_no_pdf_fonts(
    made: tuple[Path, Round], tmp_path: Path, fresh_machine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _written(made, tmp_path, "docx")
    assert capsys.readouterr().out == f"Wrote {out}.\n"
    assert fresh_machine == []
