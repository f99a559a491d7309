"""The window on a file whose search index must be built (the first opening after the upgrade): it opens at once,
its event loop runs while a job builds the index, the box and the status bar say how far it is, what is typed
meanwhile is looked up once it is ready, and an edit made during the build is found after it. A damaged index is
caught by the check after opening and built again. While a projector shows a meeting, the window's search
answers for that room. Real widgets on real files."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from facilitator import search
from facilitator.entities import Forum, Tier
from facilitator.meeting_ops import new_meeting, save_item, save_notes
from facilitator.meetings import AgendaItem, Confidentiality
from facilitator.operations import save_forum
from facilitator.storage import open_partnership
from facilitator.storage.search_index import STATE, WORDS, is_current, is_sound
from facilitator.ui.app import create_application
from facilitator.ui.chair_window import ChairWindow
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings


def _file(path: Path) -> tuple[str, str, str]:
    """A file with a public and a partners-only item (markers in each), as an older version left it."""
    with open_partnership(path) as store:
        forum = Forum(name="Residents' meeting", tier=Tier.PUBLIC)
        save_forum(store, forum).apply(store)
        edit, meeting = new_meeting(store, forum.id, dt.datetime(2026, 12, 1, 18), timezone="Europe/London")
        edit.apply(store)
        public = AgendaItem(meeting_id=meeting.id, position=0, title="Underpass lighting publicmark",
                            confidentiality=Confidentiality.PUBLIC)  # fmt: skip
        closed = AgendaItem(meeting_id=meeting.id, position=1, title="Dealing partnersmark",
                            confidentiality=Confidentiality.PARTNERS)  # fmt: skip
        for item in (public, closed):
            save_item(store, item).apply(store)
    connection = sqlite3.connect(path)
    connection.execute(f"update {STATE} set value = '1' where key = 'version'")  # another version's index
    connection.commit()
    connection.close()
    return meeting.id, public.id, closed.id


def _window(qtbot, settings: Settings, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    assert window.open_path(path)
    window.show()
    return window


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the build after it has read every record, until the test lets it go."""
    opened = threading.Event()
    reading = search.every_entry

    def held(store: object) -> Iterator[search.SearchEntry]:
        yield from reading(store)  # type: ignore[arg-type]
        if threading.current_thread() is not threading.main_thread():  # the job's build, not the test's files
            assert opened.wait(60)

    monkeypatch.setattr(search, "every_entry", held)
    yield opened
    opened.set()


def test_the_window_opens_at_once_and_builds_the_index_in_the_background(
    qtbot, settings: Settings, tmp_path: Path, modals: object, gate: threading.Event
) -> None:
    path = tmp_path / "older.sqlite"
    _meeting_id, public_id, _closed_id = _file(path)
    window = _window(qtbot, settings, path)
    assert window.context is not None
    # Open, and the search says it is getting ready, in the box and in the status bar.
    assert window.search.preparing is not None
    assert "Preparing search" in window.search_box.placeholderText()
    assert "Preparing search" in window.statusBar().currentMessage()
    # The event loop runs while the index is built: a timer fires, the window repaints.
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5000)
    timer.stop()
    assert window.search.preparing is not None  # still held by the gate: the loop ran during the build
    # Typed meanwhile: the results say it is coming.
    window.search_box.setText("nightjar")
    window.search.ask()
    assert window.stack.currentWidget() is window.search_results
    assert "getting ready" in window.search_results.summary.text()
    # An edit made during the build (after it read the records), through the window's own connection.
    assert window.context.apply(
        window, lambda: save_notes(window.context.store, public_id, "Nightjar rota agreed")
    )
    with qtbot.waitSignal(window.search.ready, timeout=30000):
        gate.set()
    assert window.search.preparing is None
    assert "Preparing" not in window.search_box.placeholderText()
    assert is_current(window.context.store.db) and is_sound(window.context.store.db)
    # What was typed is looked up once ready, and the edit made during the build is found.
    qtbot.waitUntil(lambda: window.search_results.model.rowCount() > 0, timeout=10000)
    hit = window.search_results.model.hit(window.search_results.model.first_hit())
    assert hit is not None and hit.record_id == public_id
    window.search_box.clear()
    window.close()


def test_a_damaged_index_is_caught_after_opening_and_built_again(
    qtbot, settings: Settings, tmp_path: Path, modals: object
) -> None:
    path = tmp_path / "damaged.sqlite"
    _file(path)
    with open_partnership(path):
        pass  # the index built again by this version
    connection = sqlite3.connect(path)
    connection.execute(f"update {WORDS}_content set c0 = 'zebra crossing'")  # no error, the same counts
    connection.commit()
    connection.close()
    window = _window(qtbot, settings, path)
    assert window.context is not None
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Search is ready.", timeout=30000)
    assert is_sound(window.context.store.db)
    window.search_box.setText("underpass")
    qtbot.waitUntil(lambda: window.search_results.model.rowCount() > 0, timeout=10000)
    window.search_box.clear()
    window.close()


def test_while_the_projector_is_on_show_the_search_answers_for_the_room(
    qtbot, settings: Settings, tmp_path: Path, modals: object
) -> None:
    path = tmp_path / "room.sqlite"
    meeting_id, public_id, closed_id = _file(path)
    window = _window(qtbot, settings, path)
    assert window.context is not None
    qtbot.waitUntil(lambda: window.search.preparing is None, timeout=30000)

    def found(text: str) -> set[str]:
        with qtbot.waitSignal(window.search.answered, timeout=10000) as answer:
            window.search_box.setText(text)
            window.search.ask()
        return {hit.record_id for group in answer.args[0].groups for hit in group.hits}

    assert found("partnersmark") == {closed_id}  # the coordinator's own screen: everything
    chair = ChairWindow(window.context, meeting_id)
    qtbot.addWidget(chair)
    chair.show_projector(True)
    QApplication.processEvents()
    assert "room" in window.search_box.placeholderText()
    assert found("publicmark") == {public_id}
    assert found("partnersmark") == set()  # a public forum's room: partners-only items are not shown
    chair.show_projector(False)
    QApplication.processEvents()
    assert found("partnersmark") == {closed_id}
    chair.close()
    window.search_box.clear()
    window.close()
