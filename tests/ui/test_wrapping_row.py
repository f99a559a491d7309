"""``wrapping_row``: buttons that wrap onto more lines rather than widening the window, and the sizes it
remembers between Qt's questions are forgotten whenever what it holds changes."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from facilitator.ui.widgets import wrapping_row


def _lines(buttons: list[QPushButton]) -> int:
    return len({b.geometry().top() for b in buttons})


def test_a_row_wraps_when_narrow_and_follows_its_buttons_words(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    buttons = [QPushButton(f"Button number {n}") for n in range(4)]
    row = wrapping_row(*buttons)
    layout = QVBoxLayout(holder)
    layout.addLayout(row)
    layout.addStretch(1)
    holder.resize(1000, 200)
    holder.show()
    qtbot.waitUntil(lambda: _lines(buttons) == 1)
    one_line = row.heightForWidth(1000)
    assert row.heightForWidth(1000) == one_line  # asked again: the same answer

    holder.resize(250, 200)
    qtbot.waitUntil(lambda: _lines(buttons) > 1)
    assert row.heightForWidth(250) > one_line
    assert all(b.width() >= b.sizeHint().width() for b in buttons)  # each whole, none squeezed

    # A longer label changes the row's least width and its height at a given width: nothing stale is kept.
    least = row.minimumSize().width()
    height = row.heightForWidth(1000)
    buttons[0].setText("A much, much longer label than any of the others here")
    qtbot.waitUntil(lambda: row.minimumSize().width() > least)
    assert row.heightForWidth(600) >= height
    buttons[1].hide()
    buttons[2].hide()
    buttons[3].hide()
    qtbot.waitUntil(lambda: row.heightForWidth(250) <= height)  # one button left: one line
