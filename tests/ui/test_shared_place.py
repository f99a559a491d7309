"""Opening a partnership file from a network drive or a synchronised folder in the window: the user is told
where it is and why that is dangerous, and may save a copy on this laptop and open it, or keep working there.

The network drive is simulated by a faked mount table; the synchronised folder by OneDrive's environment
variable (as Windows sets it). The files are real.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from facilitator.entities import Partner
from facilitator.storage import open_partnership, shared_places
from facilitator.storage.shared_places import Mount, PlaceKind
from facilitator.ui.app import create_application
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def on_a_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A partnership file on a CIFS share (the mount table is faked)."""
    if os.name == "nt":
        pytest.skip("fakes a POSIX mount table; Windows' network paths are tested in tests/storage")
    share = tmp_path / "council share"
    share.mkdir()
    table = [Mount("/", "ext4"), Mount(str(share), "cifs", "//fs01/partnerships")]
    monkeypatch.setattr(shared_places, "mount_table", lambda: table)
    path = share / "Straßenrunde.sqlite"
    with open_partnership(path) as store:
        store.put(Partner(name="City Police"))
    return path


def _boxes(modals: Any) -> list[QMessageBox]:
    return [d for d in modals.opened if isinstance(d, QMessageBox) and d.objectName() == "sharedPlaceBox"]


def _answer(modals: Any, button: str, *, remember: bool = False) -> None:
    def fill(box: QMessageBox) -> None:
        if remember:
            box.checkBox().setChecked(True)
        next(b for b in box.buttons() if b.text() == button).click()

    modals.fill["QMessageBox"] = fill


def _window(qtbot: Any, settings: Settings) -> MainWindow:
    create_application()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    return window


def test_a_file_on_a_network_drive_is_copied_to_the_laptop_and_the_copy_opened(
    qtbot: Any, settings: Settings, modals: Any, on_a_share: Path, tmp_path: Path
) -> None:
    before = _sha(on_a_share)
    _answer(modals, "Save a copy on this laptop and open it")
    window = _window(qtbot, settings)
    assert window.open_path(on_a_share)

    (box,) = _boxes(modals)
    assert box.windowTitle() == "This file is in a shared place"
    assert box.text() == f"Straßenrunde.sqlite is on a network drive ({on_a_share.parent})."
    assert "connection drops in the middle of a change" in box.informativeText()
    assert "exchange your changes through the shared folder" in box.informativeText()
    assert window.context is not None
    copy = window.context.store.path
    assert copy == tmp_path / "data" / "Straßenrunde.sqlite"  # the user's data folder (FACILITATOR_DATA_DIR)
    assert window.context.store.place.kind is PlaceKind.LOCAL
    assert window.context.store.journal_mode == "wal"
    assert [p.name for p in window.context.store.all(Partner)] == ["City Police"]
    assert "working on a copy on this laptop" in window.statusBar().currentMessage()
    assert not (on_a_share.with_name(on_a_share.name + ".lock")).exists()  # the shared file was let go
    assert _sha(on_a_share) == before  # and not changed
    assert settings.preferences().last_database == str(copy)
    window.close()


def test_a_second_copy_gets_a_free_name(
    qtbot: Any, settings: Settings, modals: Any, on_a_share: Path, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "Straßenrunde.sqlite").write_bytes(b"")  # an earlier copy: never overwritten
    _answer(modals, "Save a copy on this laptop and open it")
    window = _window(qtbot, settings)
    assert window.open_path(on_a_share)
    assert window.context is not None
    assert window.context.store.path == tmp_path / "data" / "Straßenrunde (2).sqlite"
    assert (tmp_path / "data" / "Straßenrunde.sqlite").read_bytes() == b""
    window.close()


def test_keeping_working_there_is_asked_once_when_the_user_says_so(
    qtbot: Any, settings: Settings, modals: Any, on_a_share: Path
) -> None:
    _answer(modals, "Keep working here", remember=True)
    window = _window(qtbot, settings)
    assert window.open_path(on_a_share)
    assert window.context is not None and window.context.store.path == on_a_share
    assert window.context.store.journal_mode == "delete"
    assert len(_boxes(modals)) == 1
    window.set_context(None)
    assert window.open_path(on_a_share)
    assert len(_boxes(modals)) == 1  # not asked again
    assert "is on a network drive" in window.statusBar().currentMessage()
    window.close()


def test_without_remembering_it_is_asked_at_every_opening(
    qtbot: Any, settings: Settings, modals: Any, on_a_share: Path
) -> None:
    _answer(modals, "Keep working here")
    window = _window(qtbot, settings)
    assert window.open_path(on_a_share)
    window.set_context(None)
    assert window.open_path(on_a_share)
    assert len(_boxes(modals)) == 2
    window.close()


def test_a_onedrive_folder_is_named_and_reading_only_asks_nothing(
    qtbot: Any, settings: Settings, modals: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    onedrive = tmp_path / "OneDrive - Gemeente Ærø"
    onedrive.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(onedrive))
    path = onedrive / "p.sqlite"
    with open_partnership(path) as store:
        store.put(Partner(name="Housing"))
    window = _window(qtbot, settings)
    assert window.open_path(path, read_only=True)
    assert _boxes(modals) == []  # nothing is written from a read-only window
    window.set_context(None)
    modals.expect_message("in a folder that OneDrive synchronises", answer="Keep working here")
    assert window.open_path(path)  # the box is answered "Keep working here"
    (box,) = _boxes(modals)
    assert box.text() == f"p.sqlite is in a folder that OneDrive synchronises ({onedrive})."
    assert "OneDrive copies the file while the app writes to it" in box.informativeText()
    window.close()


def test_a_file_on_the_laptop_asks_nothing(window: MainWindow, modals: Any) -> None:
    assert window.context is not None and window.context.store.place.kind is PlaceKind.LOCAL
    assert _boxes(modals) == []
