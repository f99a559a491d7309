"""The command line's backup, backups, restore, check and audit commands, on real files."""

from __future__ import annotations

import csv
import io
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
        store.put(Partner(name="Outreach North"))
    return db_path


def test_backup_backups_restore_and_check(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(filled)]) == 0
    made = list((filled.parent / "backups").glob("*.manual.sqlite"))
    assert len(made) == 1
    out = tmp_path / "copies" / "monday.sqlite"
    out.parent.mkdir()
    assert main(["backup", "--db", str(filled), "--out", str(out)]) == 0
    assert out.exists()

    with open_partnership(filled) as store:
        store.put(Partner(name="Added after the backup"))

    capsys.readouterr()
    assert main(["backups", "--db", str(filled)]) == 0
    listing = capsys.readouterr().out
    assert "2 partners" in listing and "made by hand" in listing and str(made[0]) in listing

    assert main(["restore", "--db", str(filled), "--from", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Restored" in said and "kept as" in said
    with open_partnership(filled, read_only=True) as store:
        assert sorted(p.name for p in store.all(Partner)) == ["City Police", "Outreach North"]

    assert main(["check", "--db", str(filled)]) == 0
    assert "The file is sound." in capsys.readouterr().out


def test_check_exits_non_zero_on_a_damaged_file(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_partnership(filled) as store, store.atomic():
        for i in range(300):
            store.put(Partner(name=f"P{i}", contact="z" * 800))
    size = filled.stat().st_size
    with filled.open("r+b") as file:
        file.seek((size // 4096 // 2) * 4096)
        file.write(bytes((i * 37 + 11) % 256 for i in range(3 * 4096)))
    capsys.readouterr()
    assert main(["check", "--db", str(filled)]) == 1
    assert "NOT sound" in capsys.readouterr().out
    # The installed command too: its exit code is what scripts see.
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "check", "--db", str(filled)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert main(["backup", "--db", str(filled)]) == 1  # a damaged file is not copied
    assert "damaged" in capsys.readouterr().err


def test_restore_of_another_partnership_needs_force(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other" / "other.sqlite"
    other.parent.mkdir()
    with open_partnership(other) as store:
        store.put(Partner(name="Elsewhere"))
    assert main(["restore", "--db", str(filled), "--from", str(other)]) == 1
    assert "another partnership" in capsys.readouterr().err
    assert main(["restore", "--db", str(filled), "--from", str(other), "--force"]) == 0


def test_audit_exports_the_trail_as_csv(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trail.csv"
    assert main(["audit", "--db", str(filled), "--out", str(out)]) == 0
    assert "Wrote 2 changes" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["when", "coordinator", "user", "kind"]
    assert [r[3] for r in rows[1:]] == ["partners", "partners"]
