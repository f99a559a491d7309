"""Read-only and full are not damaged: real read-only media and a real full file system.

As root, file modes do not stop writing, so the read-only places here are made by the kernel: a read-only bind
mount of a folder (a USB stick with its write switch on), a read-only bind mount of one file, and a small tmpfs
filled to the last byte. Where the machine refuses to mount, each test is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.entities import Partner
from facilitator.errors import DatabaseCorrupt, DatabaseReadOnly, DiskFull, KnownError
from facilitator.operations import Edit
from facilitator.storage import backup, open_partnership

MOUNT_OK = sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0
#: Every test here mounts a real file system: read-only bind mounts and a small tmpfs need Linux and root (a
#: container may still refuse, which each test then says). Elsewhere the same places are simulated in
#: tests/storage/test_open.py and test_crash_safety.py.
pytestmark = pytest.mark.skipif(
    not MOUNT_OK, reason="mounting file systems (read-only bind mounts, a small tmpfs) needs Linux and root"
)


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=30)


def _mount_or_skip(*command: str) -> None:
    if not MOUNT_OK:
        pytest.skip("mounting file systems needs Linux and root; this test runs where the machine allows it")
    try:
        _run(*command)
    except (subprocess.CalledProcessError, OSError) as error:
        reason = getattr(error, "stderr", "") or str(error)
        pytest.skip(f"this machine refused to mount ({' '.join(command)}): {reason.strip()}")


def _unmount(place: Path) -> None:
    with contextlib.suppress(subprocess.CalledProcessError, OSError):
        _run("umount", str(place))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        check=False,
    )


def _partnership(path: Path, partners: int = 3) -> None:
    with open_partnership(path) as store:
        for i in range(partners):
            store.put(Partner(name=f"Partner {i}", contact="Town hall"))


@pytest.fixture
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder (where backups go when the folder beside the file cannot be written)."""
    folder = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A partnership file in a folder mounted read-only (the partnership file at ``<folder>/p.sqlite``)."""
    source = tmp_path / "source"
    source.mkdir()
    _partnership(source / "p.sqlite")
    view = tmp_path / "stick"
    view.mkdir()
    _mount_or_skip("mount", "--bind", str(source), str(view))
    try:
        _mount_or_skip("mount", "-o", "remount,ro,bind", str(view))
        with pytest.raises(OSError) as refused:
            (view / "probe").write_text("x", encoding="utf-8")
        assert refused.value.errno == errno.EROFS  # really read-only, for root too
        yield view
    finally:
        _unmount(view)


@pytest.fixture
def read_only_file(tmp_path: Path) -> Iterator[Path]:
    """A partnership file that is itself mounted read-only, in a folder that may be written."""
    path = tmp_path / "p.sqlite"
    _partnership(path)
    _mount_or_skip("mount", "--bind", str(path), str(path))
    try:
        _mount_or_skip("mount", "-o", "remount,ro,bind", str(path))
        assert not os.access(path, os.W_OK)
        yield path
    finally:
        _unmount(path)


def _fill(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` until the file system refuses, then free ``leave`` bytes; returns the filler file."""
    filler = disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        chunk = b"\0" * 4096
        while True:
            try:
                if os.write(fd, chunk) == 0:
                    break
            except OSError as error:
                assert error.errno == errno.ENOSPC
                break
        if leave:
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 2 MB (tmpfs), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount_or_skip("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        _unmount(disk)


# --- a read-only folder ------------------------------------------------------------------------------------------


def test_a_file_in_a_read_only_folder_opens_read_only_and_says_so(
    read_only_folder: Path, data_dir: Path
) -> None:
    path = read_only_folder / "p.sqlite"
    digest = _sha(path)
    with pytest.raises(DatabaseReadOnly) as refused:
        open_partnership(path)
    assert not isinstance(refused.value, DatabaseCorrupt)
    assert "cannot be written" in refused.value.message and "read-only" in refused.value.hint
    with open_partnership(path, read_only=True) as store:
        assert store.on_read_only_place
        assert sorted(p.name for p in store.all(Partner)) == ["Partner 0", "Partner 1", "Partner 2"]
    report = backup.check(path)
    assert report.ok and report.read_only and not report.damaged
    assert "sound, and read-only" in report.lines()[-1]
    copy = backup.back_up_file(path)  # into the user's data folder: the folder beside cannot be written
    assert copy.is_relative_to(data_dir)
    with pytest.raises(DatabaseReadOnly):
        backup.restore(path, copy)
    assert _sha(path) == digest
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["p.sqlite"]


def test_every_reading_command_works_on_a_read_only_folder(read_only_folder: Path, tmp_path: Path) -> None:
    path = read_only_folder / "p.sqlite"
    listing = _cli("meetings", "--db", str(path))
    assert listing.returncode == 0, listing.stderr
    exported = _cli("export-json", "--db", str(path), "--out", str(tmp_path / "out.json"))
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["partners"]) == 3
    checked = _cli("check", "--db", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "sound, and read-only" in checked.stdout and "damaged" not in checked.stdout.lower()
    written = _cli("import-json", "--db", str(read_only_folder / "new.sqlite"), str(tmp_path / "out.json"))
    assert written.returncode == 1 and "cannot be written" in written.stderr
    assert "Traceback" not in written.stderr


# --- a read-only file --------------------------------------------------------------------------------------------


def test_a_read_only_file_opens_read_only_and_is_sound(read_only_file: Path) -> None:
    digest = _sha(read_only_file)
    with pytest.raises(DatabaseReadOnly):
        open_partnership(read_only_file)
    with open_partnership(read_only_file, read_only=True) as store:
        assert store.on_read_only_place
        assert len(store.all(Partner)) == 3
    report = backup.check(read_only_file)
    assert report.ok and report.read_only
    checked = _cli("check", "--db", str(read_only_file))
    assert checked.returncode == 0 and "sound, and read-only" in checked.stdout
    assert _sha(read_only_file) == digest


# --- a full disk ---------------------------------------------------------------------------------------------


def test_a_full_disk_is_a_full_disk_never_damage(small_disk: Path, tmp_path: Path, data_dir: Path) -> None:
    path = small_disk / "p.sqlite"
    _partnership(path, partners=5)
    elsewhere = tmp_path / "backup.sqlite"
    backup.back_up_file(path, elsewhere)
    _fill(small_disk)
    digest = _sha(path)

    # Writing says the disk is full: already when opening (the lock file cannot be written), or at the edit.
    big = [Partner(name=f"Big {i}", contact="x" * 1900) for i in range(200)]
    with pytest.raises(DiskFull), open_partnership(path) as store:
        Edit("Many partners", tuple((None, p) for p in big)).apply(store)
    # check tells a sound file, not a damaged one.
    report = backup.check(path)
    assert not report.damaged, report.lines()
    assert report.ok or isinstance(report.unavailable, DiskFull)
    checked = _cli("check", "--db", str(path))
    assert "NOT sound" not in checked.stdout and "damaged" not in checked.stdout.lower()
    # A restore never starts: the file as it is cannot be kept aside, so nothing is replaced or called damaged.
    with pytest.raises(KnownError) as refused:
        backup.restore(path, elsewhere)
    assert isinstance(refused.value, DiskFull | DatabaseReadOnly), refused.value
    assert not isinstance(refused.value, DatabaseCorrupt)
    assert _sha(path) == digest
    kept = [p.name for folder in backup.backup_folders(path) if folder.exists() for p in folder.iterdir()]
    assert not [name for name in kept if "damaged" in name], kept
    with open_partnership(path, read_only=True) as store:
        assert len(store.all(Partner)) == 5


@pytest.mark.parametrize("command", ["import-json", "demo"])
def test_a_disk_that_fills_during_import_or_demo_leaves_no_half_made_file(
    small_disk: Path, tmp_path: Path, command: str
) -> None:
    source = tmp_path / "whole.json"
    if command == "import-json":
        made = _cli("demo", "--db", str(tmp_path / "demo.sqlite"))
        assert made.returncode == 0, made.stderr
        exported = _cli("export-json", "--db", str(tmp_path / "demo.sqlite"), "--out", str(source))
        assert exported.returncode == 0, exported.stderr
    _fill(small_disk, leave=160 * 1024)
    target = small_disk / "new.sqlite"
    args = (
        ["import-json", "--db", str(target), str(source)]
        if command == "import-json"
        else ["demo", "--db", str(target)]
    )
    done = _cli(*args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "disk is full" in done.stderr.lower(), done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin"]


def test_a_full_disk_during_a_backup_leaves_no_partial_copy(small_disk: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    _partnership(path, partners=400)
    _fill(small_disk, leave=20 * 1024)
    with pytest.raises(DiskFull):
        backup.back_up_file(path, small_disk / "copy.sqlite")
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin"]
    shutil.rmtree(tmp_path / "backups", ignore_errors=True)
