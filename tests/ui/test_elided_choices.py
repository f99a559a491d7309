"""A choice list narrower than its choice shows it elided ("Ajuster à la lar…"), never cut off mid-letter at the
arrow (``ui/widgets.elide_choices``); the open list still shows each choice whole."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.widgets import elide_choices, shown_choice

LONG = "Ajuster à la largeur de la page"


def _combo(qtbot: QtBot, width: int) -> tuple[QWidget, QComboBox]:
    """A box of nine letters' least width in a row ``width`` pixels wide, and the row (kept alive with it)."""
    holder = QWidget()
    qtbot.addWidget(holder)
    combo = QComboBox(holder)
    combo.addItems([LONG, "100 %"])
    elide_choices(combo, letters=9)
    row = QHBoxLayout(holder)
    row.addWidget(combo)
    row.addStretch(1)
    holder.resize(width, 40)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, combo


def test_a_narrow_box_elides_its_choice(qtbot: QtBot) -> None:
    _row, combo = _combo(qtbot, 160)
    assert combo.width() < combo.fontMetrics().horizontalAdvance(LONG)
    shown = shown_choice(combo)
    assert shown.endswith("…")
    assert LONG.startswith(shown[:-1])
    assert len(shown) > 4  # as much as fits, not just the dots
    assert combo.itemText(0) == LONG  # the list keeps the whole choice


def test_a_choice_that_fits_is_shown_whole(qtbot: QtBot) -> None:
    _row, combo = _combo(qtbot, 160)
    combo.setCurrentIndex(1)
    assert shown_choice(combo) == "100 %"


def test_the_box_paints_the_elided_choice(qtbot: QtBot) -> None:
    _row, combo = _combo(qtbot, 160)
    narrow = combo.grab().toImage()
    combo.setCurrentIndex(1)
    short = combo.grab().toImage()
    assert narrow != short  # painted by the filter, and the painting follows the choice
    assert not narrow.isNull()


def test_the_box_does_not_grow_to_its_longest_choice(qtbot: QtBot) -> None:
    _row, combo = _combo(qtbot, 600)
    longest = combo.fontMetrics().horizontalAdvance(LONG)
    assert combo.minimumSizeHint().width() < longest
    assert combo.sizeHint().width() < longest  # a row of them does not widen the window
