"""Test set-up shared by every test: headless Qt, a clean language, real SQLite files in tmp folders."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# Before anything imports Qt: the tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# The PDF writer builds static bold fonts once (seconds); tests share one cache beside the checkout, never the
# user's own cache folder.
os.environ.setdefault("FACILITATOR_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".cache"))

import datetime as dt

import pytest
from hypothesis import HealthCheck, settings

from facilitator import clock as app_clock
from facilitator import i18n
from facilitator.clock import FrozenClock
from facilitator.exports.fonts import FontFiles
from facilitator.storage import logs

if TYPE_CHECKING:
    from tests.core.test_leaflets import Partnership as LeafletPartnership
    from tests.core.test_minutes import Round

# Hypothesis never judges a test by the machine's speed: no deadline (its default fails any example slower than
# 200 ms, which a loaded machine reaches), and no "too slow" health check. "ci" is the default: the same
# examples on every run (derandomized), so that a run that lands says the same thing on every machine; "explore"
# (HYPOTHESIS_PROFILE=explore) draws new examples each run to hunt for failures, printing a blob to replay each;
# "dev" tries fewer examples for a quick local round.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True, derandomize=True
)
settings.register_profile(
    "explore", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "dev",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=20,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Where every test's clock stands unless the test moves it: a Monday morning in London. The app reads no
#: other time (``facilitator.clock``), so no test depends on the day it runs and no date in a test expires.
FROZEN_AT = dt.datetime(2026, 12, 7, 9, 30)
FROZEN_ZONE = "Europe/London"
#: The lists a meeting's records are kept in (tables of the file, lists of the JSON document): the forum's usual
#: agenda, meetings, their agendas, rolls, decisions, positions and who asked to speak.
MEETING_LISTS = (
    "usual_items",
    "meetings",
    "agenda_items",
    "attendance",
    "decisions",
    "positions",
    "speaker_turns",
)
# Processes the tests start (the command line, a second writer) stand on the same frozen clock.
os.environ[app_clock.ENVIRONMENT_VARIABLE] = f"{FROZEN_AT.isoformat()} {FROZEN_ZONE}"
# The log of every test (and of the processes they start) goes to a folder of the run's, never the user's.
os.environ[logs.LOG_ENV] = tempfile.mkdtemp(prefix="facilitator-test-log-")


@pytest.fixture(autouse=True)
def _log_closed() -> Iterator[None]:
    """A test that starts the log (the command line does) leaves it closed: no file is left open."""
    yield
    logs.stop_logging()


@pytest.fixture(autouse=True)
def clock() -> Iterator[FrozenClock]:
    """The application's one clock, frozen for the test; move it with ``clock.set(...)`` or ``clock.advance(...)``."""
    frozen = FrozenClock(FROZEN_AT, FROZEN_ZONE)
    previous = app_clock.use(frozen)
    yield frozen
    app_clock.use(previous)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test starts in English and leaves English behind: the app's catalogs, and in window tests Qt's own
    (a test that switched the window to Dutch left Qt's "Annuleren" on the next test's dialogs)."""
    i18n.set_language("en", "")
    yield
    i18n.set_language("en", "")
    if "PySide6.QtWidgets" in sys.modules:  # only where a window test loaded Qt: core tests stay Qt-free
        from PySide6.QtCore import QLocale, QTranslator
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            for translator in app.findChildren(QTranslator):
                app.removeTranslator(translator)
            QLocale.setDefault(QLocale("en"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's partnership file goes (a real SQLite file)."""
    return tmp_path / "partnership.sqlite"


def stand_on(day: dt.date, at: dt.time = dt.time(9, 30)) -> None:
    """Move the frozen application clock to ``day`` at ``at`` (London wall time)."""
    frozen = app_clock.current()
    assert isinstance(frozen, FrozenClock), "tests run on the frozen clock"
    frozen.set(dt.datetime.combine(day, at))


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's font cache folder, with the bold fonts built in it (once per run), so no test touches the
    user's real cache and a PDF written by the command line has its bold (on a fresh machine the command line
    would otherwise write its first PDF without waiting for them: ``fonts.never_wait``)."""
    from facilitator.exports.fonts import CACHE_ENV, ensure_fonts

    root = tmp_path_factory.mktemp("cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(root)
    ensure_fonts()
    yield root / "fonts"
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session")
def font_files(font_cache: Path) -> FontFiles:
    from facilitator.exports.fonts import ensure_fonts

    return ensure_fonts()


def round_file_at(path: Path) -> tuple[Path, Round]:
    """The weekly round of story S1 (``tests.core.test_minutes.build_round``) in a partnership file of its own at
    ``path``, closed again: the file's path and the round."""
    from facilitator.storage import open_partnership
    from tests.core.test_minutes import build_round

    with open_partnership(path) as partnership:
        made = build_round(partnership)
    return path, made


def demo_file_at(path: Path) -> Path:
    """The demo partnership (``build_demo`` as the command line's ``demo`` makes it) in a file of its own at
    ``path``, closed again."""
    from facilitator.demo import build_demo
    from facilitator.storage import open_partnership

    with open_partnership(path) as store:
        build_demo(store)
    return path


def leaflet_file_at(path: Path) -> tuple[Path, LeafletPartnership]:
    """The leaflet tests' public forum and its meetings (``tests.core.test_leaflets.make_partnership``) in a
    partnership file of its own at ``path``, closed again: the file's path and what was made."""
    from facilitator.storage import open_partnership
    from tests.core.test_leaflets import make_partnership

    with open_partnership(path) as store:
        made = make_partnership(store)
    return path, made


@pytest.fixture
def round_file(tmp_path: Path) -> tuple[Path, Round]:
    """The weekly round of story S1 in a partnership file of its own (``round_file_at``)."""
    return round_file_at(tmp_path / "round.sqlite")
