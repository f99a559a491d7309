"""End to end in a folder like a real laptop's: a user called "Jörg Müller-Øster", folder names with spaces,
"#", "%", "&", Cyrillic, and a path longer than Windows' old 259-character limit. Open a partnership, write,
back up, list and restore backups, check it, open it read-only (through an SQLite URI), export JSON, minutes,
an agenda and a leaflet, and import the JSON again: every file lands where it was asked, and reads back.

On macOS and Linux such paths must simply work. On Windows a path over 259 characters works only where long
paths are turned on; ``tests/core/test_files_on_every_platform.py`` simulates the plain words told where they are not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.demo import build_demo
from facilitator.entities import Partner
from facilitator.meetings import Meeting, MeetingKind
from facilitator.storage import open_partnership
from facilitator.storage.audit import trail
from facilitator.storage.backup import list_backups
from facilitator.storage.lock import read_holder
from tests.platform_sim import AWKWARD_USER, LONG, awkward_user_folder


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The long folder, with this user's name and data folder (``platform_sim.awkward_user_folder``)."""
    return awkward_user_folder(tmp_path, monkeypatch)


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_a_partnership_lives_backs_up_and_exports_in_a_long_non_ascii_folder(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = folder / "Partnerschaft Straßenrunde (Jörg) #1.sqlite"
    assert len(str(db)) > LONG
    with open_partnership(db, daily_backup=True) as store:
        build_demo(store)
        holder = read_holder(db)
        assert holder is not None and holder.user == AWKWARD_USER  # the lock names the user as they are called
        store.put(Partner(name="Ärztehaus Ölberg & Söhne"))
        assert store.integrity() == "ok"
        assert any(entry.user == AWKWARD_USER for entry in trail(store.db)[-3:])

    # Back up, list, check.
    _run(capsys, "backup", "--db", db)
    backups = list_backups(db)
    assert backups and all(b.path.parent == folder / "backups" and b.intact for b in backups)
    assert str(db) in _run(capsys, "check", "--db", db)

    # Read-only opening goes through an SQLite URI: "#", "%", "?" and "ö" must survive it.
    with open_partnership(db, read_only=True) as reader:
        names = {p.name for p in reader.all(Partner)}
        meetings = reader.all(Meeting)
    assert "Ärztehaus Ölberg & Söhne" in names
    held = meetings[0]
    public = next(m for m in meetings if m.kind is MeetingKind.PUBLIC)

    # Documents.
    out = folder / "Dokumente für den Bürgertreffen"
    out.mkdir()
    minutes_pdf = out / "Protokoll – Straßenrunde (fr) #1.pdf"
    _run(capsys, "minutes", "--db", db, "--meeting", held.id, "--audience", "partners", "--lang", "fr",
         "--format", "pdf", "--out", minutes_pdf)  # fmt: skip
    assert len(PdfReader(str(minutes_pdf)).pages) >= 1
    agenda_docx = out / "Tagesordnung 100% sicher.docx"
    _run(capsys, "agenda", "--db", db, "--meeting", held.id, "--audience", "public", "--lang", "de",
         "--format", "docx", "--out", agenda_docx)  # fmt: skip
    import docx

    assert [p.text for p in docx.Document(str(agenda_docx)).paragraphs if p.text.strip()]
    leaflet = out / "Flugblatt Ärzte & Bürger.pdf"
    _run(capsys, "leaflet", "--db", db, "--meeting", public.id, "--lang", "en", "--size", "a5",
         "--format", "pdf", "--out", leaflet)  # fmt: skip
    assert len(PdfReader(str(leaflet)).pages) == 1

    # The whole partnership as JSON, and back into a new file in the same folder.
    exported = out / "Partnerschaft – Sicherung.json"
    _run(capsys, "export-json", "--db", db, "--out", exported)
    partners = json.loads(exported.read_text(encoding="utf-8"))["partners"]
    assert "Ärztehaus Ölberg & Söhne" in [p["name"] for p in partners]
    again = folder / "Wiederhergestellt ёлка.sqlite"
    _run(capsys, "import-json", "--db", again, exported)
    with open_partnership(again, read_only=True) as reader:
        assert {p.name for p in reader.all(Partner)} == names

    # Restore the first backup over the file: the file as it was is kept aside first.
    _run(capsys, "restore", "--db", db, "--from", backups[-1].path)
    with open_partnership(db, read_only=True) as reader:
        assert reader.integrity() == "ok"
    leftovers = [p.name for p in folder.rglob("*") if p.name.endswith(".partial")]
    assert leftovers == []


def test_on_windows_without_long_paths_such_a_file_is_refused_in_plain_words(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated Windows: without the long-paths setting, Windows would call the file missing and SQLite would
    fail to open it; the user is told the path is too long, and nothing is made."""
    from facilitator import safe_files
    from facilitator.errors import KnownError

    monkeypatch.setattr(safe_files, "on_windows", lambda: True)
    monkeypatch.setattr(safe_files, "windows_long_paths", lambda: False)
    db = folder / "p.sqlite"
    with pytest.raises(KnownError) as caught:
        open_partnership(db)
    assert (
        f"is {len(str(db))} characters long; Windows on this computer accepts at most 259"
        in caught.value.message
    )
    assert not db.exists()
    monkeypatch.setattr(safe_files, "windows_long_paths", lambda: True)
    with open_partnership(db) as store:
        store.put(Partner(name="Police"))


def test_a_redirected_windows_stdout_in_its_code_page_never_ends_in_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows writes a redirected stdout (``facilitator check ... > report.txt``) in its ANSI code page, cp1252
    in western Europe, which has no Polish "ą" or Arabic: they become "?" instead of a UnicodeEncodeError."""
    import io

    folder = tmp_path / "Spotkanie mieszkańców اجتماع"
    folder.mkdir()
    db = folder / "p.sqlite"
    with open_partnership(db) as store:
        store.put(Partner(name="Policja"))
    out = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")  # strict, as Windows makes it
    err = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    assert main(["check", "--db", str(db)]) == 0
    assert main(["meetings", "--db", str(tmp_path / "Jörg ąę" / "missing.sqlite")]) == 1
    out.flush()
    err.flush()
    written = out.buffer.getvalue().decode("cp1252")  # type: ignore[attr-defined]
    told = err.buffer.getvalue().decode("cp1252")  # type: ignore[attr-defined]
    assert "Spotkanie mieszka?ców ??????" in written
    assert "Jörg ??" in told  # what cp1252 has ("ö") stays; what it lacks is "?"
