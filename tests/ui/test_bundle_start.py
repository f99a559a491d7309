"""Started from a (faked) bundle, the window keeps settings, the log and the first partnership in the user's
folders, and nothing beside the program; its icon is the app's own."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from facilitator import folders
from facilitator.storage import logs
from facilitator.ui import errors
from facilitator.ui.app import build_main_window, create_application, window_icon
from facilitator.ui.settings import Settings, default_database

VARIABLES = (folders.DATA_ENV, folders.CONFIG_ENV, folders.CACHE_ENV, folders.LOG_ENV)


@pytest.fixture
def bundled_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """(the user's home, the bundle's folder) with the app running from a faked PyInstaller bundle."""
    home = tmp_path / "home"
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("HOME", str(home))
        for variable, below in (
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_CACHE_HOME", ".cache"),
            ("XDG_STATE_HOME", ".local/state"),
        ):
            monkeypatch.setenv(variable, str(home / below))
    else:  # the system decides there: keep the test out of the real folders
        for variable in VARIABLES:
            monkeypatch.setenv(variable, str(home / variable))
    app = tmp_path / "Programs" / "partnership-facilitator"
    (app / "_internal").mkdir(parents=True)
    (app / "partnership-facilitator").write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(app / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "partnership-facilitator"))
    yield home, app
    logs.stop_logging()


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_first_start_from_a_bundle_writes_only_in_the_users_folders(
    qtbot: QtBot, bundled_home: tuple[Path, Path]
) -> None:
    home, app = bundled_home
    before = _files(app)
    log = logs.start_logging()
    create_application()
    window = build_main_window(Settings(), None, "en")
    qtbot.addWidget(window)
    window.close()
    assert default_database() == folders.data_dir() / "partnership.sqlite"
    assert default_database().is_file()  # the first run's new partnership
    assert (folders.config_dir() / "preferences.ini").is_file()
    assert log is not None and log.parent == folders.log_dir()
    assert "bundle in " + str(app / "_internal") in log.read_text(encoding="utf-8")
    assert _files(app) == before
    for path in (default_database(), folders.config_dir(), log):
        assert path.is_relative_to(home)


def test_a_bug_goes_to_the_log_without_its_message(
    qtbot: QtBot, bundled_home: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = logs.start_logging()
    assert log is not None
    errors.install_exception_hook()
    shown: list[str] = []
    monkeypatch.setattr(
        "facilitator.ui.crash_dialog.CrashDialog.exec", lambda self: shown.append("shown") or 0
    )
    try:
        raise LookupError("Jane Doe, 07700 900123")
    except LookupError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = sys.__excepthook__
    text = log.read_text(encoding="utf-8")
    assert shown == ["shown"]
    assert "bug: builtins.LookupError" in text
    assert "test_a_bug_goes_to_the_log_without_its_message" in text  # where it happened
    assert "Jane Doe" not in text and "07700" not in text


def test_a_log_folder_that_cannot_be_made_is_no_reason_not_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(folders.LOG_ENV, str(blocked / "log"))
    assert logs.start_logging() is None
    assert not [h for h in logging.getLogger(logs.ROOT_LOGGER).handlers if isinstance(h, logging.FileHandler)]


def test_the_window_has_the_apps_icon(qtbot: QtBot) -> None:
    icon = window_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64
    corner, centre = image.pixelColor(1, 1), image.pixelColor(32, 32)
    assert corner.alpha() == 0  # a rounded tile: transparent corners
    assert centre.alpha() == 255 and centre.red() > 200  # the amber table in the middle
