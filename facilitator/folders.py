"""Where the app keeps things, and whether it runs from a bundle made by ``packaging/build.py``.

A bundle (a PyInstaller application folder, a ``.app``, an installed Windows program) may sit in a folder its
user cannot write (Program Files, /Applications, a mounted disk image) and is replaced whole by the next
version. So nothing the app writes ever goes beside the executable: partnership files, settings, logs and the
font cache live in the platform's user folders (``platformdirs``), whether the app runs from a bundle or from
an installed package. The bundle's own files (fonts with their bold instances, compiled catalogs, the icon) are
read from ``bundle_dir()`` and never written.

Each folder can be moved by an environment variable (tests point them at tmp folders):

    FACILITATOR_DATA_DIR     partnership files (the default one, and backups that cannot go beside a file)
    FACILITATOR_CONFIG_DIR   preferences and window state
    FACILITATOR_CACHE_DIR    caches (the bold fonts go to its ``fonts`` folder)
    FACILITATOR_LOG_DIR      the log file
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The folder name under each of the user's folders (also the Linux desktop entry's and icon's name).
APP_DIR_NAME = "partnership-facilitator"
DATA_ENV = "FACILITATOR_DATA_DIR"
CONFIG_ENV = "FACILITATOR_CONFIG_DIR"
CACHE_ENV = "FACILITATOR_CACHE_DIR"
LOG_ENV = "FACILITATOR_LOG_DIR"
#: Inside a bundle: the static bold instances cut when the bundle was made (see ``exports/fonts.py``).
BUILT_IN_FONTS = "fonts"


def bundle_dir() -> Path | None:
    """The folder of the bundle's own, read-only files when the app runs from a bundle, else None.

    PyInstaller sets ``sys.frozen`` and puts the bundled files in ``sys._MEIPASS`` (the ``_internal`` folder
    beside the executable, or ``Contents/Frameworks`` inside a macOS ``.app``).
    """
    if not getattr(sys, "frozen", False):
        return None
    unpacked = getattr(sys, "_MEIPASS", None)
    return Path(unpacked) if unpacked else Path(sys.executable).resolve().parent


def is_bundled() -> bool:
    """True when the app runs from a bundle rather than from an installed Python package."""
    return bundle_dir() is not None


def _user_folder(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs  # noqa: PLC0415 - asked only when no folder is named

    found: str = getattr(platformdirs, f"user_{kind}_dir")(APP_DIR_NAME, appauthor=False)
    return Path(found)


def data_dir() -> Path:
    """The user's data folder: the default partnership file, and backups that cannot go beside a file."""
    return _user_folder(DATA_ENV, "data")


def config_dir() -> Path:
    """The user's settings folder: preferences and window state."""
    return _user_folder(CONFIG_ENV, "config")


def cache_dir() -> Path:
    """The user's cache folder: what the app can make again (bold fonts not built into a bundle)."""
    return _user_folder(CACHE_ENV, "cache")


def log_dir() -> Path:
    """The user's log folder: the log file a bug report can attach."""
    return _user_folder(LOG_ENV, "log")


def font_cache_dir() -> Path:
    """Where bold font instances cut on this machine are kept."""
    return cache_dir() / "fonts"


def built_in_fonts_dir() -> Path | None:
    """The bold font instances built into the bundle (read-only), or None when not running from one."""
    bundle = bundle_dir()
    return bundle / BUILT_IN_FONTS if bundle is not None else None


def host_name() -> str:
    """This computer's network name, as ``socket.gethostname()`` gives it: on Linux and macOS read from
    ``os.uname()`` (the same kernel value), which spares loading ``socket`` (and ``platform``) on the way to the
    window's Home; elsewhere asked of ``socket``. Locks, audit entries and temporary names all use this one."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # noqa: PLC0415 - Windows: no uname

    return socket.gethostname()
