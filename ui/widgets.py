"""Small building blocks shared by the screens."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QWidget,
)

from facilitator.ui.models import ID_ROLE

if TYPE_CHECKING:
    from superqt import QFlowLayout


def record_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A sortable, row-selecting table of records."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Tab leaves the table (arrows move inside it): with Qt's default, Tab walked every cell of every row first.
    view.setTabKeyNavigation(False)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    wrap_headers(view)  # a column narrower than its header gets a two-line header, never a word cut
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view


def key_name(keys: str) -> str:
    """``keys`` ("Ctrl+Up") as this platform writes it: "Ctrl+Up" on Windows and Linux, "⌘↑" on macOS, where
    Qt's Ctrl is the Command key."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def elide_choices(*combos: QComboBox, letters: int = 12) -> None:
    """Let ``combos`` be narrower than their longest choice, ``letters`` letters wide, their choice elided where it
    is longer ("Ajuster à la lar…"; the open list shows it whole), so a row of them does not widen the window: at
    125 % display scaling a 1366x768 laptop leaves 1093 pixels."""
    for combo in combos:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(letters)
        combo.installEventFilter(_eliding_painter())


def shown_choice(combo: QComboBox) -> str:
    """The current choice of ``combo`` as it is painted: elided to the room its box has (Qt's own painting cuts
    it off at the arrow, mid-letter)."""
    # QStyle's enums take some 7 ms to build: not on the way to Home, only when a box is first painted.
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox  # noqa: PLC0415

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    room = field.width() - 2  # the style draws the text one pixel in from each side of the field
    if not option.currentIcon.isNull():
        room -= option.iconSize.width() + 4
    return combo.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, max(0, room))


class _ElidingPainter(QObject):
    """Paints a combo box as Qt does (``QComboBox::paintEvent``), with its current choice elided."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.Paint
            or not isinstance(watched, QComboBox)
            or watched.isEditable()
            or watched.currentIndex() < 0  # the placeholder, if any, is Qt's to paint
        ):
            return False
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter  # noqa: PLC0415 - see shown_choice

        painter = QStylePainter(watched)
        option = QStyleOptionComboBox()
        watched.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = shown_choice(watched)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()
        return True


@functools.cache
def _eliding_painter() -> _ElidingPainter:
    return _ElidingPainter()  # one for every combo box, made with the first


def selected_id(view: QTableView) -> str | None:
    """The id of the record selected in ``view``, if any."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    value = rows[0].data(ID_ROLE)
    return str(value) if value else None


def select_id(view: QTableView, record_id: str | None) -> None:
    """Select the row of ``record_id`` in ``view`` (after a reload), if it is shown."""
    if not record_id:
        return
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == record_id:
            view.selectRow(row)
            view.scrollTo(index)
            return


def fit_columns(view: QTableView, limit: int = 320) -> None:
    """Size columns to their contents, none wider than ``limit`` pixels."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > limit:
            header.resizeSection(column, limit)


def room_for(view: QTableView, column: int, texts: Iterable[str]) -> None:
    """Widen ``column`` (never narrow it) so that each of ``texts`` shows whole: the values its rows can come to
    after the columns were fitted to what they held then (a planned meeting's status once it is under way)."""
    # Imported here: QStyle's Python enums (hundreds of values) cost ~5 ms, and Home, which waits for this module,
    # does not use them.
    from PySide6.QtWidgets import QStyle  # noqa: PLC0415

    metrics = view.fontMetrics()
    single = Qt.TextFlag.TextSingleLine.value
    widest = max((metrics.boundingRect(QRect(), single, text).width() for text in texts), default=0)
    # As a cell's size hint is made: the text, a margin either side, and the grid's line.
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    needed = widest + 2 * margin + (1 if view.showGrid() else 0)
    header = view.horizontalHeader()
    if header.sectionSize(column) < needed:
        header.resizeSection(column, needed)


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A push button that does not steal the Enter key from tables."""
    push = QPushButton(text, parent)
    push.setAutoDefault(False)
    return push


def wrapping_row(*widgets: QWidget, spacing: int = 6) -> QFlowLayout:
    """A row of buttons or filters that wraps onto the next line when the window is narrow, rather than making
    the window wider than a laptop's screen (French and Dutch labels are a third longer than English ones)."""
    row = _wrapping_row_class()()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget)
    return row


@functools.cache
def _wrapping_row_class() -> type[QFlowLayout]:
    """superqt's flow layout, remembering its sizes until Qt invalidates it (the layout of the window does, then
    asks each row's height for its width many times in one pass: superqt works each answer out in Python, which
    cost a forum and meeting switch some 6 ms with five rows on the meetings screen)."""
    from superqt import QFlowLayout  # noqa: PLC0415 - superqt loads all its widgets (a third of a second): not before Home

    class WrappingRow(QFlowLayout):
        def __init__(self) -> None:
            super().__init__()
            self._heights: dict[int, int] = {}
            self._least: QSize | None = None

        def invalidate(self) -> None:
            self._heights.clear()
            self._least = None
            super().invalidate()

        def heightForWidth(self, width: int) -> int:
            height = self._heights.get(width)
            if height is None:
                height = self._heights[width] = super().heightForWidth(width)
            return height

        def minimumSize(self) -> QSize:
            if self._least is None:
                self._least = super().minimumSize()
            return QSize(self._least)

        def sizeHint(self) -> QSize:
            return self.minimumSize()

    return WrappingRow


def labelled(label: QLabel, field: QWidget, stretch: int = 1) -> QWidget:
    """A label and its field kept together on one line (so that a wrapping row never parts them)."""
    pair = QWidget()
    layout = QHBoxLayout(pair)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(field, stretch)
    label.setBuddy(field)
    return pair


def wrap_title(label: QLabel) -> QLabel:
    """A section title that shows records' names: it wraps rather than widening the window."""
    label.setWordWrap(True)
    label.setMinimumWidth(120)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class WrappingHeader(QHeaderView):
    """A table's column headers that wrap onto a second line when a column is narrow, instead of being cut
    mid-word ("Échéance à ce m"): the header grows taller, never the table wider."""

    PADDING = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value))
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.sectionResized.connect(lambda *_a: self.updateGeometries())

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # noqa: N803 - Qt's name
        size = super().sectionSizeFromContents(logicalIndex)
        model = self.model()
        text = model.headerData(logicalIndex, self.orientation()) if model is not None else None
        if text:
            width = max(self.sectionSize(logicalIndex) - self.PADDING, 24)
            flags = int(Qt.AlignmentFlag.AlignCenter.value) | int(Qt.TextFlag.TextWordWrap.value)
            needed = self.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), flags, str(text))
            size.setHeight(max(size.height(), needed.height() + self.PADDING))
        return size


def wrap_headers(view: QTableView) -> QTableView:
    """Give ``view`` column headers that wrap rather than cut a word (see ``WrappingHeader``)."""
    old = view.horizontalHeader()
    header = WrappingHeader(view)
    header.setStretchLastSection(old.stretchLastSection())
    view.setHorizontalHeader(header)
    return view
