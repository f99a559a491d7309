"""Settings declared once, typed, with defaults. Preferences and window state live in separate files.

Where they live: the platform's config folder, or ``FACILITATOR_CONFIG_DIR`` (tests point it at a tmp folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

APP_DIR_NAME = "partnership-facilitator"
MAX_RECENT = 8


def config_dir() -> Path:
    """The folder of the settings files (Qt's own answer: Qt is loaded already, and start-up counts)."""
    override = os.environ.get("FACILITATOR_CONFIG_DIR")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / APP_DIR_NAME


def default_database() -> Path:
    """The partnership file opened on first run: in the user's data folder."""
    override = os.environ.get("FACILITATOR_DATA_DIR")
    if override:
        return Path(override) / "partnership.sqlite"
    import platformdirs  # noqa: PLC0415 - only needed when no file was named or remembered

    folder = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    return folder / "partnership.sqlite"


@dataclass
class Preferences:
    """What the user chose: language, recent files, the name the audit trail gives them, the retention rule."""

    language: str = ""
    last_database: str = ""
    recent_databases: tuple[str, ...] = ()
    coordinator_name: str = ""  # recorded in the audit trail with every change, beside the system user
    retention_months: int = 24  # contact details of people who left longer ago than this may be removed
    region: str = ""  # the window's dates, times and numbers as in this country (ISO code); "": the system's


class Settings:
    """Reads and writes preferences and window state."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._prefs = QSettings(str(folder / "preferences.ini"), QSettings.Format.IniFormat)
        self._state = QSettings(str(folder / "window-state.ini"), QSettings.Format.IniFormat)

    def preferences(self) -> Preferences:
        """The stored preferences, with defaults for what is missing."""
        defaults = Preferences()
        recent = self._prefs.value("recent_databases", [])
        if isinstance(recent, str):
            recent = [recent]
        return Preferences(
            language=str(self._prefs.value("language", defaults.language)),
            last_database=str(self._prefs.value("last_database", defaults.last_database)),
            recent_databases=tuple(str(r) for r in (recent if isinstance(recent, list) else []))[:MAX_RECENT],
            coordinator_name=str(self._prefs.value("coordinator_name", defaults.coordinator_name)),
            retention_months=_whole(self._prefs.value("retention_months"), defaults.retention_months),
            region=str(self._prefs.value("region", defaults.region)),
        )

    def set_region(self, code: str) -> None:
        """Remember the region the window formats for ("" follows the system)."""
        self._prefs.setValue("region", code)
        self._prefs.sync()

    def set_coordinator_name(self, name: str) -> None:
        """Remember the name the audit trail records the user's changes under."""
        self._prefs.setValue("coordinator_name", name.strip())
        self._prefs.sync()

    def set_retention_months(self, months: int) -> None:
        """Remember after how many months the contact details of people who left may be removed."""
        self._prefs.setValue("retention_months", int(months))
        self._prefs.sync()

    def set_language(self, code: str) -> None:
        """Remember the language of the window."""
        self._prefs.setValue("language", code)
        self._prefs.sync()

    def remember_database(self, path: Path) -> None:
        """Make ``path`` the last and most recent database."""
        text = str(path)
        recent = [text, *(r for r in self.preferences().recent_databases if r != text)][:MAX_RECENT]
        self._prefs.setValue("last_database", text)
        self._prefs.setValue("recent_databases", recent)
        self._prefs.sync()

    def forget_database(self, path: Path | str) -> None:
        """Take ``path`` off the recent list (it could not be opened)."""
        recent = [r for r in self.preferences().recent_databases if r != str(path)]
        self._prefs.setValue("recent_databases", recent)
        self._prefs.sync()

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved geometry and dock/toolbar state of the main window."""
        geometry = self._state.value("geometry")
        state = self._state.value("state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        """Keep the main window's geometry for next time."""
        self._state.setValue("geometry", geometry)
        self._state.setValue("state", state)
        self._state.sync()


def _whole(value: object, default: int) -> int:
    """An integer preference read back from the INI file (where it is text), or the default."""
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default
