"""Leftovers are cleaned at the next start; a backup is checked for what the app can read before it is restored,
and a file whose columns hold bad data is told in words, never a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import safe_files
from facilitator.cli import main
from facilitator.entities import Forum, Partner
from facilitator.errors import DatabaseCorrupt
from facilitator.storage import backup, open_partnership
from facilitator.storage.database import UnreadableRecord


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_start_removes_what_killed_work_left_and_nothing_else(db_path: Path, tmp_path: Path) -> None:
    with open_partnership(db_path) as store:
        store.put(Partner(name="Kept"))
    folder = db_path.parent
    tag = safe_files.host_tag()
    killed = folder / f".{db_path.name}.{tag}-{_dead_pid()}-abcdef.partial"
    killed_journal = folder / f"{killed.name}-journal"
    running = folder / f".{db_path.name}.{tag}-{os.getpid()}-abcdef.partial"
    elsewhere = folder / f".{db_path.name}.0badcafe-{_dead_pid()}-abcdef.partial"  # another machine's
    for path in (killed, killed_journal, running, elsewhere):
        path.write_bytes(b"half a copy")
    old_style = folder / f".{db_path.name}.1234abcd.partial"  # an earlier version's, a day old
    old_style.write_bytes(b"x")
    os.utime(old_style, (1_000_000_000, 1_000_000_000))
    # A copy set aside before an upgrade of a file that was never filled (a new file whose making failed).
    (tmp_path / "elsewhere").mkdir()
    empty = tmp_path / "elsewhere" / "empty.sqlite"
    with open_partnership(empty):
        pass
    worthless = folder / f"{db_path.stem}.before-0012_stored_files.20261201-090000.sqlite"
    shutil.copyfile(empty, worthless)
    useful = folder / f"{db_path.stem}.before-0012_stored_files.20261130-090000.sqlite"
    shutil.copyfile(db_path, useful)

    with open_partnership(db_path) as store:
        removed = set(store.removed_leftovers)
    assert removed == {killed, killed_journal, old_style, worthless}
    assert running.exists() and elsewhere.exists() and useful.exists()


def test_an_opening_that_leaves_the_leftovers_to_its_caller_leaves_them_until_asked(db_path: Path) -> None:
    """The window shows Home first and removes the leftovers after (``leftovers_later``); never skipped."""
    with open_partnership(db_path) as store:
        store.put(Partner(name="Kept"))
    killed = db_path.parent / f".{db_path.name}.{safe_files.host_tag()}-{_dead_pid()}-abcdef.partial"
    killed.write_bytes(b"half a copy")
    with open_partnership(db_path, leftovers_later=True) as store:
        assert killed.exists() and store.removed_leftovers == []
        assert store.remove_leftovers() == [killed]
        assert not killed.exists() and store.removed_leftovers == [killed]
    killed.write_bytes(b"half a copy")
    with open_partnership(db_path, read_only=True, leftovers_later=False):
        assert killed.exists()  # reading never removes anything
    with open_partnership(db_path) as store:
        assert store.removed_leftovers == [killed] and not killed.exists()


def _spoil(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_backup_whose_columns_hold_bad_json_is_not_sound_and_is_never_restored(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_partnership(db_path) as store:
        store.put(Forum(name="Weekly round"))
        store.put(Partner(name="Police"))
    spoilt = tmp_path / "spoilt.sqlite"
    backup.back_up_file(db_path, spoilt)
    _spoil(spoilt, "update forums set quorum = '{not json'")
    report = backup.check(spoilt)
    assert not report.ok and report.damaged and report.unreadable
    assert "cannot read a record" in "\n".join(report.lines())
    digest = db_path.read_bytes()
    with pytest.raises(DatabaseCorrupt, match="cannot read"):
        backup.restore(db_path, spoilt)
    assert db_path.read_bytes() == digest

    # Put in place by hand anyway: reading commands say so in words.
    shutil.copyfile(spoilt, tmp_path / "by-hand.sqlite")
    for command in (["meetings"], ["export-json", "--out", str(tmp_path / "out.json")]):
        capsys.readouterr()
        assert main([command[0], "--db", str(tmp_path / "by-hand.sqlite"), *command[1:]]) == 1
        said = capsys.readouterr().err
        assert "cannot read" in said and "Traceback" not in said, said
    with (
        open_partnership(tmp_path / "by-hand.sqlite", read_only=True) as store,
        pytest.raises(UnreadableRecord),
    ):
        store.all(Forum)


def test_a_backup_with_a_broken_reference_is_not_restored(db_path: Path, tmp_path: Path) -> None:
    with open_partnership(db_path) as store:
        store.put(Partner(name="Police"))
    spoilt = tmp_path / "spoilt.sqlite"
    backup.back_up_file(db_path, spoilt)
    _spoil(
        spoilt,
        "insert into representatives (id, created, updated, archived, name, partner_id) "
        "values ('r1', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', 0, 'Ana', 'nobody')",
    )
    assert "names a record of partners that is not there" in "\n".join(backup.check(spoilt).lines())
    with pytest.raises(DatabaseCorrupt):
        backup.restore(db_path, spoilt)
