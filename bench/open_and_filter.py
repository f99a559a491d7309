"""Measure the Foundation's budgets on generated data.

1. Opening: wall time from process start to a shown main window on a 10-year demo partnership, against a bare
   PySide6 window in the same conditions (both offscreen, same interpreter). Budget: within 1.5x the bare window.
2. Filtering: search-as-you-type on the partners screen, one keystroke at a time, on the demo partnership and on
   a large one (2,000 partners, 10,000 representatives). Budget: under 50 ms per keystroke.

Run: ``uv run python bench/open_and_filter.py [--runs 7]``. Files go to bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEMO_10_YEARS, OUT, build_demo_file, environment, remove_file_and_companions

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

APP = (
    """
import time; start = time.perf_counter()
import sys
from pathlib import Path
from facilitator.ui.app import build_main_window, create_application
from facilitator.ui.settings import Settings
app = create_application()
"""
    + PAINT_SPY
    + """
window = build_main_window(Settings(Path(sys.argv[2])), Path(sys.argv[1]), "en", open_now=False)
window.installEventFilter(spy); window.show()
while window.context is None:  # the file opens right after the first paint
    app.processEvents()
app.processEvents()
print(FirstPaint.at, time.perf_counter() - start, window.screens["forums"].forums.rowCount())
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


def time_filtering(db: Path, settings_dir: Path) -> tuple[float, float, int]:
    """Median and worst milliseconds per keystroke typing a search on the partners screen."""
    from PySide6.QtWidgets import QApplication

    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.main_window import SCREENS
    from facilitator.ui.settings import Settings

    app = create_application()
    window = build_main_window(Settings(settings_dir), db, "en")
    window.show()
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
    window.close()
    QApplication.processEvents()
    return statistics.median(samples), max(samples), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    demo = DEMO_10_YEARS
    large = OUT / "large.sqlite"
    build_demo_file(demo, 10)
    build_large_file(large, 2000, 10000)
    settings = Path(tempfile.mkdtemp(prefix="bench-settings-"))
    env_note = environment()

    startup = interpreter_start(args.runs)
    time_process(BARE, runs=1, startup=startup)  # warm the file cache for both
    time_process(APP, str(demo), str(settings), runs=1, startup=startup)
    bare = statistics.median(s[0] for s in time_process(BARE, runs=args.runs, startup=startup))
    runs = time_process(APP, str(demo), str(settings), runs=args.runs, startup=startup)
    shown = statistics.median(s[0] for s in runs)
    ready = statistics.median(s[1] for s in runs)
    print(f"# {env_note}; median of {args.runs} runs, offscreen; times include interpreter start-up")
    print(f"bare PySide6 window painted:               {bare * 1000:7.0f} ms")
    print(
        f"app window painted (10-year demo):         {shown * 1000:7.0f} ms  ({shown / bare:.2f}x bare; budget 1.5x)"
    )
    print(f"app window showing the demo's records:     {ready * 1000:7.0f} ms  ({ready / bare:.2f}x bare)")
    for label, db in (("demo", demo), ("2,000 partners / 10,000 people", large)):
        median, worst, rows = time_filtering(db, settings)
        print(
            f"filter per keystroke, {label} ({rows} partners): "
            f"median {median:.1f} ms, worst {worst:.1f} ms (budget 50 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
