"""One runner for work off the window's thread (``ui.jobs``) and one helper for a screen to apply an edit and
tell a known error (``AppContext.apply``): progress arrives on the window's thread, a cancelled job stops and
says nothing more, a failure is told one way, and no screen runs threads of its own."""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator import operations
from facilitator.entities import Partner, Representative
from facilitator.errors import DiskFull, ValidationError
from facilitator.storage import open_partnership
from facilitator.ui.context import AppContext
from facilitator.ui.jobs import Ahead, Job, report_failure
from facilitator.ui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_work_started_ahead_runs_off_the_window_thread_and_is_waited_for_when_needed() -> None:
    where: list[bool] = []
    go_on = threading.Event()

    def work() -> str:
        where.append(threading.current_thread() is threading.main_thread())
        go_on.wait(10)
        return "ok"

    ahead = Ahead(work, name="a check")
    heard: list[object] = []
    ahead.job.signals.done.connect(heard.append)
    go_on.set()  # the answer is asked for while the work may still be running: it is waited for
    assert ahead.answer() == "ok"
    assert ahead.answer() == "ok"  # asked again, the same answer
    assert where == [False]
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()
    assert heard == []  # taken by ``answer`` only: nothing is emitted for a window that may have closed

    def fails() -> str:
        raise DiskFull("The disk is full.")

    with pytest.raises(DiskFull):  # raised where the answer is taken, as if the window had done the work
        Ahead(fails, name="a failing check").answer()
    QThreadPool.globalInstance().waitForDone(5000)


def test_a_job_works_off_the_window_thread_and_reports_on_it(qtbot: Any) -> None:
    where: list[bool] = []
    heard: list[tuple[str, bool]] = []

    def work(progress: Any) -> int:
        where.append(threading.current_thread() is threading.main_thread())
        progress("half way")
        return 42

    job = Job(work)
    job.signals.progress.connect(
        lambda text: heard.append((text, threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(job.signals.done, timeout=10_000) as done:
        job.start()
    assert done.args == [42]
    assert where == [False]
    assert heard == [("half way", True)]


def test_a_cancelled_job_stops_at_its_next_progress_and_says_nothing_more(qtbot: Any) -> None:
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []

    def work(progress: Any) -> str:
        started.set()
        release.wait(10)
        for step in range(3):
            progress(f"step {step}")
            steps.append(step)
        return "finished"

    job = Job(work)
    outcomes: list[object] = []
    job.signals.done.connect(outcomes.append)
    job.signals.failed.connect(outcomes.append)
    job.start()
    assert started.wait(10)
    job.cancel()
    release.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert job.cancelled
    assert steps == []
    assert outcomes == []


def test_a_failure_reaches_the_window_once(qtbot: Any) -> None:
    def work(_progress: Any) -> None:
        raise DiskFull("The disk is full.", hint="Free some space.")

    job = Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=10_000) as failed:
        job.start()
    assert isinstance(failed.args[0], DiskFull)


def test_failures_are_told_one_way(modals: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    modals.expect_message("The file was not written")
    report_failure(None, DiskFull("The disk is full.", hint="Free some space."), "The file was not written")
    report_failure(None, PermissionError(13, "Permission denied"), "The file was not written")
    boxes = [m for m in modals.opened if isinstance(m, QMessageBox)]
    assert (boxes[0].windowTitle(), boxes[0].text()) == ("The file was not written", "The disk is full.")
    assert boxes[1].informativeText() == "Choose another folder."
    bugs: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, _value, _tb: bugs.append(kind))
    report_failure(None, ZeroDivisionError("a bug"), "The file was not written")
    assert bugs == [ZeroDivisionError]


@pytest.fixture
def context(db_path: Path, settings: Settings) -> Iterator[AppContext]:
    store = open_partnership(db_path)
    yield AppContext(store, settings)
    store.close()


def test_an_edit_is_applied_and_can_be_undone(context: AppContext, qtbot: Any) -> None:
    partner = Partner(name="Police")
    assert context.apply(None, lambda: operations.save_partner(context.store, partner)) is True
    assert context.store.find(Partner, partner.id) is not None
    context.undo_stack.undo()
    assert context.store.find(Partner, partner.id) is None


def test_a_refused_edit_is_told_logged_and_changes_nothing(
    context: AppContext, modals: Any, caplog: pytest.LogCaptureFixture, qtbot: Any
) -> None:
    def add_representative_of_nobody() -> operations.Edit:
        return operations.save_representative(
            context.store, Representative(name="Ana", partner_id="no-such-partner")
        )

    modals.expect_message("the partner does not exist")
    with caplog.at_level(logging.WARNING, logger="facilitator"):
        assert context.apply(None, add_representative_of_nobody) is False
    (box,) = [m for m in modals.opened if isinstance(m, QMessageBox)]
    assert box.windowTitle() == "Not changed"
    assert "partner does not exist" in box.text()
    assert context.undo_stack.count() == 0
    assert (
        "test_a_refused_edit_is_told_logged_and_changes_nothing.add_representative_of_nobody refused: "
        f"{ValidationError.__name__}" in caplog.text
    )
    assert "Ana" not in caplog.text


SCREENS_WITH_RUN = [
    "actions_screen",
    "agenda_editor",
    "attendance_view",
    "escalations_screen",
    "live_view",
    "master_detail",  # the forums and partners screens
    "meetings_screen",
]


@pytest.mark.parametrize("name", SCREENS_WITH_RUN)
def test_every_screen_applies_edits_through_the_one_helper(name: str) -> None:
    source = (ROOT / "ui" / f"{name}.py").read_text(encoding="utf-8")
    run = re.search(r"    def _run\(.*?(?=\n    def |\Z)", source, re.S)
    assert run is not None
    assert "self.context.apply(self, " in run.group(0)
    assert "except KnownError" not in run.group(0)


def test_no_screen_runs_threads_of_its_own() -> None:
    """QRunnable, QThread and threading.Thread appear only in ui/jobs.py."""
    found = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "ui").glob("*.py"))
        if path.name != "jobs.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b(QRunnable|QThread|threading\.Thread)\b", line)
    ]
    assert found == []
