"""The writer lock: whether its holder runs is asked, never signalled; locks left by crashes are recovered on
every platform; odd lock files are recovered or explained."""

from __future__ import annotations

import ast
import json
import os
import signal
import socket
import subprocess
import sys
import types
from pathlib import Path

import psutil
import pytest

from facilitator.entities import Partner
from facilitator.errors import DatabaseLocked
from facilitator.storage import lock as lock_module
from facilitator.storage import open_partnership
from facilitator.storage.lock import LockHolder, WriterLock, lock_path, process_running, read_holder


def _made(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        store.put(Partner(name="Shared"))


def _lock_file(db_path: Path, **fields: object) -> None:
    data: dict[str, object] = {
        "user": "ana",
        "host": socket.gethostname(),
        "pid": 1,
        "since": "2026-12-01T09:00:00",
    }
    data.update(fields)
    lock_path(db_path).write_text(json.dumps(data), encoding="utf-8")


def _a_dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_running(child.pid)
    return child.pid


@pytest.mark.parametrize("pid", [0, -1, -4242])
def test_a_lock_naming_no_process_is_recovered(db_path: Path, pid: int) -> None:
    _made(db_path)
    _lock_file(db_path, pid=pid, host="another-laptop")
    with open_partnership(db_path) as store:
        store.put(Partner(name="After"))
        assert read_holder(db_path).pid == os.getpid()  # type: ignore[union-attr]


def test_a_lock_of_a_dead_process_is_recovered(db_path: Path) -> None:
    _made(db_path)
    _lock_file(db_path, pid=_a_dead_pid())
    with open_partnership(db_path) as store:
        assert len(store.all(Partner)) == 1


def test_a_lock_whose_number_now_belongs_to_another_process_is_recovered(db_path: Path) -> None:
    """After a crash and a restart the number may be reused; the process start time tells them apart."""
    _made(db_path)
    parent = os.getppid()
    started = psutil.Process(parent).create_time()
    _lock_file(db_path, pid=parent, started=started - 3600)
    with open_partnership(db_path) as store:
        assert len(store.all(Partner)) == 1


def test_a_live_holder_keeps_its_lock(db_path: Path) -> None:
    _made(db_path)
    parent = os.getppid()
    _lock_file(db_path, pid=parent, started=psutil.Process(parent).create_time())
    with pytest.raises(DatabaseLocked) as caught:
        open_partnership(db_path)
    assert f"pid {parent}" in str(caught.value)


@pytest.mark.parametrize(
    "content", ["", "garbage", "{", "[1, 2]", '{"pid": "x"}', '{"user": 1}', "\x00\x01" * 50, "[" * 100_000]
)
def test_an_unreadable_lock_left_for_a_while_is_recovered(db_path: Path, content: str) -> None:
    _made(db_path)
    lock_path(db_path).write_text(content, encoding="utf-8")
    old = lock_path(db_path).stat().st_mtime - 3600
    os.utime(lock_path(db_path), (old, old))
    with open_partnership(db_path) as store:
        assert len(store.all(Partner)) == 1


def test_an_unreadable_lock_just_written_is_taken_as_a_copy_starting(db_path: Path) -> None:
    _made(db_path)
    lock_path(db_path).write_text("", encoding="utf-8")
    with pytest.raises(DatabaseLocked):
        open_partnership(db_path)


def test_an_empty_folder_in_the_lock_s_place_is_recovered(db_path: Path) -> None:
    _made(db_path)
    lock_path(db_path).mkdir()
    with open_partnership(db_path) as store:
        assert len(store.all(Partner)) == 1
    assert not lock_path(db_path).exists()


def test_a_folder_with_files_in_the_lock_s_place_is_explained(db_path: Path) -> None:
    _made(db_path)
    lock_path(db_path).mkdir()
    (lock_path(db_path) / "someone's file.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DatabaseLocked) as caught:
        open_partnership(db_path)
    assert "folder" in caught.value.message and caught.value.hint
    assert (lock_path(db_path) / "someone's file.txt").read_text(encoding="utf-8") == "keep me"
    with open_partnership(db_path, read_only=True) as reader:
        assert len(reader.all(Partner)) == 1


# --- Windows: no signal is ever sent ------------------------------------------------------------------------


class _WindowsProcessTable:
    """psutil as it behaves on Windows: processes are looked up with OpenProcess, nothing is sent to them."""

    def __init__(self, running: dict[int, float]) -> None:
        self.running = running
        self.asked: list[int] = []

    def Process(self, pid: int) -> object:
        self.asked.append(pid)
        if pid not in self.running:
            raise psutil.NoSuchProcess(pid)
        started = self.running[pid]
        return types.SimpleNamespace(create_time=lambda: started)


def test_on_windows_the_liveness_check_sends_no_signal(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows ``os.kill(pid, 0)`` sends CTRL_C_EVENT to a console process group. Simulate Windows: any
    signal sent fails the test; the process table answers as Windows' OpenProcess would."""
    _made(db_path)
    sent: list[tuple[object, ...]] = []

    def no_signal(*args: object) -> None:
        sent.append(args)
        raise AssertionError(f"a signal was sent: {args}")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(signal, "CTRL_C_EVENT", 0, raising=False)
    for module, name in ((os, "kill"), (os, "killpg"), (signal, "pthread_kill"), (signal, "raise_signal")):
        if hasattr(module, name):
            monkeypatch.setattr(module, name, no_signal)
    table = _WindowsProcessTable({4242: 1_700_000_000.0})
    monkeypatch.setattr(
        lock_module,
        "psutil",
        types.SimpleNamespace(
            Process=table.Process, NoSuchProcess=psutil.NoSuchProcess, AccessDenied=psutil.AccessDenied
        ),
    )
    here = socket.gethostname()

    # A live holder: respected.
    _lock_file(db_path, pid=4242, host=here, started=1_700_000_000.0)
    assert WriterLock(db_path).try_acquire() == read_holder(db_path)
    # The holder crashed: its process is gone, so the lock is recovered.
    _lock_file(db_path, pid=5151, host=here, started=1_700_000_000.0)
    assert WriterLock(db_path).try_acquire() is None
    lock_path(db_path).unlink()
    # Its number was given to another program after a restart: recovered as well.
    _lock_file(db_path, pid=4242, host=here, started=1_600_000_000.0)
    assert WriterLock(db_path).try_acquire() is None
    assert sent == []
    assert [pid for pid in table.asked if pid != os.getpid()] == [4242, 5151, 4242]


def test_the_lock_module_never_signals_a_process() -> None:
    """Read the source: no ``kill`` and no ``signal`` anywhere in the lock module."""
    tree = ast.parse(Path(lock_module.__file__).read_text(encoding="utf-8"))
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) for a in n.names}
    assert not {"kill", "killpg", "pthread_kill"} & names
    assert "signal" not in imported


def test_process_running_answers_for_this_process_and_a_dead_one() -> None:
    assert process_running(os.getpid())
    assert not process_running(_a_dead_pid())
    assert not process_running(0) and not process_running(-1)
    assert LockHolder("a", "b", 0, "").pid == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="read from /proc on Linux only")
def test_on_linux_the_start_time_is_read_as_psutil_reads_it_to_the_last_bit(db_path: Path) -> None:
    """The lock's start time is compared across processes, some of which ask psutil: read from ``/proc``
    without loading psutil (at every opening for writing), it must be the very same number, for this process
    and for another."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert lock_module.linux_started(child.pid) == psutil.Process(child.pid).create_time()
    finally:
        child.kill()
        child.wait()
    mine = psutil.Process(os.getpid()).create_time()
    assert lock_module.linux_started(os.getpid()) == mine
    assert WriterLock(db_path).holder.started == mine
    with pytest.raises(OSError):
        lock_module.linux_started(_a_dead_pid())
