"""Every export of the window, when the file it replaces is open in another program (Windows: Word or Acrobat).

Windows is simulated: ``os.replace`` onto the chosen file raises what Python raises there (``winerror`` 5 or 32).
The window must say so in plain words and offer to write beside the open file ("minutes (2).pdf"), or to try
again once the other program has let it go; the open file is never touched, and nothing is half-written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox

from facilitator import safe_files
from facilitator.entities import Partner
from facilitator.ui.main_window import MainWindow
from tests.platform_sim import open_in_another_program
from tests.ui.conftest import meetings_on, show_screen
from tests.ui.test_documents_tab import Built, build_meetings, open_tab, pdf_text, wait_preview

OPEN_ELSEWHERE = b"the version open in another program"


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The short waits for antivirus scanners are counted, not slept."""
    pauses: list[float] = []
    monkeypatch.setattr(safe_files, "_pause", pauses.append)
    yield pauses
    QThreadPool.globalInstance().waitForDone(120_000)


def _held_open(monkeypatch: pytest.MonkeyPatch, target: Path, **refusing: Any) -> list[int]:
    """``target`` exists and another program holds it open (Windows' refusals simulated)."""
    target.write_bytes(OPEN_ELSEWHERE)
    return open_in_another_program(monkeypatch, target, **refusing)


def _answer(modals: Any, *texts: str) -> list[QMessageBox]:
    """Answer each "open in another program" box with the button whose text starts with the next of ``texts``
    (the last one for any further box); return the boxes shown."""
    shown: list[QMessageBox] = []

    def fill(box: QMessageBox) -> None:
        if box.objectName() != "fileInUseBox":
            box.reject()
            return
        wanted = texts[min(len(shown), len(texts) - 1)]
        shown.append(box)
        next(b for b in box.buttons() if b.text().startswith(wanted)).click()

    modals.fill["QMessageBox"] = fill
    return shown


def test_a_document_open_in_acrobat_is_written_beside_it(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, modals: Any, tmp_path: Path
) -> None:
    built: Built = build_meetings(window)
    tab = open_tab(window, built.held.id)
    wait_preview(qtbot, tab)
    target = tmp_path / "Straßenrunde minutes.pdf"
    refusals = _held_open(monkeypatch, target, winerror=32)
    shown = _answer(modals, "Save as")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))

    with qtbot.waitSignal(tab.exported, timeout=120_000) as done:
        tab.export()

    beside = tmp_path / "Straßenrunde minutes (2).pdf"
    assert done.args == [beside]
    (box,) = shown
    assert box.windowTitle() == "The file is open in another program"
    assert box.text() == "Straßenrunde minutes.pdf is open in another program, so it cannot be replaced."
    assert "Close it there" in box.informativeText()
    assert [b.text() for b in box.buttons() if b.text().startswith("Save as")] == [
        "Save as “Straßenrunde minutes (2).pdf”"
    ]
    assert len(refusals) == len(safe_files.IN_USE_PAUSES) + 1  # waited briefly for it first
    assert target.read_bytes() == OPEN_ELSEWHERE
    assert "Needles in the station park" in pdf_text(beside)
    assert tab.last_export == beside
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(safe_files.PARTIAL)]


def test_trying_again_after_closing_it_writes_the_file_itself(
    window: MainWindow,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    modals: Any,
    tmp_path: Path,
) -> None:
    """The CSV of the actions register: the user closes the spreadsheet and tries again."""
    screen = show_screen(window, "actions")
    target = tmp_path / "actions.csv"
    attempts = len(safe_files.IN_USE_PAUSES) + 1
    _held_open(monkeypatch, target, winerror=5, times=attempts)  # closed before the second try
    shown = _answer(modals, "Try again")
    assert screen.export_csv(target) == target
    assert len(shown) == 1
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle))[0] == "Action"  # the register's header: the new file
    assert not (tmp_path / "actions (2).csv").exists()


def test_cancelling_leaves_the_open_file_and_writes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, modals: Any, tmp_path: Path
) -> None:
    screen = show_screen(window, "actions")
    target = tmp_path / "actions.csv"
    _held_open(monkeypatch, target)
    shown = _answer(modals, "Cancel")
    assert screen.export_csv(target) is None
    assert len(shown) == 1 and target.read_bytes() == OPEN_ELSEWHERE
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv") == ["actions.csv"]


def test_promises_written_off_the_window_thread_go_beside_the_open_file(
    window: MainWindow,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    modals: Any,
    tmp_path: Path,
) -> None:
    import docx

    screen = show_screen(window, "actions")
    police = next(p for p in window.context.store.all(Partner) if p.short_name == "Police")  # type: ignore[union-attr]
    target = tmp_path / "promised.docx"
    _held_open(monkeypatch, target)

    def fill(dialog: Any) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(police.id))
        dialog.path.setText(str(target))
        dialog.accept()

    modals.fill["PromisesDialog"] = fill
    shown = _answer(modals, "Save as")
    with qtbot.waitSignal(screen.export_finished, timeout=30_000) as done:
        screen.export_promises()
    assert done.args == [tmp_path / "promised (2).docx"] and len(shown) == 1
    assert target.read_bytes() == OPEN_ELSEWHERE
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "promised (2).docx")).paragraphs)
    assert "What City Police promised" in text


def test_the_audit_trail_written_on_the_window_thread_offers_the_same(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, modals: Any, tmp_path: Path
) -> None:
    """Files written on the window's thread share one way of asking (``write_chosen``)."""
    target = tmp_path / "audit.csv"
    _held_open(monkeypatch, target)
    shown = _answer(modals, "Save as")
    written = window.data_menu.export_audit(target)
    assert written == tmp_path / "audit (2).csv" and len(shown) == 1
    assert written.read_text(encoding="utf-8-sig").strip()
    assert target.read_bytes() == OPEN_ELSEWHERE


def test_a_leaflet_open_in_word_is_written_beside_it(
    qtbot: Any, settings: Any, modals: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import docx

    from tests.conftest import leaflet_file_at
    from tests.ui.test_leaflet_tab import open_leaflet

    path, data = leaflet_file_at(tmp_path / "leaflets.sqlite")
    target = tmp_path / "leaflet.docx"
    for _window, meetings in meetings_on(qtbot, settings, path):
        tab = open_leaflet(qtbot, meetings, data.meeting_id)
        _held_open(monkeypatch, target)
        shown = _answer(modals, "Save as")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
        with qtbot.waitSignal(tab.exported, timeout=30_000) as done:
            tab.export("docx")
        assert done.args == [tmp_path / "leaflet (2).docx"] and len(shown) == 1
        written = docx.Document(str(tmp_path / "leaflet (2).docx"))
        # A leaflet is laid out in frames, not paragraphs.
        assert "".join(written.element.body.itertext()).strip()
        assert target.read_bytes() == OPEN_ELSEWHERE


def test_a_printed_conflict_log_open_elsewhere_is_written_beside_it(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, modals: Any, tmp_path: Path
) -> None:
    """The conflict log and the notices register print through ``conflict_dialogs.start_export``."""
    screen = show_screen(window, "conflicts")
    target = tmp_path / "log.docx"
    _held_open(monkeypatch, target)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))

    def pick(dialog: Any) -> None:
        dialog.file_format.setCurrentIndex(dialog.file_format.findData("docx"))
        dialog.accept()

    modals.fill["PrintDialog"] = pick
    shown = _answer(modals, "Save as")
    with qtbot.waitSignal(screen.exported, timeout=30_000) as done:
        screen.print_log()
    assert done.args == [str(tmp_path / "log (2).docx")] and len(shown) == 1
    assert (tmp_path / "log (2).docx").stat().st_size > 0
    assert target.read_bytes() == OPEN_ELSEWHERE
    qtbot.waitUntil(lambda: screen.export_job is None, timeout=10_000)
