"""Settings declared once, typed, with defaults. Preferences and window state live in separate files.

Where they live: the user's config folder (``facilitator.folders.config_dir``: the platform's, or
``FACILITATOR_CONFIG_DIR``, where tests point it at a tmp folder), never beside the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from facilitator.folders import config_dir, data_dir
from facilitator.frozen import frozen

MAX_RECENT = 8


def default_database() -> Path:
    """The partnership file opened on first run: in the user's data folder."""
    return data_dir() / "partnership.sqlite"


@dataclass
class Preferences:
    """What the user chose: language, recent files, the name the audit trail gives them, the retention rule."""

    language: str = ""
    last_database: str = ""
    recent_databases: tuple[str, ...] = ()
    coordinator_name: str = ""  # recorded in the audit trail with every change, beside the system user
    retention_months: int = 24  # contact details of people who left longer ago than this may be removed
    laptop_name: str = ""  # this laptop's name in the audit trail and the shared folder; "" = the computer's name
    drafts_folder: str = ""  # where e-mail drafts (circulations, reminders) were last written
    region: str = ""  # the window's dates, times and numbers as in this country (ISO code); "": the system's


@frozen
class ExchangeSetup:
    """Where this laptop exchanges one partnership's changes (File → Exchange…), kept per partnership."""

    folder: str = ""  # the shared folder; "" = no exchange through a folder
    passphrase: str = ""  # protects the exchange files on the way; the same on every laptop


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
        return Preferences(
            language=str(self._prefs.value("language", defaults.language)),
            last_database=str(self._prefs.value("last_database", defaults.last_database)),
            recent_databases=tuple(_texts(self._prefs.value("recent_databases", [])))[:MAX_RECENT],
            coordinator_name=str(self._prefs.value("coordinator_name", defaults.coordinator_name)),
            retention_months=_whole(self._prefs.value("retention_months"), defaults.retention_months),
            laptop_name=str(self._prefs.value("laptop_name", defaults.laptop_name)),
            drafts_folder=str(self._prefs.value("drafts_folder", defaults.drafts_folder)),
            region=str(self._prefs.value("region", defaults.region)),
        )

    def set_region(self, code: str) -> None:
        """Remember the region the window formats for ("" follows the system)."""
        self._prefs.setValue("region", code)

    def set_laptop_name(self, name: str) -> None:
        """Remember what this laptop is called (the audit trail and the shared folder use it)."""
        self._prefs.setValue("laptop_name", name.strip())
        self._prefs.sync()

    def exchange_setup(self, partnership_id: str) -> ExchangeSetup:
        """Where and how this laptop exchanges the partnership ``partnership_id``."""
        group = f"exchange-{partnership_id}"
        return ExchangeSetup(
            folder=str(self._prefs.value(f"{group}/folder", "")),
            passphrase=str(self._prefs.value(f"{group}/passphrase", "")),
        )

    def set_exchange_setup(self, partnership_id: str, setup: ExchangeSetup) -> None:
        """Remember where and how this laptop exchanges the partnership ``partnership_id``."""
        group = f"exchange-{partnership_id}"
        self._prefs.setValue(f"{group}/folder", setup.folder)
        self._prefs.setValue(f"{group}/passphrase", setup.passphrase)
        self._prefs.sync()

    def set_coordinator_name(self, name: str) -> None:
        """Remember the name the audit trail records the user's changes under."""
        self._prefs.setValue("coordinator_name", name.strip())
        self._prefs.sync()

    def set_drafts_folder(self, folder: str) -> None:
        """Remember the folder e-mail drafts were last written to."""
        self._prefs.setValue("drafts_folder", folder)
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

    def kept_in_shared_place(self, path: Path) -> bool:
        """Whether the user chose to keep working on ``path`` where it is, in a shared place (not asked again)."""
        return str(path) in _texts(self._prefs.value("kept_in_shared_place", []))

    def keep_in_shared_place(self, path: Path) -> None:
        """Remember that the user keeps working on ``path`` in its shared place."""
        kept = [str(path), *(k for k in _texts(self._prefs.value("kept_in_shared_place", [])) if k != str(path))]
        self._prefs.setValue("kept_in_shared_place", kept[:MAX_RECENT])
        self._prefs.sync()

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved geometry and dock/toolbar state of the main window."""
        geometry = self._state.value("geometry")
        state = self._state.value("state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def navigation_collapsed(self) -> bool:
        """Whether the navigation shows icons only."""
        return str(self._state.value("navigation_collapsed", "false")).lower() == "true"

    def set_navigation_collapsed(self, collapsed: bool) -> None:
        """Remember whether the navigation shows icons only."""
        self._state.setValue("navigation_collapsed", "true" if collapsed else "false")
        self._state.sync()

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        """Keep the main window's geometry for next time."""
        self._state.setValue("geometry", geometry)
        self._state.setValue("state", state)
        self._state.sync()


def _texts(value: object) -> list[str]:
    """A list of texts read back from the INI file (one text comes back as a string)."""
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _whole(value: object, default: int) -> int:
    """An integer preference read back from the INI file (where it is text), or the default."""
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default
