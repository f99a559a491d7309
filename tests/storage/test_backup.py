"""Backups on real files: made on opening and before restoring, rotated, listed, checked and restored."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import folders
from facilitator.entities import Forum, Partner
from facilitator.errors import DatabaseCorrupt, DatabaseLocked, NotADatabase
from facilitator.meetings import Meeting
from facilitator.operations import save_partner
from facilitator.storage import backup, open_partnership
from facilitator.storage.backup import (
    BackupKind,
    DamagedPartnership,
    OtherPartnership,
    back_up_file,
    check,
    daily_backup,
    list_backups,
    newest_good_backup,
    restore,
    rotate,
)
from facilitator.storage.database import Partnership, backup_into
from tests.platform_sim import kill_hard


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(path: Path, partners: int = 2, meetings: int = 1) -> Partnership:
    store = open_partnership(path)
    forum = Forum(name="Weekly round")
    with store.atomic():
        store.put(forum)
        for i in range(partners):
            store.put(Partner(name=f"Partner {i}"))
        for i in range(meetings):
            store.put(Meeting(forum_id=forum.id, starts_at=dt.datetime(2025, 3, 3 + i, 10, 0)))
    return store


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0] for r in conn.execute("select name from partners")}
    finally:
        conn.close()


def _companions(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.rglob("*") if p.name.endswith(("-wal", "-shm", "-journal", ".partial"))
    )


def test_opening_for_writing_makes_one_backup_a_day(db_path: Path) -> None:
    _fill(db_path).close()
    with open_partnership(db_path, daily_backup=True) as store:
        made = store.backed_up_to
        assert made is not None and store.backup_problem is None
        assert made.parent == db_path.parent / "backups"
        assert made.name.startswith("partnership.") and made.name.endswith(".daily.sqlite")
    assert _names(made) == {"Partner 0", "Partner 1"}
    with open_partnership(db_path, daily_backup=True) as store:
        assert store.backed_up_to is None  # one a day is enough
    assert [i.path for i in list_backups(db_path)] == [made]
    assert _companions(db_path.parent) == []


def test_a_new_empty_file_and_a_read_only_opening_make_no_backup(db_path: Path) -> None:
    with open_partnership(db_path, daily_backup=True) as store:
        assert store.backed_up_to is None
    with open_partnership(db_path, read_only=True) as store:
        assert store.backed_up_to is None
    assert not (db_path.parent / "backups").exists()


def test_backup_is_consistent_while_another_connection_writes(db_path: Path) -> None:
    store = _fill(db_path, partners=50)
    try:
        target = backup.back_up(store.db.conn, db_path)
        store.put(Partner(name="After the copy"))
    finally:
        store.close()
    conn = sqlite3.connect(f"{target.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("select count(*) from partners").fetchone()[0] == 50
    finally:
        conn.close()


def test_rotation_keeps_seven_days_and_eight_weeks(db_path: Path) -> None:
    store = _fill(db_path)
    start = dt.datetime(2025, 1, 1, 9, 0)
    try:
        for day in range(90):
            moment = start + dt.timedelta(days=day)
            assert daily_backup(store.db.conn, db_path, now=moment) is not None
            assert daily_backup(store.db.conn, db_path, now=moment + dt.timedelta(hours=3)) is None
        manual = backup.back_up(store.db.conn, db_path, now=start)
    finally:
        store.close()
    kept = {i.made.date() for i in list_backups(db_path) if i.kind is BackupKind.DAILY}
    last = (start + dt.timedelta(days=89)).date()
    last_days = {last - dt.timedelta(days=n) for n in range(7)}
    assert last_days <= kept
    weeks = {d.isocalendar()[:2] for d in kept}
    assert len(weeks) == 8
    assert len(kept) <= 7 + 8
    # The newest copy of each kept week is the one kept.
    for week in weeks:
        in_week = [start.date() + dt.timedelta(days=n) for n in range(90)]
        newest = max(d for d in in_week if d.isocalendar()[:2] == week)
        assert newest in kept
    assert manual.exists()  # copies made by hand are never rotated
    assert rotate(db_path) == []  # stable


def test_list_backups_summarises_and_checks_without_touching_anything(db_path: Path) -> None:
    store = _fill(db_path, partners=3, meetings=2)
    first = backup.back_up(store.db.conn, db_path, now=dt.datetime(2025, 3, 1, 8, 0))
    store.put(Partner(name="Later"))
    second = backup.back_up(store.db.conn, db_path, now=dt.datetime(2025, 3, 2, 8, 0))
    store.close()
    damaged = db_path.parent / "backups" / "partnership.2025-03-03T080000.daily.sqlite"
    damaged.write_bytes(second.read_bytes()[:5000])
    digests = {p: _sha(p) for p in (first, second, damaged)}

    found = list_backups(db_path)
    assert [i.path for i in found] == [damaged, second, first]
    assert [i.intact for i in found] == [False, True, True]
    assert found[1].summary.partners == 4 and found[2].summary.partners == 3
    assert found[2].summary.forums == 1 and found[2].summary.meetings == 2
    assert found[2].summary.actions == 0
    assert found[2].summary.newest_meeting == "2025-03-04T10:00:00"
    assert "4 partners" in found[1].describe()
    assert newest_good_backup(db_path) == found[1]
    assert {p: _sha(p) for p in digests} == digests
    assert _companions(db_path.parent) == []


def test_copies_set_aside_before_an_upgrade_are_listed(db_path: Path) -> None:
    _fill(db_path).close()
    aside = db_path.with_name("partnership.before-0009_leaflets.20250301-101500.sqlite")
    shutil.copyfile(db_path, aside)
    (info,) = list_backups(db_path)
    assert info.kind is BackupKind.BEFORE_MIGRATION and info.path == aside and info.intact
    assert info.made == dt.datetime(2025, 3, 1, 10, 15)


def test_restore_puts_the_backup_back_and_keeps_the_file_as_it_was(db_path: Path) -> None:
    store = _fill(db_path)
    copy = backup.back_up(store.db.conn, db_path)
    save_partner(store, Partner(name="Made after the backup")).apply(store)
    store.close()

    done = restore(db_path, copy)
    assert _names(db_path) == {"Partner 0", "Partner 1"}
    assert done.previous_kept_as is not None
    assert done.previous_kept_as.name.endswith(".before-restore.sqlite")
    assert "Made after the backup" in _names(done.previous_kept_as)
    assert check(db_path).ok
    with open_partnership(db_path) as again:
        assert {p.name for p in again.all(Partner)} == {"Partner 0", "Partner 1"}
    assert _companions(db_path.parent) == []


def test_restore_refuses_a_backup_of_another_partnership_unless_forced(db_path: Path, tmp_path: Path) -> None:
    _fill(db_path).close()
    other_path = tmp_path / "other" / "elsewhere.sqlite"
    other_path.parent.mkdir()
    with open_partnership(other_path) as other:
        other.put(Partner(name="Someone else's partner"))
    digest = _sha(db_path)
    with pytest.raises(OtherPartnership) as caught:
        restore(db_path, other_path)
    assert "another partnership" in caught.value.message
    assert _sha(db_path) == digest
    assert not (db_path.parent / "backups").exists()
    restore(db_path, other_path, force=True)
    assert _names(db_path) == {"Someone else's partner"}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.write_bytes(p.read_bytes()[:3000]),
        lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(3000)),
        lambda p: p.write_bytes(p.read_bytes()[:8192] + os.urandom(40_000)),
    ],
    ids=["truncated", "zip", "random-pages"],
)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(db_path: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    store = _fill(db_path, partners=200)
    copy = backup.back_up(store.db.conn, db_path)
    store.close()
    spoil(copy)
    digest = _sha(db_path)
    with pytest.raises((DatabaseCorrupt, NotADatabase)) as caught:
        restore(db_path, copy)
    assert caught.value.message
    assert _sha(db_path) == digest
    assert [p.name for p in (db_path.parent / "backups").iterdir()] == [copy.name]


def test_restore_is_refused_while_another_copy_writes(db_path: Path) -> None:
    store = _fill(db_path)
    copy = backup.back_up(store.db.conn, db_path)
    try:
        with pytest.raises(DatabaseLocked):
            restore(db_path, copy)
    finally:
        store.close()


def test_restore_never_replays_a_wal_left_by_a_crash(db_path: Path) -> None:
    """A WAL left by a killed copy belongs to the old file: SQLite must not apply it to the restored one."""
    store = _fill(db_path)
    copy = backup.back_up(store.db.conn, db_path)
    store.close()
    script = textwrap.dedent(
        f"""
        import sys, time
        from facilitator.storage import open_partnership
        from facilitator.entities import Partner
        store = open_partnership({str(db_path)!r})
        for i in range(30):
            store.put(Partner(name=f"Uncheckpointed {{i}}"))
        print("written", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "written"
    finally:
        kill_hard(child)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0
    done = restore(db_path, copy)  # the crashed copy's lock is stale: taken over
    assert _names(db_path) == {"Partner 0", "Partner 1"}
    assert done.previous_kept_as is not None
    assert len(_names(done.previous_kept_as)) == 32  # the crashed copy's last writes are kept aside
    with open_partnership(db_path) as again:
        assert again.integrity() == "ok"
        assert len(again.all(Partner)) == 2


def test_check_reports_a_sound_and_a_damaged_file(db_path: Path) -> None:
    _fill(db_path, partners=400).close()
    report = check(db_path)
    assert report.ok and report.integrity == "ok" and not report.pending and not report.unknown
    assert report.summary.partners == 400
    size = db_path.stat().st_size
    with db_path.open("r+b") as file:
        file.seek((size // 4096 // 2) * 4096)
        file.write(bytes((i * 37 + 11) % 256 for i in range(3 * 4096)))
    digest = _sha(db_path)
    damaged_report = check(db_path)
    assert not damaged_report.ok
    assert any("damaged" in p for p in damaged_report.problems)
    assert "NOT sound" in damaged_report.lines()[-1]
    assert _sha(db_path) == digest


def test_an_error_of_the_check_beside_is_told_and_leaves_no_thread(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The integrity check runs on a thread of its own: what it meets reaches the report, and the thread is
    gone when ``check`` returns."""
    _fill(db_path, partners=40).close()

    def spoiled(path: Path) -> sqlite3.Connection:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(backup, "_second_reader", spoiled)
    threads = threading.active_count()
    report = check(db_path)
    assert not report.ok
    assert report.integrity == "database disk image is malformed"
    assert any("damaged" in p for p in report.problems)
    assert threading.active_count() == threads


def test_a_damaged_file_is_refused_with_the_newest_good_backup_and_what_would_be_lost(db_path: Path) -> None:
    store = _fill(db_path, partners=300)
    old = backup.back_up(store.db.conn, db_path, now=dt.datetime(2025, 3, 1, 9, 0))
    with store.atomic():
        for i in range(20):
            store.put(Partner(name=f"Added later {i}"))
    newest = backup.back_up(store.db.conn, db_path, now=dt.datetime(2025, 3, 2, 9, 0))
    with store.atomic():
        for i in range(5):
            store.put(Partner(name=f"Not in any backup {i}"))
    store.close()
    assert old.exists()
    size = db_path.stat().st_size
    with db_path.open("r+b") as file:
        file.seek((size // 4096 // 2) * 4096)
        file.write(bytes((i * 37 + 11) % 256 for i in range(2 * 4096)))
    digest = _sha(db_path)
    with pytest.raises(DatabaseCorrupt) as caught:
        open_partnership(db_path, daily_backup=True)
    error = caught.value
    assert isinstance(error, DamagedPartnership)
    assert error.backup is not None and error.backup.path == newest
    assert "2025-03-02 09:00" in error.hint
    assert _sha(db_path) == digest
    assert not db_path.with_name(db_path.name + ".lock").exists()
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == sorted([old.name, newest.name])


def test_a_file_overwritten_by_something_else_is_offered_its_backup(db_path: Path) -> None:
    store = _fill(db_path)
    copy = backup.back_up(store.db.conn, db_path)
    store.close()
    db_path.write_bytes(b"PK\x03\x04" + b"\x00" * 300)
    with pytest.raises(DamagedPartnership) as caught:
        open_partnership(db_path)
    assert caught.value.backup is not None and caught.value.backup.path == copy
    restore(db_path, copy)
    assert _names(db_path) == {"Partner 0", "Partner 1"}
    kept = [i for i in list_backups(db_path) if i.kind is BackupKind.DAMAGED]
    assert len(kept) == 1 and kept[0].path.read_bytes().startswith(b"PK")


def test_back_up_file_reads_a_file_open_in_the_window(db_path: Path, tmp_path: Path) -> None:
    store = _fill(db_path)
    try:
        store.put(Partner(name="Only in the WAL so far"))
        out = back_up_file(db_path, tmp_path / "copy.sqlite")
    finally:
        store.close()
    assert "Only in the WAL so far" in _names(out)
    assert not list(tmp_path.glob(".copy.sqlite*"))


def test_today_s_copy_in_the_user_s_data_folder_counts_as_much_as_one_beside_the_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day's copy is looked for beside the file first, and in the user's data folder (where it goes when the
    file's folder cannot be written) when there is none beside it: one there is enough for the day too."""
    monkeypatch.setenv(folders.DATA_ENV, str(tmp_path / "data"))
    store = _fill(db_path)
    moment = dt.datetime(2025, 3, 14, 9, 0)
    try:
        elsewhere = backup.backup_folders(db_path)[1]
        elsewhere.mkdir(parents=True)
        made = elsewhere / backup.backup_name(db_path, moment, BackupKind.DAILY)
        backup_into(store.db.conn, made)
        assert daily_backup(store.db.conn, db_path, now=moment + dt.timedelta(hours=3)) is None
        assert not (db_path.parent / "backups").exists()
        assert daily_backup(store.db.conn, db_path, now=moment + dt.timedelta(days=1)) is not None
        assert daily_backup(store.db.conn, db_path, now=moment + dt.timedelta(days=1, hours=1)) is None
    finally:
        store.close()
    assert {i.made.date() for i in list_backups(db_path)} == {
        moment.date(),
        moment.date() + dt.timedelta(days=1),
    }


@given(
    moment=st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)).map(
        lambda m: m.replace(microsecond=0)
    ),
    kind=st.sampled_from(BackupKind),
)
def test_a_backups_name_gives_back_its_moment_and_kind(moment: dt.datetime, kind: BackupKind) -> None:
    """The opening lists the backups by the moment in their names, read without ``strptime`` (``_stamp_time``)."""
    db_path = Path("/partnerships/Harbour partnership.sqlite")
    name = backup.backup_name(db_path, moment, kind)
    assert backup._parse_name(db_path, name) == (moment, kind)
    assert backup._parse_name(db_path, name.replace(".sqlite", "-2.sqlite", 1)) is None  # not a backup's name


@pytest.mark.parametrize(
    ("name", "moment"),
    [
        (
            "demo.2026-12-07T090503-2.daily.sqlite",
            dt.datetime(2026, 12, 7, 9, 5, 3),
        ),  # a second one that second
        (
            "demo.before-0017.20261207-090503.sqlite",
            dt.datetime(2026, 12, 7, 9, 5, 3),
        ),  # set aside by a migration
        ("demo.2026-13-07T090503.daily.sqlite", None),  # no thirteenth month
        ("demo.2026-02-30T090503.daily.sqlite", None),
        ("demo.before-0017.20260230-090503.sqlite", None),
        ("demo.2026-12-07T250000.daily.sqlite", None),
        ("other.2026-12-07T090503.daily.sqlite", None),  # another file's
    ],
)
def test_backup_names_that_are_not_quite(name: str, moment: dt.datetime | None) -> None:
    found = backup._parse_name(Path("demo.sqlite"), name)
    assert (found[0] if found else None) == moment
