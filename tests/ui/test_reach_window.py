"""Reaching partners and finding anything from the window: Ctrl+F searches and opens the record where it lives;
circulating writes one draft per partner and records it; papers are added to an item and removed; reminders are
prepared from Home. Real widgets on a real file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from facilitator.actions import Action, save_action
from facilitator.circulation import Circulated, Circulation
from facilitator.papers import Paper, papers_of
from facilitator.storage import open_partnership
from facilitator.ui.circulation_dialog import CirculationDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.papers_dialog import PapersDialog
from facilitator.ui.reminders_dialog import RemindersDialog
from facilitator.ui.settings import Settings
from facilitator.ui.widgets import select_id
from tests.conftest import stand_on
from tests.reach_world import Reach, build_reach
from tests.ui.conftest import window_on


@pytest.fixture
def reach_window(
    qtbot, settings: Settings, tmp_path: Path, modals: object
) -> Iterator[tuple[MainWindow, Reach]]:
    path = tmp_path / "reach.sqlite"
    with open_partnership(path) as store:
        reach = build_reach(store)
        action = Action(forum_id=reach.round.forum.id, title="Send the counts", owner_partner_id=reach.round.housing.id,
                        due=dt.date(2025, 5, 20))  # fmt: skip
        save_action(store, action).apply(store)
    for window in window_on(qtbot, settings, path, size=(1366, 768)):
        yield window, reach


def test_ctrl_f_searches_everything_and_enter_opens_the_meeting(
    qtbot, reach_window: tuple[MainWindow, Reach]
) -> None:
    window, _reach = reach_window
    window.navigation.setCurrentRow(0)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, "NIGHTJ")
    qtbot.waitUntil(lambda: window.search_results.model.rowCount() > 0, timeout=10000)
    assert window.stack.currentWidget() is window.search_results
    hit = window.search_results.model.hit(window.search_results.model.first_hit())
    assert hit is not None and "Nightjar" in hit.title and hit.screen == "meetings"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens["meetings"], timeout=5000)
    window.search_box.clear()


def test_circulating_writes_a_draft_per_partner_and_records_it(qtbot, reach_window: tuple[MainWindow, Reach],
                                                               tmp_path: Path) -> None:  # fmt: skip
    window, reach = reach_window
    assert window.context is not None
    dialog = CirculationDialog(window.context, reach.round.following.id, Circulated.AGENDA, window)
    assert dialog.model.rowCount() == 4
    dialog.panel.folder.setText(str(tmp_path / "drafts"))
    assert dialog.prepare()
    qtbot.waitUntil(lambda: dialog.recorded, timeout=60000)
    written = sorted((tmp_path / "drafts").glob("*.eml"))
    assert len(written) == 4
    for path in written:
        assert message_from_bytes(path.read_bytes(), policy=policy.default)["X-Unsent"] == "1"
    assert len(window.context.store.all(Circulation)) == 1
    assert "Last circulated on" in dialog.history.text()


def test_open_in_mail_program_hands_each_draft_to_the_system(
    qtbot, reach_window: tuple[MainWindow, Reach], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"Open in mail program" asks the system to open each .eml (its mail program does the rest); when nothing
    opens them, the user is told where the drafts are."""
    window, reach = reach_window
    assert window.context is not None
    dialog = CirculationDialog(window.context, reach.round.following.id, Circulated.AGENDA, window)
    dialog.panel.folder.setText(str(tmp_path / "drafts"))
    assert not dialog.panel.open_button.isEnabled()  # nothing to open before anything is prepared
    assert dialog.prepare()
    qtbot.waitUntil(lambda: dialog.recorded, timeout=60000)
    opened: list[str] = []
    answer = [True]
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or answer[0])
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *args: told.append(str(args[2]))))
    qtbot.mouseClick(dialog.panel.open_button, Qt.MouseButton.LeftButton)
    assert sorted(opened) == sorted(str(p) for p in (tmp_path / "drafts").glob("*.eml")) and len(opened) == 4
    assert told == []
    answer[0] = False
    qtbot.mouseClick(dialog.panel.open_button, Qt.MouseButton.LeftButton)
    assert len(told) == 1 and "No mail program was found" in told[0] and str(tmp_path / "drafts") in told[0]


def test_papers_are_added_and_removed_on_an_item(
    reach_window: tuple[MainWindow, Reach], tmp_path: Path
) -> None:
    window, reach = reach_window
    assert window.context is not None
    chosen = tmp_path / "underpass map.png"
    chosen.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    dialog = PapersDialog(window.context, reach.shelter_next, window)
    before = dialog.model.rowCount()
    assert dialog.add_paper(chosen)
    assert dialog.model.rowCount() == before + 1
    added = [
        p for p in papers_of(window.context.store, reach.shelter_next.id) if p.name == "underpass map.png"
    ]
    assert len(added) == 1 and added[0].media_type == "image/png"
    select_id(dialog.table, added[0].id)  # the list is sorted: select the paper by its id
    assert dialog.selected() == added[0]
    assert dialog.remove_selected()
    assert not window.context.store.find(Paper, added[0].id)


def test_reminders_from_home(reach_window: tuple[MainWindow, Reach], tmp_path: Path, qtbot) -> None:
    window, reach = reach_window
    assert window.context is not None
    stand_on(dt.date(2025, 6, 4))
    dialog = RemindersDialog(window.context, reach.round.forum.id, window)
    assert dialog.model.rowCount() >= 1
    dialog.panel.folder.setText(str(tmp_path / "reminders"))
    assert dialog.prepare()
    qtbot.waitUntil(lambda: len(list((tmp_path / "reminders").glob("*.eml"))) == dialog.model.rowCount(),
                    timeout=60000)  # fmt: skip
    assert window.screens["home"].reminders_button.isEnabled()
