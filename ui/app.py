"""Start the window: fonts, language, crash hook, and the partnership file to open."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

import facilitator
from facilitator import i18n
from facilitator.folders import APP_DIR_NAME
from facilitator.ui.errors import install_exception_hook
from facilitator.ui.main_window import MainWindow, QtTranslations
from facilitator.ui.settings import Settings, default_database


def load_fonts() -> str | None:
    """Register the fonts the app ships (Noto Sans, Noto Sans Arabic) so no machine shows boxes for letters.

    Returns the family to use for the window, or None when the fonts could not be loaded.
    """
    family = None
    try:
        import fontpkg_noto_sans  # noqa: PLC0415 - optional at import time, required at run time
        import fontpkg_noto_sans_arabic  # noqa: PLC0415
    except ImportError:
        return None
    for package in (fontpkg_noto_sans, fontpkg_noto_sans_arabic):
        for path in sorted((package.ROOT / "files").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families and package is fontpkg_noto_sans and family is None:
                family = families[0]
    return family


def window_icon() -> QIcon:
    """The app's icon (the SVG every render in packaging/ is made from), drawn by Qt's SVG icon engine."""
    return QIcon(str(Path(__file__).with_name("partnership-facilitator.svg")))


def startup_language(settings: Settings, requested: str | None) -> str:
    """The language to start in: asked for, else remembered, else the system's if shipped, else English."""
    if requested:
        return requested
    remembered = settings.preferences().language
    if remembered in i18n.UI_LANGUAGES:
        return str(remembered)
    from PySide6.QtCore import QLocale  # noqa: PLC0415

    system = QLocale.system().name().split("_")[0]
    return system if system in i18n.UI_LANGUAGES else "en"


def create_application(argv: list[str] | None = None, *, with_icon: bool = True) -> QApplication:
    """The QApplication with the app's names, fonts and icon (reused when one exists, as in tests). Without
    ``with_icon`` the icon is left to the caller (``start_window`` gives it once the window has painted).

    High DPI as Qt 6 does it by default: scaling is always on (the Qt 5 attributes ``AA_EnableHighDpiScaling``
    and ``AA_UseHighDpiPixmaps`` are obsolete), and the scale factor is passed through unrounded
    (``HighDpiScaleFactorRoundingPolicy.PassThrough``, Qt 6's default, checked by ``tests/ui/test_scaling.py``), so
    that Windows' 125 % and 150 % stay 1.25 and 1.5 instead of being rounded to 1 or 2. Saying so again here
    would name the ``Qt`` namespace before the first paint (``ui/main_window.py`` says why that is avoided)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Partnership Facilitator")
    app.setOrganizationName("partnership-facilitator")
    app.setApplicationVersion(facilitator.__version__)
    app.setDesktopFileName(APP_DIR_NAME)  # the desktop entry packaging/linux/install.sh writes
    if with_icon:
        app.setWindowIcon(window_icon())
    family = load_fonts()
    if family:
        app.setFont(QFont(family, 10))
    return app


def build_main_window(
    settings: Settings, db_path: Path | None, language: str | None = None, *, open_now: bool = True
) -> MainWindow:
    """The main window in the right language, with ``db_path`` (or the last or default file) open.

    With ``open_now`` false the file is opened once the event loop runs, so the window shows first.
    """
    translations = QtTranslations()
    code = startup_language(settings, language)
    if code not in i18n.UI_LANGUAGES:
        code = "en"
    from facilitator.ui.region import window_region  # noqa: PLC0415

    i18n.set_language(code, window_region(settings))
    translations.install(code)
    window = MainWindow(settings, translations)
    path = db_path or _remembered(settings) or default_database()
    if db_path is None and path == default_database():
        path.parent.mkdir(parents=True, exist_ok=True)
    if open_now:
        window.open_path(path)
    else:
        window.open_soon(path)
    return window


def _remembered(settings: Settings) -> Path | None:
    last = settings.preferences().last_database
    return Path(last) if last and Path(last).exists() else None


def start_window(
    db_path: Path | None = None, language: str | None = None, settings: Settings | None = None
) -> tuple[QApplication, MainWindow]:
    """What the app does to show its window (``run``; ``bench/open_and_filter.py`` measures it): the application,
    the crash hook, the window shown, its file opened after its first paint. The log is started, and the window's
    icon given, once the window shows its first screen (``storage/logs.py`` says why for the log), or by the crash
    hook if a bug comes first.

    Python's collector of reference cycles is paused until then: the start makes tens of thousands of objects
    that all live on (widgets, records, the core's classes), and collecting among them ran about a hundred times
    before Home showed (10-15 ms on the bench's machine) to find almost nothing."""
    collecting = gc.isenabled()
    gc.disable()
    app = create_application(with_icon=False)
    install_exception_hook(open_log=True)
    window = build_main_window(settings or Settings(), db_path, language, open_now=False)
    if collecting:
        window.after_start(gc.enable)
    # The icon of the title bar and task bar comes with the navigation's icons: drawing it from its SVG loads
    # Qt's SVG plugin and library (about 2 ms), which the first paint does not need.
    window.after_start(lambda: app.setWindowIcon(window_icon()))
    window.after_start(_start_logging)
    window.show()
    return app, window


def _start_logging() -> None:
    from facilitator.storage.logs import start_logging  # noqa: PLC0415 - the window's run, not its tests

    start_logging()


def run(db_path: Path | None = None, language: str | None = None) -> int:
    """Open the window and run until it is closed. The exit code of the event loop."""
    app, _window = start_window(db_path, language)
    return int(app.exec())
