"""A read-only command checks what it reads: ``storage.reading.open_reading`` runs SQLite's quick check over every
table a ``Reader`` reads (with their indexes), not over the audit trail and the search index, which no reader reads.

Damage in anything a document is made from is refused before a word is read, in plain words, and nothing is
written; damage confined to the audit trail leaves the document exactly as it was, and is still found by
``check`` and refused by opening the file for writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from docx import Document

from facilitator.cli import main
from facilitator.errors import DatabaseCorrupt, NotADatabase
from facilitator.record_fields import TABLES
from facilitator.storage import open_partnership
from facilitator.storage.reading import open_reading, read_by_readers
from tests.core.test_minutes import Round

pytestmark = pytest.mark.usefixtures("font_cache")


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` with garbage, as a failing disk would."""
    with sqlite3.connect(path) as conn:
        (root,) = conn.execute("select rootpage from sqlite_master where name = ?", [table]).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))


def _minutes(path: Path, r: Round, out: Path) -> list[str]:
    options = ["--db", str(path), "--meeting", r.meeting.id, "--audience", "partners", "--lang", "en"]
    return ["minutes", *options, "--format", "docx", "--out", str(out)]


def _text(docx: Path) -> str:
    document = Document(str(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_kind_of_record_is_checked_and_the_audit_and_search_index_are_not() -> None:
    assert all(read_by_readers(table) for table in TABLES.values())
    assert read_by_readers("membership_substitutes") and read_by_readers("partnership")
    assert read_by_readers("_sqlite_migrations")
    assert not read_by_readers("audit")
    assert not any(read_by_readers(t) for t in ("search_entries", "search_words", "search_words_data"))


@pytest.mark.parametrize("table", ["meetings", "agenda_items", "partners", "memberships"])
def test_damage_in_what_a_document_reads_is_refused_in_plain_words(
    round_file: tuple[Path, Round], tmp_path: Path, table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, r = round_file
    _damage_table(path, table)
    # SQLite's check either lists the damage or stops at it ("malformed"): both are told as damage.
    with pytest.raises((DatabaseCorrupt, NotADatabase)) as caught:
        open_reading(path)
    assert "damaged" in caught.value.message
    out = tmp_path / "minutes.docx"
    capsys.readouterr()
    assert main(_minutes(path, r, out)) == 1
    said = capsys.readouterr()
    assert "damaged" in said.err and "Traceback" not in said.err
    assert not out.exists()  # nothing written from a damaged file
    for command in (["meetings", "--db", str(path)], ["agenda", *_minutes(path, r, out)[1:]]):
        assert main(command) == 1
        assert "damaged" in capsys.readouterr().err


def test_damage_only_in_the_audit_trail_leaves_documents_as_they_were(
    round_file: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, r = round_file
    before, after = tmp_path / "before.docx", tmp_path / "after.docx"
    assert main(_minutes(path, r, before)) == 0
    _damage_table(path, "audit")
    assert main(_minutes(path, r, after)) == 0
    assert _text(after) == _text(before)
    assert r.meeting.title in _text(after)  # the check can fail: the document holds the meeting
    # ... and the damage is still found where the audit trail is read or written.
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 1
    assert "NOT sound" in capsys.readouterr().out
    with pytest.raises((DatabaseCorrupt, NotADatabase)) as caught:
        open_partnership(path)
    assert "damaged" in caught.value.message
