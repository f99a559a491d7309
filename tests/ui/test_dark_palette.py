"""Under a dark palette the window stays readable: no widget's style sheet sets dark text without its own
background, or a light background without its own text colour (either leaves the palette's light text on a
light band, or dark text on the dark window), and every coloured cell a table shows has enough contrast with
its background. Walks every screen, the meeting's tabs, the dialogs and a new file's guide and empty lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from facilitator.meeting_ops import meetings_of
from facilitator.meetings import MeetingStatus
from facilitator.ui.app import create_application
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings
from tests.conftest import demo_file_at
from tests.ui.conftest import window_on
from tests.ui.test_every_language import _dialogs, _live_roots

DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#eeeeee",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#2a2a2a",
    QPalette.ColorRole.Text: "#eeeeee",
    QPalette.ColorRole.Button: "#3a3a3a",
    QPalette.ColorRole.ButtonText: "#eeeeee",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
}
DECLARATION = re.compile(r"(?<![-\w])(color|background(?:-color)?)\s*:\s*(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)")


@pytest.fixture
def dark(qapp: Any) -> Iterator[QPalette]:
    create_application()
    before = QApplication.palette()
    palette = QPalette(before)
    for role, colour in DARK.items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(colour))
    QApplication.setPalette(palette)
    yield palette
    QApplication.setPalette(before)


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def light_only_styles(root: QWidget) -> list[str]:
    """Style sheet rules under ``root`` that only read on a light palette."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        for block in widget.styleSheet().split("}"):
            declared = {name.split("-")[0]: QColor(value) for name, value in DECLARATION.findall(block)}
            text, background = declared.get("color"), declared.get("background")
            if text is not None and text.isValid() and background is None and text.lightness() < 110:
                found.append(
                    f"{type(widget).__name__}#{widget.objectName()}: dark text alone: {block.strip()}"
                )
            if (
                background is not None
                and background.isValid()
                and text is None
                and background.lightness() > 190
            ):
                found.append(
                    f"{type(widget).__name__}#{widget.objectName()}: light band alone: {block.strip()}"
                )
    return found


COLOURED_CELLS: list[str] = []  # every coloured cell checked, so that a walk that saw none fails


def unreadable_cells(root: QWidget, palette: QPalette) -> list[str]:
    """Cells of the tables under ``root`` whose own text colour is too close to their background."""
    found = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for row in range(min(model.rowCount(), 40)):
            try:
                columns = model.columnCount()
            except TypeError:  # a list model: one column
                columns = 1
            for column in range(columns):
                index = model.index(row, column)
                foreground = index.data(Qt.ItemDataRole.ForegroundRole)
                background = index.data(Qt.ItemDataRole.BackgroundRole)
                if foreground is None and background is None:
                    continue
                base, ink = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
                text = QBrush(foreground).color() if foreground is not None else ink
                ground = QBrush(background).color() if background is not None else base
                COLOURED_CELLS.append(view.objectName())
                if contrast(text, ground) < 3:
                    found.append(f"{view.objectName()} ({row}, {column}): {text.name()} on {ground.name()}")
    return found


def _walk(window: MainWindow) -> Iterator[QWidget]:
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        yield window.current_screen()
    meetings = window.screens["meetings"]
    window.navigation.setCurrentRow(1)
    for tab in range(meetings.tabs.count()):
        meetings.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        yield meetings


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo partnership: held meetings with attendance, overdue actions, translations, notices."""
    return demo_file_at(tmp_path_factory.mktemp("dark") / "demo.sqlite")


def test_every_screen_and_dialog_reads_on_a_dark_palette(
    dark: QPalette, qtbot: Any, settings: Settings, demo_file: Path, modals: Any
) -> None:
    for window in window_on(qtbot, settings, demo_file):
        held = [m for m in meetings_of(window.context.store) if m.status is MeetingStatus.HELD]  # type: ignore[union-attr]
        window.screens["meetings"].show_meeting(held[-1].id)  # type: ignore[attr-defined]  # attendance coloured
        problems: list[str] = []
        for shown in _walk(window):
            problems += light_only_styles(shown) + unreadable_cells(shown, dark)
        for root in [*_dialogs(window), *_live_roots(window)]:
            root.show()
            problems += light_only_styles(root) + unreadable_cells(root, dark)
            root.close()
        assert not problems, "\n".join(sorted(set(problems)))
        # Past meetings greyed, the roll's presence tinted, overdue actions in the warning colour: all checked.
        assert {"meetingsTable", "rollTable", "actionsTable"} <= set(COLOURED_CELLS), set(COLOURED_CELLS)


def test_a_new_files_guide_and_empty_lists_read_on_a_dark_palette(
    dark: QPalette, empty_window: MainWindow
) -> None:
    window = empty_window  # made after the dark palette was set (fixtures in this order)
    home = window.current_screen()
    guide = home.guide  # type: ignore[attr-defined]
    assert guide.isVisible()
    problems = [p for shown in _walk(window) for p in light_only_styles(shown)]
    assert not problems, "\n".join(sorted(set(problems)))
    # The guide's panel is dark under a dark palette, so the palette's light text reads on it.
    panel = guide.grab().toImage().pixelColor(4, guide.height() // 2)
    assert panel.lightness() < 100, panel.name()


def test_the_check_finds_a_light_only_style(qapp: Any) -> None:
    """The walk above proves something: the styles this project used to set are caught."""
    label = QWidget()
    label.setStyleSheet("color: #a40000;")
    assert light_only_styles(label)
    label.setStyleSheet("QFrame#setupGuide { background: #f3f6fb; border: 1px solid #c9d4e5; }")
    assert light_only_styles(label)
    label.setStyleSheet("background: #1e6b34; color: white;")
    assert not light_only_styles(label)
    assert contrast(QColor("#a40000"), QColor("#1e1e1e")) < 3 < contrast(QColor("#ff8a80"), QColor("#1e1e1e"))
