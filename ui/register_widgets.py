"""What the dialogs of the conflict log and the notices register share: text boxes, a scrolling form, the
confidentiality and partner choosers, data labels and the words for a meeting."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.entities import Partner
from facilitator.meetings import Confidentiality, Meeting
from facilitator.ui.dialogs import (
    RecordDialog,
)

#: Conflicts and notices are partners' business: the public is never offered.
NOT_PUBLIC = (Confidentiality.PARTNERS, Confidentiality.RESTRICTED)


def text_box(text: str, height: int = 90) -> QPlainTextEdit:
    """A box for a paragraph of text, ``height`` pixels high."""
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


def fit_height(widget: QListWidget) -> None:
    """A short check list (a partnership has a handful of forums) no taller than its rows, in one column at worst."""
    rows = max(1, widget.count())
    widget.setMinimumHeight(0)
    widget.setMaximumHeight(min(160, rows * widget.gridSize().height() + 2 * widget.frameWidth() + 6))


def scroll_form(dialog: RecordDialog) -> None:
    """Put a long form in a scroll area, so that on a small screen no field is squeezed over another."""
    outer = dialog.layout()
    assert isinstance(outer, QVBoxLayout), "a RecordDialog's form stands over its buttons, in a column"
    outer.removeItem(dialog.form)
    holder = QWidget()
    holder.setLayout(dialog.form)
    scroller = QScrollArea()
    scroller.setObjectName("formScroller")
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    # Not a stop for the keyboard: the form opens on its first field (it scrolls to each field Tab reaches).
    scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroller.setWidget(holder)
    outer.insertWidget(0, scroller, 1)
    wanted = holder.sizeHint().height() + 90
    screen = dialog.screen()
    room = screen.availableGeometry().height() - 60 if screen is not None else 700
    dialog.resize(max(dialog.minimumWidth(), holder.sizeHint().width() + 40), max(360, min(wanted, room)))


def confidentiality_combo(current: Confidentiality) -> QComboBox:
    box = QComboBox()
    for level in NOT_PUBLIC:
        box.addItem(level.label, level)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def partner_combo(partners: Sequence[Partner], current: str | None) -> QComboBox:
    box = QComboBox()
    for partner in partners:
        box.addItem(partner.name, partner.id)
    box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
    return box


def data_label(object_name: str) -> QLabel:
    """A label for what users wrote (word-wrapped, selectable, not a string to translate)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setProperty("showsData", True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
    return label


def meeting_text(meeting: Meeting) -> str:
    """A meeting as it is chosen in a list: date and time, and its title if it has one."""
    t = i18n.active()
    text = f"{t.format_date(meeting.starts_at.date())} {t.format_time(meeting.starts_at.time())}"
    return f"{text} — {meeting.title}" if meeting.title else text
