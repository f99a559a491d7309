"""Measure the window's budgets on generated data.

1. Opening: wall time from process start to the main window's first paint on a 10-year demo partnership, and to
   Home showing that partnership's content (not "Opening…"), against a bare PySide6 window in the same run
   (offscreen, same interpreter, alternating runs). Budgets: first paint within 1.3x the bare window, Home with
   its content within 3x. Also reported: when every other screen is built (after Home, one per event-loop turn).
2. Filtering: search-as-you-type on the partners screen, one keystroke at a time, on the demo partnership and on
   a large one (2,000 partners, 10,000 representatives). Budget: under 50 ms per keystroke.
3. Switching screens: every screen chosen in turn, twice, painted. Budget: under 100 ms each.

Run: ``uv run python bench/open_and_filter.py [--runs 7] [--rebuild]``. Files go to bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEMO_10_YEARS, OUT, build_demo_file, emit, environment, remove_file_and_companions

# Both scripts print the seconds from their first line to the window's first paint (and, for the app, to the
# moment the partnership's records are on screen).
PAINT_SPY = """
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    at = None
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and FirstPaint.at is None:
            FirstPaint.at = time.perf_counter() - start
        return False
spy = FirstPaint()
"""

BARE = (
    """
import time; start = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
"""
    + PAINT_SPY
    + """
window = QMainWindow(); window.resize(1180, 760); window.installEventFilter(spy); window.show()
while FirstPaint.at is None:
    app.processEvents()
print(FirstPaint.at)
"""
)

# The app as ``facilitator`` starts it (``ui.app.run``: the log's start line held, the crash hook, the window shown),
# its log in a folder of the bench's (``FACILITATOR_LOG_DIR``, set by ``main``).
APP = (
    """
import time; start = time.perf_counter()
import sys
from pathlib import Path
from facilitator.ui.app import start_window
from facilitator.ui.settings import Settings
"""
    + PAINT_SPY
    + """
app, window = start_window(Path(sys.argv[1]), "en", Settings(Path(sys.argv[2])))
window.installEventFilter(spy)  # shown, not yet painted: the paint comes from the event loop
def home_ready():  # Home built, its content read from the file, on show
    home = window.screens.get("home")
    return home is not None and getattr(home, "found", None) is not None and home.isVisible()
while not home_ready():  # the file opens right after the first paint
    app.processEvents()
home = window.screens["home"]
home.repaint()  # painted with its content
home_at = time.perf_counter() - start
from facilitator.ui.main_window import SCREENS
while len(window.screens) < len(SCREENS):
    app.processEvents()
print(FirstPaint.at, home_at, time.perf_counter() - start)
window.close()
"""
)


def build_large_file(path: Path, partners: int, people: int) -> None:
    """A partnership far larger than any real one, to show filtering stays fast."""
    from facilitator.entities import Partner, Representative, Sector
    from facilitator.storage import open_partnership

    remove_file_and_companions(path)
    rng = random.Random(7)
    words = [
        "North",
        "South",
        "Station",
        "Harbour",
        "Market",
        "Canal",
        "Park",
        "Bridge",
        "Old Town",
        "Riverside",
    ]
    kinds = ["Police", "Outreach", "Housing", "Residents", "Shopkeepers", "Pharmacy", "Youth", "Treatment"]
    first = ["Anna", "Omar", "Fatima", "Piotr", "Ayşe", "Jan", "Chloé", "Mohamed", "Ioana", "Hodan", "Liam"]
    last = [
        "Kowalska",
        "Haddad",
        "El Amrani",
        "Nowak",
        "Yılmaz",
        "de Vries",
        "Martin",
        "Ali",
        "Popescu",
        "Warsame",
    ]
    with open_partnership(path) as store, store.atomic():
        made = []
        for i in range(partners):
            partner = Partner(
                name=f"{rng.choice(words)} {rng.choice(kinds)} {i}",
                sector=rng.choice(list(Sector)),
                contact=f"Desk {i}",
            )
            store.put(partner)
            made.append(partner)
        for i in range(people):
            store.put(
                Representative(
                    name=f"{rng.choice(first)} {rng.choice(last)} {i}",
                    partner_id=rng.choice(made).id,
                    role="Officer",
                )
            )


def interpreter_start(runs: int) -> float:
    """Median seconds for this interpreter to start and exit doing nothing."""
    times = []
    for _ in range(runs):
        launched = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - launched)
    return statistics.median(times)


def time_process(script: str, *args: str, runs: int, startup: float) -> list[list[float]]:
    """Seconds from launching a fresh interpreter to each moment the script prints (window shown, data shown).

    The script prints times since its first line; the interpreter's own start-up is added to each, so the
    figures are what a user waits.
    """
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
        )
        marks = [float(x) for x in done.stdout.strip().splitlines()[-1].split()]
        samples.append([m + startup for m in marks])
    return samples


def time_filtering(db: Path, settings_dir: Path) -> tuple[float, float, int, float]:
    """Median and worst milliseconds per keystroke typing a search on the partners screen; the rows found;
    the worst milliseconds switching to a screen (each chosen twice, painted)."""
    from PySide6.QtWidgets import QApplication

    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.main_window import SCREENS
    from facilitator.ui.settings import Settings

    app = create_application()
    window = build_main_window(Settings(settings_dir), db, "en")
    window.show()
    # Typing starts once the window has settled (every screen built, the icons given after Home): what the
    # window does once after opening is measured above, not charged to the first keystroke.
    while len(window.screens) < len(SCREENS) or not getattr(window, "_icons_ready", True):
        app.processEvents()
    window.navigation.setCurrentRow([name for name, *_rest in SCREENS].index("partners"))
    screen = window.screens["partners"]
    samples = []
    for query in ("harbour police", "kowalska", "anna", "residents market 1"):
        screen.search.clear()
        typed = ""
        for letter in query:
            typed += letter
            start = time.perf_counter()
            screen.search.setText(typed)
            app.processEvents()
            samples.append((time.perf_counter() - start) * 1000)
    rows = screen.partners.rowCount()
    switches = []
    for _round in range(2):
        for row in range(len(SCREENS)):
            start = time.perf_counter()
            window.navigation.setCurrentRow(row)
            window.current_screen().repaint()
            app.processEvents()
            switches.append((time.perf_counter() - start) * 1000)
    window.close()
    QApplication.processEvents()
    return statistics.median(samples), max(samples), rows, max(switches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build the 10-year demo fresh")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    demo = DEMO_10_YEARS
    large = OUT / "large.sqlite"
    if args.rebuild or not demo.exists():
        build_demo_file(demo, 10)
    if args.rebuild or not large.exists():
        build_large_file(large, 2000, 10000)
    settings = Path(tempfile.mkdtemp(prefix="bench-settings-"))
    os.environ["FACILITATOR_LOG_DIR"] = tempfile.mkdtemp(prefix="bench-log-")  # not the user's log
    env_note = environment()

    startup = interpreter_start(args.runs)
    time_process(BARE, runs=1, startup=startup)  # warm the file cache for both
    time_process(APP, str(demo), str(settings), runs=1, startup=startup)
    bares, runs = [], []
    for _ in range(args.runs):  # alternating: bare, app, bare, app...
        bares.append(time_process(BARE, runs=1, startup=startup)[0][0])
        runs.append(time_process(APP, str(demo), str(settings), runs=1, startup=startup)[0])
    bare = statistics.median(bares)
    shown = statistics.median(s[0] for s in runs)
    home = statistics.median(s[1] for s in runs)
    every = statistics.median(s[2] for s in runs)
    print(f"# {env_note}; median of {args.runs} alternating runs, offscreen; times include interpreter start-up")
    print(f"bare PySide6 window painted:               {bare * 1000:7.0f} ms")
    print(f"app window painted (10-year demo):         {shown * 1000:7.0f} ms  ({shown / bare:.2f}x bare; budget 1.3x)")
    print(f"Home showing the demo's content:           {home * 1000:7.0f} ms  ({home / bare:.2f}x bare; budget 3x)")
    print(f"every screen built:                        {every * 1000:7.0f} ms  ({every / bare:.2f}x bare)")
    emit("window.bare", bare * 1000)
    emit("window.paint", shown * 1000)
    emit("window.paint_ratio", shown / bare)
    emit("window.home", home * 1000)
    emit("window.home_ratio", home / bare)
    emit("window.screens", every * 1000)
    for key, label, db in (("demo", "demo", demo), ("large", "2,000 partners / 10,000 people", large)):
        median, worst, rows, switch = time_filtering(db, settings)
        print(
            f"filter per keystroke, {label} ({rows} partners): "
            f"median {median:.1f} ms, worst {worst:.1f} ms (budget 50 ms)"
        )
        emit(f"window.filter_{key}", worst)
        if key == "demo":
            print(f"switching screens, demo: worst {switch:.1f} ms (budget 100 ms)")
            emit("window.switch", switch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
