"""`facilitator minutes` and `facilitator agenda`: every refusal told plainly, and real files read back."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import DOCUMENT_LANGUAGES, main
from facilitator.storage import open_partnership
from tests.cli_run import run_cli
from tests.conftest import round_file_at
from tests.core.test_minutes import Round

# PDFs have their bold: the fonts are cut once for the run (tests/conftest.py); see test_cli_first_pdf.py.
pytestmark = pytest.mark.usefixtures("font_cache")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Round]:
    """The weekly round of story S1 in a partnership file, closed again."""
    return round_file_at(tmp_path_factory.mktemp("documents") / "round.sqlite")


def _args(db: Path, r: Round, out: Path, /, **changes: str | None) -> list[str]:
    options: dict[str, str | None] = {
        "--db": str(db),
        "--meeting": r.meeting.id,
        "--audience": "partners",
        "--lang": "en",
        "--format": "pdf",
        "--out": str(out),
    }
    options.update({f"--{k.replace('_', '-')}": v for k, v in changes.items()})
    argv: list[str] = []
    for name, value in options.items():
        if value is not None:
            argv += [name, value]
    return argv


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], out: Path, *said: str) -> str:
    for command in ("minutes", "agenda"):
        code, stdout, err = run_cli(capsys, command, *argv)
        assert (code, stdout) == (1, ""), err
        assert "Traceback" not in err
        for words in said:
            assert words in err
        assert not out.exists()
    return err


# --- refusals ------------------------------------------------------------------------------------------------------


#: Options given a value that names nothing, and the words each refusal must hold.
UNKNOWN = [
    pytest.param({"meeting": "no-such-meeting"}, ("no meeting with the id no-such-meeting",), id="meeting"),
    pytest.param(
        {"for_partner": "no-such-partner"}, ("no partner with the id no-such-partner",), id="partner"
    ),
    *(
        pytest.param(
            {"audience": audience}, ("not an audience", "public, partners, full"), id=f"audience {audience!r}"
        )
        for audience in ("everyone", "PUBLIC", "for_partner", "")
    ),
    pytest.param({"format": "odt"}, ("'odt'", "pdf, docx"), id="format"),
]


@pytest.mark.parametrize(("changes", "said"), UNKNOWN)
def test_an_unknown_value_is_refused(
    made: tuple[Path, Round],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, str],
    said: tuple[str, ...],
) -> None:
    db, r = made
    out = tmp_path / f"minutes.{changes.get('format', 'pdf')}"
    _refused(capsys, _args(db, r, out, **changes), out, *said)


@pytest.mark.parametrize("audience", ["public", "full"])
def test_for_partner_only_with_the_partners_audience(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str], audience: str
) -> None:
    db, r = made
    out = tmp_path / "minutes.pdf"
    argv = _args(db, r, out, audience=audience, for_partner=r.police.id)
    _refused(capsys, argv, out, "--for-partner", "--audience partners")


@pytest.mark.parametrize("language", ["xx", "es", "x-pseudo", "klingon", "fr_FR_extra", ""])
def test_unknown_language(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    db, r = made
    out = tmp_path / "minutes.pdf"
    err = _refused(capsys, _args(db, r, out, lang=language), out, f"'{language}'")
    assert ", ".join(DOCUMENT_LANGUAGES) in err


def test_the_documented_languages() -> None:
    assert DOCUMENT_LANGUAGES == ("en", "fr", "de", "nl", "nb", "sv", "da", "pl", "tr", "ro", "ru", "ar")


def test_no_such_partnership_file(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _db, r = made
    out = tmp_path / "minutes.pdf"
    missing = tmp_path / "nowhere.sqlite"
    _refused(capsys, _args(missing, r, out), out, "no partnership file")
    assert not missing.exists()  # reading never creates a file


def test_a_folder_that_does_not_exist(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, r = made
    out = tmp_path / "no" / "such" / "folder" / "minutes.pdf"
    _refused(capsys, _args(db, r, out), out, "does not exist")


def test_messages_stay_in_the_readers_language(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The document's --lang is not the language of the messages: a French document, an English message."""
    db, r = made
    out = tmp_path / "minutes.pdf"
    _refused(
        capsys, _args(db, r, out, meeting="nope", lang="fr"), out, "There is no meeting with the id nope"
    )


@pytest.mark.parametrize(
    "missing", ["--meeting", "--audience", "--lang", "--format", "--out"], ids=lambda m: m.strip("-")
)
def test_usage_errors(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str], missing: str
) -> None:
    db, r = made
    out = tmp_path / "minutes.pdf"
    argv = _args(db, r, out, **{missing.strip("-"): None})
    code, stdout, err = run_cli(capsys, "minutes", *argv)
    assert (code, stdout) == (2, "")
    assert missing in err and "Traceback" not in err


def test_no_database(made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, r = made
    code, _out, err = run_cli(capsys, "agenda", *_args(db, r, tmp_path / "a.pdf", db=None))
    assert code == 2 and "--db" in err and "Traceback" not in err


def test_a_refusal_in_a_real_process(made: tuple[Path, Round], tmp_path: Path) -> None:
    db, r = made
    argv = _args(db, r, tmp_path / "minutes.pdf", lang="tlh")
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "minutes", *argv], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert "Documents cannot be written in 'tlh'." in result.stderr
    assert "Traceback" not in result.stderr


# --- real exports ----------------------------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs] + [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def test_pdf_minutes_for_partners_in_french(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, r = made
    out = tmp_path / "minutes.pdf"
    # A writer holding the file open does not stop a reader.
    with open_partnership(db):
        code, stdout, err = run_cli(capsys, "minutes", *_args(db, r, out, lang="fr"))
    assert (code, err) == (0, "")
    assert out.read_bytes().startswith(b"%PDF")
    text = _pdf_text(out)
    assert "Station Quarter Group" in text and "Needle bins at the station" in text
    assert "Nightjar" not in text and "Plain-clothes" not in text
    assert "juin 2025" in text
    lines = stdout.splitlines()
    assert lines[0] == f"Wrote {out}."
    assert "have no translation into French" in lines[1]
    assert "  - Needle bins at the station" in lines
    assert "  - Operation Nightjar" not in lines  # not in this audience's document, so not reported


def test_pdf_agenda_for_the_police(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, r = made
    out = tmp_path / "agenda.pdf"
    code, stdout, err = run_cli(capsys, "agenda", *_args(db, r, out, for_partner=r.police.id))
    assert (code, err, stdout) == (0, "", f"Wrote {out}.\n")  # English: nothing untranslated
    text = _pdf_text(out)
    assert "Operation Nightjar" in text and "Ana Alvarez" in text


def test_pdf_minutes_for_the_public(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, r = made
    out = tmp_path / "public.pdf"
    code, _stdout, err = run_cli(capsys, "minutes", *_args(db, r, out, audience="public"))
    assert (code, err) == (0, "")
    text = _pdf_text(out)
    assert "Needle bins at the station" in text
    for hidden in (
        "Nightjar",
        "Shelter places",
        "Ana Alvarez",
        "Dora Dee",
        "Gita Green",
        "Confidential item",
    ):
        assert hidden not in text


def test_docx_minutes_read_back(
    made: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, r = made
    out = tmp_path / "minutes.docx"
    code, _stdout, err = run_cli(capsys, "minutes", *_args(db, r, out, format="docx", audience="full"))
    assert (code, err) == (0, "")
    text = _docx_text(out)
    assert "Operation Nightjar" in text and "Needle bins at the station" in text
    assert "Hugo Hill, for Dora Dee" in text
    out = tmp_path / "agenda.docx"
    code, _stdout, err = run_cli(
        capsys, "agenda", *_args(db, r, out, format="docx", audience="public", lang="ar")
    )
    assert (code, err) == (0, "")
    text = _docx_text(out)
    assert "Needle bins at the station" in text and "Nightjar" not in text and "Dora Dee" not in text


def test_the_partnership_file_is_not_changed(made: tuple[Path, Round], tmp_path: Path) -> None:
    db, r = made
    before = db.read_bytes()
    assert main(["minutes", *_args(db, r, tmp_path / "m.pdf")]) == 0
    assert db.read_bytes() == before
    assert io.BytesIO(before).read(16) == b"SQLite format 3\x00"
