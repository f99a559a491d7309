"""The log: a rotating file in the user's log folder with operations, record ids and error classes, never the
names or text of records. Markers are planted in every free-text field of the records involved, operations
that fail are run (a refused edit, a busy file, a bug that quotes a name, a refused command), and the log is
then searched for the markers."""

from __future__ import annotations

import io
import logging
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator import operations
from facilitator.cli import main
from facilitator.clock import FrozenClock
from facilitator.entities import Partner, Representative
from facilitator.errors import DatabaseLocked, KnownError
from facilitator.storage import logs, open_partnership
from facilitator.ui.context import AppContext
from facilitator.ui.crash_dialog import CrashDialog
from facilitator.ui.errors import install_exception_hook
from facilitator.ui.settings import Settings

MARK = "ZQXMARK"


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(logs.LOG_ENV, str(tmp_path / "logs"))
    logs.stop_logging()
    path = logs.start_logging()
    assert path == tmp_path / "logs" / logs.LOG_NAME
    yield path
    logs.stop_logging()


def _partner() -> Partner:
    return Partner(name=f"{MARK}-name", short_name=f"{MARK}-short", contact=f"{MARK}-contact@example.org")


def _log_text(path: Path) -> str:
    logs.stop_logging()  # flushed and closed
    return path.read_text(encoding="utf-8")


def test_the_log_lives_in_the_users_log_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(logs.LOG_ENV)
    assert logs.log_folder() == Path(platformdirs.user_log_dir("partnership-facilitator", appauthor=False))


def test_a_refused_edit_is_logged_with_its_ids_and_no_names(
    log_file: Path, db_path: Path, settings: Settings, qtbot: Any
) -> None:
    store = open_partnership(db_path)
    partner = _partner()
    operations.save_partner(store, partner).apply(store)
    store.close()
    read_only = open_partnership(db_path, read_only=True)
    context = AppContext(read_only, settings)
    changed = Representative(name=f"{MARK}-person", partner_id=partner.id, role=f"{MARK}-role")
    with pytest.raises(KnownError) as refused:
        context.run(operations.save_representative(read_only, changed))
    read_only.close()
    text = _log_text(log_file)
    assert f"edit refused: {type(refused.value).__name__} on Representative:{changed.id}" in text
    assert MARK not in text


def test_a_busy_file_is_logged_by_sqlites_name(log_file: Path, db_path: Path) -> None:
    store = open_partnership(db_path)
    store.db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseLocked):
            operations.save_partner(store, _partner()).apply(store)
    finally:
        other.rollback()
        other.close()
        store.close()
    text = _log_text(log_file)
    assert "SQLITE_BUSY on partnership.sqlite: told as DatabaseLocked" in text
    assert MARK not in text


def test_a_bug_is_logged_as_its_class_and_frames_never_its_message(
    log_file: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[CrashDialog] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    install_exception_hook()

    def rename_partner() -> None:
        raise ValueError(f"cannot rename {MARK}-name")

    try:
        rename_partner()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    text = _log_text(log_file)
    assert "ERROR facilitator.ui.errors: bug: builtins.ValueError" in text
    assert "in rename_partner" in text
    assert MARK not in text
    assert MARK in shown[0].details.toPlainText()  # the user sees everything, and decides what to send
    assert shown[0].copy_log.isEnabled()


def test_a_refused_command_is_logged_by_its_name(log_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / f"{MARK}.sqlite"
    bad.write_bytes(b"not a database " * 300)
    assert main(["meetings", "--db", str(bad)]) == 1
    text = _log_text(log_file)
    assert "meetings refused: " in text
    assert MARK not in text


def test_the_log_rotates_and_the_crash_dialog_copies_it(log_file: Path, qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    logger = logging.getLogger("facilitator.test")
    for number in range(logs.LOG_BYTES // 40):
        logger.info("line %06d of a long day", number)
    dialog = CrashDialog("details")
    qtbot.addWidget(dialog)
    dialog.copy_log.click()
    copied = QApplication.clipboard().text()
    assert copied.rstrip().endswith(f"line {logs.LOG_BYTES // 40 - 1:06d} of a long day")
    assert log_file.with_name(logs.LOG_NAME + ".1").exists()


@pytest.fixture
def command_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The log's path, with no log started: the command line starts its own, as a process of its own would."""
    monkeypatch.setenv(logs.LOG_ENV, str(tmp_path / "logs"))
    logs.stop_logging()
    yield tmp_path / "logs" / logs.LOG_NAME
    logs.stop_logging()


def test_a_command_that_logs_nothing_opens_no_log(command_log: Path, db_path: Path) -> None:
    with open_partnership(db_path) as partnership:
        operations.save_partner(partnership, _partner()).apply(partnership)
    assert main(["check", "--db", str(db_path)]) == 0
    logs.stop_logging()
    assert not command_log.parent.exists()  # not even its folder was made


def test_a_command_that_logs_writes_its_start_line_first(command_log: Path, tmp_path: Path) -> None:
    bad = tmp_path / f"{MARK}.sqlite"
    bad.write_bytes(b"not a database " * 300)
    assert main(["meetings", "--db", str(bad)]) == 1
    lines = _log_text(command_log).splitlines()
    assert len(lines) == 2
    assert " INFO facilitator: start Partnership Facilitator " in lines[0]
    assert "installed package" in lines[0]
    assert "meetings refused: " in lines[1]
    assert MARK not in "\n".join(lines)


def test_the_start_line_held_back_keeps_the_time_it_was_logged(command_log: Path, clock: FrozenClock) -> None:
    logs.start_logging_when_needed()
    clock.advance(minutes=5)
    logging.getLogger("facilitator.test").warning("five minutes later")
    first, second = _log_text(command_log).splitlines()
    assert first.startswith("2026-12-07T09:30:00.000+00:00 INFO facilitator: start ")
    assert second == "2026-12-07T09:35:00.000+00:00 WARNING facilitator.test: five minutes later"


def test_a_command_log_that_cannot_be_made_stops_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(logs.LOG_ENV, str(blocked / "logs"))
    logs.stop_logging()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database " * 300)
    try:
        assert (
            main(["meetings", "--db", str(bad)]) == 1
        )  # refused, and logged: the log's folder cannot be made
        logging.getLogger("facilitator.test").warning("a second record")
    finally:
        logs.stop_logging()
    assert blocked.read_text(encoding="utf-8") == ""


def test_a_bug_before_the_window_started_its_log_opens_the_log(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window starts its log once its first screen shows (``app.start_window``); a bug that reaches the top
    before that still lands in the file, after the start line."""
    monkeypatch.setenv(logs.LOG_ENV, str(tmp_path / "logs"))
    logs.stop_logging()
    monkeypatch.setattr(CrashDialog, "exec", lambda self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    install_exception_hook(open_log=True)
    assert not (tmp_path / "logs").exists()
    try:
        raise LookupError(f"{MARK} early")
    except LookupError:
        sys.excepthook(*sys.exc_info())
    lines = _log_text(tmp_path / "logs" / logs.LOG_NAME).splitlines()
    assert " INFO facilitator: start Partnership Facilitator " in lines[0]
    assert "ERROR facilitator.ui.errors: bug: builtins.LookupError" in lines[1]
    assert MARK not in "\n".join(lines)
