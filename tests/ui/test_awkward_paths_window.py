"""The window in a folder like a real laptop's (see tests/test_awkward_paths.py for the command line): a user
called "Jörg Müller-Øster", folder names with spaces, "#", "%", "&", Cyrillic, and a path longer than Windows' old
259-character limit. Here, under tests/ui, any dialog the window opened unasked would fail the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.storage import open_partnership
from tests.platform_sim import awkward_user_folder


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return awkward_user_folder(tmp_path, monkeypatch)


def test_the_window_opens_and_copies_a_partnership_in_such_a_folder(
    folder: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.ui.app import create_application
    from facilitator.ui.backup_dialogs import save_copy_as
    from facilitator.ui.main_window import MainWindow
    from facilitator.ui.settings import Settings

    monkeypatch.setenv("FACILITATOR_CONFIG_DIR", str(folder / "Einstellungen"))
    create_application()
    window = MainWindow(Settings(folder / "Einstellungen"))
    db = folder / "Protokolle Jörg.sqlite"
    assert window.open_path(db)
    assert window.context is not None and window.context.store.path == db
    assert str(db) in window.path_label.text()
    copy = save_copy_as(window, folder / "Kopie für den USB-Stick ö.sqlite")
    assert copy is not None and copy.exists()
    window.close()
    with open_partnership(copy, read_only=True) as reader:
        assert reader.integrity() == "ok"
