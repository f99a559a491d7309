"""The main window on a laptop screen at Windows' display scaling (125 %, 150 %), offscreen.

Run in a process of its own, because the scale is fixed before Qt starts (``QT_SCALE_FACTOR``, as Windows'
scaling gives the same device pixel ratio) and the screen's size comes from the offscreen platform's
configuration file. It opens a demo partnership, shows every working screen and the meeting's tabs, and prints
one JSON line of what does not fit the screen; with ``--out`` it also saves a screenshot of each.

    uv run python -m tests.ui.scaled_window --size 1366x768 --scale 1.5 --out screenshots/platforms --lang fr

``tests/ui/test_scaling.py`` runs it for 1366×768 and 1920×1080 at 125 % and 150 %.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

SCALES = (1.25, 1.5)
SIZES = ((1366, 768), (1920, 1080))


def environment(width: int, height: int, scale: float, folder: Path) -> dict[str, str]:
    """The environment of a process whose only screen is ``width``×``height`` pixels at ``scale``."""
    config = folder / f"screen-{width}x{height}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=str(scale),
        FACILITATOR_CONFIG_DIR=str(folder / "config"),
        FACILITATOR_DATA_DIR=str(folder / "data"),
    )
    return env


def run(
    width: int, height: int, scale: float, out: Path | None = None, lang: str = "en"
) -> dict[str, object]:
    """Run the check in a process of its own; what it found."""
    with tempfile.TemporaryDirectory(prefix="scaled-") as tmp:
        command = [sys.executable, "-m", "tests.ui.scaled_window", "--size", f"{width}x{height}"]
        command += ["--scale", str(scale), "--lang", lang, "--inside"]
        if out is not None:
            command += ["--out", str(out)]
        done = subprocess.run(
            command,
            env=environment(width, height, scale, Path(tmp)),
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parents[2],
            timeout=600,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    found: dict[str, object] = json.loads(lines[-1])
    return found


def _inside(args: argparse.Namespace) -> dict[str, object]:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication

    from facilitator.demo import build_demo
    from facilitator.meetings import Meeting, MeetingStatus
    from facilitator.storage import open_partnership
    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.main_window import SCREENS
    from facilitator.ui.settings import Settings

    app = create_application()
    screen = app.primaryScreen()
    available = screen.availableGeometry()
    db = Path(os.environ["FACILITATOR_DATA_DIR"]) / "demo.sqlite"
    db.parent.mkdir(parents=True, exist_ok=True)
    with open_partnership(db) as store:
        build_demo(store)
    window = build_main_window(Settings(), db, args.lang)
    window.show()
    app.processEvents()
    problems: list[str] = []
    frame = window.frameGeometry()
    if not available.contains(frame):
        problems.append(f"the window ({frame.width()}x{frame.height()}) is larger than the screen")

    def shot(name: str, widget: QWidget) -> None:
        for _round in range(5):  # a layout asks its children's layouts again, a turn of the event loop each
            app.processEvents()
        problems.extend(f"{name}: {what} is cut off" for what in _cut_off(window.stack.currentWidget()))
        need: QSize = window.minimumSizeHint().expandedTo(window.minimumSize())
        if need.width() > available.width() or need.height() > available.height():
            own = window.stack.currentWidget().minimumSizeHint()
            problems.append(
                f"{name}: the window needs {need.width()}x{need.height()} (this screen {own.width()}x{own.height()})"
            )
        if args.out:
            folder = Path(args.out)
            folder.mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(folder / f"{args.size}@{args.scale}-{args.lang}-{name}.png"))

    for row, (name, _title, _where) in enumerate(SCREENS):
        window.navigation.setCurrentRow(row)
        shot(name, window)
    window.navigation.setCurrentRow([name for name, _t, _w in SCREENS].index("meetings"))
    meetings = window.screens["meetings"]
    store = window.context.store  # type: ignore[union-attr]
    held = [m for m in store.all(Meeting) if m.status is not MeetingStatus.PLANNED]
    meetings.show_meeting(held[-1].id)
    for tab in range(meetings.tabs.count()):
        meetings.tabs.setCurrentIndex(tab)
        if meetings.tabs.isTabEnabled(tab):
            if args.out:  # a screenshot shows the preview; the sizes do not wait for it
                _settle(meetings.tabs.currentWidget())
            shot(f"meetings-{meetings.tabs.currentWidget().objectName() or tab}", window)
    window.close()
    return {
        "rounding": QGuiApplication.highDpiScaleFactorRoundingPolicy().name,
        "screen": [available.width(), available.height()],
        "ratio": screen.devicePixelRatio(),
        "window": [frame.width(), frame.height()],
        "problems": problems,
    }


def _cut_off(screen: QWidget) -> list[str]:
    """The buttons and choices on ``screen`` that stand partly outside the room their parents show, with nothing
    to scroll them into view: their words are cut off."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QComboBox

    def scrolls_sideways(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QAbstractScrollArea) and parent.horizontalScrollBar().isVisible():
                return True
            parent = parent.parentWidget()
        return False

    def least(widget: QWidget) -> int:
        # As layouts take it: a least width set by hand (a deliberate squeeze, said where it is set), else for a
        # button the room its words and icon need (not the style's 80-pixel least), else the widget's own.
        if widget.minimumWidth():
            return widget.minimumWidth()
        if isinstance(widget, QAbstractButton):
            words = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
            icon = widget.iconSize().width() + 4 if not widget.icon().isNull() else 0
            return min(widget.minimumSizeHint().width(), words + icon + 12)
        return widget.minimumSizeHint().width()

    found = []
    for widget in [*screen.findChildren(QAbstractButton), *screen.findChildren(QComboBox)]:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        words = widget.currentText() if isinstance(widget, QComboBox) else getattr(widget, "text", str)()
        seen = widget.visibleRegion().boundingRect()
        if not seen.isEmpty() and seen.width() < widget.width() and not scrolls_sideways(widget):
            found.append(f"{type(widget).__name__} {words!r} ({seen.width()} of {widget.width()} px shown)")
        elif widget.width() < least(widget):
            found.append(
                f"{type(widget).__name__} {words!r} ({widget.width()} px of the {least(widget)} it needs)"
            )
    return found


def _settle(tab: object) -> None:
    """Let a tab that lays a document out on a worker (documents, leaflet) show its preview: wait while it is
    busy, in rounds (at most a minute; never timed), and stop once it has shown one or stayed idle a while."""
    from PySide6.QtTest import QTest

    idle = 0
    if not any(hasattr(tab, name) for name in ("preview", "pdf")):
        QTest.qWait(100)
        return
    for _round in range(600):
        QTest.qWait(100)
        busy = getattr(tab, "is_busy", lambda: False)()
        shown = any(getattr(tab, name, None) is not None for name in ("preview", "pdf"))
        idle = 0 if busy else idle + 1
        if (shown and idle >= 2) or idle >= 20:
            break


def main() -> None:
    """Run one check (``--inside``: in this process, whose Qt is already set up by the environment)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--scale", type=float, default=1.5)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out")
    parser.add_argument("--inside", action="store_true")
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(_inside(args)))
        return
    width, height = (int(n) for n in args.size.split("x"))
    print(json.dumps(run(width, height, args.scale, Path(args.out) if args.out else None, args.lang)))


if __name__ == "__main__":
    main()
