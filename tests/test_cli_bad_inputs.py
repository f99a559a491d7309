"""Every bad input gets words: the inputs that used to end in a traceback, each answered plainly with exit 1."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.entities import Partner
from facilitator.storage import open_partnership


@pytest.fixture
def filled(db_path: Path) -> Path:
    with open_partnership(db_path) as store:
        store.put(Partner(name="City Police"))
    return db_path


def _refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(args) == 1, args
    said = capsys.readouterr().err
    assert said.strip() and "Traceback" not in said
    return said


@pytest.mark.parametrize(
    "case",
    [
        ("0001-01-01", "9999-12-31", "not a date a report can cover"),
        ("1990-01-01", "2199-12-31", "at most 50 years"),
        ("2026-02-30", "2026-12-31", "is not a date"),
        ("2026-12-31", "2026-01-01", "ends before it starts"),
    ],
)
def test_absurd_report_periods_are_refused_in_words(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: tuple[str, str, str]
) -> None:
    start, end, words = case
    args = ["report", "--db", str(filled), "--from", start, "--to", end, "--lang", "en", "--format", "docx"]
    assert words in _refused([*args, "--out", str(tmp_path / "r.docx")], capsys)
    assert not (tmp_path / "r.docx").exists()


def test_a_zero_length_file_is_empty_not_made_by_an_older_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for command in (["meetings"], ["export-json", "--out", str(tmp_path / "x.json")]):
        said = _refused([command[0], "--db", str(empty), *command[1:]], capsys)
        assert "empty" in said and "older version" not in said
    capsys.readouterr()
    assert main(["check", "--db", str(empty)]) == 1
    report = capsys.readouterr().out
    assert "empty" in report and "older version" not in report
    assert empty.read_bytes() == b""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX only: Windows has no /dev/zero")
def test_dev_zero_is_refused_as_input_and_as_a_partnership_file(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "device or a pipe" in _refused(
        ["import-json", "--db", str(tmp_path / "n.sqlite"), "/dev/zero"], capsys
    )
    assert not (tmp_path / "n.sqlite").exists()
    _refused(["meetings", "--db", "/dev/zero"], capsys)
    _refused(["restore", "--db", str(filled), "--from", "/dev/zero"], capsys)


def test_restore_refuses_an_image_and_another_application_s_database(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = filled.read_bytes()
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    assert "not a partnership file" in _refused(
        ["restore", "--db", str(filled), "--from", str(image)], capsys
    )
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (text)")
    conn.commit()
    conn.close()
    for force in ([], ["--force"]):
        said = _refused(["restore", "--db", str(filled), "--from", str(other), *force], capsys)
        assert "not one made by this app" in said
    assert filled.read_bytes() == before


def test_a_broken_pipe_ends_quietly(filled: Path) -> None:
    """`facilitator meetings | head -1`: the reader goes away; no traceback on stderr."""
    with open_partnership(filled) as store:
        from facilitator.demo import build_demo

        store.discard(Partner, store.all(Partner)[0].id)
        build_demo(store)
    listing = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "meetings", "--db", str(filled)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.readline()
    listing.stdout.close()  # what `head -1` does after its line
    problems = listing.stderr.read().decode()
    listing.stderr.close()
    listing.wait(timeout=120)
    assert "Traceback" not in problems and "BrokenPipe" not in problems, problems
