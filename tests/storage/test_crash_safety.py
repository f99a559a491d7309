"""Crash safety on real files and real processes: kill -9 during writes, a full disk, read-only folders,
files that are not what they claim, and one writer at a time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import clock as app_clock
from facilitator import safe_files
from facilitator.entities import Partner
from facilitator.errors import DatabaseLocked, DatabaseReadOnly, DiskFull, KnownError, NotADatabase
from facilitator.operations import Edit, save_partner
from facilitator.storage import backup, database, open_partnership
from facilitator.storage.backup import check, restore
from facilitator.storage.lock import break_lock, lock_path, read_holder
from tests.platform_sim import KILLED, kill_hard, spawn, spawn_ready

#: The child: hundreds of edits through the core's operations, one line on stdout after each commit.
WRITER = textwrap.dedent(
    """
    import sys
    from dataclasses import replace
    from facilitator.entities import Partner
    from facilitator.operations import save_partner
    from facilitator.storage import open_partnership

    path, run = sys.argv[1], sys.argv[2]
    store = open_partnership(path)
    counter = next((p for p in store.all(Partner) if p.name.startswith("counter ")), None)
    if counter is None:
        counter = Partner(name="counter 0")
        save_partner(store, counter).apply(store)
        counter = store.get(Partner, counter.id)
    print("ready", flush=True)
    for i in range(2000):
        partner = Partner(name=f"run {run} edit {i}", contact="Street " + "x" * (i % 700))
        save_partner(store, partner).apply(store)
        print(f"new {partner.id}", flush=True)
        value = int(counter.name.split()[1]) + 1
        save_partner(store, replace(counter, name=f"counter {value}")).apply(store)
        counter = store.get(Partner, counter.id)
        print(f"counter {value}", flush=True)
    print("done", flush=True)
    """
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: How many times each kind of process is killed; kills are counted, never timed.
KILLS = 12


def _run_until(child: subprocess.Popen[str], lines: int) -> list[str]:
    """Read ``lines`` reports of ``child`` (each one printed after a commit), then kill it with SIGKILL; return
    every whole line it wrote. The kill lands wherever the child then is: usually inside its next write.

    Everything is read through ``child.stdout`` itself: ``communicate()`` would read the pipe underneath and
    lose what ``readline`` had already buffered."""
    assert child.stdout is not None and child.stderr is not None
    seen: list[str] = []
    while len(seen) < lines:
        line = child.stdout.readline()
        if not line:
            break
        seen.append(line)
    kill_hard(child)
    rest = child.stdout.read()
    problems = child.stderr.read()
    child.wait()
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == KILLED, problems
    whole = "".join(seen) + rest
    return whole.split("\n")[:-1]  # a last half line was not reported


def test_kill_9_at_random_moments_loses_no_committed_edit(db_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20250314)
    committed: set[str] = set()
    counter_seen = 0
    for kills in range(1, KILLS + 1):
        child = spawn_ready(script, db_path, kills)
        for line in _run_until(child, rng.randint(1, 80)):
            word, value = line.split(" ", 1)
            if word == "new":
                committed.add(value)
            elif word == "counter":
                counter_seen = max(counter_seen, int(value))

        # After every kill: the file opens (the dead copy's lock is recognised), is intact, and has every edit.
        with open_partnership(db_path) as store:
            assert store.integrity() == "ok"
            ids = {p.id for p in store.all(Partner)}
            missing = committed - ids
            assert not missing, f"{len(missing)} committed edits lost after kill {kills}"
            (counter,) = [p for p in store.all(Partner) if p.name.startswith("counter ")]
            stored = int(counter.name.split()[1])
            assert counter_seen <= stored <= counter_seen + 1
            counter_seen = stored
    assert len(committed) >= KILLS, f"only {len(committed)} edits reported over {KILLS} kills"
    assert check(db_path).ok


# --- backups, restores and imports killed at random -------------------------------------------------------------

BACKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from facilitator.storage.backup import back_up_file
    db, folder = sys.argv[1], Path(sys.argv[2])
    for i in range(10_000):
        made = back_up_file(db, folder / f"copy-{sys.argv[3]}-{i}.sqlite")
        print(f"copied {made}", flush=True)
    """
)

RESTORER = textwrap.dedent(
    """
    import sys
    from facilitator.storage.backup import restore
    db, first, second = sys.argv[1:4]
    for i in range(10_000):
        source = first if i % 2 else second
        restore(db, source, force=True)
        print(f"restored {source}", flush=True)
    """
)

IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from facilitator.cli import main
    source, folder, run = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    for i in range(10_000):
        target = folder / f"import-{run}-{i}.sqlite"
        print(f"start {target}", flush=True)
        assert main(["import-json", "--db", str(target), source]) == 0
        print(f"imported {target}", flush=True)
    """
)


def _filled(path: Path, names: list[str]) -> None:
    with open_partnership(path) as store, store.atomic():
        for name in names:
            store.put(Partner(name=name, contact="Market Street " + "y" * 600))


def _names(path: Path) -> set[str]:
    with open_partnership(path, read_only=True) as store:
        return {p.name for p in store.all(Partner)}


def _partials(*folders: Path) -> list[Path]:
    return [
        p for folder in folders if folder.exists() for p in folder.iterdir() if p.name.endswith(".partial")
    ]


def _killed_at_random(
    script: Path, source: str, *args: object, seed: int, reports: tuple[int, int]
) -> Iterator[list[str]]:
    """Write ``source`` to ``script`` and run it ``KILLS`` times with ``args`` and the run's number (for the names
    of what it writes), each run killed after as many of its reports as ``rng.randint(*reports)`` draws from
    ``seed`` (the same moments on every run of the test): the whole lines of each run, once it is dead."""
    script.write_text(source, encoding="utf-8")
    rng = random.Random(seed)
    for kill in range(KILLS):
        yield _run_until(spawn(script, *args, kill), rng.randint(*reports))


def test_backups_killed_at_random_leave_whole_copies_or_none(db_path: Path, tmp_path: Path) -> None:
    _filled(db_path, [f"Partner {i}" for i in range(400)])
    copies = tmp_path / "copies"
    copies.mkdir()
    reported = 0
    for lines in _killed_at_random(tmp_path / "backer.py", BACKER, db_path, copies, seed=7, reports=(0, 4)):
        reported += sum(1 for line in lines if line.startswith("copied "))
        for copy in copies.glob("*.sqlite"):
            assert check(copy).ok, copy  # a copy under its real name is always whole
    assert reported >= KILLS // 2, reported
    assert len(list(copies.glob("*.sqlite"))) >= reported
    # What the killed copies left under temporary names goes at the next opening beside them.
    leftovers = _partials(copies)
    for leftover in leftovers:
        assert safe_files.partial_owner(leftover) is not None
    from facilitator.storage.backup import remove_leftovers

    removed = remove_leftovers(copies / "any.sqlite")
    assert set(leftovers) <= set(removed) and _partials(copies) == []


def test_restores_killed_at_random_leave_one_whole_partnership(db_path: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    _filled(first, [f"First {i}" for i in range(300)])
    _filled(second, [f"Second {i}" for i in range(350)])
    shutil.copyfile(first, db_path)
    expected = [_names(first), _names(second)]
    restores = 0
    restorer = tmp_path / "restorer.py"
    for lines in _killed_at_random(restorer, RESTORER, db_path, first, second, seed=11, reports=(0, 3)):
        restores += len(lines)
        # Opening recovers the dead restorer's lock and removes its temporary copies.
        with open_partnership(db_path) as store:
            assert store.integrity() == "ok"
            assert {p.name for p in store.all(Partner)} in expected  # one or the other, never a mixture
        assert _partials(db_path.parent) == []
    assert restores >= KILLS // 2, restores
    assert check(db_path).ok


def test_imports_killed_at_random_are_all_or_nothing(tmp_path: Path) -> None:
    source_db = tmp_path / "source.sqlite"
    _filled(source_db, [f"Partner {i}" for i in range(500)])
    document = tmp_path / "whole.json"
    from facilitator.cli import main

    assert main(["export-json", "--db", str(source_db), "--out", str(document)]) == 0
    folder = tmp_path / "imports"
    folder.mkdir()
    whole = 0
    importer = tmp_path / "importer.py"
    for lines in _killed_at_random(importer, IMPORTER, document, folder, seed=5, reports=(1, 4)):
        started = [Path(line.split(" ", 1)[1]) for line in lines if line.startswith("start ")]
        done = {Path(line.split(" ", 1)[1]) for line in lines if line.startswith("imported ")}
        whole += len(done)
        for target in started:
            if not target.exists():
                continue
            count = len(_names(target)) if target.stat().st_size else 0
            if target in done:
                assert count == 500
            else:
                assert count in (0, 500), f"a killed import left {count} of 500 records"
    assert whole >= 1, "no import finished between kills"


# --- a full disk ----------------------------------------------------------------------------------------------


def test_a_full_disk_is_told_plainly_and_nothing_is_half_written(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        store.put(Partner(name="Before the disk filled"))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = [Partner(name=f"Big {i}", contact="x" * 1900) for i in range(40)]
        edit = Edit("Many partners", tuple((None, p) for p in big))
        with pytest.raises(DiskFull) as caught:
            edit.apply(store)
        assert "disk is full" in caught.value.message.lower()
        assert "not saved" in caught.value.message
        assert caught.value.hint
        assert [p.name for p in store.all(Partner)] == ["Before the disk filled"]
        assert store.db.execute("select count(*) from audit where kind = 'partners'").fetchone()[0] == 1
        store.db.execute("PRAGMA max_page_count = 1073741823")
        store.put(Partner(name="After space was freed"))
    with open_partnership(db_path) as store:
        assert store.integrity() == "ok"
        assert len(store.all(Partner)) == 2


# --- read-only folders ----------------------------------------------------------------------------------------


@pytest.fixture
def read_only_folder(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The database's folder made read-only (by its mode, and for root, whom modes do not stop, by os.access)."""
    with open_partnership(db_path) as store:
        store.put(Partner(name="Written before"))
    folder = db_path.parent
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(path) in (folder, folder / "backups") and mode & os.W_OK:  # type: ignore[arg-type]
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    folder.chmod(0o555)
    if real_access(folder, os.W_OK):
        monkeypatch.setattr(os, "access", access)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_read_only_folder_refuses_writing_and_restoring_but_reads(
    db_path: Path,
    read_only_folder: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(data))
    digest = _sha(db_path)
    with pytest.raises(DatabaseReadOnly) as caught:
        open_partnership(db_path)
    assert str(db_path) in caught.value.message
    with open_partnership(db_path, read_only=True) as reader:
        assert [p.name for p in reader.all(Partner)] == ["Written before"]
    # A copy still can be made: into the user's data folder, since the folder beside cannot be written.
    copy = backup.back_up_file(db_path)
    assert copy.is_relative_to(data)
    with pytest.raises(DatabaseReadOnly):
        restore(db_path, copy)
    with pytest.raises(DatabaseReadOnly):
        backup.back_up_file(db_path, read_only_folder / "copy.sqlite")
    assert _sha(db_path) == digest
    assert sorted(p.name for p in read_only_folder.iterdir()) == [db_path.name]


# --- files that are not partnership files ------------------------------------------------------------------------


def _zip_bytes(tmp_path: Path) -> bytes:
    import zipfile

    (tmp_path / "src").mkdir()
    archive = tmp_path / "src" / "minutes.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w:document>Minutes</w:document>")
    return archive.read_bytes()


@pytest.mark.parametrize("kind", ["truncated", "random", "zip", "truncated-header"])
def test_files_that_are_not_partnership_files_are_refused_unchanged(
    db_path: Path, tmp_path: Path, kind: str
) -> None:
    with open_partnership(db_path) as store, store.atomic():
        for i in range(300):
            store.put(Partner(name=f"Partner {i}", contact="y" * 500))
    whole = db_path.read_bytes()
    if kind == "zip":
        content = _zip_bytes(tmp_path)
    else:
        content = {
            "truncated": whole[: len(whole) // 3],
            "random": random.Random(7).randbytes(200_000),
            "truncated-header": whole[:10],
        }[kind]
    db_path.write_bytes(content)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(KnownError) as caught:
        open_partnership(db_path)
    error = caught.value
    assert isinstance(error, NotADatabase | database.DatabaseCorrupt)
    assert str(db_path) in error.message and error.hint
    assert "Traceback" not in str(error) and "sqlite3" not in str(error)
    assert db_path.read_bytes() == content
    expected = [db_path.name, "src"] if kind == "zip" else [db_path.name]
    assert sorted(p.name for p in db_path.parent.iterdir()) == expected
    report = check(db_path)
    assert not report.ok and report.problems
    assert db_path.read_bytes() == content


# --- one writer at a time ----------------------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from facilitator.storage import open_partnership
    store = open_partnership(sys.argv[1])
    print("holding", flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another live process that has the file open for writing."""
    with open_partnership(db_path) as store:
        store.put(Partner(name="Shared"))
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "holding\n"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait()
    child.stdout.close()


def test_a_live_holder_is_named_and_a_killed_one_is_recovered(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(DatabaseLocked) as caught:
        open_partnership(db_path)
    recorded = read_holder(db_path)
    assert recorded is not None and recorded.pid == holder.pid
    message = str(caught.value)
    assert recorded.user in message and socket.gethostname() in message and recorded.since in message
    assert dt.datetime.fromisoformat(recorded.since) == app_clock.local_now()
    with open_partnership(db_path, read_only=True) as reader:  # reading is still allowed
        assert [p.name for p in reader.all(Partner)] == ["Shared"]

    kill_hard(holder)
    holder.wait()
    assert lock_path(db_path).exists()  # the crashed copy could not tidy up
    with open_partnership(db_path) as store:
        assert read_holder(db_path).pid == os.getpid()  # type: ignore[union-attr]
        store.put(Partner(name="After the crash"))
        assert store.integrity() == "ok"


def test_a_lock_from_another_machine_is_respected_until_taken_over(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        store.put(Partner(name="Shared"))
    lock_path(db_path).write_text(
        json.dumps({"user": "maria", "host": "laptop-of-maria", "pid": 1, "since": "2025-03-14T09:00:00"}),
        encoding="utf-8",
    )
    with pytest.raises(DatabaseLocked) as caught:
        open_partnership(db_path)
    assert "maria@laptop-of-maria" in str(caught.value) and "2025-03-14T09:00:00" in str(caught.value)
    previous = break_lock(db_path)
    assert previous is not None and previous.host == "laptop-of-maria"
    with open_partnership(db_path) as store:
        store.put(Partner(name="Taken over"))
        assert read_holder(db_path).host == socket.gethostname()  # type: ignore[union-attr]
    assert not lock_path(db_path).exists()


def test_sqlite_commits_every_edit_in_its_own_transaction(db_path: Path) -> None:
    """A second connection sees each edit as soon as the operation returns: nothing waits for a later commit."""
    with open_partnership(db_path) as store:
        other = sqlite3.connect(db_path)
        try:
            for i in range(5):
                save_partner(store, Partner(name=f"P{i}")).apply(store)
                assert other.execute("select count(*) from partners").fetchone()[0] == i + 1
        finally:
            other.close()
