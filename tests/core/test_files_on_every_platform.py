"""Writing a file where Windows and macOS differ from Linux, simulated here with what those platforms do.

On Windows a file open in Word or a PDF reader cannot be replaced: ``os.replace`` fails with
``PermissionError`` and ``winerror`` 5 (access denied) or 32 (sharing violation). Antivirus scanners and search
indexers hold a new file for a moment. Python on Windows sets ``winerror`` on the error; these tests raise the
same errors from ``os.replace`` and ``os.open`` and check what the user is told, what is retried (counted,
never timed) and that nothing is half-written. Windows also limits paths to 259 characters unless long paths
are turned on, and refuses some characters and device names in file names. On macOS ``fsync`` leaves data in
the drive's cache; ``F_FULLFSYNC`` is simulated.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator import safe_files
from facilitator.errors import DiskFull, FileInUse, KnownError
from tests.platform_sim import long_folder, open_in_another_program, windows_error


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses taken between attempts, recorded instead of slept."""
    taken: list[float] = []
    monkeypatch.setattr(safe_files, "_pause", taken.append)
    return taken


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(safe_files.PARTIAL))


@pytest.mark.parametrize("winerror", [5, 32])
def test_a_document_open_in_another_program_is_told_and_a_free_name_is_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float], winerror: int
) -> None:
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"the version open in Acrobat")
    (tmp_path / "minutes (2).pdf").write_bytes(b"an earlier copy")
    open_in_another_program(monkeypatch, target, winerror)

    with pytest.raises(FileInUse) as caught:
        safe_files.write_bytes(target, b"the new minutes")

    error = caught.value
    assert error.message == "minutes.pdf is open in another program, so it cannot be replaced."
    assert "Close it there" in error.hint and "“minutes (3).pdf”" in error.hint
    assert error.path == target and error.beside == tmp_path / "minutes (3).pdf"
    assert target.read_bytes() == b"the version open in Acrobat"  # untouched
    assert _partials(tmp_path) == []  # nothing half-written left behind
    # It was tried again a few times, briefly, before giving up: bounded, and under a second in all.
    assert pauses == list(safe_files.IN_USE_PAUSES)
    assert 0.3 < sum(pauses) < 1.0

    safe_files.write_bytes(error.beside, b"the new minutes")  # the offer works
    assert error.beside.read_bytes() == b"the new minutes"


def test_a_file_held_for_a_moment_by_an_antivirus_is_written_after_a_short_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    target = tmp_path / "leaflet.pdf"
    target.write_bytes(b"old")
    calls = open_in_another_program(monkeypatch, target, 32, times=2)

    safe_files.write_bytes(target, b"new")

    assert target.read_bytes() == b"new"
    assert calls == [32, 32] and pauses == list(safe_files.IN_USE_PAUSES[:2])
    assert _partials(tmp_path) == []


def test_a_new_temporary_file_held_by_a_scanner_is_synced_after_a_short_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    """The scanner opens the freshly closed temporary file; syncing it (which opens it again) waits."""
    real_open = os.open
    refused: list[str] = []

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(safe_files.PARTIAL) and flags & os.O_RDWR and not refused:
            refused.append(str(path))
            raise windows_error(32, Path(str(path)))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)
    safe_files.write_bytes(tmp_path / "agenda.docx", b"agenda")
    assert (tmp_path / "agenda.docx").read_bytes() == b"agenda"
    assert len(refused) == 1 and pauses == [safe_files.IN_USE_PAUSES[0]]


def test_a_temporary_file_kept_busy_too_long_is_told_without_offering_another_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    target = tmp_path / "new.csv"
    open_in_another_program(monkeypatch, target, 32)
    with pytest.raises(KnownError) as caught:
        safe_files.write_bytes(target, b"a,b")
    assert not isinstance(caught.value, FileInUse)
    assert "kept" in caught.value.message and "busy" in caught.value.message
    assert not target.exists() and _partials(tmp_path) == []
    assert len(pauses) == len(safe_files.IN_USE_PAUSES)


def test_a_read_only_file_is_not_called_open_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    """Windows answers 5 for a read-only file too; opening it for writing tells the two apart."""
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    open_in_another_program(monkeypatch, target, 5)
    real_open = os.open

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == target and flags & os.O_RDWR:
            raise windows_error(5, target)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)
    with pytest.raises(KnownError) as caught:
        safe_files.write_bytes(target, b"new")
    assert not isinstance(caught.value, FileInUse)
    assert caught.value.message == f"You may not write to {target}."
    assert target.read_bytes() == b"old"


def test_errors_that_are_not_windows_in_use_are_told_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    """A POSIX permission error or a full disk is never retried: waiting cannot help."""
    target = tmp_path / "x.pdf"

    def replace(source: object, destination: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(destination))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KnownError, match="You may not write"):
        safe_files.write_bytes(target, b"x")

    def full(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(DiskFull):
        safe_files.write_bytes(target, b"x")
    assert pauses == []


@pytest.mark.parametrize(
    ("name", "existing", "expected"),
    [
        ("minutes.pdf", [], "minutes (2).pdf"),
        ("minutes.pdf", ["minutes (2).pdf", "minutes (3).pdf"], "minutes (4).pdf"),
        ("minutes (2).pdf", [], "minutes (3).pdf"),
        ("Report (draft).docx", [], "Report (draft) (2).docx"),
        (
            "Weekly round 2026-12-07 Minutes Partners (fr).pdf",
            [],
            "Weekly round 2026-12-07 Minutes Partners (fr) (2).pdf",
        ),
        ("notes", [], "notes (2)"),
        ("Jöns Ångström.pdf", ["Jöns Ångström (2).pdf"], "Jöns Ångström (3).pdf"),
    ],
)
def test_the_free_name_beside_numbers_like_file_managers_do(
    tmp_path: Path, name: str, existing: list[str], expected: str
) -> None:
    for other in existing:
        (tmp_path / other).write_bytes(b"")
    assert safe_files.free_name_beside(tmp_path / name) == tmp_path / expected


def _simulate_windows(monkeypatch: pytest.MonkeyPatch, *, long_paths: bool) -> None:
    monkeypatch.setattr(safe_files, "on_windows", lambda: True)
    monkeypatch.setattr(safe_files, "windows_long_paths", lambda: long_paths)


def _long_folder(tmp_path: Path) -> Path:
    folder = long_folder(tmp_path)
    assert len(str(folder / "minutes.pdf")) > safe_files.WINDOWS_MAX_PATH
    return folder


def test_a_path_longer_than_windows_accepts_is_told_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _long_folder(tmp_path)
    _simulate_windows(monkeypatch, long_paths=False)
    with pytest.raises(KnownError) as caught:
        safe_files.write_bytes(folder / "minutes.pdf", b"x")
    assert "characters long; Windows on this computer accepts at most 259" in caught.value.message
    assert "long paths" in caught.value.hint
    assert list(folder.iterdir()) == []


def test_with_long_paths_turned_on_a_long_path_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _long_folder(tmp_path)
    _simulate_windows(monkeypatch, long_paths=True)
    safe_files.write_bytes(folder / "minutes.pdf", b"x")
    assert (folder / "minutes.pdf").read_bytes() == b"x"


def test_only_windows_has_a_path_limit(tmp_path: Path) -> None:
    folder = _long_folder(tmp_path)
    if safe_files.on_windows():
        pytest.skip("this test is about macOS and Linux, which have no 259-character limit")
    assert not safe_files.too_long_for_windows(folder / "minutes.pdf")


def test_patiently_gives_up_after_a_bounded_number_of_tries(pauses: list[float]) -> None:
    tries: list[int] = []

    def always_held() -> None:
        tries.append(1)
        raise windows_error(32, Path("x"))

    step: Callable[[], None] = always_held
    with pytest.raises(PermissionError):
        safe_files.patiently(step)
    assert len(tries) == len(safe_files.IN_USE_PAUSES) + 1
    assert pauses == list(safe_files.IN_USE_PAUSES)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mayor's round: strategy", "Mayor's round- strategy"),
        ('Street "A/B" <round> | 2026?*', "Street -A-B- -round- - 2026--"),
        ("Back\\slash and tab\there", "Back-slash and tab-here"),
        ("Minutes ...", "Minutes"),
        ("CON", "_CON"),
        ("nul.minutes", "_nul.minutes"),
        ("Console", "Console"),
        ("", "_"),
        ("Réunion des habitants — اجتماع", "Réunion des habitants — اجتماع"),
    ],
)
def test_suggested_file_names_are_names_windows_accepts(text: str, name: str) -> None:
    assert safe_files.file_name_for(text) == name


class _MacFcntl:
    """macOS's fcntl as far as durability goes: F_FULLFSYNC asks the drive to empty its cache."""

    F_FULLFSYNC = 51

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.asked: list[int] = []

    def fcntl(self, fd: int, command: int) -> int:
        self.asked.append(command)
        if not self.works:
            raise OSError(errno.ENOTSUP, "Operation not supported")
        return 0


@pytest.mark.parametrize("works", [True, False])
def test_on_macos_a_written_file_and_its_rename_reach_the_drive_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, works: bool
) -> None:
    """Simulated macOS: fsync leaves data in the drive's cache there; F_FULLFSYNC is asked for the file and its
    folder, and where a file system refuses it (some network ones) fsync is used instead."""
    mac = _MacFcntl(works)
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(safe_files, "fcntl", mac)
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    safe_files.write_bytes(tmp_path / "minutes.pdf", b"%PDF")
    assert (tmp_path / "minutes.pdf").read_bytes() == b"%PDF"
    assert mac.asked == [mac.F_FULLFSYNC, mac.F_FULLFSYNC]  # the file, then its folder
    assert len(synced) == (0 if works else 2)
